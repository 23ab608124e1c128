package txn

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
)

// Retention. The history keeps the saved content (before and after) of
// the newest Store.Keep edits; a write deletes what falls out of that
// window, under the lock, once its own edit is recorded.
//
// Each write records its prune point P in the same fsynced append as its
// pending entry (a "pruned" line), and deletes the files of edits up to P
// only after the edit is done: a crash can leave files the log calls
// pruned (harmless, the next compaction removes them), never a log that
// calls an edit kept whose content is gone.
//
// An edit whose "before" is another edit's result (BeforeIs) has its own
// hard link to that file, made when it is saved, so deleting a pruned
// edit's files never takes a kept edit's "before" with it. Edits saved
// before retention existed have no such link; the first compaction makes
// them, and until a log has been compacted (its first line is a header)
// every prune is a compaction.
//
// The log itself is compacted (rewritten atomically, without the pruned
// edits, statuses folded in, behind a header line holding P) when it holds
// more than twice Keep edits: one rewrite of Keep edits every Keep writes.
// Numbers stay monotonic because the next number counts P too.

// pruning is what a write does to the history once its edit is recorded.
type pruning struct {
	// from and through: delete the saved content of edits from+1 to
	// through (through 0: nothing).
	from, through int
	// compact: instead, compact the whole history (h.compact).
	compact bool
}

// planPruning decides what writing edit n does to the history as st
// describes it, keeping the newest keep edits (0: all).
func planPruning(keep int, st logState, n int) pruning {
	if keep <= 0 {
		return pruning{}
	}
	edge := n - keep
	switch {
	case edge <= st.pruned:
		return pruning{}
	case st.header < 0, n-st.header > 2*keep:
		return pruning{compact: true}
	}
	return pruning{from: st.pruned, through: edge}
}

// line is the prune point a write records with its entry; nil when the
// write prunes nothing or compacts (which writes its own header).
func (p pruning) line() []logLine {
	if p.through == 0 || p.compact {
		return nil
	}
	return []logLine{{Event: "pruned", Entry: Entry{Edit: p.through}}}
}

// prune carries p out. The first prune of a history says so (note): it
// may remove years of edits at once.
func (s *Store) prune(h History, p pruning, st logState) (note string, err error) {
	switch {
	case p.compact:
		edge, err := h.compact(s.Keep)
		if err == nil && st.header < 0 && edge > 0 {
			gone := fmt.Sprintf("edits 1 to %d were", edge)
			if edge == 1 {
				gone = "edit 1 was"
			}
			note = fmt.Sprintf("the history keeps the saved content of the newest %d edits (NIX_HUMANITY_HISTORY_KEEP), so %s pruned; older edits are pruned as new ones are made", s.Keep, gone)
		}
		return note, err
	case p.through > 0:
		return "", h.removeContent(p.from, p.through)
	}
	return "", nil
}

// removeContent deletes the saved content of edits from+1 to through.
func (h History) removeContent(from, through int) error {
	var first error
	for n := from + 1; n <= through; n++ {
		for _, p := range []string{h.BeforePath(n), h.AfterPath(n)} {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) && first == nil {
				first = err
			}
			testPause("pruning")
		}
	}
	if first != nil {
		return fmt.Errorf("pruning the history: %w", first)
	}
	return nil
}

// compact keeps the newest keep edits: every kept edit gets its own copy
// of its "before", the log is rewritten without the older edits (a
// header line holding the prune point, then one line per kept edit with
// its latest status), and the older edits' files are deleted. Each step
// leaves a history that reads: links first (synced), then the log
// (atomic), then deletions.
func (h History) compact(keep int) (edge int, err error) {
	st, err := h.readAll()
	if err != nil {
		return 0, err
	}
	edge = max(st.pruned, st.newest()-keep)
	kept := st.kept()
	if edge > st.pruned {
		st.pruned = edge
		kept = st.kept()
	}
	made := false
	for _, e := range kept {
		if e.BeforeIs == 0 || e.Created {
			continue
		}
		ok, err := h.ownBefore(e)
		if err != nil {
			return 0, fmt.Errorf("pruning the history: keeping edit %d's saved content: %w", e.Edit, err)
		}
		made = made || ok
	}
	if made {
		if err := atomicfile.SyncDir(h.Dir); err != nil {
			return 0, fmt.Errorf("pruning the history: %w", err)
		}
	}
	testPause("compact-linked")
	var buf bytes.Buffer
	lines := []logLine{{Event: "pruned", Entry: Entry{Edit: edge}}}
	for _, e := range kept {
		lines = append(lines, logLine{Event: "edit", Entry: e})
	}
	for _, l := range lines {
		b, err := json.Marshal(l)
		if err != nil {
			return 0, fmt.Errorf("pruning the history: %w", err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	if err := atomicfile.Write(h.logPath(), buf.Bytes(), 0o644); err != nil {
		return 0, fmt.Errorf("pruning the history: %w", err)
	}
	testPause("compact-written")
	return edge, h.removeOld(edge)
}

// ownBefore makes sure edit e, whose "before" is edit e.BeforeIs's saved
// result, has its own copy of it: a hard link (no space), or a copy
// where links are refused. It reports whether it made one.
func (h History) ownBefore(e Entry) (bool, error) {
	src, dst := h.AfterPath(e.BeforeIs), h.BeforePath(e.Edit)
	si, err := os.Stat(src)
	if errors.Is(err, fs.ErrNotExist) {
		// Nothing left to copy; Content says so if it is ever asked.
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if di, err := os.Stat(dst); err == nil {
		if os.SameFile(si, di) {
			return false, nil
		}
		// A copy made where links are refused is as good; anything else
		// is a stale file a killed writer left under this number.
		a, aerr := os.ReadFile(src)
		b, berr := os.ReadFile(dst)
		if aerr == nil && berr == nil && bytes.Equal(a, b) {
			return false, nil
		}
	}
	if link(src, dst) == nil {
		return true, nil
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return false, err
	}
	return true, atomicfile.Write(dst, data, 0o644)
}

// link makes dst a hard link to src, replacing any dst atomically. Not
// synced: the caller syncs the directory.
func link(src, dst string) error {
	tmp := filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp-link")
	_ = os.Remove(tmp)
	if err := os.Link(src, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	// A rename between two links to one file does nothing (POSIX) and
	// leaves tmp: so it is when a killed writer linked dst already and
	// the next one, given the same number, links it again.
	_ = os.Remove(tmp)
	return nil
}

// removeOld deletes the saved content of every edit up to edge, and
// temporary files a killed writer left (only a lock holder makes them,
// and compact runs under the lock).
func (h History) removeOld(edge int) error {
	names, err := os.ReadDir(h.Dir)
	if err != nil {
		return fmt.Errorf("pruning the history: %w", err)
	}
	var first error
	for _, d := range names {
		name := d.Name()
		if d.IsDir() {
			continue // not something ask-nix makes
		}
		if !contentOf(name, edge) && !isTemp(name) {
			continue
		}
		if err := os.Remove(filepath.Join(h.Dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) && first == nil {
			first = err
		}
		testPause("pruning")
	}
	if first != nil {
		return fmt.Errorf("pruning the history: %w", first)
	}
	return nil
}

// isTemp reports whether name is a temporary file of a history write:
// atomicfile's (".12.after.nix.tmp-123") or link's (".12.before.nix.tmp-link").
func isTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp-")
}

// removeTemps deletes the temporary files a killed writer left in the
// history. Only a lock holder makes them, and the caller holds the lock.
func (h History) removeTemps() {
	names, err := os.ReadDir(h.Dir)
	if err != nil {
		return
	}
	for _, d := range names {
		if d.Type().IsRegular() && isTemp(d.Name()) {
			_ = os.Remove(filepath.Join(h.Dir, d.Name()))
		}
	}
}

// contentOf reports whether name is the saved content of an edit up to
// edge ("12.before.nix", "12.after.nix").
func contentOf(name string, edge int) bool {
	n := savedNumber(name)
	return n >= 1 && n <= edge
}

// savedNumber is the edit whose saved content name is ("12.before.nix",
// "12.after.nix"), or 0 when it is none.
func savedNumber(name string) int {
	num, ok := strings.CutSuffix(name, ".before.nix")
	if !ok {
		if num, ok = strings.CutSuffix(name, ".after.nix"); !ok {
			return 0
		}
	}
	// The number as BeforePath and AfterPath write it, and no other
	// spelling: "05.after.nix" is a person's copy, not edit 5's.
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 || strconv.Itoa(n) != num {
		return 0
	}
	return n
}
