package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

func get(t *testing.T, h http.Handler, path string) (int, map[string]any, string) {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v: %s", path, err, b)
		}
	}
	return resp.StatusCode, m, string(b)
}

func TestHealthz(t *testing.T) {
	fileNotDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(fileNotDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		stateDir   string
		setup      func(h *Health)
		code       int
		status     string
		reasonPart string
	}{
		{"alive", "", func(h *Health) { h.Started("watcher", 0); h.Started("loop", time.Minute) }, 200, StatusOK, ""},
		{"not started yet", "", func(h *Health) { h.Started("loop", 0) }, 503, StatusUnavailable, "watcher: not started yet"},
		{"loop died", "", func(h *Health) {
			h.Started("watcher", 0)
			h.Started("loop", 0)
			h.Stopped("loop", errors.New("state file: disk full"))
		}, 503, StatusUnavailable, "loop: stopped: state file: disk full"},
		{"loop silent too long", "", func(h *Health) {
			h.Started("watcher", 0)
			h.Started("loop", time.Minute)
			clock = clock.Add(2 * time.Minute)
		}, 503, StatusUnavailable, "loop: no heartbeat for 2m (limit 1m)"},
		{"beats keep it alive", "", func(h *Health) {
			h.Started("watcher", 0)
			h.Started("loop", time.Minute)
			clock = clock.Add(50 * time.Second)
			h.Heartbeat("loop")
			clock = clock.Add(50 * time.Second)
		}, 200, StatusOK, ""},
		{"state dir is a file", fileNotDir, func(h *Health) { h.Started("watcher", 0); h.Started("loop", 0) }, 503, StatusUnavailable, "is not writable"},
		{"state dir missing", filepath.Join(t.TempDir(), "gone"), func(h *Health) { h.Started("watcher", 0); h.Started("loop", 0) }, 503, StatusUnavailable, "is not writable"},
		{"failed last pass is degraded, not dead", "", func(h *Health) {
			h.Started("watcher", 0)
			h.Started("loop", 0)
			h.PassFinished(state.Pass{Result: state.ResultFailure, Error: "error: undefined variable 'fierfox'", Finished: clock}, state.State{})
		}, 200, StatusDegraded, "last pass failure: error: undefined variable 'fierfox'"},
		{"rolled back is degraded", "", func(h *Health) {
			h.Started("watcher", 0)
			h.Started("loop", 0)
			h.Restore(&state.State{LastPass: &state.Pass{Result: state.ResultRolledBack, Error: "health check failed"}})
		}, 200, StatusDegraded, `"reasons":["last pass rolled back: health check failed"],`},
		{"starting before the parts run", "", func(h *Health) { h.Starting("setting up the playground") }, 503, StatusStarting, `"reasons":["starting: setting up the playground"]`},
		{"starting while the parts run", "", func(h *Health) {
			h.Starting("taking the pass lock")
			h.Started("watcher", 0)
			h.Started("loop", time.Minute)
		}, 503, StatusStarting, `"reasons":["starting: taking the pass lock"]`},
		{"a part stopped while starting", "", func(h *Health) {
			h.Starting("taking the pass lock")
			h.Started("watcher", 0)
			h.Stopped("watcher", errors.New("inotify: too many watches"))
		}, 503, StatusUnavailable, `"reasons":["starting: taking the pass lock","watcher: stopped: inotify: too many watches"]`},
		{"started", "", func(h *Health) {
			h.Starting("taking the pass lock")
			h.Started("watcher", 0)
			h.Started("loop", 0)
			h.Starting("")
		}, 200, StatusOK, ""},
		{"success after failure is ok", "", func(h *Health) {
			h.Started("watcher", 0)
			h.Started("loop", 0)
			h.PassFinished(state.Pass{Result: state.ResultFailure}, state.State{})
			h.PassFinished(state.Pass{Result: state.ResultSuccess}, state.State{})
		}, 200, StatusOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.stateDir
			if dir == "" {
				dir = t.TempDir()
			}
			h := NewHealth(dir, "watcher", "loop")
			h.now = func() time.Time { return clock }
			tt.setup(h)
			code, body, raw := get(t, Handler(Options{Health: h}), "/healthz")
			if code != tt.code || body["status"] != tt.status {
				t.Fatalf("got %d %v, want %d %s: %s", code, body["status"], tt.code, tt.status, raw)
			}
			if tt.reasonPart != "" && !strings.Contains(raw, tt.reasonPart) {
				t.Fatalf("body lacks %q: %s", tt.reasonPart, raw)
			}
			if tt.stateDir == "" {
				if entries, _ := os.ReadDir(dir); len(entries) != 0 {
					t.Fatalf("probe left files: %v", entries)
				}
			}
		})
	}
}

// The probe is not repeated on every request, but a directory that
// becomes unwritable shows within ProbeEvery.
func TestHealthProbeRateLimited(t *testing.T) {
	dir := t.TempDir()
	clock := time.Now()
	h := NewHealth(dir)
	h.now = func() time.Time { return clock }
	if r := h.Check(); r.Status != StatusOK {
		t.Fatal(r)
	}
	if err := os.Remove(dir); err != nil {
		t.Fatal(err)
	}
	if r := h.Check(); r.Status != StatusOK {
		t.Fatalf("probed again within ProbeEvery: %+v", r)
	}
	clock = clock.Add(ProbeEvery + time.Second)
	if r := h.Check(); r.Status != StatusUnavailable {
		t.Fatalf("missed the gone directory: %+v", r)
	}
}

func TestRunMarksExit(t *testing.T) {
	h := NewHealth(t.TempDir(), "loop")
	started := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- h.Run("loop", 0, func() error { close(started); <-release; return errors.New("boom") })
	}()
	<-started
	if r := h.Check(); r.Status != StatusOK {
		t.Fatalf("running: %+v", r)
	}
	close(release)
	if err := <-done; err == nil || err.Error() != "boom" {
		t.Fatal(err)
	}
	if r := h.Check(); r.Status != StatusUnavailable || r.Components["loop"].Reason != "stopped: boom" {
		t.Fatalf("after exit: %+v", r)
	}
}

func TestStatusAndRoutes(t *testing.T) {
	doc := map[string]any{"phase": "idle", "note": "<&>"}
	h := Handler(Options{
		Status:  func(context.Context) (any, error) { return doc, nil },
		Metrics: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "m 1\n") }),
	})
	code, body, raw := get(t, h, "/status")
	if code != 200 || body["phase"] != "idle" || !strings.Contains(raw, "<&>") {
		t.Fatalf("%d %s", code, raw)
	}
	if code, _, raw := get(t, h, "/metrics"); code != 200 || raw != "m 1\n" {
		t.Fatalf("%d %q", code, raw)
	}
	if code, _, _ := get(t, h, "/healthz"); code != 404 {
		t.Fatalf("healthz without Health: %d", code)
	}
	if code, _, _ := get(t, h, "/nope"); code != 404 {
		t.Fatalf("unknown path: %d", code)
	}
	if code, _, raw := get(t, h, "/"); code != 200 || !strings.Contains(raw, "/metrics") {
		t.Fatalf("index: %d %q", code, raw)
	}
	failing := Handler(Options{Status: func(context.Context) (any, error) { return nil, errors.New("state file damaged") }})
	if code, body, _ := get(t, failing, "/status"); code != 500 || body["error"].(map[string]any)["reason"] != "state file damaged" {
		t.Fatalf("%d %v", code, body)
	}
}

func TestServeAndShutdown(t *testing.T) {
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Listen(ln.Addr().String()); err == nil || !strings.Contains(err.Error(), "NIX_HUMANITY_ENABLE_METRICS=false") {
		t.Fatalf("second listen on the same address: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, Handler(Options{Health: NewHealth(t.TempDir())})) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatal(resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Fatal("still serving after shutdown")
	}
}

// A resync no-op after a failure ("inputs unchanged since pass 7
// failed") is not kept in the state file; the daemon stays degraded.
func TestQuietNoopKeepsDegraded(t *testing.T) {
	h := NewHealth(t.TempDir(), "loop")
	h.Started("loop", 0)
	st := state.State{}
	failed := state.Pass{ID: 7, Result: state.ResultFailure, Error: "eval failed"}
	st.Record(failed)
	h.PassFinished(failed, st)
	h.PassFinished(state.Pass{Result: state.ResultNoop, Reason: "inputs unchanged since pass 7 failed"}, st)
	if r := h.Check(); r.Status != StatusDegraded || r.LastError != "eval failed" {
		t.Fatalf("%+v", r)
	}
}
