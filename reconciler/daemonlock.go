package reconciler

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// DaemonLockName is the lock file a running nix-humanityd holds in its
// state directory for as long as it runs.
const DaemonLockName = "daemon.lock"

// LockDaemon makes sure one daemon runs per state directory: two would
// watch the same fragment and race for the same passes (each waiting on
// the pass lock, the second finding nothing to do), and fight over the
// metrics port and the liveness file. The lock goes with the process, so
// a daemon that was killed leaves nothing behind.
func LockDaemon(s *settings.Settings) (*flock.Lock, error) {
	// The state directory is made here when it is not there yet, as
	// the first state write would make it.
	if err := state.MakeDir(s.StateDir); err != nil {
		return nil, fmt.Errorf("making the state directory: %w", err)
	}
	path := filepath.Join(s.StateDir, DaemonLockName)
	// `ask-nix status` (and every edit) asks whether a daemon runs by
	// taking the lock shared for an instant: that is no daemon, so wait a
	// little before saying one runs.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	l, err := flock.Acquire(ctx, path, "nix-humanityd")
	var held *flock.HeldError
	if errors.As(err, &held) {
		who := held.Holder
		if who == "" {
			who = "another process"
		}
		return nil, &DaemonRunningError{StateDir: s.StateDir, Holder: who}
	}
	return l, err
}

// DaemonRunningError is LockDaemon's refusal: another nix-humanityd holds
// the state directory's daemon lock. Holder says which process ("pid
// 812: nix-humanityd").
type DaemonRunningError struct {
	StateDir string
	Holder   string
}

func (e *DaemonRunningError) Error() string {
	return fmt.Sprintf("another nix-humanityd is running on the state directory %s (%s). Nothing was started: stop that one first (systemctl stop nix-humanityd, or end the process), or give this one a state directory and a system profile of its own (--state-dir, --profile)", e.StateDir, e.Holder)
}

// LockProfile makes sure one daemon manages a system profile, whatever
// state directory each was given: two would build and switch the same
// machine against each other. The lock file is in the run directory
// (/run: gone at reboot, like the daemons), named by the profile's path.
// A *flock.HeldError (wrapped) means another daemon manages it.
func LockProfile(s *settings.Settings) (*flock.Lock, error) {
	profile, err := filepath.Abs(s.Profile)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(filepath.Clean(profile)))
	dir := filepath.Join(s.RunDir, "nix-humanity")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("making %s for the profile lock: %w", dir, err)
	}
	path := filepath.Join(dir, "profile-"+hex.EncodeToString(sum[:8])+".lock")
	l, err := flock.TryLock(path, "nix-humanityd on the state directory "+s.StateDir+" for the profile "+profile)
	var held *flock.HeldError
	if errors.As(err, &held) {
		return nil, fmt.Errorf("another nix-humanityd manages the profile %s (%s). Nothing was started: two would build and switch this machine against each other. Stop that one first, or give this one another profile (--profile): %w", profile, orUnknown(held.Holder), err)
	}
	return l, err
}

// DaemonRunning reports whether a nix-humanityd holds the state
// directory's daemon lock now.
func DaemonRunning(stateDir string) bool {
	return Daemon(stateDir) == DaemonPresent
}

// RunningDaemon is the record of its inputs (st.Watching) of the
// nix-humanityd that holds stateDir's daemon lock now; nil while that is
// not known: no daemon runs, the one that runs has not registered yet (it
// waits for the pass lock), or it is from before the record was kept.
func RunningDaemon(stateDir string, st *state.State) *state.Watching {
	w := st.Watching
	if w == nil || w.Stopped != nil || w.PID <= 0 {
		return nil
	}
	if DaemonPID(stateDir) != w.PID || Daemon(stateDir) != DaemonPresent {
		return nil
	}
	return w
}

// DaemonPID is the pid the nix-humanityd that holds (or last held)
// stateDir's daemon lock wrote into it, 0 when none can be read.
func DaemonPID(stateDir string) int {
	return holderPID(flock.Holder(filepath.Join(stateDir, DaemonLockName)))
}

// holderPID reads the pid from a lock file's holder line ("pid 42:
// nix-humanityd"), 0 when there is none. A pid not above 0 ("pid -7:",
// a hand edit) names no process, so it is none too.
func holderPID(holder string) int {
	var pid int
	if _, err := fmt.Sscanf(holder, "pid %d:", &pid); err != nil || pid <= 0 {
		return 0
	}
	return pid
}

// DaemonPresence is whether a nix-humanityd runs on a state directory,
// as far as this process can tell.
type DaemonPresence int

const (
	DaemonAbsent DaemonPresence = iota
	DaemonPresent
	// DaemonUnknown: the lock file is there but this user cannot open
	// it, so whether it is held cannot be told.
	DaemonUnknown
)

// Daemon tells whether a nix-humanityd holds the state directory's
// daemon lock now.
func Daemon(stateDir string) DaemonPresence {
	held, err := flock.Check(filepath.Join(stateDir, DaemonLockName))
	switch {
	case err != nil:
		return DaemonUnknown
	case held:
		return DaemonPresent
	}
	return DaemonAbsent
}

// KeepDaemonLock holds the daemon lock l until the returned release is
// called, and takes it again whenever its file is gone (the state
// directory removed or replaced while the daemon runs): without that,
// ask-nix would say no daemon runs while this one goes on reconciling,
// and a second daemon could start beside it.
func KeepDaemonLock(s *settings.Settings, l *flock.Lock, every time.Duration, log *slog.Logger) (release func()) {
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				_ = l.Unlock()
				return
			case <-t.C:
			}
			if !l.Stale() {
				continue
			}
			next, err := LockDaemon(s)
			if err != nil {
				log.Error("the daemon lock's file is gone (the state directory was removed or replaced), and taking it again failed", "stateDir", s.StateDir, "error", err)
				continue
			}
			log.Warn("the daemon lock's file was gone (the state directory was removed or replaced); took it again", "stateDir", s.StateDir)
			_ = l.Unlock()
			l = next
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done); <-stopped }) }
}
