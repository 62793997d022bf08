package ingest

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/lanes-dev/lanes/models/config"
)

// input is one thing Run reads: a file on disk, a file inside a .zip
// archive, or a bundle (a folder, an archive, or a folder inside one, that
// a BundleConnector claims: whole, or the files it names with BundleParts).
type input struct {
	path  string // as reported: "dir/a.csv", "export.zip!tickets/a.csv", "slack-export"
	disk  string // the file or folder on disk that holds it, for matching configured sources
	entry string // inside an archive, its path there ("tickets/a.csv", "." for the whole archive), also for matching; "" on disk
	size  int64
	open  func() (io.ReadCloser, error) // a file's bytes; nil for a bundle

	fsys   fs.FS           // a bundle's files; nil for a file
	bundle BundleConnector // the connector that claimed the bundle
	reason string          // why it claimed it
}

// hash is the SHA-256 of a file's content, or for a bundle of its files'
// sorted names, sizes and contents (hidden files and __MACOSX left out), so
// the same export has the same hash whether it comes as a folder or a .zip.
func (in input) hash() (string, error) {
	h := sha256.New()
	if in.fsys == nil {
		r, err := in.open()
		if err != nil {
			return "", fmt.Errorf("%s: %w", in.path, err)
		}
		defer r.Close()
		if _, err := io.Copy(h, r); err != nil {
			return "", readError(in.path, err)
		}
		return hex.EncodeToString(h.Sum(nil)), nil
	}
	err := fs.WalkDir(in.fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name != "." && skipName(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		f, err := in.fsys.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(info.Size()))
		h.Write([]byte(name))
		h.Write([]byte{0})
		h.Write(n[:])
		copied, err := io.Copy(h, f)
		if err != nil {
			return readError(name, err)
		}
		if copied != info.Size() {
			return fmt.Errorf("%s changed while it was read", name)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("%s: %w", in.path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// head reads a file's first HeadSize bytes, for detection.
func (in input) head() ([]byte, error) {
	r, err := in.open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.path, err)
	}
	defer r.Close()
	buf := make([]byte, HeadSize)
	n, err := io.ReadFull(r, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, readError(in.path, err)
	}
	return buf[:n], nil
}

// readError names the file and says when an archive entry is damaged.
func readError(name string, err error) error {
	if errors.Is(err, zip.ErrChecksum) || errors.Is(err, zip.ErrFormat) {
		return fmt.Errorf("%s: the archive is damaged (%w)", name, err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// expansion is the inputs found under the paths given to Run, and the
// archives it holds open to read them.
type expansion struct {
	cfg     *config.Config // nil: no configured sources
	sources *sourceMatcher // cfg's, made when first needed
	format  string         // --source, forcing a connector
	limits  ZipLimits
	inputs  []input
	closers []io.Closer
	// problems are the paths that could not be read, in the order
	// reached: one stops a run, a dry run lists them after the rest.
	problems []error
	// read holds the files a bundle reads, in a folder it shares with
	// other files (BundleParts), for the walk to pass over: on disk by
	// their path, in an archive by archive!entry.
	read map[string]bool
}

func (e *expansion) Close() error {
	var errs []error
	for _, c := range e.closers {
		errs = append(errs, c.Close())
	}
	e.closers = nil
	return errors.Join(errs...)
}

// expand turns files, folders and .zip archives into inputs, in the order
// given and, inside folders and archives, in lexical order. Hidden files
// and folders, lanes' own files and macOS's __MACOSX folders are skipped;
// symbolic links in folders are followed (addFolder).
// A folder or archive that a BundleConnector claims is one input. On error
// (the first path that cannot be read) nothing stays open.
func expand(cfg *config.Config, paths []string, format string, limits ZipLimits) (*expansion, error) {
	e, errs := expandAll(cfg, paths, format, limits)
	if errs != nil {
		_ = e.Close()
		return nil, errs[0]
	}
	return e, nil
}

// expandAll is expand going on past a path it cannot read (a damaged
// .zip, given or in a folder), for a dry run: the inputs of the others,
// and every such path's error.
func expandAll(cfg *config.Config, paths []string, format string, limits ZipLimits) (*expansion, []error) {
	e := &expansion{cfg: cfg, format: format, limits: limits}
	for _, p := range paths {
		if err := e.add(p); err != nil {
			e.problems = append(e.problems, err)
		}
	}
	return e, e.problems
}

func (e *expansion) add(p string) error {
	// Named as cleaned ("x" for "./x", "slack" for "slack/"), so the same
	// file has one name in ingest_runs and rejects however it was typed.
	p = filepath.Clean(p)
	info, err := os.Stat(p)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	if !info.IsDir() {
		if isZip(p) {
			return e.addArchive(p)
		}
		e.addFile(p, info.Size())
		return nil
	}
	return e.addFolder(p, map[string]bool{})
}

// addFolder adds what folder dir holds, in lexical order. Symbolic links
// are followed, to files and to folders: a link in an exports folder (or
// the folder itself given as a link) stands for what it points to, and
// skipping it would drop its data without a word. A file reached through
// a link keeps the link's name. seen holds the folders read so far, by
// their real path, so that a folder reached twice (through a link, or a
// link back up the tree) is read once, where it is first reached.
func (e *expansion) addFolder(dir string, seen map[string]bool) error {
	real, err := filepath.EvalSymlinks(dir)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	if seen[real] {
		return nil
	}
	seen[real] = true
	claimed, parts, err := e.claim(os.DirFS(dir), dir, dir, "")
	if err != nil || claimed && parts == nil {
		return err
	}
	for _, part := range parts {
		e.markRead(filepath.Join(dir, filepath.FromSlash(part)))
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	for _, d := range ents {
		base := d.Name()
		if skipName(base) {
			continue
		}
		name := filepath.Join(dir, base)
		if e.read[name] {
			continue
		}
		// Stat follows a symbolic link, to a folder too.
		info, err := os.Stat(name)
		switch {
		case errors.Is(err, fs.ErrNotExist) && d.Type()&fs.ModeSymlink != 0:
			err = fmt.Errorf("ingest: %w", MissingPath(name))
		case err != nil:
			err = fmt.Errorf("ingest: %w", err)
		case info.IsDir():
			err = e.addFolder(name, seen)
		case !info.Mode().IsRegular() || skipFile(base):
			// A named pipe, socket or device is no export (and reading
			// a pipe could wait for ever).
		case isZip(base):
			err = e.addArchive(name)
		default:
			e.addFile(name, info.Size())
		}
		if err != nil {
			// The folder's other files are still listed (a dry run
			// says what each would be read as); a run stops at the
			// first problem all the same (expand).
			e.problems = append(e.problems, err)
		}
	}
	return nil
}

func (e *expansion) addFile(p string, size int64) {
	e.inputs = append(e.inputs, input{path: p, disk: p, size: size, open: func() (io.ReadCloser, error) { return os.Open(p) }})
}

// addArchive opens a .zip on disk and adds its entries (or the bundle it
// is) as inputs named "archive.zip!entry".
// openArchive opens a .zip archive to expand; tests count the opens.
var openArchive = os.Open

func (e *expansion) addArchive(p string) error {
	f, err := openArchive(p)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return fmt.Errorf("ingest: %w", err)
	}
	zr, err := openZip(p, f, info.Size(), e.limits)
	if err != nil {
		_ = f.Close()
		return err
	}
	n := len(e.inputs)
	err = fs.WalkDir(zr, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		shown := p + "!" + name
		if name == "." {
			shown = p
		}
		if name != "." && skipName(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.read[shown] {
			return nil
		}
		if d.IsDir() {
			sub := fs.FS(zr)
			if name != "." {
				if sub, err = fs.Sub(zr, name); err != nil {
					return fmt.Errorf("%s: %w", shown, err)
				}
			}
			claimed, parts, err := e.claim(sub, shown, p, name)
			if err != nil || claimed && parts == nil {
				if err == nil {
					err = fs.SkipDir
				}
				return err
			}
			for _, part := range parts {
				e.markRead(p + "!" + path.Join(name, part))
			}
			return nil
		}
		if skipFile(d.Name()) {
			return nil
		}
		if isZip(d.Name()) {
			return &ZipError{Archive: p, Entry: name, Err: fmt.Errorf("is itself a .zip archive; lanes does not open archives inside archives (unzip %s and ingest the folder)", filepath.Base(p))}
		}
		info, err := d.Info()
		if err != nil {
			return fmt.Errorf("%s: %w", shown, err)
		}
		e.inputs = append(e.inputs, input{path: shown, disk: p, entry: name, size: info.Size(), open: func() (io.ReadCloser, error) { return zr.Open(name) }})
		return nil
	})
	if err != nil {
		// One bad entry refuses the whole archive: none of its files is
		// listed, also by a dry run.
		e.inputs = e.inputs[:n]
		_ = f.Close()
		return err
	}
	e.closers = append(e.closers, f)
	return nil
}

// markRead notes a file a bundle reads, for the walk to pass over.
func (e *expansion) markRead(name string) {
	if e.read == nil {
		e.read = map[string]bool{}
	}
	e.read[name] = true
}

// claim asks the bundle connectors about a folder (fsys) and adds it as one
// input when one claims it. A format given with --source or in the
// folder's configured source decides alone: a bundle format claims any
// folder it scores above zero, any other format claims none. disk and
// entry place the folder as input's fields do. parts are the files the
// bundle is made of (BundleParts), for the walk to pass over while it goes
// on to the folder's other files; nil when the bundle takes the whole
// folder.
func (e *expansion) claim(fsys fs.FS, shown, disk, entry string) (claimed bool, parts []string, err error) {
	format := e.format
	if format == "" && e.cfg != nil {
		if e.sources == nil {
			e.sources = newSourceMatcher(e.cfg)
		}
		src, _ := e.sources.find(disk, entry)
		format = src.Format
	}
	var best BundleConnector
	var bestScore int
	var reason string
	if format != "" {
		c, err := Lookup(format)
		if err != nil {
			return false, nil, nil // planFile reports the unknown format for the files
		}
		bc, ok := c.(BundleConnector)
		if !ok {
			return false, nil, nil
		}
		if score, _ := bc.DetectBundle(fsys); score > 0 {
			best, reason = bc, "format given"
		}
	} else {
		for _, c := range Connectors() {
			bc, ok := c.(BundleConnector)
			if !ok {
				continue
			}
			if score, why := bc.DetectBundle(fsys); score > bestScore {
				best, bestScore, reason = bc, score, why
			}
		}
		if bestScore < 20 {
			best = nil
		}
	}
	if best == nil {
		return false, nil, nil
	}
	if bp, ok := best.(BundleParts); ok {
		if parts = bp.BundleParts(fsys); parts != nil {
			fsys = newPartsFS(fsys, parts)
		}
	}
	var size int64
	err = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && name != "." && skipName(d.Name()) {
			// Never data, as the hash leaves it out (input.hash).
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if err == nil && d.Type()&fs.ModeSymlink != 0 {
			// The connector reads the export through fsys, as it reads a
			// .zip, and sees a link as neither file nor folder: say so
			// rather than leave the link's file out.
			return fmt.Errorf("%s is a symbolic link; lanes does not follow links inside an export it reads whole (%s): put the file itself there", InBundle(shown, name), best.Name())
		}
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			size += info.Size()
		}
		return err
	})
	if err != nil {
		return false, nil, fmt.Errorf("%s: %w", shown, err)
	}
	e.inputs = append(e.inputs, input{path: shown, disk: disk, entry: entry, size: size, fsys: fsys, bundle: best, reason: reason})
	return true, parts, nil
}

// MissingPath says, of a path that does not exist, what is missing: the
// path itself, or the target of the symbolic link it is; nil when it
// exists.
func MissingPath(p string) error {
	if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if target, err := os.Readlink(p); err == nil {
		return fmt.Errorf("%s: symbolic link to %s, which does not exist", p, target)
	}
	return fmt.Errorf("%s: no such file or folder", p)
}

func isZip(name string) bool { return strings.EqualFold(path.Ext(name), ".zip") }

// skipName reports folders and files that are never data: hidden ones and
// the resource forks macOS adds to archives.
func skipName(name string) bool {
	return strings.HasPrefix(name, ".") || name == "__MACOSX"
}

// InBundle names a file inside a bundle for messages and rejects:
// "export.zip!general/2024-03-01.json" for an archive,
// "slack-export/general/2024-03-01.json" for a folder. name uses slashes.
func InBundle(bundle, name string) string {
	switch {
	case isZip(bundle):
		return bundle + "!" + name
	case strings.Contains(bundle, "!"):
		return bundle + "/" + name
	}
	return filepath.Join(bundle, filepath.FromSlash(name))
}
