package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// The same people appear under other names in other systems: a ServiceNow
// user id, an e-mail address, a GitHub login, a Slack member id. All are
// derived from the name, without drawing random numbers, so the existing
// exports stay as they are.

var foldMap = map[rune]string{
	'ä': "ae", 'ö': "oe", 'ü': "ue", 'ß': "ss", 'Ä': "Ae", 'Ö': "Oe", 'Ü': "Ue",
	'á': "a", 'à': "a", 'â': "a", 'ã': "a", 'å': "a", 'Á': "A", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'É': "E",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ó': "o", 'ò': "o", 'ô': "o", 'õ': "o", 'ø': "o", 'Ø': "O", 'ú': "u", 'ù': "u",
	'ç': "c", 'ñ': "n", 'ł': "l", 'Ł': "L", 'ś': "s", 'Ś': "S", 'ş': "s", 'Ş': "S", 'ğ': "g", 'ı': "i", 'ń': "n", 'ż': "z",
	'ź': "z", 'č': "c", 'ř': "r", 'š': "s", 'ž': "z", 'ý': "y", 'ě': "e", 'ů': "u",
}

// fold spells a name in lower-case ASCII letters and the separators kept.
func fold(s string) string {
	var b strings.Builder
	for _, c := range s {
		if f, ok := foldMap[c]; ok {
			b.WriteString(strings.ToLower(f))
			continue
		}
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
		case c >= 'A' && c <= 'Z':
			b.WriteRune(c + 'a' - 'A')
		case c == ' ' || c == '-':
			b.WriteRune(c)
		}
	}
	return b.String()
}

// snowUser is the ServiceNow user id: first.last in ASCII.
func snowUser(p *Person) string {
	first, last, _ := strings.Cut(p.Name, " ")
	return fold(first) + "." + strings.NewReplacer(" ", "", "-", "").Replace(fold(last))
}

// email is the company address.
func email(p *Person) string { return snowUser(p) + "@northwind-labs.com" }

// githubLogin is a person's GitHub login: first letter and last name, with
// a suffix when two people would share one.
func (o *Org) githubLogin(p *Person) string {
	if o.logins == nil {
		o.logins = map[*Person]string{}
		taken := map[string]bool{}
		for _, q := range o.People {
			first, last, _ := strings.Cut(q.Name, " ")
			l := fold(first)[:1] + strings.NewReplacer(" ", "", "-", "").Replace(fold(last))
			for n := 2; taken[l]; n++ {
				l = fmt.Sprintf("%s%d", strings.TrimRight(l, "0123456789"), n)
			}
			taken[l] = true
			o.logins[q] = l + "-nw"
		}
	}
	return o.logins[p]
}

// slackID is a person's Slack member id.
func slackID(p *Person) string {
	sum := sha256.Sum256([]byte("slack:" + p.Name))
	return "U0" + strings.ToUpper(hex.EncodeToString(sum[:])[:9])
}

// sysID is a ServiceNow sys_id: 32 hex digits.
func sysID(parts ...string) string {
	sum := sha256.Sum256([]byte("sys_id:" + strings.Join(parts, "/")))
	return hex.EncodeToString(sum[:16])
}

// cp1252 encodes s as Windows-1252; ok is false when a character has no
// code there.
func cp1252(s string) ([]byte, bool) {
	high := map[rune]byte{
		'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A,
		'‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
		'˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
	}
	out := make([]byte, 0, len(s))
	for _, c := range s {
		switch {
		case c < 0x80, c >= 0xA0 && c <= 0xFF:
			out = append(out, byte(c))
		case high[c] != 0:
			out = append(out, high[c])
		default:
			return nil, false
		}
	}
	return out, true
}

func encodable1252(s string) bool { _, ok := cp1252(s); return ok }

// kv is one member of an ordered JSON object.
type kv struct {
	k string
	v any
}

// obj is a JSON object that keeps its members in the order given.
type obj []kv

func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshal(m.k)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := marshal(m.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshal writes compact JSON without HTML escaping.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

func mustJSON(v any) []byte {
	b, err := marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// linesJSON writes an object with one member per line and the elements of
// its lists one per line: compact, but easy to read and to diff.
func linesJSON(o obj) []byte {
	var b bytes.Buffer
	b.WriteString("{")
	for i, m := range o {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n")
		b.Write(mustJSON(m.k))
		b.WriteString(":")
		if list, ok := m.v.([]any); ok && len(list) > 0 {
			b.WriteString("[")
			for j, x := range list {
				if j > 0 {
					b.WriteString(",")
				}
				b.WriteString("\n")
				b.Write(mustJSON(x))
			}
			b.WriteString("\n]")
			continue
		}
		b.Write(mustJSON(m.v))
	}
	b.WriteString("\n}\n")
	return b.Bytes()
}

// nullable gives nil for a zero time, else the time in layout.
func nullTime(t time.Time, layout string, loc *time.Location) any {
	if t.IsZero() {
		return nil
	}
	if loc != nil {
		t = t.In(loc)
	}
	return t.Format(layout)
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}
