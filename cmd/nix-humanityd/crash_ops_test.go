package main

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/testbin"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/activate"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// gcShimScript stands in for nix-env or nix-store on ask-nix's PATH:
// when its gate is armed and the call is the one named (nix-env
// --delete-generations, nix-store --gc), it does part of the job with
// the real command, as that command killed halfway would leave it (the
// first generation deleted; one store path collected), then stops at
// the gate to be killed. Otherwise it is the real command.
const gcShimScript = `#!/bin/sh
# Crash test shim (nix-humanity): part of the job, then a gate.
gate='%s' real='%s' what='%s'
[ -e "$gate.armed" ] || exec "$real" "$@"
case " $* " in *" $what "*) ;; *) exec "$real" "$@" ;; esac
rm -f "$gate.armed"
if [ "$what" = --delete-generations ]; then
  profile= first= prev=
  for a in "$@"; do
    [ "$prev" = -p ] && profile=$a
    [ "$prev" = --delete-generations ] && first=$a
    prev=$a
  done
  "$real" -p "$profile" --delete-generations "$first" || exit 1
else
  "$real" --gc --max-freed 1 >/dev/null || exit 1
fi
echo $$ > "$gate.reached.tmp" && mv "$gate.reached.tmp" "$gate.reached"
while :; do sleep 0.05; done
`

// privateStore is the environment of a Nix store of the test's own, so
// that nix-store --gc collects for real without touching the machine's
// store (other tests' paths).
func privateStore(t *testing.T) []string {
	t.Helper()
	root := t.TempDir()
	t.Cleanup(func() {
		// Store paths are read-only; make them removable again.
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				_ = os.Chmod(p, 0o755)
			}
			return nil
		})
	})
	return []string{"NIX_STORE_DIR=" + filepath.Join(root, "store"), "NIX_STATE_DIR=" + filepath.Join(root, "var"), "NIX_LOG_DIR=" + filepath.Join(root, "log")}
}

// killedAskNix starts ask-nix with args, the shims in dir first on its
// PATH, waits until a shim reached its gate (reached), and SIGKILLs
// ask-nix and the shim, as the OOM killer or a closed terminal's kill
// would. It returns what ask-nix printed.
func (w *crashWorld) killedAskNix(dir string, reached func() int, args ...string) string {
	w.t.Helper()
	cmd := w.askNixCmd(args...)
	cmd.Env = append(cmd.Env, "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	out := &testbin.SyncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	shim := reached()
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	_ = syscall.Kill(shim, syscall.SIGKILL)
	return out.String()
}

// generationNumbers is the profile's generations and the current one.
func (w *crashWorld) generationNumbers() ([]int, int) {
	w.t.Helper()
	nums, err := activate.Numbers(w.s.Profile)
	if err != nil {
		w.t.Fatal(err)
	}
	g, err := activate.Current(w.s.Profile)
	if err != nil {
		w.t.Fatalf("no current generation: %v (generations %v)", err, nums)
	}
	return nums, g.Number
}

// checkAfterOp holds what must be true after ask-nix died in the middle
// of an operation: the pass lock is free, the state parses, every
// generation left is a complete, valid system, the current one is
// current, the booted one is there, and ask-nix status and generations
// still answer.
func (w *crashWorld) checkAfterOp(what string, current, booted int) {
	w.t.Helper()
	waitFor(w.t, 5*time.Second, "the pass lock to be free", func() bool {
		rep, err := reconciler.Status(w.s)
		return err == nil && rep.Holder == ""
	})
	if _, err := state.Load(w.s.StateDir); err != nil {
		w.t.Fatalf("%s: the state file: %v", what, err)
	}
	w.checkProfile()
	nums, cur := w.generationNumbers()
	if cur != current || !slices.Contains(nums, booted) {
		w.t.Fatalf("%s: generations %v, current %d; want current %d and booted %d kept", what, nums, cur, current, booted)
	}
	if out, err := w.runAskNix("generations"); err != nil || !strings.Contains(out, "booted") {
		w.t.Fatalf("%s: ask-nix generations: %v\n%s", what, err, out)
	}
	if out, err := w.runAskNix("status"); err != nil || !strings.Contains(out, fmt.Sprintf("generation %d", current)) {
		w.t.Fatalf("%s: ask-nix status: %v\n%s", what, err, out)
	}
}

// ask-nix gc killed (SIGKILL) while nix-env deletes generations, and
// while the store's garbage collection runs, in a Nix store of the
// test's own: the current and booted generations are never lost, every
// generation left is a complete system, the state parses, and running
// the same request again finishes the job.
func TestAskNixGCKilled(t *testing.T) {
	w := newCrashWorld(t, privateStore(t)...)
	shims := filepath.Join(w.dir, "gc-shims")
	if err := os.Mkdir(shims, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, sh := range []struct{ name, what string }{{"nix-env", "--delete-generations"}, {"nix-store", "--gc"}} {
		real, err := exec.LookPath(sh.name)
		if err != nil {
			t.Fatal(err)
		}
		script := fmt.Sprintf(gcShimScript, filepath.Join(w.gates, "gc-"+sh.name), real, sh.what)
		if err := os.WriteFile(filepath.Join(shims, sh.name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Generations 1 (booted) to 6, each with one more package; 4 current
	// (rolled back to), so neither protected one is among the newest.
	for _, pkg := range []string{"hello", "htop", "jq", "git", "vim"} {
		w.install(pkg)
		w.askNixOK("apply")
	}
	w.askNixOK("-y", "rollback", "--to", "4")
	paths := map[int]string{}
	for n := 1; n <= 6; n++ {
		g, err := activate.Lookup(w.s.Profile, n)
		if err != nil {
			t.Fatal(err)
		}
		paths[n] = g.Path
	}
	if nums, cur := w.generationNumbers(); !slices.Equal(nums, []int{1, 2, 3, 4, 5, 6}) || cur != 4 {
		t.Fatalf("before gc: generations %v, current %d", nums, cur)
	}

	t.Log("kill while nix-env deletes generations")
	out := w.killedAskNix(shims, w.arm("gc-nix-env", ""), "-y", "gc", "--keep", "1")
	if !strings.Contains(out, "Delete 3: 2-3, 5") {
		t.Fatalf("the plan before the kill:\n%s", out)
	}
	w.checkAfterOp("after a kill while deleting generations", 4, 1)
	if nums, _ := w.generationNumbers(); !slices.Equal(nums, []int{1, 3, 4, 5, 6}) {
		t.Fatalf("after a kill once generation 2 was deleted: %v", nums)
	}
	out = w.askNixOK("-y", "gc", "--keep", "1")
	if !strings.Contains(out, "Delete 2: 3, 5") || !strings.Contains(out, "Deleted 2 generations.") {
		t.Fatalf("gc run again:\n%s", out)
	}
	if nums, _ := w.generationNumbers(); !slices.Equal(nums, []int{1, 4, 6}) {
		t.Fatalf("after gc ran again: %v, want [1 4 6]", nums)
	}

	t.Log("kill while the store's garbage is collected")
	out = w.killedAskNix(shims, w.arm("gc-nix-store", ""), "-y", "gc", "--collect")
	if !strings.Contains(out, "Collecting garbage") {
		t.Fatalf("gc --collect before the kill:\n%s", out)
	}
	w.checkAfterOp("after a kill while collecting garbage", 4, 1)
	out = w.askNixOK("-y", "gc", "--collect")
	if !strings.Contains(out, "Freed ") {
		t.Fatalf("gc --collect run again:\n%s", out)
	}
	for n, p := range paths {
		_, err := os.Lstat(p)
		if kept := n == 1 || n == 4 || n == 6; kept != (err == nil) {
			t.Errorf("generation %d's system %s: kept %v, but Lstat says %v", n, p, kept, err)
		}
	}
	w.checkAfterOp("after gc --collect", 4, 1)

	// The machine goes on: a pass after it all builds and activates.
	w.install("curl")
	w.askNixOK("apply")
	if nums, cur := w.generationNumbers(); !slices.Equal(nums, []int{1, 4, 6, 7}) || cur != 7 {
		t.Fatalf("after a pass: generations %v, current %d", nums, cur)
	}
	w.checkProfile()
}

// ask-nix update killed (SIGKILL) before and after nix flake update ran,
// before its pass: nothing is lost, status says what is left to do, and
// ask-nix update run again fetches and finishes with a pass.
func TestAskNixUpdateKilled(t *testing.T) {
	w := newCrashWorld(t)
	flakeDir := filepath.Join(w.dir, "etc-nixos")
	// An input to update: a folder of the test's, not a flake. (A flake
	// with no inputs gets no flake.lock.)
	dep := filepath.Join(w.dir, "dep")
	if err := os.Mkdir(dep, 0o755); err != nil {
		t.Fatal(err)
	}
	bump := func(v string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dep, "version"), []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bump("0")
	if err := playground.WriteFlake(flakeDir, w.pg, "box", playground.FlakeInput{Name: "dep", Path: dep}); err != nil {
		t.Fatal(err)
	}
	w.env = append(w.env, "NIX_HUMANITY_FRAGMENT="+filepath.Join(flakeDir, "nix-humanity.nix"), "NIX_HUMANITY_SYSTEM=path:"+flakeDir+"#box")
	w.s.Fragment, w.s.System = filepath.Join(flakeDir, "nix-humanity.nix"), "path:"+flakeDir+"#box"
	shims := filepath.Join(w.dir, "update-shims")
	if err := os.Mkdir(shims, 0o755); err != nil {
		t.Fatal(err)
	}
	real, err := exec.LookPath("nix")
	if err != nil {
		t.Fatal(err)
	}
	for _, when := range []string{"before", "after"} {
		script := fmt.Sprintf(shimScript, filepath.Join(w.gates, "nix-update-"+when), when, real)
		if err := os.WriteFile(filepath.Join(shims, "nix-"+when), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w.install("hello")
	w.askNixOK("apply")
	_, gen := w.generationNumbers()
	lock := filepath.Join(flakeDir, "flake.lock")

	for i, when := range []string{"before", "after"} {
		t.Logf("kill %s nix flake update", when)
		locked := readFile(t, lock)
		bump(fmt.Sprint(i + 1))
		if err := os.Symlink("nix-"+when, filepath.Join(shims, "nix")); err != nil {
			t.Fatal(err)
		}
		out := w.killedAskNix(shims, w.arm("nix-update-"+when, "update"), "update")
		if err := os.Remove(filepath.Join(shims, "nix")); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "Updated") {
			t.Fatalf("ask-nix said it updated before it was killed:\n%s", out)
		}
		if now := readFile(t, lock); (now != locked) != (when == "after") {
			t.Fatalf("kill %s the update: flake.lock\n%s\nthen\n%s", when, locked, now)
		}
		// The new flake.lock is no watched input here (the module's
		// default): only the state can say an update is left unfinished.
		const cut = "an update was cut short"
		if out := w.askNixOK("status"); !strings.Contains(out, cut) || !strings.Contains(out, "no nix-humanityd runs: ask-nix apply builds what it fetched, or ask-nix update fetches again") {
			t.Fatalf("status after a kill %s the update:\n%s", when, out)
		}
		w.checkAfterOp("after a kill "+when+" nix flake update", gen, 1)
		if when == "before" {
			out = w.askNixOK("update")
			if !strings.Contains(out, "Updated the inputs (nix flake update path:"+flakeDir+")") {
				t.Fatalf("update run again:\n%s", out)
			}
		} else {
			// apply finishes it: it evaluates, though the inputs hash is
			// the last pass's.
			w.askNixOK("apply")
		}
		st, err := state.Load(w.s.StateDir)
		if err != nil || st.LastPass == nil || st.Updating != nil || st.Phase != state.PhaseIdle || st.LastPass.Durations["eval"] == 0 {
			t.Fatalf("after a kill %s the update, its pass: %+v %v", when, st.LastPass, err)
		}
		if out := w.askNixOK("status"); strings.Contains(out, cut) {
			t.Fatalf("status once the update's pass ran:\n%s", out)
		}
		w.checkAfterOp("after the update's pass", gen, 1)
	}
}
