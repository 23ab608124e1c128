package httpapi

import (
	"errors"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler/liveness"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// Health tracks whether the daemon can do its job: its long-running parts
// (the watcher, the loop) are running and proving it, and the state
// directory takes writes. A failed last pass makes it "degraded", which
// is still healthy: the daemon is alive and will try again on the next
// change; restarting it would not help.
//
// A part proves it is alive in two ways. Its own event loop beats on a
// timer (Beat), busy or idle, so a loop that stops selecting (deadlocked,
// blocked where it must not block) goes silent within its heartbeat
// limit. And while the loop works on something that is not its select
// loop's business (a pass, which runs in a goroutine of its own, or the
// wait for the pass lock at start), that work must show progress: a
// phase change or a line of build output, within the stall limit.
type Health struct {
	stateDir string
	now      func() time.Time

	mu         sync.Mutex
	comps      map[string]*component
	stall      time.Duration // progress limit for busy parts; 0: none
	probeAt    time.Time
	probeErr   error
	lastResult state.Result
	lastError  string
	lastAt     time.Time
	// starting says what the daemon does before its loop reconciles
	// (building a playground's first generation, waiting for the pass
	// lock, the first scan of the inputs); "" once it does.
	starting string
}

type component struct {
	started    bool
	stopped    bool
	err        error
	lastBeat   time.Time
	maxSilence time.Duration
	// busy: a pass (or the start-up wait for the pass lock) is running;
	// it must show progress within Health.stall.
	busy         bool
	phase        state.Phase
	lastProgress time.Time
}

// ProbeEvery is how often /healthz really writes to the state directory;
// in between it reports the last probe.
const ProbeEvery = 5 * time.Second

// Loop is the component that runs passes: the observer methods report
// its phases and progress.
const Loop = "loop"

// NewHealth tracks the named components (e.g. "watcher", "loop"), which
// count as down until Started.
func NewHealth(stateDir string, components ...string) *Health {
	h := &Health{stateDir: stateDir, now: time.Now, comps: map[string]*component{}}
	for _, c := range components {
		h.comps[c] = &component{}
	}
	return h
}

// SetClock replaces the clock (tests); nil is time.Now.
func (h *Health) SetClock(now func() time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if now == nil {
		now = time.Now
	}
	h.now = now
}

// SetStallLimit sets how long a busy part may go without progress before
// it counts as stuck; 0 means never.
func (h *Health) SetStallLimit(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.stall = d
}

func (h *Health) comp(name string) *component {
	c, ok := h.comps[name]
	if !ok {
		c = &component{}
		h.comps[name] = c
	}
	return c
}

// Starting says what the daemon is doing before it reconciles: /healthz
// answers 503 with status "starting" and that reason, at once, until
// Starting("") (a part that stopped or stalls meanwhile is still said).
func (h *Health) Starting(reason string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.starting = reason
}

// Started marks a component running. With maxSilence > 0 it must Beat at
// least that often to count as alive; 0 means only its exit counts.
func (h *Health) Started(name string, maxSilence time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := h.comp(name)
	*c = component{started: true, lastBeat: h.now(), maxSilence: maxSilence}
}

// Beat says the component's own event loop is still running.
func (h *Health) Beat(name string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := h.comp(name)
	c.lastBeat = h.now()
	if !c.started {
		c.started = true
	}
}

// Busy marks the start (true) or the end (false) of work the component
// does outside its event loop, which must then show progress.
func (h *Health) Busy(name string, busy bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := h.comp(name)
	c.busy, c.phase = busy, ""
	c.lastProgress = h.now()
}

// Progress says the component's work moved on (in phase, when not "").
func (h *Health) Progress(name string, phase state.Phase) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := h.comp(name)
	c.lastProgress = h.now()
	if phase != "" {
		c.phase = phase
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

// LastProgress is the loop's last proof of life that counts for its
// current state: its last progress while busy, its last heartbeat (or
// progress) while idle; zero before it started.
func (h *Health) LastProgress(name string) time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	c, ok := h.comps[name]
	if !ok || !c.started {
		return time.Time{}
	}
	if c.busy || c.lastProgress.After(c.lastBeat) {
		return c.lastProgress
	}
	return c.lastBeat
}

// Observer methods: the loop's events are its progress.

// PhaseStarted is progress of the loop's pass, now in phase p.
func (h *Health) PhaseStarted(p state.Phase) { h.Progress(Loop, p) }

// PassFinished is progress of the loop and records the result of the
// last pass the state file keeps: a no-op that ran no Nix is not kept
// there, and must not hide a failure it merely did not retry.
func (h *Health) PassFinished(p state.Pass, st state.State) {
	if st.LastPass != nil {
		p = *st.LastPass
	}
	h.mu.Lock()
	h.lastResult, h.lastError, h.lastAt = p.Result, p.Error, p.Finished
	h.mu.Unlock()
	h.Progress(Loop, "")
}

// WatchEvent beats the watcher: it comes from inside its event loop.
func (h *Health) WatchEvent(string) { h.Beat("watcher") }

// Heartbeat is a part's event loop beating on its timer.
func (h *Health) Heartbeat(part string) { h.Beat(part) }

// PassRunning marks the loop busy with a pass (or idle again).
func (h *Health) PassRunning(running bool) { h.Busy(Loop, running) }

// BuildProgress is a build progress update or log line of the pass.
func (h *Health) BuildProgress() { h.Progress(Loop, "") }

// Restore takes the last result from the state file: at start, and
// when the file shows a pass the daemon's loop did not run (ask-nix
// apply or rollback in their own process).
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
	StatusStarting    = "starting"    // the daemon does not reconcile yet (503, with what it does)
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
	// Busy, Phase and LastProgress describe the work in progress (a
	// pass), which must show progress within the stall limit.
	Busy         bool        `json:"busy,omitempty"`
	Phase        state.Phase `json:"phase,omitempty"`
	LastProgress *time.Time  `json:"lastProgress,omitempty"`
	Reason       string      `json:"reason,omitempty"`
}

// Liveness is the verdict on the long-running parts alone, without the
// state directory probe: what the systemd watchdog follows.
type Liveness struct {
	Alive   bool
	Reasons []string         // why not, one line per part, as /healthz says it
	Stalls  []liveness.Stall // the parts that are running but silent
}

// Liveness judges the parts now.
func (h *Health) Liveness() Liveness {
	h.mu.Lock()
	defer h.mu.Unlock()
	v, _ := h.judge(h.now())
	return v
}

// judge decides each part's fate; h.mu is held.
func (h *Health) judge(now time.Time) (Liveness, map[string]ComponentReport) {
	v := Liveness{Alive: true}
	reports := map[string]ComponentReport{}
	names := make([]string, 0, len(h.comps))
	for n := range h.comps {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := h.comps[n]
		cr := ComponentReport{Alive: true, Busy: c.busy}
		if !c.lastBeat.IsZero() {
			t := c.lastBeat
			cr.LastBeat = &t
		}
		if c.busy {
			t := c.lastProgress
			cr.Phase, cr.LastProgress = c.phase, &t
		}
		var stall *liveness.Stall
		switch {
		case !c.started:
			cr.Alive, cr.Reason = false, "not started yet"
		case c.stopped && c.err != nil:
			cr.Alive, cr.Reason = false, "stopped: "+c.err.Error()
		case c.stopped:
			cr.Alive, cr.Reason = false, "stopped"
		case c.maxSilence > 0 && now.Sub(c.lastBeat) > c.maxSilence:
			stall = &liveness.Stall{Part: n, Kind: liveness.KindHeartbeat, Since: c.lastBeat, LimitSeconds: c.maxSilence.Seconds()}
		case c.busy && h.stall > 0 && now.Sub(c.lastProgress) > h.stall:
			stall = &liveness.Stall{Part: n, Kind: liveness.KindProgress, Phase: c.phase, Since: c.lastProgress, LimitSeconds: h.stall.Seconds()}
		}
		if stall != nil {
			v.Stalls = append(v.Stalls, *stall)
			cr.Alive = false
			cr.Reason = strings.TrimPrefix(stall.Reason(now), n+": ")
		}
		if !cr.Alive {
			v.Alive = false
			v.Reasons = append(v.Reasons, n+": "+cr.Reason)
		}
		reports[n] = cr
	}
	return v, reports
}

// Check builds the report; Status is StatusUnavailable or
// StatusStarting exactly when /healthz answers 503.
func (h *Health) Check() Report {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now()
	v, comps := h.judge(now)
	r := Report{Status: StatusOK, Components: comps, StateDir: "writable", Reasons: v.Reasons}
	if !v.Alive {
		r.Status = StatusUnavailable
	}
	if h.starting != "" {
		// Parts not started yet are what starting means; a part that
		// stopped or stalls is said as well, and makes it unavailable.
		reasons := []string{"starting: " + h.starting}
		down := false
		for _, reason := range v.Reasons {
			if !strings.HasSuffix(reason, ": not started yet") {
				reasons, down = append(reasons, reason), true
			}
		}
		r.Reasons = reasons
		if r.Status = StatusStarting; down {
			r.Status = StatusUnavailable
		}
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
		// In words ("rolled back"); lastResult keeps the label.
		r.Reasons = append(r.Reasons, "last pass "+strings.ReplaceAll(string(h.lastResult), "_", " ")+": "+h.lastError)
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
