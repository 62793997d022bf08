package config

// Built-in defaults. They are deliberately plain: a team that names its groups
// "IT", "Service Desk", "Platform" or "Backend" is classified without any
// configuration, and the intent rules cover the usual phrasings.

func ptr[T any](v T) *T { return &v }

func defaultTeams() []Team {
	return []Team{
		{Name: "IT", Class: ClassIT, HourlyCost: 60,
			Groups: []string{`\b(it|helpdesk|help desk|service ?desk|desktop support|end user|workplace|it ops|it support)\b`}},
		{Name: "Security", Class: ClassSecurity, HourlyCost: 95,
			Groups: []string{`\b(security|secops|infosec|iam)\b`}},
		{Name: "Engineering", Class: ClassEngineering, HourlyCost: 95,
			Groups: []string{`\b(eng|engineering|platform|backend|frontend|mobile|sre|devops|infra|infrastructure|data|developer|dev)\b`}},
	}
}

// builtinTools is the dictionary of common SaaS products and systems that
// tickets mention. When lanes.yaml lists its own tools, those are the
// sanctioned catalogue and every built-in tool not listed there counts as
// unsanctioned (shadow IT) when it shows up in tickets.
var builtinTools = []Tool{
	{Name: "Okta", Aliases: []string{"okta"}},
	{Name: "Azure AD", Aliases: []string{"azure ad", "entra", "entra id", "aad"}},
	{Name: "Google Workspace", Aliases: []string{"google workspace", "gsuite", "g suite", "gmail", "google drive", "google calendar"}},
	{Name: "Microsoft 365", Aliases: []string{"office 365", "o365", "microsoft 365", "m365", "outlook", "exchange", "onedrive", "sharepoint"}},
	{Name: "Microsoft Teams", Aliases: []string{"microsoft teams", "ms teams"}},
	{Name: "Slack", Aliases: []string{"slack"}},
	{Name: "Zoom", Aliases: []string{"zoom"}},
	{Name: "GitHub", Aliases: []string{"github", "gh org"}},
	{Name: "GitLab", Aliases: []string{"gitlab"}},
	{Name: "Jira", Aliases: []string{"jira"}},
	{Name: "Confluence", Aliases: []string{"confluence", "wiki"}},
	{Name: "AWS", Aliases: []string{"aws", "amazon web services", "iam role", "ec2", "s3 bucket"}},
	{Name: "GCP", Aliases: []string{"gcp", "google cloud"}},
	{Name: "Azure", Aliases: []string{"azure portal", "azure subscription"}},
	{Name: "VPN", Aliases: []string{"vpn", "globalprotect", "anyconnect", "wireguard", "openvpn"}},
	{Name: "Salesforce", Aliases: []string{"salesforce", "sfdc"}},
	{Name: "Zendesk", Aliases: []string{"zendesk"}},
	{Name: "ServiceNow", Aliases: []string{"servicenow", "snow"}},
	{Name: "Workday", Aliases: []string{"workday"}},
	{Name: "BambooHR", Aliases: []string{"bamboohr", "bamboo hr"}},
	{Name: "1Password", Aliases: []string{"1password", "one password"}},
	{Name: "LastPass", Aliases: []string{"lastpass"}},
	{Name: "Datadog", Aliases: []string{"datadog"}},
	{Name: "PagerDuty", Aliases: []string{"pagerduty"}},
	{Name: "Figma", Aliases: []string{"figma"}},
	{Name: "Notion", Aliases: []string{"notion"}},
	{Name: "Airtable", Aliases: []string{"airtable"}},
	{Name: "Dropbox", Aliases: []string{"dropbox"}},
	{Name: "Box", Aliases: []string{"box.com"}},
	{Name: "Trello", Aliases: []string{"trello"}},
	{Name: "Asana", Aliases: []string{"asana"}},
	{Name: "Miro", Aliases: []string{"miro"}},
	{Name: "Docker", Aliases: []string{"docker", "docker desktop"}},
	{Name: "Kubernetes", Aliases: []string{"kubernetes", "k8s", "kubectl"}},
	{Name: "Laptop", Aliases: []string{"laptop", "macbook", "thinkpad", "monitor", "keyboard", "docking station", "dock"}},
	{Name: "Wi-Fi", Aliases: []string{"wifi", "wi-fi", "wireless"}},
	{Name: "Printer", Aliases: []string{"printer", "printing"}},
	{Name: "Tableau", Aliases: []string{"tableau"}},
	{Name: "Looker", Aliases: []string{"looker"}},
	{Name: "Snowflake", Aliases: []string{"snowflake"}},
	{Name: "ChatGPT", Aliases: []string{"chatgpt", "openai"}},
}

// mergeTools returns the configured catalogue plus the built-in dictionary.
// Configured tools keep their sanctioned flag (default true); built-in tools
// the configuration does not name are sanctioned only when no catalogue is
// configured at all.
func mergeTools(configured []Tool) []Tool {
	out := append([]Tool(nil), configured...)
	named := map[string]bool{}
	for _, t := range configured {
		named[lower(t.Name)] = true
	}
	haveCatalogue := len(configured) > 0
	for _, t := range builtinTools {
		if named[lower(t.Name)] {
			continue
		}
		t.Sanctioned = ptr(!haveCatalogue)
		t.Aliases = append([]string(nil), t.Aliases...)
		out = append(out, t)
	}
	return out
}

// builtinIntents are the default intent rules. Patterns are RE2, matched
// case-insensitively against "title + description"; the first listed intent
// whose pattern matches wins.
var builtinIntents = []Intent{
	{Name: "password_reset", Class: ClassIT, HandleMinutes: 10, Patterns: []string{
		`pass ?word`, `\bpwd\b`, `\bmfa\b`, `2fa`, `two[- ]factor`, `authenticator`, `reset (my )?(login|credentials)`,
		`locked out of (my )?(okta|sso)`, `\botp\b`, `yubikey`}},
	{Name: "account_unlock", Class: ClassIT, HandleMinutes: 8, Patterns: []string{
		`\bunlock`, `account (is )?(locked|disabled)`, `locked out`, `can'?n?o?t (log ?in|sign ?in)`, `login (fails|failing|not working)`}},
	{Name: "offboarding", Class: ClassIT, HandleMinutes: 60, Patterns: []string{
		`offboard`, `off-board`, `leaver`, `leaving the company`, `last day`, `deactivate .*account`, `revoke all`, `termination`}},
	{Name: "onboarding", Class: ClassIT, HandleMinutes: 90, Patterns: []string{
		`onboard`, `on-board`, `new (hire|starter|joiner|employee)`, `starts? (on )?monday`, `joiner`, `first day`}},
	{Name: "access_request", Class: ClassIT, HandleMinutes: 15, Patterns: []string{
		`\baccess\b`, `add (me|him|her|them|\w+) to`, `permission`, `invite .* to`, `grant`, `\brole\b`, `repo(sitory)? (access|permission)`,
		`(github|gitlab) (org|team)`, `shared drive`, `distribution list`, `\bgroup membership`}},
	{Name: "licence_request", Class: ClassIT, HandleMinutes: 15, Patterns: []string{
		`licen[cs]e`, `\bseat\b`, `subscription`, `\bpro plan\b`}},
	{Name: "app_install", Class: ClassIT, HandleMinutes: 20, Patterns: []string{
		`install`, `download .* (app|software)`, `software request`, `need (the )?\w+ app`, `admin rights`, `homebrew`}},
	{Name: "vpn_network", Class: ClassIT, HandleMinutes: 25, Patterns: []string{
		`\bvpn\b`, `wi-?fi`, `network`, `globalprotect`, `anyconnect`, `cannot connect`, `can'?t connect`, `connection (drops|dropped|issues)`, `\bdns\b`, `proxy`}},
	{Name: "hardware", Class: ClassIT, HandleMinutes: 45, Patterns: []string{
		`laptop`, `macbook`, `monitor`, `keyboard`, `mouse`, `headset`, `docking`, `\bdock\b`, `charger`, `hardware`, `screen (is )?(broken|cracked|flicker)`, `battery`, `printer`}},
	{Name: "email_calendar", Class: ClassIT, HandleMinutes: 15, Patterns: []string{
		`e-?mail`, `calendar`, `mailbox`, `outlook`, `gmail`, `meeting room`, `distribution list`, `shared inbox`}},
	{Name: "outage", Class: ClassEngineering, HandleMinutes: 120, Automatable: ptr(false), Patterns: []string{
		`\boutage\b`, `\bdown\b`, `\b5\d\d\b`, `incident`, `degraded`, `not responding`, `production (is )?(down|broken)`, `\bsev ?[12]\b`}},
	{Name: "product_bug", Class: ClassEngineering, HandleMinutes: 90, Automatable: ptr(false), Patterns: []string{
		`\bbug\b`, `error`, `exception`, `crash`, `regression`, `broken`, `fails? to`, `stack ?trace`, `null pointer`, `\bapi\b.*(fail|error)`}},
}

// mergeIntents puts configured intents first (they win ties and may replace
// a built-in one of the same name) and keeps the built-in rules after them.
func mergeIntents(configured []Intent) []Intent {
	out := append([]Intent(nil), configured...)
	named := map[string]bool{}
	for _, in := range configured {
		named[in.Name] = true
	}
	for _, in := range builtinIntents {
		if named[in.Name] {
			continue
		}
		in.Patterns = append([]string(nil), in.Patterns...)
		out = append(out, in)
	}
	return out
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}
