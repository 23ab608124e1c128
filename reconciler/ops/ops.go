// Package ops wires the daemon's operational surface together: the
// metrics, the health tracker, the HTTP endpoints, systemd notification
// and the per-phase log lines. The daemon starts it once and hands it to
// the reconciler loop as its observer; every event the loop reports goes
// to all of them from this one place.
package ops

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"sync"

	"github.com/nix-humanity/nix-humanity/internal/logging"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/reconciler/httpapi"
	"github.com/nix-humanity/nix-humanity/reconciler/metrics"
	"github.com/nix-humanity/nix-humanity/reconciler/sdnotify"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// Components are the daemon's long-lived parts; /healthz is 503 until
// they have started and after either has stopped. The reconciler's loop
// runs the watcher itself and ends when the watcher fails, so RunLoop
// starts and stops both.
var Components = []string{"watcher", "loop"}

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
	// Getenv reads NOTIFY_SOCKET; nil: os.Getenv is not consulted and
	// systemd is not notified.
	Getenv func(string) string
}

// Ops is the started surface. Its observer methods are safe for
// concurrent use.
type Ops struct {
	Metrics *metrics.Metrics // nil when metrics are off
	Health  *httpapi.Health
	Notify  *sdnotify.Notifier

	log    *slog.Logger
	addr   net.Addr
	done   chan error
	cancel context.CancelFunc

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
		if st, err = state.Load(s.StateDir); err != nil {
			return nil, err
		}
	}
	o := &Ops{
		Health: httpapi.NewHealth(s.StateDir, Components...),
		Notify: sdnotify.New(c.Getenv),
		log:    log,
		done:   make(chan error, 1),
	}
	o.Health.Restore(st)
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
	o.Metrics = metrics.New(metrics.Options{Version: c.Version, StateDir: s.StateDir, Profile: s.Profile, RunDir: s.RunDir})
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
// and why, when fn returns. A build may run for many minutes without an
// event, so no heartbeat deadline is set: a part counts as alive until it
// returns.
func (o *Ops) RunLoop(fn func() error) error {
	for _, c := range Components {
		o.Health.Started(c, 0)
	}
	err := fn()
	for _, c := range Components {
		o.Health.Stopped(c, err)
	}
	if err != nil {
		o.log.Error("reconciler loop stopped", "error", err)
	}
	return err
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
	o.status(sdnotify.PhaseStatus(p))
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
	o.status(sdnotify.PassStatus(p))
}

// WatchEvent is a file system event on the watched inputs.
func (o *Ops) WatchEvent(path string) {
	if o.Metrics != nil {
		o.Metrics.WatchEvent(path)
	}
	o.Health.WatchEvent(path)
}

func (o *Ops) status(s string) {
	if err := o.Notify.Status(s); err != nil {
		o.log.Debug("could not update the systemd status", "error", err)
	}
}
