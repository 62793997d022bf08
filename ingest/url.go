package ingest

import (
	"strings"

	"github.com/lanes-dev/lanes/models/config"
)

// TicketURL is the link to a ticket built from its source's url_base: the
// key replaces every {key} in base, or, without one, follows base after a
// "/" (https://acme.atlassian.net/browse/ + PROJ-1). The key is
// percent-encoded except for letters, digits and -._~, so it stays one
// path segment or query value whatever it holds (quotes, spaces, "?",
// "#", "/"). It is "" when base or key is empty, or when the result is not
// an http(s) address.
func TicketURL(base, key string) string {
	if base == "" || key == "" {
		return ""
	}
	var u string
	if esc := EscapeKey(key); strings.Contains(base, config.URLKeyPlaceholder) {
		u = strings.ReplaceAll(base, config.URLKeyPlaceholder, esc)
	} else {
		u = strings.TrimRight(base, "/") + "/" + esc
	}
	if !isHTTP(u) {
		return ""
	}
	return u
}

// TicketURLSQL is TicketURL in DuckDB's SQL, for connectors that stage rows
// with SQL: keyExpr is the key's expression. DuckDB's url_encode escapes
// exactly what EscapeKey does.
func TicketURLSQL(base, keyExpr string) string {
	if base == "" || !isHTTP(base) {
		return "NULL::VARCHAR"
	}
	esc := "url_encode(" + keyExpr + ")"
	var u string
	if strings.Contains(base, config.URLKeyPlaceholder) {
		u = "replace(" + sqlString(base) + ", " + sqlString(config.URLKeyPlaceholder) + ", " + esc + ")"
	} else {
		u = sqlString(strings.TrimRight(base, "/")+"/") + " || " + esc
	}
	return "case when coalesce(" + keyExpr + ", '') <> '' and (starts_with(" + u + ", 'https://') or starts_with(" + u + ", 'http://')) then " + u + " end"
}

// EscapeKey percent-encodes every byte of key but ASCII letters, digits
// and -._~ (RFC 3986's unreserved characters), with upper-case hex.
func EscapeKey(key string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		c := key[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func isHTTP(u string) bool {
	return strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")
}

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
