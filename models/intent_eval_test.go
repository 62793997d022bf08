package models

import (
	"context"
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// labelledTicket is one row of testdata/intents/labelled.csv: a ticket title
// (and sometimes a description) written and labelled by hand.
type labelledTicket struct {
	key, title, description, intent string
}

func readLabelled(t *testing.T, file string) []labelledTicket {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "intents", file))
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"source_key", "title", "description", "intent"}, recs[0])
	var out []labelledTicket
	for _, r := range recs[1:] {
		out = append(out, labelledTicket{key: r[0], title: r[1], description: r[2], intent: r[3]})
	}
	return out
}

// isHoldout puts a third of the labelled set aside: the tickets whose key's
// FNV-1a hash is divisible by 3. The rules were improved looking only at the
// other two thirds (the development split).
func isHoldout(key string) bool {
	h := fnv.New32a()
	h.Write([]byte(key))
	return h.Sum32()%3 == 0
}

// intentScore is the precision and recall of one intent on one split.
type intentScore struct {
	labelled, predicted, correct int
}

func (s intentScore) precision() float64 {
	if s.predicted == 0 {
		return 1
	}
	return float64(s.correct) / float64(s.predicted)
}

func (s intentScore) recall() float64 {
	if s.labelled == 0 {
		return 1
	}
	return float64(s.correct) / float64(s.labelled)
}

// splitScore scores one split: per intent (including `other`), accuracy and
// coverage (share of tickets labelled with an intent that the rules give
// some intent).
type splitScore struct {
	perIntent                     map[string]*intentScore
	tickets, correct              int
	labelledIntent, coveredIntent int
	misses                        []string
}

func score(rows []labelledTicket, got map[string]string, keep func(string) bool) splitScore {
	s := splitScore{perIntent: map[string]*intentScore{}}
	at := func(intent string) *intentScore {
		if s.perIntent[intent] == nil {
			s.perIntent[intent] = &intentScore{}
		}
		return s.perIntent[intent]
	}
	for _, r := range rows {
		if !keep(r.key) {
			continue
		}
		g := got[r.key]
		s.tickets++
		at(r.intent).labelled++
		at(g).predicted++
		if g == r.intent {
			s.correct++
			at(g).correct++
		} else {
			s.misses = append(s.misses, fmt.Sprintf("%s %q: labelled %s, rules say %s", r.key, r.title, r.intent, g))
		}
		if r.intent != "other" {
			s.labelledIntent++
			if g != "other" {
				s.coveredIntent++
			}
		}
	}
	return s
}

// TestIntentRulesOnLabelledSet runs the built-in intent rules, through the
// real int_ticket_intent model, over the hand-labelled tickets in
// testdata/intents/labelled.csv and checks precision and recall per intent.
// `go test -v -run TestIntentRulesOnLabelledSet ./models` prints the table
// that docs/metrics.md quotes.
func TestIntentRulesOnLabelledSet(t *testing.T) {
	rows := readLabelled(t, "labelled.csv")
	require.GreaterOrEqual(t, len(rows), 300)
	// fresh.csv was written and labelled after the rules were frozen: it was
	// never used to change them.
	fresh := readLabelled(t, "fresh.csv")

	wh := newWarehouse(t)
	require.NoError(t, wh.Write(context.Background(), func(tx *warehouse.Tx) error {
		for _, r := range append(append([]labelledTicket(nil), rows...), fresh...) {
			_, err := tx.Exec(`insert into tickets (source, source_key, title, description, status, created_at, updated_at,
				labels, components, is_deleted, run_id, source_file, source_line)
				values ('labelled', ?, ?, ?, 'open', timestamp '2026-01-05 09:00', timestamp '2026-01-05 09:00',
				[], [], false, 'run', 'labelled.csv', 1)`, r.key, null(r.title), null(r.description))
			if err != nil {
				return fmt.Errorf("%s: %w", r.key, err)
			}
		}
		return nil
	}))
	_, err := Build(context.Background(), wh, config.Default(), BuildOptions{Select: []string{"+int_ticket_intent"}})
	require.NoError(t, err)
	got := map[string]string{}
	for _, r := range query(t, wh, "select source_key, intent from int_ticket_intent") {
		got[r[0].(string)] = r[1].(string)
	}
	require.Len(t, got, len(rows)+len(fresh))

	all := score(rows, got, func(string) bool { return true })
	dev := score(rows, got, func(k string) bool { return !isHoldout(k) })
	hold := score(rows, got, isHoldout)
	after := score(fresh, got, func(string) bool { return true })

	var intents []string
	for in := range all.perIntent {
		intents = append(intents, in)
	}
	sort.Strings(intents)
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-16s %28s %28s %28s %28s\n", "", "all", "development", "holdout", "fresh (after freeze)")
	fmt.Fprintf(&b, "%-16s", "intent")
	for range 4 {
		fmt.Fprintf(&b, " %8s %9s %9s", "labelled", "precision", "recall")
	}
	b.WriteString("\n")
	for _, in := range intents {
		fmt.Fprintf(&b, "%-16s", in)
		for _, s := range []splitScore{all, dev, hold, after} {
			x := s.perIntent[in]
			if x == nil {
				x = &intentScore{}
			}
			fmt.Fprintf(&b, " %8d %9.3f %9.3f", x.labelled, x.precision(), x.recall())
		}
		b.WriteString("\n")
	}
	for _, s := range []struct {
		name string
		s    splitScore
	}{{"all", all}, {"development", dev}, {"holdout", hold}, {"fresh", after}} {
		fmt.Fprintf(&b, "%-12s tickets %3d  accuracy %.3f  coverage %.3f (%d of %d tickets labelled with an intent get one)\n",
			s.name, s.s.tickets, float64(s.s.correct)/float64(s.s.tickets),
			float64(s.s.coveredIntent)/float64(s.s.labelledIntent), s.s.coveredIntent, s.s.labelledIntent)
	}
	t.Log(b.String())
	if testing.Verbose() {
		// Only the development split's misses: the holdout is not for tuning.
		t.Log("misclassified (development split):\n" + strings.Join(dev.misses, "\n"))
	}

	// Floors, on the whole set, for every intent with at least 15 labelled
	// tickets (all of them; see docs/metrics.md for the class balance). The
	// precision floor is 0.85, not 0.9: the remaining misses are the
	// documented conflict resolutions ("Proxy blocks access to npm" reads as
	// access_request, "Phishing email received" as email_calendar).
	for _, in := range intents {
		x := all.perIntent[in]
		if x.labelled < 15 {
			continue
		}
		assert.GreaterOrEqual(t, x.precision(), 0.85, "precision of %s", in)
		assert.GreaterOrEqual(t, x.recall(), 0.8, "recall of %s", in)
	}
	assert.GreaterOrEqual(t, float64(all.coveredIntent)/float64(all.labelledIntent), 0.95, "coverage")
	// The holdout third was not looked at while writing rules: its overall
	// accuracy must stay close to the development split's.
	assert.GreaterOrEqual(t, float64(hold.correct)/float64(hold.tickets), 0.85, "holdout accuracy")
	assert.GreaterOrEqual(t, float64(after.correct)/float64(after.tickets), 0.8, "accuracy on the set written after the freeze")
}
