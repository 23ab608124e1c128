package reconciler_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/activate"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// world is a playground with real Nix: the stand-in NixOS system built
// from the real fragment, a real profile, real activation scripts.
type world struct {
	t   testing.TB
	pg  playground.Layout
	s   *settings.Settings
	rec *nixruntest.Recorder
	r   *reconciler.Reconciler
	// first is generation 1's toplevel, built from the empty fragment.
	first string
}

// prepareWorld sets up a playground folder without building anything.
// flags override settings (config.json key to value).
func prepareWorld(t testing.TB, opts playground.Options, flags map[string]string) *world {
	t.Helper()
	nixruntest.RequireNix(t)
	pg, err := playground.Write(t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	var over []settings.Override
	for k, v := range flags {
		over = append(over, settings.Override{Key: k, Value: v, Source: "test"})
	}
	s, err := reconciler.PlaygroundSettings(pg, settings.Loader{
		UserFile:  filepath.Join(pg.Dir, "no-backend.conf"),
		LookupEnv: func(string) (string, bool) { return "", false },
		Flags:     over,
	})
	if err != nil {
		t.Fatal(err)
	}
	rec := &nixruntest.Recorder{}
	return &world{t: t, pg: pg, s: s, rec: rec, r: &reconciler.Reconciler{Settings: s, Runner: rec, Hostname: "playground"}}
}

// newWorld sets up a playground with its first generation booted.
func newWorld(t testing.TB, opts playground.Options, flags map[string]string) *world {
	t.Helper()
	w := prepareWorld(t, opts, flags)
	w.start()
	return w
}

// start builds and boots the first generation.
func (w *world) start() {
	w.t.Helper()
	if err := w.r.StartPlayground(context.Background(), w.pg); err != nil {
		w.t.Fatal(err)
	}
	g := w.current()
	if g.Number != 1 {
		w.t.Fatalf("first generation is %d", g.Number)
	}
	w.first = g.Path
	w.rec.Reset()
}

func (w *world) current() activate.Generation {
	w.t.Helper()
	g, err := activate.Current(w.s.Profile)
	if err != nil {
		w.t.Fatal(err)
	}
	return g
}

func (w *world) generations() []int {
	w.t.Helper()
	n, err := activate.Numbers(w.s.Profile)
	if err != nil {
		w.t.Fatal(err)
	}
	return n
}

func (w *world) running() string { return activate.Target(w.s.CurrentSystem()) }

func (w *world) state() *state.State {
	w.t.Helper()
	st, err := state.Load(w.s.StateDir)
	if err != nil {
		w.t.Fatal(err)
	}
	return st
}

// edit changes the fragment the way ask-nix does: parse, edit, render,
// atomic rename.
func (w *world) edit(fn func(f *fragment.File) error) {
	w.t.Helper()
	src, err := os.ReadFile(w.pg.Fragment)
	if err != nil {
		w.t.Fatal(err)
	}
	f, err := fragment.Parse(w.pg.Fragment, src)
	if err != nil {
		w.t.Fatal(err)
	}
	if err := fn(f); err != nil {
		w.t.Fatal(err)
	}
	if err := atomicfile.Write(w.pg.Fragment, f.Render(), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) install(pkgs ...string) {
	w.edit(func(f *fragment.File) error {
		var refs []fragment.Path
		for _, p := range pkgs {
			refs = append(refs, fragment.MustPath(p))
		}
		_, err := f.AddPackages(refs...)
		return err
	})
}

func (w *world) set(path string, v fragment.Value) {
	w.edit(func(f *fragment.File) error {
		_, _, err := f.Set(fragment.MustPath(path), v)
		return err
	})
}

// askNixInstall installs pkg as ask-nix does: an edit through a
// txn.Store on this world's fragment and state directory, kept in the
// history.
func (w *world) askNixInstall(pkg string) *txn.Result {
	w.t.Helper()
	store := &txn.Store{Fragment: w.s.Fragment, StateDir: w.s.StateDir}
	res, err := store.Apply(context.Background(), "install "+pkg, intent.Intent{Kind: intent.Install, Packages: []string{pkg}})
	if err != nil {
		w.t.Fatal(err)
	}
	return res
}

// writeFragment replaces the fragment with src (hand edits).
func (w *world) writeFragment(src string) {
	w.t.Helper()
	if err := atomicfile.Write(w.pg.Fragment, []byte(src), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

// activations returns the stand-in activation log from entry n on.
func (w *world) activations(from int) []string {
	w.t.Helper()
	acts, err := playground.ReadActivations(w.pg)
	if err != nil {
		w.t.Fatal(err)
	}
	var out []string
	for _, a := range acts[min(from, len(acts)):] {
		name := a.Toplevel
		switch a.Toplevel {
		case w.first:
			name = "first"
		}
		out = append(out, a.Action+" "+name)
	}
	return out
}

func (w *world) activationCount() int {
	acts, err := playground.ReadActivations(w.pg)
	if err != nil {
		w.t.Fatal(err)
	}
	return len(acts)
}

// nixEnvGenerations is Nix's own view of the profile: "N (current)" lines.
func (w *world) nixEnvGenerations() string {
	w.t.Helper()
	out, err := exec.Command("nix-env", "-p", w.s.Profile, "--list-generations").CombinedOutput()
	if err != nil {
		w.t.Fatalf("nix-env --list-generations: %v\n%s", err, out)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(l)
		if len(f) >= 3 {
			line := f[0]
			if strings.Contains(l, "(current)") {
				line += " (current)"
			}
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, ", ")
}

// passWatcher is an Observer that collects finished passes.
type passWatcher struct {
	mu     sync.Mutex
	passes []state.Pass
	events int
	ch     chan state.Pass
}

func newPassWatcher() *passWatcher { return &passWatcher{ch: make(chan state.Pass, 256)} }

func (p *passWatcher) PhaseStarted(state.Phase) {}
func (p *passWatcher) PassFinished(ps state.Pass, _ state.State) {
	p.mu.Lock()
	p.passes = append(p.passes, ps)
	p.mu.Unlock()
	select {
	case p.ch <- ps:
	default:
	}
}
func (p *passWatcher) WatchEvent(string) {
	p.mu.Lock()
	p.events++
	p.mu.Unlock()
}

// next waits for the next finished pass.
func (p *passWatcher) next(t *testing.T, timeout time.Duration) state.Pass {
	t.Helper()
	select {
	case ps := <-p.ch:
		return ps
	case <-time.After(timeout):
		t.Fatalf("no pass finished within %s", timeout)
		return state.Pass{}
	}
}

func hasFile(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// gitFlakeWorld is a started world whose system is the playground's
// flake in a git repository of its own (the fleet's usual /etc/nixos),
// its one commit holding an empty fragment, with git run in it.
func gitFlakeWorld(t *testing.T) (w *world, flakeDir string, git func(args ...string)) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is not on PATH; .ci/setup installs it")
	}
	flakeDir = filepath.Join(t.TempDir(), "etc-nixos")
	w = prepareWorld(t, playground.Options{}, map[string]string{
		"fragment":   filepath.Join(flakeDir, "nix-humanity.nix"),
		"system":     flakeDir + "#box",
		"watchPaths": flakeDir,
	})
	if err := playground.WriteFlake(flakeDir, w.pg, "box"); err != nil {
		t.Fatal(err)
	}
	w.pg.Fragment = w.s.Fragment
	w.writeFragment(string(fragment.New().Render()))
	git = func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", flakeDir, "-c", "user.email=t@t", "-c", "user.name=t"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-qm", "fleet")
	w.start()
	return w, flakeDir, git
}
