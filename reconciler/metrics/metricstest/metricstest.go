// Package metricstest reads a /metrics body the way Prometheus does, for
// tests: the text parser, promlint, and one sample's value by labels.
package metricstest

import (
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// Parse reads a text-format exposition, failing the test if Prometheus
// could not.
func Parse(tb testing.TB, body string) map[string]*dto.MetricFamily {
	tb.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		tb.Fatalf("parsing /metrics: %v", err)
	}
	return mfs
}

// Lint reports every promlint problem as a test error.
func Lint(tb testing.TB, mfs map[string]*dto.MetricFamily) {
	tb.Helper()
	list := make([]*dto.MetricFamily, 0, len(mfs))
	for _, mf := range mfs {
		list = append(list, mf)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].GetName() < list[j].GetName() })
	problems, err := promlint.NewWithMetricFamilies(list).Lint()
	if err != nil {
		tb.Fatal(err)
	}
	for _, p := range problems {
		tb.Errorf("promlint: %s: %s", p.Metric, p.Text)
	}
}

// Value is the value of metric name's sample with the given labels
// (name=value pairs; others may be present): a counter's or gauge's
// value, a histogram's sample count. NaN when there is none.
func Value(mfs map[string]*dto.MetricFamily, name string, labels ...string) float64 {
next:
	for _, m := range mfs[name].GetMetric() {
		have := map[string]string{}
		for _, lp := range m.GetLabel() {
			have[lp.GetName()] = lp.GetValue()
		}
		for i := 0; i+1 < len(labels); i += 2 {
			if have[labels[i]] != labels[i+1] {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		case m.Untyped != nil:
			return m.Untyped.GetValue()
		}
	}
	return math.NaN()
}
