// Package txn is the only writer of the managed fragment. Every write
// follows DESIGN.md's list: take the lock (in the state directory), re-read
// the fragment, parse it (a file outside the grammar is refused and left
// alone), apply the edit, render, validate with `nix-instantiate --parse`
// where Nix is present, write atomically, and record a numbered history
// entry with the content before and after, so `undo` can restore it.
package txn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/internal/crashpoint"
	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/internal/groupshare"
	"github.com/nix-humanity/nix-humanity/internal/shellword"
	"github.com/nix-humanity/nix-humanity/internal/writefail"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// Rejection codes for refusals that come from the fragment on disk.
const (
	CodeOutsideGrammar = "fragment-outside-grammar"
	CodeChangedSince   = "changed-since-edit"
	CodeCannotApply    = "cannot-apply"
	// CodeHistoryPruned: undo needs saved content the history no longer
	// keeps.
	CodeHistoryPruned = "history-pruned"
)

// Codes lists txn's rejection codes, as guard.Codes lists the guard's.
var Codes = []string{CodeOutsideGrammar, CodeChangedSince, CodeCannotApply, CodeHistoryPruned}

// Store writes one fragment and keeps its history.
type Store struct {
	Fragment string // the managed fragment
	StateDir string // lock and history live here
	// Runner runs nix-instantiate and git; nil means no validation and no
	// git check (and the result says so).
	Runner nixrun.Runner
	// LookPath finds a program on PATH; nil means exec.LookPath.
	LookPath func(string) (string, error)
	// Now and User stamp history entries; zero values mean the clock and
	// the invoking user (SUDO_USER under sudo).
	Now  func() time.Time
	User string
	// LockWait bounds the wait for another writer; 0 means 30 s.
	LockWait time.Duration
	// GitAdd runs `git add` on the fragment when a flake in a git
	// repository would not see it.
	GitAdd bool
	// OnWait, if set, hears who holds the lock when a write has to wait.
	OnWait func(holder string)
	// Keep is how many of the newest edits keep their saved content
	// (NIX_HUMANITY_HISTORY_KEEP); 0 keeps all. See retention.go.
	Keep int
	// Seen, when set, is the fragment a request was read against: its
	// meaning came from it ("remove rg" is ripgrep because the fragment
	// installs ripgrep; "remove ssh" turns the service off because the
	// fragment enables it and lists no such package). Preview plans
	// against it without reading the file again, and Apply, under the
	// lock, refuses (CodeChangedSince) when the fragment is no longer
	// those bytes, rather than carry out a reading of content that is
	// gone.
	Seen *Snapshot
}

// Snapshot is the fragment as read once (Store.Snapshot): its bytes and
// what they parse to.
type Snapshot struct{ snap snapshot }

// Snapshot reads the fragment, as Read does, for a caller that takes a
// request's meaning from it and hands it back as Store.Seen.
func (s *Store) Snapshot() (*Snapshot, error) {
	snap, err := s.read()
	if err != nil {
		return nil, err
	}
	return &Snapshot{snap}, nil
}

// File is the parsed fragment (a fresh one when there was no file).
func (p *Snapshot) File() *fragment.File { return p.snap.file }

// Exists is false when there was no fragment yet.
func (p *Snapshot) Exists() bool { return p.snap.exists }

// Text is the fragment's bytes (none when there was no file).
func (p *Snapshot) Text() []byte { return p.snap.text }

// Result is what an edit did (or, for a preview, would do).
type Result struct {
	// Edit is the history number written; 0 when nothing was written.
	Edit    int
	Changed bool
	Summary string
	// Headline is the plan's first line ("add 2 packages to /etc/...").
	Headline string
	// Plan is the intent's plan (nil for undo).
	Plan *plan.Plan
	// Undoes is the edit an undo reverts; UndoesAlso the older ones it
	// reverts with it ("undo the last 3 changes"), newest first.
	Undoes     int
	UndoesAlso []int
	// Before and After are the fragment's bytes; BeforeExists is false
	// when the fragment is created.
	Before, After []byte
	BeforeExists  bool
	// Diff is the unified diff of Before and After.
	Diff string
	// Validated says `nix-instantiate --parse` accepted After.
	Validated bool
	// Notes are things the person should know: validation skipped, a
	// flake that will not see the file.
	Notes []string
}

// snapshot is the fragment as read from disk.
type snapshot struct {
	text   []byte
	exists bool
	file   *fragment.File
}

// change is what an edit wants to write.
type change struct {
	changed  bool
	summary  string
	headline string
	after    []byte
	plan     *plan.Plan
	undoes   int
	also     []int
	kind     string
}

// Read returns the fragment as it is now: parsed, or a fresh one if the
// file does not exist yet (exists is false). A file outside the grammar is
// a *guard.Rejection naming file:line and the reason.
func (s *Store) Read() (f *fragment.File, text []byte, exists bool, err error) {
	snap, err := s.read()
	return snap.file, snap.text, snap.exists, err
}

// ErrNotAFile is a fragment path that names a named pipe, a socket or a
// device: reading one would wait forever (a pipe with no writer), and
// Nix would too.
var ErrNotAFile = errors.New("not a regular file")

// ReadFragment reads the fragment file, refusing (ErrNotAFile) what is
// neither a file nor a folder instead of blocking on it. Everything that
// reads the fragment goes through it.
func ReadFragment(path string) ([]byte, error) {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		return nil, fmt.Errorf("%s is a %s, %w", path, fileKind(fi.Mode()), ErrNotAFile)
	}
	return os.ReadFile(path)
}

func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}

func (s *Store) read() (snapshot, error) {
	text, err := ReadFragment(s.Fragment)
	if errors.Is(err, ErrNotAFile) {
		return snapshot{}, fmt.Errorf("the fragment %w, so it cannot be read or edited; nothing was written: %s", err, strings.TrimSpace("move it away. "+s.restoreHint()))
	}
	if errors.Is(err, fs.ErrNotExist) {
		if to, lerr := os.Readlink(s.Fragment); lerr == nil {
			// A dangling link: writing a new file through it would
			// fail or land where nobody looks.
			saved := ""
			if n, path := s.lastCopy(); n != 0 {
				saved = fmt.Sprintf(" (edit %d's copy of it is %s)", n, path)
			}
			return snapshot{}, fmt.Errorf("the fragment %s is a symbolic link to %s, which does not exist; nothing was written: point the link at the right file, or put back the file it points to%s, then ask again", s.Fragment, to, saved)
		}
		dir := filepath.Dir(s.Fragment)
		if fi, derr := os.Stat(dir); derr != nil || !fi.IsDir() {
			return snapshot{}, fmt.Errorf("the fragment's directory %s does not exist: create it, or point NIX_HUMANITY_FRAGMENT (or --fragment) at a file in an existing directory; nothing was written", dir)
		}
		return snapshot{file: fragment.New()}, nil
	}
	if err != nil {
		what := "check that it is a file this user can read."
		if fi, serr := os.Stat(s.Fragment); serr == nil && fi.IsDir() {
			what = "it must be a file: move that folder away. " + s.restoreHint()
		}
		return snapshot{}, fmt.Errorf("reading the fragment: %w; nothing was written: %s", err, strings.TrimSpace(what))
	}
	if len(bytes.TrimSpace(text)) == 0 {
		// Truncated by a crash or a mistake: a fresh fragment with only
		// this change would drop what it held.
		return snapshot{}, &guard.Rejection{
			Code: CodeOutsideGrammar,
			Reason: fmt.Sprintf("the fragment %s is empty (%d bytes), and Nix cannot build an empty file either; nothing was written. %s"+
				"To start over from an empty fragment on purpose, write one first: printf '{ pkgs, ... }:\\n{\\n}\\n' > %s", s.Fragment, len(text), s.restoreHint(), s.Fragment),
		}
	}
	if bytes.HasPrefix(text, []byte("\xef\xbb\xbf")) {
		return snapshot{}, &guard.Rejection{
			Code:   CodeOutsideGrammar,
			Reason: fmt.Sprintf("the fragment %s starts with a byte order mark (an invisible marker some editors save), which Nix does not accept either; nothing was written. Remove it with `sed -i '1s/^\\xEF\\xBB\\xBF//' %s` (in vim: `:set nobomb`, then save), then ask again", s.Fragment, shellword.Quote(s.Fragment)),
		}
	}
	f, err := fragment.Parse(s.Fragment, text)
	if err != nil {
		var pe *fragment.ParseError
		if errors.As(err, &pe) && strings.HasPrefix(pe.Msg, "missing ") {
			// A ';', ']' or '}' forgotten in a hand edit: a slip of
			// syntax, not Nix outside the managed shape.
			return snapshot{}, &guard.Rejection{
				Code: CodeOutsideGrammar,
				Reason: fmt.Sprintf("%v\nThe fragment has a syntax error, so it was left untouched: fix that line, then ask again (nix-instantiate --parse %s checks it).",
					err, shellword.Quote(s.Fragment)),
			}
		}
		return snapshot{}, &guard.Rejection{
			Code: CodeOutsideGrammar,
			Reason: fmt.Sprintf("%v\nThe fragment is outside the shape ask-nix manages (plain values and package lists only), so it was left untouched. "+
				"Fix that line, or move hand-written Nix into configuration.nix and keep %s for ask-nix.", err, filepath.Base(s.Fragment)),
		}
	}
	return snapshot{text: text, exists: true, file: f}, nil
}

// stateDirAdvice says what to do about a state directory ask-nix cannot
// write: sudo only helps someone who is not root already.
func stateDirAdvice(err error) string {
	switch k := writefail.Of(err); {
	case k.Full():
		return "its file system is full (or over quota): free space there (df -h names it) and try again, or set NIX_HUMANITY_STATE_DIR"
	case k == writefail.ReadOnly:
		return "its file system is read-only: make it writable, or set NIX_HUMANITY_STATE_DIR"
	case k == writefail.Permission && os.Geteuid() != 0:
		return "run ask-nix as root (sudo), or set NIX_HUMANITY_STATE_DIR"
	}
	return "check the state directory, or set NIX_HUMANITY_STATE_DIR"
}

// historyError is an edit stopped before its plan because the history
// could not be read, or a killed writer's entries not settled in it:
// what failed, that the fragment was not touched, what to do.
func historyError(err error) error {
	return fmt.Errorf("%w; nothing was written: %s", err, stateDirAdvice(err))
}

// fragmentAdvice says what to do about a fragment that could not be
// replaced (its folder takes the new file beside it first).
func fragmentAdvice(err error, fragment string) string {
	dir := filepath.Dir(fragment)
	switch k := writefail.Of(err); {
	case k.Full():
		return fmt.Sprintf("the file system of %s is full (or over quota): free space there (df -h %s) and try again", dir, dir)
	case k == writefail.ReadOnly:
		return fmt.Sprintf("the file system of %s is read-only: make it writable and try again", dir)
	case k == writefail.Permission && os.Geteuid() != 0:
		return "run ask-nix as root (sudo)"
	case k == writefail.Permission:
		return fmt.Sprintf("%s takes no new files: check its attributes (lsattr -d %s; chattr -i removes an immutable flag) and try again", dir, dir)
	}
	return fmt.Sprintf("check that %s is a writable folder and try again", dir)
}

// restoreHint is the command that puts the fragment back as the newest
// edit that wrote it left it, as a sentence and a space; "" when there
// is none.
func (s *Store) restoreHint() string {
	n, path := s.lastCopy()
	return restoreSentence(n, path, s.Fragment)
}

// restoreSentence is restoreHint for edit n's saved copy at path; "" for
// n == 0.
func restoreSentence(n int, path, fragment string) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("Put it back as edit %d left it with `cp %s %s`, then ask again. ", n, shellword.Quote(path), shellword.Quote(fragment))
}

// wrote reports whether e is an edit that wrote this store's fragment.
func (s *Store) wrote(e *Entry) bool {
	return (e.Fragment == "" || e.Fragment == s.Fragment) && e.Wrote()
}

// savedCopy is the saved copy of what edit e wrote, and e's number; 0
// when the copy is gone.
func savedCopy(h History, e *Entry) (int, string) {
	if _, err := os.Stat(h.AfterPath(e.Edit)); err != nil {
		return 0, ""
	}
	return e.Edit, h.AfterPath(e.Edit)
}

// lastCopy is the newest edit that wrote the fragment and the saved
// copy of what it wrote; 0 when there is none.
// LastCopy is the newest edit that wrote fragment (kept in stateDir's
// history) whose saved copy is still there, and that copy's path: what
// puts the fragment back when it is lost. 0 and "" when there is none.
func LastCopy(stateDir, fragment string) (int, string) {
	return (&Store{StateDir: stateDir, Fragment: fragment}).lastCopy()
}

func (s *Store) lastCopy() (int, string) {
	h := HistoryIn(s.StateDir)
	es, err := h.Entries()
	if err != nil {
		return 0, ""
	}
	for i := len(es) - 1; i >= 0; i-- {
		if s.wrote(&es[i]) {
			return savedCopy(h, &es[i])
		}
	}
	return 0, ""
}

// missingAfterEdits refuses an edit of a fragment that is gone though an
// edit in the history wrote it (deleted by mistake, or a restore that
// has not happened yet): a new file with only the one change would drop
// everything else it held once the system is rebuilt from it.
func (s *Store) missingAfterEdits() error {
	h := HistoryIn(s.StateDir)
	st, err := h.recent()
	if err != nil {
		return nil // no history to go by: the fragment is new
	}
	entries := st.entries
	for i := len(entries) - 1; i >= 0; i-- {
		e := &entries[i]
		if !s.wrote(e) {
			continue
		}
		n, path := savedCopy(h, e)
		return &guard.Rejection{
			Code: CodeChangedSince,
			Reason: fmt.Sprintf("the fragment %s is missing, though edit %d wrote it: a new file with only this change would drop everything else it held. Nothing was written. %s"+
				"To start over from an empty fragment on purpose, create one first: printf '{ pkgs, ... }:\\n{\\n}\\n' > %s", s.Fragment, e.Edit, restoreSentence(n, path, s.Fragment), s.Fragment),
		}
	}
	return nil
}

// planIntent is the edit for an intent.
func (s *Store) planIntent(in intent.Intent) func(snapshot) (change, error) {
	return func(cur snapshot) (change, error) {
		if !cur.exists {
			if err := s.missingAfterEdits(); err != nil {
				return change{}, err
			}
		}
		p, err := plan.MakeAll(cur.file, in.Edits())
		if err != nil {
			return change{}, &guard.Rejection{Code: CodeCannotApply, Reason: err.Error() + "; nothing was written"}
		}
		ch := change{changed: p.Changed, summary: p.Summary, headline: p.Headline(s.Fragment), plan: p, kind: in.KindLabel()}
		if p.Changed {
			ch.after = p.After.Render()
		}
		return ch, nil
	}
}

// Preview plans in against the fragment as it is, without the lock and
// without writing: for --dry-run and for the plan shown before asking.
func (s *Store) Preview(in intent.Intent) (*Result, error) {
	var cur snapshot
	if s.Seen != nil {
		cur = s.Seen.snap
	} else {
		var err error
		if cur, err = s.read(); err != nil {
			return nil, err
		}
	}

	ch, err := s.planIntent(in)(cur)
	if err != nil {
		return nil, err
	}
	return s.result(cur, ch), nil
}

// Apply carries out in under the lock, re-planning against the fragment
// as it is once the lock is held (another writer may have changed it since
// a preview). request is the person's words, kept in the history.
func (s *Store) Apply(ctx context.Context, request string, in intent.Intent) (*Result, error) {
	plan := s.planIntent(in)
	return s.commit(ctx, request, func(cur snapshot) (change, error) {
		if err := s.stillSeen(cur); err != nil {
			return change{}, err
		}
		return plan(cur)
	})
}

// stillSeen refuses an edit whose request was read against other
// content than cur, the fragment under the lock (see Store.Seen).
func (s *Store) stillSeen(cur snapshot) error {
	if s.Seen == nil || s.Seen.snap.exists == cur.exists && bytes.Equal(s.Seen.snap.text, cur.text) {
		return nil
	}
	return &guard.Rejection{
		Code: CodeChangedSince,
		Reason: fmt.Sprintf("the fragment %s changed while this request was being read (another edit, or a hand edit, came in between), and what the request means was read from the fragment as it was; nothing was written. "+
			"Ask again: it is read against the fragment as it is now", s.Fragment),
	}
}

// PreviewUndo shows what Undo would restore, without the lock.
func (s *Store) PreviewUndo() (*Result, error) { return s.PreviewUndoSteps(1) }

// PreviewUndoSteps shows what UndoSteps would restore, without the lock.
func (s *Store) PreviewUndoSteps(n int) (*Result, error) {
	cur, err := s.read()
	if err != nil {
		return nil, s.undoOutsideGrammar(err)
	}
	ch, err := s.undoChange(cur, n)
	if err != nil {
		return nil, err
	}
	return s.result(cur, ch), nil
}

// Undo restores the fragment as it was before the last edit that has not
// been undone, provided the file is still exactly what that edit wrote.
// The undo is itself a numbered edit. Repeated undos walk further back.
func (s *Store) Undo(ctx context.Context, request string) (*Result, error) {
	return s.UndoSteps(ctx, request, 1)
}

// UndoSteps undoes the newest n edits not yet undone, as one edit:
// the fragment as it was before the oldest of them. Each of them must
// have started from what the one before it wrote (nothing changed by hand
// in between), and the newest must still be what the file holds.
func (s *Store) UndoSteps(ctx context.Context, request string, n int) (*Result, error) {
	res, err := s.commit(ctx, request, func(cur snapshot) (change, error) { return s.undoChange(cur, n) })
	return res, s.undoOutsideGrammar(err)
}

// undoOutsideGrammar adds to the refusal of a fragment outside the
// managed shape where ask-nix's own last write is kept: undo cannot take
// back a hand edit it cannot read, but the person can, with that copy.
func (s *Store) undoOutsideGrammar(err error) error {
	var rej *guard.Rejection
	if !errors.As(err, &rej) || rej.Code != CodeOutsideGrammar {
		return err
	}
	h := HistoryIn(s.StateDir)
	st, herr := h.readTail(tailSize)
	if herr != nil {
		return err
	}
	targets := undoTargets(st.entries, 1)
	if len(targets) == 0 {
		return err
	}
	saved := h.AfterPath(targets[0].Edit)
	if _, serr := os.Stat(saved); serr != nil {
		return err
	}
	out := *rej
	out.Reason += fmt.Sprintf("\nUndo cannot read the file to take edit %d back. What ask-nix wrote last is saved in %s: `diff %s %s` shows the hand edit; copying that file back puts the fragment as edit %d left it (and drops the hand edit); then ask-nix undo works again.",
		targets[0].Edit, saved, shellword.Quote(saved), shellword.Quote(s.Fragment), targets[0].Edit)
	return &out
}

// UndoOrder is the edits undo would take back, newest first, at most
// limit of them: "undo edit 5" is "undo the last k changes" for the k
// that reaches 5.
func (s *Store) UndoOrder(limit int) ([]int, error) {
	h := HistoryIn(s.StateDir)
	st, err := h.readTail(tailSize)
	if err != nil {
		return nil, err
	}
	targets := undoTargets(st.entries, limit)
	if len(targets) < limit && !st.complete {
		if st, err = h.readAll(); err != nil {
			return nil, err
		}
		targets = undoTargets(st.entries, limit)
	}
	out := make([]int, len(targets))
	for i, t := range targets {
		out[i] = t.Edit
	}
	return out, nil
}

// undoChange finds the n edits to revert: the newest applied (or failed)
// edits not yet reverted, skipping undos and what they reverted.
func (s *Store) undoChange(cur snapshot, n int) (change, error) {
	if n < 1 {
		n = 1
	}
	h := HistoryIn(s.StateDir)
	st, err := h.readTail(tailSize)
	if err != nil {
		return change{}, err
	}
	targets := undoTargets(st.entries, n)
	if len(targets) < n && !st.complete {
		// A long run of undos reaches back past the recent edits.
		if st, err = h.readAll(); err != nil {
			return change{}, err
		}
		targets = undoTargets(st.entries, n)
	}
	if len(targets) == 0 && st.pruned > 0 {
		return change{}, s.prunedRejection(nil, st.pruned)
	}
	if len(targets) == 0 {
		// Refused, as a rollback past the oldest generation is: a request
		// that cannot be carried out, nothing written.
		return change{}, &guard.Rejection{Code: guard.CodeBadValue, Reason: fmt.Sprintf("nothing to undo: the history in %s has no edit left to revert; nothing was written", h.Dir)}
	}
	k, before, why, stop := s.chain(h, cur, targets, st.pruned)
	if len(targets) < n {
		if k == 0 {
			return change{}, stop // not even the newest can be undone
		}
		kept := ""
		if st.pruned > 0 {
			kept = "; " + prunedNote(st.pruned)
		}
		// The count that works: all of them, or as far back as the
		// fragment was left alone between them.
		offer := fmt.Sprintf("`ask-nix undo %d` undoes all of them", len(targets))
		switch {
		case k == 1:
			offer = fmt.Sprintf("`ask-nix undo` undoes edit %d alone (%s)", targets[0].Edit, why)
		case k < len(targets):
			offer = fmt.Sprintf("`ask-nix undo %d` undoes the newest %d, back to edit %d (%s)", k, k, targets[k-1].Edit, why)
		}
		return change{}, &guard.Rejection{
			Code: guard.CodeBadValue,
			Reason: fmt.Sprintf("cannot undo %d edits: only %d %s left to undo (%s)%s. Nothing was written. "+
				"%s; `ask-nix history` lists them.",
				n, len(targets), plural(len(targets), "edit is", "edits are"), editList(targets), kept, offer),
		}
	}
	if stop != nil {
		return change{}, stop
	}
	oldest, newest := targets[len(targets)-1], targets[0]
	ch := change{changed: true, kind: "undo", undoes: newest.Edit, after: before}
	if len(targets) == 1 {
		ch.summary = fmt.Sprintf("undo edit %d (%s)", newest.Edit, newest.Summary)
	} else {
		for _, t := range targets[1:] {
			ch.also = append(ch.also, t.Edit)
		}
		ch.summary = fmt.Sprintf("undo the last %d edits: %s", len(targets), editList(targets))
	}
	ch.headline = ch.summary + " in " + s.Fragment
	if oldest.Created {
		// The fragment did not exist before; an empty one keeps imports of
		// it working, where deleting it would break the configuration.
		ch.after = fragment.New().Render()
		ch.summary += "; the fragment did not exist before and now holds no settings"
	}
	return ch, nil
}

// chain finds how many of targets (newest first) can be undone
// together: the newest must still be what the file holds, and each must
// have started from what the one before it wrote, with its content still
// kept. It returns that count k, the fragment as it was before the k-th,
// and, when k < len(targets), a short clause saying why ("the fragment
// was changed between edit 31 and edit 32") and the refusal for undoing
// one more.
func (s *Store) chain(h History, cur snapshot, targets []*Entry, pruned int) (k int, before []byte, why string, stop error) {
	for i, target := range targets {
		if target.Edit <= pruned {
			return i, before, fmt.Sprintf("the history no longer keeps edit %d", target.Edit), s.prunedRejection(target, pruned)
		}
		b, after, err := h.Content(*target)
		if errors.Is(err, fs.ErrNotExist) {
			return i, before, fmt.Sprintf("the history no longer keeps edit %d", target.Edit), s.prunedRejection(target, pruned)
		}
		if err != nil {
			return i, before, err.Error(), err
		}
		if i == 0 && (!cur.exists || !bytes.Equal(cur.text, after)) {
			what := "has been changed"
			next := fmt.Sprintf("Compare with `diff -u %s %s`, then change it back by hand or ask for the change you want.", shellword.Quote(h.AfterPath(target.Edit)), shellword.Quote(s.Fragment))
			if !cur.exists {
				// Nothing to compare with: the way back is the copy.
				what = "has been deleted"
				next = strings.TrimSpace(restoreSentence(target.Edit, h.AfterPath(target.Edit), s.Fragment)) + " ask-nix undo then takes edit " + strconv.Itoa(target.Edit) + " back."
			}
			return 0, nil, fmt.Sprintf("the fragment %s since edit %d", what, target.Edit), &guard.Rejection{
				Code: CodeChangedSince,
				Reason: fmt.Sprintf("cannot undo edit %d (%s): %s %s since ask-nix wrote it, by hand or by another tool, and undoing would lose that. Nothing was written. %s",
					target.Edit, target.Summary, s.Fragment, what, next),
			}
		}
		if i > 0 && !bytes.Equal(before, after) {
			newer := targets[i-1]
			fewer := fmt.Sprintf("`ask-nix undo %d` undoes the newest %d edits, up to edit %d", i, i, newer.Edit)
			if i == 1 {
				fewer = fmt.Sprintf("`ask-nix undo` undoes edit %d alone", newer.Edit)
			}
			return i, before, fmt.Sprintf("the fragment was changed between edit %d and edit %d", target.Edit, newer.Edit), &guard.Rejection{
				Code: CodeChangedSince,
				Reason: fmt.Sprintf("cannot undo edit %d (%s) together with the newer ones: the fragment was changed between it and edit %d, by hand or by another tool, and undoing both would lose that. Nothing was written. "+
					"%s; compare `diff -u %s %s` to see the change in between.",
					target.Edit, target.Summary, newer.Edit, fewer, shellword.Quote(h.AfterPath(target.Edit)), shellword.Quote(h.BeforePath(newer.Edit))),
			}
		}
		before = b
	}
	return len(targets), before, "", nil
}

// editList names edits with their summaries: "7 (install htop), 6 (enable ssh)".
func editList(es []*Entry) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = fmt.Sprintf("%d (%s)", e.Edit, e.Summary)
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// prunedRejection refuses an undo whose edit (target; nil when every
// kept edit is undone already) has lost its saved content.
func (s *Store) prunedRejection(target *Entry, pruned int) error {
	why := fmt.Sprintf("the history keeps the newest %d edits (NIX_HUMANITY_HISTORY_KEEP)", s.Keep)
	if s.Keep == 1 {
		why = "the history keeps the newest edit only (NIX_HUMANITY_HISTORY_KEEP)"
	}
	if s.Keep <= 0 {
		why = "the history kept fewer edits then (NIX_HUMANITY_HISTORY_KEEP)"
	}
	next := fmt.Sprintf("To go further back, change %s by hand (`ask-nix history` and `ask-nix diff N` show what the kept edits did), "+
		"or switch to an older system generation with `ask-nix rollback`.", s.Fragment)
	if target == nil {
		older := fmt.Sprintf("the older edits, 1 to %d, were", pruned)
		if pruned == 1 {
			older = "edit 1 was"
		}
		return &guard.Rejection{
			Code:   CodeHistoryPruned,
			Reason: fmt.Sprintf("nothing left to undo: every edit the history still keeps is undone already, and %s pruned, because %s. Nothing was written. %s", older, why, next),
		}
	}
	return &guard.Rejection{
		Code: CodeHistoryPruned,
		Reason: fmt.Sprintf("cannot undo edit %d (%s): its saved content was pruned, because %s, so ask-nix no longer has the fragment as it was before that edit. Nothing was written. "+
			"The edits after it are undone already. %s", target.Edit, target.Summary, why, next),
	}
}

// undoTargets are the newest n applied (or failed) edits not yet
// reverted, newest first, skipping undos and what they reverted.
func undoTargets(es []Entry, n int) []*Entry {
	var out []*Entry
	reverted := map[int]bool{}
	for i := len(es) - 1; i >= 0 && len(out) < n; i-- {
		e := es[i]
		switch {
		case !e.Wrote():
		case reverted[e.Edit]:
		case e.Undoes != 0:
			reverted[e.Undoes] = true
			for _, a := range e.UndoesAlso {
				reverted[a] = true
			}
		default:
			out = append(out, &es[i])
		}
	}
	return out
}

func (s *Store) result(cur snapshot, ch change) *Result {
	r := &Result{
		Changed:      ch.changed,
		Summary:      ch.summary,
		Headline:     ch.headline,
		Plan:         ch.plan,
		Undoes:       ch.undoes,
		UndoesAlso:   ch.also,
		Before:       cur.text,
		BeforeExists: cur.exists,
		After:        cur.text,
	}
	if ch.changed {
		r.After = ch.after
		r.Diff = plan.Diff(filepath.Base(s.Fragment), cur.text, ch.after, cur.exists, true)
		if bytes.Contains(cur.text, []byte("\r\n")) && !bytes.Contains(ch.after, []byte("\r\n")) {
			// Otherwise the diff shows lines changed that look the same.
			r.Notes = append(r.Notes, "the fragment had Windows line endings (CRLF); ask-nix writes Unix ones (LF), so the diff shows every such line changed")
		}
	}
	return r
}

// commit is the one write path.
func (s *Store) commit(ctx context.Context, request string, edit func(snapshot) (change, error)) (*Result, error) {
	// A user who may not write is told so before any lock file or history
	// folder is made (it would be theirs, in the way of the others).
	if err := s.CheckAccess(); err != nil {
		return nil, err
	}
	// Nix spends most of a parse starting up; it does that while the lock
	// is taken and the edit planned, and reads the new text when it is
	// ready.
	check := s.startCheck(ctx)
	defer check.abort()
	h := HistoryIn(s.StateDir)
	// Synced where made: the history's files are synced into it, and
	// would vanish with a folder whose own entry never was.
	if err := groupshare.MkdirAllSynced(h.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the state directory: %w; %s; nothing was written", err, stateDirAdvice(err))
	}
	wait := s.LockWait
	if wait == 0 {
		wait = 30 * time.Second
	}
	lockPath, purpose := filepath.Join(s.StateDir, lockName), "ask-nix edit: "+oneLine(request)
	lock, err := flock.TryLock(lockPath, purpose)
	var held *flock.HeldError
	if errors.As(err, &held) {
		if s.OnWait != nil {
			s.OnWait(held.Holder)
		}
		lctx, cancel := context.WithTimeout(ctx, wait)
		lock, err = flock.Acquire(lctx, lockPath, purpose)
		cancel()
	}
	switch {
	case err == nil:
	case ctx.Err() != nil:
		return nil, fmt.Errorf("waiting for the fragment lock: %w; nothing was written", ctx.Err())
	case errors.Is(err, flock.ErrHeld):
		return nil, fmt.Errorf("another edit is in progress: %w; nothing was written, try again", err)
	default:
		return nil, fmt.Errorf("cannot take the fragment lock: %w; %s; nothing was written", err, stateDirAdvice(err))
	}
	defer lock.Unlock()
	// The state directory's lock serialises the edits that keep their
	// history there; the fragment's folder's lock those of the fragment,
	// whatever state directory each writer keeps (two NIX_HUMANITY_STATE_DIR
	// on one fragment). Always taken second, after the state directory's,
	// and nothing else is taken while both are held, so no two writers
	// wait for each other.
	folder, err := s.lockFolder(ctx, wait)
	if err != nil {
		return nil, err
	}
	defer folder.Unlock()

	st, err := h.recent()
	if err != nil {
		return nil, historyError(err)
	}
	s.removeStaleTemps()
	cur, err := s.read()
	if err != nil {
		return nil, err
	}
	settled, err := s.settle(h, st.entries, st.endsClean, cur)
	if err != nil {
		return nil, historyError(err)
	} else if settled {
		if st, err = h.recent(); err != nil {
			return nil, historyError(err)
		}
	}
	ch, err := edit(cur)
	if err != nil {
		return nil, err
	}
	res := s.result(cur, ch)
	if !ch.changed {
		return res, nil
	}
	// Nix's parse (tens of milliseconds) runs while the history is saved:
	// the content (before only when it is not already the newest edit's
	// result) and, side by side, the entry, marked pending. If the process
	// dies after the rename but before the entry says applied, the next
	// writer still knows what happened; if Nix rejects the new text, the
	// entry says not-written and the text stays for a bug report. The
	// prune point this write records goes into the same synced append as
	// its entry; the pruned files go once the edit is done (retention.go).
	n := h.nextNumber(st, cur.text)
	if settled || h.saved(st.next()) {
		// A writer was killed here: its temporary files in the history
		// go now, not at the next compaction, hundreds of edits away.
		h.removeTemps()
	}
	prune := planPruning(s.Keep, st, n)
	validated := make(chan error, 1)
	go func() { validated <- check.finish(ctx, ch.after, res) }()
	entry := Entry{
		Edit: n, Time: s.now(), User: s.user(), Request: request, Intent: ch.kind,
		Summary: ch.summary, Status: StatusPending, Undoes: ch.undoes, UndoesAlso: ch.also, Created: !cur.exists,
		BeforeIs: sameAsResultOf(h, st.entries, cur), Fragment: s.Fragment,
	}
	var saveErr, logErr error
	var wg sync.WaitGroup
	wg.Go(func() { saveErr = s.saveContent(h, entry, cur, ch.after) })
	wg.Go(func() {
		logErr = h.appendLines(append([]logLine{{Event: "edit", Entry: entry}}, prune.line()...), st.endsClean, true)
	})
	wg.Wait()
	valErr := <-validated
	if valErr == nil {
		valErr = ctx.Err()
		if valErr != nil {
			valErr = fmt.Errorf("stopped before writing: %w; nothing was written", valErr)
		}
	}
	if logErr != nil {
		return nil, fmt.Errorf("%w; nothing was written: %s", logErr, stateDirAdvice(logErr))
	}
	if saveErr != nil {
		valErr = fmt.Errorf("%w; nothing was written: %s", saveErr, stateDirAdvice(saveErr))
	}
	if valErr != nil {
		_ = h.appendLines([]logLine{{Event: "status", Entry: Entry{Edit: n, Status: StatusNotWritten, Mark: MarkWrite, Reason: valErr.Error()}}}, true, true)
		_, _ = s.prune(h, prune, st)
		return nil, valErr
	}
	testPause("after-history")
	perm := os.FileMode(0o644)
	var synced *atomicfile.NotDurableError
	target := s.target()
	err = writeFragment(target, ch.after, perm)
	if errors.As(err, &synced) {
		// The new file is in place and is what readers and the reconciler
		// see: the edit happened.
		res.Notes = append(res.Notes, fmt.Sprintf("%v; the edit is in place, but a crash before the system syncs could lose it", err))
	} else if err != nil {
		_ = h.appendLines([]logLine{{Event: "status", Entry: Entry{Edit: n, Status: StatusNotWritten, Mark: MarkWrite, Reason: err.Error()}}}, true, true)
		_, _ = s.prune(h, prune, st)
		advice := fragmentAdvice(err, target)
		if target != s.Fragment {
			// The folder that takes no file is the link's target's, not
			// the one the fragment's setting names.
			advice = fmt.Sprintf("%s is a symbolic link to %s, the file ask-nix replaces: %s", s.Fragment, target, advice)
		}
		return nil, fmt.Errorf("writing the fragment: %w; the old file is unchanged: %s", err, advice)
	}
	testPause("after-fragment")
	// Not synced: if this line is lost, the next writer settles the
	// pending entry by comparing the file with the saved result.
	if err := h.appendLines([]logLine{{Event: "status", Entry: Entry{Edit: n, Status: StatusApplied, Mark: MarkWrite}}}, true, false); err != nil {
		// The edit happened; the entry stays pending, and the next
		// writer settles it as applied (the file is its saved result).
		res.Notes = append(res.Notes, fmt.Sprintf("the edit is written, but its history entry could not be marked done (%v); the next ask-nix edit completes it", err))
	}
	res.Edit = n
	if note, err := s.prune(h, prune, st); err != nil {
		res.Notes = append(res.Notes, fmt.Sprintf("the edit is written, but older history was not pruned: %v; a later edit tries again", err))
	} else if note != "" {
		res.Notes = append(res.Notes, note)
	}
	folder.Unlock()
	lock.Unlock()
	res.Notes = append(res.Notes, s.flakeNotes(ctx)...)
	return res, nil
}

// saveContent keeps the fragment before and after edit e, for undo and
// diff. A "before" that is already an edit's saved result (BeforeIs)
// becomes a hard link to it: no copy to write and sync, yet the edit
// keeps it when that older edit is pruned. Where links are refused (a
// file another user owns, under fs.protected_hardlinks), it is written.
// The link is synced with the directory when the "after" is.
func (s *Store) saveContent(h History, e Entry, cur snapshot, after []byte) error {
	if cur.exists && (e.BeforeIs == 0 || link(h.AfterPath(e.BeforeIs), h.BeforePath(e.Edit)) != nil) {
		if err := atomicfile.Write(h.BeforePath(e.Edit), cur.text, 0o644); err != nil {
			return fmt.Errorf("saving the history: %w", err)
		}
	}
	if err := atomicfile.Write(h.AfterPath(e.Edit), after, 0o644); err != nil {
		return fmt.Errorf("saving the history: %w", err)
	}
	return nil
}

// writeFragment is atomicfile.Write, replaced in tests: a full or
// read-only file system under the fragment alone cannot be made to
// happen without mounting one.
var writeFragment = atomicfile.Write

// sameAsResultOf returns the newest written edit if the fragment is still
// exactly what it wrote (the usual case), so its saved result doubles as
// the next edit's "before"; 0 otherwise.
func sameAsResultOf(h History, entries []Entry, cur snapshot) int {
	if !cur.exists {
		return 0
	}
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		if !e.Wrote() {
			continue
		}
		if after, err := os.ReadFile(h.AfterPath(e.Edit)); err == nil && bytes.Equal(after, cur.text) {
			return e.Edit
		}
		return 0
	}
	return 0
}

// settle resolves edits left pending by a writer that died: applied if
// the fragment is what it wrote, not-written otherwise.
func (s *Store) settle(h History, entries []Entry, clean bool, cur snapshot) (bool, error) {
	var lines []logLine
	for i, e := range entries {
		if e.Status != StatusPending {
			continue
		}
		status := StatusNotWritten
		if i == len(entries)-1 && cur.exists {
			if after, err := os.ReadFile(h.AfterPath(e.Edit)); err == nil && bytes.Equal(after, cur.text) {
				status = StatusApplied
			}
		}
		lines = append(lines, logLine{Event: "status", Entry: Entry{Edit: e.Edit, Status: status, Mark: MarkWrite, Reason: "settled after an interrupted write"}})
	}
	if len(lines) == 0 {
		return false, nil
	}
	return true, h.appendLines(lines, clean, true)
}

// lockFolder takes the lock of the folder the fragment's file is
// replaced in (flock.TryLockDir: no file is made there, and a rename of
// the fragment leaves it in place), waiting up to wait for a writer that
// holds it. A folder that is not there is not locked (nil): the write
// then fails, saying so.
func (s *Store) lockFolder(ctx context.Context, wait time.Duration) (*flock.Lock, error) {
	dir := filepath.Dir(s.target())
	l, err := flock.TryLockDir(dir)
	if errors.Is(err, flock.ErrHeld) {
		if s.OnWait != nil {
			s.OnWait(fmt.Sprintf("an edit of a file in %s, by a process that keeps its history in another state directory", dir))
		}
		lctx, cancel := context.WithTimeout(ctx, wait)
		l, err = flock.AcquireDir(lctx, dir)
		cancel()
	}
	switch {
	case err == nil:
		return l, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case ctx.Err() != nil:
		return nil, fmt.Errorf("waiting for the lock of the fragment's folder %s: %w; nothing was written", dir, ctx.Err())
	case errors.Is(err, flock.ErrHeld):
		return nil, fmt.Errorf("another edit of a file in %s is in progress, by a process with another state directory (NIX_HUMANITY_STATE_DIR): %w; nothing was written, try again", dir, err)
	}
	return nil, fmt.Errorf("cannot take the lock of the fragment's folder: %w; nothing was written. ask-nix locks the folder itself so that edits with different state directories do not overwrite each other: it must be able to read it", err)
}

// target is the file a write replaces: the fragment, or the file it links
// to, so a symlinked fragment (into a repository, say) stays a link.
func (s *Store) target() string {
	if fi, err := os.Lstat(s.Fragment); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		if t, err := filepath.EvalSymlinks(s.Fragment); err == nil {
			return t
		}
	}
	return s.Fragment
}

// removeStaleTemps deletes temporary files a killed writer left beside the
// fragment. Only a lock holder creates them, so under the lock any that
// exist are stale.
func (s *Store) removeStaleTemps() {
	t := s.target()
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(t), "."+filepath.Base(t)+".tmp-*"))
	for _, m := range matches {
		_ = os.Remove(m)
	}
}

func (s *Store) lookPath(name string) (string, error) {
	if s.LookPath != nil {
		return s.LookPath(name)
	}
	return exec.LookPath(name)
}

func (s *Store) now() time.Time {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	return now().UTC().Truncate(time.Second)
}

func (s *Store) user() string {
	if s.User != "" {
		return s.User
	}
	return CurrentUser(os.Getenv)
}

// CurrentUser names who is editing: the person behind sudo (SUDO_USER)
// when running as root through it, else the real user.
func CurrentUser(getenv func(string) string) string {
	uid := os.Getuid()
	if uid == 0 {
		if su := getenv("SUDO_USER"); su != "" {
			return su
		}
	}
	if u, err := user.LookupId(strconv.Itoa(uid)); err == nil {
		return u.Username
	}
	return "uid " + strconv.Itoa(uid)
}

func oneLine(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c < ' ' {
			b[i] = ' '
		}
	}
	if len(b) > 200 {
		b = b[:200]
	}
	return string(b)
}

// testPause is a test-only hook: with NIX_HUMANITY_TEST_WRITE_PAUSE set
// to a duration, the writer sleeps at each step of a write, so the crash
// tests can kill it there; with NIX_HUMANITY_TEST_WRITE_STOP set to a
// step's name, it says so on stderr and waits there to be killed. Unset
// (always, outside tests) they do nothing. A binary built with -tags
// crashtest also dies at the step NIX_HUMANITY_CRASH_AT names
// (internal/crashpoint; a normal build has no such kill).
func testPause(step string) {
	crashpoint.Reach(step)
	stop, pause := testHooks()
	if stop == step {
		fmt.Fprintf(os.Stderr, "test hook: stopped at %s\n", step)
		time.Sleep(time.Hour)
	}
	if pause > 0 {
		time.Sleep(pause)
	}
}

// testHooks reads the hooks' variables once: compaction passes a step
// for every file it deletes.
var testHooks = sync.OnceValues(func() (stop string, pause time.Duration) {
	if v := os.Getenv("NIX_HUMANITY_TEST_WRITE_PAUSE"); v != "" {
		pause, _ = time.ParseDuration(v)
	}
	return os.Getenv("NIX_HUMANITY_TEST_WRITE_STOP"), pause
})
