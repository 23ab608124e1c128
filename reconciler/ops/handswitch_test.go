package ops_test

import (
	"context"
	"log/slog"
	"os/exec"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// A switch of the system profile that no pass made (nixos-rebuild
// switch --rollback, nix-env --switch-generation by hand) is logged once,
// with where it moved from; a pass of ours under way, whose phase the
// state file holds before it touches the profile, is not taken for one.
// Real Nix, real generations.
func TestLogsProfileSwitchedByHand(t *testing.T) {
	ctx := context.Background()
	var buf lockedBuffer
	m := newLoggingMachine(t, ctx, nil, slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo})))
	m.packages("hello", "")
	first := m.pass(ctx, state.ResultSuccess)
	m.packages("cowsay", "")
	second := m.pass(ctx, state.ResultSuccess)
	m.o.StateChecked()
	buf.take()
	byHand := func(n int64) {
		t.Helper()
		out, err := exec.Command("nix-env", "-p", m.s.Profile, "--switch-generation", itoa(n)).CombinedOutput()
		if err != nil {
			t.Fatalf("nix-env --switch-generation %d: %v\n%s", n, err, out)
		}
	}
	lines := func(msg string) []string {
		var out []string
		for _, l := range buf.take() {
			if strings.Contains(l, msg) {
				out = append(out, l)
			}
		}
		return out
	}
	const moved = `msg="the system profile was switched outside nix-humanity`

	byHand(int64(first.Generation))
	m.o.StateChecked()
	got := lines(moved)
	if len(got) != 1 || !strings.Contains(got[0], "level=WARN") ||
		!strings.Contains(got[0], " generation="+itoa(int64(first.Generation))+" from_generation="+itoa(int64(second.Generation))) {
		t.Fatalf("after nix-env --switch-generation %d (from %d):\n%s", first.Generation, second.Generation, strings.Join(got, "\n"))
	}
	m.o.StateChecked()
	m.o.StateChecked()
	if got := lines(moved); len(got) != 0 {
		t.Fatalf("logged again:\n%s", strings.Join(got, "\n"))
	}

	// ask-nix rollback --to in its own process: its pass is logged, as
	// from the generation the hand switch left, and no switch outside.
	other := &reconciler.Reconciler{Settings: m.s, Runner: nixrun.Exec{}, Hostname: "playground"}
	back, err := other.SwitchGeneration(ctx, second.Generation)
	if err != nil {
		t.Fatalf("ask-nix rollback --to %d: %+v %v", second.Generation, back, err)
	}
	m.o.StateChecked()
	all := buf.take()
	joined := strings.Join(all, "\n")
	if strings.Contains(joined, moved) || !strings.Contains(joined, `msg="pass run by another process" id=`+itoa(back.ID)) ||
		!strings.Contains(joined, " generation="+itoa(int64(second.Generation))+" from_generation="+itoa(int64(first.Generation))) {
		t.Fatalf("after ask-nix rollback --to %d:\n%s", second.Generation, joined)
	}

	// A pass under way (its phase in the state file) moves the profile:
	// not a switch outside, however long it takes. Once the state file
	// says no pass runs and still records the old generation, it is.
	st, err := state.Load(m.s.StateDir)
	if err != nil {
		t.Fatal(err)
	}
	st.Phase = state.PhaseActivate
	if err := st.Save(m.s.StateDir); err != nil {
		t.Fatal(err)
	}
	m.o.StateChecked()
	byHand(int64(first.Generation))
	m.o.StateChecked()
	m.o.StateChecked()
	if got := lines(moved); len(got) != 0 {
		t.Fatalf("a pass under way taken for a switch outside:\n%s", strings.Join(got, "\n"))
	}
	st.Phase = state.PhaseIdle
	if err := st.Save(m.s.StateDir); err != nil {
		t.Fatal(err)
	}
	m.o.StateChecked()
	if got := lines(moved); len(got) != 1 {
		t.Fatalf("the switch left once the state file is idle again: %d lines, want 1\n%s", len(got), strings.Join(got, "\n"))
	}
}
