package xes

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lanes-dev/lanes/ingest/ingesttest"
	"github.com/lanes-dev/lanes/models/config"
)

func eventXML(activity string) string {
	return `<event><string key="concept:name" value="` + activity + `"/><date key="time:timestamp" value="2026-03-02T09:15:00Z"/></event>` + "\n"
}

func TestLimits(t *testing.T) {
	cases := []struct {
		name    string
		data    string
		setup   func() func()
		wantErr string
	}{
		{
			name:    "a value larger than the limit",
			data:    "<log>\n<trace>\n<string key=\"concept:name\" value=\"" + strings.Repeat("x", 2<<20) + "\"/>\n</trace>\n</log>\n",
			wantErr: "xes: log.xes line 3: a tag or text is longer than 1 MiB; is this an XES file?",
		},
		{
			name:    "blank text larger than the limit",
			data:    "<log>\n" + strings.Repeat(" ", 200) + "</log>\n",
			setup:   func() func() { old := maxTokenBytes; maxTokenBytes = 100; return func() { maxTokenBytes = old } },
			wantErr: "xes: log.xes line 2: a tag or text is longer than 100 bytes; is this an XES file?",
		},
		{
			name: "too many events in one trace",
			data: "<log>\n<trace>\n<string key=\"concept:name\" value=\"A\"/>\n" + eventXML("a") + eventXML("b") + eventXML("c") + "</trace>\n</log>\n",
			setup: func() func() {
				old := maxEventsPerTrace
				maxEventsPerTrace = 2
				return func() { maxEventsPerTrace = old }
			},
			wantErr: `xes: log.xes line 6: trace "A" has more than 2 events`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				defer tc.setup()()
			}
			_, err := ingesttest.Read(context.Background(), Connector{}, "log.xes", []byte(tc.data), config.Source{})
			require.Error(t, err)
			assert.Equal(t, tc.wantErr, err.Error())
		})
	}
}
