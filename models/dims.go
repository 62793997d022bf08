package models

import (
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/lanes-dev/lanes/models/config"
	"github.com/lanes-dev/lanes/models/warehouse"
)

// dimTables are the configuration dimensions every build rewrites.
var dimTables = []string{
	"dim_teams", "dim_team_patterns", "dim_tools", "dim_tool_aliases",
	"dim_intents", "dim_intent_rules", "dim_parameters",
}

// writeDims replaces the dim_* tables with the configuration:
//
//   - dim_team_patterns.priority is the team's position in cfg.Teams (from
//     1): when several teams match a person or a group, the first one wins.
//   - dim_tool_aliases holds each tool's aliases; a tool without aliases is
//     matched by its name.
//   - dim_intent_rules.priority numbers every pattern from 1 in the order of
//     cfg.Intents and then of each intent's patterns: lower wins.
func writeDims(tx *warehouse.Tx, cfg *config.Config) error {
	for _, t := range dimTables {
		if _, err := tx.Exec("delete from " + t); err != nil {
			return fmt.Errorf("clear %s: %w", t, err)
		}
	}
	if err := tx.AppendMany(dimTables, func(app map[string]warehouse.AppendFunc) error {
		return appendDims(app, cfg)
	}); err != nil {
		return fmt.Errorf("write configuration dimensions: %w", err)
	}
	if err := writeBusinessDays(tx, cfg); err != nil {
		return fmt.Errorf("write dim_business_days: %w", err)
	}
	return nil
}

func appendDims(app map[string]warehouse.AppendFunc, cfg *config.Config) error {
	teams := map[string]bool{}
	for i, t := range cfg.Teams {
		if teams[t.Name] {
			return fmt.Errorf("team %q is defined twice", t.Name)
		}
		teams[t.Name] = true
		if err := app["dim_teams"](t.Name, t.Class, t.HourlyCost); err != nil {
			return err
		}
		for _, p := range t.Groups {
			if err := app["dim_team_patterns"](t.Name, "group", p, int32(i+1)); err != nil {
				return err
			}
		}
		for _, p := range t.People {
			if err := app["dim_team_patterns"](t.Name, "person", p, int32(i+1)); err != nil {
				return err
			}
		}
	}

	tools := map[string]bool{}
	for _, t := range cfg.Tools {
		if tools[strings.ToLower(t.Name)] {
			return fmt.Errorf("tool %q is listed twice", t.Name)
		}
		tools[strings.ToLower(t.Name)] = true
		var owner driver.Value
		if t.Owner != "" {
			owner = t.Owner
		}
		if err := app["dim_tools"](t.Name, owner, t.IsSanctioned()); err != nil {
			return err
		}
		aliases := t.Aliases
		if len(aliases) == 0 {
			aliases = []string{t.Name}
		}
		for _, a := range aliases {
			if err := app["dim_tool_aliases"](t.Name, a); err != nil {
				return err
			}
		}
	}

	intents := map[string]bool{}
	priority := int32(0)
	for _, in := range cfg.Intents {
		if intents[in.Name] {
			return fmt.Errorf("intent %q is defined twice", in.Name)
		}
		intents[in.Name] = true
		if err := app["dim_intents"](in.Name, in.Class, in.HandleMinutes, in.IsAutomatable()); err != nil {
			return err
		}
		for _, p := range in.Patterns {
			priority++
			if err := app["dim_intent_rules"](in.Name, priority, p); err != nil {
				return err
			}
		}
	}

	for _, p := range cfg.Parameters() {
		if err := app["dim_parameters"](p[0], p[1], p[2]); err != nil {
			return err
		}
	}
	return nil
}
