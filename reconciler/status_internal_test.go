package reconciler

import (
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// What waits after a one-off pass is already built: the status line
// says what a pass with the settings' action does with it, not that it
// builds it.
func TestOneLinePendingBuiltSystem(t *testing.T) {
	now := time.Now()
	base := func() *StatusReport {
		rep := &StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 1, RunningGeneration: 1, BootedGeneration: 1,
			Queue: []string{"the system is built by apply --action build, not activated; the switch the settings ask for is still to do"}}}
		rep.builtNext = "switches to it"
		return rep
	}
	for _, tc := range []struct {
		name string
		edit func(*StatusReport)
		want string
	}{
		{"no daemon", func(*StatusReport) {}, "; no nix-humanityd runs: ask-nix apply switches to it · no pass yet"},
		{"daemon", func(r *StatusReport) { r.DaemonRunning = true }, "; nix-humanityd switches to it at its next pass · no pass yet"},
		{"boot", func(r *StatusReport) { r.builtNext = "makes it the boot default" }, "; no nix-humanityd runs: ask-nix apply makes it the boot default · "},
		{"not built", func(r *StatusReport) { r.builtNext = "" }, "; no nix-humanityd runs: ask-nix apply builds it · "},
	} {
		rep := base()
		tc.edit(rep)
		if line := OneLine(rep, now); !strings.Contains(line, tc.want) {
			t.Errorf("%s: %s\nwant %q", tc.name, line, tc.want)
		}
	}
}

func TestAfterFailureWords(t *testing.T) {
	for _, tc := range []struct {
		edits []int
		want  string
	}{
		{nil, ""},
		{[]int{7}, "edit 7 in place after an earlier failure"},
		{[]int{6, 7}, "edits 6 and 7 in place after an earlier failure"},
		{[]int{3, 6, 7}, "edits 3, 6 and 7 in place after an earlier failure"},
	} {
		if got := AfterFailureWords(tc.edits); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.edits, got, tc.want)
		}
	}
}
