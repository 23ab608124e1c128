package reconciler_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/inputs"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// passDyingAt runs a pass whose process dies at the first command dies
// picks: no more steps, and the pass lock is freed, as when the daemon
// is killed there.
func (w *world) passDyingAt(dies func(argv []string) bool) {
	dying := &reconciler.Reconciler{Settings: w.s, Hostname: "playground", Runner: nixruntest.Func(func(ctx context.Context, c nixrun.Cmd) (nixrun.Result, error) {
		if dies(c.Argv) {
			runtime.Goexit()
		}
		return nixrun.Exec{}.Run(ctx, c)
	})}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); _, _ = dying.Pass(ctx, reconciler.PassOptions{}) }()
	wg.Wait()
}

// TestActivationCutShort: a pass whose process dies during activation or
// its health checks leaves a system that looks in place. The next pass
// must not take it for done: it activates again and runs the checks, and
// a failure goes back to what ran before the cut-short activation.
func TestActivationCutShort(t *testing.T) {
	for _, tt := range []struct {
		name string
		// dies reports whether the process dies at this command.
		dies    func(argv []string) bool
		healthy bool
		want    state.Result
		// resumeAs is the next pass's one-off action ("": the setting's).
		resumeAs string
	}{
		{"after the new generation, before boot", func(a []string) bool {
			return strings.HasSuffix(a[0], "switch-to-configuration") && a[len(a)-1] == "boot"
		}, true, state.ResultSuccess, ""},
		{"during a failing health check", func(a []string) bool { return a[0] == "false" }, false, state.ResultRolledBack, ""},
		// A one-off test would leave the moved profile without its boot
		// entry: the switch cut short is finished as a switch.
		{"before boot, resumed by a one-off test", func(a []string) bool {
			return strings.HasSuffix(a[0], "switch-to-configuration") && a[len(a)-1] == "boot"
		}, true, state.ResultSuccess, "test"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, playground.Options{}, nil)
			if !tt.healthy {
				w.s.HealthChecks = []settings.HealthCheck{{Argv: []string{"false"}}}
			}
			w.install("hello")
			w.passDyingAt(tt.dies)
			st, err := state.Load(w.s.StateDir)
			if err != nil || st.Activating == nil || st.Activating.FromGeneration != 1 || st.Activating.Running != w.first {
				t.Fatalf("after the cut: %+v %v", st.Activating, err)
			}
			if w.current().Number != 2 {
				t.Fatalf("the cut pass made no generation 2: %d", w.current().Number)
			}
			// Status says the edit is built and its activation waits, not
			// that it is not built yet.
			if rep, err := reconciler.Status(w.s); err != nil || len(rep.Queue) != 1 || !strings.Contains(rep.Queue[0], "built") || !strings.Contains(rep.Queue[0], "activation was cut short") || strings.Contains(rep.Queue[0], "not built") {
				t.Fatalf("status after the cut: queue %q %v", rep.Queue, err)
			}

			from := w.activationCount()
			w.r.ActionOverride = tt.resumeAs
			p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerStart})
			w.r.ActionOverride = ""
			if p.Result != tt.want || p.Action != "switch" {
				t.Fatalf("pass after the cut: %s %q (action %s) %v", p.Result, p.Reason, p.Action, err)
			}
			got := w.activations(from)
			switch tt.want {
			case state.ResultSuccess:
				// Activated again, boot default included; no third generation.
				if !slices.Contains(got, "boot "+p.Toplevel) || w.current().Number != 2 || len(w.generations()) != 2 {
					t.Fatalf("activations %q, current %d, generations %v", got, w.current().Number, w.generations())
				}
			case state.ResultRolledBack:
				// Back to generation 1, the one before the cut activation.
				if p.RolledBackTo != 1 || w.current().Number != 1 || w.running() != w.first {
					t.Fatalf("rolled back to %d, current %d, running %s", p.RolledBackTo, w.current().Number, w.running())
				}
			}
			if st, _ := state.Load(w.s.StateDir); st.Activating != nil {
				t.Fatalf("the record stays after the pass: %+v", st.Activating)
			}
			// And the pass after that is the usual no-op.
			if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerResync}); err != nil || p.Result != state.ResultNoop {
				t.Fatalf("the next pass: %s %q %v", p.Result, p.Reason, err)
			}
		})
	}
}

// TestBootRollbackHolds: "reboot into the previous generation" makes it
// the boot default while the newer system keeps running. The daemon's
// passes (action switch) leave that alone until the fragment changes.
func TestBootRollbackHolds(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.install("hello")
	newer, err := w.r.Pass(ctx, reconciler.PassOptions{})
	if err != nil {
		t.Fatal(err)
	}
	boot := &reconciler.Reconciler{Settings: w.s, Runner: w.rec, Hostname: "playground", ActionOverride: "boot"}
	if p, err := boot.SwitchGeneration(ctx, 0); err != nil || p.Generation != 1 {
		t.Fatalf("boot rollback: %+v %v", p, err)
	}
	if w.current().Number != 1 || w.running() != newer.Toplevel {
		t.Fatalf("after the boot rollback: current %d, running %s", w.current().Number, w.running())
	}
	if rep, err := reconciler.Status(w.s); err != nil || rep.HeldGeneration != 1 {
		t.Fatalf("status: held %d (%v)", rep.HeldGeneration, err)
	}
	for _, trigger := range []string{reconciler.TriggerResync, reconciler.TriggerStart, reconciler.TriggerApply} {
		w.rec.Reset()
		p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: trigger})
		if err != nil || p.Result != state.ResultNoop || len(w.rec.Calls()) != 0 || w.current().Number != 1 {
			t.Fatalf("%s pass after the boot rollback: %s %q %v, ran %v, current %d", trigger, p.Result, p.Reason, err, w.rec.Argv0s(), w.current().Number)
		}
	}
	// A new edit is reconciled as usual, and ends the hold.
	w.install("vim")
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch}); err != nil || p.Result != state.ResultSuccess || w.current().Number != 3 {
		t.Fatalf("pass after an edit: %+v %v", p, err)
	}
	if st, _ := state.Load(w.s.StateDir); st.Held != "" {
		t.Fatalf("still held: %s", st.Held)
	}
	if rep, err := reconciler.Status(w.s); err != nil || rep.HeldGeneration != 0 {
		t.Fatalf("status after the edit: held %d (%v)", rep.HeldGeneration, err)
	}
}

// Generations that share a system (the same configuration built again)
// are told apart by which is current: after going back to generation 1,
// the system runs generation 1, not the newer generation 3 it shares.
func TestRunningGenerationSharedSystem(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.install("hello")
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	w.edit(func(f *fragment.File) error {
		_, err := f.RemovePackages(fragment.MustPath("hello"))
		return err
	})
	p, err := w.r.Pass(ctx, reconciler.PassOptions{})
	if err != nil || p.Generation != 3 || p.Toplevel != w.first {
		t.Fatalf("back to the first system as generation 3: %+v %v", p, err)
	}
	if _, err := w.r.SwitchGeneration(ctx, 1); err != nil {
		t.Fatal(err)
	}
	st, err := state.Load(w.s.StateDir)
	if err != nil || st.CurrentGeneration != 1 || st.RunningGeneration != 1 {
		t.Fatalf("current %d, running %d (%v)", st.CurrentGeneration, st.RunningGeneration, err)
	}
}

// A pass that resumes a cut-short activation but fails before activating
// (the fragment broke meanwhile) keeps the record: the next pass still
// activates and checks, and does not take the unchecked system for done.
func TestActivationCutShortSurvivesAFailedPass(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.s.HealthChecks = []settings.HealthCheck{{Argv: []string{"false"}}}
	w.install("hello")
	good, err := os.ReadFile(w.pg.Fragment)
	if err != nil {
		t.Fatal(err)
	}
	w.passDyingAt(func(a []string) bool { return a[0] == "false" })

	// A one-off build (a preview beside the daemon) activates nothing:
	// the record stays for the next pass that does.
	preview := &reconciler.Reconciler{Settings: w.s, Runner: w.rec, Hostname: "playground", ActionOverride: "build"}
	if _, err := preview.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	if st, _ := state.Load(w.s.StateDir); st.Activating == nil {
		t.Fatal("a one-off build settled the record")
	}

	// A rollback whose nix-env fails touched nothing: the record stays.
	refusing := &reconciler.Reconciler{Settings: w.s, Hostname: "playground", Runner: nixruntest.Func(func(ctx context.Context, c nixrun.Cmd) (nixrun.Result, error) {
		if slices.Contains(c.Argv, "--switch-generation") {
			return nixrun.Result{}, &nixrun.ExitError{Argv: c.Argv, ExitCode: 1, Stderr: []byte("error: opening lock file: Permission denied")}
		}
		return nixrun.Exec{}.Run(ctx, c)
	})}
	if _, err := refusing.Switch(ctx, reconciler.Pick{Number: 1}); err == nil || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("a switch whose nix-env fails: %v", err)
	}
	if st, _ := state.Load(w.s.StateDir); st.Activating == nil || st.Activating.FromGeneration != 1 {
		t.Fatalf("a switch that touched nothing settled the record: %+v", st.Activating)
	}

	w.writeFragment("{ this is not nix")
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if p.Result != state.ResultFailure || err == nil || !strings.Contains(err.Error(), "generation 2 stays current") {
		t.Fatalf("broken fragment: %s %v", p.Result, err)
	}
	if st, _ := state.Load(w.s.StateDir); st.Activating == nil || st.Activating.FromGeneration != 1 {
		t.Fatalf("the record went with a pass that never activated: %+v", st.Activating)
	}
	// The same broken inputs are not tried again at every resync.
	w.rec.Reset()
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerResync}); err != nil || p.Result != state.ResultNoop || len(w.rec.Calls()) != 0 {
		t.Fatalf("resync after the failure: %s %q %v, ran %v", p.Result, p.Reason, err, w.rec.Argv0s())
	}
	w.writeFragment(string(good))
	p, _ = w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if p.Result != state.ResultRolledBack || w.current().Number != 1 || w.running() != w.first {
		t.Fatalf("pass after the fix: %s %q, current %d", p.Result, p.Reason, w.current().Number)
	}
}

// A failed change taken back ("ask-nix undo") brings the inputs back to
// what is applied: the pass that finds that is recorded, so the failure
// is not the last word in status.
func TestBackToAppliedAfterAFailure(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	good, err := os.ReadFile(w.pg.Fragment)
	if err != nil {
		t.Fatal(err)
	}
	w.writeFragment("{ this is not nix")
	if p, _ := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch}); p.Result != state.ResultFailure {
		t.Fatalf("broken fragment: %s", p.Result)
	}
	w.writeFragment(string(good))
	w.rec.Reset()
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if err != nil || p.Result != state.ResultNoop || len(w.rec.Calls()) != 0 {
		t.Fatalf("back to the applied inputs: %s %q %v, ran %v", p.Result, p.Reason, err, w.rec.Argv0s())
	}
	if st, _ := state.Load(w.s.StateDir); st.LastPass == nil || st.LastPass.Result != state.ResultNoop || st.DesiredHash != st.AppliedHash {
		t.Fatalf("last pass %+v, desired %s applied %s", st.LastPass, st.DesiredHash, st.AppliedHash)
	}
	// And the next one is the usual quiet no-op, not recorded again.
	before, _ := state.Load(w.s.StateDir)
	if p, _ := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerResync}); p.Result != state.ResultNoop {
		t.Fatalf("resync: %s", p.Result)
	}
	if after, _ := state.Load(w.s.StateDir); after.LastPass.ID != before.LastPass.ID {
		t.Fatalf("a quiet no-op was recorded: %d -> %d", before.LastPass.ID, after.LastPass.ID)
	}
}

// A rollback stays while the watched files change without changing the
// system they build (a README, a comment, an editor's swap file): the
// pass that sees it evaluates, finds the system rolled back from, and
// keeps the rollback. A change to the system ends it.
func TestRollbackHoldsThroughUnrelatedChanges(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.install("hello")
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	if p, err := w.r.SwitchGeneration(ctx, 0); err != nil || p.Generation != 1 {
		t.Fatalf("rollback: %+v %v", p, err)
	}
	if err := os.WriteFile(filepath.Join(w.s.WatchPaths[0], "README"), []byte("notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if err != nil || p.Result != state.ResultNoop || !strings.Contains(p.Reason, "the inputs still build the system in place before it, so generation 1 stays") || w.current().Number != 1 || w.running() != w.first {
		t.Fatalf("pass after a README: %s %q %v, current %d", p.Result, p.Reason, err, w.current().Number)
	}
	// Seen once: the next passes do not evaluate again.
	w.rec.Reset()
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerResync}); err != nil || p.Result != state.ResultNoop || len(w.rec.Calls()) != 0 {
		t.Fatalf("resync: %s %q %v, ran %v", p.Result, p.Reason, err, w.rec.Argv0s())
	}
	if rep, err := reconciler.Status(w.s); err != nil || rep.HeldGeneration != 1 {
		t.Fatalf("status: held %d (%v)", rep.HeldGeneration, err)
	}
	w.install("vim")
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch}); err != nil || p.Result != state.ResultSuccess || w.current().Number != 3 {
		t.Fatalf("pass after an edit: %s %q %v", p.Result, p.Reason, err)
	}
}

// Two rollbacks in a row (3 to 2, then to 1) hold the second through an
// unrelated change: what they went back from is still generation 3's
// system. And the fragment changed, even to build that same system, ends
// the hold, as "until the fragment changes" says.
func TestSecondRollbackHoldsAndFragmentChangeEndsIt(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	for _, pkg := range []string{"hello", "vim"} {
		w.install(pkg)
		if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	third := w.current()
	if p, err := w.r.SwitchGeneration(ctx, 0); err != nil || p.Generation != 2 {
		t.Fatalf("first rollback: %+v %v", p, err)
	}
	if p, err := w.r.SwitchGeneration(ctx, 1); err != nil || p.Generation != 1 {
		t.Fatalf("second rollback: %+v %v", p, err)
	}
	if err := os.WriteFile(filepath.Join(w.s.WatchPaths[0], "README"), []byte("notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch}); err != nil || p.Result != state.ResultNoop || w.current().Number != 1 {
		t.Fatalf("pass after a README: %s %q %v, current %d", p.Result, p.Reason, err, w.current().Number)
	}
	src, err := os.ReadFile(w.pg.Fragment)
	if err != nil {
		t.Fatal(err)
	}
	w.writeFragment(string(src) + "\n") // other bytes, the same system
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch}); err != nil || p.Result != state.ResultSuccess || w.current().Path != third.Path {
		t.Fatalf("pass after the fragment changed: %s %q %v, current %+v", p.Result, p.Reason, err, w.current())
	}
}

// A second rollback after the fragment changed since the first (an edit
// not built yet) holds nothing, as a first one with that edit pending:
// status says the edit waits, not that the switch just made "no longer
// holds" because the fragment changed since it.
func TestSecondRollbackAfterAnEditHoldsNothing(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	for _, pkg := range []string{"hello", "vim"} {
		w.install(pkg)
		if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if p, err := w.r.SwitchGeneration(ctx, 0); err != nil || p.Generation != 2 {
		t.Fatalf("first rollback: %+v %v", p, err)
	}
	w.install("htop") // not built
	if p, err := w.r.SwitchGeneration(ctx, 1); err != nil || p.Generation != 1 {
		t.Fatalf("second rollback: %+v %v", p, err)
	}
	rep, err := reconciler.Status(w.s)
	if err != nil {
		t.Fatal(err)
	}
	line := reconciler.OneLine(rep, time.Now())
	if rep.HeldGeneration != 0 || len(rep.Queue) != 1 || strings.Contains(line, "no longer holds") || strings.Contains(line, "held") {
		t.Fatalf("after the second rollback: held %d, queue %q\n%s", rep.HeldGeneration, rep.Queue, line)
	}
	// The pass builds the edit, as status says.
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch}); err != nil || p.Result != state.ResultSuccess || w.current().Number != 4 {
		t.Fatalf("pass after the second rollback: %s %q %v, current %d", p.Result, p.Reason, err, w.current().Number)
	}
}

// A rollback after a cut-short activation whose earlier generation was
// deleted meanwhile (a gc by hand) still puts back what ran before: its
// system, still in the store, becomes a new generation.
func TestRollbackToADeletedGeneration(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.s.HealthChecks = []settings.HealthCheck{{Argv: []string{"false"}}}
	w.install("hello")
	w.passDyingAt(func(a []string) bool { return a[0] == "false" })
	if _, err := (nixrun.Exec{}).Run(ctx, nixrun.Cmd{Argv: []string{"nix-env", "-p", w.s.Profile, "--delete-generations", "1"}}); err != nil {
		t.Fatal(err)
	}
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerStart})
	if p.Result != state.ResultRolledBack || w.current().Path != w.first || w.running() != w.first {
		t.Fatalf("pass after the cut: %s %q %v; current %+v, running %s", p.Result, p.Reason, err, w.current(), w.running())
	}
}

// A state file that is not JSON (a hand edit) stops no pass: it is moved
// aside, kept, and the pass goes on from a fresh state.
func TestCorruptStateMovedAside(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	bad := []byte(`{"version":1,"phase":"bu`)
	if err := os.WriteFile(state.Path(w.s.StateDir), bad, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := state.Load(w.s.StateDir); err == nil || !strings.Contains(err.Error(), "move it aside to start fresh") {
		t.Fatalf("Load: %v", err)
	}
	w.install("hello")
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if err != nil || p.Result != state.ResultSuccess || w.current().Number != 2 {
		t.Fatalf("pass over a corrupt state: %s %q %v", p.Result, p.Reason, err)
	}
	aside, _ := filepath.Glob(state.Path(w.s.StateDir) + ".corrupt-*")
	if len(aside) != 1 {
		t.Fatalf("moved aside: %v", aside)
	}
	if kept, _ := os.ReadFile(aside[0]); string(kept) != string(bad) {
		t.Fatalf("kept %q", kept)
	}
	if st, err := state.Load(w.s.StateDir); err != nil || st.LastPass == nil || st.LastPass.ID != p.ID {
		t.Fatalf("the new state: %+v %v", st, err)
	}
}

// A state file damaged by a disk fault (cut short) loses its history, not
// the pass ids: a new process's next pass counts on from the highest id
// the damaged file names, and the counters go on from its counts.
func TestCorruptStateKeepsPassIDs(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	for _, pkg := range []string{"hello", "cowsay"} {
		w.install(pkg)
		if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	before := w.state()
	full, err := os.ReadFile(state.Path(w.s.StateDir))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(state.Path(w.s.StateDir), full[:len(full)*3/4], 0o644); err != nil {
		t.Fatal(err)
	}
	w.install("htop")
	// Another process: nothing of the first Reconciler's ids in memory.
	r := &reconciler.Reconciler{Settings: w.s, Runner: w.rec, Hostname: "playground"}
	p, err := r.Pass(ctx, reconciler.PassOptions{})
	if err != nil || p.Result != state.ResultSuccess {
		t.Fatalf("pass over a damaged state: %s %q %v", p.Result, p.Reason, err)
	}
	if p.ID <= before.LastPass.ID {
		t.Errorf("pass id %d after a damaged state whose last pass was %d", p.ID, before.LastPass.ID)
	}
	after := w.state()
	if got, was := after.Counters.Reconciles[state.ResultSuccess], before.Counters.Reconciles[state.ResultSuccess]; got != was+1 {
		t.Errorf("success counter %d after the damaged state's %d and one more success", got, was)
	}
}

// The hold ends when the inputs no longer keep it (an undo back to the
// held system): the same edit made again is built, not held off.
func TestHoldEndsWithTheUndo(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	orig, err := os.ReadFile(w.pg.Fragment)
	if err != nil {
		t.Fatal(err)
	}
	w.install("hello")
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	withHello, _ := os.ReadFile(w.pg.Fragment)
	if p, err := w.r.SwitchGeneration(ctx, 0); err != nil || p.Generation != 1 {
		t.Fatalf("rollback: %+v %v", p, err)
	}
	w.writeFragment(string(orig)) // undo: builds what is held
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch}); err != nil || p.Result != state.ResultNoop {
		t.Fatalf("after the undo: %s %q %v", p.Result, p.Reason, err)
	}
	if st, _ := state.Load(w.s.StateDir); st.Held != "" || st.HeldFrom != "" {
		t.Fatalf("the hold outlived the undo: %+v", st)
	}
	w.writeFragment(string(withHello)) // the edit again
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch}); err != nil || p.Result != state.ResultSuccess || w.running() == w.first {
		t.Fatalf("the edit made again: %s %q %v", p.Result, p.Reason, err)
	}
}

// A rollback with action test (the running system only) is held too:
// the daemon's next pass leaves it running.
func TestTestRollbackHeld(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.install("hello")
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	test := &reconciler.Reconciler{Settings: w.s, Runner: w.rec, Hostname: "playground", ActionOverride: "test"}
	if _, err := test.SwitchGeneration(ctx, 0); err != nil || w.running() != w.first {
		t.Fatalf("rollback --action test: %v, running %s", err, w.running())
	}
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerResync}); err != nil || p.Result != state.ResultNoop || w.running() != w.first {
		t.Fatalf("the daemon's resync: %s %q %v; running the first system: %v", p.Result, p.Reason, err, w.running() == w.first)
	}
	if rep, err := reconciler.Status(w.s); err != nil || rep.HeldGeneration != 1 {
		t.Fatalf("status: held %d (%v)", rep.HeldGeneration, err)
	}
}

// A rollback made while an edit is not built yet does not swallow it: the
// edit stays pending, and the next pass builds it.
func TestRollbackKeepsAnUnbuiltEditPending(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.install("hello")
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	w.install("vim") // written, not built
	if p, err := w.r.SwitchGeneration(ctx, 0); err != nil || p.Generation != 1 {
		t.Fatalf("rollback: %+v %v", p, err)
	}
	if rep, err := reconciler.Status(w.s); err != nil || len(rep.Queue) != 1 || rep.DesiredHash == rep.AppliedHash {
		t.Fatalf("status after the rollback: queue %q, desired %s, applied %s (%v)", rep.Queue, rep.DesiredHash, rep.AppliedHash, err)
	}
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerResync}); err != nil || p.Result != state.ResultSuccess || w.current().Number != 3 {
		t.Fatalf("the next pass: %s %q %v, current %d", p.Result, p.Reason, err, w.current().Number)
	}
}

// The fragment changed during a hold and then put back (after a failed
// or stopped pass) is built: the rolled-back system is not taken for
// what the inputs build.
func TestFragmentPutBackAfterAHoldIsBuilt(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.install("hello")
	newer, err := w.r.Pass(ctx, reconciler.PassOptions{})
	if err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(w.pg.Fragment)
	if _, err := w.r.SwitchGeneration(ctx, 0); err != nil {
		t.Fatal(err)
	}
	w.set("standin.failBuild", fragment.Bool(true))
	if p, _ := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch}); p.Result != state.ResultFailure {
		t.Fatalf("the failing change: %s %q", p.Result, p.Reason)
	}
	w.writeFragment(string(good))
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if err != nil || p.Result == state.ResultNoop && w.running() != newer.Toplevel || w.running() != newer.Toplevel {
		t.Fatalf("the fragment put back: %s %q %v; running the newer system: %v", p.Result, p.Reason, err, w.running() == newer.Toplevel)
	}
}

// Status after a rollback and then a change not built yet says one
// thing: a new fragment ends the hold (the next pass builds it), so no
// "held" beside "pending"; a change to another watched file is
// evaluated first, and the hold stays unless it builds a new system.
func TestStatusAfterRollbackThenChange(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.install("hello")
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.r.SwitchGeneration(ctx, 0); err != nil {
		t.Fatal(err)
	}
	status := func() (*reconciler.StatusReport, string) {
		t.Helper()
		rep, err := reconciler.Status(w.s)
		if err != nil {
			t.Fatal(err)
		}
		return rep, reconciler.OneLine(rep, time.Now())
	}

	// Another watched file: evaluated at the next pass, the hold stays
	// unless that builds something new.
	readme := filepath.Join(w.s.WatchPaths[0], "README")
	if err := os.WriteFile(readme, []byte("notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, line := status()
	if rep.HeldGeneration != 1 || len(rep.Queue) != 1 || !strings.Contains(line, "held: generation 1") ||
		!strings.Contains(line, "pending: a watched file changed since the last pass, not the fragment: the next pass evaluates it, and generation 1 stays unless it builds a new system") {
		t.Fatalf("after a README: held %d, queue %q\n%s", rep.HeldGeneration, rep.Queue, line)
	}

	// The fragment: the hold is over, the edit is what comes next.
	atSwitch, err := os.ReadFile(w.pg.Fragment)
	if err != nil {
		t.Fatal(err)
	}
	w.install("vim")
	rep, line = status()
	if rep.HeldGeneration != 0 || strings.Contains(line, "held") || len(rep.Queue) != 1 ||
		!strings.Contains(line, "pending: the fragment or a watched file changed since the last pass; the fragment changed since the switch to generation 1 on request, so that switch no longer holds; ") {
		t.Fatalf("after an edit: held %d, queue %q\n%s", rep.HeldGeneration, rep.Queue, line)
	}
	// Put back as it was at the switch: held again, as a pass would
	// find it.
	w.writeFragment(string(atSwitch))
	if rep, line = status(); rep.HeldGeneration != 1 || !strings.Contains(line, "held: generation 1") {
		t.Fatalf("the fragment put back: held %d\n%s", rep.HeldGeneration, line)
	}
	// And the pass does what status said.
	w.install("vim")
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch}); err != nil || p.Result != state.ResultSuccess || w.current().Number != 3 {
		t.Fatalf("the next pass: %s %q %v", p.Result, p.Reason, err)
	}
	if rep, line = status(); rep.HeldGeneration != 0 || len(rep.Queue) != 0 || strings.Contains(line, "held") {
		t.Fatalf("after the pass: held %d, queue %q\n%s", rep.HeldGeneration, rep.Queue, line)
	}
}

// ask-nix status and the no-op check keep the watched files' digests in
// the state directory (inputs.Digests), and never call a change "nothing
// pending" for it: a watched file rewritten in the same second with the
// same size and its mtime put back is pending, and the next pass
// evaluates it rather than stop as unchanged.
func TestStatusSeesSameSizeEditOfAWatchedFile(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	notes := filepath.Join(w.s.WatchPaths[0], "NOTES")
	if err := os.WriteFile(notes, []byte("alpha\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	// Once the files are inputs.RacyMargin old, their digests are kept
	// and trusted by their stat: the case a stale answer would come from.
	time.Sleep(inputs.RacyMargin + 100*time.Millisecond)
	for range 2 {
		if rep, err := reconciler.Status(w.s); err != nil || len(rep.Queue) != 0 {
			t.Fatalf("status after the pass: queue %q (%v)", rep.Queue, err)
		}
	}
	kept, err := os.ReadFile(filepath.Join(w.s.StateDir, inputs.DigestsFileName))
	if err != nil || !strings.Contains(string(kept), " "+notes+"\n") {
		t.Fatalf("digests file: %v\n%s", err, kept)
	}
	fi, err := os.Stat(notes)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(notes, []byte("omega\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(notes, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	rep, err := reconciler.Status(w.s)
	if err != nil || len(rep.Queue) != 1 || !strings.Contains(rep.Queue[0], "changed since the last pass") {
		t.Fatalf("status after a same-size edit: queue %q (%v)", rep.Queue, err)
	}
	w.rec.Reset()
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if err != nil || len(w.rec.Calls()) == 0 {
		t.Fatalf("pass after a same-size edit: %s %q %v, ran %v", p.Result, p.Reason, err, w.rec.Argv0s())
	}
}
