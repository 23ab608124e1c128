package reconciler

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/reconciler/activate"
	"github.com/nix-humanity/nix-humanity/reconciler/build"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// SwitchGeneration makes generation n of the profile current and
// activates it (`nix-env --switch-generation` and switch-to-configuration,
// as `nixos-rebuild switch --rollback` does); n == 0 is the generation
// before the current one. If activation fails the profile and the running
// system are put back. The pass is recorded with trigger "rollback", and
// the current inputs count as applied, so the daemon does not undo the
// rollback until the fragment changes again.
func (r *Reconciler) SwitchGeneration(ctx context.Context, n int) (state.Pass, error) {
	return r.Switch(ctx, Pick{Number: n})
}

// Pick says which generation a switch goes to: generation Number, or
// else Steps from the current one (0 or 1: the next), older or, with
// Forward, newer; or with Latest the newest.
type Pick struct {
	Number  int
	Steps   int
	Forward bool
	Latest  bool
}

// Switch is SwitchGeneration to the generation pick names. The current
// generation is read under the pass lock, so a pass that ends just
// before cannot shift where "two back" or "the latest" lands.
func (r *Reconciler) Switch(ctx context.Context, pick Pick) (state.Pass, error) {
	if pick.Steps < 0 {
		return state.Pass{}, fmt.Errorf("a switch moves 1 or more generations, not %d; nothing was changed", pick.Steps)
	}
	l, err := r.lock(ctx, false, "rollback")
	if err != nil {
		return state.Pass{}, err
	}
	defer l.Unlock()
	return r.switchGeneration(ctx, pick)
}

// Target is the generation pick names, counted from cur.
func (pick Pick) Target(profile string, cur activate.Generation) (activate.Generation, error) {
	switch {
	case pick.Number > 0:
		return activate.Lookup(profile, pick.Number)
	case pick.Latest:
		return activate.Latest(profile)
	case cur.Number == 0:
		return activate.Generation{}, &activate.NoGenerationError{Reason: fmt.Sprintf("the profile %s has no generations yet; nothing to roll back to", profile)}
	case pick.Forward:
		return activate.Forward(profile, cur.Number, max(pick.Steps, 1))
	}
	return activate.Back(profile, cur.Number, max(pick.Steps, 1))
}

// PickAnother is the advice after a switch from cur to generation to
// was refused because its system is gone or damaged: the nearest
// generation that can be switched to (activate.Nearest), as the command
// that goes there, or else to pick another.
func PickAnother(profile string, cur, to activate.Generation) string {
	g, older, ok := activate.Nearest(profile, to.Number, cur.Number)
	if !ok {
		return "Pick another generation (ask-nix generations lists them)"
	}
	which := "newer"
	if older {
		which = "older"
	}
	return fmt.Sprintf("The nearest %s generation that can be switched to is %d: ask-nix rollback --to %d (ask-nix generations lists them all)", which, g.Number, g.Number)
}

func (r *Reconciler) switchGeneration(ctx context.Context, pick Pick) (state.Pass, error) {
	st, err := r.loadState()
	if err != nil {
		return state.Pass{}, err
	}
	// The hash it counts as applied is the running daemon's, when
	// AsDaemon (ask-nix rollback): else a daemon that watches other files
	// would find a change where there is none, and evaluate.
	defer r.hashAsDaemon(st)()
	x := &run{r: r, st: st, p: state.Pass{Trigger: TriggerRollback, Action: r.Action(), Started: r.now(), Durations: map[string]float64{}}}
	x.reserveID()
	// A generation that is not there is a request that cannot be carried
	// out, not a pass that failed: it is said, and nothing is recorded.
	profile := r.Settings.Profile
	cur, err := activate.Current(profile)
	if err != nil {
		return state.Pass{}, err
	}
	to, err := pick.Target(profile, cur)
	if err != nil {
		return state.Pass{}, fmt.Errorf("%w; nothing was changed (ask-nix generations lists them)", err)
	}
	// So is a generation whose system is gone from the store or is no
	// system: refused before anything is touched or recorded.
	if err := activate.CheckGeneration(to); err != nil {
		return state.Pass{}, fmt.Errorf("%w; nothing was changed%s. %s", err, keeps(activate.Before{Generation: cur}), PickAnother(profile, cur, to))
	}
	x.p.Toplevel = to.Path
	x.p.FromGeneration, x.p.FromToplevel = cur.Number, cur.Path
	r.noteRunning(&x.p, activate.Target(r.Settings.CurrentSystem()), cur)
	// Counted as applied with the action the daemon's passes use, not a
	// one-off --action boot, so they find nothing to do until the inputs
	// change.
	hash, herr := r.inputsHash(r.configuredAction())
	// Read before the switch moves the profile: a second rollback keeps
	// what the first went back from, while that hold lasts. One the
	// fragment ended since (as the next pass would end it) is no hold
	// to keep: this switch is a first one, so an edit not built yet is
	// pending, not a hold said to have ended the moment it was made.
	wasHeld := r.held(st) != 0 && st.HeldFragment != ""
	if wasHeld {
		frag, err := txn.ReadFragment(r.Settings.Fragment)
		wasHeld = err == nil && contentHash(frag) == st.HeldFragment
	}
	markApplied := func() {
		// Held only while the inputs are what was last built: an edit not
		// built yet stays pending (the next pass builds it), and the hold
		// keeps what the inputs build, the fragment as it is now, to
		// compare later changes with.
		inSync := herr == nil && hash == st.AppliedHash
		if !wasHeld {
			st.HeldFrom, st.HeldFragment = "", ""
			if inSync {
				st.HeldFrom = st.AppliedToplevel
				if frag, err := txn.ReadFragment(r.Settings.Fragment); err == nil {
					st.HeldFragment = contentHash(frag)
				}
			}
		}
		if inSync {
			st.DesiredHash = hash
			x.p.InputsHash = hash
		}
		st.AppliedToplevel, st.Held = to.Path, to.Path
		if !inSync && !wasHeld {
			st.Held = "" // nothing to hold against: the pending edit comes next
		}
		if st.HeldFrom != "" && to.Path == st.HeldFrom {
			// Back to what the inputs build ("undo the rollback"): no
			// hold, applied as a pass would have it.
			st.Held, st.HeldFrom, st.HeldFragment = "", "", ""
		}
	}
	if to.Number == cur.Number && st.Activating == nil && r.inPlace(to.Path) {
		// Nothing is done, so nothing is held or counted as applied (an
		// edit not yet built stays to be built), nor recorded: as the
		// last pass it would hide a failure the inputs still have.
		x.p.Generation = to.Number
		return x.quiet(fmt.Sprintf("generation %d is already current", to.Number))
	}
	act := r.activator()
	before, err := act.Snapshot()
	if err != nil {
		return x.fail(err)
	}
	if st.Activating != nil {
		// A pass's activation was cut short: what ran before it is what a
		// failure here goes back to, not the half-switched system.
		before = beforeOf(st.Activating)
	}
	// From here on nothing is interrupted, as in a pass.
	actx := context.WithoutCancel(ctx)
	action := r.Action()
	prior := st.Activating
	x.activating(to.Path, action, before)
	if err := x.enterOrStop(state.PhaseActivate); err != nil {
		st.Activating, x.activated = prior, false
		return x.unrecorded(err, fmt.Sprintf("generation %d was not activated; generation %d stays current", to.Number, cur.Number))
	}
	r.log().Info("switching generation", "from", cur.Number, "to", to.Number)
	r.noteEarlierActivation(act)
	err = act.SwitchGeneration(actx, action, to, before)
	x.done("activate")
	if err != nil {
		var step *activate.StepError
		if errors.As(err, &step) && step.Step == "switch generation" {
			// nix-env runs first: nothing was touched, and an activation
			// cut short before is still to be finished.
			st.Activating, x.activated = prior, false
			if missing := nixMissing(err); missing != "" {
				return x.fail(fmt.Errorf("%s is not on PATH (%s): switching generations needs Nix; nothing was changed. Run where Nix is installed", missing, os.Getenv("PATH")))
			}
			return x.fail(fmt.Errorf("%w; nothing was changed", err))
		}
		return x.fail(err)
	}
	// The generation asked for is live: it has to pass the same health
	// checks as a new one, or a rollback could leave the machine in a
	// state the checks would have refused.
	if liveAction(action) && len(r.Settings.HealthChecks) > 0 {
		x.enter(state.PhaseHealth)
		herr := activate.HealthCheck(actx, r.Runner, r.Settings.HealthChecks)
		x.done("health")
		if herr != nil {
			return x.unhealthySwitch(actx, act, action, before, to, markApplied, herr)
		}
	}
	markApplied()
	x.p.Generation = to.Number
	// Said from what ran before as well as the profile: after a rollback
	// with action boot or test they differ.
	return x.finish(state.ResultSuccess, switchReason(x.p), nil)
}

// unhealthySwitch handles a generation switched to on request that then
// failed a health check: put back the generation that ran before, as
// after a failed activation, unless automatic rollback is off.
func (x *run) unhealthySwitch(ctx context.Context, act *activate.Activator, action string, before activate.Before, to activate.Generation, markApplied func(), cause error) (state.Pass, error) {
	const reason = reasonHealthCheckFailed
	if !x.r.Settings.AutoRollback {
		markApplied()
		x.p.Generation = to.Number
		return x.finish(state.ResultFailure, reason, fmt.Errorf("generation %d is active but %w; automatic rollback is off, so it stays. ask-nix rollback --to %d goes back", to.Number, cause, before.Generation.Number))
	}
	x.enter(state.PhaseRollback)
	x.r.log().Warn("rolling back", "reason", reason, "error", cause, "to", before.Generation.Number)
	rerr := act.Restore(ctx, action, before)
	x.done("rollback")
	if rerr != nil {
		return x.finish(state.ResultFailure, reason, fmt.Errorf("generation %d %s: %w\nPutting generation %d back failed too: %v. Check the system by hand (ask-nix status, ask-nix rollback --to N)", to.Number, reason, cause, before.Generation.Number, rerr))
	}
	words, back := act.PutBack(action, before)
	x.p.RolledBackTo = back
	return x.finish(state.ResultRolledBack, reason, fmt.Errorf("generation %d failed its health check, so %s: %w. Pick another generation (ask-nix generations) or change the health checks (ask-nix config)", to.Number, words, cause))
}

// liveAction reports whether action changes the running system, the only
// case where health checks say anything about what was just done.
func liveAction(action string) bool { return action == "switch" || action == "test" }

// Update fetches newer inputs (`nix flake update` for a flake, of only
// opt.Inputs when it names some; `nix-channel --update` otherwise) and
// then runs a pass that evaluates even though no watched file changed.
func (r *Reconciler) Update(ctx context.Context, opt PassOptions) (state.Pass, error) {
	l, err := r.lock(ctx, opt.Wait, "update")
	if err != nil {
		return state.Pass{}, err
	}
	defer l.Unlock()
	t, err := r.Target()
	if err != nil {
		return state.Pass{}, err
	}
	var inputs []string
	for _, in := range opt.Inputs {
		if !slices.Contains(inputs, in) {
			inputs = append(inputs, in)
		}
	}
	if len(inputs) > 0 {
		// Before the state says an update starts: a name that is no
		// input changes nothing at all.
		if err := t.CheckUpdateInputs(inputs); err != nil {
			return state.Pass{}, err
		}
	}
	// Said in the state first: killed after the fetch, before its pass
	// is recorded, this process would leave new inputs no pass builds
	// (the inputs hash need not cover a flake.lock or the channels), and
	// the next pass must know to evaluate them.
	st, err := r.loadState()
	if err != nil {
		return state.Pass{}, err
	}
	now := r.now()
	st.Updating = &now
	if err := r.save(st); err != nil {
		return state.Pass{}, fmt.Errorf("recording that an update starts: %w; nothing was updated. %s", err, stateDirFix(r.Settings.StateDir, err))
	}
	r.log().Info("updating inputs", "system", t.String())
	lockFile := t.LockFile()
	var lockBefore []byte
	if lockFile != "" {
		// None yet (a flake never evaluated): every input is new.
		lockBefore, _ = os.ReadFile(lockFile)
	}
	cmd, err := build.Update(ctx, r.Runner, t, inputs)
	if err != nil {
		// Said here, to the one who asked: not left for status to call
		// an update cut short. (Nix writes flake.lock once all is
		// fetched.)
		st.Updating = nil
		if serr := r.save(st); serr != nil {
			r.log().Warn("saving the state after a failed update", "error", serr)
		}
		return state.Pass{}, fmt.Errorf("updating the inputs of %s failed; no pass ran, the system is unchanged: %w\n%s", t, err, updateAdvice(t, lockFile))
	}
	if cmd != "" {
		u := &state.Update{Command: cmd, Only: inputs}
		if lockFile != "" {
			if after, err := os.ReadFile(lockFile); err == nil {
				if changes, ok := build.LockChanges(lockBefore, after); ok {
					u.Inputs, u.LockUnchanged = changes, len(changes) == 0
					if len(inputs) > 0 {
						u.Kept = build.KeptInputs(after, inputs, changes)
					}
				}
			}
		}
		attrs := []any{"command", cmd, "changed", inputWords(u.Inputs), "lockUnchanged", u.LockUnchanged}
		if len(inputs) > 0 {
			attrs = append(attrs, "only", strings.Join(inputs, ","), "kept", strings.Join(u.Kept, ","))
		}
		r.log().Info("updated inputs", attrs...)
		opt.update = u
	}
	opt.Trigger, opt.Force = TriggerUpdate, true
	return r.pass(ctx, opt)
}

// heldBy is the holder text of the pass lock; "" when it is free or
// cannot be checked (a user without write access to the state directory).
func heldBy(stateDir string) string {
	l, err := flock.TryLock(LockPath(stateDir), "ask-nix status")
	var held *flock.HeldError
	if errors.As(err, &held) {
		return orUnknown(held.Holder)
	}
	if err == nil {
		_ = l.Unlock()
	}
	return ""
}

// updateAdvice is what to do after a failed fetch of t's inputs (its
// flake.lock lockFile, "" for a flake elsewhere or channels).
func updateAdvice(t build.Target, lockFile string) string {
	switch {
	case t.IsFlake() && lockFile == "":
		return "The flake " + t.Flake + " is not a folder on this machine, so there is no flake.lock here to update: update it where the flake lives (nix flake update there, and push), then ask-nix apply --force builds it; or set the system setting to a checkout on this machine (ask-nix config shows it)."
	case t.IsFlake():
		return lockFile + " is as it was (Nix writes it only once every input is fetched). Check the network and the inputs' URLs in flake.nix, then run ask-nix update again."
	}
	return "The channels are as they were. Check the network and nix-channel --list (as root), then run ask-nix update again."
}
