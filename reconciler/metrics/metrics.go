// Package metrics is the daemon's Prometheus view of the reconciler, on a
// private registry (with the Go and process collectors). Values come from
// the state file (read at start by Restore, and again at a scrape when
// it changed, so passes run by `ask-nix apply` count too and counters
// survive restarts), the observer methods the reconciler loop calls
// (PhaseStarted, PassFinished, WatchEvent) and, for the loop's last
// progress, the daemon's health check (Options.LoopProgress). The
// generation gauges follow the profile directory cheaply (see
// systemView) and the request counters follow the counts file ask-nix
// keeps (see package requests); nothing is walked per scrape.
package metrics

import (
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	dto "github.com/prometheus/client_model/go"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/reconciler/requests"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

const ns = "nix_humanity"

// DurationBuckets fit passes from a no-op (milliseconds) through NixOS
// evaluations (seconds) to large builds (tens of minutes).
var DurationBuckets = []float64{0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600}

// DurationPhases are the phase label values of the duration histogram.
var DurationPhases = []string{"eval", "build", "activate", "health", "rollback", "total"}

// Results are the result label values, all exported from the start.
var Results = []state.Result{state.ResultSuccess, state.ResultFailure, state.ResultNoop, state.ResultRolledBack}

// RollbackReasons are the reasons the reconciler rolls back for
// (reconciler.go's rollback and its switch to a generation on request),
// as labels: each is exported at 0 from the start, so an alert on
// increase(nix_humanity_rollbacks_total[1h]) > 0 sees the first
// rollback (a series that appears at 1 has no increase to see).
var RollbackReasons = []string{"activation_failed", "health_check_failed", "activation_cut_short"}

// Options says where the values come from.
type Options struct {
	Version  string // for build_info
	StateDir string // holds the state file and the request counts file
	Profile  string // the system profile link
	RunDir   string // holds current-system and booted-system
	// LoopProgress is the reconciler loop's last proof of progress (see
	// httpapi.Health.LastProgress), exported as
	// nix_humanity_loop_last_progress_timestamp_seconds; nil: not
	// exported.
	LoopProgress func() time.Time
}

// Metrics holds the collectors. Its methods are safe for concurrent use.
type Metrics struct {
	reg      *prometheus.Registry
	gatherer prometheus.Gatherer

	durations   *prometheus.HistogramVec
	phase       *prometheus.GaugeVec
	watchEvents prometheus.Counter

	passes *passView
	system *systemView

	phaseMu  sync.Mutex
	mu       sync.Mutex
	restored bool
	readErr  bool
}

// New builds the metrics on a fresh private registry.
func New(o Options) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: ns, Name: "reconcile_duration_seconds",
			Help:    "Time spent per phase of a reconcile pass (eval, build, activate, health, rollback) and in total.",
			Buckets: DurationBuckets,
		}, []string{"phase"}),
		phase: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: ns, Name: "phase",
			Help: "1 for the phase the reconciler is in now, 0 for the others.",
		}, []string{"phase"}),
		watchEvents: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: ns, Name: "watch_events_total",
			Help: "File system events seen on the watched inputs.",
		}),
		system: &systemView{profile: o.Profile, runDir: o.RunDir},
	}
	m.passes = newPassView(o.StateDir, m.durations, m.setPhase)
	buildInfo := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Namespace: ns, Name: "build_info",
		Help: "Always 1; the labels say which nix-humanity is running.",
	}, []string{"version", "goversion"})
	version := o.Version
	if version == "" {
		version = "dev"
	}
	buildInfo.WithLabelValues(version, runtime.Version()).Set(1)
	m.setPhase(state.PhaseIdle)

	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		buildInfo, m.durations, m.phase, m.watchEvents,
		&passCollector{v: m.passes, readErr: func() bool { m.mu.Lock(); defer m.mu.Unlock(); return m.readErr }},
		&systemCollector{v: m.system},
		&requestsCollector{r: requests.NewReader(o.StateDir)},
	)
	if o.LoopProgress != nil {
		m.reg.MustRegister(&progressCollector{last: o.LoopProgress})
	}
	// Before each gathering, catch up with the state file (the registry
	// runs collectors concurrently, so this cannot be one of them).
	m.gatherer = prometheus.GathererFunc(func() ([]*dto.MetricFamily, error) {
		err := m.passes.follow()
		m.mu.Lock()
		m.readErr = err != nil
		m.mu.Unlock()
		return m.reg.Gather()
	})
	return m
}

// Registry is the private registry, for extra collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Gatherer gathers the metrics after catching up with the state file.
func (m *Metrics) Gatherer() prometheus.Gatherer { return m.gatherer }

// Handler serves the metrics in the Prometheus text format (or
// OpenMetrics/protobuf when the scraper asks).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.gatherer, promhttp.HandlerOpts{
		ErrorHandling: promhttp.ContinueOnError,
		Registry:      m.reg, // promhttp_metric_handler_errors_total
		// promhttp answers text unless told it may negotiate OpenMetrics,
		// which Prometheus asks for first.
		EnableOpenMetrics: true,
	})
}

// Restore takes what is state from the state file at start: counters
// (which therefore do not fall to zero when the daemon restarts), the
// phase, the last results and the generation numbers. Call it once,
// before the loop starts; later calls do nothing.
func (m *Metrics) Restore(st *state.State) {
	m.mu.Lock()
	if m.restored || st == nil {
		m.mu.Unlock()
		return
	}
	m.restored = true
	m.mu.Unlock()
	m.passes.restore(st)
	m.setPhase(st.Phase)
	m.system.setInitial(st)
}

// PhaseStarted records that the reconciler entered a phase.
func (m *Metrics) PhaseStarted(p state.Phase) { m.setPhase(p) }

// PassFinished records a finished pass (st: the state after it): its
// result, per-phase times, a rollback if there was one; the generation
// gauges are read again.
func (m *Metrics) PassFinished(p state.Pass, st state.State) {
	m.passes.finished(p, &st)
	m.setPhase(state.PhaseIdle)
	m.system.setInitial(&st)
	m.system.get(true)
}

// WatchEvent counts one file system event on the watched inputs.
func (m *Metrics) WatchEvent(string) { m.watchEvents.Inc() }

func (m *Metrics) setPhase(p state.Phase) {
	if p == "" {
		p = state.PhaseIdle
	}
	m.phaseMu.Lock()
	defer m.phaseMu.Unlock()
	for _, q := range state.Phases {
		v := 0.0
		if q == p {
			v = 1
		}
		m.phase.WithLabelValues(string(q)).Set(v)
	}
	if !slices.Contains(state.Phases, p) {
		m.phase.WithLabelValues(string(p)).Set(1)
	}
}

// ReasonLabel turns a rollback reason ("health check failed") into a
// label value ("health_check_failed"): lower case, short, no spaces.
func ReasonLabel(reason string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(reason)) {
		if b.Len() >= 40 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == ':' || r == '/':
			b.WriteByte('_')
		}
	}
	s := strings.Trim(b.String(), "_")
	if s == "" {
		return "unknown"
	}
	return s
}

var (
	currentDesc = prometheus.NewDesc(ns+"_current_generation",
		"Generation number the system profile points at.", nil, nil)
	bootedDesc = prometheus.NewDesc(ns+"_booted_generation",
		"Generation number the machine booted (0 when it is not among the profile's generations).", nil, nil)
	runningDesc = prometheus.NewDesc(ns+"_running_generation",
		"Generation number whose system runs now (/run/current-system; the current one when generations share it; 0 when it is none of the profile's generations, as after a test activation of a new system).", nil, nil)
	generationsDesc = prometheus.NewDesc(ns+"_generations",
		"Number of generations of the system profile on disk.", nil, nil)
	needRebootDesc = prometheus.NewDesc(ns+"_need_reboot",
		"1 when the current system's kernel, initrd or kernel modules differ from the booted ones.", nil, nil)
)

// systemCollector exports the generation gauges from systemView.
type systemCollector struct{ v *systemView }

func (c *systemCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- currentDesc
	ch <- bootedDesc
	ch <- runningDesc
	ch <- generationsDesc
	ch <- needRebootDesc
}

func (c *systemCollector) Collect(ch chan<- prometheus.Metric) {
	v := c.v.get(false)
	ch <- prometheus.MustNewConstMetric(currentDesc, prometheus.GaugeValue, float64(v.current))
	ch <- prometheus.MustNewConstMetric(bootedDesc, prometheus.GaugeValue, float64(v.booted))
	ch <- prometheus.MustNewConstMetric(runningDesc, prometheus.GaugeValue, float64(v.running))
	ch <- prometheus.MustNewConstMetric(generationsDesc, prometheus.GaugeValue, float64(v.count))
	nr := 0.0
	if v.needReboot {
		nr = 1
	}
	ch <- prometheus.MustNewConstMetric(needRebootDesc, prometheus.GaugeValue, nr)
}

var (
	requestsDesc = prometheus.NewDesc(ns+"_requests_total",
		"Plain-language requests made with ask-nix (ask-nix \"...\"; not explain, --dry-run or commands such as undo and apply), by the intent they were understood as (not-understood, unknown when refused before parsing).", []string{"intent"}, nil)
	rejectionsDesc = prometheus.NewDesc(ns+"_guard_rejections_total",
		"Requests the guard refused, by reason.", []string{"reason"}, nil)
	editsDesc = prometheus.NewDesc(ns+"_fragment_edits_total",
		"Writes of the managed fragment by ask-nix.", nil, nil)
	countsErrorDesc = prometheus.NewDesc(ns+"_request_counts_read_errors",
		"1 when the request counts file could not be read at the last scrape (the last good counts are shown).", nil, nil)
)

var allIntentLabels = func() []string {
	var out []string
	for _, k := range intent.Kinds {
		out = append(out, string(k))
	}
	return append(out, requests.NotUnderstood, requests.Unknown)
}()

// allRejectionLabels are the guard's codes and those of refusals that
// come from the fragment on disk.
var allRejectionLabels = append(slices.Clone(guard.Codes), txn.Codes...)

// requestsCollector exports the counts ask-nix keeps in the state
// directory; the reader re-reads the file only when it changed.
type requestsCollector struct{ r *requests.Reader }

func (c *requestsCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- requestsDesc
	ch <- rejectionsDesc
	ch <- editsDesc
	ch <- countsErrorDesc
}

func (c *requestsCollector) Collect(ch chan<- prometheus.Metric) {
	counts, err := c.r.Counts()
	// Every intent is exported from the start, so rate() works from the
	// first request on.
	for _, k := range allIntentLabels {
		ch <- prometheus.MustNewConstMetric(requestsDesc, prometheus.CounterValue, float64(counts.Requests[k]), k)
	}
	for k, n := range counts.Requests {
		if !slices.Contains(allIntentLabels, k) {
			ch <- prometheus.MustNewConstMetric(requestsDesc, prometheus.CounterValue, float64(n), k)
		}
	}
	// So is every refusal code.
	for _, reason := range allRejectionLabels {
		ch <- prometheus.MustNewConstMetric(rejectionsDesc, prometheus.CounterValue, float64(counts.Rejections[reason]), reason)
	}
	for reason, n := range counts.Rejections {
		if !slices.Contains(allRejectionLabels, reason) {
			ch <- prometheus.MustNewConstMetric(rejectionsDesc, prometheus.CounterValue, float64(n), reason)
		}
	}
	ch <- prometheus.MustNewConstMetric(editsDesc, prometheus.CounterValue, float64(counts.FragmentEdits))
	bad := 0.0
	if err != nil {
		bad = 1
	}
	ch <- prometheus.MustNewConstMetric(countsErrorDesc, prometheus.GaugeValue, bad)
}

var loopProgressDesc = prometheus.NewDesc(ns+"_loop_last_progress_timestamp_seconds",
	"When the reconciler loop last proved it is alive and moving: its last heartbeat while idle, its last phase change or build output while a pass runs. Alert on time() minus this.", nil, nil)

// progressCollector exports the loop's last progress; nothing before the
// loop has started (a 0 would read as "stuck since 1970").
type progressCollector struct{ last func() time.Time }

func (c *progressCollector) Describe(ch chan<- *prometheus.Desc) { ch <- loopProgressDesc }

func (c *progressCollector) Collect(ch chan<- prometheus.Metric) {
	t := c.last()
	if t.IsZero() {
		return
	}
	ch <- prometheus.MustNewConstMetric(loopProgressDesc, prometheus.GaugeValue, float64(t.UnixNano())/1e9)
}
