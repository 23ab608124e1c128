package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/internal/testbin"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

// buildAskNix builds ask-nix next to the daemon.
func buildAskNix(t *testing.T) string { return testbin.Build(t, "../ask-nix") }

// listenNotify is a systemd notify socket for a daemon under test:
// NOTIFY_SOCKET=path, messages read from sock.
func listenNotify(t *testing.T) (path string, sock *net.UnixConn) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "notify")
	sock, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sock.Close() })
	return path, sock
}

var servingAddr = regexp.MustCompile(`serving /metrics, /healthz and /status" addr=(\S+)`)

// The daemon as systemd runs it: READY=1 on the notify socket once it
// has scanned its inputs, /healthz 200, /status byte for byte what
// `ask-nix status --json` prints, /metrics with the playground's
// generation, STOPPING=1 and a clean exit on SIGTERM.
func TestDaemonServesOpsEndpoints(t *testing.T) {
	nixruntest.RequireNix(t)
	bin, askNix := buildDaemon(t), buildAskNix(t)
	dir := t.TempDir()
	sockPath, sock := listenNotify(t)
	recv := func(what string) string {
		t.Helper()
		_ = sock.SetReadDeadline(time.Now().Add(60 * time.Second))
		buf := make([]byte, 1024)
		n, err := sock.Read(buf)
		if err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		return string(buf[:n])
	}

	cmd, out := startPlaygroundDaemon(t, bin, dir, "NIX_HUMANITY_METRICS_ADDR=127.0.0.1:0", "NOTIFY_SOCKET="+sockPath)
	if got := recv("READY=1"); !strings.HasPrefix(got, "READY=1\nSTATUS=") {
		t.Fatalf("first notification %q\n%s", got, out.String())
	}
	// READY=1 comes over the socket; the log line saying where the
	// endpoints are may still be in the pipe from the daemon's stderr.
	waitFor(t, 10*time.Second, "the endpoints' address in the log", func() bool { return servingAddr.MatchString(out.String()) })
	m := servingAddr.FindStringSubmatch(out.String())
	base := "http://" + m[1]
	get := func(path string) (int, string) { t.Helper(); return testbin.Get(t, base+path) }
	if code, body := get("/healthz"); code != 200 || !strings.Contains(body, `"status":"ok"`) {
		t.Fatalf("/healthz: %d %s", code, body)
	}
	// The start pass found nothing to do; the daemon is idle.
	waitFor(t, 30*time.Second, "the start pass", func() bool {
		_, body := get("/metrics")
		return strings.Contains(body, "\nnix_humanity_reconcile_total{result=\"noop\"} 1\n") || strings.Contains(body, "\nnix_humanity_reconcile_total{result=\"success\"} 2\n")
	})
	code, status := get("/status")
	ask := exec.Command(askNix, "status", "--json")
	ask.Env = append(os.Environ(), "NIX_HUMANITY_CONFIG="+filepath.Join(dir, "config.json"))
	want, err := ask.Output()
	if err != nil {
		t.Fatalf("ask-nix status --json: %v", err)
	}
	if code != 200 || status != string(want) {
		t.Fatalf("/status differs from ask-nix status --json:\n/status: %s\nask-nix: %s", status, want)
	}
	if !strings.Contains(status, `"daemonRunning":true`) || !strings.Contains(status, `"currentGeneration":1`) {
		t.Errorf("status: %s", status)
	}
	if _, body := get("/metrics"); !strings.Contains(body, "\nnix_humanity_current_generation 1\n") || !strings.Contains(body, "\nnix_humanity_booted_generation 1\n") {
		t.Errorf("/metrics:\n%s", body)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for {
		got := recv("STOPPING=1")
		if strings.HasPrefix(got, "STOPPING=1") {
			break
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, out.String())
	}
	// The playground's first generation is the daemon's own pass, logged
	// once as such.
	if strings.Contains(out.String(), "pass run by another process") || strings.Count(out.String(), `msg="pass finished" id=1 `) != 1 {
		t.Errorf("the daemon's own playground pass is not logged once as its own:\n%s", out)
	}
}

// NIX_HUMANITY_ENABLE_METRICS=false: no endpoints, and the log says why.
func TestDaemonMetricsOff(t *testing.T) {
	nixruntest.RequireNix(t)
	bin := buildDaemon(t)
	cmd, out := startQuietDaemon(t, bin, t.TempDir())
	if !strings.Contains(out.String(), "metrics and health endpoints are off") || strings.Contains(out.String(), "serving /metrics") {
		t.Fatalf("log:\n%s", out.String())
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
}

// A second daemon on the same state directory is refused before it does
// anything, and says which process runs there; the first keeps running.
func TestSecondDaemonRefused(t *testing.T) {
	nixruntest.RequireNix(t)
	bin := buildDaemon(t)
	dir := t.TempDir()
	first, out := startQuietDaemon(t, bin, dir)
	// A stand-in file changed by hand, which the first daemon watches:
	// the second must not put the shipped one back.
	standin := filepath.Join(dir, "system", "nixos.nix")
	orig, err := os.ReadFile(standin)
	if err != nil {
		t.Fatal(err)
	}
	changed := append(slices.Clip(orig), "# changed by hand\n"...)
	if err := os.WriteFile(standin, changed, 0o644); err != nil {
		t.Fatal(err)
	}

	second := exec.Command(bin, "--playground", dir)
	second.Env = append(os.Environ(), "NIX_HUMANITY_ENABLE_METRICS=false")
	got, err := second.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("second daemon: %v\n%s", err, got)
	}
	// Said of the playground: not --state-dir and --profile, which a
	// playground keeps in its own folder, nor systemctl.
	if !strings.Contains(string(got), "nix-humanityd: another nix-humanityd is running on the playground "+dir+" (") ||
		!strings.Contains(string(got), fmt.Sprintf("pid %d", first.Process.Pid)) ||
		!strings.Contains(string(got), "a playground folder of its own (nix-humanityd --playground DIR)") ||
		strings.Contains(string(got), "--state-dir") || strings.Contains(string(got), "systemctl") {
		t.Fatalf("second daemon said:\n%s", got)
	}
	if strings.Contains(string(got), "evaluating") {
		t.Fatalf("the second daemon ran a pass before refusing:\n%s", got)
	}
	if now, _ := os.ReadFile(standin); !bytes.Equal(now, changed) {
		t.Fatal("the second daemon rewrote the stand-in system files")
	}
	// Another state directory, the same profile: still refused.
	third := exec.Command(bin, "--state-dir", t.TempDir())
	third.Env = append(os.Environ(), "NIX_HUMANITY_ENABLE_METRICS=false", "NIX_HUMANITY_CONFIG="+filepath.Join(dir, "config.json"))
	got, err = third.CombinedOutput()
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(string(got), "another nix-humanityd manages the profile") {
		t.Fatalf("a daemon on another state directory, the same profile: %v\n%s", err, got)
	}
	if first.ProcessState != nil {
		t.Fatal("the first daemon stopped")
	}
	_ = first.Process.Signal(syscall.SIGTERM)
	if err := first.Wait(); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
}

// startPlaygroundDaemon starts the daemon on a playground in dir, with
// env added to the environment and its output in the returned buffer, and
// kills it at the end of the test if it still runs.
func startPlaygroundDaemon(t *testing.T, bin, dir string, env ...string) (*exec.Cmd, *testbin.SyncBuffer) {
	t.Helper()
	out := &testbin.SyncBuffer{}
	cmd := exec.Command(bin, "--playground", dir)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd, out
}

// startQuietDaemon starts the daemon with the metrics server off (so
// daemons of parallel tests share no port) and waits until it watches.
func startQuietDaemon(t *testing.T, bin, dir string) (*exec.Cmd, *testbin.SyncBuffer) {
	t.Helper()
	cmd, out := startPlaygroundDaemon(t, bin, dir, "NIX_HUMANITY_ENABLE_METRICS=false")
	waitFor(t, 60*time.Second, "the daemon to start", func() bool { return strings.Contains(out.String(), "watching") })
	return cmd, out
}

// A corrupt state file does not keep the daemon from starting (under
// systemd that would be a restart loop): it starts, and its first pass
// moves the file aside.
func TestDaemonStartsOverACorruptState(t *testing.T) {
	nixruntest.RequireNix(t)
	bin := buildDaemon(t)
	dir := t.TempDir()
	if out, err := exec.Command(bin, "--playground", dir, "--setup-only").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	statePath := filepath.Join(dir, "state", "state.json")
	if err := os.WriteFile(statePath, []byte("garbage{"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := &testbin.SyncBuffer{}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "NIX_HUMANITY_ENABLE_METRICS=false", "NIX_HUMANITY_CONFIG="+filepath.Join(dir, "config.json"))
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() }()
	waitFor(t, 60*time.Second, "the daemon to start", func() bool { return strings.Contains(out.String(), "watching") })
	if aside, _ := filepath.Glob(statePath + ".corrupt-*"); len(aside) != 1 {
		t.Fatalf("not moved aside (%v):\n%s", aside, out.String())
	}
}

// While the daemon starts up (here it waits for the pass lock, which an
// ask-nix apply could hold for the length of a build), /healthz answers
// at once, 503 with status "starting" and what it waits for, rather than
// "ok" for a daemon that does not reconcile yet; once it has the lock,
// 200 ok.
func TestHealthzSaysStarting(t *testing.T) {
	bin, dir, held := playgroundWithPassLockHeld(t)
	_, out := startPlaygroundDaemon(t, bin, dir, "NIX_HUMANITY_METRICS_ADDR=127.0.0.1:0")
	waitFor(t, 60*time.Second, "the daemon to wait for the pass lock", func() bool {
		return servingAddr.MatchString(out.String()) && strings.Contains(out.String(), "waiting for the pass lock")
	})
	base := "http://" + servingAddr.FindStringSubmatch(out.String())[1]
	// A hang, not a speed, is what the timeout catches.
	client := &http.Client{Timeout: 5 * time.Second}
	get := func() (int, string) {
		t.Helper()
		resp, err := client.Get(base + "/healthz")
		if err != nil {
			t.Fatalf("/healthz: %v\n%s", err, out.String())
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, body := get()
	if code != 503 || !strings.Contains(body, `"status":"starting"`) || !strings.Contains(body, `"reasons":["starting: watching the inputs and taking the pass lock`) {
		t.Fatalf("/healthz while the daemon waits for the pass lock: %d %s", code, body)
	}
	if err := held.Unlock(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 60*time.Second, "/healthz 200 once the daemon runs", func() bool {
		code, body := get()
		return code == 200 && strings.Contains(body, `"status":"ok"`)
	})
}

// playgroundWithPassLockHeld sets up a playground for the daemon binary
// and holds its pass lock, as an ask-nix apply's build would, until the
// test unlocks it or ends.
func playgroundWithPassLockHeld(t *testing.T) (bin, dir string, held *flock.Lock) {
	t.Helper()
	nixruntest.RequireNix(t)
	bin = buildDaemon(t)
	dir = t.TempDir()
	if out, err := exec.Command(bin, "--playground", dir, "--setup-only").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	held, err := flock.TryLock(filepath.Join(dir, "state", "pass.lock"), "test: ask-nix apply")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { held.Unlock() })
	return bin, dir, held
}

// A running daemon's journal and metrics follow what ask-nix changes in
// its own process: `ask-nix apply`, `ask-nix rollback` and `ask-nix
// rollback --to N`, run while the daemon runs, are each logged once by
// the daemon, with who ran it, the result and the generations it moved
// between, and /metrics says the current generation at the next scrape.
// Real daemon, real Nix, real ask-nix.
func TestDaemonFollowsPassesOfAskNix(t *testing.T) {
	w := newCrashWorld(t)
	// Generation 2 by ask-nix apply, with no daemon: the one before it.
	w.install("hello")
	w.askNixOK("apply")
	w.start()
	defer w.stop()
	// Its start pass finds the inputs applied: a no-op that runs no Nix.
	waitFor(t, 60*time.Second, "the daemon to watch", func() bool { return strings.Contains(w.out.String(), "msg=watching") })

	lines := func() []string {
		var out []string
		for _, l := range strings.Split(w.out.String(), "\n") {
			if strings.Contains(l, `msg="pass run by another process"`) {
				out = append(out, l)
			}
		}
		return out
	}
	current := func() string {
		_, body := testbin.Get(t, w.metrics+"/metrics")
		for _, l := range strings.Split(body, "\n") {
			if v, ok := strings.CutPrefix(l, "nix_humanity_current_generation "); ok {
				return v
			}
		}
		return "(none)"
	}
	if got := current(); got != "2" {
		t.Fatalf("current generation before: %s", got)
	}
	for i, step := range []struct {
		args     []string
		want     string
		current  string
		notAfter string
	}{
		{[]string{"-y", "rollback"}, `by="ask-nix rollback" result=success action=switch`, "1", " generation=1 from_generation=2"},
		{[]string{"-y", "rollback", "--to", "2"}, `by="ask-nix rollback" result=success action=switch`, "2", " generation=2 from_generation=1"},
	} {
		w.askNixOK(step.args...)
		// Said by the daemon at its next look at the state file.
		waitFor(t, 30*time.Second, "the daemon to log ask-nix "+strings.Join(step.args, " "), func() bool { return len(lines()) > i })
		got := lines()
		if len(got) != i+1 || !strings.Contains(got[i], step.want) || !strings.Contains(got[i], step.notAfter) || !strings.HasPrefix(got[i], "time=") ||
			!strings.Contains(got[i], "level=INFO") {
			t.Fatalf("after ask-nix %s, the daemon logged:\n%s\nwant line %d with %s…%s", strings.Join(step.args, " "), strings.Join(got, "\n"), i+1, step.want, step.notAfter)
		}
		if c := current(); c != step.current {
			t.Fatalf("after ask-nix %s: nix_humanity_current_generation %s, want %s", strings.Join(step.args, " "), c, step.current)
		}
	}
	// The daemon ran no pass of its own for them (the switch on request
	// is held while the fragment stays as it is).
	if n := strings.Count(w.out.String(), `msg="pass finished"`); n != 0 {
		t.Errorf("the daemon ran %d passes, want none:\n%s", n, w.out)
	}
}
