package reconciler_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/activate"
	"github.com/nix-humanity/nix-humanity/reconciler/generation"
	"github.com/nix-humanity/nix-humanity/reconciler/sdnotify"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

var ctx = context.Background()

func TestEditGivesExactlyOneGeneration(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	logFrom := w.activationCount()

	w.install("hello", "python3Packages.requests")
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err != nil {
		t.Fatal(err)
	}
	if p.Result != state.ResultSuccess || p.Generation != 2 {
		t.Fatalf("pass %+v", p)
	}
	if got := w.generations(); !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("generations %v, want [1 2]", got)
	}
	g := w.current()
	if g.Number != 2 || g.Path != p.Toplevel || w.running() != g.Path {
		t.Fatalf("profile %+v, running %s, pass toplevel %s", g, w.running(), p.Toplevel)
	}
	for _, bin := range []string{"hello", "requests"} {
		if !hasFile(filepath.Join(g.Path, "sw", "bin", bin)) {
			t.Errorf("the new system has no sw/bin/%s", bin)
		}
	}
	// nh's order: live first, then the profile, then the boot default.
	if got, want := w.activations(logFrom), []string{"test " + g.Path, "boot " + g.Path}; !slices.Equal(got, want) {
		t.Fatalf("activations %q, want %q", got, want)
	}
	if got := w.nixEnvGenerations(); got != "1, 2 (current)" {
		t.Fatalf("nix-env --list-generations: %s", got)
	}
	// What `ask-nix generations --json` lists: the new one, current.
	gens, err := generation.Reader{Profile: w.s.Profile, Booted: w.s.BootedSystem()}.List(ctx)
	if err != nil || len(gens) != 2 || !gens[1].Current || gens[0].Current || gens[1].StorePath != g.Path || gens[1].NixosVersion == "" {
		t.Fatalf("generations %+v, %v", gens, err)
	}
	// What ran, in order: evaluate, build, test, set profile, boot.
	if got := strings.Join(w.rec.Argv0s(), " "); got != "nix-instantiate nix-build "+g.Path+"/bin/switch-to-configuration nix-env "+g.Path+"/bin/switch-to-configuration" {
		t.Fatalf("commands: %s", got)
	}
	st := w.state()
	if st.AppliedToplevel != g.Path || st.AppliedHash != p.InputsHash || st.CurrentGeneration != 2 || st.LastPass == nil || st.LastPass.ID != p.ID {
		t.Fatalf("state %+v", st)
	}
	for _, ph := range []string{"eval", "build", "activate", "total"} {
		if _, ok := st.LastPass.Durations[ph]; !ok {
			t.Errorf("no %s time recorded: %v", ph, st.LastPass.Durations)
		}
	}

	// The same edit again (rendered the same): no Nix, no generation.
	w.rec.Reset()
	w.install("hello")
	p, err = w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if err != nil || p.Result != state.ResultNoop || len(w.rec.Calls()) != 0 {
		t.Fatalf("re-adding an installed package: %+v %v, ran %v", p, err, w.rec.Argv0s())
	}
}

func TestTouchWithoutChangeRunsNoNix(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	before := w.state()
	// Touch: rewrite the same bytes by rename, as an editor saving would.
	w.edit(func(*fragment.File) error { return nil })
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if err != nil {
		t.Fatal(err)
	}
	if p.Result != state.ResultNoop || p.Reason != "inputs unchanged" {
		t.Fatalf("pass %+v", p)
	}
	if calls := w.rec.Calls(); len(calls) != 0 {
		t.Fatalf("a touch ran Nix: %v", w.rec.Argv0s())
	}
	if got := w.generations(); !slices.Equal(got, []int{1}) {
		t.Fatalf("generations %v", got)
	}
	if after := w.state(); after.LastPass.ID != before.LastPass.ID {
		t.Fatalf("a touch was recorded as pass %d", after.LastPass.ID)
	}

	// A change Nix cannot see (a comment) evaluates once, finds the
	// toplevel current and makes no generation.
	w.edit(func(f *fragment.File) error { f.Header = append(f.Header, " just a note"); return nil })
	p, err = w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if err != nil || p.Result != state.ResultNoop || p.Reason != "toplevel already current" {
		t.Fatalf("comment-only edit: %+v %v", p, err)
	}
	if got := strings.Join(w.rec.Argv0s(), " "); got != "nix-instantiate" {
		t.Fatalf("ran %s, want only the evaluation", got)
	}
	if got := w.generations(); !slices.Equal(got, []int{1}) {
		t.Fatalf("generations %v", got)
	}
}

func TestUnknownPackageFailsEvaluation(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.writeFragment("{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [\n    hello\n    nosuchpackage\n  ];\n}\n")
	logFrom := w.activationCount()
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	var pe *reconciler.PassError
	if !errors.As(err, &pe) || p.Result != state.ResultFailure {
		t.Fatalf("pass %+v, err %v", p, err)
	}
	if want := `nixpkgs has no package named nosuchpackage, which the fragment installs. ask-nix "remove nosuchpackage" takes it out`; !strings.HasPrefix(p.Error, want) {
		t.Errorf("error does not start with %q:\n%s", want, p.Error)
	}
	for _, want := range []string{"undefined variable 'nosuchpackage'", w.pg.Fragment + ":5:5", "nothing was built or activated", "generation 1 stays current"} {
		if !strings.Contains(p.Error, want) {
			t.Errorf("error lacks %q:\n%s", want, p.Error)
		}
	}
	if got := w.generations(); !slices.Equal(got, []int{1}) {
		t.Fatalf("generations %v", got)
	}
	if w.running() != w.first || w.activationCount() != logFrom {
		t.Fatalf("the running system changed: %s, activations %v", w.running(), w.activations(logFrom))
	}
	if got := strings.Join(w.rec.Argv0s(), " "); got != "nix-instantiate" {
		t.Fatalf("ran %s after a failed evaluation", got)
	}
	rep, err := reconciler.Status(w.s)
	if err != nil {
		t.Fatal(err)
	}
	line := reconciler.OneLine(rep, time.Now())
	if !strings.Contains(line, "generation 1 (current, booted)") || !strings.Contains(line, "last: failure") || !strings.Contains(line, "undefined variable 'nosuchpackage'") {
		t.Fatalf("status:\n%s", line)
	}

	// The same broken inputs on a later event: not tried again.
	w.rec.Reset()
	p, err = w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if err != nil || p.Result != state.ResultNoop || len(w.rec.Calls()) != 0 || !strings.Contains(p.Reason, "failed") {
		t.Fatalf("retry on a touch: %+v %v %v", p, err, w.rec.Argv0s())
	}
	// apply tries again.
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply}); !errors.As(err, &pe) || len(w.rec.Calls()) != 1 {
		t.Fatalf("apply: %v, ran %v", err, w.rec.Argv0s())
	}
}

func TestBuildFailureKeepsTheSystem(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	logFrom := w.activationCount()
	w.set("standin.failBuild", fragment.Bool(true))
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if err == nil || p.Result != state.ResultFailure {
		t.Fatalf("pass %+v %v", p, err)
	}
	for _, want := range []string{"building ", "failed with exit code 1", "stand-in build failed on request", "last lines of the build log", "nothing was activated", "generation 1 stays current"} {
		if !strings.Contains(p.Error, want) {
			t.Errorf("error lacks %q:\n%s", want, p.Error)
		}
	}
	if got := w.generations(); !slices.Equal(got, []int{1}) || w.running() != w.first || w.activationCount() != logFrom {
		t.Fatalf("a failed build changed the system: generations %v, running %s", got, w.running())
	}
	if st := w.state(); st.Counters.Reconciles[state.ResultFailure] != 1 || st.LastPass.Durations["build"] <= 0 {
		t.Fatalf("state %+v", st.LastPass)
	}
	// What to do next depends on who tries again: ask-nix apply, run by
	// hand, or the daemon, which also retries the same inputs later (a
	// build may fail for a cause outside them).
	if !strings.HasSuffix(p.Error, "; then run ask-nix apply again") {
		t.Errorf("ask-nix apply's build failure ends:\n%s", p.Error)
	}
	w.r.Daemon = true
	w.install("htop")
	p, err = w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if err == nil || p.Result != state.ResultFailure {
		t.Fatalf("pass %+v %v", p, err)
	}
	if !strings.HasSuffix(p.Error, "; the reconciler tries again when a watched file changes, and retries the same inputs at its periodic resync, less often after each failure (up to an hour apart); ask-nix apply tries at once") {
		t.Errorf("the daemon's build failure ends:\n%s", p.Error)
	}
}

func TestActivationFailureRollsBack(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	logFrom := w.activationCount()
	w.install("htop")
	w.set("standin.failActivation", fragment.Bool(true))
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	var pe *reconciler.PassError
	if !errors.As(err, &pe) || p.Result != state.ResultRolledBack || p.Reason != "activation failed" || p.RolledBackTo != 1 {
		t.Fatalf("pass %+v, err %v", p, err)
	}
	if !strings.Contains(p.Error, "failed on request (standin.failActivation = true)") {
		t.Fatalf("the activation's own message is missing:\n%s", p.Error)
	}
	// The broken system never became a generation: the test activation
	// failed before the profile was touched. What ran before was
	// activated again.
	if got := w.generations(); !slices.Equal(got, []int{1}) {
		t.Fatalf("generations %v", got)
	}
	if g := w.current(); g.Number != 1 || w.running() != w.first {
		t.Fatalf("profile %+v, running %s", g, w.running())
	}
	if got, want := w.activations(logFrom), []string{"test " + p.Toplevel, "test first"}; !slices.Equal(got, want) {
		t.Fatalf("activations %q, want %q", got, want)
	}
	st := w.state()
	if st.Counters.Rollbacks["activation failed"] != 1 || st.Counters.Reconciles[state.ResultRolledBack] != 1 {
		t.Fatalf("counters %+v", st.Counters)
	}
	if st.AppliedToplevel != w.first {
		t.Fatalf("applied toplevel %s after a rollback", st.AppliedToplevel)
	}
}

func TestHealthCheckFailureRollsBack(t *testing.T) {
	w := newWorld(t, playground.Options{HealthCheck: true}, nil)
	logFrom := w.activationCount()
	w.install("git")
	w.set("standin.failHealthCheck", fragment.Bool(true))
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if err == nil || p.Result != state.ResultRolledBack || p.Reason != "health check failed" || p.RolledBackTo != 1 {
		t.Fatalf("pass %+v, err %v", p, err)
	}
	if !strings.Contains(p.Error, "stand-in health check failed on request") {
		t.Fatalf("the check's own message is missing:\n%s", p.Error)
	}
	// Generation 2 was made and activated, failed its check, and
	// generation 1 is current, running and the boot default again.
	if g := w.current(); g.Number != 1 || w.running() != w.first {
		t.Fatalf("profile %+v, running %s", g, w.running())
	}
	if got := w.nixEnvGenerations(); got != "1 (current), 2" {
		t.Fatalf("nix-env --list-generations: %s", got)
	}
	want := []string{"test " + p.Toplevel, "boot " + p.Toplevel, "test first", "boot first"}
	if got := w.activations(logFrom); !slices.Equal(got, want) {
		t.Fatalf("activations %q, want %q", got, want)
	}
	st := w.state()
	if st.Counters.Rollbacks["health check failed"] != 1 {
		t.Fatalf("counters %+v", st.Counters)
	}
	if _, ok := st.LastPass.Durations["health"]; !ok {
		t.Fatalf("no health time: %v", st.LastPass.Durations)
	}

	// A healthy edit afterwards goes through.
	w.set("standin.failHealthCheck", fragment.Bool(false))
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch}); err != nil || p.Generation != 3 {
		t.Fatalf("healthy pass: %+v %v", p, err)
	}
}

func TestNoRollbackWhenDisabled(t *testing.T) {
	w := newWorld(t, playground.Options{HealthCheck: true}, map[string]string{"autoRollback": "false"})
	w.set("standin.failHealthCheck", fragment.Bool(true))
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if err == nil || p.Result != state.ResultFailure || !strings.Contains(p.Error, "automatic rollback is off") {
		t.Fatalf("pass %+v %v", p, err)
	}
	if g := w.current(); g.Number != 2 || w.running() != g.Path {
		t.Fatalf("the new system should stay: profile %+v running %s", g, w.running())
	}
}

func TestActions(t *testing.T) {
	tests := []struct {
		name    string
		flags   map[string]string
		acts    []string // "new" is the pass's toplevel
		gens    []int
		runsNew bool
	}{
		{"boot", map[string]string{"action": "boot"}, []string{"boot new"}, []int{1, 2}, false},
		{"test", map[string]string{"action": "test"}, []string{"test new"}, []int{1}, true},
		{"staging means test", map[string]string{"environment": "staging"}, []string{"test new"}, []int{1}, true},
		{"build", map[string]string{"action": "build"}, nil, []int{1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, playground.Options{}, tt.flags)
			logFrom := w.activationCount()
			w.install("jq")
			p, err := w.r.Pass(ctx, reconciler.PassOptions{})
			if err != nil || p.Result != state.ResultSuccess {
				t.Fatalf("pass %+v %v", p, err)
			}
			var want []string
			for _, a := range tt.acts {
				want = append(want, strings.Replace(a, "new", p.Toplevel, 1))
			}
			if got := w.activations(logFrom); !slices.Equal(got, want) {
				t.Fatalf("activations %q, want %q", got, want)
			}
			if got := w.generations(); !slices.Equal(got, tt.gens) {
				t.Fatalf("generations %v, want %v", got, tt.gens)
			}
			if (w.running() == p.Toplevel) != tt.runsNew {
				t.Fatalf("running %s, new %s", w.running(), p.Toplevel)
			}
			// A second pass sees the result in place and runs no Nix.
			w.rec.Reset()
			if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerResync}); err != nil || p.Result != state.ResultNoop || len(w.rec.Calls()) != 0 {
				t.Fatalf("second pass %+v %v %v", p, err, w.rec.Argv0s())
			}
		})
	}
}

func TestRollbackToGeneration(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	var tops []string
	tops = append(tops, w.first)
	for _, pkg := range []string{"hello", "vim"} {
		w.install(pkg)
		p, err := w.r.Pass(ctx, reconciler.PassOptions{})
		if err != nil {
			t.Fatal(err)
		}
		tops = append(tops, p.Toplevel)
	}
	if got := w.generations(); !slices.Equal(got, []int{1, 2, 3}) {
		t.Fatalf("generations %v", got)
	}
	logFrom := w.activationCount()
	p, err := w.r.SwitchGeneration(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if p.Result != state.ResultSuccess || p.Generation != 1 || p.Trigger != reconciler.TriggerRollback {
		t.Fatalf("pass %+v", p)
	}
	if g := w.current(); g.Number != 1 || w.running() != w.first {
		t.Fatalf("profile %+v running %s", g, w.running())
	}
	if got := w.activations(logFrom); !slices.Equal(got, []string{"test first", "boot first"}) {
		t.Fatalf("activations %q", got)
	}
	if got := w.nixEnvGenerations(); got != "1 (current), 2, 3" {
		t.Fatalf("nix-env: %s", got)
	}
	// The daemon leaves a rollback alone until the fragment changes.
	w.rec.Reset()
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerResync}); err != nil || p.Result != state.ResultNoop || len(w.rec.Calls()) != 0 {
		t.Fatalf("pass after rollback: %+v %v %v", p, err, w.rec.Argv0s())
	}

	// rollback (previous) from 3: goes to 2.
	if _, err := w.r.SwitchGeneration(ctx, 3); err != nil {
		t.Fatal(err)
	}
	if p, err := w.r.SwitchGeneration(ctx, 0); err != nil || p.Generation != 2 || w.running() != tops[1] {
		t.Fatalf("rollback to previous: %+v %v, running %s", p, err, w.running())
	}
	// Two back from 3 is 1, counted from the current generation as it is
	// under the lock; three back from 3 is not there.
	if _, err := w.r.SwitchGeneration(ctx, 3); err != nil {
		t.Fatal(err)
	}
	if _, err := w.r.Switch(ctx, reconciler.Pick{Steps: 3}); err == nil || !strings.Contains(err.Error(), "only 2 generations before 3") || w.current().Number != 3 {
		t.Fatalf("three back from 3: %v, current %d", err, w.current().Number)
	}
	if p, err := w.r.Switch(ctx, reconciler.Pick{Steps: 2}); err != nil || p.Generation != 1 || p.FromGeneration != 3 || w.running() != w.first {
		t.Fatalf("two back from 3: %+v %v, running %s", p, err, w.running())
	}
	// Forward from 1: the next (2), then the latest (3), then nothing.
	if p, err := w.r.Switch(ctx, reconciler.Pick{Forward: true}); err != nil || p.Generation != 2 || w.running() != tops[1] {
		t.Fatalf("forward from 1: %+v %v", p, err)
	}
	if p, err := w.r.Switch(ctx, reconciler.Pick{Latest: true}); err != nil || p.Generation != 3 || w.running() != tops[2] {
		t.Fatalf("latest: %+v %v", p, err)
	}
	if _, err := w.r.Switch(ctx, reconciler.Pick{Forward: true}); err == nil || !strings.Contains(err.Error(), "there is no generation after 3") {
		t.Fatalf("forward from the newest: %v", err)
	}
	// Nothing before 1, and no generation 99.
	if _, err := w.r.SwitchGeneration(ctx, 1); err != nil {
		t.Fatal(err)
	}
	before, err := state.Load(w.s.StateDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 99} {
		_, err := w.r.SwitchGeneration(ctx, n)
		if err == nil {
			t.Fatalf("switching to %d from 1 succeeded", n)
		}
		if g := w.current(); g.Number != 1 {
			t.Fatalf("a refused switch moved the profile to %d", g.Number)
		}
	}
	// A refused switch is no failed pass: status and metrics say what
	// they said before.
	after, err := state.Load(w.s.StateDir)
	if err != nil {
		t.Fatal(err)
	}
	if after.LastPass == nil || before.LastPass == nil || after.LastPass.ID != before.LastPass.ID || len(after.History) != len(before.History) {
		t.Fatalf("refused switches were recorded: last pass %+v, history %d -> %d", after.LastPass, len(before.History), len(after.History))
	}
}

// A generation whose system is gone from the store (a dangling link)
// cannot be switched to: refused as a request that cannot be carried
// out, before anything is touched or recorded, not a failed pass that
// blames the settings (status, /healthz and the metrics stay as they
// were).
func TestRollbackToAGenerationWhoseSystemIsGone(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.install("hello")
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	gone := "/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-nixos-system-gone"
	if err := os.Symlink(gone, generation.LinkPath(w.s.Profile, 3)); err != nil {
		t.Fatal(err)
	}
	// Current is still 2: the link was made by hand, not by nix-env.
	before := w.state()
	logFrom := w.activationCount()
	for _, pick := range []reconciler.Pick{{Number: 3}, {Latest: true}} {
		_, err := w.r.Switch(ctx, pick)
		var none *activate.NoGenerationError
		if !errors.As(err, &none) {
			t.Fatalf("switch %+v: %v, want a NoGenerationError", pick, err)
		}
		for _, want := range []string{"generation 3's system " + gone + " is no longer in the Nix store", "nothing was changed; generation 2 stays current", "Pick another generation"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("switch %+v: %q lacks %q", pick, err, want)
			}
		}
		if strings.Contains(err.Error(), "NIX_HUMANITY_SYSTEM") {
			t.Errorf("switch %+v blames the settings: %q", pick, err)
		}
	}
	if g := w.current(); g.Number != 2 {
		t.Fatalf("the profile moved to %d", g.Number)
	}
	if got := w.activations(logFrom); len(got) != 0 {
		t.Fatalf("activations %q", got)
	}
	after := w.state()
	if after.LastPass == nil || after.LastPass.ID != before.LastPass.ID || len(after.History) != len(before.History) || after.Phase != state.PhaseIdle {
		t.Fatalf("the refused switch was recorded: last pass %+v, history %d -> %d", after.LastPass, len(before.History), len(after.History))
	}
}

// A switch to the generation that is already current and running does
// nothing, and is recorded as nothing: as the last pass it would hide a
// failure the inputs still have (status "last: noop", /healthz ok, and
// last_success_timestamp_seconds moved on, silencing the alert that
// compares it with the last failure).
func TestSwitchToTheCurrentGenerationRecordsNothing(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.install("nosuchpackage")
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err == nil {
		t.Fatal("an unknown package evaluated")
	}
	before := w.state()
	p, err := w.r.SwitchGeneration(ctx, 1)
	if err != nil || p.Result != state.ResultNoop || p.Generation != 1 {
		t.Fatalf("switch to the current generation: %+v %v", p, err)
	}
	after := w.state()
	if after.LastPass == nil || after.LastPass.ID != before.LastPass.ID || after.LastPass.Result != state.ResultFailure ||
		len(after.History) != len(before.History) || fmt.Sprint(after.LastSuccess) != fmt.Sprint(before.LastSuccess) {
		t.Fatalf("the no-op switch was recorded: last %+v, history %d -> %d, last success %v -> %v",
			after.LastPass, len(before.History), len(after.History), before.LastSuccess, after.LastSuccess)
	}
}

func TestRollbackRestoresWhenActivationFails(t *testing.T) {
	// With action boot nothing is activated live, so a system whose
	// activation fails can become generation 2; generation 3 is fine.
	// Switching live to 3 works; switching from there to 2 must fail and
	// put 3 back, in the profile and running.
	w := newWorld(t, playground.Options{}, map[string]string{"action": "boot"})
	w.set("standin.failActivation", fragment.Bool(true))
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	w.set("standin.failActivation", fragment.Bool(false))
	w.install("tmux")
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	w.r.Settings.Action = "switch"
	if _, err := w.r.SwitchGeneration(ctx, 3); err != nil {
		t.Fatal(err)
	}
	g3 := w.current()
	logFrom := w.activationCount()
	p, err := w.r.SwitchGeneration(ctx, 2)
	if err == nil || p.Result != state.ResultFailure || !strings.Contains(err.Error(), "activating generation 2 failed, so generation 3 was put back") {
		t.Fatalf("switch to a failing generation: %+v %v", p, err)
	}
	if g := w.current(); g.Number != 3 || w.running() != g3.Path {
		t.Fatalf("profile %+v running %s", g, w.running())
	}
	g2, err := activate.Lookup(w.s.Profile, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"test " + g2.Path, "test " + g3.Path, "boot " + g3.Path}
	if got := w.activations(logFrom); !slices.Equal(got, want) {
		t.Fatalf("activations %q want %q", got, want)
	}
}

func TestSwitchGenerationRunsHealthChecks(t *testing.T) {
	for _, autoRollback := range []bool{true, false} {
		t.Run(fmt.Sprintf("autoRollback=%v", autoRollback), func(t *testing.T) {
			// With action boot nothing runs live, so no health check runs
			// and a system that fails its check becomes generation 2;
			// generation 3 is healthy.
			w := newWorld(t, playground.Options{HealthCheck: true}, map[string]string{"action": "boot", "autoRollback": strconv.FormatBool(autoRollback)})
			w.set("standin.failHealthCheck", fragment.Bool(true))
			if p, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Generation != 2 {
				t.Fatalf("boot pass: %+v %v", p, err)
			}
			if _, ok := w.state().LastPass.Durations["health"]; ok {
				t.Fatal("health checks ran for action boot, which changes nothing live")
			}
			w.set("standin.failHealthCheck", fragment.Bool(false))
			w.install("tmux")
			if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
				t.Fatal(err)
			}
			w.r.Settings.Action = "switch"
			if p, err := w.r.SwitchGeneration(ctx, 3); err != nil || p.Result != state.ResultSuccess {
				t.Fatalf("switch to the healthy generation: %+v %v", p, err)
			}
			g3 := w.current()
			g2, err := activate.Lookup(w.s.Profile, 2)
			if err != nil {
				t.Fatal(err)
			}
			logFrom := w.activationCount()
			p, err := w.r.SwitchGeneration(ctx, 2)
			if err == nil || p.Reason != "health check failed" || !strings.Contains(p.Error, "stand-in health check failed on request") {
				t.Fatalf("switch to an unhealthy generation: %+v %v", p, err)
			}
			if _, ok := p.Durations["health"]; !ok {
				t.Fatalf("no health time: %v", p.Durations)
			}
			want := []string{"test " + g2.Path, "boot " + g2.Path}
			if autoRollback {
				if p.Result != state.ResultRolledBack || p.RolledBackTo != 3 || !strings.Contains(err.Error(), "generation 2 failed its health check, so generation 3 was put back") {
					t.Fatalf("pass %+v, err %v", p, err)
				}
				if g := w.current(); g.Number != 3 || w.running() != g3.Path {
					t.Fatalf("profile %+v running %s", g, w.running())
				}
				want = append(want, "test "+g3.Path, "boot "+g3.Path)
				if n := w.state().Counters.Rollbacks["health check failed"]; n != 1 {
					t.Fatalf("rollbacks counted: %d", n)
				}
			} else {
				if p.Result != state.ResultFailure || !strings.Contains(err.Error(), "automatic rollback is off, so it stays") {
					t.Fatalf("pass %+v, err %v", p, err)
				}
				if g := w.current(); g.Number != 2 || w.running() != g2.Path {
					t.Fatalf("profile %+v running %s", g, w.running())
				}
			}
			if got := w.activations(logFrom); !slices.Equal(got, want) {
				t.Fatalf("activations %q, want %q", got, want)
			}
		})
	}
}

// After a rollback with action boot, generation 2 is current and
// generation 3 runs. A switch to a generation that fails its health
// check puts back both, and says so: generation 3 activated again, 2
// the boot default again, never "generation 2 was put back and
// activated again" (2 did not run). With action test the profile is
// not touched: what ran is what is back.
func TestFailedSwitchSaysWhatItPutBack(t *testing.T) {
	w := newWorld(t, playground.Options{HealthCheck: true}, nil)
	w.install("htop")
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	w.install("hello")
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	gen3 := w.running()
	// A system that fails its check: the pass goes back to 3 and leaves
	// generation 4 in the profile.
	w.set("standin.failHealthCheck", fragment.Bool(true))
	if p, _ := w.r.Pass(ctx, reconciler.PassOptions{}); p.Result != state.ResultRolledBack || !slices.Equal(w.generations(), []int{1, 2, 3, 4}) {
		t.Fatalf("pass %+v, generations %v", p, w.generations())
	}
	boot := &reconciler.Reconciler{Settings: w.s, Runner: w.rec, Hostname: "playground", ActionOverride: "boot"}
	if _, err := boot.Switch(ctx, reconciler.Pick{}); err != nil {
		t.Fatal(err)
	}
	p, err := w.r.SwitchGeneration(ctx, 4)
	if err == nil || p.Result != state.ResultRolledBack {
		t.Fatalf("switch to 4: %+v, %v", p, err)
	}
	if want := "generation 4 failed its health check, so generation 3, which ran before, was activated again, and generation 2 is the current generation and boot default again: "; !strings.Contains(err.Error(), want) {
		t.Fatalf("error %q lacks %q", err, want)
	}
	if w.running() != gen3 || w.current().Number != 2 || p.RolledBackTo != 2 {
		t.Fatalf("after: running %s (want generation 3's), current %d, rolled back to %d", w.running(), w.current().Number, p.RolledBackTo)
	}

	test := &reconciler.Reconciler{Settings: w.s, Runner: w.rec, Hostname: "playground", ActionOverride: "test"}
	p, err = test.SwitchGeneration(ctx, 4)
	if want := "generation 4 failed its health check, so generation 3, which ran before, was activated again: "; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v lacks %q", err, want)
	}
	if w.running() != gen3 || w.current().Number != 2 || p.RolledBackTo != 3 {
		t.Fatalf("after the test switch: running %s (want generation 3's), current %d, rolled back to %d", w.running(), w.current().Number, p.RolledBackTo)
	}

	// A pass that fails the same way says the same.
	p, err = w.r.Pass(ctx, reconciler.PassOptions{Force: true})
	if want := "health check failed, so generation 3, which ran before, was activated again, and generation 2 is the current generation and boot default again: "; err == nil || p.Result != state.ResultRolledBack || !strings.Contains(err.Error(), want) {
		t.Fatalf("pass %+v: error %v lacks %q", p, err, want)
	}
	if w.running() != gen3 || w.current().Number != 2 {
		t.Fatalf("after the pass: running %s (want generation 3's), current %d", w.running(), w.current().Number)
	}
}

// A system outside the profile (a one-off test activation) that ran
// before a failed pass is named once: "the system that ran before
// (outside the profile) was activated again", not followed by "which
// ran before" as a generation is.
func TestPutBackOutsideTheProfileSaidOnce(t *testing.T) {
	w := newWorld(t, playground.Options{HealthCheck: true}, nil)
	w.install("htop")
	test := &reconciler.Reconciler{Settings: w.s, Runner: w.rec, Hostname: "playground", ActionOverride: "test"}
	tested, err := test.Pass(ctx, reconciler.PassOptions{})
	if err != nil || w.running() != tested.Toplevel {
		t.Fatalf("one-off test: %+v %v", tested, err)
	}
	w.set("standin.failHealthCheck", fragment.Bool(true))
	for _, r := range []*reconciler.Reconciler{test, w.r} {
		p, err := r.Pass(ctx, reconciler.PassOptions{})
		if err == nil || p.Result != state.ResultRolledBack || w.running() != tested.Toplevel {
			t.Fatalf("%s pass: %+v %v", r.Action(), p, err)
		}
		if strings.Contains(err.Error(), "which ran before") || !strings.Contains(err.Error(), "so the system that ran before (outside the profile) was activated again") {
			t.Fatalf("%s pass: %v", r.Action(), err)
		}
	}
}

// A pass with action test or build makes no generation: its record says
// the profile's generation (which stayed current) and, apart, what runs
// and which generation that is, so no word says the pass put the
// profile's generation in place.
func TestTestAndBuildPassesSayWhatRuns(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	one := func(action string) state.Pass {
		t.Helper()
		r := &reconciler.Reconciler{Settings: w.s, Runner: w.rec, Hostname: "playground", ActionOverride: action}
		p, err := r.Pass(ctx, reconciler.PassOptions{})
		if err != nil || p.Result != state.ResultSuccess {
			t.Fatalf("%s pass: %+v %v", action, p, err)
		}
		if last := w.state().LastPass; last.Running != p.Running || last.RunningGeneration != p.RunningGeneration || last.Generation != p.Generation {
			t.Fatalf("%s pass: the state file says %+v, the pass %+v", action, last, p)
		}
		return p
	}
	w.install("hello")
	if p := one("test"); p.Generation != 1 || p.Running != p.Toplevel || p.RunningGeneration != 0 ||
		sdnotify.PassStatus(p) != "idle; last pass success, action test: running a system outside the profile; generation 1 stays current" {
		t.Fatalf("test: generation %d, running %s (generation %d): %q", p.Generation, p.Running, p.RunningGeneration, sdnotify.PassStatus(p))
	}
	tested := w.running()
	w.install("htop")
	if p := one("build"); p.Generation != 1 || p.Running != tested || p.RunningGeneration != 0 || p.Toplevel == tested ||
		sdnotify.PassStatus(p) != "idle; last pass success, built, not activated; generation 1 stays current" {
		t.Fatalf("build: generation %d, running %s (generation %d): %q", p.Generation, p.Running, p.RunningGeneration, sdnotify.PassStatus(p))
	}
	if p := one("switch"); p.Generation != 2 || p.Running != p.Toplevel || p.RunningGeneration != 2 ||
		sdnotify.PassStatus(p) != "idle; last pass success, generation 2" {
		t.Fatalf("switch: generation %d, running %s (generation %d): %q", p.Generation, p.Running, p.RunningGeneration, sdnotify.PassStatus(p))
	}
	// A switch on request with action test puts generation 1's system
	// live: that is its generation, and what runs.
	test := &reconciler.Reconciler{Settings: w.s, Runner: w.rec, Hostname: "playground", ActionOverride: "test"}
	if p, err := test.SwitchGeneration(ctx, 1); err != nil || p.Generation != 1 || p.Running != w.first || p.RunningGeneration != 1 {
		t.Fatalf("rollback --action test: %+v %v", p, err)
	}
	if st, err := reconciler.Status(w.s); err != nil || st.CurrentGeneration != 2 || st.RunningGeneration != 1 {
		t.Fatalf("status: current %d, running %d (%v)", st.CurrentGeneration, st.RunningGeneration, err)
	}
}
