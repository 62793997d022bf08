package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/lanes-dev/lanes/models/config"
)

// CheckSourcePaths finds the configured sources whose path gives them no
// file, for `lanes doctor`: a path that names nothing (a typo lanes ingest
// cannot tell from a source whose files are not in this run), a folder
// holding no file lanes reads, or one whose every file belongs to a source
// listed before it. A relative path that is not on disk is looked for in
// the .zip archives under lanes.yaml's folder too, as it matches their
// entries (sourceMatcher). One message per such source, in the order of
// lanes.yaml.
func CheckSourcePaths(cfg *config.Config) []string {
	var out []string
	// The .zip archives under lanes.yaml's folder, found and expanded when
	// a source first needs them, then kept for the other sources whose path
	// is not on disk: expanding every archive again for each of them made
	// doctor slow with many archives.
	var zips *expansion
	defer func() {
		if zips != nil {
			zips.Close()
		}
	}()
	for _, s := range cfg.Sources {
		if s.Path == "" {
			continue
		}
		base, sp := sourcePath(cfg, "."), sourcePath(cfg, s.Path)
		_, err := os.Stat(sp)
		missing := errors.Is(err, fs.ErrNotExist) && inArchives(s.Path)
		var mine bool
		var others string
		switch {
		case err == nil:
			e, _ := expandAll(cfg, []string{sp}, "", ZipLimits{})
			mine, others = matches(cfg, s, e.inputs)
			e.Close()
		case missing:
			if zips == nil {
				zips, _ = expandAll(cfg, findZips(base), "", ZipLimits{})
			}
			mine, others = matches(cfg, s, zips.inputs)
		}
		switch {
		case mine:
		case others != "":
			out = append(out, fmt.Sprintf("source %q: path %q gives it no file: every file there belongs to source %q, listed before it", s.Name, s.Path, others))
		case missing:
			out = append(out, fmt.Sprintf("source %q: path %q matches no file: there is no %s, nor a .zip archive under %s holding %s (paths are relative to lanes.yaml's folder)", s.Name, s.Path, sp, base, path.Clean(filepath.ToSlash(s.Path))))
		case errors.Is(err, fs.ErrNotExist):
			out = append(out, fmt.Sprintf("source %q: path %q matches no file: there is no %s", s.Name, s.Path, sp))
		case err != nil:
			out = append(out, fmt.Sprintf("source %q: path %q matches no file: %v", s.Name, s.Path, err))
		default:
			out = append(out, fmt.Sprintf("source %q: path %q matches no file: %s holds no file lanes reads", s.Name, s.Path, sp))
		}
	}
	return out
}

// sourcePath is a source's path p as an absolute path: a relative one is
// relative to lanes.yaml's folder (the working folder without one).
func sourcePath(cfg *config.Config, p string) string {
	if !filepath.IsAbs(p) && cfg.File != "" {
		p = filepath.Join(filepath.Dir(cfg.File), p)
	}
	abs, _ := filepath.Abs(p)
	return abs
}

// inArchives reports a source path that can match entries of archives:
// a relative one inside lanes.yaml's folder.
func inArchives(p string) bool {
	if filepath.IsAbs(p) || filepath.VolumeName(p) != "" {
		return false
	}
	rel := path.Clean(filepath.ToSlash(p))
	return rel != ".." && !strings.HasPrefix(rel, "../")
}

// matches says whether any of inputs (what lanes ingest would read)
// belongs to s or, when none does, the source the inputs matching s's
// path belong to instead.
func matches(cfg *config.Config, s config.Source, inputs []input) (mine bool, others string) {
	all := newSourceMatcher(cfg)
	only := newSourceMatcher(&config.Config{File: cfg.File, Sources: []config.Source{s}})
	for _, in := range inputs {
		got, ok := all.find(in.disk, in.entry)
		switch {
		case !ok:
		case got.Name == s.Name:
			return true, ""
		case others == "":
			if _, ok := only.find(in.disk, in.entry); ok {
				others = got.Name
			}
		}
	}
	return false, others
}

// findZips lists the .zip archives under dir, skipping what lanes ingest
// skips; links are not followed (dir may be a home folder).
func findZips(dir string) []string {
	var out []string
	_ = filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case name != dir && skipName(d.Name()):
			if d.IsDir() {
				return filepath.SkipDir
			}
		case d.Type().IsRegular() && isZip(d.Name()):
			out = append(out, name)
		}
		return nil
	})
	return out
}

// idleSources names the configured sources with a path that none of
// inputs belongs to (Summary.Idle).
func idleSources(sources *sourceMatcher, inputs []input) []string {
	cfg := sources.cfg
	used := map[string]bool{}
	for _, in := range inputs {
		if s, ok := sources.find(in.disk, in.entry); ok {
			used[s.Name] = true
		}
	}
	var out []string
	for _, s := range cfg.Sources {
		if s.Path != "" && !used[s.Name] {
			out = append(out, s.Name)
		}
	}
	return out
}
