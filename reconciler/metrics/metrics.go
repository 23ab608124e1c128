// Package metrics is the daemon's Prometheus view of the reconciler, on a
// private registry (with the Go and process collectors). Every value is
// set in one place: Restore, from the state file when the daemon starts
// (so counters and the last results survive restarts), and the observer
// methods the reconciler loop calls (PhaseStarted, PassFinished,
// WatchEvent). The generation gauges follow the profile directory
// cheaply (see systemView) and the request counters follow the counts
// file ask-nix keeps (see package requests); neither is walked per
// scrape.
package metrics

import (
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

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

// Options says where the values come from.
type Options struct {
	Version  string // for build_info
	StateDir string // holds the request counts file
	Profile  string // the system profile link
	RunDir   string // holds current-system and booted-system
}

// Metrics holds the collectors. Its methods are safe for concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	reconciles    *prometheus.CounterVec
	durations     *prometheus.HistogramVec
	phase         *prometheus.GaugeVec
	lastReconcile *prometheus.GaugeVec
	lastSuccess   prometheus.Gauge
	rollbacks     *prometheus.CounterVec
	watchEvents   prometheus.Counter

	system *systemView

	mu       sync.Mutex
	restored bool
}

// New builds the metrics on a fresh private registry.
func New(o Options) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		reconciles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Name: "reconcile_total",
			Help: "Reconcile passes by result (success, failure, noop, rolled_back).",
		}, []string{"result"}),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: ns, Name: "reconcile_duration_seconds",
			Help:    "Time spent per phase of a reconcile pass (eval, build, activate, health, rollback) and in total.",
			Buckets: DurationBuckets,
		}, []string{"phase"}),
		phase: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: ns, Name: "phase",
			Help: "1 for the phase the reconciler is in now, 0 for the others.",
		}, []string{"phase"}),
		lastReconcile: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: ns, Name: "last_reconcile_timestamp_seconds",
			Help: "Unix time the last pass with this result finished.",
		}, []string{"result"}),
		lastSuccess: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: ns, Name: "last_success_timestamp_seconds",
			Help: "Unix time the last pass that left the system as desired (success, or a no-op) finished.",
		}),
		rollbacks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Name: "rollbacks_total",
			Help: "Automatic rollbacks to the last good generation, by reason.",
		}, []string{"reason"}),
		watchEvents: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: ns, Name: "watch_events_total",
			Help: "File system events seen on the watched inputs.",
		}),
		system: &systemView{profile: o.Profile, runDir: o.RunDir},
	}
	buildInfo := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Namespace: ns, Name: "build_info",
		Help: "Always 1; the labels say which nix-humanity is running.",
	}, []string{"version", "goversion"})
	version := o.Version
	if version == "" {
		version = "dev"
	}
	buildInfo.WithLabelValues(version, runtime.Version()).Set(1)

	for _, r := range Results {
		m.reconciles.WithLabelValues(string(r))
	}
	for _, p := range state.Phases {
		m.phase.WithLabelValues(string(p))
	}
	m.phase.WithLabelValues(string(state.PhaseIdle)).Set(1)

	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		buildInfo, m.reconciles, m.durations, m.phase, m.lastReconcile,
		m.lastSuccess, m.rollbacks, m.watchEvents,
		&systemCollector{v: m.system},
		&requestsCollector{r: requests.NewReader(o.StateDir)},
	)
	return m
}

// Registry is the private registry, for tests and extra collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in the Prometheus text format (or
// OpenMetrics/protobuf when the scraper asks).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorHandling: promhttp.ContinueOnError,
		Registry:      m.reg, // promhttp_metric_handler_errors_total
	})
}

// Restore sets the values that are state from the state file: counters
// (which therefore do not fall to zero when the daemon restarts), the
// phase, the last results and the generation numbers. Call it once,
// before the loop starts; later calls do nothing.
func (m *Metrics) Restore(st *state.State) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.restored || st == nil {
		return
	}
	m.restored = true
	for r, n := range st.Counters.Reconciles {
		if n > 0 {
			m.reconciles.WithLabelValues(string(r)).Add(float64(n))
		}
	}
	for reason, n := range st.Counters.Rollbacks {
		if n > 0 {
			m.rollbacks.WithLabelValues(ReasonLabel(reason)).Add(float64(n))
		}
	}
	m.setPhase(st.Phase)
	passes := st.History
	if st.LastPass != nil {
		passes = append(slices.Clone(passes), *st.LastPass)
	}
	for _, p := range passes {
		if !p.Finished.IsZero() {
			m.lastReconcile.WithLabelValues(string(p.Result)).Set(unix(p))
		}
	}
	if st.LastSuccess != nil && !st.LastSuccess.IsZero() {
		m.lastSuccess.Set(float64(st.LastSuccess.UnixNano()) / 1e9)
	}
	m.system.mu.Lock()
	m.system.initial = systemValues{current: st.CurrentGeneration, booted: st.BootedGeneration, count: st.Generations}
	m.system.mu.Unlock()
}

// PhaseStarted records that the reconciler entered a phase.
func (m *Metrics) PhaseStarted(p state.Phase) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.setPhase(p)
}

// PassFinished records a finished pass: its result, per-phase times, and
// a rollback if there was one; the generation gauges are read again (st,
// the state after the pass, stands in where the profile cannot be read).
func (m *Metrics) PassFinished(p state.Pass, st state.State) {
	m.mu.Lock()
	defer m.mu.Unlock()
	result := string(p.Result)
	if !slices.Contains(Results, p.Result) {
		result = string(state.ResultFailure)
	}
	m.reconciles.WithLabelValues(result).Inc()
	for _, ph := range DurationPhases {
		if d, ok := p.Durations[ph]; ok && d >= 0 {
			m.durations.WithLabelValues(ph).Observe(d)
		}
	}
	if !p.Finished.IsZero() {
		m.lastReconcile.WithLabelValues(result).Set(unix(p))
	}
	// The state decides what counts as a success: a no-op that only says
	// "inputs unchanged since pass N failed" does not.
	switch {
	case st.LastSuccess != nil && !st.LastSuccess.IsZero():
		m.lastSuccess.Set(float64(st.LastSuccess.UnixNano()) / 1e9)
	case p.Result == state.ResultSuccess && !p.Finished.IsZero():
		m.lastSuccess.Set(unix(p))
	}
	if p.Result == state.ResultRolledBack {
		m.rollbacks.WithLabelValues(ReasonLabel(p.Reason)).Inc()
	}
	m.setPhase(state.PhaseIdle)
	m.system.mu.Lock()
	m.system.initial = systemValues{current: st.CurrentGeneration, booted: st.BootedGeneration, count: st.Generations}
	m.system.mu.Unlock()
	m.system.get(true)
}

// WatchEvent counts one file system event on the watched inputs.
func (m *Metrics) WatchEvent(string) { m.watchEvents.Inc() }

func (m *Metrics) setPhase(p state.Phase) {
	if p == "" {
		p = state.PhaseIdle
	}
	known := slices.Contains(state.Phases, p)
	for _, q := range state.Phases {
		v := 0.0
		if q == p {
			v = 1
		}
		m.phase.WithLabelValues(string(q)).Set(v)
	}
	if !known {
		m.phase.WithLabelValues(string(p)).Set(1)
	}
}

func unix(p state.Pass) float64 { return float64(p.Finished.UnixNano()) / 1e9 }

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
	ch <- generationsDesc
	ch <- needRebootDesc
}

func (c *systemCollector) Collect(ch chan<- prometheus.Metric) {
	v := c.v.get(false)
	ch <- prometheus.MustNewConstMetric(currentDesc, prometheus.GaugeValue, float64(v.current))
	ch <- prometheus.MustNewConstMetric(bootedDesc, prometheus.GaugeValue, float64(v.booted))
	ch <- prometheus.MustNewConstMetric(generationsDesc, prometheus.GaugeValue, float64(v.count))
	nr := 0.0
	if v.needReboot {
		nr = 1
	}
	ch <- prometheus.MustNewConstMetric(needRebootDesc, prometheus.GaugeValue, nr)
}

var (
	requestsDesc = prometheus.NewDesc(ns+"_requests_total",
		"Requests made with ask-nix, by the intent they were understood as (not-understood, unknown when refused before parsing).", []string{"intent"}, nil)
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
	for reason, n := range counts.Rejections {
		ch <- prometheus.MustNewConstMetric(rejectionsDesc, prometheus.CounterValue, float64(n), reason)
	}
	ch <- prometheus.MustNewConstMetric(editsDesc, prometheus.CounterValue, float64(counts.FragmentEdits))
	bad := 0.0
	if err != nil {
		bad = 1
	}
	ch <- prometheus.MustNewConstMetric(countsErrorDesc, prometheus.GaugeValue, bad)
}
