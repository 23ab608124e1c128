package reconciler

import (
	"slices"
	"testing"

	"github.com/nix-humanity/nix-humanity/reconciler/metrics"
)

// Every reason a pass rolls back for is one the metrics export at 0
// from the start.
func TestRollbackReasonsExported(t *testing.T) {
	for _, reason := range []string{reasonActivationFailed, reasonHealthCheckFailed, reasonCutShort} {
		if l := metrics.ReasonLabel(reason); !slices.Contains(metrics.RollbackReasons, l) {
			t.Errorf("%q (label %q) is not in metrics.RollbackReasons %v", reason, l, metrics.RollbackReasons)
		}
	}
}
