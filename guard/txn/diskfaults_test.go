package txn

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
)

// A history copy that cannot be saved (here a folder in its way; a
// full disk fails the same write) leaves the fragment alone and says
// what to look at.
func TestHistoryNotSavedSaysWhatToDo(t *testing.T) {
	s := newStore(t)
	h := HistoryIn(s.StateDir)
	must(t, os.MkdirAll(filepath.Join(h.AfterPath(1), "x"), 0o755))
	_, err := s.Apply(context.Background(), "install x", install("x"))
	if err == nil {
		t.Fatal("applied without saving the history")
	}
	for _, want := range []string{"saving the history", "nothing was written", "check the state directory, or set NIX_HUMANITY_STATE_DIR"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if _, err := os.Stat(s.Fragment); !os.IsNotExist(err) {
		t.Fatalf("fragment written: %v", err)
	}
	es, err := h.Entries()
	if err != nil || len(es) != 1 || es[0].Status != StatusNotWritten {
		t.Fatalf("history %+v %v", es, err)
	}
}

func TestWriteAdvice(t *testing.T) {
	pe := func(e syscall.Errno) error { return &fs.PathError{Op: "write", Path: "/x/.f.tmp-1", Err: e} }
	root := os.Geteuid() == 0
	for _, c := range []struct {
		name      string
		got, want string
	}{
		{"state full", stateDirAdvice(pe(syscall.ENOSPC)), "its file system is full (or over quota): free space there"},
		{"state quota", stateDirAdvice(pe(syscall.EDQUOT)), "its file system is full (or over quota)"},
		{"fragment full", fragmentAdvice(pe(syscall.ENOSPC), "/etc/nixos/nix-humanity.nix"), "the file system of /etc/nixos is full (or over quota): free space there (df -h /etc/nixos)"},
		{"fragment read-only", fragmentAdvice(pe(syscall.EROFS), "/etc/nixos/nix-humanity.nix"), "the file system of /etc/nixos is read-only"},
		{"fragment other", fragmentAdvice(pe(syscall.EIO), "/etc/nixos/nix-humanity.nix"), "check that /etc/nixos is a writable folder"},
	} {
		if !strings.Contains(c.got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, c.got, c.want)
		}
	}
	perm := fragmentAdvice(pe(syscall.EPERM), "/etc/nixos/nix-humanity.nix")
	if root && !strings.Contains(perm, "chattr -i") || !root && !strings.Contains(perm, "sudo") {
		t.Errorf("permission: %q", perm)
	}
}

// A fragment in a shape no editor meant: each refusal says what is
// wrong in words and how to put it right, and writes nothing.
func TestBrokenFragmentFileSaysHowToFix(t *testing.T) {
	for _, c := range []struct {
		name string
		make func(s *Store)
		want []string
	}{
		{"empty", func(s *Store) { must(t, os.WriteFile(s.Fragment, nil, 0o644)) },
			[]string{"is empty (0 bytes)", "Put it back as edit 1 left it with `cp ", "printf '{ pkgs, ... }:"}},
		{"blank", func(s *Store) { must(t, os.WriteFile(s.Fragment, []byte("\n \n"), 0o644)) },
			[]string{"is empty (3 bytes)"}},
		{"byte order mark", func(s *Store) {
			must(t, os.WriteFile(s.Fragment, append([]byte("\xef\xbb\xbf"), readFile(t, s.Fragment)...), 0o644))
		}, []string{"starts with a byte order mark", "sed -i '1s/^\\xEF\\xBB\\xBF//' "}},
		{"directory", func(s *Store) {
			must(t, os.Remove(s.Fragment))
			must(t, os.Mkdir(s.Fragment, 0o755))
		}, []string{"is a directory", "it must be a file: move that folder away. Put it back as edit 1 left it"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newStore(t)
			mustApply(t, s, "install a", install("a"))
			c.make(s)
			before, _ := os.ReadFile(s.Fragment)
			_, err := s.Apply(context.Background(), "install b", install("b"))
			if err == nil {
				t.Fatal("applied")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if !strings.Contains(err.Error(), "nothing was written") {
				t.Errorf("error does not say nothing was written:\n%v", err)
			}
			if after, _ := os.ReadFile(s.Fragment); string(after) != string(before) {
				t.Errorf("fragment changed")
			}
			if es, _ := HistoryIn(s.StateDir).Entries(); len(es) != 1 {
				t.Errorf("history %+v", es)
			}
		})
	}
}

// A fragment that is a link to nothing is said to be one, not missing.
func TestDanglingFragmentLink(t *testing.T) {
	s := newStore(t)
	mustApply(t, s, "install a", install("a"))
	must(t, os.Remove(s.Fragment))
	gone := filepath.Join(t.TempDir(), "repo", "nix-humanity.nix")
	must(t, os.Symlink(gone, s.Fragment))
	_, err := s.Apply(context.Background(), "install b", install("b"))
	if err == nil {
		t.Fatal("applied through a dangling link")
	}
	for _, want := range []string{"is a symbolic link to " + gone + ", which does not exist", "nothing was written: point the link at the right file, or put back the file it points to (edit 1's copy of it is "} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if _, err := os.Lstat(gone); !os.IsNotExist(err) {
		t.Errorf("the link's target was created")
	}
}

// A fragment saved with Windows line endings is read, and the edit says
// why its diff shows every line changed.
func TestCRLFFragmentSaysWhyEveryLineChanged(t *testing.T) {
	s := newStore(t)
	mustApply(t, s, "install a", install("a"))
	must(t, os.WriteFile(s.Fragment, []byte(strings.ReplaceAll(readFile(t, s.Fragment), "\n", "\r\n")), 0o644))
	r := mustApply(t, s, "install b", install("b"))
	if !slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, "Windows line endings (CRLF)") }) {
		t.Errorf("notes %q", r.Notes)
	}
	if got := readFile(t, s.Fragment); strings.Contains(got, "\r") || !strings.Contains(got, "    b\n") {
		t.Errorf("written %q", got)
	}
	if r := mustApply(t, s, "install c", install("c")); slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, "CRLF") }) {
		t.Errorf("notes on an LF fragment: %q", r.Notes)
	}
}

// A named pipe where the fragment should be is refused at once: reading
// it would wait for a writer forever, deaf to Ctrl-C.
func TestFragmentNamedPipeRefusedNotWaitedOn(t *testing.T) {
	s := newStore(t)
	mustApply(t, s, "install a", install("a"))
	must(t, os.Remove(s.Fragment))
	must(t, syscall.Mkfifo(s.Fragment, 0o644))
	done := make(chan error, 1)
	go func() {
		_, err := s.Apply(context.Background(), "install b", install("b"))
		done <- err
	}()
	select {
	case err := <-done:
		for _, want := range []string{"is a named pipe, not a regular file, so it cannot be read or edited", "nothing was written: move it away. Put it back as edit 1 left it"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("error lacks %q: %v", want, err)
			}
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ask-nix waits on a named pipe")
	}
}

// The fragment's own write failing (its file system full, read-only, or
// the folder immutable), after the history saved the edit: the fragment
// is left as it was, byte for byte, the error says so and what to do,
// the history records the edit as not written and every edit before it
// as it was; the next edit is written and numbered after it, and undo
// takes that one back to the fragment as it was. A folder sync failing
// after the rename is no failure: the edit is in place, marked applied,
// and a note says it may not survive a crash.
func TestFragmentWriteFails(t *testing.T) {
	enospc := &fs.PathError{Op: "write", Err: syscall.ENOSPC}
	for _, c := range []struct {
		name  string
		fail  func(path string, data []byte, perm os.FileMode) error
		wrote bool
		want  []string // in the error, or the note when wrote
		why   string   // in the not-written edit's reason
	}{
		{"full", func(string, []byte, os.FileMode) error { return enospc }, false,
			[]string{"writing the fragment", "no space left on device", "the old file is unchanged", "is full (or over quota): free space there (df -h "}, "no space left on device"},
		{"read-only", func(string, []byte, os.FileMode) error { return &fs.PathError{Op: "open", Err: syscall.EROFS} }, false,
			[]string{"read-only file system", "the old file is unchanged", "is read-only: make it writable and try again"}, "read-only file system"},
		{"not synced", func(path string, data []byte, perm os.FileMode) error {
			if err := atomicfile.Write(path, data, perm); err != nil {
				return err
			}
			return &atomicfile.NotDurableError{Path: path, Err: syscall.EIO}
		}, true, []string{"was written, but not synced to disk", "the edit is in place, but a crash before the system syncs could lose it"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newStore(t)
			mustApply(t, s, "install a", install("a"))
			h := HistoryIn(s.StateDir)
			before := readFile(t, s.Fragment)
			was, err := h.Entries()
			if err != nil {
				t.Fatal(err)
			}
			writeFragment = func(path string, data []byte, perm os.FileMode) error {
				if path == s.Fragment {
					return c.fail(path, data, perm)
				}
				return atomicfile.Write(path, data, perm)
			}
			defer func() { writeFragment = atomicfile.Write }()
			r, err := s.Apply(context.Background(), "install b", install("b"))
			writeFragment = atomicfile.Write
			said := ""
			switch {
			case c.wrote && err != nil:
				t.Fatalf("an edit in place is reported as failed: %v", err)
			case c.wrote:
				said = strings.Join(r.Notes, "\n")
			case err == nil:
				t.Fatal("applied though the fragment could not be written")
			default:
				said = err.Error()
			}
			for _, w := range c.want {
				if !strings.Contains(said, w) {
					t.Errorf("%q lacks %q", said, w)
				}
			}
			es, err := h.Entries()
			if err != nil || len(es) != 2 || !reflect.DeepEqual(es[0], was[0]) {
				t.Fatalf("history after the failed write (%v): %+v", err, es)
			}
			if c.wrote {
				if got := packages(t, s); !slices.Equal(got, []string{"a", "b"}) || es[1].Status != StatusApplied {
					t.Fatalf("packages %v, edit 2 %+v", got, es[1])
				}
				return
			}
			if now := readFile(t, s.Fragment); now != before {
				t.Fatalf("the fragment changed:\n%s\nwant\n%s", now, before)
			}
			if es[1].Edit != 2 || es[1].Status != StatusNotWritten || !strings.Contains(es[1].Reason, c.why) {
				t.Errorf("edit 2 is %+v, want not-written", es[1])
			}
			if left, _ := filepath.Glob(filepath.Join(filepath.Dir(s.Fragment), ".*.tmp-*")); len(left) != 0 {
				t.Errorf("temporary files beside the fragment: %v", left)
			}
			if r := mustApply(t, s, "install c", install("c")); r.Edit != 3 {
				t.Errorf("the next edit is %d, want 3", r.Edit)
			}
			if got := packages(t, s); !slices.Equal(got, []string{"a", "c"}) {
				t.Errorf("packages %v, want a and c", got)
			}
			if _, err := s.Undo(context.Background(), "undo"); err != nil {
				t.Fatal(err)
			}
			if now := readFile(t, s.Fragment); now != before {
				t.Errorf("undo after the failed write left:\n%s\nwant\n%s", now, before)
			}
		})
	}
}

// A fragment that is a link (into a repository, or the Nix store) is
// written through the link: when its target's folder takes no file, the
// advice names that folder, not the link's.
func TestLinkedFragmentWriteFailsNamesTheTarget(t *testing.T) {
	s := newStore(t)
	mustApply(t, s, "install a", install("a"))
	repo := filepath.Join(t.TempDir(), "repo")
	must(t, os.Mkdir(repo, 0o755))
	target := filepath.Join(repo, "nix-humanity.nix")
	must(t, os.Rename(s.Fragment, target))
	must(t, os.Symlink(target, s.Fragment))
	before := readFile(t, target)
	writeFragment = func(path string, data []byte, perm os.FileMode) error {
		if path == target {
			return &fs.PathError{Op: "open", Path: filepath.Join(repo, ".nix-humanity.nix.tmp-1"), Err: syscall.EROFS}
		}
		return atomicfile.Write(path, data, perm)
	}
	defer func() { writeFragment = atomicfile.Write }()
	_, err := s.Apply(context.Background(), "install b", install("b"))
	if err == nil {
		t.Fatal("applied")
	}
	for _, want := range []string{
		"the old file is unchanged",
		s.Fragment + " is a symbolic link to " + target,
		"the file system of " + repo + " is read-only",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if strings.Contains(err.Error(), "the file system of "+filepath.Dir(s.Fragment)) {
		t.Errorf("the advice names the link's folder: %v", err)
	}
	if readFile(t, target) != before {
		t.Error("the fragment changed")
	}
	if fi, err := os.Lstat(s.Fragment); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the fragment is no longer a link (%v)", err)
	}
}

// A history log that cannot be read (here a folder in its way; a disk
// error fails the same read) stops an edit before anything is written,
// and the error says so and where to look.
func TestHistoryUnreadableSaysNothingWritten(t *testing.T) {
	s := newStore(t)
	mustApply(t, s, "install a", install("a"))
	h := HistoryIn(s.StateDir)
	before := readFile(t, s.Fragment)
	must(t, os.Rename(h.logPath(), h.logPath()+".kept"))
	must(t, os.Mkdir(h.logPath(), 0o755))
	_, err := s.Apply(context.Background(), "install b", install("b"))
	if err == nil {
		t.Fatal("applied without reading the history")
	}
	for _, want := range []string{"reading history", "is a directory", "nothing was written", "check the state directory, or set NIX_HUMANITY_STATE_DIR"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if readFile(t, s.Fragment) != before {
		t.Error("the fragment changed")
	}
	if names, _ := os.ReadDir(h.Dir); len(names) != 3 {
		t.Errorf("the history folder holds %d files, want the 3 it had", len(names))
	}
}
