package logging

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/settings"
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
		l.Debug("build log", "drv", "/nix/store/x.drv", "line", "building '/nix/store/x.drv'...")
		gotDebug := strings.Contains(buf.String(), "building")
		buf.Reset()
		l.Info("i")
		gotInfo := buf.Len() > 0
		if gotDebug != tt.debug || gotInfo != tt.inf {
			t.Errorf("level %q: debug=%v info=%v, want %v %v", tt.level, gotDebug, gotInfo, tt.debug, tt.inf)
		}
	}
}

func TestForSettings(t *testing.T) {
	s, err := settings.Loader{SystemFile: "/nonexistent", UserFile: "/nonexistent",
		LookupEnv: func(k string) (string, bool) {
			v, ok := map[string]string{"NIX_HUMANITY_LOG_LEVEL": "debug", "NIX_HUMANITY_LOG_FORMAT": "json"}[k]
			return v, ok
		}}.Load()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	ForSettings(&buf, s, nil).Debug("d")
	if !strings.HasPrefix(buf.String(), `{"time":`) || !strings.Contains(buf.String(), `"level":"DEBUG"`) {
		t.Fatalf("%q", buf.String())
	}
}
