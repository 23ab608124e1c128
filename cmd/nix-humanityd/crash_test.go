package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/internal/testbin"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/activate"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// crashKills, when set (go test ./cmd/nix-humanityd -run CrashRandom
// -crashkills 50), kills the daemon that many times at random moments of
// real passes; CI runs the deliberate kill points of TestDaemonCrashAt
// and a handful of random kills.
var crashKills = flag.Int("crashkills", 3, "random SIGKILLs of the daemon in TestDaemonCrashRandom")

// crashWorld is a playground whose daemon runs the real Nix commands
// through gates: a shim on PATH for nix-instantiate, nix-build and
// nix-env that, when its gate is armed, stops at the gate (before the
// command, or for nix-env after it) and waits to be killed, so the test
// kills the daemon (or ask-nix) at a known point of a real pass.
type crashWorld struct {
	t       *testing.T
	bin     string
	askNix  string
	dir     string
	pg      playground.Layout
	s       *settings.Settings
	gates   string
	shims   string
	daemon  *exec.Cmd
	out     *testbin.SyncBuffer
	metrics string // base URL of the running daemon's endpoints
	// env is added to the environment of every process the test starts
	// (setup, daemon, ask-nix): a private Nix store, for one.
	env []string
}

// shimScript runs the real command at real, stopping at gate first (or
// after it, for when == "after") when the gate is armed and argv
// contains the word the armed file holds (an empty one matches every
// call), until killed or released (see release). Arming is one-shot:
// the process started after the kill runs freely.
const shimScript = `#!/bin/sh
# Crash test shim (nix-humanity): a gate, then the real command.
gate='%s' when='%s' real='%s'
stop() {
  [ -e "$gate.armed" ] || return 0
  match=$(cat "$gate.armed")
  if [ -n "$match" ]; then
    case " $* " in *" $match "*) ;; *) return 0 ;; esac
  fi
  rm -f "$gate.armed"
  echo $$ > "$gate.reached.tmp" && mv "$gate.reached.tmp" "$gate.reached"
  while [ ! -e "$gate.release" ]; do sleep 0.05; done
  rm -f "$gate.release"
}
if [ "$when" = after ]; then
  "$real" "$@"; rc=$?
  [ $rc -eq 0 ] && stop "$@"
  exit $rc
fi
stop "$@"
exec "$real" "$@"
`

func newCrashWorld(t *testing.T, env ...string) *crashWorld {
	t.Helper()
	nixruntest.RequireNix(t)
	// Each has its own playground, daemons and port: they run side by
	// side.
	t.Parallel()
	w := &crashWorld{t: t, bin: buildDaemon(t), askNix: buildAskNix(t), dir: t.TempDir(), env: env}
	setup := exec.Command(w.bin, "--playground", w.dir, "--setup-only")
	setup.Env = append(os.Environ(), env...)
	if out, err := setup.CombinedOutput(); err != nil {
		t.Fatalf("setup: %v\n%s", err, out)
	}
	var err error
	if w.pg, err = playground.LayoutOf(w.dir); err != nil {
		t.Fatal(err)
	}
	w.s, err = reconciler.PlaygroundSettings(w.pg, settings.Loader{UserFile: filepath.Join(w.dir, "none"), LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	w.gates, w.shims = filepath.Join(w.dir, "gates"), filepath.Join(w.dir, "shims")
	for _, d := range []string{w.gates, w.shims} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, sh := range []struct{ name, when string }{
		{"nix-instantiate", "before"},
		{"nix-build", "before"},
		{"nix-env", "after"}, // the profile moved, the rest not done yet
	} {
		real, err := exec.LookPath(sh.name)
		if err != nil {
			t.Fatal(err)
		}
		script := fmt.Sprintf(shimScript, filepath.Join(w.gates, sh.name), sh.when, real)
		if err := os.WriteFile(filepath.Join(w.shims, sh.name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// start runs the daemon and waits until its start pass is over.
func (w *crashWorld) start() {
	w.t.Helper()
	w.daemon, w.out = startPlaygroundDaemon(w.t, w.bin, w.dir, append(slices.Clone(w.env),
		"PATH="+w.shims+string(os.PathListSeparator)+os.Getenv("PATH"),
		"NIX_HUMANITY_METRICS_ADDR=127.0.0.1:0")...)
	waitFor(w.t, 30*time.Second, "the daemon to serve its endpoints", func() bool { return servingAddr.MatchString(w.out.String()) })
	w.metrics = "http://" + servingAddr.FindStringSubmatch(w.out.String())[1]
}

// kill SIGKILLs the daemon alone, as the OOM killer or a power cut of
// the process would: what it started keeps its own fate (a Nix command
// gets the SIGTERM the runner asks the kernel for at its parent's death;
// an activation runs on).
func (w *crashWorld) kill() {
	w.t.Helper()
	if err := w.daemon.Process.Signal(syscall.SIGKILL); err != nil {
		w.t.Fatal(err)
	}
	_ = w.daemon.Wait()
	// The kernel lets go of the dead daemon's locks as its files close.
	waitFor(w.t, 5*time.Second, "the pass lock to be free", func() bool {
		rep, err := reconciler.Status(w.s)
		return err == nil && rep.Holder == ""
	})
}

// stop ends the daemon as systemd does.
func (w *crashWorld) stop() {
	w.t.Helper()
	if err := w.daemon.Process.Signal(syscall.SIGTERM); err != nil {
		w.t.Fatal(err)
	}
	if err := w.daemon.Wait(); err != nil {
		w.t.Fatalf("the daemon did not stop cleanly: %v\n%s", err, w.out)
	}
}

// install adds pkg with ask-nix (an edit in history, for undo).
func (w *crashWorld) install(pkg string) {
	w.t.Helper()
	w.askNixOK("-y", "install "+pkg)
}

func (w *crashWorld) askNixOK(args ...string) string {
	w.t.Helper()
	out, err := w.runAskNix(args...)
	if err != nil {
		w.t.Fatalf("ask-nix %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func (w *crashWorld) runAskNix(args ...string) (string, error) {
	out, err := w.askNixCmd(args...).CombinedOutput()
	return string(out), err
}

// askNixCmd is ask-nix with args, run in the world (its config and env),
// not started yet.
func (w *crashWorld) askNixCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(w.askNix, args...)
	cmd.Env = append(append(os.Environ(), w.env...), "NIX_HUMANITY_CONFIG="+w.pg.Config, "NO_COLOR=1")
	return cmd
}

// arm sets the gate of a shimmed command, for its calls with the word
// match among their arguments ("" for all), and returns a wait for the
// pid of the shim stopped at it.
func (w *crashWorld) arm(name, match string) func() int {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.gates, name+".armed"), []byte(match), 0o644); err != nil {
		w.t.Fatal(err)
	}
	reached := filepath.Join(w.gates, name+".reached")
	return func() int {
		w.t.Helper()
		var pid int
		waitFor(w.t, 30*time.Second, name+" to reach its gate", func() bool {
			b, err := os.ReadFile(reached)
			if err != nil {
				return false
			}
			pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
			return pid > 0
		})
		_ = os.Remove(reached)
		return pid
	}
}

// release lets the shim stopped at name's gate go on.
func (w *crashWorld) release(name string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.gates, name+".release"), nil, 0o644); err != nil {
		w.t.Fatal(err)
	}
}

// checkAfterKill holds what must be true the moment the daemon died,
// before anything is restarted: the state parses, every generation in
// the profile is a complete, valid system, and the newest one is no
// system that was never activated when the kill came before the profile
// moved.
func (w *crashWorld) checkAfterKill(wantCurrent int) {
	w.t.Helper()
	if _, err := state.Load(w.s.StateDir); err != nil {
		w.t.Fatalf("the state file after the kill: %v", err)
	}
	w.checkProfile()
	if g, err := activate.Current(w.s.Profile); err != nil || g.Number != wantCurrent {
		w.t.Fatalf("current generation after the kill: %+v %v, want %d", g, err, wantCurrent)
	}
}

// checkProfile: every generation is a valid store path that passes the
// reconciler's own check of a built system.
func (w *crashWorld) checkProfile() {
	w.t.Helper()
	nums, err := activate.Numbers(w.s.Profile)
	if err != nil || len(nums) == 0 {
		w.t.Fatalf("profile generations: %v %v", nums, err)
	}
	for _, n := range nums {
		g, err := activate.Lookup(w.s.Profile, n)
		if err != nil {
			w.t.Fatalf("generation %d: %v", n, err)
		}
		check := exec.Command("nix-store", "--check-validity", g.Path)
		check.Env = append(os.Environ(), w.env...)
		if out, err := check.CombinedOutput(); err != nil {
			w.t.Fatalf("generation %d points at %s, which is not a valid store path: %s", n, g.Path, out)
		}
		if err := activate.Check(g.Path); err != nil {
			w.t.Fatalf("generation %d is not a complete system: %v", n, err)
		}
	}
}

// converged waits until the running daemon finished a pass for the
// newest inputs, and checks the invariants: pkg is in the system that
// runs, which is the profile's current generation and the applied one;
// the metrics say the same generation; the state file parses. Then it
// stops the daemon and checks that nothing half-written is left in the
// state directory.
func (w *crashWorld) converged(pkg string) *state.State {
	w.t.Helper()
	return w.convergedOn(pkg, true)
}

// convergedOn is converged for pkg installed (in) or removed.
func (w *crashWorld) convergedOn(pkg string, in bool) *state.State {
	w.t.Helper()
	var st *state.State
	waitFor(w.t, 60*time.Second, "the restarted daemon to converge on "+pkg, func() bool {
		var err error
		st, err = state.Load(w.s.StateDir)
		if err != nil {
			w.t.Fatalf("state file: %v", err)
		}
		return st.Phase == state.PhaseIdle && st.Activating == nil && st.LastPass != nil &&
			st.LastPass.Result == state.ResultSuccess && st.AppliedHash != "" && st.AppliedHash == st.DesiredHash &&
			fileExists(filepath.Join(st.AppliedToplevel, "sw", "bin", pkg)) == in
	})
	g, err := activate.Current(w.s.Profile)
	if err != nil {
		w.t.Fatal(err)
	}
	if g.Path != st.AppliedToplevel || activate.Target(w.s.CurrentSystem()) != st.AppliedToplevel {
		w.t.Fatalf("profile %+v, running %s, applied %s\n%s", g, activate.Target(w.s.CurrentSystem()), st.AppliedToplevel, w.out)
	}
	if st.CurrentGeneration != g.Number {
		w.t.Fatalf("state says generation %d, the profile %d", st.CurrentGeneration, g.Number)
	}
	w.checkProfile()
	// The state directory's other records parse too.
	for _, f := range []string{"applied-inputs.json"} {
		if b, err := os.ReadFile(filepath.Join(w.s.StateDir, f)); err == nil && !json.Valid(b) {
			w.t.Fatalf("%s is not valid JSON:\n%s", f, b)
		}
	}
	// The metrics read back what the state file counts, across the
	// restarts.
	want := []string{
		fmt.Sprintf("\nnix_humanity_current_generation %d\n", g.Number),
		fmt.Sprintf("\nnix_humanity_reconcile_total{result=\"success\"} %d\n", st.Counters.Reconciles[state.ResultSuccess]),
	}
	var body string
	waitFor(w.t, 10*time.Second, "the metrics to show generation "+strconv.Itoa(g.Number), func() bool {
		_, body = testbin.Get(w.t, w.metrics+"/metrics")
		return strings.Contains(body, want[0]) && strings.Contains(body, want[1])
	})
	// Looked at with no daemon running: a live one may be writing (the
	// package changes it records after a pass).
	w.stop()
	w.checkStateDir()
	return st
}

// checkStateDir: once a pass finished, no temporary file of an atomic
// write is left in the state directory for the files passes write under
// their lock (state.json, applied-inputs.json), nor the pid of an
// activation that ended. Other files' temporary files (the input digests
// ask-nix status writes too) may still be a live writer's for a while;
// TestDaemonCrashAt shows an old one goes.
func (w *crashWorld) checkStateDir() {
	w.t.Helper()
	var left []string
	entries, err := os.ReadDir(w.s.StateDir)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, "."+state.FileName+".tmp-") || strings.HasPrefix(n, "."+reconciler.AppliedInputsFile+".tmp-") {
			left = append(left, n)
		}
	}
	if fileExists(filepath.Join(w.s.StateDir, reconciler.ActivationPidFile)) {
		left = append(left, reconciler.ActivationPidFile)
	}
	if len(left) > 0 {
		w.t.Fatalf("left in the state directory: %v", left)
	}
}

// namesPid: the activation pid file names its process (it says
// "starting" from just before the script starts until then).
func namesPid(p string) bool {
	b, err := os.ReadFile(p)
	if err != nil {
		return false
	}
	pid, _ := strconv.Atoi(strings.Fields(string(b) + " x")[0])
	return pid > 0
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// The daemon killed with SIGKILL at each point of a real pass where a
// crash could hurt, and started again: during evaluation, during the
// build, after the profile moved (switch: the new generation exists,
// the boot entry is not made yet), during activation (the script
// outlives the daemon; the next one waits for it), and in the middle of
// writing the state file (what such a kill leaves: the rename is atomic,
// so at most a temporary file beside the old state). Each time the state
// parses, every generation is a complete system, the restarted daemon
// finishes the pass for the newest fragment, and the metrics agree; at
// the end ask-nix history and undo still work.
func TestDaemonCrashAt(t *testing.T) {
	w := newCrashWorld(t)
	w.start()

	t.Log("kill during evaluation")
	reached := w.arm("nix-instantiate", "--add-root") // the system's evaluation
	w.install("hello")
	shim := reached()
	w.kill()
	_ = syscall.Kill(shim, syscall.SIGKILL)
	w.checkAfterKill(1)
	if rep, err := reconciler.Status(w.s); err != nil || rep.Interrupted != state.PhaseEval {
		t.Fatalf("status after a kill during evaluation: %+v %v", rep, err)
	}
	w.start()
	w.converged("hello")

	t.Log("kill during the build")
	w.start()
	reached = w.arm("nix-build", "")
	w.install("htop")
	shim = reached()
	w.kill()
	_ = syscall.Kill(shim, syscall.SIGKILL)
	w.checkAfterKill(2)
	if out := w.askNixOK("status"); !strings.Contains(out, "edit 2 (add 1 package: htop) is not built yet; no nix-humanityd runs: ask-nix apply builds it") {
		t.Fatalf("status after a kill during the build:\n%s", out)
	}
	// Another edit while no daemon runs: the restarted one builds the
	// newest fragment, both edits in it.
	w.install("btop")
	w.start()
	if st := w.converged("btop"); !fileExists(filepath.Join(st.AppliedToplevel, "sw", "bin", "htop")) {
		t.Fatal("the edit the killed build was for is not in the system")
	}

	t.Log("kill after the profile moved, before the boot entry")
	w.start()
	reached = w.arm("nix-env", "--set") // the profile moved, the boot entry not made
	w.install("jq")
	shim = reached()
	w.kill()
	_ = syscall.Kill(shim, syscall.SIGKILL)
	w.checkAfterKill(4) // the switch's nix-env --set made it (generation 3 has htop and btop)
	// Status says what the switch got done and what apply does now:
	// not that it builds anything.
	if out := w.askNixOK("status"); !strings.Contains(out, "is built; its activation was cut short; no nix-humanityd runs: ask-nix apply activates it again") ||
		!strings.Contains(out, "the switch to generation 4 was cut short") || !strings.Contains(out, "its system runs, the profile names it, but its boot entry may be missing") ||
		!strings.Contains(out, "generation 3, which ran before it, is put back") || strings.Contains(out, "apply builds it") {
		t.Fatalf("status after a kill between the profile and the boot entry:\n%s", out)
	}
	if st, _ := state.Load(w.s.StateDir); st.Activating == nil || st.Activating.FromGeneration != 3 {
		t.Fatalf("the activation cut short is not recorded: %+v", st.Activating)
	}
	w.start()
	st := w.converged("jq")
	if st.CurrentGeneration != 4 {
		t.Fatalf("finishing the cut-short switch made generation %d, want 4 (the same system)", st.CurrentGeneration)
	}
	// The boot default is what the profile says: switch-to-configuration
	// boot of generation 4 ran after the restart.
	if log, _ := os.ReadFile(w.pg.ActivationLog); !strings.Contains(string(log), "boot "+st.AppliedToplevel) {
		t.Fatalf("no boot entry for %s after the restart:\n%s", st.AppliedToplevel, log)
	}

	t.Log("kill during activation")
	w.start()
	release := w.blockActivation()
	w.install("git")
	waitFor(t, 30*time.Second, "the activation to start", func() bool {
		st, _ := state.Load(w.s.StateDir)
		return st.Phase == state.PhaseActivate && namesPid(filepath.Join(w.s.StateDir, reconciler.ActivationPidFile))
	})
	pidFile := filepath.Join(w.s.StateDir, reconciler.ActivationPidFile)
	leftRunning, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	w.kill()
	w.checkAfterKill(4) // action switch runs test before it moves the profile
	if out := w.askNixOK("status"); !regexp.MustCompile(`its switch-to-configuration still runs \(pid [0-9]+; the next activation waits for it\), its system does not run, the profile still names generation 4`).MatchString(out) {
		t.Fatalf("status with the dead daemon's activation still running:\n%s", out)
	}
	w.start()
	// The restarted daemon gets as far as its own activation, and waits
	// there for the one the dead daemon left running.
	waitFor(t, 30*time.Second, "the restarted daemon to reach its activation", func() bool {
		st, _ := state.Load(w.s.StateDir)
		return st.Phase == state.PhaseActivate && st.Daemon == w.daemon.Process.Pid
	})
	time.Sleep(100 * time.Millisecond)
	if now, _ := os.ReadFile(pidFile); string(now) != string(leftRunning) {
		t.Fatalf("an activation started beside the one left running: %s, then %s", leftRunning, now)
	}
	release()
	w.converged("git")
	if !strings.Contains(w.out.String(), "waiting for the activation a process before this one started to end") {
		t.Errorf("the restarted daemon did not say it waits for the activation left running:\n%s", w.out)
	}

	t.Log("ask-nix apply killed during activation, then run again")
	release = w.blockActivation()
	w.install("curl")
	first := exec.Command(w.askNix, "apply")
	first.Env = append(os.Environ(), "NIX_HUMANITY_CONFIG="+w.pg.Config)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "apply's activation to start", func() bool {
		st, _ := state.Load(w.s.StateDir)
		return st.Phase == state.PhaseActivate && namesPid(pidFile)
	})
	_ = first.Process.Signal(syscall.SIGKILL)
	_ = first.Wait()
	again := exec.Command(w.askNix, "apply")
	again.Env = append(os.Environ(), "NIX_HUMANITY_CONFIG="+w.pg.Config)
	againOut := &testbin.SyncBuffer{}
	again.Stdout, again.Stderr = againOut, againOut
	if err := again.Start(); err != nil {
		t.Fatal(err)
	}
	// It says why it waits, rather than look hung.
	waitFor(t, 30*time.Second, "apply to say it waits", func() bool {
		return regexp.MustCompile(`activating… first waiting for the activation a process before this one started, still running \(pid [0-9]+\), to end`).MatchString(againOut.String())
	})
	release()
	if err := again.Wait(); err != nil {
		t.Fatalf("apply after the kill: %v\n%s", err, againOut)
	}
	w.start()
	w.converged("curl")

	t.Log("kill while the state file is written")
	// A write is a temporary file renamed over the state: a kill before
	// the rename leaves the old state whole and the temporary file
	// beside it, half written. That is what is left here.
	old, err := os.ReadFile(state.Path(w.s.StateDir))
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(w.s.StateDir, ".state.json.tmp-123456")
	if err := os.WriteFile(tmp, old[:len(old)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	// And one of the input digests, which ask-nix status writes without
	// the pass lock, from a kill long ago.
	oldTmp := filepath.Join(w.s.StateDir, ".input-digests.tmp-654321")
	if err := os.WriteFile(oldTmp, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	longAgo := time.Now().Add(-time.Hour)
	if err := os.Chtimes(oldTmp, longAgo, longAgo); err != nil {
		t.Fatal(err)
	}
	w.start()
	w.install("vim")
	w.converged("vim")
	if fileExists(tmp) || fileExists(oldTmp) {
		t.Fatal("the half-written files are still there")
	}
	if !strings.Contains(w.out.String(), "removed what writes cut short by a crash left") {
		t.Errorf("the daemon did not say it removed them:\n%s", w.out)
	}

	t.Log("history and undo after the crashes")
	w.start()
	hist := w.askNixOK("history")
	for _, p := range []string{"hello", "htop", "jq", "git", "vim"} {
		if !strings.Contains(hist, p) {
			t.Fatalf("ask-nix history lacks %s:\n%s", p, hist)
		}
	}
	w.askNixOK("-y", "undo")
	waitFor(t, 30*time.Second, "the undo to be applied", func() bool {
		st, _ := state.Load(w.s.StateDir)
		return st.Phase == state.PhaseIdle && st.AppliedHash == st.DesiredHash && st.AppliedToplevel != "" &&
			!fileExists(filepath.Join(st.AppliedToplevel, "sw", "bin", "vim")) && fileExists(filepath.Join(st.AppliedToplevel, "sw", "bin", "git"))
	})
	w.stop()
	w.checkStateDir()
	w.checkProfile()
}

// blockActivation makes the stand-in's next switch-to-configuration stop
// as it starts: it appends to the activation log first, and that log is
// a named pipe now, whose opening for writing waits for a reader.
// release reads it, puts a plain log back and lets the script go on.
func (w *crashWorld) blockActivation() (release func()) {
	w.t.Helper()
	logPath := w.pg.ActivationLog
	kept, err := os.ReadFile(logPath)
	if err != nil {
		w.t.Fatal(err)
	}
	if err := os.Remove(logPath); err != nil {
		w.t.Fatal(err)
	}
	if err := syscall.Mkfifo(logPath, 0o644); err != nil {
		w.t.Fatal(err)
	}
	return func() {
		w.t.Helper()
		fifo, err := os.OpenFile(logPath, os.O_RDONLY, 0)
		if err != nil {
			w.t.Fatal(err)
		}
		// The writer has the pipe open: the name can go, and the next
		// activations append to a plain file again.
		if err := os.Remove(logPath); err != nil {
			w.t.Fatal(err)
		}
		line, _ := io.ReadAll(fifo)
		fifo.Close()
		if err := os.WriteFile(logPath, append(kept, line...), 0o644); err != nil {
			w.t.Fatal(err)
		}
	}
}

// The daemon killed at random moments of real passes (a few in CI; more
// with -crashkills N), half of them for a system that fails its health
// check, so kills land in rollbacks too. Whenever it dies, the state
// parses and every generation is a complete system; once the restarted
// daemon settled on the newest inputs, the system that runs is the
// profile's current generation and passes its health check, the last
// boot entry made is that generation's, and nothing half-written is
// left in the state directory.
func TestDaemonCrashRandom(t *testing.T) {
	w := newCrashWorld(t)
	pkgs := []string{"hello", "htop", "jq", "git", "vim", "curl", "wget", "btop", "emacs", "firefox"}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d (kill delays and failing systems are drawn from it)", seed)
	rng := rand.New(rand.NewPCG(seed, seed))
	const failing = "  standin.failHealthCheck = true;\n"
	w.start()
	for i := range *crashKills {
		// A hand edit: one more package, and a failing health check or not.
		src := strings.ReplaceAll(readFile(t, w.pg.Fragment), failing, "")
		bad := rng.IntN(2) == 0
		if bad {
			src = strings.Replace(src, "\n}", "\n"+failing+"}", 1)
		}
		src = strings.Replace(src, "with pkgs; [\n", "with pkgs; [\n    "+pkgs[i%len(pkgs)]+"\n", 1)
		if err := os.WriteFile(w.pg.Fragment, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.IntN(600)) * time.Millisecond
		time.Sleep(delay)
		w.kill()
		what := fmt.Sprintf("kill %d, %s after the edit (failing system: %v)", i, delay, bad)
		if _, err := state.Load(w.s.StateDir); err != nil {
			t.Fatalf("%s: the state file: %v", what, err)
		}
		w.checkProfile()
		w.start()
		h, err := (&reconciler.Reconciler{Settings: w.s}).InputsHash()
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, 30*time.Second, "the restarted daemon to settle the newest inputs", func() bool {
			st, _ := state.Load(w.s.StateDir)
			return st.Phase == state.PhaseIdle && st.Activating == nil && st.LastPass != nil && st.LastPass.InputsHash == h
		})
		w.stop()
		g, err := activate.Current(w.s.Profile)
		if err != nil {
			t.Fatal(err)
		}
		running := activate.Target(w.s.CurrentSystem())
		if g.Path != running {
			t.Fatalf("%s: profile at generation %d (%s), running %s\n%s", what, g.Number, g.Path, running, w.out)
		}
		if out, err := exec.Command(filepath.Join(running, "bin", "standin-health-check")).CombinedOutput(); err != nil {
			t.Fatalf("%s: the running system fails its health check: %s\n%s", what, out, w.out)
		}
		boots := regexp.MustCompile(`(?m)^boot (\S+)`).FindAllStringSubmatch(readFile(t, w.pg.ActivationLog), -1)
		if len(boots) == 0 || boots[len(boots)-1][1] != g.Path {
			t.Fatalf("%s: the last boot entry made is not generation %d's:\n%s", what, g.Number, readFile(t, w.pg.ActivationLog))
		}
		w.checkStateDir()
		w.start()
	}
	w.stop()
}

// ask-nix apply killed while it rolls back a change that failed its
// health check, retried after it failed once before: the profile is
// back, but the bad system still runs and its boot entry is the
// default. The daemon started next finishes the rollback at once (it
// does not try the system that failed again, nor leave the machine so
// until a resync retries the failed inputs): what ran before runs and
// is the boot default again.
func TestApplyKilledDuringRollback(t *testing.T) {
	w := newCrashWorld(t)
	w.install("hello")
	w.askNixOK("apply")
	good, err := activate.Current(w.s.Profile)
	if err != nil {
		t.Fatal(err)
	}
	// A hand edit whose system fails the playground's health check.
	frag, err := os.ReadFile(w.pg.Fragment)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(frag), "\n}", "\n  standin.failHealthCheck = true;\n}", 1)
	if err := os.WriteFile(w.pg.Fragment, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := w.runAskNix("apply"); err == nil || !strings.Contains(out, "health check failed") {
		t.Fatalf("the first try: %v\n%s", err, out)
	}

	// The retry, killed after the rollback moved the profile back.
	reached := w.arm("nix-env", "--switch-generation")
	apply := exec.Command(w.askNix, "apply")
	apply.Env = append(os.Environ(), "NIX_HUMANITY_CONFIG="+w.pg.Config, "PATH="+w.shims+string(os.PathListSeparator)+os.Getenv("PATH"))
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	shim := reached()
	_ = apply.Process.Signal(syscall.SIGKILL)
	_ = apply.Wait()
	_ = syscall.Kill(shim, syscall.SIGKILL)
	w.checkAfterKill(good.Number)
	st, err := state.Load(w.s.StateDir)
	if err != nil || st.Activating == nil || activate.Target(w.s.CurrentSystem()) != st.Activating.Toplevel {
		t.Fatalf("after the kill: activating %+v, running %s (%v)", st.Activating, activate.Target(w.s.CurrentSystem()), err)
	}
	bootsBefore := strings.Count(readFile(t, w.pg.ActivationLog), "boot "+good.Path)
	testsOfBad := strings.Count(readFile(t, w.pg.ActivationLog), "test "+st.Activating.Toplevel)

	w.start()
	waitFor(t, 30*time.Second, "the daemon to finish the rollback", func() bool {
		st, _ := state.Load(w.s.StateDir)
		return st.Activating == nil && st.Phase == state.PhaseIdle && activate.Target(w.s.CurrentSystem()) == good.Path
	})
	log := readFile(t, w.pg.ActivationLog)
	if strings.Count(log, "boot "+good.Path) != bootsBefore+1 {
		t.Fatalf("generation %d was not made the boot default again:\n%s", good.Number, log)
	}
	if strings.Count(log, "test "+st.Activating.Toplevel) != testsOfBad {
		t.Fatalf("the system that failed its health check was activated again:\n%s", log)
	}
	if g, _ := activate.Current(w.s.Profile); g.Number != good.Number {
		t.Fatalf("profile at %d, want %d", g.Number, good.Number)
	}
	st, _ = state.Load(w.s.StateDir)
	if p := st.LastPass; p == nil || p.Result != state.ResultRolledBack || p.RolledBackTo != good.Number {
		t.Fatalf("last pass %+v", p)
	}
	// Status tells of the pass that settled it, and of no cut activation
	// still to finish.
	want := fmt.Sprintf("activation cut short, back to generation %d)", good.Number)
	if out := w.askNixOK("status"); !strings.Contains(out, "was cut short before it finished; pass 3 had failed with that system (health check failed), so it was not activated again: generation 2 was put back and activated again") ||
		strings.Contains(out, "activates it again") || !strings.Contains(out, "last: rolled back") || !strings.Contains(out, want) {
		t.Fatalf("status after the rollback was finished:\n%s", out)
	}
	w.stop()
	w.checkStateDir()
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// ask-nix rollback killed after nix-env moved the profile back, before
// the older system was activated: status says a switch on request was
// cut short and that the next pass puts the inputs' system in place
// instead (it does not finish the request behind the person's back),
// and the daemon does so, saying why.
func TestRollbackKilledBeforeActivation(t *testing.T) {
	w := newCrashWorld(t)
	w.install("hello")
	w.askNixOK("apply")
	w.install("htop")
	w.askNixOK("apply")
	newer, err := activate.Current(w.s.Profile)
	if err != nil {
		t.Fatal(err)
	}
	reached := w.arm("nix-env", "--switch-generation")
	rb := exec.Command(w.askNix, "-y", "rollback")
	rb.Env = append(os.Environ(), "NIX_HUMANITY_CONFIG="+w.pg.Config, "PATH="+w.shims+string(os.PathListSeparator)+os.Getenv("PATH"))
	if err := rb.Start(); err != nil {
		t.Fatal(err)
	}
	shim := reached()
	_ = rb.Process.Signal(syscall.SIGKILL)
	_ = rb.Wait()
	_ = syscall.Kill(shim, syscall.SIGKILL)
	w.checkAfterKill(newer.Number - 1)
	if out := w.askNixOK("status"); !strings.Contains(out, fmt.Sprintf("the switch to generation %d on request was cut short", newer.Number-1)) ||
		!strings.Contains(out, "ask-nix apply puts what the inputs build in place instead (ask-nix rollback asks for the switch again)") {
		t.Fatalf("status after the kill:\n%s", out)
	}
	w.start()
	waitFor(t, 30*time.Second, "the daemon to settle the cut switch", func() bool {
		st, _ := state.Load(w.s.StateDir)
		return st.Activating == nil && st.Phase == state.PhaseIdle && st.LastPass != nil && st.LastPass.Result == state.ResultSuccess
	})
	if g, _ := activate.Current(w.s.Profile); g.Path != newer.Path || activate.Target(w.s.CurrentSystem()) != newer.Path {
		t.Fatalf("profile %+v, running %s, want the inputs' system %s", g, activate.Target(w.s.CurrentSystem()), newer.Path)
	}
	if out := w.askNixOK("status"); !strings.Contains(out, "a switch to an older generation on request was cut short before it finished; the inputs' system is in place instead (ask-nix rollback asks again)") {
		t.Fatalf("status after the daemon's pass:\n%s", out)
	}
	w.stop()
	w.checkStateDir()
}

// The daemon killed between saving a pass that rolled back an edit and
// marking that edit failed in ask-nix history (the fragment lock held
// here keeps it in that window): the history still says applied, a lie
// about an edit that never ran. The restarted daemon finds the newest
// pass's mark missing and writes it before anything else, so history
// says failed, with the reason the pass would have given.
func TestDaemonCrashBeforeTheEditMark(t *testing.T) {
	w := newCrashWorld(t)
	// A system that fails its health check, from an ask-nix edit on top
	// of a hand edit: the pass that builds it is edit 1's and rolls back.
	src := strings.Replace(readFile(t, w.pg.Fragment), "\n}", "\n  standin.failHealthCheck = true;\n}", 1)
	if err := os.WriteFile(w.pg.Fragment, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	w.install("hello")
	edit := func() (status, reason string) {
		t.Helper()
		var es []struct {
			Edit           int
			Status, Reason string
		}
		if err := json.Unmarshal([]byte(w.askNixOK("history", "--json")), &es); err != nil || len(es) != 1 || es[0].Edit != 1 {
			t.Fatalf("ask-nix history --json: %+v %v", es, err)
		}
		return es[0].Status, es[0].Reason
	}
	if s, _ := edit(); s != "applied" {
		t.Fatalf("edit 1 is %s before any pass", s)
	}

	lock, err := flock.Acquire(t.Context(), filepath.Join(w.s.StateDir, "fragment.lock"), "crash test: keep the daemon from marking the edit")
	if err != nil {
		t.Fatal(err)
	}
	w.start()
	var st *state.State
	waitFor(t, 60*time.Second, "the rolled-back pass to be saved", func() bool {
		st, _ = state.Load(w.s.StateDir)
		return st != nil && st.LastPass != nil && st.LastPass.Result == state.ResultRolledBack
	})
	w.kill()
	lock.Unlock()
	if p := st.LastPass; p.FragmentEdit != 1 || p.NotFromEdit {
		t.Fatalf("the rolled-back pass is not edit 1's doing: %+v", p)
	}
	if s, _ := edit(); s != "applied" {
		t.Fatalf("edit 1 was marked %s before the kill: the test missed the window", s)
	}

	w.start()
	waitFor(t, 30*time.Second, "the restarted daemon to mark edit 1 failed", func() bool {
		s, _ := edit()
		return s == "failed"
	})
	if _, reason := edit(); !strings.HasPrefix(reason, fmt.Sprintf("pass %d: ", st.LastPass.ID)) || !strings.Contains(reason, "rolled back to generation 1") {
		t.Fatalf("edit 1's reason names another pass or no rollback: %q", reason)
	}
	if !strings.Contains(w.out.String(), "ask-nix history lacked the mark of the last pass") {
		t.Errorf("the restarted daemon did not say it wrote the missing mark:\n%s", w.out)
	}
	if out := w.askNixOK("history"); !strings.Contains(out, "failed") {
		t.Fatalf("ask-nix history does not show the edit failed:\n%s", out)
	}
	w.stop()
	// Once written, it is not written again by the next daemon.
	w.start()
	w.stop()
	if n := strings.Count(readFile(t, filepath.Join(w.s.StateDir, "history", "log.jsonl")), `"status":"failed"`); n != 1 {
		t.Fatalf("%d failed marks in the history log, want 1:\n%s\n%s", n, readFile(t, filepath.Join(w.s.StateDir, "history", "log.jsonl")), w.out)
	}
}
