package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// What apply says it compared when it evaluated nothing: the fragment
// alone, or with the watch paths named, as ask-nix's settings or the
// running daemon's record name them.
func TestUnchangedInputsNote(t *testing.T) {
	for _, tc := range []struct {
		watch []string
		pid   int
		want  string
	}{
		{nil, 0, "Nothing was evaluated: the fragment is as the last successful pass built it, and no other file is watched (the watchPaths setting). A change elsewhere in the configuration is not seen: ask-nix apply --force evaluates it all, as nixos-rebuild does."},
		{[]string{"/etc/nixos", "/srv/secrets"}, 0, "Nothing was evaluated: the fragment and the watched files (/etc/nixos, /srv/secrets) are as the last successful pass built them. A change elsewhere in the configuration is not seen: ask-nix apply --force evaluates it all, as nixos-rebuild does."},
		{[]string{"/etc/nixos"}, 42, "Nothing was evaluated: the fragment and the watched files (/etc/nixos) are as the last successful pass built them, as the running nix-humanityd (pid 42) watches them. A change elsewhere in the configuration is not seen: ask-nix apply --force evaluates it all, as nixos-rebuild does."},
	} {
		if got := unchangedInputsNote(tc.watch, tc.pid); got != tc.want {
			t.Errorf("unchangedInputsNote(%q, %d) =\n%s\nwant\n%s", tc.watch, tc.pid, got, tc.want)
		}
	}
}

// Ctrl-C after the activation began: the pass finishes, and the package
// list after it is skipped with a note that says so, not reported as a
// store query that failed with "context canceled". Nothing runs Nix
// here: the runner is nil, and a query would panic.
func TestLateInterruptSkipsPackageChanges(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		p    state.Pass
		want string
	}{
		{"switch", state.Pass{Result: state.ResultSuccess, Action: "switch", Generation: 7, FromGeneration: 6, FromToplevel: "/nix/store/a-old", Toplevel: "/nix/store/b-new"},
			lateInterruptNote + " (ask-nix generations diff 6 7 lists them)\n"},
		{"rollback", state.Pass{Result: state.ResultSuccess, Trigger: reconciler.TriggerRollback, Action: "switch", Generation: 3, FromGeneration: 4, FromRunningGeneration: 4, FromRunning: "/nix/store/b-new", Toplevel: "/nix/store/a-old"},
			lateInterruptNote + " (ask-nix generations diff 4 3 lists them)\n"},
		{"from generations unknown", state.Pass{Result: state.ResultSuccess, Action: "switch", Generation: 7, FromToplevel: "/nix/store/a-old", Toplevel: "/nix/store/b-new"},
			lateInterruptNote + " (ask-nix generations diff lists them)\n"},
		{"test", state.Pass{Result: state.ResultSuccess, Action: "test", FromToplevel: "/nix/store/a-old", Toplevel: "/nix/store/b-new"},
			lateInterruptNote + "\n"},
		{"noop", state.Pass{Result: state.ResultNoop, Action: "switch", Generation: 7, FromToplevel: "/nix/store/b-new", Toplevel: "/nix/store/b-new"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			g := &globals{stdout: &out, stderr: &errOut}
			r := &reconciler.Reconciler{}
			if lines, _ := g.passChanges(ctx, r, &tc.p, nil); lines != "" {
				t.Errorf("lines %q, want none", lines)
			}
			if errOut.String() != tc.want || strings.Contains(errOut.String(), "context canceled") {
				t.Errorf("stderr %q, want %q", errOut.String(), tc.want)
			}
		})
	}
}

// A switch to the system that already ran (put live by a one-off test)
// says that no package changed and what the pass made of it, rather than
// only "Generation N is live"; the other passes are as before.
func TestSwitchToTheRunningSystemSaysSo(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    state.Pass
		want string
	}{
		{"switch after a test", state.Pass{Result: state.ResultSuccess, Action: "switch", Generation: 18, FromToplevel: "/nix/store/a-gen9", FromRunning: "/nix/store/b-tested", Toplevel: "/nix/store/b-tested"},
			"It is the system that was already running: no package changed; it is now generation 18 and the boot default.\n"},
		{"boot after a test", state.Pass{Result: state.ResultSuccess, Action: "boot", Generation: 18, FromToplevel: "/nix/store/a-gen9", FromRunning: "/nix/store/b-tested", Toplevel: "/nix/store/b-tested"},
			"It is the system that was already running: no package changed; it is now generation 18 and the boot default.\n"},
		{"noop", state.Pass{Result: state.ResultNoop, Action: "switch", Generation: 18, FromToplevel: "/nix/store/b-tested", FromRunning: "/nix/store/b-tested", Toplevel: "/nix/store/b-tested"}, ""},
		{"failed", state.Pass{Result: state.ResultFailure, Action: "switch", FromToplevel: "/nix/store/a-gen9", FromRunning: "/nix/store/b-tested", Toplevel: "/nix/store/b-tested"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			g := &globals{stdout: &out, stderr: &errOut}
			// No runner: nothing here may query the store.
			if got, _ := g.passChanges(context.Background(), &reconciler.Reconciler{}, &tc.p, nil); got != tc.want {
				t.Errorf("lines %q, want %q", got, tc.want)
			}
			if errOut.Len() != 0 {
				t.Errorf("stderr %q", errOut.String())
			}
		})
	}
}
