package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/lanes-dev/lanes/models/stem"
)

// StemFunction is the SQL scalar function every warehouse registers:
// lanes_stem(text VARCHAR) -> VARCHAR, the text lower-cased, split into
// tokens at every character that is not a letter or digit, each token
// reduced to its Porter (1980) stem, joined by single spaces (stem.Text).
// A null text gives null. The title clusters (int_ticket_cluster) use it.
const StemFunction = "lanes_stem"

// stemUDF is lanes_stem. It is deterministic, so DuckDB may fold constant
// arguments.
type stemUDF struct{}

func (stemUDF) Config() duckdb.ScalarFuncConfig {
	varchar, _ := duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	return duckdb.ScalarFuncConfig{InputTypeInfos: []duckdb.TypeInfo{varchar}, ResultTypeInfo: varchar}
}

func (stemUDF) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: func(values []driver.Value) (any, error) {
		s, ok := values[0].(string)
		if !ok {
			return nil, fmt.Errorf("%s: expected a string, got %T", StemFunction, values[0])
		}
		return stem.Text(s), nil
	}}
}

// RegisterStem registers lanes_stem on db. Open calls it for every
// warehouse; DuckDB keeps the function in the database instance's
// catalogue, so every connection of the pool sees it.
func RegisterStem(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("register %s: %w", StemFunction, err)
	}
	defer conn.Close()
	if err := duckdb.RegisterScalarUDF(conn, StemFunction, &stemUDF{}); err != nil {
		return fmt.Errorf("register %s: %w", StemFunction, err)
	}
	return nil
}
