// Package ops wires the daemon's operational surface together: the
// metrics, the health tracker, the HTTP endpoints, systemd notification
// and the per-phase log lines. The daemon starts it once and hands it to
// the reconciler loop as its observer; every event the loop reports goes
// to all of them from this one place.
package ops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/logging"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/reconciler/generation"
	"github.com/nix-humanity/nix-humanity/reconciler/httpapi"
	"github.com/nix-humanity/nix-humanity/reconciler/liveness"
	"github.com/nix-humanity/nix-humanity/reconciler/metrics"
	"github.com/nix-humanity/nix-humanity/reconciler/sdnotify"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// Components are the daemon's long-lived parts; /healthz is 503 until
// they have started, after either has stopped, and while either is
// silent too long (see httpapi.Health). The reconciler's loop runs the
// watcher itself and ends when the watcher fails, so RunLoop starts and
// stops both.
var Components = []string{"watcher", httpapi.Loop}

// Config is what Start needs.
type Config struct {
	Settings *settings.Settings
	Version  string
	// State is the state file as the daemon found it at start; nil:
	// Start loads it from Settings.StateDir.
	State *state.State
	// Status builds the /status document, the same one `ask-nix status
	// --json` prints; nil: no /status endpoint.
	Status httpapi.StatusFunc
	Log    *slog.Logger
	// Getenv reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID; nil:
	// os.Getenv is not consulted and systemd is not notified.
	Getenv func(string) string
	// Now is the health check's clock; nil is time.Now.
	Now func() time.Time
}

// Beats is how the loop and the watcher prove that their event loops
// run: a heartbeat Every so often; Limit is the silence after which
// they count as stuck.
type Beats struct {
	Every, Limit time.Duration
}

// Ops is the started surface. Its observer methods are safe for
// concurrent use.
type Ops struct {
	Metrics *metrics.Metrics // nil when metrics are off
	Health  *httpapi.Health
	Notify  *sdnotify.Notifier

	log      *slog.Logger
	addr     net.Addr
	done     chan error
	cancel   context.CancelFunc
	stateDir string
	now      func() time.Time

	mu          sync.Mutex
	phaseStatus string           // the systemd status the loop's events last set
	stalls      []liveness.Stall // as last written to the liveness record
	// lastPass is the id of the newest recorded pass the systemd status
	// and the health check said, and stateKey the state file as last
	// looked at (see followState).
	lastPass int64
	stateKey stateFileKey
	// running: the loop's own pass (or its wait for the pass lock at
	// start) is under way; its end catches up with the state file.
	running bool
	// generation is the profile's current generation as of lastPass
	// (0: not known), to say where a pass another process ran moved it
	// from.
	generation int
	// profile is the system profile (see checkProfile); stateBusy: the
	// state file, as last read, had a pass under way.
	profile   string
	stateBusy bool

	closeOnce sync.Once
	closeErr  error
	stopOnce  sync.Once
}

// Start builds everything and, unless metrics are off, listens on
// Settings.MetricsAddr and serves until ctx ends or Close. A listen error
// is returned at once, before the daemon does anything else.
func Start(ctx context.Context, c Config) (*Ops, error) {
	s := c.Settings
	if s == nil {
		return nil, fmt.Errorf("ops: no settings")
	}
	log := c.Log
	if log == nil {
		log = logging.Discard()
	}
	st := c.State
	if st == nil {
		var err error
		st, err = state.Load(s.StateDir)
		var corrupt *state.CorruptError
		switch {
		case errors.As(err, &corrupt):
			// The daemon's first pass moves it aside; the metrics start
			// from what can still be read of it (the counters, which so
			// do not fall to zero), rather than the daemon not at all.
			st = state.Salvage(s.StateDir)
			log.Warn("the state file is not valid JSON; starting the metrics from what could be read of it", "error", err, "counters_read", !st.Counters.Empty())
		case err != nil:
			return nil, err
		}
	}
	o := &Ops{
		Health:      httpapi.NewHealth(s.StateDir, Components...),
		Notify:      sdnotify.New(c.Getenv),
		log:         log,
		done:        make(chan error, 1),
		stateDir:    s.StateDir,
		profile:     s.Profile,
		phaseStatus: sdnotify.PhaseStatus(state.PhaseIdle),
	}
	o.now = c.Now
	if o.now == nil {
		o.now = time.Now
	}
	o.Health.SetClock(o.now)
	o.Health.SetStallLimit(s.StallTimeout)
	o.Health.Restore(st)
	if st.LastPass != nil {
		o.lastPass = st.LastPass.ID
	}
	o.generation = st.CurrentGeneration
	o.stateBusy = st.Phase != state.PhaseIdle && st.Phase != ""
	o.stateKey = readStateKey(s.StateDir)
	// A record of stalls is this process's alone; one left behind by a
	// daemon that died is ignored by readers, and removed here.
	if err := liveness.Remove(s.StateDir); err != nil {
		log.Warn("an old liveness record stays", "error", err)
	}
	if d, err := o.Notify.Watchdog(); err != nil {
		log.Warn("systemd's watchdog is not served", "error", err)
	} else if d > 0 {
		log.Info("systemd watchdog on: WATCHDOG=1 is sent while the loop and the watcher are alive", "timeout", d.String(), "every", o.Notify.WatchdogEvery().String())
	}
	// Shutting down starts when ctx ends, though the loop may still wait
	// for an activation to finish: systemd hears it then.
	go func() {
		<-ctx.Done()
		o.Stopping()
	}()
	if !s.EnableMetrics {
		log.Info("metrics and health endpoints are off", "source", s.Source("enableMetrics"))
		o.done <- nil
		return o, nil
	}
	o.Metrics = metrics.New(metrics.Options{Version: c.Version, StateDir: s.StateDir, Profile: s.Profile, RunDir: s.RunDir,
		LoopProgress: func() time.Time { return o.Health.LastProgress(httpapi.Loop) }})
	o.Metrics.Restore(st)
	ln, err := httpapi.Listen(s.MetricsAddr)
	if err != nil {
		if s.Source("metricsAddr") != "default" {
			return nil, err
		}
		// Nobody chose this address (Prometheus itself defaults to 9090):
		// a daemon started by hand or in a playground keeps reconciling,
		// and says loudly that it serves no endpoints. An address that was
		// configured must work, or the daemon does not start.
		log.Error("metrics, /healthz and /status are off", "error", err)
		o.done <- nil
		return o, nil
	}
	o.addr = ln.Addr()
	h := httpapi.Handler(httpapi.Options{Metrics: o.Metrics.Handler(), Health: o.Health, Status: c.Status, Log: log})
	sctx, cancel := context.WithCancel(ctx)
	o.cancel = cancel
	go func() { o.done <- httpapi.Serve(sctx, ln, h) }()
	log.Info("serving /metrics, /healthz and /status", "addr", o.addr.String())
	return o, nil
}

// Addr is where the endpoints listen ("" when off).
func (o *Ops) Addr() string {
	if o.addr == nil {
		return ""
	}
	return o.addr.String()
}

// Close tells systemd the daemon is stopping (if ctx has not ended
// already), shuts the HTTP server down (in-flight requests get
// httpapi.ShutdownGrace) and returns its error; later calls return the
// same.
func (o *Ops) Close() error {
	o.Stopping()
	o.closeOnce.Do(func() {
		if o.cancel != nil {
			o.cancel()
		}
		o.closeErr = <-o.done
	})
	return o.closeErr
}

// RunLoop runs the reconciler loop (fn: the loop's Run, which also runs
// the watcher) so /healthz knows both are alive, and that they stopped,
// and why, when fn returns.
//
// Alive means more than "its goroutine has not returned": the loop and
// the watcher must beat within b.Limit (their event loops still select),
// and a pass must show progress within the stall timeout (settings,
// NIX_HUMANITY_STALL_TIMEOUT). Meanwhile a monitor follows the verdict:
// it sends systemd's WATCHDOG=1 only while both are alive, so systemd
// restarts a daemon that really hung; it says a stall in the systemd
// status and the log; and it keeps the stalls in the state directory for
// `ask-nix status`.
func (o *Ops) RunLoop(b Beats, fn func() error) error {
	for _, c := range Components {
		o.Health.Started(c, b.Limit)
	}
	mctx, stopMonitor := context.WithCancel(context.Background())
	monitorDone := make(chan struct{})
	go func() {
		defer close(monitorDone)
		o.monitor(mctx, o.monitorEvery(b.Every))
	}()
	err := fn()
	stopMonitor()
	<-monitorDone
	for _, c := range Components {
		o.Health.Stopped(c, err)
	}
	if rerr := liveness.Remove(o.stateDir); rerr != nil {
		o.log.Warn("the liveness record stays", "error", rerr)
	}
	if err != nil {
		o.log.Error("reconciler loop stopped", "error", err)
	}
	return err
}

// monitorEvery is how often the monitor looks: as often as the parts
// beat, and at least at half systemd's watchdog timeout.
func (o *Ops) monitorEvery(beat time.Duration) time.Duration {
	every := beat
	if wd := o.Notify.WatchdogEvery(); wd > 0 && (every <= 0 || wd < every) {
		every = wd
	}
	if every <= 0 {
		every = 10 * time.Second
	}
	return every
}

func (o *Ops) monitor(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		o.CheckLiveness()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// CheckLiveness is one look of the monitor: it pings systemd's watchdog
// when the loop and the watcher are alive, and reports a stall when one
// begins, changes or ends (log, systemd status, liveness record). The
// monitor calls it on its timer; tests call it directly.
func (o *Ops) CheckLiveness() {
	v := o.Health.Liveness()
	o.mu.Lock()
	changed := !liveness.Same(o.stalls, v.Stalls)
	o.stalls = v.Stalls
	phase := o.phaseStatus
	o.mu.Unlock()
	if changed {
		o.reportStalls(v.Stalls, phase)
	}
	if !v.Alive {
		return
	}
	if err := o.Notify.PingWatchdog(); err != nil {
		o.log.Warn("could not tell systemd's watchdog the daemon is alive", "error", err)
	}
}

func (o *Ops) reportStalls(stalls []liveness.Stall, phase string) {
	if len(stalls) == 0 {
		o.log.Info("the reconciler is making progress again")
		o.status(phase)
	} else {
		now := o.now()
		reasons := make([]string, len(stalls))
		for i, st := range stalls {
			reasons[i] = st.Reason(now)
		}
		attrs := []any{"reasons", reasons}
		if d, _ := o.Notify.Watchdog(); d > 0 {
			attrs = append(attrs, "watchdog", "not pinged: systemd restarts the daemon after "+d.String()+" of this")
		}
		o.log.Error("the reconciler is stuck", attrs...)
		// Sent before any ping is withheld: in the notification stream,
		// a "stuck:" status is followed by no WATCHDOG=1 until a status
		// that is not.
		o.status("stuck: " + strings.Join(reasons, "; "))
	}
	if err := liveness.Save(o.stateDir, liveness.Record{Daemon: os.Getpid(), Stalls: stalls}); err != nil {
		o.log.Warn("could not record the stall for ask-nix status", "error", err)
	}
}

// Ready tells systemd that start-up is done. The daemon calls it after
// the first scan of its inputs; the first event from the loop does the
// same, so a daemon that forgets still becomes ready.
func (o *Ops) Ready(status string) {
	if err := o.Notify.Ready(status); err != nil {
		o.log.Warn("could not tell systemd the daemon is ready", "error", err)
	}
}

// Stopping tells systemd the daemon is on its way out; only the first
// call sends. Start calls it when ctx ends, Close otherwise.
func (o *Ops) Stopping() {
	o.stopOnce.Do(func() {
		if err := o.Notify.Stopping(); err != nil {
			o.log.Warn("could not tell systemd the daemon is stopping", "error", err)
		}
	})
}

// PhaseStarted is the loop entering a phase.
func (o *Ops) PhaseStarted(p state.Phase) {
	if o.Metrics != nil {
		o.Metrics.PhaseStarted(p)
	}
	o.Health.PhaseStarted(p)
	o.Ready(sdnotify.PhaseStatus(p))
	o.setPhaseStatus(sdnotify.PhaseStatus(p))
}

// PassFinished is the loop done with a pass (st: the state after it):
// metrics, health and the systemd status. The reconciler itself logs the
// pass and its phases.
func (o *Ops) PassFinished(p state.Pass, st state.State) {
	if o.Metrics != nil {
		o.Metrics.PassFinished(p, st)
	}
	o.Health.PassFinished(p, st)
	o.Ready(sdnotify.PassStatus(p))
	o.setPhaseStatus(sdnotify.PassStatus(p))
	// Passes another process recorded since the last one seen, before
	// this one, are logged now: the heartbeat that would have found them
	// would see only this pass as new.
	o.logOthers(&st, p.ID)
}

// logOthers logs, one line each, the passes in st newer than the last
// one the daemon saw that it did not run itself (own: the id of the
// loop's pass, 0 for none), so the daemon's journal tells the whole
// story: `ask-nix apply`, `rollback` and `update` run passes in their own
// process, which log to their own stderr only. A pass that moved the
// current generation says from which (from_generation). The last pass
// seen becomes st's newest.
func (o *Ops) logOthers(st *state.State, own int64) {
	if st.LastPass == nil {
		return
	}
	o.mu.Lock()
	seen, gen := o.lastPass, o.generation
	o.lastPass = max(o.lastPass, st.LastPass.ID)
	if st.CurrentGeneration != 0 {
		o.generation = st.CurrentGeneration
	}
	o.mu.Unlock()
	passes := st.History
	if len(passes) == 0 || passes[len(passes)-1].ID != st.LastPass.ID {
		passes = append(passes[:len(passes):len(passes)], *st.LastPass)
	}
	if n := len(passes); n > 0 && passes[0].ID > seen+1 && seen != 0 {
		// More passes than the state file keeps ran unseen.
		o.log.Info("passes run by another process are no longer in the state file", "from_id", seen+1, "to_id", passes[0].ID-1)
	}
	for _, p := range passes {
		if p.ID <= seen {
			continue
		}
		from := gen
		if p.Generation != 0 {
			gen = p.Generation
		}
		if p.ID == own {
			continue
		}
		if from == p.Generation {
			from = 0
		}
		o.log.Log(context.Background(), otherPassLevel(p), "pass run by another process", otherPassAttrs(p, from)...)
	}
}

// otherPassLevel is the level the reconciler logs such a pass with.
func otherPassLevel(p state.Pass) slog.Level {
	if p.Result == state.ResultFailure || p.Result == state.ResultRolledBack {
		return slog.LevelError
	}
	return slog.LevelInfo
}

// otherPassAttrs says who ran a pass, how it ended and what is in place,
// as the reconciler's "pass finished" line does, and the generation it
// moved the profile from (from, 0: it did not, or that is not known); of
// an error, its first line (the whole is in the state file: ask-nix
// status).
func otherPassAttrs(p state.Pass, from int) []any {
	by := "ask-nix " + p.Trigger
	switch p.Trigger {
	case "apply", "rollback", "update":
	case "":
		by = "another process"
	default:
		by = "another process (trigger " + p.Trigger + ")"
	}
	attrs := []any{"id", p.ID, "by", by, "result", p.Result, "action", p.Action, "finished", p.Finished.Format(time.RFC3339)}
	if p.Reason != "" {
		attrs = append(attrs, "reason", p.Reason)
	}
	if p.Generation != 0 {
		attrs = append(attrs, "generation", p.Generation)
		if from != 0 {
			attrs = append(attrs, "from_generation", from)
		}
	}
	if p.RolledBackTo != 0 {
		attrs = append(attrs, "rolled_back_to", p.RolledBackTo)
	}
	attrs = append(attrs, p.RunningAttrs()...)
	if p.Error != "" {
		first, _, _ := strings.Cut(p.Error, "\n")
		attrs = append(attrs, "error", first)
	}
	return attrs
}

// WatchEvent is a file system event on the watched inputs.
func (o *Ops) WatchEvent(path string) {
	if o.Metrics != nil {
		o.Metrics.WatchEvent(path)
	}
	o.Health.WatchEvent(path)
}

// Heartbeat is the loop's or the watcher's event loop beating.
func (o *Ops) Heartbeat(part string) {
	o.Health.Heartbeat(part)
	if part == httpapi.Loop {
		o.followState()
	}
}

// StateChecked is the loop's look at the state file, once a second: a
// pass another process recorded is followed (see followState) within a
// second.
func (o *Ops) StateChecked() { o.followState() }

// stateFileKey tells a changed state file from the one last read: it is
// replaced by rename, so every write is a new inode.
type stateFileKey struct {
	ino, size, mtime int64
}

func readStateKey(dir string) stateFileKey {
	fi, err := os.Stat(state.Path(dir))
	if err != nil {
		return stateFileKey{}
	}
	k := stateFileKey{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		k.ino = int64(st.Ino)
	}
	return k
}

// followState catches up with passes the loop did not run: `ask-nix
// apply`, `rollback` or `update` in their own process record theirs in
// the state file only, and the systemd status and /healthz would go on
// saying the daemon's last pass (a failure fixed since, a generation
// rolled back from). At each of the loop's looks at the state file (a
// second) and each loop heartbeat one stat; the file is read only when
// it changed.
func (o *Ops) followState() {
	k := readStateKey(o.stateDir)
	o.mu.Lock()
	if o.running {
		// While the loop's own pass runs, the file is read once it has
		// ended: read after the pass saved it and before PassFinished
		// came, its pass would be taken for another process's.
		o.mu.Unlock()
		return
	}
	if k == o.stateKey {
		o.mu.Unlock()
		o.checkProfile(k)
		return
	}
	o.stateKey = k
	seen := o.lastPass
	o.mu.Unlock()
	st, err := state.Load(o.stateDir)
	busy := err != nil || st.Phase != state.PhaseIdle && st.Phase != ""
	o.mu.Lock()
	o.stateBusy = busy
	o.mu.Unlock()
	if busy || st.LastPass == nil || st.LastPass.ID <= seen {
		// A pass still running says itself when it ends.
		o.checkProfile(k)
		return
	}
	o.logOthers(st, 0)
	o.Health.Restore(st)
	o.setPhaseStatus(sdnotify.PassStatus(*st.LastPass))
	o.checkProfile(k)
}

// checkProfile logs a move of the system profile that no pass recorded:
// `nixos-rebuild switch --rollback` or `nix-env --switch-generation` run
// by hand, now or while the daemon was down. Every pass of ours (the
// daemon's, ask-nix's) writes its phase to the state file before it
// touches the profile and records the generation after, so a profile
// that differs from the generation last recorded while the state file,
// unchanged around the readlink (k, then again after it), says no pass
// is under way, was moved by someone else. One readlink and two stats.
func (o *Ops) checkProfile(k stateFileKey) {
	if o.profile == "" {
		return
	}
	n := generation.CurrentNumber(o.profile)
	if n == 0 || readStateKey(o.stateDir) != k {
		return // no profile yet, or a pass just wrote: looked at next time
	}
	o.mu.Lock()
	from := o.generation
	if o.stateBusy || k != o.stateKey || n == from {
		o.mu.Unlock()
		return
	}
	o.generation = n
	o.mu.Unlock()
	if from == 0 {
		return // nothing recorded to compare with: this is where it starts
	}
	o.log.Warn("the system profile was switched outside nix-humanity (nixos-rebuild or nix-env by hand)",
		"generation", n, "from_generation", from, "profile", o.profile,
		"next", "the reconciler leaves it until a watched file changes; ask-nix status says what runs, ask-nix apply --force builds the fragment's configuration again")
}

// Ran is the daemon done with a pass it ran outside its loop, before it
// observed (a playground's first generation): st is the state after it.
// Health and the systemd status learn it, as of any pass, and it is not
// logged again as another process's.
func (o *Ops) Ran(st *state.State) {
	if st.LastPass == nil {
		return
	}
	o.mu.Lock()
	o.lastPass = max(o.lastPass, st.LastPass.ID)
	o.generation = st.CurrentGeneration
	// Kept for later, not sent: systemd hears READY=1 first.
	o.phaseStatus = sdnotify.PassStatus(*st.LastPass)
	o.mu.Unlock()
	o.Health.Restore(st)
}

// PassRunning is a pass starting (or the start-up wait for the pass
// lock) or ending. The end of the start-up wait ends Starting: the loop
// holds its place and reconciles from here on.
func (o *Ops) PassRunning(running bool) {
	o.mu.Lock()
	o.running = running
	o.mu.Unlock()
	if !running {
		o.Health.Starting("")
	}
	o.Health.PassRunning(running)
}

// Starting says what the daemon is doing before its loop reconciles:
// /healthz answers 503 "starting" with it until the loop's start-up wait
// ends (PassRunning(false)) or Starting(""). The daemon calls it before
// the work that may take a while: a playground's first generation, the
// pass lock, the first scan of the inputs.
func (o *Ops) Starting(reason string) { o.Health.Starting(reason) }

// BuildProgress is build output of the running pass.
func (o *Ops) BuildProgress() { o.Health.BuildProgress() }

func (o *Ops) setPhaseStatus(s string) {
	o.mu.Lock()
	o.phaseStatus = s
	o.mu.Unlock()
	o.status(s)
}

func (o *Ops) status(s string) {
	if err := o.Notify.Status(s); err != nil {
		o.log.Debug("could not update the systemd status", "error", err)
	}
}
