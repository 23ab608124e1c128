package ops

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/logging"
	"github.com/nix-humanity/nix-humanity/internal/testbin"
	"github.com/nix-humanity/nix-humanity/reconciler/liveness"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// systemd's side of the notify socket, for one test.
type notifySocket struct {
	t    *testing.T
	path string
	c    *net.UnixConn
}

func newNotifySocket(t *testing.T) *notifySocket {
	t.Helper()
	path := filepath.Join(t.TempDir(), "notify.sock")
	c, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &notifySocket{t: t, path: path, c: c}
}

func (s *notifySocket) recv() string {
	s.t.Helper()
	_ = s.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 4096)
	n, err := s.c.Read(buf)
	if err != nil {
		s.t.Fatalf("no notification: %v", err)
	}
	return string(buf[:n])
}

// expect reads the next notification, which must be want.
func (s *notifySocket) expect(want string) {
	s.t.Helper()
	if got := s.recv(); got != want {
		s.t.Fatalf("notification %q, want %q", got, want)
	}
}

// nothingSent proves that nothing was sent since the last read: a marker
// sent now must be the next datagram (a unix socket keeps their order).
func (s *notifySocket) nothingSent(o *Ops) {
	s.t.Helper()
	if _, err := o.Notify.Send("X_TEST_MARKER=1"); err != nil {
		s.t.Fatal(err)
	}
	if got := s.recv(); got != "X_TEST_MARKER=1" {
		s.t.Fatalf("sent %q where nothing should have been", got)
	}
}

// The watchdog follows the health check, with a fake clock: WATCHDOG=1
// while the loop beats and its pass moves; none, and a "stuck:" status,
// while a build is silent past the stall limit or the loop stops beating;
// WATCHDOG=1 again once it moves on. The stall is written where ask-nix
// status reads it, and removed when it ends.
func TestWatchdogFollowsLiveness(t *testing.T) {
	sock := newNotifySocket(t)
	s := testSettings(t, map[string]string{"NIX_HUMANITY_STALL_TIMEOUT": "1h"})
	clock := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	env := map[string]string{"NOTIFY_SOCKET": sock.path, "WATCHDOG_USEC": strconv.Itoa(int(2 * time.Hour / time.Microsecond)), "WATCHDOG_PID": strconv.Itoa(os.Getpid())}
	var logs bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o, err := Start(ctx, Config{
		Settings: s, Version: "test",
		Log:    logging.New(&logs, logging.Options{Format: "text", Level: "debug"}),
		Getenv: func(k string) string { return env[k] },
		Now:    func() time.Time { return clock },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	base := "http://" + o.Addr()
	release := make(chan error)
	loopDone := make(chan error, 1)
	// The monitor's own timer (an hour: half the watchdog) never fires
	// here; the test looks for it with CheckLiveness.
	go func() {
		loopDone <- o.RunLoop(Beats{Every: 2 * time.Hour, Limit: time.Minute}, func() error { return <-release })
	}()
	sock.expect("WATCHDOG=1") // the monitor's first look: just started, alive

	beats := func(d time.Duration, progress bool) {
		for end := clock.Add(d); clock.Before(end); {
			clock = clock.Add(10 * time.Second)
			o.Heartbeat("loop")
			o.Heartbeat("watcher")
			if progress {
				o.BuildProgress()
			}
		}
	}
	stalled := func() *liveness.Record {
		t.Helper()
		rec, err := liveness.Load(s.StateDir)
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}

	// Idle and beating.
	beats(5*time.Minute, false)
	o.CheckLiveness()
	sock.expect("WATCHDOG=1")

	// A long build whose output keeps coming: alive.
	o.PassRunning(true)
	o.PhaseStarted(state.PhaseEval)
	sock.expect("READY=1\nSTATUS=eval in progress")
	beats(20*time.Minute, false) // a big evaluation prints nothing
	o.PhaseStarted(state.PhaseBuild)
	sock.expect("STATUS=build in progress")
	beats(3*time.Hour, true)
	o.CheckLiveness()
	sock.expect("WATCHDOG=1")

	// The build goes silent past the limit: stuck, no ping.
	beats(61*time.Minute, false)
	const reason = "loop: no progress for 1h1m while in phase build (limit 1h)"
	o.CheckLiveness()
	sock.expect("STATUS=stuck: " + reason)
	sock.nothingSent(o)
	if code, body := testbin.Get(t, base+"/healthz"); code != 503 || !strings.Contains(body, reason) {
		t.Fatalf("/healthz while stuck: %d %s", code, body)
	}
	rec := stalled()
	if rec == nil || rec.Daemon != os.Getpid() || len(rec.Stalls) != 1 || rec.Stalls[0].Reason(clock) != reason {
		t.Fatalf("liveness record %+v", rec)
	}
	if !strings.Contains(logs.String(), "the reconciler is stuck") || !strings.Contains(logs.String(), "systemd restarts the daemon after 2h0m0s") {
		t.Errorf("log:\n%s", logs.String())
	}
	beats(time.Minute, false)
	o.CheckLiveness() // still stuck: nothing new to say, still no ping
	sock.nothingSent(o)

	// The build moves on: the phase's own status, then pings again.
	o.PhaseStarted(state.PhaseActivate)
	sock.expect("STATUS=activate in progress")
	o.CheckLiveness()
	sock.expect("WATCHDOG=1")
	if rec := stalled(); rec != nil {
		t.Fatalf("the record outlived the stall: %+v", rec)
	}
	if code, _ := testbin.Get(t, base+"/healthz"); code != 200 {
		t.Fatalf("/healthz after the stall: %d", code)
	}
	o.PassFinished(state.Pass{Result: state.ResultSuccess, Finished: clock}, state.State{})
	o.PassRunning(false)
	sock.expect("STATUS=idle; last pass success")

	// The loop's event loop wedges (the watcher still beats).
	for range 12 {
		clock = clock.Add(10 * time.Second)
		o.Heartbeat("watcher")
	}
	o.CheckLiveness()
	sock.expect("STATUS=stuck: loop: no heartbeat for 2m (limit 1m)")
	sock.nothingSent(o)
	o.Heartbeat("loop")
	o.CheckLiveness()
	sock.expect("STATUS=idle; last pass success") // what the loop last said
	sock.expect("WATCHDOG=1")

	// Stuck when the loop ends: the record goes with it.
	beats(2*time.Hour, false)
	o.PassRunning(true)
	clock = clock.Add(2 * time.Hour)
	o.CheckLiveness()
	if stalled() == nil {
		t.Fatal("no record while stuck")
	}
	release <- nil
	if err := <-loopDone; err != nil {
		t.Fatal(err)
	}
	if rec := stalled(); rec != nil {
		t.Fatalf("the record outlived the daemon's loop: %+v", rec)
	}
}

// A stall record left by a daemon that died is removed at start.
func TestStartRemovesOldStallRecord(t *testing.T) {
	s := testSettings(t, map[string]string{"NIX_HUMANITY_ENABLE_METRICS": "false"})
	old := liveness.Record{Daemon: 1, Stalls: []liveness.Stall{{Part: "loop", Kind: liveness.KindProgress, Since: time.Now().Add(-2 * time.Hour), LimitSeconds: 3600}}}
	if err := liveness.Save(s.StateDir, old); err != nil {
		t.Fatal(err)
	}
	o, err := Start(context.Background(), Config{Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if rec, err := liveness.Load(s.StateDir); rec != nil || err != nil {
		t.Fatalf("old record kept: %+v %v", rec, err)
	}
}
