package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Slack: the workspace export (Workspace settings > Import/Export Data) of
// #it-help, #ask-platform and #random. Requests the help desk logged carry
// their HD- key in the thread; many more are answered in the thread and
// never become tickets, most of them by Marta Kowalski in #ask-platform.
// #random is in the export but is not a help channel.

const slackTeam = "T02NWLABS"

type slackMsg struct {
	ch      string
	at      time.Time
	user    *Person
	text    string
	thread  *slackMsg // nil for a root message
	replies []*slackMsg
	subtype string
	ts      string
}

// Untracked requests: asked in a help channel, answered there, never a ticket.
var slackAsks = []struct {
	ch, ask, answer string
	eng             bool // answered by engineering (else by the service desk)
	marta           float64
}{
	{"ask-platform", "quick q: how do I get read access to the {repo} repo?", "added you to platform-readers, should work now", true, 0.7},
	{"ask-platform", "can someone add {first} to the {ghteam} team on GitHub?", "done :white_check_mark:", true, 0.75},
	{"ask-platform", "anyone know why the {service} deploy is stuck in {env}?", "runner pool was full, kicked it, try again", true, 0.35},
	{"ask-platform", "is there a way to get a temporary AWS role for {env}? just need to look at one bucket", "granted for 8h via the break-glass role, expires tonight", true, 0.6},
	{"ask-platform", "my kubectl context for {env} stopped working after the cluster upgrade", "re-run `aws eks update-kubeconfig`, the endpoint changed", true, 0.5},
	{"ask-platform", "who can give {first} Datadog access? they start on-call next week", "invited, they need to accept the mail", true, 0.55},
	{"ask-platform", "CI says my GitHub token expired, where do I renew it?", "SSO re-auth in the org settings, then re-run", true, 0.7},
	{"ask-platform", "can you bump the disk on the {env} runners? builds keep failing on space", "bumped to 200 GB", true, 0.4},
	{"it-help", "github keeps asking me to re-authorise SSO every morning, is that normal?", "fixed the session policy on our side, should stick now", true, 0.8},
	{"it-help", "is the wifi on the {floor} floor slow for anyone else?", "looking at the access point now", false, 0},
	{"it-help", "how do I get Okta Verify on my new phone without locking myself out?", "DM'd you the steps, shout if it fails", false, 0},
	{"it-help", "printer on {floor} floor says toner low, is someone on it?", "new toner is in the cupboard next to it", false, 0},
}

var slackRandom = []string{"cake in the {room} room :birthday:", "who's up for table tennis at 5?", "lunch at the Vietnamese place?",
	"the coffee machine on the {floor} floor is fixed!", "anyone going to the meetup on Thursday?", "happy Friday everyone :tada:"}

func genSlack(org *Org, helpdesk []*Ticket) []*slackMsg {
	r := newRand(14)
	var roots []*slackMsg
	reply := func(root *slackMsg, after time.Duration, user *Person, text string) *slackMsg {
		last := root.at
		if n := len(root.replies); n > 0 {
			last = root.replies[n-1].at
		}
		m := &slackMsg{ch: root.ch, at: last.Add(after), user: user, text: text, thread: root}
		if m.at.After(cutoff) {
			return nil
		}
		root.replies = append(root.replies, m)
		return m
	}
	// requests the help desk logged
	for _, t := range helpdesk {
		ch := strings.TrimPrefix(t.Channel, "#")
		if ch != "it-help" && ch != "ask-platform" {
			continue
		}
		root := &slackMsg{ch: ch, at: t.Created.Add(-time.Duration(30+r.IntN(240)) * time.Second), user: t.Requester, text: t.Title + "\n" + t.Desc}
		roots = append(roots, root)
		agent := t.Assignee
		if agent == nil {
			agent = pick(r, org.groupMembers("Service Desk"))
		}
		reply(root, time.Duration(2+r.IntN(15))*time.Minute, agent, pick(r, []string{
			"logged as " + t.Number + ", we'll pick it up there", "I've opened " + t.Number + " for this", t.Number + " :eyes:"}))
		if !t.Resolved.IsZero() && r.IntN(2) == 0 && len(root.replies) > 0 {
			if last := root.replies[len(root.replies)-1].at; t.Resolved.After(last) {
				reply(root, t.Resolved.Sub(last), agent, "done, closing "+t.Number)
			}
			if r.IntN(2) == 0 && len(root.replies) > 1 {
				reply(root, time.Duration(1+r.IntN(30))*time.Minute, t.Requester, pick(r, []string{"thanks!", "works now, thank you :pray:"}))
			}
		}
	}
	// requests answered in the thread that never became tickets
	for d := 0; d < numDays; d++ {
		dt := day(d)
		n := poisson(r, 9*dayFactor(dt))
		for ; n > 0; n-- {
			a := slackAsks[weighted(r, []float64{14, 12, 8, 6, 5, 5, 6, 4, 4, 4, 4, 3})]
			asker := org.anyone(r)
			f := newFiller(r, org, asker)
			root := &slackMsg{ch: a.ch, at: timeOfDay(r, dt), user: asker, text: f.fill(a.ask)}
			var who *Person
			switch {
			case a.eng && r.Float64() < a.marta:
				who = org.Marta
			case a.eng && strings.Contains(a.ask, "deploy") || strings.Contains(a.ask, "kubectl") || strings.Contains(a.ask, "Datadog"):
				who = engPick(r, org, "SRE")
			case a.eng:
				who = engPick(r, org, "Platform")
			case strings.Contains(a.ask, "wifi"):
				who = org.byName("Henrik Nilsson")
			case strings.Contains(a.ask, "printer"):
				who = pick(r, org.groupMembers("Desktop Support"))
			default:
				who = pick(r, org.groupMembers("Service Desk"))
			}
			if who == asker {
				continue
			}
			roots = append(roots, root)
			wait := time.Duration(lognormal(r, 12, 1.0) * float64(time.Minute))
			switch {
			case a.eng && r.IntN(7) == 0:
				// the engineer asks for a ticket: the thread is tracked
				reply(root, wait, who, "can you put this in the ITSD portal? then it's tracked :pray:")
				reply(root, time.Duration(3+r.IntN(20))*time.Minute, asker, fmt.Sprintf("sure, ITSD-%d", 1+r.IntN(300)))
			default:
				reply(root, wait, who, f.fill(a.answer))
				if r.IntN(3) > 0 {
					reply(root, time.Duration(1+r.IntN(20))*time.Minute, asker, pick(r, []string{"thanks!", "ty :pray:", "that worked, thanks", ":raised_hands:"}))
				}
			}
		}
		// the VPN week floods #it-help
		if !dt.Before(vpnWeek) && dt.Before(vpnWeek.AddDate(0, 0, 4)) {
			for n := 2 + r.IntN(3); n > 0; n-- {
				asker := org.anyone(r)
				root := &slackMsg{ch: "it-help", at: timeOfDay(r, dt), user: asker,
					text: pick(r, []string{"vpn down for anyone else?", "GlobalProtect keeps dropping :sob:", "is the vpn broken again?"})}
				roots = append(roots, root)
				reply(root, time.Duration(2+r.IntN(20))*time.Minute, org.byName("Henrik Nilsson"),
					"known issue with the fra-gw-01 gateway, we're on it. Status in the #it-help topic.")
			}
		}
		if isWorkday(dt) && r.IntN(3) == 0 {
			asker := pick(r, org.People)
			f := newFiller(r, org, asker)
			roots = append(roots, &slackMsg{ch: "random", at: timeOfDay(r, dt), user: asker, text: f.fill(pick(r, slackRandom))})
		}
	}
	// joins in the first week
	for i, p := range []*Person{org.byName("Jonas Becker"), org.Marta, org.byName("Aylin Demir")} {
		ch := []string{"it-help", "ask-platform", "it-help"}[i]
		roots = append(roots, &slackMsg{ch: ch, at: firstDay.Add(time.Duration(8*60+i*7) * time.Minute), user: p,
			text: fmt.Sprintf("<@%s> has joined the channel", slackID(p)), subtype: "channel_join"})
	}
	sort.SliceStable(roots, func(i, j int) bool { return roots[i].at.Before(roots[j].at) })
	// Slack timestamps: seconds with a per-channel sequence in the micros
	var all []*slackMsg
	for _, m := range roots {
		all = append(all, m)
		all = append(all, m.replies...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].at.Before(all[j].at) })
	seq := map[string]int{}
	for _, m := range all {
		seq[m.ch]++
		m.ts = fmt.Sprintf("%d.%06d", m.at.Unix(), 100+seq[m.ch]%900000)
	}
	return all
}

var slackChannels = []struct{ id, name, purpose string }{
	{"C04HELPIT01", "it-help", "Ask IT anything: accounts, laptops, Wi-Fi, VPN. Urgent? Call the Service Desk."},
	{"C04ASKPLAT2", "ask-platform", "Questions for the Platform team: CI, GitHub, AWS, Kubernetes."},
	{"C04RANDOM03", "random", "Non-work banter and water cooler conversation"},
}

func slackUserJSON(org *Org, p *Person) obj {
	first, _, _ := strings.Cut(p.Name, " ")
	return obj{{"id", slackID(p)}, {"team_id", slackTeam}, {"name", snowUser(p)}, {"deleted", false}, {"real_name", p.Name},
		{"tz", "Europe/Berlin"}, {"profile", obj{{"title", p.Team}, {"real_name", p.Name}, {"display_name", first}, {"email", email(p)}}},
		{"is_admin", p == org.Marta}, {"is_bot", false}}
}

// slackFiles writes the export: channels.json, users.json and a file per
// channel and day (UTC) with messages.
func slackFiles(org *Org, msgs []*slackMsg) []file {
	var files []file
	var chans []any
	for _, c := range slackChannels {
		chans = append(chans, obj{{"id", c.id}, {"name", c.name}, {"created", 1609459200}, {"creator", slackID(org.byName("Jonas Becker"))},
			{"is_archived", false}, {"is_general", false}, {"pins", []any{}},
			{"topic", obj{{"value", ""}, {"creator", ""}, {"last_set", 0}}},
			{"purpose", obj{{"value", c.purpose}, {"creator", slackID(org.byName("Jonas Becker"))}, {"last_set", 1609459200}}}})
	}
	files = append(files, file{"slack/channels.json", slackIndent(chans)})
	var users []any
	for _, p := range org.People {
		users = append(users, slackUserJSON(org, p))
	}
	files = append(files, file{"slack/users.json", slackIndent(users)})
	type dayKey struct{ ch, day string }
	byDay := map[dayKey][]any{}
	var keys []dayKey
	for _, m := range msgs {
		first, _, _ := strings.Cut(m.user.Name, " ")
		o := obj{{"type", "message"}}
		if m.subtype != "" {
			o = append(o, kv{"subtype", m.subtype})
		}
		o = append(o, kv{"text", m.text}, kv{"user", slackID(m.user)}, kv{"ts", m.ts},
			kv{"user_profile", obj{{"real_name", m.user.Name}, {"display_name", first}}})
		switch {
		case m.thread != nil:
			o = append(o, kv{"thread_ts", m.thread.ts}, kv{"parent_user_id", slackID(m.thread.user)})
		case len(m.replies) > 0:
			var users []string
			seen := map[string]bool{}
			var reps []any
			for _, x := range m.replies {
				if id := slackID(x.user); !seen[id] {
					seen[id] = true
					users = append(users, id)
				}
				reps = append(reps, obj{{"user", slackID(x.user)}, {"ts", x.ts}})
			}
			o = append(o, kv{"thread_ts", m.ts}, kv{"reply_count", len(m.replies)}, kv{"reply_users_count", len(users)},
				kv{"latest_reply", m.replies[len(m.replies)-1].ts}, kv{"reply_users", users}, kv{"replies", reps},
				kv{"is_locked", false}, kv{"subscribed", false})
		}
		k := dayKey{m.ch, m.at.UTC().Format("2006-01-02")}
		if _, ok := byDay[k]; !ok {
			keys = append(keys, k)
		}
		byDay[k] = append(byDay[k], o)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].ch != keys[j].ch {
			return keys[i].ch < keys[j].ch
		}
		return keys[i].day < keys[j].day
	})
	for _, k := range keys {
		files = append(files, file{fmt.Sprintf("slack/%s/%s.json", k.ch, k.day), slackIndent(byDay[k])})
	}
	return files
}

// slackIndent writes JSON the way Slack's export does: four spaces.
func slackIndent(v any) []byte {
	var b bytes.Buffer
	if err := json.Indent(&b, mustJSON(v), "", "    "); err != nil {
		panic(err)
	}
	return b.Bytes()
}
