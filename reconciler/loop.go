package reconciler

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler/inputs"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
	"github.com/nix-humanity/nix-humanity/reconciler/watch"
)

// DefaultResync is how often the daemon's loop runs a pass without any
// event (Loop.Resync's default, what nix-humanityd runs with).
const DefaultResync = 5 * time.Minute

// Loop is the daemon: it runs a pass at start, after every burst of
// changes to the watched inputs (once they have been quiet for the
// debounce time) and on a periodic resync. One goroutine (Run) decides
// when passes run; one pass runs at a time, in its own goroutine. A
// change while a pass evaluates or builds stops that work and starts over
// with the newest inputs; activation is never interrupted.
type Loop struct {
	R *Reconciler
	// Resync is how often a pass runs without any event, catching what
	// the watcher cannot see and retrying failures with backoff; 0 means
	// DefaultResync.
	Resync time.Duration
	// Heartbeat is how often the loop and the watcher tell the observer
	// (a LivenessObserver) that their event loops still run; 0 means
	// DefaultHeartbeat.
	Heartbeat time.Duration
	// StateCheck is how often the loop looks at the state file between
	// passes, to write it again should it go (see CheckStateFile); 0
	// means one second (a stat).
	StateCheck time.Duration
	// OnWatching, when set, is called once the loop watches the inputs
	// and holds its place as the daemon (after the "watching" log line,
	// before the start pass): what a person at a terminal waits for
	// (nix-humanityd --playground says there that the playground is
	// ready).
	OnWatching func()

	alive   atomic.Bool
	pending atomic.Value // string: the trigger of the pass waiting to run
}

// DefaultHeartbeat is how often the loop and the watcher beat: often
// enough that a wedged loop shows within a minute (HeartbeatLimit), rare
// enough to cost nothing.
const DefaultHeartbeat = 10 * time.Second

// MissedBeats is how many beats a part may miss before it counts as
// stuck. Several, not one: a loop that is busy for a moment (hashing a
// large watch path on a slow disk, a machine deep in swap) is slow, not
// hung, and a false alarm would have systemd's watchdog kill a healthy
// daemon in the middle of a build.
const MissedBeats = 6

// HeartbeatEvery is the loop's heartbeat interval.
func (l *Loop) HeartbeatEvery() time.Duration {
	if l.Heartbeat > 0 {
		return l.Heartbeat
	}
	return DefaultHeartbeat
}

// HeartbeatLimit is the silence after which a part counts as stuck:
// MissedBeats heartbeats (a minute by default).
func HeartbeatLimit(every time.Duration) time.Duration { return MissedBeats * every }

// Alive reports whether Run is watching and reconciling (for /healthz):
// false before it starts and after it returns, for instance because the
// watcher failed.
func (l *Loop) Alive() bool { return l.alive.Load() }

// Pending names what the next pass is waiting for ("watch", "resync"),
// "" when nothing is waiting (for /status).
func (l *Loop) Pending() string {
	s, _ := l.pending.Load().(string)
	return s
}

type outcome struct {
	pass state.Pass
	err  error
}

// Run watches and reconciles until ctx ends. It returns nil after a
// clean stop (a pass in activation is waited for) and an error when the
// watcher or the state directory fail.
func (l *Loop) Run(ctx context.Context) error {
	r := l.R
	r.Daemon = true
	log := r.log()
	every := l.HeartbeatEvery()
	heartbeat := time.NewTicker(every)
	defer heartbeat.Stop()
	beat := func() { r.emitter.emit(r.Observer, event{heartbeat: PartLoop}) }
	running := func(b bool) { r.emitter.emit(r.Observer, event{running: &b}) }

	// The watcher runs from the start, so its heartbeat does not wait
	// for the pass lock, and changes made meanwhile are not missed.
	w, err := watch.NewSkipping(log, r.notInputs(), inputs.Paths(r.Settings.Fragment, r.Settings.WatchPaths)...)
	if err != nil {
		return err
	}
	w.BeatEvery = every
	w.Beat = func() { r.emitter.emit(r.Observer, event{heartbeat: PartWatcher}) }
	poke := make(chan struct{}, 1)
	wctx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	watchDone := make(chan error, 1)
	go func() {
		watchDone <- w.Run(wctx, func(path string) {
			r.emitter.emit(r.Observer, event{watchPath: path})
			select {
			case poke <- struct{}{}:
			default: // a poke is already waiting; the pass reads the newest state anyway
			}
		})
	}()

	// Taking the pass lock may wait for an `ask-nix apply` that builds
	// for an hour: the loop beats meanwhile, and the wait counts as a
	// pass, which must end within the stall limit.
	running(true)
	regDone := make(chan error, 1)
	go func() { regDone <- r.register(ctx, true) }()
	err = waitBeating(regDone, heartbeat.C, beat)
	running(false)
	if err != nil {
		stopWatch()
		<-watchDone
		if ctx.Err() != nil {
			// Stopped (SIGTERM) while the lock was waited for: a clean
			// stop, nothing was begun.
			log.Info("stopped while waiting for the pass lock; nothing was begun", "why", stopWords(ctx))
			return nil
		}
		return err
	}
	defer func() {
		// A fresh context: ctx is done, but the state should still say
		// that no daemon runs.
		dctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := r.register(dctx, false); err != nil {
			log.Warn("recording the daemon's stop", "error", err)
		}
	}()

	resyncEvery := l.Resync
	if resyncEvery <= 0 {
		resyncEvery = DefaultResync
	}
	resync := time.NewTicker(resyncEvery)
	defer resync.Stop()
	debounce := time.NewTimer(time.Hour)
	debounce.Stop()
	checkEvery := l.StateCheck
	if checkEvery <= 0 {
		checkEvery = time.Second
	}
	stateCheck := time.NewTicker(checkEvery)
	defer stateCheck.Stop()

	var (
		cancelPass context.CancelCauseFunc // set while a pass runs
		passHash   string                  // the inputs the running pass started from
		done       = make(chan outcome, 1)
		pending    = TriggerStart // what the next pass is for; "" when none is due
		due        = true         // the debounce has passed for pending
	)
	start := func(trigger string) {
		pctx, cancel := context.WithCancelCause(ctx)
		cancelPass = cancel
		passHash, _ = r.InputsHash()
		r.lockInputs.Store(nil)
		running(true)
		go func() {
			p, err := r.Pass(pctx, PassOptions{Trigger: trigger, Wait: true})
			if err == nil && ChangedSystem(p) {
				// Finished even when the daemon is asked to stop meanwhile:
				// the journal should say what the last pass did. Two
				// nix-store queries, bounded all the same.
				lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
				_, _ = r.PackageChanges(lctx, &p) // logged; an error is a warning
				cancel()
			}
			done <- outcome{p, err}
		}()
	}
	log.Info("watching", "fragment", r.Settings.Fragment, "watchPaths", r.Settings.WatchPaths, "debounce", r.Settings.Debounce.String())
	if l.OnWatching != nil {
		l.OnWatching()
	}
	l.alive.Store(true)
	defer l.alive.Store(false)

	for {
		l.pending.Store(pending)
		if pending != "" && due && cancelPass == nil {
			start(pending)
			pending, due = "", false
		}
		select {
		case <-ctx.Done():
			stopWatch()
			if cancelPass != nil {
				switch ph := r.Phase(); ph {
				case state.PhaseActivate, state.PhaseHealth, state.PhaseRollback:
					// systemctl stop then takes as long as the activation:
					// said, so the wait does not look like a hang.
					log.Warn("stopping once the activation under way ends: it is not interrupted", "phase", ph)
				}
				cancelPass(nil)                      // ctx's own cause: the signal that stops the daemon
				waitBeating(done, heartbeat.C, beat) // an activation in progress finishes first
				running(false)
			}
			return nil

		case err := <-watchDone:
			if ctx.Err() != nil {
				continue
			}
			if cancelPass != nil {
				cancelPass(fmt.Errorf("watching the inputs failed: %w", err))
				waitBeating(done, heartbeat.C, beat)
				running(false)
			}
			return err

		case <-heartbeat.C:
			beat()

		case <-stateCheck.C:
			r.CheckStateFile() // during a pass: read only, the lock is this pass's
			r.emitter.emit(r.Observer, event{stateChecked: true})

		case <-poke:
			if pending == "" || pending == TriggerResync {
				pending = TriggerWatch
			}
			due = false
			debounce.Reset(r.Settings.Debounce)

		case <-debounce.C:
			due = true
			if cancelPass != nil {
				// Newer inputs than the running pass's: stop its
				// evaluation or build; it starts over when it returns.
				if h, err := r.InputsHash(); err != nil || h != passHash && !r.passLocked(h) {
					cancelPass(ErrNewerInputs)
				} else {
					pending = "" // the running pass already has these inputs
				}
			}

		case <-resync.C:
			if pending == "" {
				pending, due = TriggerResync, true
			}

		case o := <-done:
			cancelPass(nil)
			cancelPass = nil
			running(false)
			var pe *PassError
			switch {
			case o.err == nil, errors.As(o.err, &pe):
				// recorded and logged by the pass
			case errors.Is(o.err, ErrSuperseded):
				if pending == "" {
					pending, due = TriggerWatch, true
				}
			case ctx.Err() != nil:
			default:
				log.Error("pass", "error", o.err)
			}
		}
	}
}

// waitBeating waits for one value from ch, beating on every tick
// meanwhile: the loop waits, but it is not stuck.
func waitBeating[T any](ch <-chan T, tick <-chan time.Time, beat func()) T {
	for {
		select {
		case v := <-ch:
			return v
		case <-tick:
			beat()
		}
	}
}

// register notes in the state file that this daemon runs (up) or has
// stopped, and resets a phase left behind by a process that died.
func (r *Reconciler) register(ctx context.Context, up bool) error {
	lk, err := r.lock(ctx, true, "start")
	if err != nil {
		return err
	}
	defer lk.Unlock()
	st, err := r.loadState()
	if err != nil {
		return err
	}
	if up {
		if st.Activating != nil {
			r.log().Warn("the previous pass was cut short during activation; the next pass activates again, or goes back to what ran before it", "phase", st.Phase, "since", st.PhaseSince)
		} else if st.Phase != state.PhaseIdle {
			r.log().Warn("the previous pass was interrupted; starting over", "phase", st.Phase, "since", st.PhaseSince)
		}
		st.Phase, st.PhaseSince = state.PhaseIdle, r.now()
		st.Daemon = os.Getpid()
		st.Watching = r.watching()
		r.refreshGenerations(st)
	} else {
		if st.Daemon == os.Getpid() {
			st.Daemon = 0
		}
		// Whoever wrote the file last (an ask-nix apply clears Daemon),
		// the record says this daemon stopped cleanly.
		if w := st.Watching; w != nil && w.PID == os.Getpid() {
			t := r.now()
			w.Stopped = &t
		}
	}
	err = r.save(st)
	if err != nil && up {
		// A full or read-only disk is no reason to stop: the daemon
		// serves /healthz (which says the state directory takes no
		// writes), passes stop before Nix until it does, and the
		// resync picks up once it does. Under systemd, exiting would
		// only restart it into the same wall.
		r.log().Error("cannot write the state file; passes stop before running Nix until the state directory takes writes again", "error", err, "fix", stateDirFix(r.Settings.StateDir, err))
		return nil
	}
	return err
}

// watching is this daemon's record of its inputs for the state file.
func (r *Reconciler) watching() *state.Watching {
	paths, settings := r.inputsArgs(r.Action())
	return &state.Watching{
		PID:             os.Getpid(),
		Since:           r.now(),
		Fragment:        paths[0],
		WatchPaths:      paths[1:],
		Inputs:          settings,
		DebounceSeconds: r.Settings.Debounce.Seconds(),
		Service:         r.Service,
	}
}

// passLocked reports whether h is the inputs' hash the running pass took
// again after its evaluation wrote flake.lock.
func (r *Reconciler) passLocked(h string) bool {
	p := r.lockInputs.Load()
	return p != nil && *p == h
}
