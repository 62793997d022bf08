package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"strings"
)

// Event logs of the ServiceNow incident process, for process mining: a
// CSV log of one sample of incidents and an XES log of another. Each
// incident's events are the same updates its audit rows show (timeline.go).
// lanes reads each case as a ticket of the source "eventlog", so these
// incidents are counted there as well as under "servicenow".

// incidentSteps draws an incident's history once, from a seed of its own,
// so the audit and the event logs agree whatever order they are made in.
func incidentSteps(org *Org, t *Ticket) []step {
	if t.Steps == nil {
		tr := rand.New(rand.NewPCG(seedHigh, 7000+uint64(atoi(t.Number))))
		t.Steps = lifecycle(tr, org, t, t.Kind.ITGroup, t.Updated)
	}
	return t.Steps
}

// Kinds whose titles name their tool and intent on their own: an event log
// carries the title but not the description or the configuration item.
var eventlogKinds = map[string]bool{
	"pw_okta": true, "pw_gws": true, "pw_vpn": true, "pw_1password": true, "pw_laptop": true, "pw_salesforce": true, "pw_slack": true,
	"unlock_okta": true, "unlock_jira": true, "unlock_salesforce": true, "unlock_zoom": true, "unlock_laptop": true,
	"access_gdrive": true, "access_slack": true, "access_confluence": true, "access_jira": true, "access_figma": true,
	"access_salesforce": true, "access_zendesk": true, "access_looker": true,
	"access_github": true, "access_aws": true, "access_datadog": true, "access_repo": true, "access_k8s": true, "access_snowflake": true, "access_pagerduty": true,
	"hw_laptop": true, "hw_printer": true, "install_docker": true, "install_figma": true, "install_zoom": true, "install_slack": true, "install_jira": true,
	"lic_figma": true, "lic_zoom": true, "lic_salesforce": true, "lic_docker": true, "lic_jira": true,
	"onboarding": true, "offboarding": true, "vpn": true, "vpn_spike": true, "phishing": true,
}

type elCase struct {
	inc   *Ticket
	t     *Ticket // the ticket lanes makes of the case
	steps []step
}

// genEventLogs samples incidents: 6% for the CSV log, 3% (others) for the
// XES log.
func genEventLogs(org *Org, snow []*Ticket) (csvCases, xesCases []*elCase) {
	r := newRand(15)
	for _, inc := range snow {
		x := r.IntN(100)
		if !eventlogKinds[inc.Kind.Name] || x >= 9 {
			continue
		}
		steps := incidentSteps(org, inc)
		t := &Ticket{Src: "eventlog", Kind: inc.Kind, Intent: inc.Intent, Tool: inc.Tool, Spike: inc.Spike, Notion: inc.Notion,
			Title: inc.Title, Created: inc.Created, Resolved: inc.Resolved, Open: inc.Open, Canceled: inc.Canceled,
			Requester: inc.Requester, EngHandle: inc.EngHandle, Number: inc.Number}
		last := steps[len(steps)-1]
		t.Group = last.Group
		for i := len(steps) - 1; i >= 0; i-- {
			if steps[i].By != nil && steps[i].Note != "created" && steps[i].Note != "requester replied" && steps[i].Note != "reopened" {
				t.Assignee = steps[i].By
				break
			}
			if steps[i].By != nil {
				t.Assignee = steps[i].By
				break
			}
		}
		c := &elCase{inc: inc, t: t, steps: steps}
		if x < 6 {
			csvCases = append(csvCases, c)
		} else {
			xesCases = append(xesCases, c)
		}
	}
	return csvCases, xesCases
}

var activityOf = map[string]string{
	"created": "Register", "assigned": "Assign", "triaged": "Triage", "reassigned": "Reassign", "asked the requester": "Await caller",
	"requester replied": "Resume", "resolved": "Resolve", "reopened": "Reopen", "closed": "Close", "canceled": "Cancel",
}

func resourceOf(s step) string {
	if s.By == nil {
		return ""
	}
	return s.By.Name
}

var elHeader = []string{"Case ID", "Activity", "Complete Timestamp", "Resource", "org:group", "short_description", "priority", "category"}

func eventlogCSV(cases []*elCase) ([]byte, error) {
	var rows [][]string
	for _, c := range cases {
		for _, s := range c.steps {
			rows = append(rows, []string{c.inc.Number, activityOf[s.Note], s.At.Format("2006-01-02 15:04:05"), resourceOf(s), s.Group,
				c.inc.Title, snPriority[c.inc.Priority], c.inc.Category})
		}
	}
	return encodeCSV(elHeader, rows, false)
}

func xmlAttr(s string) string {
	var b strings.Builder
	if err := xml.EscapeText(&b, []byte(s)); err != nil {
		panic(err)
	}
	return strings.ReplaceAll(b.String(), `"`, "&quot;")
}

func eventlogXES(cases []*elCase) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" ?>
<!-- Northwind Labs: ServiceNow incident process, a sample of cases (written by sample-data/generate) -->
<log xes.version="1.0" xes.features="nested-attributes" openxes.version="1.0RC7" xmlns="http://www.xes-standard.org/">
	<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
	<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
	<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
	<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
	<global scope="trace">
		<string key="concept:name" value="__INVALID__"/>
	</global>
	<global scope="event">
		<string key="concept:name" value="__INVALID__"/>
		<string key="lifecycle:transition" value="complete"/>
	</global>
	<classifier name="Activity" keys="concept:name"/>
	<classifier name="Activity and group" keys="concept:name org:group"/>
	<string key="concept:name" value="Northwind incidents 2026-W10..W39 (sample)"/>
`)
	for _, c := range cases {
		fmt.Fprintf(&b, "\t<trace>\n\t\t<string key=\"concept:name\" value=\"%s\"/>\n", c.inc.Number)
		fmt.Fprintf(&b, "\t\t<string key=\"description\" value=\"%s\"/>\n", xmlAttr(c.inc.Title))
		fmt.Fprintf(&b, "\t\t<string key=\"priority\" value=\"%s\"/>\n", xmlAttr(snPriority[c.inc.Priority]))
		fmt.Fprintf(&b, "\t\t<string key=\"category\" value=\"%s\"/>\n", xmlAttr(c.inc.Category))
		for _, s := range c.steps {
			b.WriteString("\t\t<event>\n")
			fmt.Fprintf(&b, "\t\t\t<string key=\"concept:name\" value=\"%s\"/>\n", activityOf[s.Note])
			fmt.Fprintf(&b, "\t\t\t<date key=\"time:timestamp\" value=\"%s\"/>\n", s.At.Format("2006-01-02T15:04:05.000-07:00"))
			if res := resourceOf(s); res != "" {
				fmt.Fprintf(&b, "\t\t\t<string key=\"org:resource\" value=\"%s\"/>\n", xmlAttr(res))
			}
			fmt.Fprintf(&b, "\t\t\t<string key=\"org:group\" value=\"%s\"/>\n", xmlAttr(s.Group))
			b.WriteString("\t\t\t<string key=\"lifecycle:transition\" value=\"complete\"/>\n\t\t</event>\n")
		}
		b.WriteString("\t</trace>\n")
	}
	b.WriteString("</log>\n")
	return b.Bytes()
}
