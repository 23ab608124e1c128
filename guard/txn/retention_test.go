package txn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

func TestPlanPruning(t *testing.T) {
	tests := []struct {
		name   string
		keep   int
		st     logState
		n      int
		want   pruning
		record bool // the write records a prune point with its entry
	}{
		{"keep all", 0, logState{header: -1}, 900, pruning{}, false},
		{"within the limit", 5, logState{header: -1}, 5, pruning{}, false},
		{"never compacted: the first prune compacts", 5, logState{header: -1}, 6, pruning{compact: true}, false},
		{"after a compaction: one edit falls out", 5, logState{header: 10, pruned: 10}, 16, pruning{from: 10, through: 11}, true},
		{"steady state", 5, logState{header: 10, pruned: 13}, 19, pruning{from: 13, through: 14}, true},
		{"log holds twice the limit: compact", 5, logState{header: 10, pruned: 15}, 21, pruning{compact: true}, false},
		{"limit raised: nothing to prune", 50, logState{header: 10, pruned: 15}, 21, pruning{}, false},
		{"limit lowered: compact", 2, logState{header: 10, pruned: 15}, 21, pruning{compact: true}, false},
		{"keep one", 1, logState{header: 4, pruned: 4}, 6, pruning{from: 4, through: 5}, true},
		{"keep one: compact every other write", 1, logState{header: 3, pruned: 4}, 6, pruning{compact: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := planPruning(tt.keep, tt.st, tt.n)
			if got != tt.want {
				t.Fatalf("planPruning(%d, %+v, %d) = %+v, want %+v", tt.keep, tt.st, tt.n, got, tt.want)
			}
			if l := got.line(); (len(l) == 1) != tt.record || tt.record && (l[0].Event != "pruned" || l[0].Edit != got.through) {
				t.Fatalf("line() = %+v", l)
			}
		})
	}
}

// saved is what the history must give back for one edit.
type saved struct {
	before, after []byte
	created       bool
	status        string
}

// story runs steps against a store and checks the history after each:
//
//	+x / -x   install / remove x
//	bad +x    a write nix-instantiate rejects (not written)
//	undo      ask-nix undo
//	hand      a hand edit of the fragment (inside the shape)
//	fail N    the reconciler marks edit N failed
//	keep N    change the limit
type story struct {
	t    *testing.T
	s    *Store
	h    History
	want map[int]*saved
}

func newStory(t *testing.T, keep int) *story {
	s := newStore(t)
	s.Keep = keep
	return &story{t: t, s: s, h: HistoryIn(s.StateDir), want: map[int]*saved{}}
}

func (st *story) run(steps ...string) {
	t := st.t
	t.Helper()
	ctx := context.Background()
	for _, step := range steps {
		verb, arg, _ := strings.Cut(step, " ")
		switch {
		case verb == "keep":
			// Takes effect at the next write.
			st.s.Keep, _ = strconv.Atoi(arg)
			continue
		case verb == "hand":
			b, err := os.ReadFile(st.s.Fragment)
			must(t, err)
			must(t, os.WriteFile(st.s.Fragment, append(b, "# by hand\n"...), 0o644))
		case verb == "fail":
			n, _ := strconv.Atoi(arg)
			must(t, MarkFailed(ctx, st.s.StateDir, n, "build failed"))
			st.want[n].status = StatusFailed
		case verb == "undo":
			r, err := st.s.Undo(ctx, "undo")
			if err != nil {
				t.Fatalf("step %q: %v", step, err)
			}
			st.record(r, StatusApplied)
		case verb == "bad":
			p, err := st.s.Preview(pkgIntent(arg))
			must(t, err)
			st.s.LookPath = func(string) (string, error) { return "/bin/nix-instantiate", nil }
			st.s.Runner = nixruntest.Func(func(_ context.Context, c nixrun.Cmd) (nixrun.Result, error) {
				return nixrun.Result{}, &nixrun.ExitError{Argv: c.Argv, ExitCode: 1, Stderr: []byte("error: syntax error")}
			})
			_, err = st.s.Apply(ctx, step, pkgIntent(arg))
			st.s.LookPath, st.s.Runner = nil, nil
			if err == nil {
				t.Fatalf("step %q was written", step)
			}
			es, _ := st.h.Entries()
			p.Edit = es[len(es)-1].Edit
			st.record(p, StatusNotWritten)
		default:
			r, err := st.s.Apply(ctx, step, pkgIntent(step))
			if err != nil || !r.Changed {
				t.Fatalf("step %q: %+v %v", step, r, err)
			}
			st.record(r, StatusApplied)
		}
		st.check(step)
	}
}

func pkgIntent(step string) intent.Intent {
	if name, ok := strings.CutPrefix(step, "-"); ok {
		return intent.Intent{Kind: intent.Remove, Packages: []string{name}}
	}
	return install(strings.TrimPrefix(step, "+"))
}

func (st *story) record(r *Result, status string) {
	w := &saved{after: r.After, created: !r.BeforeExists, status: status}
	if r.BeforeExists {
		w.before = r.Before
	}
	st.want[r.Edit] = w
}

// check holds after every step: the kept edits are the newest Keep,
// numbered without gaps; each gives back its content and status; no file
// of a pruned edit is left; the log holds at most twice Keep edits.
func (st *story) check(step string) {
	t := st.t
	t.Helper()
	all, err := st.h.readAll()
	if err != nil {
		t.Fatalf("after %q: %v", step, err)
	}
	kept := all.kept()
	newest := all.newest()
	if k := st.s.Keep; k > 0 && all.pruned < newest-k {
		t.Errorf("after %q: pruned through %d, newest %d, keep %d", step, all.pruned, newest, k)
	}
	for i, e := range kept {
		if e.Edit != all.pruned+1+i {
			t.Fatalf("after %q: kept edits %v do not run on from the prune point %d", step, edits(kept), all.pruned)
		}
		w := st.want[e.Edit]
		before, after, err := st.h.Content(e)
		if err != nil {
			t.Fatalf("after %q: kept edit %d: %v", step, e.Edit, err)
		}
		if !bytes.Equal(before, w.before) || !bytes.Equal(after, w.after) || e.Created != w.created || e.Status != w.status {
			t.Fatalf("after %q: edit %d gives back %q -> %q (%s, created %v), want %q -> %q (%s, created %v)",
				step, e.Edit, before, after, e.Status, e.Created, w.before, w.after, w.status, w.created)
		}
	}
	names, err := os.ReadDir(st.h.Dir)
	must(t, err)
	for _, d := range names {
		num, _, ok := strings.Cut(d.Name(), ".")
		n, err := strconv.Atoi(num)
		if d.Name() == logName {
			continue
		}
		if !ok || err != nil || n <= all.pruned || n > newest {
			t.Errorf("after %q: stray file %s (pruned through %d, newest %d)", step, d.Name(), all.pruned, newest)
		}
	}
	if k := st.s.Keep; k > 0 && len(all.entries) > 2*k {
		t.Errorf("after %q: the log holds %d edits, more than twice the limit %d", step, len(all.entries), k)
	}
}

func edits(es []Entry) []int {
	var out []int
	for _, e := range es {
		out = append(out, e.Edit)
	}
	return out
}

func TestRetention(t *testing.T) {
	var many []string
	for i := range 12 {
		many = append(many, fmt.Sprintf("+p%02d", i))
	}
	tests := []struct {
		name   string
		keep   int
		steps  []string
		pruned int
		kept   []int
	}{
		{"within the limit", 5, many[:5], 0, []int{1, 2, 3, 4, 5}},
		{"past the limit", 3, many[:8], 5, []int{6, 7, 8}},
		{"keep one", 1, many[:6], 5, []int{6}},
		{"keep 0 keeps all", 0, many, 0, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}},
		{"long run: several compactions", 2, many, 10, []int{11, 12}},
		// Edits 3 and 4 both start from edit 2's result (3 was not
		// written); edit 2 is pruned while they are kept.
		{"before shared across a not-written edit", 2, []string{"+a", "+b", "bad +c", "+d"}, 2, []int{3, 4}},
		{"not-written edits count and are pruned", 2, []string{"+a", "bad +b", "bad +c", "+d", "+e"}, 3, []int{4, 5}},
		// 6 has its own before (a hand edit), 7 is an undo, 8 starts from
		// the undo's result.
		{"hand edits and undos", 4, []string{"+a", "hand", "+b", "undo", "+c", "undo", "hand", "+d", "undo", "+e", "+f"}, 5, []int{6, 7, 8, 9}},
		{"failed statuses survive compaction", 3, []string{"+a", "+b", "+c", "+d", "fail 3", "+e", "+f", "+g", "fail 7", "+h", "+i"}, 6, []int{7, 8, 9}},
		{"limit lowered", 10, append(slices.Clone(many[:11]), "keep 2", "+z"), 10, []int{11, 12}},
		{"limit raised", 2, append(slices.Clone(many[:5]), "keep 10", "+y", "+z"), 3, []int{4, 5, 6, 7}},
		{"limit raised to all", 2, append(slices.Clone(many[:5]), "keep 0", "+y", "+z"), 3, []int{4, 5, 6, 7}},
		{"removals", 2, []string{"+a", "+b", "-a", "-b", "+c"}, 3, []int{4, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newStory(t, tt.keep)
			st.run(tt.steps...)
			kept, pruned, err := st.h.Kept()
			if err != nil || pruned != tt.pruned || !slices.Equal(edits(kept), tt.kept) {
				t.Fatalf("Kept() = %v, %d pruned, %v; want %v, %d pruned", edits(kept), pruned, err, tt.kept, tt.pruned)
			}
			// The next edit takes the next number.
			st.run("+next")
			if es, _ := st.h.Entries(); es[len(es)-1].Edit != tt.kept[len(tt.kept)-1]+1 {
				t.Fatalf("next edit numbered %d after %v", es[len(es)-1].Edit, tt.kept)
			}
		})
	}
}

// A history saved before retention existed has no hard links for
// BeforeIs, and may hold a stale before file a killed writer left under a
// number that was used again. The first prune compacts and gives every
// kept edit its own, correct "before".
func TestRetentionTakesOverAnOldHistory(t *testing.T) {
	st := newStory(t, 0)
	st.run("+a", "+b", "+c", "+d", "+e", "+f")
	// What the writer before retention left: no before where BeforeIs
	// says whose result it is.
	es, _ := st.h.Entries()
	for _, e := range es {
		if e.BeforeIs != 0 {
			must(t, os.Remove(st.h.BeforePath(e.Edit)))
		}
	}
	must(t, os.WriteFile(st.h.BeforePath(5), []byte("stale"), 0o644))
	// And edit 6's link cannot be made: it gets a copy.
	blocker := filepath.Join(st.h.Dir, ".6.before.nix.tmp-link")
	must(t, os.MkdirAll(filepath.Join(blocker, "x"), 0o755))
	st.s.Keep = 2
	st.record(mustApply(t, st.s, "+g", install("g")), StatusApplied)
	// Edit 5 is pruned; edit 6's copy of its result stays.
	if _, err := os.Stat(st.h.AfterPath(5)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("edit 5 not pruned: %v", err)
	}
	if got := readFile(t, st.h.BeforePath(6)); got != string(st.want[5].after) {
		t.Fatalf("edit 6's before: %q", got)
	}
	must(t, os.RemoveAll(blocker))
	st.check("+g")
	kept, pruned, _ := st.h.Kept()
	if pruned != 5 || !slices.Equal(edits(kept), []int{6, 7}) {
		t.Fatalf("kept %v, pruned %d", edits(kept), pruned)
	}
	if h := readHeaderOf(t, st.h); h != 5 {
		t.Fatalf("header %d", h)
	}
}

func readHeaderOf(t *testing.T, h History) int {
	t.Helper()
	f, err := os.Open(h.logPath())
	must(t, err)
	defer f.Close()
	return readHeader(f)
}

// Numbers are never reused: the prune point counts even when no edit
// line is left after it.
func TestNumberingAfterCompaction(t *testing.T) {
	st := newStory(t, 2)
	st.run("+a", "+b", "+c", "+d", "+e")
	kept, _, _ := st.h.Kept()
	if got := edits(kept); !slices.Equal(got, []int{4, 5}) {
		t.Fatalf("kept %v", got)
	}
	// A log left with its header and nothing else (its edit lines lost):
	// the next edit is 6, not 1, and edit 5's files are not reused.
	before, err := os.ReadFile(st.h.AfterPath(5))
	must(t, err)
	must(t, os.WriteFile(st.h.logPath(), []byte(`{"event":"pruned","edit":5}`+"\n"), 0o644))
	r := mustApply(t, st.s, "install f", install("f"))
	if r.Edit != 6 {
		t.Fatalf("edit after a header-only log numbered %d", r.Edit)
	}
	if got, _ := os.ReadFile(st.h.AfterPath(5)); !bytes.Equal(got, before) {
		t.Fatalf("edit 5's saved result was overwritten")
	}
	// A compacted log with a torn last line.
	f, err := os.OpenFile(st.h.logPath(), os.O_APPEND|os.O_WRONLY, 0)
	must(t, err)
	_, _ = f.WriteString(`{"event":"edit","edit":7,"sta`)
	must(t, f.Close())
	if r := mustApply(t, st.s, "install g", install("g")); r.Edit != 7 {
		t.Fatalf("edit after a torn line numbered %d", r.Edit)
	}
}

// snapshotDir reads every file under dir, for "nothing changed" checks.
func snapshotDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	must(t, filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = string(b)
		return err
	}))
	return out
}

// Undo of an edit whose content was pruned is refused, and nothing
// changes: not the fragment, not the history.
func TestUndoOfPrunedEditRefused(t *testing.T) {
	tests := []struct {
		name  string
		keep  int
		steps []string
		want  []string
	}{
		// Edit 2 is still in the log, its content gone.
		{"target pruned", 3, []string{"+a", "+b", "+c", "+d", "undo", "undo"},
			[]string{"cannot undo edit 2 (add 1 package: b): its saved content was pruned, because the history keeps the newest 3 edits (NIX_HUMANITY_HISTORY_KEEP)", "Nothing was written", "by hand", "ask-nix rollback"}},
		// Every kept edit is undone; the older ones are compacted away.
		{"nothing kept left", 1, []string{"+a", "+b", "undo"},
			[]string{"nothing left to undo: every edit the history still keeps is undone already, and the older edits, 1 to 2, were pruned, because the history keeps the newest edit only", "Nothing was written", "ask-nix rollback"}},
		{"pruned while the limit was lower", 1, []string{"+a", "+b", "undo", "keep 0"},
			[]string{"nothing left to undo", "because the history kept fewer edits then (NIX_HUMANITY_HISTORY_KEEP)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newStory(t, tt.keep)
			st.run(tt.steps...)
			root := filepath.Dir(st.s.StateDir)
			was := snapshotDir(t, root)
			for _, try := range []func() error{
				func() error { _, err := st.s.PreviewUndo(); return err },
				func() error { _, err := st.s.Undo(context.Background(), "undo"); return err },
			} {
				err := try()
				var rej *guard.Rejection
				if !errors.As(err, &rej) || rej.Code != CodeHistoryPruned {
					t.Fatalf("err = %v", err)
				}
				for _, w := range tt.want {
					if !strings.Contains(rej.Reason, w) {
						t.Errorf("reason lacks %q:\n%s", w, rej.Reason)
					}
				}
			}
			if now := snapshotDir(t, root); !mapsEqual(now, was) {
				t.Fatalf("a refused undo changed files")
			}
		})
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// A pruned edit is named as such by Entry (ask-nix diff N) and SetStatus
// (the reconciler), and content that is gone says so.
func TestPrunedEditErrors(t *testing.T) {
	st := newStory(t, 2)
	st.run("+a", "+b", "+c", "+d")
	if _, err := st.h.Entry(1); err == nil || !strings.Contains(err.Error(), "edit 1 was pruned: edits 1 to 2 are no longer kept") {
		t.Errorf("Entry(1): %v", err)
	}
	if err := MarkFailed(context.Background(), st.s.StateDir, 2, "x"); err == nil || !strings.Contains(err.Error(), "cannot mark edit 2 failed: it was pruned") {
		t.Errorf("MarkFailed(2): %v", err)
	}
	e, err := st.h.Entry(4)
	must(t, err)
	must(t, os.Remove(st.h.AfterPath(4)))
	if _, _, err := st.h.Content(e); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "the saved content of edit 4 is gone") {
		t.Errorf("Content: %v", err)
	}
	if _, err := st.s.Undo(context.Background(), "undo"); err == nil || !strings.Contains(err.Error(), "cannot undo edit 4") {
		t.Errorf("undo without content: %v", err)
	}
}

// The compacted log reads with the statuses folded in, and a reader that
// knows nothing of prune points (an older ask-nix) still numbers on.
func TestCompactedLogShape(t *testing.T) {
	st := newStory(t, 2)
	st.run("+a", "+b", "+c", "fail 3")
	data, err := os.ReadFile(st.h.logPath())
	must(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if lines[0] != `{"event":"pruned","edit":1}` {
		t.Fatalf("first line %s", lines[0])
	}
	es, _, _, _ := parseLog(data)
	if got := edits(es); !slices.Equal(got, []int{2, 3}) || es[0].Status != StatusApplied || es[1].Status != StatusFailed {
		t.Fatalf("entries %+v", es)
	}
	for _, l := range lines[1:3] {
		if !strings.HasPrefix(l, `{"event":"edit",`) || !strings.Contains(l, `"status":"applied"`) {
			t.Errorf("compacted line %s", l)
		}
	}
}

// The first prune of a history says what it did; later ones are quiet.
func TestFirstPruneNote(t *testing.T) {
	st := newStory(t, 0)
	st.run("+a", "+b", "+c", "+d")
	st.s.Keep = 2
	r := mustApply(t, st.s, "install e", install("e"))
	want := "the history keeps the saved content of the newest 2 edits (NIX_HUMANITY_HISTORY_KEEP), so edits 1 to 3 were pruned; older edits are pruned as new ones are made"
	if !slices.Contains(r.Notes, want) {
		t.Fatalf("notes %q", r.Notes)
	}
	for _, p := range []string{"f", "g", "h", "i", "j"} {
		r := mustApply(t, st.s, "install "+p, install(p))
		for _, n := range r.Notes {
			if strings.Contains(n, "pruned") {
				t.Fatalf("edit %d: %q", r.Edit, n)
			}
		}
	}
}

// Where a hard link cannot be made (here: something in the way of its
// temporary name; for people, a file another user owns under
// fs.protected_hardlinks), the before is written as a copy, and pruning
// the edit it came from leaves it whole.
func TestBeforeCopiedWhereLinksFail(t *testing.T) {
	st := newStory(t, 2)
	st.run("+a")
	blocker := filepath.Join(st.h.Dir, ".2.before.nix.tmp-link")
	must(t, os.MkdirAll(filepath.Join(blocker, "x"), 0o755))
	st.record(mustApply(t, st.s, "+b", install("b")), StatusApplied)
	e2, err := st.h.Entry(2)
	must(t, err)
	a, aerr := os.Stat(st.h.AfterPath(1))
	b, berr := os.Stat(st.h.BeforePath(2))
	if e2.BeforeIs != 1 || aerr != nil || berr != nil || os.SameFile(a, b) {
		t.Fatalf("edit 2 (%+v): before not a copy: %v %v", e2, aerr, berr)
	}
	must(t, os.RemoveAll(blocker))
	st.check("+b")
	st.run("+c", "+d") // edits 1 and 2 pruned; 3 and 4 whole
}
