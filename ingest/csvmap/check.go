package csvmap

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/lanes-dev/lanes/models/config"
)

// CheckMapping implements ingest.MappingChecker.
func (Connector) CheckMapping(src config.Source) error {
	if len(src.Mapping) == 0 {
		return nil
	}
	return CheckMapping(src, format, "column")
}

// CheckMapping reports what is wrong with a source's mapping whatever file
// it reads: a field lanes does not know, and source_key or created_at left
// out. format names the source when it has no name; noun is what the
// mapping's values name ("column", "key").
func CheckMapping(src config.Source, format, noun string) error {
	name := src.Name
	if name == "" {
		name = format
	}
	var errs []error
	for _, f := range slices.Sorted(maps.Keys(src.Mapping)) {
		if !slices.Contains(Fields, f) {
			errs = append(errs, fmt.Errorf("mapping of source %q: %q is not a field lanes knows (fields: %s)", name, f, strings.Join(Fields, ", ")))
		}
	}
	for _, f := range []string{FieldSourceKey, FieldCreatedAt} {
		if _, ok := src.Mapping[f]; !ok {
			errs = append(errs, fmt.Errorf("mapping of source %q has no %s; add %s: <%s>", name, f, f, noun))
		}
	}
	return errors.Join(errs...)
}
