package reconciler

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// What became of an edit, as ask-nix history says it (EditOutcome).
const (
	// OutcomeApplied: a pass put a system built from the edit (or from a
	// later edit on top of it) in place.
	OutcomeApplied = "applied"
	// OutcomePending: written to the fragment; no pass has built it yet
	// (or the one that did failed for another reason).
	OutcomePending = "pending"
	// OutcomeFailed: the system built from it failed to build, activate
	// or pass its health checks (the edit's status is failed).
	OutcomeFailed = "failed"
	// OutcomeRolledBack: a pass built it and put it in place, then put
	// back what ran before (a failed activation or health check) for a
	// cause that is not the edit's (so its status is not failed); Note
	// says why.
	OutcomeRolledBack = "rolled_back"
	// OutcomeUndone: a later edit undid it before any pass built it.
	OutcomeUndone = "undone"
	// OutcomeWritten: written; what became of it is not known (the passes
	// that built it are older than the state file keeps, or the fragment
	// was changed by hand after it and built so).
	OutcomeWritten = "written"
)

// EditOutcome is what became of an ask-nix edit in the system, read from
// the passes the state file keeps: `ask-nix history` says it beside the
// edit's own status (which is "applied" once the edit wrote the
// fragment, built or not). Edits that did not write the fragment (status
// pending or not-written) have none.
type EditOutcome struct {
	Outcome string `json:"outcome,omitempty"`
	// Generation is the generation the applying pass put in place (0:
	// not known, or a pass with action test, whose system is not one).
	Generation int `json:"generation,omitempty"`
	// Action is the applying pass's activation (switch, boot, test).
	Action string `json:"action,omitempty"`
	// Pass is the id of the pass that applied it, failed with it, or
	// built it last.
	Pass int64 `json:"pass,omitempty"`
	// UndoneBy is the edit that undid it (OutcomeUndone).
	UndoneBy int `json:"undoneBy,omitempty"`
	// AfterFailure: an earlier pass failed with it (the edit was marked
	// failed), and a later one put it in place all the same.
	AfterFailure bool `json:"afterFailure,omitempty"`
	// Note says more, for the text: why it is still pending after a
	// pass built it, why the generation is not known, or which pass
	// failed with it before it was applied.
	Note string `json:"note,omitempty"`
}

// builtUpTo is the newest edit a pass built the fragment of: its own, or
// the newer one after which its content was put back by hand.
func builtUpTo(p state.Pass) int { return max(p.FragmentEdit, p.PutBackAfter) }

// builtIt reports whether pass p built a fragment with edit e in it: one
// from e or a later edit. renumbered: a pass names an edit newer than the
// history has, so its log was lost and numbering began again; then a
// pass must also have started after e was written (one before it names
// an edit of the same number from before). Not otherwise: a clock set
// back between the edit and its pass would make a built edit look
// pending.
func builtIt(p state.Pass, e txn.Entry, renumbered bool) bool {
	return builtUpTo(p) >= e.Edit && (!renumbered || e.Time.IsZero() || !p.Started.Before(e.Time))
}

// actionReach orders what a pass's action did with its system: test
// (live until the reboot), boot (a generation, the boot default), switch
// (both, and live); 0 for the rest.
func actionReach(action string) int {
	switch action {
	case "test":
		return 1
	case "boot":
		return 2
	case "switch":
		return 3
	}
	return 0
}

// EditOutcomes says, for each edit in es (oldest first, as the history
// lists them), what became of it, from the passes st keeps (st may be
// nil: no state file).
func EditOutcomes(st *state.State, es []txn.Entry) []EditOutcome {
	out := make([]EditOutcome, len(es))
	var passes []state.Pass
	complete := true // every pass is kept: the first kept is the first
	if st != nil {
		complete = len(st.History) < state.MaxHistory
		passes = st.History
		if st.LastPass != nil && (len(passes) == 0 || passes[len(passes)-1].ID != st.LastPass.ID) {
			passes = append(passes[:len(passes):len(passes)], *st.LastPass)
		}
	}
	renumbered := false
	if len(es) > 0 {
		for _, p := range passes {
			renumbered = renumbered || builtUpTo(p) > es[len(es)-1].Edit
		}
	}
	for i, e := range es {
		out[i] = editOutcome(passes, complete, renumbered, es, e)
	}
	return out
}

func editOutcome(passes []state.Pass, complete, renumbered bool, es []txn.Entry, e txn.Entry) EditOutcome {
	switch {
	case e.Status == txn.StatusFailed:
		o := EditOutcome{Outcome: OutcomeFailed}
		// The pass that failed with it, when kept.
		failedAt := -1
		for i := len(passes) - 1; i >= 0; i-- {
			if p := passes[i]; builtIt(p, e, renumbered) && (p.Result == state.ResultFailure || p.Result == state.ResultRolledBack) {
				o.Pass, failedAt = p.ID, i
				break
			}
		}
		// A later pass that put this very edit in place, whose mark in
		// the history is missing (its process stopped before it wrote
		// it, or an older version did not write such marks).
		for _, p := range passes[failedAt+1:] {
			if appliedWords(p) != "" && (p.FragmentEdit == e.Edit || slices.Contains(p.AppliedAfterFailure, e.Edit)) {
				a := applied(p)
				a.AfterFailure, a.Note = true, afterFailureNote(e)
				return a
			}
		}
		return o
	case !e.Wrote():
		return EditOutcome{}
	}
	// The first pass that put in place a fragment from this edit or a
	// later one: the edit's change came with it (edits build on one
	// another), unless an edit before that one undid it.
	for i, p := range passes {
		if !putInPlace(p) || !builtIt(p, e, renumbered) {
			continue
		}
		if u := undoneBy(es, e.Edit, builtUpTo(p)); u != 0 && !appliedBefore(passes[:i], e.Edit) {
			return EditOutcome{Outcome: OutcomeUndone, UndoneBy: u}
		}
		// Live until the reboot (test), or only at the next boot (boot):
		// a later pass that built it too and went further (apply after
		// apply --action test or boot) says what became of it: a
		// generation, the boot default, then live.
		for _, q := range passes[i+1:] {
			if actionReach(p.Action) == actionReach("switch") {
				break
			}
			if q.Result == state.ResultSuccess && actionReach(q.Action) > actionReach(p.Action) && q.Generation > 0 &&
				builtIt(q, e, renumbered) && undoneBy(es, e.Edit, builtUpTo(q)) == 0 {
				p = q
			}
		}
		o := applied(p)
		if i == 0 && !complete && (e.Time.IsZero() || e.Time.Before(p.Started)) {
			// The first pass kept: an older one may have applied it.
			o.Generation, o.Pass = 0, 0
			o.Note = "by a pass older than the state file keeps"
		}
		if markedAfterFailure(e) {
			// Marked applied again after a failure: the reason says how
			// and which pass failed with it.
			o.AfterFailure, o.Note = true, e.Reason
		}
		return o
	}
	if u := undoneBy(es, e.Edit, es[len(es)-1].Edit); u != 0 {
		// Undone, and not applied since (nor before, as far as is kept).
		return EditOutcome{Outcome: OutcomeUndone, UndoneBy: u}
	}
	if o, ok := undoAsBuilt(passes, es, e); ok {
		return o
	}
	// Built, not put in place: the newest pass that built it says why.
	for i := len(passes) - 1; i >= 0; i-- {
		p := passes[i]
		if !builtIt(p, e, renumbered) {
			continue
		}
		if handBuilt(passes[i+1:], e) {
			// Built and not kept (rolled back, failed for another
			// cause, only built), then changed by hand on top and
			// put in place so: its change came with that pass, and
			// "rolled back" would say it is not there.
			return EditOutcome{Outcome: OutcomeWritten, Note: handBuiltNote}
		}
		o := EditOutcome{Outcome: OutcomePending, Pass: p.ID}
		switch {
		case p.Result == state.ResultSuccess && p.Action == "build":
			o.Note = fmt.Sprintf("built by pass %d, not activated", p.ID)
		case p.Result == state.ResultFailure || p.Result == state.ResultRolledBack:
			if !p.NotFromEdit {
				o.Outcome = OutcomeFailed // the mark in the history is missing
				return o
			}
			if p.Result == state.ResultRolledBack {
				// Built, and not kept: not pending.
				o.Outcome, o.Note = OutcomeRolledBack, rolledBackNote(p)
				return o
			}
			if rollbackFailed(p) {
				o.Note = rollbackFailedNote(p)
				return o
			}
			o.Note = fmt.Sprintf("pass %d did not build it: its error is not from this edit", p.ID)
		}
		return o
	}
	// No pass built it. A pass that put a fragment in place that no edit
	// wrote, after this edit: changed by hand on top of it. Not a
	// rollback on request, which builds no fragment: it switches to a
	// generation there is (the edit stays pending, as status says).
	if handBuilt(passes, e) {
		return EditOutcome{Outcome: OutcomeWritten, Note: handBuiltNote}
	}
	if len(passes) > 0 && surelyAfter(passes[0].Started, e) {
		// Older than every pass kept, yet none names it.
		return EditOutcome{Outcome: OutcomeWritten}
	}
	return EditOutcome{Outcome: OutcomePending}
}

// handBuiltNote is the note of an edit whose fragment was changed by
// hand after it, and built and put in place so.
const handBuiltNote = "the fragment was changed by hand after it and built so"

// handBuilt reports whether one of passes put in place a fragment that
// no edit wrote (changed by hand), after edit e. Not a rollback on
// request, which builds no fragment: it switches to a generation there
// is.
func handBuilt(passes []state.Pass, e txn.Entry) bool {
	return slices.ContainsFunc(passes, func(p state.Pass) bool {
		return putInPlace(p) && p.Trigger != TriggerRollback && builtUpTo(p) == 0 && surelyAfter(p.Started, e)
	})
}

// applied is the outcome of an edit pass p put in place.
func applied(p state.Pass) EditOutcome {
	o := EditOutcome{Outcome: OutcomeApplied, Generation: p.Generation, Action: p.Action, Pass: p.ID}
	if p.Action == "test" {
		o.Generation = 0
	}
	return o
}

// markedAfterFailure reports whether e was marked applied again after
// a pass had marked it failed: its mark says so. A status line written
// before marks were kept has none; then only its reason tells, in the
// words those versions wrote (legacyAfterFailure), which later wording
// of appliedReason does not change.
func markedAfterFailure(e txn.Entry) bool {
	if e.Status != txn.StatusApplied {
		return false
	}
	if e.Mark != "" {
		return e.Mark == txn.MarkAppliedAfterFailure
	}
	return legacyAfterFailure(e.Reason)
}

// legacyAfterFailure reads the reason of an applied mark from a version
// that wrote no Mark: ", after an earlier failure" in it, or (before
// that) "built and activated by pass N" alone. Frozen: these are the
// words already in history logs, not what this version writes.
func legacyAfterFailure(reason string) bool {
	return strings.Contains(reason, ", after an earlier failure") || strings.HasPrefix(reason, "built and activated by pass ")
}

// afterFailure is what the mark of an edit applied after a failure says.
const afterFailure = "after an earlier failure"

// afterFailureNote says, for an edit still marked failed that a later
// pass put in place, what failed before.
func afterFailureNote(e txn.Entry) string {
	if e.Reason == "" {
		return "applied " + afterFailure
	}
	return "applied " + afterFailure + " (" + e.Reason + ")"
}

// undoAsBuilt is the outcome of an undo of edits no pass put in place:
// it leaves the fragment as the edit before them left it (the undone
// edits' "before"), so when the newest pass that put a system in place
// built that edit's fragment, the undo is in place with it ("Nothing to
// do: edits 21 to 22 left the fragment as it was built", as apply says;
// such a no-op is not recorded, and the undo was said to be pending for
// good). false otherwise: a hand change before the undone edits (no
// BeforeIs), or a newer system put in place since.
func undoAsBuilt(passes []state.Pass, es []txn.Entry, e txn.Entry) (EditOutcome, bool) {
	if e.Undoes == 0 {
		return EditOutcome{}, false
	}
	oldest := slices.Min(append([]int{e.Undoes}, e.UndoesAlso...))
	i := slices.IndexFunc(es, func(x txn.Entry) bool { return x.Edit == oldest })
	if i < 0 || es[i].BeforeIs == 0 {
		return EditOutcome{}, false
	}
	for j := len(passes) - 1; j >= 0; j-- {
		p := passes[j]
		if !putInPlace(p) {
			continue
		}
		if p.FragmentEdit != es[i].BeforeIs || builtUpTo(p) >= oldest {
			return EditOutcome{}, false
		}
		return applied(p), true
	}
	return EditOutcome{}, false
}

// rolledBackNote says why pass p, which built an edit, rolled back from
// it: "pass 10 built it, then health check failed, so generation 3 was
// put back (not this edit's doing)".
func rolledBackNote(p state.Pass) string {
	why := failedBecause(p)
	back := "what ran before was put back"
	if p.RolledBackTo != 0 {
		back = fmt.Sprintf("generation %d was put back", p.RolledBackTo)
	}
	return fmt.Sprintf("pass %d built it, then %s, so %s (not this edit's doing)", p.ID, why, back)
}

// failedBecause is why pass p failed, as its notes say it.
func failedBecause(p state.Pass) string {
	if p.Reason == "" {
		return "it failed"
	}
	return p.Reason
}

// rollbackFailed reports whether pass p failed and could not put back
// what ran before. Passes recorded before RollbackFailed was kept: only
// an activation cut short whose way back failed was a failure marked
// NotFromEdit with that reason.
func rollbackFailed(p state.Pass) bool {
	return p.Result == state.ResultFailure && (p.RollbackFailed || p.NotFromEdit && p.Reason == reasonCutShort)
}

// rollbackFailedNote says, for an edit that pass p built (or found in
// place) and failed with for a cause that is not the edit's, that
// putting back what ran before failed too, what runs now and what to do:
// "pass 12 failed (health check failed, not this edit's doing), and
// putting back generation 3 failed too: generation 4 runs now. Check the
// system (ask-nix status), then put a working generation back (ask-nix
// rollback --to 3)".
func rollbackFailedNote(p state.Pass) string {
	why := failedBecause(p)
	back := "putting back what ran before"
	if p.RollbackFailedTo != 0 {
		back = fmt.Sprintf("putting back generation %d", p.RollbackFailedTo)
	}
	live := "what runs now is not known"
	switch {
	case p.Running != "" && p.RunningGeneration != 0:
		live = fmt.Sprintf("generation %d ran when it ended", p.RunningGeneration)
	case p.Running != "":
		live = fmt.Sprintf("a system outside the profile ran when it ended (%s)", p.Running)
	}
	return fmt.Sprintf("pass %d failed (%s, not this edit's doing), and %s failed too: %s. Check the system (ask-nix status), then put a working generation back (%s)", p.ID, why, back, live, rollbackTo(p.RollbackFailedTo))
}

// surelyAfter reports whether t is after edit e was made: the history
// keeps whole seconds, so at least a second after its time.
func surelyAfter(t time.Time, e txn.Entry) bool {
	return !e.Time.IsZero() && !t.Before(e.Time.Add(time.Second))
}

// undoneBy is the first edit after n, up to upTo, that undid n (0: none).
func undoneBy(es []txn.Entry, n, upTo int) int {
	for _, u := range es {
		if u.Edit > n && u.Edit <= upTo && u.Wrote() && (u.Undoes == n || slices.Contains(u.UndoesAlso, n)) {
			return u.Edit
		}
	}
	return 0
}

// appliedBefore reports whether one of passes put edit n in place.
func appliedBefore(passes []state.Pass, n int) bool {
	return slices.ContainsFunc(passes, func(p state.Pass) bool { return putInPlace(p) && builtUpTo(p) >= n })
}

// Words is the outcome as ask-nix history's status column says it:
// "applied gen 12", "gen 12 at boot", "live (test)", "pending",
// "failed", "rolled back", "undone by 7", "written".
func (o EditOutcome) Words() string {
	switch o.Outcome {
	case OutcomeApplied:
		switch {
		case o.Action == "test":
			return "live (test)"
		case o.Generation == 0:
			return "applied"
		case o.Action == "boot":
			return fmt.Sprintf("gen %d at boot", o.Generation)
		}
		return fmt.Sprintf("applied gen %d", o.Generation)
	case OutcomeUndone:
		return fmt.Sprintf("undone by %d", o.UndoneBy)
	case OutcomeRolledBack:
		return "rolled back"
	}
	return o.Outcome
}
