package reconciler

import (
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// A failure recorded while the clock ran ahead (a machine that booted
// with a wrong clock, then NTP set it back) must not hold the resync's
// retry back until the clock catches up: time since it is unknown, so
// the resync retries.
func TestSkipFailedAfterTheClockWentBack(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	r := &Reconciler{Now: func() time.Time { return now }}
	for _, ahead := range []time.Duration{time.Second, time.Hour, 365 * 24 * time.Hour} {
		st := &state.State{History: []state.Pass{{ID: 1, InputsHash: "h", Result: state.ResultFailure, Finished: now.Add(ahead)}}}
		if why, skip := r.skipFailed(st, "h", TriggerResync); skip {
			t.Errorf("failure %v in the future: the resync skips (%s)", ahead, why)
		}
		if _, skip := r.skipFailed(st, "h", TriggerWatch); !skip {
			t.Errorf("failure %v in the future: a touch retries", ahead)
		}
	}
}
