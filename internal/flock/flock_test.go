package flock

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestHeldLockNamesItsHolder(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.lock")
	l, err := TryLock(p, "ask-nix edit: install firefox")
	if err != nil {
		t.Fatal(err)
	}
	// flock(2) locks belong to the open file, so a second open in this
	// process conflicts just as another process would.
	_, err = TryLock(p, "second")
	var held *HeldError
	if !errors.As(err, &held) || !errors.Is(err, ErrHeld) {
		t.Fatalf("second lock: %v", err)
	}
	if !strings.Contains(err.Error(), "ask-nix edit: install firefox") || !strings.Contains(err.Error(), "pid ") {
		t.Fatalf("holder not named: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := Acquire(ctx, p, "waiter"); !errors.Is(err, ErrHeld) {
		t.Fatalf("acquire while held: %v", err)
	}
	go func() {
		time.Sleep(20 * time.Millisecond)
		l.Unlock()
	}()
	l2, err := Acquire(context.Background(), p, "waiter")
	if err != nil {
		t.Fatalf("acquire after unlock: %v", err)
	}
	if h := Holder(p); !strings.HasSuffix(h, ": waiter") {
		t.Fatalf("holder %q", h)
	}
	if err := l2.Unlock(); err != nil {
		t.Fatal(err)
	}
	if err := l2.Unlock(); err != nil {
		t.Fatal("second unlock:", err)
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.lock")
	held := func() bool {
		t.Helper()
		h, err := Check(p)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	if held() {
		t.Fatal("a lock file that is not there is held")
	}
	l, err := TryLock(p, "daemon")
	if err != nil {
		t.Fatal(err)
	}
	if !held() {
		t.Fatal("a held lock is not held")
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	if held() {
		t.Fatal("a released lock is held")
	}
	// A path that cannot be opened is not "not held": nobody can tell.
	if _, err := Check(filepath.Join(p, "below-a-file")); err == nil {
		t.Fatal("an unopenable lock path gave no error")
	}
	// Asking does not take it.
	if _, err := TryLock(p, "next"); err != nil {
		t.Fatalf("after Check: %v", err)
	}
}

// A folder's lock holds against a second open of the folder (another
// process's, or this one's: flock(2) locks belong to the open file), by
// the same name or by a link to it, and through a rename of a file in
// it; it does not conflict with a lock file inside it; a file or a
// missing folder is refused, not taken for one.
func TestDirLock(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "nixos")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(folder, link); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(folder, "nix-humanity.nix")
	if err := os.WriteFile(file, []byte("a"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := TryLockDir(folder)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file+".tmp", []byte("b"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(file+".tmp", file); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{folder, link, folder + "/"} {
		if _, err := TryLockDir(p); !errors.Is(err, ErrHeld) {
			t.Errorf("second lock of %s while held: %v", p, err)
		}
	}
	inside, err := TryLock(filepath.Join(folder, "x.lock"), "a lock file inside")
	if err != nil {
		t.Fatalf("a lock file inside the locked folder: %v", err)
	}
	inside.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := AcquireDir(ctx, folder); !errors.Is(err, ErrHeld) {
		t.Fatalf("acquire while held: %v", err)
	}
	go func() {
		time.Sleep(20 * time.Millisecond)
		l.Unlock()
	}()
	l2, err := AcquireDir(context.Background(), link)
	if err != nil {
		t.Fatalf("acquire after unlock: %v", err)
	}
	if err := l2.Unlock(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{file, filepath.Join(dir, "missing")} {
		if l, err := TryLockDir(p); err == nil || errors.Is(err, ErrHeld) {
			l.Unlock()
			t.Errorf("TryLockDir(%s): %v, want an error", p, err)
		}
	}
	if _, err := TryLockDir(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing folder: %v, want fs.ErrNotExist", err)
	}
}
