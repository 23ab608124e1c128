// Package atomicfile replaces files so that a crash at any point leaves
// either the old content or the new, never a mix: write a temporary file
// in the same directory, fsync it, rename it over the target, fsync the
// directory.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/crashpoint"
	"github.com/nix-humanity/nix-humanity/internal/groupshare"
)

// Write replaces path with data, creating it with perm if it is new and
// keeping the existing file's mode, owner and group if it is not. A new
// file in a folder shared with a group gets the folder's group and group
// write (internal/groupshare).
func Write(path string, data []byte, perm os.FileMode) error {
	return write(path, data, perm, true)
}

// WriteUnsynced replaces path with data like Write, but without the two
// fsyncs: readers still never see a mix (the rename is atomic), but a
// crash of the machine may lose the newest content. Only for data whose
// loss costs nothing but a number (metrics counts), where the fsyncs
// would cost every request milliseconds.
func WriteUnsynced(path string, data []byte, perm os.FileMode) error {
	return write(path, data, perm, false)
}

func write(path string, data []byte, perm os.FileMode, durable bool) (err error) {
	dir := filepath.Dir(path)
	owner := -1
	group := -1
	if fi, err := os.Stat(path); err == nil {
		perm = fi.Mode().Perm()
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			owner, group = int(st.Uid), int(st.Gid)
		}
		if _, shared := groupshare.Group(dir); shared && perm&0o077 == 0 && owner != 0 && os.Geteuid() == 0 {
			// A private file in a folder shared with a group (the input
			// digests, made by a member's ask-nix first): what root
			// writes into it is root's, not that member's to read.
			owner, group = 0, -1
		}
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if owner < 0 {
		// A new file in a folder shared with a group (the state
		// directory, the fragment's folder) stays writable by the group.
		groupshare.Adopt(tmp, dir)
		perm = groupshare.Perm(dir, perm)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	// Keep the file's owner and group: a shared file (the fragment is
	// root:nix-humanity, group-writable) must stay editable by the group
	// after one member rewrites it. Root can keep both; a member can keep
	// the group; anything else keeps what the temp file got.
	if owner >= 0 {
		if tmp.Chown(owner, group) != nil {
			_ = tmp.Chown(-1, group)
		}
	}
	if err = tmp.Chmod(perm); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if durable {
		if err = tmp.Sync(); err != nil {
			return fmt.Errorf("write %s: fsync: %w", path, err)
		}
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	crashpoint.ReachFile(crashpoint.TempSynced, path)
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	crashpoint.ReachFile(crashpoint.Renamed, path)
	if _, done := swept.LoadOrStore(path, true); !done {
		removeStaleTemps(path, time.Now())
	}
	if !durable {
		return nil
	}
	if err := syncDir(dir); err != nil {
		return &NotDurableError{Path: path, Err: err}
	}
	return nil
}

// IsTemp reports whether a file's base name is one of Write's temporary
// files: "." + the target's name + ".tmp-" + digits (os.CreateTemp's).
// Whole ones are renamed away at once; one left behind is a killed
// writer's, and holds nothing anyone reads.
func IsTemp(name string) bool {
	i := strings.LastIndex(name, ".tmp-")
	if len(name) < 2 || name[0] != '.' || i < 2 || i+len(".tmp-") == len(name) {
		return false
	}
	for _, c := range name[i+len(".tmp-"):] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// StaleTempAge is when a temporary file of Write's is surely left over:
// an atomic write of a few kilobytes takes milliseconds, so one this old
// has no writer any more (one was killed between creating it and its
// rename).
const StaleTempAge = 10 * time.Minute

// swept holds the paths whose stale temporary files this process has
// looked for: once per file is enough for ask-nix, a short process; the
// daemon writes its state on every pass (a no-op pass too, where this
// folder read cost a tenth of the pass), and its passes sweep the state
// directory themselves (reconciler's removeStaleTemps).
var swept sync.Map

// removeStaleTemps removes the temporary files of path's writes (IsTemp
// names of path's, nothing else in its folder) older than StaleTempAge
// at now, which writers killed mid-write left beside it: each write of
// a file cleans up after the ones killed before it, so ask-nix does not
// leave them to the daemon (nor, with none running, for ever). One read
// of the folder's names; an error leaves them for the next write.
func removeStaleTemps(path string, now time.Time) (removed []string) {
	dir, prefix := filepath.Dir(path), "."+filepath.Base(path)+".tmp-"
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	names, _ := d.Readdirnames(-1)
	d.Close()
	for _, name := range names {
		if !strings.HasPrefix(name, prefix) || !IsTemp(name) || strings.Contains(name[len(prefix):], ".tmp-") {
			continue
		}
		p := filepath.Join(dir, name)
		fi, err := os.Lstat(p)
		if err != nil || !fi.Mode().IsRegular() || now.Sub(fi.ModTime()) < StaleTempAge {
			continue
		}
		if os.Remove(p) == nil {
			removed = append(removed, name)
		}
	}
	return removed
}

// NotDurableError is a write whose new content is in place (the rename
// happened) but whose directory could not be synced: readers see the new
// file, and only a crash before the system syncs could lose it.
type NotDurableError struct {
	Path string
	Err  error
}

func (e *NotDurableError) Error() string {
	return fmt.Sprintf("%s was written, but not synced to disk: %v", e.Path, e.Err)
}

func (e *NotDurableError) Unwrap() error { return e.Err }

// syncDir is SyncDir, replaced in tests: a failing directory fsync
// cannot be made to happen on purpose.
var syncDir = SyncDir

// SyncDir fsyncs a directory so a rename in it survives a crash
// (groupshare.SyncDir, which syncs the folders MkdirAllSynced makes).
func SyncDir(dir string) error { return groupshare.SyncDir(dir) }
