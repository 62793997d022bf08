package jsonstream

import (
	"bytes"
	"encoding/json"

	"github.com/lanes-dev/lanes/ingest"
)

// Shape is what the first bytes of a file show of its JSON, for Detect.
type Shape struct {
	// Top is the first character: '{' or '[' (0 when the head is not JSON).
	Top byte
	// Keys are the keys of the first object: the top-level object, or the
	// first element of a top-level array.
	Keys []string
	// ListKey is the first key of that object whose value is an array of
	// objects, and ItemKeys the keys of that array's first object.
	ListKey  string
	ItemKeys []string
	// Lists holds, for every key of that object whose value is an array of
	// objects, the keys of the array's first object.
	Lists map[string][]string
	// Lines counts the leading lines that are each a whole JSON object (up
	// to 3): JSON Lines.
	Lines int
}

// Has reports whether the first object has key.
func (s Shape) Has(key string) bool { return contains(s.Keys, key) }

// ItemHas reports whether the first listed record has key.
func (s Shape) ItemHas(key string) bool { return contains(s.ItemKeys, key) }

func contains(list []string, key string) bool {
	for _, k := range list {
		if k == key {
			return true
		}
	}
	return false
}

// Sniff reads what it can of head's structure; a head cut short anywhere
// gives what was read up to there.
func Sniff(head []byte) Shape {
	var sh Shape
	if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
		head = head[3:]
	}
	sh.Lines = countLines(head)
	s := headScanner(head)
	c, err := s.peek()
	if err != nil || (c != '{' && c != '[') {
		return sh
	}
	sh.Top = c
	if c == '[' {
		s.readByte()
		if c, err := s.peek(); err != nil || c != '{' {
			return sh
		}
	}
	sh.Lists = map[string][]string{}
	sh.Keys = sniffObject(s, sh.Lists, false)
	for _, k := range sh.Keys {
		if keys, ok := sh.Lists[k]; ok {
			sh.ListKey, sh.ItemKeys = k, keys
			break
		}
	}
	return sh
}

// headScanner reads a file's first bytes, whose last value may be cut
// short anywhere.
func headScanner(head []byte) *Scanner {
	s := NewScanner("", &ingest.Input{Reader: bytes.NewReader(head)}, Options{MaxRecordBytes: int64(len(head)) + 1})
	s.sniffing = true
	return s
}

// sniffObject reads an object's keys; with lists, it also records the keys
// of the first object of each array of objects. strict reads as
// encoding/json's tokens would: a key counts as soon as its name is read,
// and a value that is not valid JSON ends the object. Otherwise a key
// counts once its colon is read.
func sniffObject(s *Scanner, lists map[string][]string, strict bool) (keys []string) {
	s.readByte() // {
	if c, err := s.peek(); err != nil || c == '}' {
		return
	}
	for {
		k, _, err := s.readKeyString()
		if err != nil {
			return
		}
		if strict {
			keys = append(keys, k)
		}
		if _, err := s.expect(":", ""); err != nil {
			return
		}
		if !strict {
			keys = append(keys, k)
		}
		c, err := s.peek()
		if err != nil {
			return
		}
		if lists != nil && c == '[' {
			s.readByte()
			first := true
			for {
				c, err := s.peek()
				if err != nil {
					return
				}
				if c == ']' {
					s.readByte()
					break
				}
				if first && c == '{' {
					lists[k] = sniffObject(s, nil, strict)
				} else if !s.skipValue(strict) {
					return
				}
				first = false
				if c, err = s.expect(",]", ""); err != nil {
					return
				}
				if c == ']' {
					break
				}
			}
		} else if !s.skipValue(strict) {
			return
		}
		c, err = s.expect(",}", "")
		if err != nil || c == '}' {
			return
		}
	}
}

// skipValue reads past a value; strict, it must be valid JSON.
func (s *Scanner) skipValue(strict bool) bool {
	v, err := s.readValue()
	return err == nil && (!strict || json.Valid(v.Raw))
}

func countLines(head []byte) int {
	n := 0
	for _, line := range bytes.Split(head, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if len(t) == 0 {
			continue
		}
		if t[0] != '{' || !json.Valid(t) {
			break
		}
		n++
		if n == 3 {
			break
		}
	}
	return n
}
