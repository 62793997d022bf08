package models

import (
	"testing"

	"github.com/lanes-dev/lanes/models/config"
)

func TestToolAliasesMatchWholeWords(t *testing.T) {
	wh := newWarehouse(t)
	insert(t, wh, []tk{
		{key: "W1", title: "c++ compiler crashes", created: "2026-01-05 09:00"},
		// "c++" inside "abc++" is not a word of its own
		{key: "W2", title: "abc++ compiler", created: "2026-01-05 09:00"},
		// "git" inside "github" and "digit" is not a word; "github" is
		{key: "W3", title: "digit in GitHub", created: "2026-01-05 09:00"},
		{key: "W4", title: "(git) fails", created: "2026-01-05 09:00"},
		// the alias may be followed by punctuation and a line break
		{key: "W5", title: "x", description: "about\nGit.\n", created: "2026-01-05 09:00"},
		// a tool without aliases is matched by its name
		{key: "W6", title: "Acme Portal down", created: "2026-01-05 09:00"},
	}, nil)
	cfg := testConfig("UTC", "monday")
	cfg.Tools = append(cfg.Tools,
		config.Tool{Name: "C++ toolchain", Aliases: []string{"c++"}},
		config.Tool{Name: "Git", Aliases: []string{"git"}},
		config.Tool{Name: "Acme Portal"},
	)
	buildAll(t, wh, cfg)
	got := query(t, wh, `select source_key, tool, tool_field from int_ticket_tool order by source_key`)
	assertRows(t, [][]any{
		{"W1", "C++ toolchain", "title"},
		{"W2", "Unknown", nil},
		{"W3", "GitHub", "title"},
		{"W4", "Git", "title"},
		{"W5", "Git", "description"},
		{"W6", "Acme Portal", "title"},
	}, got)
}
