package reconciler

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// foundEdit is the ask-nix edit a fragment's content is from.
type foundEdit struct {
	txn.Entry
	// PutBackAfter, when not 0, is a newer edit that wrote the fragment
	// after Entry did: the content is Entry's saved result put back by
	// hand (cp of history/N.after.nix), not what the last edit left, so
	// no range of edits up to Entry was built together.
	PutBackAfter int
	// RunFrom is the first of the edits written one on top of the other
	// (each on the file as the one before left it, txn.Entry.BeforeIs)
	// that end in Entry: an edit made on a file changed by hand since
	// the edit before starts a new run, as the edits before it may have
	// been taken out by hand.
	RunFrom int
}

// findEdit ties the fragment a pass built to the ask-nix edit that wrote
// it (0 when the content was not written by ask-nix, e.g. a hand edit):
// the newest edit whose saved result is the content
// (txn.History.IndexByContent), and whether a newer edit wrote the
// fragment since (foundEdit.PutBackAfter), from one read of the history.
func (r *Reconciler) findEdit(content []byte) foundEdit {
	if content == nil {
		return foundEdit{}
	}
	h := txn.HistoryIn(r.Settings.StateDir)
	es, err := h.Entries()
	if err != nil {
		r.log().Warn("reading ask-nix's history", "error", err)
		return foundEdit{}
	}
	i := h.IndexByContent(es, content)
	if i < 0 {
		return foundEdit{}
	}
	e := es[i]
	f := foundEdit{Entry: e, RunFrom: e.Edit}
	for j := len(es) - 1; j > i; j-- {
		if es[j].Wrote() {
			// The newest edit that wrote the fragment is newer: this
			// content was put back by hand after it.
			f.PutBackAfter = es[j].Edit
			break
		}
	}
	for j := i; ; {
		k := j - 1
		for k >= 0 && !es[k].Wrote() {
			k--
		}
		if k < 0 || es[j].BeforeIs == 0 || es[j].BeforeIs != es[k].Edit {
			break
		}
		f.RunFrom, j = es[k].Edit, k
	}
	return f
}

// putBackWords names a fragment put back by hand to an edit's saved
// content, for status and the history.
func putBackWords(edit, after int) string {
	return fmt.Sprintf("the fragment as edit %d left it, put back by hand after edit %d", edit, after)
}

// markEdit records in ask-nix's history how the system built from an
// edit fared: failed (with why) when the pass failed or rolled back, so
// `ask-nix history` shows it and `ask-nix undo` is the way back; applied
// again when a later pass built the same content successfully. It runs
// after the pass is saved; should it not get done (this process killed
// in between, the fragment lock not had in time), settleEditMark puts it
// right from the saved pass. The two may race (a daemon started while
// ask-nix apply is between its save and its mark): txn.SetStatus writes
// a mark the edit already has only once, deciding under the history's
// lock.
func (r *Reconciler) markEdit(e txn.Entry, p state.Pass) {
	status, reason := editMark(e, p)
	if status == "" {
		return
	}
	// The fragment lock is only held for a write; do not wait long.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := txn.SetStatus(ctx, r.Settings.StateDir, e.Edit, status, reason); err != nil {
		r.marksSettled.Store(false) // the next pass tries again
		r.log().Warn("marking the edit in ask-nix's history", "edit", e.Edit, "error", err)
	}
}

// editMark is the status (and reason) pass p gives edit e in ask-nix's
// history, "" when it gives none.
func editMark(e txn.Entry, p state.Pass) (status, reason string) {
	if e.Edit == 0 {
		return "", ""
	}
	switch p.Result {
	case state.ResultFailure, state.ResultRolledBack:
		if p.NotFromEdit {
			return "", "" // not the edit's doing
		}
		return txn.StatusFailed, editReason(p)
	case state.ResultSuccess:
		if e.Status == txn.StatusFailed && p.Action != "build" {
			// Only an activation makes a failed edit good: a build (a
			// preview, or the build action) shows it builds, not that
			// the system runs it.
			return txn.StatusApplied, fmt.Sprintf("built and activated by pass %d", p.ID)
		}
	}
	return "", ""
}

// settleEditMark gives the edit the newest recorded pass built the mark
// that pass gives it, when the history lacks it: the process that
// recorded the pass was killed (or missed the fragment lock) between
// saving the state and marking the edit, and a failed edit would show
// as applied, or a good one as failed, for good. Once per process (the
// mark is made right after the save while the process lives), again
// after a mark that failed; under the pass lock, before a next pass is
// recorded.
func (r *Reconciler) settleEditMark(st *state.State) {
	if r.marksSettled.Swap(true) {
		return
	}
	p := st.LastPass
	if p == nil || p.FragmentEdit == 0 {
		return
	}
	es, err := txn.HistoryIn(r.Settings.StateDir).Entries()
	if err != nil {
		return // said by the pass that reads it next
	}
	i := slices.IndexFunc(es, func(e txn.Entry) bool { return e.Edit == p.FragmentEdit })
	if i < 0 {
		return // pruned since
	}
	e := es[i]
	status, reason := editMark(e, *p)
	if status == "" || e.Status == status && e.Reason == reason {
		return
	}
	r.log().Warn("ask-nix history lacked the mark of the last pass (its process stopped before it could write it); writing it now", "edit", e.Edit, "pass", p.ID, "status", status)
	r.markEdit(e, *p)
}

func editReason(p state.Pass) string {
	first := strings.TrimSpace(p.Error)
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	pass := fmt.Sprintf("pass %d", p.ID)
	// Other watched files that changed since the last success are named:
	// the edit was part of the failed build, but not alone in it.
	others := filesWords(p.ChangedFiles, p.ChangedFilesMore)
	switch {
	case p.PutBackAfter != 0 && others != "":
		pass += fmt.Sprintf(" (%s, built together with changes to %s since the last success; either may be the cause)", putBackWords(p.FragmentEdit, p.PutBackAfter), others)
	case p.PutBackAfter != 0:
		pass += fmt.Sprintf(" (%s)", putBackWords(p.FragmentEdit, p.PutBackAfter))
	case p.FirstEdit != 0 && others != "":
		pass += fmt.Sprintf(" (edits %d to %d, built together with changes to %s since the last success; any of them may be the cause)", p.FirstEdit, p.FragmentEdit, others)
	case p.FirstEdit != 0:
		pass += fmt.Sprintf(" (edits %d to %d, built together)", p.FirstEdit, p.FragmentEdit)
	case others != "":
		pass += fmt.Sprintf(" (built together with changes to %s since the last success; either may be the cause)", others)
	}
	if p.Result == state.ResultRolledBack {
		return fmt.Sprintf("%s: %s; rolled back to generation %d", pass, p.Reason, p.RolledBackTo)
	}
	// The first line names the phase; Nix's own message follows it.
	if msg := nixMessage(p.Error); msg != "" {
		return fmt.Sprintf("%s: %s %s", pass, strings.SplitN(first, ";", 2)[0], msg)
	}
	return fmt.Sprintf("%s: %s", pass, first)
}

// nixMessage is the first "error:" line of a pass's error.
func nixMessage(text string) string {
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "error:") {
			return "(" + l + ")"
		}
	}
	return ""
}
