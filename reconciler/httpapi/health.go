package httpapi

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// Health tracks whether the daemon can do its job: its long-running parts
// (the watcher, the loop) are running and beating, and the state
// directory takes writes. A failed last pass makes it "degraded", which
// is still healthy: the daemon is alive and will try again on the next
// change; restarting it would not help.
type Health struct {
	stateDir string
	now      func() time.Time

	mu         sync.Mutex
	comps      map[string]*component
	probeAt    time.Time
	probeErr   error
	lastResult state.Result
	lastError  string
	lastAt     time.Time
}

type component struct {
	started    bool
	stopped    bool
	err        error
	lastBeat   time.Time
	maxSilence time.Duration
}

// ProbeEvery is how often /healthz really writes to the state directory;
// in between it reports the last probe.
const ProbeEvery = 5 * time.Second

// NewHealth tracks the named components (e.g. "watcher", "loop"), which
// count as down until Started.
func NewHealth(stateDir string, components ...string) *Health {
	h := &Health{stateDir: stateDir, now: time.Now, comps: map[string]*component{}}
	for _, c := range components {
		h.comps[c] = &component{}
	}
	return h
}

func (h *Health) comp(name string) *component {
	c, ok := h.comps[name]
	if !ok {
		c = &component{}
		h.comps[name] = c
	}
	return c
}

// Started marks a component running. With maxSilence > 0 it must Beat at
// least that often to count as alive; 0 means only its exit counts.
func (h *Health) Started(name string, maxSilence time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := h.comp(name)
	*c = component{started: true, lastBeat: h.now(), maxSilence: maxSilence}
}

// Beat says the component is alive and making progress.
func (h *Health) Beat(name string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := h.comp(name)
	c.lastBeat = h.now()
	if !c.started {
		c.started = true
	}
}

// Stopped marks a component gone, with why (nil: it returned cleanly).
func (h *Health) Stopped(name string, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := h.comp(name)
	c.stopped, c.err = true, err
}

// Run runs fn as the named component: started now, stopped with fn's
// error when it returns. The daemon runs the watcher and the loop
// through it, so a goroutine that dies shows in /healthz.
func (h *Health) Run(name string, maxSilence time.Duration, fn func() error) error {
	h.Started(name, maxSilence)
	err := fn()
	h.Stopped(name, err)
	return err
}

// Observer methods: the loop's events are beats too.

// PhaseStarted beats the loop.
func (h *Health) PhaseStarted(state.Phase) { h.Beat("loop") }

// PassFinished beats the loop and records the result of the last pass
// the state file keeps: a no-op that ran no Nix is not kept there, and
// must not hide a failure it merely did not retry.
func (h *Health) PassFinished(p state.Pass, st state.State) {
	if st.LastPass != nil {
		p = *st.LastPass
	}
	h.mu.Lock()
	h.lastResult, h.lastError, h.lastAt = p.Result, p.Error, p.Finished
	h.mu.Unlock()
	h.Beat("loop")
}

// WatchEvent beats the watcher.
func (h *Health) WatchEvent(string) { h.Beat("watcher") }

// Restore takes the last result from the state file at start.
func (h *Health) Restore(st *state.State) {
	if st == nil || st.LastPass == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.lastResult, h.lastError, h.lastAt = st.LastPass.Result, st.LastPass.Error, st.LastPass.Finished
}

// Health statuses.
const (
	StatusOK          = "ok"
	StatusDegraded    = "degraded"    // alive, but the last pass failed or was rolled back
	StatusUnavailable = "unavailable" // a part is down or the state directory is not writable
)

// Report is the /healthz body.
type Report struct {
	Status     string                     `json:"status"`
	Reasons    []string                   `json:"reasons,omitempty"`
	Components map[string]ComponentReport `json:"components"`
	StateDir   string                     `json:"stateDir"`
	LastResult state.Result               `json:"lastResult,omitempty"`
	LastError  string                     `json:"lastError,omitempty"`
	LastAt     *time.Time                 `json:"lastAt,omitempty"`
}

// ComponentReport is one component in the report.
type ComponentReport struct {
	Alive    bool       `json:"alive"`
	LastBeat *time.Time `json:"lastBeat,omitempty"`
	Reason   string     `json:"reason,omitempty"`
}

// Check builds the report; Status is StatusUnavailable exactly when
// /healthz answers 503.
func (h *Health) Check() Report {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now()
	r := Report{Status: StatusOK, Components: map[string]ComponentReport{}, StateDir: "writable"}
	names := make([]string, 0, len(h.comps))
	for n := range h.comps {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := h.comps[n]
		cr := ComponentReport{Alive: true}
		if !c.lastBeat.IsZero() {
			t := c.lastBeat
			cr.LastBeat = &t
		}
		switch {
		case !c.started:
			cr.Alive, cr.Reason = false, "not started yet"
		case c.stopped && c.err != nil:
			cr.Alive, cr.Reason = false, "stopped: "+c.err.Error()
		case c.stopped:
			cr.Alive, cr.Reason = false, "stopped"
		case c.maxSilence > 0 && now.Sub(c.lastBeat) > c.maxSilence:
			cr.Alive, cr.Reason = false, fmt.Sprintf("no heartbeat for %s", now.Sub(c.lastBeat).Round(time.Second))
		}
		if !cr.Alive {
			r.Status = StatusUnavailable
			r.Reasons = append(r.Reasons, n+": "+cr.Reason)
		}
		r.Components[n] = cr
	}
	if err := h.probe(now); err != nil {
		r.Status = StatusUnavailable
		r.StateDir = "not writable: " + err.Error()
		r.Reasons = append(r.Reasons, "state directory "+h.stateDir+" is not writable: "+err.Error())
	}
	r.LastResult, r.LastError = h.lastResult, h.lastError
	if !h.lastAt.IsZero() {
		t := h.lastAt
		r.LastAt = &t
	}
	if r.Status == StatusOK && slices.Contains([]state.Result{state.ResultFailure, state.ResultRolledBack}, h.lastResult) {
		r.Status = StatusDegraded
		r.Reasons = append(r.Reasons, "last pass "+string(h.lastResult)+": "+h.lastError)
	}
	return r
}

// probe writes and removes a small file in the state directory, at most
// every ProbeEvery; a read-only or missing directory, or a full disk,
// fails it.
func (h *Health) probe(now time.Time) error {
	if !h.probeAt.IsZero() && now.Sub(h.probeAt) < ProbeEvery {
		return h.probeErr
	}
	h.probeAt = now
	h.probeErr = writeProbe(h.stateDir)
	return h.probeErr
}

func writeProbe(dir string) error {
	if dir == "" {
		return errors.New("no state directory set")
	}
	f, err := os.CreateTemp(dir, ".healthz-*")
	if err != nil {
		return err
	}
	name := f.Name()
	_, werr := f.Write([]byte("ok\n"))
	cerr := f.Close()
	rerr := os.Remove(name)
	return errors.Join(werr, cerr, rerr)
}
