package ops_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/internal/testbin"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/activate"
	"github.com/nix-humanity/nix-humanity/reconciler/httpapi"
	"github.com/nix-humanity/nix-humanity/reconciler/metrics/metricstest"
	"github.com/nix-humanity/nix-humanity/reconciler/ops"
	"github.com/nix-humanity/nix-humanity/reconciler/requests"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// The daemon hands Ops to the loop as its observer: it must hear the
// heartbeats and pass progress too, or /healthz would call a healthy
// loop stuck a minute after start.
var (
	_ reconciler.Observer         = (*ops.Ops)(nil)
	_ reconciler.LivenessObserver = (*ops.Ops)(nil)
)

// machine is a playground with real Nix (the stand-in NixOS system built
// from the real fragment, a real profile, real activation scripts) and
// the daemon's ops surface on a free port.
type machine struct {
	t  *testing.T
	pg playground.Layout
	s  *settings.Settings
	r  *reconciler.Reconciler
	o  *ops.Ops
}

func newMachine(t *testing.T, ctx context.Context, getenv func(string) string) *machine {
	t.Helper()
	return newLoggingMachine(t, ctx, getenv, nil)
}

// newLoggingMachine is newMachine with the daemon's log going to log.
func newLoggingMachine(t *testing.T, ctx context.Context, getenv func(string) string, log *slog.Logger) *machine {
	t.Helper()
	nixruntest.RequireNix(t)
	pg, err := playground.Write(t.TempDir(), playground.Options{HealthCheck: true, Debounce: "50ms"})
	if err != nil {
		t.Fatal(err)
	}
	s, err := reconciler.PlaygroundSettings(pg, settings.Loader{
		UserFile:  filepath.Join(pg.Dir, "no-backend.conf"),
		LookupEnv: func(k string) (string, bool) { return "", false },
		Flags:     []settings.Override{{Key: "metricsAddr", Value: "127.0.0.1:0", Source: "test"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	m := &machine{t: t, pg: pg, s: s, r: &reconciler.Reconciler{Settings: s, Runner: nixrun.Exec{}, Hostname: "playground"}}
	// The first generation, booted: the history a previous daemon left.
	if err := m.r.StartPlayground(ctx, pg); err != nil {
		t.Fatal(err)
	}
	m.o, err = ops.Start(ctx, ops.Config{
		Settings: s, Version: "test",
		Status: func(context.Context) (any, error) { return reconciler.Status(s) },
		Getenv: getenv,
		Log:    log,
	})
	if err != nil {
		t.Fatal(err)
	}
	o := m.o
	t.Cleanup(func() { _ = o.Close() })
	m.r.Observer = m.o
	return m
}

func (m *machine) edit(fn func(f *fragment.File) error) {
	m.t.Helper()
	src, err := os.ReadFile(m.pg.Fragment)
	if err != nil {
		m.t.Fatal(err)
	}
	f, err := fragment.Parse(m.pg.Fragment, src)
	if err != nil {
		m.t.Fatal(err)
	}
	if err := fn(f); err != nil {
		m.t.Fatal(err)
	}
	if err := atomicfile.Write(m.pg.Fragment, f.Render(), 0o644); err != nil {
		m.t.Fatal(err)
	}
}

func (m *machine) packages(add, remove string) {
	m.edit(func(f *fragment.File) error {
		if add != "" {
			if _, err := f.AddPackages(fragment.MustPath(add)); err != nil {
				return err
			}
		}
		if remove != "" {
			if _, err := f.RemovePackages(fragment.MustPath(remove)); err != nil {
				return err
			}
		}
		return nil
	})
}

func (m *machine) set(path string, v fragment.Value) {
	m.edit(func(f *fragment.File) error { _, _, err := f.Set(fragment.MustPath(path), v); return err })
}

// pass runs one pass as `ask-nix apply` does and checks its result.
func (m *machine) pass(ctx context.Context, want state.Result) state.Pass {
	m.t.Helper()
	p, err := m.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	var pe *reconciler.PassError
	if err != nil && !errors.As(err, &pe) {
		m.t.Fatalf("pass: %v", err)
	}
	if p.Result != want {
		m.t.Fatalf("pass ended %s (%s: %s), want %s", p.Result, p.Reason, p.Error, want)
	}
	return p
}

func (m *machine) scrape() (map[string]*dto.MetricFamily, string) {
	m.t.Helper()
	resp, err := http.Get("http://" + m.o.Addr() + "/metrics")
	if err != nil {
		m.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	mfs := metricstest.Parse(m.t, string(body))
	metricstest.Lint(m.t, mfs)
	return mfs, string(body)
}

func ts(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }

// TestScrapeAfterRealPasses runs real passes (success, no-op, failure,
// rollback, a new kernel) through the real reconciler with real Nix and
// reads the daemon's /metrics with Prometheus' own parser.
func TestScrapeAfterRealPasses(t *testing.T) {
	ctx := context.Background()
	m := newMachine(t, ctx, nil)

	mfs, _ := m.scrape()
	if got := metricstest.Value(mfs, "nix_humanity_reconcile_total", "result", "success"); got != 1 {
		t.Fatalf("the playground's first pass, from the state file: %v", got)
	}

	m.packages("hello", "")
	success := m.pass(ctx, state.ResultSuccess)
	noop := m.pass(ctx, state.ResultNoop) // nothing changed: no Nix runs
	m.packages("fierfox", "")
	failure := m.pass(ctx, state.ResultFailure)
	m.packages("", "fierfox")
	m.set("standin.failHealthCheck", fragment.Bool(true))
	rolled := m.pass(ctx, state.ResultRolledBack)
	m.set("standin.failHealthCheck", fragment.Bool(false))
	m.set("standin.kernelVersion", fragment.String("6.13.0-standin"))
	kernel := m.pass(ctx, state.ResultSuccess)
	if kernel.Generation <= success.Generation {
		t.Fatalf("the new kernel's generation %d", kernel.Generation)
	}
	// `ask-nix apply` in another process: the daemon hears nothing, and
	// sees the pass in the state file at the next scrape.
	m.packages("git", "")
	apply := &reconciler.Reconciler{Settings: m.s, Runner: nixrun.Exec{}, Hostname: "playground"}
	other, err := apply.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err != nil || other.Result != state.ResultSuccess {
		t.Fatalf("ask-nix apply's pass: %s %v", other.Result, err)
	}

	// ask-nix's counts, as request.go records them.
	must(t, requests.Count(ctx, m.s.StateDir, requests.Request{Intent: intent.Install, Edited: true}))
	must(t, requests.Count(ctx, m.s.StateDir, requests.Request{Err: &guard.Rejection{Code: "dangerous-pattern", Reason: "potentially dangerous pattern detected: &&"}}))

	st, err := reconciler.Status(m.s)
	if err != nil {
		t.Fatal(err)
	}
	gens, err := activate.Numbers(m.s.Profile)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := activate.Current(m.s.Profile)
	if err != nil {
		t.Fatal(err)
	}
	if rolled.RolledBackTo != success.Generation {
		t.Fatalf("rolled back to %d, want %d", rolled.RolledBackTo, success.Generation)
	}

	mfs, body := m.scrape()
	checks := []struct {
		name   string
		labels []string
		want   float64
	}{
		{"nix_humanity_build_info", []string{"version", "test"}, 1},
		{"nix_humanity_reconcile_total", []string{"result", "success"}, 4},
		{"nix_humanity_reconcile_total", []string{"result", "noop"}, 1},
		{"nix_humanity_reconcile_total", []string{"result", "failure"}, 1},
		{"nix_humanity_reconcile_total", []string{"result", "rolled_back"}, 1},
		{"nix_humanity_reconcile_duration_seconds", []string{"phase", "total"}, 6},
		{"nix_humanity_reconcile_duration_seconds", []string{"phase", "eval"}, 5},
		{"nix_humanity_reconcile_duration_seconds", []string{"phase", "build"}, 4},
		{"nix_humanity_reconcile_duration_seconds", []string{"phase", "activate"}, 4},
		{"nix_humanity_reconcile_duration_seconds", []string{"phase", "health"}, 4},
		{"nix_humanity_reconcile_duration_seconds", []string{"phase", "rollback"}, 1},
		{"nix_humanity_phase", []string{"phase", "idle"}, 1},
		{"nix_humanity_phase", []string{"phase", "build"}, 0},
		{"nix_humanity_current_generation", nil, float64(cur.Number)},
		{"nix_humanity_current_generation", nil, float64(other.Generation)},
		{"nix_humanity_booted_generation", nil, 1},
		{"nix_humanity_generations", nil, float64(len(gens))},
		{"nix_humanity_need_reboot", nil, 1},
		{"nix_humanity_last_reconcile_timestamp_seconds", []string{"result", "success"}, ts(other.Finished)},
		{"nix_humanity_last_reconcile_timestamp_seconds", []string{"result", "noop"}, ts(noop.Finished)},
		{"nix_humanity_last_reconcile_timestamp_seconds", []string{"result", "failure"}, ts(failure.Finished)},
		{"nix_humanity_last_reconcile_timestamp_seconds", []string{"result", "rolled_back"}, ts(rolled.Finished)},
		{"nix_humanity_last_success_timestamp_seconds", nil, ts(*st.LastSuccess)},
		{"nix_humanity_rollbacks_total", []string{"reason", "health_check_failed"}, 1},
		{"nix_humanity_requests_total", []string{"intent", "install"}, 1},
		{"nix_humanity_requests_total", []string{"intent", "unknown"}, 1},
		{"nix_humanity_guard_rejections_total", []string{"reason", "dangerous-pattern"}, 1},
		{"nix_humanity_fragment_edits_total", nil, 1},
	}
	for _, c := range checks {
		if got := metricstest.Value(mfs, c.name, c.labels...); math.Abs(got-c.want) > 1e-6 {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if t.Failed() {
		t.Logf("/metrics:\n%s", body)
	}
	// ask-nix status says what the metric says, and why.
	if !st.NeedReboot || !slices.Contains(st.RebootFor, "kernel") {
		t.Errorf("status: needReboot %v, rebootFor %q; want true with the kernel", st.NeedReboot, st.RebootFor)
	}
	if line := reconciler.OneLine(st, time.Now()); !strings.Contains(line, "reboot needed for the new kernel") {
		t.Errorf("status line %q does not say a reboot is needed", line)
	}

	// A restarted daemon: counters and last results from the state file.
	ctx2, cancel := context.WithCancel(ctx)
	defer cancel()
	_ = m.o.Close() // the first daemon is gone
	o2, err := ops.Start(ctx2, ops.Config{Settings: m.s, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer o2.Close()
	m.o = o2
	mfs, _ = m.scrape()
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"nix_humanity_reconcile_total", []string{"result", "success"}, 4},
		{"nix_humanity_reconcile_total", []string{"result", "failure"}, 1},
		{"nix_humanity_reconcile_total", []string{"result", "rolled_back"}, 1},
		{"nix_humanity_reconcile_total", []string{"result", "noop"}, 1}, // a quiet no-op is counted in the state file, or the counter would go down
		{"nix_humanity_rollbacks_total", []string{"reason", "health_check_failed"}, 1},
		{"nix_humanity_last_reconcile_timestamp_seconds", []string{"result", "failure"}, ts(failure.Finished)},
		{"nix_humanity_last_success_timestamp_seconds", nil, ts(*st.LastSuccess)},
		{"nix_humanity_current_generation", nil, float64(cur.Number)},
		{"nix_humanity_need_reboot", nil, 1},
		{"nix_humanity_requests_total", []string{"intent", "install"}, 1},
	} {
		if got := metricstest.Value(mfs, c.name, c.labels...); math.Abs(got-c.want) > 1e-6 {
			t.Errorf("after restart: %s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
}

// TestDaemonLoopReadyHealthStatus runs the real loop as nix-humanityd
// does: READY=1 reaches a real notify socket after the first scan,
// /healthz is 200 while the loop runs, a watched edit is counted and
// built, /status is the reconciler's status report, and a stopped loop
// makes /healthz 503.
func TestDaemonLoopReadyHealthStatus(t *testing.T) {
	sockPath := filepath.Join(t.TempDir(), "notify")
	sock, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sockPath, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := newMachine(t, ctx, func(k string) string {
		if k == "NOTIFY_SOCKET" {
			return sockPath
		}
		return ""
	})
	loopCtx, stopLoop := context.WithCancel(ctx)
	loopDone := make(chan error, 1)
	go func() {
		l := &reconciler.Loop{R: m.r}
		loopDone <- m.o.RunLoop(ops.Beats{Every: l.HeartbeatEvery(), Limit: reconciler.HeartbeatLimit(l.HeartbeatEvery())}, func() error { return l.Run(loopCtx) })
	}()
	_ = sock.SetReadDeadline(time.Now().Add(60 * time.Second))
	buf := make([]byte, 512)
	n, err := sock.Read(buf)
	if err != nil || !strings.HasPrefix(string(buf[:n]), "READY=1\n") {
		t.Fatalf("READY: %q %v", buf[:n], err)
	}
	base := "http://" + m.o.Addr()
	if code, body := testbin.Get(t, base+"/healthz"); code != 200 || !strings.Contains(body, `"status":"ok"`) {
		t.Fatalf("healthz: %d %s", code, body)
	}

	// An edit the watcher sees: counted, built, generation 2.
	m.packages("htop", "")
	waitFor(t, 120*time.Second, func() bool {
		mfs, _ := m.scrape()
		return metricstest.Value(mfs, "nix_humanity_current_generation") == 2 && metricstest.Value(mfs, "nix_humanity_phase", "phase", "idle") == 1
	})
	mfs, _ := m.scrape()
	if metricstest.Value(mfs, "nix_humanity_watch_events_total") < 1 || metricstest.Value(mfs, "nix_humanity_reconcile_total", "result", "success") < 2 {
		t.Errorf("watch events %v, successes %v", metricstest.Value(mfs, "nix_humanity_watch_events_total"), metricstest.Value(mfs, "nix_humanity_reconcile_total", "result", "success"))
	}

	// /status is the reconciler's report.
	code, body := testbin.Get(t, base+"/status")
	rep, err := reconciler.Status(m.s)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf(`"currentGeneration":%d`, rep.CurrentGeneration)
	// (daemonRunning is false here: the test binary is not named
	// nix-humanityd, which the report checks.)
	if code != 200 || !strings.Contains(body, want) || !strings.Contains(body, fmt.Sprintf(`"daemon":%d`, os.Getpid())) {
		t.Fatalf("status: %d %s (want %s)", code, body, want)
	}

	stopLoop()
	if err := <-loopDone; err != nil {
		t.Fatal(err)
	}
	if code, body := testbin.Get(t, base+"/healthz"); code != 503 || !strings.Contains(body, "loop: stopped") {
		t.Fatalf("after the loop stopped: %d %s", code, body)
	}
}

func waitFor(t *testing.T, d time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in time")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// The real loop's heartbeats reach the health check through Ops: with a
// 50 ms heartbeat and a 2 s limit, an idle daemon stays 200 for several
// limits in a row, its beats move, and the last-progress metric follows;
// once the loop returns, it is 503.
func TestIdleLoopStaysAliveOnItsHeartbeats(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := newMachine(t, ctx, nil)
	loopCtx, stopLoop := context.WithCancel(ctx)
	loopDone := make(chan error, 1)
	go func() {
		l := &reconciler.Loop{R: m.r, Heartbeat: 50 * time.Millisecond}
		loopDone <- m.o.RunLoop(ops.Beats{Every: l.HeartbeatEvery(), Limit: 2 * time.Second}, func() error { return l.Run(loopCtx) })
	}()
	base := "http://" + m.o.Addr()
	waitFor(t, 60*time.Second, func() bool {
		mfs, _ := m.scrape()
		return metricstest.Value(mfs, "nix_humanity_reconcile_total", "result", "noop") >= 1
	})
	var firstBeat string
	for deadline := time.Now().Add(6 * time.Second); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		code, body := testbin.Get(t, base+"/healthz")
		if code != 200 {
			t.Fatalf("an idle, beating loop is not healthy: %d %s", code, body)
		}
		var rep struct {
			Components map[string]struct{ LastBeat string } `json:"components"`
		}
		if err := json.Unmarshal([]byte(body), &rep); err != nil {
			t.Fatal(err)
		}
		if firstBeat == "" {
			firstBeat = rep.Components["loop"].LastBeat
		}
	}
	if _, body := testbin.Get(t, base+"/healthz"); strings.Contains(body, firstBeat) {
		t.Fatalf("the loop's last beat did not move in 6 s: %s", body)
	}
	mfs, _ := m.scrape()
	if age := float64(time.Now().UnixNano())/1e9 - metricstest.Value(mfs, "nix_humanity_loop_last_progress_timestamp_seconds"); !(age >= 0 && age < 30) {
		t.Fatalf("last progress %v s ago", age)
	}
	stopLoop()
	if err := <-loopDone; err != nil {
		t.Fatal(err)
	}
	if code, _ := testbin.Get(t, base+"/healthz"); code != 503 {
		t.Fatalf("/healthz after the loop returned: %d", code)
	}
}

// TestRunningGenerationAfterRealRollbacks: after a rollback with action
// test or boot, and a test of a new system, /metrics says which
// generation runs (nix_humanity_running_generation, 0 for none) as
// ask-nix status does, also for passes run by another process (ask-nix
// rollback) that the daemon hears nothing of.
func TestRunningGenerationAfterRealRollbacks(t *testing.T) {
	ctx := context.Background()
	m := newMachine(t, ctx, nil)
	m.packages("hello", "")
	m.pass(ctx, state.ResultSuccess) // generation 2
	other := func(action string) *reconciler.Reconciler {
		return &reconciler.Reconciler{Settings: m.s, Runner: nixrun.Exec{}, Hostname: "playground", ActionOverride: action}
	}
	check := func(step string, current, running float64) {
		t.Helper()
		mfs, body := m.scrape()
		st, err := reconciler.Status(m.s)
		if err != nil {
			t.Fatal(err)
		}
		c, r := metricstest.Value(mfs, "nix_humanity_current_generation"), metricstest.Value(mfs, "nix_humanity_running_generation")
		if c != current || r != running || float64(st.CurrentGeneration) != c || float64(st.RunningGeneration) != r {
			t.Fatalf("%s: metrics current=%v running=%v, status current=%d running=%d; want %v %v\n%s", step, c, r, st.CurrentGeneration, st.RunningGeneration, current, running, body)
		}
	}
	check("after a switch", 2, 2)

	if _, err := other("test").SwitchGeneration(ctx, 1); err != nil {
		t.Fatal(err)
	}
	check("rollback --action test", 2, 1)

	if _, err := m.r.SwitchGeneration(ctx, 2); err != nil {
		t.Fatal(err)
	}
	check("back to 2", 2, 2)
	if _, err := other("boot").SwitchGeneration(ctx, 1); err != nil {
		t.Fatal(err)
	}
	check("rollback --action boot", 1, 2)

	m.packages("git", "")
	if p, err := other("test").Pass(ctx, reconciler.PassOptions{}); err != nil || p.Result != state.ResultSuccess {
		t.Fatalf("apply --action test: %+v %v", p, err)
	}
	check("a test of a new system", 1, 0)
}

// TestFollowsPassesOfOtherProcesses: a pass the loop did not run
// (ask-nix apply or rollback, in their own process) reaches systemd's
// status and /healthz at the loop's next heartbeat, as it reaches
// /status and /metrics: a failure fixed by ask-nix apply is no longer
// the last result, a rollback is said.
func TestFollowsPassesOfOtherProcesses(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "notify.sock")
	sock, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()
	m := newMachine(t, ctx, func(k string) string {
		if k == "NOTIFY_SOCKET" {
			return path
		}
		return ""
	})
	var sent []string
	// statuses reads what was sent until a marker comes back.
	statuses := func() []string {
		t.Helper()
		if _, err := m.o.Notify.Send("X_TEST_MARKER=1"); err != nil {
			t.Fatal(err)
		}
		var got []string
		buf := make([]byte, 4096)
		for {
			_ = sock.SetReadDeadline(time.Now().Add(10 * time.Second))
			n, err := sock.Read(buf)
			if err != nil {
				t.Fatalf("notify socket: %v (so far %q)", err, got)
			}
			if msg := string(buf[:n]); msg != "X_TEST_MARKER=1" {
				got = append(got, msg)
				continue
			}
			sent = append(sent, got...)
			return got
		}
	}

	m.set("standin.failHealthCheck", fragment.Bool(true))
	m.pass(ctx, state.ResultRolledBack) // the daemon's own: heard
	if got := statuses(); len(got) == 0 || !strings.HasPrefix(got[len(got)-1], "STATUS=idle; last pass rolled back") {
		t.Fatalf("after the daemon's rollback: %q", got)
	}
	if r := m.o.Health.Check(); r.LastResult != state.ResultRolledBack {
		t.Fatalf("after the rollback: %+v", r)
	}

	// ask-nix apply fixes it in its own process: the daemon hears nothing.
	m.set("standin.failHealthCheck", fragment.Bool(false))
	m.packages("hello", "")
	other := &reconciler.Reconciler{Settings: m.s, Runner: nixrun.Exec{}, Hostname: "playground"}
	p, err := other.Pass(ctx, reconciler.PassOptions{})
	if err != nil || p.Result != state.ResultSuccess {
		t.Fatalf("ask-nix apply: %+v %v", p, err)
	}
	m.o.Heartbeat(httpapi.Loop)
	if got := statuses(); !slices.Equal(got, []string{fmt.Sprintf("STATUS=idle; last pass success, generation %d", p.Generation)}) {
		t.Fatalf("after ask-nix apply: %q", got)
	}
	if r := m.o.Health.Check(); r.LastResult != state.ResultSuccess || slices.ContainsFunc(r.Reasons, func(s string) bool { return strings.HasPrefix(s, "last pass") }) {
		t.Fatalf("/healthz after ask-nix apply: %+v", r)
	}
	// Nothing new: nothing sent.
	m.o.Heartbeat(httpapi.Loop)
	if got := statuses(); len(got) != 0 {
		t.Fatalf("sent again: %q", got)
	}

	// ask-nix rollback --action test.
	test := &reconciler.Reconciler{Settings: m.s, Runner: nixrun.Exec{}, Hostname: "playground", ActionOverride: "test"}
	if _, err := test.SwitchGeneration(ctx, 1); err != nil {
		t.Fatal(err)
	}
	m.o.Heartbeat(httpapi.Loop)
	if got := statuses(); !slices.Equal(got, []string{"STATUS=idle; last pass success, generation 1"}) {
		t.Fatalf("after ask-nix rollback --action test: %q (all: %q)", got, sent)
	}
}
