package settings

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestPrecedenceLayers sets the same settings in every combination of
// layers: the highest layer present wins and is named as the source.
func TestPrecedenceLayers(t *testing.T) {
	type layers struct{ json, conf, env, flag bool }
	tests := []struct {
		name       string
		l          layers
		addr, from string
		metrics    bool
	}{
		{"defaults only", layers{}, "127.0.0.1:9090", "default", true},
		{"config.json over default", layers{json: true}, "127.0.0.1:9101", "config.json:3", false},
		{"backend.conf over config.json", layers{json: true, conf: true}, "127.0.0.1:9102", "backend.conf:2", true},
		{"env over backend.conf", layers{json: true, conf: true, env: true}, "127.0.0.1:9103", "env NIX_HUMANITY_METRICS_ADDR", false},
		{"flag over env", layers{json: true, conf: true, env: true, flag: true}, "127.0.0.1:9104", "flag --metrics-addr", false},
		{"flag over config.json alone", layers{json: true, flag: true}, "127.0.0.1:9104", "flag --metrics-addr", false},
		{"env over default alone", layers{env: true}, "127.0.0.1:9103", "env NIX_HUMANITY_METRICS_ADDR", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			l := Loader{SystemFile: filepath.Join(dir, "config.json"), UserFile: filepath.Join(dir, "backend.conf"), LookupEnv: env(nil)}
			if tt.l.json {
				write(t, dir, "config.json", "{\n  \"enableMetrics\": false,\n  \"metricsAddr\": \"127.0.0.1:9101\"\n}\n")
			}
			if tt.l.conf {
				write(t, dir, "backend.conf", "NIX_HUMANITY_ENABLE_METRICS=true\nNIX_HUMANITY_METRICS_ADDR=127.0.0.1:9102\n")
			}
			if tt.l.env {
				l.LookupEnv = env(map[string]string{"NIX_HUMANITY_METRICS_ADDR": "127.0.0.1:9103", "NIX_HUMANITY_ENABLE_METRICS": "false"})
			}
			if tt.l.flag {
				l.Flags = []Override{{Key: "metricsAddr", Value: "127.0.0.1:9104", Source: "flag --metrics-addr"}}
			}
			s, err := l.Load()
			if err != nil {
				t.Fatal(err)
			}
			from := s.Source("metricsAddr")
			if tt.from != "default" && !strings.HasPrefix(tt.from, "env") && !strings.HasPrefix(tt.from, "flag") {
				tt.from = filepath.Join(dir, tt.from)
			}
			if s.MetricsAddr != tt.addr || from != tt.from {
				t.Errorf("metricsAddr = %q from %q, want %q from %q", s.MetricsAddr, from, tt.addr, tt.from)
			}
			if s.EnableMetrics != tt.metrics {
				t.Errorf("enableMetrics = %v (from %s), want %v", s.EnableMetrics, s.Source("enableMetrics"), tt.metrics)
			}
			sys, user := s.Files()
			if sys != l.SystemFile || user != l.UserFile {
				t.Errorf("Files() = %q, %q", sys, user)
			}
		})
	}
}

// A bad backend.conf line stops loading, whatever the layers above say:
// a typo must not be silently outvoted and forgotten.
func TestBadBackendConfLine(t *testing.T) {
	dir := t.TempDir()
	lines := []struct{ line, want string }{
		{"NIX_HUMANITY_DEBOUNCE=soon", `NIX_HUMANITY_DEBOUNCE: "soon" is not a duration`},
		{"NIX_HUMANITY_ENABLE_METRICS=perhaps", `NIX_HUMANITY_ENABLE_METRICS: "perhaps" is not true or false`},
		{"NIX_HUMANITY_METRICS_ADDR=9090", `NIX_HUMANITY_METRICS_ADDR: "9090" is not host:port`},
		{"NIX_HUMANITY_LOG_LEVEL=verbose", `NIX_HUMANITY_LOG_LEVEL: "verbose" is not one of debug, info, warn, error`},
		{"NIX_HUMANITY_LOG_FORMAT=xml", `NIX_HUMANITY_LOG_FORMAT: "xml" is not one of auto, text, json`},
		{"NIX_HUMANITY_METRICS=true", `unknown setting "NIX_HUMANITY_METRICS"`},
		{"metricsAddr=127.0.0.1:1", `unknown setting "metricsAddr"`},
		{"just words", "expected KEY=VALUE"},
	}
	for i, tt := range lines {
		t.Run(tt.line, func(t *testing.T) {
			name := fmt.Sprintf("b%d.conf", i)
			conf := write(t, dir, name, "# comment\nNIX_HUMANITY_ACTION=boot\n\n"+tt.line+"\n")
			_, err := Loader{
				SystemFile: filepath.Join(dir, "none.json"),
				UserFile:   conf,
				LookupEnv:  env(map[string]string{"NIX_HUMANITY_DEBOUNCE": "1s", "NIX_HUMANITY_METRICS_ADDR": "127.0.0.1:1"}),
				Flags:      []Override{{Key: "logLevel", Value: "debug", Source: "flag --log-level"}},
			}.Load()
			want := conf + ":4: " + tt.want
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("got %v, want %q", err, want)
			}
		})
	}
}
