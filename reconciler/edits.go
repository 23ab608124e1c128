package reconciler

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
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
	// Failed are the edits of the run up to Entry (Entry included) that
	// are marked failed and whose change the content keeps (changeKept;
	// none undone up to Entry), oldest first: a pass that puts the
	// content in place puts them in place after their failure.
	Failed []txn.Entry
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
	from := i
	for j := i; ; {
		k := j - 1
		for k >= 0 && !es[k].Wrote() {
			k--
		}
		if k < 0 || es[j].BeforeIs == 0 || es[j].BeforeIs != es[k].Edit {
			break
		}
		f.RunFrom, j, from = es[k].Edit, k, k
	}
	for _, x := range es[from : i+1] {
		if x.Status != txn.StatusFailed {
			continue
		}
		if x.Edit == e.Edit || undoneBy(es, x.Edit, e.Edit) == 0 && changeKept(h, x, content) {
			f.Failed = append(f.Failed, x)
		}
	}
	return f
}

// handEditUnder reports whether the run of edits that wrote the fragment
// a pass built (e, from e.RunFrom) was made on a fragment changed by
// hand since the last successful pass: the run's first edit found the
// file as no ask-nix edit left it (it starts a run), and the fragment
// that pass built is neither what that edit found nor what an edit of
// the run left. Then the pass built the hand change too, which ask-nix
// undo does not take back. false when not known (no digests of the last
// success's inputs, a saved copy missing).
func (x *run) handEditUnder(e foundEdit) bool {
	if e.Edit == 0 || e.PutBackAfter != 0 || !x.since.known || !x.since.fragment {
		return false
	}
	h := txn.HistoryIn(x.r.Settings.StateDir)
	es, err := h.Entries()
	if err != nil {
		return false
	}
	asApplied := func(path string) (yes, ok bool) {
		content, err := os.ReadFile(path)
		if err != nil {
			return false, false
		}
		return x.r.fragmentAsApplied(content, x.st.AppliedHash), true
	}
	first := false // the run's first edit was read
	for _, f := range es {
		if f.Edit < e.RunFrom || f.Edit > e.Edit || !f.Wrote() {
			continue
		}
		if f.Edit == e.RunFrom {
			if f.Created || f.BeforeIs != 0 {
				return false // made on no file, or on an edit's result
			}
			if yes, ok := asApplied(h.BeforePath(f.Edit)); yes || !ok {
				return false // the last success built what it was made on
			}
			if before, err := os.ReadFile(h.BeforePath(f.Edit)); err != nil || h.IndexByContent(es, before) >= 0 {
				// An edit's saved result copied back by hand: said as
				// that, and the run from it, as before.
				return false
			}
			first = true
		}
		if f.Edit == e.Edit {
			break
		}
		// The last success built the run up to f: only edits since.
		if yes, ok := asApplied(h.AfterPath(f.Edit)); yes || !ok {
			return false
		}
	}
	return first
}

// changeKept reports whether content keeps the change edit e made to
// the fragment: each setting e changed has the value e gave it, and of
// a list, the items e added are in it and the ones it took out are not.
// A later edit of the run may have changed the same setting again ("install
// git", then "remove git"): then e's change is not in content, and a pass
// that built content did not put it in place. false when a copy is
// missing or does not parse.
func changeKept(h txn.History, e txn.Entry, content []byte) bool {
	read := func(path string, none bool) (*fragment.File, bool) {
		src, err := os.ReadFile(path)
		if none && errors.Is(err, fs.ErrNotExist) {
			return &fragment.File{}, true // the edit created the fragment
		}
		if err != nil {
			return nil, false
		}
		f, err := fragment.Parse(path, src)
		return f, err == nil
	}
	before, ok1 := read(h.BeforePath(e.Edit), e.Created)
	after, ok2 := read(h.AfterPath(e.Edit), false)
	built, err := fragment.Parse("fragment", content)
	if !ok1 || !ok2 || err != nil {
		return false
	}
	return fileChangeKept(before, after, built)
}

// fileChangeKept is changeKept on parsed files.
func fileChangeKept(before, after, built *fragment.File) bool {
	var paths []fragment.Path
	for _, f := range []*fragment.File{before, after} {
		for _, b := range f.Bindings {
			if !slices.ContainsFunc(paths, b.Path.Equal) {
				paths = append(paths, b.Path)
			}
		}
	}
	for _, path := range paths {
		b, inB := before.Get(path)
		a, inA := after.Get(path)
		if inA == inB && (!inA || a.Equal(b)) {
			continue // not changed by the edit
		}
		c, inC := built.Get(path)
		if inA && a.Kind == fragment.KindList && (!inB || b.Kind == fragment.KindList) {
			if !inC || c.Kind != fragment.KindList {
				return false
			}
			for _, item := range a.List {
				if !hasItem(b, item.Value) && !hasItem(c, item.Value) {
					return false // added by the edit, gone since
				}
			}
			for _, item := range b.List {
				if !hasItem(a, item.Value) && hasItem(c, item.Value) {
					return false // taken out by the edit, back since
				}
			}
			continue
		}
		if inA != inC || inA && !a.Equal(c) {
			return false
		}
	}
	return true
}

// hasItem reports whether list l has an item equal to v.
func hasItem(l fragment.Value, v fragment.Value) bool {
	return slices.ContainsFunc(l.List, func(i fragment.Item) bool { return i.Value.Equal(v) })
}

// putBackWords names a fragment put back by hand to an edit's saved
// content, for status and the history.
func putBackWords(edit, after int) string {
	return fmt.Sprintf("the fragment as edit %d left it, put back by hand after edit %d", edit, after)
}

// editMarkFor is a status (and reason) a pass gives an edit in
// ask-nix's history.
type editMarkFor struct {
	Edit int
	// Status, Mark (why, in a word: txn.MarkPassFailed,
	// txn.MarkAppliedAfterFailure) and Reason (in words).
	Status, Mark, Reason string
}

// markEdits records in ask-nix's history how the system built from the
// edits pass p built fared: the edit failed (with why) when the pass
// failed or rolled back, so `ask-nix history` shows it and `ask-nix
// undo` is the way back; applied again, each of the edits an earlier
// pass marked failed that this one put in place (p.AppliedAfterFailure).
// es are the history's entries as the pass read them (for the reasons
// of those failures). It runs after the pass is saved; should it not
// get done (this process killed in between, the fragment lock not had
// in time), settleEditMark puts it right from the saved pass. The two
// may race (a daemon started while ask-nix apply is between its save
// and its mark): txn.SetStatus writes a mark the edit already has only
// once, deciding under the history's lock.
func (r *Reconciler) markEdits(es []txn.Entry, p state.Pass) {
	for _, m := range editMarks(es, p) {
		r.setMark(m)
	}
}

// setMark writes one mark in ask-nix's history.
func (r *Reconciler) setMark(m editMarkFor) {
	// The fragment lock is only held for a write; do not wait long.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := txn.SetStatus(ctx, r.Settings.StateDir, m.Edit, m.Status, m.Mark, m.Reason); err != nil {
		r.marksSettled.Store(false) // the next pass tries again
		r.log().Warn("marking the edit in ask-nix's history", "edit", m.Edit, "status", m.Status, "error", err)
	}
}

// editMarks are the marks pass p gives edits in ask-nix's history, es
// its entries (an edit not among them gets none).
func editMarks(es []txn.Entry, p state.Pass) []editMarkFor {
	find := func(n int) (txn.Entry, bool) {
		i := slices.IndexFunc(es, func(e txn.Entry) bool { return e.Edit == n })
		if i < 0 {
			return txn.Entry{}, false
		}
		return es[i], true
	}
	if p.FragmentEdit == 0 {
		return nil
	}
	switch p.Result {
	case state.ResultFailure, state.ResultRolledBack:
		if _, ok := find(p.FragmentEdit); !ok || p.NotFromEdit {
			return nil // not the edit's doing
		}
		return []editMarkFor{{p.FragmentEdit, txn.StatusFailed, txn.MarkPassFailed, editReason(p)}}
	}
	words := appliedWords(p)
	if words == "" {
		return nil
	}
	var out []editMarkFor
	for _, n := range p.AppliedAfterFailure {
		e, ok := find(n)
		if !ok {
			continue
		}
		out = append(out, editMarkFor{n, txn.StatusApplied, txn.MarkAppliedAfterFailure, appliedReason(words, e, p.FragmentEdit)})
	}
	return out
}

// appliedWords says how pass p put the fragment it built in place, for
// the mark of an edit it applied after an earlier failure: "built and
// activated by pass 12", "found in place by pass 12 (toplevel already
// current)"; "" for a pass that put nothing in place (a build, a
// failure, a no-op for a rollback on request that holds another
// system).
func appliedWords(p state.Pass) string {
	switch {
	case p.Action == "build":
		return "" // built, or found built: nothing activated
	case p.Result == state.ResultSuccess && p.Action == "test":
		return fmt.Sprintf("built and activated by pass %d (action test, until the next boot)", p.ID)
	case p.Result == state.ResultSuccess && p.Action == "boot":
		return fmt.Sprintf("built by pass %d and made the boot default", p.ID)
	case p.Result == state.ResultSuccess:
		return fmt.Sprintf("built and activated by pass %d", p.ID)
	case p.Result == state.ResultNoop && p.Reason == reasonCurrent:
		return fmt.Sprintf("found in place by pass %d (%s)", p.ID, reasonCurrent)
	case p.Result == state.ResultNoop && strings.HasSuffix(p.Reason, reasonBack):
		return fmt.Sprintf("found in place by pass %d (%s)", p.ID, reasonBack)
	}
	return ""
}

// The reasons of the recorded no-ops that found the inputs' system in
// place.
const (
	reasonCurrent = "toplevel already current"
	reasonBack    = "inputs are back to what is applied"
)

// appliedReason is the reason an edit e marked failed is marked applied
// with: how (words), the edit built on top of it when it is not the
// fragment's own (top), and the failure it had: "built and activated
// by pass 12 with edit 9 on top, after an earlier failure (pass 10:
// …)".
func appliedReason(words string, e txn.Entry, top int) string {
	if top != 0 && top != e.Edit {
		words += fmt.Sprintf(" with edit %d on top", top)
	}
	if e.Reason != "" {
		return words + ", " + afterFailure + " (" + e.Reason + ")"
	}
	return words + ", " + afterFailure
}

// settleEditMark gives the edits the newest recorded pass built the
// marks that pass gives them, when the history lacks them: the process
// that recorded the pass was killed (or missed the fragment lock)
// between saving the state and marking the edits, and a failed edit
// would show as applied, or a good one as failed, for good. Once per
// process (the marks are made right after the save while the process
// lives), again after a mark that failed; under the pass lock, before a
// next pass is recorded.
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
	for _, m := range editMarks(es, *p) {
		i := slices.IndexFunc(es, func(e txn.Entry) bool { return e.Edit == m.Edit })
		if i < 0 || es[i].Status == m.Status && (es[i].Reason == m.Reason || m.Status == txn.StatusApplied) {
			// Pruned since, or marked so already (an applied edit's
			// reason then is about its earlier failure, which is
			// no longer in es to be said again).
			continue
		}
		r.log().Warn("ask-nix history lacked the mark of the last pass (its process stopped before it could write it); writing it now", "edit", m.Edit, "pass", p.ID, "status", m.Status)
		r.setMark(m)
	}
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
