package reconciler_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// An edit written by ask-nix whose system fails is marked failed in
// ask-nix's history (so history shows it and undo is the way back); the
// pass names the edit it built.
func TestFailedPassMarksTheEdit(t *testing.T) {
	w := newWorld(t, playground.Options{HealthCheck: true}, nil)
	store := &txn.Store{Fragment: w.s.Fragment, StateDir: w.s.StateDir}
	res := w.askNixInstall("hello")
	p, err := w.r.Pass(ctx, reconciler.PassOptions{})
	if err != nil || p.FragmentEdit != res.Edit {
		t.Fatalf("pass %+v %v, want edit %d", p, err, res.Edit)
	}

	// A hand edit (not in history) that breaks the health check.
	w.set("standin.failHealthCheck", fragment.Bool(true))
	p, _ = w.r.Pass(ctx, reconciler.PassOptions{})
	if p.Result != state.ResultRolledBack || p.FragmentEdit != 0 {
		t.Fatalf("hand edit pass %+v", p)
	}

	// An ask-nix edit on top of it: its system fails the check too, the
	// same way as before the edit, so the edit is not blamed for it (as
	// for a Nix error that came before an edit) and undo is not the
	// advice.
	res2 := w.askNixInstall("git")
	p, err = w.r.Pass(ctx, reconciler.PassOptions{})
	if err == nil || p.Result != state.ResultRolledBack || p.FragmentEdit != res2.Edit || !p.NotFromEdit {
		t.Fatalf("pass %+v %v, want a rollback of edit %d, not from it", p, err, res2.Edit)
	}
	if !strings.Contains(p.Error, "Fix the cause (it failed the same way before the last change, so ask-nix undo would not help)") || strings.Contains(p.Error, "or ask-nix undo)") {
		t.Fatalf("advice: %s", p.Error)
	}
	e, err := txn.HistoryIn(w.s.StateDir).Entry(res2.Edit)
	if err != nil {
		t.Fatal(err)
	}
	if e.Status == txn.StatusFailed {
		t.Fatalf("the edit was blamed: %+v", e)
	}
	if e1, _ := txn.HistoryIn(w.s.StateDir).Entry(res.Edit); e1.Status != txn.StatusApplied {
		t.Fatalf("the earlier edit became %+v", e1)
	}

	// Fixed by hand, then an edit that does break the check is blamed.
	w.set("standin.failHealthCheck", fragment.Bool(false))
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Result != state.ResultSuccess {
		t.Fatalf("pass %+v %v", p, err)
	}
	res4, err := store.Apply(context.Background(), "break the check", intent.Intent{Kind: intent.SetOption, Option: "standin.failHealthCheck", Value: true})
	if err != nil {
		t.Fatal(err)
	}
	p, err = w.r.Pass(ctx, reconciler.PassOptions{})
	if err == nil || p.Result != state.ResultRolledBack || p.FragmentEdit != res4.Edit || p.NotFromEdit || !strings.Contains(p.Error, fmt.Sprintf("Fix the fragment (or take edit %d (set standin.failHealthCheck to true) back with ask-nix undo)", res4.Edit)) {
		t.Fatalf("pass %+v %v, want a rollback blamed on edit %d", p, err, res4.Edit)
	}
	if e, _ := txn.HistoryIn(w.s.StateDir).Entry(res4.Edit); e.Status != txn.StatusFailed || !strings.Contains(e.Reason, "health check failed; rolled back to generation ") {
		t.Fatalf("history entry %+v", e)
	}

	// An edit whose evaluation fails carries Nix's message.
	w.set("standin.failHealthCheck", fragment.Bool(false))
	res3 := w.askNixInstall("notinthestandin")
	if p, _ := w.r.Pass(ctx, reconciler.PassOptions{}); p.Result != state.ResultFailure || p.FragmentEdit != res3.Edit {
		t.Fatalf("pass %+v", p)
	}
	e3, _ := txn.HistoryIn(w.s.StateDir).Entry(res3.Edit)
	if e3.Status != txn.StatusFailed || !strings.Contains(e3.Reason, "nixpkgs has no package named notinthestandin, which the fragment installs.") ||
		!strings.Contains(e3.Reason, "(error: undefined variable 'notinthestandin')") {
		t.Fatalf("history entry %+v", e3)
	}
}

// An unknown package written into the fragment by hand, after ask-nix's
// edits: the error's first sentence must not offer ask-nix undo when
// its last words say undo cannot take the hand change back; after an
// ask-nix edit it does offer it.
func TestUnknownPackageSentenceAgreesWithTheAdvice(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.askNixInstall("hello")
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	w.install("fierfox") // by hand
	p, _ := w.r.Pass(ctx, reconciler.PassOptions{})
	if p.Result != state.ResultFailure || !strings.HasPrefix(p.Error, "nixpkgs has no package named fierfox") ||
		!strings.Contains(p.Error, "ask-nix undo cannot take that back") || strings.Contains(p.Error, "take the last edit back with ask-nix undo") {
		t.Fatalf("hand edit: %s %s", p.Result, p.Error)
	}
}

// A failed activation after a hand edit says what a failed evaluation
// says then: undo cannot take the hand change back (it would take back
// the last ask-nix edit instead).
func TestRolledBackHandEditAdvice(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.askNixInstall("hello")
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	wrote, err := os.ReadFile(w.s.Fragment)
	if err != nil {
		t.Fatal(err)
	}
	w.set("standin.failActivation", fragment.Bool(true)) // by hand
	p, _ := w.r.Pass(ctx, reconciler.PassOptions{})
	if p.Result != state.ResultRolledBack || !strings.Contains(p.Error, "Fix the fragment (it was changed by hand since ask-nix's last edit, so ask-nix undo cannot take that back; `diff -u ") || strings.Contains(p.Error, "or ask-nix undo") {
		t.Fatalf("hand edit: %s %s", p.Result, p.Error)
	}
	// The way back it names: the cp puts the fragment back as edit 1
	// wrote it.
	m := regexp.MustCompile("`(cp [^`]+)` puts it back as edit 1 left it").FindStringSubmatch(p.Error)
	if m == nil {
		t.Fatalf("no cp in the advice:\n%s", p.Error)
	}
	if out, err := exec.Command("/bin/sh", "-c", m[1]).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", m[1], err, out)
	}
	if got, err := os.ReadFile(w.s.Fragment); err != nil || string(got) != string(wrote) {
		t.Fatalf("after %s: %v\n%s", m[1], err, got)
	}
}

// The cp that puts a missing fragment back works when pasted into a
// shell, also where the state directory's path has a space.
func TestMissingFragmentCopyAdviceRunsInAShell(t *testing.T) {
	w := newWorld(t, playground.Options{}, map[string]string{"stateDir": filepath.Join(t.TempDir(), "nix humanity's state")})
	w.askNixInstall("hello")
	want, err := os.ReadFile(w.s.Fragment)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(w.s.Fragment); err != nil {
		t.Fatal(err)
	}
	_, err = w.r.Pass(ctx, reconciler.PassOptions{})
	if err == nil {
		t.Fatal("a pass without the fragment succeeded")
	}
	m := regexp.MustCompile("`(cp [^`]+)`").FindStringSubmatch(err.Error())
	if m == nil {
		t.Fatalf("no cp in the advice:\n%v", err)
	}
	if out, err := exec.Command("/bin/sh", "-c", m[1]).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", m[1], err, out)
	}
	if got, err := os.ReadFile(w.s.Fragment); err != nil || string(got) != string(want) {
		t.Fatalf("after %s: %v\n%s", m[1], err, got)
	}
}

// A failed edit taken back (the pass after it a no-op: the inputs are
// back to what is applied), then made again: the second failure is the
// new edit's doing, though the pass before the last change failed the
// same way. The no-op between says the inputs were fine again, so the
// edit is marked failed and undo is the advice, as for the first.
func TestSameFailureAfterBackToAppliedIsTheEdits(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	store := &txn.Store{Fragment: w.s.Fragment, StateDir: w.s.StateDir}
	apply := func(text string, in intent.Intent) int {
		t.Helper()
		res, err := store.Apply(context.Background(), text, in)
		if err != nil {
			t.Fatal(err)
		}
		return res.Edit
	}
	apply("install hello", intent.Intent{Kind: intent.Install, Packages: []string{"hello"}})
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Result != state.ResultSuccess {
		t.Fatalf("pass %+v %v", p, err)
	}
	bad := apply("install notinthestandin", intent.Intent{Kind: intent.Install, Packages: []string{"notinthestandin"}})
	if p, _ := w.r.Pass(ctx, reconciler.PassOptions{}); p.Result != state.ResultFailure || p.NotFromEdit {
		t.Fatalf("pass %+v, want a failure from edit %d", p, bad)
	}
	apply("remove notinthestandin", intent.Intent{Kind: intent.Remove, Packages: []string{"notinthestandin"}})
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Result != state.ResultNoop || p.Reason != "edits 2 to 3 left the fragment as it was built: inputs are back to what is applied" {
		t.Fatalf("pass %+v %v, want a no-op back to what is applied", p, err)
	}
	// Made again with another package: other inputs than the first
	// failure's, the same Nix error.
	again := apply("install git and notinthestandin", intent.Intent{Kind: intent.Install, Packages: []string{"git", "notinthestandin"}})
	p, err := w.r.Pass(ctx, reconciler.PassOptions{})
	if err == nil || p.Result != state.ResultFailure || p.FragmentEdit != again || p.NotFromEdit {
		t.Fatalf("pass %+v %v, want a failure blamed on edit %d", p, err, again)
	}
	if strings.Contains(p.Error, "built edits") || strings.Contains(p.Error, "failed the same way before") || !strings.Contains(p.Error, fmt.Sprintf("take edit %d (add 2 packages: git, notinthestandin) back with ask-nix undo", again)) {
		t.Fatalf("advice: %s", p.Error)
	}
	if e, _ := txn.HistoryIn(w.s.StateDir).Entry(again); e.Status != txn.StatusFailed {
		t.Fatalf("edit %d in the history: %+v, want failed", again, e)
	}
}

// A switch on request between two failures evaluates nothing: the
// failure before it, on other inputs, with the same Nix error, still
// says the new edit is not the cause (as a rolled-back activation's
// blame already did).
func TestSameEvalFailureAcrossARollbackIsNotTheEdits(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.askNixInstall("hello")
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Result != state.ResultSuccess {
		t.Fatalf("pass %+v %v", p, err)
	}
	// A hand edit that breaks evaluation.
	w.set("standin.kernelVersion", fragment.Int(5))
	if p, _ := w.r.Pass(ctx, reconciler.PassOptions{}); p.Result != state.ResultFailure {
		t.Fatalf("hand edit pass %+v", p)
	}
	if p, err := w.r.SwitchGeneration(ctx, 1); err != nil || p.Trigger != reconciler.TriggerRollback {
		t.Fatalf("rollback %+v %v", p, err)
	}
	res := w.askNixInstall("git")
	p, err := w.r.Pass(ctx, reconciler.PassOptions{})
	if err == nil || p.Result != state.ResultFailure || p.FragmentEdit != res.Edit || !p.NotFromEdit {
		t.Fatalf("pass %+v %v, want a failure of edit %d, not from it", p, err, res.Edit)
	}
	if !strings.Contains(p.Error, "it failed the same way before the last change, so ask-nix undo would not help") {
		t.Fatalf("advice: %s", p.Error)
	}
	if e, _ := txn.HistoryIn(w.s.StateDir).Entry(res.Edit); e.Status == txn.StatusFailed {
		t.Fatalf("the edit was blamed: %+v", e)
	}
}

// A failed health check that is not the edit's doing, whose rollback
// fails too: the edit is not blamed, and what history says of it is the
// truth (the pass failed, the way back failed, what ran, what to do),
// not that the pass "did not build it".
func TestFailedRollbackNotFromEdit(t *testing.T) {
	w := newWorld(t, playground.Options{HealthCheck: true}, nil)
	w.askNixInstall("hello")
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Result != state.ResultSuccess {
		t.Fatalf("pass %+v %v", p, err)
	}
	// A hand edit breaks the check; rolled back.
	w.set("standin.failHealthCheck", fragment.Bool(true))
	if p, _ := w.r.Pass(ctx, reconciler.PassOptions{}); p.Result != state.ResultRolledBack {
		t.Fatalf("hand edit pass %+v", p)
	}
	// An ask-nix edit on top fails the same way, and this time putting
	// back what ran before fails too.
	res := w.askNixInstall("git")
	before := w.current()
	script := filepath.Join(before.Path, "bin", "switch-to-configuration")
	w.rec.Next = nixruntest.Func(func(ctx context.Context, c nixrun.Cmd) (nixrun.Result, error) {
		if slices.Contains(c.Argv, script) {
			return nixrun.Result{}, errors.New("stand-in: switching back refused")
		}
		return nixrun.Exec{}.Run(ctx, c)
	})
	p, err := w.r.Pass(ctx, reconciler.PassOptions{})
	w.rec.Next = nil
	if err == nil || p.Result != state.ResultFailure || !p.RollbackFailed || p.RollbackFailedTo != before.Number || !p.NotFromEdit || p.FragmentEdit != res.Edit {
		t.Fatalf("pass %+v %v, want a failed rollback, not from edit %d", p, err, res.Edit)
	}
	if !strings.Contains(p.Error, fmt.Sprintf("ask-nix rollback --to %d", before.Number)) {
		t.Fatalf("error does not name the generation to put back: %s", p.Error)
	}
	es, err := txn.HistoryIn(w.s.StateDir).Entries()
	if err != nil {
		t.Fatal(err)
	}
	e := es[len(es)-1]
	if e.Edit != res.Edit || e.Status == txn.StatusFailed {
		t.Fatalf("the edit was blamed: %+v", e)
	}
	o := reconciler.EditOutcomes(w.state(), es)[len(es)-1]
	want := fmt.Sprintf("pass %d failed (health check failed, not this edit's doing), and putting back generation %d failed too: generation %d ran when it ended. Check the system (ask-nix status), then put a working generation back (ask-nix rollback --to %d)",
		p.ID, before.Number, p.RunningGeneration, before.Number)
	if o.Outcome != reconciler.OutcomePending || o.Note != want || p.RunningGeneration == 0 {
		t.Fatalf("outcome %+v (running generation %d), want note %q", o, p.RunningGeneration, want)
	}
	rep, err := reconciler.Status(w.s)
	if err != nil {
		t.Fatal(err)
	}
	if s := reconciler.OneLine(rep, time.Now()); !strings.Contains(s, fmt.Sprintf("putting back generation %d failed too", before.Number)) {
		t.Fatalf("status line: %s", s)
	}
}

// An edit whose writer was killed after it wrote the fragment, before it
// marked the edit done (its entry still pending in the log), is the
// edit a pass builds: the pass names it, as it would once the next
// ask-nix edit settles it, and not as a hand change.
func TestPassNamesAnEditCutShortAfterItsWrite(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	res := w.askNixInstall("hello")
	// The kill: the log's last line, the status that marks it applied,
	// never reached the disk.
	log := filepath.Join(txn.HistoryIn(w.s.StateDir).Dir, "log.jsonl")
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSuffix(string(data), "\n"), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, `"event":"status"`) || !strings.Contains(last, `"applied"`) {
		t.Fatalf("the log does not end in the applied mark: %q", last)
	}
	if err := os.WriteFile(log, []byte(strings.Join(lines[:len(lines)-1], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := w.r.Pass(ctx, reconciler.PassOptions{})
	if err != nil || p.Result != state.ResultSuccess || p.FragmentEdit != res.Edit {
		t.Fatalf("pass %+v %v, want one that built edit %d", p, err, res.Edit)
	}
}
