package reports

import (
	"strings"
)

// dtype is a DuckDB column type as reported by the driver's type name, e.g.
// `STRUCT("at" DATE, "tags" VARCHAR[])[]`. Only what rendering needs is kept:
// the base name of scalars, list elements, struct fields in order, and map
// key and value types.
type dtype struct {
	name   string  // upper-case base name for scalars, e.g. "DATE", "DECIMAL"
	elem   *dtype  // LIST and ARRAY element
	fields []field // STRUCT and UNION members, in declared order
	key    *dtype  // MAP key
	value  *dtype  // MAP value
}

type field struct {
	name string
	typ  *dtype
}

func (t *dtype) isList() bool   { return t != nil && t.elem != nil }
func (t *dtype) isStruct() bool { return t != nil && t.name == "STRUCT" }
func (t *dtype) base() string {
	if t == nil {
		return ""
	}
	return t.name
}

// parseType reads a DuckDB type name. It never fails: what it cannot read
// becomes a scalar with an unknown name, and values are then rendered from
// their Go type alone.
func parseType(s string) *dtype {
	p := &typeParser{s: s}
	t := p.typ()
	if p.i != len(p.s) {
		return &dtype{name: strings.ToUpper(strings.TrimSpace(s))}
	}
	return t
}

type typeParser struct {
	s string
	i int
}

func (p *typeParser) skipSpace() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *typeParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *typeParser) typ() *dtype {
	p.skipSpace()
	start := p.i
	// The base name runs up to a parenthesis, a bracket, a comma or a closing
	// parenthesis; it may contain spaces ("TIMESTAMP WITH TIME ZONE").
	for p.i < len(p.s) && !strings.ContainsRune("([,)", rune(p.s[p.i])) {
		p.i++
	}
	name := strings.ToUpper(strings.TrimSpace(p.s[start:p.i]))
	t := &dtype{name: name}
	if p.peek() == '(' {
		switch name {
		case "STRUCT", "UNION":
			p.i++
			t.fields = p.fields()
		case "MAP":
			p.i++
			t.key = p.typ()
			p.skipSpace()
			if p.peek() == ',' {
				p.i++
			}
			t.value = p.typ()
			p.skipSpace()
			if p.peek() == ')' {
				p.i++
			}
		default: // DECIMAL(18,3), ENUM('a', 'b'): parameters we do not need
			p.skipBalanced()
		}
	}
	// Suffixes: [] for LIST, [n] for ARRAY, possibly repeated.
	for {
		p.skipSpace()
		if p.peek() != '[' {
			break
		}
		end := strings.IndexByte(p.s[p.i:], ']')
		if end < 0 {
			p.i = len(p.s)
			break
		}
		p.i += end + 1
		t = &dtype{name: "LIST", elem: t}
	}
	return t
}

// fields reads `name TYPE, name TYPE)` after a STRUCT( or UNION(.
func (p *typeParser) fields() []field {
	var out []field
	for p.i < len(p.s) {
		p.skipSpace()
		if p.peek() == ')' {
			p.i++
			return out
		}
		name := p.ident()
		t := p.typ()
		out = append(out, field{name: name, typ: t})
		p.skipSpace()
		if p.peek() == ',' {
			p.i++
		}
	}
	return out
}

// ident reads a field name, double-quoted (with "" for a quote) or bare.
func (p *typeParser) ident() string {
	if p.peek() == '"' {
		p.i++
		var b strings.Builder
		for p.i < len(p.s) {
			c := p.s[p.i]
			p.i++
			if c == '"' {
				if p.peek() == '"' {
					b.WriteByte('"')
					p.i++
					continue
				}
				break
			}
			b.WriteByte(c)
		}
		return b.String()
	}
	start := p.i
	for p.i < len(p.s) && p.s[p.i] != ' ' {
		p.i++
	}
	return p.s[start:p.i]
}

// skipBalanced skips a parenthesised group, minding single-quoted strings.
func (p *typeParser) skipBalanced() {
	depth := 0
	inQuote := false
	for p.i < len(p.s) {
		c := p.s[p.i]
		p.i++
		switch {
		case inQuote:
			if c == '\'' {
				inQuote = false
			}
		case c == '\'':
			inQuote = true
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return
			}
		}
	}
}
