package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/internal/testbin"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/activate"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// buildDaemon builds this command into a temporary folder.
func buildDaemon(t *testing.T) string { return buildDaemonTB(t) }

func buildDaemonTB(t testing.TB) string { return testbin.Build(t, ".") }

type daemon struct {
	cmd *exec.Cmd
	out *bytes.Buffer
}

func startDaemon(t *testing.T, bin, dir string) *daemon {
	t.Helper()
	d := &daemon{out: &bytes.Buffer{}}
	d.cmd = exec.Command(bin, "--playground", dir)
	d.cmd.Stdout, d.cmd.Stderr = d.out, d.out
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if d.cmd.ProcessState == nil {
			_ = d.cmd.Process.Kill()
			_ = d.cmd.Wait()
		}
	})
	return d
}

// The daemon killed (SIGKILL) in the middle of a build and started again
// converges, and the profile never points at anything unbuilt.
func TestDaemonKilledDuringBuildConverges(t *testing.T) {
	nixruntest.RequireNix(t)
	bin := buildDaemon(t)
	dir := t.TempDir()
	if out, err := exec.Command(bin, "--playground", dir, "--setup-only").CombinedOutput(); err != nil {
		t.Fatalf("setup: %v\n%s", err, out)
	}
	pg, err := playground.LayoutOf(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := reconciler.PlaygroundSettings(pg, settings.Loader{UserFile: filepath.Join(dir, "none"), LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	r := &reconciler.Reconciler{Settings: s}

	// Watch the profile the whole time: every target it ever has must be
	// a valid (fully built) store path.
	ctx, stopWatching := context.WithCancel(context.Background())
	var mu sync.Mutex
	var bad []string
	seen := map[string]bool{}
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for ctx.Err() == nil {
			nums, _ := activate.Numbers(s.Profile)
			for _, n := range nums {
				g, err := activate.Lookup(s.Profile, n)
				if err != nil || seen[g.Path] {
					continue
				}
				seen[g.Path] = true
				if out, err := exec.Command("nix-store", "--check-validity", g.Path).CombinedOutput(); err != nil {
					mu.Lock()
					bad = append(bad, g.Path+": "+string(out))
					mu.Unlock()
				}
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()

	d := startDaemon(t, bin, dir)
	waitFor(t, 10*time.Second, "the daemon to start", func() bool {
		st, _ := state.Load(s.StateDir)
		return st.Daemon == d.cmd.Process.Pid
	})
	src := "{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [ hello ];\n  standin.buildSeconds = 3;\n}\n"
	if err := atomicfile.Write(pg.Fragment, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the build to start", func() bool {
		st, _ := state.Load(s.StateDir)
		return st.Phase == state.PhaseBuild
	})
	if err := d.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = d.cmd.Wait()
	if got, _ := activate.Numbers(s.Profile); !slices.Equal(got, []int{1}) {
		t.Fatalf("generations right after the kill: %v", got)
	}
	// The kernel lets go of the dead daemon's pass lock as its files
	// close; give that a moment rather than race it.
	var rep *reconciler.StatusReport
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if rep, err = reconciler.Status(s); err != nil {
			t.Fatal(err)
		}
		if rep.Holder == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the pass lock is still held 5 s after the daemon was killed, by %s", rep.Holder)
		}
	}
	if rep.Interrupted != state.PhaseBuild || rep.DaemonRunning || !strings.Contains(reconciler.OneLine(rep, time.Now()), "a pass was interrupted during build") {
		t.Fatalf("status after the kill: %+v", rep)
	}

	d2 := startDaemon(t, bin, dir)
	var final string
	waitFor(t, 30*time.Second, "the restarted daemon to converge", func() bool {
		h, err := r.InputsHash()
		if err != nil {
			t.Fatal(err)
		}
		st, _ := state.Load(s.StateDir)
		final = st.AppliedToplevel
		return st.AppliedHash == h && st.Phase == state.PhaseIdle && st.LastPass != nil && st.LastPass.Result == state.ResultSuccess
	})
	g, err := activate.Current(s.Profile)
	if err != nil {
		t.Fatal(err)
	}
	if g.Number != 2 || g.Path != final || activate.Target(s.CurrentSystem()) != final {
		t.Fatalf("profile %+v, running %s, applied %s\n%s", g, activate.Target(s.CurrentSystem()), final, d2.out)
	}
	if _, err := os.Stat(filepath.Join(final, "sw", "bin", "hello")); err != nil {
		t.Fatalf("the converged system lacks hello: %v", err)
	}
	if err := d2.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := d2.cmd.Wait(); err != nil {
		t.Fatalf("the daemon did not stop cleanly: %v\n%s", err, d2.out)
	}
	stopWatching()
	<-watched
	if len(bad) > 0 {
		t.Fatalf("the profile pointed at paths that were not built:\n%s", strings.Join(bad, "\n"))
	}
	if len(seen) != 2 {
		t.Fatalf("saw %d systems in the profile, want 2", len(seen))
	}
	st, _ := state.Load(s.StateDir)
	if st.Daemon != 0 {
		t.Fatalf("a stopped daemon is still named in the state: %d", st.Daemon)
	}
	if !strings.Contains(d2.out.String(), "previous pass was interrupted") {
		t.Errorf("the restarted daemon did not notice the interrupted pass:\n%s", d2.out)
	}
}

func waitFor(t *testing.T, timeout time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if ok() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out after %s waiting for %s", timeout, what)
}
