package metrics

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/reconciler/httpapi"
	"github.com/nix-humanity/nix-humanity/reconciler/requests"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// benchMetrics sets up metrics over a profile with 1000 generations,
// some passes and request counts, as a busy machine would have.
func benchMetrics(b *testing.B) *Metrics {
	b.Helper()
	stateDir := b.TempDir()
	profile := profileDir(b, 1000, 1000)
	settle(b, profile)
	// The loop's last progress as the daemon exports it: from its health
	// check, behind a mutex.
	h := httpapi.NewHealth(stateDir, "loop")
	h.Started("loop", time.Minute)
	m := New(Options{Version: "bench", StateDir: stateDir, Profile: profile, RunDir: bootedAt(b, profile, 999),
		LoopProgress: func() time.Time { return h.LastProgress("loop") }})
	// A full state file: MaxHistory passes.
	st := &state.State{Phase: state.PhaseIdle}
	for i := 1; i <= state.MaxHistory; i++ {
		st.Record(state.Pass{ID: int64(i), Result: Results[i%len(Results)], Reason: "activation failed", Finished: time.Now(),
			Durations: map[string]float64{"eval": 1, "build": 2, "activate": 1, "health": 0.5, "total": 4.5}})
	}
	must(b, st.Save(stateDir))
	m.Restore(st)
	for _, r := range Results {
		m.PassFinished(state.Pass{Result: r, Finished: time.Now(), Durations: map[string]float64{"eval": 1, "build": 2, "activate": 1, "health": 0.5, "total": 4}}, *st)
	}
	for _, k := range intent.Kinds {
		must(b, requests.Count(context.Background(), stateDir, requests.Request{Intent: k}))
	}
	return m
}

// BenchmarkScrapeServerTime is the server's time for one /metrics request
// (handler only, text format), with 1000 generations on disk.
func BenchmarkScrapeServerTime(b *testing.B) {
	h := benchMetrics(b).Handler()
	req := httptest.NewRequest("GET", "/metrics", nil)
	req.Header.Set("Accept", "text/plain; version=0.0.4")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

// BenchmarkScrapeHTTP is a whole scrape over loopback HTTP (client
// included), as Prometheus sees it.
func BenchmarkScrapeHTTP(b *testing.B) {
	srv := httptest.NewServer(benchMetrics(b).Handler())
	defer srv.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resp, err := http.Get(srv.URL)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = resp.Body.Read(make([]byte, 1))
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatal(resp.StatusCode)
		}
	}
}

// BenchmarkProfileRelist is what each scrape would cost if it listed the
// profile directory every time (the work systemView avoids).
func BenchmarkProfileRelist(b *testing.B) {
	profile := profileDir(b, 1000, 1000)
	v := &systemView{profile: profile, runDir: bootedAt(b, profile, 999)}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if got := v.get(true); got.count != 1000 {
			b.Fatal(got)
		}
	}
}

// bootedAt makes a run directory whose booted-system and current-system
// are generation n's (the worst case for finding it: a late name).
func bootedAt(b *testing.B, profile string, n int) string {
	run := b.TempDir()
	target, err := os.Readlink(filepath.Join(filepath.Dir(profile), "system-"+strconv.Itoa(n)+"-link"))
	must(b, err)
	must(b, os.Symlink(target, filepath.Join(run, "booted-system")))
	must(b, os.Symlink(target, filepath.Join(run, "current-system")))
	return run
}

// BenchmarkProfileRelistFirst is the first listing with the booted
// generation not yet known: a readlink per generation until found.
func BenchmarkProfileRelistFirst(b *testing.B) {
	profile := profileDir(b, 1000, 1000)
	run := bootedAt(b, profile, 999)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v := &systemView{profile: profile, runDir: run}
		if got := v.get(true); got.count != 1000 || got.booted != 999 {
			b.Fatal(got)
		}
	}
}

// settle dates the profile directory's last change a minute back: the
// steady state between changes, when a scrape needs no listing.
func settle(b *testing.B, profile string) {
	old := time.Now().Add(-time.Minute)
	must(b, os.Chtimes(filepath.Dir(profile), old, old))
}

// BenchmarkStateReload is what a scrape adds when the state file changed
// (a pass ended, ask-nix apply ran): reading a full state file again.
func BenchmarkStateReload(b *testing.B) {
	dir := b.TempDir()
	st := &state.State{Phase: state.PhaseIdle}
	for i := 1; i <= state.MaxHistory; i++ {
		st.Record(state.Pass{ID: int64(i), Result: state.ResultSuccess, Finished: time.Now(), InputsHash: strconv.Itoa(i),
			Durations: map[string]float64{"eval": 1, "build": 2, "activate": 1, "health": 0.5, "total": 4.5}})
	}
	must(b, st.Save(dir))
	m := New(Options{StateDir: dir, Profile: filepath.Join(dir, "none"), RunDir: dir})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.passes.key = fileKey{} // as if the file had changed
		must(b, m.passes.follow())
	}
}
