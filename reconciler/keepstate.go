package reconciler

import (
	"errors"
	"io/fs"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// keptState is the daemon's copy of the state file, so that a file
// deleted (or put back from an older copy) while the daemon runs does not
// make pass ids start again at 1 and the counters at 0: ids already in
// the journal, the metrics and ask-nix status would be given to other
// passes. The loop looks at the file every StateCheck (a stat; a read
// only when it changed); passes of this daemon use the copy when they
// find the file gone.
type keptState struct {
	mu sync.Mutex
	// key is the file as last looked at (zero: missing).
	key stateFileKey
	// data is the newest copy read between passes (phase idle), nil
	// before one was read.
	data []byte
	// lastID and counters are the highest pass id and counts any copy
	// read named: the floor a state written again starts from.
	lastID   int64
	counters state.Counters
	// failed is when writing the file again last failed (a full or
	// read-only state directory): tried again a minute later, not at
	// every look, and said once.
	failed time.Time
}

// retryWrite is how long after a failed write the file is written again.
const retryWrite = time.Minute

// stateFileKey tells a changed state file from the one last read: it is
// replaced by rename, so every write is a new inode.
type stateFileKey struct{ ino, size, mtime int64 }

func keyOf(fi fs.FileInfo) stateFileKey {
	k := stateFileKey{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		k.ino = int64(st.Ino)
	}
	return k
}

// note takes what st says into the floor, and data as the copy when st
// is between passes.
func (k *keptState) note(st *state.State, data []byte) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.lastID = max(k.lastID, st.HighestID())
	k.counters.Merge(st.Counters)
	if data != nil && (st.Phase == state.PhaseIdle || st.Phase == "") {
		k.data = data
	}
}

// floor is the highest id and counts seen, and the newest copy.
func (k *keptState) floor() (int64, state.Counters, []byte) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.lastID, k.counters.Clone(), k.data
}

// CheckStateFile is the daemon's look at the state file between passes
// (Loop calls it every StateCheck): a changed file is read and kept; a
// file gone, or one that names lower pass ids or counts than the daemon
// has seen (a copy from before, a fresh file an ask-nix wrote meanwhile),
// is written again under the pass lock from the daemon's copy and what it
// has seen. When the lock is held it is left for the next look (or for
// the daemon's own pass, which does the same).
func (r *Reconciler) CheckStateFile() {
	path := state.Path(r.Settings.StateDir)
	fi, err := os.Stat(path)
	var k stateFileKey
	switch {
	case err == nil && !fi.Mode().IsRegular():
		return // a named pipe would block the loop's read: passes say so
	case err == nil:
		k = keyOf(fi)
	case !errors.Is(err, fs.ErrNotExist):
		return // an unreadable folder: passes say so
	}
	r.kept.mu.Lock()
	same := k == r.kept.key
	r.kept.mu.Unlock()
	if same {
		return
	}
	if err == nil {
		data, rerr := os.ReadFile(path)
		if rerr != nil {
			return
		}
		st, perr := state.Parse(data, path)
		if perr != nil {
			// Damaged: the next pass moves it aside and salvages it
			// (with the floor); not read again until it changes.
			r.kept.mu.Lock()
			r.kept.key = k
			r.kept.mu.Unlock()
			return
		}
		id, c, _ := r.kept.floor()
		if !st.Below(max(id, r.lastID.Load()), c) {
			r.kept.note(st, data)
			r.kept.mu.Lock()
			r.kept.key = k
			r.kept.mu.Unlock()
			return
		}
	} else if id, _, data := r.kept.floor(); data == nil && id == 0 && r.lastID.Load() == 0 {
		// Never had one: nothing to put back.
		r.kept.mu.Lock()
		r.kept.key = k
		r.kept.mu.Unlock()
		return
	}
	r.kept.mu.Lock()
	failed := r.kept.failed
	r.kept.mu.Unlock()
	if !failed.IsZero() && r.now().Sub(failed) < retryWrite && r.now().Sub(failed) >= 0 {
		return
	}
	l, lerr := tryLock(r.Settings.StateDir, "nix-humanityd writing the state file again")
	if lerr != nil {
		return // a pass runs: it writes the file, and the next look checks it
	}
	defer l.Unlock()
	st, lerr := r.loadState()
	if lerr != nil {
		return
	}
	if serr := r.save(st); serr != nil {
		if failed.IsZero() {
			r.log().Error("the state file could not be written again; tried again every minute, and by the next pass", "error", serr, "fix", stateDirFix(r.Settings.StateDir, serr))
		}
		r.kept.mu.Lock()
		r.kept.failed = r.now()
		r.kept.mu.Unlock()
		return
	}
	r.kept.mu.Lock()
	r.kept.failed = time.Time{}
	r.kept.mu.Unlock()
	if fi, err := os.Stat(path); err == nil {
		r.kept.mu.Lock()
		r.kept.key = keyOf(fi)
		r.kept.mu.Unlock()
	}
}

// restoreKept is loadState's part for a daemon: st as loaded (gone is
// true when there was no file) becomes the daemon's copy when the file
// was gone, and never names lower pass ids or counts than the daemon has
// seen. Said in the log when it changed anything.
func (r *Reconciler) restoreKept(st *state.State, gone bool) *state.State {
	id, c, data := r.kept.floor()
	id = max(id, r.lastID.Load())
	if gone && data != nil {
		if kept, err := state.Parse(data, state.Path(r.Settings.StateDir)); err == nil {
			kept.Phase, kept.PhaseSince = state.PhaseIdle, r.now()
			st = kept
			r.log().Warn("the state file was gone (deleted by hand?); the daemon's copy of it takes its place, so pass ids and counters go on where they were", "last_pass_id", max(id, st.HighestID()))
			gone = false
		}
	}
	if !st.Below(id, c) {
		r.kept.note(st, nil)
		return st
	}
	if gone {
		r.log().Warn("the state file was gone (deleted by hand?); a fresh one takes its place, with pass ids going on after the last one given out and the counters where they were (its pass history is lost)", "last_pass_id", id)
	} else {
		r.log().Warn("the state file named lower pass ids or counts than the daemon has seen (put back from an older copy, or written fresh while it was gone); pass ids go on after the last one given out and the counters do not fall", "file_last_pass_id", st.HighestID(), "last_pass_id", id)
	}
	st.LastPassID = max(st.LastPassID, id)
	st.Counters.Merge(c)
	// And this daemon runs, watching what it watches.
	st.Daemon = os.Getpid()
	if st.Watching == nil || st.Watching.PID != os.Getpid() {
		st.Watching = r.watching()
	}
	r.kept.note(st, nil)
	return st
}
