package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/activate"
	"github.com/nix-humanity/nix-humanity/reconciler/generation/gc"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

type gcOptions struct {
	keep      keepValue
	olderThan ageValue
	collect   bool
}

// keepValue is --keep: a count of at least 1, refused at parse time.
type keepValue int

func (k *keepValue) String() string { return strconv.Itoa(int(*k)) }
func (k *keepValue) Type() string   { return "N" }
func (k *keepValue) Set(s string) error {
	n, hint, ok := plainNumber(strings.TrimSpace(s))
	if !ok && hint != "" {
		return fmt.Errorf("%q: %s", s, hint)
	}
	if !ok || n < 1 {
		return fmt.Errorf("%q: keep needs a whole number of generations, at least 1", s)
	}
	*k = keepValue(n)
	return nil
}

// ageValue is --older-than: an age such as 30d or 12h, refused at parse
// time when it is not one.
type ageValue struct {
	d    time.Duration
	text string
}

func (a *ageValue) String() string { return a.text }
func (a *ageValue) Type() string   { return "AGE" }
func (a *ageValue) Set(s string) error {
	d, err := gc.ParseAge(s)
	if err != nil {
		return err
	}
	a.d, a.text = d, strings.TrimSpace(s)
	return nil
}

func newGCCommand(g *globals) *cobra.Command {
	opts := &gcOptions{}
	cmd := &cobra.Command{
		Use:   "gc [--keep N] [--older-than AGE] [--collect]",
		Short: "Delete old generations, then optionally collect garbage",
		Long: `Delete old generations of the system profile, keeping the newest N (--keep)
or those made within an age (--older-than 30d); with both, a generation
goes only when it is outside the newest N and older than the age. The
current generation, the one running (after rollback --action test or
boot) and the one the machine booted are always kept, and the plan says
which is which. A generation whose system is gone from the Nix store
(marked missing, as in ask-nix generations) is marked in the plan too
and is not one of the newest N: --keep 5 keeps five that can be switched
to.

The plan is shown first; --dry-run stops there. Generations are deleted
with nix-env --delete-generations, which frees no space by itself: their
systems stay in the Nix store until its garbage is collected. --collect
then runs the store's garbage collection (nix-store --gc) and reports
what it freed; --collect alone collects garbage without deleting any
generation.`,
		Example: `  ask-nix gc --keep 5
  ask-nix gc --older-than 30d --collect
  ask-nix gc --keep 3 --dry-run
  ask-nix gc --collect
  ask-nix "clean up old generations, keep 5"
  ask-nix "delete generations older than 30 days and collect garbage"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p := gc.Policy{Keep: int(opts.keep), OlderThan: opts.olderThan.d}
			if p.Keep == 0 && p.OlderThan == 0 && !opts.collect {
				// As "delete old generations" is not understood without
				// a limit, so is gc without one (exit 2).
				return usageError{fmt.Errorf("%w, or ask only for the store's garbage collection (--collect)", gc.ErrNoPolicy)}
			}
			return runGC(cmd.Context(), g, gcRequest{policy: p, collect: opts.collect})
		},
	}
	f := cmd.Flags()
	f.Var(&opts.keep, "keep", "keep the newest N generations")
	f.Var(&opts.olderThan, "older-than", "delete generations older than this age (30d, 12h, 2w)")
	f.BoolVar(&opts.collect, "collect", false, "then collect garbage in the Nix store (nix-store --gc)")
	return cmd
}

// runGCIntent carries out the intent when it arrives as free text.
func runGCIntent(ctx context.Context, g *globals, in intent.Intent) error {
	p := gc.Policy{Keep: in.Keep}
	if in.Keep < 0 {
		return &intent.NotUnderstood{Suggestions: gcSuggestions, Hint: "keep " + strconv.Itoa(in.Keep) + " is no count of generations; nothing was deleted"}
	}
	if in.OlderThan != "" {
		d, err := gc.ParseAge(in.OlderThan)
		if err != nil {
			return &intent.NotUnderstood{Suggestions: gcSuggestions, Hint: "older than " + in.OlderThan + " is no age (30d, 12h, 2w); nothing was deleted"}
		}
		p.OlderThan = d
	}
	if err := gcLimit("", in); err != nil {
		return err
	}
	return runGC(ctx, g, gcRequest{policy: p, collect: in.Collect})
}

// gcLimit refuses a gc intent that would delete generations with no
// limit said ("delete old generations"): how many to keep or how old is
// for the person to say, never guessed. understand applies it, so
// explain answers as running the request would; text is the request.
func gcLimit(text string, in intent.Intent) error {
	if in.Kind != intent.GC || in.Keep != 0 || in.OlderThan != "" || in.Collect {
		return nil
	}
	return &intent.NotUnderstood{Request: text, Suggestions: gcSuggestions,
		Hint: "deleting generations needs a limit said out loud: how many to keep (\"keep 5\") or how old (\"older than 30 days\"); nothing was deleted"}
}

var gcSuggestions = []intent.Suggestion{
	{Kind: intent.GC, Example: "clean up old generations, keep 5"},
	{Kind: intent.GC, Example: "delete generations older than 30 days"},
	{Kind: intent.GC, Example: "collect garbage"},
}

type gcRequest struct {
	policy  gc.Policy
	collect bool
}

// gcResult is the --json output of gc.
type gcResult struct {
	Profile string    `json:"profile"`
	Keep    []gc.Item `json:"keep"`
	Delete  []gc.Item `json:"delete"`
	DryRun  bool      `json:"dryRun"`
	Deleted []int     `json:"deleted"`
	// Collect (added later): the store's garbage collection was asked
	// for, so a dry run says it would run (Collected is only what one
	// that ran freed).
	Collect   bool          `json:"collect,omitempty"`
	Collected *gc.Collected `json:"collected,omitempty"`
}

// playgroundStoreNote is said before the store's garbage collection in
// the playground, whose folder holds a profile and state of its own but
// no Nix store.
const playgroundStoreNote = "the playground has no Nix store of its own: nix-store --gc collects this machine's whole /nix/store, every path no GC root keeps, whatever else uses it"

func runGC(ctx context.Context, g *globals, req gcRequest) error {
	s, err := g.Settings()
	if err != nil {
		return err
	}
	if req.collect && inPlayground(s) {
		// Its own folder holds the profile and state, not the store:
		// said before the question, not found out from what is freed.
		fmt.Fprintln(g.stderr, "note: "+playgroundStoreNote)
	}
	if req.policy.Keep == 0 && req.policy.OlderThan == 0 {
		// Only the store's garbage collection: no generation is touched.
		return runCollectOnly(ctx, g, s.Profile, s.StateDir)
	}
	gens, err := listGenerations(ctx, g, s, true)
	if err != nil {
		return err
	}
	req.policy.Protect = protected(s)
	plan, err := gc.Select(gens, req.policy, time.Now())
	if err != nil {
		if errors.Is(err, gc.ErrNoCurrent) {
			return fmt.Errorf("%s: %w", s.Profile, err)
		}
		return fmt.Errorf("%w; nothing was deleted", err)
	}
	res := gcResult{Profile: s.Profile, Keep: plan.Keep, Delete: plan.Delete, DryRun: g.dryRun, Deleted: []int{}, Collect: req.collect}
	if !g.dryRun && (len(plan.Delete) > 0 || req.collect) {
		if err := g.gcMayRun(s.StateDir); err != nil {
			return err
		}
	}
	switch asked := !g.dryRun && g.asks() && len(plan.Delete) > 0; {
	case asked:
		// What the question is about, beside it: on stderr under
		// --json, or when stdout is piped.
		printGCPlan(g.promptOut(), s.Profile, len(gens), plan)
	case !g.json:
		printGCPlan(g.stdout, s.Profile, len(gens), plan)
	}
	if g.dryRun {
		if g.json {
			return g.printJSON(res)
		}
		fmt.Fprint(g.stdout, "Dry run: nothing was deleted")
		if req.collect {
			fmt.Fprint(g.stdout, " and no garbage collected")
		}
		fmt.Fprintln(g.stdout, ".")
		return nil
	}
	if len(plan.Delete) == 0 && !req.collect {
		if g.json {
			return g.printJSON(res)
		}
		return nil
	}
	question := fmt.Sprintf("Delete %d generation%s", len(plan.Delete), plural(len(plan.Delete)))
	switch {
	case len(plan.Delete) == 0:
		question = "Collect garbage in the Nix store (nix-store --gc)"
	case req.collect:
		question += ", then collect garbage in the Nix store (nix-store --gc)"
	}
	if err := g.askGC(ctx, s.StateDir, question); err != nil {
		return err
	}
	// Deleting and collecting wait for no pass and run beside none: a
	// pass may need the generation it would roll back to, and its
	// evaluated derivation is no root until its build starts. The plan is
	// made again under the lock; one that changed since it was shown is
	// not carried out.
	l, err := reconciler.TryLock(s.StateDir, "ask-nix gc")
	if err != nil {
		return err
	}
	defer l.Unlock()
	if gens, err = listGenerations(ctx, g, s, true); err != nil {
		return err
	}
	req.policy.Protect = protected(s)
	if now, err := gc.Select(gens, req.policy, time.Now()); err != nil || !slices.Equal(now.Numbers(), plan.Numbers()) {
		return fmt.Errorf("the generations changed since the plan was made (a pass or another command ran); nothing was deleted. Run the same request again to see the new plan")
	}
	if err := gc.DeleteGenerations(ctx, g.runner, s.Profile, plan.Numbers()); err != nil {
		return fmt.Errorf("%w\nSome or none of generations %s may be gone; `ask-nix generations` shows what is left", err, formatRanges(plan.Numbers()))
	}
	res.Deleted = plan.Numbers()
	if !g.json && len(plan.Delete) > 0 {
		fmt.Fprintf(g.stdout, "Deleted %d generation%s.\n", len(plan.Delete), plural(len(plan.Delete)))
		if !req.collect {
			// As nix-env --delete-generations, which says nothing of it:
			// only the links are gone, no space is freed yet.
			fmt.Fprintln(g.stdout, "Their systems stay in the Nix store until its garbage is collected: ask-nix gc --collect frees the space.")
		}
	}
	if req.collect {
		c, err := collect(ctx, g)
		if err != nil {
			return err
		}
		res.Collected = &c
	}
	if g.json {
		return g.printJSON(res)
	}
	return nil
}

// runCollectOnly runs the store's garbage collection and nothing else.
func runCollectOnly(ctx context.Context, g *globals, profile, stateDir string) error {
	res := gcResult{Profile: profile, Keep: []gc.Item{}, Delete: []gc.Item{}, DryRun: g.dryRun, Deleted: []int{}, Collect: true}
	if g.dryRun {
		if g.json {
			return g.printJSON(res)
		}
		fmt.Fprintln(g.stdout, "Dry run: would run the store's garbage collection (nix-store --gc); no generation would be deleted.")
		return nil
	}
	if err := g.gcMayRun(stateDir); err != nil {
		return err
	}
	if err := g.askGC(ctx, stateDir, "Collect garbage in the Nix store (nix-store --gc)"); err != nil {
		return err
	}
	// As in runGC: not beside a pass.
	l, err := reconciler.TryLock(stateDir, "ask-nix gc")
	if err != nil {
		return err
	}
	defer l.Unlock()
	c, err := collect(ctx, g)
	if err != nil {
		return err
	}
	res.Collected = &c
	if g.json {
		return g.printJSON(res)
	}
	return nil
}

// gcMayRun says, before the plan is shown, what would stop gc from
// carrying it out: a user who may not change the system, or a pass that
// holds the lock (a plan printed and then refused reads as if it ran).
// The lock is only tried here; it is taken after the question.
func (g *globals) gcMayRun(stateDir string) error {
	if err := g.needSystem("gc"); err != nil {
		return err
	}
	l, err := reconciler.TryLock(stateDir, "ask-nix gc")
	if err != nil {
		return err
	}
	return l.Unlock()
}

// errGCDeclined is a "no" at gc's prompt: exit 1, as for an edit.
var errGCDeclined = errors.New("not done: you answered no; nothing was deleted")

// askGC asks before gc deletes anything, on a terminal, after making sure
// no pass holds the lock (asking first and refusing after the answer
// would waste it); the lock itself is taken only after the answer, so a
// question left open stops no pass. Without a terminal it needs -y.
func (g *globals) askGC(ctx context.Context, stateDir, question string) error {
	if g.yes {
		return nil
	}
	if !g.asks() {
		// No one to ask, and what goes is gone for good: as apt-get does
		// without a terminal, it needs -y.
		return &guard.Rejection{Code: guard.CodeNeedsYes, Reason: fmt.Sprintf("no terminal to ask %q on, and %v; nothing was deleted", question+"?", errNeedsYes)}
	}
	l, err := reconciler.TryLock(stateDir, "ask-nix gc")
	if err != nil {
		return err
	}
	_ = l.Unlock()
	ok, err := g.confirm(ctx, question+"? [y/N] ", false)
	if err != nil {
		return err
	}
	if !ok {
		return errGCDeclined
	}
	return nil
}

// collect runs nix-store --gc and says what it freed.
func collect(ctx context.Context, g *globals) (gc.Collected, error) {
	if !g.json {
		fmt.Fprintln(g.stdout, "Collecting garbage (nix-store --gc)...")
	}
	c, err := gc.Collect(ctx, g.runner)
	if err != nil {
		return c, err
	}
	if !g.json {
		if c.Summary == "" {
			fmt.Fprintln(g.stdout, "Garbage collected (nix-store did not say how much it freed).")
		} else {
			fmt.Fprintf(g.stdout, "Freed %.2f MiB (%d store path%s).\n", c.FreedMiB, c.StorePathsDeleted, plural(c.StorePathsDeleted))
		}
	}
	return c, nil
}

// printGCPlan shows what will be kept (with why, for the generations kept
// beyond the limits: current, booted, running) and what will be deleted, as ranges, each group with its
// reason; a generation whose system is gone from the store is marked
// missing wherever it is.
func printGCPlan(w io.Writer, profile string, total int, p gc.Plan) {
	var missing []string
	for _, it := range append(slices.Clone(p.Keep), p.Delete...) {
		if it.Missing {
			missing = append(missing, strconv.Itoa(it.Generation))
		}
	}
	slices.SortFunc(missing, func(a, b string) int { x, _ := strconv.Atoi(a); y, _ := strconv.Atoi(b); return x - y })
	fmt.Fprintf(w, "%s has %d generation%s", profile, total, plural(total))
	if len(missing) > 0 {
		fmt.Fprintf(w, " (%d missing: %s)", len(missing), plan.AndList(missing))
	}
	fmt.Fprintln(w, ".")
	if len(p.Delete) == 0 {
		// Say why each is kept: "keep 2" with 3 generations keeps the
		// booted one too, which is not obvious from the request.
		fmt.Fprintf(w, "Nothing to delete: every generation is kept: %s.\n", groupByReason(p.Keep))
		printGCMissing(w, missing)
		return
	}
	var special []string
	var rest, restMissing []int
	for _, it := range p.Keep {
		// Every reason but the limits asked for: a generation kept
		// beyond them (current, booted, running, date unknown) says why.
		var marks []string
		for _, r := range strings.Split(it.Reason, ", ") {
			if !strings.HasPrefix(r, "one of the newest ") && !strings.HasPrefix(r, "made in the last ") {
				marks = append(marks, r)
			}
		}
		switch {
		case len(marks) > 0:
			if it.Missing {
				marks = append(marks, "missing")
			}
			special = append(special, fmt.Sprintf("%d (%s)", it.Generation, strings.Join(marks, ", ")))
		case it.Missing:
			restMissing = append(restMissing, it.Generation)
		default:
			rest = append(rest, it.Generation)
		}
	}
	kept := special
	if len(rest) > 0 {
		kept = append(kept, formatRanges(rest))
	}
	if len(restMissing) > 0 {
		kept = append(kept, formatRanges(restMissing)+" (missing)")
	}
	fmt.Fprintf(w, "Keep %d: %s\n", len(p.Keep), strings.Join(kept, ", "))
	fmt.Fprintf(w, "Delete %d: %s\n", len(p.Delete), groupByReason(p.Delete))
	printGCMissing(w, missing)
}

// groupByReason writes items as one group per reason, in the order they
// first come ("1-4 (not one of the newest 2); 6 (missing, ...)"): with a
// count, a missing generation goes for a reason of its own.
func groupByReason(items []gc.Item) string {
	var reasons []string
	byReason := map[string][]int{}
	for _, it := range items {
		if _, ok := byReason[it.Reason]; !ok {
			reasons = append(reasons, it.Reason)
		}
		byReason[it.Reason] = append(byReason[it.Reason], it.Generation)
	}
	groups := make([]string, len(reasons))
	for i, r := range reasons {
		groups[i] = fmt.Sprintf("%s (%s)", formatRanges(byReason[r]), r)
	}
	return strings.Join(groups, "; ")
}

// printGCMissing says under the plan what a missing generation is, as
// the generations table does.
func printGCMissing(w io.Writer, missing []string) {
	switch len(missing) {
	case 0:
	case 1:
		fmt.Fprintf(w, "missing: generation %s's system is no longer in the Nix store; it cannot be switched to, and deleting it removes only its link.\n", missing[0])
	default:
		fmt.Fprintf(w, "missing: the systems of generations %s are no longer in the Nix store; they cannot be switched to, and deleting them removes only their links.\n", plan.AndList(missing))
	}
}

// formatRanges writes ascending numbers as "1-9, 11, 14-15".
func formatRanges(ns []int) string {
	var parts []string
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		switch {
		case j == i:
			parts = append(parts, strconv.Itoa(ns[i]))
		default:
			parts = append(parts, strconv.Itoa(ns[i])+"-"+strconv.Itoa(ns[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// protected are the generations gc keeps beyond the current and booted
// ones: the one running (after a boot-only switch it is neither), and the
// one an activation cut short goes back to, which its next pass needs.
func protected(s *settings.Settings) map[int]string {
	keep := map[int]string{}
	if n, _ := activate.Find(s.Profile, activate.Target(s.CurrentSystem())); n > 0 {
		keep[n] = "running"
	}
	if st, err := state.Load(s.StateDir); err == nil && st.Activating != nil && st.Activating.FromGeneration > 0 {
		keep[st.Activating.FromGeneration] = "what an activation cut short goes back to"
	}
	return keep
}

// resolveDeleteGeneration answers "delete generation 12" with the
// nix-env command for the profile ask-nix keeps (a playground's,
// NIX_HUMANITY_PROFILE), which copied as it is must not delete a
// generation of another profile. Without the settings the parser's
// answer, for NixOS's profile, stands.
func (g *globals) resolveDeleteGeneration(d *parse.DeleteGeneration) error {
	s, err := g.Settings()
	if err != nil {
		return d
	}
	nu := *d.NotUnderstood
	nu.Hint = parse.DeleteGenerationHint(d.Generation, s.Profile)
	return &nu
}
