// Package groupshare keeps files usable by a group in the folders the
// daemon shares with the users allowed to edit (the state directory and
// the fragment's folder, which the NixOS module gives the nix-humanity
// group and makes group-writable). A file or folder one member creates
// there must stay writable by the next member and by root: it takes the
// folder's group, group write where the group may read it (a umask of
// 022 would drop that), and a new folder the setgid bit, so what is made
// in it later takes the group too.
//
// A folder counts as shared when its group may write it and others may
// not: a user's own 0755 or 0700 folder is left as it is, and so is a
// world-writable one like /tmp.
package groupshare

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// Group returns the group of dir and whether dir is shared.
func Group(dir string) (gid int, shared bool) {
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return 0, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	m := fi.Mode().Perm()
	return int(st.Gid), m&0o020 != 0 && m&0o002 == 0
}

// Perm is perm for a new file in dir: with group write added where the
// group may read, when dir is shared. A file kept from the group (0600)
// stays so.
func Perm(dir string, perm fs.FileMode) fs.FileMode {
	if _, shared := Group(dir); shared && perm&0o040 != 0 {
		perm |= 0o020
	}
	return perm
}

// Adopt gives f, a file this process has just created in dir, dir's
// group and group write where the group may read it (a folder: group
// rwx and setgid), when dir is shared. It changes only a file this user
// owns (root: any); errors are ignored: the file stays usable by its
// owner, and the writes that need the group say so then.
func Adopt(f *os.File, dir string) { adopt(f, dir, 0) }

// adopt is Adopt; perm, when not 0, is the mode the file was asked for,
// which the umask may have narrowed (a umask of 077 would keep the group
// out of what every member must write).
func adopt(f *os.File, dir string, perm fs.FileMode) {
	gid, shared := Group(dir)
	if !shared {
		return
	}
	fi, err := f.Stat()
	if err != nil {
		return
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || (int(st.Uid) != os.Geteuid() && os.Geteuid() != 0) {
		return
	}
	if int(st.Gid) != gid {
		_ = f.Chown(-1, gid)
	}
	cur := fi.Mode() & (fs.ModePerm | fs.ModeSetgid)
	want := cur | perm&fs.ModePerm
	if want&0o040 != 0 {
		want |= 0o020
	}
	if fi.IsDir() {
		want |= 0o070 | fs.ModeSetgid
	}
	if want != cur {
		_ = f.Chmod(want)
	}
}

// OpenFile is os.OpenFile that, with os.O_CREATE, adopts the file it
// creates into a shared folder (see Adopt).
func OpenFile(name string, flag int, perm fs.FileMode) (*os.File, error) {
	if flag&os.O_CREATE == 0 {
		return os.OpenFile(name, flag, perm)
	}
	// Created or there already: O_EXCL tells which. A file removed
	// between the two opens is created on the next round.
	for range 3 {
		f, err := os.OpenFile(name, flag|os.O_EXCL, perm)
		if err == nil {
			adopt(f, filepath.Dir(name), perm)
			return f, nil
		}
		if !errors.Is(err, fs.ErrExist) || flag&os.O_EXCL != 0 {
			return nil, err
		}
		f, err = os.OpenFile(name, flag&^os.O_CREATE, perm)
		if !errors.Is(err, fs.ErrNotExist) {
			return f, err
		}
	}
	return os.OpenFile(name, flag, perm)
}

// MkdirAll is os.MkdirAll that adopts each folder it creates into its
// shared parent (see Adopt): group-writable and setgid.
func MkdirAll(path string, perm fs.FileMode) error {
	return mkdirAll(path, perm, false)
}

// MkdirAllSynced is MkdirAll that also fsyncs the folder each new folder
// is made in, so that the folders, and what is then written and synced
// into them, survive a crash of the machine: a synced file in a folder
// whose own entry was never synced can vanish with it.
func MkdirAllSynced(path string, perm fs.FileMode) error {
	return mkdirAll(path, perm, true)
}

func mkdirAll(path string, perm fs.FileMode, sync bool) error {
	var created []string
	for p := filepath.Clean(path); ; p = filepath.Dir(p) {
		if _, err := os.Lstat(p); err == nil || p == filepath.Dir(p) {
			break
		}
		created = append(created, p)
	}
	if err := os.MkdirAll(path, perm); err != nil {
		return err
	}
	for i := len(created) - 1; i >= 0; i-- {
		d, err := os.Open(created[i])
		if err != nil {
			continue
		}
		adopt(d, filepath.Dir(created[i]), perm)
		d.Close()
	}
	if sync {
		for _, c := range created {
			if err := syncDir(filepath.Dir(c)); err != nil {
				return err
			}
		}
	}
	return nil
}

// syncDir is SyncDir, replaced in tests, which cannot see a sync.
var syncDir = SyncDir

// SyncDir fsyncs a folder, so that a rename or a folder made in it
// survives a crash of the machine. The one implementation:
// internal/atomicfile's SyncDir is this.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
