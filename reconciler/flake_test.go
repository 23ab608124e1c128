package reconciler_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// newFlakeWorld is a playground whose system is a flake: the stand-in
// NixOS evaluated purely, from a flake folder holding the fragment, as
// /etc/nixos is on a flake machine.
func newFlakeWorld(t *testing.T) *world {
	t.Helper()
	if runtime.GOARCH != "amd64" {
		t.Fatalf("the flake below names x86_64-linux; this machine is %s", runtime.GOARCH)
	}
	base := t.TempDir()
	flakeDir := filepath.Join(base, "etc-nixos")
	w := prepareWorld(t, playground.Options{}, map[string]string{
		"fragment": filepath.Join(flakeDir, "nix-humanity.nix"),
		"system":   "path:" + flakeDir + "#box",
	})
	if err := playground.WriteFlake(flakeDir, w.pg, "box"); err != nil {
		t.Fatal(err)
	}
	w.pg.Fragment = w.s.Fragment
	w.writeFragment(string(fragment.New().Render()))
	w.start()
	return w
}

func TestFlakeSystemPassAndUpdate(t *testing.T) {
	w := newFlakeWorld(t)
	logFrom := w.activationCount()
	w.install("hello")
	p, err := w.r.Pass(ctx, reconciler.PassOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Result != state.ResultSuccess || p.Generation != 2 || !strings.Contains(p.Toplevel, "nixos-system-box-") {
		t.Fatalf("pass %+v", p)
	}
	if !hasFile(filepath.Join(p.Toplevel, "sw", "bin", "hello")) {
		t.Fatal("the flake's system lacks hello")
	}
	// Evaluated with the nix command; the .drv realised with nix-build,
	// which builds its outputs on every Nix version (`nix build <drv>`
	// builds the .drv file itself since Nix 2.15).
	if got := strings.Join(w.rec.Argv0s(), " "); !strings.HasPrefix(got, "nix nix-build ") {
		t.Fatalf("a flake evaluates with the nix command and builds with nix-build: %s", got)
	}
	calls := w.rec.Calls()
	if got := strings.Join(calls[0].Argv, " "); !strings.HasSuffix(got, "#nixosConfigurations.box.config.system.build.toplevel.drvPath") {
		t.Fatalf("eval argv: %s", got)
	}
	if got := w.activations(logFrom); !slices.Equal(got, []string{"test " + p.Toplevel, "boot " + p.Toplevel}) {
		t.Fatalf("activations %q", got)
	}

	// update: nix flake update, then a pass that evaluates although no
	// watched file changed (and finds the system current).
	w.rec.Reset()
	p, err = w.r.Update(ctx, reconciler.PassOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The flake as Nix 2.19 and later take it, then (where this Nix
	// knows no --flake) as older Nix does; the pass names the one that
	// ran.
	flake := strings.TrimSuffix(w.s.System, "#box")
	calls = w.rec.Calls()
	if got := strings.Join(calls[0].Argv, " "); got != "nix flake update --flake "+flake {
		t.Fatalf("update ran %q first", got)
	}
	ran := strings.Join(calls[0].Argv, " ")
	if got := strings.Join(calls[1].Argv, " "); strings.HasPrefix(got, "nix flake update ") {
		ran = got
		if got != "nix flake update "+flake {
			t.Fatalf("update ran %q after --flake", got)
		}
	}
	if p.Trigger != reconciler.TriggerUpdate || p.Result != state.ResultNoop || p.Reason != "toplevel already current" {
		t.Fatalf("pass after update: %+v", p)
	}
	// A flake without inputs has no flake.lock: nothing said of one.
	if p.Update == nil || p.Update.Command != ran || p.Update.Inputs != nil || p.Update.LockUnchanged {
		t.Fatalf("the pass's update: %+v, want the command %q alone", p.Update, ran)
	}
}

// An update whose process died after fetching, before its pass (state
// says updating): the next pass evaluates although the inputs hash is
// the last pass's, and clears it; a one-off build first (ask-nix apply
// --action build) puts nothing in place and leaves it owed.
func TestPassAfterAnUpdateCutShort(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.install("hello")
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	p, err := w.r.Pass(ctx, reconciler.PassOptions{})
	if err != nil || p.Result != state.ResultNoop || p.Reason != "inputs unchanged" {
		t.Fatalf("a pass on unchanged inputs: %+v %v", p, err)
	}
	st := w.state()
	since := time.Now().Add(-time.Minute)
	st.Updating = &since
	if err := st.Save(w.s.StateDir); err != nil {
		t.Fatal(err)
	}

	preview := &reconciler.Reconciler{Settings: w.s, Runner: w.rec, Hostname: "playground", ActionOverride: "build"}
	if _, err := preview.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	if w.state().Updating == nil {
		t.Fatal("a one-off build took the update's pass for done")
	}
	w.rec.Reset()
	p, err = w.r.Pass(ctx, reconciler.PassOptions{})
	if err != nil || p.Result != state.ResultNoop || p.Reason != "toplevel already current" || len(w.rec.Calls()) == 0 {
		t.Fatalf("the pass after an update cut short did not evaluate: %+v %v (%d Nix calls)", p, err, len(w.rec.Calls()))
	}
	if st := w.state(); st.Updating != nil {
		t.Fatalf("updating still set after its pass: %v", st.Updating)
	}
	p, err = w.r.Pass(ctx, reconciler.PassOptions{})
	if err != nil || p.Reason != "inputs unchanged" {
		t.Fatalf("the pass after that: %+v %v", p, err)
	}
}

// Nix writes flake.lock as it evaluates a flake it locks for the first
// time, or whose flake.nix gained an input. With the flake's folder
// watched, that write is the pass's own input, not a change still to
// build: the inputs after the pass are the applied ones. Before, status
// said "pending: the fragment or a watched file changed since the last
// pass" right after a successful apply, until a pass evaluated again. A
// file changed by hand during the evaluation is still a change to build.
func TestFlakeLockWrittenByTheEvaluation(t *testing.T) {
	w, flakeDir, withInputs := newInputsFlakeWorld(t)
	lock := filepath.Join(flakeDir, "flake.lock")
	asApplied := func(when string) {
		t.Helper()
		h, err := w.r.InputsHash()
		if st := w.state(); err != nil || h != st.AppliedHash || h != st.DesiredHash {
			t.Fatalf("%s: inputs %s, applied %s, desired %s (%v)", when, h, st.AppliedHash, st.DesiredHash, err)
		}
	}

	// The first pass locks the flake.
	w.start()
	if _, err := os.Stat(lock); err != nil {
		t.Fatalf("the first evaluation wrote no flake.lock: %v", err)
	}
	asApplied("after the pass that created flake.lock")

	// An input added: the evaluation updates the lock.
	withInputs("dep", "dep2")
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err != nil || p.Result != state.ResultNoop || p.Reason != "toplevel already current" {
		t.Fatalf("pass after an input was added: %+v %v", p, err)
	}
	if !strings.Contains(readFileT(t, lock), `"dep2"`) {
		t.Fatal("the evaluation did not update flake.lock")
	}
	asApplied("after the pass that updated flake.lock")

	// A hand edit of another watched file during the evaluation is not
	// taken for built.
	withInputs("dep")
	other := filepath.Join(flakeDir, "hardware-configuration.nix")
	w.r.Runner = nixruntest.Func(func(ctx context.Context, c nixrun.Cmd) (nixrun.Result, error) {
		res, err := w.rec.Run(ctx, c)
		if c.Argv[0] == "nix" && c.Argv[1] == "eval" {
			if werr := os.WriteFile(other, []byte("{ }\n"), 0o644); werr != nil {
				t.Error(werr)
			}
		}
		return res, err
	})
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply}); err != nil {
		t.Fatal(err)
	}
	h, err := w.r.InputsHash()
	if st := w.state(); err != nil || h == st.AppliedHash {
		t.Fatalf("a file written during the evaluation counts as built: inputs %s, applied %s (%v)", h, st.AppliedHash, err)
	}
}

// newInputsFlakeWorld is a flake world whose flake.nix has an input (a
// folder of the test's) and whose folder is watched, as the module's
// example watches /etc/nixos; the first generation is not built yet.
// withInputs rewrites flake.nix with the inputs named, all that folder.
func newInputsFlakeWorld(t *testing.T) (w *world, flakeDir string, withInputs func(names ...string)) {
	t.Helper()
	base := t.TempDir()
	flakeDir = filepath.Join(base, "etc-nixos")
	dep := filepath.Join(base, "dep")
	w = prepareWorld(t, playground.Options{}, map[string]string{
		"fragment":   filepath.Join(flakeDir, "nix-humanity.nix"),
		"system":     "path:" + flakeDir + "#box",
		"watchPaths": flakeDir,
	})
	if err := os.Mkdir(dep, 0o755); err != nil {
		t.Fatal(err)
	}
	withInputs = func(names ...string) {
		t.Helper()
		var inputs []playground.FlakeInput
		for _, n := range names {
			inputs = append(inputs, playground.FlakeInput{Name: n, Path: dep})
		}
		if err := playground.WriteFlake(flakeDir, w.pg, "box", inputs...); err != nil {
			t.Fatal(err)
		}
	}
	withInputs("dep")
	w.pg.Fragment = w.s.Fragment
	w.writeFragment(string(fragment.New().Render()))
	return w, flakeDir, withInputs
}

func readFileT(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A host the flake does not have: said as that, with where to look and
// what to set, and no edit blamed (the fragment is not the cause).
func TestFlakeWithoutTheHost(t *testing.T) {
	w := newFlakeWorld(t)
	w.install("hello")
	w.s.System = strings.TrimSuffix(w.s.System, "#box") + "#web1"
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err == nil || p.Result != state.ResultFailure || !p.NotFromEdit {
		t.Fatalf("pass %+v %v", p, err)
	}
	for _, want := range []string{"has no such output", "Is web1 one of the flake's nixosConfigurations (nix flake show path:", "does not provide attribute", "generation 1 stays current"} {
		if !strings.Contains(p.Error, want) {
			t.Fatalf("the error lacks %q:\n%s", want, p.Error)
		}
	}
	if strings.Contains(p.Error, "Fix the configuration") {
		t.Fatalf("the error sends the admin to the configuration:\n%s", p.Error)
	}
}

// A git flake whose configuration imports a file git does not track:
// Nix does not find it in its copy, and the error starts with why and
// the git add that fixes it. Added, the next pass builds.
func TestGitFlakeUntrackedFile(t *testing.T) {
	w, flakeDir, git := gitFlakeWorld(t)

	flakeNix := filepath.Join(flakeDir, "flake.nix")
	src := readFileT(t, flakeNix)
	with := strings.Replace(src, "fragment = ./nix-humanity.nix;", "fragment = import ./hosts/box.nix ./nix-humanity.nix;", 1)
	if with == src {
		t.Fatalf("the playground's flake has changed shape:\n%s", src)
	}
	if err := os.WriteFile(flakeNix, []byte(with), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(flakeDir, "hosts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(flakeDir, "hosts", "box.nix"), []byte("fragment: fragment\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	// The folder new to git is what Nix misses first.
	want := filepath.Join(flakeDir, "hosts") + " is on disk, but not in the copy of the flake Nix evaluated: in a git repository a flake sees only the files git tracks. Add it (git -C " + flakeDir + " add hosts), then run ask-nix apply."
	if err == nil || p.Result != state.ResultFailure || !strings.HasPrefix(p.Error, want) {
		t.Fatalf("pass %+v %v\nwant the error to start with %q", p, err, want)
	}
	git("add", "hosts")
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply}); err != nil || p.Result == state.ResultFailure {
		t.Fatalf("pass after git add: %+v %v", p, err)
	}
}

// An update whose fetch fails says what stayed and what to do next:
// the lock of a flake here is as it was; a flake elsewhere has no lock
// here to update.
func TestFlakeUpdateFailureSaysWhatToDo(t *testing.T) {
	w, flakeDir, _ := newInputsFlakeWorld(t)
	w.start()
	lock := filepath.Join(flakeDir, "flake.lock")
	before := readFileT(t, lock)
	if err := os.RemoveAll(filepath.Join(filepath.Dir(flakeDir), "dep")); err != nil {
		t.Fatal(err)
	}
	_, err := w.r.Update(ctx, reconciler.PassOptions{})
	if err == nil || !strings.Contains(err.Error(), "no pass ran, the system is unchanged") ||
		!strings.Contains(err.Error(), lock+" is as it was (Nix writes it only once every input is fetched). Check the network and the inputs' URLs in flake.nix, then run ask-nix update again.") {
		t.Fatalf("update with an input gone: %v", err)
	}
	if readFileT(t, lock) != before {
		t.Fatal("flake.lock changed")
	}

	w.s.System = "github:nix-humanity/fleet#box"
	w.r.Runner = nixruntest.Func(func(_ context.Context, c nixrun.Cmd) (nixrun.Result, error) {
		return nixrun.Result{}, &nixrun.ExitError{Argv: c.Argv, ExitCode: 1, Stderr: []byte("error: cannot write modified lock file of flake 'github:nix-humanity/fleet'\n")}
	})
	_, err = w.r.Update(ctx, reconciler.PassOptions{})
	if err == nil || !strings.Contains(err.Error(), "The flake github:nix-humanity/fleet is not a folder on this machine, so there is no flake.lock here to update") {
		t.Fatalf("update of a flake elsewhere: %v", err)
	}
}

// Updating one input by name (ask-nix update dep2) moves only that one
// in flake.lock, with real Nix, whichever form this Nix takes; the pass
// records what was asked, what moved and what was kept. A name the lock
// lacks, or one outside the rule, runs nothing and changes nothing.
func TestFlakeUpdateOneInput(t *testing.T) {
	w, flakeDir, withInputs := newInputsFlakeWorld(t)
	base := filepath.Dir(flakeDir)
	dep, dep2 := filepath.Join(base, "dep"), filepath.Join(base, "dep2")
	if err := os.Mkdir(dep2, 0o755); err != nil {
		t.Fatal(err)
	}
	bump := func(v string) {
		t.Helper()
		for _, d := range []string{dep, dep2} {
			if err := os.WriteFile(filepath.Join(d, "version"), []byte(v+" "+d), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	bump("1")
	withInputs("dep", "dep2")
	flakeNix := filepath.Join(flakeDir, "flake.nix")
	src := readFileT(t, flakeNix)
	two := strings.Replace(src, fmt.Sprintf("inputs.dep2 = { url = %q;", "path:"+dep), fmt.Sprintf("inputs.dep2 = { url = %q;", "path:"+dep2), 1)
	if two == src {
		t.Fatalf("flake.nix has no dep2 input to point elsewhere:\n%s", src)
	}
	if err := atomicfile.Write(flakeNix, []byte(two), 0o644); err != nil {
		t.Fatal(err)
	}
	w.start() // locks both
	lock := filepath.Join(flakeDir, "flake.lock")
	narHashes := func() map[string]string {
		t.Helper()
		var l struct {
			Nodes map[string]struct {
				Locked struct {
					NarHash string `json:"narHash"`
				} `json:"locked"`
			} `json:"nodes"`
		}
		if err := json.Unmarshal([]byte(readFileT(t, lock)), &l); err != nil {
			t.Fatal(err)
		}
		return map[string]string{"dep": l.Nodes["dep"].Locked.NarHash, "dep2": l.Nodes["dep2"].Locked.NarHash}
	}
	was := narHashes()
	if was["dep"] == "" || was["dep2"] == "" || was["dep"] == was["dep2"] {
		t.Fatalf("the first pass did not lock two inputs apart: %v", was)
	}

	// Names that cannot be updated: refused before anything runs.
	stBefore := w.state()
	lockBefore := readFileT(t, lock)
	for _, tc := range []struct {
		inputs []string
		want   string
	}{
		{[]string{"nixpkgs"}, "the flake path:" + flakeDir + " has no input named nixpkgs: its flake.lock (" + lock + ") names dep, dep2; nothing was run"},
		{[]string{"dep", "--recreate-lock-file"}, `"--recreate-lock-file" starts with -`},
		{[]string{"dep; reboot"}, `"dep; reboot" is not a flake input's name`},
	} {
		w.rec.Reset()
		_, err := w.r.Update(ctx, reconciler.PassOptions{Inputs: tc.inputs})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Fatalf("update %q: %v\nwant %q", tc.inputs, err, tc.want)
		}
		if calls := w.rec.Calls(); len(calls) != 0 {
			t.Fatalf("update %q ran %q", tc.inputs, calls[0].Argv)
		}
		if st := w.state(); st.Updating != nil || len(st.History) != len(stBefore.History) {
			t.Fatalf("update %q changed the state: updating %v, %d passes (was %d)", tc.inputs, st.Updating, len(st.History), len(stBefore.History))
		}
		if readFileT(t, lock) != lockBefore {
			t.Fatalf("update %q changed flake.lock", tc.inputs)
		}
	}

	// Both inputs have something newer; only dep2 is asked for (twice:
	// said once).
	bump("2")
	w.rec.Reset()
	p, err := w.r.Update(ctx, reconciler.PassOptions{Inputs: []string{"dep2", "dep2"}})
	if err != nil {
		t.Fatal(err)
	}
	now := narHashes()
	if now["dep2"] == was["dep2"] {
		t.Errorf("dep2 did not move: %s", now["dep2"])
	}
	if now["dep"] != was["dep"] {
		t.Errorf("dep moved although only dep2 was asked for: %s -> %s", was["dep"], now["dep"])
	}
	flake := "path:" + flakeDir
	ran := strings.Join(w.rec.Calls()[0].Argv, " ")
	if ran != "nix flake update --flake "+flake+" dep2" {
		t.Fatalf("update ran %q first", ran)
	}
	if got := strings.Join(w.rec.Calls()[1].Argv, " "); strings.HasPrefix(got, "nix flake lock ") {
		ran = got
		if got != "nix flake lock "+flake+" --update-input dep2" {
			t.Fatalf("update ran %q after --flake", got)
		}
	}
	u := p.Update
	if u == nil || u.Command != ran || !slices.Equal(u.Only, []string{"dep2"}) || !slices.Equal(u.Kept, []string{"dep"}) ||
		len(u.Inputs) != 1 || u.Inputs[0].Name != "dep2" || u.Inputs[0].From != was["dep2"] || u.Inputs[0].To != now["dep2"] || u.LockUnchanged {
		t.Fatalf("the pass's update: %+v", u)
	}
	if p.Trigger != reconciler.TriggerUpdate || p.Result == state.ResultFailure {
		t.Fatalf("pass after update: %+v", p)
	}

	// Asked again with nothing newer for it: the lock is as it was,
	// though dep still has something newer.
	p, err = w.r.Update(ctx, reconciler.PassOptions{Inputs: []string{"dep2"}})
	if err != nil {
		t.Fatal(err)
	}
	if u := p.Update; u == nil || !u.LockUnchanged || u.Inputs != nil || !slices.Equal(u.Kept, []string{"dep"}) {
		t.Fatalf("the pass's update with nothing newer: %+v", p.Update)
	}
	if narHashes()["dep"] != was["dep"] {
		t.Fatal("dep moved on the second update of dep2")
	}
}
