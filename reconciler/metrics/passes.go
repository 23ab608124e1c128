package metrics

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// passView is where the pass metrics come from: the state file's counters
// and history (which also hold passes the daemon did not run itself:
// `ask-nix apply`, `rollback`, `update`), the count of no-ops that ran no
// Nix (state.NoopsFileName: not kept in the state file), and the passes
// the daemon reported. The counters are those files': only what is
// written is counted, so they survive restarts and never go down across
// one. Should the file's counts go down all the same (a
// state file moved aside whose counters could not be read, one deleted
// by hand), the drop is added back (base), so the exported counters
// never go down while the daemon runs. The histogram observes each pass
// once, by its id.
type passView struct {
	stateDir  string
	durations *prometheus.HistogramVec
	phase     func(state.Phase)

	mu          sync.Mutex
	key         fileKey
	reconciles  map[state.Result]int64 // from the state file
	rollbacks   map[string]int64       // from the state file, by label
	lastSuccess time.Time
	seen        int64 // highest recorded pass id observed
	// stateCounts are the state file's counters, noops the no-op count
	// file's (read when noopsKey changes); reconciles and rollbacks are
	// them together, by label.
	stateCounts state.Counters
	noops       int64
	noopsKey    fileKey
	noopsRead   bool
	// base is what the files' counts fell by since the daemon started,
	// added to them (see passView).
	base         map[state.Result]int64
	rollbackBase map[string]int64
	last         map[state.Result]time.Time
	// packages is what the newest pass that changed the system did to
	// its packages (recorded after the pass), packagesID that pass.
	packages   *state.PackageChanges
	packagesID int64
}

type fileKey struct {
	ino, size, mtime int64
}

func statKey(path string) (fileKey, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileKey{}, false
	}
	k := fileKey{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		k.ino = int64(st.Ino)
	}
	return k, true
}

func newPassView(stateDir string, durations *prometheus.HistogramVec, phase func(state.Phase)) *passView {
	return &passView{
		stateDir: stateDir, durations: durations, phase: phase,
		reconciles: map[state.Result]int64{}, rollbacks: map[string]int64{},
		base: map[state.Result]int64{}, rollbackBase: map[string]int64{},
		last: map[state.Result]time.Time{},
	}
}

// restore takes the state at start: counts and last results, without
// observing old passes into the histogram (a histogram starts empty).
func (v *passView) restore(st *state.State) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.key, _ = statKey(state.Path(v.stateDir))
	_ = v.readNoops() // an unreadable count is 0 until it reads
	v.absorb(st, false)
}

// readNoops reads the no-op count again when its file changed; an error
// keeps the last count.
func (v *passView) readNoops() error {
	k, _ := statKey(filepath.Join(v.stateDir, state.NoopsFileName)) // missing: the zero key, and 0
	if v.noopsRead && k == v.noopsKey {
		return nil
	}
	n, err := state.Noops(v.stateDir)
	if err != nil {
		return err
	}
	v.noops, v.noopsKey, v.noopsRead = n, k, true
	return nil
}

// finished takes a pass the loop reported, with the state after it.
func (v *passView) finished(p state.Pass, st *state.State) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if p.ID == 0 {
		// Not in the state file (a no-op that ran no Nix, counted in
		// the no-op count file): observed here only.
		v.observe(p)
		v.lastAt(p)
		_ = v.readNoops() // an error: the next scrape says it
	}
	v.absorb(st, true)
}

// follow reads the state file again if it changed since last seen, to
// pick up passes other processes ran. A stat per call otherwise.
func (v *passView) follow() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	was := v.noops
	nerr := v.readNoops()
	k, ok := statKey(state.Path(v.stateDir))
	if !ok || k == v.key {
		if v.noops != was {
			v.recount(true)
		}
		return nerr
	}
	st, err := state.Load(v.stateDir)
	if err != nil {
		if v.noops != was {
			v.recount(true)
		}
		return errors.Join(err, nerr)
	}
	v.key = k
	v.absorb(st, true)
	v.phase(st.Phase)
	return nerr
}

// absorb takes the state's counts, and observes the recorded passes not
// seen yet.
func (v *passView) absorb(st *state.State, observe bool) {
	if st == nil {
		return
	}
	v.stateCounts = st.Counters.Clone()
	v.recount(observe)
	if st.LastSuccess != nil {
		v.lastSuccess = *st.LastSuccess
	}
	passes := st.History
	if st.LastPass != nil {
		passes = append(passes[:len(passes):len(passes)], *st.LastPass)
	}
	top := v.seen
	fresh := map[int64]bool{}
	for _, p := range passes {
		v.lastAt(p)
		if p.Packages != nil && p.ID >= v.packagesID {
			v.packages, v.packagesID = p.Packages, p.ID
		}
		if p.ID > v.seen && !fresh[p.ID] {
			fresh[p.ID] = true // LastPass is also History's last entry
			if observe {
				v.observe(p)
			}
			top = max(top, p.ID)
		}
	}
	v.seen = top
}

// recount sums the state file's counters and the no-op count, keeping
// (when observe: not at start, when what came before this daemon is not
// known) what they fell by in base.
func (v *passView) recount(observe bool) {
	reconciles := map[state.Result]int64{}
	for r, n := range v.stateCounts.Reconciles {
		reconciles[r] = n
	}
	if v.noops > 0 {
		reconciles[state.ResultNoop] += v.noops
	}
	rollbacks := map[string]int64{}
	for reason, n := range v.stateCounts.Rollbacks {
		rollbacks[ReasonLabel(reason)] += n
	}
	if observe {
		addDrops(v.base, v.reconciles, reconciles)
		addDrops(v.rollbackBase, v.rollbacks, rollbacks)
	}
	v.reconciles, v.rollbacks = reconciles, rollbacks
}

// addDrops adds to base what each count in now fell by from was.
func addDrops[K comparable](base, was, now map[K]int64) {
	for k, n := range was {
		if now[k] < n {
			base[k] += n - now[k]
		}
	}
}

func (v *passView) observe(p state.Pass) {
	for _, ph := range DurationPhases {
		if d, ok := p.Durations[ph]; ok && d >= 0 {
			v.durations.WithLabelValues(ph).Observe(d)
		}
	}
}

func (v *passView) lastAt(p state.Pass) {
	if p.Finished.After(v.last[p.Result]) {
		v.last[p.Result] = p.Finished
	}
}

var (
	reconcilesDesc = prometheus.NewDesc(ns+"_reconcile_total",
		"Reconcile passes by result (success, failure, noop, rolled_back), whoever ran them (the daemon, ask-nix apply).", []string{"result"}, nil)
	rollbacksDesc = prometheus.NewDesc(ns+"_rollbacks_total",
		"Automatic rollbacks to the last good generation, by reason.", []string{"reason"}, nil)
	lastReconcileDesc = prometheus.NewDesc(ns+"_last_reconcile_timestamp_seconds",
		"Unix time the last pass with this result finished.", []string{"result"}, nil)
	lastSuccessDesc = prometheus.NewDesc(ns+"_last_success_timestamp_seconds",
		"Unix time the last pass that left the system as desired (a success, or a no-op after one) finished.", nil, nil)
	stateErrorDesc = prometheus.NewDesc(ns+"_state_read_errors",
		"1 when the state file could not be read at the last scrape (the last good values are shown).", nil, nil)
	closurePathsDesc = prometheus.NewDesc(ns+"_system_closure_paths",
		"Store paths in the closure of the system the newest pass that changed it built or switched to.", nil, nil)
	packageChangesDesc = prometheus.NewDesc(ns+"_system_package_changes",
		"Packages that pass added, removed or upgraded in the system.", []string{"change"}, nil)
)

// passCollector exports passView.
type passCollector struct {
	v       *passView
	readErr func() bool
}

func (c *passCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- reconcilesDesc
	ch <- rollbacksDesc
	ch <- lastReconcileDesc
	ch <- lastSuccessDesc
	ch <- stateErrorDesc
	ch <- closurePathsDesc
	ch <- packageChangesDesc
}

func (c *passCollector) Collect(ch chan<- prometheus.Metric) {
	v := c.v
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, r := range Results {
		ch <- prometheus.MustNewConstMetric(reconcilesDesc, prometheus.CounterValue, float64(v.reconciles[r]+v.base[r]), string(r))
	}
	for reason, n := range v.rollbacks {
		ch <- prometheus.MustNewConstMetric(rollbacksDesc, prometheus.CounterValue, float64(n+v.rollbackBase[reason]), reason)
	}
	for reason, n := range v.rollbackBase {
		if _, ok := v.rollbacks[reason]; !ok {
			ch <- prometheus.MustNewConstMetric(rollbacksDesc, prometheus.CounterValue, float64(n), reason)
		}
	}
	// The reasons a rollback has, at 0 until one happens, as
	// reconcile_total shows every result: a query or an alert on them
	// (increase(nix_humanity_rollbacks_total[1d]) > 0) then has a
	// series from the first scrape, not "no data" until the first
	// rollback.
	for _, reason := range RollbackReasons {
		_, seen := v.rollbacks[reason]
		if _, based := v.rollbackBase[reason]; !seen && !based {
			ch <- prometheus.MustNewConstMetric(rollbacksDesc, prometheus.CounterValue, 0, reason)
		}
	}
	for _, r := range Results {
		if t, ok := v.last[r]; ok && !t.IsZero() {
			ch <- prometheus.MustNewConstMetric(lastReconcileDesc, prometheus.GaugeValue, seconds(t), string(r))
		}
	}
	if !v.lastSuccess.IsZero() {
		ch <- prometheus.MustNewConstMetric(lastSuccessDesc, prometheus.GaugeValue, seconds(v.lastSuccess))
	}
	bad := 0.0
	if c.readErr() {
		bad = 1
	}
	ch <- prometheus.MustNewConstMetric(stateErrorDesc, prometheus.GaugeValue, bad)
	if pc := v.packages; pc != nil {
		ch <- prometheus.MustNewConstMetric(closurePathsDesc, prometheus.GaugeValue, float64(pc.ClosurePaths))
		ch <- prometheus.MustNewConstMetric(packageChangesDesc, prometheus.GaugeValue, float64(len(pc.Added)), "added")
		ch <- prometheus.MustNewConstMetric(packageChangesDesc, prometheus.GaugeValue, float64(len(pc.Removed)), "removed")
		ch <- prometheus.MustNewConstMetric(packageChangesDesc, prometheus.GaugeValue, float64(len(pc.Upgraded)), "upgraded")
	}
}

func seconds(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }
