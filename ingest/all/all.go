// Package all registers every connector; import it for its side effect.
package all

import (
	_ "github.com/lanes-dev/lanes/ingest/csvmap"       // csv
	_ "github.com/lanes-dev/lanes/ingest/eventlog"     // eventlog_csv
	_ "github.com/lanes-dev/lanes/ingest/eventlog/xes" // xes
	_ "github.com/lanes-dev/lanes/ingest/freshservice" // freshservice_csv, freshservice_json
	_ "github.com/lanes-dev/lanes/ingest/github"       // github_issues, github_events
	_ "github.com/lanes-dev/lanes/ingest/jira"         // jira_csv
	_ "github.com/lanes-dev/lanes/ingest/jirajson"     // jira_json
	_ "github.com/lanes-dev/lanes/ingest/jsonmap"      // json, jsonl
	_ "github.com/lanes-dev/lanes/ingest/servicenow"   // servicenow_csv, servicenow_json, servicenow_audit
	_ "github.com/lanes-dev/lanes/ingest/slack"        // slack_export
	_ "github.com/lanes-dev/lanes/ingest/zendesk"      // zendesk_json, zendesk_audits
)
