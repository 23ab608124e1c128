package txn

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
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
