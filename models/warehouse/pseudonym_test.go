package warehouse

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPseudonymFunction checks lanes_pseudonym against RFC 4231 test case 2:
// HMAC-SHA256 with key "Jefe" of "what do ya want for nothing?" is
// 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843.
func TestPseudonymFunction(t *testing.T) {
	ctx := context.Background()
	w, err := Open(ctx, ":memory:", Options{})
	require.NoError(t, err)
	defer w.Close()

	var s sql.NullString
	err = w.QueryRow(ctx, "select lanes_pseudonym('x')").Scan(&s)
	require.Error(t, err, "no key set yet")
	assert.Contains(t, err.Error(), "no pseudonym key")

	w.SetPseudonymKey([]byte("Jefe"))
	assert.Equal(t, "person-5bdcc146", Pseudonym([]byte("Jefe"), "what do ya want for nothing?"))
	// the name is lower-cased first; every pooled connection sees the function
	for range 3 {
		require.NoError(t, w.QueryRow(ctx, "select lanes_pseudonym('What Do Ya Want For Nothing?')").Scan(&s))
		assert.Equal(t, "person-5bdcc146", s.String)
	}
	require.NoError(t, w.QueryRow(ctx, "select lanes_pseudonym(null)").Scan(&s))
	assert.False(t, s.Valid, "null in, null out")

	require.NoError(t, w.Write(ctx, func(tx *Tx) error {
		return tx.QueryRow("select lanes_pseudonym(name) from (values ('what do ya want for nothing?')) as t(name)").Scan(&s)
	}))
	assert.Equal(t, "person-5bdcc146", s.String, "inside a write transaction")

	w.SetPseudonymKey([]byte("other"))
	require.NoError(t, w.QueryRow(ctx, "select lanes_pseudonym('what do ya want for nothing?')").Scan(&s))
	assert.NotEqual(t, "person-5bdcc146", s.String, "a new key gives new pseudonyms")
}
