package ops

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/nix-humanity/nix-humanity/internal/logging"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/internal/testbin"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

func testSettings(t *testing.T, env map[string]string) *settings.Settings {
	t.Helper()
	dir := t.TempDir()
	base := map[string]string{
		"NIX_HUMANITY_STATE_DIR":    filepath.Join(dir, "state"),
		"NIX_HUMANITY_PROFILE":      filepath.Join(dir, "profiles", "system"),
		"NIX_HUMANITY_RUN_DIR":      filepath.Join(dir, "run"),
		"NIX_HUMANITY_METRICS_ADDR": "127.0.0.1:0",
	}
	for k, v := range env {
		base[k] = v
		if v == "" {
			delete(base, k)
		}
	}
	s, err := settings.Loader{SystemFile: filepath.Join(dir, "none.json"), UserFile: filepath.Join(dir, "none.conf"),
		LookupEnv: func(k string) (string, bool) { v, ok := base[k]; return v, ok }}.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(s.StateDir, 0o755); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStartObserveServeStop(t *testing.T) {
	s := testSettings(t, nil)
	sockPath := filepath.Join(t.TempDir(), "notify.sock")
	sock, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sockPath, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()
	recv := func() string {
		t.Helper()
		_ = sock.SetReadDeadline(time.Now().Add(5 * time.Second))
		buf := make([]byte, 1024)
		n, err := sock.Read(buf)
		if err != nil {
			t.Fatalf("no notification: %v", err)
		}
		return string(buf[:n])
	}

	// The state file as a previous daemon left it.
	prev := &state.State{}
	prev.Record(state.Pass{ID: 1, Result: state.ResultSuccess, Finished: time.Now().Add(-time.Hour)})
	if err := prev.Save(s.StateDir); err != nil {
		t.Fatal(err)
	}

	var logs bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o, err := Start(ctx, Config{
		Settings: s, Version: "test",
		Status: func(context.Context) (any, error) { return state.Load(s.StateDir) },
		Log:    logging.New(&logs, logging.Options{Format: "json", Level: "debug"}),
		Getenv: func(k string) string {
			if k == "NOTIFY_SOCKET" {
				return sockPath
			}
			return ""
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + o.Addr()

	// Before the watcher and loop run: not healthy yet.
	if code, body := testbin.Get(t, base+"/healthz"); code != 503 || !strings.Contains(body, "not started yet") {
		t.Fatalf("before start: %d %s", code, body)
	}
	release := make(chan error)
	loopDone := make(chan error, 1)
	go func() { loopDone <- o.RunLoop(Beats{}, func() error { return <-release }) }()
	waitFor(t, func() bool { code, _ := testbin.Get(t, base+"/healthz"); return code == 200 })

	// The loop's events.
	o.WatchEvent("/etc/nixos/nix-humanity.nix")
	o.PhaseStarted(state.PhaseEval)
	if got := recv(); got != "READY=1\nSTATUS=eval in progress" {
		t.Fatalf("first event should make the daemon ready: %q", got)
	}
	o.PhaseStarted(state.PhaseBuild)
	if got := recv(); got != "STATUS=build in progress" {
		t.Fatalf("got %q", got)
	}
	failed := state.Pass{ID: 2, Result: state.ResultFailure, Finished: time.Now(), Error: "builder for hello failed",
		Durations: map[string]float64{"eval": 0.2, "build": 1.5, "total": 1.7}}
	prev.Record(failed) // the state after the pass, as the reconciler saves and reports it
	if err := prev.Save(s.StateDir); err != nil {
		t.Fatal(err)
	}
	o.PassFinished(failed, *prev)
	if got := recv(); got != "STATUS=idle; last pass failure: builder for hello failed" {
		t.Fatalf("got %q", got)
	}

	code, body := testbin.Get(t, base+"/metrics")
	if code != 200 {
		t.Fatal(code)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	get := func(name, label, value string) float64 {
		for _, m := range mfs[name].GetMetric() {
			for _, lp := range m.GetLabel() {
				if lp.GetName() == label && lp.GetValue() == value {
					if m.Counter != nil {
						return m.Counter.GetValue()
					}
					return m.Gauge.GetValue()
				}
			}
		}
		return -1
	}
	if get("nix_humanity_reconcile_total", "result", "success") != 1 || get("nix_humanity_reconcile_total", "result", "failure") != 1 {
		t.Errorf("restored + new counters wrong:\n%s", body)
	}
	if mfs["nix_humanity_watch_events_total"].GetMetric()[0].GetCounter().GetValue() != 1 {
		t.Error("watch event not counted")
	}

	// A failed pass: degraded, still 200.
	code, body = testbin.Get(t, base+"/healthz")
	var rep map[string]any
	_ = json.Unmarshal([]byte(body), &rep)
	if code != 200 || rep["status"] != "degraded" {
		t.Fatalf("after a failure: %d %s", code, body)
	}
	if code, body := testbin.Get(t, base+"/status"); code != 200 || !strings.Contains(body, `"phase": "idle"`) && !strings.Contains(body, `"phase":"idle"`) {
		t.Fatalf("status: %d %s", code, body)
	}

	if !strings.Contains(logs.String(), `"msg":"serving /metrics, /healthz and /status"`) {
		t.Errorf("logs: %s", logs.String())
	}

	// The loop stops with an error (its watcher failed): 503 with why.
	release <- errors.New("watching /etc/nixos: too many open files")
	if err := <-loopDone; err == nil {
		t.Fatal("RunLoop lost the error")
	}
	code, body = testbin.Get(t, base+"/healthz")
	if code != 503 || !strings.Contains(body, "loop: stopped: watching /etc/nixos: too many open files") || !strings.Contains(body, `"watcher"`) {
		t.Fatalf("after the loop stopped: %d %s", code, body)
	}

	cancel() // SIGTERM: STOPPING=1 at once, before the loop has returned
	if got := recv(); got != "STOPPING=1\nSTATUS=stopping" {
		t.Fatalf("got %q", got)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if err := o.Close(); err != nil { // again: same answer, no second STOPPING
		t.Fatal(err)
	}
	_ = sock.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	if n, err := sock.Read(make([]byte, 64)); err == nil {
		t.Fatalf("a second notification of %d bytes", n)
	}
}

func TestMetricsOff(t *testing.T) {
	s := testSettings(t, map[string]string{"NIX_HUMANITY_ENABLE_METRICS": "false"})
	o, err := Start(context.Background(), Config{Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	if o.Addr() != "" || o.Metrics != nil {
		t.Fatalf("serving at %q with metrics off", o.Addr())
	}
	// The observer still works without metrics.
	o.PhaseStarted(state.PhaseEval)
	o.PassFinished(state.Pass{Result: state.ResultSuccess}, state.State{})
	o.WatchEvent("x")
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestAddressInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	// Configured: the daemon must not start without its endpoints.
	s := testSettings(t, map[string]string{"NIX_HUMANITY_METRICS_ADDR": ln.Addr().String()})
	if _, err := Start(context.Background(), Config{Settings: s}); err == nil || !strings.Contains(err.Error(), "NIX_HUMANITY_METRICS_ADDR") {
		t.Fatalf("got %v", err)
	}
	// The built-in default taken (by Prometheus, say): it goes on without
	// endpoints and logs an error.
	def := testSettings(t, map[string]string{"NIX_HUMANITY_METRICS_ADDR": ""})
	if def.Source("metricsAddr") != "default" {
		t.Fatal(def.Source("metricsAddr"))
	}
	def.MetricsAddr = ln.Addr().String() // stands in for 127.0.0.1:9090 being taken
	var logs bytes.Buffer
	o, err := Start(context.Background(), Config{Settings: def, Log: logging.New(&logs, logging.Options{Format: "text"})})
	if err != nil {
		t.Fatal(err)
	}
	if o.Addr() != "" || !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "are off") {
		t.Fatalf("addr %q, logs %q", o.Addr(), logs.String())
	}
	o.PassFinished(state.Pass{Result: state.ResultSuccess}, state.State{})
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A daemon started over a damaged state file (cut short by a disk fault)
// serves the counters it can still read, not zeros: a counter that fell
// to zero at a restart is a reset to Prometheus, and its rate a spike.
func TestStartOverADamagedStateKeepsCounters(t *testing.T) {
	s := testSettings(t, nil)
	prev := &state.State{}
	for i := 1; i <= 3; i++ {
		prev.Record(state.Pass{ID: int64(i), Result: state.ResultSuccess, Finished: time.Now(), Error: strings.Repeat("x", 3000)})
	}
	prev.Record(state.Pass{ID: 4, Result: state.ResultRolledBack, Reason: "health check failed", Finished: time.Now()})
	if err := prev.Save(s.StateDir); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(state.Path(s.StateDir))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(state.Path(s.StateDir), data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	o, err := Start(context.Background(), Config{Settings: s, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	code, body := testbin.Get(t, "http://"+o.Addr()+"/metrics")
	if code != 200 {
		t.Fatal(code)
	}
	for _, want := range []string{
		`nix_humanity_reconcile_total{result="success"} 3`,
		`nix_humanity_reconcile_total{result="rolled_back"} 1`,
		`nix_humanity_rollbacks_total{reason="health_check_failed"} 1`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("metrics lack %s", want)
		}
	}
}
