package main

import (
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/internal/termtext"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

func newHistoryCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "history [--json]",
		Short: "List the edits ask-nix made to the fragment",
		Long: `history lists the edits of the managed fragment, oldest first: its number,
time, user, what became of it in the system, what it changed, and the
request that asked for it; then the edits the system does not have yet
(or, when pending edits left the fragment as the last success built it,
as "install htop" then "remove htop" do, that nothing waits).
What became of it, from the passes the reconciler keeps: "applied gen N"
(a pass switched to generation N with it), "gen N at boot" (action boot),
"live (test)" (action test), "pending" (written to the fragment, not
built yet), "failed" (its system did not build, activate or pass the
health checks; why follows; once a later pass puts its change in
place after all, it is applied again, and the line below says so:
"built and activated by pass N, after an earlier failure (...)"),
"undone by M" (undone before it was built), "writing" (another ask-nix
is writing it now), or "written" (written; what became of it is not
known: built by passes older than the state file keeps, or changed by
hand after). ` + "`ask-nix diff N`" + ` shows what edit N changed.
--json gives each edit's status ("applied": written) with "outcome",
"generation", "action", "pass", "undoneBy", "afterFailure" and "note"
for the same.

The history keeps the newest NIX_HUMANITY_HISTORY_KEEP edits (default 500;
0 keeps all); older ones are pruned as new edits are made, and a first
line says how many. Numbers are never reused. --json lists the kept edits.`,
		Example: `  ask-nix history
  ask-nix history --json`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{readOnlyAnnotation: "yes"},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runHistory(g)
		},
	}
}

func runHistory(g *globals) error {
	st, err := g.Settings()
	if err != nil {
		return err
	}
	h := txn.HistoryIn(st.StateDir)
	es, pruned, err := h.Kept()
	if err != nil {
		return err
	}
	rep, repErr := reconciler.Status(st)
	outcomes := editOutcomes(rep, repErr, es)
	if g.json {
		out := make([]historyEntry, len(es))
		for i, e := range es {
			out[i] = historyEntry{Entry: e, EditOutcome: outcomes[i]}
		}
		return g.printJSON(out)
	}
	if pruned > 0 {
		fmt.Fprintln(g.stdout, prunedLine(pruned, st.HistoryKeep))
	}
	if len(es) == 0 {
		if pruned == 0 {
			fmt.Fprintf(g.stdout, "No edits yet (history in %s is empty).\n", h.Dir)
		}
		return nil
	}
	for i, e := range es {
		status := e.Status
		if o := outcomes[i]; o.Outcome != "" {
			status = o.Words()
		} else if e.Status == txn.StatusPending {
			// Not "pending", the word for an edit written and not built:
			// an ask-nix holds the lock and writes it now (one killed
			// reads as the next edit will record it).
			status = "writing"
		}
		// The log is a file anyone in the group may write: what it says
		// is printed safe (Request by %q).
		fmt.Fprintf(g.stdout, "%4d  %s  %-10s %-15s %s", e.Edit, e.Time.Local().Format(time.DateTime), termtext.Line(e.User), status, termtext.Line(e.Summary))
		if e.Request != "" {
			fmt.Fprintf(g.stdout, "  (%q)", e.Request)
		}
		fmt.Fprintln(g.stdout)
		if (e.Status == txn.StatusFailed || e.Status == txn.StatusNotWritten) && e.Reason != "" {
			// Why a pass failed on it, or why it was never written
			// (cut short, a fragment Nix could not check), as --json's
			// reason says.
			fmt.Fprintf(g.stdout, "      %s\n", termtext.Line(e.Reason))
		} else if n := outcomes[i].Note; n != "" {
			fmt.Fprintf(g.stdout, "      %s\n", termtext.Line(n))
		}
	}
	if repErr != nil {
		// Not "written" beside every edit without a word: say why what
		// became of them is not known.
		why := repErr.Error()
		if errors.Is(repErr, fs.ErrPermission) {
			why += " (reading it needs root, or membership in the group that owns the state directory: services.nix-humanity.allowedUsers)"
		}
		fmt.Fprintf(g.stdout, "What became of these edits is not known: %s.\n", why)
	}
	if repErr == nil && rep.StateFileGone {
		// Not "pending" for edits long applied: nothing says.
		fmt.Fprintln(g.stdout, "What became of these edits is not known: the reconciler's state file is gone (deleted?), and with it the passes that built them. The next pass records anew (ask-nix apply runs one now).")
	}
	// Say what the pending edits wait for.
	if repErr == nil {
		if p := reconciler.Pending(rep); p != "" {
			fmt.Fprintf(g.stdout, "Pending: %s.\n", g.rootHints(p))
		} else if line := settledPending(rep, es, outcomes); line != "" {
			fmt.Fprintln(g.stdout, line)
		}
	}
	return nil
}

// settledPending says, when edits are pending but nothing waits (the
// inputs are as the last success built them: later edits put the
// fragment back, as "install htop" then "remove htop" do), that they
// need no pass, so "pending" is not read as work still to do; "" when
// no edit is pending or something waits.
func settledPending(rep *reconciler.StatusReport, es []txn.Entry, outcomes []reconciler.EditOutcome) string {
	if rep.StateFileGone || len(rep.Queue) > 0 || rep.HeldGeneration != 0 || rep.AppliedHash == "" || rep.DesiredHash != rep.AppliedHash ||
		rep.Phase != state.PhaseIdle && rep.Phase != "" {
		return ""
	}
	var pending []int
	for i, o := range outcomes {
		if o.Outcome == reconciler.OutcomePending {
			pending = append(pending, es[i].Edit)
		}
	}
	switch len(pending) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("Nothing waits: edit %d was not built, and needs no pass: the fragment and the watched files are as the last successful pass built them.", pending[0])
	}
	return fmt.Sprintf("Nothing waits: edits %s were not built, and need no pass: together they left the fragment and the watched files as the last successful pass built them.", formatRanges(pending))
}

// editOutcomes is what became of each edit, from the passes the state
// file keeps (rep); with none readable (repErr), or a state file deleted
// since passes ran (rep.StateFileGone), each written edit is "written"
// (or "failed" as its status says), nothing claimed.
func editOutcomes(rep *reconciler.StatusReport, repErr error, es []txn.Entry) []reconciler.EditOutcome {
	if repErr == nil && !rep.StateFileGone {
		return reconciler.EditOutcomes(&rep.State, es)
	}
	outcomes := make([]reconciler.EditOutcome, len(es))
	for i, e := range es {
		if e.Wrote() {
			outcomes[i].Outcome = reconciler.OutcomeWritten
			if e.Status == txn.StatusFailed {
				outcomes[i].Outcome = reconciler.OutcomeFailed
			}
		}
	}
	return outcomes
}

// historyEntry is an edit as ask-nix history --json prints it: the
// history's entry (its status "applied" means written to the fragment)
// and, added later, what became of it in the system.
type historyEntry struct {
	txn.Entry
	reconciler.EditOutcome
	// Mark hides txn.Entry's mark (why its status was set, for the
	// reconciler to decide on), always empty here: what it says is in
	// the outcome's fields (afterFailure), and the keys stay as
	// documented.
	Mark string `json:"mark,omitempty"`
}

// prunedLine says how many older edits the history no longer keeps.
func prunedLine(pruned, keep int) string {
	edits := "edits were"
	if pruned == 1 {
		edits = "edit was"
	}
	why := fmt.Sprintf("the history keeps the newest %d: NIX_HUMANITY_HISTORY_KEEP", keep)
	if keep == 0 {
		why = "while NIX_HUMANITY_HISTORY_KEEP was lower; it now keeps all"
	}
	return fmt.Sprintf("%d older %s pruned (%s).", pruned, edits, why)
}
