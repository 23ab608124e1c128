package settings

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestPrecedence(t *testing.T) {
	dir := t.TempDir()
	sys := write(t, dir, "config.json", `{
  "fragment": "/sys/frag.nix",
  "profile": "/sys/profile",
  "stateDir": "/sys/state",
  "debounce": 2,
  "watchPaths": ["/etc/nixos"],
  "healthChecks": [{"argv": ["true"], "timeout": "5s"}]
}`)
	user := write(t, dir, "backend.conf", "# mine\nNIX_HUMANITY_PROFILE=/user/profile\nNIX_HUMANITY_STATE_DIR=\"/user/state\"\n")
	l := Loader{
		SystemFile: sys,
		UserFile:   user,
		LookupEnv:  env(map[string]string{"NIX_HUMANITY_STATE_DIR": "/env/state", "NIX_HUMANITY_ACTION": "boot", "NIX_HUMANITY_ENV": ""}),
		Flags:      []Override{{Key: "action", Value: "test", Source: "flag --action"}},
	}
	s, err := l.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ key, value, source string }{
		{"fragment", "/sys/frag.nix", sys + ":2"},
		{"profile", "/user/profile", user + ":2"},
		{"stateDir", "/env/state", "env NIX_HUMANITY_STATE_DIR"},
		{"action", "test", "flag --action"},
		{"environment", "production", "default"},
		{"debounce", "2s", sys + ":5"},
		{"watchPaths", "/etc/nixos", sys + ":6"},
		{"metricsAddr", "127.0.0.1:9090", "default"},
		{"cacheTTL", "5m0s", "default"},
		{"stallTimeout", "1h0m0s", "default"},
	}
	for _, tt := range tests {
		if got := s.Value(tt.key); got != tt.value {
			t.Errorf("%s = %q, want %q", tt.key, got, tt.value)
		}
		if got := s.Source(tt.key); got != tt.source {
			t.Errorf("%s from %q, want %q", tt.key, got, tt.source)
		}
	}
	if len(s.HealthChecks) != 1 || s.HealthChecks[0].Timeout != 5*time.Second {
		t.Errorf("health checks %+v", s.HealthChecks)
	}
	if s.SystemAttr != "system" || s.SystemAttrSet {
		t.Errorf("system attr %q set=%v", s.SystemAttr, s.SystemAttrSet)
	}
	// 0 turns the stall limit off; it must parse as such.
	off, err := Loader{SystemFile: sys, UserFile: user, LookupEnv: env(map[string]string{"NIX_HUMANITY_STALL_TIMEOUT": "0"})}.Load()
	if err != nil {
		t.Fatal(err)
	}
	if off.StallTimeout != 0 || off.Source("stallTimeout") != "env NIX_HUMANITY_STALL_TIMEOUT" {
		t.Errorf("NIX_HUMANITY_STALL_TIMEOUT=0: %v from %s", off.StallTimeout, off.Source("stallTimeout"))
	}
}

func TestErrorsNameFileAndLine(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		l    Loader
		want string
	}{
		{"bad conf line", Loader{UserFile: write(t, dir, "a.conf", "NIX_HUMANITY_FRAGMENT=/x\nNIX_HUMANITY_ACTION=explode\n")}, "a.conf:2: NIX_HUMANITY_ACTION: \"explode\" is not one of switch, boot, test, build"},
		{"unknown conf key", Loader{UserFile: write(t, dir, "b.conf", "\nNIX_HUMANITY_NOPE=1\n")}, "b.conf:2: unknown setting \"NIX_HUMANITY_NOPE\""},
		{"not key=value", Loader{UserFile: write(t, dir, "c.conf", "hello\n")}, "c.conf:1: expected KEY=VALUE"},
		{"unknown json key", Loader{SystemFile: write(t, dir, "a.json", "{\n \"fragment\": \"/x\",\n \"bogus\": 1\n}")}, "a.json:3: unknown setting \"bogus\""},
		{"bad json value", Loader{SystemFile: write(t, dir, "b.json", "{\n \"debounce\": \"soon\"\n}")}, "b.json:2: debounce: \"soon\" is not a duration"},
		{"bad json", Loader{SystemFile: write(t, dir, "c.json", "{\n \"debounce\": ,\n}")}, "c.json:2: not a JSON object"},
		{"bad env", Loader{LookupEnv: env(map[string]string{"NIX_HUMANITY_ENABLE_METRICS": "maybe"})}, "environment variable NIX_HUMANITY_ENABLE_METRICS: \"maybe\" is not true or false"},
		// Seconds past what a duration holds would wrap to a negative one.
		{"bad env: huge seconds", Loader{LookupEnv: env(map[string]string{"NIX_HUMANITY_DEBOUNCE": "1e10"})}, `environment variable NIX_HUMANITY_DEBOUNCE: "1e10" is too long (at most 2562047h47m16.854775807s)`},
		{"bad env: seconds past float", Loader{LookupEnv: env(map[string]string{"NIX_HUMANITY_STALL_TIMEOUT": "1e400"})}, `"1e400" is too long`},
		{"bad env: NaN seconds", Loader{LookupEnv: env(map[string]string{"NIX_HUMANITY_CACHE_TTL": "NaN"})}, `"NaN" is not a duration`},
		{"huge health check timeout", Loader{SystemFile: write(t, dir, "j.json", `{"healthChecks": [{"argv": ["true"], "timeout": 1e12}]}`)}, `health check timeout: "1e12" is too long`},
		{"bad flag", Loader{Flags: []Override{{Key: "metricsAddr", Value: "nope", Source: "flag --metrics-addr"}}}, "flag --metrics-addr: \"nope\" is not host:port"},
		{"bad health check", Loader{SystemFile: write(t, dir, "d.json", `{"healthChecks": [{"argv": []}]}`)}, "needs a non-empty argv"},
		// A typo gets the name meant, in the file's own form.
		{"json key typo", Loader{SystemFile: write(t, dir, "e.json", "{\n \"acton\": \"boot\"\n}")}, `e.json:2: unknown setting "acton" (did you mean action?)`},
		{"json key given twice", Loader{SystemFile: write(t, dir, "dup.json", "{\n \"action\": \"boot\",\n \"debounce\": \"1s\",\n \"action\": \"test\"\n}")}, `dup.json:4: "action" is given twice (lines 2 and 4), and only one can count`},
		{"conf key given twice", Loader{UserFile: write(t, dir, "dup.conf", "NIX_HUMANITY_ACTION=boot\nNIX_HUMANITY_DEBOUNCE=1s\nexport NIX_HUMANITY_ACTION=test\n")}, `dup.conf:3: "NIX_HUMANITY_ACTION" is given twice (lines 1 and 3), and only one can count`},
		{"unclosed quote in conf", Loader{UserFile: write(t, dir, "q.conf", "NIX_HUMANITY_ACTION=\"boot\n")}, `q.conf:1: NIX_HUMANITY_ACTION: the value opens a " quote it never closes`},
		{"words after quotes in conf", Loader{UserFile: write(t, dir, "r.conf", "NIX_HUMANITY_ACTION='boot' now\n")}, `r.conf:1: NIX_HUMANITY_ACTION: "now" follows the quoted value`},
		{"json key named in a value first", Loader{SystemFile: write(t, dir, "inval.json", "{\n \"system\": \"acton\",\n \"acton\": 1\n}")}, `inval.json:3: unknown setting "acton"`},
		{"env name in json", Loader{SystemFile: write(t, dir, "f.json", `{"NIX_HUMANITY_STATE_DIR": "/x"}`)}, `unknown setting "NIX_HUMANITY_STATE_DIR" (did you mean stateDir?)`},
		{"conf name typo", Loader{UserFile: write(t, dir, "d.conf", "NIX_HUMANITY_ACTON=boot\n")}, `d.conf:1: unknown setting "NIX_HUMANITY_ACTON" (did you mean NIX_HUMANITY_ACTION?)`},
		{"json key in conf", Loader{UserFile: write(t, dir, "e.conf", "stateDir=/x\n")}, `unknown setting "stateDir" (did you mean NIX_HUMANITY_STATE_DIR?)`},
		// Relative to which folder? ask-nix and the daemon run in others.
		{"relative path in json", Loader{SystemFile: write(t, dir, "g.json", "{\n \"fragment\": \"nix-humanity.nix\"\n}")}, `g.json:2: fragment: "nix-humanity.nix" is not an absolute path`},
		{"number as path in json", Loader{SystemFile: write(t, dir, "h.json", `{"stateDir": 5}`)}, `stateDir: "5" is not an absolute path`},
		{"relative path in conf", Loader{UserFile: write(t, dir, "f.conf", "NIX_HUMANITY_STATE_DIR=state\n")}, `f.conf:1: NIX_HUMANITY_STATE_DIR: "state" is not an absolute path`},
		// An empty path is no folder: not read as the one ask-nix runs in.
		{"empty path in json", Loader{SystemFile: write(t, dir, "k.json", "{\n \"fragment\": \"\"\n}")}, `k.json:2: fragment: "" is no path: give an absolute path, or leave the setting out for its default, /etc/nixos/nix-humanity.nix`},
		{"empty path in conf", Loader{UserFile: write(t, dir, "g.conf", "NIX_HUMANITY_STATE_DIR=\n")}, `g.conf:1: NIX_HUMANITY_STATE_DIR: "" is no path: give an absolute path, or leave the setting out for its default, /var/lib/nix-humanity`},
		{"bad flag: empty path", Loader{Flags: []Override{{Key: "profile", Value: "", Source: "flag --profile"}}}, `flag --profile: "" is no path: give an absolute path, or leave the setting out for its default, /nix/var/nix/profiles/system`},
		{"bad flag: blank run dir", Loader{Flags: []Override{{Key: "runDir", Value: " ", Source: "flag --run-dir"}}}, `flag --run-dir: " " is no path`},
		// Go's type names are no help to the person reading.
		{"json array", Loader{SystemFile: write(t, dir, "i.json", "[]\n")}, `i.json:1: not a JSON object of settings ({"key": value, ...}): the file holds a JSON array`},
		// Cut short as it was written: said so, and not "that line".
		{"empty json", Loader{SystemFile: write(t, dir, "l.json", " \n")}, `l.json is empty, not a JSON object of settings ({"key": value, ...}); nothing was read or changed: remove it, or write the settings into it`},
		{"json cut short", Loader{SystemFile: write(t, dir, "m.json", "{\n \"action\": \"boot\",\n \"debou")}, `m.json:3: not a JSON object of settings ({"key": value, ...}): the file ends before its JSON object does (cut short as it was written?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.l = isolated(tt.l, dir)
			_, err := tt.l.Load()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want it to contain %q", err, tt.want)
			}
			// Every error says nothing happened, and what to do.
			next := "; nothing was read or changed: fix or remove that line"
			switch {
			case strings.HasPrefix(tt.name, "bad env"):
				next = "; nothing was read or changed: set it to a good value, or unset it"
			case strings.HasPrefix(tt.name, "bad flag"):
				next = "" // the CLI adds its own (--help shows the usage)
			case tt.name == "empty json":
				next = "; nothing was read or changed: remove it" // no line to fix
			}
			if !strings.Contains(err.Error(), next) || strings.Contains(err.Error(), "json.RawMessage") {
				t.Errorf("%v: want it to say %q", err, next)
			}
		})
	}
}

// The system file at its default place is the NixOS module's: fixing it
// means fixing the option.
func TestDefaultSystemFileErrorNamesTheModule(t *testing.T) {
	err := fileError(DefaultSystemFile, 3, `unknown setting "x"`)
	want := `/etc/nix-humanity/config.json:3: unknown setting "x"; nothing was read or changed: fix or remove that line (on NixOS the module writes it from services.nix-humanity: fix the option there and switch)`
	if err.Error() != want {
		t.Errorf("got  %s\nwant %s", err, want)
	}
}

func TestEmptySystemAttrMeansFileValue(t *testing.T) {
	s, err := Loader{SystemFile: "/nonexistent", UserFile: "/nonexistent", LookupEnv: env(map[string]string{"NIX_HUMANITY_SYSTEM_ATTR": ""})}.Load()
	if err != nil {
		t.Fatal(err)
	}
	if s.SystemAttr != "" || !s.SystemAttrSet {
		t.Fatalf("attr %q set=%v", s.SystemAttr, s.SystemAttrSet)
	}
}

// historyKeep takes a whole number from every layer; anything else names
// where it came from.
func TestHistoryKeep(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name      string
		l         Loader
		want      int
		from, err string
	}{
		{"default", Loader{}, 500, "default", ""},
		{"config.json", Loader{SystemFile: write(t, dir, "k.json", "{\n \"historyKeep\": 2000\n}")}, 2000, "k.json:2", ""},
		{"config.json zero keeps all", Loader{SystemFile: write(t, dir, "z.json", `{"historyKeep": 0}`)}, 0, "z.json:1", ""},
		{"backend.conf", Loader{UserFile: write(t, dir, "k.conf", "NIX_HUMANITY_HISTORY_KEEP=50\n")}, 50, "k.conf:1", ""},
		{"env", Loader{LookupEnv: env(map[string]string{"NIX_HUMANITY_HISTORY_KEEP": "7"})}, 7, "env NIX_HUMANITY_HISTORY_KEEP", ""},
		{"flag over env", Loader{LookupEnv: env(map[string]string{"NIX_HUMANITY_HISTORY_KEEP": "7"}), Flags: []Override{{Key: "historyKeep", Value: "3", Source: "flag --history-keep"}}}, 3, "flag --history-keep", ""},
		{"negative", Loader{LookupEnv: env(map[string]string{"NIX_HUMANITY_HISTORY_KEEP": "-1"})}, 0, "", `environment variable NIX_HUMANITY_HISTORY_KEEP: "-1" is not a whole number, 0 or more`},
		{"words", Loader{UserFile: write(t, dir, "w.conf", "NIX_HUMANITY_HISTORY_KEEP=lots\n")}, 0, "", `w.conf:1: NIX_HUMANITY_HISTORY_KEEP: "lots" is not a whole number`},
		{"fraction", Loader{SystemFile: write(t, dir, "f.json", `{"historyKeep": 2.5}`)}, 0, "", `f.json:1: historyKeep: "2.5" is not a whole number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.l = isolated(tt.l, dir)
			s, err := tt.l.Load()
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.HistoryKeep != tt.want || !strings.HasSuffix(s.Source("historyKeep"), tt.from) {
				t.Errorf("historyKeep = %d from %q, want %d from %q", s.HistoryKeep, s.Source("historyKeep"), tt.want, tt.from)
			}
			if got := s.Value("historyKeep"); got != fmt.Sprint(tt.want) {
				t.Errorf("Value = %q", got)
			}
		})
	}
}

// isolated fills in what l leaves out so no layer of the machine's own
// is read: no environment, and files in dir that do not exist.
func isolated(l Loader, dir string) Loader {
	if l.LookupEnv == nil {
		l.LookupEnv = env(nil)
	}
	if l.SystemFile == "" {
		l.SystemFile = filepath.Join(dir, "missing.json")
	}
	if l.UserFile == "" {
		l.UserFile = filepath.Join(dir, "missing.conf")
	}
	return l
}

// backend.conf values as people copy them from shell profiles.
func TestConfValueForms(t *testing.T) {
	for _, tt := range []struct{ line, want string }{
		{"NIX_HUMANITY_SYSTEM=/etc/nixos#box", "/etc/nixos#box"},
		{"NIX_HUMANITY_SYSTEM=/etc/nixos#box # my laptop", "/etc/nixos#box"},
		{"export NIX_HUMANITY_SYSTEM=\"/etc/nixos#box\"  # my laptop", "/etc/nixos#box"},
		{"NIX_HUMANITY_SYSTEM='/srv/my config'\t# with a space", "/srv/my config"},
		{"NIX_HUMANITY_SYSTEM = /srv/x\t#tab comment", "/srv/x"},
		{"NIX_HUMANITY_SYSTEM=\"/srv/a'b\"", "/srv/a'b"},
		{"NIX_HUMANITY_SYSTEM=/srv/$HOME", "/srv/$HOME"},
	} {
		dir := t.TempDir()
		l := isolated(Loader{UserFile: write(t, dir, "backend.conf", tt.line+"\n")}, dir)
		s, err := l.Load()
		if err != nil {
			t.Errorf("%s: %v", tt.line, err)
			continue
		}
		if got := s.Value("system"); got != tt.want {
			t.Errorf("%s: system = %q, want %q", tt.line, got, tt.want)
		}
	}
}
