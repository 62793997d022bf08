package ingest

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"unicode"
)

// ZipLimits bounds what lanes reads from a .zip archive, so that a crafted
// archive (a zip bomb, a million tiny entries) fails with a clear error
// before anything is read rather than filling memory or disk.
type ZipLimits struct {
	// MaxEntries caps the number of entries, folders included.
	MaxEntries int
	// MaxTotalBytes caps the sum of the entries' uncompressed sizes.
	MaxTotalBytes int64
	// MaxRatio caps how many times larger than its compressed size an
	// entry (and the archive as a whole) may expand; it applies once the
	// uncompressed size passes RatioMinBytes. Deflate tops out near 1032:1;
	// real exports, even sparse CSVs, stay well under 100:1.
	MaxRatio int64
	// RatioMinBytes is the uncompressed size below which the ratio is not
	// checked (a small file of blanks compresses very well and is harmless).
	RatioMinBytes int64
}

// DefaultZipLimits are the limits `lanes ingest` applies to archives.
var DefaultZipLimits = ZipLimits{
	MaxEntries:    100_000,
	MaxTotalBytes: 20 << 30,
	MaxRatio:      400,
	RatioMinBytes: 1 << 20,
}

func (l ZipLimits) withDefaults() ZipLimits {
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultZipLimits.MaxEntries
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = DefaultZipLimits.MaxTotalBytes
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = DefaultZipLimits.MaxRatio
	}
	if l.RatioMinBytes <= 0 {
		l.RatioMinBytes = DefaultZipLimits.RatioMinBytes
	}
	return l
}

// ZipError is an archive lanes refuses to read, or an entry of it.
type ZipError struct {
	Archive string // the archive as named to the user
	Entry   string // the entry's name as stored; empty for the whole archive
	Err     error
}

func (e *ZipError) Error() string {
	if e.Entry == "" {
		return fmt.Sprintf("%s: %v", e.Archive, e.Err)
	}
	return fmt.Sprintf("%s: entry %q %v; the archive was not read", e.Archive, e.Entry, e.Err)
}

func (e *ZipError) Unwrap() error { return e.Err }

// OpenZip opens the archive r (size bytes, named name in messages) as a
// read-only file system after checking every entry: each must be a plain
// relative path inside the archive (no "..", no absolute or drive paths,
// no backslashes), a regular file or folder (no symbolic links), stored or
// deflated, not encrypted, and named once; and the archive must stay within
// lim (zero fields take DefaultZipLimits). Anything else is a *ZipError and
// nothing of the archive is read.
func OpenZip(name string, r io.ReaderAt, size int64, lim ZipLimits) (fs.FS, error) {
	zr, err := openZip(name, r, size, lim)
	if err != nil {
		return nil, err
	}
	return zr, nil
}

func openZip(name string, r io.ReaderAt, size int64, lim ZipLimits) (*zip.Reader, error) {
	lim = lim.withDefaults()
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, &ZipError{Archive: name, Err: fmt.Errorf("cannot read it as a zip archive (%w); is it damaged or cut short?", err)}
	}
	if n := len(zr.File); n > lim.MaxEntries {
		return nil, &ZipError{Archive: name, Err: fmt.Errorf("has %d entries, more than the limit of %d; unzip it and ingest the folder", n, lim.MaxEntries)}
	}
	seen := make(map[string]bool, len(zr.File))
	var total uint64
	for _, f := range zr.File {
		bad := func(format string, args ...any) error {
			return &ZipError{Archive: name, Entry: f.Name, Err: fmt.Errorf(format, args...)}
		}
		clean, err := entryName(f.Name)
		if err != nil {
			return nil, bad("%v", err)
		}
		mode := f.Mode()
		isDir := strings.HasSuffix(f.Name, "/") || mode.IsDir()
		switch {
		case mode&fs.ModeSymlink != 0:
			return nil, bad("is a symbolic link; lanes does not follow links inside archives")
		case !isDir && mode.Type() != 0:
			return nil, bad("is not a regular file (mode %v)", mode)
		case f.Flags&0x1 != 0:
			return nil, bad("is encrypted; lanes cannot read password-protected archives")
		case f.Method != zip.Store && f.Method != zip.Deflate:
			return nil, bad("uses compression method %d; lanes reads only stored and deflated entries", f.Method)
		}
		key := strings.TrimSuffix(clean, "/")
		if seen[key] {
			return nil, bad("appears more than once")
		}
		seen[key] = true
		if isDir {
			continue
		}
		u := f.UncompressedSize64
		if u > uint64(lim.MaxTotalBytes) || total+u > uint64(lim.MaxTotalBytes) {
			return nil, &ZipError{Archive: name, Err: fmt.Errorf("expands to more than %s (the limit for one archive); unzip it and ingest the folder", byteSize(lim.MaxTotalBytes))}
		}
		total += u
		if u > uint64(lim.RatioMinBytes) && u/max(f.CompressedSize64, 1) > uint64(lim.MaxRatio) {
			return nil, bad("would expand from %s to %s, more than %d times; this looks like a zip bomb", byteSize(int64(f.CompressedSize64)), byteSize(int64(u)), lim.MaxRatio)
		}
	}
	if total > uint64(lim.RatioMinBytes) && size > 0 && total/uint64(size) > uint64(lim.MaxRatio) {
		return nil, &ZipError{Archive: name, Err: fmt.Errorf("would expand from %s to %s, more than %d times; this looks like a zip bomb", byteSize(size), byteSize(int64(total)), lim.MaxRatio)}
	}
	return zr, nil
}

// entryName checks an entry's stored name and returns it as an fs.FS path
// (folders keep their trailing slash).
func entryName(n string) (string, error) {
	switch {
	case n == "":
		return "", errors.New("has an empty name")
	case strings.ContainsRune(n, '\\'):
		return "", errors.New("has a backslash in its name; only / separates folders in a zip archive")
	case strings.HasPrefix(n, "/"):
		return "", errors.New("has an absolute path")
	case len(n) >= 2 && n[1] == ':' && (n[0]|0x20 >= 'a' && n[0]|0x20 <= 'z'):
		return "", errors.New("has a drive letter (an absolute Windows path)")
	case strings.IndexFunc(n, unicode.IsControl) >= 0:
		return "", errors.New("has a control character in its name")
	}
	trimmed := strings.TrimSuffix(n, "/")
	for _, part := range strings.Split(trimmed, "/") {
		if part == ".." {
			return "", errors.New(`points outside the archive ("..")`)
		}
	}
	if !fs.ValidPath(trimmed) || path.Clean(trimmed) != trimmed {
		return "", errors.New(`is not a plain relative path (empty or "." parts)`)
	}
	return n, nil
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
