package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/reconciler"
)

func newStatusCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Show what the reconciler is doing and how the last pass went",
		Long: `status prints one line: the reconciler's phase, the current generation
(and whether it is the one running and the one booted), and the last pass
with its result and per-phase times; after a failure, Nix's own error
follows. With --json it prints the reconciler's state. For example:

  reconciler: idle · generation 43 (current, booted 41) · last: success 12.4 s ago (eval 6.1 s, build 3.2 s, activate 1.9 s)`,
		Example: `  ask-nix status
  ask-nix status --json
  ask-nix "do I need to reboot"`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{readOnlyAnnotation: "yes"},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runStatus(cmd.Context(), g, false)
		},
	}
}

// runStatusIntent carries out the intent when it arrives as free text.
func runStatusIntent(ctx context.Context, g *globals, in intent.Intent) error {
	return runStatus(ctx, g, in.AboutReboot)
}

func runStatus(_ context.Context, g *globals, aboutReboot bool) error {
	s, err := g.Settings()
	if err != nil {
		return err
	}
	rep, err := reconciler.Status(s)
	if err != nil {
		return err
	}
	if g.json {
		return g.printJSON(rep)
	}
	rep = rep.ForTerminal()
	if aboutReboot {
		// Asked in words: the answer first, then the status it comes from.
		switch {
		case rep.NeedReboot:
			fmt.Fprintf(g.stdout, "Yes: the running system still has the old %s; the current generation's take effect at the next boot.\n", plan.AndList(rep.RebootFor))
		case rep.CurrentGeneration != 0 && rep.RunningGeneration == 0 && rep.RunningUnknown() != "":
			fmt.Fprintf(g.stdout, "Not known: what runs is not known (there is no %s), so it cannot be told from generation %d, the boot default.\n", rep.RunningUnknown(), rep.CurrentGeneration)
		case rep.CurrentGeneration != 0 && rep.RunningGeneration != rep.CurrentGeneration:
			// A boot-only switch: the boot default is not what runs.
			running := "a system outside the profile"
			if rep.RunningGeneration != 0 {
				running = fmt.Sprintf("generation %d", rep.RunningGeneration)
			}
			fmt.Fprintf(g.stdout, "Only to run generation %d, the boot default: %s runs now, and a reboot switches to %d (ask-nix rollback --to %d does it without one).\n", rep.CurrentGeneration, running, rep.CurrentGeneration, rep.CurrentGeneration)
		default:
			fmt.Fprintln(g.stdout, "No reboot needed: the running kernel, initrd and kernel modules are the current generation's.")
		}
	}
	fmt.Fprintln(g.stdout, g.rootHints(reconciler.OneLine(rep, time.Now())))
	return nil
}
