package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard/txn"
)

// An edit whose history entry meets a full disk (a real ENOSPC from the
// kernel, without mounting anything: the history's log is a link to
// /dev/full, which takes no write) fails with exit 1, says what failed,
// that nothing was written and what to do, and leaves the fragment byte
// for byte. Once the disk has room (the log put back), the next edit is
// numbered after the last real one, and undo takes it back to the
// fragment as it was.
func TestEditOnAFullStateDir(t *testing.T) {
	if fi, err := os.Stat("/dev/full"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/full, the kernel's always-full device, is not there: %v", err)
	}
	bin := buildAskNix(t)
	m := newMachine(t, false)
	ctx := context.Background()
	if out, err := m.command(ctx, bin, nil, "-y", "install", "seed").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	before, err := os.ReadFile(m.fragment)
	if err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(txn.HistoryIn(m.state).Dir, "log.jsonl")
	kept, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(log); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/full", log); err != nil {
		t.Fatal(err)
	}

	out, err := m.command(ctx, bin, nil, "-y", "install", "more").CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("an edit on a full disk: %v, want exit 1\n%s", err, out)
	}
	for _, want := range []string{"writing history", "no space left on device", "nothing was written", "its file system is full (or over quota): free space there"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("the error lacks %q:\n%s", want, out)
		}
	}
	if now, err := os.ReadFile(m.fragment); err != nil || !bytes.Equal(now, before) {
		t.Fatalf("the fragment changed on a full disk (%v):\n%s", err, now)
	}

	// Room again: the log as it was.
	if err := os.Remove(log); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(log, kept, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := m.command(ctx, bin, nil, "-y", "install", "more").CombinedOutput(); err != nil || !bytes.Contains(out, []byte("(edit 2)")) {
		t.Fatalf("the edit once there is room: %v, want edit 2\n%s", err, out)
	}
	es, err := txn.HistoryIn(m.state).Entries()
	if err != nil || len(es) != 2 || es[1].Status != txn.StatusApplied || !strings.Contains(es[1].Request, "more") {
		t.Fatalf("history (%v): %+v", err, es)
	}
	if out, err := m.command(ctx, bin, nil, "-y", "undo").CombinedOutput(); err != nil {
		t.Fatalf("undo: %v\n%s", err, out)
	}
	if now, _ := os.ReadFile(m.fragment); !bytes.Equal(now, before) {
		t.Errorf("undo left:\n%s\nwant\n%s", now, before)
	}
}
