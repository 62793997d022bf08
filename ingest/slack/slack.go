// Package slack reads Slack workspace exports (Workspace settings > Import/
// Export Data): a folder or .zip with channels.json, users.json and one
// folder per channel of daily files <channel>/<YYYY-MM-DD>.json, each a
// JSON array of messages.
//
// The export is one input made of Slack's own files (BundleParts): other
// files saved next to it are read as inputs of their own. lanes hashes
// the export whole, so the same export given twice is skipped, and
// overlapping exports (January to March, then February to April) give
// each message once, since messages are kept per (source, channel, ts). The channel is stored as its id from
// channels.json, so an export taken after a channel was renamed still
// gives the same keys.
//
// Only help channels are read: those the source lists under `channels:` in
// lanes.yaml, or by default those whose name contains help, support or
// request or starts with it- or ask-; other channels are not opened. A
// channel matches by its name or by one of its previous_names.
//
// Slack's notices in help channels (joins, topic changes, pins, huddles,
// canvases, ...: every subtype but those in requestSubtypes) are not
// requests: they are counted as skipped, by subtype, and not loaded. A
// bot's message is loaded only when it starts a thread a person replied
// to, with no author (botMessage). A message that cannot be read (a bad ts, a wrong
// type, a NUL byte) is a reject naming its daily file and line; a daily
// file that is not JSON stops the ingest.
package slack

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lanes-dev/lanes/ingest"
)

// Name is the connector's format name, as given to --source.
const Name = "slack_export"

const format = "slack export"

// Limits on what one export may hold; past them reading stops with an
// error naming the file.
const (
	maxMetaBytes   = 256 << 20 // users.json, channels.json
	maxDayBytes    = 64 << 20  // one channel's daily file
	maxStreamBytes = 1 << 30   // an export .zip read from a stream is held in memory
	maxDepth       = 64        // nesting of one message's JSON
	maxTextBytes   = 1 << 20   // one message's text (Slack itself stops at 40,000 characters)
	maxRawBytes    = 64 << 10  // raw JSON kept with a reject
)

// DefaultChannels picks the help channels when the source lists none.
var DefaultChannels = regexp.MustCompile(`(?i)help|support|request|(^|[-_.])(it|ask)-`)

var dayFile = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}\.json$`)

// requestSubtypes are the message subtypes that can ask or answer: a
// plain message (no subtype), a thread reply also sent to the channel
// (thread_broadcast; reply_broadcast in older exports), a /me message, a
// message with a file, and a bot's message (bot_message, which botMessage
// decides on). Every other subtype is Slack's own record of something
// happening in the channel: joins and leaves (channel_join, group_join,
// ...), topic, purpose and name changes, archiving, conversions
// (channel_convert_to_private), pins, huddles (huddle_thread,
// sh_room_created), canvases (channel_canvas_updated), bookmarks,
// reminders (reminder_add), the message_changed, message_deleted and
// message_replied notices, deleted-message tombstones (but for a deleted
// thread root, loaded with no author or text so that the thread keeps when
// it was asked), and any subtype Slack adds later. Those are skipped and
// counted by subtype.
var requestSubtypes = map[string]bool{
	"": true, "thread_broadcast": true, "reply_broadcast": true, "me_message": true, "file_share": true,
	"bot_message": true,
}

func init() { ingest.Register(Connector{}) }

// Connector reads Slack exports.
type Connector struct{}

var (
	_ ingest.BundleConnector = Connector{}
	_ ingest.BundleParts     = Connector{}
)

// Name implements ingest.Connector.
func (Connector) Name() string { return Name }

// System implements ingest.Connector.
func (Connector) System() string { return "slack" }

var (
	zipMagic = []byte("PK\x03\x04")
	zipDay   = regexp.MustCompile(`/\d{4}-\d{2}-\d{2}\.json`)
)

// Detect implements ingest.Connector for an export read as a stream: a
// .zip whose first entries are Slack's channels.json or users.json. Run
// opens .zip files itself and asks DetectBundle instead.
func (Connector) Detect(path string, head []byte) (int, string) {
	if !bytes.HasPrefix(head, zipMagic) {
		if part := exportPart(path, head); part != "" {
			return 97, part + " given alone"
		}
		return 0, ""
	}
	ch := bytes.Contains(head, []byte("channels.json"))
	us := bytes.Contains(head, []byte("users.json"))
	day := zipDay.Match(head)
	switch {
	case ch && us:
		return 95, "zip archive with Slack's channels.json and users.json"
	case (ch || us) && day:
		return 90, "zip archive with Slack's channels.json or users.json and daily message files"
	case ch || us:
		return 60, "zip archive with a channels.json or users.json"
	}
	return 0, ""
}

// exportPart names a file of a Slack export given on its own, by its name
// and Slack's shape at its start: channels.json (a list of channels with
// id, name and creation time), users.json (a list of users
// with real_name or is_bot) or a channel's day file (YYYY-MM-DD.json, a
// list of messages with ts). Read alone, channels.json would be a list of
// records the generic json connector loads as tickets, so such a file is
// claimed and refused with what to give instead. Anything else is "".
func exportPart(path string, head []byte) string {
	start := bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")
	if !bytes.HasPrefix(start, []byte("[")) {
		return ""
	}
	has := func(keys ...string) bool {
		for _, k := range keys {
			if !bytes.Contains(head, []byte(`"`+k+`"`)) {
				return false
			}
		}
		return true
	}
	name := filepath.Base(path)
	switch {
	case (name == "channels.json" || name == "groups.json") && has("id", "name", "created"):
		return "Slack's " + name + ", one file of an export,"
	case name == "users.json" && has("id", "name") && (has("real_name") || has("is_bot")):
		return "Slack's users.json, one file of an export,"
	case dayFile.MatchString(name) && has("ts") && (has("type") || has("user")) && bytes.Contains(head, []byte(`"message"`)):
		return "a day file of a Slack channel (" + filepath.Base(filepath.Dir(path)) + "/" + name + "), one file of an export,"
	}
	return ""
}

// DetectBundle implements ingest.BundleConnector: channels.json or
// users.json next to folders of YYYY-MM-DD.json files that hold Slack
// messages. A users.json is not enough with any folder of files named by
// date (a Jira users.json next to Zendesk pages saved by day): one of the
// folders' daily files must be a list of messages (see messages).
func (Connector) DetectBundle(fsys fs.FS) (int, string) {
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return 0, ""
	}
	var ch, us bool
	for _, e := range ents {
		switch {
		case e.Name() == "channels.json" && e.Type().IsRegular():
			ch = true
		case e.Name() == "users.json" && e.Type().IsRegular():
			us = true
		}
	}
	if !ch && !us {
		return 0, ""
	}
	days := false
	for _, e := range ents {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && messages(fsys, dayFiles(fsys, e.Name())) == isSlack {
			days = true
			break
		}
	}
	switch {
	case ch && us && days:
		return 98, bundleKind(fsys) + " with Slack's channels.json, users.json and daily message files"
	case days:
		return 90, bundleKind(fsys) + " with Slack's channels.json or users.json and daily message files"
	case ch && us:
		return 70, bundleKind(fsys) + " with Slack's channels.json and users.json but no message files"
	}
	return 0, ""
}

// metaFiles are the files Slack puts at the top of an export besides the
// channel folders (help article 220556107): lanes reads channels.json,
// groups.json and users.json; the others (direct messages, app logs,
// canvases, content flags, Enterprise Grid's members) are the export's
// too, not exports of their own.
var metaFiles = map[string]bool{
	"channels.json": true, "groups.json": true, "users.json": true, "dms.json": true, "mpims.json": true,
	"integration_logs.json": true, "canvases.json": true, "content_flags.json": true, "org_users.json": true,
}

// BundleParts implements ingest.BundleParts: Slack's own files at the top
// of the export (metaFiles) and the daily files of its channel folders.
// A folder whose daily files hold something else (an API export's pages
// named by date) is not a channel, and, like every other file next to the
// export, is read on its own instead of passed over.
func (Connector) BundleParts(fsys fs.FS) []string {
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil
	}
	parts := []string{}
	for _, e := range ents {
		name := e.Name()
		switch {
		case metaFiles[name] && fileOrLink(e):
			parts = append(parts, name)
		case e.IsDir() && !strings.HasPrefix(name, "."):
			if days := dayFiles(fsys, name); messages(fsys, days) != notSlack {
				parts = append(parts, days...)
			}
		}
	}
	return parts
}

// What the daily files of a folder hold, by messages.
const (
	unclear  = iota // nothing to tell by: no files, empty lists, files cut short or not JSON
	isSlack         // a JSON list of Slack messages
	notSlack        // JSON that is not a list of Slack messages
)

// maxPeeks is how many of a folder's daily files messages opens, at most,
// looking for one that tells.
const maxPeeks = 8

// messages tells whether a folder's daily files (files) hold Slack
// messages, by the first message of the first that tells: a list whose
// first element is an object with Slack's ts ("1709283600.000100") and,
// when it has one, type "message", is Slack's. A file that is not JSON,
// or is cut short, says nothing: a damaged daily file of a real export is
// still read as one, and its error named where it is.
func messages(fsys fs.FS, files []string) int {
	for i, name := range files {
		if i == maxPeeks {
			break
		}
		if v := firstMessage(fsys, name); v != unclear {
			return v
		}
	}
	return unclear
}

func firstMessage(fsys fs.FS, name string) int {
	f, err := fsys.Open(name)
	if err != nil {
		return unclear
	}
	defer f.Close()
	head, err := io.ReadAll(io.LimitReader(f, ingest.HeadSize))
	if err != nil {
		return unclear
	}
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))))
	tok, err := dec.Token()
	if err != nil {
		return unclear
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return notSlack
	}
	if !dec.More() {
		return unclear
	}
	var m struct {
		Type *string         `json:"type"`
		TS   json.RawMessage `json:"ts"`
	}
	if err := dec.Decode(&m); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return notSlack // not an object, or a type that is not text
		}
		return unclear
	}
	if _, _, err := parseTS(m.TS); err != nil || m.Type != nil && *m.Type != "message" {
		return notSlack
	}
	return isSlack
}

// bundleKind says what --dry-run is shown: a "zip archive", a "folder in
// a zip archive" or a "folder" (an archive's files carry their zip header).
func bundleKind(fsys fs.FS) string {
	if _, ok := fsys.(*zip.Reader); ok {
		return "zip archive"
	}
	for _, name := range []string{"channels.json", "users.json"} {
		if info, err := fs.Stat(fsys, name); err == nil {
			if _, ok := info.Sys().(*zip.FileHeader); ok {
				return "folder in a zip archive"
			}
			break
		}
	}
	return "folder"
}

// dayFiles lists a channel folder's daily files, sorted.
func dayFiles(fsys fs.FS, dir string) []string {
	ents, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		if fileOrLink(e) && dayFile.MatchString(e.Name()) {
			out = append(out, dir+"/"+e.Name())
		}
	}
	sort.Strings(out)
	return out
}

// fileOrLink reports whether e is a file, or a symbolic link: a link where
// the export has a file of its own is part of the export, and the run then
// refuses it by name (lanes does not follow links inside an export it
// reads whole) rather than read it as a file of its own.
func fileOrLink(e fs.DirEntry) bool { return e.Type().IsRegular() || e.Type()&fs.ModeSymlink != 0 }

// Read implements ingest.Connector: the stream must be an export .zip.
func (c Connector) Read(ctx context.Context, in *ingest.Input, sink ingest.Sink) error {
	fail := func(format_ string, args ...any) error {
		return &ingest.FileError{Format: format, Path: in.Path, Err: fmt.Errorf(format_, args...)}
	}
	data, err := io.ReadAll(io.LimitReader(in.Reader, maxStreamBytes+1))
	switch {
	case err != nil:
		return fail("%w", err)
	case len(data) == 0:
		return fail("the file is empty")
	case len(data) > maxStreamBytes:
		return fail("more than %d MiB to hold in memory; give lanes the export's .zip file or folder by its path", maxStreamBytes>>20)
	case !bytes.HasPrefix(data, zipMagic):
		if part := exportPart(in.Path, data); part != "" {
			return fail("%s given alone: give lanes the whole export, its .zip or its folder (with channels.json, users.json and a folder per channel), so that messages have their channel and authors their names", part)
		}
		return fail("not a Slack export: expected the export's .zip (or its folder) with channels.json, users.json and a folder per channel")
	}
	fsys, err := ingest.OpenZip(in.Path, bytes.NewReader(data), int64(len(data)), ingest.ZipLimits{})
	if err != nil {
		return err
	}
	path := in.Path
	if score, _ := c.DetectBundle(fsys); score == 0 {
		// A zip of the export's folder: look one level down.
		ents, _ := fs.ReadDir(fsys, ".")
		if len(ents) != 1 || !ents[0].IsDir() {
			return fail("no channels.json or users.json at the top of the archive; is it a Slack export?")
		}
		sub, err := fs.Sub(fsys, ents[0].Name())
		if err != nil {
			return fail("%w", err)
		}
		if score, _ := c.DetectBundle(sub); score == 0 {
			return fail("no channels.json or users.json at the top of the archive or of %s/; is it a Slack export?", ents[0].Name())
		}
		fsys, path = sub, ingest.InBundle(in.Path, ents[0].Name())
	}
	bin := *in
	bin.Path, bin.Reader = path, nil
	return c.ReadBundle(ctx, fsys, &bin, sink)
}

// ReadBundle implements ingest.BundleConnector.
func (Connector) ReadBundle(ctx context.Context, fsys fs.FS, in *ingest.Input, sink ingest.Sink) error {
	r := &reader{fsys: fsys, in: in, sink: sink, users: map[string]string{}, bots: map[string]bool{}, channels: map[string]string{}, ids: map[string]string{}, previous: map[string][]string{}}
	match, err := channelMatcher(in.Source.Channels)
	if err != nil {
		return &ingest.FileError{Format: format, Path: in.Path, Err: err}
	}
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return &ingest.FileError{Format: format, Path: in.Path, Err: err}
	}
	var all, help []string
	for _, e := range ents {
		name := e.Name()
		switch {
		case name == "users.json" && e.Type().IsRegular():
			if err := r.readUsers(name); err != nil {
				return err
			}
		case (name == "channels.json" || name == "groups.json") && e.Type().IsRegular():
			if err := r.readChannels(name); err != nil {
				return err
			}
		case e.IsDir() && !strings.HasPrefix(name, "."):
			if len(dayFiles(fsys, name)) > 0 {
				all = append(all, name)
			}
		}
	}
	// A channel is a help channel by its name or, once renamed, by a
	// name it had before (channels.json's previous_names): a name listed
	// in lanes.yaml keeps matching after a rename.
	for _, name := range all {
		for _, n := range append([]string{name}, r.previous[r.ids[name]]...) {
			if match(n) {
				help = append(help, name)
				break
			}
		}
	}
	if len(help) == 0 {
		return &ingest.FileError{Format: format, Path: in.Path, Err: noHelpChannels(all, in.Source.Channels)}
	}
	for _, ch := range help {
		if err := r.channel(ctx, ch); err != nil {
			return err
		}
	}
	return nil
}

func noHelpChannels(all, configured []string) error {
	shown := all
	if len(shown) > 10 {
		shown = append(append([]string(nil), shown[:10]...), fmt.Sprintf("and %d more", len(all)-10))
	}
	switch {
	case len(all) == 0:
		return errors.New("the export has no channel folders with daily message files")
	case len(configured) > 0:
		return fmt.Errorf("none of the channels (%s) is one of the source's channels (%s)", strings.Join(shown, ", "), strings.Join(configured, ", "))
	}
	return fmt.Errorf("none of the channels (%s) looks like a help channel (a name with help, support, request, it- or ask-); list the channels to read under `channels:` for this source in lanes.yaml", strings.Join(shown, ", "))
}

func channelMatcher(patterns []string) (func(string) bool, error) {
	if len(patterns) == 0 {
		return DefaultChannels.MatchString, nil
	}
	var res []*regexp.Regexp
	for i, p := range patterns {
		p = strings.TrimPrefix(strings.TrimSpace(p), "#")
		re, err := regexp.Compile(`(?i)^(?:` + p + `)$`)
		if err != nil || p == "" {
			return nil, fmt.Errorf("channels[%d]: %q is not a channel name or a regular expression", i, patterns[i])
		}
		res = append(res, re)
	}
	return func(name string) bool {
		for _, re := range res {
			if re.MatchString(name) {
				return true
			}
		}
		return false
	}, nil
}

type reader struct {
	fsys     fs.FS
	in       *ingest.Input
	sink     ingest.Sink
	users    map[string]string   // user id -> name
	bots     map[string]bool     // user ids users.json marks is_bot
	channels map[string]string   // channel id -> name
	ids      map[string]string   // channel name (its folder) -> id
	previous map[string][]string // channel id -> the names it had before
}

func (r *reader) errorf(name string, line int64, column string, format_ string, args ...any) error {
	return &ingest.FileError{Format: format, Path: ingest.InBundle(r.in.Path, name), Line: line, Column: column, Err: fmt.Errorf(format_, args...)}
}

// read holds one file of the bundle in memory, up to limit bytes.
func (r *reader) read(name string, limit int64) ([]byte, error) {
	f, err := r.fsys.Open(name)
	if err != nil {
		return nil, r.errorf(name, 0, "", "%w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, r.errorf(name, 0, "", "%w", err)
	}
	if int64(len(data)) > limit {
		return nil, r.errorf(name, 0, "", "the file is larger than %d MiB, the limit for one file of a Slack export", limit>>20)
	}
	return data, nil
}

type person struct {
	ID       string          `json:"id"`
	IsBot    json.RawMessage `json:"is_bot"`
	Name     string          `json:"name"`
	RealName string          `json:"real_name"`
	Profile  struct {
		RealName    string `json:"real_name"`
		DisplayName string `json:"display_name"`
		Name        string `json:"name"`
	} `json:"profile"`
}

func (p person) display() string {
	for _, s := range []string{p.Profile.RealName, p.RealName, p.Profile.DisplayName, p.Name, p.Profile.Name} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

func (r *reader) readUsers(name string) error {
	data, err := r.read(name, maxMetaBytes)
	if err != nil {
		return err
	}
	return r.eachValue(name, data, func(raw json.RawMessage, line int64) error {
		var p person
		if err := decodeStrict(raw, &p); err != nil {
			return r.errorf(name, line, fieldOf(err), "cannot read the user: %s", describe(err))
		}
		if p.ID != "" && string(bytes.TrimSpace(p.IsBot)) == "true" {
			r.bots[p.ID] = true
		}
		if n := p.display(); p.ID != "" && n != "" {
			if _, dup := r.users[p.ID]; !dup {
				r.users[p.ID] = n
			}
		}
		return nil
	})
}

func (r *reader) readChannels(name string) error {
	data, err := r.read(name, maxMetaBytes)
	if err != nil {
		return err
	}
	return r.eachValue(name, data, func(raw json.RawMessage, line int64) error {
		var c struct {
			ID            string   `json:"id"`
			Name          string   `json:"name"`
			PreviousNames []string `json:"previous_names"`
		}
		if err := decodeStrict(raw, &c); err != nil {
			return r.errorf(name, line, fieldOf(err), "cannot read the channel: %s", describe(err))
		}
		if c.ID != "" && c.Name != "" {
			r.channels[c.ID] = c.Name
			r.ids[c.Name] = c.ID
			r.previous[c.ID] = c.PreviousNames
		}
		return nil
	})
}

// eachValue calls fn with each element of the JSON array in data and the
// line it starts on. A file that is not one well-formed array is an error
// placed at the line and column where reading failed.
func (r *reader) eachValue(name string, data []byte, fn func(raw json.RawMessage, line int64) error) error {
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			c, n := utf8.DecodeRune(data[i:])
			if c == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		line, col := position(data, i)
		return r.errorf(name, line, strconv.Itoa(col), "byte 0x%02X is not UTF-8; Slack exports are UTF-8, is the file damaged?", data[i])
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	// syntax places a decoding error. The decoder gives the offset of a
	// misplaced token in the file, but of a bad byte inside a value as a
	// count of the bytes its value scanner has read over all values so
	// far; base turns that count into a file offset (-1: not in a value).
	syntax := func(err error, base int) error {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			at := int(se.Offset)
			if base >= 0 && !strings.HasPrefix(se.Error(), "expected ") && !strings.HasPrefix(se.Error(), "not at beginning") {
				at = max(base+at-1, 0)
			}
			line, col := position(data, at)
			if strings.Contains(se.Error(), "exceeded max depth") {
				return r.errorf(name, line, strconv.Itoa(col), "invalid JSON: nested more than 10000 levels deep")
			}
			return r.errorf(name, line, strconv.Itoa(col), "invalid JSON: %v", se)
		}
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF):
			line, _ := position(data, len(data))
			return r.errorf(name, line, "", "the file ends in the middle of a value; is it cut short?")
		case errors.Is(err, io.EOF):
			return r.errorf(name, 0, "", "the file is empty; expected a JSON array")
		}
		line, col := position(data, int(dec.InputOffset()))
		return r.errorf(name, line, strconv.Itoa(col), "invalid JSON: %v", err)
	}
	tok, err := dec.Token()
	if err != nil {
		return syntax(err, -1)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		line, col := position(data, skipSpace(data, 0))
		return r.errorf(name, line, strconv.Itoa(col), "expected a JSON array, found %s", kind(tok))
	}
	lines := newLineCounter(data)
	scanned := 0 // bytes the decoder's value scanner has read
	for dec.More() {
		// More leaves the decoder at the next byte that is not a blank;
		// Decode steps over a comma there and scans the value from after it.
		at := int(dec.InputOffset())
		scan := at
		if at < len(data) && data[at] == ',' {
			scan++
		}
		start := skipSpace(data, at)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return syntax(err, scan-scanned)
		}
		scanned += int(dec.InputOffset()) - scan
		if err := fn(raw, lines.at(start)); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return syntax(err, -1)
	}
	after := skipSpace(data, int(dec.InputOffset()))
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		line, col := position(data, after)
		return r.errorf(name, line, strconv.Itoa(col), "unexpected data after the JSON array")
	}
	return nil
}

// channel reads one help channel: a first pass finds the ticket key each
// thread mentions and the threads people replied to, the second emits the
// messages.
func (r *reader) channel(ctx context.Context, ch string) error {
	files := dayFiles(r.fsys, ch)
	refs := map[string][]string{}   // thread root ts -> the ticket keys found in the thread, in order
	replied := map[string]bool{}    // thread root ts -> a person (not a bot) replied in it
	botReplied := map[string]bool{} // thread root ts -> a bot replied in it
	for pass := 0; pass < 2; pass++ {
		for _, name := range files {
			if err := ctx.Err(); err != nil {
				return err
			}
			data, err := r.read(name, maxDayBytes)
			if err != nil {
				return err
			}
			err = r.eachValue(name, data, func(raw json.RawMessage, line int64) error {
				m, info, rej, skip := r.message(r.channelKey(ch), raw)
				bot := info.bot
				if m != nil {
					m.ChannelName = ch
				}
				if skip != "" {
					if pass == 0 {
						return nil
					}
					return ingest.Skip(r.sink, line, skip)
				}
				if rej != nil {
					if pass == 0 {
						return nil
					}
					rej.Line, rej.File = line, ingest.InBundle(r.in.Path, name)
					rej.Raw = clip(string(raw))
					return r.sink.Reject(*rej)
				}
				thread := m.ThreadTS
				if thread == "" {
					thread = m.TS
				}
				if pass == 0 {
					// A bot's ticket key counts too: a ticketing app's
					// "Created HD-12" reply marks the thread as tracked.
					for _, key := range strings.Fields(m.TicketRef) {
						if len(refs[thread]) < maxRefs && !slices.Contains(refs[thread], key) {
							refs[thread] = append(refs[thread], key)
						}
					}
					switch {
					case thread != m.TS && !bot:
						replied[thread] = true
					case thread != m.TS:
						botReplied[thread] = true
					}
					return nil
				}
				if bot {
					if skip := r.botMessage(m, info.replyUsers, thread, replied[thread], botReplied[thread]); skip != "" {
						return ingest.Skip(r.sink, line, skip)
					}
				}
				m.TicketRef = strings.Join(refs[thread], " ")
				m.Line = line
				return r.sink.Message(m)
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// botMessage decides on a message an app or bot posted: it is loaded only
// when it starts a thread a person replied to (a Workflow Builder form
// posts a person's request as the workflow's bot), and then without an
// author, since no person's team asked it; alerts, notices and a bot's
// replies are not requests and are skipped, with the reason returned. A
// person replied when one of the thread's replies in the export is a
// person's (replied) or, when the export holds none of them (they fall
// after its last day), when Slack counts replies (reply_count) and its
// list of them (replies), if given, names someone users.json does not mark
// as a bot. An alert whose only replies are bots' (Alertmanager's
// [RESOLVED] under its [FIRING]) is skipped.
func (r *reader) botMessage(m *ingest.Message, replyUsers []string, thread string, replied, botReplied bool) (skip string) {
	switch {
	case thread != m.TS:
		return "Slack bot reply in a thread"
	case replied:
	case m.ReplyCount == nil || *m.ReplyCount == 0:
		return "Slack bot message with no replies"
	case botReplied || !r.personIn(replyUsers):
		return "Slack bot message with only bot replies"
	}
	m.Author = ""
	return ""
}

// personIn reports whether users names someone who is not a bot; true
// when the list is empty (Slack did not say who replied).
func (r *reader) personIn(users []string) bool {
	if len(users) == 0 {
		return true
	}
	for _, u := range users {
		if u != "" && !r.bots[u] && u != "USLACKBOT" {
			return true
		}
	}
	return false
}

// channelKey is what a message's channel is stored as: the channel's id
// from channels.json (or groups.json), which stays the same when the
// channel is renamed, so exports from before and after a rename give each
// message once; the folder's name when the export does not list it.
func (r *reader) channelKey(folder string) string {
	if id := r.ids[folder]; id != "" {
		return id
	}
	return folder
}

type message struct {
	Type       string          `json:"type"`
	Subtype    string          `json:"subtype"`
	Hidden     bool            `json:"hidden"`
	BotID      json.RawMessage `json:"bot_id"`
	AppID      json.RawMessage `json:"app_id"`
	TS         json.RawMessage `json:"ts"`
	ThreadTS   json.RawMessage `json:"thread_ts"`
	User       string          `json:"user"`
	Username   string          `json:"username"`
	Text       string          `json:"text"`
	ReplyCount json.RawMessage `json:"reply_count"`
	Edited     struct {
		TS json.RawMessage `json:"ts"`
	} `json:"edited"`
	Replies     []reply `json:"replies"`
	UserProfile struct {
		RealName    string `json:"real_name"`
		DisplayName string `json:"display_name"`
		Name        string `json:"name"`
	} `json:"user_profile"`
	Files []struct {
		Name  string `json:"name"`
		Title string `json:"title"`
	} `json:"files"`
	Blocks      []json.RawMessage `json:"blocks"`
	Attachments json.RawMessage   `json:"attachments"`
}

// info is what message tells about a message besides what it loads: an
// app or bot posted it (bot), and who replied to it (Slack's replies list).
type info struct {
	bot        bool
	replyUsers []string
}

type reply struct {
	User string          `json:"user"`
	TS   json.RawMessage `json:"ts"`
}

// message reads one message and says whether an app or bot posted it
// (bot), or says why it is not a request (skip), or why it cannot be read
// (the reject).
func (r *reader) message(ch string, raw json.RawMessage) (msg *ingest.Message, inf info, rej *ingest.Reject, skip string) {
	if d := depth(raw); d > maxDepth {
		return nil, info{}, &ingest.Reject{Reason: fmt.Sprintf("the message is nested %d levels deep, more than %d", d, maxDepth)}, ""
	}
	if len(bytes.TrimSpace(raw)) == 0 || bytes.TrimSpace(raw)[0] != '{' {
		return nil, info{}, &ingest.Reject{Reason: "expected a message object, found " + kindOf(raw)}, ""
	}
	if key := duplicateKey(raw); key != "" {
		return nil, info{}, &ingest.Reject{Column: key, Reason: fmt.Sprintf("the message has the key %q twice", key)}, ""
	}
	var m message
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, info{}, &ingest.Reject{Column: fieldOf(err), Reason: describe(err)}, ""
	}
	// A deleted thread root (Slack leaves a tombstone with its ts) still
	// says when the thread was asked: it is loaded, with no author or text.
	root := m.Subtype == "tombstone" && (string(m.ThreadTS) == string(m.TS) || len(m.Replies) > 0 || given(m.ReplyCount) && string(m.ReplyCount) != "0")
	switch {
	case m.Type != "" && m.Type != "message":
		return nil, info{}, nil, "not a message (type " + short(m.Type) + ")"
	case root:
	case !requestSubtypes[m.Subtype]:
		return nil, info{}, nil, "Slack " + short(m.Subtype)
	case m.Hidden:
		return nil, info{}, nil, "hidden message"
	}
	ts, at, err := parseTS(m.TS)
	if err != nil {
		return nil, info{}, &ingest.Reject{Column: "ts", Reason: err.Error()}, ""
	}
	out := &ingest.Message{Channel: ch, TS: ts, PostedAt: at}
	if len(m.ThreadTS) > 0 && string(m.ThreadTS) != "null" {
		if out.ThreadTS, _, err = parseTS(m.ThreadTS); err != nil {
			return nil, info{}, &ingest.Reject{Column: "thread_ts", Reason: "thread_ts: " + err.Error()}, ""
		}
	}
	if given(m.Edited.TS) {
		_, at, err := parseTS(m.Edited.TS)
		if err != nil {
			return nil, info{}, &ingest.Reject{Column: "edited", Reason: "edited.ts: " + err.Error()}, ""
		}
		out.EditedAt = &at
	}
	switch {
	case len(m.ReplyCount) > 0 && string(m.ReplyCount) != "null":
		n, err := strconv.ParseInt(strings.Trim(string(m.ReplyCount), `"`), 10, 32)
		if err != nil || n < 0 {
			return nil, info{}, &ingest.Reject{Column: "reply_count", Reason: fmt.Sprintf("reply_count %s is not a count of replies", short(string(m.ReplyCount)))}, ""
		}
		out.ReplyCount = ptr(int(n))
	case len(m.Replies) > 0:
		out.ReplyCount = ptr(len(m.Replies))
	}
	text := m.Text
	blocks := r.blocksText(m.Blocks)
	if strings.TrimSpace(text) == "" {
		text = blocks
	}
	if strings.TrimSpace(text) == "" && len(m.Files) > 0 {
		var names []string
		for _, f := range m.Files {
			if n := cmp(f.Title, f.Name); n != "" {
				names = append(names, n)
			}
		}
		if len(names) > 0 {
			text = "(file: " + strings.Join(names, ", ") + ")"
		}
	}
	if len(text) > maxTextBytes {
		return nil, info{}, &ingest.Reject{Column: "text", Reason: fmt.Sprintf("the text is %d bytes, more than the %d MiB limit", len(text), maxTextBytes>>20)}, ""
	}
	if strings.IndexByte(text, 0) >= 0 {
		return nil, info{}, &ingest.Reject{Column: "text", Reason: "the text has a NUL byte"}, ""
	}
	out.Text = r.render(text)
	// Ticket keys are looked for in the text, the blocks (a Jira app's
	// "Created <…|IT-312>" section) and the attachments (its "IT-311: …"
	// card), whatever the message shows as its text.
	out.TicketRef = strings.Join(findRefs(text, blocks, attachmentsText(m.Attachments)), " ")
	out.Author = cmp(r.users[m.User], m.UserProfile.RealName, m.UserProfile.DisplayName, m.UserProfile.Name, m.Username, m.User)
	if strings.IndexByte(out.Author, 0) >= 0 {
		return nil, info{}, &ingest.Reject{Column: "user", Reason: "the author's name has a NUL byte"}, ""
	}
	if root {
		out.Text, out.TicketRef, out.Author = "", "", ""
		return out, inf, nil, ""
	}
	inf.bot = m.Subtype == "bot_message" || given(m.BotID) || given(m.AppID) || r.bots[m.User] || m.User == "USLACKBOT"
	for _, rp := range m.Replies {
		inf.replyUsers = append(inf.replyUsers, rp.User)
	}
	return out, inf, nil, ""
}

// given reports whether a JSON value is there: not missing, null or "".
func given(raw json.RawMessage) bool {
	v := string(bytes.TrimSpace(raw))
	return v != "" && v != "null" && v != `""`
}

var tsPattern = regexp.MustCompile(`^([0-9]{1,11})(?:\.([0-9]{1,9}))?$`)

// parseTS reads a Slack timestamp, "1712345678.000100", given as a JSON
// string (as Slack writes it) or number, keeping its text exactly.
func parseTS(raw json.RawMessage) (string, time.Time, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", time.Time{}, errors.New("the message has no ts")
	}
	var text string
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &text); err != nil {
			return "", time.Time{}, fmt.Errorf("cannot read ts %s", clip(string(raw)))
		}
	} else {
		text = string(raw)
	}
	m := tsPattern.FindStringSubmatch(text)
	if m == nil {
		return "", time.Time{}, fmt.Errorf("%q is not a Slack timestamp like \"1712345678.000100\"", short(text))
	}
	sec, _ := strconv.ParseInt(m[1], 10, 64)
	frac := m[2] + strings.Repeat("0", 9-len(m[2]))
	nanos, _ := strconv.ParseInt(frac, 10, 64)
	return text, time.Unix(sec, nanos).UTC(), nil
}

var (
	slackToken = regexp.MustCompile(`<([^<>\n]*)>`)
	refPattern = regexp.MustCompile(`(?:^|[^A-Za-z0-9_#-])([A-Z][A-Z0-9]+-[0-9]+|INC[0-9]{7}|#[0-9]+)\b`)
	// notRefs are prefixes of things written like ticket keys that are not.
	notRefs = map[string]bool{"UTF": true, "ISO": true, "SHA": true, "RFC": true, "CVE": true, "TLS": true, "SSL": true,
		"AES": true, "RSA": true, "HTTP": true, "IPV": true, "COVID": true, "ECMA": true, "IEEE": true, "ANSI": true, "MD": true, "GPT": true}
)

// maxRefs is how many ticket keys one thread's ticket_ref holds at most.
const maxRefs = 20

// findRefs finds the ticket keys in a message's texts, in order and each
// once, links included but not mentions of people and channels.
func findRefs(texts ...string) []string {
	var keys []string
	for _, text := range texts {
		for _, key := range findAllRefs(text) {
			if len(keys) < maxRefs && !slices.Contains(keys, key) {
				keys = append(keys, key)
			}
		}
	}
	return keys
}

func findAllRefs(text string) []string {
	var keys []string
	plain := slackToken.ReplaceAllStringFunc(text, func(tok string) string {
		inner := tok[1 : len(tok)-1]
		if strings.HasPrefix(inner, "@") || strings.HasPrefix(inner, "#") || strings.HasPrefix(inner, "!") {
			return " "
		}
		url, label, _ := strings.Cut(inner, "|")
		return " " + url + " " + label + " "
	})
	for _, m := range refPattern.FindAllStringSubmatch(plain, -1) {
		key := m[1]
		if prefix, _, ok := strings.Cut(key, "-"); ok && notRefs[prefix] {
			continue
		}
		keys = append(keys, key)
	}
	return keys
}

// attachmentsText is the text of a message's attachments (the cards apps
// post: Jira's "IT-311: vpn down"): each one's pretext, title, text and
// fallback, a line each. Attachments that are not a list, or an element
// that is not an object, give none; their text is only searched for ticket
// keys, never stored.
func attachmentsText(raw json.RawMessage) string {
	var atts []json.RawMessage
	if !given(raw) || json.Unmarshal(raw, &atts) != nil {
		return ""
	}
	var b strings.Builder
	for _, one := range atts {
		var a map[string]any
		if json.Unmarshal(one, &a) != nil {
			continue
		}
		for _, k := range []string{"pretext", "title", "text", "fallback"} {
			if s, ok := a[k].(string); ok && strings.TrimSpace(s) != "" {
				b.WriteString(s)
				b.WriteString("\n")
			}
		}
	}
	return b.String()
}

// render turns Slack's markup into plain text: <@U123> becomes @name,
// <#C123|general> #general, <https://x|label> label, <!here> @here; the
// escapes &lt; &gt; &amp; are undone.
func (r *reader) render(text string) string {
	out := slackToken.ReplaceAllStringFunc(text, func(tok string) string {
		inner := tok[1 : len(tok)-1]
		id, label, _ := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(id, "@"):
			return "@" + cmp(r.users[id[1:]], label, id[1:])
		case strings.HasPrefix(id, "#"):
			return "#" + cmp(label, r.channels[id[1:]], id[1:])
		case strings.HasPrefix(id, "!"):
			word := strings.TrimPrefix(id, "!")
			if label != "" {
				return label
			}
			if w, _, _ := strings.Cut(word, "^"); w != "" {
				return "@" + w
			}
			return tok
		}
		if label != "" {
			return label
		}
		return strings.TrimPrefix(id, "mailto:")
	})
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(out)
}

// blocksText renders a message's blocks as text: rich text, and the text
// objects of section (text and fields), header and context blocks, a line
// each. It is the text of a message whose text is empty, and is searched
// for ticket keys in any message.
func (r *reader) blocksText(blocks []json.RawMessage) string {
	var b strings.Builder
	newline := func() {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteString("\n")
		}
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			typ, _ := x["type"].(string)
			str := func(k string) string { s, _ := x[k].(string); return s }
			switch typ {
			case "text":
				if s, ok := x["text"].(string); ok {
					b.WriteString(s)
					return
				}
			case "link":
				b.WriteString(cmp(str("text"), str("url")))
				return
			case "user":
				b.WriteString("@" + cmp(r.users[str("user_id")], str("user_id")))
				return
			case "channel":
				b.WriteString("#" + cmp(r.channels[str("channel_id")], str("channel_id")))
				return
			case "emoji":
				b.WriteString(":" + str("name") + ":")
				return
			case "broadcast":
				b.WriteString("@" + str("range"))
				return
			case "mrkdwn", "plain_text":
				// A text object (section, header, context, fields): its
				// text is Slack markup, rendered with the message's.
				b.WriteString(str("text"))
				newline()
				return
			}
			if t, ok := x["text"].(map[string]any); ok {
				walk(t)
			}
			if fields, ok := x["fields"]; ok {
				walk(fields)
			}
			if els, ok := x["elements"]; ok {
				walk(els)
			}
			if strings.HasPrefix(typ, "rich_text_") || typ == "section" || typ == "context" || typ == "header" {
				newline()
			}
		}
	}
	for _, raw := range blocks {
		var v any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if dec.Decode(&v) == nil {
			walk(v)
		}
	}
	return strings.TrimSpace(b.String())
}

func cmp(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func ptr[T any](v T) *T { return &v }

func short(s string) string {
	if len(s) <= 60 {
		return s
	}
	cut := 60
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func clip(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= maxRawBytes {
		return s
	}
	cut := maxRawBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + " …(truncated)"
}
