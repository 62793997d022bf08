package jira_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
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

// TestLocalizedWorkflowStatuses: the common Jira Software and Service
// Management statuses in German, Spanish, French and Portuguese read as
// their English names would: declined and rejected as canceled, in
// progress, in review and escalated as in progress, waiting for approval,
// customer or support (and on hold, blocked) as waiting.
func TestLocalizedWorkflowStatuses(t *testing.T) {
	langs := []struct {
		name, header string
		statuses     map[string]string
	}{
		{"german", "Zusammenfassung,Vorgangsschlüssel,Status,Erstellt", map[string]string{
			"In Bearbeitung": "in_progress", "In Prüfung": "in_progress", "In Überprüfung": "in_progress",
			"Eskaliert": "in_progress", "In Untersuchung": "in_progress", "Wird untersucht": "in_progress",
			"Warten auf Genehmigung": "waiting", "Wartet auf Genehmigung": "waiting", "Warten auf Freigabe": "waiting",
			"Wartet auf Kunde": "waiting", "Warten auf den Kunden": "waiting", "Wartet auf Support": "waiting",
			"Warten auf den Support": "waiting", "Angehalten": "waiting", "Blockiert": "waiting",
			"Abgelehnt": "canceled", "Zurückgewiesen": "canceled", "Storniert": "canceled",
			"Abgeschlossen": "closed", "Erneut geöffnet": "open", "Ausgewählt für die Entwicklung": "open",
		}},
		{"spanish", "Resumen,Clave de incidencia,Estado,Creada", map[string]string{
			"En revisión": "in_progress", "Trabajo en curso": "in_progress", "Escalada": "in_progress",
			"Escalado": "in_progress", "En investigación": "in_progress",
			"Esperando aprobación": "waiting", "Esperando la aprobación": "waiting", "En espera de aprobación": "waiting",
			"Esperando cliente": "waiting", "Esperando al soporte": "waiting", "En espera": "waiting",
			"Bloqueada": "waiting", "Rechazada": "canceled", "Rechazado": "canceled", "Denegada": "canceled",
			"Completada": "closed", "Seleccionado para desarrollo": "open",
		}},
		{"french", "Résumé,Clé de ticket,État,Création", map[string]string{
			"En cours de traitement": "in_progress", "En révision": "in_progress", "En cours de révision": "in_progress",
			"En revue": "in_progress", "En cours d'examen": "in_progress", "Escaladé": "in_progress",
			"Escaladée": "in_progress", "En cours d'investigation": "in_progress",
			"En attente d'approbation": "waiting", "En attente d\u2019approbation": "waiting",
			"En attente de validation": "waiting", "En attente de client": "waiting", "En attente du support": "waiting",
			"Bloqué": "waiting", "Refusé": "canceled", "Refusée": "canceled", "Rejeté": "canceled", "Rejetée": "canceled",
			"Sélectionné pour le développement": "open",
		}},
		{"portuguese", "Resumo,Chave do item,Status,Criado", map[string]string{
			"Em revisão": "in_progress", "Em análise": "in_progress", "Trabalho em andamento": "in_progress",
			"Em atendimento": "in_progress", "Em investigação": "in_progress",
			"Aguardando aprovação": "waiting", "Aguardando o cliente": "waiting", "Aguardando o suporte": "waiting",
			"Em espera": "waiting", "Recusado": "canceled", "Recusada": "canceled", "Rejeitado": "canceled",
			"Rejeitada": "canceled", "Selecionado para desenvolvimento": "open",
		}},
	}
	for _, l := range langs {
		t.Run(l.name, func(t *testing.T) {
			var data strings.Builder
			data.WriteString(l.header + "\n")
			var keys []string
			for st := range l.statuses {
				keys = append(keys, st)
			}
			sort.Strings(keys)
			for i, st := range keys {
				fmt.Fprintf(&data, "T,K-%d,%q,05/Feb/24 09:15\n", i+1, st)
			}
			sink, err := ingesttest.Read(context.Background(), jira.Connector{}, "t.csv", []byte(data.String()), config.Source{})
			require.NoError(t, err)
			require.Empty(t, sink.Rejects)
			require.Len(t, sink.Tickets, len(keys))
			for i, st := range keys {
				assert.Equal(t, st, sink.Tickets[i].StatusRaw)
				assert.Equal(t, l.statuses[st], sink.Tickets[i].Status, "status %q", st)
			}
		})
	}
}
