package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

func newUndoCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "undo [N]",
		Short: "Restore the fragment as it was before the last edit (or the last N)",
		Long: `undo restores the managed fragment as it was before the last edit ask-nix
made, shows the diff, and records the undo as an edit of its own. Run it again
to go further back, or give a count to undo the newest N edits at once
("ask-nix undo 3", "undo the last 3 changes"). It refuses, and writes nothing,
when the fragment has been changed since that edit (by hand or by another
tool), or between the edits counted, when there are fewer edits left to
undo, or when an edit is older than the history keeps
(NIX_HUMANITY_HISTORY_KEEP). The reconciler then builds and activates the
restored configuration; to go back to an earlier system generation without
editing the fragment, use rollback.`,
		Example: `  ask-nix undo
  ask-nix undo 3
  ask-nix undo --dry-run
  ask-nix "undo the last change"`,
		// Extra words are the rest of the request: `ask-nix undo 3`,
		// `ask-nix undo the last 2 changes`.
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return runUndo(cmd.Context(), g, "undo", 1)
			}
			if len(args) == 1 {
				// ask-nix undo 05, undo +2: a count as the command line
				// reads numbers (plainNumber), as diff 05 is refused.
				if _, hint, ok := plainNumber(args[0]); !ok && hint != "" {
					return usageError{fmt.Errorf("%q is not a count of edits to undo: %s (ask-nix history lists the edits)", args[0], hint)}
				}
			}
			text := "undo " + requestText(args)
			in, err := understand(cmd.Context(), g, text)
			if err == nil && in.Kind != intent.Undo {
				// Words undo cannot read as an undo: a command line not
				// understood (exit 2), pointing at the request they are
				// ("undo the rollback" switches generations).
				err = usageError{fmt.Errorf("ask-nix undo takes a count of edits (ask-nix undo 3) or the words of an undo (ask-nix undo the last 2 changes), not %q; %q is a request of its own (%s): ask-nix %q", requestText(args), text, in.Kind, text)}
			}
			if err != nil {
				return err
			}
			return runUndo(cmd.Context(), g, text, in.Steps)
		},
	}
}

// runUndo undoes the newest steps edits (0 or 1: the last one).
func runUndo(ctx context.Context, g *globals, text string, steps int) error {
	st, err := g.store()
	if err != nil {
		return err
	}
	in := &intent.Intent{Kind: intent.Undo}
	if steps > 1 {
		in.Steps = steps
	}
	steps = max(steps, 1)
	if g.wait && g.json && !g.dryRun {
		return usageError{errors.New(`with --json, undo alone and then run "ask-nix apply --json": one run gives one JSON result, and --wait would give two (the undo's and the pass's)`)}
	}
	m := writeMark{since: lastPassID(st.StateDir)}
	err = g.edit(ctx, in,
		func() (*txn.Result, error) { return st.PreviewUndoSteps(steps) },
		markWrite(&m, func() (*txn.Result, error) { return st.UndoSteps(ctx, text, steps) }))
	if err != nil || !g.wait || g.dryRun {
		return err
	}
	return seeThrough(ctx, g, m, "")
}

// resolveUndoEdit reads "undo edit 5" against the history: undo when 5
// is the newest edit undo would take back; otherwise how many changes
// reach back to it, or why none do.
func (g *globals) resolveUndoEdit(u *parse.UndoEdit) (intent.Intent, error) {
	st, err := g.store()
	if err != nil {
		return intent.Intent{}, u
	}
	order, err := st.UndoOrder(maxUndoReach)
	if err != nil {
		return intent.Intent{}, u
	}
	k := slices.Index(order, u.Edit)
	switch {
	case k == 0:
		return intent.Intent{Kind: intent.Undo}, nil
	case k > 0:
		return intent.Intent{}, &intent.NotUnderstood{Request: u.Request,
			Suggestions: []intent.Suggestion{{Kind: intent.Undo, Example: fmt.Sprintf("undo the last %d changes", k+1)}},
			Hint: fmt.Sprintf("edit %d is not the newest edit left to undo (%d is): undo goes back from the newest, so \"undo the last %d changes\" takes back edits %s; asking for the opposite change undoes edit %d alone",
				u.Edit, order[0], k+1, formatRanges(slices.Sorted(slices.Values(order[:k+1]))), u.Edit)}
	}
	nu := *u.NotUnderstood
	nu.Suggestions = nil
	nu.Hint = fmt.Sprintf("edit %d is not one undo can take back: it is no edit of the history, was undone already, or is an undo itself (`ask-nix history` lists them)", u.Edit)
	return intent.Intent{}, &nu
}

// maxUndoReach bounds how far back "undo edit N" looks.
const maxUndoReach = 1000

// resolveRedo answers "redo", "undo the undo" from the history: which
// edits the newest undo took back, with their requests to say again, or
// that the newest edit is no undo. Without a history the parser's
// answer stands.
func (g *globals) resolveRedo(r *parse.Redo) error {
	s, err := g.Settings()
	if err != nil {
		return r
	}
	h := txn.HistoryIn(s.StateDir)
	es, err := h.Entries()
	if err != nil {
		return r
	}
	nu := *r.NotUnderstood
	var last *txn.Entry
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].Wrote() {
			last = &es[i]
			break
		}
	}
	switch {
	case last == nil:
		nu.Hint = "there is nothing to redo: the history has no edit yet; nothing was changed"
		return &nu
	case last.Undoes == 0:
		nu.Hint = fmt.Sprintf("there is nothing to redo: the newest edit, %d (%s), is no undo; nothing was changed", last.Edit, last.Summary)
		return &nu
	}
	undone := append([]int{last.Undoes}, last.UndoesAlso...)
	slices.Reverse(undone) // oldest first, as they were asked for
	var said []string
	for _, n := range undone {
		e, err := h.Entry(n)
		if err != nil || e.Request == "" {
			continue
		}
		kind, _, _ := strings.Cut(e.Intent, "+")
		if len(nu.Suggestions) < 3 {
			nu.Suggestions = append(nu.Suggestions, intent.Suggestion{Kind: intent.Kind(kind), Example: e.Request})
		}
		said = append(said, fmt.Sprintf("%d (%q)", n, e.Request))
	}
	what := "edit " + strconv.Itoa(last.Undoes)
	if len(undone) > 1 {
		what = "edits " + formatRanges(slices.Sorted(slices.Values(undone)))
	}
	if len(said) > 0 {
		what = "edit"
		if len(said) > 1 {
			what += "s"
		}
		what += " " + strings.Join(said, ", ")
	}
	nu.Hint = fmt.Sprintf("ask-nix has no redo: edit %d undid %s, and undo never takes an undo back (it goes further back, taking back one more edit); ask for the change again; nothing was changed", last.Edit, what)
	return &nu
}
