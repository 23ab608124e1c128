package txn

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
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
