// Package stem reduces English words to their stems with M. F. Porter's
// algorithm ("An algorithm for suffix stripping", Program 14(3), 1980), so
// that "printers", "printer" and "printing" group together when lanes looks
// for near-duplicate ticket titles. It follows the published paper, without
// the later departures of Porter's own C version (bli -> ble, logi -> log).
//
// The warehouse registers Text as the SQL function lanes_stem.
package stem

import (
	"strings"
	"unicode"
)

// Text lower-cases s, splits it into tokens at every character that is not a
// letter or a digit, stems each token with Porter and joins the stems with
// single spaces. Tokens with digits or letters outside a-z are kept as they
// are (lower-cased). An s with no token gives "".
func Text(s string) string {
	var b strings.Builder
	for _, tok := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(Porter(tok))
	}
	return b.String()
}

// Porter returns the stem of a lower-case word. Words of one or two letters,
// and words with anything but the letters a-z, are returned unchanged.
func Porter(word string) string {
	if len(word) <= 2 {
		return word
	}
	for i := 0; i < len(word); i++ {
		if word[i] < 'a' || word[i] > 'z' {
			return word
		}
	}
	w := []byte(word)
	w = step1a(w)
	w = step1b(w)
	w = step1c(w)
	w = replaceLongest(w, step2, 0)
	w = replaceLongest(w, step3, 0)
	w = step4(w)
	w = step5(w)
	return string(w)
}

// isConsonant reports whether w[i] is a consonant: a letter other than a, e,
// i, o, u, and other than a y that follows a consonant.
func isConsonant(w []byte, i int) bool {
	switch w[i] {
	case 'a', 'e', 'i', 'o', 'u':
		return false
	case 'y':
		return i == 0 || !isConsonant(w, i-1)
	}
	return true
}

// measure is m in [C](VC)^m[V]: the number of vowel-consonant sequences.
func measure(w []byte) int {
	m, i, n := 0, 0, len(w)
	for i < n && isConsonant(w, i) {
		i++
	}
	for i < n {
		for i < n && !isConsonant(w, i) {
			i++
		}
		if i == n {
			break
		}
		for i < n && isConsonant(w, i) {
			i++
		}
		m++
	}
	return m
}

// hasVowel is *v*: the stem contains a vowel.
func hasVowel(w []byte) bool {
	for i := range w {
		if !isConsonant(w, i) {
			return true
		}
	}
	return false
}

// endsDoubleConsonant is *d: the stem ends with a double consonant.
func endsDoubleConsonant(w []byte) bool {
	n := len(w)
	return n >= 2 && w[n-1] == w[n-2] && isConsonant(w, n-1)
}

// endsCVC is *o: the stem ends consonant-vowel-consonant, the last
// consonant not w, x or y.
func endsCVC(w []byte) bool {
	n := len(w)
	if n < 3 || !isConsonant(w, n-3) || isConsonant(w, n-2) || !isConsonant(w, n-1) {
		return false
	}
	c := w[n-1]
	return c != 'w' && c != 'x' && c != 'y'
}

func hasSuffix(w []byte, s string) bool {
	return len(w) >= len(s) && string(w[len(w)-len(s):]) == s
}

func replace(w []byte, suffix, with string) []byte {
	return append(w[:len(w)-len(suffix)], with...)
}

func step1a(w []byte) []byte {
	switch {
	case hasSuffix(w, "sses"):
		return replace(w, "sses", "ss")
	case hasSuffix(w, "ies"):
		return replace(w, "ies", "i")
	case hasSuffix(w, "ss"):
		return w
	case hasSuffix(w, "s"):
		return replace(w, "s", "")
	}
	return w
}

func step1b(w []byte) []byte {
	if hasSuffix(w, "eed") {
		if measure(w[:len(w)-3]) > 0 {
			return replace(w, "eed", "ee")
		}
		return w
	}
	var stem []byte
	switch {
	case hasSuffix(w, "ed") && hasVowel(w[:len(w)-2]):
		stem = w[:len(w)-2]
	case hasSuffix(w, "ing") && hasVowel(w[:len(w)-3]):
		stem = w[:len(w)-3]
	default:
		return w
	}
	switch {
	case hasSuffix(stem, "at"), hasSuffix(stem, "bl"), hasSuffix(stem, "iz"):
		return append(stem, 'e')
	case endsDoubleConsonant(stem):
		if c := stem[len(stem)-1]; c != 'l' && c != 's' && c != 'z' {
			return stem[:len(stem)-1]
		}
		return stem
	case measure(stem) == 1 && endsCVC(stem):
		return append(stem, 'e')
	}
	return stem
}

func step1c(w []byte) []byte {
	if hasSuffix(w, "y") && hasVowel(w[:len(w)-1]) {
		w[len(w)-1] = 'i'
	}
	return w
}

// rule is one suffix replacement of steps 2 to 4.
type rule struct{ suffix, with string }

// Steps 2 and 3 apply when the stem's measure is above 0.
var step2 = []rule{
	{"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"}, {"izer", "ize"},
	{"abli", "able"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"}, {"ousli", "ous"},
	{"ization", "ize"}, {"ation", "ate"}, {"ator", "ate"}, {"alism", "al"}, {"iveness", "ive"},
	{"fulness", "ful"}, {"ousness", "ous"}, {"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"},
}

var step3 = []rule{
	{"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"}, {"ical", "ic"}, {"ful", ""}, {"ness", ""},
}

// Step 4 removes these when the stem's measure is above 1 ("ion" only after
// s or t).
var step4Rules = []rule{
	{"al", ""}, {"ance", ""}, {"ence", ""}, {"er", ""}, {"ic", ""}, {"able", ""}, {"ible", ""}, {"ant", ""},
	{"ement", ""}, {"ment", ""}, {"ent", ""}, {"ion", ""}, {"ou", ""}, {"ism", ""}, {"ate", ""}, {"iti", ""},
	{"ous", ""}, {"ive", ""}, {"ize", ""},
}

// longest finds the longest suffix of rules that w ends with: Porter
// considers only that one, whether or not its condition then holds.
func longest(w []byte, rules []rule) (rule, bool) {
	var best rule
	found := false
	for _, r := range rules {
		if hasSuffix(w, r.suffix) && (!found || len(r.suffix) > len(best.suffix)) {
			best, found = r, true
		}
	}
	return best, found
}

func replaceLongest(w []byte, rules []rule, minMeasure int) []byte {
	r, ok := longest(w, rules)
	if !ok || measure(w[:len(w)-len(r.suffix)]) <= minMeasure {
		return w
	}
	return replace(w, r.suffix, r.with)
}

func step4(w []byte) []byte {
	r, ok := longest(w, step4Rules)
	if !ok {
		return w
	}
	stem := w[:len(w)-len(r.suffix)]
	if measure(stem) <= 1 {
		return w
	}
	if r.suffix == "ion" && !hasSuffix(stem, "s") && !hasSuffix(stem, "t") {
		return w
	}
	return stem
}

func step5(w []byte) []byte {
	if hasSuffix(w, "e") {
		stem := w[:len(w)-1]
		if m := measure(stem); m > 1 || (m == 1 && !endsCVC(stem)) {
			w = stem
		}
	}
	if measure(w) > 1 && endsDoubleConsonant(w) && hasSuffix(w, "l") {
		w = w[:len(w)-1]
	}
	return w
}
