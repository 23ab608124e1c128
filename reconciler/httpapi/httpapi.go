// Package httpapi is the daemon's HTTP face for the tools admins already
// run: /metrics for Prometheus, /healthz for probes and systemd-style
// watchers, /status for people and scripts (the same JSON as
// `ask-nix status --json`). Default address 127.0.0.1:9090
// (settings.MetricsAddr), off with NIX_HUMANITY_ENABLE_METRICS=false.
package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// StatusFunc returns the /status document (what `ask-nix status --json`
// prints).
type StatusFunc func(ctx context.Context) (any, error)

// Options are the parts the endpoints serve.
type Options struct {
	Metrics http.Handler // /metrics; nil: 404
	Health  *Health      // /healthz; nil: 404
	Status  StatusFunc   // /status; nil: 404
	Log     *slog.Logger // request errors; nil: discarded
}

// Handler routes the endpoints.
func Handler(o Options) http.Handler {
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	if o.Metrics != nil {
		mux.Handle("GET /metrics", o.Metrics)
	}
	if o.Health != nil {
		mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
			rep := o.Health.Check()
			code := http.StatusOK
			if rep.Status == StatusUnavailable || rep.Status == StatusStarting {
				code = http.StatusServiceUnavailable
			}
			writeJSON(w, code, rep, log)
		})
	}
	if o.Status != nil {
		mux.HandleFunc("GET /status", func(w http.ResponseWriter, r *http.Request) {
			v, err := o.Status(r.Context())
			if err != nil {
				log.Warn("status request failed", "error", err)
				writeJSON(w, http.StatusInternalServerError, map[string]any{"error": map[string]string{"code": "failed", "reason": err.Error()}}, log)
				return
			}
			writeJSON(w, http.StatusOK, v, log)
		})
	}
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "nix-humanityd: /metrics (Prometheus), /healthz, /status (JSON)")
	})
	return mux
}

// writeJSON writes v the way ask-nix --json does: one JSON document with
// a trailing newline, HTML characters left alone.
func writeJSON(w http.ResponseWriter, code int, v any, log *slog.Logger) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		log.Warn("writing JSON response", "error", err)
	}
}

// Listen opens the address, so the daemon can fail at start-up (address
// in use, bad host) before it does anything else.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics endpoint %s: %w (set NIX_HUMANITY_METRICS_ADDR to another address, or NIX_HUMANITY_ENABLE_METRICS=false to turn it off)", addr, err)
	}
	return ln, nil
}

// ShutdownGrace is how long in-flight requests get when ctx ends.
const ShutdownGrace = 5 * time.Second

// Serve answers on ln until ctx ends, then shuts down gracefully. It
// returns nil after a shutdown caused by ctx, or the server's error.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("metrics endpoint: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
