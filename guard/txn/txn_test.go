package txn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

var clock = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// newStore returns a store in a fresh directory that does not run Nix
// (Runner nil); tests that want Nix set Runner.
func newStore(t *testing.T) *Store {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "etc", "nixos"), 0o755); err != nil {
		t.Fatal(err)
	}
	return &Store{
		Fragment: filepath.Join(dir, "etc", "nixos", "nix-humanity.nix"),
		StateDir: filepath.Join(dir, "state"),
		Now:      func() time.Time { return clock },
		User:     "alice",
	}
}

func install(pkgs ...string) intent.Intent {
	return intent.Intent{Kind: intent.Install, Packages: pkgs}
}

func mustApply(t *testing.T, s *Store, req string, in intent.Intent) *Result {
	t.Helper()
	r, err := s.Apply(context.Background(), req, in)
	if err != nil {
		t.Fatalf("Apply(%q): %v", req, err)
	}
	return r
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func packages(t *testing.T, s *Store) []string {
	t.Helper()
	f, err := fragment.Parse(s.Fragment, []byte(readFile(t, s.Fragment)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range f.Packages() {
		out = append(out, p.String())
	}
	return out
}

func TestApplyCreatesFragmentAndHistory(t *testing.T) {
	s := newStore(t)
	r := mustApply(t, s, "install firefox and htop", install("firefox", "htop"))
	if r.Edit != 1 || !r.Changed || r.BeforeExists {
		t.Fatalf("result = %+v", r)
	}
	if r.Summary != "add 2 packages: firefox, htop" {
		t.Errorf("summary %q", r.Summary)
	}
	if !strings.HasPrefix(r.Diff, "--- /dev/null\n+++ b/nix-humanity.nix\n") {
		t.Errorf("diff of a new file:\n%s", r.Diff)
	}
	if got := packages(t, s); !slices.Equal(got, []string{"firefox", "htop"}) {
		t.Errorf("packages %v", got)
	}
	es, err := HistoryIn(s.StateDir).Entries()
	if err != nil {
		t.Fatal(err)
	}
	want := Entry{Edit: 1, Time: clock, User: "alice", Request: "install firefox and htop", Intent: "install",
		Summary: "add 2 packages: firefox, htop", Status: StatusApplied, Created: true, Fragment: s.Fragment, Mark: MarkWrite}
	if len(es) != 1 || !reflect.DeepEqual(es[0], want) {
		t.Fatalf("history = %+v\nwant %+v", es, want)
	}
	if _, err := os.Stat(HistoryIn(s.StateDir).BeforePath(1)); !os.IsNotExist(err) {
		t.Errorf("a created fragment has no before file, got %v", err)
	}
	if readFile(t, HistoryIn(s.StateDir).AfterPath(1)) != readFile(t, s.Fragment) {
		t.Errorf("after file differs from the fragment")
	}
	if _, err := os.Stat(filepath.Join(s.StateDir, "fragment.lock")); err != nil {
		t.Errorf("lock file not in the state directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(s.Fragment), "fragment.lock")); err == nil {
		t.Errorf("lock file beside the fragment")
	}
}

func TestNoChangeWritesNothing(t *testing.T) {
	s := newStore(t)
	mustApply(t, s, "install firefox", install("firefox"))
	fi1, _ := os.Stat(s.Fragment)
	log1 := readFile(t, HistoryIn(s.StateDir).logPath())
	for _, in := range []intent.Intent{
		install("firefox"),
		{Kind: intent.Remove, Packages: []string{"htop"}},
	} {
		r := mustApply(t, s, "again", in)
		if r.Changed || r.Edit != 0 || r.Diff != "" {
			t.Errorf("%v: result %+v", in, r)
		}
	}
	fi2, _ := os.Stat(s.Fragment)
	if !fi1.ModTime().Equal(fi2.ModTime()) || readFile(t, HistoryIn(s.StateDir).logPath()) != log1 {
		t.Errorf("a no-change request wrote something")
	}
}

func TestRemoveFromMissingFragmentCreatesNothing(t *testing.T) {
	s := newStore(t)
	r := mustApply(t, s, "remove htop", intent.Intent{Kind: intent.Remove, Packages: []string{"htop"}})
	if r.Changed {
		t.Fatalf("changed: %+v", r)
	}
	if _, err := os.Stat(s.Fragment); !os.IsNotExist(err) {
		t.Errorf("fragment created for a no-change request")
	}
}

func TestMissingDirectory(t *testing.T) {
	s := newStore(t)
	s.Fragment = filepath.Join(filepath.Dir(s.Fragment), "nope", "f.nix")
	_, err := s.Apply(context.Background(), "install x", install("x"))
	if err == nil || !strings.Contains(err.Error(), "directory") || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("err = %v", err)
	}
}

const handEdited = `# Managed by ask-nix. Hand edits must keep this shape.
{ pkgs, lib, ... }:
{
  environment.systemPackages = with pkgs; [ firefox ];
  services.nginx.enable = lib.mkForce true;
}
`

func TestOutsideGrammarRefusedAndUntouched(t *testing.T) {
	s := newStore(t)
	if err := os.WriteFile(s.Fragment, []byte(handEdited), 0o600); err != nil {
		t.Fatal(err)
	}
	fi1, _ := os.Stat(s.Fragment)
	for name, do := range map[string]func() error{
		"apply":        func() error { _, err := s.Apply(context.Background(), "install htop", install("htop")); return err },
		"preview":      func() error { _, err := s.Preview(install("htop")); return err },
		"undo":         func() error { _, err := s.Undo(context.Background(), "undo"); return err },
		"preview undo": func() error { _, err := s.PreviewUndo(); return err },
	} {
		err := do()
		var rej *guard.Rejection
		if !errors.As(err, &rej) || rej.Code != CodeOutsideGrammar {
			t.Fatalf("%s: err = %v, want a %s rejection", name, err, CodeOutsideGrammar)
		}
		if !strings.HasPrefix(rej.Reason, s.Fragment+":5:") || !strings.Contains(rej.Reason, "left untouched") {
			t.Errorf("%s: reason does not name file:line: %q", name, rej.Reason)
		}
	}
	if got := readFile(t, s.Fragment); got != handEdited {
		t.Errorf("file changed:\n%s", got)
	}
	fi2, _ := os.Stat(s.Fragment)
	if !fi1.ModTime().Equal(fi2.ModTime()) || fi2.Mode().Perm() != 0o600 {
		t.Errorf("file touched")
	}
	if es, _ := HistoryIn(s.StateDir).Entries(); len(es) != 0 {
		t.Errorf("history written: %+v", es)
	}
}

func TestCannotApplyIsRejection(t *testing.T) {
	s := newStore(t)
	mustApply(t, s, "tz", intent.Intent{Kind: intent.SetOption, Option: "time.timeZone", Value: "UTC"})
	_, err := s.Apply(context.Background(), "x", intent.Intent{Kind: intent.SetOption, Option: "time.timeZone", Value: int64(1), Change: intent.ChangeAdd})
	var rej *guard.Rejection
	if !errors.As(err, &rej) || rej.Code != CodeCannotApply || !strings.Contains(rej.Reason, "nothing was written") {
		t.Fatalf("err = %v", err)
	}
}

func TestKeepsHandEditsInsideTheShape(t *testing.T) {
	s := newStore(t)
	src := `{ pkgs, ... }:
{
  # my editor
  environment.systemPackages = with pkgs; [ vim ];
}
`
	if err := os.WriteFile(s.Fragment, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r := mustApply(t, s, "install git", install("git"))
	got := readFile(t, s.Fragment)
	if !strings.Contains(got, "  # my editor\n") || !strings.Contains(got, "    git\n    vim\n") {
		t.Errorf("hand comment or packages lost:\n%s", got)
	}
	if readFile(t, HistoryIn(s.StateDir).BeforePath(r.Edit)) != src {
		t.Errorf("before file is not the hand-edited original")
	}
}

// Apply re-plans against the file as it is under the lock, so an edit
// made after a preview is kept.
func TestApplyRereadsUnderLock(t *testing.T) {
	s := newStore(t)
	mustApply(t, s, "install a", install("a"))
	p, err := s.Preview(install("b"))
	if err != nil {
		t.Fatal(err)
	}
	other := *s
	mustApply(t, &other, "install c", install("c"))
	r := mustApply(t, s, "install b", install("b"))
	if got := packages(t, s); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("packages %v", got)
	}
	if p.Diff == r.Diff {
		t.Errorf("the applied diff should reflect the file re-read under the lock")
	}
}

// applyGivingUp applies "install x" with s waiting 100 ms for a lock
// another holds: what s.OnWait heard, and Apply's error.
func applyGivingUp(s *Store) (heard string, err error) {
	s.LockWait = 100 * time.Millisecond
	s.OnWait = func(h string) { heard = h }
	_, err = s.Apply(context.Background(), "install x", install("x"))
	return heard, err
}

// applyWaiting starts applying "install x" with s waiting up to 10 s for
// a lock another holds (said as lock), and fails the test if it ends
// within 100 ms. Apply's error comes on the channel.
func applyWaiting(t *testing.T, s *Store, lock string) <-chan error {
	t.Helper()
	s.LockWait = 10 * time.Second
	done := make(chan error, 1)
	go func() { _, err := s.Apply(context.Background(), "install x", install("x")); done <- err }()
	select {
	case err := <-done:
		t.Fatalf("Apply finished while %s was held: %v", lock, err)
	case <-time.After(100 * time.Millisecond):
	}
	return done
}

func TestLockHeldByAnother(t *testing.T) {
	s := newStore(t)
	if err := os.MkdirAll(s.StateDir, 0o755); err != nil {
		t.Fatal(err)
	}
	l, err := flock.TryLock(filepath.Join(s.StateDir, "fragment.lock"), "nix-humanityd pass")
	if err != nil {
		t.Fatal(err)
	}
	heard, err := applyGivingUp(s)
	if !strings.Contains(heard, "nix-humanityd pass") {
		t.Errorf("OnWait heard %q", heard)
	}
	if err == nil || !strings.Contains(err.Error(), "nix-humanityd pass") || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("err = %v, want it to name the holder", err)
	}
	if _, err := os.Stat(s.Fragment); !os.IsNotExist(err) {
		t.Fatalf("written without the lock")
	}
	// A writer waits while the lock is held and goes ahead once it is free.
	done := applyWaiting(t, s, "the lock")
	l.Unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// A cancelled context stops the wait.
	l, _ = flock.TryLock(filepath.Join(s.StateDir, "fragment.lock"), "test")
	defer l.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Apply(ctx, "install y", install("y")); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestConcurrentAppliesInProcess(t *testing.T) {
	s := newStore(t)
	var wg sync.WaitGroup
	names := []string{"p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"}
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := *s
			if _, err := st.Apply(context.Background(), "install "+n, install(n)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := packages(t, s); !slices.Equal(got, names) {
		t.Fatalf("packages %v", got)
	}
	es, _ := HistoryIn(s.StateDir).Entries()
	for i, e := range es {
		if e.Edit != i+1 || e.Status != StatusApplied {
			t.Errorf("entry %d: %+v", i, e)
		}
	}
}

func TestUndo(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	mustApply(t, s, "install firefox", install("firefox"))
	v1 := readFile(t, s.Fragment)
	mustApply(t, s, "enable ssh", intent.Intent{Kind: intent.EnableService, Option: "services.openssh.enable"})
	v2 := readFile(t, s.Fragment)
	mustApply(t, s, "install htop", install("htop"))

	p, err := s.PreviewUndo()
	if err != nil || p.Undoes != 3 || !strings.Contains(p.Diff, "-    htop\n") {
		t.Fatalf("preview = %+v, %v", p, err)
	}
	steps := []struct {
		undoes  int
		want    string
		summary string
	}{
		{3, v2, "undo edit 3 (add 1 package: htop)"},
		{2, v1, "undo edit 2 (enable services.openssh)"},
		{1, string(fragment.New().Render()), "undo edit 1 (add 1 package: firefox); the fragment did not exist before and now holds no settings"},
	}
	for i, st := range steps {
		r, err := s.Undo(ctx, "undo")
		if err != nil {
			t.Fatalf("undo %d: %v", i, err)
		}
		if r.Undoes != st.undoes || r.Edit != 4+i || r.Summary != st.summary {
			t.Errorf("undo %d: %+v", i, r)
		}
		if got := readFile(t, s.Fragment); got != st.want {
			t.Errorf("undo %d left:\n%s\nwant:\n%s", i, got, st.want)
		}
	}
	if _, err := s.Undo(ctx, "undo"); err == nil || !strings.Contains(err.Error(), "nothing to undo") {
		t.Fatalf("err = %v", err)
	}
	// A new edit after undos is the next to undo.
	mustApply(t, s, "install git", install("git"))
	if r, err := s.Undo(ctx, "undo"); err != nil || r.Undoes != 7 {
		t.Fatalf("undo after new edit: %+v %v", r, err)
	}
	es, _ := HistoryIn(s.StateDir).Entries()
	if len(es) != 8 || es[7].Intent != "undo" || es[7].Undoes != 7 {
		t.Fatalf("history %+v", es)
	}
}

func TestUndoSteps(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	mustApply(t, s, "install firefox", install("firefox"))
	v1 := readFile(t, s.Fragment)
	mustApply(t, s, "enable ssh", intent.Intent{Kind: intent.EnableService, Option: "services.openssh.enable"})
	mustApply(t, s, "install htop", install("htop"))
	mustApply(t, s, "install git", install("git"))

	// More than there are: refused, nothing written.
	_, err := s.UndoSteps(ctx, "undo 5", 5)
	var rej *guard.Rejection
	if !errors.As(err, &rej) || !strings.Contains(rej.Reason, "cannot undo 5 edits: only 4 edits are left to undo (4 (add 1 package: git), 3 (add 1 package: htop), 2 (enable services.openssh), 1 (add 1 package: firefox))") ||
		!strings.Contains(rej.Reason, "`ask-nix undo 4`") {
		t.Fatalf("err = %v", err)
	}
	p, err := s.PreviewUndoSteps(3)
	if err != nil || p.Undoes != 4 || !slices.Equal(p.UndoesAlso, []int{3, 2}) || string(p.After) != v1 {
		t.Fatalf("preview = %+v, %v", p, err)
	}
	r, err := s.UndoSteps(ctx, "undo the last 3 changes", 3)
	if err != nil {
		t.Fatal(err)
	}
	want := "undo the last 3 edits: 4 (add 1 package: git), 3 (add 1 package: htop), 2 (enable services.openssh)"
	if r.Edit != 5 || r.Summary != want || readFile(t, s.Fragment) != v1 {
		t.Fatalf("undo 3: %+v\n%s", r, readFile(t, s.Fragment))
	}
	es, _ := HistoryIn(s.StateDir).Entries()
	if e := es[len(es)-1]; e.Undoes != 4 || !slices.Equal(e.UndoesAlso, []int{3, 2}) {
		t.Fatalf("history entry %+v", e)
	}
	// The three count as undone: the next undo is edit 1's.
	if r, err := s.Undo(ctx, "undo"); err != nil || r.Undoes != 1 {
		t.Fatalf("next undo: %+v %v", r, err)
	}

	// A change by hand between two edits stops an undo across it.
	s = newStore(t)
	mustApply(t, s, "install firefox", install("firefox"))
	edited := strings.Replace(readFile(t, s.Fragment), "firefox", "firefox\n    vim", 1)
	if err := os.WriteFile(s.Fragment, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	mustApply(t, s, "install htop", install("htop"))
	mustApply(t, s, "install git", install("git"))
	before := readFile(t, s.Fragment)
	_, err = s.UndoSteps(ctx, "undo 3", 3)
	if !errors.As(err, &rej) || rej.Code != CodeChangedSince ||
		!strings.Contains(rej.Reason, "cannot undo edit 1 (add 1 package: firefox) together with the newer ones: the fragment was changed between it and edit 2") ||
		!strings.Contains(rej.Reason, "`ask-nix undo 2` undoes the newest 2 edits, up to edit 2") {
		t.Fatalf("err = %v", err)
	}
	// More edits than there are: the count offered is the one that works,
	// not all of them.
	_, err = s.UndoSteps(ctx, "undo 100", 100)
	if !errors.As(err, &rej) || rej.Code != guard.CodeBadValue ||
		!strings.Contains(rej.Reason, "cannot undo 100 edits: only 3 edits are left to undo (") ||
		!strings.Contains(rej.Reason, "`ask-nix undo 2` undoes the newest 2, back to edit 2 (the fragment was changed between edit 1 and edit 2); ") ||
		strings.Contains(rej.Reason, "undo 3") {
		t.Fatalf("err = %v", err)
	}
	if readFile(t, s.Fragment) != before {
		t.Fatal("a refused undo wrote")
	}
	if r, err := s.UndoSteps(ctx, "undo 2", 2); err != nil || r.Undoes != 3 || !strings.Contains(readFile(t, s.Fragment), "vim") {
		t.Fatalf("undo 2: %+v %v", r, err)
	}
}

func TestUndoRefusedAfterHandEdit(t *testing.T) {
	s := newStore(t)
	mustApply(t, s, "install firefox", install("firefox"))
	edited := strings.Replace(readFile(t, s.Fragment), "firefox", "firefox\n    vim", 1)
	if err := os.WriteFile(s.Fragment, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	// Asked for more than there are, the newest cannot be undone either:
	// that is the reason given, not a count that would not work.
	_, err := s.UndoSteps(context.Background(), "undo 3", 3)
	var rej *guard.Rejection
	if !errors.As(err, &rej) || rej.Code != CodeChangedSince {
		t.Fatalf("undo 3: err = %v", err)
	}
	_, err = s.Undo(context.Background(), "undo")
	if !errors.As(err, &rej) || rej.Code != CodeChangedSince {
		t.Fatalf("err = %v", err)
	}
	for _, w := range []string{"cannot undo edit 1 (add 1 package: firefox)", "has been changed since ask-nix wrote it", "Nothing was written", "1.after.nix"} {
		if !strings.Contains(rej.Reason, w) {
			t.Errorf("reason lacks %q: %s", w, rej.Reason)
		}
	}
	if readFile(t, s.Fragment) != edited {
		t.Errorf("file changed")
	}
	os.Remove(s.Fragment)
	_, err = s.Undo(context.Background(), "undo")
	if err == nil || !strings.Contains(err.Error(), "has been deleted") {
		t.Fatalf("err = %v", err)
	}
	// Deleted, there is nothing to diff against: the way back is the
	// saved copy.
	copyBack := fmt.Sprintf("Put it back as edit 1 left it with `cp %s %s`, then ask again. ask-nix undo then takes edit 1 back.", HistoryIn(s.StateDir).AfterPath(1), s.Fragment)
	if !strings.Contains(err.Error(), copyBack) || strings.Contains(err.Error(), "diff -u") {
		t.Fatalf("err = %v\nwant %s", err, copyBack)
	}
}

func TestMarkFailedAndUndoAFailedEdit(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	mustApply(t, s, "install a", install("a"))
	mustApply(t, s, "install broken", install("broken"))
	if err := MarkFailed(ctx, s.StateDir, 2, "build failed: broken"); err != nil {
		t.Fatal(err)
	}
	if err := MarkFailed(ctx, s.StateDir, 9, "x"); err == nil {
		t.Errorf("marking a missing edit should fail")
	}
	e, err := HistoryIn(s.StateDir).Entry(2)
	if err != nil || e.Status != StatusFailed || e.Reason != "build failed: broken" || e.Mark != MarkPassFailed {
		t.Fatalf("entry %+v %v", e, err)
	}
	if e, err := HistoryIn(s.StateDir).Entry(1); err != nil || e.Status != StatusApplied || e.Mark != MarkWrite {
		t.Fatalf("entry 1 (written by ask-nix): %+v %v", e, err)
	}
	h := HistoryIn(s.StateDir)
	es, err := h.Entries()
	if err != nil {
		t.Fatal(err)
	}
	if i := h.IndexByContent(es, []byte(readFile(t, s.Fragment))); i < 0 || es[i].Edit != 2 {
		t.Fatalf("IndexByContent = %d in %+v", i, es)
	}
	r, err := s.Undo(ctx, "undo")
	if err != nil || r.Undoes != 2 {
		t.Fatalf("undo %+v %v", r, err)
	}
	if got := packages(t, s); !slices.Equal(got, []string{"a"}) {
		t.Fatalf("packages %v", got)
	}
}

// A status line's mark is read back with it, and a later line without
// one (a version before marks) leaves none: its reason is all there is.
func TestStatusMarks(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	mustApply(t, s, "install a", install("a"))
	h := HistoryIn(s.StateDir)
	must(t, MarkFailed(ctx, s.StateDir, 1, "pass 2: build failed"))
	must(t, SetStatus(ctx, s.StateDir, 1, StatusApplied, MarkAppliedAfterFailure, "reworded at will"))
	if e, err := h.Entry(1); err != nil || e.Mark != MarkAppliedAfterFailure || e.Reason != "reworded at will" {
		t.Fatalf("entry %+v %v", e, err)
	}
	// Written by an older version: no mark.
	f, err := os.OpenFile(h.logPath(), os.O_APPEND|os.O_WRONLY, 0)
	must(t, err)
	_, err = f.WriteString(`{"event":"status","edit":1,"status":"applied","reason":"built and activated by pass 3"}` + "\n")
	must(t, err)
	must(t, f.Close())
	if e, err := h.Entry(1); err != nil || e.Mark != "" || e.Reason != "built and activated by pass 3" {
		t.Fatalf("entry after an old line %+v %v", e, err)
	}
}

// A writer killed after its pending entry is settled by the next one.
func TestSettlesPendingEntries(t *testing.T) {
	s := newStore(t)
	h := HistoryIn(s.StateDir)
	mustApply(t, s, "install a", install("a"))
	// Simulate a writer that died after writing the fragment but before
	// marking its entry applied.
	next := readFile(t, s.Fragment) + "# hand\n"
	must(t, os.WriteFile(h.BeforePath(2), []byte(readFile(t, s.Fragment)), 0o644))
	must(t, os.WriteFile(h.AfterPath(2), []byte(next), 0o644))
	must(t, h.appendLines([]logLine{{Event: "edit", Entry: Entry{Edit: 2, Summary: "x", Status: StatusPending}}}, true, true))
	must(t, os.WriteFile(s.Fragment, []byte(next), 0o644))
	// And one that died before writing the fragment, with a torn line.
	must(t, os.WriteFile(h.AfterPath(3), []byte("never written"), 0o644))
	must(t, h.appendLines([]logLine{{Event: "edit", Entry: Entry{Edit: 3, Summary: "y", Status: StatusPending}}}, true, true))
	f, _ := os.OpenFile(h.logPath(), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"event":"edit","edit":4,"sta`)
	f.Close()

	mustApply(t, s, "install b", install("b"))
	es, err := h.Entries()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Status)
	}
	// Edit 2 is not the newest pending one, and the file has moved on
	// since, but it was written: only the newest pending entry can be
	// tied to the file, so edit 2 counts as not written.
	want := []string{StatusApplied, StatusNotWritten, StatusNotWritten, StatusApplied}
	if !slices.Equal(got, want) || es[3].Edit != 4 {
		t.Fatalf("statuses %v, want %v (%+v)", got, want, es)
	}
}

func TestSettlesNewestPendingAsApplied(t *testing.T) {
	s := newStore(t)
	h := HistoryIn(s.StateDir)
	mustApply(t, s, "install a", install("a"))
	next := strings.Replace(readFile(t, s.Fragment), "    a\n", "    a\n    z\n", 1)
	must(t, os.WriteFile(h.AfterPath(2), []byte(next), 0o644))
	must(t, h.appendLines([]logLine{{Event: "edit", Entry: Entry{Edit: 2, Summary: "add z", Status: StatusPending}}}, true, true))
	must(t, os.WriteFile(s.Fragment, []byte(next), 0o644))
	mustApply(t, s, "install b", install("b"))
	e, _ := h.Entry(2)
	if e.Status != StatusApplied {
		t.Fatalf("edit 2 = %+v", e)
	}
}

func TestRemovesStaleTemps(t *testing.T) {
	s := newStore(t)
	stale := filepath.Join(filepath.Dir(s.Fragment), ".nix-humanity.nix.tmp-123")
	must(t, os.WriteFile(stale, []byte("half"), 0o644))
	mustApply(t, s, "install a", install("a"))
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatalf("stale temp file kept")
	}
}

func TestValidationSkippedWithoutNix(t *testing.T) {
	s := newStore(t)
	rec := &nixruntest.Recorder{Next: nixruntest.Func(func(context.Context, nixrun.Cmd) (nixrun.Result, error) {
		return nixrun.Result{}, errors.New("must not run")
	})}
	s.Runner = rec
	s.LookPath = func(string) (string, error) { return "", exec.ErrNotFound }
	r := mustApply(t, s, "install a", install("a"))
	if r.Validated || len(rec.Calls()) != 0 {
		t.Fatalf("validated without nix-instantiate: %+v %v", r, rec.Argv0s())
	}
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "nix-instantiate is not on PATH") {
		t.Fatalf("notes %q", r.Notes)
	}
}

// A Nix that cannot run says so, not that it rejects the text.
func TestValidationCannotRunWritesNothing(t *testing.T) {
	s := newStore(t)
	s.LookPath = func(string) (string, error) { return "/bin/nix-instantiate", nil }
	s.Runner = nixruntest.Func(func(_ context.Context, c nixrun.Cmd) (nixrun.Result, error) {
		return nixrun.Result{}, &nixrun.ExitError{Argv: c.Argv, ExitCode: 1, Stderr: []byte("error: getting status of /nix/var/nix/daemon-socket/socket: Permission denied")}
	})
	_, err := s.Apply(context.Background(), "install a", install("a"))
	if err == nil || !strings.Contains(err.Error(), "the new fragment could not be checked, so nothing was written") ||
		!strings.Contains(err.Error(), "Permission denied") || strings.Contains(err.Error(), "rejects") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(s.Fragment); !os.IsNotExist(err) {
		t.Fatalf("written although Nix could not check it")
	}
}

func TestValidationFailureWritesNothing(t *testing.T) {
	s := newStore(t)
	s.LookPath = func(string) (string, error) { return "/bin/nix-instantiate", nil }
	s.Runner = nixruntest.Func(func(_ context.Context, c nixrun.Cmd) (nixrun.Result, error) {
		return nixrun.Result{}, &nixrun.ExitError{Argv: c.Argv, ExitCode: 1, Stderr: []byte("error: syntax error, unexpected ';'\n\n       at «stdin»:1:7:\n")}
	})
	_, err := s.Apply(context.Background(), "install a", install("a"))
	if err == nil || !strings.Contains(err.Error(), "nix-instantiate --parse rejects the new fragment, so nothing was written") || !strings.Contains(err.Error(), "syntax error") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(s.Fragment); !os.IsNotExist(err) {
		t.Fatalf("written despite failed validation")
	}
	// The attempt is kept, marked not written, with what Nix said.
	es, _ := HistoryIn(s.StateDir).Entries()
	if len(es) != 1 || es[0].Status != StatusNotWritten || !strings.Contains(es[0].Reason, "syntax error") {
		t.Fatalf("history: %+v", es)
	}
	// And undo skips it: there is nothing to undo.
	if _, err := s.Undo(context.Background(), "undo"); err == nil || !strings.Contains(err.Error(), "nothing to undo") {
		t.Fatalf("undo: %v", err)
	}
}

// Real Nix: every write is checked by nix-instantiate --parse, which
// accepts what the renderer writes (hostile strings included) and
// rejects what is not Nix.
func TestValidationWithRealNix(t *testing.T) {
	nixruntest.RequireNix(t)
	s := newStore(t)
	rec := &nixruntest.Recorder{}
	s.Runner = rec
	r := mustApply(t, s, "set hostname", intent.Intent{Kind: intent.SetOption, Option: "networking.hostName", Value: "a\"b${x}\\c\n''d"})
	if !r.Validated {
		t.Fatalf("not validated: %+v", r)
	}
	calls := rec.Calls()
	if len(calls) != 1 || !slices.Equal(calls[0].Argv, []string{"nix-instantiate", "--parse", "-"}) {
		t.Fatalf("calls %+v", calls)
	}
	// The escaped string evaluates to exactly what was asked for.
	out, err := exec.Command("nix-instantiate", "--eval", "--strict", "--json", "-E",
		"(import "+s.Fragment+" { pkgs = {}; }).networking.hostName").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != `"a\"b${x}\\c\n''d"` {
		t.Fatalf("evaluates to %s", got)
	}
	res := &Result{}
	err = s.startCheck(context.Background()).finish(context.Background(), []byte("{ a = 1 }"), res)
	if err == nil || !strings.Contains(err.Error(), "syntax error") || !strings.Contains(err.Error(), "rejects the new fragment") || res.Validated {
		t.Fatalf("broken Nix accepted, or its rejection taken for Nix not running: %v", err)
	}
}

func TestFlakeInGitNotes(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is not on PATH; .ci/setup installs it")
	}
	s := newStore(t)
	s.Runner = nixrun.Exec{}
	s.LookPath = func(name string) (string, error) {
		if name == "nix-instantiate" {
			return "", exec.ErrNotFound
		}
		return exec.LookPath(name)
	}
	dir := filepath.Dir(s.Fragment)
	must(t, os.WriteFile(filepath.Join(dir, "flake.nix"), []byte("{ outputs = _: { }; }\n"), 0o644))
	// Outside git: a flake sees every file, nothing to say.
	r := mustApply(t, s, "install a", install("a"))
	if len(r.Notes) != 1 { // only the validation note
		t.Fatalf("notes %q", r.Notes)
	}
	git := func(args ...string) error {
		return exec.Command("git", append([]string{"-C", dir}, args...)...).Run()
	}
	must(t, git("init", "-q"))
	r = mustApply(t, s, "install b", install("b"))
	if len(r.Notes) != 2 || !strings.Contains(r.Notes[1], "nix-humanity.nix is untracked") || !strings.Contains(r.Notes[1], "--git-add") {
		t.Fatalf("notes %q", r.Notes)
	}
	s.GitAdd = true
	r = mustApply(t, s, "install c", install("c"))
	if len(r.Notes) != 2 || !strings.Contains(r.Notes[1], "added nix-humanity.nix to git") {
		t.Fatalf("notes %q", r.Notes)
	}
	if err := git("ls-files", "--error-unmatch", "nix-humanity.nix"); err != nil {
		t.Fatalf("not tracked after --git-add: %v", err)
	}
	s.GitAdd = false
	r = mustApply(t, s, "install d", install("d"))
	if len(r.Notes) != 1 {
		t.Fatalf("tracked file still warned about: %q", r.Notes)
	}

	// A repository another user owns (a group member editing root's
	// /etc/nixos): git reads none, and the note says why and what to do,
	// in a line, not git's own lines.
	if os.Geteuid() != 0 {
		t.Skip("the rest gives the repository to another user (chown), which only root may; CI runs the tests as root")
	}
	must(t, filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, 64901, 64901)
	}))
	r = mustApply(t, s, "install e", install("e"))
	if len(r.Notes) != 2 || !strings.Contains(r.Notes[1], "another user owns it") || !strings.Contains(r.Notes[1], "safe.directory "+dir) || strings.Contains(r.Notes[1], "\n") {
		t.Fatalf("notes %q", r.Notes)
	}
}

func TestCurrentUser(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	got := CurrentUser(env(map[string]string{"SUDO_USER": "alice"}))
	if os.Getuid() == 0 && got != "alice" {
		t.Errorf("under sudo: %q", got)
	}
	if got := CurrentUser(env(nil)); got == "" || got == "alice" {
		t.Errorf("without sudo: %q", got)
	}
}

func TestHistoryEntryLookup(t *testing.T) {
	s := newStore(t)
	h := HistoryIn(s.StateDir)
	if _, err := h.Entry(1); err == nil || !strings.Contains(err.Error(), "is empty") {
		t.Fatalf("err = %v", err)
	}
	mustApply(t, s, "install a", install("a"))
	if _, err := h.Entry(5); err == nil || !strings.Contains(err.Error(), "edits run from 1 to 1") {
		t.Fatalf("err = %v", err)
	}
	e, _ := h.Entry(1)
	before, after, err := h.Content(e)
	if err != nil || before != nil || !bytes.Equal(after, []byte(readFile(t, s.Fragment))) {
		t.Fatalf("content %q %q %v", before, after, err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A symlinked fragment stays a link; the file it points at is replaced.
func TestSymlinkedFragmentStaysALink(t *testing.T) {
	s := newStore(t)
	real := filepath.Join(filepath.Dir(s.StateDir), "repo", "nix-humanity.nix")
	must(t, os.MkdirAll(filepath.Dir(real), 0o755))
	must(t, os.WriteFile(real, fragment.New().Render(), 0o644))
	must(t, os.Symlink(real, s.Fragment))
	mustApply(t, s, "install a", install("a"))
	fi, err := os.Lstat(s.Fragment)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("fragment is no longer a symlink: %v %v", fi.Mode(), err)
	}
	if !strings.Contains(readFile(t, real), "    a\n") {
		t.Fatalf("target not written:\n%s", readFile(t, real))
	}
}

// A write reads only the tail of a long history; numbering and undo still
// see everything they need, and a long run of undos reaches back past the
// tail.
func TestLongHistory(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	const n = 120
	for i := range n {
		mustApply(t, s, "install", install(fmt.Sprintf("p%03d", i)))
	}
	h := HistoryIn(s.StateDir)
	if fi, _ := os.Stat(h.logPath()); fi.Size() < 2*tailSize {
		t.Fatalf("log too short to test the tail: %d bytes", fi.Size())
	}
	for i := range n {
		r, err := s.Undo(ctx, "undo")
		if err != nil {
			t.Fatalf("undo %d: %v", i, err)
		}
		if r.Undoes != n-i || r.Edit != n+i+1 {
			t.Fatalf("undo %d: undoes %d, edit %d", i, r.Undoes, r.Edit)
		}
	}
	if got := packages(t, s); len(got) != 0 {
		t.Fatalf("packages left: %v", got)
	}
	if _, err := s.Undo(ctx, "undo"); err == nil || !strings.Contains(err.Error(), "nothing to undo") {
		t.Fatalf("err = %v", err)
	}
	es, err := h.Entries()
	if err != nil || len(es) != 2*n {
		t.Fatalf("%d entries, %v", len(es), err)
	}
}

// A lock that cannot be taken for another reason than a holder says so.
func TestLockUnwritable(t *testing.T) {
	s := newStore(t)
	must(t, os.MkdirAll(filepath.Join(s.StateDir, "history"), 0o755))
	// A directory where the lock file should be: open fails, as it would
	// for a user without write access to the state directory.
	must(t, os.Mkdir(filepath.Join(s.StateDir, "fragment.lock"), 0o755))
	_, err := s.Apply(context.Background(), "install x", install("x"))
	if err == nil || !strings.HasPrefix(err.Error(), "cannot take the fragment lock") || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("err = %v", err)
	}
}

// The "before" of an edit is saved only when it is not already the saved
// result of the edit before it; otherwise it is a link to that result.
func TestBeforeSavedOnlyWhenNew(t *testing.T) {
	s := newStore(t)
	h := HistoryIn(s.StateDir)
	mustApply(t, s, "install a", install("a"))
	v1 := readFile(t, s.Fragment)
	mustApply(t, s, "install b", install("b"))
	e2, _ := h.Entry(2)
	if e2.BeforeIs != 1 {
		t.Fatalf("edit 2: %+v", e2)
	}
	// Not saved again: a hard link to edit 1's result, so edit 2 keeps
	// it when edit 1 is pruned.
	a, aerr := os.Stat(h.AfterPath(1))
	b, berr := os.Stat(h.BeforePath(2))
	if aerr != nil || berr != nil || !os.SameFile(a, b) {
		t.Fatalf("before of edit 2 is not a link to edit 1's result: %v %v", aerr, berr)
	}
	before, _, err := h.Content(e2)
	if err != nil || string(before) != v1 {
		t.Fatalf("before of edit 2 = %q, %v", before, err)
	}
	// After a hand edit the file is new to the history: saved on its own.
	hand := readFile(t, s.Fragment) + "# mine\n"
	must(t, os.WriteFile(s.Fragment, []byte(hand), 0o644))
	mustApply(t, s, "install c", install("c"))
	e3, _ := h.Entry(3)
	if e3.BeforeIs != 0 || readFile(t, h.BeforePath(3)) != hand {
		t.Fatalf("edit 3: %+v", e3)
	}
	// Undo of edit 3 restores the hand edit.
	if _, err := s.Undo(context.Background(), "undo"); err != nil {
		t.Fatal(err)
	}
	if readFile(t, s.Fragment) != hand {
		t.Fatalf("undo did not restore the hand edit")
	}
}

// The parser starts before the edit is planned; when there turns out to
// be nothing to write it is stopped, not waited for.
func TestUnneededCheckIsStopped(t *testing.T) {
	s := newStore(t)
	mustApply(t, s, "install a", install("a"))
	s.LookPath = func(string) (string, error) { return "/bin/nix-instantiate", nil }
	stopped := make(chan struct{})
	s.Runner = nixruntest.Func(func(ctx context.Context, c nixrun.Cmd) (nixrun.Result, error) {
		<-ctx.Done()
		close(stopped)
		return nixrun.Result{}, ctx.Err()
	})
	r := mustApply(t, s, "install a", install("a"))
	if r.Changed {
		t.Fatalf("changed: %+v", r)
	}
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("the parser started for a no-change request was not stopped")
	}
}

func TestStateDirAdvice(t *testing.T) {
	rofs := &fs.PathError{Op: "mkdir", Path: "/var/lib/nix-humanity", Err: syscall.EROFS}
	if got := stateDirAdvice(rofs); !strings.Contains(got, "read-only") {
		t.Errorf("read-only: %s", got)
	}
	perm := &fs.PathError{Op: "mkdir", Path: "/var/lib/nix-humanity", Err: syscall.EACCES}
	want := "run ask-nix as root (sudo)"
	if os.Geteuid() == 0 {
		want = "check the state directory" // sudo would change nothing
	}
	if got := stateDirAdvice(perm); !strings.Contains(got, want) {
		t.Errorf("permission: %s, want %q", got, want)
	}
}

// A hand edit outside the shape cannot be undone by ask-nix, but the
// refusal names the copy of its last write that puts things back.
func TestUndoOutsideGrammarNamesSavedCopy(t *testing.T) {
	s := newStore(t)
	mustApply(t, s, "install firefox", install("firefox"))
	mustApply(t, s, "install vim", install("vim"))
	broken := readFile(t, s.Fragment) + "garbage {\n"
	if err := os.WriteFile(s.Fragment, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, call := range map[string]func() error{
		"undo":         func() error { _, err := s.Undo(context.Background(), "undo"); return err },
		"preview undo": func() error { _, err := s.PreviewUndo(); return err },
	} {
		err := call()
		var rej *guard.Rejection
		if !errors.As(err, &rej) || rej.Code != CodeOutsideGrammar {
			t.Fatalf("%s: err = %v", name, err)
		}
		saved := HistoryIn(s.StateDir).AfterPath(2)
		for _, w := range []string{"left untouched", "take edit 2 back", saved, "diff " + saved + " " + s.Fragment} {
			if !strings.Contains(rej.Reason, w) {
				t.Errorf("%s: reason lacks %q: %s", name, w, rej.Reason)
			}
		}
		if readFile(t, s.Fragment) != broken {
			t.Fatalf("%s: file changed", name)
		}
	}
	// Other writes keep the plain refusal: there is nothing to undo there.
	_, err := s.Apply(context.Background(), "install htop", install("htop"))
	if err == nil || strings.Contains(err.Error(), "take edit") {
		t.Errorf("install: err = %v", err)
	}
}

// The commands in the advice work when pasted, even where the fragment's
// folder has a space in its name: running the suggested diff through a
// real shell compares the two files it names.
func TestAdviceCommandsQuotePaths(t *testing.T) {
	s := newStore(t)
	dir := filepath.Join(filepath.Dir(s.Fragment), "my config")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s.Fragment = filepath.Join(dir, "nix-humanity.nix")
	s.StateDir = filepath.Join(filepath.Dir(s.StateDir), "state dir")
	mustApply(t, s, "install firefox", install("firefox"))
	if err := os.WriteFile(s.Fragment, []byte(strings.Replace(readFile(t, s.Fragment), "firefox", "firefox\n    vim", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := s.Undo(context.Background(), "undo")
	var rej *guard.Rejection
	if !errors.As(err, &rej) {
		t.Fatalf("err = %v", err)
	}
	m := regexp.MustCompile("`(diff -u [^`]*)`").FindStringSubmatch(rej.Reason)
	if m == nil {
		t.Fatalf("no diff command in: %s", rej.Reason)
	}
	out, err := exec.Command("sh", "-c", m[1]).CombinedOutput()
	if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(string(out), "+    vim") {
		t.Fatalf("%s: %v\n%s", m[1], err, out)
	}
}

// The same mark made by two processes at once (ask-nix apply right
// after its pass, and a daemon started meanwhile settling that pass's
// mark) is written once: the second sees the first under the lock. A
// different mark is still written.
func TestSetStatusIsIdempotent(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	mustApply(t, s, "install a", install("a"))
	mustApply(t, s, "install broken", install("broken"))
	statusLines := func() int {
		t.Helper()
		n := 0
		for _, l := range strings.Split(readFile(t, HistoryIn(s.StateDir).logPath()), "\n") {
			if strings.Contains(l, `"event":"status"`) && strings.Contains(l, `"edit":2,`) && strings.Contains(l, StatusFailed) {
				n++
			}
		}
		return n
	}
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() { errs[i] = MarkFailed(ctx, s.StateDir, 2, "pass 3: build failed") })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("mark %d: %v", i, err)
		}
	}
	if n := statusLines(); n != 1 {
		t.Fatalf("%d failed marks of edit 2 in the log, want 1:\n%s", n, readFile(t, HistoryIn(s.StateDir).logPath()))
	}
	must(t, MarkFailed(ctx, s.StateDir, 2, "pass 4: build failed"))
	if n := statusLines(); n != 2 {
		t.Fatalf("a new reason was not written: %d marks", n)
	}
	must(t, SetStatus(ctx, s.StateDir, 2, StatusApplied, MarkAppliedAfterFailure, "built and activated by pass 5"))
	must(t, SetStatus(ctx, s.StateDir, 2, StatusApplied, MarkAppliedAfterFailure, "built and activated by pass 5"))
	if e, err := HistoryIn(s.StateDir).Entry(2); err != nil || e.Status != StatusApplied || e.Mark != MarkAppliedAfterFailure {
		t.Fatalf("entry %+v %v", e, err)
	}
	if n := strings.Count(readFile(t, HistoryIn(s.StateDir).logPath()), "built and activated by pass 5"); n != 1 {
		t.Errorf("the applied mark is in the log %d times, want 1", n)
	}
}

// TestNumberingGoesOnPastSavedContent: a history log deleted, or put back
// from an older copy, while the edits' saved files stay must not number
// the next edit 1 (or 2) again, which overwrote edit 1's saved before and
// after and gave one number to two edits. A killed writer's content
// (saved, its entry never logged, the fragment never replaced) is no
// edit's: its number is used again, so the numbers run on without a gap.
func TestNumberingGoesOnPastSavedContent(t *testing.T) {
	deleteLog := func(t *testing.T, h History, _ []byte) {
		if err := os.Remove(h.logPath()); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name  string
		edits int
		// damage is done after the edits; log1 is the log as it was
		// after edit 1.
		damage func(t *testing.T, h History, log1 []byte)
		want   int
	}{
		{"log deleted", 3, deleteLog, 4},
		{"log deleted after one edit", 1, deleteLog, 2},
		{"log put back older", 3, func(t *testing.T, h History, log1 []byte) {
			if err := os.WriteFile(h.logPath(), log1, 0o644); err != nil {
				t.Fatal(err)
			}
		}, 4},
		{"log emptied", 3, func(t *testing.T, h History, _ []byte) {
			if err := os.WriteFile(h.logPath(), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}, 4},
		{"log intact", 3, func(*testing.T, History, []byte) {}, 4},
		{"a person's copy is no edit's", 3, func(t *testing.T, h History, _ []byte) {
			if err := os.WriteFile(filepath.Join(h.Dir, "07.after.nix"), []byte("{}"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, 4},
		{"a killed writer's content is used again", 3, func(t *testing.T, h History, _ []byte) {
			for _, p := range []string{h.BeforePath(4), h.AfterPath(4)} {
				if err := os.WriteFile(p, []byte("{ pkgs, ... }: { }\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			h := HistoryIn(s.StateDir)
			mustApply(t, s, "install firefox", install("firefox"))
			log1, err := os.ReadFile(h.logPath())
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{"htop", "git"}[:tc.edits-1] {
				mustApply(t, s, "install "+p, install(p))
			}
			saved := map[string]string{}
			for n := 1; n <= tc.edits; n++ {
				for _, p := range []string{h.BeforePath(n), h.AfterPath(n)} {
					if b, err := os.ReadFile(p); err == nil {
						saved[p] = string(b)
					}
				}
			}
			tc.damage(t, h, log1)
			r := mustApply(t, s, "install vim", install("vim"))
			if r.Edit != tc.want {
				t.Errorf("next edit numbered %d, want %d", r.Edit, tc.want)
			}
			for p, want := range saved {
				if got := readFile(t, p); got != want {
					t.Errorf("%s overwritten:\n%s\nwas:\n%s", filepath.Base(p), got, want)
				}
			}
			e, err := h.Entry(r.Edit)
			if err != nil {
				t.Fatal(err)
			}
			before, after, err := h.Content(e)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(before), "firefox") || strings.Contains(string(before), "vim") || !strings.Contains(string(after), "vim") {
				t.Errorf("edit %d's saved content is not its own:\nbefore:\n%s\nafter:\n%s", r.Edit, before, after)
			}
		})
	}
}

// A ';' or ']' forgotten by hand is a syntax slip: the refusal says so
// and how to check the file, not that the fragment holds Nix outside the
// managed shape (to move to configuration.nix).
func TestSyntaxSlipIsNotCalledOutsideTheShape(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"a ';'", "{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [ firefox ]\n  networking.hostName = \"x\";\n}\n", ":3:54: missing ';' at the end of the value of environment.systemPackages"},
		{"a ']'", "{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [\n    firefox\n\n  networking.hostName = \"x\";\n}\n", ":6:23: missing ']' closing the list opened on line 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			if err := os.WriteFile(s.Fragment, []byte(tc.src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := s.Preview(install("htop"))
			var rej *guard.Rejection
			if !errors.As(err, &rej) || rej.Code != CodeOutsideGrammar {
				t.Fatalf("err = %v", err)
			}
			want := s.Fragment + tc.want
			if !strings.HasPrefix(rej.Reason, want) || !strings.Contains(rej.Reason, "\nThe fragment has a syntax error, so it was left untouched: fix that line, then ask again (nix-instantiate --parse "+s.Fragment+" checks it).") ||
				strings.Contains(rej.Reason, "outside the shape") {
				t.Fatalf("reason:\n%s\nwant it to begin %s", rej.Reason, want)
			}
		})
	}
}
