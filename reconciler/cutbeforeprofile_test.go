package reconciler_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// A switch whose process dies after switch-to-configuration test, before
// nix-env moved the profile: the new system runs, the profile (and the
// boot default) still name the old one. Status says so; the next pass
// finishes the switch (one new generation, its boot entry) rather than
// take the running system for done, and the edit is not blamed.
func TestActivationCutBeforeTheProfileMoved(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.install("hello")
	w.passDyingAt(func(a []string) bool { return a[0] == "nix-env" && slices.Contains(a, "--set") })
	st := w.state()
	if st.Activating == nil || st.Activating.FromGeneration != 1 {
		t.Fatalf("after the cut: %+v", st.Activating)
	}
	if w.current().Number != 1 || w.running() == w.first {
		t.Fatalf("after the cut: current %d, running the first system %v", w.current().Number, w.running() == w.first)
	}
	rep, err := reconciler.Status(w.s)
	if err != nil || len(rep.Queue) != 1 || !strings.Contains(rep.Queue[0], "activation was cut short") {
		t.Fatalf("status after the cut: queue %q %v", rep.Queue, err)
	}
	if line := reconciler.OneLine(rep, time.Now()); !strings.Contains(line, "its system runs, the profile still names generation 1") {
		t.Fatalf("status after the cut:\n%s", line)
	}
	from := w.activationCount()
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerStart})
	if err != nil || p.Result != state.ResultSuccess || p.Generation != 2 {
		t.Fatalf("pass after the cut: %s %q gen %d %v", p.Result, p.Reason, p.Generation, err)
	}
	if got := w.activations(from); !slices.Contains(got, "boot "+p.Toplevel) || w.current().Number != 2 || len(w.generations()) != 2 || w.running() != p.Toplevel {
		t.Fatalf("activations %q, current %d, generations %v", got, w.current().Number, w.generations())
	}
	if st := w.state(); st.Activating != nil || st.AppliedToplevel != p.Toplevel {
		t.Fatalf("after the pass: activating %+v, applied %s", st.Activating, st.AppliedToplevel)
	}
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerResync}); err != nil || p.Result != state.ResultNoop {
		t.Fatalf("the next pass: %s %q %v", p.Result, p.Reason, err)
	}
}
