package reconciler_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/internal/testbin"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// runLoop starts the daemon loop on w and stops it when the test ends.
func runLoop(t *testing.T, w *world, obs reconciler.Observer, debounce time.Duration) *reconciler.Loop {
	t.Helper()
	w.s.Debounce = debounce
	w.r.Observer = obs
	return runLoopWith(t, w, &reconciler.Loop{R: w.r, Resync: time.Hour})
}

// runLoopWith runs l until the test ends.
func runLoopWith(t *testing.T, w *world, l *reconciler.Loop) *reconciler.Loop {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("loop: %v", err)
		}
		if l.Alive() {
			t.Error("the loop says it is alive after Run returned")
		}
	})
	return l
}

func TestLoopTouchRunsNoNix(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	pw := newPassWatcher()
	l := runLoop(t, w, pw, 20*time.Millisecond)
	if p := pw.next(t, 10*time.Second); p.Trigger != reconciler.TriggerStart || p.Result != state.ResultNoop {
		t.Fatalf("start pass %+v", p)
	}
	if !l.Alive() {
		t.Fatal("a running loop says it is not alive")
	}
	if n := len(w.rec.Calls()); n != 0 {
		t.Fatalf("the start pass ran Nix: %v", w.rec.Argv0s())
	}
	// Save the same bytes by rename, as an editor or ask-nix does.
	w.edit(func(*fragment.File) error { return nil })
	p := pw.next(t, 10*time.Second)
	if p.Trigger != reconciler.TriggerWatch || p.Result != state.ResultNoop || p.Reason != "inputs unchanged" {
		t.Fatalf("pass after a touch: %+v", p)
	}
	if n := len(w.rec.Calls()); n != 0 {
		t.Fatalf("a touch ran Nix: %v", w.rec.Argv0s())
	}
	if got := w.generations(); !slices.Equal(got, []int{1}) {
		t.Fatalf("generations %v", got)
	}
}

func TestLoopBurstConvergesWithFewBuilds(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	pw := newPassWatcher()
	runLoop(t, w, pw, 300*time.Millisecond)
	pw.next(t, 10*time.Second) // the start pass

	pkgs := []string{"hello", "firefox", "chromium", "thunderbird", "htop", "btop", "git", "vim", "neovim", "emacs",
		"curl", "wget", "jq", "ripgrep", "fd", "tmux", "tree", "zsh", "fish", "cowsay"}
	for i, p := range pkgs {
		w.edit(func(f *fragment.File) error {
			_, _, err := f.Set(fragment.MustPath("environment.systemPackages"), fragment.PkgList(fragment.MustPath(p)))
			return err
		})
		if i%5 == 4 {
			time.Sleep(20 * time.Millisecond) // a typist's pause, shorter than the debounce
		}
	}
	final := waitApplied(t, w, 30*time.Second)

	builds := 0
	for _, a := range w.rec.Argv0s() {
		if a == "nix-build" {
			builds++
		}
	}
	if builds == 0 || builds > 3 {
		t.Fatalf("%d builds for a burst of 20 edits (want 1 to 3): %v", builds, w.rec.Argv0s())
	}
	g := w.current()
	if g.Path != final || w.running() != final {
		t.Fatalf("profile %+v running %s, applied %s", g, w.running(), final)
	}
	entries, err := os.ReadDir(filepath.Join(final, "sw", "bin"))
	if err != nil {
		t.Fatal(err)
	}
	var bins []string
	for _, e := range entries {
		bins = append(bins, e.Name())
	}
	if !slices.Equal(bins, []string{"cowsay", "nixos-version"}) {
		t.Fatalf("the final system has %v, want the last edit's cowsay", bins)
	}
	if n := len(w.generations()); n < 2 || n > 4 {
		t.Fatalf("%d generations after one burst", n)
	}
}

// waitApplied waits until a pass applied the current inputs and returns
// the toplevel.
func waitApplied(t *testing.T, w *world, timeout time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		h, err := w.r.InputsHash()
		if err != nil {
			t.Fatal(err)
		}
		st := w.state()
		if st.AppliedHash == h && st.Phase == state.PhaseIdle && st.LastPass != nil && st.LastPass.InputsHash == h {
			return st.AppliedToplevel
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the inputs were not applied within %s; state: %+v", timeout, w.state().LastPass)
	return ""
}

// phaseWatcher records phases and signals when one is entered.
type phaseWatcher struct {
	*passWatcher
	mu     sync.Mutex
	phases []state.Phase
	build  chan struct{}
}

func (p *phaseWatcher) PhaseStarted(ph state.Phase) {
	p.mu.Lock()
	p.phases = append(p.phases, ph)
	p.mu.Unlock()
	if ph == state.PhaseBuild {
		select {
		case p.build <- struct{}{}:
		default:
		}
	}
}

func TestLoopChangeDuringBuildStartsOver(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	logs := &testbin.SyncBuffer{}
	w.r.Log = slog.New(slog.NewTextHandler(logs, nil))
	pw := &phaseWatcher{passWatcher: newPassWatcher(), build: make(chan struct{}, 1)}
	runLoop(t, w, pw, 30*time.Millisecond)
	pw.next(t, 10*time.Second)

	// A slow build (the stand-in toplevel sleeps 20 s)...
	w.set("standin.buildSeconds", fragment.Int(20))
	select {
	case <-pw.build:
	case <-time.After(10 * time.Second):
		t.Fatal("the slow build did not start")
	}
	started := time.Now()
	// ...is stopped by the next change, which is built instead.
	w.edit(func(f *fragment.File) error {
		f.Unset(fragment.MustPath("standin.buildSeconds"))
		_, err := f.AddPackages(fragment.MustPath("ripgrep"))
		return err
	})
	final := waitApplied(t, w, 15*time.Second)
	if d := time.Since(started); d > 10*time.Second {
		t.Fatalf("the new inputs took %s: the slow build was not stopped", d)
	}
	if !hasFile(filepath.Join(final, "sw", "bin", "ripgrep")) {
		t.Fatalf("the applied system lacks the newest edit")
	}
	if got := w.generations(); !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("generations %v, want exactly one new one", got)
	}
	// The stopped pass was not recorded as a failure.
	for _, p := range w.state().History {
		if p.Result == state.ResultFailure {
			t.Fatalf("a stopped build was recorded as failed: %+v", p)
		}
	}
	if !strings.Contains(strings.Join(w.rec.Argv0s(), " "), "nix-build") {
		t.Fatal("no build ran")
	}
	// The journal says the build was stopped, and why, not that it was
	// done: the admin reading it sees no activation follow.
	var stopped, stop string
	for _, l := range strings.Split(logs.String(), "\n") {
		switch {
		case strings.Contains(l, "phase=build") && strings.Contains(l, "phase stopped"):
			stopped = l
		case strings.Contains(l, "pass stopped before activation"):
			stop = l
		}
	}
	if stopped == "" || !strings.Contains(stop, `why="newer inputs arrived; the next pass builds them"`) {
		t.Fatalf("the stopped build is not logged as stopped, with why:\n%s", logs.String())
	}
	if n := strings.Count(logs.String(), `msg="phase done" phase=build`); n != 1 {
		t.Fatalf("%d builds logged as done, want the one that finished:\n%s", n, logs.String())
	}
}

// TestLoopLogsPackageChanges: after a pass makes a generation, the daemon
// logs which packages it added, removed and upgraded, read from the
// store, for the admin reading the journal.
func TestLoopLogsPackageChanges(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	logs := &testbin.SyncBuffer{}
	w.r.Log = slog.New(slog.NewTextHandler(logs, nil))
	pw := newPassWatcher()
	runLoop(t, w, pw, 20*time.Millisecond)
	pw.next(t, 10*time.Second) // the start pass: no new generation, no line
	w.edit(func(f *fragment.File) error {
		_, err := f.AddPackages(fragment.MustPath("hello"), fragment.MustPath("htop"))
		return err
	})
	waitApplied(t, w, 30*time.Second)
	// The line is logged, then the changes are recorded on the pass.
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if p := w.state().LastPass; p != nil && p.Packages != nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	line := ""
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, "packages changed") {
			line = l
		}
	}
	for _, want := range []string{"generation=2", `added="hello 2.12.1, htop 3.3.0"`, "removed=\"\"", "upgraded=\"\""} {
		if !strings.Contains(line, want) {
			t.Fatalf("the packages line lacks %s:\n%s", want, logs.String())
		}
	}
	// And the pass carries them in the state file, for status.
	st := w.state()
	if p := st.LastPass; p == nil || p.Generation != 2 || p.Packages == nil ||
		!slices.Equal(p.Packages.Added, []string{"hello 2.12.1", "htop 3.3.0"}) || p.Packages.ClosurePaths == 0 {
		t.Fatalf("last pass %+v", st.LastPass)
	}
	if h := st.History[len(st.History)-1]; h.Packages == nil || h.Packages.NewPaths == 0 {
		t.Fatalf("history %+v", h)
	}
}

// The daemon records what it watches when it starts (for ask-nix --wait
// to check its edit against), and marks the record stopped when it stops
// cleanly, even after an ask-nix apply cleared the state file's daemon.
func TestLoopRecordsWhatItWatches(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.s.Debounce = 50 * time.Millisecond
	w.r.Service = state.Service{Unit: "nix-humanityd.service", Restart: "on-failure", RestartSeconds: 5}
	pw := newPassWatcher()
	w.r.Observer = pw
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- (&reconciler.Loop{R: w.r, Resync: time.Hour}).Run(ctx) }()
	pw.next(t, 10*time.Second) // the start pass, after the record
	st, err := state.Load(w.s.StateDir)
	if err != nil {
		t.Fatal(err)
	}
	rec := st.Watching
	if rec == nil || rec.PID != os.Getpid() || rec.Fragment != w.s.Fragment || !slices.Equal(rec.WatchPaths, w.s.WatchPaths) ||
		rec.DebounceSeconds != 0.05 || rec.Stopped != nil || rec.Unit != "nix-humanityd.service" || rec.RestartSeconds != 5 {
		t.Fatalf("the record: %+v", rec)
	}
	if !slices.Contains(rec.Inputs, "action=switch") || !slices.Contains(rec.Inputs, "profile="+w.s.Profile) {
		t.Fatalf("the record's hash settings: %q", rec.Inputs)
	}
	if got := reconciler.RunningDaemon(w.s.StateDir, st); got != nil {
		t.Fatalf("a record taken for the running daemon's while no daemon lock is held: %+v", got)
	}
	// Hashed as the daemon hashes: the same as its own passes.
	if h, err := (&reconciler.Reconciler{Settings: w.s}).InputsHashAs(rec); err != nil || h != st.LastPass.InputsHash {
		t.Fatalf("InputsHashAs = %q, %v; the pass hashed %q", h, err, st.LastPass.InputsHash)
	}
	// An ask-nix apply's pass records no daemon.
	st.Daemon = 0
	if err := st.Save(w.s.StateDir); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	st, err = state.Load(w.s.StateDir)
	if err != nil || st.Watching == nil || st.Watching.Stopped == nil {
		t.Fatalf("after a clean stop: %+v %v", st.Watching, err)
	}
}

// A daemon's pass stopped while it waits for the pass lock (a newer
// change arrived while ask-nix apply builds, or the daemon stops) is a
// pass stopped before anything was begun, as one stopped during its
// build, not an error of the lock: the loop starts over instead of
// logging an error.
func TestPassStoppedWaitingForTheLock(t *testing.T) {
	w := prepareWorld(t, playground.Options{}, nil)
	held, err := flock.TryLock(reconciler.LockPath(w.s.StateDir), "test: ask-nix apply")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Unlock()
	pctx, cancel := context.WithCancelCause(context.Background())
	cancel(reconciler.ErrNewerInputs)
	_, err = w.r.Pass(pctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch, Wait: true})
	if !errors.Is(err, reconciler.ErrSuperseded) || !errors.Is(err, reconciler.ErrNewerInputs) {
		t.Fatalf("pass stopped waiting for the lock: %v", err)
	}
	// Without waiting (ask-nix apply), a held lock stays an error naming
	// the holder.
	if _, err := w.r.Pass(context.Background(), reconciler.PassOptions{}); err == nil || errors.Is(err, reconciler.ErrSuperseded) || !strings.Contains(err.Error(), "test: ask-nix apply") {
		t.Fatalf("apply while the lock is held: %v", err)
	}
}

// The daemon does not stop a pass for the flake.lock its own evaluation
// wrote (an input added to flake.nix, the flake's folder watched): the
// write is the pass's input, so the build goes on to the end, once.
// Before, the watcher's event stopped the build as "newer inputs", and
// the next pass evaluated and built again.
func TestLoopKeepsAPassWhoseEvaluationWroteTheLock(t *testing.T) {
	w, flakeDir, withInputs := newInputsFlakeWorld(t)
	w.start()
	logs := &testbin.SyncBuffer{}
	w.r.Log = slog.New(slog.NewTextHandler(logs, nil))
	pw := &phaseWatcher{passWatcher: newPassWatcher(), build: make(chan struct{}, 1)}
	// The lock's event settles long after the stand-in's evaluation
	// has ended, and before its slow build has.
	runLoop(t, w, pw, 1500*time.Millisecond)
	pw.next(t, 10*time.Second)

	withInputs("dep", "dep2")
	w.set("standin.buildSeconds", fragment.Int(6))
	final := waitApplied(t, w, 40*time.Second)
	if !strings.Contains(readFileT(t, filepath.Join(flakeDir, "flake.lock")), `"dep2"`) {
		t.Fatal("the evaluation did not update flake.lock")
	}
	if !strings.Contains(logs.String(), "the evaluation wrote flake.lock") {
		t.Fatalf("the pass did not take the lock for its own:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), "newer inputs arrived") {
		t.Fatalf("the pass was stopped for the lock its evaluation wrote:\n%s", logs.String())
	}
	if n := strings.Count(logs.String(), `msg="phase done" phase=build`); n != 1 {
		t.Fatalf("%d builds, want 1:\n%s", n, logs.String())
	}
	if st := w.state(); st.AppliedToplevel != final || st.LastPass == nil || st.LastPass.Result != state.ResultSuccess {
		t.Fatalf("last pass %+v", st.LastPass)
	}
}

// ask-nix status reckons what waits as the running daemon's passes hash
// the inputs: with the watch paths it was started with (another
// environment's or flags'), not the ones this process's settings name.
// In step with the daemon, nothing is pending; a change to a folder only
// the daemon watches is.
func TestStatusPendingAsTheDaemonHashes(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	extra := t.TempDir()
	if err := os.WriteFile(filepath.Join(extra, "extra.nix"), []byte("{ }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ds := *w.s
	ds.WatchPaths = append(slices.Clone(w.s.WatchPaths), extra)
	ds.Debounce = time.Hour // no pass after the start pass
	lk, err := reconciler.LockDaemon(&ds)
	if err != nil {
		t.Fatal(err)
	}
	defer lk.Unlock()
	pw := newPassWatcher()
	runLoopWith(t, w, &reconciler.Loop{R: &reconciler.Reconciler{Settings: &ds, Runner: w.rec, Hostname: "playground", Observer: pw}, Resync: time.Hour})
	start := pw.next(t, 30*time.Second)
	if start.Result != state.ResultNoop && start.Result != state.ResultSuccess {
		t.Fatalf("the daemon's start pass: %+v", start)
	}

	for _, step := range []struct {
		name    string
		change  func()
		pending string
	}{
		{"in step with the daemon", func() {}, ""},
		{"a file only the daemon watches changed", func() {
			if err := os.WriteFile(filepath.Join(extra, "extra.nix"), []byte("{ x = 1; }\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "the fragment or a watched file changed since the last pass; nix-humanityd builds it at its next pass"},
	} {
		step.change()
		rep, err := reconciler.Status(w.s)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.DaemonRunning {
			t.Fatalf("%s: no daemon running, says status", step.name)
		}
		if got := reconciler.Pending(rep); got != step.pending {
			t.Errorf("%s: pending %q, want %q", step.name, got, step.pending)
		}
	}
}
