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
	// only. A no-op that stopped before any Nix ran ("inputs unchanged")
	// is reported here but not kept in the state file's history or
	// counters, so a touched file does not cost a disk write.
	PassFinished(p state.Pass, st state.State)
	// WatchEvent: a watched input changed on disk.
	WatchEvent(path string)
}

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

// emitter serialises observer calls.
type emitter struct {
	mu sync.Mutex
}

type event struct {
	phase     state.Phase
	pass      *state.Pass
	st        state.State
	watchPath string
}

func (e *emitter) emit(o Observer, ev event) {
	if o == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case ev.pass != nil:
		o.PassFinished(*ev.pass, ev.st)
	case ev.watchPath != "":
		o.WatchEvent(ev.watchPath)
	default:
		o.PhaseStarted(ev.phase)
	}
}
