package catalog

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/internal/groupshare"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/catalogtest"
)

// withIndex is a folder holding an index of the test options, and that
// index's bytes.
func withIndex(t *testing.T) (dir string, before []byte) {
	t.Helper()
	dir = t.TempDir()
	if _, err := (Update{Dir: dir, OptionsFrom: catalogtest.OptionsGzPath(), KeepPackages: true}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	return dir, before
}

// smallOptions is an options.json of one option, so an update with it
// makes an index unlike withIndex's.
func smallOptions(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "options.json")
	if err := os.WriteFile(p, []byte(`{"services.foo.enable": {"type": "boolean", "loc": ["services", "foo", "enable"]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// An index write that fails (a full disk, a read-only file system, an
// I/O error) leaves the old index byte for byte, and the error says what
// failed and what to do about it.
func TestUpdateWriteFailsSaysWhatToDo(t *testing.T) {
	for _, c := range []struct {
		errno syscall.Errno
		want  []string
	}{
		{syscall.ENOSPC, []string{"no space left on device", "is full (or over quota): free space there (df -h "}},
		{syscall.EROFS, []string{"read-only file system", "is read-only: make it writable"}},
		{syscall.EIO, []string{"input/output error", "is a folder that takes new files"}},
	} {
		t.Run(c.errno.Error(), func(t *testing.T) {
			dir, before := withIndex(t)
			writeIndex = func(path string, _ []byte, _ os.FileMode) error {
				return &fs.PathError{Op: "write", Path: filepath.Join(filepath.Dir(path), ".catalog.idx.tmp-1"), Err: c.errno}
			}
			defer func() { writeIndex = atomicfile.Write }()
			_, err := (Update{Dir: dir, OptionsFrom: smallOptions(t), KeepPackages: true}).Run(context.Background())
			if err == nil {
				t.Fatal("the update succeeded")
			}
			for _, w := range append(c.want, "writing the index", dir, "NIX_HUMANITY_INDEX_DIR") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q: %v", w, err)
				}
			}
			if after, err := os.ReadFile(filepath.Join(dir, FileName)); err != nil || !bytes.Equal(after, before) {
				t.Errorf("the index changed (%v)", err)
			}
		})
	}
}

// A lock file that cannot be opened is not another update running: the
// error names what is in the way, and the index stays as it was.
func TestUpdateLockUnusableIsNotAnotherUpdate(t *testing.T) {
	dir, before := withIndex(t)
	lock := filepath.Join(dir, lockName)
	if err := os.Remove(lock); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(lock, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := (Update{Dir: dir, OptionsFrom: smallOptions(t), KeepPackages: true}).Run(context.Background())
	if err == nil {
		t.Fatal("the update succeeded without its lock")
	}
	if strings.Contains(err.Error(), "another index update") {
		t.Errorf("a lock in the way is called another update: %v", err)
	}
	for _, w := range []string{"cannot take the index lock", lock, "is a directory", "NIX_HUMANITY_INDEX_DIR"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q: %v", w, err)
		}
	}
	if after, err := os.ReadFile(filepath.Join(dir, FileName)); err != nil || !bytes.Equal(after, before) {
		t.Errorf("the index changed (%v)", err)
	}
}

// A folder sync that fails after the rename: the new index is in place,
// so the update succeeds with a note that says so, not an error that
// calls the old index unchanged.
func TestUpdateNotSyncedIsInPlace(t *testing.T) {
	dir, before := withIndex(t)
	writeIndex = func(path string, data []byte, perm os.FileMode) error {
		if err := atomicfile.Write(path, data, perm); err != nil {
			return err
		}
		return &atomicfile.NotDurableError{Path: path, Err: syscall.EIO}
	}
	defer func() { writeIndex = atomicfile.Write }()
	res, err := (Update{Dir: dir, OptionsFrom: smallOptions(t), KeepPackages: true}).Run(context.Background())
	if err != nil {
		t.Fatalf("an index in place is reported as failed: %v", err)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "not synced to disk") || !strings.Contains(res.Notes[0], "the new index is in place") {
		t.Errorf("notes %q", res.Notes)
	}
	after, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil || bytes.Equal(after, before) {
		t.Fatalf("the new index is not in place (%v)", err)
	}
	ix, err := Open(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Options() != 1 {
		t.Errorf("the index in place has %d options, want the update's 1", ix.Options())
	}
}

func TestDirAdvice(t *testing.T) {
	pe := func(e syscall.Errno) error { return &fs.PathError{Op: "open", Path: "/x/catalog.lock", Err: e} }
	for _, c := range []struct {
		err  error
		want string
	}{
		{pe(syscall.EDQUOT), "the file system of /x is full (or over quota)"},
		{pe(syscall.EROFS), "the file system of /x is read-only"},
		{errors.New("odd"), "check that /x is a folder that takes new files"},
	} {
		if got := dirAdvice(c.err, "/x"); !strings.Contains(got, c.want) || !strings.Contains(got, "NIX_HUMANITY_INDEX_DIR") {
			t.Errorf("dirAdvice(%v) = %q, want %q", c.err, got, c.want)
		}
	}
	if os.Geteuid() != 0 {
		if got := dirAdvice(pe(syscall.EACCES), "/x"); !strings.Contains(got, "sudo ask-nix index update") {
			t.Errorf("permission: %q", got)
		}
	}
}

// A missing index folder is made with its entry synced into the folder
// above (groupshare.MkdirAllSynced, whose own test sees the syncs).
func TestIndexFolderMadeSynced(t *testing.T) {
	var made []string
	mkdirAllSynced = func(dir string, perm os.FileMode) error {
		made = append(made, dir)
		return groupshare.MkdirAllSynced(dir, perm)
	}
	defer func() { mkdirAllSynced = groupshare.MkdirAllSynced }()
	dir := filepath.Join(t.TempDir(), "cache", "nix-humanity")
	if _, err := (Update{Dir: dir, OptionsFrom: smallOptions(t), KeepPackages: true}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(made) != 1 || made[0] != dir {
		t.Errorf("folders made synced: %q, want %q", made, dir)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); err != nil {
		t.Error(err)
	}
}
