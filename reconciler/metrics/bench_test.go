package metrics

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/reconciler/requests"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// benchMetrics sets up metrics over a profile with 1000 generations,
// some passes and request counts, as a busy machine would have.
func benchMetrics(b *testing.B) *Metrics {
	b.Helper()
	stateDir := b.TempDir()
	profile := profileDir(b, 1000, 1000)
	m := New(Options{Version: "bench", StateDir: stateDir, Profile: profile, RunDir: filepath.Dir(profile)})
	m.Restore(&state.State{})
	for i, r := range Results {
		m.PassFinished(state.Pass{Result: r, Finished: time.Now(), Durations: map[string]float64{"eval": float64(i), "build": 2, "activate": 1, "health": 0.5, "total": 4}})
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
	v := &systemView{profile: profile, runDir: filepath.Dir(profile)}
	for i := 0; i < b.N; i++ {
		if got := v.get(true); got.count != 1000 {
			b.Fatal(got)
		}
	}
}
