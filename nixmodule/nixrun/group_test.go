package nixrun_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// running reports whether process pid runs (a zombie, dead but not yet
// reaped by whoever adopted it, does not).
func running(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	return len(f) > 0 && f[0] != "Z" && f[0] != "X"
}

// goneWithin waits up to patience for pid to stop running (a SIGKILL
// lands when the process is next scheduled, not at once).
func goneWithin(pid int, patience time.Duration) bool {
	for deadline := time.Now().Add(patience); ; time.Sleep(10 * time.Millisecond) {
		if !running(pid) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

func readPid(t *testing.T, file string) int {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(file); err == nil && bytes.HasSuffix(b, []byte("\n")) {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
				return pid
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no pid in %s", file)
		}
	}
}

// What a command leaves in its process group ends with it: a child it
// put in the background, or one that ignores the SIGTERM a timeout
// sends (the group gets SIGKILL once the command itself ended). Only an
// activation (Outlive) is left alone.
func TestWhatACommandLeavesInItsGroupEnds(t *testing.T) {
	for _, c := range []struct {
		name   string
		script string // writes the pid of what it leaves behind to $1
		cancel bool
	}{
		{"background child of a command that exits", `sleep 60 & echo $! > "$1"; exit 0`, false},
		{"background child of a command that fails", `sleep 60 & echo $! > "$1"; exit 3`, false},
		{"child ignoring SIGTERM after a timeout", `trap '' TERM; sleep 60 & echo $! > "$1"; wait`, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			pidFile := filepath.Join(t.TempDir(), "pid")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := nixrun.Exec{KillGrace: 100 * time.Millisecond}.Run(ctx, nixrun.Cmd{Argv: []string{"sh", "-c", c.script, "sh", pidFile}})
				done <- err
			}()
			pid := readPid(t, pidFile)
			t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
			if c.cancel {
				cancel()
			}
			err := <-done
			switch {
			case c.cancel && !errors.Is(err, context.Canceled):
				t.Fatalf("stopped command: %v", err)
			case !c.cancel && (err != nil) != strings.Contains(c.script, "exit 3"):
				t.Fatalf("command: %v", err)
			}
			if !goneWithin(pid, 5*time.Second) {
				t.Fatal("what the command left in its process group runs on")
			}
		})
	}
	// An Outlive process's background children are its own business.
	pidFile := filepath.Join(t.TempDir(), "pid")
	if _, err := (nixrun.Exec{}).Run(context.Background(), nixrun.Cmd{Argv: []string{"sh", "-c", `sleep 60 & echo $! > "$1"`, "sh", pidFile}, Outlive: true}); err != nil {
		t.Fatal(err)
	}
	pid := readPid(t, pidFile)
	defer syscall.Kill(pid, syscall.SIGKILL)
	if goneWithin(pid, 300*time.Millisecond) {
		t.Error("an activation's child was killed when the activation ended")
	}
}

// The kernel sends a child its parent-death signal when the thread that
// started it ends, which the Go runtime does to a thread whose goroutine
// exits while locked to it. A child must not die of that while the
// process that started it lives: here, while the child runs, the
// goroutine that started it sleeps (so, unlocked, its thread would be
// free to run others) and many goroutines end their threads.
func TestChildOutlivesTheEndOfOtherThreads(t *testing.T) {
	stdin, feed, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	defer feed.Close()
	parked, killed := make(chan struct{}), make(chan struct{})
	res := make(chan error, 1)
	go func() {
		_, err := nixrun.Exec{}.Run(context.Background(), nixrun.Cmd{
			Argv:  []string{"sh", "-c", "read line; echo got $line"},
			Stdin: stdin,
			Started: func(int) {
				// The starting goroutine leaves its thread for a while,
				// as any goroutine may.
				close(parked)
				<-killed
			},
		})
		res <- err
	}()
	<-parked
	// Goroutines that lock their thread and exit: each ends one thread.
	for range 200 {
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) + 1 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				runtime.LockOSThread()
				time.Sleep(100 * time.Microsecond)
			}()
		}
		wg.Wait()
	}
	close(killed)
	if _, err := feed.WriteString("line\n"); err != nil {
		t.Fatal(err)
	}
	if err := <-res; err != nil {
		t.Fatalf("the child died while its parent lived: %v", err)
	}
}
