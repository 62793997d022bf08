package ingest

import (
	"fmt"
	"strings"
)

// HeadSize is how many bytes detection peeks at.
const HeadSize = 64 << 10

// Detection is the outcome of peeking at one file.
type Detection struct {
	Connector Connector
	Score     int
	Reason    string
}

// Detect asks every connector to score head and returns the best. Ties go to
// the connector whose name sorts first, so detection is deterministic.
func Detect(path string, head []byte) (Detection, error) {
	var best Detection
	var seen []string
	for _, c := range Connectors() {
		score, reason := c.Detect(path, head)
		if score > 0 {
			seen = append(seen, fmt.Sprintf("%s (%d)", c.Name(), score))
		}
		if score > best.Score {
			best = Detection{Connector: c, Score: score, Reason: reason}
		}
	}
	if best.Connector == nil || best.Score < 20 {
		hint := "no connector recognised it"
		if len(seen) > 0 {
			hint = "only weak guesses: " + strings.Join(seen, ", ")
		}
		return Detection{}, fmt.Errorf("%s: cannot tell which export this is (%s); pass --source FORMAT or set the source's format in lanes.yaml", path, hint)
	}
	return best, nil
}
