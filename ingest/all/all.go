// Package all registers every connector; import it for its side effect.
package all

import (
	_ "github.com/lanes-dev/lanes/ingest/csvmap"     // csv
	_ "github.com/lanes-dev/lanes/ingest/jira"       // jira_csv
	_ "github.com/lanes-dev/lanes/ingest/servicenow" // servicenow_csv
)
