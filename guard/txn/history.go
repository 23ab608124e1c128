package txn

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/internal/groupshare"
)

// Edit statuses. An edit is "pending" only while its writer holds the
// lock; one still pending afterwards was cut short (a crash) and the next
// writer settles it as applied or not-written by looking at the file.
const (
	StatusPending    = "pending"
	StatusApplied    = "applied"
	StatusFailed     = "failed"
	StatusNotWritten = "not-written"
)

// Entry is one numbered edit of the fragment, as `ask-nix history --json`
// prints it.
type Entry struct {
	Edit    int       `json:"edit"`
	Time    time.Time `json:"time,omitzero"`
	User    string    `json:"user,omitempty"`
	Request string    `json:"request,omitempty"`
	// Intent is the intent name ("install"), the names joined by "+" for
	// several said at once ("install+enable-service"), or "undo".
	Intent  string `json:"intent,omitempty"`
	Summary string `json:"summary,omitempty"`
	// Status is applied when written; the reconciler marks an edit failed
	// when the system built from it did not build or activate.
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
	// Undoes is the edit an undo reverted; UndoesAlso the older ones it
	// reverted with it, newest first ("undo the last 3 changes").
	Undoes     int   `json:"undoes,omitempty"`
	UndoesAlso []int `json:"undoesAlso,omitempty"`
	// Created says the fragment did not exist before this edit.
	Created bool `json:"created,omitempty"`
	// BeforeIs names the edit whose saved result is this edit's "before"
	// (the file had not changed since); 0 means it is saved on its own.
	// Either way the edit has its own N.before.nix (for BeforeIs, a hard
	// link to that result), so pruning the older edit leaves it whole.
	BeforeIs int    `json:"beforeIs,omitempty"`
	Fragment string `json:"fragment,omitempty"`
	// Mark is why the latest status was set, in a word readers decide
	// on (Reason is for people and may be reworded): MarkWrite,
	// MarkPassFailed or MarkAppliedAfterFailure. Empty for an edit
	// whose status is its own line's, or set by a status line from a
	// version before marks (added later), whose Reason is all there is.
	Mark string `json:"mark,omitempty"`
}

// The marks of status lines (Entry.Mark).
const (
	// MarkWrite: ask-nix's own write set it (done, not written, or
	// settled after an interrupted write).
	MarkWrite = "write"
	// MarkPassFailed: the reconciler marked the edit failed, as a pass
	// that built it failed (MarkFailed).
	MarkPassFailed = "pass-failed"
	// MarkAppliedAfterFailure: the reconciler marked an edit it had
	// marked failed applied again, as a later pass put it in place.
	MarkAppliedAfterFailure = "applied-after-failure"
)

// Wrote reports whether the edit wrote the fragment: applied, or
// applied and then marked failed by the reconciler (pending, cut short
// or not written, it left the file as it was).
func (e Entry) Wrote() bool { return e.Status == StatusApplied || e.Status == StatusFailed }

// logLine is one line of history/log.jsonl: an edit, a later status
// change of an edit, or a prune point ("pruned": the saved content of
// every edit up to Edit is deleted). Writes only ever append to the log;
// compaction (retention.go) replaces it whole.
type logLine struct {
	Event string `json:"event"` // "edit", "status" or "pruned"
	Entry
}

// MarshalJSON writes a prune point as {"event":"pruned","edit":N}, without
// the empty status every entry carries.
func (l logLine) MarshalJSON() ([]byte, error) {
	if l.Event == "pruned" {
		return json.Marshal(struct {
			Event string `json:"event"`
			Edit  int    `json:"edit"`
		}{l.Event, l.Edit})
	}
	type plain logLine // without this method
	return json.Marshal(plain(l))
}

const (
	historyDir = "history"
	logName    = "log.jsonl"
	lockName   = "fragment.lock"
)

// History is the record of edits kept in a state directory.
type History struct{ Dir string } // <state>/history

// HistoryIn returns the history kept in stateDir.
func HistoryIn(stateDir string) History { return History{Dir: filepath.Join(stateDir, historyDir)} }

func (h History) logPath() string { return filepath.Join(h.Dir, logName) }

// BeforePath and AfterPath hold the fragment's content before and after
// edit n (no before file when the edit created the fragment).
func (h History) BeforePath(n int) string {
	return filepath.Join(h.Dir, strconv.Itoa(n)+".before.nix")
}

// AfterPath is the fragment as edit n wrote it.
func (h History) AfterPath(n int) string {
	return filepath.Join(h.Dir, strconv.Itoa(n)+".after.nix")
}

// Entries reads the edits the history keeps, oldest first, with their
// latest status. A missing history is empty. A line cut short by a crash
// is ignored, and an edit whose writer was killed reads as the next
// writer will settle it (cutShort).
func (h History) Entries() ([]Entry, error) {
	es, _, err := h.Kept()
	return es, err
}

// Kept reads the edits the history keeps, oldest first, and how many
// older edits were pruned (edits 1 to pruned: numbers are never reused).
func (h History) Kept() (entries []Entry, pruned int, err error) {
	st, err := h.readAll()
	if err != nil {
		return nil, 0, err
	}
	return h.cutShort(st.kept()), st.pruned, nil
}

// Reasons a reader gives an edit whose writer was killed (SIGKILL, a
// crash, the machine losing power) before it marked the edit done.
const (
	cutShortWritten    = "the write was cut short (its process was killed) after the fragment was written; the next ask-nix edit records it as applied"
	cutShortNotWritten = "the write was cut short (its process was killed) before the fragment was written, so the fragment is as it was; the next ask-nix edit records it as not written"
)

// cutShort is es as the next writer will settle them (Store.settle),
// for a reader that does not take the lock: a pending edit whose writer
// died reads as applied when it is the newest edit and its fragment is
// its saved result (the writer was killed after the rename), and as
// not written otherwise; while a writer holds the lock its edit stays
// pending (it is being written). Without this a killed write read as
// "pending" (written, waiting for a pass) until the next edit, even one
// that never reached the fragment, and the reconciler tied the
// fragment it wrote to no edit. Nothing is written; the cost, a lock
// check and one read, is paid only when an edit is pending.
func (h History) cutShort(es []Entry) []Entry {
	newest := len(es) - 1
	if !slices.ContainsFunc(es, func(e Entry) bool { return e.Status == StatusPending }) {
		return es
	}
	held, err := flock.Check(filepath.Join(filepath.Dir(h.Dir), lockName))
	if held || err != nil {
		return es // a write in progress, or not known: as the log says
	}
	for i := range es {
		e := &es[i]
		if e.Status != StatusPending {
			continue
		}
		if i == newest && e.Fragment == "" {
			continue // from an older ask-nix: which file it wrote is not known
		}
		e.Status, e.Reason = StatusNotWritten, cutShortNotWritten
		if i == newest {
			cur, cerr := ReadFragment(e.Fragment)
			after, aerr := os.ReadFile(h.AfterPath(e.Edit))
			if cerr == nil && aerr == nil && bytes.Equal(cur, after) {
				e.Status, e.Reason = StatusApplied, cutShortWritten
			}
		}
	}
	return es
}

// Entry returns edit n.
func (h History) Entry(n int) (Entry, error) {
	st, err := h.readAll()
	if err != nil {
		return Entry{}, err
	}
	if n <= st.pruned {
		return Entry{}, fmt.Errorf("edit %d was pruned: %s", n, prunedNote(st.pruned))
	}
	es := h.cutShort(st.kept())
	for _, e := range es {
		if e.Edit == n {
			return e, nil
		}
	}
	if len(es) == 0 {
		return Entry{}, fmt.Errorf("there is no edit %d: the history in %s is empty", n, h.Dir)
	}
	return Entry{}, fmt.Errorf("there is no edit %d: edits run from %d to %d", n, es[0].Edit, es[len(es)-1].Edit)
}

// prunedNote says which edits are gone and why.
func prunedNote(pruned int) string {
	if pruned == 1 {
		return "edit 1 is no longer kept (the history keeps the newest edits; NIX_HUMANITY_HISTORY_KEEP says how many)"
	}
	return fmt.Sprintf("edits 1 to %d are no longer kept (the history keeps the newest edits; NIX_HUMANITY_HISTORY_KEEP says how many)", pruned)
}

// Content returns the fragment before and after edit n. When that content
// was pruned the error wraps fs.ErrNotExist.
func (h History) Content(e Entry) (before, after []byte, err error) {
	switch {
	case e.Created:
	case e.BeforeIs != 0:
		before, err = os.ReadFile(h.AfterPath(e.BeforeIs))
		if errors.Is(err, fs.ErrNotExist) {
			// Edit BeforeIs was pruned; edit e has its own copy (a
			// hard link made when e was saved, or by the compaction).
			before, err = os.ReadFile(h.BeforePath(e.Edit))
		}
	default:
		before, err = os.ReadFile(h.BeforePath(e.Edit))
	}
	if err == nil {
		after, err = os.ReadFile(h.AfterPath(e.Edit))
	}
	if errors.Is(err, fs.ErrNotExist) && (e.Status == StatusPending || e.Status == StatusNotWritten) {
		return nil, nil, fmt.Errorf("edit %d was not written, and its content was not saved completely: %w", e.Edit, err)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("the saved content of edit %d is gone (pruned from the history, or deleted): %w", e.Edit, err)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("history of edit %d is incomplete: %w", e.Edit, err)
	}
	return before, after, nil
}

// logState is what a read of the log found.
type logState struct {
	// entries are the edits in what was read, oldest first, pruned ones
	// included, with their latest status.
	entries []Entry
	// pruned is the newest prune point read: edits up to it have no
	// saved content left (or are about to lose it).
	pruned int
	// header is the prune point on the log's first line, which only a
	// compaction writes; -1 when the log does not start with one.
	header int
	// endsClean says the log ends in a newline (a torn last line does
	// not, and the next append starts a fresh line).
	endsClean bool
	// complete says the whole log was read, not only its tail.
	complete bool
}

// newest is the highest edit number read.
func (st logState) newest() int {
	n := 0
	for _, e := range st.entries {
		n = max(n, e.Edit)
	}
	return n
}

// next is the number of the next edit. It counts the prune point too: a
// compacted log whose edits were all lost would otherwise start again at
// 1 and overwrite saved content under the same numbers.
func (st logState) next() int { return max(st.newest(), st.pruned) + 1 }

// nextNumber is the number of the next edit, cur the fragment as it is
// now: the log's next, unless that number belongs to an edit the log
// lost (the log deleted, or put back from an older copy, while the
// edits' files stayed), when it goes on past the highest saved number, so
// no edit's before and after are overwritten and a number is never given
// to two edits. A writer killed before its entry reached the log leaves
// saved content under exactly the log's next number, for an edit that
// never happened (the fragment is not its result); that number is used
// again. One or two stats per write; the folder is listed only when the
// number is taken.
func (h History) nextNumber(st logState, cur []byte) int {
	n := st.next()
	if !h.saved(n) {
		return n
	}
	if !h.saved(n + 1) {
		after, err := os.ReadFile(h.AfterPath(n))
		if err != nil || !bytes.Equal(after, cur) {
			return n
		}
	}
	names, err := os.ReadDir(h.Dir)
	if err != nil {
		return n
	}
	for _, d := range names {
		// Only files: ask-nix saves no folders (removeOld skips them too).
		if m := savedNumber(d.Name()); m >= n && d.Type().IsRegular() {
			n = m + 1
		}
	}
	return n
}

// saved reports whether edit n has saved content (a file).
func (h History) saved(n int) bool {
	for _, p := range []string{h.BeforePath(n), h.AfterPath(n)} {
		if fi, err := os.Lstat(p); err == nil && fi.Mode().IsRegular() {
			return true
		}
	}
	return false
}

// kept is the entries whose content the history keeps.
func (st logState) kept() []Entry {
	var out []Entry
	for _, e := range st.entries {
		if e.Edit > st.pruned {
			out = append(out, e)
		}
	}
	return out
}

// readAll reads the whole log.
func (h History) readAll() (logState, error) { return h.readTail(0) }

// tailSize is how much of the log a write reads: the last hundred or so
// edits, enough for the next number, pending entries and most undos,
// without reading years of history on every write.
const tailSize = 16 << 10

// readTail reads the last limit bytes of the log (all of it if limit is 0 or
// the log is smaller), and its first line when that is a compaction's
// header. Status lines for edits before the tail are ignored.
func (h History) readTail(limit int64) (logState, error) {
	st := logState{header: -1}
	f, err := os.Open(h.logPath())
	if errors.Is(err, fs.ErrNotExist) {
		st.endsClean, st.complete = true, true
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("reading history: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return st, fmt.Errorf("reading history: %w", err)
	}
	off := int64(0)
	if limit > 0 && fi.Size() > limit {
		// One byte before the cut too: when it is the newline that ends
		// a line, the line after it is whole and kept.
		off = fi.Size() - limit - 1
	}
	data := make([]byte, fi.Size()-off)
	if _, err := f.ReadAt(data, off); err != nil && !errors.Is(err, io.EOF) {
		return st, fmt.Errorf("reading history: %w", err)
	}
	st.complete = off == 0
	if !st.complete {
		// Drop the partial line the cut landed in (only the byte before
		// it when the cut fell at a line's start).
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			data = data[i+1:]
		} else {
			data = nil
		}
		st.header = readHeader(f)
	}
	var first int
	st.entries, st.endsClean, st.pruned, first = parseLog(data)
	if st.complete {
		st.header = first
	}
	st.pruned = max(st.pruned, st.header)
	if len(data) == 0 && !st.complete {
		st.endsClean = true
	}
	return st, nil
}

// readHeader returns the prune point on the log's first line, or -1 if
// that line is not a compaction's header (a header is short; an edit line
// is not one).
func readHeader(f *os.File) int {
	buf := make([]byte, 128)
	n, _ := f.ReadAt(buf, 0)
	i := bytes.IndexByte(buf[:n], '\n')
	if i < 0 {
		return -1
	}
	var l logLine
	if json.Unmarshal(buf[:i], &l) != nil || l.Event != "pruned" {
		return -1
	}
	return l.Edit
}

// parseLog folds log lines into entries with their latest status. pruned
// is the highest prune point among the lines; header is the prune point
// of the first line, -1 if it is not one.
func parseLog(data []byte) (entries []Entry, endsClean bool, pruned, header int) {
	endsClean = len(data) == 0 || data[len(data)-1] == '\n'
	header = -1
	index := map[int]int{}
	for first := true; len(data) > 0; first = false {
		line := data
		i := bytes.IndexByte(data, '\n')
		if i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		var l logLine
		if len(bytes.TrimSpace(line)) == 0 || json.Unmarshal(line, &l) != nil {
			// A line cut short by a crash (only the last can be), or
			// damage: skip it rather than refuse every later edit.
			continue
		}
		switch l.Event {
		case "edit":
			index[l.Edit] = len(entries)
			entries = append(entries, l.Entry)
		case "status":
			if j, ok := index[l.Edit]; ok {
				entries[j].Status = l.Status
				entries[j].Reason = l.Reason
				entries[j].Mark = l.Mark
			}
		case "pruned":
			pruned = max(pruned, l.Edit)
			if first {
				header = l.Edit
			}
		}
	}
	return entries, endsClean, pruned, header
}

// recent reads the tail of the log, or all of it if the tail holds no
// edit: enough to number the next edit and settle pending ones.
func (h History) recent() (logState, error) {
	st, err := h.readTail(tailSize)
	if err == nil && len(st.entries) == 0 && !st.complete {
		st, err = h.readAll()
	}
	return st, err
}

// appendLines adds lines to the log in one write and, if sync, fsyncs it.
func (h History) appendLines(lines []logLine, freshLine, sync bool) error {
	var buf bytes.Buffer
	if !freshLine {
		buf.WriteByte('\n')
	}
	for _, l := range lines {
		b, err := json.Marshal(l)
		if err != nil {
			return fmt.Errorf("writing history: %w", err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	// Opened without O_CREATE first: the log is new once per history,
	// and only then does its folder need a sync too.
	created := false
	f, err := os.OpenFile(h.logPath(), os.O_WRONLY|os.O_APPEND, 0)
	if errors.Is(err, fs.ErrNotExist) {
		f, err = groupshare.OpenFile(h.logPath(), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		created = true
	}
	if err != nil {
		return fmt.Errorf("writing history: %w", err)
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return fmt.Errorf("writing history: %w", err)
	}
	if sync {
		if err := f.Sync(); err != nil {
			f.Close()
			return fmt.Errorf("writing history: fsync: %w", err)
		}
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing history: %w", err)
	}
	if created && sync {
		// A synced log whose name was never synced into its folder can
		// vanish in a crash of the machine, entries and all.
		if err := syncDir(h.Dir); err != nil {
			return fmt.Errorf("writing history: %w", err)
		}
	}
	return nil
}

// syncDir is atomicfile.SyncDir, replaced in tests (a sync cannot be
// seen).
var syncDir = atomicfile.SyncDir

// MarkFailed records that the system built from edit n failed to build or
// activate, with the reason. The reconciler calls it; `ask-nix history`
// then shows the edit as failed. It waits for the fragment lock (ctx
// bounds the wait), so it never interleaves with a write.
func MarkFailed(ctx context.Context, stateDir string, n int, reason string) error {
	return SetStatus(ctx, stateDir, n, StatusFailed, MarkPassFailed, reason)
}

// SetStatus records a new status for edit n, with mark saying why (one
// of the Mark constants) and reason in words. A status, mark and reason
// the edit has already are not written again: two processes may make
// the same mark (ask-nix apply right after its pass, and a daemon
// started meanwhile settling that pass's mark), and the lock makes the
// second one see the first.
func SetStatus(ctx context.Context, stateDir string, n int, status, mark, reason string) error {
	h := HistoryIn(stateDir)
	lock, err := flock.Acquire(ctx, filepath.Join(stateDir, lockName), fmt.Sprintf("mark edit %d %s", n, status))
	if err != nil {
		return err
	}
	defer lock.Unlock()
	st, err := h.readAll()
	if err != nil {
		return err
	}
	if n <= st.pruned {
		return fmt.Errorf("cannot mark edit %d %s: it was pruned from the history in %s (%s)", n, status, h.Dir, prunedNote(st.pruned))
	}
	found := false
	for _, e := range st.entries {
		if e.Edit != n {
			continue
		}
		if e.Status == status && e.Mark == mark && e.Reason == reason {
			return nil
		}
		found = true
	}
	if !found {
		return fmt.Errorf("cannot mark edit %d %s: there is no such edit in %s", n, status, h.Dir)
	}
	return h.appendLines([]logLine{{Event: "status", Entry: Entry{Edit: n, Status: status, Mark: mark, Reason: reason}}}, st.endsClean, true)
}

// IndexByContent returns the index in es (h's entries) of the newest
// edit that wrote the fragment and whose saved result is exactly
// content, or -1: how the reconciler ties the fragment it built to an
// edit.
func (h History) IndexByContent(es []Entry, content []byte) int {
	for i := len(es) - 1; i >= 0; i-- {
		if !es[i].Wrote() {
			continue
		}
		after, err := os.ReadFile(h.AfterPath(es[i].Edit))
		if err == nil && bytes.Equal(after, content) {
			return i
		}
	}
	return -1
}
