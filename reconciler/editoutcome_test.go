package reconciler_test

import (
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

func TestEditOutcomes(t *testing.T) {
	at := func(min int) time.Time { return time.Date(2026, 11, 27, 10, min, 0, 0, time.UTC) }
	edit := func(n, min int, status string) txn.Entry {
		return txn.Entry{Edit: n, Time: at(min), Status: status}
	}
	pass := func(id int64, min int, res state.Result, action string, built, gen int) state.Pass {
		return state.Pass{ID: id, Started: at(min), Finished: at(min), Result: res, Action: action, FragmentEdit: built, Generation: gen}
	}
	applied := txn.StatusApplied
	for _, tc := range []struct {
		name   string
		es     []txn.Entry
		passes []state.Pass
		want   []string // Words, and the note after a "|"
	}{
		{"written, no pass yet", []txn.Entry{edit(1, 1, applied)}, nil, []string{"pending"}},
		{"built and switched", []txn.Entry{edit(1, 1, applied), edit(2, 3, applied)},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "switch", 1, 4)},
			[]string{"applied gen 4", "pending"}},
		{"a burst built at once", []txn.Entry{edit(1, 1, applied), edit(2, 1, applied)},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "switch", 2, 5)},
			[]string{"applied gen 5", "applied gen 5"}},
		{"boot and test", []txn.Entry{edit(1, 1, applied), edit(2, 3, applied)},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "boot", 1, 6), pass(2, 4, state.ResultSuccess, "test", 2, 6)},
			[]string{"gen 6 at boot", "live (test)"}},
		// apply --action test, then apply: the generation the switch
		// made, not "live (test)" for good.
		{"test, then switch", []txn.Entry{edit(1, 1, applied), edit(2, 3, applied)},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "test", 1, 5), pass(2, 3, state.ResultSuccess, "switch", 1, 6), pass(3, 4, state.ResultSuccess, "test", 2, 6)},
			[]string{"applied gen 6", "live (test)"}},
		{"test, then boot", []txn.Entry{edit(1, 1, applied)},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "test", 1, 5), pass(2, 3, state.ResultSuccess, "boot", 1, 6)},
			[]string{"gen 6 at boot"}},
		{"boot, then switch", []txn.Entry{edit(1, 1, applied)},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "boot", 1, 5), pass(2, 3, state.ResultSuccess, "switch", 1, 5)},
			[]string{"applied gen 5"}},
		{"test, boot, then switch", []txn.Entry{edit(1, 1, applied)},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "test", 1, 4), pass(2, 3, state.ResultSuccess, "boot", 1, 5), pass(3, 4, state.ResultSuccess, "switch", 1, 5)},
			[]string{"applied gen 5"}},
		{"switch, then a test of a later edit", []txn.Entry{edit(1, 1, applied), edit(2, 3, applied)},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "switch", 1, 5), pass(2, 4, state.ResultSuccess, "test", 2, 5)},
			[]string{"applied gen 5", "live (test)"}},
		{"test, undone, then switch", []txn.Entry{edit(1, 1, applied), {Edit: 2, Time: at(3), Status: applied, Undoes: 1}},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "test", 1, 5), pass(2, 4, state.ResultSuccess, "switch", 2, 6)},
			[]string{"live (test)", "applied gen 6"}},
		{"built only", []txn.Entry{edit(1, 1, applied)},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "build", 1, 3)},
			[]string{"pending|built by pass 1, not activated"}},
		{"failed", []txn.Entry{{Edit: 1, Time: at(1), Status: txn.StatusFailed, Reason: "pass 1: build failed"}},
			[]state.Pass{pass(1, 2, state.ResultFailure, "switch", 1, 0)},
			[]string{"failed"}},
		{"failed for another reason", []txn.Entry{edit(1, 1, applied)},
			[]state.Pass{func() state.Pass {
				p := pass(1, 2, state.ResultFailure, "switch", 1, 0)
				p.NotFromEdit = true
				return p
			}()},
			[]string{"pending|pass 1 did not build it: its error is not from this edit"}},
		{"rolled back for another reason", []txn.Entry{edit(1, 1, applied)},
			[]state.Pass{func() state.Pass {
				p := pass(10, 2, state.ResultRolledBack, "switch", 1, 3)
				p.NotFromEdit, p.Reason, p.RolledBackTo = true, "health check failed", 3
				return p
			}()},
			[]string{"rolled back|pass 10 built it, then health check failed, so generation 3 was put back (not this edit's doing)"}},
		// The cause, a hand edit, taken out by hand again: the pass
		// after puts the edit's change in place with it.
		{"rolled back for another reason, then changed by hand and built so", []txn.Entry{edit(1, 1, applied)},
			[]state.Pass{func() state.Pass {
				p := pass(10, 2, state.ResultRolledBack, "switch", 1, 3)
				p.NotFromEdit, p.Reason, p.RollbackFailed, p.RolledBackTo = true, "activation failed", false, 3
				return p
			}(), pass(11, 3, state.ResultSuccess, "switch", 0, 4)},
			[]string{"written|the fragment was changed by hand after it and built so"}},
		{"rolled back for another reason, then a failed hand change", []txn.Entry{edit(1, 1, applied)},
			[]state.Pass{func() state.Pass {
				p := pass(10, 2, state.ResultRolledBack, "switch", 1, 3)
				p.NotFromEdit, p.Reason, p.RolledBackTo = true, "activation failed", 3
				return p
			}(), pass(11, 3, state.ResultFailure, "switch", 0, 0)},
			[]string{"rolled back|pass 10 built it, then activation failed, so generation 3 was put back (not this edit's doing)"}},
		{"built only, then changed by hand and built so", []txn.Entry{edit(1, 1, applied)},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "build", 1, 3), pass(2, 3, state.ResultSuccess, "switch", 0, 4)},
			[]string{"written|the fragment was changed by hand after it and built so"}},
		{"failed for another reason, and the rollback failed too", []txn.Entry{edit(1, 1, applied)},
			[]state.Pass{func() state.Pass {
				p := pass(11, 2, state.ResultFailure, "switch", 1, 0)
				p.NotFromEdit, p.Reason, p.RollbackFailed, p.RollbackFailedTo = true, "health check failed", true, 3
				p.Running, p.RunningGeneration = "/nix/store/x-nixos-system", 4
				return p
			}()},
			[]string{"pending|pass 11 failed (health check failed, not this edit's doing), and putting back generation 3 failed too: generation 4 ran when it ended. Check the system (ask-nix status), then put a working generation back (ask-nix rollback --to 3)"}},
		{"an activation cut short, put back in vain (recorded before rollbackFailed was)", []txn.Entry{edit(1, 1, applied)},
			[]state.Pass{func() state.Pass {
				p := pass(12, 2, state.ResultFailure, "switch", 1, 0)
				p.NotFromEdit, p.Reason = true, "activation cut short"
				p.Running = "/nix/store/y-nixos-system"
				return p
			}()},
			[]string{"pending|pass 12 failed (activation cut short, not this edit's doing), and putting back what ran before failed too: a system outside the profile ran when it ended (/nix/store/y-nixos-system). Check the system (ask-nix status), then put a working generation back (ask-nix rollback --to N)"}},
		{"failed, mark missing", []txn.Entry{edit(1, 1, applied)},
			[]state.Pass{pass(1, 2, state.ResultRolledBack, "switch", 1, 3)},
			[]string{"failed"}},
		{"undone before it was built", []txn.Entry{edit(1, 1, applied), {Edit: 2, Time: at(2), Status: applied, Undoes: 1}},
			[]state.Pass{pass(1, 3, state.ResultSuccess, "switch", 2, 2)},
			[]string{"undone by 2", "applied gen 2"}},
		{"undone after it was applied", []txn.Entry{edit(1, 1, applied), {Edit: 2, Time: at(3), Status: applied, Undoes: 1}},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "switch", 1, 2), pass(2, 4, state.ResultSuccess, "switch", 2, 3)},
			[]string{"applied gen 2", "applied gen 3"}},
		{"undone, no pass yet", []txn.Entry{edit(1, 1, applied), {Edit: 2, Time: at(2), Status: applied, UndoesAlso: []int{1}}},
			nil, []string{"undone by 2", "pending"}},
		// "Nothing to do: edits 2 to 3 left the fragment as it was
		// built": the undo is what pass 1 put in place.
		{"undone before it was built, back to what is built", []txn.Entry{edit(1, 1, applied), {Edit: 2, Time: at(3), Status: applied, BeforeIs: 1}, {Edit: 3, Time: at(4), Status: applied, Undoes: 2, BeforeIs: 2}},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "switch", 1, 7)},
			[]string{"applied gen 7", "undone by 3", "applied gen 7"}},
		{"undone before it was built, a hand change before it", []txn.Entry{edit(1, 1, applied), {Edit: 2, Time: at(3), Status: applied}, {Edit: 3, Time: at(4), Status: applied, Undoes: 2, BeforeIs: 2}},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "switch", 1, 7)},
			[]string{"applied gen 7", "undone by 3", "pending"}},
		{"undone before it was built, rolled back since", []txn.Entry{edit(1, 1, applied), {Edit: 2, Time: at(3), Status: applied, BeforeIs: 1}, {Edit: 3, Time: at(5), Status: applied, Undoes: 2, BeforeIs: 2}},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "switch", 1, 7), pass(2, 4, state.ResultSuccess, "switch", 0, 6)},
			[]string{"applied gen 7", "undone by 3", "pending"}},
		{"changed by hand after it", []txn.Entry{edit(1, 1, applied)},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "switch", 0, 2)},
			[]string{"written|the fragment was changed by hand after it and built so"}},
		// A rollback on request after the edit builds no fragment: the
		// edit is still to build, as status says (not "changed by hand
		// after it and built so").
		{"rolled back on request after it", []txn.Entry{edit(1, 1, applied)},
			[]state.Pass{pass(1, 0, state.ResultSuccess, "switch", 0, 2), {ID: 2, Started: at(2), Finished: at(2), Result: state.ResultSuccess, Action: "switch", Generation: 1, Trigger: reconciler.TriggerRollback}},
			[]string{"pending"}},
		{"older than the kept passes", []txn.Entry{edit(1, 1, applied)},
			[]state.Pass{pass(7, 5, state.ResultFailure, "switch", 0, 0)},
			[]string{"written"}},
		{"a pass before it names its number (the log was lost and numbering began again)", []txn.Entry{edit(1, 5, applied)},
			[]state.Pass{pass(9, 2, state.ResultSuccess, "switch", 3, 4)},
			[]string{"pending"}},
		{"clock set back between the edit and its pass", []txn.Entry{edit(1, 5, applied)},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "switch", 1, 4)},
			[]string{"applied gen 4"}},
		{"not written", []txn.Entry{edit(1, 1, txn.StatusNotWritten)}, nil, []string{""}},
		{"failed, then applied", []txn.Entry{{Edit: 1, Time: at(1), Status: applied, Reason: "built and activated by pass 2, after an earlier failure (pass 1: build failed)"}},
			[]state.Pass{pass(1, 2, state.ResultFailure, "switch", 1, 0), pass(2, 3, state.ResultSuccess, "switch", 1, 5)},
			[]string{"applied gen 5|built and activated by pass 2, after an earlier failure (pass 1: build failed)"}},
		{"failed, then applied (marked so before the reason said it)", []txn.Entry{{Edit: 1, Time: at(1), Status: applied, Reason: "built and activated by pass 2"}},
			[]state.Pass{pass(1, 2, state.ResultFailure, "switch", 1, 0), pass(2, 3, state.ResultSuccess, "switch", 1, 5)},
			[]string{"applied gen 5|built and activated by pass 2"}},
		{"settled after an interrupted write", []txn.Entry{{Edit: 1, Time: at(1), Status: applied, Reason: "settled after an interrupted write"}},
			[]state.Pass{pass(2, 3, state.ResultSuccess, "switch", 1, 5)},
			[]string{"applied gen 5"}},
		{"failed, then applied, the mark missing", []txn.Entry{{Edit: 1, Time: at(1), Status: txn.StatusFailed, Reason: "pass 1: build failed"}},
			[]state.Pass{pass(1, 2, state.ResultFailure, "switch", 1, 0), pass(2, 3, state.ResultNoop, "switch", 1, 5)},
			[]string{"failed"}}, // a no-op that does not say it found the system in place
		{"failed, then found in place, the mark missing", []txn.Entry{{Edit: 1, Time: at(1), Status: txn.StatusFailed, Reason: "pass 1: build failed"}},
			[]state.Pass{pass(1, 2, state.ResultFailure, "switch", 1, 0), func() state.Pass {
				p := pass(2, 3, state.ResultNoop, "switch", 1, 5)
				p.Reason = "toplevel already current"
				return p
			}()},
			[]string{"applied gen 5|applied after an earlier failure (pass 1: build failed)"}},
		{"failed, then applied under a newer edit, the mark missing", []txn.Entry{{Edit: 1, Time: at(1), Status: txn.StatusFailed, Reason: "pass 1: build failed"}, edit(2, 3, applied)},
			[]state.Pass{pass(1, 2, state.ResultFailure, "switch", 1, 0), func() state.Pass {
				p := pass(2, 4, state.ResultSuccess, "switch", 2, 5)
				p.AppliedAfterFailure = []int{1}
				return p
			}()},
			[]string{"applied gen 5|applied after an earlier failure (pass 1: build failed)", "applied gen 5"}},
		{"failed, and a newer edit that took its change out applied", []txn.Entry{{Edit: 1, Time: at(1), Status: txn.StatusFailed, Reason: "pass 1: build failed"}, edit(2, 3, applied)},
			[]state.Pass{pass(1, 2, state.ResultFailure, "switch", 1, 0), pass(2, 4, state.ResultSuccess, "switch", 2, 5)},
			[]string{"failed", "applied gen 5"}},
		{"applied, then failed", []txn.Entry{{Edit: 1, Time: at(1), Status: txn.StatusFailed, Reason: "pass 2: build failed"}},
			[]state.Pass{pass(1, 2, state.ResultSuccess, "switch", 1, 5), pass(2, 3, state.ResultFailure, "switch", 1, 0)},
			[]string{"failed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &state.State{History: tc.passes}
			got := reconciler.EditOutcomes(st, tc.es)
			for i, o := range got {
				w := o.Words()
				if o.Note != "" {
					w += "|" + o.Note
				}
				if w != tc.want[i] {
					t.Errorf("edit %d: %q, want %q", tc.es[i].Edit, w, tc.want[i])
				}
			}
		})
	}
}

// With more passes than the state file keeps, the first kept pass that
// has an edit older than it may not be the one that applied it.
func TestEditOutcomeOlderThanKept(t *testing.T) {
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	st := &state.State{}
	for i := range state.MaxHistory {
		st.Record(state.Pass{ID: int64(i + 1), Started: at.Add(time.Duration(i+1) * time.Minute), Result: state.ResultSuccess, Action: "switch", FragmentEdit: 1, Generation: i + 1})
	}
	got := reconciler.EditOutcomes(st, []txn.Entry{{Edit: 1, Time: at, Status: txn.StatusApplied}})
	if o := got[0]; o.Words() != "applied" || o.Generation != 0 || o.Note == "" {
		t.Fatalf("%+v", o)
	}
}
