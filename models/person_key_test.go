package models

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/warehouse"
)

// TestPersonKey checks the person_key macro (macros.sql) name by name. The
// keys are worked out by hand from its rule: lower case, accents dropped
// from a name in Latin letters (with german, ä ö ü first as ae oe ue),
// `Last, First` turned round at its one comma, then letters (and marks)
// and digits only; an e-mail address whole in lower case; a name with no
// letter or digit in lower case.
func TestPersonKey(t *testing.T) {
	tests := []struct {
		name        string
		key, german string
	}{
		// one person as the sources write her: all annlee
		{"ann.lee", "annlee", "annlee"}, // ServiceNow sys_updated_by, Jira Server username
		{"Ann Lee", "annlee", "annlee"}, // display name
		{"ann_lee", "annlee", "annlee"},
		{"ANN-LEE", "annlee", "annlee"},
		{"Lee, Ann", "annlee", "annlee"}, // directory order: "ann" + " " + "lee"
		{" Lee ,  Ann ", "annlee", "annlee"},
		// other people keep other keys
		{"Anna Lee", "annalee", "annalee"},
		{"Dan Lee", "danlee", "danlee"},
		{"ann.lee2", "annlee2", "annlee2"},        // a second Ann Lee's account
		{"Lee Ann", "leeann", "leeann"},           // no comma: the order stays
		{"Lee, Ann, Jr.", "leeannjr", "leeannjr"}, // two commas: the order stays
		// accents: dropped, or (german) ä ö ü spelled ae oe ue
		{"Jürgen Müller", "jurgenmuller", "juergenmueller"},
		{"juergen.mueller", "juergenmueller", "juergenmueller"},
		{"jurgen.muller", "jurgenmuller", "jurgenmuller"},
		{"José Núñez", "josenunez", "josenunez"},
		{"Łukasz Wiśniewski", "lukaszwisniewski", "lukaszwisniewski"},
		{"Søren Straße", "sorenstrasse", "sorenstrasse"},
		{"Michael Lee", "michaellee", "michaellee"}, // not michal.lee
		// letters of any script are letters, and in a script other than
		// Latin their marks are part of them: Devanagari vowel signs, the
		// kana voicing marks, Thai vowels and the Cyrillic Й keep people
		// apart (राम and रमा Sharma, カトウ and ガトウ, Йосиф and Иосиф)
		{"李 小龍", "李小龍", "李小龍"},
		{"राम शर्मा", "रामशर्मा", "रामशर्मा"},
		{"रमा शर्मा", "रमाशर्मा", "रमाशर्मा"},
		{"カトウ", "カトウ", "カトウ"},
		{"ガトウ", "ガトウ", "ガトウ"},
		{"สมชัย ใจดี", "สมชัยใจดี", "สมชัยใจดี"},
		{"สมชี ใจดี", "สมชีใจดี", "สมชีใจดี"},
		{"Йосиф Петров", "йосифпетров", "йосифпетров"},
		{"Иосиф Петров", "иосифпетров", "иосифпетров"},
		{"Петров, Иван", "иванпетров", "иванпетров"},
		// e-mail addresses whole, in lower case
		{"Ann.Lee@Corp.Example", "ann.lee@corp.example", "ann.lee@corp.example"},
		{"ann@vendor.example", "ann@vendor.example", "ann@vendor.example"},
		// no letter or digit: the name itself
		{"???", "???", "???"},
	}
	wh, err := warehouse.Open(context.Background(), ":memory:", warehouse.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { wh.Close() })
	require.NoError(t, wh.Session(context.Background(), func(s *warehouse.Tx) error {
		if _, err := s.Exec(macros); err != nil {
			return err
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var key, german sql.NullString
				require.NoError(t, s.QueryRow(`select person_key(?, false), person_key(?, true)`, tt.name, tt.name).Scan(&key, &german))
				assert.Equal(t, tt.key, key.String)
				assert.Equal(t, tt.german, german.String)
			})
		}
		var key sql.NullString
		require.NoError(t, s.QueryRow(`select person_key(null, false)`).Scan(&key))
		assert.False(t, key.Valid, "null stays null")
		return nil
	}))
}
