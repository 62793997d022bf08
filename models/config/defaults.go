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
// tickets mention (about 110, aliases matched as whole words). When
// lanes.yaml lists its own tools, those are the sanctioned catalogue and
// every built-in tool not listed there counts as unsanctioned (shadow IT)
// when it shows up in tickets. Aliases avoid common English words ("linear
// app", not "linear"; "cursor ai", not "cursor").
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
	{Name: "ChatGPT", Aliases: []string{"chatgpt", "openai"}, Sanctioned: ptr(false)},
	// collaboration, documents and project tools
	{Name: "Webex", Aliases: []string{"webex"}},
	{Name: "Loom", Aliases: []string{"loom"}},
	{Name: "Calendly", Aliases: []string{"calendly"}},
	{Name: "Smartsheet", Aliases: []string{"smartsheet"}},
	{Name: "Monday.com", Aliases: []string{"monday.com"}},
	{Name: "ClickUp", Aliases: []string{"clickup"}},
	{Name: "Basecamp", Aliases: []string{"basecamp"}},
	{Name: "Linear", Aliases: []string{"linear.app", "linear app"}},
	{Name: "Lucidchart", Aliases: []string{"lucidchart", "lucid chart"}},
	{Name: "Evernote", Aliases: []string{"evernote"}},
	{Name: "Canva", Aliases: []string{"canva"}},
	{Name: "Adobe Creative Cloud", Aliases: []string{"adobe", "creative cloud", "photoshop", "illustrator", "acrobat", "indesign"}},
	{Name: "DocuSign", Aliases: []string{"docusign"}},
	{Name: "SurveyMonkey", Aliases: []string{"surveymonkey"}},
	{Name: "Typeform", Aliases: []string{"typeform"}},
	{Name: "Zapier", Aliases: []string{"zapier"}},
	// engineering
	{Name: "Bitbucket", Aliases: []string{"bitbucket"}},
	{Name: "Jenkins", Aliases: []string{"jenkins"}},
	{Name: "CircleCI", Aliases: []string{"circleci"}},
	{Name: "Vercel", Aliases: []string{"vercel"}},
	{Name: "Netlify", Aliases: []string{"netlify"}},
	{Name: "Heroku", Aliases: []string{"heroku"}},
	{Name: "New Relic", Aliases: []string{"new relic", "newrelic"}},
	{Name: "Grafana", Aliases: []string{"grafana"}},
	{Name: "Splunk", Aliases: []string{"splunk"}},
	{Name: "Postman", Aliases: []string{"postman"}},
	{Name: "Snyk", Aliases: []string{"snyk"}},
	{Name: "JetBrains", Aliases: []string{"jetbrains", "intellij", "pycharm", "goland", "datagrip", "webstorm"}},
	{Name: "Visual Studio Code", Aliases: []string{"vs code", "vscode", "visual studio code"}},
	{Name: "Copilot", Aliases: []string{"copilot"}},
	{Name: "Cursor AI", Aliases: []string{"cursor ai", "cursor editor", "cursor ide"}},
	// data and business systems
	{Name: "Power BI", Aliases: []string{"power bi", "powerbi"}},
	{Name: "Databricks", Aliases: []string{"databricks"}},
	{Name: "BigQuery", Aliases: []string{"bigquery"}},
	{Name: "Metabase", Aliases: []string{"metabase"}},
	{Name: "Mixpanel", Aliases: []string{"mixpanel"}},
	{Name: "HubSpot", Aliases: []string{"hubspot"}},
	{Name: "Mailchimp", Aliases: []string{"mailchimp"}},
	{Name: "NetSuite", Aliases: []string{"netsuite"}},
	{Name: "Expensify", Aliases: []string{"expensify"}},
	{Name: "SAP Concur", Aliases: []string{"sap concur", "concur expense"}},
	{Name: "Personio", Aliases: []string{"personio"}},
	{Name: "Rippling", Aliases: []string{"rippling"}},
	{Name: "Greenhouse", Aliases: []string{"greenhouse.io", "greenhouse ats"}},
	// device management and security
	{Name: "Jamf", Aliases: []string{"jamf"}},
	{Name: "Intune", Aliases: []string{"intune", "company portal"}},
	{Name: "Kandji", Aliases: []string{"kandji"}},
	{Name: "CrowdStrike", Aliases: []string{"crowdstrike", "falcon sensor"}},
	{Name: "Zscaler", Aliases: []string{"zscaler"}},
	{Name: "Cloudflare", Aliases: []string{"cloudflare"}},
	{Name: "Tailscale", Aliases: []string{"tailscale"}},
	{Name: "Bitwarden", Aliases: []string{"bitwarden"}},
	// consumer services and remote-control tools: typical shadow IT, so they
	// are unsanctioned even with no catalogue configured (see mergeTools)
	{Name: "WeTransfer", Aliases: []string{"wetransfer", "we transfer"}, Sanctioned: ptr(false)},
	{Name: "WhatsApp", Aliases: []string{"whatsapp"}, Sanctioned: ptr(false)},
	{Name: "Telegram", Aliases: []string{"telegram"}, Sanctioned: ptr(false)},
	{Name: "Discord", Aliases: []string{"discord"}, Sanctioned: ptr(false)},
	{Name: "iCloud", Aliases: []string{"icloud"}, Sanctioned: ptr(false)},
	{Name: "TeamViewer", Aliases: []string{"teamviewer"}, Sanctioned: ptr(false)},
	{Name: "AnyDesk", Aliases: []string{"anydesk"}, Sanctioned: ptr(false)},
	{Name: "Claude", Aliases: []string{"claude.ai", "claude ai", "anthropic"}, Sanctioned: ptr(false)},
	{Name: "Gemini", Aliases: []string{"google gemini", "gemini ai"}, Sanctioned: ptr(false)},
	{Name: "Perplexity", Aliases: []string{"perplexity"}, Sanctioned: ptr(false)},
	{Name: "DeepL", Aliases: []string{"deepl"}, Sanctioned: ptr(false)},
	{Name: "Grammarly", Aliases: []string{"grammarly"}, Sanctioned: ptr(false)},
	{Name: "Otter.ai", Aliases: []string{"otter.ai", "otter ai"}, Sanctioned: ptr(false)},
}

// mergeTools returns the configured catalogue plus the built-in dictionary.
// Configured tools keep their sanctioned flag (default true); built-in tools
// the configuration does not name are unsanctioned once a catalogue is
// configured. With no catalogue at all, a built-in tool keeps its own flag:
// sanctioned, except the consumer services and remote-control tools the
// dictionary marks (WeTransfer, WhatsApp, ChatGPT, TeamViewer, ...), so that
// shadow_it has something to say with no configuration.
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
		t.Sanctioned = ptr(!haveCatalogue && t.IsSanctioned())
		t.Aliases = append([]string(nil), t.Aliases...)
		out = append(out, t)
	}
	return out
}

// builtinIntents are the default intent rules. Patterns are RE2, matched
// case-insensitively against the title and, when no rule matches the title,
// against the description; the first listed intent with a matching pattern
// wins. They cover the usual English phrasings, common typos ("pasword",
// "cant login", "acess", "instal") and the commonest German and Spanish words.
//
// The order settles conflicts (docs/metrics.md, "Intent rules"):
//   - offboarding and onboarding come first: a leaver or new-hire ticket
//     mentions accounts, access, laptops and passwords, and is still one
//     checklist;
//   - outage comes next, but only on strong signals ("is down", "outage",
//     "sev1", "for all users", 502/503/504): "VPN down for everyone" is an
//     outage whatever the tool;
//   - password_reset before account_unlock: a ticket that mentions a password
//     or MFA ("locked out after password change", "reset MFA for VPN") is
//     fixed by a credential reset;
//   - licence_request before access_request: "Figma licence" needs a
//     purchase, not only a grant;
//   - access_request before vpn_network and email_calendar: "access to VPN",
//     "access to shared mailbox" and "add me to a distribution list" are
//     grants;
//   - app_install before hardware: "install printer driver" is software;
//   - vpn_network before email_calendar and hardware: "laptop can't connect
//     to wifi" is a network problem;
//   - product_bug last, as the catch-all for defects in the company's own
//     product.
var builtinIntents = []Intent{
	{Name: "offboarding", Class: ClassIT, HandleMinutes: 60, Patterns: []string{
		`off-? ?board`, `\bleavers?\b`, `leaving (the )?(company|organi[sz]ation|business|firm)`,
		`\blast (working )?day\b`, `\b(departing|departed|former|ex-) ?(employee|user|staff|contractor|member|worker)`,
		`(^|employee |staff |contractor )termination\b`, `terminated (employee|user|contractor|staff|worker)`,
		`revoke all`, `remove all access`, `deprovision`, `\bresign(ed|ation)\b`,
		`contract(or)?('s)? end`, `end of (contract|employment)`, `exit (process|interview|checklist)`,
		`\baustritt`, `ausscheidende?r? mitarbeiter`, `baja (de|del) (empleado|usuario|trabajador|personal)`}},
	{Name: "onboarding", Class: ClassIT, HandleMinutes: 90, Patterns: []string{
		`\bon-? ?board`, `pre-?boarding`,
		`\bnew[- ](hire|starter|joiner|employee|team member|colleague|engineer|intern|consultant|recruit)s?\b`,
		`\bjoiners?\b`, `\bjoining (us|the company)\b`,
		`\bstart(s|ing)? (on |next )?(monday|tuesday|wednesday|thursday|friday|next week)`, `\bfirst day\b`,
		`welcome aboard`, `\binterns?\b`, `neue[rn]? mitarbeiter`, `nuev[oa] (emplead|emplead|colaborador|ingreso)`,
		`alta de (nuev|emplead|usuari)`}},
	{Name: "outage", Class: ClassEngineering, HandleMinutes: 120, Automatable: ptr(false), Patterns: []string{
		`\boutage`, `\b(is|are|was|were|went|goes|going|seems|looks|completely|totally|entirely|still) down\b`,
		`\b(is|are) (the )?\w+ down\b`, `\bdown for\b`,
		`\b(site|service|server|servers|prod|production|app|api|website|system|systems|portal|database|db|cluster|brokers?|` +
			`jira|confluence|github|gitlab|slack|e-?mail|mail|sso|okta|ci|pipeline)s? down\b`,
		`(whole|entire) (office|company|building|floor|site)`,
		`\bsev ?[01]\b`, `\bsev ?2\b`, `major incident`, `^incident\b`, `\bincident:`, `(production|prod|p1|p0|critical) incident`,
		`degraded`, `service (unavailable|disruption|interruption)`,
		`(prod|production)\b.{0,20}\b(affected|impacted|down)`,
		`(for|to) (all|every|each|multiple|many) (users?|customers?|clients?|people)`,
		`(not (loading|working|responding|available|reachable)|unavailable) for (anyone|everyone|everybody|all)\b`,
		`\b50[234]s?\b`, `bad gateway`, `gateway time-?out`, `elevated (error|latency|5xx)`,
		`\bstörung\b`, `\bausfall\b`, `\bca[ií]d[oa]\b`}},
	{Name: "password_reset", Class: ClassIT, HandleMinutes: 10, Patterns: []string{
		`pass ?word`, `passwort`, `\bpas?ss?w(or|ro|o)?r?d`, `\bpwd\b`, `\bpw\b`, `contrase[ñn]a`, `kennwort`, `mot de passe`,
		`\bmfa\b`, `\b2fa\b`, `two[- ]?factor`, `second factor`, `multi[- ]?factor`, `authenticator`, `okta verify`,
		`\b(otp|totp)\b`, `one[- ]time (code|password|passcode|pin)`, `verification code`, `yubi ?key`, `security key`, `passkey`,
		`reset (my )?(login|credentials)`, `credentials? (reset|expired)`, `locked out of (my )?(okta|sso)`}},
	{Name: "account_unlock", Class: ClassIT, HandleMinutes: 8, Patterns: []string{
		`\bunlock`, `locked out`, `\block-?out\b`, `\b(account|user|login|konto|cuenta)\b.{0,20}\b(locked|disabled|suspended|blocked|deactivated)`,
		`\b(locked|disabled|suspended|blocked) (account|user|login)`, `\baccount (is )?locked`, `^account locked`,
		`(can'?t|cannot|can not|cant|unable to|not able to|could ?n[o']?t) (to )?(log|sign) ?(in|on|into)\b`,
		`\b(log|sign)[- ]?(in|on) (fails?|failed|failing|not working|issues?|problems?|error|loop|blocked|denied)`,
		`(failed|too many|multiple) (login|log-in|sign-?in) attempts`,
		`(can'?t|cannot|can not|unable to|not able to) (access|get into) (my )?account`,
		`\bre-?(activate|enable)`, `\bgesperrt\b`, `bloquead[ao]`}},
	{Name: "licence_request", Class: ClassIT, HandleMinutes: 15, Patterns: []string{
		`licen[cs]`, `lizenz`, `\bseats?\b`, `subscription`, `\bpro plan\b`,
		`\b(paid|premium|business|enterprise|pro) (\w+ )?(plan|tier|account|version|edition)\b`}},
	{Name: "access_request", Class: ClassIT, HandleMinutes: 15, Patterns: []string{
		`\b(access|acess|acces|accesss)\b`, `zugriff`, `\bacceso\b`, `permission`, `berechtigung`, `permiso`,
		`add (me|him|her|them|us|\w+) to`, `grant (me|us|him|her|them)\b`, `\brole\b`,
		`repo(sitory)? (access|permission)`, `(github|gitlab) (org|team|group)`, `shared (drive|folder|mailbox|calendar)`,
		`distribution list`, `membership`, `\bjoin\b.{0,30}\b(group|channel|team|org|organi[sz]ation)\b`,
		`invite .* to`, `\bshare\b.{0,40}\bwith me\b`, `\bdelegat`,
		`admin rights (on|in|for) (the )?\w+ (project|space|repo|org|workspace|channel|team|group)`}},
	{Name: "app_install", Class: ClassIT, HandleMinutes: 20, Patterns: []string{
		`instal`, `software (request|install|update|upgrade|cent(er|re)|package|needed)`, `request(ing)? software`,
		`\bdownload\b.{0,30}\b(set ?up|app|software|client)`, `\b(put|get|set ?up|configure) .{1,30} on (my |the |a )?(new )?(laptop|machine|mac|pc|computer)`,
		`need (the )?\w+ (desktop )?app\b`, `admin rights`, `local admin`, `homebrew`, `\bbrew\b`,
		`company portal`, `self[- ]service (app|portal)`, `update \w+ to (the )?(latest|newest|new|current) version`,
		`upgrade \w+ to (the )?(latest|newest|current) version`}},
	{Name: "vpn_network", Class: ClassIT, HandleMinutes: 25, Patterns: []string{
		`\bvpn\b`, `wi-?fi`, `\bwlan\b`, `wireless`, `\bnetwork\b`, `internet`, `ethernet`, `globalprotect`, `anyconnect`,
		`wireguard`, `openvpn`, `tailscale`, `zscaler`, `\bdns\b`, `proxy`, `firewall`, `\bstatic ip\b`, `\bip (address|whitelist|allowlist)`,
		`(can'?t|cannot|can not|unable to|not able to) (connect|reach)`,
		`connection (drops|dropped|dropping|issues?|problems?|lost|refused|time-?out|timed out)`, `disconnect`,
		`\bssid\b`, `eduroam`, `split tunnel`, `bandwidth`, `packet loss`, `\bconect`}},
	{Name: "email_calendar", Class: ClassIT, HandleMinutes: 15, Patterns: []string{
		`e-?mail`, `\bmails?\b`, `mailbox`, `inbox`, `outlook`, `gmail`, `calendar`, `kalender`, `calendario`, `\bcorreo`,
		`meeting (room|invite|invites|invitation)`, `out[- ]of[- ](the[- ])?office`, `\booo\b`,
		`distribution (list|group)`, `\bspam\b`, `bounce`}},
	{Name: "hardware", Class: ClassIT, HandleMinutes: 45, Patterns: []string{
		`laptop`, `macbook`, `thinkpad`, `\bmonitors?\b`, `keyboard`, `\bmouse\b`, `headset`, `headphones`, `microphone`, `\bmic\b`, `webcam`,
		`\bcamera\b`, `docking`, `\bdock\b`, `charger`, `power (adapter|supply|cable)`, `adapter`, `adaptor`, `dongle`,
		`\bcables?\b`, `hdmi`, `\busb`, `trackpad`, `touchpad`, `hardware`, `equipment`,
		`screen (is )?(broken|cracked|flicker)`, `battery`, `printer`, `toner`, `\bfan\b`, `\bram\b`, `\bssd\b`,
		`won'?t (turn|power|boot|start) on`, `\biphone`, `\b(broken|cracked|new|replacement|lost|work|company|mobile) (phone|smartphone|ipad|tablet)\b`,
		`bildschirm`, `drucker`, `tastatur`, `port[aá]til`, `ordenador`, `impresora`, `pantalla`, `teclado`}},
	{Name: "product_bug", Class: ClassEngineering, HandleMinutes: 90, Automatable: ptr(false), Patterns: []string{
		`\bbug\b`, `error`, `exception`, `crash`, `regression`, `\bfehler\b`, `\bdefect\b`,
		`broken (on|when|after|since)\b`,
		`^broken\b`, `broken in (the )?[\w /-]{0,30}\b(page|table|view|reports?|screen|form|modal|dialog|app|api|endpoint|export|import|ui|dashboard|prod|production|staging|settings|safari|chrome|firefox)\b`, `\bbroken (link|image|page|layout|button|build|test|pipeline)`,
		`fails? (to|with|when|on)\b`, `failing`, `stack ?trace`, `null ?pointer`, `\bnpe\b`, `\bapi\b.*(fail|error)`,
		`returns? (a |an )?(500|4\d\d|wrong|incorrect|empty|null|duplicate)`,
		`\b(wrong|incorrect) (totals?|values?|data|currency|amounts?|dates?|times?|timezone|time zone|results?|counts?|prices?)`,
		`shows? (the )?(wrong|incorrect)`, `(freezes|hangs|freeze|hang) (on|when|after)`, `memory leak`,
		`duplicate (events?|entries|records|emails|charges|orders)`, `does nothing`, `\btypo\b`,
		`not (respected|applied|saved|persisted)`, `results missing`, `customers? (report|reports|see|sees|are seeing|cannot|can'?t)`,
		`unexpected(ly)?`, `glitch`}},
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
