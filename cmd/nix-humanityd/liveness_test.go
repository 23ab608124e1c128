package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/internal/testbin"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
)

// notifications collects everything the daemon tells "systemd".
type notifications struct {
	mu   sync.Mutex
	msgs []string
}

func (n *notifications) all() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.msgs...)
}

func (n *notifications) count(msg string) int {
	c := 0
	for _, m := range n.all() {
		if m == msg {
			c++
		}
	}
	return c
}

// A build that prints nothing for longer than the stall timeout (real
// Nix: the stand-in system's builder sleeps) makes the daemon stuck:
// /healthz 503 with the reason, /status and ask-nix status say the same,
// systemd gets a "stuck:" status and no WATCHDOG=1. When the build
// finishes, /healthz is 200 again and the pings resume.
func TestDaemonStalledBuildTurnsUnhealthyAndBack(t *testing.T) {
	nixruntest.RequireNix(t)
	bin, askNix := buildDaemon(t), buildAskNix(t)
	dir := t.TempDir()
	sockPath, sock := listenNotify(t)
	notes := &notifications{}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := sock.Read(buf)
			if err != nil {
				return
			}
			notes.mu.Lock()
			notes.msgs = append(notes.msgs, string(buf[:n]))
			notes.mu.Unlock()
		}
	}()

	cmd, out := startPlaygroundDaemon(t, bin, dir, "NIX_HUMANITY_METRICS_ADDR=127.0.0.1:0", "NOTIFY_SOCKET="+sockPath,
		"NIX_HUMANITY_STALL_TIMEOUT=1s",
		"WATCHDOG_USEC=400000", // pinged every 200 ms while alive
		"WATCHDOG_PID=")        // set by systemd to the main pid; empty here: ours
	waitFor(t, 60*time.Second, "the endpoints", func() bool { return servingAddr.MatchString(out.String()) })
	base := "http://" + servingAddr.FindStringSubmatch(out.String())[1]
	get := func(path string) (int, string) { t.Helper(); return testbin.Get(t, base+path) }
	askStatus := func(args ...string) string {
		t.Helper()
		c := exec.Command(askNix, append([]string{"status"}, args...)...)
		c.Env = append(os.Environ(), "NIX_HUMANITY_CONFIG="+filepath.Join(dir, "config.json"))
		b, err := c.Output()
		if err != nil {
			t.Fatalf("ask-nix status: %v", err)
		}
		return string(b)
	}

	// Healthy: the watchdog hears from it.
	waitFor(t, 60*time.Second, "WATCHDOG=1 while healthy", func() bool { return notes.count("WATCHDOG=1") >= 3 })
	if code, body := get("/healthz"); code != 200 {
		t.Fatalf("/healthz before the build: %d %s", code, body)
	}

	// A build that says nothing for 10 s, five times the stall timeout.
	pg, err := playground.LayoutOf(dir)
	if err != nil {
		t.Fatal(err)
	}
	src := "{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [ hello ];\n  standin.buildSeconds = 10;\n}\n"
	if err := atomicfile.Write(pg.Fragment, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var stuck string
	waitFor(t, 60*time.Second, "/healthz 503 during the silent build", func() bool {
		code, body := get("/healthz")
		stuck = body
		return code == 503 && strings.Contains(body, "while in phase build (limit 1s)")
	})
	if !strings.Contains(stuck, `"loop: no progress for `) {
		t.Fatalf("/healthz does not say why: %s", stuck)
	}
	waitFor(t, 10*time.Second, "ask-nix status to say so", func() bool {
		return strings.Contains(askStatus(), " · stuck: loop: no progress for ")
	})
	if js := askStatus("--json"); !strings.Contains(js, `"stalled":[{"part":"loop","kind":"progress","phase":"build"`) || !strings.Contains(js, `"limitSeconds":1}]`) {
		t.Errorf("ask-nix status --json: %s", js)
	}
	if _, body := get("/status"); !strings.Contains(body, `"stalled":[{"part":"loop","kind":"progress","phase":"build"`) {
		t.Errorf("/status: %s", body)
	}

	// The build ends: alive again.
	waitFor(t, 120*time.Second, "/healthz 200 after the build", func() bool { code, _ := get("/healthz"); return code == 200 })
	waitFor(t, 10*time.Second, "the stall to leave ask-nix status", func() bool { return !strings.Contains(askStatus(), "stuck") })
	pingsAfter := notes.count("WATCHDOG=1")
	waitFor(t, 30*time.Second, "WATCHDOG=1 after the stall", func() bool { return notes.count("WATCHDOG=1") > pingsAfter })

	// In what systemd heard, every "stuck:" status is followed by no
	// ping until a status that is not stuck.
	msgs := notes.all()
	stuckAt, inStall := -1, false
	for i, m := range msgs {
		switch {
		case strings.HasPrefix(m, "STATUS=stuck: "):
			if stuckAt < 0 {
				stuckAt = i
			}
			inStall = true
		case strings.HasPrefix(m, "STATUS="), strings.Contains(m, "\nSTATUS="):
			inStall = false
		case m == "WATCHDOG=1" && inStall:
			t.Fatalf("WATCHDOG=1 while stuck (message %d):\n%s", i, strings.Join(msgs, "\n"))
		}
	}
	if stuckAt < 0 || !strings.Contains(strings.Join(msgs[stuckAt:], "\n"), "in phase build (limit 1s)") {
		t.Fatalf("systemd never heard of the stall:\n%s", strings.Join(msgs, "\n"))
	}
	if !strings.Contains(out.String(), "the reconciler is stuck") || !strings.Contains(out.String(), "the reconciler is making progress again") {
		t.Errorf("the log does not tell the story:\n%s", out.String())
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, out.String())
	}
}
