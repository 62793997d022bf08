package jira_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/ingest/jira"
	"github.com/lanes-dev/lanes/models/config"
)

func TestDetectLocalizedHeaders(t *testing.T) {
	cases := []struct {
		name, head string
		score      int
		why        string
	}{
		{"english", "Summary,Issue key,Issue Type,Created\n", 97, `CSV header has "Issue key", "Summary" and "Issue Type"`},
		{"german", "\ufeffZusammenfassung,Schlüssel,Vorgangstyp,Erstellt\r\n", 97, `CSV header has "Schlüssel", "Zusammenfassung" and "Vorgangstyp" (Jira's localized column names)`},
		{"spanish", "Resumen,Clave de incidencia,Tipo de incidencia,Creada\n", 97, `CSV header has "Clave de incidencia", "Resumen" and "Tipo de incidencia" (Jira's localized column names)`},
		{"french", "Résumé,Clé de ticket,Type de ticket,Création\n", 97, `CSV header has "Clé de ticket", "Résumé" and "Type de ticket" (Jira's localized column names)`},
		{"portuguese, no type", "Resumo,Chave,Criado\n", 92, `CSV header has "Chave" and "Resumo" (Jira's localized column names)`},
		{"not jira", "Zusammenfassung,Erstellt\n", 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			score, why := jira.Connector{}.Detect("x.csv", []byte(tc.head))
			assert.Equal(t, tc.score, score)
			assert.Equal(t, tc.why, why)
		})
	}
}

// TestLocalizedHeaderKeepsEnglishColumns: a header that has both an
// English name and the localized name of the same field keeps them apart.
func TestLocalizedHeaderKeepsEnglishColumns(t *testing.T) {
	data := "Issue key,Summary,Created,Erstellt,Labels,Stichwörter\n" +
		"K-1,A,05/Feb/24 9:15 AM,not a date,x,y\n"
	sink, err := ingesttest.Read(context.Background(), jira.Connector{}, "t.csv", []byte(data), config.Source{})
	require.NoError(t, err)
	require.Len(t, sink.Tickets, 1)
	assert.Equal(t, "2024-02-05T09:15:00Z", sink.Tickets[0].CreatedAt.UTC().Format("2006-01-02T15:04:05Z"))
	assert.Equal(t, []string{"x"}, sink.Tickets[0].Labels)
	assert.Empty(t, sink.Rejects)
}

// TestLocalizedCustomFields: a custom field's column is found under each
// language's "Custom field (" prefix.
func TestLocalizedCustomFields(t *testing.T) {
	for _, prefix := range []string{"Benutzerdefiniertes Feld", "Campo personalizado", "Champ personnalisé", "Champs personnalisés"} {
		t.Run(prefix, func(t *testing.T) {
			data := "Résumé,Clé de ticket,Création," + prefix + " (Team)\n" +
				"A,K-1,05/Feb/24 9:15 AM,Service Desk\n"
			sink, err := ingesttest.Read(context.Background(), jira.Connector{}, "t.csv", []byte(data), config.Source{})
			require.NoError(t, err)
			require.Len(t, sink.Tickets, 1)
			assert.Equal(t, "Service Desk", sink.Tickets[0].AssignmentGroup)
		})
	}
}

// TestLocalizedMixedMonths: month names of two languages stop the file
// with an error naming date_locale, which then settles it.
func TestLocalizedMixedMonths(t *testing.T) {
	data := "Zusammenfassung,Schlüssel,Erstellt\n" +
		"A,K-1,05/Mrz/24 09:15\n" +
		"B,K-2,05/ene/24 09:15\n"
	_, err := ingesttest.Read(context.Background(), jira.Connector{}, "t.csv", []byte(data), config.Source{})
	require.Error(t, err)
	assert.Equal(t, `jira csv: t.csv: ambiguous dates: the month names are not all of one language: "05/ene/24 09:15" reads only as Spanish, the dates before it only as German; set date_locale for this source in lanes.yaml to the language of the export (one of en, de, es, fr, pt)`, err.Error())

	sink, err := ingesttest.Read(context.Background(), jira.Connector{}, "t.csv", []byte(data), config.Source{DateLocale: "de"})
	require.NoError(t, err)
	require.Len(t, sink.Tickets, 1)
	assert.Equal(t, "2024-03-05T09:15:00Z", sink.Tickets[0].CreatedAt.UTC().Format("2006-01-02T15:04:05Z"))
	require.Len(t, sink.Rejects, 1)
	assert.Equal(t, "Erstellt", sink.Rejects[0].Column)
	assert.Equal(t, int64(3), sink.Rejects[0].Line)
}

// TestBulkDeclinesLocalized: the fast path leaves localized exports to Go,
// and the warehouse ends up the same either way.
func TestBulkDeclinesLocalized(t *testing.T) {
	german, err := os.ReadFile(filepath.Join("testdata", "german_export", "input.csv"))
	require.NoError(t, err)
	cases := []struct {
		name, content string
		src           config.Source
	}{
		{"german export", string(german), config.Source{TimeZone: "Europe/Berlin"}},
		{"german header, english dates", "Zusammenfassung,Schlüssel,Status,Priorität,Erstellt\nA,K-1,Offen,Hoch,05/Feb/24 9:15 AM\n", config.Source{}},
		{"english header, portuguese dates", "Summary,Issue key,Created\nA,K-1,05/fev/24 09:15\nB,K-2,06/out/24 10:00\n", config.Source{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "tickets.csv", tc.content)
			fast, _ := compareBoth(t, path, tc.src)
			assert.False(t, fast.Fast, "fast path taken")
			assert.Empty(t, fast.Err)
		})
	}
}
