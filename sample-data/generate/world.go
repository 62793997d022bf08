package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
	_ "time/tzdata" // the same zone rules on every machine
)

// The calendar of the sample: 30 weeks, Monday 2026-03-02 to Sunday 2026-09-27,
// Europe/Berlin (the switch to summer time on 2026-03-29 falls inside).
const (
	numDays  = 210
	seedHigh = 0x4E6F72746877696E // "Northwin"
)

var (
	berlin   = mustZone("Europe/Berlin")
	firstDay = time.Date(2026, 3, 2, 0, 0, 0, 0, berlin)
	// cutoff is when the exports were taken: Monday morning after the last week.
	cutoff = time.Date(2026, 9, 28, 8, 0, 0, 0, berlin)
	// Public holidays in Berlin inside the range.
	holidays = []string{"2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14", "2026-05-25"}
	// vpnWeek is the Monday of ISO week 2026-W23, the VPN incident week.
	vpnWeek = time.Date(2026, 6, 1, 0, 0, 0, 0, berlin)
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func newRand(stream uint64) *rand.Rand { return rand.New(rand.NewPCG(seedHigh, stream)) }

func day(i int) time.Time { return firstDay.AddDate(0, 0, i) }

func isHoliday(t time.Time) bool {
	d := t.Format("2006-01-02")
	for _, h := range holidays {
		if h == d {
			return true
		}
	}
	return false
}

func isWorkday(t time.Time) bool {
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday && !isHoliday(t)
}

// dayFactor scales a weekly rate (spread over five workdays) to one day.
func dayFactor(t time.Time) float64 {
	f := [...]float64{0.05, 1.15, 1.05, 1.0, 1.0, 0.8, 0.08}[t.Weekday()]
	if isHoliday(t) {
		f = 0.08
	}
	if m := t.Month(); m == time.July || m == time.August {
		f *= 0.85
	}
	return f / 5
}

// weekIndex is the 0-based week of the sample a local time falls in.
func weekIndex(t time.Time) int {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, berlin)
	days := int(math.Round(d.Sub(firstDay).Hours() / 24))
	return days / 7
}

func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// lognormal draws a value with the given median and log-space sigma.
func lognormal(r *rand.Rand, median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// weighted picks an index by weight.
func weighted(r *rand.Rand, w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	v := r.Float64() * total
	for i, x := range w {
		if v < x {
			return i
		}
		v -= x
	}
	return len(w) - 1
}

// timeOfDay draws a local creation time on day d: office hours on workdays,
// spread out on weekends and holidays.
func timeOfDay(r *rand.Rand, d time.Time) time.Time {
	var h int
	if isWorkday(d) {
		h = 7 + weighted(r, []float64{1, 4, 10, 12, 11, 7, 9, 11, 10, 8, 5, 2, 1, 1, 1, 0.5})
	} else {
		h = 9 + r.IntN(13)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), h, r.IntN(60), r.IntN(60), 0, berlin)
}

// addWork adds hours of working time (workdays between from:00 and to:00).
func addWork(t time.Time, hours float64, from, to int) time.Time {
	left := time.Duration(hours * float64(time.Hour))
	for i := 0; i < 4000; i++ {
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, berlin)
		start := time.Date(d.Year(), d.Month(), d.Day(), from, 0, 0, 0, berlin)
		end := time.Date(d.Year(), d.Month(), d.Day(), to, 0, 0, 0, berlin)
		if !isWorkday(d) || !t.Before(end) {
			t = start.AddDate(0, 0, 1)
			continue
		}
		if t.Before(start) {
			t = start
		}
		if avail := end.Sub(t); left <= avail {
			return t.Add(left)
		} else {
			left -= avail
			t = start.AddDate(0, 0, 1)
		}
	}
	return t
}

// workBetween is the working time between a and b (workdays, from:00-to:00).
func workBetween(a, b time.Time, from, to int) time.Duration {
	var total time.Duration
	d := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, berlin)
	for !d.After(b) {
		if isWorkday(d) {
			s := time.Date(d.Year(), d.Month(), d.Day(), from, 0, 0, 0, berlin)
			e := time.Date(d.Year(), d.Month(), d.Day(), to, 0, 0, 0, berlin)
			if a.After(s) {
				s = a
			}
			if b.Before(e) {
				e = b
			}
			if e.After(s) {
				total += e.Sub(s)
			}
		}
		d = d.AddDate(0, 0, 1)
	}
	return total
}

// Person is one employee of Northwind Labs.
type Person struct {
	Name      string
	First     string
	Team      string // Platform, Backend, ..., IT Service Desk, Security, Sales, ...
	Group     string // IT staff: the ServiceNow group they work in
	AccountID string // Jira Cloud account id
}

// personName is p's name, or "" for no one (an unassigned ticket).
func personName(p *Person) string {
	if p == nil {
		return ""
	}
	return p.Name
}

// Org is the company.
type Org struct {
	People   []*Person
	ByTeam   map[string][]*Person // only read by key, never ranged over
	Marta    *Person
	NewHires []string // names of people who join during the sample

	logins map[*Person]string // GitHub logins, made on first use
}

var engTeams = []string{"Platform", "Backend", "Frontend", "Mobile", "Data", "SRE"}
var otherTeams = []string{"Sales", "Marketing", "Finance", "People", "Support"}

var firstNames = []string{
	"Anna", "Ben", "Clara", "David", "Elena", "Felix", "Greta", "Hannah", "Ivan", "Julia",
	"Karim", "Lena", "Maximilian", "Nina", "Oskar", "Paula", "Quentin", "Rosa", "Stefan", "Tara",
	"Uwe", "Vera", "Wei", "Xenia", "Yusuf", "Zara", "Amir", "Bianca", "Carlos", "Daria",
	"Emil", "Fatima", "Georg", "Helena", "Ines", "Jakob", "Katarina", "Luca", "Mia", "Noah",
	"Olga", "Pedro", "Rahul", "Sofia", "Timo", "Ursula", "Viktor", "Yara", "Aisha", "Bruno",
	"Chen", "Dominik", "Eva", "Finn", "Gabriel", "Hugo", "Isabel", "Jonas", "Kai", "Laura",
	"Mehmet", "Nora", "Omar", "Pia", "Ruben", "Sara", "Tobias", "Vanessa", "Alina", "Leon",
	"Marie", "Paul", "Sven", "Theresa", "Ayşe", "Mateo", "Nadia", "Priya", "Ravi", "Sun-hee",
	"Kenji", "Aiko", "Tomás", "Ingrid", "Lukas", "Johanna", "Niklas", "Svenja", "Moritz", "Leonie",
}

var lastNames = []string{
	"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
	"Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
	"Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Maier", "Huber", "Kaiser", "Fuchs",
	"Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Vogel", "Friedrich", "Keller",
	"Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht",
	"Santos", "Silva", "Costa", "Rossi", "Bianchi", "Nowak", "Kowalczyk", "Novák", "Horvat", "Popescu",
	"Yilmaz", "Demir", "Şahin", "Öztürk", "Nguyen", "Tran", "Kim", "Park", "Tanaka", "Sato",
	"Patel", "Sharma", "Gupta", "Iyer", "Okafor", "Mensah", "O'Connor", "Murphy", "García", "Fernández",
	"Johansson", "Andersen", "Virtanen", "Dubois", "Moreau", "Lefèvre", "van Dijk", "de Vries", "Jansen", "Haas",
}

// fixedPeople are named in the README or planted on purpose.
var fixedPeople = []struct{ name, team, group string }{
	{"Marta Kowalski", "Platform", ""},
	{"Daniel Okoye", "Platform", ""},
	{"Tomasz Wiśniewski", "Platform", ""},
	{"Björn Lindqvist", "SRE", ""},
	{"Ana Ribeiro", "SRE", ""},
	{"Søren Madsen", "Data", ""},
	{"Łukasz Nowicki", "Backend", ""},
	{"Chloé Martin", "Frontend", ""},
	{"José Álvarez", "Support", ""},
	{"Zoë Hartley", "Marketing", ""},
	{"François Dubois", "Finance", ""},
	{"Jonas Becker", "IT Service Desk", "Service Desk"},
	{"Aylin Demir", "IT Service Desk", "Service Desk"},
	{"Kevin Schulz", "IT Service Desk", "Service Desk"},
	{"Mareike Brandt", "IT Service Desk", "Desktop Support"},
	{"Ole Jensen", "IT Service Desk", "Desktop Support"},
	{"Sabine Vogt", "IT Service Desk", "Identity & Access"},
	{"Rafael Ortega", "IT Service Desk", "Identity & Access"},
	{"Henrik Nilsson", "IT Service Desk", "Network Ops"},
	{"Ines Carvalho", "Security", "Security Operations"},
	{"Malte Jürgens", "Security", "Security Operations"},
	{"Farah Haddad", "Security", "Security Operations"},
	{"Georg Lindner", "Security", "Security Operations"},
	{"Emma Wright", "Security", "Security Operations"},
}

var teamSizes = []struct {
	team string
	n    int
}{
	{"Platform", 20}, {"Backend", 30}, {"Frontend", 22}, {"Mobile", 16}, {"Data", 16}, {"SRE", 16},
	{"IT Service Desk", 8}, {"Security", 5},
	{"Sales", 90}, {"Marketing", 42}, {"Finance", 35}, {"People", 30}, {"Support", 70},
}

func accountID(name string, old bool) string {
	sum := sha256.Sum256([]byte("northwind:" + name))
	h := hex.EncodeToString(sum[:])
	if old {
		return "5" + h[:23]
	}
	return fmt.Sprintf("712020:%s-%s-%s-%s-%s", h[:8], h[8:12], h[12:16], h[16:20], h[20:32])
}

func buildOrg() *Org {
	r := newRand(1)
	o := &Org{ByTeam: map[string][]*Person{}}
	used := map[string]bool{}
	add := func(name, team, group string) *Person {
		p := &Person{Name: name, First: strings.Fields(name)[0], Team: team, Group: group}
		p.AccountID = accountID(name, r.IntN(3) == 0)
		used[name] = true
		o.People = append(o.People, p)
		o.ByTeam[team] = append(o.ByTeam[team], p)
		return p
	}
	for _, f := range fixedPeople {
		p := add(f.name, f.team, f.group)
		if f.name == "Marta Kowalski" {
			o.Marta = p
		}
	}
	fresh := func() string {
		for {
			n := pick(r, firstNames) + " " + pick(r, lastNames)
			if !used[n] {
				used[n] = true
				return n
			}
		}
	}
	for _, ts := range teamSizes {
		for len(o.ByTeam[ts.team]) < ts.n {
			add(fresh(), ts.team, "")
		}
	}
	for i := 0; i < 80; i++ {
		o.NewHires = append(o.NewHires, fresh())
	}
	return o
}

// team returns the members of a team.
func (o *Org) team(name string) []*Person { return o.ByTeam[name] }

// engineers returns all engineers.
func (o *Org) engineers() []*Person {
	var out []*Person
	for _, t := range engTeams {
		out = append(out, o.ByTeam[t]...)
	}
	return out
}

func (o *Org) groupMembers(group string) []*Person {
	var out []*Person
	for _, p := range o.People {
		if p.Group == group {
			out = append(out, p)
		}
	}
	return out
}

func (o *Org) byName(name string) *Person {
	for _, p := range o.People {
		if p.Name == name {
			return p
		}
	}
	panic("no person " + name)
}

// anyone picks a requester from the whole company, engineers slightly more
// often than their headcount (they ask for more access).
func (o *Org) anyone(r *rand.Rand) *Person {
	if r.IntN(100) < 38 {
		return pick(r, o.engineers())
	}
	return pick(r, o.People)
}
