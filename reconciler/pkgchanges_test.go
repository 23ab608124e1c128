package reconciler_test

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// TestPassStartsFromWhatItFindsUnderTheLock: a pass that waits for the
// pass lock says what it changed against the system it found once it had
// the lock. Here another writer switches the profile and the running
// system from generation 1 to generation 2 (which has htop) while the
// pass waits, as an ask-nix rollback could while the daemon's pass
// queues: the pass starts from
// generation 2, so hello is the one package it added, where a caller
// that read the profile before the wait would count htop too.
func TestPassStartsFromWhatItFindsUnderTheLock(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	ctx := context.Background()
	w.install("htop")
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Generation != 2 {
		t.Fatalf("pass %+v, %v", p, err)
	}
	if _, err := w.r.SwitchGeneration(ctx, 1); err != nil {
		t.Fatal(err)
	}
	w.install("hello")
	lk, err := flock.TryLock(reconciler.LockPath(w.s.StateDir), "test")
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		p   state.Pass
		err error
	}
	done := make(chan result, 1)
	go func() {
		p, err := w.r.Pass(ctx, reconciler.PassOptions{Wait: true})
		done <- result{p, err}
	}()
	select {
	case r := <-done:
		t.Fatalf("the pass ran while the lock was held: %+v, %v", r.p, r.err)
	case <-time.After(200 * time.Millisecond):
	}
	if out, err := exec.Command("nix-env", "-p", w.s.Profile, "--switch-generation", "2").CombinedOutput(); err != nil {
		t.Fatalf("nix-env --switch-generation: %v\n%s", err, out)
	}
	gen2 := w.current().Path
	// And runs it, as the rollback's activation would.
	link := w.s.CurrentSystem()
	if err := os.Symlink(gen2, link+".new"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(link+".new", link); err != nil {
		t.Fatal(err)
	}
	if err := lk.Unlock(); err != nil {
		t.Fatal(err)
	}
	var r result
	select {
	case r = <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the pass did not finish")
	}
	p := r.p
	if r.err != nil || p.Result != state.ResultSuccess || p.Generation != 3 {
		t.Fatalf("pass %+v, %v", p, r.err)
	}
	if p.FromGeneration != 2 || p.FromToplevel != gen2 || p.FromRunning != gen2 || !reconciler.ChangedSystem(p) {
		t.Fatalf("the pass started from generation %d (%s), want 2 (%s)", p.FromGeneration, p.FromToplevel, gen2)
	}
	if _, err := w.r.PackageChanges(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if pc := p.Packages; pc == nil || !slices.Equal(pc.Added, []string{"hello 2.12.1"}) || len(pc.Removed)+len(pc.Upgraded) != 0 {
		t.Fatalf("package changes %+v", pc)
	}
}

// TestChangedSystem: only a pass that put a generation in place whose
// system is not what ran before has package changes worth saying.
func TestChangedSystem(t *testing.T) {
	base := state.Pass{Result: state.ResultSuccess, Action: "switch", Generation: 3, Toplevel: "/nix/store/b", FromGeneration: 2, FromToplevel: "/nix/store/a"}
	for _, tt := range []struct {
		name string
		edit func(*state.Pass)
		want bool
	}{
		{"new generation", func(*state.Pass) {}, true},
		{"failed", func(p *state.Pass) { p.Result = state.ResultFailure }, false},
		{"rolled back", func(p *state.Pass) { p.Result = state.ResultRolledBack }, false},
		{"no-op", func(p *state.Pass) { p.Result = state.ResultNoop }, false},
		{"test action: no generation", func(p *state.Pass) { p.Generation = 0 }, false},
		{"test action: the profile's generation", func(p *state.Pass) { p.Action = "test"; p.Generation = 2 }, false},
		{"build action", func(p *state.Pass) { p.Action = "build"; p.Generation = 2 }, false},
		{"boot action: against what runs", func(p *state.Pass) { p.Action = "boot"; p.FromRunning = "/nix/store/a" }, true},
		{"same system", func(p *state.Pass) { p.Toplevel = "/nix/store/a" }, false},
		{"first generation", func(p *state.Pass) { p.FromGeneration, p.FromToplevel = 0, "" }, false},
		{"back to an older generation", func(p *state.Pass) { p.Generation = 1 }, true},
		// After a rollback with action boot, generation 2 is current and
		// generation 3 runs: a new generation of 3's system changes
		// nothing that runs, though the profile moved.
		{"the new generation is what ran", func(p *state.Pass) { p.FromRunning = "/nix/store/b" }, false},
		// The current generation activated, after a boot rollback or a
		// test: what runs changed, though the profile did not.
		{"current generation activated over another running", func(p *state.Pass) {
			p.Trigger, p.Generation, p.Toplevel, p.FromRunning = reconciler.TriggerRollback, 2, "/nix/store/a", "/nix/store/c"
		}, true},
		{"current generation activated again", func(p *state.Pass) {
			p.Trigger, p.Generation, p.Toplevel, p.FromRunning = reconciler.TriggerRollback, 2, "/nix/store/a", "/nix/store/a"
		}, false},
		{"a rollback with action test", func(p *state.Pass) {
			p.Trigger, p.Action, p.Generation, p.FromRunning = reconciler.TriggerRollback, "test", 1, "/nix/store/c"
		}, true},
	} {
		p := base
		tt.edit(&p)
		if got := reconciler.ChangedSystem(p); got != tt.want {
			t.Errorf("%s: ChangedSystem = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestChangesAfterABootRollbackAreSaidAgainstWhatRuns: after a rollback
// with action boot, generation 2 is current and generation 3 (htop and
// hello) runs. What later switches do is said against what runs, not
// the profile's generation: activating generation 2 removes hello (the
// profile did not move, yet the machine changed), and a pass that
// builds generation 3's system again changes no package at all, though
// the profile moves from 2 to 3.
func TestChangesAfterABootRollbackAreSaidAgainstWhatRuns(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	ctx := context.Background()
	w.install("htop")
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	w.install("hello")
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Generation != 3 {
		t.Fatalf("pass %+v, %v", p, err)
	}
	gen3 := w.running()
	snapshot := func() (string, int) { return w.running(), w.current().Number }

	boot := &reconciler.Reconciler{Settings: w.s, Runner: w.rec, Hostname: "playground", ActionOverride: "boot"}
	p, err := boot.Switch(ctx, reconciler.Pick{})
	if err != nil || p.Generation != 2 {
		t.Fatalf("boot rollback %+v, %v", p, err)
	}
	if want := "made generation 2 the boot default on request (was generation 3), from the next boot on; generation 3 runs until then"; p.Reason != want {
		t.Fatalf("boot rollback reason %q, want %q", p.Reason, want)
	}
	if run, cur := snapshot(); run != gen3 || cur != 2 {
		t.Fatalf("after the boot rollback: running %s, current %d", run, cur)
	}

	// Generation 2 again, activated: it was current, not running.
	p, err = w.r.SwitchGeneration(ctx, 2)
	if err != nil || p.Result != state.ResultSuccess {
		t.Fatalf("switch to 2: %+v, %v", p, err)
	}
	if want := "activated generation 2 on request: it was current but not running (generation 3 ran)"; p.Reason != want {
		t.Fatalf("reason %q, want %q", p.Reason, want)
	}
	if !reconciler.ChangedSystem(p) {
		t.Fatal("activating generation 2 over generation 3 changed nothing, it says")
	}
	if _, err := w.r.PackageChanges(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if pc := p.Packages; pc == nil || !slices.Equal(pc.Removed, []string{"hello 2.12.1"}) || len(pc.Added)+len(pc.Upgraded) != 0 {
		t.Fatalf("package changes %+v", pc)
	}
	if st := w.state(); st.LastPass == nil || st.LastPass.Reason != p.Reason || st.LastPass.Packages == nil {
		t.Fatalf("recorded %+v", st.LastPass)
	}

	// Boot into 2 with 3 running once more, then build the fragment (3's
	// system) with a switch: the profile moves, what runs does not.
	if _, err := w.r.SwitchGeneration(ctx, 3); err != nil {
		t.Fatal(err)
	}
	if _, err := boot.Switch(ctx, reconciler.Pick{}); err != nil {
		t.Fatal(err)
	}
	p, err = w.r.Pass(ctx, reconciler.PassOptions{Force: true})
	if err != nil || p.Result != state.ResultSuccess || p.Toplevel != gen3 {
		t.Fatalf("pass %+v, %v", p, err)
	}
	if p.FromGeneration != 2 || p.FromRunning != gen3 || p.FromRunningGeneration != 3 {
		t.Fatalf("the pass started from generation %d, running %s (%d)", p.FromGeneration, p.FromRunning, p.FromRunningGeneration)
	}
	if reconciler.ChangedSystem(p) {
		t.Fatal("a pass that put in place the system that ran says it changed the system")
	}
}
