package warehouse

import (
	"fmt"
	"math/big"
	"sort"

	"github.com/duckdb/duckdb-go/v2"
)

// Query results hold a few DuckDB-specific value types. Plain turns them
// into the types below so that no package but this one imports the driver.

// Decimal is a DECIMAL value: Value x 10^-Scale, exact.
type Decimal struct {
	Value *big.Int
	Scale uint8
}

// Interval is an INTERVAL value.
type Interval struct {
	Months int32
	Days   int32
	Micros int64
}

// Map is a MAP value with its keys in stored order.
type Map struct {
	Keys   []any
	Values []any
}

// Union is a UNION value: the member's tag and its value.
type Union struct {
	Tag   string
	Value any
}

// Plain converts a value scanned from a query into plain Go values and the
// types of this package, recursing into lists, structs and maps.
func Plain(v any) any {
	switch x := v.(type) {
	case duckdb.Decimal:
		return Decimal{Value: x.Value, Scale: x.Scale}
	case duckdb.Interval:
		return Interval{Months: x.Months, Days: x.Days, Micros: x.Micros}
	case duckdb.Union:
		return Union{Tag: x.Tag, Value: Plain(x.Value)}
	case duckdb.OrderedMap:
		return plainMap(&x)
	case *duckdb.OrderedMap:
		return plainMap(x)
	case duckdb.Map:
		// A Go map has no order: sort by the keys' text so output is stable.
		keys := make([]any, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		m := Map{}
		for _, k := range keys {
			m.Keys = append(m.Keys, Plain(k))
			m.Values = append(m.Values, Plain(x[k]))
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = Plain(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = Plain(e)
		}
		return out
	}
	return v
}

func plainMap(x *duckdb.OrderedMap) Map {
	keys, values := x.Keys(), x.Values()
	m := Map{Keys: make([]any, len(keys)), Values: make([]any, len(values))}
	for i := range keys {
		m.Keys[i] = Plain(keys[i])
		m.Values[i] = Plain(values[i])
	}
	return m
}
