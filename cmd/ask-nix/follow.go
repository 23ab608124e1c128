package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/internal/termtext"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/generation/pkgdiff"
	"github.com/nix-humanity/nix-humanity/reconciler/liveness"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// followPoll is how often the state file is read while following the
// daemon's pass: a phase change shows within it, and a read is cheap.
const followPoll = 100 * time.Millisecond

// lastPassID is the id of the newest pass the state file records (0 for
// none): read before a write, so that following the daemon afterwards
// does not take an older pass for the one over the write.
func lastPassID(stateDir string) int64 {
	st, err := state.Load(stateDir)
	if err != nil || st.LastPass == nil {
		return 0
	}
	return st.LastPass.ID
}

// writeMark is where a wait for the daemon's pass over a write starts:
// since, the newest recorded pass's id read before the write (a pass
// over the new inputs newer than it answers), and written, when the
// write was done. A pass that started before that may have hashed and
// built the inputs as they were: it finished after since was read (its
// id is newer), but only answers when it names the new inputs.
type writeMark struct {
	since   int64
	written time.Time
}

// markWrite runs write, which writes the fragment, and marks when it
// did so (the time is taken once it returns).
func markWrite(m *writeMark, write func() (*txn.Result, error)) func() (*txn.Result, error) {
	return func() (*txn.Result, error) {
		res, err := write()
		m.written = time.Now()
		return res, err
	}
}

// startedAfter reports whether p started after the write m marks, so
// that it read the written fragment: a pass of the daemon's own that
// answers the wait without naming the inputs this ask-nix hashes must.
func startedAfter(p *state.Pass, m writeMark) bool {
	return p != nil && p.ID > m.since && !m.written.IsZero() && p.Started.After(m.written)
}

// quietWatch decides, poll by poll, when a daemon that stays idle ends
// the wait without a pass over exactly the inputs this ask-nix hashes.
type quietWatch struct {
	m writeMark
	// quiet is how long the daemon must stay idle after a pass that
	// started after the write for that pass to answer: past its
	// debounce, which would have started one over newer inputs.
	quiet time.Duration
	// idle is since when the daemon has been idle after a pass that
	// started after the write; noPass since when the running daemon has
	// been idle with none (zero otherwise).
	idle, noPass time.Time
}

// see is one poll, at now, of the state file st (gone: the daemon does
// not run now). It returns the pass that answers the wait, or an error
// that ends it (nil, nil: wait on).
func (q *quietWatch) see(st *state.State, gone bool, now time.Time) (*state.Pass, error) {
	p := st.LastPass
	after := startedAfter(p, q.m)
	switch {
	case st.Phase != state.PhaseIdle || !after:
		// Not a pass that read the write: one under way when it came
		// ends with an id newer than since, and under load the pass
		// over the write may start well after the debounce. Waited for.
		q.idle = time.Time{}
	case q.idle.IsZero():
		q.idle = now
	case now.Sub(q.idle) > q.quiet:
		// A pass started after the write, and quiet since: the daemon
		// sees these inputs otherwise (settings of its own for what it
		// watches), and its newest pass is the answer.
		return p, nil
	}
	switch {
	case st.Phase != state.PhaseIdle || gone || after:
		q.noPass = time.Time{}
	case q.noPass.IsZero():
		q.noPass = now
	case now.Sub(q.noPass) > noPassLimit(q.quiet):
		return nil, noPassError(now.Sub(q.noPass))
	}
	return nil, nil
}

// noPassLimit is how long a running, idle daemon may go without
// starting a pass after the write before the wait ends: its debounce
// (quiet) and its periodic resync, each of which would have started
// one, and a minute more for a loaded machine.
func noPassLimit(quiet time.Duration) time.Duration {
	return quiet + reconciler.DefaultResync + time.Minute
}

// noPassError ends a wait on a daemon that stayed idle for d after the
// write without starting a pass over it.
func noPassError(d time.Duration) error {
	return fmt.Errorf("nix-humanityd has been idle for %s since the edit without starting a pass over it (its watcher and its resync every %s would each have started one); stopped waiting. The edit is written, nothing else changed: ask-nix status shows what the daemon does, and ask-nix apply builds the edit now", minutes(d), minutes(reconciler.DefaultResync))
}

// seeThrough carries a written change through to the system, for
// "install htop and rebuild" and --wait: it follows the pass of the
// nix-humanityd that runs, or, with none, runs one here as ask-nix apply
// does. m marks the write (see writeMark); action a one-off action the
// request named ("" for the configured one).
func seeThrough(ctx context.Context, g *globals, m writeMark, action string) error {
	s, err := g.Settings()
	if err != nil {
		return err
	}
	if !reconciler.DaemonRunning(s.StateDir) {
		if err := g.passAfterEdit(); err != nil {
			return err
		}
		return runApply(ctx, g, applyOptions{action: action})
	}
	if w := daemonRecord(s.StateDir); w != nil && !w.Covers(s.Fragment) {
		// Waiting would never end: no pass of that daemon reads the edit.
		return notWatchedError(w, s.Fragment)
	}
	if daemon := daemonAction(s); action != "" && action != daemon {
		fmt.Fprintf(g.stdout, "nix-humanityd is running and builds it now, with its action %s: a one-off %s is not possible while it runs; ask-nix status shows how it goes.\n", daemon, action)
		return nil
	}
	return followDaemon(ctx, g, m)
}

// daemonAction is what the daemon's passes do: its action, test in a
// staging environment (as the reconciler's own configuredAction); the
// running daemon's own, when it recorded it.
func daemonAction(s *settings.Settings) string {
	if w := daemonRecord(s.StateDir); w != nil {
		for _, kv := range w.Inputs {
			if a, ok := strings.CutPrefix(kv, "action="); ok && a != "" {
				return a
			}
		}
	}
	if s.Env == "staging" {
		return "test"
	}
	return s.Action
}

// daemonRecord is what the nix-humanityd that holds the state directory's
// daemon lock now recorded of its inputs; nil while that is not known:
// no daemon, one that has not registered yet (it waits for the pass
// lock), or one from before the record was kept.
func daemonRecord(dir string) *state.Watching {
	st, err := state.Load(dir)
	if err != nil {
		return nil
	}
	return reconciler.RunningDaemon(dir, st)
}

// notWatchedError is an edit to a fragment the running daemon does not
// watch: said at once, since waiting for its pass would never end.
func notWatchedError(w *state.Watching, fragment string) error {
	watched := w.Fragment
	if len(w.WatchPaths) > 0 {
		watched += " (and " + strings.Join(w.WatchPaths, ", ") + ")"
	}
	return fmt.Errorf("nix-humanityd (pid %d) watches %s, not %s: it will not build this edit.\n"+
		"The edit is written (ask-nix undo takes it back); nothing else changed.\n"+
		"To have it built, point nix-humanityd at %s (its fragment setting: NIX_HUMANITY_FRAGMENT or --fragment) and restart it, or set ask-nix's fragment to %s. "+
		"ask-nix apply builds it now, but the daemon puts its own fragment's system back at its next pass (within 5 min)",
		w.PID, watched, fragment, fragment, w.Fragment)
}

// waitWords is what the wait is for, by the daemon's action.
func waitWords(action string) string {
	switch action {
	case "build":
		return "build it (action build: not activated)"
	case "boot":
		return "build it and make it the boot default"
	case "test":
		return "build and activate it until the next reboot"
	}
	return "build and activate it"
}

// builtWords says the inputs are built already, by the action of the
// newest successful (or no-op) pass over them.
func builtWords(st *state.State) string {
	action := ""
	passes := append([]state.Pass(nil), st.History...)
	if st.LastPass != nil {
		passes = append(passes, *st.LastPass)
	}
	for i := len(passes) - 1; i >= 0; i-- {
		// A no-op pass over them counts: it found their system in place
		// (built by a pass that hashed the inputs just before the edit).
		if p := passes[i]; (p.Result == state.ResultSuccess || p.Result == state.ResultNoop) && p.InputsHash == st.AppliedHash {
			action = p.Action
			break
		}
	}
	switch action {
	case "build":
		return fmt.Sprintf("Nothing to build: these inputs are built already (action build: not activated; generation %d is current).", st.CurrentGeneration)
	case "test":
		return "Nothing to build: the running system has these inputs already (action test: until the next reboot)."
	case "boot":
		return fmt.Sprintf("Nothing to build: generation %d, the boot default, has these inputs already.", st.CurrentGeneration)
	}
	return fmt.Sprintf("Nothing to build: the system already has these inputs (generation %d is current).", st.CurrentGeneration)
}

// followGrace is how long a follow waits for a nix-humanityd that stopped
// to start again when nothing is known of what restarts it: a daemon run
// by hand or under another supervisor, or one from before the daemons
// recorded their systemd unit. It covers the NixOS module's
// RestartSec=5s and the start, and a restart by hand. A daemon whose
// record names its unit is waited for as systemd says (restartWindow).
// A variable for tests.
var followGrace = 15 * time.Second

// restartStart is how long a started nix-humanityd may take to hold its
// daemon lock, which it takes first thing: a second on an idle machine,
// more on a loaded one. A variable for tests.
var restartStart = 5 * time.Second

// restartWindow is how long to wait for the daemon whose record is rec
// (nil: unknown) to run again after it went away, and why that long; 0
// when nothing will start it again.
func restartWindow(rec *state.Watching) (time.Duration, string) {
	switch {
	case rec != nil && rec.Unit == "":
		return followGrace, "it does not run under systemd: a restart by hand or by whatever runs it"
	case rec == nil || rec.Stopped == nil && rec.Restart == "":
		return followGrace, ""
	case rec.Stopped != nil:
		// systemctl stop, or restart, which starts it again at once:
		// systemd's Restart= is not for a stop it made.
		return restartStart, fmt.Sprintf("systemd stopped %s; systemctl restart starts it again at once", rec.Unit)
	case rec.Restart == "no" || rec.Restart == "on-success":
		return 0, fmt.Sprintf("it ended without stopping cleanly, and systemd does not start %s again after that (Restart=%s)", rec.Unit, rec.Restart)
	}
	delay := rec.RestartDelay()
	return delay + restartStart, fmt.Sprintf("systemd starts %s again after RestartSec=%s (Restart=%s)", rec.Unit, delay, rec.Restart)
}

// stoppedWaiting is Ctrl-C during a follow: exit 130, and the words say
// the daemon goes on (not "context canceled").
type stoppedWaiting struct{ err error }

func (e stoppedWaiting) Error() string {
	return "stopped waiting; nix-humanityd goes on building and activating the edit: ask-nix status shows how it goes"
}
func (e stoppedWaiting) Unwrap() error { return e.err }

// aliveAfter says whether a wait that has lasted d, last spoken of when it
// had lasted said, is due another word that it goes on: at 30 s, 1, 2
// and 5 min, then every 5 min, so that an hour's build shows it is alive
// without filling the terminal.
func aliveAfter(d, said time.Duration) bool {
	for _, at := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 5 * time.Minute} {
		if said < at {
			return d >= at
		}
	}
	return d-said >= 5*time.Minute
}

// minutes is d as "45 s", "3 min", "1 h 5 min".
func minutes(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	}
	return fmt.Sprintf("%d h %d min", int(d.Hours()), int(d.Minutes())%60)
}

// followDaemon waits for the running nix-humanityd's pass over the inputs
// as they are now and reports it as ask-nix apply reports its own: the
// phases as they come (on stderr), then the result, exit 1 when it
// failed. Ctrl-C stops the waiting, not the daemon. A long wait says now
// and then that it goes on; a daemon that stops is waited for a while
// (a restart), then the wait ends with what to do.
func followDaemon(ctx context.Context, g *globals, m writeMark) error {
	since := m.since
	r, err := g.reconciler()
	if err != nil {
		return err
	}
	target, err := r.InputsHash()
	if err != nil {
		// A member of the group may not read all that the daemon
		// watches (a root-only secret in /etc/nixos): no target, and the
		// daemon's next pass, once it goes quiet, is the answer.
		target = ""
		fmt.Fprintf(g.stderr, "note: %v; following nix-humanityd's next pass, over whatever inputs it reads\n", err)
	}
	dir := r.Settings.StateDir
	// known is the running daemon's record once it has one: what it
	// watches (an edit outside it is said at once), how it hashes the
	// inputs and its debounce.
	var known *state.Watching
	quiet := r.Settings.Debounce + 3*time.Second
	know := func(st *state.State) error {
		w := reconciler.RunningDaemon(dir, st)
		if w == nil || known != nil && w.PID == known.PID {
			return nil
		}
		known = w
		if !w.Covers(r.Settings.Fragment) {
			return notWatchedError(w, r.Settings.Fragment)
		}
		if h, err := r.InputsHashAs(w); err == nil {
			target = h
		}
		quiet = w.Debounce() + 3*time.Second
		return nil
	}
	if st, err := state.Load(dir); err == nil {
		if err := know(st); err != nil {
			return err
		}
	}
	fmt.Fprintf(g.stderr, "waiting for nix-humanityd to %s (Ctrl-C stops waiting, not the build)…\n", waitWords(daemonAction(r.Settings)))
	tick := time.NewTicker(followPoll)
	defer tick.Stop()
	var shown state.Phase
	checked := time.Now()
	// qw ends the wait on a daemon that stays idle.
	qw := quietWatch{m: m}
	// gone is since when the daemon has not been running (zero while it
	// runs).
	var gone time.Time
	// window is how long a daemon that went away is waited for.
	var window time.Duration
	// stuckSaid: the daemon's report that it is stuck was said.
	var stuckSaid bool
	// builtSeen is since when the inputs were seen applied already.
	var builtSeen time.Time
	// waiting is what the wait is on now (a phase, or "" for the daemon
	// to start a pass), since when, and how long it had lasted when last
	// said.
	var (
		waiting      state.Phase = "-"
		waitingSince time.Time
		said         time.Duration
	)
	for {
		st, err := state.Load(dir)
		if err != nil {
			return fmt.Errorf("following nix-humanityd: %w; the edit is written: ask-nix status shows how its build goes", err)
		}
		if !gone.IsZero() && reconciler.DaemonRunning(dir) {
			// Back (restarted): said before its phases show. Its
			// settings may be new.
			gone, known = time.Time{}, nil
			fmt.Fprintln(g.stderr, "nix-humanityd runs again; following its pass")
		}
		if known == nil {
			if err := know(st); err != nil {
				return err
			}
		}
		if words, ok := phaseWords[st.Phase]; ok && st.Phase != shown {
			shown = st.Phase
			fmt.Fprintln(g.stderr, words)
		}
		if p := st.LastPass; st.Phase == state.PhaseIdle && p != nil && target != "" {
			if over, ok := followedPass(st, since, target); ok {
				return g.reportFollowed(ctx, dir, over)
			}
			switch {
			case p.ID <= since && p.InputsHash == target && (p.Result == state.ResultFailure || p.Result == state.ResultRolledBack):
				// The daemon does not try inputs it failed on again.
				first, _, _ := strings.Cut(p.Error, "\n")
				first = termtext.Line(first) // from the state file
				return fmt.Errorf("nix-humanityd's pass %d already failed on exactly these inputs, and it does not try them again by itself: %s\nask-nix apply --force tries again; ask-nix undo takes the edit back", p.ID, first)
			}
		}
		if st.Phase == state.PhaseIdle && target != "" && st.AppliedHash == target {
			// Built before (the daemon's no-op check runs no pass). But
			// after a pass that failed on other inputs ("ask-nix undo"
			// of the failed edit), the daemon records a no-op that ends
			// the failure's word in ask-nix status: waited for (found
			// above as a pass over target), for at most its debounce,
			// so that status right after does not still say it failed.
			if builtSeen.IsZero() {
				builtSeen = time.Now()
			}
			if !recordsNoop(st, target) || time.Since(builtSeen) > quiet {
				fmt.Fprintln(g.stdout, builtWords(st))
				return nil
			}
		}
		qw.quiet = quiet
		if p, err := qw.see(st, !gone.IsZero(), time.Now()); err != nil {
			return err
		} else if p != nil {
			return g.reportFollowed(ctx, dir, *p)
		}
		now := time.Now()
		on := st.Phase
		if _, ok := phaseWords[on]; !ok {
			on = ""
		}
		if on != waiting {
			waiting, waitingSince, said = on, now, 0
			if on != "" && !st.PhaseSince.IsZero() && st.PhaseSince.Before(now) {
				// A phase that began before this wait (a build the edit
				// came in during): counted from its start.
				waitingSince = st.PhaseSince
			}
		}
		if d := now.Sub(waitingSince); gone.IsZero() && aliveAfter(d, said) {
			said = d
			if waiting == "" {
				fmt.Fprintf(g.stderr, "still waiting: nix-humanityd has not started a pass over the edit yet (%s); ask-nix status shows what it is doing\n", minutes(d))
			} else {
				fmt.Fprintf(g.stderr, "still %s (%s so far)\n", strings.TrimSuffix(phaseWords[waiting], "…"), minutes(d))
			}
		}
		if now.Sub(checked) >= time.Second {
			checked = now
			if st.Phase == state.PhaseIdle {
				if why := reconciler.StateDirUnwritable(dir); why != "" {
					// The daemon's passes stop before Nix: no pass comes.
					return fmt.Errorf("nix-humanityd cannot build the edit: %s\nThe edit is written; nothing else changed. Once the state directory takes writes, nix-humanityd builds it at its next pass (within 5 min; ask-nix apply builds it at once)", why)
				}
			}
			switch running := gone.IsZero() && reconciler.DaemonRunning(dir); {
			case running:
				if !stuckSaid {
					if why := daemonStuck(dir, now); why != "" {
						// Said once: a wait on a stuck daemon must not
						// look like a slow build.
						stuckSaid = true
						fmt.Fprintf(g.stderr, "nix-humanityd reports itself stuck (%s): its /healthz answers 503, and under systemd's watchdog it is restarted (the restart is waited for); ask-nix status shows more. Still waiting; Ctrl-C stops waiting\n", why)
					}
				}
			case gone.IsZero():
				gone = now
				rec := known
				if w := st.Watching; w != nil && rec != nil && w.PID == rec.PID {
					rec = w // with Stopped, when it stopped cleanly
				}
				var why string
				if window, why = restartWindow(rec); window == 0 {
					what, next := goneWords(st, "systemctl start "+rec.Unit+", or ask-nix apply")
					return fmt.Errorf("nix-humanityd (pid %d) %s: %s. %s", rec.PID, what, why, next)
				}
				if why != "" {
					why = " (" + why + ")"
				}
				fmt.Fprintf(g.stderr, "nix-humanityd stopped; waiting up to %s for it to start again%s…\n", minutes(window), why)
			case now.Sub(gone) >= window:
				what, next := goneWords(st, "ask-nix apply")
				return fmt.Errorf("nix-humanityd %s, and did not start again: %s", what, strings.ToLower(next[:1])+next[1:])
			}
			hash := r.InputsHash
			if known != nil {
				hash = func() (string, error) { return r.InputsHashAs(known) }
			}
			if cur, err := hash(); err == nil && cur != target {
				// Changed again (another edit, a file under the watch
				// paths): the daemon builds the newest inputs.
				target = cur
			}
		}
		select {
		case <-ctx.Done():
			return stoppedWaiting{ctx.Err()}
		case <-tick.C:
		}
	}
}

// daemonStuck is why the nix-humanityd that holds the daemon lock says
// it is stuck (its liveness record: a pass without progress past the
// stall timeout, or an event loop gone silent), "" when it does not.
func daemonStuck(dir string, now time.Time) string {
	rec, err := liveness.Load(dir)
	if err != nil || rec == nil || len(rec.Stalls) == 0 {
		return ""
	}
	if reconciler.DaemonPID(dir) != rec.Daemon {
		return "" // another daemon's, before a restart
	}
	why := make([]string, len(rec.Stalls))
	for i, st := range rec.Stalls {
		why[i] = termtext.Line(st.Reason(now))
	}
	return strings.Join(why, "; ")
}

// goneWords says what a daemon that went away for good left undone
// (st is the state file as it left it) and what to do, who naming what
// does it ("ask-nix apply").
func goneWords(st *state.State, who string) (what, next string) {
	if st.Activating != nil {
		return "stopped while it activated the edit, before its pass ended",
			"ask-nix status says what the activation got done; " + who + " activates it again (or, if that fails, puts back what ran before)"
	}
	return "stopped before it built the edit",
		"The edit is written, and nothing builds it until the daemon runs again; " + who + " builds it now"
}

// followedPass is the pass that answers a wait: of the passes over target
// newer than since, the newest that did something (or, for a no-op only,
// the pass since that built its toplevel). A no-op after it over
// the same inputs (a second trigger, the start pass and the watcher both
// seeing the edit) must not hide its result, which a poll can miss when
// the two follow each other closely.
func followedPass(st *state.State, since int64, target string) (state.Pass, bool) {
	passes := st.History
	if p := st.LastPass; p != nil && (len(passes) == 0 || passes[len(passes)-1].ID != p.ID) {
		passes = append(passes[:len(passes):len(passes)], *p)
	}
	var found *state.Pass
	for i := len(passes) - 1; i >= 0; i-- {
		p := &passes[i]
		if p.ID <= since {
			break
		}
		if p.InputsHash != target {
			continue
		}
		if p.Result != state.ResultNoop {
			return *p, true
		}
		if found == nil {
			found = p
		}
	}
	if found == nil {
		return state.Pass{}, false
	}
	// A pass that started just before the write hashed the inputs as
	// they were, then Nix read the edit: it built and activated it, and
	// the pass over target found that toplevel in place (a no-op). That
	// pass answers, not "nothing to do".
	for i := len(passes) - 1; i >= 0 && passes[i].ID > since; i-- {
		if p := passes[i]; p.ID < found.ID && p.Result == state.ResultSuccess && found.Toplevel != "" && p.Toplevel == found.Toplevel {
			return p, true
		}
	}
	return *found, true
}

// recordsNoop reports whether the daemon's pass over inputs target,
// which are applied already, is recorded as a no-op rather than left
// unsaid: the last pass failed on other inputs (so ask-nix status says
// that failure until a pass is recorded), and no switch on request holds
// a generation (whose no-op is not recorded).
func recordsNoop(st *state.State, target string) bool {
	p := st.LastPass
	return p != nil && p.InputsHash != target && st.Held == "" &&
		(p.Result == state.ResultFailure || p.Result == state.ResultRolledBack)
}

// reportFollowed says how the daemon's pass p went, as apply says it of
// its own: the summary and the packages that changed, or the error.
func (g *globals) reportFollowed(ctx context.Context, dir string, p state.Pass) error {
	// What Nix warned of, as apply shows it (the daemon logged it), read
	// back from the state file as lines of Nix's.
	ws, more := nixrun.ReadBack(p.Warnings, p.WarningsMore)
	for _, w := range ws {
		fmt.Fprintln(g.stderr, warningPrefix+w)
	}
	if more > 0 {
		ui := &passUI{w: g.stderr}
		ui.moreWarnings(more)
	}
	if p.Result == state.ResultFailure || p.Result == state.ResultRolledBack {
		what := "failed"
		if p.Result == state.ResultRolledBack {
			what = fmt.Sprintf("failed and was rolled back to generation %d", p.RolledBackTo)
		}
		// The pass's error says what to do (undo, the name to fix).
		return fmt.Errorf("nix-humanityd's pass %d %s: %s", p.ID, what, termtext.Lines(p.Error))
	}
	if p.Result == state.ResultSuccess && p.Generation > 0 && (p.Action == "switch" || p.Action == "boot") && p.Packages == nil {
		// The daemon reads the package changes from the store just
		// after it records the pass: a moment's wait for them.
		p = waitForPackages(ctx, dir, p)
	}
	if g.json {
		return g.printJSON(p)
	}
	fmt.Fprintln(g.stdout, passSummary(p))
	if w := afterFailureSentence(p.AppliedAfterFailure); w != "" {
		fmt.Fprintln(g.stdout, w)
	}
	fmt.Fprint(g.stdout, recordedPackageLines(p.Packages))
	return nil
}

// packagesWait bounds the wait for a pass's package changes. The daemon
// reads them with one Nix query right after the pass; 3 s was too short
// once on a 2-CPU machine at load 14, and the wait ends as soon as they
// are recorded, so a longer bound costs nothing when all is well.
const packagesWait = 10 * time.Second

// waitForPackages reads the state file until pass p has its package
// changes recorded, for at most packagesWait (the daemon may fail to
// read them).
func waitForPackages(ctx context.Context, dir string, p state.Pass) state.Pass {
	deadline := time.Now().Add(packagesWait)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(followPoll)
		st, err := state.Load(dir)
		if err != nil {
			return p
		}
		// In the history: another pass may have followed it.
		for _, h := range st.History {
			if h.ID == p.ID && h.Packages != nil {
				return h
			}
		}
	}
	return p
}

// recordedPackageLines writes the package changes a pass recorded ("hello
// 2.12.1", "git 2.47.0 → 2.47.1") as packageLines does.
func recordedPackageLines(pc *state.PackageChanges) string {
	if pc == nil {
		return ""
	}
	var c pkgdiff.Changes
	split := func(s string) (string, string) {
		name, version, _ := strings.Cut(s, " ")
		return name, version
	}
	for _, s := range pc.Added {
		n, v := split(s)
		c.Added = append(c.Added, pkgdiff.Package{Name: n, Version: v})
	}
	for _, s := range pc.Removed {
		n, v := split(s)
		c.Removed = append(c.Removed, pkgdiff.Package{Name: n, Version: v})
	}
	for _, s := range pc.Upgraded {
		n, v := split(s)
		from, to, _ := strings.Cut(v, " → ")
		c.Changed = append(c.Changed, pkgdiff.Change{Name: n, From: from, To: to})
	}
	return packageLines(c)
}
