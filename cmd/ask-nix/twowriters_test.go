package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/guard/txn"
)

// Two `ask-nix -y install` at once on one fragment, as two separate
// processes taking the real lock (each pausing at every step of its
// write, so the second comes while the first writes): both end well,
// both land, and the history tells them in the order they were written:
// numbered one after the other, each edit's saved "before" the one
// before it's saved "after", the fragment the last one's. The same name
// twice is one edit: the second sees, under the lock, that the first
// installed it, and writes nothing.
func TestTwoInstallsAtOnce(t *testing.T) {
	bin := buildAskNix(t)
	for _, tt := range []struct {
		name  string
		pkgs  [2]string
		edits int
	}{
		{"two names", [2]string{"htop", "ripgrep"}, 2},
		{"one name twice", [2]string{"htop", "htop"}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := newMachine(t, false)
			hook := []string{"NIX_HUMANITY_TEST_WRITE_PAUSE=20ms"}
			var wg sync.WaitGroup
			var outs [2][]byte
			var errs [2]error
			start := make(chan struct{})
			for i, p := range tt.pkgs {
				cmd := m.command(context.Background(), bin, hook, "-y", "install", p)
				wg.Go(func() {
					<-start
					outs[i], errs[i] = cmd.CombinedOutput()
				})
			}
			close(start)
			wg.Wait()
			for i := range errs {
				if errs[i] != nil {
					t.Fatalf("install %s: %v\n%s", tt.pkgs[i], errs[i], outs[i])
				}
			}
			want := slices.Compact(slices.Sorted(slices.Values(tt.pkgs[:])))
			if got := m.packages(t); !slices.Equal(got, want) {
				t.Fatalf("packages %v, want %v", got, want)
			}
			if tt.edits == 1 {
				both := string(outs[0]) + string(outs[1])
				if strings.Count(both, "(edit 1)") != 1 || !strings.Contains(both, "already installed") {
					t.Errorf("one of two installs of one name should write, the other find it installed:\n%s\n--\n%s", outs[0], outs[1])
				}
			}
			h := txn.HistoryIn(m.state)
			es, err := h.Entries()
			if err != nil || len(es) != tt.edits {
				t.Fatalf("history (%v): %+v, want %d edits", err, es, tt.edits)
			}
			var prev []byte
			for i, e := range es {
				if e.Edit != i+1 || e.Status != txn.StatusApplied {
					t.Errorf("edit %d: %+v", i+1, e)
				}
				before, after, err := h.Content(e)
				if err != nil {
					t.Fatalf("edit %d's saved content: %v", e.Edit, err)
				}
				if i == 0 && !e.Created || i > 0 && !bytes.Equal(before, prev) {
					t.Errorf("edit %d did not start from what edit %d wrote:\n%s\nwant\n%s", e.Edit, i, before, prev)
				}
				prev = after
			}
			if now, err := os.ReadFile(m.fragment); err != nil || !bytes.Equal(now, prev) {
				t.Errorf("the fragment is not the last edit's result (%v):\n%s\nwant\n%s", err, now, prev)
			}
		})
	}
}

// Two `ask-nix -y install` on one fragment with different state
// directories (NIX_HUMANITY_STATE_DIR): each state directory's lock
// alone let the second read the fragment while the first was writing
// it, and whichever renamed its file last lost the other's package. The
// first is held in the middle of its write (its history entry pending,
// pausing at each step) while the second starts: the second waits for
// the lock of the fragment's folder, says so, and writes on top of the
// first's result. Then both at once, as in TestTwoInstallsAtOnce.
func TestTwoInstallsWithTwoStateDirs(t *testing.T) {
	bin := buildAskNix(t)
	for _, tt := range []struct {
		name     string
		oneWaits bool
	}{
		{"the second while the first writes", true},
		{"both at once", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := newMachine(t, false)
			otherState := filepath.Join(m.dir, "home", "state")
			pkgs := [2]string{"htop", "ripgrep"}
			states := [2]string{m.state, otherState}
			pause := "NIX_HUMANITY_TEST_WRITE_PAUSE=20ms"
			if tt.oneWaits {
				pause = "NIX_HUMANITY_TEST_WRITE_PAUSE=1s"
			}
			var cmds [2]*exec.Cmd
			var outs [2]bytes.Buffer
			for i := range cmds {
				env := []string{"NIX_HUMANITY_STATE_DIR=" + states[i]}
				if !tt.oneWaits || i == 0 {
					env = append(env, pause)
				}
				cmds[i] = m.command(context.Background(), bin, env, "-y", "install", pkgs[i])
				cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
			}
			if tt.oneWaits {
				if err := cmds[0].Start(); err != nil {
					t.Fatal(err)
				}
				exited := make(chan error, 1)
				go func() { exited <- cmds[0].Wait() }()
				// Under its locks, with the fragment read: its entry is
				// written, pending, before its pause.
				for pending := false; !pending; {
					select {
					case err := <-exited:
						t.Fatalf("the first install ended before the second began (%v):\n%s", err, outs[0].String())
					case <-time.After(5 * time.Millisecond):
					}
					es, _ := txn.HistoryIn(m.state).Entries()
					pending = len(es) == 1 && es[0].Status == txn.StatusPending
				}
				if err := cmds[1].Run(); err != nil {
					t.Fatalf("install %s: %v\n%s", pkgs[1], err, outs[1].String())
				}
				if err := <-exited; err != nil {
					t.Fatalf("install %s: %v\n%s", pkgs[0], err, outs[0].String())
				}
				if !strings.Contains(outs[1].String(), "Waiting for the fragment lock (held by an edit of a file in "+filepath.Dir(m.fragment)) {
					t.Errorf("the second install did not say it waited for the first:\n%s", outs[1].String())
				}
			} else {
				var wg sync.WaitGroup
				var errs [2]error
				start := make(chan struct{})
				for i := range cmds {
					wg.Go(func() {
						<-start
						errs[i] = cmds[i].Run()
					})
				}
				close(start)
				wg.Wait()
				for i := range errs {
					if errs[i] != nil {
						t.Fatalf("install %s: %v\n%s", pkgs[i], errs[i], outs[i].String())
					}
				}
			}
			if got := m.packages(t); !slices.Equal(got, pkgs[:]) {
				t.Fatalf("packages %v, want %v: an edit was lost\n%s\n--\n%s", got, pkgs, outs[0].String(), outs[1].String())
			}
			// Each history has its one edit, applied; the later one's
			// saved "before" is the earlier one's "after", and the
			// fragment is the later one's result.
			var es [2]txn.Entry
			var before, after [2][]byte
			for i, dir := range states {
				h := txn.HistoryIn(dir)
				got, err := h.Entries()
				if err != nil || len(got) != 1 || got[0].Status != txn.StatusApplied {
					t.Fatalf("history in %s (%v): %+v, want one edit applied", dir, err, got)
				}
				es[i] = got[0]
				if before[i], after[i], err = h.Content(es[i]); err != nil {
					t.Fatal(err)
				}
			}
			first, second := 0, 1
			if es[1].Created {
				first, second = 1, 0
			}
			if !es[first].Created || es[second].Created || !bytes.Equal(before[second], after[first]) {
				t.Errorf("the later edit (%s) did not start from the earlier one's result:\n%s\nwant\n%s", pkgs[second], before[second], after[first])
			}
			if tt.oneWaits && first != 0 {
				t.Errorf("the install that waited wrote first")
			}
			if now, err := os.ReadFile(m.fragment); err != nil || !bytes.Equal(now, after[second]) {
				t.Errorf("the fragment is not the later edit's result (%v):\n%s\nwant\n%s", err, now, after[second])
			}
		})
	}
}
