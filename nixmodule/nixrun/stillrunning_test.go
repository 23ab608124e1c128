package nixrun

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// StillRunning names a pid only while the process that wrote it runs:
// the recorded start time tells a pid used again from it.
func TestStillRunning(t *testing.T) {
	self := os.Getpid()
	start, ok := processStart(self)
	if !ok {
		t.Fatal("cannot read this process's start time")
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name, content string
		want          int
	}{
		{"running", fmt.Sprintf("%d %d\n", self, start), self},
		{"pid used again", fmt.Sprintf("%d %d\n", self, start+1), 0},
		{"garbage", "not a pid\n", 0},
		{"none", "", 0},
	} {
		p := filepath.Join(dir, tc.name)
		if tc.content != "" {
			if err := os.WriteFile(p, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if got := StillRunning(p); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

// A daemon killed between starting the script and writing its pid
// leaves the file saying "starting": the script is found by the mark in
// its environment (run as a #!/bin/sh script, its argv[0] is the shell).
// With no file at all none was started, and /proc is not searched.
func TestStillRunningWithoutThePidFile(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "bin", "switch-to-configuration")
	if err := os.MkdirAll(filepath.Dir(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(script, []byte("#!/bin/sh\nsleep 30\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	pidFile := filepath.Join(dir, "activation.pid")
	start := func(env ...string) *exec.Cmd {
		cmd := exec.Command(script, "test")
		cmd.Env = append(os.Environ(), env...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		return cmd
	}
	unmarked := start()
	otherDir := start(ActivationEnv + "=" + filepath.Join(dir, "other.pid"))
	time.Sleep(100 * time.Millisecond)
	if got := StillRunning(pidFile); got != 0 {
		t.Fatalf("found %d (unmarked %d, another state directory's %d)", got, unmarked.Process.Pid, otherDir.Process.Pid)
	}
	marked := start(ActivationEnv + "=" + pidFile)
	time.Sleep(100 * time.Millisecond)
	if got := StillRunning(pidFile); got != 0 {
		t.Fatalf("with no file, found %d: /proc was searched", got)
	}
	if err := os.WriteFile(pidFile, []byte(pidFileStarting), 0o644); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, func() bool { return StillRunning(pidFile) == marked.Process.Pid })
	_ = marked.Process.Kill()
	_ = marked.Wait()
	// (A child the script forks is the script until it execs: given a
	// moment, as the next activation's wait gives it.)
	waitUntil(t, func() bool { return StillRunning(pidFile) == 0 })
}

func waitUntil(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
	}
}

// FuzzReadPidFile feeds activation.pid contents (a kill mid-write, a
// hand edit): reading never panics, names a positive pid or none, and
// says the file exists.
func FuzzReadPidFile(f *testing.F) {
	for _, s := range []string{"", "starting\n", "123 456\n", "-1 5", "0 0", "99999999999999999999 1", "12", "12 x", " 7 8", "7\t8", "+7 8"} {
		f.Add([]byte(s), 123, uint64(456))
	}
	f.Fuzz(func(t *testing.T, data []byte, wpid int, wstart uint64) {
		path := filepath.Join(t.TempDir(), "activation.pid")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		pid, start, exists := readPidFile(path)
		if !exists || pid < 0 || pid == 0 && start != 0 {
			t.Fatalf("%q read as pid %d start %d exists %v", data, pid, start, exists)
		}
		// The file as Switch writes it: the pid and its start time, or
		// the mark of one starting.
		written := fmt.Appendf(nil, "%d %d\n", wpid, wstart)
		if wpid <= 0 {
			written = []byte(pidFileStarting)
		}
		if err := os.WriteFile(path, written, 0o644); err != nil {
			t.Fatal(err)
		}
		pid, start, exists = readPidFile(path)
		if want := max(wpid, 0); !exists || pid != want || want > 0 && start != wstart || want == 0 && start != 0 {
			t.Fatalf("%q read as pid %d start %d exists %v", written, pid, start, exists)
		}
	})
}
