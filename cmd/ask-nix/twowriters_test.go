package main

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

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
