package reconciler

import (
	"log/slog"
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

// The state directory removed while the daemon runs: its lock is taken
// again, so probes see a daemon and a second one is refused.
func TestKeepDaemonLockAfterStateDirRemoved(t *testing.T) {
	s := &settings.Settings{StateDir: filepath.Join(t.TempDir(), "state")}
	l, err := LockDaemon(s)
	if err != nil {
		t.Fatal(err)
	}
	release := KeepDaemonLock(s, l, 5*time.Millisecond, slog.New(slog.DiscardHandler))
	defer release()
	if err := os.RemoveAll(s.StateDir); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); Daemon(s.StateDir) != DaemonPresent; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the lock was not taken again")
		}
	}
	if _, err := LockDaemon(s); err == nil {
		t.Fatal("a second daemon started beside the first")
	}
	release()
	if Daemon(s.StateDir) == DaemonPresent {
		t.Fatal("released, yet a daemon is seen")
	}
}

// One daemon per profile, whatever the state directory: a second one on
// the same profile is refused, one on another profile is not.
func TestLockProfile(t *testing.T) {
	run := t.TempDir()
	profile := filepath.Join(t.TempDir(), "system")
	a := &settings.Settings{StateDir: t.TempDir(), RunDir: run, Profile: profile}
	l, err := LockProfile(a)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	b := &settings.Settings{StateDir: t.TempDir(), RunDir: run, Profile: profile + "/."}
	if _, err := LockProfile(b); err == nil || !strings.Contains(err.Error(), "another nix-humanityd manages the profile "+profile) || !strings.Contains(err.Error(), a.StateDir) {
		t.Fatalf("a second daemon on the profile: %v", err)
	}
	c := &settings.Settings{StateDir: t.TempDir(), RunDir: run, Profile: profile + "-other"}
	lc, err := LockProfile(c)
	if err != nil {
		t.Fatalf("another profile: %v", err)
	}
	lc.Unlock()
}
