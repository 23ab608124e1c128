package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/build"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

func newUpdateCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "update",
		Short: "Fetch newer flake inputs or channels, then build and activate",
		Long: `update runs nix flake update --flake <flake> (when the system is a
flake; nix flake update <flake> with Nix before 2.19) or
nix-channel --update (otherwise; not when nix-channel --list names no
channel, which it says), then a reconcile pass that evaluates even though
no watched file changed, with build progress like apply, and the packages
it added, removed and upgraded (+ / - / ~). For a flake on this machine
it first names the inputs flake.lock moved (from → to, with their dates),
or says that none did (--json: the pass's "update").`,
		Example: `  ask-nix update
  ask-nix update --json
  ask-nix "update my system"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runUpdate(cmd.Context(), g)
		},
	}
}

// runUpdateIntent carries out the intent when it arrives as free text.
func runUpdateIntent(ctx context.Context, g *globals, _ intent.Intent) error {
	return runUpdate(ctx, g)
}

func runUpdate(ctx context.Context, g *globals) error {
	r, err := g.reconciler()
	if err != nil {
		return err
	}
	t, err := r.Target()
	if err != nil {
		return err
	}
	cmd := build.UpdateCommand(t)
	if g.dryRun {
		// As the run would: with no channel, nix-channel --update is
		// not run, and "would run" it would not be true.
		var channels []string
		known := false
		if !t.IsFlake() {
			if names, err := nixrun.Channels(ctx, g.runner); err == nil {
				channels, known = names, true
			}
		}
		if g.json {
			out := map[string]any{"update": cmd, "system": t.String()}
			if known {
				out["channels"] = append([]string{}, channels...)
			}
			return g.printJSON(out)
		}
		switch {
		case known && len(channels) == 0:
			g.println("No channel to update: nix-channel --list names none for this user, so nothing would be fetched; would evaluate " + t.String() + " as it is and build and activate it if it changed (add a channel with nix-channel --add, as root on NixOS).")
		case known:
			g.println("Would run " + cmd + " (" + strings.Join(channels, ", ") + "), then evaluate " + t.String() + " and build and activate it if it changed.")
		case t.IsFlake():
			// Which form runs is known only by running it: Nix before
			// 2.19 knows no --flake.
			g.println("Would run " + cmd + " (nix flake update " + t.Flake + " where Nix is older than 2.19), then evaluate " + t.String() + " and build and activate it if it changed.")
		default:
			g.println("Would run " + cmd + ", then evaluate " + t.String() + " and build and activate it if it changed.")
		}
		return nil
	}
	if err := g.needSystem("update"); err != nil {
		return err
	}
	fetched := "Updated the inputs (" + cmd + ").\n"
	if !t.IsFlake() {
		// nix-channel --update with no channel fetches nothing and says
		// nothing: "updated" would not be true.
		if names, err := nixrun.Channels(ctx, g.runner); err == nil {
			if len(names) == 0 {
				fetched = "No channel to update: nix-channel --list names none for this user, so nothing was fetched; the system was evaluated as it is (add one with nix-channel --add, as root on NixOS).\n"
			} else {
				fetched = fmt.Sprintf("Updated the inputs (%s: %s).\n", cmd, strings.Join(names, ", "))
			}
		}
	}
	ui := newPassUI(g)
	ui.pidFile = filepath.Join(r.Settings.StateDir, reconciler.ActivationPidFile)
	r.Observer = ui
	p, err := r.Update(ctx, reconciler.PassOptions{OnProgress: ui.progress})
	ui.close()
	if !p.Started.IsZero() && !g.json {
		// The pass ran, so the inputs were fetched: its words alone
		// ("Nothing to do: toplevel already current", or its error)
		// would not say so.
		if u := p.Update; u != nil && t.IsFlake() {
			fetched = flakeFetched(u)
		}
		fmt.Fprint(g.stdout, fetched)
	}
	// What the update brought, as apply says it: an update is where
	// versions move (~ firefox 133.0 → 134.0), and status and /status
	// name them only once the pass records them.
	return g.reportPassAndChanges(ctx, r, p, err)
}

// flakeFetched says what nix flake update did to flake.lock, as nh
// shows Nix's own lines: each input that moved, or that none did.
func flakeFetched(u *state.Update) string {
	switch {
	case u.LockUnchanged:
		return "Updated the inputs (" + u.Command + "): every input was already the newest; flake.lock is unchanged.\n"
	case len(u.Inputs) == 0:
		return "Updated the inputs (" + u.Command + ").\n"
	}
	var b strings.Builder
	b.WriteString("Updated the inputs (" + u.Command + "):\n")
	for _, c := range u.Inputs {
		b.WriteString("  " + reconciler.InputChangeWords(c) + "\n")
	}
	return b.String()
}
