package reconciler_test

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// waitState waits for the state file to satisfy ok.
func waitState(t *testing.T, w *world, timeout time.Duration, what string, ok func(*state.State) bool) *state.State {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if st, err := state.Load(w.s.StateDir); err == nil && hasFile(state.Path(w.s.StateDir)) && ok(st) {
			return st
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("the state file does not show %s within %s", what, timeout)
	return nil
}

// applyPass is a pass as ask-nix apply runs it, in its own Reconciler
// (another process: no copy of the daemon's state).
func applyPass(t *testing.T, w *world) state.Pass {
	t.Helper()
	other := &reconciler.Reconciler{Settings: w.s, Runner: w.rec, Hostname: "playground"}
	p, err := other.Pass(context.Background(), reconciler.PassOptions{Trigger: reconciler.TriggerApply, Force: true, Wait: true})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A state file deleted, or put back from an older copy, while the daemon
// runs: pass ids go on after the highest one given out (a pass of ask-nix
// apply, in another process, too), and the counters do not fall.
func TestLoopStateFileGoneOrOlder(t *testing.T) {
	for _, tc := range []struct {
		name string
		// spoil does it to the state file; old is a copy from before.
		spoil func(t *testing.T, path string, old []byte)
		// history: the pass history survives (the daemon's copy).
		history bool
	}{
		{"deleted", func(t *testing.T, path string, _ []byte) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"older copy put back", func(t *testing.T, path string, old []byte) {
			if err := os.WriteFile(path, old, 0o644); err != nil {
				t.Fatal(err)
			}
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, playground.Options{}, nil)
			old, err := os.ReadFile(state.Path(w.s.StateDir))
			if err != nil {
				t.Fatal(err)
			}
			pw := newPassWatcher()
			w.s.Debounce = 20 * time.Millisecond
			w.r.Observer = pw
			runLoopWith(t, w, &reconciler.Loop{R: w.r, Resync: time.Hour, StateCheck: 10 * time.Millisecond})
			pw.next(t, 10*time.Second) // the start pass
			w.install("hello")
			waitApplied(t, w, 30*time.Second)
			p1 := applyPass(t, w)
			before := w.state()
			last := before.HighestID()
			if last < p1.ID || before.Counters.Reconciles[state.ResultSuccess] == 0 {
				t.Fatalf("before: last id %d, counters %+v", last, before.Counters)
			}

			// Once the daemon has seen it: a file spoilt at once after
			// another process's pass loses that pass's id (see
			// CheckStateFile).
			for deadline := time.Now().Add(10 * time.Second); !reconciler.StateFileSeen(w.r); {
				if time.Now().After(deadline) {
					t.Fatalf("the daemon did not read the state file after pass %d within 10s", last)
				}
				time.Sleep(10 * time.Millisecond)
			}
			tc.spoil(t, state.Path(w.s.StateDir), old)
			st := waitState(t, w, 10*time.Second, "the ids given out", func(st *state.State) bool { return st.HighestID() >= last })
			for r, n := range before.Counters.Reconciles {
				if st.Counters.Reconciles[r] < n {
					t.Errorf("counter %s fell from %d to %d", r, n, st.Counters.Reconciles[r])
				}
			}
			if tc.history && (st.LastPass == nil || st.LastPass.ID != last || st.AppliedHash != before.AppliedHash) {
				t.Errorf("written again without the daemon's copy: last pass %+v, applied %q (was %q)", st.LastPass, st.AppliedHash, before.AppliedHash)
			}
			if st.Daemon != os.Getpid() || st.Watching == nil {
				t.Errorf("written again without the daemon's record: daemon %d, watching %+v", st.Daemon, st.Watching)
			}

			// ask-nix apply's pass and the daemon's next one count on.
			p2 := applyPass(t, w)
			if p2.ID <= last {
				t.Fatalf("ask-nix apply's pass after the state file was spoilt has id %d; %d was given out before", p2.ID, last)
			}
			w.install("cowsay")
			waitApplied(t, w, 30*time.Second)
			if p3 := w.state().LastPass; p3.ID <= p2.ID {
				t.Fatalf("the daemon's pass after ask-nix apply's %d has id %d", p2.ID, p3.ID)
			}
		})
	}
}

// A state file deleted while the state directory takes no writes (full,
// read-only): written again once it does, tried once a minute meanwhile
// and said once, not at every look (a second apart).
func TestStateFileGoneOnAFullDisk(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	var logs strings.Builder
	w.r.Log = slog.New(slog.NewTextHandler(&logs, nil))
	now := time.Now()
	w.r.Now = func() time.Time { return now }
	w.r.Daemon = true
	if _, err := w.r.Pass(context.Background(), reconciler.PassOptions{Trigger: reconciler.TriggerWatch, Force: true, Wait: true}); err != nil {
		t.Fatal(err)
	}
	w.r.CheckStateFile()
	last := w.state().HighestID()
	full, tries := true, 0
	fullDisk(w, func(*state.State) bool { tries++; return full })
	if err := os.Remove(state.Path(w.s.StateDir)); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		now = now.Add(time.Second)
		w.r.CheckStateFile()
	}
	if tries != 1 || strings.Count(logs.String(), "could not be written again") != 1 {
		t.Fatalf("%d writes tried in 5 s:\n%s", tries, logs.String())
	}
	full = false
	now = now.Add(time.Minute)
	w.r.CheckStateFile()
	if st := w.state(); !hasFile(state.Path(w.s.StateDir)) || st.HighestID() != last {
		t.Fatalf("written again with last id %d, want %d", st.HighestID(), last)
	}
}
