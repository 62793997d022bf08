package models

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed sql
var embedded embed.FS

// macros creates the SQL macros the models share (person_key, ...); every
// build runs it before the first model.
//
//go:embed macros.sql
var macros string

// Macros returns the SQL that creates the macros the models share
// (person_key, ...) as temporary macros: run on a connection, it lets the
// queries there use the models' rules, as `lanes sql` does.
func Macros() string { return macros }

// layers are the folders under sql/, in the order a reader meets them.
var layers = []string{"staging", "intermediate", "marts"}

// Model is one SQL model: a select in sql/<layer>/<name>.sql, documented
// and tested by its sidecar sql/<layer>/<name>.yml.
type Model struct {
	Name  string
	Layer string   // staging, intermediate or marts
	Path  string   // e.g. "sql/marts/volume_by_tool.sql"
	SQL   string   // the template, before ref() and var() are rendered
	Refs  []string // models this one names with ref(), sorted
	Vars  []string // parameters this one names with var(), sorted
	Spec  Spec
}

// Spec is a model's sidecar .yml.
type Spec struct {
	Description string   `yaml:"description"`
	Columns     []Column `yaml:"columns"`
	Tests       []Test   `yaml:"tests"` // model-level tests
	// Docs is free text for docs/metrics.md (Markdown): how to read the
	// numbers, worked examples, caveats. The generator prints it after the
	// description.
	Docs string `yaml:"docs"`
	// AfterTests builds the model after the other models' data tests have
	// run and written build_test_results (data_quality reads them). No other
	// model may ref it.
	AfterTests bool `yaml:"after_tests"`
}

// Column documents one output column of a model.
type Column struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Tests       []Test `yaml:"tests"`
}

// Models lists the models built into lanes, in build order, with their
// documentation. Dashboards and reports print descriptions from here.
func Models() ([]Model, error) {
	p, err := loadProject(embedded)
	if err != nil {
		return nil, err
	}
	return p.ordered, nil
}

// project is a loaded set of models in dependency order.
type project struct {
	byName  map[string]*Model
	ordered []Model
}

var modelNameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// loadProject reads sql/<layer>/*.sql and their .yml sidecars from fsys,
// checks the templates and sorts the models by their refs.
func loadProject(fsys fs.FS) (*project, error) {
	byName := map[string]*Model{}
	for _, layer := range layers {
		dir := path.Join("sql", layer)
		entries, err := fs.ReadDir(fsys, dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("models: %w", err)
		}
		files := map[string]bool{}
		for _, e := range entries {
			files[e.Name()] = true
		}
		for _, e := range entries {
			name := e.Name()
			switch {
			case e.IsDir():
				return nil, fmt.Errorf("models: %s: models are not nested in folders", path.Join(dir, name))
			case strings.HasSuffix(name, ".yml"):
				if !files[strings.TrimSuffix(name, ".yml")+".sql"] {
					return nil, fmt.Errorf("models: %s documents a model that does not exist (no %s.sql)", path.Join(dir, name), strings.TrimSuffix(name, ".yml"))
				}
				continue
			case !strings.HasSuffix(name, ".sql"):
				return nil, fmt.Errorf("models: %s: only .sql and .yml files belong here", path.Join(dir, name))
			}
			m, err := loadModel(fsys, dir, name)
			if err != nil {
				return nil, err
			}
			if prev, ok := byName[m.Name]; ok {
				return nil, fmt.Errorf("models: %s and %s both define model %s", prev.Path, m.Path, m.Name)
			}
			byName[m.Name] = m
		}
	}
	for _, m := range byName {
		for _, r := range m.Refs {
			ref, ok := byName[r]
			if !ok {
				return nil, fmt.Errorf("models: %s: ref('%s'): no model named %s", m.Path, r, r)
			}
			if ref.Spec.AfterTests && !m.Spec.AfterTests {
				return nil, fmt.Errorf("models: %s: ref('%s'): %s is built after the data tests (after_tests), so only another after_tests model may ref it", m.Path, r, r)
			}
		}
	}
	ordered, err := topoSort(byName)
	if err != nil {
		return nil, err
	}
	return &project{byName: byName, ordered: ordered}, nil
}

func loadModel(fsys fs.FS, dir, file string) (*Model, error) {
	name := strings.TrimSuffix(file, ".sql")
	p := path.Join(dir, file)
	if !modelNameRE.MatchString(name) {
		return nil, fmt.Errorf("models: %s: a model name is lower-case letters, digits and underscores", p)
	}
	body, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	m := &Model{Name: name, Layer: path.Base(dir), Path: p, SQL: string(body)}
	calls, err := parseTemplate(m.SQL)
	if err != nil {
		return nil, fmt.Errorf("models: %s: %w", p, err)
	}
	seen := map[string]bool{}
	vars := map[string]bool{}
	for _, c := range calls {
		if c.fn == "var" && !vars[c.args[0]] {
			vars[c.args[0]] = true
			m.Vars = append(m.Vars, c.args[0])
		}
		if c.fn == "ref" && !seen[c.args[0]] {
			if c.args[0] == name {
				return nil, fmt.Errorf("models: %s line %d: a model cannot ref itself", p, c.line)
			}
			seen[c.args[0]] = true
			m.Refs = append(m.Refs, c.args[0])
		}
	}
	sort.Strings(m.Refs)
	sort.Strings(m.Vars)

	specPath := path.Join(dir, name+".yml")
	spec, err := fs.ReadFile(fsys, specPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("models: %s has no %s documenting it", p, specPath)
	}
	if err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(spec))
	dec.KnownFields(true)
	if err := dec.Decode(&m.Spec); err != nil {
		return nil, fmt.Errorf("models: %s: %s", specPath, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if strings.TrimSpace(m.Spec.Description) == "" {
		return nil, fmt.Errorf("models: %s: description is required", specPath)
	}
	cols := map[string]bool{}
	for i, c := range m.Spec.Columns {
		if c.Name == "" {
			return nil, fmt.Errorf("models: %s: columns[%d].name is required", specPath, i)
		}
		if cols[c.Name] {
			return nil, fmt.Errorf("models: %s: column %s is documented twice", specPath, c.Name)
		}
		cols[c.Name] = true
	}
	return m, nil
}

// topoSort orders models so that every model comes after the models it
// refs. Among models that are ready at the same time the name decides, so
// the order is the same on every run.
func topoSort(byName map[string]*Model) ([]Model, error) {
	indegree := map[string]int{}
	dependents := map[string][]string{}
	for name, m := range byName {
		indegree[name] = len(m.Refs)
		for _, r := range m.Refs {
			dependents[r] = append(dependents[r], name)
		}
	}
	var ready []string
	for name, n := range indegree {
		if n == 0 {
			ready = append(ready, name)
		}
	}
	var out []Model
	for len(ready) > 0 {
		sort.Strings(ready)
		name := ready[0]
		ready = ready[1:]
		out = append(out, *byName[name])
		for _, d := range dependents[name] {
			indegree[d]--
			if indegree[d] == 0 {
				ready = append(ready, d)
			}
		}
	}
	if len(out) < len(byName) {
		return nil, cycleError(byName, indegree)
	}
	return out, nil
}

// cycleError names one dependency cycle among the models that could not be
// ordered, with the files that form it.
func cycleError(byName map[string]*Model, indegree map[string]int) error {
	var stuck []string
	for name, n := range indegree {
		if n > 0 {
			stuck = append(stuck, name)
		}
	}
	sort.Strings(stuck)
	// Walk refs from the first stuck model, staying among stuck models,
	// until a model repeats: the path from its first visit is a cycle.
	var walk []string
	at := map[string]int{}
	cur := stuck[0]
	for {
		if i, ok := at[cur]; ok {
			walk = append(walk[i:], cur)
			break
		}
		at[cur] = len(walk)
		walk = append(walk, cur)
		for _, r := range byName[cur].Refs {
			if indegree[r] > 0 {
				cur = r
				break
			}
		}
	}
	files := make([]string, 0, len(walk)-1)
	for _, n := range walk[:len(walk)-1] {
		files = append(files, byName[n].Path)
	}
	return fmt.Errorf("models: dependency cycle %s (%s)", strings.Join(walk, " -> "), strings.Join(files, ", "))
}

// selectModels returns the models to build, in build order. An empty
// selection is every model; "+name" adds everything name depends on.
func (p *project) selectModels(sel []string) ([]Model, error) {
	if len(sel) == 0 {
		return p.ordered, nil
	}
	chosen := map[string]bool{}
	var addAncestors func(name string)
	addAncestors = func(name string) {
		for _, r := range p.byName[name].Refs {
			if !chosen[r] {
				chosen[r] = true
				addAncestors(r)
			}
		}
	}
	for _, s := range sel {
		name, withAncestors := strings.CutPrefix(strings.TrimSpace(s), "+")
		if _, ok := p.byName[name]; !ok {
			known := make([]string, 0, len(p.byName))
			for n := range p.byName {
				known = append(known, n)
			}
			slices.Sort(known)
			return nil, fmt.Errorf("models: select %q: no model named %s (models: %s)", s, name, strings.Join(known, ", "))
		}
		chosen[name] = true
		if withAncestors {
			addAncestors(name)
		}
	}
	var out []Model
	for _, m := range p.ordered {
		if chosen[m.Name] {
			out = append(out, m)
		}
	}
	return out, nil
}
