package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestWriteReplacesAndKeepsModeAndOwner(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.nix")
	if err := Write(p, []byte("one"), 0o640); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o640 {
		t.Fatalf("new file mode %v, want 0640", fi.Mode().Perm())
	}
	if err := os.Chmod(p, 0o664); err != nil {
		t.Fatal(err)
	}
	// A group other than the writer's, as the NixOS module sets it.
	if os.Geteuid() == 0 {
		if err := os.Chown(p, 0, 4242); err != nil {
			t.Fatal(err)
		}
	}
	if err := Write(p, []byte("two"), 0o600); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	fi, _ := os.Stat(p)
	if string(b) != "two" || fi.Mode().Perm() != 0o664 {
		t.Fatalf("content %q mode %v, want two 0664", b, fi.Mode().Perm())
	}
	if os.Geteuid() == 0 {
		if gid := fi.Sys().(*syscall.Stat_t).Gid; gid != 4242 {
			t.Fatalf("group %d, want 4242 kept", gid)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	if len(left) != 0 {
		t.Fatalf("temp files left: %v", left)
	}
}

func TestWriteIntoMissingDirFails(t *testing.T) {
	if err := Write(filepath.Join(t.TempDir(), "no", "f"), []byte("x"), 0o644); err == nil {
		t.Fatal("write into a missing directory succeeded")
	}
}

// A directory fsync that fails after the rename: the new content is in
// place, and the error says so rather than "unchanged".
func TestWriteNotSynced(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	syncDir = func(string) error { return errors.New("EIO") }
	defer func() { syncDir = SyncDir }()
	err := Write(path, []byte("new"), 0o644)
	var nd *NotDurableError
	if !errors.As(err, &nd) || nd.Path != path {
		t.Fatalf("error %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Fatalf("content %q", b)
	}
}

// In a folder shared with a group (the state directory): a new file
// takes the folder's group and group write; an existing one keeps its
// owner, group and mode; but a private one (0600) root rewrites becomes
// root's, so what root writes there is not shown to the member who made
// the file first.
func TestWriteInSharedFolder(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("gives files other owners (chown), which only root may; CI runs the tests as root")
	}
	const uid, gid = 64901, 64900
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	if err := os.Chown(dir, 0, gid); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o775); err != nil {
		t.Fatal(err)
	}
	owned := func(p string) (os.FileMode, int, int) {
		t.Helper()
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		st := fi.Sys().(*syscall.Stat_t)
		return fi.Mode(), int(st.Uid), int(st.Gid)
	}
	fresh := filepath.Join(dir, "new")
	if err := Write(fresh, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if m, u, g := owned(fresh); m != 0o664 || u != 0 || g != gid {
		t.Errorf("new file: mode %v owner %d group %d, want 0664 root %d", m, u, g, gid)
	}
	for _, c := range []struct {
		name      string
		perm      os.FileMode
		wantOwner int
	}{
		{"shared file keeps its owner", 0o664, uid},
		{"private file becomes root's", 0o600, 0},
	} {
		p := filepath.Join(dir, c.name)
		if err := os.WriteFile(p, []byte("old"), c.perm); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(p, uid, gid); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, c.perm); err != nil {
			t.Fatal(err)
		}
		if err := Write(p, []byte("new"), c.perm); err != nil {
			t.Fatal(err)
		}
		if m, u, _ := owned(p); m.Perm() != c.perm || u != c.wantOwner {
			t.Errorf("%s: mode %v owner %d, want %v and %d", c.name, m, u, c.perm, c.wantOwner)
		}
	}
}

// IsTemp knows Write's own temporary files, and nothing else.
func TestIsTemp(t *testing.T) {
	dir := t.TempDir()
	f, err := os.CreateTemp(dir, ".nix-humanity.nix.tmp-*") // as Write names them
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	for name, want := range map[string]bool{
		filepath.Base(f.Name()): true, ".state.json.tmp-0": true, ".a.tmp-12": true,
		"nix-humanity.nix": false, "a.tmp-12": false, ".tmp-12": false, ".a.tmp-": false,
		".a.tmp-12x": false, ".a.tmp-link": false, "": false, ".": false, ".x.tmp": false,
	} {
		if got := IsTemp(name); got != want {
			t.Errorf("IsTemp(%q) = %v, want %v", name, got, want)
		}
	}
}

// A write cleans up after the writes of the same file killed before
// their rename: its temporary files older than StaleTempAge go, and
// nothing else in the folder: not a fresh one (a writer may be at work),
// not another file's, not a name of another pattern or what is no
// regular file.
func TestWriteRemovesItsStaleTemps(t *testing.T) {
	old := time.Now().Add(-StaleTempAge - time.Minute)
	for _, write := range []struct {
		name string
		fn   func(path string, data []byte, perm os.FileMode) error
	}{{"Write", Write}, {"WriteUnsynced", WriteUnsynced}} {
		t.Run(write.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "requests.json")
			for _, c := range []struct {
				name  string
				dir   bool
				mtime time.Time
				gone  bool
			}{
				{".requests.json.tmp-1861526457", false, old, true},
				{".requests.json.tmp-42", false, old, true},
				{".requests.json.tmp-77", false, time.Now().Add(-time.Minute), false},
				{".state.json.tmp-1861526457", false, old, false},
				{".requests.json.tmp-abc", false, old, false},
				{".requests.json.tmp-5.tmp-123", false, old, false},
				{"requests.json.tmp-99", false, old, false},
				{".requests.json.tmp-100", true, old, false},
			} {
				p := filepath.Join(dir, c.name)
				var err error
				if c.dir {
					err = os.Mkdir(p, 0o755)
				} else {
					err = os.WriteFile(p, []byte("{"), 0o600)
				}
				if err == nil {
					err = os.Chtimes(p, c.mtime, c.mtime)
				}
				if err != nil {
					t.Fatal(err)
				}
				defer func() {
					if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) != c.gone {
						t.Errorf("%s: removed %v, want %v", c.name, !c.gone, c.gone)
					}
				}()
			}
			if err := write.fn(path, []byte("{}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if got, err := os.ReadFile(path); err != nil || string(got) != "{}\n" {
				t.Fatalf("%s: %q %v", path, got, err)
			}
			// Once per file and process: a later write does not read
			// the folder again (the daemon's own sweep takes what a
			// writer killed since leaves).
			later := filepath.Join(dir, ".requests.json.tmp-555")
			if err := os.WriteFile(later, []byte("{"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(later, old, old); err != nil {
				t.Fatal(err)
			}
			if err := write.fn(path, []byte("{}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Lstat(later); err != nil {
				t.Errorf("the second write looked again: %v", err)
			}
		})
	}
}
