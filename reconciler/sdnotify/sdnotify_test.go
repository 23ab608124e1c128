package sdnotify

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// listen opens a real unixgram socket standing in for systemd's.
func listen(t *testing.T, name string) *net.UnixConn {
	t.Helper()
	c, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: name, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func recv(t *testing.T, c *net.UnixConn) string {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 4096)
	n, err := c.Read(buf)
	if err != nil {
		t.Fatalf("no notification arrived: %v", err)
	}
	return string(buf[:n])
}

func noMore(t *testing.T, c *net.UnixConn) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	buf := make([]byte, 4096)
	if n, err := c.Read(buf); err == nil {
		t.Fatalf("unexpected notification %q", buf[:n])
	}
}

func TestNotifyPathAndAbstractSockets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notify.sock")
	abstract := "@nix-humanity-test-" + strings.ReplaceAll(t.Name(), "/", "-") + "-" + strconv.Itoa(os.Getpid())
	for _, name := range []string{path, abstract} {
		t.Run(name, func(t *testing.T) {
			sock := listen(t, name)
			n := New(func(k string) string {
				if k == "NOTIFY_SOCKET" {
					return name
				}
				return ""
			})
			if !n.Enabled() {
				t.Fatal("not enabled with NOTIFY_SOCKET set")
			}
			if err := n.Ready("scanned inputs"); err != nil {
				t.Fatal(err)
			}
			if got := recv(t, sock); got != "READY=1\nSTATUS=scanned inputs" {
				t.Fatalf("got %q", got)
			}
			if err := n.Ready("again"); err != nil {
				t.Fatal(err)
			}
			noMore(t, sock) // READY only once

			if err := n.Status(PhaseStatus(state.PhaseBuild)); err != nil {
				t.Fatal(err)
			}
			if got := recv(t, sock); got != "STATUS=build in progress" {
				t.Fatalf("got %q", got)
			}
			if err := n.Status(PhaseStatus(state.PhaseBuild)); err != nil {
				t.Fatal(err)
			}
			noMore(t, sock) // unchanged status not repeated

			if err := n.Status("line one\nREADY=1"); err != nil {
				t.Fatal(err)
			}
			if got := recv(t, sock); got != "STATUS=line one" {
				t.Fatalf("a newline in a status must not inject assignments: got %q", got)
			}
			if err := n.Stopping(); err != nil {
				t.Fatal(err)
			}
			if got := recv(t, sock); got != "STOPPING=1\nSTATUS=stopping" {
				t.Fatalf("got %q", got)
			}
		})
	}
}

func TestDisabledWithoutSocket(t *testing.T) {
	for _, n := range []*Notifier{nil, {}, New(nil), New(func(string) string { return "" })} {
		if n.Enabled() {
			t.Fatal("enabled without NOTIFY_SOCKET")
		}
		if sent, err := n.Send("READY=1"); sent || err != nil {
			t.Fatalf("sent=%v err=%v", sent, err)
		}
		if err := n.Ready("x"); err != nil {
			t.Fatal(err)
		}
		if err := n.Status("x"); err != nil {
			t.Fatal(err)
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct{ sock, want string }{
		{"relative/path", "neither an absolute path"},
		{filepath.Join(t.TempDir(), "gone.sock"), "notify systemd at"},
	}
	for _, tt := range tests {
		n := New(func(string) string { return tt.sock })
		_, err := n.Send("READY=1")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.sock, err, tt.want)
		}
		if err := n.Ready(""); err == nil {
			t.Errorf("%s: Ready reported no error", tt.sock)
		}
	}
}

func TestOneLine(t *testing.T) {
	long := strings.Repeat("é", 150) // 300 bytes
	got := oneLine(long)
	if !strings.HasSuffix(got, "…") || len(got) > 204 || !utf8.ValidString(got) {
		t.Fatalf("bad truncation: %d bytes, %q", len(got), got[len(got)-8:])
	}
	if got := oneLine(PassStatus(state.Pass{Result: state.ResultFailure, Error: "eval failed\nmore"})); got != "idle; last pass failure: eval failed" {
		t.Fatalf("got %q", got)
	}
}

func TestWatchdogTimeout(t *testing.T) {
	const me = 4242
	tests := []struct {
		name     string
		usec, wp string
		want     time.Duration
		err      string
	}{
		{"no watchdog", "", "", 0, ""},
		{"ours", "180000000", "4242", 3 * time.Minute, ""},
		{"no pid given: ours", "2000000", "", 2 * time.Second, ""},
		{"another process's (inherited)", "2000000", "1", 0, ""},
		{"zero", "0", "", 0, "not a positive number"},
		{"garbage", "soon", "", 0, "not a positive number"},
		{"bad pid", "2000000", "me", 0, "is not a pid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"WATCHDOG_USEC": tt.usec, "WATCHDOG_PID": tt.wp}
			got, err := watchdogTimeout(func(k string) string { return env[k] }, me)
			if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("got %v, %v; want %v, %q", got, err, tt.want, tt.err)
			}
		})
	}
}

// WATCHDOG=1 goes to the socket when systemd asked for it, never
// otherwise.
func TestPingWatchdog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notify.sock")
	sock := listen(t, path)
	env := map[string]string{"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "4000000", "WATCHDOG_PID": strconv.Itoa(os.Getpid())}
	n := New(func(k string) string { return env[k] })
	if d, err := n.Watchdog(); d != 4*time.Second || err != nil || n.WatchdogEvery() != 2*time.Second {
		t.Fatalf("watchdog %v %v every %v", d, err, n.WatchdogEvery())
	}
	for range 2 {
		if err := n.PingWatchdog(); err != nil {
			t.Fatal(err)
		}
		if got := recv(t, sock); got != "WATCHDOG=1" {
			t.Fatalf("got %q", got)
		}
	}

	delete(env, "WATCHDOG_USEC")
	off := New(func(k string) string { return env[k] })
	if err := off.PingWatchdog(); err != nil || off.WatchdogEvery() != 0 {
		t.Fatal(err, off.WatchdogEvery())
	}
	noMore(t, sock)
}

// PassStatus names the generation a pass left current and, when that is
// not what runs, what does: a pass with action test or build makes no
// generation, and "generation 2" alone would say it put 2 in place.
func TestPassStatusGeneration(t *testing.T) {
	const sys, other = "/nix/store/aaa-nixos-system", "/nix/store/bbb-nixos-system"
	ok := state.ResultSuccess
	tests := []struct {
		name string
		p    state.Pass
		want string
	}{
		{"switch", state.Pass{Result: ok, Action: "switch", Generation: 43, Running: sys, RunningGeneration: 43}, "idle; last pass success, generation 43"},
		{"running unknown", state.Pass{Result: ok, Action: "switch", Generation: 43}, "idle; last pass success, generation 43"},
		{"boot", state.Pass{Result: ok, Action: "boot", Generation: 43, Running: other, RunningGeneration: 42}, "idle; last pass success, generation 43 (running generation 42)"},
		{"test of a new system", state.Pass{Result: ok, Action: "test", Generation: 2, Running: sys}, "idle; last pass success, action test: running a system outside the profile; generation 2 stays current"},
		{"test of an older generation's system", state.Pass{Result: ok, Action: "test", Generation: 2, Running: sys, RunningGeneration: 1}, "idle; last pass success, action test: running generation 1's system; generation 2 stays current"},
		{"test of the current generation's system", state.Pass{Result: ok, Action: "test", Generation: 2, Running: sys, RunningGeneration: 2}, "idle; last pass success, action test: running generation 2's system, which stays current"},
		{"build", state.Pass{Result: ok, Action: "build", Generation: 2, Running: sys, RunningGeneration: 2}, "idle; last pass success, built, not activated; generation 2 stays current"},
		{"build after a test", state.Pass{Result: ok, Action: "build", Generation: 2, Running: sys}, "idle; last pass success, built, not activated; generation 2 stays current"},
		{"switch on request with action build", state.Pass{Result: ok, Trigger: "rollback", Action: "build", Generation: 1, Running: sys, RunningGeneration: 2}, "idle; last pass success, generation 1 (running generation 2)"},
		{"test rolled back to a system outside the profile", state.Pass{Result: state.ResultRolledBack, Action: "test", Generation: 2, Running: sys, Error: "health check failed"},
			"idle; last pass rolled back, generation 2 (running a system outside the profile): health check failed"},
		{"failure", state.Pass{Result: state.ResultFailure, Error: "eval failed"}, "idle; last pass failure: eval failed"},
		{"no-op", state.Pass{Result: state.ResultNoop, Reason: "inputs unchanged", Generation: 2, Running: sys, RunningGeneration: 2}, "idle; last pass noop, generation 2: inputs unchanged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PassStatus(tt.p); got != tt.want {
				t.Fatalf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
