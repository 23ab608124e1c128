package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A command blocked where its context cannot reach (a read on a hung
// file system; here the history log is a named pipe no one writes) stops
// at the second Ctrl-C: the first asks for a clean stop it cannot hear.
func TestSecondInterruptEndsABlockedCommand(t *testing.T) {
	bin := buildAskNix(t)
	m := newMachine(t, false)
	logPath := filepath.Join(m.state, "history", "log.jsonl")
	if err := os.MkdirAll(filepath.Dir(logPath), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(logPath, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := m.command(context.Background(), bin, nil, "-y", "install", "htop")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	time.Sleep(500 * time.Millisecond) // blocked opening the pipe by now
	for range 2 {
		_ = cmd.Process.Signal(os.Interrupt)
		time.Sleep(200 * time.Millisecond)
	}
	select {
	case err := <-done:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() == 0 {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatal("two interrupts did not end a blocked ask-nix")
	}
	if _, err := os.Stat(m.fragment); !os.IsNotExist(err) {
		t.Errorf("the fragment was written: %v", err)
	}
}
