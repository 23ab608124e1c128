package groupshare

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A folder is shared when its group may write it and others may not.
func TestGroupAndPerm(t *testing.T) {
	for _, c := range []struct {
		mode    fs.FileMode
		shared  bool
		perm    fs.FileMode
		newPerm fs.FileMode
	}{
		{0o775, true, 0o644, 0o664},
		{0o2775, true, 0o644, 0o664},
		{0o770, true, 0o640, 0o660},
		{0o775, true, 0o600, 0o600}, // kept from the group: stays so
		{0o755, false, 0o644, 0o644},
		{0o700, false, 0o644, 0o644},
		{0o1777, false, 0o644, 0o644}, // /tmp
		{0o777, false, 0o644, 0o644},
	} {
		dir := t.TempDir()
		if err := os.Chmod(dir, c.mode&fs.ModePerm|fileModeBits(c.mode)); err != nil {
			t.Fatal(err)
		}
		if _, shared := Group(dir); shared != c.shared {
			t.Errorf("folder %o: shared = %v, want %v", c.mode, shared, c.shared)
		}
		if got := Perm(dir, c.perm); got != c.newPerm {
			t.Errorf("folder %o: Perm(%o) = %o, want %o", c.mode, c.perm, got, c.newPerm)
		}
	}
	if _, shared := Group(filepath.Join(t.TempDir(), "missing")); shared {
		t.Error("a missing folder counts as shared")
	}
}

func fileModeBits(m fs.FileMode) fs.FileMode {
	var out fs.FileMode
	if m&0o2000 != 0 {
		out |= fs.ModeSetgid
	}
	if m&0o1000 != 0 {
		out |= fs.ModeSticky
	}
	return out
}

// What OpenFile and MkdirAll create in a shared folder takes its group
// and group write despite the umask; what exists is left as it is; in a
// folder that is not shared nothing changes. (As root, the test can give
// the folder a group it is not in, as the module's is to a member.)
func TestCreatedInSharedFolder(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("gives a folder another group (chown), which only root may; CI runs the tests as root")
	}
	const gid = 64900
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)

	shared := t.TempDir()
	if err := os.Chown(shared, 0, gid); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(shared, 0o775); err != nil {
		t.Fatal(err)
	}
	check := func(p string, want fs.FileMode, wantGID int) {
		t.Helper()
		fi, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != want {
			t.Errorf("%s: mode %v, want %v", p, fi.Mode(), want)
		}
		if g := int(fi.Sys().(*syscall.Stat_t).Gid); g != wantGID {
			t.Errorf("%s: group %d, want %d", p, g, wantGID)
		}
	}

	f, err := OpenFile(filepath.Join(shared, "log"), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	check(filepath.Join(shared, "log"), 0o664, gid)

	// An existing file is opened as it is.
	existing := filepath.Join(shared, "existing")
	if err := os.WriteFile(existing, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if f, err = OpenFile(existing, os.O_RDWR|os.O_CREATE, 0o664); err != nil {
		t.Fatal(err)
	}
	f.Close()
	check(existing, 0o600, 0)

	// O_EXCL keeps its meaning.
	if _, err := OpenFile(existing, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o664); !os.IsExist(err) {
		t.Errorf("O_EXCL on an existing file: %v", err)
	}

	if err := MkdirAll(filepath.Join(shared, "a", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	check(filepath.Join(shared, "a"), 0o775|fs.ModeDir|fs.ModeSetgid, gid)
	check(filepath.Join(shared, "a", "b"), 0o775|fs.ModeDir|fs.ModeSetgid, gid)

	// A member's umask of 077 does not keep the group (or, for what
	// others may read, everyone) out.
	syscall.Umask(0o077)
	if f, err = OpenFile(filepath.Join(shared, "strict"), os.O_WRONLY|os.O_CREATE, 0o644); err != nil {
		t.Fatal(err)
	}
	f.Close()
	check(filepath.Join(shared, "strict"), 0o664, gid)
	if err := MkdirAll(filepath.Join(shared, "strictdir"), 0o755); err != nil {
		t.Fatal(err)
	}
	check(filepath.Join(shared, "strictdir"), 0o775|fs.ModeDir|fs.ModeSetgid, gid)
	syscall.Umask(0o022)

	private := t.TempDir()
	if f, err = OpenFile(filepath.Join(private, "log"), os.O_WRONLY|os.O_CREATE, 0o644); err != nil {
		t.Fatal(err)
	}
	f.Close()
	check(filepath.Join(private, "log"), 0o644, 0)
	if err := MkdirAll(filepath.Join(private, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	check(filepath.Join(private, "a"), 0o755|fs.ModeDir, 0)
}
