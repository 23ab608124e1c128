package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/internal/termtext"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/generation/pkgdiff"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

type applyOptions struct {
	force  bool
	action string // one pass's action instead of the setting's; "" is the setting
}

func newApplyCommand(g *globals) *cobra.Command {
	var opts applyOptions
	cmd := &cobra.Command{
		Use:   "apply",
		Short: "Reconcile once now, in the foreground, with build progress",
		Long: `apply runs one reconcile pass now: when the fragment (or a watched path)
changed since the last successful pass it evaluates, builds and activates
the system, showing the build's progress; otherwise it stops at once
without running Nix. Only one pass runs at a time: when nix-humanityd is in
the middle of one, apply says so and changes nothing.

--action does this pass with another of nixos-rebuild's actions than the
setting's: test (live until reboot, no generation), boot (the boot default
only) or build (nothing activated; the packages switching to it would
change are listed, as a preview). The next pass with the setting's action
is no no-op. While nix-humanityd runs it keeps its own action, so then a
one-off test or boot is refused (a build may run).`,
		Example: `  ask-nix apply
  ask-nix apply --action test
  ask-nix "test the configuration"
  ask-nix "build it but don't switch"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runApply(cmd.Context(), g, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.force, "force", false, "evaluate even when the inputs have not changed")
	cmd.Flags().StringVar(&opts.action, "action", "", "this pass only: switch, boot (the boot default, not the running system), test (the running system until reboot, no generation) or build (nothing activated); default: the action setting")
	_ = cmd.RegisterFlagCompletionFunc("action", cobra.FixedCompletions([]string{"switch", "boot", "test", "build"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// runApplyIntent carries out the intent when it arrives as free text
// ("test the configuration" is apply with action test).
func runApplyIntent(ctx context.Context, g *globals, in intent.Intent) error {
	return runApply(ctx, g, applyOptions{action: in.Action})
}

func (g *globals) reconciler() (*reconciler.Reconciler, error) {
	s, err := g.Settings()
	if err != nil {
		return nil, err
	}
	// While a nix-humanityd runs on the fragment, the passes of apply
	// and update and the switches of rollback hash the inputs as its
	// passes do (its watch paths and hash settings), as status and the
	// dry run reckon what is pending: else a daemon that watches other
	// files would find their pass a change to build (and end a rollback's
	// hold by evaluating), and apply the daemon's.
	return &reconciler.Reconciler{Settings: s, Runner: g.runner, Log: passLog(g.stderr), AsDaemon: true}, nil
}

func runApply(ctx context.Context, g *globals, opts applyOptions) error {
	r, err := g.reconciler()
	if err != nil {
		return err
	}
	if err := oneOffAction(r, opts.action); err != nil {
		return err
	}
	if g.dryRun {
		return dryRunApply(g, r, opts)
	}
	if err := g.needSystem("apply"); err != nil {
		return err
	}
	ui := newPassUI(g)
	ui.pidFile = filepath.Join(r.Settings.StateDir, reconciler.ActivationPidFile)
	r.Observer = ui
	p, err := r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply, Force: opts.force, OnProgress: ui.progress, OnWarning: ui.warning})
	ui.close()
	ui.moreWarnings(p.WarningsMore)
	if err := g.reportPassAndChanges(ctx, r, p, err); err != nil {
		return err
	}
	if !g.json && p.Result == state.ResultNoop && p.Reason == "inputs unchanged" {
		// nixos-rebuild evaluates every time: say what was compared,
		// so a hand edit elsewhere (configuration.nix, flake.nix, a
		// flake.lock by nix flake update) is not taken for built.
		watch, daemonPID := r.Settings.WatchPaths, 0
		if st, err := state.Load(r.Settings.StateDir); err == nil {
			if w := r.DaemonHashing(st); w != nil {
				watch, daemonPID = w.WatchPaths, w.PID
			}
		}
		fmt.Fprintln(g.stdout, unchangedInputsNote(watch, daemonPID))
	}
	return nil
}

// unchangedInputsNote says what a pass that found its inputs unchanged
// compared, and how to evaluate all the same: the files watch names, as
// ask-nix's settings name them, or as the running nix-humanityd with pid
// daemonPID (not 0) watches them.
func unchangedInputsNote(watch []string, daemonPID int) string {
	what := "the fragment is as the last successful pass built it, and no other file is watched (the watchPaths setting)"
	if len(watch) > 0 {
		what = "the fragment and the watched files (" + strings.Join(watch, ", ") + ") are as the last successful pass built them"
	}
	if daemonPID != 0 {
		what += fmt.Sprintf(", as the running nix-humanityd (pid %d) watches them", daemonPID)
	}
	return "Nothing was evaluated: " + what + ". A change elsewhere in the configuration is not seen: ask-nix apply --force evaluates it all, as nixos-rebuild does."
}

// reportPassAndChanges reports pass p as reportPass does, then the
// packages it changed (passChanges), which it records on p first.
func (g *globals) reportPassAndChanges(ctx context.Context, r *reconciler.Reconciler, p state.Pass, err error) error {
	lines, c := g.passChanges(ctx, r, &p, err)
	if err := g.reportPass(p, c, err); err != nil {
		return err
	}
	if !g.json {
		fmt.Fprint(g.stdout, lines)
	}
	return nil
}

// passChanges says which packages pass p changed, as nixos-rebuild
// users read from nvd, and records them on p (and in the state file, for
// status) when it changed the running system or the boot default; ""
// when the pass failed or changed nothing. apply and update say them.
// c is the changes recorded on p as the pass JSON's packageChanges gives
// them, nil when none were.
func (g *globals) passChanges(ctx context.Context, r *reconciler.Reconciler, p *state.Pass, err error) (lines string, c *pkgdiff.Changes) {
	// Said against what ran when the pass took its lock (Baseline), not
	// the profile's generation: after a rollback with action boot or
	// test the two differ.
	base := reconciler.Baseline(*p)
	switch {
	case err == nil && reconciler.ChangedSystem(*p):
		lines, c = g.packageChanges(ctx, r, p)
		if lines != "" && p.Action == "boot" {
			// Nothing changed in what runs: the lines are what the next
			// boot brings.
			lines = fmt.Sprintf("From the next boot on, against %s, which runs now:\n", reconciler.RanBefore(*p)) + lines
		}
	case err == nil && (p.Action == "build" || p.Action == "test") && p.Result == state.ResultSuccess &&
		base != "" && p.Toplevel != "" && p.Toplevel != base:
		// No new generation, but a system to compare: what switching to
		// the build would change, or what the test put live.
		lines = g.oneOffChanges(ctx, r, *p)
	case err == nil && p.Action == "build" && p.Result == state.ResultSuccess && p.Toplevel != "" &&
		p.Toplevel == base && p.FromToplevel != p.Toplevel:
		// A one-off test put it live already.
		lines = "It is what runs now: switching to it changes no package, and makes it a generation and the boot default.\n"
	case err == nil && p.Result == state.ResultSuccess && p.Generation > 0 && (p.Action == "switch" || p.Action == "boot") &&
		p.Toplevel != "" && p.Toplevel == base && p.FromToplevel != p.Toplevel:
		// The system that already ran (a one-off test put it live, or a
		// rollback with action boot left it running), now made a
		// generation: no package changed in what runs, which "is live"
		// alone leaves unsaid.
		lines = fmt.Sprintf("It is the system that was already running: no package changed; it is now generation %d and the boot default.\n", p.Generation)
	}
	return lines, c
}

// packageChanges reads what pass p did to the system's packages, sets it
// on p (and the state file, for status), and returns the lines that say
// it: + added, - removed, ~ another version, and the changes themselves
// (nil when they were not read). It is a courtesy after the pass: when
// the store cannot be queried, a note says so and the pass still counts
// as done.
func (g *globals) packageChanges(ctx context.Context, r *reconciler.Reconciler, p *state.Pass) (string, *pkgdiff.Changes) {
	if ctx.Err() != nil {
		diff := "ask-nix generations diff"
		if from := cmp.Or(p.FromRunningGeneration, p.FromGeneration); from > 0 && p.Generation > 0 && from != p.Generation {
			diff = fmt.Sprintf("ask-nix generations diff %d %d", from, p.Generation)
		}
		fmt.Fprintf(g.stderr, "%s (%s lists them)\n", lateInterruptNote, diff)
		return "", nil
	}
	c, err := r.PackageChanges(ctx, p)
	if err != nil {
		fmt.Fprintf(g.stderr, "note: the package changes cannot be listed: %v\n", err)
		return "", nil
	}
	return packageLines(c), &c
}

// lateInterruptNote is said when Ctrl-C (or SIGTERM, SIGHUP) came after
// the pass could no longer stop: the pass finished all the same, and
// listing its packages, a courtesy, is skipped rather than reported as
// a store query that failed with "context canceled".
const lateInterruptNote = "note: interrupted too late to stop the pass (an activation, once begun, is always finished): it finished as said below, and its package changes were not listed"

// oneOffChanges says what a build or test pass's system has against
// what ran when the pass began, without recording it as a change of the
// running system (status would show it as one).
func (g *globals) oneOffChanges(ctx context.Context, r *reconciler.Reconciler, p state.Pass) string {
	if ctx.Err() != nil {
		fmt.Fprintln(g.stderr, lateInterruptNote)
		return ""
	}
	c, err := pkgdiff.Compare(ctx, r.Runner, reconciler.Baseline(p), p.Toplevel)
	if err != nil {
		fmt.Fprintf(g.stderr, "note: the package changes cannot be listed: %v\n", err)
		return ""
	}
	lines := packageLines(c)
	if lines == "" {
		return ""
	}
	head := fmt.Sprintf("Against %s, which ran before, the system now live has:\n", reconciler.RanBefore(p))
	if p.Action == "build" {
		head = fmt.Sprintf("Switching to it would change, against %s, which runs now:\n", reconciler.RanBefore(p))
	}
	return head + lines
}

// dryRunApply says whether a pass would do anything, and what with the
// action it would have (the setting's, or --action's), without Nix.
func dryRunApply(g *globals, r *reconciler.Reconciler, opts applyOptions) error {
	rep, err := reconciler.Status(r.Settings)
	if err != nil {
		return err
	}
	// What apply's own pass would take (AsDaemon): the daemon's hashing
	// when it builds what ask-nix's settings build, else ask-nix's own.
	own, err := r.PassHash(&rep.State)
	if err != nil {
		return err
	}
	// As status reckons what is pending: while a nix-humanityd runs on
	// this fragment, the inputs as its passes hash them (its watch
	// paths and settings, which recorded the applied hash), not as
	// ask-nix's own settings would, which may differ (the daemon started
	// with other NIX_HUMANITY_WATCH_PATHS or flags).
	hash, daemon := own, daemonWatching(r.Settings, rep)
	if daemon != nil {
		w := daemon
		if r.ActionOverride != "" {
			w = w.WithSetting("action", r.ActionOverride)
		}
		if hash, err = r.InputsHashAs(w); err != nil {
			return err
		}
	}
	changed := hash != rep.AppliedHash
	// As the pass decides: an activation cut short is done again, and
	// --force evaluates, whether or not the inputs changed.
	resume := rep.Activating != nil && (rep.Phase == state.PhaseIdle || rep.Phase == "")
	would := map[string]string{
		"switch": "build and activate it",
		"test":   "build it and activate it until the next boot (no generation; the boot default stays)",
		"boot":   "build it and make it a generation and the boot default, activating nothing now",
		"build":  "build it, activating nothing (a preview: the packages switching to it would change are listed)",
	}[r.Action()]
	// A one-off action differs from the setting's in the inputs' hash:
	// whether the files changed is the setting's hash's to say.
	oneOff := ""
	if r.ActionOverride != "" && changed {
		base := &reconciler.Reconciler{Settings: r.Settings}
		h, err := base.InputsHash()
		if daemon != nil {
			h, err = base.InputsHashAs(daemon)
		}
		if err == nil && h == rep.AppliedHash {
			oneOff = r.ActionOverride
		}
	}
	evaluate := true
	var sentence string
	switch {
	case resume:
		sentence = fmt.Sprintf("An activation was cut short: apply would evaluate the inputs and %s again, whether or not they look in place.", would)
	case oneOff != "":
		sentence = fmt.Sprintf("The inputs are unchanged since the last successful pass; a one-off %s would still evaluate them and, if needed, %s.", oneOff, would)
	case changed:
		sentence = fmt.Sprintf("The inputs changed since the last successful pass: apply would evaluate and, if the system differs, %s.", would)
	case own != hash && own != rep.AppliedHash:
		// Unchanged for the daemon (status says nothing waits), but
		// apply's own pass builds with other settings than the daemon's
		// (another system, profile or action), so it hashes them with
		// ask-nix's.
		sentence = fmt.Sprintf("The inputs are unchanged since the last successful pass as the running nix-humanityd (pid %d) hashes them, so nothing waits for it; but ask-nix's own settings differ from that daemon's in what a pass builds or does (another system, system attribute, profile or action: ask-nix config shows them), so apply would still evaluate them and, if the system differs, %s.", daemon.PID, would)
	case opts.force && rep.HeldGeneration != 0:
		sentence = fmt.Sprintf("Generation %d was switched to on request and the inputs are unchanged since, but with --force apply would evaluate them and, if the system differs, %s, which ends that rollback.", rep.HeldGeneration, would)
	case opts.force:
		sentence = fmt.Sprintf("The inputs are unchanged since the last successful pass, but with --force apply would evaluate them and, if the system differs, %s.", would)
	case rep.HeldGeneration != 0:
		// As the run says it: the rollback holds.
		sentence, evaluate = fmt.Sprintf("Generation %d was switched to on request and the inputs are unchanged since: apply would stop without running Nix, and generation %d stays (ask-nix apply --force builds the fragment's configuration).", rep.HeldGeneration, rep.HeldGeneration), false
	default:
		sentence, evaluate = "The inputs are unchanged since the last successful pass: apply would stop without running Nix.", false
	}
	if g.json {
		// The first three keys came first; the rest say what the text
		// says (docs/operations.md lists them).
		return g.printJSON(map[string]any{
			"inputsChanged":      changed,
			"inputsHash":         hash,
			"appliedHash":        rep.AppliedHash,
			"action":             r.Action(),
			"oneOff":             r.ActionOverride != "",
			"force":              opts.force,
			"activationCutShort": resume,
			"wouldEvaluate":      evaluate,
			"sentence":           sentence,
			// Added later: the hash is the running daemon's reckoning,
			// as status's desiredHash is.
			"asDaemon": daemon != nil,
		})
	}
	fmt.Fprintln(g.stdout, sentence)
	return nil
}

// daemonWatching is the running nix-humanityd's record of its inputs
// when it watches s's fragment, as ask-nix status takes it to reckon
// what is pending; nil when none runs, or it watches another fragment.
func daemonWatching(s *settings.Settings, rep *reconciler.StatusReport) *state.Watching {
	if w := reconciler.RunningDaemon(s.StateDir, &rep.State); w != nil && w.Covers(s.Fragment) {
		return w
	}
	return nil
}

// errStaging refuses a boot-default change in the staging environment.
var errStaging = &guard.Rejection{Code: guard.CodeStaging, Reason: "this machine is in the staging environment, where activations are test only and never change the boot default; nothing was changed"}

// oneOffAction makes action the activation of r's passes, when it is
// given and differs from the setting. A running nix-humanityd keeps the
// machine at the setting's action and would redo it at its next pass
// (within minutes), so then test and boot are refused.
func oneOffAction(r *reconciler.Reconciler, action string) error {
	if action == "" || action == r.Action() {
		return nil
	}
	switch action {
	case "switch", "boot", "test", "build":
	default:
		// Only --action reaches here (the guard checks the words): a
		// command line not understood.
		return usageError{fmt.Errorf("unknown action %q: say switch, boot, test or build", action)}
	}
	if r.Settings.Env == "staging" && action != "test" && action != "build" {
		return errStaging
	}
	// A build changes nothing the daemon keeps, so it may run beside it
	// (a preview); its next pass only finds the system as it was.
	if action != "build" && reconciler.Daemon(r.Settings.StateDir) == reconciler.DaemonPresent {
		return &guard.Rejection{Code: guard.CodeDaemonRuns, Reason: fmt.Sprintf("nix-humanityd runs this machine with action %s (set by %s) and would %s again at its next pass, so a one-off %s would not last; nothing was changed. Stop the daemon first, or change the action setting (NIX_HUMANITY_ACTION)",
			r.Action(), r.Settings.Source("action"), r.Action(), action)}
	}
	r.ActionOverride = action
	return nil
}

// reportPass prints how a pass ended and turns a failure into the error
// that sets the exit code; c is the package changes recorded on p, for
// the JSON's packageChanges (nil: none).
func (g *globals) reportPass(p state.Pass, c *pkgdiff.Changes, err error) error {
	if err != nil {
		return err // with --json, g.exit prints it as {"error": ...}
	}
	if g.json {
		return g.printJSON(passWithChanges(p, c))
	}
	fmt.Fprintln(g.stdout, passSummary(p))
	if w := afterFailureSentence(p.AppliedAfterFailure); w != "" {
		fmt.Fprintln(g.stdout, w)
	}
	return nil
}

// afterFailureSentence says that a pass put in place edits an earlier
// pass had marked failed, which ask-nix history now shows applied.
func afterFailureSentence(edits []int) string {
	switch len(edits) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("Edit %d, which an earlier pass marked failed, is in place now: ask-nix history shows it applied, with that failure.", edits[0])
	}
	return fmt.Sprintf("Edits %s, which an earlier pass marked failed, are in place now: ask-nix history shows them applied, with that failure.", reconciler.NumberList(edits))
}

// passJSON is a pass as apply, update and rollback print it under
// --json: the state file's record, whose packages are words
// ("firefox 133.0 → 134.0"), and (added later) packageChanges, the same
// changes as generations diff --json and rollback --dry-run --json give
// them: name and version apart. Not kept in the state file.
type passJSON struct {
	state.Pass
	PackageChanges *packageChangesJSON `json:"packageChanges,omitempty"`
}

// packageChangesJSON is what changed in a system's packages, in the
// shape generations diff --json gives it (its keys in the order
// rollback --dry-run --json has always written them).
type packageChangesJSON struct {
	Added   []pkgdiff.Package `json:"added"`
	Changed []pkgdiff.Change  `json:"changed"`
	Removed []pkgdiff.Package `json:"removed"`
}

// packageChangesOf is c as the JSON gives it: lists never null.
func packageChangesOf(c pkgdiff.Changes) *packageChangesJSON {
	return &packageChangesJSON{Added: orEmpty(c.Added), Changed: orEmpty(c.Changed), Removed: orEmpty(c.Removed)}
}

// passWithChanges is p with the changes c (nil: none recorded) as the
// JSON prints them: packageChanges only beside a recorded packages.
func passWithChanges(p state.Pass, c *pkgdiff.Changes) passJSON {
	out := passJSON{Pass: p}
	if c != nil && p.Packages != nil {
		out.PackageChanges = packageChangesOf(*c)
	}
	return out
}

func passSummary(p state.Pass) string {
	// A followed pass is the daemon's, read from the state file.
	p.Reason, p.Toplevel = termtext.Line(p.Reason), termtext.Line(p.Toplevel)
	var times []string
	for _, ph := range []string{"eval", "build", "activate", "health"} {
		if d, ok := p.Durations[ph]; ok {
			times = append(times, fmt.Sprintf("%s %.1f s", ph, d))
		}
	}
	t := ""
	if len(times) > 0 {
		t = " (" + strings.Join(times, ", ") + ")"
	}
	switch {
	case p.Result == state.ResultNoop && p.Generation > 0:
		return fmt.Sprintf("Nothing to do: %s; generation %d is current%s.", p.Reason, p.Generation, t)
	case p.Result == state.ResultNoop:
		return fmt.Sprintf("Nothing to do: %s%s.", p.Reason, t)
	case p.Action == "build":
		return fmt.Sprintf("Done%s: built %s, not activated (action build).", t, p.Toplevel)
	case p.Action == "test" && p.RunningGeneration != 0 && p.Running == p.Toplevel:
		// The same system as a generation: named, so "no new generation"
		// does not read as "no generation at all".
		return fmt.Sprintf("Done%s: %s, the system of generation %d, is live until the next reboot (action test: no new generation, the boot default is unchanged).", t, p.Toplevel, p.RunningGeneration)
	case p.Action == "test":
		return fmt.Sprintf("Done%s: %s is live until the next reboot (action test: no new generation, the boot default is unchanged).", t, p.Toplevel)
	case p.Generation > 0 && p.Action == "boot":
		return fmt.Sprintf("Generation %d is the boot default%s; the running system stays as it is until you reboot.", p.Generation, t)
	case p.Generation > 0:
		return fmt.Sprintf("Generation %d is live%s.", p.Generation, t)
	case p.Reason != "":
		return fmt.Sprintf("Done: %s%s.", p.Reason, t)
	}
	return fmt.Sprintf("Done%s: %s is live (no new generation).", t, p.Toplevel)
}

// passUI shows a pass on stderr: a progress bar on a terminal, a line
// per phase otherwise.
type passUI struct {
	w        io.Writer
	terminal bool
	width    int

	// pidFile names an activation started before this one that still
	// runs (a daemon or an apply that died): the pass waits for it.
	pidFile string

	mu       sync.Mutex
	lastLine time.Time
	lastDone int
	drawn    bool
}

func newPassUI(g *globals) *passUI {
	ui := &passUI{w: g.stderr, width: 80, lastDone: -1}
	if f, ok := g.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) && !g.json {
		ui.terminal = true
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 20 {
			ui.width = w
		}
	}
	return ui
}

var phaseWords = map[state.Phase]string{
	state.PhaseEval:     "evaluating the system…",
	state.PhaseBuild:    "building…",
	state.PhaseActivate: "activating…",
	state.PhaseHealth:   "running health checks…",
	state.PhaseRollback: "rolling back…",
}

func (ui *passUI) PhaseStarted(ph state.Phase) {
	words, ok := phaseWords[ph]
	if !ok {
		return
	}
	if ph == state.PhaseActivate && ui.pidFile != "" {
		if pid := nixrun.StillRunning(ui.pidFile); pid != 0 {
			// Else a wait of minutes would look like a hang.
			words = fmt.Sprintf("activating… first waiting for the activation a process before this one started, still running (pid %d), to end", pid)
		}
	}
	ui.mu.Lock()
	defer ui.mu.Unlock()
	ui.clear()
	fmt.Fprintln(ui.w, words)
}

func (ui *passUI) PassFinished(state.Pass, state.State) {}
func (ui *passUI) WatchEvent(string)                    {}

func (ui *passUI) progress(p nixrun.Progress) {
	if p.Expected == 0 && len(p.Building) == 0 {
		// Nothing to build (all of it in the store), or not known yet:
		// "built 0 of 0" would say nothing, oddly.
		return
	}
	ui.mu.Lock()
	defer ui.mu.Unlock()
	now := time.Now()
	if !ui.terminal {
		// One line when the count moves, at most every 2 s, and at the end.
		if p.Done == ui.lastDone || (now.Sub(ui.lastLine) < 2*time.Second && p.Done != p.Expected) {
			return
		}
		ui.lastDone, ui.lastLine = p.Done, now
		fmt.Fprintf(ui.w, "  built %d of %d derivations\n", p.Done, p.Expected)
		return
	}
	ui.clear()
	fmt.Fprint(ui.w, bar(p, ui.width))
	ui.drawn = true
}

// bar renders "[#####.....] 3/7 building hello-2.12.1, …" to fit width.
func bar(p nixrun.Progress, width int) string {
	const cells = 20
	filled := 0
	if p.Expected > 0 {
		filled = min(cells, p.Done*cells/p.Expected)
	}
	s := fmt.Sprintf("[%s%s] %d/%d", strings.Repeat("#", filled), strings.Repeat(".", cells-filled), p.Done, p.Expected)
	if p.Failed > 0 {
		s += fmt.Sprintf(" (%d failed)", p.Failed)
	}
	if len(p.Building) > 0 {
		s += " building " + strings.Join(p.Building, ", ")
	}
	if r := []rune(s); len(r) > width-1 {
		s = string(r[:width-2]) + "…"
	}
	return s
}

func (ui *passUI) clear() {
	if ui.drawn {
		fmt.Fprint(ui.w, "\r\x1b[K")
		ui.drawn = false
	}
}

// warning shows a warning Nix printed during the pass (each once:
// the pass says each only once), above the progress bar.
func (ui *passUI) warning(text string) {
	ui.mu.Lock()
	defer ui.mu.Unlock()
	ui.clear()
	fmt.Fprintln(ui.w, warningPrefix+text)
}

// moreWarnings says how many more different warnings Nix printed than
// the pass showed.
func (ui *passUI) moreWarnings(n int) {
	if n == 0 {
		return
	}
	ui.mu.Lock()
	defer ui.mu.Unlock()
	ui.clear()
	s := "s"
	if n == 1 {
		s = ""
	}
	fmt.Fprintf(ui.w, "%s… and %d more warning%s, not shown\n", warningPrefix, n, s)
}

// warningPrefix starts the line of a warning Nix printed, so it is not
// taken for ask-nix's own.
const warningPrefix = "warning from Nix: "

func (ui *passUI) close() {
	ui.mu.Lock()
	defer ui.mu.Unlock()
	ui.clear()
}

func (g *globals) println(s string) { fmt.Fprintln(g.stdout, s) }
