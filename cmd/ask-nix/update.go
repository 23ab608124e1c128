package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/guard/flakeinput"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/internal/termtext"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/build"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

func newUpdateCommand(g *globals) *cobra.Command {
	var inputs []string
	c := &cobra.Command{
		Use:   "update [INPUT...]",
		Short: "Fetch newer flake inputs (all, or those named) or channels, then build and activate",
		Long: `update runs nix flake update --flake <flake> (when the system is a
flake; nix flake update <flake> with Nix before 2.19) or
nix-channel --update (otherwise; not when nix-channel --list names no
channel, which it says), then a reconcile pass that evaluates even though
no watched file changed, with build progress like apply, and the packages
it added, removed and upgraded (+ / - / ~). For a flake on this machine
it first names the inputs flake.lock moved (from → to, with their dates),
or says that none did (--json: the pass's "update").

Naming inputs (ask-nix update nixpkgs, or --input nixpkgs, repeatable)
updates only those, as nh's --update-input does: nix flake update
--flake <flake> <input> (nix flake lock <flake> --update-input <input>
with Nix before 2.19), and says which moved and that the others were
left as they were (--json: "only" and "kept" in the pass's "update").
An input name is letters, digits, - and _, as flake.nix declares it
(inputs.<name>), and must be one the flake's flake.lock names; otherwise
nothing runs, and the error names the inputs there are. Input names are
for flakes: on a system built from channels, ask-nix update updates the
channels, all of them.`,
		Example: `  ask-nix update
  ask-nix update nixpkgs
  ask-nix update --input nixpkgs --input home-manager
  ask-nix update --json
  ask-nix "update my system"
  ask-nix "update only the nixpkgs input"`,
		Args: updateArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUpdate(cmd.Context(), g, append(args, inputs...))
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			return lockedInputs(g, append(args, inputs...)), cobra.ShellCompDirectiveNoFileComp
		},
	}
	c.Flags().StringArrayVar(&inputs, "input", nil, "update only the flake input `NAME`, the others left as they are (repeatable; the same as naming it after update)")
	_ = c.RegisterFlagCompletionFunc("input", func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		return lockedInputs(g, append(args, inputs...)), cobra.ShellCompDirectiveNoFileComp
	})
	return c
}

// lockedInputs are the names a shell completes after ask-nix update: the
// inputs the system's flake.lock names that ask-nix takes, but those
// given already; none for a system that is no flake on this machine (an
// input name is no file either way).
func lockedInputs(g *globals, given []string) []string {
	s, err := g.Settings()
	if err != nil {
		return nil
	}
	t, err := (&reconciler.Reconciler{Settings: s}).Target()
	if err != nil || !t.IsFlake() || t.LockFile() == "" {
		return nil
	}
	data, err := os.ReadFile(t.LockFile())
	if err != nil {
		return nil
	}
	have, _ := build.LockRootInputs(data)
	var out []string
	for _, in := range have {
		if flakeinput.Valid(in) && !slices.Contains(given, in) {
			out = append(out, in)
		}
	}
	return out
}

// requestWords are words that make `ask-nix update my system`, typed
// without quotes, a request to read ("update my system", "update only
// the nixpkgs input"), not a list of input names: no flake names its
// inputs so.
var requestWords = map[string]bool{
	"my": true, "the": true, "a": true, "system": true, "everything": true, "all": true, "every": true,
	"only": true, "just": true, "please": true, "input": true, "inputs": true, "flake": true, "flakes": true,
	"and": true, "now": true, "of": true, "to": true, "latest": true, "packages": true, "machine": true,
	"computer": true, "channel": true, "channels": true, "os": true,
}

// updateArgs takes input names; words of a request make the run one
// (see asRequest), or, with flags the request cannot take, a usage
// error that says to quote it.
func updateArgs(_ *cobra.Command, args []string) error {
	for _, a := range args {
		if requestWords[strings.ToLower(a)] {
			return fmt.Errorf("ask-nix update takes flake input names (ask-nix update nixpkgs), and %q is a word of a request: say the request in quotes (ask-nix \"update my system\")", a)
		}
	}
	return nil
}

// runUpdateIntent carries out the intent when it arrives as free text.
func runUpdateIntent(ctx context.Context, g *globals, in intent.Intent) error {
	return runUpdate(ctx, g, in.Inputs)
}

// updateInputs checks the input names given on the command line, before
// anything reads or runs, and says each once, in the order given.
func updateInputs(names []string) ([]string, error) {
	var out []string
	for _, n := range names {
		if err := flakeinput.Check(n); err != nil {
			return nil, &guard.Rejection{Code: guard.CodeBadValue, Reason: err.Error()}
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, nil
}

func runUpdate(ctx context.Context, g *globals, names []string) error {
	inputs, err := updateInputs(names)
	if err != nil {
		return err
	}
	r, err := g.reconciler()
	if err != nil {
		return err
	}
	t, err := r.Target()
	if err != nil {
		return err
	}
	if len(inputs) > 0 {
		// Said before anything else, dry run or not: a name the lock
		// lacks, or a system without a flake, runs nothing.
		if err := t.CheckUpdateInputs(inputs); err != nil {
			var no *build.InputsRefused
			if errors.As(err, &no) {
				// The command line, not the machine: exit 2, as for
				// a generation or an edit that does not exist.
				reason := err.Error()
				if !t.IsFlake() && inPlayground(r.Settings) {
					// Not channels, npins or niv: the playground's
					// system is a Nix file of its own.
					reason = fmt.Sprintf("input names (%s) are for a flake's inputs, and the playground's system (%s) is a Nix file with none: its stand-in packages are %s; nothing was run. docs/ask-nix.md (Trying a flake in the playground) makes a flake of it, with a local input to update",
						strings.Join(inputs, ", "), t, filepath.Join(r.Settings.System, "pkgs.nix"))
				}
				return &guard.Rejection{Code: guard.CodeBadValue, Reason: reason}
			}
			return err
		}
	}
	cmd := build.UpdateCommand(t, inputs...)
	hold := currentHold(r.Settings)
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
			if t.IsFlake() {
				// As the text says: which of the two runs is known
				// only by running it (Nix before 2.19 knows no --flake).
				out["updateOldNix"] = build.OldNixUpdateCommand(t, inputs...)
			}
			if known {
				out["channels"] = append([]string{}, channels...)
			}
			if len(inputs) > 0 {
				out["inputs"] = inputs
			}
			if hold.generation != 0 {
				out["endsRollback"] = hold.generation
			}
			return g.printJSON(out)
		}
		defer func() {
			if n := hold.updateNote("would end"); n != "" {
				g.println("G" + strings.TrimPrefix(n, "g"))
			}
		}()
		switch {
		case known && len(channels) == 0:
			g.println("No channel to update: nix-channel --list names none for this user, so nothing would be fetched; would evaluate " + t.String() + " as it is and build and activate it if it changed (add a channel with nix-channel --add, as root on NixOS).")
		case known:
			g.println("Would run " + cmd + " (" + termtext.Line(strings.Join(channels, ", ")) + "), then evaluate " + t.String() + " and build and activate it if it changed.")
		case t.IsFlake():
			// Which form runs is known only by running it: Nix before
			// 2.19 knows no --flake.
			others := ""
			if len(inputs) > 0 {
				others = " The other inputs would be left as they are."
			}
			g.println("Would run " + cmd + " (" + build.OldNixUpdateCommand(t, inputs...) + " where Nix is older than 2.19), then evaluate " + t.String() + " and build and activate it if it changed." + others)
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
	if n := hold.updateNote("ends"); n != "" {
		fmt.Fprintf(g.stderr, "note: %s\n", n)
	}
	ui := newPassUI(g)
	ui.pidFile = filepath.Join(r.Settings.StateDir, reconciler.ActivationPidFile)
	r.Observer = ui
	p, err := r.Update(ctx, reconciler.PassOptions{OnProgress: ui.progress, OnWarning: ui.warning, Inputs: inputs})
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
// shows Nix's own lines: each input that moved, or that none did; for
// an update of some inputs alone, which were asked for and which were
// left as they were.
func flakeFetched(u *state.Update) string {
	u = termtext.Copy(u) // printed; the names come from flake.lock and the state
	what := "the inputs"
	if len(u.Only) > 0 {
		what = strings.Join(u.Only, ", ")
	}
	kept := ""
	if len(u.Kept) > 0 {
		kept = "Left as they were: " + strings.Join(u.Kept, ", ") + ".\n"
	}
	switch {
	case u.LockUnchanged && len(u.Only) == 1:
		return "Updated " + what + " (" + u.Command + "): it was already the newest; flake.lock is unchanged.\n"
	case u.LockUnchanged && len(u.Only) > 1:
		return "Updated " + what + " (" + u.Command + "): they were already the newest; flake.lock is unchanged.\n"
	case u.LockUnchanged:
		return "Updated the inputs (" + u.Command + "): every input was already the newest; flake.lock is unchanged.\n"
	case len(u.Inputs) == 0 && len(u.Only) > 0:
		return "Updated " + what + " (" + u.Command + "); the other inputs were left as they were.\n"
	case len(u.Inputs) == 0:
		return "Updated the inputs (" + u.Command + ").\n"
	}
	var b strings.Builder
	b.WriteString("Updated " + what + " (" + u.Command + "):\n")
	for _, c := range u.Inputs {
		b.WriteString("  " + reconciler.InputChangeWords(c) + "\n")
	}
	b.WriteString(kept)
	return b.String()
}
