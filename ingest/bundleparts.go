package ingest

import (
	"io/fs"
	"path"
)

// partsFS is a bundle's folder showing only the files its connector
// named with BundleParts, and the folders that hold them: what the bundle
// is hashed, sized and read over. The folder's other files are read as
// inputs of their own.
type partsFS struct {
	fsys fs.FS
	keep map[string]bool // the parts and every folder above one, "." included
}

func newPartsFS(fsys fs.FS, parts []string) partsFS {
	keep := map[string]bool{".": true}
	for _, p := range parts {
		for ; p != "." && p != "/" && !keep[p]; p = path.Dir(p) {
			keep[p] = true
		}
	}
	return partsFS{fsys: fsys, keep: keep}
}

func (p partsFS) Open(name string) (fs.File, error) {
	if !p.keep[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	f, err := p.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	if d, ok := f.(fs.ReadDirFile); ok {
		if info, err := f.Stat(); err == nil && info.IsDir() {
			return partsDir{ReadDirFile: d, fsys: p, name: name}, nil
		}
	}
	return f, nil
}

// ReadDir implements fs.ReadDirFS, which fs.ReadDir and fs.WalkDir use.
func (p partsFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !p.keep[name] {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	ents, err := fs.ReadDir(p.fsys, name)
	return p.filter(name, ents), err
}

func (p partsFS) filter(dir string, ents []fs.DirEntry) []fs.DirEntry {
	out := make([]fs.DirEntry, 0, len(ents))
	for _, e := range ents {
		if p.keep[path.Join(dir, e.Name())] {
			out = append(out, e)
		}
	}
	return out
}

// partsDir is a folder of a partsFS opened as a file: its ReadDir lists
// only what the partsFS shows.
type partsDir struct {
	fs.ReadDirFile
	fsys partsFS
	name string
}

func (d partsDir) ReadDir(n int) ([]fs.DirEntry, error) {
	for {
		ents, err := d.ReadDirFile.ReadDir(n)
		kept := d.fsys.filter(d.name, ents)
		// With n > 0 an empty answer must come with an error: read on
		// past a batch of entries that are all hidden.
		if n <= 0 || len(kept) > 0 || err != nil {
			return kept, err
		}
	}
}
