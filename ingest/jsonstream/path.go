package jsonstream

import (
	"strconv"
	"strings"
)

// WalkPath reads the records of a file whose list of records sits at a
// path of keys inside each top-level object (path "data.issues.nodes" for
// {"data": {"issues": {"nodes": [...]}}}, as GraphQL and some APIs nest
// them), passing each to h.Item and rejecting, through sink, an element
// that is not a valid JSON object. The other keys on the way are read
// and set aside. A top-level array holds such objects, one per page; a
// file of several documents is read document by document. An object
// without the path, or with something else than a list there, stops the
// file, naming where.
func (s *Scanner) WalkPath(path []string, h Handler, sink Rejecter) error {
	w := &walker{s: s, h: h, sink: sink}
	page := func() error { return w.descend(path, 0) }
	return s.values(func(c byte) error {
		switch c {
		case '{':
			return page()
		case '[':
			return s.elements("an array element", func(c byte) error {
				if c != '{' {
					return s.Errorf(s.pos, "expected an object holding %s, found %s", quotePath(path, len(path)), describeStart(c))
				}
				return page()
			})
		}
		return s.Errorf(s.pos, "expected a JSON object holding %s, found %s", quotePath(path, len(path)), describeStart(c))
	})
}

// descend reads the object whose "{" is next, in which path[i:] leads to
// the records.
func (w *walker) descend(path []string, i int) error {
	s := w.s
	start := s.pos
	s.readByte() // {
	found := false
	if c, err := s.peek(); err == nil && c == '}' {
		s.readByte()
	} else {
		for {
			key, _, err := s.readKey()
			if err != nil {
				return err
			}
			c, err := s.peek()
			if err != nil {
				return s.eofError(err, "a value")
			}
			switch {
			case key != path[i]:
				// Another key: the page's own, set aside. The path's key
				// given again (pages joined by hand) is read again, as
				// Walk reads a list key given twice: none dropped.
				if _, err := s.readValue(); err != nil {
					return err
				}
			case i == len(path)-1 && c == '[':
				found = true
				if err := w.list(w.item); err != nil {
					return err
				}
			case i < len(path)-1 && c == '{':
				found = true
				if err := w.descend(path, i+1); err != nil {
					return err
				}
			default:
				what := "a list of records"
				if i < len(path)-1 {
					what = "an object"
				}
				return s.Errorf(s.pos, "records: %s is %s here, where %s was expected", quotePath(path, i+1), describeStart(c), what)
			}
			if c, err := s.expect(",}", `"," or "}" after an object value`); err != nil {
				return err
			} else if c == '}' {
				break
			}
		}
	}
	if !found {
		return s.Errorf(start, "records: this object has no key %s (the path %s)", strconv.Quote(path[i]), quotePath(path, len(path)))
	}
	return nil
}

// quotePath writes the first n keys of path as lanes.yaml's records says
// them: "data.issues".
func quotePath(path []string, n int) string {
	return strconv.Quote(strings.Join(path[:n], "."))
}

// describeStart names the kind of JSON value that starts with c.
func describeStart(c byte) string {
	switch c {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 't', 'f', 'n':
		return describeValue(c)
	}
	return describeByte(c)
}
