package warehouse

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/duckdb/duckdb-go/v2"
)

// PseudonymFunction is the SQL scalar function every warehouse registers:
// lanes_pseudonym(name VARCHAR) -> VARCHAR, 'person-' followed by the first 8
// hex digits of HMAC-SHA256(key, lower(name)), with the key given to
// SetPseudonymKey. A null name gives null.
const PseudonymFunction = "lanes_pseudonym"

// Pseudonym computes what lanes_pseudonym returns for name under key.
func Pseudonym(key []byte, name string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(strings.ToLower(name)))
	return "person-" + hex.EncodeToString(m.Sum(nil))[:8]
}

// SetPseudonymKey sets the key lanes_pseudonym uses from now on, on every
// connection of the warehouse. models.Build sets it from the configuration
// before it builds; until a key is set the function fails.
func (w *Warehouse) SetPseudonymKey(key []byte) {
	k := append([]byte(nil), key...)
	w.pseudonymKey.Store(&k)
}

// pseudonymUDF is lanes_pseudonym, reading the key of its warehouse.
type pseudonymUDF struct {
	key *atomic.Pointer[[]byte]
}

func (f *pseudonymUDF) Config() duckdb.ScalarFuncConfig {
	varchar, _ := duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	return duckdb.ScalarFuncConfig{InputTypeInfos: []duckdb.TypeInfo{varchar}, ResultTypeInfo: varchar}
}

func (f *pseudonymUDF) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: func(values []driver.Value) (any, error) {
		key := f.key.Load()
		if key == nil {
			return nil, errors.New(PseudonymFunction + ": no pseudonym key is set (models.Build sets it from privacy.key)")
		}
		name, ok := values[0].(string)
		if !ok {
			return nil, fmt.Errorf("%s: expected a string, got %T", PseudonymFunction, values[0])
		}
		return Pseudonym(*key, name), nil
	}}
}

// registerFunctions registers lanes' scalar functions on db. DuckDB keeps
// them in the database instance's catalogue, so every connection of the
// pool sees them.
func registerFunctions(ctx context.Context, db *sql.DB, key *atomic.Pointer[[]byte]) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("register functions: %w", err)
	}
	defer conn.Close()
	if err := duckdb.RegisterScalarUDF(conn, PseudonymFunction, &pseudonymUDF{key: key}); err != nil {
		return fmt.Errorf("register %s: %w", PseudonymFunction, err)
	}
	return nil
}
