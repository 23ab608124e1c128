package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/internal/testbin"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/liveness"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

func TestAliveAfter(t *testing.T) {
	tests := []struct {
		d, said time.Duration
		want    bool
	}{
		{10 * time.Second, 0, false},
		{30 * time.Second, 0, true},
		{45 * time.Second, 30 * time.Second, false},
		{time.Minute, 30 * time.Second, true},
		{2 * time.Minute, time.Minute, true},
		{4 * time.Minute, 2 * time.Minute, false},
		{5 * time.Minute, 2 * time.Minute, true},
		{9 * time.Minute, 5 * time.Minute, false},
		{10 * time.Minute, 5 * time.Minute, true},
		{61 * time.Minute, 60 * time.Minute, false},
		{65 * time.Minute, 60 * time.Minute, true},
		// First seen late (a build that began before the wait): said once.
		{20 * time.Minute, 0, true},
	}
	for _, tt := range tests {
		if got := aliveAfter(tt.d, tt.said); got != tt.want {
			t.Errorf("aliveAfter(%v, %v) = %v, want %v", tt.d, tt.said, got, tt.want)
		}
	}
	for d, want := range map[time.Duration]string{45 * time.Second: "45 s", 3 * time.Minute: "3 min", 65 * time.Minute: "1 h 5 min"} {
		if got := minutes(d); got != want {
			t.Errorf("minutes(%v) = %q, want %q", d, got, want)
		}
	}
}

// followDaemonHeld starts ask-nix args in the background while the test
// holds the daemon lock (a nix-humanityd that runs no pass yet), and
// returns once the wait has begun.
func followDaemonHeld(t *testing.T, ctx context.Context, stderr *testbin.SyncBuffer, args ...string) (*settings.Settings, *flock.Lock, <-chan result) {
	t.Helper()
	s := mustSettings(t, playgroundEnv(t))
	l, err := reconciler.LockDaemon(s)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan result, 1)
	go func() {
		var out bytes.Buffer
		code := Main(ctx, args, strings.NewReader(""), &out, stderr)
		done <- result{code, out.String(), stderr.String()}
	}()
	waitForText(t, stderr, "waiting for nix-humanityd to build and activate it")
	return s, l, done
}

func waitForText(t *testing.T, b *testbin.SyncBuffer, want string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(b.String(), want); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q:\n%s", want, b.String())
		}
	}
}

// A nix-humanityd restarted during the wait (systemd's Restart=, or by
// hand) is followed on: the new daemon's pass over the edit is the
// answer, not "nix-humanityd stopped".
func TestFollowWaitsForARestartedDaemon(t *testing.T) {
	var stderr testbin.SyncBuffer
	s, l, done := followDaemonHeld(t, context.Background(), &stderr, "-y", "--wait", "install hello")
	_ = l.Unlock()
	waitForText(t, &stderr, "nix-humanityd stopped; waiting up to 15 s for it to start again")

	defer startDaemon(t, s)()
	r := <-done
	r.must(t, 0, "(edit 1)", "Generation 2 is live", "\n  + hello  2.12.1\n")
	if !strings.Contains(r.stderr, "nix-humanityd runs again; following its pass") {
		t.Fatalf("the restart not said:\n%s", r.stderr)
	}
}

// A daemon that stops for good ends the wait (not a hang) with what to
// do: exit 1, the edit written.
func TestFollowEndsWhenTheDaemonStaysGone(t *testing.T) {
	defer func(g time.Duration) { followGrace = g }(followGrace)
	followGrace = time.Second
	var stderr testbin.SyncBuffer
	_, l, done := followDaemonHeld(t, context.Background(), &stderr, "-y", "--wait", "install hello")
	_ = l.Unlock()
	r := <-done
	r.must(t, 1, "(edit 1)")
	for _, want := range []string{"nix-humanityd stopped; waiting up to 1 s", "did not start again: the edit is written", "ask-nix apply builds it now"} {
		if !strings.Contains(r.stderr, want) {
			t.Fatalf("no %q:\n%s", want, r.stderr)
		}
	}
}

// Ctrl-C during the wait: exit 130, and the words say the daemon goes on
// (no "context canceled").
func TestFollowInterrupted(t *testing.T) {
	pg := playgroundEnv(t)
	bin := buildAskNix(t)
	l, err := reconciler.LockDaemon(mustSettings(t, pg))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	var stderr testbin.SyncBuffer
	cmd := exec.Command(bin, "-y", "--wait", "install hello")
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }()
	waitForText(t, &stderr, "waiting for nix-humanityd to build and activate it")
	_ = cmd.Process.Signal(syscall.SIGINT)
	_ = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Fatalf("exit %d:\n%s", code, stderr.String())
	}
	got := stderr.String()
	if !strings.Contains(got, "ask-nix: stopped waiting; nix-humanityd goes on building and activating the edit: ask-nix status shows how it goes\n") || strings.Contains(got, "context canceled") {
		t.Fatalf("Ctrl-C during the wait:\n%s", got)
	}
}

// startDaemon runs a nix-humanityd's loop on s (real Nix) until the
// returned stop is called.
func startDaemon(t *testing.T, s *settings.Settings) (stop func()) {
	t.Helper()
	l, err := reconciler.LockDaemon(s)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	loop := make(chan error, 1)
	go func() {
		loop <- (&reconciler.Loop{R: &reconciler.Reconciler{Settings: s, Runner: nixrun.Exec{}}}).Run(ctx)
	}()
	return func() {
		if cancel == nil {
			return
		}
		cancel()
		cancel = nil
		if err := <-loop; err != nil {
			t.Errorf("the loop: %v", err)
		}
		_ = l.Unlock()
	}
}

// A daemon whose action is build (or a staging one, test): the wait and
// its end say what it does, not "activate" and "the system has these
// inputs" of a system that was only built.
func TestFollowDaemonActions(t *testing.T) {
	pg := playgroundEnv(t)
	t.Setenv("NIX_HUMANITY_ACTION", "build")
	s := mustSettings(t, pg)
	s.Action = "build"
	stop := startDaemon(t, s)
	defer func() { stop() }()
	r := askNix("-y", "--wait", "install hello")
	r.must(t, 0, "(edit 1). The reconciler will build it (action build", "built /nix/store/", "not activated (action build).")
	if !strings.Contains(r.stderr, "waiting for nix-humanityd to build it (action build: not activated)") {
		t.Fatalf("the wait's words:\n%s", r.stderr)
	}
	askNix("-y", "install hello and rebuild").must(t, 0, "Nothing to build: these inputs are built already (action build: not activated; generation 1 is current).")
	stop()

	t.Setenv("NIX_HUMANITY_ACTION", "switch")
	t.Setenv("NIX_HUMANITY_ENV", "staging")
	s.Action, s.Env = "switch", "staging"
	stop = startDaemon(t, s)
	r = askNix("-y", "--wait", "install htop")
	r.must(t, 0, "(edit 2)", "is live until the next reboot (action test")
	if !strings.Contains(r.stderr, "waiting for nix-humanityd to build and activate it until the next reboot") {
		t.Fatalf("the wait's words:\n%s", r.stderr)
	}
	askNix("-y", "install htop and rebuild").must(t, 0, "Nothing to build: the running system has these inputs already (action test: until the next reboot).")
}

func TestFollowedPass(t *testing.T) {
	pass := func(id int64, hash string, r state.Result, toplevel ...string) state.Pass {
		p := state.Pass{ID: id, InputsHash: hash, Result: r}
		if len(toplevel) > 0 {
			p.Toplevel = toplevel[0]
		}
		return p
	}
	tests := []struct {
		name    string
		history []state.Pass
		want    int64 // 0: none
	}{
		{"none newer", []state.Pass{pass(3, "t", state.ResultSuccess)}, 0},
		{"other inputs", []state.Pass{pass(4, "o", state.ResultSuccess)}, 0},
		{"the pass", []state.Pass{pass(3, "t", state.ResultFailure), pass(4, "t", state.ResultSuccess)}, 4},
		// A second trigger's no-op right after: the build answers.
		{"no-op after", []state.Pass{pass(4, "t", state.ResultSuccess), pass(5, "t", state.ResultNoop)}, 4},
		{"no-op alone", []state.Pass{pass(4, "o", state.ResultSuccess), pass(5, "t", state.ResultNoop)}, 5},
		{"rolled back", []state.Pass{pass(4, "t", state.ResultRolledBack), pass(5, "t", state.ResultNoop)}, 4},
		{"no-op before since", []state.Pass{pass(3, "t", state.ResultSuccess), pass(4, "t", state.ResultNoop)}, 4},
		// Hashed before the write, built it: the no-op over target found
		// its toplevel in place.
		{"built under the old hash", []state.Pass{pass(4, "o", state.ResultSuccess, "/s1"), pass(5, "t", state.ResultNoop, "/s1")}, 4},
		{"other toplevel", []state.Pass{pass(4, "o", state.ResultSuccess, "/s0"), pass(5, "t", state.ResultNoop, "/s1")}, 5},
		{"built before since", []state.Pass{pass(3, "o", state.ResultSuccess, "/s1"), pass(5, "t", state.ResultNoop, "/s1")}, 5},
	}
	for _, tt := range tests {
		st := &state.State{History: tt.history}
		last := tt.history[len(tt.history)-1]
		st.LastPass = &last
		got, ok := followedPass(st, 3, "t")
		if !ok && tt.want != 0 || ok && got.ID != tt.want {
			t.Errorf("%s: got pass %d (%v), want %d", tt.name, got.ID, ok, tt.want)
		}
	}
}

// Inputs this ask-nix cannot read all of (a member of the group, a
// root-only secret under /etc/nixos; here a symlink loop among the watch
// paths, which root cannot read either) end no wait with an error: the
// daemon's next pass is followed and reported.
func TestFollowWithoutReadableInputs(t *testing.T) {
	pg := playgroundEnv(t)
	s := mustSettings(t, pg)
	stop := startDaemon(t, s)
	defer stop()
	loop := filepath.Join(t.TempDir(), "loop")
	if err := os.Symlink(loop, loop); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NIX_HUMANITY_WATCH_PATHS", loop)
	r := askNix("-y", "--wait", "install hello")
	r.must(t, 0, "(edit 1)", "Generation 2 is live", "\n  + hello  2.12.1\n")
	if !strings.Contains(r.stderr, "following nix-humanityd's next pass, over whatever inputs it reads") {
		t.Fatalf("no word of the unreadable inputs:\n%s", r.stderr)
	}
}

// A nix-humanityd on the same state directory that watches another
// fragment (its own fragment setting) never builds this edit: --wait and
// "... and rebuild" say so at once and exit 1, the edit written, rather
// than wait until Ctrl-C; a plain edit says it will not be built.
func TestFollowDaemonWatchingAnotherFragment(t *testing.T) {
	pg := playgroundEnv(t)
	other, err := playground.Write(t.TempDir(), playground.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := mustSettings(t, pg)
	ds := *s
	ds.Fragment, ds.System, ds.WatchPaths = other.Fragment, other.SystemDir, []string{other.SystemDir}
	stop := startDaemon(t, &ds)
	defer stop()
	// Bounded, so that a wait that does not end fails the test with its
	// output instead of hanging it (Ctrl-C's exit 130).
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for i, args := range [][]string{{"-y", "--wait", "install hello"}, {"-y", "install htop and rebuild"}, {"-y", "--wait", "undo"}} {
		var out, errb bytes.Buffer
		code := Main(ctx, args, strings.NewReader(""), &out, &errb)
		r := result{code, out.String(), errb.String()}
		r.must(t, 1, fmt.Sprintf("(edit %d)", i+1))
		for _, want := range []string{
			"nix-humanityd (pid ", "watches " + other.Fragment + " (and " + other.SystemDir + "), not " + pg.Fragment + ": it will not build this edit.\n",
			"The edit is written (ask-nix undo takes it back); nothing else changed",
			"point nix-humanityd at " + pg.Fragment, "ask-nix apply builds it now",
		} {
			if !strings.Contains(r.stderr, want) {
				t.Fatalf("%q: no %q:\nstdout:\n%s\nstderr:\n%s", args, want, r.stdout, r.stderr)
			}
		}
	}
	// ask-nix apply builds it, but not for long: said, as --wait says it.
	askNix("-y", "install cowsay").must(t, 0, "(edit 4). But the nix-humanityd that runs (pid ", "watches "+other.Fragment+", not this file, so it will not build it",
		"To build it now, run ask-nix apply, though that daemon puts its own fragment's system back at its next pass (within 5 min).")
	// Said while idle: wait for the daemon's own passes to end.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		if r := askNix("status"); strings.Contains(r.stdout, "pending:") || time.Now().After(deadline) {
			r.must(t, 0, "edit 4 (add 1 package: cowsay) is not built yet; the nix-humanityd that runs (pid ", "watches "+other.Fragment+", not "+pg.Fragment+", so none of its passes builds it",
				"or ask-nix apply builds it, until that daemon's next pass (within 5 min) puts its own fragment's system back")
			break
		}
	}
	src, err := os.ReadFile(pg.Fragment)
	if err != nil || !strings.Contains(string(src), "cowsay") || !strings.Contains(string(src), "hello") {
		t.Fatalf("the edits are not all written: %v\n%s", err, src)
	}
}

// A daemon that watches the fragment's folder (a watch path) sees the
// edit: its record covers it, and the wait goes on to its pass.
func TestFollowDaemonWatchingTheFolder(t *testing.T) {
	pg := playgroundEnv(t)
	s := mustSettings(t, pg)
	ds := *s
	ds.WatchPaths = []string{filepath.Dir(pg.Fragment)}
	stop := startDaemon(t, &ds)
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	code := Main(ctx, []string{"-y", "--wait", "install hello"}, strings.NewReader(""), &out, &errb)
	result{code, out.String(), errb.String()}.must(t, 0, "(edit 1)", "Generation 2 is live", "\n  + hello  2.12.1\n")
}

func TestRestartWindow(t *testing.T) {
	stopped := time.Now()
	rec := func(unit, restart string, secs float64, clean bool) *state.Watching {
		w := &state.Watching{PID: 7, Service: state.Service{Unit: unit, Restart: restart, RestartSeconds: secs}}
		if clean {
			w.Stopped = &stopped
		}
		return w
	}
	tests := []struct {
		name string
		rec  *state.Watching
		want time.Duration
		why  string
	}{
		{"unknown", nil, followGrace, ""},
		{"by hand", rec("", "", 0, false), followGrace, "does not run under systemd"},
		{"by hand, stopped", rec("", "", 0, true), followGrace, "does not run under systemd"},
		{"systemd, policy unread", rec("nix-humanityd.service", "", 0, false), followGrace, ""},
		{"killed, restarted", rec("nix-humanityd.service", "on-failure", 5, false), 5*time.Second + restartStart, "after RestartSec=5s (Restart=on-failure)"},
		{"killed, slow restart", rec("nix-humanityd.service", "always", 30, false), 30*time.Second + restartStart, "after RestartSec=30s (Restart=always)"},
		{"killed, never restarted", rec("nix-humanityd.service", "no", 0.1, false), 0, "does not start nix-humanityd.service again after that (Restart=no)"},
		{"killed, on-success", rec("nix-humanityd.service", "on-success", 5, false), 0, "(Restart=on-success)"},
		{"systemctl stop or restart", rec("nix-humanityd.service", "on-failure", 5, true), restartStart, "systemctl restart starts it again at once"},
		// A damaged record's delay: no negative wait, none past a year.
		{"killed, delay past a Duration", rec("nix-humanityd.service", "always", 1e300, false), 366*24*time.Hour + restartStart, "after RestartSec=8784h0m0s"},
		{"killed, negative delay", rec("nix-humanityd.service", "always", -5, false), restartStart, "after RestartSec=0s"},
	}
	for _, tt := range tests {
		got, why := restartWindow(tt.rec)
		if got != tt.want || !strings.Contains(why, tt.why) || tt.why == "" && why != "" {
			t.Errorf("%s: %v %q, want %v %q", tt.name, got, why, tt.want, tt.why)
		}
	}
}

// A daemon whose record names its systemd unit is waited for as systemd
// restarts it: not at all when it will not (Restart=no), the moment of a
// restart after a clean stop (systemctl stop or restart), not a fixed
// 15 s.
func TestFollowWaitsAsSystemdRestarts(t *testing.T) {
	defer func(d time.Duration) { restartStart = d }(restartStart)
	restartStart = 500 * time.Millisecond
	pg := playgroundEnv(t)
	s := mustSettings(t, pg)
	tests := []struct {
		restart           string
		clean, activating bool
		want              []string
	}{
		{"no", false, false, []string{"stopped before it built the edit: it ended without stopping cleanly, and systemd does not start nix-humanityd.service again after that (Restart=no). The edit is written", "systemctl start nix-humanityd.service, or ask-nix apply builds it now"}},
		{"on-failure", true, false, []string{"waiting up to 0 s for it to start again (systemd stopped nix-humanityd.service; systemctl restart starts it again at once)", "did not start again: the edit is written"}},
		// Killed in its activation: not "before it built the edit".
		{"no", false, true, []string{"stopped while it activated the edit, before its pass ended: it ended without stopping cleanly", "ask-nix status says what the activation got done; systemctl start nix-humanityd.service, or ask-nix apply activates it again (or, if that fails, puts back what ran before)"}},
		{"on-failure", true, true, []string{"stopped while it activated the edit, before its pass ended, and did not start again: ask-nix status says what the activation got done; ask-nix apply activates it again"}},
	}
	for i, tt := range tests {
		l, err := reconciler.LockDaemon(s)
		if err != nil {
			t.Fatal(err)
		}
		st, err := state.Load(s.StateDir)
		if err != nil {
			t.Fatal(err)
		}
		st.Activating = nil
		st.Watching = &state.Watching{PID: os.Getpid(), Fragment: s.Fragment, Service: state.Service{Unit: "nix-humanityd.service", Restart: tt.restart, RestartSeconds: 5}}
		if err := st.Save(s.StateDir); err != nil {
			t.Fatal(err)
		}
		var stderr testbin.SyncBuffer
		done := make(chan result, 1)
		go func() {
			var out bytes.Buffer
			code := Main(context.Background(), []string{"-y", "--wait", "install " + []string{"hello", "cowsay", "htop", "jq"}[i]}, strings.NewReader(""), &out, &stderr)
			done <- result{code, out.String(), stderr.String()}
		}()
		waitForText(t, &stderr, "waiting for nix-humanityd to build and activate it")
		if tt.clean || tt.activating {
			now := time.Now()
			if tt.clean {
				st.Watching.Stopped = &now
			}
			if tt.activating {
				st.Activating = &state.Activation{Toplevel: "/nix/store/00000000000000000000000000000000-nixos-system", Action: "switch", Since: now}
			}
			if err := st.Save(s.StateDir); err != nil {
				t.Fatal(err)
			}
		}
		_ = l.Unlock()
		r := <-done
		r.must(t, 1, fmt.Sprintf("(edit %d)", i+1))
		for _, want := range tt.want {
			if !strings.Contains(r.stderr, want) {
				t.Fatalf("Restart=%s: no %q:\n%s", tt.restart, want, r.stderr)
			}
		}
		if strings.Contains(r.stderr, "15 s") {
			t.Fatalf("Restart=%s: the fixed wait:\n%s", tt.restart, r.stderr)
		}
	}
}

// A state directory that takes no writes (here immutable: chattr +i,
// which stops root too) stops the daemon's passes before Nix: the wait
// says so and what to do, exit 1, the edit written, instead of waiting
// until Ctrl-C.
func TestFollowStateDirTakesNoWrites(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("making a directory take no writes needs root (chattr +i)")
	}
	pg := playgroundEnv(t)
	s := mustSettings(t, pg)
	stop := startDaemon(t, s)
	defer stop()
	// A first edit makes the history's folder; built before the
	// directory stops taking writes.
	askNix("-y", "install cowsay").must(t, 0, "(edit 1)")
	for deadline := time.Now().Add(time.Minute); !strings.Contains(askNix("status").stdout, "reconciler: idle · generation 2"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the daemon is not idle:\n%s", askNix("status").stdout)
		}
	}
	if out, err := exec.Command("chattr", "+i", s.StateDir).CombinedOutput(); err != nil {
		t.Fatalf("chattr +i: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("chattr", "-i", s.StateDir).Run() })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	code := Main(ctx, []string{"-y", "--wait", "install hello"}, strings.NewReader(""), &out, &errb)
	r := result{code, out.String(), errb.String()}
	r.must(t, 1, "(edit 2)")
	// A plain edit does not promise a build either.
	askNix("-y", "install htop").must(t, 0, "(edit 3). But nix-humanityd cannot build it yet: the state directory "+s.StateDir+" takes no writes")
	for _, want := range []string{"nix-humanityd cannot build the edit: the state directory " + s.StateDir + " takes no writes", "lsattr -d", "The edit is written; nothing else changed", "builds it at its next pass (within 5 min"} {
		if !strings.Contains(r.stderr, want) {
			t.Fatalf("no %q:\n%s", want, r.stderr)
		}
	}
}

// A daemon that reports itself stuck (a pass without progress past the
// stall timeout) is said once during the wait, so that it does not look
// like a slow build; the wait goes on (systemd's watchdog restarts it).
func TestFollowSaysTheDaemonIsStuck(t *testing.T) {
	var stderr testbin.SyncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, l, done := followDaemonHeld(t, ctx, &stderr, "-y", "--wait", "install hello")
	defer l.Unlock()
	stall := liveness.Stall{Part: "loop", Kind: liveness.KindProgress, Phase: state.PhaseBuild, Since: time.Now().Add(-62 * time.Minute), LimitSeconds: 3600}
	if err := liveness.Save(s.StateDir, liveness.Record{Daemon: os.Getpid(), Stalls: []liveness.Stall{stall}}); err != nil {
		t.Fatal(err)
	}
	waitForText(t, &stderr, "nix-humanityd reports itself stuck (loop: no progress for 1h2m")
	if !strings.Contains(stderr.String(), "while in phase build (limit 1h)): its /healthz answers 503") {
		t.Fatalf("the stall's words:\n%s", stderr.String())
	}
	cancel()
	r := <-done
	r.must(t, 130, "(edit 1)")
	if n := strings.Count(r.stderr, "reports itself stuck"); n != 1 {
		t.Fatalf("said %d times:\n%s", n, r.stderr)
	}
}

// A daemon that stays idle ends the wait only after a pass that started
// after the write: a pass under way when the write came (hashed before
// it, recorded after since was read, so with a newer id) is no answer
// however long the daemon then takes to start the pass over the edit (a
// loaded machine); an idle daemon that starts none at all ends the wait
// with what to do. Polls at given times: no clock is read.
func TestQuietWatch(t *testing.T) {
	written := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return written.Add(time.Duration(s) * time.Second) }
	pass := func(id int64, started time.Time) *state.Pass {
		return &state.Pass{ID: id, Started: started, Result: state.ResultSuccess, InputsHash: "other"}
	}
	type poll struct {
		at    int // seconds after the write
		phase state.Phase
		last  *state.Pass
		gone  bool
		want  int64  // the pass that answers (0: none)
		err   string // in the error that ends the wait
	}
	underWay := pass(8, at(-2)) // since is 7
	next := pass(9, at(20))
	for _, tc := range []struct {
		name  string
		polls []poll
	}{
		{"a pass under way at the write is no answer", []poll{
			{at: 1, phase: state.PhaseIdle, last: underWay},
			{at: 5, phase: state.PhaseIdle, last: underWay},
			{at: 15, phase: state.PhaseIdle, last: underWay},
			{at: 19, phase: state.PhaseEval, last: underWay},
			{at: 30, phase: state.PhaseIdle, last: next},
			{at: 33, phase: state.PhaseIdle, last: next},
			{at: 40, phase: state.PhaseIdle, last: next, want: 9},
		}},
		{"an older pass is no answer", []poll{
			{at: 1, phase: state.PhaseIdle, last: pass(7, at(-60))},
			{at: 10, phase: state.PhaseIdle, last: pass(7, at(-60))},
		}},
		{"a pass after the write, then quiet", []poll{
			{at: 1, phase: state.PhaseBuild, last: underWay},
			{at: 2, phase: state.PhaseIdle, last: pass(9, at(1))},
			{at: 4, phase: state.PhaseIdle, last: pass(9, at(1))},
			{at: 6, phase: state.PhaseIdle, last: pass(9, at(1)), want: 9},
		}},
		{"idle, and no pass over the edit for longer than a resync", []poll{
			{at: 1, phase: state.PhaseIdle, last: underWay},
			{at: 300, phase: state.PhaseIdle, last: underWay},
			{at: 360, phase: state.PhaseIdle, last: underWay},
			{at: 365, phase: state.PhaseIdle, last: underWay, err: "nix-humanityd has been idle for 6 min since the edit without starting a pass over it (its watcher and its resync every 5 min would each have started one); stopped waiting. The edit is written, nothing else changed: ask-nix status shows what the daemon does, and ask-nix apply builds the edit now"},
		}},
		{"a long build is not idle", []poll{
			{at: 1, phase: state.PhaseIdle, last: underWay},
			{at: 300, phase: state.PhaseBuild, last: underWay},
			{at: 600, phase: state.PhaseIdle, last: underWay},
			{at: 900, phase: state.PhaseIdle, last: underWay},
		}},
		{"a daemon gone is waited for as it restarts, not counted", []poll{
			{at: 1, phase: state.PhaseIdle, last: underWay},
			{at: 300, phase: state.PhaseIdle, last: underWay, gone: true},
			{at: 600, phase: state.PhaseIdle, last: underWay},
			{at: 900, phase: state.PhaseIdle, last: underWay},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := quietWatch{m: writeMark{since: 7, written: written}, quiet: 3200 * time.Millisecond}
			for _, pl := range tc.polls {
				p, err := q.see(&state.State{Phase: pl.phase, LastPass: pl.last}, pl.gone, at(pl.at))
				var got int64
				if p != nil {
					got = p.ID
				}
				if got != pl.want || (err == nil) != (pl.err == "") || err != nil && err.Error() != pl.err {
					t.Fatalf("poll at %d s: pass %d, error %v; want pass %d, error %q", pl.at, got, err, pl.want, pl.err)
				}
			}
		})
	}
}
