package reconciler

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nix-humanity/nix-humanity/internal/settings"
)

// A probe of the daemon lock (ask-nix asking whether a daemon runs takes
// it shared for an instant) is no daemon: a daemon starting meanwhile
// still starts. A daemon that holds it is one: the next is refused.
func TestLockDaemonAndProbes(t *testing.T) {
	s := &settings.Settings{StateDir: t.TempDir()}
	if got := Daemon(s.StateDir); got != DaemonAbsent {
		t.Fatalf("no lock file: %v", got)
	}
	path := filepath.Join(s.StateDir, DaemonLockName)
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	probe, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Flock(int(probe.Fd()), unix.LOCK_SH|unix.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(30 * time.Millisecond)
		probe.Close() // releases the shared lock
	}()
	l, err := LockDaemon(s)
	if err != nil {
		t.Fatalf("a daemon starting during a probe: %v", err)
	}
	defer l.Unlock()
	if got := Daemon(s.StateDir); got != DaemonPresent || !DaemonRunning(s.StateDir) {
		t.Fatalf("with the lock held: %v", got)
	}
	if _, err := LockDaemon(s); err == nil || !strings.Contains(err.Error(), "another nix-humanityd is running on the state directory") {
		t.Fatalf("a second daemon: %v", err)
	}
}
