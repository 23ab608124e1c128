package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/reconciler/requests"
)

// configEnv isolates the settings layers in a temp dir: config.json via
// NIX_HUMANITY_CONFIG, backend.conf via XDG_CONFIG_HOME.
func configEnv(t *testing.T, sysJSON, conf string) (sysPath, confPath string) {
	t.Helper()
	dir := t.TempDir()
	sysPath = filepath.Join(dir, "config.json")
	confPath = filepath.Join(dir, "xdg", "nix-humanity", "backend.conf")
	if sysJSON != "" {
		if err := os.WriteFile(sysPath, []byte(sysJSON), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if conf != "" {
		if err := os.MkdirAll(filepath.Dir(confPath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range os.Environ() {
		if name, _, _ := strings.Cut(k, "="); strings.HasPrefix(name, "NIX_HUMANITY_") {
			t.Setenv(name, "")
			os.Unsetenv(name)
		}
	}
	if sysJSON != "" {
		t.Setenv("NIX_HUMANITY_CONFIG", sysPath)
	} else {
		t.Setenv("NIX_HUMANITY_CONFIG", settings.NoSystemFile)
	}
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "xdg"))
	return sysPath, confPath
}

func runAskNix(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestConfigShowsEveryLayer(t *testing.T) {
	sys, conf := configEnv(t, "{\n  \"action\": \"boot\",\n  \"debounce\": 2,\n  \"enableMetrics\": false\n}\n",
		"# mine\nNIX_HUMANITY_DEBOUNCE=750ms\nNIX_HUMANITY_ENABLE_METRICS=true\n")
	t.Setenv("NIX_HUMANITY_ENABLE_METRICS", "false")
	code, out, errText := runAskNix(t, "config", "--json", "--metrics-addr", "127.0.0.1:9999")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errText)
	}
	var res configResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if res.Files["system"] != (configFile{sys, true}) || res.Files["user"] != (configFile{conf, true}) {
		t.Errorf("files %+v", res.Files)
	}
	got := map[string]configSetting{}
	for _, s := range res.Settings {
		got[s.Key] = s
	}
	want := []struct{ key, value, source string }{
		{"action", "boot", sys + ":2"},
		{"debounce", "750ms", conf + ":2"},
		{"enableMetrics", "false", "env NIX_HUMANITY_ENABLE_METRICS"},
		{"metricsAddr", "127.0.0.1:9999", "flag --metrics-addr"},
		{"fragment", "/etc/nixos/nix-humanity.nix", "default"},
	}
	for _, w := range want {
		if s := got[w.key]; s.Value != w.value || s.Source != w.source {
			t.Errorf("%s = %q from %q, want %q from %q", w.key, s.Value, s.Source, w.value, w.source)
		}
	}
	if len(res.Settings) < 20 || got["stateDir"].Env != "NIX_HUMANITY_STATE_DIR" || got["stateDir"].Flag != "state-dir" {
		t.Errorf("not every setting listed: %d, %+v", len(res.Settings), got["stateDir"])
	}

	// The table says the same.
	code, out, _ = runAskNix(t, "config", "--metrics-addr", "127.0.0.1:9999")
	if code != 0 {
		t.Fatal(code)
	}
	for _, line := range []string{"SETTING", "debounce", "750ms", conf + ":2", "env NIX_HUMANITY_ENABLE_METRICS", "system settings: " + sys + " (read)"} {
		if !strings.Contains(out, line) {
			t.Errorf("table lacks %q:\n%s", line, out)
		}
	}

	// One setting, by either name, for scripts.
	for _, name := range []string{"debounce", "NIX_HUMANITY_DEBOUNCE"} {
		if code, out, _ := runAskNix(t, "config", name); code != 0 || out != "750ms\n" {
			t.Errorf("config %s: %d %q", name, code, out)
		}
	}
	if code, _, errText := runAskNix(t, "config", "Debounce"); code != 2 || !strings.Contains(errText, "did you mean debounce?") {
		t.Errorf("misspelt: %d %q", code, errText)
	}
}

func TestConfigBadBackendConfLine(t *testing.T) {
	_, conf := configEnv(t, "", "NIX_HUMANITY_DEBOUNCE=1s\nNIX_HUMANITY_ACTION=explode\n")
	code, out, errText := runAskNix(t, "config")
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	want := conf + `:2: NIX_HUMANITY_ACTION: "explode" is not one of switch, boot, test, build`
	if !strings.Contains(errText, want) {
		t.Fatalf("stderr %q lacks %q", errText, want)
	}
	code, out, _ = runAskNix(t, "config", "--json")
	var body struct {
		Error struct{ Code, Reason string }
	}
	if code != 1 || json.Unmarshal([]byte(out), &body) != nil || !strings.Contains(body.Error.Reason, want) {
		t.Fatalf("--json: %d %q", code, out)
	}
}

func TestConfigMissingFiles(t *testing.T) {
	sys, conf := configEnv(t, "", "")
	code, out, _ := runAskNix(t, "config")
	if code != 0 || strings.Contains(out, "system settings") || !strings.Contains(out, conf+" (not present)") {
		t.Fatalf("%d\n%s", code, out)
	}
	// Named on purpose but not there: a typo, refused, rather than the
	// real machine's paths taken for a playground's.
	t.Setenv("NIX_HUMANITY_CONFIG", sys)
	code, _, errText := runAskNix(t, "status")
	if code != 1 || !strings.Contains(errText, "NIX_HUMANITY_CONFIG names "+sys+", which does not exist; nothing was read or changed") {
		t.Fatalf("%d %s", code, errText)
	}
}

func TestCountHelpers(t *testing.T) {
	configEnv(t, "", "")
	dir := t.TempDir()
	t.Setenv("NIX_HUMANITY_STATE_DIR", dir)
	g := &globals{lookupEnv: os.LookupEnv, stderr: &bytes.Buffer{}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // interrupted requests are counted too
	g.countRequest(ctx, intent.Intent{Kind: intent.Install}, nil)
	g.countRequest(ctx, intent.Intent{}, &guard.Rejection{Code: "dangerous-pattern"})
	g.countEdit(ctx)
	c, err := requests.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.Requests["install"] != 1 || c.Requests[requests.Unknown] != 1 || c.Rejections["dangerous-pattern"] != 1 || c.FragmentEdits != 1 {
		t.Fatalf("%+v", c)
	}

	// A state directory that cannot be written: no panic, no output
	// unless debugging, and the request itself is unaffected.
	file := filepath.Join(dir, "requests.json", "x")
	var errb bytes.Buffer
	t.Setenv("NIX_HUMANITY_STATE_DIR", file)
	t.Setenv("NIX_HUMANITY_LOG_LEVEL", "debug")
	g = &globals{lookupEnv: os.LookupEnv, stderr: &errb}
	g.countRequest(context.Background(), intent.Intent{Kind: intent.Search}, nil)
	if !strings.Contains(errb.String(), "not counted for metrics") {
		t.Fatalf("stderr %q", errb.String())
	}
}

// A failure on a machine that is not NixOS with the NixOS default paths
// says how to point ask-nix at the playground (most likely its settings
// were not exported in this shell); not on NixOS, not when the fragment
// or the state directory is set, and not for a refusal (exit 2).
func TestNotNixOSHint(t *testing.T) {
	dir := t.TempDir()
	env := func(extra ...string) func(string) (string, bool) {
		m := map[string]string{"HOME": dir, "NIX_HUMANITY_CONFIG": "none"}
		for i := 0; i+1 < len(extra); i += 2 {
			m[extra[i]] = extra[i+1]
		}
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	marker := filepath.Join(dir, "NIXOS")
	const hint = "is not NixOS (there is no " // + the marker
	for _, tc := range []struct {
		name   string
		lookup func(string) (string, bool)
		nixos  bool
		err    error
		want   bool
	}{
		{"defaults, not NixOS", env(), false, errors.New("boom"), true},
		{"defaults, NixOS", env(), true, errors.New("boom"), false},
		{"fragment set", env("NIX_HUMANITY_FRAGMENT", filepath.Join(dir, "f.nix")), false, errors.New("boom"), false},
		{"state set", env("NIX_HUMANITY_STATE_DIR", filepath.Join(dir, "state")), false, errors.New("boom"), false},
		{"a refusal", env(), false, &guard.Rejection{Code: "x", Reason: "no"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old := nixosMarker
			nixosMarker = marker
			t.Cleanup(func() { nixosMarker = old })
			os.Remove(marker)
			if tc.nixos {
				if err := os.WriteFile(marker, nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var errb bytes.Buffer
			g := &globals{lookupEnv: tc.lookup, stderr: &errb}
			if _, err := g.Settings(); err != nil {
				t.Fatal(err)
			}
			g.exit(tc.err)
			if got := strings.Contains(errb.String(), hint+marker+")"); got != tc.want {
				t.Fatalf("hint said: %v, want %v:\n%s", got, tc.want, errb.String())
			}
		})
	}
}

func TestConfigEmptyMeans(t *testing.T) {
	for _, tc := range []struct{ help, want string }{
		{"where the package and option index lives (empty: state directory, or ~/.cache/nix-humanity)", "(empty: state directory, or ~/.cache/nix-humanity)"},
		{"what to build: a flake reference with #, or a Nix file or folder (empty: /etc/nixos flake or <nixpkgs/nixos>)", "(empty: /etc/nixos flake or <nixpkgs/nixos>)"},
		{"a thing (empty: the (inner) default) and more", "(empty: the (inner) default)"},
		{"extra paths whose changes start a pass (':'-separated)", "(none)"},
		{"broken (empty: no end", "(none)"},
		{"", "(none)"},
	} {
		if got := emptyMeans(tc.help); got != tc.want {
			t.Errorf("emptyMeans(%q) = %q, want %q", tc.help, got, tc.want)
		}
	}
	// The table shows it for an empty setting.
	configEnv(t, "{}\n", "")
	code, out, errText := runAskNix(t, "config")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errText)
	}
	if !regexp.MustCompile(`(?m)^indexDir +\(empty: state directory, or ~/.cache/nix-humanity\) +default$`).MatchString(out) ||
		!regexp.MustCompile(`(?m)^watchPaths +\(none\) +default$`).MatchString(out) || strings.Contains(out, "(empty)") {
		t.Errorf("table:\n%s", out)
	}
}
