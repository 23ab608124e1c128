package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/activate"
	"github.com/nix-humanity/nix-humanity/reconciler/generation"
	"github.com/nix-humanity/nix-humanity/reconciler/generation/gc"
	"github.com/nix-humanity/nix-humanity/reconciler/generation/pkgdiff"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// errSwitchDeclined is a "no" at the rollback's prompt: exit 1.
var errSwitchDeclined = errors.New("not switched: you answered no; nothing was changed")

type rollbackOptions struct {
	to     int // 0: the generation before the current one
	pick   reconciler.Pick
	boot   bool   // only the boot default ("reboot into the previous generation")
	action string // --action: this switch only (boot is the same as boot above)
	before string // "today" or an age: the newest generation made before then
}

func newRollbackCommand(g *globals) *cobra.Command {
	var opts rollbackOptions
	cmd := &cobra.Command{
		Use:   "rollback [--to N]",
		Short: "Go back to the previous generation (or generation N) and activate it",
		Long: `rollback makes the previous generation of the system profile current
(nix-env --switch-generation) and activates it, as
nixos-rebuild switch --rollback does; --to N goes to generation N. If the
activation or a health check fails, the generation that was current is
put back. With --action boot it becomes the boot default only and the
running system is left alone, as nixos-rebuild boot --rollback does.
--before goes to the newest generation made before a time: today (so
yesterday's last) or an age such as 3d. On a terminal it asks first (-y
does not), after listing the packages the switch changes, as --dry-run
does.

The fragment is not changed: the reconciler leaves the rolled-back system
alone until the fragment changes again (ask-nix undo takes back the newest
edit not undone yet; the advice after a rollback names it).`,
		Example: `  ask-nix rollback
  ask-nix rollback --to 41
  ask-nix rollback --action boot
  ask-nix rollback --before today
  ask-nix "roll back to yesterday"
  ask-nix "go back to generation 41"
  ask-nix "undo the rollback"
  ask-nix "reboot into the previous generation"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("to") && opts.to <= 0 {
				return usageError{fmt.Errorf("--to needs a generation number of 1 or more (ask-nix generations lists them)")}
			}
			switch opts.action {
			case "", "switch", "test":
			case "boot":
				opts.boot = true
			default:
				return usageError{fmt.Errorf("unknown action %q for a rollback: say switch, boot or test", opts.action)}
			}
			if opts.before != "" {
				if opts.to != 0 {
					return usageError{fmt.Errorf("--to and --before each pick the generation: give one of them")}
				}
				to, err := generationBefore(g, opts.before, opts.boot)
				if err != nil || to == 0 {
					return err
				}
				opts.to = to
			}
			return runRollback(cmd.Context(), g, opts)
		},
	}
	cmd.Flags().Var(intValue{&opts.to, "a generation number"}, "to", "the generation to switch to (default: the one before the current)")
	cmd.Flags().StringVar(&opts.before, "before", "", "go to the newest generation made before then: today (yesterday's last), or an age such as 3d or 12h")
	// Its own flag, not the action setting: this switch only, so the
	// daemon's passes (with the setting's action) hold the rollback.
	cmd.Flags().StringVar(&opts.action, "action", "", "this switch only: switch, boot (the boot default only; the running system is left alone) or test (running until the next boot); default: the action setting")
	_ = cmd.RegisterFlagCompletionFunc("action", cobra.FixedCompletions([]string{"switch", "boot", "test"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// runRollbackIntent carries out "roll back" and "go back to generation N"
// when they arrive as free text.
func runRollbackIntent(ctx context.Context, g *globals, in intent.Intent) error {
	opts := rollbackOptions{boot: in.Boot}
	if in.Kind == intent.SwitchGeneration && !in.Latest {
		if in.Generation <= 0 {
			return fmt.Errorf("which generation? Say e.g. \"go back to generation 12\" (ask-nix generations lists them)")
		}
		opts.to = in.Generation
	}
	if in.Before != "" {
		// "roll back to yesterday": the newest generation made before.
		to, err := generationBefore(g, in.Before, opts.boot)
		if err != nil || to == 0 {
			return err
		}
		opts.to = to
	}
	if opts.to == 0 {
		// "go back two generations", "roll forward", "undo the rollback":
		// counted from the current generation as the switch finds it
		// under the pass lock.
		opts.pick = reconciler.Pick{Steps: in.Steps, Forward: in.Forward, Latest: in.Latest}
	}
	return runRollback(ctx, g, opts)
}

func runRollback(ctx context.Context, g *globals, opts rollbackOptions) error {
	if !g.dryRun {
		if err := g.needSystem("rollback"); err != nil {
			return err
		}
	}
	err := switchTo(ctx, g, opts)
	var none *activate.NoGenerationError
	if errors.As(err, &none) {
		// A generation the profile lacks: refused (exit 2), as any
		// request that cannot be carried out; nothing was changed.
		return &guard.Rejection{Code: guard.CodeBadValue, Reason: err.Error()}
	}
	return err
}

func switchTo(ctx context.Context, g *globals, opts rollbackOptions) error {
	r, err := g.reconciler()
	if err != nil {
		return err
	}
	if opts.boot {
		opts.action = "boot"
	}
	if opts.action != "" && (opts.boot || opts.action != r.Action()) {
		if r.Settings.Env == "staging" && opts.action != "test" {
			return errStaging
		}
		// This command only: the daemon's passes keep the configured
		// action, and leave this rollback alone until the inputs change.
		r.ActionOverride = opts.action
	}
	activates := r.Action() == "switch" || r.Action() == "test"
	if g.dryRun || g.asks() || (activates && g.overSSH()) {
		// What the switch would do, to show, to ask about or to warn of.
		// The switch itself finds the generations again under its lock.
		profile := r.Settings.Profile
		cur, err := activate.Current(profile)
		if err != nil {
			return err
		}
		to, err := opts.target().Target(profile, cur)
		if err != nil {
			return fmt.Errorf("%w; nothing was changed (ask-nix generations lists them)", err)
		}
		// A system gone from the store is refused before the question or
		// the dry run's "would switch", as the switch itself refuses it.
		if err := activate.Gone(to); err != nil {
			return fmt.Errorf("%w; nothing was changed. %s", err, reconciler.PickAnother(profile, cur, to))
		}
		if activates {
			g.warnSSHSwitch(activate.Target(r.Settings.CurrentSystem()), to.Path, to.Number)
		}
		if g.dryRun {
			if g.json {
				out := map[string]any{"from": cur.Number, "to": to.Number, "storePath": to.Path}
				if to.Number != cur.Number {
					// Added later: what the text lists, against the same
					// system (the running one, or the boot default).
					if c, _ := g.switchDiff(ctx, r, cur, to, activates); c != nil {
						out["packages"] = packageChangesOf(*c)
					}
				}
				return g.printJSON(out)
			}
			if to.Number == cur.Number {
				if running := activate.Target(r.Settings.CurrentSystem()); activates && running != "" && running != to.Path {
					// After a rollback with action boot or test.
					fmt.Fprintf(g.stdout, "Generation %d is current but not running: a run would activate it (%s).\n", cur.Number, r.Action())
					return nil
				}
				fmt.Fprintf(g.stdout, "Generation %d is already current: nothing to switch to.\n", cur.Number)
				return nil
			}
			fmt.Fprintf(g.stdout, "Would switch from generation %d to generation %d (%s) and activate it (%s).\n", cur.Number, to.Number, to.Path, r.Action())
			io.WriteString(g.stdout, g.switchChanges(ctx, r, cur, to, activates))
			return nil
		}
		// On a terminal it asks, under --json too (the question goes to
		// stderr), as edits and gc do.
		if to.Number != cur.Number && g.asks() { // else nothing to ask: at most an activation of what is current
			// What the yes would change, as the plan of an edit shows
			// its diff (and nh its package diff) before the question.
			io.WriteString(g.promptOut(), g.switchChanges(ctx, r, cur, to, activates))
			ok, err := g.confirm(ctx, fmt.Sprintf("Switch from generation %d to generation %d and activate it (%s)? [Y/n] ", cur.Number, to.Number, r.Action()), true)
			if err != nil {
				return err
			}
			if !ok {
				return errSwitchDeclined
			}
			// The generation said yes to, even if a pass made another one
			// current while the question was open.
			opts.to, opts.pick = to.Number, reconciler.Pick{}
		}
	}
	if !g.dryRun && !g.asks() {
		g.unasked()
	}
	ui := newPassUI(g)
	r.Observer = ui
	p, err := r.Switch(ctx, opts.target())
	ui.close()
	if err != nil {
		return err
	}
	// Package changes against what ran when the switch took its lock,
	// which after a rollback with action boot or test is not the
	// profile's generation.
	var lines string
	var changes *pkgdiff.Changes
	if reconciler.ChangedSystem(p) {
		lines, changes = g.packageChanges(ctx, r, &p)
	}
	if g.json {
		return g.printJSON(passWithChanges(p, changes))
	}
	if p.Result == state.ResultNoop {
		fmt.Fprintf(g.stdout, "Generation %d is already current and running; nothing changed.\n", p.Generation)
		return nil
	}
	// What ran before and what runs now, from the pass.
	fmt.Fprintln(g.stdout, reconciler.SwitchSentence(p))
	if lines != "" && p.Action != "switch" && p.Action != "test" {
		// Nothing changed in what runs: the lines are what the next boot
		// (or the profile) gets.
		fmt.Fprintf(g.stdout, "Generation %d against %s, which runs now:\n", p.Generation, reconciler.RanBefore(p))
	}
	fmt.Fprint(g.stdout, lines)
	rep, err := reconciler.Status(r.Settings)
	switch {
	case err != nil:
	case rep.HeldGeneration == 0 && len(rep.Queue) > 0:
		// An edit was written but not built: the rollback does not hold
		// it off.
		fmt.Fprintf(g.stdout, "Still pending: %s; the next pass builds it and replaces this generation%s.\n", rep.Queue[0], undoClause(reconciler.UndoOfferFor(r.Settings)))
	case rep.HeldGeneration != 0:
		// Only while the rollback holds: a generation whose system the
		// fragment builds (back to it after an undo, "undo the
		// rollback") holds nothing, and the fragment asks for nothing
		// else.
		what := "another configuration"
		if newest, err := activate.Latest(r.Settings.Profile); err == nil && p.Generation < newest.Number {
			what = "the newer configuration"
		}
		offer := reconciler.UndoOfferFor(r.Settings)
		clause := undoClause(offer)
		if built := builtFromEdit(rep.History, p.Toplevel); offer.OK() && built != 0 && !undoRestores(r.Settings, built) {
			// Undo takes back only the newest edit: after a rollback
			// further back than it, the fragment undo leaves builds
			// another system, which would replace this one.
			clause = fmt.Sprintf("; %s, which does not bring the fragment back to what generation %d was built from (edit %d: ask-nix diff %d shows it), so the next pass would replace generation %d all the same", offer.Takes(), p.Generation, built, built, p.Generation)
		}
		fmt.Fprintf(g.stdout, "The fragment still asks for %s: the reconciler leaves this generation alone until the fragment changes%s.\n", what, clause)
	}
	return nil
}

// builtFromEdit is the edit whose fragment a recorded pass built toplevel
// from (the newest such pass); 0 when no pass the state keeps says (a
// generation older than the kept passes, or not built by ask-nix's
// fragment alone).
func builtFromEdit(passes []state.Pass, toplevel string) int {
	for i := len(passes) - 1; i >= 0; i-- {
		p := passes[i]
		if p.Result == state.ResultSuccess && p.Trigger != reconciler.TriggerRollback && toplevel != "" && p.Toplevel == toplevel &&
			p.FragmentEdit != 0 {
			return p.FragmentEdit
		}
	}
	return 0
}

// undoRestores says whether ask-nix undo would leave the fragment as edit
// n wrote it. When that cannot be read (the content pruned, undo
// refusing) it says true: the advice is then left as it was.
func undoRestores(s *settings.Settings, n int) bool {
	st := &txn.Store{Fragment: s.Fragment, StateDir: s.StateDir, Keep: s.HistoryKeep}
	res, err := st.PreviewUndo()
	if err != nil {
		return true
	}
	h := txn.HistoryIn(s.StateDir)
	e, err := h.Entry(n)
	if err != nil {
		return true
	}
	_, after, err := h.Content(e)
	if err != nil {
		return true
	}
	return bytes.Equal(res.After, after)
}

// undoWords says what ask-nix undo would do now, for advice that offers
// it: the edit it takes back; after an undo, that it does not reverse
// it (see reconciler.UndoOffer); "" when undo would refuse (no history,
// a hand edit since), so nothing is offered.
func undoWords(u reconciler.UndoOffer) string {
	if u.OK() {
		return u.Takes()
	}
	return u.Why()
}

// undoClause ends a sentence with what ask-nix undo would do: a clause
// naming the edit it takes back (the summary carries parentheses of its
// own), or, where undo is no way back, a sentence saying why.
func undoClause(u reconciler.UndoOffer) string {
	if u.OK() {
		return "; " + u.Takes()
	}
	why := undoWords(u)
	if why == "" {
		return ""
	}
	return ". " + strings.ToUpper(why[:1]) + why[1:]
}

// target is the generation the options name: --to N, or the pick.
func (o rollbackOptions) target() reconciler.Pick {
	if o.to > 0 {
		return reconciler.Pick{Number: o.to}
	}
	return o.pick
}

// generationBefore finds the newest generation made before when ("today":
// before today began, so yesterday's last; or an age such as "3d",
// counted back from now) and says which it is (on stderr under --json,
// so stdout stays one JSON document). It returns 0, having said why, when
// that generation is the current one: nothing to go back to; under
// --json that is a no-op result of the shape a rollback prints, with
// nothing switched or recorded. boot: only the boot default would change.
func generationBefore(g *globals, when string, boot bool) (int, error) {
	s, err := g.Settings()
	if err != nil {
		return 0, err
	}
	now := time.Now()
	var cutoff time.Time
	var said string
	if when == "today" {
		y, m, d := now.Date()
		cutoff, said = time.Date(y, m, d, 0, 0, 0, 0, now.Location()), "today began"
	} else {
		age, err := gc.ParseAge(when)
		if err != nil || age <= 0 {
			return 0, usageError{fmt.Errorf("%q is not a time to go back to: say today or an age such as 3d or 12h", when)}
		}
		cutoff, said = now.Add(-age), when+" ago"
	}
	// Read afresh: a rollback is rare, and the dates decide it.
	gens, err := listGenerations(context.Background(), g, s, false)
	if err != nil {
		return 0, err
	}
	pick, oldest, outOfOrder := pickBefore(gens, cutoff)
	out := g.stdout
	if g.json {
		out = g.stderr
	}
	if outOfOrder != "" {
		fmt.Fprintf(g.stderr, "note: %s: the clock was wrong when one of them was made; generations count as made in the order of their numbers\n", outOfOrder)
	}
	switch {
	case pick == nil && oldest == nil:
		return 0, &guard.Rejection{Code: guard.CodeBadValue, Reason: fmt.Sprintf("the profile %s has no generations with a date; nothing was changed (ask-nix generations lists them)", s.Profile)}
	case pick == nil:
		return 0, &guard.Rejection{Code: guard.CodeBadValue, Reason: fmt.Sprintf("no generation was made before %s (%s): the oldest, generation %d, is from %s; nothing was changed", said, cutoff.Format(generation.DateLayout), oldest.Number, oldest.Date)}
	case pick.Current && g.json:
		action := "boot"
		if !boot {
			r, err := g.reconciler()
			if err != nil {
				return 0, err
			}
			action = r.Action()
		}
		return 0, g.printJSON(state.Pass{
			Trigger: reconciler.TriggerRollback, Action: action, Started: now, Finished: now,
			Result:    state.ResultNoop,
			Reason:    fmt.Sprintf("generation %d (%s), the current one, is the newest made before %s: nothing to go back to", pick.Number, pick.Date, said),
			Durations: map[string]float64{},
			Toplevel:  pick.StorePath, Generation: pick.Number,
		})
	case pick.Current:
		fmt.Fprintf(out, "Generation %d (%s), the current one, is the newest made before %s: nothing to go back to; nothing was changed.\n", pick.Number, pick.Date, said)
		return 0, nil
	}
	// After a rollback, the newest made before then may be newer than
	// the one that runs: it is what ran then, but the switch is forward.
	if cur := currentGeneration(gens); cur != nil && pick.Number > cur.Number {
		fmt.Fprintf(out, "Generation %d (%s) is the newest made before %s: newer than generation %d, the current one (a rollback since went further back), so this goes forward to it.\n", pick.Number, pick.Date, said, cur.Number)
		return pick.Number, nil
	}
	fmt.Fprintf(out, "Generation %d (%s) is the newest made before %s.\n", pick.Number, pick.Date, said)
	return pick.Number, nil
}

// pickBefore is the newest generation made before cutoff, by the dates
// of the generations' links, and the oldest dated one (for the answer
// when none is). Numbers only grow: a generation made after one dated
// at or after cutoff was made after cutoff too, whatever its own date
// says (a clock set back between them, by NTP after a boot with the
// clock ahead, or by hand), so the pick is among the generations before
// the first one so dated. outOfOrder, when not "", names two generations
// whose dates go back ("generation 7 (...) is dated before generation 6
// (...)"), for a note that the dates were not to be trusted.
func pickBefore(gens []generation.Generation, cutoff time.Time) (pick, oldest *generation.Generation, outOfOrder string) {
	byNumber := make([]*generation.Generation, 0, len(gens))
	for i := range gens {
		if !gens[i].Time.IsZero() {
			byNumber = append(byNumber, &gens[i])
		}
	}
	slices.SortFunc(byNumber, func(a, b *generation.Generation) int { return cmp.Compare(a.Number, b.Number) })
	after := false // a generation dated at or after cutoff came before
	var prev *generation.Generation
	for _, gen := range byNumber {
		if oldest == nil || gen.Time.Before(oldest.Time) {
			oldest = gen
		}
		if prev != nil && gen.Time.Before(prev.Time) && outOfOrder == "" {
			outOfOrder = fmt.Sprintf("generation %d (%s) is dated before generation %d (%s)", gen.Number, gen.Date, prev.Number, prev.Date)
		}
		prev = gen
		if !gen.Time.Before(cutoff) {
			after = true
		}
		if !after {
			pick = gen
		}
	}
	return pick, oldest, outOfOrder
}

// currentGeneration is the generation marked current, or nil.
func currentGeneration(gens []generation.Generation) *generation.Generation {
	for i := range gens {
		if gens[i].Current {
			return &gens[i]
		}
	}
	return nil
}

// rollbackHold is the generation a rollback on request holds (0: none,
// or the fragment changed since, which ended it) and the edit whose
// fragment built it (0: not known).
type rollbackHold struct {
	generation, edit int
	// bootOnly: the generation is the boot default, not what runs (a
	// rollback with action boot, "reboot into the previous generation").
	bootOnly bool
}

// is says what the held generation is: what runs, or the boot default.
func (h rollbackHold) is() string {
	if h.bootOnly {
		return "is the boot default"
	}
	return "runs"
}

// currentHold reads the hold from the state: an edit ends it, so what
// the edit makes the next pass build is more than its own change.
func currentHold(s *settings.Settings) rollbackHold {
	if st, err := state.Load(s.StateDir); err != nil || st.Held == "" {
		return rollbackHold{}
	}
	rep, err := reconciler.Status(s)
	if err != nil || rep.HeldGeneration == 0 {
		return rollbackHold{}
	}
	return rollbackHold{rep.HeldGeneration, builtFromEdit(rep.History, rep.Held), rep.RunningGeneration != rep.HeldGeneration}
}

// note says what writing after over the fragment does to the hold: the
// next pass builds the whole fragment, so what the rollback took away
// comes back with the change; when after is the fragment the held
// generation was built from (an undo back to it), that the rollback is
// kept; "" without a hold.
func (h rollbackHold) note(stateDir string, after []byte) string {
	if h.generation == 0 {
		return ""
	}
	what, come := "what the rollback took away", "comes"
	if h.edit != 0 {
		hist := txn.HistoryIn(stateDir)
		if e, err := hist.Entry(h.edit); err == nil {
			if _, built, err := hist.Content(e); err == nil && bytes.Equal(built, after) {
				// Back to what the held generation was built from (an
				// undo after the rollback): the rollback is kept.
				return fmt.Sprintf("this is the fragment generation %d, which %s now, was built from (edit %d): the next pass builds the same system, so the rollback is kept", h.generation, h.is(), h.edit)
			}
		}
		what, come = fmt.Sprintf("the fragment's changes since edit %d, which generation %d was built from,", h.edit, h.generation), "come"
	}
	return fmt.Sprintf("generation %d %s because of a rollback on request, which lasts only until the fragment changes: the next pass builds the whole fragment, so %s %s back with this change", h.generation, h.is(), what, come)
}

// updateNote says that an update ends the hold (ends: "ends", or "would
// end" for a dry run): its pass builds the fragment's configuration
// whatever was switched to on request, as apply --force does; "" without
// a hold.
func (h rollbackHold) updateNote(ends string) string {
	if h.generation == 0 {
		return ""
	}
	what, comes := "what the rollback took away", "comes"
	if h.edit != 0 {
		what, comes = fmt.Sprintf("the fragment's changes since edit %d, which generation %d was built from,", h.edit, h.generation), "come"
	}
	if ends != "ends" {
		comes = "would come"
	}
	return fmt.Sprintf("generation %d %s because of a rollback on request; an update %s it: its pass builds the fragment's configuration with the inputs as they are then, so %s %s back (ask-nix rollback goes back again afterwards).", h.generation, h.is(), ends, what, comes)
}

// unchangedNote is said beside "Nothing to do" while a rollback holds: the
// fragment already asks for it, which the running generation, switched to
// on request, may not have; "" without a hold.
func (h rollbackHold) unchangedNote() string {
	if h.generation == 0 {
		return ""
	}
	return fmt.Sprintf("That is what the fragment says; generation %d, which %s because of a rollback on request, may differ: ask-nix apply --force builds the fragment's configuration and switches to it.", h.generation, h.is())
}

// switchChanges says what a switch from cur to generation to would do to
// the packages, as apply says it after a pass: against what runs now
// when the switch activates, else (action boot) against the current
// generation, the boot default it replaces. "" when there is nothing to
// compare; a store that cannot be read is a note on stderr, and the
// switch goes on.
func (g *globals) switchChanges(ctx context.Context, r *reconciler.Reconciler, cur, to activate.Generation, activates bool) string {
	c, against := g.switchDiff(ctx, r, cur, to, activates)
	if c == nil {
		return ""
	}
	lines := packageLines(*c)
	if lines == "" {
		return fmt.Sprintf("Its packages are those of %s.\n", against)
	}
	return fmt.Sprintf("Packages it changes against %s:\n%s", against, lines)
}

// switchDiff compares the packages switchChanges says, and names what
// they are compared with; nil when there is nothing to compare or the
// store cannot be read (said on stderr).
func (g *globals) switchDiff(ctx context.Context, r *reconciler.Reconciler, cur, to activate.Generation, activates bool) (*pkgdiff.Changes, string) {
	from, against := cur.Path, fmt.Sprintf("generation %d, the current one", cur.Number)
	if !activates {
		against = fmt.Sprintf("generation %d, the boot default now", cur.Number)
	}
	if running := activate.Target(r.Settings.CurrentSystem()); activates && running != "" {
		from, against = running, "the system that runs now"
		if running == cur.Path {
			against = fmt.Sprintf("generation %d, which runs now", cur.Number)
		}
	}
	if from == "" || from == to.Path {
		return nil, ""
	}
	c, err := pkgdiff.Compare(ctx, r.Runner, from, to.Path)
	if err != nil {
		fmt.Fprintf(g.stderr, "note: the package changes cannot be listed: %v\n", err)
		return nil, ""
	}
	return &c, against
}

// orEmpty is s, or an empty list for JSON's [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
