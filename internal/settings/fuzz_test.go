package settings

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzFiles feeds arbitrary backend.conf and config.json contents to the
// loader: it must never panic, and every failure must name the file.
func FuzzFiles(f *testing.F) {
	f.Add("NIX_HUMANITY_FRAGMENT=/x\n# c\nexport NIX_HUMANITY_ACTION='boot'\n", `{"debounce": 2, "watchPaths": ["/etc/nixos"], "healthChecks": [{"argv": ["true"], "timeout": "5s"}]}`)
	f.Add("NIX_HUMANITY_DEBOUNCE=soon", `{"fragment": null}`)
	f.Add("=", `[]`)
	f.Add("NIX_HUMANITY_HEALTH_CHECKS=[{\"argv\":[\"x\"],\"timeout\":-1}]", `{"healthChecks": "x"}`)
	f.Fuzz(func(t *testing.T, conf, js string) {
		dir := t.TempDir()
		c := filepath.Join(dir, "backend.conf")
		j := filepath.Join(dir, "config.json")
		if err := os.WriteFile(c, []byte(conf), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(j, []byte(js), 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Loader{SystemFile: j, UserFile: c, LookupEnv: func(string) (string, bool) { return "", false }}.Load()
		if err != nil {
			if msg := err.Error(); !strings.Contains(msg, c) && !strings.Contains(msg, j) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, k := range Keys() {
			_ = s.Value(k.Name)
			_ = s.Source(k.Name)
		}
	})
}

// FuzzValue sets one setting from the environment, the way a unit file
// or a shell gives it: a value taken is shown (Value) as text that sets
// the same value again, and no duration comes out negative (a huge or
// non-numeric number of seconds must be refused, not wrap around).
func FuzzValue(f *testing.F) {
	keys := Keys()
	for i, k := range keys {
		f.Add(uint8(i), k.Def)
	}
	f.Add(uint8(0), "relative/path")
	f.Add(uint8(0), "/a/../b")
	f.Add(uint8(0), "1e400")
	f.Add(uint8(0), "NaN")
	f.Add(uint8(0), "[{\"argv\":[\"x\"],\"timeout\":\"1.5\"}]")
	f.Add(uint8(0), "/a//b::/c/")
	f.Fuzz(func(t *testing.T, i uint8, v string) {
		k := keys[int(i)%len(keys)]
		load := func(v string) (*Settings, error) {
			return Loader{SystemFile: NoSystemFile, UserFile: filepath.Join(t.TempDir(), "none"), LookupEnv: func(name string) (string, bool) {
				if name == k.Env {
					return v, true
				}
				return "", false
			}}.Load()
		}
		s, err := load(v)
		if err != nil {
			if !strings.Contains(err.Error(), k.Env) {
				t.Fatalf("error does not name %s: %v", k.Env, err)
			}
			return
		}
		for _, d := range []time.Duration{s.CacheTTL, s.Debounce, s.StallTimeout} {
			if d < 0 {
				t.Fatalf("%s=%q gave a negative duration %v", k.Env, v, d)
			}
		}
		for _, h := range s.HealthChecks {
			if h.Timeout < 0 {
				t.Fatalf("%s=%q gave a negative health check timeout %v", k.Env, v, h.Timeout)
			}
		}
		shown := s.Value(k.Name)
		// The same value from config.json, as the module writes it, and
		// from backend.conf in single quotes reads as the same setting,
		// where a file takes it (paths absolute).
		if v != "" && utf8.ValidString(v) && (!k.Path || filepath.IsAbs(v)) {
			var raw []byte
			switch k.Name {
			case "healthChecks":
				raw = []byte(v)
			case "watchPaths":
				ps := []string{}
				for _, p := range strings.Split(v, ":") {
					if p != "" {
						ps = append(ps, p)
					}
				}
				raw, _ = json.Marshal(ps)
			default:
				raw, _ = json.Marshal(v)
			}
			dir := t.TempDir()
			files := map[string]Loader{}
			sys := filepath.Join(dir, "config.json")
			if err := os.WriteFile(sys, []byte(`{"`+k.Name+`": `+string(raw)+"}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			files["config.json"] = Loader{SystemFile: sys, UserFile: filepath.Join(dir, "none"), LookupEnv: func(string) (string, bool) { return "", false }}
			if !strings.ContainsAny(v, "'\n") {
				conf := filepath.Join(dir, "backend.conf")
				if err := os.WriteFile(conf, []byte(k.Env+"='"+v+"'\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				files["backend.conf"] = Loader{SystemFile: NoSystemFile, UserFile: conf, LookupEnv: func(string) (string, bool) { return "", false }}
			}
			for name, l := range files {
				fs, err := l.Load()
				if err != nil {
					t.Fatalf("%s=%q is taken from the environment, but not from %s: %v", k.Env, v, name, err)
				}
				if got := fs.Value(k.Name); got != shown {
					t.Fatalf("%s=%q reads as %q from the environment, as %q from %s", k.Env, v, shown, got, name)
				}
			}
		}
		if shown == "" && k.Env != "NIX_HUMANITY_SYSTEM_ATTR" {
			return // unset from the environment: the default, not shown
		}
		again, err := load(shown)
		if err != nil {
			t.Fatalf("%s=%q is shown as %q, which is refused: %v", k.Env, v, shown, err)
		}
		if got := again.Value(k.Name); got != shown {
			t.Fatalf("%s=%q is shown as %q, which reads back as %q", k.Env, v, shown, got)
		}
	})
}
