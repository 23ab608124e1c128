package reconciler_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// A failed pass during a hold, after another watched file changed (not
// the fragment), did not get past the hold: the generation switched to
// on request stays held, whether evaluation or the build failed, and
// status says so. Put right again, the file is evaluated and the hold
// still stands. A change of the fragment ends the hold, whatever the
// pass comes to. Real Nix.
func TestFailedPassKeepsTheHold(t *testing.T) {
	c := newConfWorld(t, playground.Options{})
	c.apply("install vim", intent.Intent{Kind: intent.Install, Packages: []string{"vim"}})
	if p, err := c.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Result != state.ResultSuccess {
		t.Fatalf("pass %+v %v", p, err)
	}
	held, err := c.r.SwitchGeneration(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	g := held.Generation
	holds := func(step string) {
		t.Helper()
		if st, _ := state.Load(c.s.StateDir); st.Held == "" {
			t.Fatalf("%s: the hold is gone from the state", step)
		}
		rep, err := reconciler.Status(c.s)
		if err != nil {
			t.Fatal(err)
		}
		if line := reconciler.OneLine(rep, time.Now()); rep.HeldGeneration != g || !strings.Contains(line, "held: generation "+itoa(g)+" was switched to on request") {
			t.Fatalf("%s: status held %d, want %d:\n%s", step, rep.HeldGeneration, g, line)
		}
		if c.current().Number != g {
			t.Fatalf("%s: current %d, want %d", step, c.current().Number, g)
		}
	}
	holds("the rollback")
	for _, bad := range []struct{ name, said, conf string }{
		{"evaluation", "evaluating ", "system: system.nope\n"},
		{"build", "building ", "system: system // { system = derivation { name = \"broken\"; system = builtins.currentSystem; builder = \"/bin/sh\"; args = [ \"-c\" \"exit 1\" ]; }; }\n"},
	} {
		c.writeConf(bad.conf)
		p, err := c.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
		if err == nil || p.Result != state.ResultFailure || !strings.HasPrefix(p.Error, bad.said) {
			t.Fatalf("%s failure: %+v %v", bad.name, p, err)
		}
		holds("a failed " + bad.name)
		c.writeConf(confOK)
		p, err = c.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
		if err != nil || p.Result != state.ResultNoop || !strings.Contains(p.Reason, "generation "+itoa(g)+" ") {
			t.Fatalf("put right after a failed %s: %s %q %v", bad.name, p.Result, p.Reason, err)
		}
		holds("put right after a failed " + bad.name)
	}

	// The fragment changed: the hold ends, even though the pass fails.
	good, err := os.ReadFile(c.s.Fragment)
	if err != nil {
		t.Fatal(err)
	}
	c.apply("install git", intent.Intent{Kind: intent.Install, Packages: []string{"git"}})
	c.writeConf("system: system.nope\n")
	if p, _ := c.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch}); p.Result != state.ResultFailure {
		t.Fatalf("an edit and a broken file: %+v", p)
	}
	if st, _ := state.Load(c.s.StateDir); st.Held != "" {
		t.Fatalf("the hold outlived a change of the fragment: %+v", st)
	}
	// Both put back: built, not held (the hold ended with the change).
	if err := os.WriteFile(c.s.Fragment, good, 0o644); err != nil {
		t.Fatal(err)
	}
	c.writeConf(confOK)
	if p, err := c.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch}); err != nil || p.Result != state.ResultSuccess || c.current().Number == g {
		t.Fatalf("both put back: %s %q %v, current %d", p.Result, p.Reason, err, c.current().Number)
	}
}
