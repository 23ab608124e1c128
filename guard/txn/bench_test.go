package txn

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// BenchmarkApplyAndUndo is one edit and its undo in-process, without Nix:
// lock, read, parse, plan, render, diff, history, two atomic writes each.
// What an edit costs beyond process start-up and nix-instantiate.
func BenchmarkApplyAndUndo(b *testing.B) {
	s := benchStore(b, 0)
	if _, err := s.Apply(context.Background(), "seed", intent.Intent{Kind: intent.Install, Packages: []string{"firefox", "git", "htop", "vim"}}); err != nil {
		b.Fatal(err)
	}
	loopApplyAndUndo(b, s)
}

// benchStore is a store in a folder of its own, written by user bench,
// keeping keep edits of history (0: the default).
func benchStore(b *testing.B, keep int) *Store {
	dir := b.TempDir()
	return &Store{Fragment: dir + "/nix-humanity.nix", StateDir: dir + "/state", User: "bench", Keep: keep}
}

// loopApplyAndUndo is the timed loop of the apply-and-undo benchmarks:
// install benchpkg, then undo that.
func loopApplyAndUndo(b *testing.B, s *Store) {
	ctx := context.Background()
	in := intent.Intent{Kind: intent.Install, Packages: []string{"benchpkg"}}
	for b.Loop() {
		if _, err := s.Apply(ctx, "install benchpkg", in); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Undo(ctx, "undo"); err != nil {
			b.Fatal(err)
		}
	}
}

// seedHistory writes n applied edits, as the writer saves them, that
// alternately add and remove benchpkg; the fragment ends as the last left
// it. Written directly (one sync at the end), so 10,000 take a second,
// not the half minute real edits would.
func seedHistory(tb testing.TB, s *Store, n int) {
	tb.Helper()
	h := HistoryIn(s.StateDir)
	if err := os.MkdirAll(h.Dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	f := fragment.New()
	if _, err := f.AddPackages(fragment.Path{"firefox"}, fragment.Path{"git"}, fragment.Path{"htop"}, fragment.Path{"vim"}); err != nil {
		tb.Fatal(err)
	}
	without := f.Render()
	if _, err := f.AddPackages(fragment.Path{"benchpkg"}); err != nil {
		tb.Fatal(err)
	}
	contents := [2][]byte{without, f.Render()}
	var log bytes.Buffer
	enc := json.NewEncoder(&log)
	for i := 1; i <= n; i++ {
		e := Entry{Edit: i, Time: time.Unix(1e9+int64(i), 0).UTC(), User: "bench", Intent: "install",
			Request: "install benchpkg", Summary: "add 1 package: benchpkg", Status: StatusPending, Fragment: s.Fragment}
		if i%2 == 0 {
			e.Intent, e.Request, e.Summary = "remove", "remove benchpkg", "remove 1 package: benchpkg"
		}
		if i == 1 {
			e.Created = true
		} else {
			e.BeforeIs = i - 1
			if err := os.Link(h.AfterPath(i-1), h.BeforePath(i)); err != nil {
				tb.Fatal(err)
			}
		}
		if err := os.WriteFile(h.AfterPath(i), contents[i%2], 0o644); err != nil {
			tb.Fatal(err)
		}
		for _, l := range []logLine{{Event: "edit", Entry: e}, {Event: "status", Entry: Entry{Edit: i, Status: StatusApplied}}} {
			if err := enc.Encode(l); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := os.WriteFile(h.logPath(), log.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(s.Fragment, contents[n%2], 0o644); err != nil {
		tb.Fatal(err)
	}
	// Flush it all now, so the first fsync a timed write makes does not
	// pay for the seeding.
	syscall.Sync()
}

// BenchmarkEditWithHistory is one edit (adding or removing benchpkg)
// after 10 and after 10,000 earlier edits, keeping the default 500 or
// every edit. With a limit, the long history is pruned to it by the
// first edit (before the timer), and each timed edit prunes the edit that
// falls out of the window, compacting the log every 500 edits; run with
// -benchtime=2000x so the 10-edit history reaches the limit as well.
func BenchmarkEditWithHistory(b *testing.B) {
	for _, keep := range []int{500, 0} {
		for _, prior := range []int{10, 10000} {
			name := fmt.Sprintf("keep=%d/prior=%d", keep, prior)
			if keep == 0 {
				name = fmt.Sprintf("keep=all/prior=%d", prior)
			}
			b.Run(name, func(b *testing.B) {
				s := benchStore(b, keep)
				seedHistory(b, s, prior)
				ctx := context.Background()
				next := prior + 1
				edit := func() {
					in := intent.Intent{Kind: intent.Install, Packages: []string{"benchpkg"}}
					if next%2 == 0 {
						in.Kind = intent.Remove
					}
					r, err := s.Apply(ctx, "benchpkg", in)
					if err != nil || r.Edit != next {
						b.Fatalf("edit %d: %+v %v", next, r, err)
					}
					next++
				}
				edit()
				for b.Loop() {
					edit()
				}
				if keep > 0 {
					if _, pruned, err := HistoryIn(s.StateDir).Kept(); err != nil || pruned != max(0, next-1-keep) {
						b.Fatalf("pruned %d after edit %d: %v", pruned, next-1, err)
					}
				}
			})
		}
	}
}

// BenchmarkCompact is one compaction in steady state: a log holding
// twice the default limit (1,000 edits, the content of the older 500
// already deleted as each fell out) rewritten to the newest 500. A write
// does this once every 500 edits.
func BenchmarkCompact(b *testing.B) {
	benchCompact(b, 1000, 500)
}

// BenchmarkFirstPrune is the first prune of a history kept whole until
// now (10,000 edits, saved before retention existed or with a limit of
// 0) down to the default 500: once, on the first edit after the upgrade.
func BenchmarkFirstPrune(b *testing.B) {
	benchCompact(b, 10000, 0)
}

// benchCompact times compact(500) of n seeded edits, the content of all
// but the newest keptFiles already deleted (0: none deleted).
func benchCompact(b *testing.B, n, keptFiles int) {
	s := benchStore(b, 0)
	h := HistoryIn(s.StateDir)
	for b.Loop() {
		b.StopTimer()
		if err := os.RemoveAll(s.StateDir); err != nil {
			b.Fatal(err)
		}
		seedHistory(b, s, n)
		if keptFiles > 0 {
			if err := h.removeContent(0, n-keptFiles); err != nil {
				b.Fatal(err)
			}
			syscall.Sync()
		}
		b.StartTimer()
		if _, err := h.compact(500); err != nil {
			b.Fatal(err)
		}
	}
	if _, pruned, _ := h.Kept(); pruned != n-500 {
		b.Fatalf("pruned %d", pruned)
	}
}
