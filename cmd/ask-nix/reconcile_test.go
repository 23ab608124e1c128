package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/generation"
	"github.com/nix-humanity/nix-humanity/reconciler/generation/generationtest"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// playgroundFiles writes a playground with no generation yet, in a
// home of its own (no user's backend.conf is read).
func playgroundFiles(t *testing.T) playground.Layout {
	t.Helper()
	nixruntest.RequireNix(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	pg, err := playground.Write(t.TempDir(), playground.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return pg
}

// playgroundEnv sets up a playground with its first generation and
// points ask-nix at it through NIX_HUMANITY_CONFIG.
func playgroundEnv(t *testing.T) playground.Layout {
	t.Helper()
	pg := playgroundFiles(t)
	t.Setenv("NIX_HUMANITY_CONFIG", pg.Config)
	s, err := reconciler.PlaygroundSettings(pg, settings.Loader{})
	if err != nil {
		t.Fatal(err)
	}
	r := &reconciler.Reconciler{Settings: s, Runner: nixrun.Exec{}, Hostname: "playground"}
	if err := r.StartPlayground(context.Background(), pg); err != nil {
		t.Fatal(err)
	}
	return pg
}

type result struct {
	code           int
	stdout, stderr string
}

func askNix(args ...string) result {
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, strings.NewReader(""), &out, &errb)
	return result{code, out.String(), errb.String()}
}

func (r result) must(t *testing.T, code int, stdoutHas ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
	for _, want := range stdoutHas {
		if !strings.Contains(r.stdout, want) {
			t.Fatalf("stdout lacks %q:\n%s\nstderr:\n%s", want, r.stdout, r.stderr)
		}
	}
}

// editAndApply makes the edit request asks for (-y: nothing asked) and
// applies it, which must make generation the live one.
func editAndApply(t *testing.T, request string, generation int) {
	t.Helper()
	askNix("-y", request).must(t, 0, "Wrote ")
	askNix("apply").must(t, 0, fmt.Sprintf("Generation %d is live", generation))
}

func writeFragment(t *testing.T, pg playground.Layout, pkgs string) {
	t.Helper()
	src := "{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [ " + pkgs + " ];\n}\n"
	if err := atomicfile.Write(pg.Fragment, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeAndApply writes the fragment with pkgs (writeFragment: as a hand
// edit) and applies it, which must make generation the live one.
func writeAndApply(t *testing.T, pg playground.Layout, pkgs string, generation int) {
	t.Helper()
	writeFragment(t, pg, pkgs)
	askNix("apply").must(t, 0, fmt.Sprintf("Generation %d is live", generation))
}

func TestApplyStatusRollback(t *testing.T) {
	pg := playgroundEnv(t)

	askNix("status").must(t, 0, "reconciler: not running · generation 1 (current, booted) · last: success")
	// What was compared, and how to evaluate all the same: a hand edit
	// elsewhere is not seen.
	askNix("apply").must(t, 0, "Nothing to do: inputs unchanged; generation 1 is current.\nNothing was evaluated: the fragment and the watched files ("+pg.SystemDir+") are as the last successful pass built them. A change elsewhere in the configuration is not seen: ask-nix apply --force evaluates it all, as nixos-rebuild does.\n")

	// A dry run says what the pass would do with its action, and
	// what --force does.
	askNix("apply", "--dry-run", "--force").must(t, 0, "The inputs are unchanged since the last successful pass, but with --force apply would evaluate them and, if the system differs, build and activate it.\n")
	askNix("apply", "--dry-run", "--action", "build").must(t, 0, "The inputs are unchanged since the last successful pass; a one-off build would still evaluate them and, if needed, build it, activating nothing (a preview: the packages switching to it would change are listed).\n")
	writeFragment(t, pg, "hello htop")
	askNix("apply", "--dry-run").must(t, 0, "The inputs changed since the last successful pass: apply would evaluate and, if the system differs, build and activate it.\n")
	askNix("apply", "--dry-run", "--action", "build").must(t, 0, "The inputs changed since the last successful pass: apply would evaluate and, if the system differs, build it, activating nothing")
	askNix("apply", "--dry-run", "--action", "boot").must(t, 0, "build it and make it a generation and the boot default, activating nothing now.\n")
	r := askNix("apply")
	// Then the packages the pass added, read from the store.
	r.must(t, 0, "Generation 2 is live (eval ", "\n  + hello  2.12.1\n  + htop   3.3.0\n")
	for _, want := range []string{"evaluating the system…", "building…", "built ", "activating…"} {
		if !strings.Contains(r.stderr, want) {
			t.Fatalf("progress lacks %q:\n%s", want, r.stderr)
		}
	}
	askNix("status").must(t, 0, "generation 2 (current, booted 1) · last: success", " · packages: +hello 2.12.1, +htop 3.3.0")
	// What is installed: the fragment's, then all the running system has.
	askNix("list installed").must(t, 0, "2 packages in ", "\n  hello\n  htop\n", "The running system (", "has 3 packages in all", "\n  hello 2.12.1, htop 3.3.0, nixos-version-standin\n")
	// One package asked about: the fragment, the running system, or neither.
	askNix("is hello installed?").must(t, 0, "hello: installed by "+pg.Fragment+"; the running system has hello 2.12.1.\n")
	askNix("do I have cowsay").must(t, 0, "cowsay: not installed: neither "+pg.Fragment+" nor the running system has it (`ask-nix install cowsay` adds it).\n")
	// With a package index, a name it lacks is no package, with what
	// "install" would suggest, rather than a command it would refuse;
	// one it has is still for "install".
	askNix("is cowsy installed?").must(t, 0, "cowsy: not installed: neither ")
	askNix("index", "update").must(t, 0)
	askNix("is cowsy installed?").must(t, 0, "cowsy: no package of that name (did you mean cowsay?).\n")
	askNix("do I have cowsay").must(t, 0, "(`ask-nix install cowsay` adds it).\n")
	askNix("which version of nixos-version-standin do I have").must(t, 0, "nixos-version-standin: not in "+pg.Fragment+", but the running system has nixos-version-standin, from the rest of your configuration or NixOS itself.\n")

	r = askNix("status", "--json")
	r.must(t, 0)
	var rep reconciler.StatusReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("status --json: %v\n%s", err, r.stdout)
	}
	if rep.CurrentGeneration != 2 || rep.BootedGeneration != 1 || rep.RunningGeneration != 2 || rep.LastPass == nil || rep.LastPass.Durations["build"] <= 0 || rep.AppliedHash == "" {
		t.Fatalf("status --json: %+v", rep)
	}

	askNix("rollback", "--dry-run").must(t, 0, "Would switch from generation 2 to generation 1", "\nPackages it changes against generation 2, which runs now:\n  - hello  2.12.1\n  - htop   3.3.0\n")
	askNix("rollback", "--dry-run", "--action", "boot").must(t, 0, "\nPackages it changes against generation 2, the boot default now:\n  - hello  2.12.1\n")
	askNix("rollback", "--dry-run", "--json").must(t, 0, `{"from":2,"packages":{"added":[],"changed":[],"removed":[{"name":"hello","version":"2.12.1"},{"name":"htop","version":"3.3.0"}]},"storePath":"`)
	askNix("--dry-run", "undo the rollback").must(t, 0, "Generation 2 is already current: nothing to switch to")
	askNix("rollback").must(t, 0, "Switched from generation 2 to generation 1", "\n  - hello  2.12.1\n  - htop   3.3.0\n", "the reconciler leaves this generation alone")
	askNix("status").must(t, 0, "generation 1 (current, booted) · held: generation 1 was switched to on request, and stays until the fragment changes", "switched from generation 2 to 1 on request")
	// The dry run says the hold, as the run would.
	askNix("apply", "--dry-run").must(t, 0, "Generation 1 was switched to on request and the inputs are unchanged since: apply would stop without running Nix, and generation 1 stays (ask-nix apply --force builds the fragment's configuration).\n")
	askNix("apply", "--dry-run", "--force").must(t, 0, ", which ends that rollback.\n")
	askNix("apply").must(t, 0, "Nothing to do: generation 1 was switched to on request")
	askNix("rollback", "--to", "2").must(t, 0, "Switched from generation 1 to generation 2")
	// Back to what the fragment builds: no hold any more.
	if r := askNix("status"); strings.Contains(r.stdout, "held:") {
		t.Fatalf("held after going back to the fragment's generation:\n%s", r.stdout)
	}
	askNix("rollback", "--to", "9").must(t, 2) // refused: no such generation
	askNix("rollback", "--to", "0").must(t, 2) // not understood
	if r := askNix("rollback", "--to", "x"); r.code != 2 || !strings.Contains(r.stderr, "nothing was changed (--help shows the usage)") {
		t.Fatalf("rollback --to x: exit %d\n%s", r.code, r.stderr)
	}

	// "go back to generation 1" arrives as a switch-generation intent.
	g := &globals{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, lookupEnv: os.LookupEnv, runner: nixrun.Exec{}}
	if err := runRollbackIntent(context.Background(), g, intent.Intent{Kind: intent.SwitchGeneration, Generation: 1}); err != nil {
		t.Fatal(err)
	}
	askNix("status").must(t, 0, "generation 1 (current, booted)")

	// With action boot the generation becomes the boot default only, and
	// ask-nix says so rather than claim it runs.
	askNix("rollback", "--to", "2", "--action", "boot").must(t, 0, "Made generation 2 the boot default (was generation 1): it runs from the next boot on; until then generation 1 keeps running, unchanged.\nGeneration 2 against generation 1, which runs now:\n  + hello")
	// Said in words, the same for one request, whatever the action set.
	// Generation 2 is current but generation 1 runs: switching to it
	// activates it, says so, and what it changed for what runs.
	askNix("--dry-run", "go back to generation 2").must(t, 0, "Generation 2 is current but not running: a run would activate it (switch).")
	askNix("go back to generation 2").must(t, 0, "Activated generation 2, which was current but not running (generation 1 ran); it is running and the boot default.\n  + hello  2.12.1\n")
	askNix("status").must(t, 0, "(activate ", "activated generation 2 on request: it was current but not running (generation 1 ran)) · packages: +hello 2.12.1")
	askNix("go back to generation 2").must(t, 0, "Generation 2 is already current and running; nothing changed.")
	askNix("-y", "reboot into generation 1").must(t, 0, "Made generation 1 the boot default (was generation 2): it runs from the next boot on; until then generation 2 keeps running, unchanged.\nGeneration 1 against generation 2, which runs now:\n  - hello")
	askNix("status").must(t, 0, "generation 1 (running 2, booted)")
	// Generation 2 runs: going back to it moves the profile and the boot
	// default, nothing that runs (no package lines).
	r = askNix("go back to generation 2")
	r.must(t, 0, "Generation 2 was running already; it is now the current generation and the boot default too (was generation 1).\n")
	if strings.Contains(r.stdout, "hello") {
		t.Fatalf("package changes for a switch to what runs:\n%s", r.stdout)
	}
	askNix("status").must(t, 0, "generation 2 (current, booted 1) · last: success ", "made generation 2, which ran already, current and the boot default on request (was generation 1))")

	// "go back two generations" counts the generations there are.
	r = askNix("go back two generations")
	r.must(t, 2)
	if !strings.Contains(r.stderr, "there is only 1 generation before 2 in ") || !strings.Contains(r.stderr, "nothing was changed") {
		t.Fatalf("two back from 2 of 2:\n%s", r.stderr)
	}
	writeAndApply(t, pg, "hello", 3)
	askNix("go back two generations").must(t, 0, "Switched from generation 3 to generation 1")
	// And the way back: forward one, then to the latest.
	askNix("roll forward").must(t, 0, "Switched from generation 1 to generation 2")
	askNix("undo the rollback").must(t, 0, "Switched from generation 2 to generation 3")
	r = askNix("roll forward")
	r.must(t, 2)
	if !strings.Contains(r.stderr, "there is no generation after 3 in ") || !strings.Contains(r.stderr, "nothing was changed") {
		t.Fatalf("forward from the newest:\n%s", r.stderr)
	}
}

// TestEditThenApply: "install hello and rebuild" writes the edit, then
// runs the pass in the foreground, as ask-nix apply does.
func TestEditThenApply(t *testing.T) {
	pg := playgroundEnv(t)
	askNix("-y", "install hello and rebuild").must(t, 0, "Wrote "+pg.Fragment+" (edit 1)", "Generation 2 is live", "\n  + hello  2.12.1\n")
	askNix("status").must(t, 0, "generation 2 (current, booted 1) · last: success")

	// A dry run writes and builds nothing; --json would be two results.
	before, err := os.ReadFile(pg.Fragment)
	if err != nil {
		t.Fatal(err)
	}
	askNix("-n", "install htop and rebuild").must(t, 0, "Dry run: nothing was written.")
	r := askNix("--json", "-y", "install htop and rebuild")
	r.must(t, 2)
	if !strings.Contains(r.stdout, `{"error":{"code":"not-understood","reason":"with --json, ask for the edit alone and then run \"ask-nix apply --json\": `) || !strings.Contains(r.stdout, "nothing was changed") {
		t.Fatalf("--json with a pass after the edit:\n%s", r.stdout)
	}
	if after, _ := os.ReadFile(pg.Fragment); !bytes.Equal(before, after) {
		t.Fatal("the fragment changed")
	}
	askNix("status").must(t, 0, "generation 2 (current")

	// With nix-humanityd running (its lock held here), a plain edit says
	// the daemon will build it. (Following its pass: TestEditFollowsDaemon.)
	l, err := reconciler.LockDaemon(mustSettings(t, pg))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	askNix("-y", "install cowsay").must(t, 0, "(edit 2). The reconciler will build and switch to it.\n")
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	// Without one it says nothing is built yet, and how to build it.
	askNix("-y", "remove cowsay").must(t, 0, "(edit 3). No nix-humanityd is running, so nothing is built yet: run ask-nix apply to build and switch to it.\n")
	askNix("status").must(t, 0, "reconciler: not running · generation 2 (current")
	// --wait builds it at once, as "and rebuild" does: no "nothing is
	// built yet: run ask-nix apply" before the pass that builds it.
	r = askNix("-y", "--wait", "install cowsay")
	r.must(t, 0, "Wrote "+pg.Fragment+" (edit 4). No nix-humanityd is running, so ask-nix builds it now, as ask-nix apply does.\n", "Generation 3 is live")
	if strings.Contains(r.stdout, "nothing is built yet") {
		t.Fatalf("--wait says nothing is built, then builds it:\n%s", r.stdout)
	}
}

// TestEditFollowsDaemon: "install htop and rebuild" and --wait, with a
// nix-humanityd running (its loop, run here on real Nix), follow its pass
// and say how it went, as apply does: the generation and the packages, or
// the pass's error with exit 1. Without a daemon, --wait runs the pass.
func TestEditFollowsDaemon(t *testing.T) {
	pg := playgroundEnv(t)
	s := mustSettings(t, pg)
	// No index here: a name nixpkgs lacks reaches the build and fails it.
	askNix("-y", "--wait", "install hello").must(t, 0, "(edit 1). No nix-humanityd is running", "Generation 2 is live", "\n  + hello  2.12.1\n")

	l, err := reconciler.LockDaemon(s)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- (&reconciler.Loop{R: &reconciler.Reconciler{Settings: s, Runner: nixrun.Exec{}}}).Run(ctx)
	}()
	stop := func() {
		if cancel != nil {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("the loop: %v", err)
			}
			cancel = nil
			_ = l.Unlock()
		}
	}
	defer stop()

	r := askNix("-y", "install htop and rebuild")
	r.must(t, 0, "(edit 2).\n", "Generation 3 is live", "\n  + htop  3.3.0\n")
	if !strings.Contains(r.stderr, "waiting for nix-humanityd to build and activate it") {
		t.Fatalf("no word of the wait:\n%s", r.stderr)
	}
	askNix("-y", "--wait", "install cowsay").must(t, 0, "(edit 3). The reconciler will build and switch to it.\n", "Generation 4 is live", "\n  + cowsay  3.8.3\n")
	// Nothing written, nothing to build: said, no wait.
	askNix("-y", "install cowsay and rebuild").must(t, 0, "Nothing to do: cowsay is already installed", "Nothing to build: the system already has these inputs (generation 4 is current).")
	// A failing pass: its error, exit 1; the daemon rolled nothing out.
	r = askNix("-y", "--wait", "install nosuchpackage-w")
	r.must(t, 1, "(edit 4)")
	if !strings.Contains(r.stderr, "nix-humanityd's pass ") || !strings.Contains(r.stderr, "failed: ") || !strings.Contains(r.stderr, "ask-nix undo") {
		t.Fatalf("a failed pass followed:\n%s", r.stderr)
	}
	askNix("status").must(t, 0, "generation 4 (current")
	// Undone to what is built: nothing to wait for.
	// The daemon's no-op over it ends the failure's word: waited for,
	// so status right after does not still say the last pass failed.
	askNix("-y", "--wait", "undo").must(t, 0, "(edit 5)", "generation 4 is current.")
	if st := askNix("status"); strings.Contains(st.stdout, "last: failure") {
		t.Fatalf("status right after --wait undo still says the failure:\n%s", st.stdout)
	}
	// --json would be two results: refused, nothing written.
	askNix("--json", "-y", "--wait", "install hello").must(t, 2, `"code":"not-understood"`)
	askNix("--json", "-y", "--wait", "undo").must(t, 2, `"code":"not-understood"`)
	stop()
	askNix("history").must(t, 0, "   5  ")
	if strings.Contains(askNix("history").stdout, "   6  ") {
		t.Fatal("a refused --json --wait request was written")
	}
}

func mustSettings(t *testing.T, pg playground.Layout) *settings.Settings {
	t.Helper()
	s, err := reconciler.PlaygroundSettings(pg, settings.Loader{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestApplyFailureShowsNixError(t *testing.T) {
	pg := playgroundEnv(t)
	writeFragment(t, pg, "hello nosuchpackage")
	r := askNix("apply")
	r.must(t, 1)
	for _, want := range []string{"undefined variable 'nosuchpackage'", pg.Fragment + ":3:", "generation 1 stays current"} {
		if !strings.Contains(r.stderr, want) {
			t.Fatalf("apply's error lacks %q:\n%s", want, r.stderr)
		}
	}
	askNix("status").must(t, 0, "last: failure", "undefined variable 'nosuchpackage'")

	r = askNix("apply", "--json")
	r.must(t, 1)
	var body struct {
		Error struct{ Code, Reason string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &body); err != nil || body.Error.Code != "failed" || !strings.Contains(body.Error.Reason, "nosuchpackage") {
		t.Fatalf("apply --json: %v %s", err, r.stdout)
	}
}

func TestApplyWhilePassRunsNamesHolder(t *testing.T) {
	pg := playgroundEnv(t)
	l, err := flock.TryLock(reconciler.LockPath(pg.StateDir), "nix-humanityd pass (watch)")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	writeFragment(t, pg, "hello")
	r := askNix("apply")
	r.must(t, 1)
	if !strings.Contains(r.stderr, "another pass is running (pid ") || !strings.Contains(r.stderr, "nix-humanityd pass (watch)") || !strings.Contains(r.stderr, "nothing was changed") {
		t.Fatalf("apply while locked:\n%s", r.stderr)
	}
	askNix("rollback").must(t, 1)
}

func TestProgressBar(t *testing.T) {
	tests := []struct {
		p     nixrun.Progress
		width int
		want  string
	}{
		{nixrun.Progress{}, 80, "[....................] 0/0"},
		{nixrun.Progress{Done: 3, Expected: 7, Building: []string{"hello-2.12.1"}}, 80, "[########............] 3/7 building hello-2.12.1"},
		{nixrun.Progress{Done: 7, Expected: 7}, 80, "[####################] 7/7"},
		{nixrun.Progress{Done: 1, Expected: 4, Failed: 1, Building: []string{"a", "b"}}, 80, "[#####...............] 1/4 (1 failed) building a, b"},
		{nixrun.Progress{Done: 0, Expected: 2, Building: []string{"linux-6.12.9-with-a-very-long-name"}}, 40, "[....................] 0/2 building li…"},
	}
	for _, tt := range tests {
		if got := bar(tt.p, tt.width); got != tt.want {
			t.Errorf("bar(%+v, %d) = %q, want %q", tt.p, tt.width, got, tt.want)
		}
	}
}

// TestApplyOneOffAction: nixos-rebuild's other actions for one pass,
// said as a flag or in words, each reported as what it did; the next
// pass with the configured action is no no-op.
func TestApplyOneOffAction(t *testing.T) {
	pg := playgroundEnv(t)
	writeFragment(t, pg, "hello")
	askNix("apply", "--action", "build").must(t, 0, ": built /nix/store/", ", not activated (action build).\nSwitching to it would change, against generation 1, which runs now:\n  + hello  2.12.1\n")
	askNix("status").must(t, 0, "generation 1 (current, booted) · pending: the system is built by apply --action build, not activated; the switch the settings ask for is still to do; no nix-humanityd runs: ask-nix apply switches to it")
	askNix("apply", "--action", "test").must(t, 0, "is live until the next reboot (action test: no new generation, the boot default is unchanged).\nAgainst generation 1, which ran before, the system now live has:\n  + hello  2.12.1\n")
	askNix("status").must(t, 0, "generation 1 (running a system outside the profile, booted)")
	// A preview after the test pass still shows what switching would do,
	// not "already current" because the test pass built the same.
	// What runs is the test's system: switching to it changes no package.
	askNix("apply", "--action", "build").must(t, 0, ", not activated (action build).\nIt is what runs now: switching to it changes no package, and makes it a generation and the boot default.\n")
	// A test with other packages: said against what ran (the first
	// test's system, hello), not generation 1 (nothing).
	writeFragment(t, pg, "hello htop")
	askNix("apply", "--action", "test").must(t, 0, "\nAgainst a system outside the profile, which ran before, the system now live has:\n  + htop  3.3.0\n")
	writeFragment(t, pg, "hello")
	askNix("apply", "--action", "test").must(t, 0, "\nAgainst a system outside the profile, which ran before, the system now live has:\n  - htop  3.3.0\n")
	askNix("apply").must(t, 0, "Generation 2 is live (eval ")

	writeFragment(t, pg, "hello htop")
	r := askNix("apply", "--action", "boot")
	r.must(t, 0, "Generation 3 is the boot default (eval ", "; the running system stays as it is until you reboot.\nFrom the next boot on, against generation 2, which runs now:\n  + htop  3.3.0\n")
	askNix("status").must(t, 0, "generation 3 (running 2, booted 1)")
	// In words: the running system catches up, without a new generation.
	// It is generation 3's system: named.
	askNix("test the new configuration").must(t, 0, ", the system of generation 3, is live until the next reboot (action test")
	askNix("status").must(t, 0, "generation 3 (current, booted 1) · last: success ", ", action test)")

	// An action apply does not know is a command line not understood.
	r = askNix("apply", "--action", "reboot", "--json")
	r.must(t, 2)
	if !strings.Contains(r.stdout, `{"error":{"code":"not-understood","reason":"unknown action \"reboot\": say switch, boot, test or build; nothing was changed (--help shows the usage)"}}`) {
		t.Fatalf("apply --action reboot --json:\n%s", r.stdout)
	}
	if r := askNix("explain", "--json", "nixos-rebuild build"); !strings.Contains(r.stdout, `{"intent":"apply","action":"build"}`) {
		t.Fatalf("explain nixos-rebuild build: %s", r.stdout)
	}

	// A running daemon keeps its own action: a one-off would not last.
	l, err := reconciler.LockDaemon(mustSettings(t, pg))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	writeFragment(t, pg, "hello")
	r = askNix("apply", "--action", "test")
	r.must(t, 2) // refused
	if !strings.Contains(r.stderr, "nix-humanityd runs this machine with action switch") || !strings.Contains(r.stderr, "nothing was changed") {
		t.Fatalf("one-off action with the daemon running:\n%s", r.stderr)
	}
	askNix("status").must(t, 0, "generation 3 (current, booted 1)")
	// A build changes nothing the daemon keeps: a preview may run.
	askNix("what would change if I rebuild").must(t, 0, ", not activated (action build).\nSwitching to it would change, against generation 3, which runs now:\n  - htop  3.3.0\n")
	askNix("status").must(t, 0, "generation 3 (current, booted 1)")
}

// TestRollbackToATime: "roll back to yesterday" goes to the newest
// generation made before today began, "2 days ago" counts back from now,
// and a time before every generation changes nothing.
func TestRollbackToATime(t *testing.T) {
	pg := playgroundEnv(t)
	writeAndApply(t, pg, "hello", 2)
	writeAndApply(t, pg, "hello htop", 3)
	s := mustSettings(t, pg)
	now := time.Now()
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.Local)
	for n, when := range map[int]time.Time{1: now.Add(-72 * time.Hour), 2: today.Add(-2 * time.Hour)} {
		if err := generationtest.SetLinkTime(generation.LinkPath(s.Profile, n), when); err != nil {
			t.Fatal(err)
		}
	}
	askNix("explain", "roll back to yesterday").must(t, 0, "to the newest generation made before: today began")
	askNix("roll back to yesterday").must(t, 0, "Generation 2 ("+today.Add(-2*time.Hour).Format(generation.DateLayout)+") is the newest made before today began.\n", "Switched from generation 3 to generation 2")
	askNix("go back to how it was 2 days ago").must(t, 0, "Generation 1 (", ") is the newest made before 2d ago.\n", "Switched from generation 2 to generation 1")
	askNix("rollback", "--before", "2d").must(t, 0, "Generation 1 (", "), the current one, is the newest made before 2d ago: nothing to go back to; nothing was changed.\n")
	// Under --json stdout is one JSON document: the line that names the
	// generation goes to stderr, and nothing to go back to is a no-op
	// result, as a rollback to the current generation prints.
	r := askNix("rollback", "--before", "2d", "--json")
	r.must(t, 0)
	if p := oneJSONPass(t, r); p.Result != state.ResultNoop || p.Generation != 1 || !strings.Contains(p.Reason, "the current one, is the newest made before 2d ago: nothing to go back to") {
		t.Fatalf("rollback --before 2d --json at generation 1: %+v", p)
	}
	askNix("-y", "rollback", "--to", "3").must(t, 0, "Switched from generation 1 to generation 3")
	r = askNix("rollback", "--before", "2d", "--json")
	r.must(t, 0)
	if p := oneJSONPass(t, r); p.Result != state.ResultSuccess || p.Generation != 1 || !strings.Contains(r.stderr, ") is the newest made before 2d ago.\n") {
		t.Fatalf("rollback --before 2d --json at generation 3: %+v\nstderr:\n%s", p, r.stderr)
	}
	r = askNix("roll back 5 days")
	r.must(t, 2) // refused: no generation that old
	if !strings.Contains(r.stderr, "no generation was made before 5d ago (") || !strings.Contains(r.stderr, "the oldest, generation 1, is from ") || !strings.Contains(r.stderr, "nothing was changed") {
		t.Fatalf("roll back 5 days:\n%s", r.stderr)
	}
	askNix("rollback", "--before", "yesterday").must(t, 2)
	askNix("rollback", "--before", "today", "--to", "2").must(t, 2)
	askNix("status").must(t, 0, "generation 1 (current")
	// Rolled back further than then: what ran then is newer than what
	// runs now, and the switch to it is said to go forward.
	askNix("roll back to yesterday").must(t, 0, "Generation 2 ("+today.Add(-2*time.Hour).Format(generation.DateLayout)+") is the newest made before today began: newer than generation 1, the current one (a rollback since went further back), so this goes forward to it.\n", "Switched from generation 1 to generation 2")
	askNix("status").must(t, 0, "generation 2 (current")
}

// oneJSONPass decodes r's stdout, which must be exactly one JSON
// document: a pass.
func oneJSONPass(t *testing.T, r result) state.Pass {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	var p state.Pass
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, r.stdout)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("stdout has more than one JSON document:\n%s", r.stdout)
	}
	return p
}

// Without Nix on PATH a pass says so, not that the configuration is wrong.
func TestApplyWithoutNix(t *testing.T) {
	pg := playgroundEnv(t)
	writeAndApply(t, pg, "hello", 2)
	t.Setenv("PATH", t.TempDir())
	r := askNix("apply", "--force")
	r.must(t, 1)
	if !strings.Contains(r.stderr, "nix-instantiate is not on PATH") || !strings.Contains(r.stderr, "nothing was built or activated; generation 2 stays current") || strings.Contains(r.stderr, "Fix the configuration") {
		t.Fatalf("apply without Nix:\n%s", r.stderr)
	}
	r = askNix("rollback", "--to", "1")
	r.must(t, 1)
	if !strings.Contains(r.stderr, "nix-env is not on PATH") || !strings.Contains(r.stderr, "nothing was changed") {
		t.Fatalf("rollback without Nix:\n%s", r.stderr)
	}
}

// Over SSH, a rollback to a generation without the SSH server is warned
// of before it is carried out, as "disable ssh" is: the stand-in system
// has sshd.service where NixOS has it.
func TestRollbackWarnsOfSSHOver(t *testing.T) {
	playgroundEnv(t)
	editAndApply(t, "enable ssh", 2)

	t.Setenv("SSH_CONNECTION", "10.0.0.2 5555 10.0.0.1 22")
	const warning = "warning: you are logged in over SSH, and generation 1 has no SSH server"
	r := askNix("rollback", "--dry-run")
	r.must(t, 0, "Would switch from generation 2 to generation 1")
	if !strings.Contains(r.stderr, warning) {
		t.Fatalf("rollback --dry-run over SSH:\n%s", r.stderr)
	}
	r = askNix("-y", "rollback")
	r.must(t, 0, "Switched from generation 2 to generation 1")
	if !strings.Contains(r.stderr, warning) {
		t.Fatalf("rollback over SSH:\n%s", r.stderr)
	}
	// Forward again: generation 2 has the server, nothing to warn of.
	r = askNix("-y", "rollback", "--to", "2")
	r.must(t, 0, "Switched from generation 1 to generation 2")
	if strings.Contains(r.stderr, "warning:") {
		t.Fatalf("rollback --to 2 over SSH warned:\n%s", r.stderr)
	}
	// Not over SSH: no warning.
	os.Unsetenv("SSH_CONNECTION")
	if r = askNix("-y", "rollback"); strings.Contains(r.stderr, "warning:") {
		t.Fatalf("rollback not over SSH warned:\n%s", r.stderr)
	}
}

// daemonPass runs one pass as nix-humanityd would (its configured action,
// a resync).
func daemonPass(t *testing.T, pg playground.Layout) state.Pass {
	t.Helper()
	r := &reconciler.Reconciler{Settings: mustSettings(t, pg), Runner: nixrun.Exec{}, Hostname: "playground", Daemon: true}
	p, err := r.Pass(context.Background(), reconciler.PassOptions{Trigger: reconciler.TriggerResync})
	if err != nil {
		t.Fatalf("daemon pass: %v", err)
	}
	return p
}

// A one-off build beside the daemon is a preview: a rollback the daemon
// holds stays held, and the daemon's next pass finds nothing to do.
func TestBuildPreviewKeepsRollbackHeld(t *testing.T) {
	pg := playgroundEnv(t)
	writeAndApply(t, pg, "hello", 2)
	askNix("-y", "rollback").must(t, 0, "Switched from generation 2 to generation 1")
	l, err := reconciler.LockDaemon(mustSettings(t, pg))
	if err != nil {
		t.Fatal(err)
	}
	askNix("apply", "--action", "build").must(t, 0)
	l.Unlock()
	if p := daemonPass(t, pg); p.Result != state.ResultNoop || !strings.Contains(p.Reason, "switched to on request") {
		t.Fatalf("the daemon's pass after a preview build: %s (%s), generation %d", p.Result, p.Reason, p.Generation)
	}
	askNix("status").must(t, 0, "generation 1 (current")
}

// "Go back to generation N" when N is already current and running does
// nothing, so an edit not yet built stays to be built.
func TestNoopSwitchKeepsPendingEdit(t *testing.T) {
	pg := playgroundEnv(t)
	writeAndApply(t, pg, "hello", 2)
	writeFragment(t, pg, "hello htop")
	askNix("-y", "go back to generation 2").must(t, 0, "Generation 2 is already current")
	askNix("apply").must(t, 0, "Generation 3 is live", "+ htop")
}

// gc keeps the generation that runs, though after a boot-only rollback
// it is neither current nor booted nor among the newest.
func TestGCKeepsRunning(t *testing.T) {
	pg := playgroundEnv(t)
	for i, pkgs := range []string{"hello", "hello htop", "htop"} {
		writeFragment(t, pg, pkgs)
		askNix("apply").must(t, 0, fmt.Sprintf("Generation %d is live", i+2))
	}
	askNix("-y", "rollback", "--to", "3").must(t, 0, "Switched from generation 4 to generation 3")
	askNix("-y", "reboot into the previous generation").must(t, 0, "Made generation 2 the boot default (was generation 3): it runs from the next boot on; until then generation 3 keeps running")
	if r := askNix("--json", "gc", "--keep", "1", "--dry-run"); !strings.Contains(r.stdout, `"delete":[]`) || !strings.Contains(r.stdout, `{"generation":3,"date":`) || !strings.Contains(r.stdout, `"reason":"running"`) {
		t.Fatalf("gc --keep 1 would delete some of 1 (booted), 2 (current), 3 (running), 4 (newest):\n%s", r.stdout)
	}
}

// In the staging environment activations are test only: a one-off boot
// and a reboot into another generation are refused (exit 2, nothing
// changed), with the code staging under --json.
func TestStagingRefusesBoot(t *testing.T) {
	pg := playgroundEnv(t)
	writeAndApply(t, pg, "hello", 2)
	t.Setenv("NIX_HUMANITY_ENV", "staging")
	const reason = `{"error":{"code":"rejected","reason":"this machine is in the staging environment, where activations are test only and never change the boot default; nothing was changed"}}`
	for _, args := range [][]string{
		{"apply", "--action", "boot", "--json"},
		{"--json", "-y", "reboot into the previous generation"},
	} {
		r := askNix(args...)
		r.must(t, 2)
		if strings.TrimSpace(r.stdout) != reason {
			t.Fatalf("%q in staging:\n%s", args, r.stdout)
		}
	}
	r := askNix("apply", "--action", "boot")
	r.must(t, 2)
	if !strings.Contains(r.stderr, "ask-nix: refused: this machine is in the staging environment") {
		t.Fatalf("apply --action boot in staging:\n%s", r.stderr)
	}
	askNix("status").must(t, 0, "generation 2 (current, booted 1)")
}

// rollback --action boot is this switch only, like "reboot into the
// previous generation": the daemon's passes (action switch) hold it.
func TestRollbackActionBootHeld(t *testing.T) {
	pg := playgroundEnv(t)
	writeAndApply(t, pg, "hello", 2)
	askNix("-y", "rollback", "--action", "boot").must(t, 0, "Made generation 1 the boot default (was generation 2): it runs from the next boot on; until then generation 2 keeps running, unchanged.")
	if p := daemonPass(t, pg); p.Result != state.ResultNoop || !strings.Contains(p.Reason, "switched to on request") {
		t.Fatalf("the daemon's pass after rollback --action boot: %s (%s), generation %d", p.Result, p.Reason, p.Generation)
	}
	askNix("status").must(t, 0, "generation 1 (running 2, booted)")
	// The generations say which one runs, as status does.
	if r := askNix("generations"); !strings.Contains(r.stdout, "   * booted\n") || !strings.Contains(r.stdout, "   running\n") {
		t.Fatalf("generations after rollback --action boot:\n%s", r.stdout)
	}
	askNix("rollback", "--action", "build").must(t, 2)
}

// A failure that came before an edit is not blamed on it: the edit is not
// marked failed, status says since when it fails, and undo is not offered
// as the fix.
func TestFailureBeforeAnEditIsNotBlamedOnIt(t *testing.T) {
	pg := playgroundEnv(t)
	editAndApply(t, "install hello", 2)
	_, putBack := breakSystem(t, pg)
	r := askNix("apply")
	r.must(t, 1)
	if !strings.Contains(r.stderr, "the fragment is as edit 1 left it, which built before, so the cause is elsewhere and ask-nix undo would not help") {
		t.Fatalf("apply with a broken system file:\n%s", r.stderr)
	}
	askNix("-y", "install htop").must(t, 0, "Wrote ")
	r = askNix("apply")
	r.must(t, 1)
	if strings.Contains(r.stderr, "ask-nix undo the last edit") || !strings.Contains(r.stderr, "it failed the same way before the last change, so ask-nix undo would not help") {
		t.Fatalf("apply after the edit:\n%s", r.stderr)
	}
	askNix("status").must(t, 0, "not from edit 2")
	if h := askNix("history"); strings.Contains(h.stdout, "failed") {
		t.Fatalf("the edit was blamed:\n%s", h.stdout)
	}
	// Fixed, and then an edit that does break it is blamed as before.
	putBack()
	askNix("apply").must(t, 0, "Generation 3 is live")
	askNix("-y", "install nosuchpackage-x").must(t, 0, "Wrote ")
	r = askNix("apply")
	r.must(t, 1)
	if !strings.Contains(r.stderr, "ask-nix undo") {
		t.Fatalf("a failing edit:\n%s", r.stderr)
	}
	askNix("history").must(t, 0, "failed")
}

// An edit written but not built is pending in status (and in /status's
// queue), never shown as done: desiredHash is the inputs as they are.
func TestStatusShowsAnUnbuiltEdit(t *testing.T) {
	playgroundEnv(t)
	askNix("status").must(t, 0, "generation 1 (current, booted) · last: success")
	askNix("do I need to reboot?").must(t, 0, "No reboot needed: the running kernel, initrd and kernel modules are the current generation's.\nreconciler: ")
	askNix("-y", "install hello").must(t, 0, "Wrote ")
	askNix("status").must(t, 0, " · pending: edit 1 (add 1 package: hello) is not built yet; no nix-humanityd runs: ask-nix apply builds it · last: success")
	// history's "applied" is written, not built: it says what waits.
	askNix("history").must(t, 0, "\nPending: edit 1 (add 1 package: hello) is not built yet; no nix-humanityd runs: ask-nix apply builds it.\n")
	var rep reconciler.StatusReport
	if err := json.Unmarshal([]byte(askNix("status", "--json").stdout), &rep); err != nil || rep.DesiredHash == rep.AppliedHash || len(rep.Queue) != 1 {
		t.Fatalf("status --json: desired %s, applied %s, queue %q (%v)", rep.DesiredHash, rep.AppliedHash, rep.Queue, err)
	}
	askNix("apply").must(t, 0, "Generation 2 is live")
	if r := askNix("status"); strings.Contains(r.stdout, "pending") {
		t.Fatalf("pending after the build:\n%s", r.stdout)
	}
	if r := askNix("history"); strings.Contains(r.stdout, "Pending") {
		t.Fatalf("history says pending after the build:\n%s", r.stdout)
	}
	// Two unbuilt: both named. A preview build does not make them done.
	askNix("-y", "install htop").must(t, 0, "Wrote ")
	askNix("-y", "install cowsay").must(t, 0, "Wrote ")
	askNix("status").must(t, 0, " · pending: edits 2 to 3 are not built yet (the last: add 1 package: cowsay)")
	askNix("apply", "--action", "build").must(t, 0)
	askNix("status").must(t, 0, " · pending: the system is built by apply --action build, not activated; the switch the settings ask for is still to do; no nix-humanityd runs: ask-nix apply switches to it")
	askNix("apply").must(t, 0, "Generation 3 is live")
	// Inputs the last pass failed on wait for nothing: the failure says why.
	askNix("-y", "install nosuchpackage-x").must(t, 0, "Wrote ")
	askNix("apply").must(t, 1)
	if r := askNix("status"); strings.Contains(r.stdout, "pending") || !strings.Contains(r.stdout, "last: failure") {
		t.Fatalf("status after a failure:\n%s", r.stdout)
	}
}

// A failure of a hand-edited fragment does not offer ask-nix undo, which
// would refuse; and ask-nix apply's failure says to run it again, not
// that a reconciler that is not running will.
func TestHandEditFailureAdvice(t *testing.T) {
	pg := playgroundEnv(t)
	askNix("-y", "install hello").must(t, 0, "Wrote ")
	src, err := os.ReadFile(pg.Fragment)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(src), "hello", "hello nosuchpackage-y", 1)
	if err := os.WriteFile(pg.Fragment, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	r := askNix("apply")
	r.must(t, 1)
	for _, want := range []string{"changed by hand since ask-nix's last edit, so ask-nix undo cannot take that back", "then run ask-nix apply again"} {
		if !strings.Contains(r.stderr, want) {
			t.Fatalf("apply of a hand-broken fragment lacks %q:\n%s", want, r.stderr)
		}
	}
}

// A new kernel not yet booted: "do I need to reboot" says yes, and why.
func TestRebootQuestionAfterANewKernel(t *testing.T) {
	pg := playgroundEnv(t)
	src := "{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [ ];\n  standin.kernelVersion = \"6.13.1-standin\";\n}\n"
	if err := os.WriteFile(pg.Fragment, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	askNix("apply").must(t, 0, "Generation 2 is live")
	askNix("do I need to reboot").must(t, 0, "Yes: the running system still has the old kernel")
}

// After a rollback the reconciler holds, "is hello installed" says so and
// how to leave it, not that ask-nix apply would bring it in (it would
// say nothing to do).
func TestInstalledQuestionAfterARollback(t *testing.T) {
	playgroundEnv(t)
	editAndApply(t, "install hello", 2)
	askNix("-y", "rollback").must(t, 0, "Switched from generation 2 to generation 1")
	askNix("is hello installed?").must(t, 0, "hello: in ", "but not in the running system yet: generation 1 was switched to on request (a rollback)", "`ask-nix apply --force` builds")
	// An option question says so too, though nothing is pending.
	askNix("is ssh enabled?").must(t, 0, "\nThe running system was built before the last change: generation 1 was switched to on request (a rollback)")
	askNix("apply").must(t, 0, "Nothing to do: generation 1 was switched to on request")
	// Back to 2 as the boot default only: a reboot is what runs it.
	askNix("-y", "rollback", "--to", "2", "--action", "boot").must(t, 0, "Made generation 2 the boot default (was generation 1)")
	askNix("do I need to reboot").must(t, 0, "Only to run generation 2, the boot default: generation 1 runs now, and a reboot switches to 2 (ask-nix rollback --to 2 does it without one).")
}

// A failed pass that built several new edits at once does not pin the
// failure on the newest alone: it names the edits it built together.
func TestFailureOfSeveralEditsNamesThemAll(t *testing.T) {
	playgroundEnv(t)
	editAndApply(t, "install hello", 2)
	for _, req := range []string{"install htop", "install nosuchpackage-z", "install cowsay"} {
		askNix("-y", req).must(t, 0, "Wrote ")
	}
	r := askNix("apply")
	r.must(t, 1)
	if !strings.Contains(r.stderr, "this pass built edits 2 to 4 together, and any of them may be the cause") {
		t.Fatalf("apply:\n%s", r.stderr)
	}
	askNix("status").must(t, 0, "from edits 2 to 4, built together")
	askNix("history").must(t, 0, "(edits 2 to 4, built together)")
	// One new edit, as usual: that one.
	askNix("undo").must(t, 0)
	askNix("undo").must(t, 0)
	askNix("apply").must(t, 0, "Generation 3 is live")
	askNix("-y", "install nosuchpackage-z").must(t, 0, "Wrote ")
	r = askNix("apply")
	r.must(t, 1)
	if !strings.Contains(r.stderr, "(or take edit 7 (add 1 package: nosuchpackage-z) back with ask-nix undo)") {
		t.Fatalf("apply of one new edit:\n%s", r.stderr)
	}
}

// A missing fragment's failure says how to put it back, not to undo.
func TestMissingFragmentFailureAdvice(t *testing.T) {
	pg := playgroundEnv(t)
	askNix("-y", "install hello").must(t, 0, "Wrote ")
	if err := os.Rename(pg.Fragment, pg.Fragment+".moved"); err != nil {
		t.Fatal(err)
	}
	r := askNix("apply")
	r.must(t, 1)
	if !strings.Contains(r.stderr, "is missing, so undo has nothing to work on: put it back as edit 1 left it with `cp ") || strings.Contains(r.stderr, "ask-nix undo the last edit") {
		t.Fatalf("apply with the fragment gone:\n%s", r.stderr)
	}
}

// A fragment deleted after a successful pass: status and history say it
// is missing and how to put it back, not that a change waits for
// ask-nix apply to build it (a pass would fail).
func TestMissingFragmentPending(t *testing.T) {
	pg := playgroundEnv(t)
	editAndApply(t, "install hello", 2)
	if err := os.Remove(pg.Fragment); err != nil {
		t.Fatal(err)
	}
	want := "pending: the fragment " + pg.Fragment + " is missing, so the next pass will fail evaluating it: put it back as edit 1 left it with `cp "
	r := askNix("status")
	r.must(t, 0, want)
	if strings.Contains(r.stdout, "apply builds it") {
		t.Fatalf("status offers a pass:\n%s", r.stdout)
	}
	r = askNix("history")
	r.must(t, 0, "Pending: the fragment "+pg.Fragment+" is missing")
	if strings.Contains(r.stdout, "apply builds it") {
		t.Fatalf("history offers a pass:\n%s", r.stdout)
	}
}

// A rollback with an edit not built yet says the edit is still pending,
// not that the rollback is held.
func TestRollbackWithAnUnbuiltEdit(t *testing.T) {
	playgroundEnv(t)
	editAndApply(t, "install hello", 2)
	askNix("-y", "install htop").must(t, 0, "Wrote ")
	r := askNix("-y", "rollback")
	r.must(t, 0, "Switched from generation 2 to generation 1", "Still pending: edit 2 (add 1 package: htop) is not built yet; the next pass builds it and replaces this generation")
	if strings.Contains(r.stdout, "leaves this generation alone") {
		t.Fatalf("rollback said it holds:\n%s", r.stdout)
	}
	askNix("status").must(t, 0, "pending: edit 2 (add 1 package: htop) is not built yet")
}

// Every sentence after a rollback that offers ask-nix undo names the
// edit it would take back; after an undo it does not offer it (undo
// would not reverse that undo but take back an older edit), and says
// so. Real Nix, real generations.
func TestRollbackAdviceNamesWhatUndoTakesBack(t *testing.T) {
	playgroundEnv(t)
	editAndApply(t, "install hello", 2)
	editAndApply(t, "install cowsay", 3)
	r := askNix("-y", "rollback")
	r.must(t, 0, "Switched from generation 3 to generation 2", "the reconciler leaves this generation alone until the fragment changes; ask-nix undo takes back edit 2 (add 1 package: cowsay).")
	askNix("is cowsay installed?").must(t, 0, "`ask-nix apply --force` builds the fragment's configuration and switches to it; ask-nix undo takes back edit 2 (add 1 package: cowsay).")

	// Back to generation 3, then the undo of edit 2 built: a rollback to
	// generation 3 goes back to what the undo took away.
	askNix("-y", "rollback", "--to", "3").must(t, 0)
	editAndApply(t, "undo", 4)
	r = askNix("-y", "rollback")
	why := "until the fragment changes. The last edit, 3, undid edit 2; ask-nix undo does not bring it back, it would take back edit 1 (add 1 package: hello) as well; to bring edit 2 back, ask for its change again (`ask-nix history` shows it)."
	r.must(t, 0, "Switched from generation 4 to generation 3", why)
	if strings.Contains(r.stdout, "ask-nix undo reverts") || strings.Contains(r.stdout, "ask-nix undo takes back") {
		t.Fatalf("rollback after an undo offers undo:\n%s", r.stdout)
	}
	// Generation 2 is the system the fragment builds now (hello alone,
	// as generation 4): the switch holds nothing, and nothing is said
	// about a newer configuration the fragment would ask for.
	r = askNix("-y", "rollback", "--to", "2")
	r.must(t, 0, "Switched from generation 3 to generation 2")
	if strings.Contains(r.stdout, "still asks") || strings.Contains(r.stdout, "undo") {
		t.Fatalf("a rollback to what the fragment builds:\n%s", r.stdout)
	}
}

// A rollback further back than the newest edit: ask-nix undo takes back
// only that edit, which leaves a fragment that builds neither system, so
// the advice says it does not keep the rollback (and which edit built
// the generation), rather than offer undo as the way to keep it.
func TestRollbackPastTheNewestEditSaysUndoIsNotEnough(t *testing.T) {
	playgroundEnv(t)
	editAndApply(t, "install hello", 2)
	editAndApply(t, "install cowsay", 3)
	editAndApply(t, "install htop", 4)
	r := askNix("-y", "rollback", "--to", "2")
	r.must(t, 0, "Switched from generation 4 to generation 2",
		"ask-nix undo takes back edit 3 (add 1 package: htop), which does not bring the fragment back to what generation 2 was built from (edit 1: ask-nix diff 1 shows it), so the next pass would replace generation 2 all the same.")
	// One generation back from the newest edit's: undo is the way.
	r = askNix("-y", "rollback", "--to", "3")
	r.must(t, 0, "Switched from generation 2 to generation 3", "ask-nix undo takes back edit 3 (add 1 package: htop).")
	if strings.Contains(r.stdout, "does not bring") {
		t.Fatalf("a rollback undo does keep:\n%s", r.stdout)
	}
}

// An edit while a rollback holds ends the hold: the plan says that what
// the rollback took away comes back with it (the pass builds the whole
// fragment), not only the change the plan shows; a request the fragment
// already has says the running generation may differ; an undo back to
// the held generation's fragment is no such change.
func TestEditDuringARollbackSaysWhatComesBack(t *testing.T) {
	playgroundEnv(t)
	editAndApply(t, "install hello", 2)
	editAndApply(t, "install cowsay", 3)
	askNix("-y", "rollback").must(t, 0, "Switched from generation 3 to generation 2")

	r := askNix("-y", "install cowsay")
	r.must(t, 0, "Nothing to do: cowsay is already installed.\nThat is what the fragment says; generation 2, which runs because of a rollback on request, may differ: ask-nix apply --force builds the fragment's configuration and switches to it.\n")
	r = askNix("--json", "-y", "install cowsay")
	r.must(t, 0, `"notes":["That is what the fragment says; generation 2, which runs because of a rollback on request, may differ`)

	const comesBack = "note: generation 2 runs because of a rollback on request, which lasts only until the fragment changes: the next pass builds the whole fragment, so the fragment's changes since edit 1, which generation 2 was built from, come back with this change\n"
	r = askNix("--dry-run", "install htop")
	r.must(t, 0, "Dry run: nothing was written.")
	if !strings.Contains(r.stderr, comesBack) {
		t.Fatalf("dry run during a rollback:\n%s", r.stderr)
	}
	r = askNix("--json", "--dry-run", "install htop")
	r.must(t, 0, `"notes":["generation 2 runs because of a rollback on request`)

	// Back to what generation 2 was built from: nothing comes back, and
	// the rollback is kept.
	r = askNix("-y", "undo")
	r.must(t, 0, "Wrote ")
	if strings.Contains(r.stdout+r.stderr, "rollback on request") ||
		!strings.Contains(r.stderr, "note: this is the fragment generation 2, which runs now, was built from (edit 1): the next pass builds the same system, so the rollback is kept\n") {
		t.Fatalf("an undo back to the held generation's fragment:\n%s%s", r.stdout, r.stderr)
	}
	r = askNix("-y", "install htop")
	r.must(t, 0, "Wrote ")
	if strings.Contains(r.stdout+r.stderr, "rollback on request") {
		t.Fatalf("an edit with no hold:\n%s%s", r.stdout, r.stderr)
	}
}

// After "reboot into the previous generation" (rollback --action boot)
// the held generation is the boot default, not what runs, and the notes
// say so; generation 1 was built before any edit, so what comes back is
// said without an edit number.
func TestEditDuringABootRollbackSaysBootDefault(t *testing.T) {
	playgroundEnv(t)
	editAndApply(t, "install hello", 2)
	askNix("-y", "rollback", "--action", "boot").must(t, 0)
	r := askNix("--dry-run", "install cowsay")
	r.must(t, 0, "Dry run: nothing was written.")
	if want := "note: generation 1 is the boot default because of a rollback on request, which lasts only until the fragment changes: the next pass builds the whole fragment, so what the rollback took away comes back with this change\n"; !strings.Contains(r.stderr, want) {
		t.Fatalf("stderr:\n%s\nwant %s", r.stderr, want)
	}
	askNix("-y", "install hello").must(t, 0, "Nothing to do: hello is already installed.\nThat is what the fragment says; generation 1, which is the boot default because of a rollback on request, may differ: ")
}

// A fragment written by hand, with no ask-nix history at all: a failure
// never offers ask-nix undo, which could take nothing back.
func TestNoHistoryNoUndoAdvice(t *testing.T) {
	pg := playgroundEnv(t)
	src := "{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [\n    nosuchpackage-z\n  ];\n}\n"
	if err := os.WriteFile(pg.Fragment, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r := askNix("apply")
	r.must(t, 1)
	if !strings.Contains(r.stderr, "nixpkgs has no package named nosuchpackage-z") || strings.Contains(r.stderr, "undo") {
		t.Fatalf("apply of a hand-written fragment:\n%s", r.stderr)
	}
	q := askNix("is nosuchpackage-z installed?")
	if strings.Contains(q.stdout+q.stderr, "undo") {
		t.Fatalf("the question's note offers undo with no history:\n%s%s", q.stdout, q.stderr)
	}
}

// flakePlaygroundWithHello points ask-nix at the playground's system as
// a path: flake (the host box) with inputs, if any, and applies "install
// hello" to it: the first generation. It returns the flake's folder.
func flakePlaygroundWithHello(t *testing.T, inputs ...playground.FlakeInput) string {
	t.Helper()
	pg := playgroundFiles(t)
	flakeDir := filepath.Join(t.TempDir(), "etc-nixos")
	if err := playground.WriteFlake(flakeDir, pg, "box", inputs...); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NIX_HUMANITY_CONFIG", pg.Config)
	t.Setenv("NIX_HUMANITY_FRAGMENT", filepath.Join(flakeDir, "nix-humanity.nix"))
	t.Setenv("NIX_HUMANITY_SYSTEM", "path:"+flakeDir+"#box")
	askNix("-y", "install hello").must(t, 0)
	askNix("apply").must(t, 0, "Generation 1 is live")
	return flakeDir
}

// ask-nix update says what it fetched with: its pass alone ("Nothing to
// do: toplevel already current") would read as if nothing had run. A
// flake (nix flake update of a local flake) rather than channels, whose
// update would replace root's real channels profile.
func TestUpdateSaysWhatItFetched(t *testing.T) {
	flakeDir := flakePlaygroundWithHello(t)
	// The flake has no input, so no flake.lock to say more from. The
	// command is the one this Nix took (--flake from Nix 2.19 on).
	r := askNix("update")
	r.must(t, 0, "Nothing to do: toplevel already current; generation 1 is current")
	if !regexp.MustCompile(`(?m)^Updated the inputs \(nix flake update (--flake )?` + regexp.QuoteMeta("path:"+flakeDir) + `\)\.\n`).MatchString(r.stdout) {
		t.Fatalf("update:\n%s", r.stdout)
	}
	// JSON stays the pass alone.
	if r := askNix("update", "--json"); r.code != 0 || strings.Contains(r.stdout, "Updated") || !strings.HasPrefix(r.stdout, `{"id":`) {
		t.Fatalf("update --json: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

// ask-nix update names the flake inputs it moved, from flake.lock
// before and after, as nh shows Nix's lines (and --json the same in the
// pass's "update"), and says when none moved.
func TestUpdateNamesTheInputsItMoved(t *testing.T) {
	dep := filepath.Join(t.TempDir(), "dep")
	if err := os.Mkdir(dep, 0o755); err != nil {
		t.Fatal(err)
	}
	bump := func(v string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dep, "version"), []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bump("1")
	flakeDir := flakePlaygroundWithHello(t, playground.FlakeInput{Name: "dep", Path: dep})

	// The dry run names the command as Nix 2.19 and later take it, and
	// the form older Nix takes.
	askNix("update", "--dry-run").must(t, 0, "Would run nix flake update --flake path:"+flakeDir+" (nix flake update path:"+flakeDir+" where Nix is older than 2.19), then evaluate path:"+flakeDir+"#nixosConfigurations.box.config.system.build.toplevel")
	askNix("update", "--dry-run", "--json").must(t, 0, `"update":"nix flake update --flake path:`+flakeDir+`"`)

	updated := `(?m)^Updated the inputs \(nix flake update (--flake )?` + regexp.QuoteMeta("path:"+flakeDir) + `\)`
	bump("2")
	r := askNix("update")
	r.must(t, 0)
	moved := regexp.MustCompile(updated + `:\n  dep sha256-\S{9} \(\d{4}-\d\d-\d\d\) → sha256-\S{9} \(\d{4}-\d\d-\d\d\)\n`)
	if !moved.MatchString(r.stdout) {
		t.Fatalf("update after the input moved:\n%s", r.stdout)
	}
	r = askNix("update")
	r.must(t, 0)
	if !regexp.MustCompile(updated + `: every input was already the newest; flake\.lock is unchanged\.\n`).MatchString(r.stdout) {
		t.Fatalf("update with nothing newer:\n%s", r.stdout)
	}

	// --json: the pass, whose update says the same.
	bump("3")
	r = askNix("update", "--json")
	r.must(t, 0)
	var p state.Pass
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil || p.Update == nil {
		t.Fatalf("update --json: %v\n%s", err, r.stdout)
	}
	if u := p.Update; !strings.HasPrefix(u.Command, "nix flake update ") || len(u.Inputs) != 1 || u.LockUnchanged ||
		u.Inputs[0].Name != "dep" || u.Inputs[0].From == u.Inputs[0].To || !strings.HasPrefix(u.Inputs[0].To, "sha256-") {
		t.Fatalf("update --json: %+v\n%s", u, r.stdout)
	}
	r = askNix("update", "--json")
	r.must(t, 0)
	if !strings.Contains(r.stdout, `"lockUnchanged":true`) || strings.Contains(r.stdout, `"inputs"`) {
		t.Fatalf("update --json with nothing newer:\n%s", r.stdout)
	}
}

// Without a flake and without a channel (HOME has no .nix-channels, as
// root's on a machine that is not NixOS), nix-channel --update fetches
// nothing: update says so rather than "Updated the inputs".
func TestUpdateWithoutChannels(t *testing.T) {
	nixruntest.RequireNix(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	playgroundEnv(t)
	// Nor does it write the channels profile an empty generation, as
	// nix-channel --update would.
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	channels := filepath.Join("/nix/var/nix/profiles/per-user", u.Username)
	stamp := func() string {
		es, _ := os.ReadDir(channels)
		var names []string
		for _, e := range es {
			if fi, err := e.Info(); err == nil {
				names = append(names, e.Name()+"@"+fi.ModTime().String())
			}
		}
		return strings.Join(names, " ")
	}
	before := stamp()
	// A dry run says the same, not that it would run nix-channel --update.
	dry := askNix("--dry-run", "update")
	dry.must(t, 0, "No channel to update: nix-channel --list names none for this user, so nothing would be fetched; would evaluate ")
	if strings.Contains(dry.stdout, "Would run") {
		t.Fatalf("update --dry-run without channels says it would run nix-channel --update:\n%s", dry.stdout)
	}
	askNix("--dry-run", "--json", "update").must(t, 0, `"channels":[]`, `"update":"nix-channel --update"`)
	r := askNix("update")
	if after := stamp(); after != before {
		t.Errorf("update without channels changed %s:\n%s\n->\n%s", channels, before, after)
	}
	r.must(t, 0, "No channel to update: nix-channel --list names none for this user, so nothing was fetched; the system was evaluated as it is")
	if strings.Contains(r.stdout, "Updated the inputs") {
		t.Fatalf("update without channels claims it updated:\n%s", r.stdout)
	}
}

// An update's pass says what it did to the packages, as apply's does,
// and records them for status and /status ("packages", present for a
// pass that changed the running system): before, an update that put a
// new system in place listed nothing, where versions move most.
func TestUpdateListsPackageChanges(t *testing.T) {
	pg := playgroundEnv(t)
	writeFragment(t, pg, "hello")
	r := askNix("-y", "update")
	r.must(t, 0, "No channel to update", "Generation 2 is live", "\n  + hello  2.12.1\n")
	st := askNix("status", "--json")
	st.must(t, 0)
	var got struct {
		LastPass struct {
			Trigger  string
			Packages *struct{ Added []string }
		}
	}
	if err := json.Unmarshal([]byte(st.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.LastPass.Trigger != "update" || got.LastPass.Packages == nil || strings.Join(got.LastPass.Packages.Added, ",") != "hello 2.12.1" {
		t.Fatalf("status --json's last pass after update: %+v\n%s", got.LastPass, st.stdout)
	}
	askNix("status").must(t, 0, "packages: +hello 2.12.1")
	// Its --json is the pass with the packages, and nothing else.
	writeFragment(t, pg, "")
	j := askNix("-y", "--json", "update")
	j.must(t, 0, `"trigger":"update"`, `"packages":{"removed":["hello 2.12.1"]`)
	if strings.Contains(j.stdout, "  - hello") {
		t.Fatalf("update --json prints text lines:\n%s", j.stdout)
	}
}

// A pass whose process died leaves its phase in the state file, and
// status says "a pass was interrupted during build" until a pass ends.
// One that finds nothing to do (the inputs are those of the last
// success: the change it was building was taken back) ends it too,
// without taking a pass id; before, status said so for good.
func TestNoopEndsAnInterruptedPhase(t *testing.T) {
	pg := playgroundEnv(t)
	st, err := state.Load(pg.StateDir)
	if err != nil {
		t.Fatal(err)
	}
	lastID := st.LastPassID
	st.Phase, st.PhaseSince = state.PhaseBuild, time.Now()
	if err := st.Save(pg.StateDir); err != nil {
		t.Fatal(err)
	}
	askNix("status").must(t, 0, "a pass was interrupted during build")
	askNix("apply").must(t, 0, "Nothing to do")
	r := askNix("status")
	r.must(t, 0, "reconciler: not running · generation 1")
	if strings.Contains(r.stdout, "interrupted") {
		t.Fatalf("status after a no-op apply still says interrupted:\n%s", r.stdout)
	}
	after, err := state.Load(pg.StateDir)
	if err != nil {
		t.Fatal(err)
	}
	if after.Phase != state.PhaseIdle || after.LastPassID != lastID {
		t.Fatalf("state after the no-op: phase %q, lastPassId %d (was %d)", after.Phase, after.LastPassID, lastID)
	}
}

// ask-nix update <input> updates that flake input alone: of two inputs
// with something newer, only the one named moves in flake.lock, and the
// words say which moved and which were left (--json: "only", "kept").
func TestUpdateOneInput(t *testing.T) {
	base := t.TempDir()
	deps := []string{"dep", "dep2"}
	bump := func(v string) {
		t.Helper()
		for _, d := range deps {
			if err := os.MkdirAll(filepath.Join(base, d), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(base, d, "version"), []byte(v+" "+d), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	bump("1")
	var inputs []playground.FlakeInput
	for _, d := range deps {
		inputs = append(inputs, playground.FlakeInput{Name: d, Path: filepath.Join(base, d)})
	}
	flakeDir := flakePlaygroundWithHello(t, inputs...)
	lockFile := filepath.Join(flakeDir, "flake.lock")
	locked := func() (dep, dep2 string) {
		t.Helper()
		var l struct {
			Nodes map[string]struct {
				Locked struct {
					NarHash string `json:"narHash"`
				} `json:"locked"`
			} `json:"nodes"`
		}
		b, err := os.ReadFile(lockFile)
		if err != nil || json.Unmarshal(b, &l) != nil {
			t.Fatalf("flake.lock: %v\n%s", err, b)
		}
		return l.Nodes["dep"].Locked.NarHash, l.Nodes["dep2"].Locked.NarHash
	}
	dep1, dep21 := locked()

	// A name the lock lacks: nothing runs, the lock stays.
	r := askNix("update", "nixpkgs")
	r.must(t, 2)
	if !strings.Contains(r.stderr, "has no input named nixpkgs: its flake.lock ("+lockFile+") names dep, dep2; nothing was run") {
		t.Fatalf("update nixpkgs:\n%s", r.stderr)
	}
	if d, d2 := locked(); d != dep1 || d2 != dep21 {
		t.Fatal("a refused update changed flake.lock")
	}

	bump("2")
	updated := `(?m)^Updated dep2 \((nix flake update --flake|nix flake lock) ` + regexp.QuoteMeta("path:"+flakeDir) + `( dep2| --update-input dep2)\)`
	r = askNix("update", "dep2")
	r.must(t, 0)
	if !regexp.MustCompile(updated + `:\n  dep2 sha256-\S{9} \(\d{4}-\d\d-\d\d\) → sha256-\S{9} \(\d{4}-\d\d-\d\d\)\nLeft as they were: dep\.\n`).MatchString(r.stdout) {
		t.Fatalf("update dep2:\n%s", r.stdout)
	}
	dep2, dep22 := locked()
	if dep2 != dep1 || dep22 == dep21 {
		t.Fatalf("update dep2: dep %s -> %s, dep2 %s -> %s; want dep2 alone moved", dep1, dep2, dep21, dep22)
	}

	// The same in words, and --json: nothing newer for dep2, dep left.
	r = askNix("--json", "update only the dep2 input")
	r.must(t, 0)
	var p state.Pass
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil || p.Update == nil {
		t.Fatalf("update --json: %v\n%s", err, r.stdout)
	}
	if u := p.Update; !slices.Equal(u.Only, []string{"dep2"}) || !slices.Equal(u.Kept, []string{"dep"}) || !u.LockUnchanged || u.Inputs != nil {
		t.Fatalf("update only the dep2 input --json: %+v\n%s", u, r.stdout)
	}
	if d, _ := locked(); d != dep1 {
		t.Fatal("dep moved although only dep2 was asked for")
	}
	r = askNix("update", "--input", "dep2", "--input", "dep")
	r.must(t, 0)
	if !regexp.MustCompile(`(?m)^Updated dep2, dep \(.*\):\n  dep sha256-`).MatchString(r.stdout) || strings.Contains(r.stdout, "Left as they were") {
		t.Fatalf("update --input dep2 --input dep:\n%s", r.stdout)
	}
}

// The channels update's dry run names them as nix-channel --list gives
// them, with a control character in a hand-written ~/.nix-channels
// escaped, not run by the terminal.
func TestUpdateDryRunNamesChannels(t *testing.T) {
	nixruntest.RequireNix(t)
	playgroundEnv(t) // HOME is a folder of the test's
	home := os.Getenv("HOME")
	list := "https://nixos.org/channels/nixos-25.11 nixos\nhttps://example.org/x evil\x1b[2J\n"
	if err := os.WriteFile(filepath.Join(home, ".nix-channels"), []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	r := askNix("--dry-run", "update")
	r.must(t, 0, `Would run nix-channel --update (evil\x1b[2J, nixos), then evaluate `)
	if strings.Contains(r.stdout, "\x1b") {
		t.Errorf("a channel's name reached the terminal raw:\n%q", r.stdout)
	}
}
