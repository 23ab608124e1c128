package nixrun_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// An activation that outlives the daemon that started it must also
// outlive the daemon's end of its output: what it prints after the
// daemon died must not kill it (SIGPIPE) halfway through. The starter
// is this test binary run again as a helper, killed with SIGKILL.
func TestOutlivingChildKeepsPrinting(t *testing.T) {
	if dir := os.Getenv("NIXRUN_OUTLIVE_DIR"); dir != "" {
		script := `echo $$ > pid; sleep 0.5; i=0; while [ $i -lt 2000 ]; do echo "activating line $i"; echo "warning $i" >&2; i=$((i+1)); done; echo finished > done`
		_, _ = nixrun.Exec{}.Run(context.Background(), nixrun.Cmd{Argv: []string{"sh", "-c", script}, Dir: dir, Outlive: true, Stdout: os.Stdout, Stderr: os.Stderr})
		return
	}
	dir := t.TempDir()
	helper := exec.Command(os.Args[0], "-test.run=^TestOutlivingChildKeepsPrinting$")
	helper.Env = append(os.Environ(), "NIXRUN_OUTLIVE_DIR="+dir)
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(dir, "pid")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the child did not start")
		}
	}
	_ = helper.Process.Kill()
	_ = helper.Wait()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(dir, "done")); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the outliving child died before it finished: killed by its parent's closed output")
		}
	}
}

// Without systemd-run nothing else keeps two activations apart: one a
// killed daemon left running, and the next daemon's. The second waits
// for the first through the pid file (a reused pid is told apart by its
// start time), so their steps never interleave. The first is started
// by this test binary run again as a helper, killed with SIGKILL while
// the script runs.
func TestActivationWaitsForTheOneADeadDaemonLeft(t *testing.T) {
	if dir := os.Getenv("NIXRUN_ACTIVATION_DIR"); dir != "" {
		_ = nixrun.SwitchToConfiguration(context.Background(), nixrun.Exec{}, nixrun.SwitchRequest{
			Toplevel: filepath.Join(dir, "system"), Action: "test", PidFile: filepath.Join(dir, "activation.pid")})
		return
	}
	dir := t.TempDir()
	// A toplevel whose switch-to-configuration takes a while and logs
	// when it begins and ends.
	bin := filepath.Join(dir, "system", "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(dir, "log")
	script := "#!/bin/sh\necho \"begin $1 $$\" >> " + log + "\nsleep 2\necho \"end $1 $$\" >> " + log + "\n"
	if err := os.WriteFile(filepath.Join(bin, "switch-to-configuration"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	pidFile := filepath.Join(dir, "activation.pid")

	helper := exec.Command(os.Args[0], "-test.run=^TestActivationWaitsForTheOneADeadDaemonLeft$")
	helper.Env = append(os.Environ(), "NIXRUN_ACTIVATION_DIR="+dir)
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	// The pid file is written just after the script starts, so wait for
	// both; it must be there while the script still runs (before "end").
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		data, _ := os.ReadFile(log)
		_, statErr := os.Stat(pidFile)
		if len(data) > 0 && statErr == nil {
			break
		}
		if strings.Contains(string(data), "end") {
			t.Fatalf("the activation ended, but %s never named it while it ran: %v", pidFile, statErr)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the first activation did not start (log %q, pid file: %v)", data, statErr)
		}
	}
	_ = helper.Process.Kill()
	_ = helper.Wait()

	if err := nixrun.SwitchToConfiguration(context.Background(), nixrun.Exec{}, nixrun.SwitchRequest{
		Toplevel: filepath.Join(dir, "system"), Action: "test", PidFile: pidFile}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		steps = append(steps, strings.Fields(l)[0])
	}
	if strings.Join(steps, " ") != "begin end begin end" {
		t.Fatalf("the activations overlapped:\n%s", data)
	}
	if _, err := os.Stat(pidFile); !os.IsNotExist(err) {
		t.Fatalf("the pid file outlived the activation that ended here: %v", err)
	}

	// A pid file naming a process that is gone, or a pid used again
	// by another process since (its start time differs), holds nothing.
	for _, content := range []string{"999999999 1\n", strconv.Itoa(os.Getpid()) + " 1\n", "garbage\n"} {
		if err := os.WriteFile(pidFile, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		began := time.Now()
		if err := nixrun.SwitchToConfiguration(context.Background(), nixrun.Exec{}, nixrun.SwitchRequest{
			Toplevel: filepath.Join(dir, "system"), Action: "test", PidFile: pidFile}); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(began); d > 10*time.Second {
			t.Fatalf("pid file %q: waited %s", content, d)
		}
	}
}
