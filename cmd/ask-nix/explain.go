package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

func newExplainCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "explain [--json] <request>",
		Short: "Show how a request is understood, without doing anything",
		Long: `explain checks and parses a request exactly as ask-nix would, and prints the
intent it found. It writes nothing, and reads only what the reading depends
on: the package and option index, the fragment ("remove ssh" turns ssh off
when the fragment enables it, and "edits the fragment: no" when running it would
change nothing) and the history ("undo edit 5"). With --json it prints
the intent as scripts read it: "could you please install git and vim for me"
is {"intent":"install","packages":["git","vim"]}.`,
		Example: `  ask-nix explain "install git and vim"
  ask-nix explain --json "could you please install git and vim for me"`,
		// It writes only to index the options again (openCatalog), which
		// installs the Ctrl-C handler first, and runs no process.
		Annotations: map[string]string{readOnlyAnnotation: "yes", onePAnnotation: "yes"},
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return errors.New(`explain what? Give a request, e.g. ask-nix explain "install firefox"`)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExplain(cmd.Context(), g, requestText(args))
		},
	}
}

func runExplain(ctx context.Context, g *globals, text string) error {
	if _, err := g.Settings(); err != nil {
		return err
	}
	in, err := understand(ctx, g, text)
	if err != nil {
		return err
	}
	var nothing string
	var stop error
	switch {
	case len(in.Edits()) > 0:
		nothing, stop = g.nothingToDo(in)
	case in.Kind == intent.Undo:
		stop = g.undoStops(in)
	}
	if g.json {
		// The intent is what running it reads; that it would change
		// nothing, or stop, is said beside it, as notes are.
		if stop != nil {
			fmt.Fprintf(g.stderr, "note: running it now would stop: %s\n", errText(stop))
		} else if nothing != "" && in.AppliesAfter() {
			// "install htop and rebuild" with htop in: the edit is
			// nothing, the pass after it still runs.
			fmt.Fprintf(g.stderr, "note: running it would not edit the fragment (%s), but would still run %s\n", nothing, passWords(in))
		} else if nothing != "" {
			fmt.Fprintf(g.stderr, "note: running it would change nothing: %s\n", nothing)
		}
		return g.printJSON(in)
	}
	for i, part := range in.Parts() {
		if i > 0 {
			fmt.Fprintln(g.stdout, "and")
		}
		fmt.Fprintf(g.stdout, "intent: %s\n", part.Kind)
		for _, f := range explainFields(part) {
			fmt.Fprintf(g.stdout, "%s: %s\n", f[0], f[1])
		}
	}
	switch edits := len(in.Edits()); {
	case stop != nil:
		// A fragment hand-edited outside the shape ask-nix manages:
		// running it would be refused, so no "yes".
		fmt.Fprintf(g.stdout, "edits the fragment: no: running it now would stop: %s\n", errText(stop))
	case nothing != "" && in.AppliesAfter():
		// Not "nothing to do": the pass said after it still runs.
		fmt.Fprintf(g.stdout, "edits the fragment: no: %s\n", nothing)
	case nothing != "":
		// "remove kde plasma" where the fragment neither installs nor
		// turns on plasma: what running it would say, not "yes".
		fmt.Fprintf(g.stdout, "edits the fragment: no: nothing to do, %s\n", nothing)
	case edits > 1:
		fmt.Fprintf(g.stdout, "edits the fragment: yes, %d changes in one edit (ask-nix shows the plan and diff before writing)\n", edits)
	case in.Kind.Writes():
		fmt.Fprintln(g.stdout, "edits the fragment: yes (ask-nix shows the plan and diff before writing)")
	case in.Kind == intent.Undo:
		fmt.Fprintln(g.stdout, "edits the fragment: yes, back to how it was before the edits undone (ask-nix shows the diff before writing)")
	default:
		fmt.Fprintln(g.stdout, "edits the fragment: no")
	}
	if what := systemChange(in); what != "" {
		fmt.Fprintf(g.stdout, "changes the system: %s\n", what)
	}
	if in.AppliesAfter() {
		then := "then"
		if nothing != "" && stop == nil {
			then = "still runs" // the edit is nothing; the pass is not
		}
		fmt.Fprintf(g.stdout, "%s: %s, in the foreground (as ask-nix apply)\n", then, passWords(in))
	}
	return nil
}

// passWords names the reconcile pass a request asks for after its edits
// ("install htop and test it": "a reconcile pass now with action test").
func passWords(in intent.Intent) string {
	if a := in.ApplyAction(); a != "" {
		return "a reconcile pass now with action " + a
	}
	return "a reconcile pass now"
}

// explainFields lists the intent's fields that are set, as label/value.
func explainFields(in intent.Intent) [][2]string {
	var out [][2]string
	add := func(label, v string) {
		if v != "" {
			out = append(out, [2]string{label, v})
		}
	}
	add("packages", strings.Join(in.Packages, ", "))
	add("query", in.Query)
	if in.Generation != 0 {
		add("generation", fmt.Sprint(in.Generation))
	}
	if in.Steps != 0 {
		add("steps", fmt.Sprint(in.Steps))
	}
	if in.Diff {
		switch len(in.Compare) {
		case 0:
			add("packages changed", "from the generation before the current one to the current one")
		case 1:
			add("packages changed", fmt.Sprintf("from generation %d to the current one", in.Compare[0]))
		default:
			add("packages changed", fmt.Sprintf("from generation %d to generation %d", in.Compare[0], in.Compare[1]))
		}
	}
	if in.Boot {
		add("boot default only", "yes")
	}
	if in.Keep != 0 {
		add("keep", fmt.Sprint(in.Keep))
	}
	if in.Collect {
		add("collect garbage", "yes")
	}
	add("action", in.Action)
	switch in.Before {
	case "":
	case "today":
		add("to the newest generation made before", "today began")
	default:
		add("to the newest generation made before", in.Before+" ago")
	}
	add("older than", in.OlderThan)
	add("service", in.Service)
	add("option", in.Option)
	if in.Value != nil {
		add("value", explainValue(in.Value))
	}
	add("change", string(in.Change))
	return out
}

// systemChange says what a request that does not edit the fragment does
// to the system, "" for one that only reads.
func systemChange(in intent.Intent) string {
	switch in.Kind {
	case intent.Rollback, intent.SwitchGeneration:
		if in.Boot {
			return "the generation becomes the boot default; the running system is left alone, and so is the fragment"
		}
		return "switches to the generation and activates it as the action setting says (switch by default); the fragment stays as it is"
	case intent.GC:
		if in.Keep == 0 && in.OlderThan == "" && in.Collect {
			return "collects garbage in the Nix store"
		}
		return "deletes old generations, never the current, running or booted one (the plan is shown first)"
	case intent.Update:
		if len(in.Inputs) > 0 {
			return "updates only the flake inputs " + strings.Join(in.Inputs, ", ") + " (the others stay as they are), then runs a reconcile pass"
		}
		return "updates the flake inputs or channels, then runs a reconcile pass"
	case intent.Apply:
		switch in.Action {
		case "test":
			return "a reconcile pass with action test, this once: evaluate, build and activate the configuration until the next reboot, without a new generation or boot entry"
		case "boot":
			return "a reconcile pass with action boot, this once: evaluate and build the configuration and make it the boot default; the running system is left alone"
		case "build":
			return "a reconcile pass with action build, this once: evaluate and build the configuration; nothing is activated"
		}
		return "a reconcile pass: evaluate, build and activate the configuration"
	}
	return ""
}

// explainValue writes a value as the fragment will hold it (strings
// quoted and escaped); the items of a list change ("open ports 80 and
// 443") in brackets, as Nix writes a list: [ 80 443 ].
func explainValue(v any) string {
	if _, several := v.([]any); several {
		items, err := plan.Items(v)
		if err != nil {
			return fmt.Sprintf("%v", v)
		}
		ws := make([]string, len(items))
		for i, it := range items {
			ws[i] = it.String()
		}
		return "[ " + strings.Join(ws, " ") + " ]"
	}
	if x, err := plan.ToValue(v); err == nil {
		if x.Kind == fragment.KindAttrs {
			// A port range, on one line: { from = 1714; to = 1764; }.
			var b strings.Builder
			b.WriteString("{ ")
			for _, bd := range x.Attrs {
				b.WriteString(bd.Path.String() + " = " + bd.Value.String() + "; ")
			}
			return b.String() + "}"
		}
		return x.String()
	}
	return fmt.Sprintf("%v", v)
}

// nothingToDo is why running in would change nothing in the fragment as
// it is now ("plasma is not in the managed fragment, so there is nothing
// to remove; to turn plasma off, say \"disable plasma\""), or "" when it
// would change something; the error is why running it would stop before
// writing (a fragment hand-edited outside the shape ask-nix manages), nil
// when it would not or the settings cannot be read (the run says why).
func (g *globals) nothingToDo(in intent.Intent) (string, error) {
	st, err := g.store()
	if err != nil {
		return "", nil
	}
	r, err := st.Preview(in)
	if err != nil {
		return "", err
	}
	if r.Changed {
		return "", nil
	}
	return r.Summary + removeHint(&in), nil
}

// undoStops is why running the undo in would stop before writing (no
// edit left to undo, a fragment changed by hand since), nil when it would
// not or the settings cannot be read (the run says why).
func (g *globals) undoStops(in intent.Intent) error {
	st, err := g.store()
	if err != nil {
		return nil
	}
	_, err = st.PreviewUndoSteps(max(in.Steps, 1))
	return err
}
