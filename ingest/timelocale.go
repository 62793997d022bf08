package ingest

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A dateLang is one language whose short month names dates may use. Jira
// writes dates in the exporting user's display language (Java's
// SimpleDateFormat "dd/MMM/yy h:mm a"), so a German export says
// "03/Mär/24 14:05" or, with newer Java (CLDR) month names, "03/März/24".
type dateLang struct {
	code, name string
	// months lists, per month, the spellings Java's old and CLDR short
	// month names use, lower case and without the trailing dot.
	months [12]string
}

var dateLangs = [...]dateLang{
	{"en", "English", [12]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep|sept", "oct", "nov", "dec"}},
	{"de", "German", [12]string{"jan|jän", "feb", "mär|mrz|märz", "apr", "mai", "jun|juni", "jul|juli", "aug", "sep|sept", "okt", "nov", "dez"}},
	{"es", "Spanish", [12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep|sept", "oct", "nov", "dic"}},
	{"fr", "French", [12]string{"janv", "févr|fév", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc"}},
	{"pt", "Portuguese", [12]string{"jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"}},
}

// langSet is a set of dateLangs, bit i for dateLangs[i].
type langSet uint8

const allLangs = langSet(1)<<len(dateLangs) - 1

// monthWord is what a month token means: the month (the same in every
// language that has the token) and the languages that have it.
type monthWord struct {
	month time.Month
	langs langSet
}

var monthWords = func() map[string]monthWord {
	out := map[string]monthWord{}
	for li, l := range dateLangs {
		for mi, spellings := range l.months {
			for _, w := range strings.Split(spellings, "|") {
				e, ok := out[w]
				if ok && e.month != time.Month(mi+1) {
					// Detection relies on a shared token meaning one month.
					panic(fmt.Sprintf("month name %q is month %d in one language and %d in another", w, e.month, mi+1))
				}
				out[w] = monthWord{month: time.Month(mi + 1), langs: e.langs | 1<<li}
			}
		}
	}
	return out
}()

// DateLocales lists the date_locale codes a source may set.
func DateLocales() []string {
	out := make([]string, len(dateLangs))
	for i, l := range dateLangs {
		out[i] = l.code
	}
	return out
}

// localeSet is the set for a date_locale code.
func localeSet(code string) (langSet, bool) {
	code = strings.ToLower(strings.TrimSpace(code))
	for i, l := range dateLangs {
		if l.code == code {
			return 1 << i, true
		}
	}
	return 0, false
}

// describe names the languages in s: "German", "German or Portuguese".
func (s langSet) describe() string {
	var names []string
	for i, l := range dateLangs {
		if s&(1<<i) != 0 {
			names = append(names, l.name)
		}
	}
	switch len(names) {
	case 0:
		return "no known language"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// englishMonth reports whether w (lower case) is the short English name Go
// reads as written.
func englishMonth(w string) bool {
	e, ok := monthWords[w]
	return ok && len(w) == 3 && e.langs&1 != 0
}

// localized is what rewriting one value found.
type localized struct {
	text  string  // the value with English month names and AM/PM
	token string  // its month token as written ("Mär."), "" if none
	langs langSet // the languages that have the token
	// named is whether text differs from the value in more than the case
	// of AM and PM: a month name or marker rewritten, a blank replaced.
	named bool
}

// rewriteDate rewrites the month name of v into the English short name Go
// parses, when it is a month of one of the languages in allowed, and
// Jira's localized day-period markers ("a. m.", "p.m.", "vorm.") into AM
// and PM, and "am" and "pm" in any other case ("am", "Pm": Excel in
// Australia and the UK writes lower case) into AM and PM. Non-breaking and narrow spaces (which newer Java writes before AM/PM)
// become plain blanks. Everything else is kept as written.
func rewriteDate(v string, allowed langSet) localized {
	var b strings.Builder
	out := localized{}
	changed := false
	last := 0 // v[last:i] not yet copied
	flush := func(i int) {
		b.WriteString(v[last:i])
	}
	for i := 0; i < len(v); {
		r, size := utf8.DecodeRuneInString(v[i:])
		switch r {
		case '\u00a0', '\u202f', '\u2009':
			flush(i)
			b.WriteByte(' ')
			i += size
			last, changed, out.named = i, true, true
			continue
		}
		if !unicode.IsLetter(r) {
			i += size
			continue
		}
		j := i + size
		for j < len(v) {
			r2, s2 := utf8.DecodeRuneInString(v[j:])
			if !unicode.IsLetter(r2) {
				break
			}
			j += s2
		}
		word := strings.ToLower(v[i:j])
		dot := j < len(v) && v[j] == '.'
		end := j
		if dot {
			end++
		}
		var repl string
		named := true
		switch word {
		case "am", "pm":
			if w := v[i:j]; w != "AM" && w != "PM" {
				repl, named = strings.ToUpper(w), false
			}
		case "vorm", "nachm":
			if dot {
				repl = map[string]string{"vorm": "AM", "nachm": "PM"}[word]
			}
		case "a", "p":
			// "a. m.", "a.m.", "p. m." (Spanish), the second dot optional.
			k := j
			if k < len(v) && v[k] == '.' {
				k = skipBlanks(v, k+1)
				if k < len(v) && (v[k] == 'm' || v[k] == 'M') && (k+1 == len(v) || !isLetterAt(v, k+1)) {
					k++
					if k < len(v) && v[k] == '.' {
						k++
					}
					repl, end = strings.ToUpper(word)+"M", k
				}
			}
		default:
			e, ok := monthWords[word]
			if !ok || out.token != "" {
				break
			}
			out.token, out.langs = v[i:end], e.langs
			if e.langs&allowed == 0 || (englishMonth(word) && !dot) {
				break
			}
			repl = e.month.String()[:3]
		}
		if repl == "" {
			i = j
			continue
		}
		flush(i)
		b.WriteString(repl)
		i, last, changed = end, end, true
		out.named = out.named || named
	}
	if !changed {
		out.text = v
		return out
	}
	flush(len(v))
	out.text = b.String()
	return out
}

// skipBlanks returns the index of the first rune at or after k in v that is
// not a blank (plain, non-breaking or narrow).
func skipBlanks(v string, k int) int {
	for k < len(v) {
		r, size := utf8.DecodeRuneInString(v[k:])
		if r != ' ' && r != '\u00a0' && r != '\u202f' && r != '\u2009' {
			break
		}
		k += size
	}
	return k
}

func isLetterAt(v string, i int) bool {
	r, _ := utf8.DecodeRuneInString(v[i:])
	return unicode.IsLetter(r)
}

// dayPeriodCase reports whether v ends in "am" or "pm" written other than
// AM and PM, after a digit or a blank: the one rewrite a file whose sample
// needed none may still need (see TimeParser.english). It is cheap, where
// rewriteDate is not.
func dayPeriodCase(v string) bool {
	n := len(v)
	if n < 3 {
		return false
	}
	a, m, before := v[n-2], v[n-1], v[n-3]
	if (a|0x20 != 'a' && a|0x20 != 'p') || m|0x20 != 'm' || (a < 'a' && m < 'a') {
		return false
	}
	return before == ' ' || (before >= '0' && before <= '9')
}
