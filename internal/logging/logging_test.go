package logging

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestFormatChoice(t *testing.T) {
	tests := []struct {
		name   string
		format string
		env    map[string]string
		json   bool
	}{
		{"auto on a terminal", "auto", nil, false},
		{"auto under systemd (journal)", "auto", map[string]string{"JOURNAL_STREAM": "8:12345"}, true},
		{"auto under systemd (invocation)", "", map[string]string{"INVOCATION_ID": "abc"}, true},
		{"text forced under systemd", "text", map[string]string{"JOURNAL_STREAM": "8:1"}, false},
		{"json forced on a terminal", "json", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			l := New(&buf, Options{Format: tt.format, Level: "info", Getenv: envOf(tt.env)})
			l.Info("hello", "k", "v")
			out := buf.String()
			var m map[string]any
			isJSON := json.Unmarshal([]byte(out), &m) == nil
			if isJSON != tt.json {
				t.Fatalf("json=%v, want %v: %q", isJSON, tt.json, out)
			}
			if !isJSON && !strings.Contains(out, "msg=hello k=v") {
				t.Fatalf("text line %q", out)
			}
		})
	}
}

func TestLevels(t *testing.T) {
	for _, tt := range []struct {
		level      string
		debug, inf bool
	}{{"debug", true, true}, {"info", false, true}, {"warn", false, false}, {"error", false, false}, {"", false, true}} {
		var buf bytes.Buffer
		l := New(&buf, Options{Format: "text", Level: tt.level})
		NixLine(l, "/nix/store/x.drv", "building '/nix/store/x.drv'...\n")
		gotDebug := strings.Contains(buf.String(), "building")
		buf.Reset()
		l.Info("i")
		gotInfo := buf.Len() > 0
		if gotDebug != tt.debug || gotInfo != tt.inf {
			t.Errorf("level %q: debug=%v info=%v, want %v %v", tt.level, gotDebug, gotInfo, tt.debug, tt.inf)
		}
	}
}

func TestPassDoneOneLinePerPhase(t *testing.T) {
	var buf bytes.Buffer
	l := New(&buf, Options{Format: "json", Level: "info"})
	PassDone(l, Pass{ID: 7, Trigger: "watch", Result: "rolled_back", Reason: "health check failed", Error: "check `false` exited 1",
		Durations: map[string]float64{"eval": 6.1, "build": 3.2004, "activate": 1.9, "health": 0.5, "total": 11.7}, Generation: 42})
	var lines []map[string]any
	for _, ln := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(ln), &m); err != nil {
			t.Fatalf("%q: %v", ln, err)
		}
		lines = append(lines, m)
	}
	want := []struct {
		msg, phase, result, level string
		dur                       float64
	}{
		{"phase done", "eval", "ok", "INFO", 6.1},
		{"phase done", "build", "ok", "INFO", 3.2},
		{"phase done", "activate", "ok", "INFO", 1.9},
		{"phase done", "health", "rolled_back", "ERROR", 0.5},
		{"pass done", "", "rolled_back", "WARN", 11.7},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), buf.String())
	}
	for i, w := range want {
		m := lines[i]
		if m["msg"] != w.msg || m["result"] != w.result || m["level"] != w.level || m["duration_s"] != w.dur {
			t.Errorf("line %d = %v, want %+v", i, m, w)
		}
		if w.phase != "" && m["phase"] != w.phase {
			t.Errorf("line %d phase %v, want %s", i, m["phase"], w.phase)
		}
	}
	if lines[3]["error"] != "check `false` exited 1" || lines[4]["generation"] != float64(42) || lines[4]["reason"] != "health check failed" {
		t.Errorf("missing details: %v / %v", lines[3], lines[4])
	}
}

func TestNoopPassIsOneLine(t *testing.T) {
	var buf bytes.Buffer
	PassDone(New(&buf, Options{Format: "text"}), Pass{ID: 1, Result: "noop", Reason: "inputs unchanged", Durations: map[string]float64{"total": 0.0004}})
	out := strings.TrimSpace(buf.String())
	if strings.Count(out, "\n") != 0 || !strings.Contains(out, "msg=\"pass done\"") || !strings.Contains(out, "result=noop") {
		t.Fatalf("got %q", out)
	}
	var tb bytes.Buffer
	Phase(New(&tb, Options{Format: "text"}), "build", 1500*time.Millisecond, "ok", "")
	if !strings.Contains(tb.String(), "phase=build duration_s=1.5 result=ok") {
		t.Fatalf("got %q", tb.String())
	}
}
