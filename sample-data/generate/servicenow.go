package main

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

var (
	itPrio  = []float64{0, 3, 62, 35}
	engPrio = []float64{20, 50, 30, 0}
)

// ServiceNow incident kinds. Rates are tickets per week.
var snKinds = []*Kind{
	// password and MFA resets: Okta dominates (about 70%).
	{Name: "pw_okta", Intent: "password_reset", Tool: "Okta", Rate: 18, Med: 0.7, Sigma: 1.0,
		Cat: "Access", Sub: "Password Reset", CI: "Okta", ITGroup: "Service Desk",
		Titles: []string{"Okta MFA reset", "Locked out of Okta, need password reset", "Okta MFA reset - new phone",
			"Okta password expired", "Reset Okta Verify MFA (lost phone)", "Okta password reset", "Okta MFA not accepting codes",
			"Need Okta password reset for {first}"},
		Descs: []string{"Got a new phone and Okta Verify did not transfer. Please reset my MFA so I can enrol again.",
			"Entered the wrong password too many times and now I'm locked out of Okta. Identity verified via video call.",
			"Okta says my password expired and the reset link never arrives.",
			"Push notifications from Okta Verify stopped arriving after the iOS update. Please reset MFA.",
			"Caller could not sign in to the Okta dashboard this morning; needs a password reset."}},
	{Name: "pw_gws", Intent: "password_reset", Tool: "Google Workspace", Rate: 2.5, Med: 0.8, Sigma: 1.0,
		Cat: "Access", Sub: "Password Reset", CI: "Google Workspace", ITGroup: "Service Desk",
		Titles: []string{"Google Workspace password reset", "Gmail 2FA reset - lost backup codes", "Google Workspace password not accepted"},
		Descs:  []string{"Lost the backup codes and the old phone; please reset 2-step verification.", "Password was changed last week and is not accepted any more."}},
	{Name: "pw_vpn", Intent: "password_reset", Tool: "VPN", Rate: 1.7, Med: 0.8, Sigma: 1.0,
		Cat: "Access", Sub: "Password Reset", CI: "GlobalProtect VPN", ITGroup: "Service Desk",
		Titles: []string{"VPN password expired", "GlobalProtect password not accepted"},
		Descs:  []string{"The VPN client says my password expired. Please reset.", "GlobalProtect keeps rejecting the password since Monday."}},
	{Name: "pw_1password", Intent: "password_reset", Tool: "1Password", Rate: 1.4, Med: 1.5, Sigma: 1.0,
		Cat: "Access", Sub: "Password Reset", CI: "1Password", ITGroup: "Service Desk",
		Titles: []string{"1Password master password reset", "Locked out of 1Password, forgot master password"},
		Descs:  []string{"Forgot the master password after holidays. Need account recovery.", "Need a recovery for my vault, the master password is not accepted."}},
	{Name: "pw_laptop", Intent: "password_reset", Tool: "Laptop", Rate: 1.1, Med: 2, Sigma: 1.0,
		Cat: "Access", Sub: "Password Reset", CI: "Laptop", ITGroup: "Desktop Support",
		Titles: []string{"Forgot laptop login password (FileVault)", "MacBook password reset after FileVault lock"},
		Descs:  []string{"Cannot get past the FileVault screen; needs the recovery key.", "Changed the password remotely and the machine does not take it."}},
	{Name: "pw_salesforce", Intent: "password_reset", Tool: "Salesforce", Rate: 0.85, Med: 1, Sigma: 1.0,
		Cat: "Access", Sub: "Password Reset", CI: "Salesforce", ITGroup: "Service Desk",
		Titles: []string{"Salesforce password reset", "Salesforce 2FA reset"},
		Descs:  []string{"Reset link expired before I could use it.", "New phone, the authenticator app is gone."}},
	{Name: "pw_slack", Intent: "password_reset", Tool: "Slack", Rate: 0.85, Med: 1, Sigma: 1.0,
		Cat: "Access", Sub: "Password Reset", CI: "Slack", ITGroup: "Service Desk",
		Titles: []string{"Slack 2FA reset", "Slack password reset - locked out"},
		Descs:  []string{"Lost the 2FA device, please reset.", "Too many attempts, please reset the password."}},

	// account unlocks
	{Name: "unlock_okta", Intent: "account_unlock", Tool: "Okta", Rate: 2.5, Med: 0.5, Sigma: 0.9,
		Cat: "Access", Sub: "Account Locked", CI: "Okta", ITGroup: "Service Desk",
		Titles: []string{"Okta account locked", "Okta account disabled after too many attempts"},
		Descs:  []string{"Account locked after several failed attempts this morning.", "Came back from parental leave and the account is disabled."}},
	{Name: "unlock_jira", Intent: "account_unlock", Tool: "Jira", Rate: 1, Med: 1, Sigma: 0.9,
		Cat: "Access", Sub: "Account Locked", CI: "Jira Cloud", ITGroup: "Service Desk",
		Titles: []string{"Can't log in to Jira", "Jira login not working"},
		Descs:  []string{"Redirect loop after the SSO page.", "Says my account is deactivated."}},
	{Name: "unlock_salesforce", Intent: "account_unlock", Tool: "Salesforce", Rate: 1, Med: 1, Sigma: 0.9,
		Cat: "Access", Sub: "Account Locked", CI: "Salesforce", ITGroup: "Service Desk",
		Titles: []string{"Unlock my Salesforce account", "Salesforce account locked"},
		Descs:  []string{"Locked after a failed sync from my phone.", "Have a customer call in 30 minutes, please hurry."}},
	{Name: "unlock_zoom", Intent: "account_unlock", Tool: "Zoom", Rate: 0.7, Med: 1, Sigma: 0.9,
		Cat: "Access", Sub: "Account Locked", CI: "Zoom", ITGroup: "Service Desk",
		Titles: []string{"Zoom login not working", "Zoom account locked"},
		Descs:  []string{"Single sign-on page loops back to the start.", "Zoom says the account is suspended."}},
	{Name: "unlock_laptop", Intent: "account_unlock", Tool: "Laptop", Rate: 0.8, Med: 2, Sigma: 0.9,
		Cat: "Access", Sub: "Account Locked", CI: "Laptop", ITGroup: "Desktop Support",
		Titles: []string{"Laptop account locked after update", "Laptop account is locked"},
		Descs:  []string{"After the macOS update the local user is locked.", "Too many attempts on the lock screen."}},

	// access requests handled by IT
	{Name: "access_gdrive", Intent: "access_request", Tool: "Google Workspace", Rate: 4, Med: 3, Sigma: 1.1,
		Cat: "Access", Sub: "Access Request", CI: "Google Workspace", ITGroup: "Identity & Access",
		Titles: []string{"Google Drive access: {drive}", "Edit access to {drive} on Google Drive"},
		Descs:  []string{"Please give me edit rights on the {drive} folder, my manager {mgr} approved.", "Need to work on the {drive} files with {first}."}},
	{Name: "access_slack", Intent: "access_request", Tool: "Slack", Rate: 2.5, Med: 2, Sigma: 1.1,
		Cat: "Access", Sub: "Access Request", CI: "Slack", ITGroup: "Identity & Access",
		Titles: []string{"Slack channel access: {channel}", "Invite {first} to {channel} on Slack"},
		Descs:  []string{"It is a private channel, the owner left the company.", "Needed for the project kick-off on Thursday."}},
	{Name: "access_confluence", Intent: "access_request", Tool: "Confluence", Rate: 2, Med: 3, Sigma: 1.1,
		Cat: "Access", Sub: "Access Request", CI: "Confluence Cloud", ITGroup: "Identity & Access",
		Titles: []string{"Confluence space access: {space}", "Need edit permission on {space} in Confluence"},
		Descs:  []string{"Can only view, need to edit pages.", "Space admin is on holiday."}},
	{Name: "access_jira", Intent: "access_request", Tool: "Jira", Rate: 2, Med: 3, Sigma: 1.1,
		Cat: "Access", Sub: "Access Request", CI: "Jira Cloud", ITGroup: "Identity & Access",
		Titles: []string{"Jira project access: {project}", "Grant {first} access to Jira project {project}"},
		Descs:  []string{"Joining the team next sprint.", "Needs to comment on tickets only."}},
	{Name: "access_figma", Intent: "access_request", Tool: "Figma", Rate: 1.5, Med: 3, Sigma: 1.1,
		Cat: "Access", Sub: "Access Request", CI: "Figma", ITGroup: "Identity & Access",
		Titles: []string{"Figma editor access for {first}", "Access to Figma team 'Design System'"},
		Descs:  []string{"Needs to edit the design files for the Q3 launch.", "Viewer only is fine."}},
	{Name: "access_gws_group", Intent: "access_request", Tool: "Google Workspace", Rate: 1.5, Med: 3, Sigma: 1.1,
		Cat: "Access", Sub: "Access Request", CI: "Google Workspace", ITGroup: "Identity & Access",
		Titles: []string{"Google Workspace group membership: {list}@"},
		Descs:  []string{"Please include {first} in the group.", "Moved teams, need the new group."}},
	{Name: "access_zoom", Intent: "access_request", Tool: "Zoom", Rate: 1, Med: 4, Sigma: 1.1,
		Cat: "Access", Sub: "Access Request", CI: "Zoom", ITGroup: "Identity & Access",
		Titles: []string{"Zoom webinar host role for {dept}"},
		Descs:  []string{"We run a customer webinar next week.", "Co-host is not enough for the recording."}},
	{Name: "access_salesforce", Intent: "access_request", Tool: "Salesforce", Rate: 1, Med: 4, Sigma: 1.1,
		Cat: "Access", Sub: "Access Request", CI: "Salesforce", ITGroup: "Identity & Access",
		Titles: []string{"Salesforce access for {first} (new AE)", "Salesforce report folder access"},
		Descs:  []string{"Same profile as the rest of the DACH team.", "Need to see the pipeline reports."}},
	{Name: "access_zendesk", Intent: "access_request", Tool: "Zendesk", Rate: 0.8, Med: 4, Sigma: 1.1,
		Cat: "Access", Sub: "Access Request", CI: "Zendesk", ITGroup: "Identity & Access",
		Titles: []string{"Zendesk agent access for {first}"},
		Descs:  []string{"Starts on the support rota next week."}},
	{Name: "access_looker", Intent: "access_request", Tool: "Looker", Rate: 0.8, Med: 4, Sigma: 1.1,
		Cat: "Access", Sub: "Access Request", CI: "Looker", ITGroup: "Identity & Access",
		Titles: []string{"Looker access to Finance dashboards", "Looker explore access for {first}"},
		Descs:  []string{"For the monthly close.", "Approved by {mgr}."}},

	// access requests that end up with engineers
	{Name: "access_github", Intent: "access_request", Tool: "GitHub", Rate: 4.5, Med: 4, Sigma: 1.2,
		Cat: "Access", Sub: "Access Request", CI: "GitHub", ITGroup: "Identity & Access",
		EngProb: 0.85, EngGroups: []string{"Platform Engineering", "SRE"}, EngWeights: []float64{0.8, 0.2},
		Titles: []string{"Add {first} to the GitHub org", "GitHub org invite for {first}", "GitHub team access: {ghteam}"},
		Descs: []string{"{first} is a new contractor on the {team} team and needs the GitHub org invite.",
			"Please add to the {ghteam} team, approved by {mgr}.", "Needs read on {repo} by Monday."}},
	{Name: "access_aws", Intent: "access_request", Tool: "AWS", Rate: 3.5, Med: 5, Sigma: 1.2,
		Cat: "Access", Sub: "Access Request", CI: "AWS", ITGroup: "Identity & Access",
		EngProb: 0.88, EngGroups: []string{"Platform Engineering", "SRE"}, EngWeights: []float64{0.5, 0.5},
		Titles: []string{"Need AWS IAM role for {env}", "AWS console access for {first} ({env}, read-only)", "IAM role for {repo} CI on AWS"},
		Descs: []string{"Needed to debug the {service} deployment in {env}.", "Read-only is enough, approved by {mgr}.",
			"The pipeline needs to push to the artifacts bucket."}},
	{Name: "access_datadog", Intent: "access_request", Tool: "Datadog", Rate: 2, Med: 4, Sigma: 1.2,
		Cat: "Access", Sub: "Access Request", CI: "Datadog", ITGroup: "Identity & Access",
		EngProb: 0.85, EngGroups: []string{"SRE", "Platform Engineering"}, EngWeights: []float64{0.6, 0.4},
		Titles: []string{"Access to Datadog for {first}", "Datadog admin role for {first}"},
		Descs:  []string{"Joining the on-call rotation for {service}.", "Needs to edit the {team} dashboards."}},
	{Name: "access_repo", Intent: "access_request", Tool: "GitHub", Rate: 2, Med: 4, Sigma: 1.2,
		Cat: "Access", Sub: "Access Request", CI: "GitHub", ITGroup: "Identity & Access",
		EngProb: 0.9, EngGroups: []string{"Platform Engineering", "Backend Engineering"}, EngWeights: []float64{0.7, 0.3},
		Titles: []string{"GitHub write access to {repo}", "GitHub repo access: {repo}"},
		Descs:  []string{"Needs to open PRs against {repo}.", "Moved from {team}, old rights were removed."}},
	{Name: "access_k8s", Intent: "access_request", Tool: "Kubernetes", Rate: 1.2, Med: 5, Sigma: 1.2,
		Cat: "Access", Sub: "Access Request", CI: "Kubernetes (EKS)", ITGroup: "Identity & Access",
		EngProb: 0.9, EngGroups: []string{"SRE", "Platform Engineering"}, EngWeights: []float64{0.7, 0.3},
		Titles: []string{"kubectl access to {env} cluster", "Kubernetes namespace access for the {team} team"},
		Descs:  []string{"Needed to read pod logs for {service}.", "Read-only is fine."}},
	{Name: "access_snowflake", Intent: "access_request", Tool: "Snowflake", Rate: 1, Med: 5, Sigma: 1.2,
		Cat: "Access", Sub: "Access Request", CI: "Snowflake", ITGroup: "Identity & Access",
		EngProb: 0.85, EngGroups: []string{"Data Engineering"}, EngWeights: []float64{1},
		Titles: []string{"Snowflake role for {first} (analyst)", "Snowflake access to FINANCE schema"},
		Descs:  []string{"For the revenue dashboards.", "Approved by {mgr}."}},
	{Name: "access_pagerduty", Intent: "access_request", Tool: "PagerDuty", Rate: 1, Med: 4, Sigma: 1.2,
		Cat: "Access", Sub: "Access Request", CI: "PagerDuty", ITGroup: "Identity & Access",
		EngProb: 0.9, EngGroups: []string{"SRE"}, EngWeights: []float64{1},
		Titles: []string{"PagerDuty access for new on-call engineer", "Invite {first} to the PagerDuty {team} schedule"},
		Descs:  []string{"Starts on-call in two weeks.", "Shadowing the rotation first."}},

	// hardware
	{Name: "hw_laptop", Intent: "hardware", Tool: "Laptop", Rate: 5, Med: 14, Sigma: 1.0,
		Cat: "Hardware", Sub: "Laptop", CI: "Laptop", ITGroup: "Desktop Support",
		Titles: []string{"Laptop battery swelling", "Laptop screen flickering", "MacBook keyboard keys sticking",
			"Laptop very slow, fans constantly on", "Replacement charger for MacBook", "Laptop won't boot after macOS update"},
		Descs: []string{"Started last week, getting worse.", "I'm in the {office} office until Friday.", "Already tried a restart."}},
	{Name: "hw_monitor", Intent: "hardware", Tool: "Laptop", Rate: 2.5, Med: 16, Sigma: 1.0,
		Cat: "Hardware", Sub: "Monitor", ITGroup: "Desktop Support",
		Titles: []string{"Second monitor for home office", "Docking station does not detect monitor", "Monitor flickering at desk on {floor} floor"},
		Descs:  []string{"Tried another cable, same result.", "Approved by {mgr}."}},
	{Name: "hw_headset", Intent: "hardware", Rate: 1.5, Med: 16, Sigma: 1.0,
		Cat: "Hardware", Sub: "Peripheral", ITGroup: "Desktop Support",
		Titles: []string{"Headset for sales calls", "Replacement headset - mic not working"},
		Descs:  []string{"Customers can't hear me properly.", "The old one broke."}},
	{Name: "hw_printer", Intent: "hardware", Tool: "Printer", Rate: 1.5, Med: 6, Sigma: 1.0,
		Cat: "Hardware", Sub: "Printer", CI: "Printer BER-3F", ITGroup: "Desktop Support",
		Titles: []string{"Printer on {floor} floor jammed", "Printer BER-3F out of toner"},
		Descs:  []string{"Paper stuck in tray 2.", "Need to print contracts today."}},
	{Name: "hw_mouse", Intent: "hardware", Rate: 1.5, Med: 10, Sigma: 1.0,
		Cat: "Hardware", Sub: "Peripheral", ITGroup: "Desktop Support",
		Titles: []string{"Replacement mouse, scroll wheel broken"},
		Descs:  []string{"Desk on the {floor} floor."}},

	// app installs
	{Name: "install_docker", Intent: "app_install", Tool: "Docker", Rate: 2, Med: 5, Sigma: 1.0,
		Cat: "Software", Sub: "Installation", CI: "Docker Desktop", ITGroup: "Service Desk",
		Titles: []string{"Install Docker Desktop", "Docker Desktop install fails with 'privileged helper' message"},
		Descs:  []string{"Needed for local development.", "Self Service shows the app but it does nothing."}},
	{Name: "install_figma", Intent: "app_install", Tool: "Figma", Rate: 1.5, Med: 5, Sigma: 1.0,
		Cat: "Software", Sub: "Installation", CI: "Figma", ITGroup: "Service Desk",
		Titles: []string{"Install Figma desktop app"},
		Descs:  []string{"Browser version is too slow for the big files."}},
	{Name: "install_homebrew", Intent: "app_install", Tool: "Laptop", Rate: 2, Med: 6, Sigma: 1.0,
		Cat: "Software", Sub: "Installation", CI: "Laptop", ITGroup: "Service Desk",
		Titles: []string{"Need admin rights on my MacBook to install Homebrew"},
		Descs:  []string{"Only for the setup, can be removed afterwards."}},
	{Name: "install_zoom", Intent: "app_install", Tool: "Zoom", Rate: 1.5, Med: 4, Sigma: 1.0,
		Cat: "Software", Sub: "Installation", CI: "Zoom", ITGroup: "Service Desk",
		Titles: []string{"Zoom client update install fails"},
		Descs:  []string{"Update stops at 80 % every time."}},
	{Name: "install_slack", Intent: "app_install", Tool: "Slack", Rate: 1, Med: 4, Sigma: 1.0,
		Cat: "Software", Sub: "Installation", CI: "Slack", ITGroup: "Service Desk",
		Titles: []string{"Install Slack on new phone"},
		Descs:  []string{"Company phone, managed profile."}},
	{Name: "install_jira", Intent: "app_install", Tool: "Jira", Rate: 1, Med: 4, Sigma: 1.0,
		Cat: "Software", Sub: "Installation", CI: "Jira Cloud", ITGroup: "Service Desk",
		Titles: []string{"Install Jira Cloud app on iPhone"},
		Descs:  []string{"The app store on the managed phone does not show it."}},

	// licences
	{Name: "lic_figma", Intent: "licence_request", Tool: "Figma", Rate: 2, Med: 18, Sigma: 1.0,
		Cat: "Software", Sub: "License", CI: "Figma", ITGroup: "Service Desk",
		Titles: []string{"Figma licence for {first}", "Figma editor seat for new designer"},
		Descs:  []string{"Cost centre {dept}.", "Approved by {mgr}."}},
	{Name: "lic_zoom", Intent: "licence_request", Tool: "Zoom", Rate: 1.5, Med: 18, Sigma: 1.0,
		Cat: "Software", Sub: "License", CI: "Zoom", ITGroup: "Service Desk",
		Titles: []string{"Zoom Pro licence for webinars"},
		Descs:  []string{"Meetings over 40 minutes get cut off."}},
	{Name: "lic_salesforce", Intent: "licence_request", Tool: "Salesforce", Rate: 1.5, Med: 24, Sigma: 1.0,
		Cat: "Software", Sub: "License", CI: "Salesforce", ITGroup: "Service Desk",
		Titles: []string{"Extra Salesforce seat for new SDR"},
		Descs:  []string{"Starts on the 1st."}},
	{Name: "lic_docker", Intent: "licence_request", Tool: "Docker", Rate: 1, Med: 18, Sigma: 1.0,
		Cat: "Software", Sub: "License", CI: "Docker Desktop", ITGroup: "Service Desk",
		Titles: []string{"Docker Desktop licence for {first}"},
		Descs:  []string{"Needed for local development."}},
	{Name: "lic_jira", Intent: "licence_request", Tool: "Jira", Rate: 1, Med: 18, Sigma: 1.0,
		Cat: "Software", Sub: "License", CI: "Jira Cloud", ITGroup: "Service Desk",
		Titles: []string{"Jira Software license for contractor"},
		Descs:  []string{"Contract runs until December."}},

	// joiners and leavers
	{Name: "onboarding", Intent: "onboarding", Rate: 2, Med: 18, Sigma: 0.7,
		Cat: "Inquiry / Help", Sub: "Onboarding", ITGroup: "Service Desk",
		Titles: []string{"New hire onboarding: {newname} starts {start}", "Onboarding: {newname} joins {dept}", "New starter {newname} - hardware and accounts"},
		Descs:  []string{"{newname} joins {dept} {start}. Manager: {mgr}. Please prepare hardware and the standard accounts."}},
	{Name: "offboarding", Intent: "offboarding", Rate: 3, Med: 8, Sigma: 0.8,
		Cat: "Inquiry / Help", Sub: "Offboarding", ITGroup: "Identity & Access",
		Titles: []string{"Offboarding: {name}, last day Friday", "Leaver: revoke all access for {name}"},
		Descs:  []string{"Please collect hardware and disable accounts at 18:00 on the last day.", "Manager: {mgr}."}},

	// network
	{Name: "vpn", Intent: "vpn_network", Tool: "VPN", Rate: 4, Med: 3, Sigma: 1.0,
		Cat: "Network", Sub: "VPN", CI: "GlobalProtect VPN", ITGroup: "Network Ops",
		Titles: []string{"GlobalProtect VPN keeps disconnecting", "Cannot connect to VPN", "VPN connection drops every {mins} minutes",
			"GlobalProtect stuck on 'Connecting'", "VPN very slow from {office}"},
		Descs: []string{"GlobalProtect shows '{vpnerr}' and disconnects. Reconnecting works for a few minutes, then it drops again.",
			"Since this morning I cannot connect to VPN from {office}. The internet works fine otherwise."}},
	{Name: "wifi", Intent: "vpn_network", Tool: "Wi-Fi", Rate: 1, Med: 4, Sigma: 1.0,
		Cat: "Network", Sub: "Wireless", CI: "Office Wi-Fi Berlin", ITGroup: "Network Ops",
		Titles: []string{"Wi-Fi on {floor} floor keeps dropping", "Meeting room {room} Wi-Fi very slow"},
		Descs:  []string{"Several people affected.", "Drops every few minutes since Monday."}},

	// email and calendar
	{Name: "email", Intent: "email_calendar", Tool: "Google Workspace", Rate: 5, Med: 5, Sigma: 1.0,
		Cat: "Software", Sub: "Email", CI: "Google Workspace", ITGroup: "Service Desk",
		Titles: []string{"Calendar invites not syncing in Gmail", "Meeting room {room} missing in Google Calendar",
			"Set up shared Gmail alias for support-de", "Emails to {list}@ bouncing"},
		Descs: []string{"Started after the weekend.", "Customers say they get a bounce message.", "Needed before the launch on Monday."}},

	// security
	{Name: "phishing", Intent: "phishing_report", Rate: 2.5, Med: 2, Sigma: 1.0,
		Cat: "Security", Sub: "Phishing", ITGroup: "Security Operations",
		Titles: []string{"Suspicious email from fake CEO asking for gift cards", "Phishing message pretending to be DHL", "Reported phish: invoice from unknown vendor"},
		Descs:  []string{"Did not click anything. Forwarded as attachment.", "I clicked the link but did not enter anything."}},

	// engineering work that arrives at the service desk
	{Name: "outage", Intent: "outage", Rate: 2, Med: 3, Sigma: 0.9, Calendar: true, Prio: engPrio,
		Cat: "Software", Sub: "Internal Application", ITGroup: "Service Desk",
		EngProb: 0.7, EngGroups: []string{"SRE", "Backend Engineering"}, EngWeights: []float64{0.75, 0.25},
		Titles: []string{"Customer portal returning 502 errors", "Checkout down for customers in AT", "Status page shows degraded API",
			"Customers report incident: invoices not loading"},
		Descs: []string{"Support got {n} calls in the last hour.", "Started around 10:15, several customers affected."}},

	// questions
	{Name: "howto_zoom", Tool: "Zoom", Rate: 1.5, Med: 3, Sigma: 1.0,
		Cat: "Inquiry / Help", Sub: "How-to", CI: "Zoom", ITGroup: "Service Desk",
		Titles: []string{"How do I share my screen in Zoom with sound?", "Zoom recording not showing up in the cloud"},
		Descs:  []string{"Client presentation tomorrow.", "Recorded yesterday's all-hands."}},
	{Name: "howto_slack", Tool: "Slack", Rate: 1.5, Med: 3, Sigma: 1.0,
		Cat: "Inquiry / Help", Sub: "How-to", CI: "Slack", ITGroup: "Service Desk",
		Titles: []string{"Slack notifications not showing on desktop", "Slack huddles have no sound"},
		Descs:  []string{"Do Not Disturb is off.", "Only on the desktop client."}},
	{Name: "howto_confluence", Tool: "Confluence", Rate: 1.5, Med: 4, Sigma: 1.0,
		Cat: "Inquiry / Help", Sub: "How-to", CI: "Confluence Cloud", ITGroup: "Service Desk",
		Titles: []string{"Confluence page export to PDF garbled", "Confluence page history missing"},
		Descs:  []string{"Umlauts come out as question marks.", "Someone overwrote the page."}},
	{Name: "howto_gdrive", Tool: "Google Workspace", Rate: 1.5, Med: 4, Sigma: 1.0,
		Cat: "Inquiry / Help", Sub: "How-to", CI: "Google Workspace", ITGroup: "Service Desk",
		Titles: []string{"Question about Google Drive storage quota", "Google Drive files owned by a former colleague"},
		Descs:  []string{"Says I'm at 98 %.", "They were created by a former colleague."}},
}

// Kinds outside the weekly rates.
var (
	snNotion = []*Kind{
		{Name: "notion_access", Intent: "access_request", Tool: "Notion", Med: 8, Sigma: 1.0, Cat: "Software", Sub: "SaaS Request", ITGroup: "Service Desk",
			Titles: []string{"Can we get Notion access for the design team", "Notion access for {dept}"},
			Descs:  []string{"The {dept} team has been using a free Notion workspace for meeting notes and wants it official.", "Agency partners share their plans in Notion."}},
		{Name: "notion_export", Tool: "Notion", Med: 10, Sigma: 1.0, Cat: "Software", Sub: "SaaS Request", ITGroup: "Service Desk",
			Titles: []string{"Notion workspace export", "Is Notion approved for customer notes?", "Notion: share page with {vendor}"},
			Descs:  []string{"We are moving docs and need everything from the Notion workspace as Markdown.", "Several teams keep their notes in Notion, is that allowed?"}},
		{Name: "notion_licence", Intent: "licence_request", Tool: "Notion", Med: 16, Sigma: 1.0, Cat: "Software", Sub: "SaaS Request", ITGroup: "Service Desk",
			Titles: []string{"Notion licence for {dept}", "Notion licence for Marketing"},
			Descs:  []string{"The free plan ran out of blocks.", "About {n} people would use it."}},
		{Name: "notion_install", Intent: "app_install", Tool: "Notion", Med: 6, Sigma: 1.0, Cat: "Software", Sub: "SaaS Request", ITGroup: "Service Desk",
			Titles: []string{"Install Notion desktop app"},
			Descs:  []string{"Self Service does not have it."}},
	}
	snOnboardingDay = &Kind{Name: "onboarding_day", Intent: "onboarding", Med: 3, Sigma: 0.7,
		Cat: "Inquiry / Help", Sub: "Onboarding", ITGroup: "Service Desk",
		Titles: []string{"New hire onboarding: {newname} starts today", "Onboarding: {newname} joins {dept} today", "New starter {newname}: accounts not ready"},
		Descs:  []string{"{newname} is here for the first day and waits for hardware and accounts. Manager: {mgr}."}}
	snVPNSpike = &Kind{Name: "vpn_spike", Intent: "vpn_network", Tool: "VPN", Med: 2, Sigma: 0.8,
		Cat: "Network", Sub: "VPN", CI: "GlobalProtect VPN", ITGroup: "Network Ops",
		Titles: []string{"GlobalProtect VPN keeps disconnecting", "cannot connect to VPN", "VPN disconnects every {mins} minutes",
			"GlobalProtect stuck on connecting", "VPN extremely slow since this morning", "Cannot connect to GlobalProtect from {office}"},
		Descs: []string{"GlobalProtect shows '{vpnerr}' and disconnects. Reconnecting works for a few minutes.",
			"Same as my colleagues: VPN drops all the time today.", "Tunnel comes up and drops after {mins} minutes, {n} people in our team affected."}}
)

var engGroupTeam = []struct{ group, team string }{
	{"Platform Engineering", "Platform"}, {"SRE", "SRE"}, {"Data Engineering", "Data"}, {"Backend Engineering", "Backend"},
}

func teamOfGroup(g string) string {
	for _, x := range engGroupTeam {
		if x.group == g {
			return x.team
		}
	}
	panic("no team for group " + g)
}

// engPick picks an engineer from a team other than Marta, favouring a few
// regular helpers.
func engPick(r *rand.Rand, org *Org, team string) *Person {
	var ms []*Person
	for _, p := range org.team(team) {
		if p != org.Marta {
			ms = append(ms, p)
		}
	}
	w := make([]float64, len(ms))
	for i := range w {
		w[i] = 1 / float64(i+1)
	}
	return ms[weighted(r, w)]
}

// martaShare is the probability that an IT-type ticket handled by engineering
// lands with Marta Kowalski.
const martaShare = 0.5

func resolveAfter(r *rand.Rand, k *Kind, from time.Time, wfrom, wto int) time.Time {
	h := lognormal(r, k.Med, k.Sigma)
	if k.Calendar {
		return from.Add(time.Duration(h * float64(time.Hour))).Truncate(time.Second)
	}
	return addWork(from, h, wfrom, wto).Add(time.Duration(r.IntN(60)) * time.Second)
}

func genServiceNow(org *Org) []*Ticket {
	r := newRand(2)
	mk := func(k *Kind, created time.Time) *Ticket { return snTicket(r, org, k, created) }
	// onboarding days bring a wave of new starters; every week a few
	// teams ask about Notion
	out := drawWith(r, snKinds, mk, func(dt time.Time) []*Ticket {
		var extra []*Ticket
		if isOnboardingDay(dt) {
			for n := 10 + r.IntN(7); n > 0; n-- {
				extra = append(extra, mk(snOnboardingDay, dt.Add(time.Duration(7*60+30+r.IntN(150))*time.Minute+time.Duration(r.IntN(60))*time.Second)))
			}
		}
		if dt.Weekday() == time.Monday {
			for n := 2 + r.IntN(3); n > 0; n-- {
				k := snNotion[weighted(r, []float64{4, 3, 2, 1})]
				t := mk(k, timeOfDay(r, dt.AddDate(0, 0, r.IntN(5))))
				t.Notion = true
				extra = append(extra, t)
			}
		}
		return extra
	})
	addVPNSpike(r, &out, 8, func(created time.Time) *Ticket {
		t := mk(snVPNSpike, created)
		if r.IntN(3) == 0 {
			t.Priority = 2
		}
		return t
	}, func(t *Ticket) { finishState(r, t) })
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	for i, t := range out {
		t.Number = fmt.Sprintf("INC%07d", 10001+i)
	}
	return out
}

func isOnboardingDay(d time.Time) bool {
	// the first working day of the month's first week starting on a Monday
	first := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, berlin)
	for first.Weekday() != time.Monday {
		first = first.AddDate(0, 0, 1)
	}
	for !isWorkday(first) {
		first = first.AddDate(0, 0, 1)
	}
	return first.Equal(d)
}

// addVPNSpike adds tickets in ISO week 2026-W23 so that VPN tickets there
// reach factor times the median of the other weeks. The gateway is fixed on
// Thursday 2026-06-04 at 16:00, which resolves what was opened before.
func addVPNSpike(r *rand.Rand, out *[]*Ticket, factor int, mk func(time.Time) *Ticket, finish func(*Ticket)) {
	counts := make([]int, numDays/7)
	for _, t := range *out {
		if t.Tool == "VPN" {
			counts[weekIndex(t.Created)]++
		}
	}
	spikeWeek := weekIndex(vpnWeek)
	var others []int
	for i, c := range counts {
		if i != spikeWeek {
			others = append(others, c)
		}
	}
	sort.Ints(others)
	median := others[len(others)/2]
	if median < 1 {
		median = 1
	}
	extra := factor*median - counts[spikeWeek]
	fix := time.Date(2026, 6, 4, 16, 0, 0, 0, berlin)
	for i := 0; i < extra; i++ {
		dt := vpnWeek.AddDate(0, 0, weighted(r, []float64{1, 3.5, 3, 1.5, 0.7, 0.15, 0.15}))
		t := mk(timeOfDay(r, dt))
		t.Spike = true
		if t.Created.Before(fix) && !t.Open {
			t.Resolved = addWork(fix, lognormal(r, 0.7, 0.8), 8, 18).Add(time.Duration(r.IntN(60)) * time.Second)
			finish(t)
		}
		*out = append(*out, t)
	}
}

var snContact = []string{"Self-service", "Email", "Phone", "Chat", "Walk-in"}
var snContactW = []float64{55, 20, 10, 10, 5}

func snTicket(r *rand.Rand, org *Org, k *Kind, created time.Time) *Ticket {
	req := org.anyone(r)
	f := newFiller(r, org, req)
	t := &Ticket{Src: "servicenow", Kind: k, Intent: k.Intent, Tool: k.Tool, Created: created, Requester: req,
		Title: f.fill(pick(r, k.Titles)), Desc: f.fill(pick(r, k.Descs)),
		Category: k.Cat, Subcategory: k.Sub, CI: k.CI, Notion: k.Tool == "Notion"}
	t.Contact = snContact[weighted(r, snContactW)]
	if t.Contact == "Email" && r.IntN(4) == 0 {
		t.Desc = windowsify(t.Desc, req)
	}
	prio := k.Prio
	if prio == nil {
		prio = itPrio
	}
	t.Priority = 1 + weighted(r, prio)
	routeWith(r, org, t, k, []float64{80, 17, 3}, []float64{84, 13, 3})
	if t.EngHandle && r.IntN(20) == 0 {
		t.Reassign = 0 // assigned to engineering straight away
	}
	// lifecycle
	if !k.Calendar && r.IntN(50) == 0 && k.Tool != "VPN" {
		t.Canceled = true
		t.Closed = created.Add(time.Duration(lognormal(r, 2, 1)*3600) * time.Second)
		if t.Closed.After(cutoff) {
			t.Canceled = false
		}
	}
	if !t.Canceled {
		t.Resolved = resolveAfter(r, k, created, 8, 18)
		if r.IntN(1000) < 35 {
			t.Reopen = 1
			if r.IntN(6) == 0 {
				t.Reopen = 2
			}
			for i := 0; i < t.Reopen; i++ {
				t.Resolved = addWork(t.Resolved, lognormal(r, 6, 1), 8, 18)
			}
		}
		if t.Resolved.After(cutoff) || r.IntN(1000) < 38 {
			t.Open, t.Resolved = true, time.Time{}
		}
	}
	finishState(r, t)
	return t
}

// finishState sets the ServiceNow state, closed and updated times.
func finishState(r *rand.Rand, t *Ticket) {
	jitter := func() time.Duration { return time.Duration(r.IntN(3600)) * time.Second }
	switch {
	case t.Canceled:
		t.State = "Canceled"
		t.Updated = t.Closed
	case t.Open:
		t.Closed = time.Time{}
		switch {
		case cutoff.Sub(t.Created) < 20*time.Hour && r.IntN(2) == 0:
			t.State, t.Assignee = "New", nil
		case r.IntN(3) == 0:
			t.State = "On Hold"
		default:
			t.State = "In Progress"
		}
		span := cutoff.Sub(t.Created)
		t.Updated = t.Created.Add(time.Duration(r.Int64N(int64(span/time.Second)+1)) * time.Second)
	default:
		t.Closed = t.Resolved.AddDate(0, 0, 7).Add(jitter())
		if t.Closed.After(cutoff) {
			t.State, t.Closed = "Resolved", time.Time{}
			t.Updated = t.Resolved.Add(time.Duration(r.IntN(60)) * time.Second)
		} else {
			t.State = "Closed"
			t.Updated = t.Closed
		}
	}
}

var snPriority = []string{"", "1 - Critical", "2 - High", "3 - Moderate", "4 - Low"}

// slaHours is the resolution target per priority, in business hours.
var slaHours = []float64{0, 4, 8, 24, 40}

func snDuration(d time.Duration) string {
	s := int64(d / time.Second)
	if s <= 0 {
		return "0 Seconds"
	}
	parts := []struct {
		n    int64
		unit string
	}{{s / 86400, "Day"}, {s % 86400 / 3600, "Hour"}, {s % 3600 / 60, "Minute"}, {s % 60, "Second"}}
	var out []string
	for _, p := range parts {
		if p.n == 0 {
			continue
		}
		u := p.unit
		if p.n != 1 {
			u += "s"
		}
		out = append(out, fmt.Sprintf("%d %s", p.n, u))
	}
	return strings.Join(out, " ")
}

const snTime = "2006-01-02 15:04:05"

func fmtOr(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(layout)
}

var snHeader = []string{"number", "short_description", "description", "state", "priority", "opened_at", "resolved_at", "closed_at",
	"sys_updated_on", "caller_id", "assignment_group", "assigned_to", "category", "subcategory", "cmdb_ci", "contact_type",
	"reassignment_count", "reopen_count", "made_sla", "business_duration"}

// snFields is an incident's fields by ServiceNow field name, as display
// values. Every incident export (the list export, the update history, the
// Lisbon instance) picks its columns from it.
func snFields(t *Ticket) map[string]string {
	var dur string
	var biz time.Duration
	if !t.Resolved.IsZero() {
		biz = workBetween(t.Created, t.Resolved, 9, 17)
		dur = snDuration(biz)
	} else if t.Open {
		biz = workBetween(t.Created, cutoff, 9, 17)
	}
	made := t.Canceled || biz.Hours() <= slaHours[t.Priority]
	return map[string]string{
		"number":             t.Number,
		"short_description":  t.Title,
		"description":        t.Desc,
		"state":              t.State,
		"priority":           snPriority[t.Priority],
		"opened_at":          fmtOr(t.Created, snTime),
		"resolved_at":        fmtOr(t.Resolved, snTime),
		"closed_at":          fmtOr(t.Closed, snTime),
		"sys_updated_on":     fmtOr(t.Updated, snTime),
		"caller_id":          t.Requester.Name,
		"assignment_group":   t.Group,
		"assigned_to":        personName(t.Assignee),
		"category":           t.Category,
		"subcategory":        t.Subcategory,
		"cmdb_ci":            t.CI,
		"contact_type":       t.Contact,
		"reassignment_count": fmt.Sprint(t.Reassign),
		"reopen_count":       fmt.Sprint(t.Reopen),
		"made_sla":           fmt.Sprint(made),
		"business_duration":  dur,
	}
}

// fieldsIn lists the values of fields in the order of header.
func fieldsIn(fields map[string]string, header []string) []string {
	out := make([]string, len(header))
	for i, h := range header {
		out[i] = field(fields, h)
	}
	return out
}

// field is the value of one field; a name that is not there is a bug in
// an export's column list.
func field(fields map[string]string, name string) string {
	v, ok := fields[name]
	if !ok {
		panic("no ServiceNow field " + name)
	}
	return v
}

// snRecord is an incident's row in the list export (snHeader).
func snRecord(t *Ticket) []string { return fieldsIn(snFields(t), snHeader) }
