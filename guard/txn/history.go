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
	"strconv"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/flock"
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
	// Intent is the intent name ("install"), or "undo".
	Intent  string `json:"intent,omitempty"`
	Summary string `json:"summary,omitempty"`
	// Status is applied when written; the reconciler marks an edit failed
	// when the system built from it did not build or activate.
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
	// Undoes is the edit an undo reverted.
	Undoes int `json:"undoes,omitempty"`
	// Created says the fragment did not exist before this edit.
	Created bool `json:"created,omitempty"`
	// BeforeIs names the edit whose saved result is this edit's "before"
	// (the file had not changed since); 0 means it is saved on its own.
	BeforeIs int    `json:"beforeIs,omitempty"`
	Fragment string `json:"fragment,omitempty"`
}

// logLine is one line of history/log.jsonl: an edit, or a later status
// change of an edit. The log is only ever appended to.
type logLine struct {
	Event string `json:"event"` // "edit" or "status"
	Entry
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

// Entries reads every edit, oldest first, with its latest status. A
// missing history is empty. A line cut short by a crash is ignored.
func (h History) Entries() ([]Entry, error) {
	es, _, err := h.read()
	return es, err
}

// Entry returns edit n.
func (h History) Entry(n int) (Entry, error) {
	es, err := h.Entries()
	if err != nil {
		return Entry{}, err
	}
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

// Content returns the fragment before and after edit n.
func (h History) Content(e Entry) (before, after []byte, err error) {
	switch {
	case e.Created:
	case e.BeforeIs != 0:
		if before, err = os.ReadFile(h.AfterPath(e.BeforeIs)); err != nil {
			return nil, nil, fmt.Errorf("history of edit %d is incomplete: %w", e.Edit, err)
		}
	default:
		if before, err = os.ReadFile(h.BeforePath(e.Edit)); err != nil {
			return nil, nil, fmt.Errorf("history of edit %d is incomplete: %w", e.Edit, err)
		}
	}
	if after, err = os.ReadFile(h.AfterPath(e.Edit)); err != nil {
		return nil, nil, fmt.Errorf("history of edit %d is incomplete: %w", e.Edit, err)
	}
	return before, after, nil
}

// read returns the entries and whether the log ends in a newline (a torn
// last line does not, and the next append starts a fresh line).
func (h History) read() (entries []Entry, endsClean bool, err error) {
	entries, endsClean, _, err = h.readTail(0)
	return entries, endsClean, err
}

// tailSize is how much of the log a write reads: the last hundred or so
// edits, enough for the next number, pending entries and most undos,
// without reading years of history on every write.
const tailSize = 16 << 10

// readTail reads the last max bytes of the log (all of it if max is 0 or
// the log is smaller); complete says whether that was the whole log.
// Status lines for edits before the tail are ignored.
func (h History) readTail(max int64) (entries []Entry, endsClean, complete bool, err error) {
	f, err := os.Open(h.logPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, true, true, nil
	}
	if err != nil {
		return nil, false, false, fmt.Errorf("reading history: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, false, false, fmt.Errorf("reading history: %w", err)
	}
	off := int64(0)
	if max > 0 && fi.Size() > max {
		off = fi.Size() - max
	}
	data := make([]byte, fi.Size()-off)
	if _, err := f.ReadAt(data, off); err != nil && !errors.Is(err, io.EOF) {
		return nil, false, false, fmt.Errorf("reading history: %w", err)
	}
	complete = off == 0
	if !complete {
		// Drop the partial line the cut landed in.
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			data = data[i+1:]
		} else {
			data = nil
		}
	}
	entries, endsClean = parseLog(data)
	if len(data) == 0 && !complete {
		endsClean = true
	}
	return entries, endsClean, complete, nil
}

// parseLog folds log lines into entries with their latest status.
func parseLog(data []byte) (entries []Entry, endsClean bool) {
	endsClean = len(data) == 0 || data[len(data)-1] == '\n'
	index := map[int]int{}
	for len(data) > 0 {
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
			}
		}
	}
	return entries, endsClean
}

// recent reads the tail of the log, or all of it if the tail holds no
// edit: enough to number the next edit and settle pending ones.
func (h History) recent() ([]Entry, bool, error) {
	es, clean, complete, err := h.readTail(tailSize)
	if err == nil && len(es) == 0 && !complete {
		es, clean, err = h.read()
	}
	return es, clean, err
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
	f, err := os.OpenFile(h.logPath(), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
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
	return f.Close()
}

// MarkFailed records that the system built from edit n failed to build or
// activate, with the reason. The reconciler calls it; `ask-nix history`
// then shows the edit as failed. It waits for the fragment lock (ctx
// bounds the wait), so it never interleaves with a write.
func MarkFailed(ctx context.Context, stateDir string, n int, reason string) error {
	return SetStatus(ctx, stateDir, n, StatusFailed, reason)
}

// SetStatus records a new status for edit n.
func SetStatus(ctx context.Context, stateDir string, n int, status, reason string) error {
	h := HistoryIn(stateDir)
	lock, err := flock.Acquire(ctx, filepath.Join(stateDir, lockName), fmt.Sprintf("mark edit %d %s", n, status))
	if err != nil {
		return err
	}
	defer lock.Unlock()
	es, clean, err := h.read()
	if err != nil {
		return err
	}
	found := false
	for _, e := range es {
		found = found || e.Edit == n
	}
	if !found {
		return fmt.Errorf("cannot mark edit %d %s: there is no such edit in %s", n, status, h.Dir)
	}
	return h.appendLines([]logLine{{Event: "status", Entry: Entry{Edit: n, Status: status, Reason: reason}}}, clean, true)
}

// FindByContent returns the newest applied or failed edit whose result is
// exactly content: how the reconciler ties the fragment it built to an
// edit.
func FindByContent(stateDir string, content []byte) (Entry, bool, error) {
	h := HistoryIn(stateDir)
	es, err := h.Entries()
	if err != nil {
		return Entry{}, false, err
	}
	for i := len(es) - 1; i >= 0; i-- {
		e := es[i]
		if e.Status != StatusApplied && e.Status != StatusFailed {
			continue
		}
		after, err := os.ReadFile(h.AfterPath(e.Edit))
		if err == nil && bytes.Equal(after, content) {
			return e, true, nil
		}
	}
	return Entry{}, false, nil
}
