package reconciler_test

import (
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// outcome is what ask-nix history says became of edit n.
func (c *confWorld) outcome(n int) reconciler.EditOutcome {
	c.t.Helper()
	es, err := txn.HistoryIn(c.s.StateDir).Entries()
	if err != nil {
		c.t.Fatal(err)
	}
	outs := reconciler.EditOutcomes(c.state(), es)
	for i, e := range es {
		if e.Edit == n {
			return outs[i]
		}
	}
	c.t.Fatalf("no edit %d", n)
	return reconciler.EditOutcome{}
}

// failWithConf makes an ask-nix edit and breaks configuration.nix by
// hand before the pass that builds it: the pass fails for a cause
// outside the edit, yet the edit is marked failed (it was new in the
// failed build: either may be the cause).
func (c *confWorld) failWithConf(request string, in intent.Intent) *txn.Result {
	c.t.Helper()
	res := c.apply(request, in)
	c.writeConf(confOK + "system: system;; # a slip of the hand\n")
	p, err := c.r.Pass(ctx, reconciler.PassOptions{})
	if err == nil || p.Result != state.ResultFailure || p.FragmentEdit != res.Edit || p.NotFromEdit {
		c.t.Fatalf("pass %+v %v, want a failure of edit %d", p, err, res.Edit)
	}
	if e := c.entry(res.Edit); e.Status != txn.StatusFailed {
		c.t.Fatalf("edit %d after the failed pass: %+v", res.Edit, e)
	}
	if o := c.outcome(res.Edit); o.Outcome != reconciler.OutcomeFailed {
		c.t.Fatalf("outcome after the failed pass: %+v", o)
	}
	return res
}

// The defect: an edit marked failed because the pass that built it
// failed (here configuration.nix, broken by hand at the same time) stays
// "failed" in ask-nix history when configuration.nix is fixed and a
// later pass puts it in place, built with a newer edit on top of it.
// Each edit in what the successful pass built is marked applied, and
// history says it came after a failure.
func TestSuccessMarksEarlierFailedEditsApplied(t *testing.T) {
	c := newConfWorld(t, playground.Options{})
	git := c.failWithConf("install git", intent.Intent{Kind: intent.Install, Packages: []string{"git"}})

	// Another edit on top, while configuration.nix is still broken: it
	// fails the same way, and is not blamed.
	htop := c.apply("install htop", intent.Intent{Kind: intent.Install, Packages: []string{"htop"}})
	if p, err := c.r.Pass(ctx, reconciler.PassOptions{}); err == nil || p.FragmentEdit != htop.Edit || !p.NotFromEdit {
		t.Fatalf("second failed pass %+v %v", p, err)
	}

	c.writeConf(confOK) // fixed
	p, err := c.r.Pass(ctx, reconciler.PassOptions{})
	if err != nil || p.Result != state.ResultSuccess || p.FragmentEdit != htop.Edit {
		t.Fatalf("pass after the fix %+v %v", p, err)
	}
	for _, n := range []int{git.Edit, htop.Edit} {
		if e := c.entry(n); e.Status != txn.StatusApplied {
			t.Errorf("edit %d after the successful pass: %+v", n, e)
		}
	}
	e := c.entry(git.Edit)
	if want := "built and activated by pass " + itoa(int(p.ID)) + " with edit " + itoa(htop.Edit) + " on top, after an earlier failure (pass "; !strings.HasPrefix(e.Reason, want) {
		t.Errorf("reason of edit %d: %q, want it to start %q", git.Edit, e.Reason, want)
	}
	if o := c.outcome(git.Edit); o.Outcome != reconciler.OutcomeApplied || !o.AfterFailure || o.Pass != p.ID || o.Generation != p.Generation || !strings.Contains(o.Note, "after an earlier failure") {
		t.Errorf("outcome of edit %d: %+v", git.Edit, o)
	}
	if o := c.outcome(htop.Edit); o.Outcome != reconciler.OutcomeApplied || o.AfterFailure {
		t.Errorf("outcome of edit %d, never marked failed: %+v", htop.Edit, o)
	}
	if got := p.AppliedAfterFailure; len(got) != 1 || got[0] != git.Edit {
		t.Errorf("pass appliedAfterFailure %v, want [%d]", got, git.Edit)
	}
	if line, _ := c.status(); !strings.Contains(line, "edit "+itoa(git.Edit)+" in place after an earlier failure") {
		t.Errorf("status line:\n%s", line)
	}
}

// An edit whose own change a later edit took out (the package it
// installs removed again) is not in what the successful pass built: it
// stays failed, as it is not in the system.
func TestSuccessLeavesFailedEditsTakenOut(t *testing.T) {
	c := newConfWorld(t, playground.Options{})
	git := c.failWithConf("install git", intent.Intent{Kind: intent.Install, Packages: []string{"git"}})
	c.writeConf(confOK)
	rm := c.apply("remove git", intent.Intent{Kind: intent.Remove, Packages: []string{"git"}})
	p, err := c.r.Pass(ctx, reconciler.PassOptions{})
	if err != nil || p.FragmentEdit != rm.Edit || (p.Result != state.ResultSuccess && p.Result != state.ResultNoop) {
		t.Fatalf("pass %+v %v", p, err)
	}
	if e := c.entry(git.Edit); e.Status != txn.StatusFailed {
		t.Errorf("edit %d, taken out by edit %d: %+v", git.Edit, rm.Edit, e)
	}
	if o := c.outcome(git.Edit); o.Outcome != reconciler.OutcomeFailed {
		t.Errorf("outcome of edit %d: %+v", git.Edit, o)
	}
	if len(p.AppliedAfterFailure) != 0 {
		t.Errorf("pass appliedAfterFailure %v", p.AppliedAfterFailure)
	}
}

// The failed edit's system was put in place by something else (here a
// second reconciler with a state directory of its own, as a
// nixos-rebuild switch by hand would): the next pass evaluates, finds
// that toplevel current and changes nothing, and the edit is marked
// applied ("found in place").
func TestToplevelAlreadyCurrentMarksFailedEditApplied(t *testing.T) {
	c := newConfWorld(t, playground.Options{})
	git := c.failWithConf("install git", intent.Intent{Kind: intent.Install, Packages: []string{"git"}})
	c.writeConf(confOK)

	other := *c.s
	other.StateDir = t.TempDir()
	byHand := &reconciler.Reconciler{Settings: &other, Runner: c.rec, Hostname: "playground"}
	if p, err := byHand.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Result != state.ResultSuccess {
		t.Fatalf("switch by another hand %+v %v", p, err)
	}

	p, err := c.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err != nil || p.Result != state.ResultNoop || p.Reason != "toplevel already current" || p.FragmentEdit != git.Edit {
		t.Fatalf("pass %+v %v", p, err)
	}
	e := c.entry(git.Edit)
	if e.Status != txn.StatusApplied || !strings.HasPrefix(e.Reason, "found in place by pass "+itoa(int(p.ID))+" (toplevel already current), after an earlier failure (pass ") {
		t.Errorf("edit %d: %+v", git.Edit, e)
	}
	if o := c.outcome(git.Edit); o.Outcome != reconciler.OutcomeApplied || !o.AfterFailure || o.Pass != p.ID {
		t.Errorf("outcome of edit %d: %+v", git.Edit, o)
	}
}

// A failed mark left on an edit whose inputs the last successful pass
// applied, with a newer pass recorded since (here two switches on
// request, there and back), so the mark of the last pass is no longer
// the one to put right (the process that recorded the success stopped
// before it marked the edit, or an older version wrote the mark):
// ask-nix apply finds the inputs unchanged and runs no Nix, and the
// applied hash proves the edit is in place, so it is marked applied. A
// watch event's no-op reads no history, and leaves it.
func TestUnchangedInputsPutAFailedMarkRight(t *testing.T) {
	c := newConfWorld(t, playground.Options{})
	git := c.apply("install git", intent.Intent{Kind: intent.Install, Packages: []string{"git"}})
	p, err := c.r.Pass(ctx, reconciler.PassOptions{})
	if err != nil || p.Result != state.ResultSuccess || p.FragmentEdit != git.Edit {
		t.Fatalf("pass %+v %v", p, err)
	}
	for _, n := range []int{p.Generation - 1, p.Generation} {
		if q, err := c.r.SwitchGeneration(ctx, n); err != nil || q.Result != state.ResultSuccess {
			t.Fatalf("switch to %d: %+v %v", n, q, err)
		}
	}
	if st := c.state(); st.Held != "" || st.LastPass.FragmentEdit != 0 {
		t.Fatalf("after the switches: held %q, last pass %+v", st.Held, st.LastPass)
	}
	if err := txn.SetStatus(ctx, c.s.StateDir, git.Edit, txn.StatusFailed, txn.MarkPassFailed, "pass 1: building it failed"); err != nil {
		t.Fatal(err)
	}
	fresh := func() *reconciler.Reconciler {
		c.rec.Reset()
		return &reconciler.Reconciler{Settings: c.s, Runner: c.rec, Hostname: "playground"}
	}
	q, err := fresh().Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if err != nil || q.Result != state.ResultNoop || q.Reason != "inputs unchanged" {
		t.Fatalf("watch pass %+v %v", q, err)
	}
	if e := c.entry(git.Edit); e.Status != txn.StatusFailed {
		t.Errorf("edit %d after a watch event's no-op: %+v", git.Edit, e)
	}
	q, err = fresh().Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err != nil || q.Result != state.ResultNoop {
		t.Fatalf("apply pass %+v %v", q, err)
	}
	if n := len(c.rec.Calls()); n != 0 {
		t.Errorf("the no-op ran %d processes", n)
	}
	e := c.entry(git.Edit)
	if e.Status != txn.StatusApplied || !strings.HasPrefix(e.Reason, "in place since pass "+itoa(int(p.ID))+" applied these inputs, after an earlier failure (pass 1: building it failed)") {
		t.Errorf("edit %d: %+v", git.Edit, e)
	}
	if o := c.outcome(git.Edit); o.Outcome != reconciler.OutcomeApplied || !o.AfterFailure || o.Pass != p.ID {
		t.Errorf("outcome of edit %d: %+v", git.Edit, o)
	}
}
