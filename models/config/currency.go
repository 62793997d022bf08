package config

import (
	"fmt"
	"regexp"
)

// DefaultCurrency is the currency money figures are in when lanes.yaml
// names none: the teams' hourly costs, and so every cost, are read as US
// dollars.
const DefaultCurrency = "USD"

// currencySymbols are the currencies written with a symbol before the
// amount ("€3,560"); any other code goes after it ("3,560 CHF").
var currencySymbols = map[string]string{
	"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹",
}

var currencyRE = regexp.MustCompile(`^[A-Z]{3}$`)

// CurrencySymbol is the symbol written before money amounts for the
// configured currency, or "" when it is written as its code after them.
func (c *Config) CurrencySymbol() string { return CurrencySymbolFor(c.CurrencyCode()) }

// CurrencySymbolFor is the symbol written before amounts in the currency
// code, or "" when the code is written after them.
func CurrencySymbolFor(code string) string { return currencySymbols[code] }

// CurrencyCode is the configured ISO 4217 currency code, DefaultCurrency
// when none is set.
func (c *Config) CurrencyCode() string {
	if c.Currency == "" {
		return DefaultCurrency
	}
	return c.Currency
}

// CurrencyPrefix is what goes before an amount when only a prefix can be
// written (the dashboard): the symbol, else the code and a space.
func (c *Config) CurrencyPrefix() string {
	if s := c.CurrencySymbol(); s != "" {
		return s
	}
	return c.CurrencyCode() + " "
}

func (c *Config) validateCurrency() []error {
	if c.Currency != "" && !currencyRE.MatchString(c.Currency) {
		return []error{fmt.Errorf("currency: %q is not an ISO 4217 code such as USD, EUR or GBP (three capital letters)", c.Currency)}
	}
	return nil
}
