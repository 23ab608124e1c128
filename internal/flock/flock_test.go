package flock

import (
	"context"
	"errors"
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
