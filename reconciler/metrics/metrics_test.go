package metrics

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/reconciler/metrics/metricstest"
	"github.com/nix-humanity/nix-humanity/reconciler/requests"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// scrape fetches /metrics over HTTP in the text format and parses it with
// Prometheus' own parser.
func scrape(t testing.TB, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL, nil)
	req.Header.Set("Accept", "text/plain; version=0.0.4")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("status %d: %s", resp.StatusCode, b)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return metricstest.Parse(t, string(body))
}

// profileDir makes a system profile with generations 1..n pointing at
// fake store paths (only the links matter here), current = cur.
func profileDir(t testing.TB, n, cur int) (profile string) {
	t.Helper()
	dir := t.TempDir()
	profile = filepath.Join(dir, "system")
	for i := 1; i <= n; i++ {
		if err := os.Symlink(fmt.Sprintf("/nix/store/%032d-nixos-system-%d", i, i), filepath.Join(dir, fmt.Sprintf("system-%d-link", i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(fmt.Sprintf("system-%d-link", cur), profile); err != nil {
		t.Fatal(err)
	}
	return profile
}

func TestMetricsFromPasses(t *testing.T) {
	stateDir := t.TempDir()
	runDir := t.TempDir()
	profile := profileDir(t, 3, 3)
	m := New(Options{Version: "1.2.3", StateDir: stateDir, Profile: profile, RunDir: runDir})
	m.Restore(&state.State{Phase: state.PhaseIdle})

	t0 := time.Date(2026, 11, 25, 17, 31, 2, 0, time.UTC)
	passes := []state.Pass{
		{ID: 1, Result: state.ResultSuccess, Finished: t0, Durations: map[string]float64{"eval": 6.1, "build": 3.2, "activate": 1.9, "health": 0.2, "total": 11.4}, Generation: 3},
		{Result: state.ResultNoop, Reason: "inputs unchanged", Finished: t0.Add(time.Minute), Durations: map[string]float64{"total": 0.001}},
		{ID: 3, Result: state.ResultFailure, Finished: t0.Add(2 * time.Minute), Error: "error: undefined variable 'fierfox'", Durations: map[string]float64{"eval": 0.5, "total": 0.5}},
		{ID: 4, Result: state.ResultRolledBack, Reason: "health check failed", Finished: t0.Add(3 * time.Minute), Durations: map[string]float64{"eval": 1, "build": 2, "activate": 1, "health": 30, "rollback": 1.5, "total": 35.5}, RolledBackTo: 3},
	}
	m.PhaseStarted(state.PhaseBuild)
	mfs := scrape(t, m.Handler())
	// Before any rollback, each reason a rollback has is a series at 0.
	for _, reason := range []string{"activation_failed", "health_check_failed", "activation_cut_short"} {
		if got := metricstest.Value(mfs, "nix_humanity_rollbacks_total", "reason", reason); got != 0 {
			t.Errorf("nix_humanity_rollbacks_total{reason=%q} before any rollback = %v, want 0", reason, got)
		}
	}
	if metricstest.Value(mfs, "nix_humanity_phase", "phase", "build") != 1 || metricstest.Value(mfs, "nix_humanity_phase", "phase", "idle") != 0 {
		t.Fatalf("phase during build: %v", mfs["nix_humanity_phase"])
	}
	// As the reconciler reports them: each pass with the state after it;
	// a no-op that ran no Nix is counted in the no-op count file, not
	// kept in the state.
	st := &state.State{}
	for _, p := range passes {
		if p.ID != 0 {
			st.Record(p)
		} else {
			must(t, state.AddNoops(stateDir, 1))
		}
		m.PassFinished(p, *st)
	}
	for i := 0; i < 5; i++ {
		m.WatchEvent("nix-humanity.nix")
	}
	ctx := context.Background()
	must(t, requests.Count(ctx, stateDir, requests.Request{Intent: intent.Install, Edited: true}))
	must(t, requests.Count(ctx, stateDir, requests.Request{Err: &guard.Rejection{Code: "dangerous-pattern"}}))
	must(t, requests.Count(ctx, stateDir, requests.Request{Err: &intent.NotUnderstood{Request: "sing"}}))

	mfs = scrape(t, m.Handler())
	metricstest.Lint(t, mfs)
	ts := func(d time.Duration) float64 { return float64(t0.Add(d).Unix()) }
	checks := []struct {
		name   string
		labels []string
		want   float64
	}{
		{"nix_humanity_build_info", []string{"version", "1.2.3"}, 1},
		{"nix_humanity_reconcile_total", []string{"result", "success"}, 1},
		{"nix_humanity_reconcile_total", []string{"result", "noop"}, 1},
		{"nix_humanity_reconcile_total", []string{"result", "failure"}, 1},
		{"nix_humanity_reconcile_total", []string{"result", "rolled_back"}, 1},
		{"nix_humanity_reconcile_duration_seconds", []string{"phase", "total"}, 4},
		{"nix_humanity_reconcile_duration_seconds", []string{"phase", "eval"}, 3},
		{"nix_humanity_reconcile_duration_seconds", []string{"phase", "build"}, 2},
		{"nix_humanity_reconcile_duration_seconds", []string{"phase", "health"}, 2},
		{"nix_humanity_reconcile_duration_seconds", []string{"phase", "rollback"}, 1},
		{"nix_humanity_phase", []string{"phase", "idle"}, 1},
		{"nix_humanity_phase", []string{"phase", "build"}, 0},
		{"nix_humanity_current_generation", nil, 3},
		{"nix_humanity_booted_generation", nil, 0},
		{"nix_humanity_generations", nil, 3},
		{"nix_humanity_need_reboot", nil, 0},
		{"nix_humanity_last_reconcile_timestamp_seconds", []string{"result", "success"}, ts(0)},
		{"nix_humanity_last_reconcile_timestamp_seconds", []string{"result", "noop"}, ts(time.Minute)},
		{"nix_humanity_last_reconcile_timestamp_seconds", []string{"result", "failure"}, ts(2 * time.Minute)},
		{"nix_humanity_last_reconcile_timestamp_seconds", []string{"result", "rolled_back"}, ts(3 * time.Minute)},
		{"nix_humanity_last_success_timestamp_seconds", nil, ts(0)},
		{"nix_humanity_rollbacks_total", []string{"reason", "health_check_failed"}, 1},
		{"nix_humanity_watch_events_total", nil, 5},
		{"nix_humanity_requests_total", []string{"intent", "install"}, 1},
		{"nix_humanity_requests_total", []string{"intent", "remove"}, 0},
		{"nix_humanity_requests_total", []string{"intent", "unknown"}, 1},
		{"nix_humanity_requests_total", []string{"intent", "not-understood"}, 1},
		{"nix_humanity_guard_rejections_total", []string{"reason", "dangerous-pattern"}, 1},
		{"nix_humanity_guard_rejections_total", []string{"reason", "staging"}, 0},
		{"nix_humanity_guard_rejections_total", []string{"reason", "changed-since-edit"}, 0},
		{"nix_humanity_fragment_edits_total", nil, 1},
		{"nix_humanity_request_counts_read_errors", nil, 0},
	}
	for _, c := range checks {
		if got := metricstest.Value(mfs, c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if metricstest.Value(mfs, "nix_humanity_build_info", "goversion", "") == 1 {
		t.Error("build_info has no goversion")
	}
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes", "process_open_fds"} {
		if _, ok := mfs[name]; !ok {
			t.Errorf("missing %s (Go and process collectors)", name)
		}
	}
	// The histogram's buckets reach tens of minutes: a 35.5 s total lands
	// in the 60 s bucket, not in +Inf only.
	h := histogram(mfs, "nix_humanity_reconcile_duration_seconds", "total")
	if got := bucket(h, 60); got != 4 {
		t.Errorf("le=60 bucket has %v, want 4", got)
	}
	if got := bucket(h, 1); got != 2 {
		t.Errorf("le=1 bucket has %v, want 2 (the no-op and the eval failure)", got)
	}
	if bucket(h, 1800) != 4 {
		t.Error("no 30 min bucket")
	}
}

func histogram(mfs map[string]*dto.MetricFamily, name, phase string) *dto.Histogram {
	for _, m := range mfs[name].GetMetric() {
		for _, lp := range m.GetLabel() {
			if lp.GetName() == "phase" && lp.GetValue() == phase {
				return m.GetHistogram()
			}
		}
	}
	return nil
}

func bucket(h *dto.Histogram, le float64) float64 {
	for _, b := range h.GetBucket() {
		if b.GetUpperBound() == le {
			return float64(b.GetCumulativeCount())
		}
	}
	return math.NaN()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A restarted daemon shows the counters and last results it had.
func TestRestoreFromState(t *testing.T) {
	dir := t.TempDir()
	st := &state.State{Phase: state.PhaseIdle}
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	st.Record(state.Pass{ID: 1, Result: state.ResultSuccess, Finished: t0,
		Packages: &state.PackageChanges{Added: []string{"a 1"}, ClosurePaths: 900}})
	st.Record(state.Pass{ID: 2, Result: state.ResultRolledBack, Reason: "activation failed", Finished: t0.Add(time.Hour)})
	st.Record(state.Pass{ID: 3, Result: state.ResultSuccess, Finished: t0.Add(2 * time.Hour),
		Packages: &state.PackageChanges{Added: []string{"cowsay 3.8.3"}, Removed: []string{"htop 3.3.0", "vim 9.1"}, ClosurePaths: 1240, NewPaths: 6}})
	st.CurrentGeneration, st.BootedGeneration, st.Generations = 43, 41, 3
	must(t, st.Save(dir))
	loaded, err := state.Load(dir)
	must(t, err)

	// No profile on disk: the state file's generation numbers stand.
	m := New(Options{StateDir: dir, Profile: filepath.Join(dir, "no", "system"), RunDir: dir})
	m.Restore(loaded)
	m.Restore(loaded) // once only
	mfs := scrape(t, m.Handler())
	metricstest.Lint(t, mfs)
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"nix_humanity_reconcile_total", []string{"result", "success"}, 2},
		{"nix_humanity_reconcile_total", []string{"result", "rolled_back"}, 1},
		{"nix_humanity_reconcile_total", []string{"result", "failure"}, 0},
		{"nix_humanity_rollbacks_total", []string{"reason", "activation_failed"}, 1},
		{"nix_humanity_last_reconcile_timestamp_seconds", []string{"result", "success"}, float64(t0.Add(2 * time.Hour).Unix())},
		{"nix_humanity_last_reconcile_timestamp_seconds", []string{"result", "rolled_back"}, float64(t0.Add(time.Hour).Unix())},
		{"nix_humanity_last_success_timestamp_seconds", nil, float64(t0.Add(2 * time.Hour).Unix())},
		{"nix_humanity_current_generation", nil, 43},
		{"nix_humanity_booted_generation", nil, 41},
		{"nix_humanity_generations", nil, 3},
		// the newest pass that changed the system's packages
		{"nix_humanity_system_closure_paths", nil, 1240},
		{"nix_humanity_system_package_changes", []string{"change", "added"}, 1},
		{"nix_humanity_system_package_changes", []string{"change", "removed"}, 2},
		{"nix_humanity_system_package_changes", []string{"change", "upgraded"}, 0},
	} {
		if got := metricstest.Value(mfs, c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	// Counting goes on from there.
	next := state.Pass{ID: 4, Result: state.ResultSuccess, Finished: t0.Add(3 * time.Hour)}
	loaded.Record(next)
	m.PassFinished(next, *loaded)
	if got := metricstest.Value(scrape(t, m.Handler()), "nix_humanity_reconcile_total", "result", "success"); got != 3 {
		t.Errorf("after one more pass: %v", got)
	}
}

// The generation gauges follow the disk: a new generation, a rollback,
// gc and a new kernel show at the next scrape, with no pass needed.
func TestSystemGaugesFollowDisk(t *testing.T) {
	runDir := t.TempDir()
	store := t.TempDir() // stands in for /nix/store: real directories the links resolve to
	sys := func(name, kernel string) string {
		d := filepath.Join(store, name)
		must(t, os.MkdirAll(filepath.Join(d), 0o755))
		k := filepath.Join(store, "kernel-"+kernel)
		must(t, os.MkdirAll(k, 0o755))
		for _, f := range []string{"bzImage", "initrd"} {
			must(t, os.WriteFile(filepath.Join(k, f), nil, 0o644))
		}
		must(t, os.Symlink(filepath.Join(k, "bzImage"), filepath.Join(d, "kernel")))
		must(t, os.Symlink(filepath.Join(k, "initrd"), filepath.Join(d, "initrd")))
		return d
	}
	pdir := t.TempDir()
	profile := filepath.Join(pdir, "system")
	s1, s2 := sys("sys1", "6.12.9"), sys("sys2", "6.12.10")
	must(t, os.Symlink(s1, filepath.Join(pdir, "system-1-link")))
	must(t, os.Symlink("system-1-link", profile))
	must(t, os.Symlink(s1, filepath.Join(runDir, "booted-system")))
	must(t, os.Symlink(s1, filepath.Join(runDir, "current-system")))
	m := New(Options{StateDir: t.TempDir(), Profile: profile, RunDir: runDir})
	m.Restore(&state.State{})
	get := func() (cur, booted, n, reboot float64) {
		mfs := scrape(t, m.Handler())
		return metricstest.Value(mfs, "nix_humanity_current_generation"), metricstest.Value(mfs, "nix_humanity_booted_generation"),
			metricstest.Value(mfs, "nix_humanity_generations"), metricstest.Value(mfs, "nix_humanity_need_reboot")
	}
	check := func(step string, cur, booted, n, reboot float64) {
		t.Helper()
		c, b, nn, r := get()
		if c != cur || b != booted || nn != n || r != reboot {
			t.Errorf("%s: current=%v booted=%v generations=%v need_reboot=%v, want %v %v %v %v", step, c, b, nn, r, cur, booted, n, reboot)
		}
	}
	check("start", 1, 1, 1, 0)

	// A new generation with a new kernel, activated.
	must(t, os.Symlink(s2, filepath.Join(pdir, "system-2-link")))
	must(t, replaceLink("system-2-link", profile))
	must(t, replaceLink(s2, filepath.Join(runDir, "current-system")))
	check("new kernel", 2, 1, 2, 1)

	// Roll back: current is the booted system again.
	must(t, replaceLink("system-1-link", profile))
	must(t, replaceLink(s1, filepath.Join(runDir, "current-system")))
	check("rollback", 1, 1, 2, 0)

	// gc removes generation 2.
	must(t, os.Remove(filepath.Join(pdir, "system-2-link")))
	check("gc", 1, 1, 1, 0)
}

func replaceLink(target, link string) error {
	tmp := link + ".tmp"
	if err := os.Symlink(target, tmp); err != nil {
		return err
	}
	return os.Rename(tmp, link)
}

func TestReasonLabel(t *testing.T) {
	for in, want := range map[string]string{
		"health check failed":    "health_check_failed",
		"Activation failed.":     "activation_failed",
		"":                       "unknown",
		"✗ weird: {}":            "weird",
		strings.Repeat("x", 100): strings.Repeat("x", 40),
	} {
		if got := ReasonLabel(in); got != want {
			t.Errorf("ReasonLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGenNumber(t *testing.T) {
	for name, want := range map[string]int{"system-1-link": 1, "system-1000-link": 1000, "system-0-link": 0, "system-x-link": 0, "system--link": 0, "system-1-link.tmp": 0, "other-3-link": 0, "system": 0,
		"system-01-link": 0, "system-+5-link": 0, "system-1234567890-link": 0} {
		got, ok := genNumber("system", name)
		if got != want || ok != (want > 0) {
			t.Errorf("%s: %d %v", name, got, ok)
		}
	}
	if storePath("/nix/store/abc-nixos/kernel") != "/nix/store/abc-nixos" || storePath("/tmp/x/y") != "/tmp/x/y" {
		t.Error("storePath")
	}
}

// A scrape lists the profile directory only when it changed; a listing
// taken right after a change is taken again once, in case a second
// change came within the directory timestamp's resolution.
func TestProfileListedOnlyOnChange(t *testing.T) {
	profile := profileDir(t, 3, 3)
	dir := filepath.Dir(profile)
	v := &systemView{profile: profile, runDir: t.TempDir()}
	addLink := func(n int) {
		t.Helper()
		must(t, os.Symlink(fmt.Sprintf("/nix/store/%032d-nixos-system-%d", n, n), filepath.Join(dir, fmt.Sprintf("system-%d-link", n))))
	}
	setMtime := func(tm time.Time) { t.Helper(); must(t, os.Chtimes(dir, tm, tm)) }

	recent := time.Now()
	setMtime(recent)
	if got := v.get(false).count; got != 3 {
		t.Fatal(got)
	}
	// A change the timestamp cannot show (same mtime): the listing was
	// racy, so the next scrape lists again and sees it.
	addLink(4)
	setMtime(recent)
	if got := v.get(false).count; got != 4 {
		t.Fatalf("racy listing not retaken: %d", got)
	}

	// Settled (last change long ago): scrapes use the cache. The same
	// invisible change is not seen, which shows no listing happened...
	old := time.Now().Add(-time.Hour)
	setMtime(old)
	if got := v.get(false).count; got != 4 {
		t.Fatal(got)
	}
	addLink(5)
	setMtime(old)
	if got := v.get(false).count; got != 4 {
		t.Fatalf("listed although nothing visible changed: %d", got)
	}
	// ...while a finished pass forces a fresh look.
	if got := v.get(true).count; got != 5 {
		t.Fatalf("forced: %d", got)
	}
}

// Passes other processes record (ask-nix apply, rollback) show at the
// next scrape: the state file is read again when it changed.
func TestScrapeFollowsStateFile(t *testing.T) {
	dir := t.TempDir()
	st := &state.State{Phase: state.PhaseIdle}
	t0 := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	st.Record(state.Pass{ID: 1, Result: state.ResultSuccess, Finished: t0, Durations: map[string]float64{"total": 3}})
	must(t, st.Save(dir))
	m := New(Options{StateDir: dir, Profile: filepath.Join(dir, "none", "system"), RunDir: dir})
	loaded, err := state.Load(dir)
	must(t, err)
	m.Restore(loaded)

	// ask-nix apply, in its own process: a build in progress...
	st.Phase = state.PhaseBuild
	must(t, st.Save(dir))
	mfs := scrape(t, m.Handler())
	if metricstest.Value(mfs, "nix_humanity_phase", "phase", "build") != 1 {
		t.Errorf("phase from the state file: %v", mfs["nix_humanity_phase"])
	}
	// ...then rolled back.
	st.Phase = state.PhaseIdle
	st.Record(state.Pass{ID: 2, Trigger: "apply", Result: state.ResultRolledBack, Reason: "activation failed", Finished: t0.Add(time.Minute), Durations: map[string]float64{"eval": 1, "build": 2, "activate": 0.5, "rollback": 0.5, "total": 4}})
	must(t, st.Save(dir))
	for i := 0; i < 2; i++ { // a second scrape observes nothing twice
		mfs = scrape(t, m.Handler())
		metricstest.Lint(t, mfs)
		for _, c := range []struct {
			name   string
			labels []string
			want   float64
		}{
			{"nix_humanity_reconcile_total", []string{"result", "success"}, 1},
			{"nix_humanity_reconcile_total", []string{"result", "rolled_back"}, 1},
			{"nix_humanity_rollbacks_total", []string{"reason", "activation_failed"}, 1},
			{"nix_humanity_reconcile_duration_seconds", []string{"phase", "total"}, 1}, // pass 1 predates the daemon
			{"nix_humanity_reconcile_duration_seconds", []string{"phase", "rollback"}, 1},
			{"nix_humanity_last_reconcile_timestamp_seconds", []string{"result", "rolled_back"}, float64(t0.Add(time.Minute).Unix())},
			{"nix_humanity_phase", []string{"phase", "idle"}, 1},
			{"nix_humanity_state_read_errors", nil, 0},
		} {
			if got := metricstest.Value(mfs, c.name, c.labels...); got != c.want {
				t.Errorf("scrape %d: %s%v = %v, want %v", i+1, c.name, c.labels, got, c.want)
			}
		}
	}
	// A damaged state file: the last good values stay, and it is said.
	must(t, os.WriteFile(state.Path(dir), []byte("{oops"), 0o644))
	mfs = scrape(t, m.Handler())
	if metricstest.Value(mfs, "nix_humanity_state_read_errors") != 1 || metricstest.Value(mfs, "nix_humanity_reconcile_total", "result", "rolled_back") != 1 {
		t.Errorf("damaged state: errors=%v rolled_back=%v", metricstest.Value(mfs, "nix_humanity_state_read_errors"), metricstest.Value(mfs, "nix_humanity_reconcile_total", "result", "rolled_back"))
	}
}

func FuzzReasonLabel(f *testing.F) {
	for _, s := range []string{"health check failed", "Activation failed.", "", "✗ weird: {}", "a/b:c d"} {
		f.Add(s)
	}
	safe := regexp.MustCompile(`^[a-z0-9_-]{1,40}$`)
	f.Fuzz(func(t *testing.T, reason string) {
		if got := ReasonLabel(reason); !safe.MatchString(got) {
			t.Fatalf("%q -> %q", reason, got)
		}
	})
}

// nix_humanity_loop_last_progress_timestamp_seconds follows the health
// check's clock of the loop; before the loop started there is none (a 0
// would read as "stuck since 1970").
func TestLoopLastProgress(t *testing.T) {
	var last time.Time
	m := New(Options{StateDir: t.TempDir(), Profile: profileDir(t, 1, 1), RunDir: t.TempDir(),
		LoopProgress: func() time.Time { return last }})
	mfs := scrape(t, m.Handler())
	if _, ok := mfs["nix_humanity_loop_last_progress_timestamp_seconds"]; ok {
		t.Fatal("exported before the loop started")
	}
	last = time.Date(2026, 11, 25, 12, 0, 0, 500_000_000, time.UTC)
	mfs = scrape(t, m.Handler())
	metricstest.Lint(t, mfs)
	if got := metricstest.Value(mfs, "nix_humanity_loop_last_progress_timestamp_seconds"); got != float64(last.Unix())+0.5 {
		t.Fatalf("got %v, want %v", got, float64(last.Unix())+0.5)
	}
	if mfs["nix_humanity_loop_last_progress_timestamp_seconds"].GetType().String() != "GAUGE" {
		t.Fatal(mfs["nix_humanity_loop_last_progress_timestamp_seconds"].GetType())
	}
	// Without the option (ask-nix's own use of the package), no metric.
	if _, ok := scrape(t, New(Options{StateDir: t.TempDir(), Profile: profileDir(t, 1, 1), RunDir: t.TempDir()}).Handler())["nix_humanity_loop_last_progress_timestamp_seconds"]; ok {
		t.Fatal("exported without a source")
	}
}

// nix_humanity_running_generation follows /run/current-system: the
// generation whose system runs, 0 for a system outside the profile (a
// test activation), and when generations share a system the current
// one, else the newest, as ask-nix status says it.
func TestRunningGeneration(t *testing.T) {
	runDir := t.TempDir()
	profile := profileDir(t, 3, 3)
	dir := filepath.Dir(profile)
	sys := func(n int) string { return fmt.Sprintf("/nix/store/%032d-nixos-system-%d", n, n) }
	must(t, os.Symlink(sys(1), filepath.Join(runDir, "booted-system")))
	must(t, os.Symlink(sys(3), filepath.Join(runDir, "current-system")))
	m := New(Options{StateDir: t.TempDir(), Profile: profile, RunDir: runDir})
	m.Restore(&state.State{})
	check := func(step string, current, running, booted float64) {
		t.Helper()
		mfs := scrape(t, m.Handler())
		metricstest.Lint(t, mfs)
		c, r, b := metricstest.Value(mfs, "nix_humanity_current_generation"), metricstest.Value(mfs, "nix_humanity_running_generation"), metricstest.Value(mfs, "nix_humanity_booted_generation")
		if c != current || r != running || b != booted {
			t.Errorf("%s: current=%v running=%v booted=%v, want %v %v %v", step, c, r, b, current, running, booted)
		}
	}
	setCurrent := func(target string) { t.Helper(); must(t, replaceLink(target, filepath.Join(runDir, "current-system"))) }
	check("start", 3, 3, 1)

	// A test activation of a system no generation has.
	setCurrent("/nix/store/" + strings.Repeat("t", 32) + "-nixos-system-test")
	check("test of a new system", 3, 0, 1)

	// A rollback with action test: generation 2's system runs.
	setCurrent(sys(2))
	check("test rollback", 3, 2, 1)

	// A boot rollback: the profile says 1, the newer system runs on.
	must(t, replaceLink("system-1-link", profile))
	setCurrent(sys(3))
	check("boot rollback", 1, 3, 1)

	// Generation 4 shares generation 1's system (the same configuration
	// built again) and is current: it is the one that runs and booted.
	must(t, os.Symlink(sys(1), filepath.Join(dir, "system-4-link")))
	must(t, replaceLink("system-4-link", profile))
	setCurrent(sys(1))
	check("shared system, current", 4, 4, 4)
	// Not current: the newest of them.
	must(t, replaceLink("system-2-link", profile))
	check("shared system, not current", 2, 4, 4)
	// The newest deleted: the older one that has it.
	must(t, os.Remove(filepath.Join(dir, "system-4-link")))
	check("newest deleted", 2, 1, 1)
	// The running generation deleted (a gc that kept it out of the
	// profile only): its system runs, outside the profile now.
	setCurrent(sys(3))
	check("running 3", 2, 3, 1)
	must(t, os.Remove(filepath.Join(dir, "system-3-link")))
	check("generation 3 deleted", 2, 0, 1)
}

// The pass counters never go down while the daemon runs, even when the
// state file's counts do (a damaged file moved aside whose counters could
// not be read, a file deleted by hand): the drop is kept, and later
// passes count on from there.
func TestPassCountersNeverGoDown(t *testing.T) {
	stateDir := t.TempDir()
	m := New(Options{StateDir: stateDir, Profile: filepath.Join(t.TempDir(), "system"), RunDir: t.TempDir()})
	t0 := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	st := &state.State{}
	for i := 1; i <= 5; i++ {
		p := state.Pass{ID: int64(i), Result: state.ResultSuccess, Finished: t0}
		if i == 5 {
			p.Result, p.Reason = state.ResultRolledBack, "health check failed"
		}
		st.Record(p)
	}
	must(t, st.Save(stateDir))
	m.Restore(st)
	value := func(result string) (float64, float64) {
		mfs := scrape(t, m.Handler())
		return metricstest.Value(mfs, "nix_humanity_reconcile_total", "result", result),
			metricstest.Value(mfs, "nix_humanity_rollbacks_total", "reason", "health_check_failed")
	}
	for _, step := range []struct {
		name      string
		write     func() *state.State
		success   float64
		rollbacks float64
	}{
		{"at start", nil, 4, 1},
		{"the file starts over", func() *state.State { return &state.State{LastPassID: 5} }, 4, 1},
		{"a pass after it", func() *state.State {
			s := &state.State{LastPassID: 6}
			s.Record(state.Pass{ID: 6, Result: state.ResultSuccess, Finished: t0})
			return s
		}, 5, 1},
		{"and a rollback", func() *state.State {
			s := &state.State{LastPassID: 7}
			s.Record(state.Pass{ID: 6, Result: state.ResultSuccess, Finished: t0})
			s.Record(state.Pass{ID: 7, Result: state.ResultRolledBack, Reason: "health check failed", Finished: t0})
			return s
		}, 5, 2},
	} {
		if step.write != nil {
			s := step.write()
			// Reported by the daemon's pass, or read from the file at a
			// scrape (another process's): the same either way.
			must(t, s.Save(stateDir))
		}
		success, rollbacks := value("success")
		if success != step.success || rollbacks != step.rollbacks {
			t.Errorf("%s: success %v, rollbacks %v; want %v, %v", step.name, success, rollbacks, step.success, step.rollbacks)
		}
	}
}

// Before any rollback each reason the reconciler rolls back for is
// exported at 0, so the first one is an increase an alert sees.
func TestRollbackReasonsFromZero(t *testing.T) {
	m := New(Options{Version: "1.2.3", StateDir: t.TempDir(), Profile: profileDir(t, 1, 1), RunDir: t.TempDir()})
	m.Restore(&state.State{Phase: state.PhaseIdle})
	mfs := scrape(t, m.Handler())
	metricstest.Lint(t, mfs)
	fam, ok := mfs["nix_humanity_rollbacks_total"]
	if !ok {
		t.Fatal("nix_humanity_rollbacks_total is not exported before a rollback")
	}
	if got := len(fam.GetMetric()); got != len(RollbackReasons) {
		t.Errorf("%d series, want one for each of %v", got, RollbackReasons)
	}
	for _, reason := range RollbackReasons {
		if got := metricstest.Value(mfs, "nix_humanity_rollbacks_total", "reason", reason); got != 0 {
			t.Errorf("rollbacks_total{reason=%q} = %v, want 0", reason, got)
		}
	}
	// A rollback counts on the series that was there at 0.
	st := &state.State{}
	p := state.Pass{ID: 1, Result: state.ResultRolledBack, Reason: "health check failed", Finished: time.Now()}
	st.Record(p)
	m.PassFinished(p, *st)
	mfs = scrape(t, m.Handler())
	if got := metricstest.Value(mfs, "nix_humanity_rollbacks_total", "reason", "health_check_failed"); got != 1 {
		t.Errorf("after a rollback: %v, want 1", got)
	}
	if got := len(mfs["nix_humanity_rollbacks_total"].GetMetric()); got != len(RollbackReasons) {
		t.Errorf("after a rollback: %d series, want %d", got, len(RollbackReasons))
	}
}
