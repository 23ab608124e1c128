package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// waitPassLockFree waits until no one holds the pass lock in stateDir.
func waitPassLockFree(t *testing.T, stateDir string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		l, err := reconciler.TryLock(stateDir, "test: waiting for the pass lock")
		if err == nil {
			l.Unlock()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the pass lock is still held: %v", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// passesSeen hands on the passes a loop finishes.
type passesSeen chan state.Pass

func (c passesSeen) PhaseStarted(state.Phase)                 {}
func (c passesSeen) PassFinished(p state.Pass, _ state.State) { c <- p }
func (c passesSeen) WatchEvent(string)                        {}

// startWatchingDaemon runs a nix-humanityd loop in this process, as the
// daemon does, with s's settings but watching the folder extra as well and
// with a debounce of an hour, so that it makes no pass after its start
// pass. It waits for that start pass (no-op or success) and for the loop
// to let go of the pass lock, which ask-nix apply and rollback take. The
// loop stops, and its daemon lock is let go, when the test ends.
func startWatchingDaemon(t *testing.T, s *settings.Settings, extra string) {
	t.Helper()
	ds := *s
	ds.WatchPaths = append(slices.Clone(s.WatchPaths), extra)
	ds.Debounce = time.Hour // no pass after the start pass
	lk, err := reconciler.LockDaemon(&ds)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lk.Unlock() })
	seen := make(passesSeen, 8)
	ctx, cancel := context.WithCancel(context.Background())
	loopDone := make(chan error, 1)
	loop := &reconciler.Loop{R: &reconciler.Reconciler{Settings: &ds, Runner: nixrun.Exec{}, Hostname: "playground", Observer: seen}, Resync: time.Hour}
	go func() { loopDone <- loop.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-loopDone; err != nil {
			t.Errorf("loop: %v", err)
		}
	})
	select {
	case p := <-seen:
		if p.Result != state.ResultNoop && p.Result != state.ResultSuccess {
			t.Fatalf("the daemon's start pass: %+v", p)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("no start pass")
	}
	// The observer hears the pass before the loop lets go of the pass
	// lock, which apply and rollback take.
	waitPassLockFree(t, ds.StateDir)
}

// apply --dry-run reckons what is pending as ask-nix status does: while a
// nix-humanityd runs on the fragment, with its watch paths and hash
// settings (another environment's or flags'), not ask-nix's own. Before,
// with a daemon that watches one more folder than ask-nix's settings
// name, status said nothing waits while the dry run said the inputs
// changed. And apply itself hashes them so (AsDaemon) when the daemon
// builds what ask-nix's settings build: before, its pass evaluated all
// the same and recorded ask-nix's own hash as applied, which status,
// reckoning as the daemon, then showed as a change pending, and the
// daemon's next pass evaluated again. Where ask-nix's settings differ in
// what a pass does (the action here), the dry run says apply would still
// evaluate.
func TestApplyDryRunAsTheDaemonHashes(t *testing.T) {
	pg := playgroundEnv(t)
	s := mustSettings(t, pg)
	extra := t.TempDir()
	extraFile := filepath.Join(extra, "extra.nix")
	if err := os.WriteFile(extraFile, []byte("{ }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	startWatchingDaemon(t, s, extra)

	dryRun := func() (string, map[string]any) {
		t.Helper()
		text := askNix("apply", "--dry-run")
		text.must(t, 0)
		js := askNix("apply", "--dry-run", "--json")
		js.must(t, 0)
		var v map[string]any
		if err := json.Unmarshal([]byte(js.stdout), &v); err != nil {
			t.Fatalf("%v\n%s", err, js.stdout)
		}
		return text.stdout, v
	}
	desired := func() string {
		t.Helper()
		var st struct {
			DesiredHash string `json:"desiredHash"`
		}
		r := askNix("status", "--json")
		r.must(t, 0)
		if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
			t.Fatal(err)
		}
		return st.DesiredHash
	}

	applied := func() string {
		t.Helper()
		st, err := state.Load(s.StateDir)
		if err != nil {
			t.Fatal(err)
		}
		return st.AppliedHash
	}
	notPending := func(when string) {
		t.Helper()
		if r := askNix("status"); r.code != 0 || strings.Contains(r.stdout, "pending") {
			t.Fatalf("status %s:\n%s%s", when, r.stdout, r.stderr)
		}
		if a, d := applied(), desired(); a != d {
			t.Fatalf("%s: applied hash %s, status's desiredHash %s", when, a, d)
		}
	}

	// In step with the daemon: nothing waits for it, as status says,
	// nor for apply, which hashes as the daemon does.
	notPending("in step with the daemon")
	text, v := dryRun()
	if want := "The inputs are unchanged since the last successful pass: apply would stop without running Nix."; strings.TrimSuffix(text, "\n") != want {
		t.Errorf("dry run in step with the daemon:\n%s\nwant %q", text, want)
	}
	if v["inputsChanged"] != false || v["asDaemon"] != true || v["wouldEvaluate"] != false || v["inputsHash"] != desired() || v["sentence"] != strings.TrimSuffix(text, "\n") {
		t.Errorf("dry run --json in step with the daemon: %v (status's desiredHash %s)", v, desired())
	}
	was := applied()
	r := askNix("apply")
	r.must(t, 0, "Nothing to do: inputs unchanged", fmt.Sprintf("as the running nix-humanityd (pid %d) watches them", os.Getpid()))
	if !strings.Contains(r.stdout, extra) {
		t.Errorf("apply's note does not name the folder the daemon watches (%s):\n%s", extra, r.stdout)
	}
	if applied() != was {
		t.Errorf("apply in step with the daemon changed the applied hash")
	}
	notPending("after apply in step with the daemon")

	// A file only the daemon watches changed: it waits, for both.
	if err := os.WriteFile(extraFile, []byte("{ x = 1; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	askNix("status").must(t, 0, " · pending: the fragment or a watched file changed since the last pass")
	text, v = dryRun()
	if !strings.HasPrefix(text, "The inputs changed since the last successful pass: apply would evaluate") {
		t.Errorf("dry run after a change the daemon sees:\n%s", text)
	}
	if v["inputsChanged"] != true || v["asDaemon"] != true || v["inputsHash"] != desired() {
		t.Errorf("dry run --json after a change the daemon sees: %v", v)
	}
	// apply builds it, and counts it applied as the daemon does.
	r = askNix("apply", "--json")
	r.must(t, 0)
	var p state.Pass
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if p.Result == state.ResultFailure || p.InputsHash != desired() {
		t.Errorf("apply after a change the daemon sees: %s, hash %s; status's desiredHash %s", p.Result, p.InputsHash, desired())
	}
	notPending("after apply built the change")
	askNix("apply").must(t, 0, "Nothing to do: inputs unchanged")

	// ask-nix's action setting differs from the daemon's: apply's pass
	// would do another thing than the daemon's, so it would evaluate,
	// while nothing waits for the daemon.
	t.Setenv("NIX_HUMANITY_ACTION", "build")
	text, v = dryRun()
	want := fmt.Sprintf("The inputs are unchanged since the last successful pass as the running nix-humanityd (pid %d) hashes them, so nothing waits for it; but ask-nix's own settings differ from that daemon's in what a pass builds or does", os.Getpid())
	if !strings.HasPrefix(text, want) {
		t.Errorf("dry run with another action than the daemon's:\n%s\nwant it to begin %q", text, want)
	}
	if v["inputsChanged"] != false || v["asDaemon"] != true || v["wouldEvaluate"] != true || v["action"] != "build" {
		t.Errorf("dry run --json with another action than the daemon's: %v", v)
	}
}

// apply --json and rollback --json print the pass with its packages as
// words, as the state file keeps them, and (added later) packageChanges:
// the same changes with name and version apart, as rollback --dry-run
// --json and generations diff --json give them. Not kept in the state
// file: status's last pass has the words only.
func TestPassJSONPackageChanges(t *testing.T) {
	pg := playgroundEnv(t)
	type pkg struct{ Name, Version string }
	type changes struct {
		Added, Removed []pkg
		Changed        []struct{ Name, From, To string }
	}
	type passOut struct {
		Packages struct {
			Added, Removed, Upgraded []string
		}
		PackageChanges *changes `json:"packageChanges"`
	}
	decode := func(what, s string, v any) {
		t.Helper()
		if err := json.Unmarshal([]byte(s), v); err != nil {
			t.Fatalf("%s: %v\n%s", what, err, s)
		}
	}
	both := []pkg{{"hello", "2.12.1"}, {"htop", "3.3.0"}}

	writeFragment(t, pg, "hello htop")
	r := askNix("apply", "--json")
	r.must(t, 0)
	var applied passOut
	decode("apply --json", r.stdout, &applied)
	if !slices.Equal(applied.Packages.Added, []string{"hello 2.12.1", "htop 3.3.0"}) {
		t.Errorf("apply --json: packages.added %q", applied.Packages.Added)
	}
	if c := applied.PackageChanges; c == nil || !slices.Equal(c.Added, both) || c.Removed == nil || len(c.Removed) != 0 || c.Changed == nil || len(c.Changed) != 0 {
		t.Errorf("apply --json: packageChanges %+v\n%s", c, r.stdout)
	}

	r = askNix("rollback", "--dry-run", "--json")
	r.must(t, 0)
	var dry struct{ Packages changes }
	decode("rollback --dry-run --json", r.stdout, &dry)
	r = askNix("generations", "diff", "2", "1", "--json")
	r.must(t, 0)
	var diff changes
	decode("generations diff --json", r.stdout, &diff)

	r = askNix("rollback", "--json")
	r.must(t, 0)
	var back passOut
	decode("rollback --json", r.stdout, &back)
	if !slices.Equal(back.Packages.Removed, []string{"hello 2.12.1", "htop 3.3.0"}) {
		t.Errorf("rollback --json: packages.removed %q, the words kept", back.Packages.Removed)
	}
	if c := back.PackageChanges; c == nil || !slices.Equal(c.Removed, both) || len(c.Added) != 0 ||
		!slices.Equal(c.Removed, dry.Packages.Removed) || !slices.Equal(c.Removed, diff.Removed) {
		t.Errorf("rollback --json: packageChanges %+v; the dry run's packages %+v, generations diff's %+v\n%s", c, dry.Packages, diff, r.stdout)
	}

	r = askNix("status", "--json")
	r.must(t, 0)
	if strings.Contains(r.stdout, "packageChanges") {
		t.Errorf("status --json has packageChanges, which the state file does not keep:\n%s", r.stdout)
	}
}

// ask-nix rollback, while a nix-humanityd runs that watches one more
// folder than ask-nix's settings name, counts the inputs as applied as
// that daemon hashes them, so the rollback holds with nothing pending:
// before, it recorded ask-nix's own hash, and status (reckoning as the
// daemon) showed a watched file changed, which the daemon's next pass
// evaluated.
func TestRollbackAsTheDaemonHashes(t *testing.T) {
	pg := playgroundEnv(t)
	s := mustSettings(t, pg)
	extra := t.TempDir()
	if err := os.WriteFile(filepath.Join(extra, "extra.nix"), []byte("{ }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	writeAndApply(t, pg, "hello", 2)

	startWatchingDaemon(t, s, extra)

	askNix("rollback").must(t, 0, "Switched from generation 2 to generation 1")
	r := askNix("status")
	r.must(t, 0, "held: generation 1 was switched to on request")
	if strings.Contains(r.stdout, "pending") {
		t.Errorf("status after a rollback beside the daemon says something waits:\n%s", r.stdout)
	}
	r = askNix("status", "--json")
	r.must(t, 0)
	var st struct {
		DesiredHash, AppliedHash string
		HeldGeneration           int
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatal(err)
	}
	if st.DesiredHash != st.AppliedHash || st.HeldGeneration != 1 {
		t.Errorf("status --json after the rollback: desiredHash %s, appliedHash %s, heldGeneration %d", st.DesiredHash, st.AppliedHash, st.HeldGeneration)
	}
	// apply finds nothing to do, as the daemon would.
	askNix("apply").must(t, 0, "Nothing to do: generation 1 was switched to on request")
}
