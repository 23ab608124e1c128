package main

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/activate"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// SIGTERM (systemctl stop) during a build stops the build at once: the
// daemon exits cleanly, nothing is activated, the log says the pass
// stopped and why, and status says the edit waits to be built. During
// an activation it waits for the activation to end, says so in the log
// at once (or the stop looks like a hang), and records the pass.
func TestDaemonStoppedDuringBuildAndActivation(t *testing.T) {
	w := newCrashWorld(t)
	exited := func() <-chan error {
		done := make(chan error, 1)
		go func() { done <- w.daemon.Wait() }()
		return done
	}
	stop := func() <-chan error {
		t.Helper()
		if err := w.daemon.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		return exited()
	}
	waitExit := func(done <-chan error) {
		t.Helper()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("exit after SIGTERM: %v\n%s", err, w.out)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("no exit after SIGTERM\n%s", w.out)
		}
	}

	t.Log("SIGTERM during the build")
	w.start()
	reached := w.arm("nix-build", "")
	w.install("hello")
	reached()
	waitExit(stop())
	wantLog(t, w.out.String(), `msg="phase stopped" phase=build`, `msg="pass stopped before activation" trigger=watch why="terminated signal received"`, `msg="nix-humanityd stopped"`)
	if strings.Contains(w.out.String(), "activation under way") {
		t.Errorf("a build said to be an activation:\n%s", w.out)
	}
	st, err := state.Load(w.s.StateDir)
	if err != nil || st.Phase != state.PhaseIdle || st.Activating != nil || st.AppliedHash == st.DesiredHash && st.DesiredHash != "" {
		t.Fatalf("state after: %+v %v", st, err)
	}
	if g, _ := activate.Current(w.s.Profile); g.Number != 1 {
		t.Fatalf("generation %d after a stopped build", g.Number)
	}
	if out := w.askNixOK("status"); !strings.Contains(out, "edit 1 (add 1 package: hello) is not built yet; no nix-humanityd runs: ask-nix apply builds it") {
		t.Fatalf("status after a stopped build:\n%s", out)
	}

	t.Log("SIGTERM during the activation")
	// htop is written while the daemon is down, so its first pass builds
	// hello and htop at once: written after the start, it raced that
	// pass, which could reach the gate with hello alone.
	reached = w.arm("nix-env", "--set") // the profile moved, the boot entry not made
	w.install("htop")
	w.start()
	reached()
	done := stop()
	waitFor(t, 10*time.Second, "the log to say the stop waits", func() bool {
		return strings.Contains(w.out.String(), `msg="stopping once the activation under way ends: it is not interrupted" phase=activate`)
	})
	select {
	case err := <-done:
		t.Fatalf("exit during the activation: %v\n%s", err, w.out)
	case <-time.After(200 * time.Millisecond):
	}
	if rep, err := reconciler.Status(w.s); err != nil || rep.Phase != state.PhaseActivate {
		t.Fatalf("status while the stop waits: %+v %v", rep, err)
	}
	w.release("nix-env")
	waitExit(done)
	st, err = state.Load(w.s.StateDir)
	if err != nil || st.Phase != state.PhaseIdle || st.Activating != nil || st.LastPass == nil || st.LastPass.Result != state.ResultSuccess || st.AppliedHash != st.DesiredHash {
		t.Fatalf("state after: %+v %v", st, err)
	}
	g, err := activate.Current(w.s.Profile)
	if err != nil || g.Number != st.LastPass.Generation || activate.Target(w.s.CurrentSystem()) != g.Path || !fileExists(g.Path+"/sw/bin/htop") {
		t.Fatalf("after the activation: %+v %v, running %s", g, err, activate.Target(w.s.CurrentSystem()))
	}
}

func wantLog(t *testing.T, log string, want ...string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(log, s) {
			t.Errorf("the log lacks %s:\n%s", s, log)
		}
	}
}

// SIGTERM while the daemon waits at start for the pass lock (an ask-nix
// apply's build holds it) is a clean stop: exit 0 and "stopped", not an
// error (exit 1 is a failed unit to systemd).
func TestDaemonStoppedWaitingForTheLock(t *testing.T) {
	bin, dir, _ := playgroundWithPassLockHeld(t)
	cmd, out := startPlaygroundDaemon(t, bin, dir, "NIX_HUMANITY_ENABLE_METRICS=false")
	waitFor(t, 60*time.Second, "the daemon to wait for the pass lock", func() bool {
		return strings.Contains(out.String(), "waiting for the pass lock")
	})
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM while waiting for the lock: %v\n%s", err, out)
	}
	wantLog(t, out.String(), `msg="nix-humanityd stopped"`)
	if strings.Contains(out.String(), "level=ERROR") {
		t.Errorf("an error logged for a clean stop:\n%s", out)
	}
}
