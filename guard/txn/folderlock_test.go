package txn

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/flock"
)

// An edit takes the lock of the fragment's folder as well as its state
// directory's: a writer with another state directory that holds it
// (here the test, holding it as such a writer does) is waited for, named
// as such, and a wait that runs out writes nothing. The folder is the
// one the file is replaced in: a symlinked fragment's target's.
func TestFolderLockHeldByAnotherStateDir(t *testing.T) {
	for _, linked := range []bool{false, true} {
		t.Run(fmt.Sprintf("linked=%v", linked), func(t *testing.T) {
			s := newStore(t)
			folder := filepath.Dir(s.Fragment)
			if linked {
				// The fragment a link into a checkout elsewhere.
				folder = filepath.Join(t.TempDir(), "checkout")
				must(t, os.Mkdir(folder, 0o755))
				must(t, os.WriteFile(filepath.Join(folder, "nix-humanity.nix"), []byte("{ pkgs, ... }:\n{\n}\n"), 0o644))
				must(t, os.Symlink(filepath.Join(folder, "nix-humanity.nix"), s.Fragment))
			}
			l, err := flock.TryLockDir(folder)
			if err != nil {
				t.Fatal(err)
			}
			heard, err := applyGivingUp(s)
			if !strings.Contains(heard, folder) || !strings.Contains(heard, "another state directory") {
				t.Errorf("OnWait heard %q", heard)
			}
			if err == nil || !strings.Contains(err.Error(), "another state directory") || !strings.Contains(err.Error(), "nothing was written") {
				t.Fatalf("err = %v, want it to say another state directory's writer holds the folder", err)
			}
			if slices.Contains(packagesOrNone(t, s), "x") {
				t.Fatalf("written without the folder's lock")
			}
			es, _ := HistoryIn(s.StateDir).Entries()
			if len(es) != 0 {
				t.Fatalf("history after a wait that ran out: %+v", es)
			}
			// A writer waits while the lock is held and goes ahead once it
			// is free, holding the state directory's lock meanwhile.
			done := applyWaiting(t, s, "the folder's lock")
			if held, err := flock.Check(filepath.Join(s.StateDir, lockName)); err != nil || !held {
				t.Errorf("the state directory's lock while waiting for the folder's: held %v (%v), want it taken first", held, err)
			}
			l.Unlock()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if got := packages(t, s); !slices.Equal(got, []string{"x"}) {
				t.Fatalf("packages %v", got)
			}
			// Both released: the folder's lock can be taken again.
			l, err = flock.TryLockDir(folder)
			if err != nil {
				t.Fatalf("the folder's lock after the edit: %v", err)
			}
			l.Unlock()
		})
	}
}

// packagesOrNone is packages, or none when there is no fragment.
func packagesOrNone(t *testing.T, s *Store) []string {
	t.Helper()
	if _, err := os.Stat(s.Fragment); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return packages(t, s)
}

// Writers with two state directories on one fragment, at once: each
// state directory's lock alone would let one of each pair read the
// fragment while the other writes it, and one edit would be lost.
// Every package lands, and each history numbers its own edits.
func TestConcurrentAppliesTwoStateDirs(t *testing.T) {
	s := newStore(t)
	other := *s
	other.StateDir = filepath.Join(t.TempDir(), "other-state")
	var wg sync.WaitGroup
	var names []string
	for i := range 16 {
		n := fmt.Sprintf("p%02d", i)
		names = append(names, n)
		st := *s
		if i%2 == 1 {
			st = other
		}
		wg.Go(func() {
			if _, err := st.Apply(context.Background(), "install "+n, install(n)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := packages(t, s); !slices.Equal(got, names) {
		t.Fatalf("packages %v, want %v", got, names)
	}
	for _, dir := range []string{s.StateDir, other.StateDir} {
		es, err := HistoryIn(dir).Entries()
		if err != nil || len(es) != 8 {
			t.Fatalf("history in %s (%v): %d edits, want 8", dir, err, len(es))
		}
		for i, e := range es {
			if e.Edit != i+1 || e.Status != StatusApplied {
				t.Errorf("%s: entry %d: %+v", dir, i, e)
			}
		}
	}
}
