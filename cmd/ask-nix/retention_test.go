package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// checkHistory is what must hold whatever point a writer was killed at:
// the history reads, every written edit it keeps gives back its content, and
// numbers run on without gaps from the prune point. It returns the
// newest edit number.
func checkHistory(t *testing.T, state, when string) int {
	t.Helper()
	h := txn.HistoryIn(state)
	es, pruned, err := h.Kept()
	if err != nil {
		t.Fatalf("%s: history unreadable: %v", when, err)
	}
	for i, e := range es {
		if e.Edit != pruned+1+i {
			t.Fatalf("%s: kept edits do not run on from the prune point %d: edit %d at %d", when, pruned, e.Edit, i)
		}
		// An edit killed while its content was being saved (side by side
		// with its entry) was never written and may lack it.
		if e.Status != txn.StatusApplied && e.Status != txn.StatusFailed {
			continue
		}
		if _, _, err := h.Content(e); err != nil {
			t.Fatalf("%s: kept edit %d (%s): %v", when, e.Edit, e.Status, err)
		}
	}
	if len(es) == 0 {
		return pruned
	}
	return es[len(es)-1].Edit
}

// withPackage is the fragment with pkg added, as an install writes it.
func withPackage(t *testing.T, path string, old []byte, pkg string) []byte {
	t.Helper()
	f, err := fragment.Parse(path, old)
	if err != nil {
		t.Fatalf("fragment does not parse: %v\n%s", err, old)
	}
	if _, err := f.AddPackages(fragment.Path{pkg}); err != nil {
		t.Fatal(err)
	}
	return f.Render()
}

// dropLinks turns the history into one saved before retention existed:
// an edit whose before is another edit's result has no file of its own.
func dropLinks(t *testing.T, state string) {
	t.Helper()
	h := txn.HistoryIn(state)
	es, err := h.Entries()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.BeforeIs != 0 {
			if err := os.Remove(h.BeforePath(e.Edit)); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// A writer killed at each step of a write that prunes (SIGKILL, at a
// point the test hook NIX_HUMANITY_TEST_WRITE_STOP holds it at) leaves a
// fragment that is old or new, a history that reads with every kept
// edit's content, numbers that are never reused, and an undo that works;
// the next compaction removes whatever the kill left behind.
func TestKilledWhilePruning(t *testing.T) {
	bin := buildAskNix(t)
	ctx := context.Background()
	// With a limit of 3, the 4th edit of a new history compacts (the
	// first prune always does), the 5th to 7th prune one edit each, the
	// 8th compacts again.
	tests := []struct {
		step  string
		seeds int
		old   bool // the history was saved before retention (no links)
	}{
		{"after-history", 4, false},
		{"after-fragment", 4, false},
		{"pruning", 4, false},
		{"after-history", 3, true},
		{"after-fragment", 3, true},
		{"compact-linked", 3, true},
		{"compact-written", 3, true},
		{"pruning", 3, true},
		{"compact-written", 7, false},
		{"pruning", 7, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s after %d edits (old history %v)", tt.step, tt.seeds, tt.old), func(t *testing.T) {
			m := newMachine(t, false)
			keep := []string{"NIX_HUMANITY_HISTORY_KEEP=3"}
			if tt.old {
				keep = []string{"NIX_HUMANITY_HISTORY_KEEP=0"}
			}
			for i := range tt.seeds {
				if out, err := m.command(ctx, bin, keep, "-y", "install", fmt.Sprintf("seed%d", i)).CombinedOutput(); err != nil {
					t.Fatalf("%v\n%s", err, out)
				}
			}
			if tt.old {
				dropLinks(t, m.state)
			}
			keep = []string{"NIX_HUMANITY_HISTORY_KEEP=3"}
			newest := checkHistory(t, m.state, "before the kill")
			old, err := os.ReadFile(m.fragment)
			if err != nil {
				t.Fatal(err)
			}
			want := withPackage(t, m.fragment, old, "killed")

			cmd := m.command(ctx, bin, append(slices.Clone(keep), "NIX_HUMANITY_TEST_WRITE_STOP="+tt.step), "-y", "install", "killed")
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			stopped := make(chan bool, 1)
			go func() {
				sc := bufio.NewScanner(stderr)
				for sc.Scan() {
					if sc.Text() == "test hook: stopped at "+tt.step {
						stopped <- true
						return
					}
				}
				stopped <- false
			}()
			select {
			case ok := <-stopped:
				if !ok {
					_ = cmd.Wait()
					t.Fatalf("the writer ended without reaching %s", tt.step)
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("the writer did not reach %s", tt.step)
			}
			_ = cmd.Process.Signal(syscall.SIGKILL)
			_ = cmd.Wait()

			now, err := os.ReadFile(m.fragment)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(now, old) && !bytes.Equal(now, want) {
				t.Fatalf("fragment is neither old nor new after a kill at %s:\n%s", tt.step, now)
			}
			killed := checkHistory(t, m.state, "after the kill")
			if killed != newest && killed != newest+1 {
				t.Fatalf("newest edit %d after the kill, %d before", killed, newest)
			}

			// The next writer settles the killed edit and takes the next
			// number; undo of it restores what it started from.
			before, _ := os.ReadFile(m.fragment)
			out, err := m.command(ctx, bin, keep, "-y", "--json", "install", "next").CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if !bytes.Contains(out, []byte(`"edit":`+strconv.Itoa(killed+1)+`,`)) {
				t.Fatalf("the edit after the kill is not numbered %d:\n%s", killed+1, out)
			}
			if out, err := m.command(ctx, bin, keep, "-y", "undo").CombinedOutput(); err != nil {
				t.Fatalf("undo after the kill: %v\n%s", err, out)
			}
			if after, _ := os.ReadFile(m.fragment); !bytes.Equal(after, before) {
				t.Fatalf("undo did not restore the fragment:\n%s\nwant\n%s", after, before)
			}
			checkHistory(t, m.state, "after undo")

			// Up to the next compaction (at most 2×3 edits away), after
			// which only the log and the kept edits' files are left.
			h := txn.HistoryIn(m.state)
			for i := range 7 {
				if out, err := m.command(ctx, bin, keep, "-y", "install", fmt.Sprintf("more%d", i)).CombinedOutput(); err != nil {
					t.Fatalf("%v\n%s", err, out)
				}
			}
			newest = checkHistory(t, m.state, "after more edits")
			es, pruned, _ := h.Kept()
			if len(es) != 3 || pruned != newest-3 {
				t.Fatalf("kept %d edits, pruned %d, newest %d", len(es), pruned, newest)
			}
			names, _ := filepath.Glob(filepath.Join(h.Dir, "*"))
			dots, _ := filepath.Glob(filepath.Join(h.Dir, ".*"))
			for _, p := range append(names, dots...) {
				base := filepath.Base(p)
				num, _, _ := strings.Cut(base, ".")
				if n, err := strconv.Atoi(num); base != "log.jsonl" && (err != nil || n <= pruned-3) {
					// Per-write pruning deletes only the edit that falls
					// out; older leftovers wait for the next compaction,
					// at most 3 edits back.
					t.Errorf("left in the history: %s (pruned through %d)", base, pruned)
				}
			}
		})
	}
}

// Random kills (SIGKILL) of writers that prune and compact on nearly
// every write (a limit of 2), many times over: after each, the history
// reads and every kept edit gives back its content.
func TestKilledWriterWithTinyHistory(t *testing.T) {
	bin := buildAskNix(t)
	m := newMachine(t, false)
	ctx := context.Background()
	hook := []string{"NIX_HUMANITY_TEST_WRITE_PAUSE=2ms", "NIX_HUMANITY_HISTORY_KEEP=2"}
	var spans []time.Duration
	for i := range 5 {
		begin := time.Now()
		if out, err := m.command(ctx, bin, hook, "-y", "install", fmt.Sprintf("seed%d", i)).CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		spans = append(spans, time.Since(begin))
	}
	slices.Sort(spans)
	span := spans[len(spans)-1]
	rnd := rand.New(rand.NewPCG(3, 4))
	newest := checkHistory(t, m.state, "before the kills")
	for i := range 40 {
		old, err := os.ReadFile(m.fragment)
		if err != nil {
			t.Fatal(err)
		}
		pkg := fmt.Sprintf("crash%02d", i)
		want := withPackage(t, m.fragment, old, pkg)
		cmd := m.command(ctx, bin, hook, "-y", "install", pkg)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rnd.Int64N(int64(span))))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		now, err := os.ReadFile(m.fragment)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(now, old) && !bytes.Equal(now, want) {
			t.Fatalf("round %d: fragment is neither old nor new:\n%s", i, now)
		}
		n := checkHistory(t, m.state, fmt.Sprintf("round %d", i))
		if n < newest {
			t.Fatalf("round %d: newest edit went back from %d to %d", i, newest, n)
		}
		newest = n
	}
	out, err := m.command(ctx, bin, hook[1:], "-y", "--json", "install", "final").CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte(`"edit":`)) {
		t.Fatalf("no edit number:\n%s", out)
	}
	if out, err := m.command(ctx, bin, hook[1:], "-y", "undo").CombinedOutput(); err != nil {
		t.Fatalf("undo: %v\n%s", err, out)
	}
	checkHistory(t, m.state, "at the end")
}
