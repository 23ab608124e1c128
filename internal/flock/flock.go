// Package flock takes advisory whole-file locks (flock(2)) that other
// processes respect: one writer of the fragment at a time, one reconcile
// pass at a time. The holder writes its pid and purpose into the lock
// file, so whoever waits can say who holds it.
package flock

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nix-humanity/nix-humanity/internal/groupshare"
)

// ErrHeld is returned by TryLock when another process holds the lock.
var ErrHeld = errors.New("lock is held by another process")

// Lock is a held lock; Unlock releases it.
type Lock struct{ f *os.File }

// HeldError names who holds a lock.
type HeldError struct {
	Path   string
	Holder string // "pid 1234: nix-humanityd pass", as the holder wrote it
}

func (e *HeldError) Error() string {
	if e.Holder == "" {
		return fmt.Sprintf("%s is locked by another process", e.Path)
	}
	return fmt.Sprintf("%s is locked by %s", e.Path, e.Holder)
}

func (e *HeldError) Is(target error) bool { return target == ErrHeld }

// open opens the lock file for writing the holder note, or read-only when
// another user created it (flock(2) works on any open file, and the state
// directory is shared by the daemon and the users allowed to edit).
func open(path string) (*os.File, error) {
	// A lock file in the shared state directory stays writable by the
	// group whoever created it (internal/groupshare).
	f, err := groupshare.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o664)
	if errors.Is(err, os.ErrPermission) {
		return os.Open(path)
	}
	return f, err
}

// TryLock takes the lock at path or returns a *HeldError at once.
func TryLock(path, purpose string) (*Lock, error) {
	f, err := open(path)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, &HeldError{Path: path, Holder: Holder(path)}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	l := &Lock{f: f}
	l.note(purpose)
	return l, nil
}

// Acquire waits for the lock until ctx ends, polling briefly; flock(2)
// itself cannot be interrupted by a context.
func Acquire(ctx context.Context, path, purpose string) (*Lock, error) {
	return acquire(ctx, func() (*Lock, error) { return TryLock(path, purpose) })
}

func acquire(ctx context.Context, try func() (*Lock, error)) (*Lock, error) {
	delay := time.Millisecond
	for {
		l, err := try()
		if err == nil || !errors.Is(err, ErrHeld) {
			return l, err
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%w (gave up waiting: %v)", err, ctx.Err())
		case <-time.After(delay):
		}
		if delay < 50*time.Millisecond {
			delay *= 2
		}
	}
}

// TryLockDir takes the lock of the folder at path itself (flock(2) on
// the folder's own open descriptor, as Linux allows) or returns a
// *HeldError at once. It needs no file in the folder, which may be
// watched or a git checkout (/etc/nixos), and it stays on the folder
// whatever is renamed in it: a fragment replaced by rename is locked
// all the same. No holder can be written into a folder, so the
// HeldError's Holder is empty. A folder that is not there is an error
// (fs.ErrNotExist).
func TryLockDir(path string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|unix.O_DIRECTORY, 0)
	if err != nil {
		return nil, fmt.Errorf("lock the folder %s: %w", path, err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, &HeldError{Path: path}
		}
		return nil, fmt.Errorf("lock the folder %s: %w", path, err)
	}
	return &Lock{f: f}, nil
}

// AcquireDir waits for the folder's lock (TryLockDir) until ctx ends.
func AcquireDir(ctx context.Context, path string) (*Lock, error) {
	return acquire(ctx, func() (*Lock, error) { return TryLockDir(path) })
}

func (l *Lock) note(purpose string) {
	_ = l.f.Truncate(0)
	_, _ = l.f.WriteAt([]byte(fmt.Sprintf("pid %d: %s\n", os.Getpid(), purpose)), 0)
}

// Stale reports whether the lock's path no longer names the file it
// locks (deleted, or replaced): others who check the path find no lock.
func (l *Lock) Stale() bool {
	if l == nil || l.f == nil {
		return false
	}
	held, err := l.f.Stat()
	if err != nil {
		return false
	}
	now, err := os.Stat(l.f.Name())
	return err != nil || !os.SameFile(held, now)
}

// Unlock releases the lock. The file stays, so the next holder locks the
// same inode.
func (l *Lock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unix.Flock(int(l.f.Fd()), unix.LOCK_UN)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}

// Holder returns what the current holder wrote into the lock file.
func Holder(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// Check reports whether another process holds the lock at path now,
// without taking it or creating the file. A lock file that is not there
// is not held; one that cannot be opened (another user's, unreadable)
// is an error: whether it is held cannot be told.
func Check(path string) (bool, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_SH|unix.LOCK_NB); err != nil {
		if errors.Is(err, unix.EWOULDBLOCK) {
			return true, nil
		}
		return false, &os.PathError{Op: "flock", Path: path, Err: err}
	}
	_ = unix.Flock(int(f.Fd()), unix.LOCK_UN)
	return false, nil
}
