package reconciler_test

import (
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/reconciler"
)

// The pass lock held by another: the error says who holds it and what to
// do once, not again with the lock file's own words after a colon, and
// still is the lock's HeldError for callers that look.
func TestPassLockHeldSaysItOnce(t *testing.T) {
	dir := t.TempDir()
	l, err := reconciler.TryLock(dir, "nix-humanityd pass (watch)")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	_, err = reconciler.TryLock(dir, "ask-nix gc")
	want := fmt.Sprintf("another pass is running (pid %d: nix-humanityd pass (watch)); nothing was changed. Wait for it (ask-nix status shows where it is) and try again", os.Getpid())
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	var held *flock.HeldError
	if !errors.As(err, &held) || !errors.Is(err, flock.ErrHeld) || held.Path != reconciler.LockPath(dir) {
		t.Fatalf("not the lock's HeldError: %#v", err)
	}
}
