package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/nix-humanity/nix-humanity/internal/doctable"
)

// docMetrics reads the metrics table of docs/operations.md: name ->
// labels, as the table spells them (`nix_humanity_x{a,b}`).
func docMetrics(t *testing.T) map[string][]string {
	t.Helper()
	table, err := doctable.Rows("../../docs/operations.md", "## Metrics")
	if err != nil {
		t.Fatal(err)
	}
	cell := regexp.MustCompile(`^(nix_humanity_[a-z_]+)(?:\{([a-z_,]*)\})?$`)
	out := map[string][]string{}
	for _, c := range table {
		m := cell.FindStringSubmatch(c[0])
		if m == nil {
			t.Errorf("docs/operations.md: metrics row %q does not name one nix_humanity_ metric", c[0])
			continue
		}
		var labels []string
		if m[2] != "" {
			labels = strings.Split(m[2], ",")
		}
		slices.Sort(labels)
		out[m[1]] = labels
	}
	return out
}

// Every nix_humanity_* metric the daemon can export is in the table
// operators read, with its labels, and the table names no other.
func TestOperationsDocListsEveryMetric(t *testing.T) {
	docs := docMetrics(t)
	m := New(Options{StateDir: t.TempDir(), Profile: t.TempDir() + "/system", RunDir: t.TempDir(),
		LoopProgress: func() time.Time { return time.Now() }})
	ch := make(chan *prometheus.Desc)
	go func() { m.Registry().Describe(ch); close(ch) }()
	// Desc keeps its name and labels to itself; its String says them.
	name := regexp.MustCompile(`fqName: "([^"]+)"`)
	labels := regexp.MustCompile(`variableLabels: \{([^}]*)\}`)
	seen := 0
	for d := range ch {
		s := d.String()
		n := name.FindStringSubmatch(s)
		if n == nil {
			t.Fatalf("cannot read a metric's name from %s", s)
		}
		if !strings.HasPrefix(n[1], ns+"_") {
			continue // the Go and process collectors
		}
		seen++
		var have []string
		if l := labels.FindStringSubmatch(s); l != nil && l[1] != "" {
			have = strings.Split(l[1], ",")
		}
		slices.Sort(have)
		want, ok := docs[n[1]]
		if !ok {
			t.Errorf("%s is not in docs/operations.md's metrics table", n[1])
			continue
		}
		delete(docs, n[1])
		if !slices.Equal(have, want) {
			t.Errorf("%s: docs/operations.md gives labels %q, the code %q", n[1], want, have)
		}
	}
	if seen == 0 {
		t.Fatal("no nix_humanity metrics described")
	}
	for n := range docs {
		t.Errorf("docs/operations.md lists %s, which the daemon does not export", n)
	}
}

// docs/operations.md promises OpenMetrics to a scraper that asks for it,
// as Prometheus does first, and the text format to one that does not.
func TestOpenMetricsWhenAsked(t *testing.T) {
	m := New(Options{StateDir: t.TempDir(), Profile: t.TempDir() + "/system", RunDir: t.TempDir()})
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	for _, c := range []struct{ accept, wantType, wantEnd string }{
		// What Prometheus 2.x and 3.x send.
		{"application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", "application/openmetrics-text", "# EOF\n"},
		{"text/plain;version=0.0.4", "text/plain", "\n"},
		{"", "text/plain", "\n"},
	} {
		req, _ := http.NewRequest("GET", srv.URL, nil)
		if c.accept != "" {
			req.Header.Set("Accept", c.accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || !strings.HasPrefix(ct, c.wantType) {
			t.Errorf("Accept %q: status %d, Content-Type %q, want %s", c.accept, resp.StatusCode, ct, c.wantType)
		}
		if !strings.HasSuffix(string(body), c.wantEnd) || !strings.Contains(string(body), "nix_humanity_build_info") {
			t.Errorf("Accept %q: body does not end in %q or lacks nix_humanity_build_info:\n%.300s", c.accept, c.wantEnd, body)
		}
	}
}
