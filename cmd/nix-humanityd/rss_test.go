package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// vmRSS reads a process's resident set size in KiB from /proc.
func vmRSS(tb testing.TB, pid int) int {
	tb.Helper()
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			if err != nil {
				tb.Fatal(err)
			}
			return kb
		}
	}
	tb.Fatal("no VmRSS")
	return 0
}

// BenchmarkDaemonIdleRSS starts the built daemon on a playground, lets it
// settle after its start pass and a watched edit, and reports its
// resident memory (/proc/<pid>/status VmRSS) while idle.
func BenchmarkDaemonIdleRSS(b *testing.B) {
	nixruntest.RequireNix(b)
	bin := buildDaemonTB(b)
	dir := b.TempDir()
	if out, err := exec.Command(bin, "--playground", dir, "--setup-only").CombinedOutput(); err != nil {
		b.Fatalf("setup: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "--playground", dir)
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	stateDir := filepath.Join(dir, "state")
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, _ := state.Load(stateDir)
		if st.Daemon == cmd.Process.Pid {
			break
		}
		if time.Now().After(deadline) {
			b.Fatal("the daemon did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// One real pass (evaluate, build, activate) before measuring idle.
	src := "{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [ hello git ];\n}\n"
	if err := atomicfile.Write(filepath.Join(dir, "nix-humanity.nix"), []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	for {
		st, _ := state.Load(stateDir)
		if st.LastPass != nil && st.LastPass.Generation == 2 && st.Phase == state.PhaseIdle {
			break
		}
		if time.Now().After(deadline) {
			b.Fatal("the daemon did not apply the edit")
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(time.Second)
	var kb int
	for b.Loop() {
		kb = vmRSS(b, cmd.Process.Pid)
	}
	b.ReportMetric(float64(kb)/1024, "MB-idle-RSS")
}
