package reconciler_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// oomKiller runs Nix for real and, as the kernel's out-of-memory killer
// would, SIGKILLs the real process named victim (with its process
// group, so no builder lingers) once it runs.
type oomKiller struct {
	t      *testing.T
	inner  nixrun.Runner
	victim string
	marker string // an argument only this test's process has
}

func (k oomKiller) Run(ctx context.Context, c nixrun.Cmd) (nixrun.Result, error) {
	if c.Argv[0] != k.victim {
		return k.inner.Run(ctx, c)
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			select {
			case <-done:
				return
			default:
			}
			if pid := findProcess(k.victim, k.marker); pid != 0 {
				time.Sleep(200 * time.Millisecond)
				_ = syscall.Kill(-pid, syscall.SIGKILL)
				return
			}
		}
	}()
	return k.inner.Run(ctx, c)
}

// findProcess is the pid of a running argv0 with marker among its
// arguments, 0 when there is none.
func findProcess(argv0, marker string) int {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "cmdline"))
		if err != nil {
			continue
		}
		args := strings.Split(string(b), "\x00")
		if filepath.Base(args[0]) == argv0 && slices.Contains(args, marker) {
			pid, _ := strconv.Atoi(filepath.Base(d))
			return pid
		}
	}
	return 0
}

// A Nix process killed from outside (the OOM killer above all) is said
// to be that, not a failure of the configuration, and the edit is not
// blamed for it.
func TestKilledBuildIsNotBlamedOnTheEdit(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.r.Runner = oomKiller{t: t, inner: w.rec, victim: "nix-build", marker: filepath.Join(w.s.StateDir, "gcroots", "system")}
	w.set("standin.buildSeconds", fragment.Int(3))
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err == nil || p.Result != state.ResultFailure {
		t.Fatalf("pass %+v %v", p, err)
	}
	wantAll(t, "error", p.Error, "was stopped: nix-build was killed by SIGKILL from outside the reconciler",
		"nothing was activated; generation 1 stays current", "no edit is blamed", "out of memory", "run ask-nix apply to try again")
	if strings.Contains(p.Error, "exit code -1") || strings.Contains(p.Error, "undo") {
		t.Errorf("error blames the configuration:\n%s", p.Error)
	}
	if !p.NotFromEdit {
		t.Error("the pass blames the edit")
	}
	if got := w.generations(); !slices.Equal(got, []int{1}) || w.running() != w.first {
		t.Fatalf("generations %v, running %s", got, w.running())
	}
}
