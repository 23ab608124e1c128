package reconciler

import (
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// The hold a rollback on request leaves is said as what it did: a
// switch when the held generation runs, the boot default only when
// another one runs (rollback --action boot).
func TestHeldWords(t *testing.T) {
	tests := []struct {
		name             string
		current, running int
		want, notWant    string
	}{
		{"switched: it runs", 4, 4, "held: generation 4 was switched to on request, and stays until the fragment changes", "boot default"},
		{"action boot: 5 runs", 4, 5, "held: generation 4 was made the boot default on request, and stays until the fragment changes", "switched to on request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := &StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: tt.current, RunningGeneration: tt.running}, HeldGeneration: tt.current}
			line := OneLine(rep, time.Now())
			if !strings.Contains(line, tt.want) || strings.Contains(line, tt.notWant) {
				t.Errorf("status line:\n%s\nwant %q, not %q", line, tt.want, tt.notWant)
			}
		})
	}
}
