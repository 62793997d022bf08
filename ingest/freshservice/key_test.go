package freshservice

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTicketKey(t *testing.T) {
	for in, want := range map[string]string{
		"#INC-42":          "42",
		"#SR-43":           "43",
		"SR-0043":          "43",
		"#42":              "42",
		" 42 ":             "42",
		"42":               "42",
		"0":                "0",
		"9007199254740993": "9007199254740993",
		"#INC-":            "#INC-",
		"INC-42a":          "INC-42a",
		"ABC":              "ABC",
		"X1-42":            "X1-42",
	} {
		assert.Equal(t, want, ticketKey(in), in)
	}
}
