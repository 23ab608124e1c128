package reconciler

import (
	"sync"

	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// Observer hears what the reconciler does, for metrics, logs and
// progress displays. The reconciler calls it from one place (emit), one
// call at a time; calls must return quickly.
type Observer interface {
	// PhaseStarted: a pass entered a phase (eval, build, activate,
	// health, rollback), or went back to idle.
	PhaseStarted(phase state.Phase)
	// PassFinished: a pass ended. st is the state after it, to read
	// only; its counters are what the state file holds (a pass it could
	// not record is counted once a later state is saved). A no-op that
	// stopped before any Nix ran ("inputs unchanged") has no id and is
	// not kept in the state file's history, only counted.
	PassFinished(p state.Pass, st state.State)
	// WatchEvent: a watched input changed on disk.
	WatchEvent(path string)
}

// LivenessObserver is what nix-humanityd's health check needs besides
// the Observer events. An Observer that also implements it hears these
// too; others (ask-nix's progress display) are not bothered with them.
type LivenessObserver interface {
	// Heartbeat: the named part's event loop (PartLoop, PartWatcher) is
	// still selecting. Sent on a timer (Loop.Heartbeat), busy or idle,
	// from inside that loop: a loop that stops selecting goes silent.
	Heartbeat(part string)
	// PassRunning: the loop started a pass, or at start began waiting
	// for the pass lock (true); that work returned, whatever its result
	// (false). In between, phases and build output are its progress.
	PassRunning(running bool)
	// BuildProgress: the running pass's build reported progress or
	// printed a line.
	BuildProgress()
}

// StateFollower is an Observer that also hears each of the loop's looks
// at the state file (Loop.StateCheck, once a second), so that it catches
// up with the passes other processes record there (`ask-nix apply`,
// `rollback`) within a second rather than at the next heartbeat. Sent
// from inside the loop, during its own passes too; calls must return
// quickly (a stat, a read when the file changed).
type StateFollower interface {
	StateChecked()
}

// The parts that beat.
const (
	PartLoop    = "loop"
	PartWatcher = "watcher"
)

// NopObserver ignores everything.
type NopObserver struct{}

func (NopObserver) PhaseStarted(state.Phase)             {}
func (NopObserver) PassFinished(state.Pass, state.State) {}
func (NopObserver) WatchEvent(string)                    {}

// Observers calls each observer in turn.
type Observers []Observer

func (os Observers) PhaseStarted(ph state.Phase) {
	for _, o := range os {
		o.PhaseStarted(ph)
	}
}

func (os Observers) PassFinished(p state.Pass, st state.State) {
	for _, o := range os {
		o.PassFinished(p, st)
	}
}

func (os Observers) WatchEvent(path string) {
	for _, o := range os {
		o.WatchEvent(path)
	}
}

func (os Observers) Heartbeat(part string) {
	for _, o := range os {
		if lo, ok := o.(LivenessObserver); ok {
			lo.Heartbeat(part)
		}
	}
}

func (os Observers) PassRunning(running bool) {
	for _, o := range os {
		if lo, ok := o.(LivenessObserver); ok {
			lo.PassRunning(running)
		}
	}
}

func (os Observers) StateChecked() {
	for _, o := range os {
		if f, ok := o.(StateFollower); ok {
			f.StateChecked()
		}
	}
}

func (os Observers) BuildProgress() {
	for _, o := range os {
		if lo, ok := o.(LivenessObserver); ok {
			lo.BuildProgress()
		}
	}
}

// emitter serialises observer calls.
type emitter struct {
	mu sync.Mutex
}

type event struct {
	phase     state.Phase
	pass      *state.Pass
	st        state.State
	watchPath string
	// Liveness events: heartbeat names a part; running is a pass
	// starting or ending; progress is build output.
	heartbeat string
	running   *bool
	progress  bool
	// stateChecked: the loop looked at the state file (StateFollower).
	stateChecked bool
}

func (e *emitter) emit(o Observer, ev event) {
	if o == nil {
		return
	}
	live, isLive := o.(LivenessObserver)
	if !isLive && (ev.heartbeat != "" || ev.running != nil || ev.progress) {
		return // not even the lock for what nobody hears
	}
	follower, follows := o.(StateFollower)
	if ev.stateChecked && !follows {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case ev.stateChecked:
		follower.StateChecked()
	case ev.heartbeat != "":
		live.Heartbeat(ev.heartbeat)
	case ev.running != nil:
		live.PassRunning(*ev.running)
	case ev.progress:
		live.BuildProgress()
	case ev.pass != nil:
		o.PassFinished(*ev.pass, ev.st)
	case ev.watchPath != "":
		o.WatchEvent(ev.watchPath)
	default:
		o.PhaseStarted(ev.phase)
	}
}
