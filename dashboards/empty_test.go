package dashboards

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEmptyMarts renders a warehouse whose marts exist but hold no rows:
// the page says so instead of failing.
func TestEmptyMarts(t *testing.T) {
	page := string(render(t, newWarehouse(t, nil), Options{}))
	checkPage(t, page)
	assert.Contains(t, page, "No tickets in the warehouse yet")
	assert.Contains(t, page, "No data yet.")
	assert.Contains(t, page, "No request type has enough tickets to be ranked yet.")
	assert.Contains(t, page, "The data holds no full week yet")
	assert.NotContains(t, page, `data-chart=`)
	// The parameters fall back to the configuration.
	assert.Contains(t, page, "automatable_share")
}
