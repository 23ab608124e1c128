package nixmodule

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/internal/testbin"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

// These tests evaluate module.nix with real Nix, through the stand-in lib
// and pkgs in nix/stand-in (nixpkgs is not available here). The same
// module is evaluated by the real NixOS module system in the flake's
// module-eval check, and run on NixOS by its vm-test check.

// machine is one stand-in NixOS configuration: the module plus the
// user's configuration, written to a temporary folder next to a fragment
// as ask-nix creates it (nix-humanity.nix).
type machine struct {
	t   *testing.T
	dir string
	// askNix: the machine's package is a real ask-nix (see withAskNix).
	askNix bool
}

func newMachine(t *testing.T, userConfig string) *machine {
	t.Helper()
	nixruntest.RequireNix(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "nix-humanity.nix"), fragment.New().Render(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "configuration.nix"), []byte(userConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	return &machine{t: t, dir: dir}
}

// enabled is a user configuration that turns the module on and imports
// the fragment, with extra lines of options.
func enabled(extra string) string {
	return "{ lib, pkgs, ... }:\n{\n  imports = [ ./nix-humanity.nix ];\n  services.nix-humanity.enable = true;\n" + extra + "\n}\n"
}

func repoPath(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", rel))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// withAskNix makes the machine's services.nix-humanity.package hold bin,
// an ask-nix built from this repository (the stand-in package has none),
// which the module runs to check config.json when it is built.
func (m *machine) withAskNix(bin string) *machine {
	m.t.Helper()
	mod := `{ pkgs, ... }: {
  services.nix-humanity.package = pkgs.runCommand "nix-humanity-test" { }
    "mkdir -p $out/bin; cp ${builtins.path { path = ` + fragment.Quote(bin) + `; name = "ask-nix"; }} $out/bin/ask-nix";
}
`
	if err := os.WriteFile(filepath.Join(m.dir, "ask-nix-package.nix"), []byte(mod), 0o644); err != nil {
		m.t.Fatal(err)
	}
	m.askNix = true
	return m
}

// expr wraps a selection from the evaluation result r (config, options,
// failedAssertions, warnings, pkgs).
func (m *machine) expr(sel string) string {
	modules := []string{repoPath(m.t, "nixmodule/module.nix"), filepath.Join(m.dir, "configuration.nix")}
	if m.askNix {
		modules = append(modules, filepath.Join(m.dir, "ask-nix-package.nix"))
	}
	for i, p := range modules {
		modules[i] = fragment.Quote(p)
	}
	return "let r = import " + fragment.Quote(repoPath(m.t, "nix/stand-in/eval.nix")) +
		" { modules = [ " + strings.Join(modules, " ") + " ]; }; in " + sel
}

func runNix(argv ...string) (stdout []byte, err error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, &nixError{argv: argv, err: err, stderr: errb.String()}
	}
	return out.Bytes(), nil
}

type nixError struct {
	argv   []string
	err    error
	stderr string
}

func (e *nixError) Error() string {
	return strings.Join(e.argv[:1], " ") + ": " + e.err.Error() + "\n" + e.stderr
}

// evalErr evaluates sel strictly and returns the JSON, or Nix's error.
func (m *machine) evalErr(sel string) ([]byte, error) {
	// Read-write: builtins.toFile (pkgs.writeText) must really write.
	return runNix("nix-instantiate", "--eval", "--strict", "--json", "--read-write-mode", "-E", m.expr(sel))
}

// eval evaluates sel into v, failing the test on an error.
func (m *machine) eval(sel string, v any) {
	m.t.Helper()
	out, err := m.evalErr(sel)
	if err != nil {
		m.t.Fatalf("evaluating %s:\n%v", sel, err)
	}
	if err := json.Unmarshal(out, v); err != nil {
		m.t.Fatalf("evaluating %s: %v\n%s", sel, err, out)
	}
}

// build realises the derivation sel and returns its output path.
func (m *machine) build(sel string) string {
	m.t.Helper()
	out, err := runNix("nix-build", "--no-out-link", "-E", m.expr(sel))
	if err != nil {
		m.t.Fatalf("building %s:\n%v", sel, err)
	}
	return strings.TrimSpace(string(out))
}

func TestModuleOptions(t *testing.T) {
	m := newMachine(t, enabled(""))
	type opt struct {
		Type        string `json:"type"`
		Default     any    `json:"default"`
		Description string `json:"description"`
		HasExample  bool   `json:"hasExample"`
	}
	var got map[string]opt
	m.eval(`let
	  walk = prefix: set: builtins.concatMap (n:
	    let o = set.${n}; name = if prefix == "" then n else "${prefix}.${n}"; in
	    if o ? _type && o._type == "option" then [ { inherit name; value = {
	      type = o.type.name;
	      default = if o ? default then o.default else "<none>";
	      description = o.description or "";
	      hasExample = o ? example;
	    }; } ] else walk name o) (builtins.attrNames set);
	in builtins.listToAttrs (walk "" r.options.services.nix-humanity)`, &got)

	absolute := `strMatching "/[^:]*"`
	duration := `strMatching "([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+|[0-9]+(\\.[0-9]+)?"`
	want := map[string]struct {
		typ string
		def any
	}{
		"enable":                {"bool", false},
		"package":               {"package", nil}, // a store path; checked below
		"fragment":              {absolute, "/etc/nixos/nix-humanity.nix"},
		"system":                {"nullOr", nil},
		"action":                {"enum", "switch"},
		"watchPaths":            {"listOf", []any{"/etc/nixos"}}, // the configuration's folder; see TestModuleWatchPathsDefault
		"debounce":              {duration, "500ms"},
		"stallTimeout":          {duration, "1h"},
		"autoRollback":          {"bool", true},
		"healthChecks":          {"listOf", []any{}},
		"metrics.enable":        {"bool", true},
		"metrics.listenAddress": {"str", "127.0.0.1"},
		"metrics.port":          {"unsignedInt16", float64(9090)},
		"metrics.openFirewall":  {"bool", false},
		"group":                 {"str", "nix-humanity"},
		"allowedUsers":          {"listOf", []any{}},
		"checkFragmentImport":   {"bool", true},
		"checkConfig":           {"bool", true},
		"settings":              {"submodule", map[string]any{}},
	}
	for name, w := range want {
		o, ok := got[name]
		if !ok {
			t.Errorf("option services.nix-humanity.%s is missing", name)
			continue
		}
		if o.Type != w.typ {
			t.Errorf("services.nix-humanity.%s: type %s, want %s", name, o.Type, w.typ)
		}
		if name == "package" {
			if s, _ := o.Default.(string); !strings.HasPrefix(s, "/nix/store/") {
				t.Errorf("services.nix-humanity.package: default %v, want a package", o.Default)
			}
		} else if !reflect.DeepEqual(o.Default, w.def) {
			t.Errorf("services.nix-humanity.%s: default %#v, want %#v", name, o.Default, w.def)
		}
		// nixpkgs style: every option says what it is and shows an example.
		if len(o.Description) < 20 {
			t.Errorf("services.nix-humanity.%s: description %q is too short to help anyone", name, o.Description)
		}
		if !o.HasExample {
			t.Errorf("services.nix-humanity.%s has no example", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("unexpected option services.nix-humanity.%s: add it to this test (and docs/nixos.md)", name)
		}
	}

	var sub map[string]opt
	m.eval(`builtins.mapAttrs (n: o: { type = o.type.name; default = o.default or "<none>"; description = o.description; hasExample = o ? example; })
	  (r.options.services.nix-humanity.healthChecks.type.nestedTypes.elemType.getSubOptions [ ])`, &sub)
	if sub["argv"].Type != "listOf" || sub["argv"].Default != "<none>" || sub["timeout"].Type != duration || sub["timeout"].Default != "30s" {
		t.Errorf("healthChecks entries: %+v, want argv (list, required) and timeout (duration, 30s)", sub)
	}
}

// The default watch paths are the folder of the configuration the daemon
// builds (and the fragment's when it is elsewhere), so a hand edit of
// configuration.nix or the flake starts a pass; never a wider folder.
func TestModuleWatchPathsDefault(t *testing.T) {
	tests := []struct {
		name  string
		extra string
		want  []string
	}{
		{"default: /etc/nixos, flake or not", "", []string{"/etc/nixos"}},
		{"nixos-config elsewhere", `  nix.nixPath = [ "nixpkgs=/src/nixpkgs" "nixos-config=/srv/conf/configuration.nix" ];`,
			[]string{"/etc/nixos", "/srv/conf"}},
		{"nixos-config a folder inside /etc/nixos", `  nix.nixPath = [ "nixos-config=/etc/nixos/machine" ];`,
			[]string{"/etc/nixos"}},
		{"local flake with the fragment in it", `  services.nix-humanity.system = "/home/alice/cfg#laptop";
  services.nix-humanity.fragment = "/home/alice/cfg/nix-humanity.nix";`, []string{"/home/alice/cfg"}},
		{"git+file flake, fragment in a host folder", `  services.nix-humanity.system = "git+file:///srv/cfg?ref=main#laptop";
  services.nix-humanity.fragment = "/srv/cfg/hosts/laptop/nix-humanity.nix";`, []string{"/srv/cfg"}},
		{"path: flake", `  services.nix-humanity.system = "path:/srv/cfg/#laptop";
  services.nix-humanity.fragment = "/srv/cfg/nix-humanity.nix";`, []string{"/srv/cfg"}},
		{"remote flake: the fragment's folder only", `  services.nix-humanity.system = "github:alice/cfg#laptop";`, []string{"/etc/nixos"}},
		{"a Nix file elsewhere, and the fragment's folder", `  services.nix-humanity.system = "/srv/machines/laptop.nix";`,
			[]string{"/srv/machines", "/etc/nixos"}},
		{"the fragment alone, on request", `  services.nix-humanity.watchPaths = [ ];`, []string{}},
		{"a narrower list, as given", `  services.nix-humanity.watchPaths = [ "/etc/nixos/hosts" ];`, []string{"/etc/nixos/hosts"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMachine(t, enabled(tt.extra))
			var got struct {
				Option []string `json:"option"`
				JSON   []string `json:"json"`
				Failed []string `json:"failed"`
			}
			m.eval(`{
			  option = r.config.services.nix-humanity.watchPaths;
			  json = r.config.services.nix-humanity.settings.watchPaths;
			  failed = r.failedAssertions;
			}`, &got)
			if got.Option == nil {
				got.Option = []string{}
			}
			if !reflect.DeepEqual(got.Option, tt.want) || !reflect.DeepEqual(got.JSON, got.Option) {
				t.Errorf("watchPaths = %q (config.json %q), want %q", got.Option, got.JSON, tt.want)
			}
			for _, p := range got.Option {
				if p == "/" || p == "/etc" || p == "/home" || p == "/nix" || strings.HasPrefix(p, "/nix/") || strings.HasPrefix(p, "/var/lib/") {
					t.Errorf("watchPaths has %s, a noisy folder (or one the daemon writes)", p)
				}
			}
			if len(got.Failed) != 0 {
				t.Errorf("failed assertions: %q", got.Failed)
			}
		})
	}
}

func TestModuleDisabledChangesNothing(t *testing.T) {
	m := newMachine(t, "{ ... }: { }\n")
	var got struct {
		Services   []string `json:"services"`
		Etc        []string `json:"etc"`
		Packages   []any    `json:"packages"`
		Activation []string `json:"activation"`
		Groups     []string `json:"groups"`
		Assertions []string `json:"assertions"`
	}
	m.eval(`{
	  services = builtins.attrNames r.config.systemd.services;
	  etc = builtins.attrNames r.config.environment.etc;
	  packages = r.config.environment.systemPackages;
	  activation = builtins.attrNames r.config.system.activationScripts;
	  groups = builtins.attrNames r.config.users.groups;
	  assertions = r.failedAssertions;
	}`, &got)
	if len(got.Services)+len(got.Etc)+len(got.Packages)+len(got.Activation)+len(got.Groups)+len(got.Assertions) != 0 {
		t.Errorf("with enable = false the module still configures: %+v", got)
	}
}

func TestModuleService(t *testing.T) {
	m := newMachine(t, enabled(""))
	var got struct {
		Unit struct {
			WantedBy         []string          `json:"wantedBy"`
			After            []string          `json:"after"`
			RestartIfChanged bool              `json:"restartIfChanged"`
			Path             []string          `json:"path"`
			Environment      map[string]string `json:"environment"`
			ServiceConfig    map[string]any    `json:"serviceConfig"`
		} `json:"unit"`
		Package  string   `json:"package"`
		Nix      string   `json:"nix"`
		Git      string   `json:"git"`
		SSH      string   `json:"ssh"`
		Systemd  string   `json:"systemd"`
		Packages []string `json:"packages"`
		Etc      string   `json:"etc"`
		Groups   []string `json:"groups"`
		Failed   []string `json:"failed"`
	}
	m.eval(`{
	  unit = { inherit (r.config.systemd.services.nix-humanityd) wantedBy after restartIfChanged path environment serviceConfig; };
	  package = "${r.config.services.nix-humanity.package}";
	  nix = "${r.pkgs.nix}";
	  git = "${r.pkgs.git}";
	  ssh = "${r.pkgs.openssh}";
	  systemd = "${r.pkgs.systemd}";
	  packages = map toString r.config.environment.systemPackages;
	  etc = toString r.config.environment.etc."nix-humanity/config.json".source;
	  groups = builtins.attrNames r.config.users.groups;
	  failed = r.failedAssertions;
	}`, &got)

	if len(got.Failed) != 0 {
		t.Fatalf("failed assertions with the fragment imported: %q", got.Failed)
	}
	sc := got.Unit.ServiceConfig
	wantSC := map[string]any{
		"Type":               "notify",
		"NotifyAccess":       "main",
		"ExecStart":          got.Package + "/bin/nix-humanityd",
		"Restart":            "on-failure",
		"WatchdogSec":        "5min",
		"Group":              "nix-humanity",
		"StateDirectory":     "nix-humanity",
		"StateDirectoryMode": "2775",
		"CacheDirectory":     "nix-humanity",
		"ProtectSystem":      "strict",
		"NoNewPrivileges":    true,
		"PrivateTmp":         true,
		"ReadWritePaths":     []any{"/nix/var/nix", "-/nix/var/nix/profiles", "-/etc/nixos"},
	}
	for k, v := range wantSC {
		if !reflect.DeepEqual(sc[k], v) {
			t.Errorf("serviceConfig.%s = %#v, want %#v", k, sc[k], v)
		}
	}
	// Settings that would stop a system from being built or activated,
	// or the host name from being current, must stay off (see module.nix).
	for _, k := range []string{"ProtectHome", "ProtectHostname", "PrivateNetwork", "CapabilityBoundingSet", "SystemCallFilter", "MemoryDenyWriteExecute", "User", "DynamicUser"} {
		if v, ok := sc[k]; ok {
			t.Errorf("serviceConfig.%s = %v: the daemon must be able to build, activate and see the current host name", k, v)
		}
	}
	if got.Unit.RestartIfChanged {
		t.Error("restartIfChanged is true: a switch run by the daemon would kill the daemon running it")
	}
	if !slices.Contains(got.Unit.WantedBy, "multi-user.target") || !slices.Contains(got.Unit.After, "nix-daemon.socket") {
		t.Errorf("wantedBy %v, after %v", got.Unit.WantedBy, got.Unit.After)
	}
	for _, p := range []string{got.Nix, got.Git, got.SSH, got.Systemd} {
		if !slices.Contains(got.Unit.Path, p) {
			t.Errorf("%s is not on the daemon's PATH %v", p, got.Unit.Path)
		}
	}
	wantEnv := map[string]string{
		"NIX_REMOTE":     "daemon",
		"HOME":           "/root",
		"XDG_CACHE_HOME": "/var/cache/nix-humanity",
		"NIX_PATH":       "nixpkgs=/nix/var/nix/profiles/per-user/root/channels/nixos:nixos-config=/etc/nixos/configuration.nix:/nix/var/nix/profiles/per-user/root/channels",
	}
	if !reflect.DeepEqual(got.Unit.Environment, wantEnv) {
		t.Errorf("environment = %v, want %v", got.Unit.Environment, wantEnv)
	}
	// Nix's caches are the unit's CacheDirectory, which systemd makes.
	if c := got.Unit.Environment["XDG_CACHE_HOME"]; c != "/var/cache/"+sc["CacheDirectory"].(string) {
		t.Errorf("XDG_CACHE_HOME = %q is not the unit's CacheDirectory %v", c, sc["CacheDirectory"])
	}
	if !slices.Contains(got.Packages, got.Package) {
		t.Errorf("ask-nix's package %s is not in environment.systemPackages %v", got.Package, got.Packages)
	}
	if !strings.HasPrefix(got.Etc, "/nix/store/") {
		t.Errorf("/etc/nix-humanity/config.json comes from %q", got.Etc)
	}
	if !slices.Contains(got.Groups, "nix-humanity") {
		t.Errorf("users.groups has no nix-humanity group: %v", got.Groups)
	}

	// Without a NIX_PATH on the machine (flakes, nix.channel.enable =
	// false), the daemon gets none either. The machine's proxy
	// (networking.proxy, which NixOS turns into envVars) and Nix's own
	// variables reach the daemon's Nix, which fetches flake inputs and
	// channels itself; the unit's own variables are not overridden.
	m2 := newMachine(t, enabled(`  nix.nixPath = [ ];
  networking.proxy.envVars = { https_proxy = "http://proxy:3128"; no_proxy = "127.0.0.1,localhost"; NIX_REMOTE = "local"; };
  nix.envVars = { NIX_SSL_CERT_FILE = "/etc/ssl/certs/ca-bundle.crt"; };
  users.users.root.home = "/srv/root";
  services.nix-humanity.settings = { stateDir = "/var/lib/nh"; indexDir = "/srv/index"; };`))
	var env map[string]string
	m2.eval(`r.config.systemd.services.nix-humanityd.environment`, &env)
	wantEnv = map[string]string{
		"NIX_REMOTE":        "daemon",
		"HOME":              "/srv/root", // root's home, wherever the machine keeps it
		"XDG_CACHE_HOME":    "/var/cache/nix-humanity",
		"https_proxy":       "http://proxy:3128",
		"no_proxy":          "127.0.0.1,localhost",
		"NIX_SSL_CERT_FILE": "/etc/ssl/certs/ca-bundle.crt",
	}
	if !reflect.DeepEqual(env, wantEnv) {
		t.Errorf("environment = %v, want %v", env, wantEnv)
	}
	var dir string
	m2.eval(`r.config.systemd.services.nix-humanityd.serviceConfig.StateDirectory`, &dir)

	// The watchdog is a default the machine's own configuration can turn
	// off or lengthen, as any unit setting.
	m3 := newMachine(t, enabled(`  systemd.services.nix-humanityd.serviceConfig.WatchdogSec = 0;`))
	var wd any
	m3.eval(`r.config.systemd.services.nix-humanityd.serviceConfig.WatchdogSec`, &wd)
	if wd != float64(0) {
		t.Errorf("WatchdogSec = 0 in the configuration gave %v", wd)
	}
	if dir != "nh" {
		t.Errorf("settings.stateDir = /var/lib/nh gave StateDirectory %q, want nh", dir)
	}
	var rw []string
	m2.eval(`r.config.systemd.services.nix-humanityd.serviceConfig.ReadWritePaths`, &rw)
	if !slices.Contains(rw, "-/srv/index") {
		t.Errorf("settings.indexDir = /srv/index is not writable: ReadWritePaths %q", rw)
	}
}

// configJSON builds /etc/nix-humanity/config.json (the machine needs
// withAskNix) and loads it with the daemon's own settings loader.
func (m *machine) configJSON() (map[string]any, *settings.Settings) {
	m.t.Helper()
	path := m.build(`r.config.environment.etc."nix-humanity/config.json".source`)
	data, err := os.ReadFile(path)
	if err != nil {
		m.t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		m.t.Fatalf("config.json is not JSON: %v\n%s", err, data)
	}
	s, err := settings.Loader{
		SystemFile: path,
		UserFile:   filepath.Join(m.dir, "no-backend.conf"),
		LookupEnv:  func(string) (string, bool) { return "", false },
	}.Load()
	if err != nil {
		m.t.Fatalf("the daemon would refuse this config.json: %v\n%s", err, data)
	}
	return raw, s
}

func TestModuleConfigJSON(t *testing.T) {
	askNix := testbin.Build(t, repoPath(t, "cmd/ask-nix"))
	tests := []struct {
		name   string
		config string
		keys   []string
		check  func(t *testing.T, s *settings.Settings)
	}{
		{
			name:   "defaults",
			config: enabled(""),
			keys:   []string{"action", "autoRollback", "debounce", "enableMetrics", "fragment", "healthChecks", "metricsAddr", "optionsJson", "stallTimeout", "stateDir", "systemdRun", "watchPaths"},
			check: func(t *testing.T, s *settings.Settings) {
				want := []struct{ key, got, want string }{
					{"fragment", s.Fragment, "/etc/nixos/nix-humanity.nix"},
					{"system", s.System, ""},
					{"action", s.Action, "switch"},
					{"debounce", s.Debounce.String(), "500ms"},
					{"stallTimeout", s.StallTimeout.String(), "1h0m0s"},
					{"watchPaths", strings.Join(s.WatchPaths, ":"), "/etc/nixos"}, // the daemon loads the configuration's folder
					{"autoRollback", strconv.FormatBool(s.AutoRollback), "true"},
					{"healthChecks", strconv.Itoa(len(s.HealthChecks)), "0"},
					{"enableMetrics", strconv.FormatBool(s.EnableMetrics), "true"},
					{"metricsAddr", s.MetricsAddr, "127.0.0.1:9090"},
					{"stateDir", s.StateDir, "/var/lib/nix-humanity"},
					{"systemdRun", s.SystemdRun, "always"},
					{"logLevel", s.LogLevel, "info"},
				}
				for _, w := range want {
					if w.got != w.want {
						t.Errorf("%s = %q, want %q", w.key, w.got, w.want)
					}
				}
				if !strings.HasSuffix(s.OptionsJSON, "/share/doc/nixos/options.json") || !strings.HasPrefix(s.OptionsJSON, "/nix/store/") {
					t.Errorf("optionsJson = %q, want the manual's options.json", s.OptionsJSON)
				}
				if _, err := os.Stat(s.OptionsJSON); err != nil {
					t.Errorf("optionsJson points at nothing: %v", err)
				}
				if src := s.Source("action"); !strings.Contains(src, "-nix-humanity-config.json:") {
					t.Errorf("action's source is %q, want config.json", src)
				}
			},
		},
		{
			name: "every option set",
			config: enabled(`
  services.nix-humanity = {
    fragment = "/etc/nixos/hosts/laptop/nix-humanity.nix";
    system = "/etc/nixos#laptop";
    action = "boot";
    debounce = "2s";
    stallTimeout = "4h";
    watchPaths = [ "/etc/nixos" "/etc/nixos/flake.lock" ];
    autoRollback = false;
    healthChecks = [
      { argv = [ "systemctl" "is-system-running" "--wait" ]; timeout = "2m"; }
      { argv = [ "true" ]; }
    ];
    metrics = { enable = false; listenAddress = "::1"; port = 9184; };
    settings = { logLevel = "debug"; environment = "staging"; };
  };
  documentation.nixos.enable = false;`),
			keys: []string{"action", "autoRollback", "debounce", "enableMetrics", "environment", "fragment", "healthChecks", "logLevel", "metricsAddr", "stallTimeout", "stateDir", "system", "systemdRun", "watchPaths"},
			check: func(t *testing.T, s *settings.Settings) {
				if s.Fragment != "/etc/nixos/hosts/laptop/nix-humanity.nix" || s.System != "/etc/nixos#laptop" || s.Action != "boot" ||
					s.Debounce != 2*time.Second || s.AutoRollback || s.EnableMetrics || s.MetricsAddr != "[::1]:9184" ||
					s.LogLevel != "debug" || s.Env != "staging" || s.OptionsJSON != "" || s.StallTimeout != 4*time.Hour {
					t.Errorf("settings: %+v", s)
				}
				if !reflect.DeepEqual(s.WatchPaths, []string{"/etc/nixos", "/etc/nixos/flake.lock"}) {
					t.Errorf("watchPaths = %q", s.WatchPaths)
				}
				want := []settings.HealthCheck{
					{Argv: []string{"systemctl", "is-system-running", "--wait"}, Timeout: 2 * time.Minute},
					{Argv: []string{"true"}, Timeout: 30 * time.Second},
				}
				if !reflect.DeepEqual(s.HealthChecks, want) {
					t.Errorf("healthChecks = %+v, want %+v", s.HealthChecks, want)
				}
			},
		},
		{
			// Bracketed already, as in a URL: bracketed once, not twice
			// ("[[::1]]:9090" would stop the daemon at start).
			name:   "IPv6 address in brackets",
			config: enabled(`  services.nix-humanity.metrics = { listenAddress = "[::1]"; port = 9184; };`),
			keys:   []string{"action", "autoRollback", "debounce", "enableMetrics", "fragment", "healthChecks", "metricsAddr", "optionsJson", "stallTimeout", "stateDir", "systemdRun", "watchPaths"},
			check: func(t *testing.T, s *settings.Settings) {
				if s.MetricsAddr != "[::1]:9184" {
					t.Errorf("metricsAddr = %q, want [::1]:9184", s.MetricsAddr)
				}
			},
		},
		{
			name:   "settings override the module's defaults",
			config: enabled(`  services.nix-humanity.settings = { systemdRun = "auto"; optionsJson = null; profile = "/nix/var/nix/profiles/test"; cacheTTL = 60; };`),
			keys:   []string{"action", "autoRollback", "cacheTTL", "debounce", "enableMetrics", "fragment", "healthChecks", "metricsAddr", "profile", "stallTimeout", "stateDir", "systemdRun", "watchPaths"},
			check: func(t *testing.T, s *settings.Settings) {
				if s.SystemdRun != "auto" || s.OptionsJSON != "" || s.Profile != "/nix/var/nix/profiles/test" || s.CacheTTL != time.Minute {
					t.Errorf("settings: %+v", s)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMachine(t, tt.config).withAskNix(askNix)
			raw, s := m.configJSON()
			var keys []string
			for k := range raw {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if !slices.Equal(keys, tt.keys) {
				t.Errorf("config.json keys %q, want %q", keys, tt.keys)
			}
			tt.check(t, s)
		})
	}
}

// config.json is checked by nix-humanity's own loader when it is built: a
// value the loader refuses fails the build with its reason, unless the
// check is off.
func TestModuleChecksConfig(t *testing.T) {
	askNix := testbin.Build(t, repoPath(t, "cmd/ask-nix"))
	tests := []struct {
		name, config string
		want         []string // in the build's error; none: it builds
	}{
		{"good", `services.nix-humanity.settings.logLevel = "debug";`, nil},
		{
			"log level the loader refuses",
			`services.nix-humanity.settings.logLevel = "verbose";`,
			[]string{`logLevel: "verbose" is not one of debug, info, warn, error`, "services.nix-humanity.checkConfig = false"},
		},
		{
			"duration the loader refuses",
			`services.nix-humanity.settings.cacheTTL = "a while";`,
			[]string{`cacheTTL: "a while" is not a duration`},
		},
		{"check off", `services.nix-humanity = { checkConfig = false; settings.logLevel = "verbose"; };`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMachine(t, enabled("  "+tt.config)).withAskNix(askNix)
			out, err := runNix("nix-build", "--no-out-link", "-E", m.expr(`r.config.environment.etc."nix-humanity/config.json".source`))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("config.json did not build: %v", err)
				}
				if _, err := os.Stat(strings.TrimSpace(string(out))); err != nil {
					t.Errorf("config.json: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("config.json built: %s", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the build's error does not say %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestModuleAssertions(t *testing.T) {
	tests := []struct {
		name   string
		config string
		want   []string // substrings of the failed assertions, in order; none: no failure
	}{
		{"fragment imported", enabled(""), nil},
		{
			"fragment not imported",
			"{ ... }: { services.nix-humanity.enable = true; }\n",
			[]string{"does not import the managed fragment /etc/nixos/nix-humanity.nix", "imports = [ ./nix-humanity.nix ];", "sudo tee /etc/nixos/nix-humanity.nix"},
		},
		{
			"check turned off",
			"{ ... }: { services.nix-humanity = { enable = true; checkFragmentImport = false; }; }\n",
			nil,
		},
		{
			"flake source",
			`{ ... }: { imports = [ { _file = "/nix/store/0c9hwfb4fmpmzlzr2hcl7ss8qyyfl5ix-source/nix-humanity.nix"; environment.systemPackages = [ ]; } ]; services.nix-humanity.enable = true; }`,
			nil,
		},
		{
			"store copy of the file",
			`{ ... }: { imports = [ { _file = "/nix/store/0c9hwfb4fmpmzlzr2hcl7ss8qyyfl5ix-nix-humanity.nix"; environment.systemPackages = [ ]; } ]; services.nix-humanity.enable = true; }`,
			nil,
		},
		{
			"another file defines packages",
			`{ ... }: { imports = [ { _file = "/etc/nixos/packages.nix"; environment.systemPackages = [ ]; } ]; services.nix-humanity.enable = true; }`,
			[]string{"does not import the managed fragment"},
		},
		{
			"fragment under another name",
			enabled(`  services.nix-humanity.fragment = "/etc/nixos/managed.nix";`),
			[]string{"does not import the managed fragment /etc/nixos/managed.nix", "imports = [ ./managed.nix ];"},
		},
		{
			"fragment in the store",
			enabled(`  services.nix-humanity.fragment = "/nix/store/0c9hwfb4fmpmzlzr2hcl7ss8qyyfl5ix-nix-humanity.nix";`),
			[]string{"a path in the read-only Nix store"},
		},
		{
			"unknown setting",
			enabled(`  services.nix-humanity.settings = { logLevel = "debug"; debounce_ms = 5; };`),
			[]string{"settings has unknown keys: debounce_ms (known: "},
		},
		{
			"state outside /var/lib",
			enabled(`  services.nix-humanity.settings.stateDir = "/srv/nix-humanity";`),
			[]string{"must be a folder under /var/lib"},
		},
		{
			"relative paths in settings",
			enabled(`  services.nix-humanity.settings = { indexDir = "index"; optionsJson = "./options.json"; runDir = "/run"; };`),
			[]string{"settings: indexDir, optionsJson must be absolute paths"},
		},
		{
			"activation inside the sandbox",
			enabled(`  services.nix-humanity.settings.systemdRun = "never";`),
			[]string{`systemdRun = "never" would run activation inside`},
		},
		{
			"listen address with a port",
			enabled(`  services.nix-humanity.metrics.listenAddress = "0.0.0.0:9184";`),
			[]string{`metrics.listenAddress is 0.0.0.0:9184, an address with a port; give the address alone (e.g. "0.0.0.0") and the port in services.nix-humanity.metrics.port`},
		},
		{
			"IPv6 listen address",
			enabled(`  services.nix-humanity.metrics.listenAddress = "fe80::1";`),
			nil,
		},
		{
			"no nix",
			enabled(`  nix.enable = false;`),
			[]string{"needs Nix on the machine"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMachine(t, tt.config)
			var failed []string
			m.eval("r.failedAssertions", &failed)
			joined := strings.Join(failed, "\n---\n")
			if tt.want == nil {
				if len(failed) != 0 {
					t.Fatalf("failed assertions: %s", joined)
				}
				return
			}
			for _, w := range tt.want {
				if !strings.Contains(joined, w) {
					t.Errorf("failed assertions lack %q:\n%s", w, joined)
				}
			}
		})
	}
}

// The module knows the same settings the daemon reads, no more, no less.
func TestModuleKnowsEverySetting(t *testing.T) {
	m := newMachine(t, enabled(`  services.nix-humanity.settings.bogus = 1;`))
	var failed []string
	m.eval("r.failedAssertions", &failed)
	re := regexp.MustCompile(`unknown keys: bogus \(known: ([^)]*)\)`)
	var known []string
	for _, f := range failed {
		if mm := re.FindStringSubmatch(f); mm != nil {
			known = strings.Split(mm[1], ", ")
		}
	}
	var want []string
	for _, k := range settings.Keys() {
		want = append(want, k.Name)
	}
	if !slices.Equal(known, want) {
		t.Errorf("module.nix knows settings %q;\ninternal/settings has %q: update knownSettings in module.nix", known, want)
	}
}

// The module refuses a relative path for every setting the daemon would
// refuse it for, and names them all.
func TestModuleKnowsEveryPathSetting(t *testing.T) {
	var set, want []string
	for _, k := range settings.Keys() {
		// fragment is the module's own typed option, refused by its type.
		if k.Path && k.Name != "fragment" {
			set = append(set, k.Name+` = "rel";`)
			want = append(want, k.Name)
		}
	}
	m := newMachine(t, enabled("  services.nix-humanity.settings = { "+strings.Join(set, " ")+" };"))
	var failed []string
	m.eval("r.failedAssertions", &failed)
	re := regexp.MustCompile(`settings: (.*) must be absolute paths`)
	var named []string
	for _, f := range failed {
		if mm := re.FindStringSubmatch(f); mm != nil {
			named = strings.Split(mm[1], ", ")
		}
	}
	slices.Sort(named)
	slices.Sort(want)
	if !slices.Equal(named, want) {
		t.Errorf("module.nix refuses relative %q;\ninternal/settings's path settings are %q: update pathSettings in module.nix", named, want)
	}
}

func TestModuleRejectsBadValues(t *testing.T) {
	tests := []struct {
		name, config, want string
	}{
		{"relative fragment", `services.nix-humanity.fragment = "nix-humanity.nix";`, "services.nix-humanity.fragment' is not of type `absolute path'"},
		{"watch path with a colon", `services.nix-humanity.watchPaths = [ "/etc/a:b" ];`, "is not of type `absolute path'"},
		{"bad duration", `services.nix-humanity.debounce = "soon";`, "services.nix-humanity.debounce' is not of type `duration"},
		{"bad stall timeout", `services.nix-humanity.stallTimeout = "forever";`, "services.nix-humanity.stallTimeout' is not of type `duration"},
		{"bad action", `services.nix-humanity.action = "reboot";`, "is not of type `" + `one of "switch", "boot", "test", "build"'`},
		{"port out of range", `services.nix-humanity.metrics.port = 70000;`, "16 bit unsigned integer"},
		{"empty health check", `services.nix-humanity.healthChecks = [ { argv = [ ]; } ];`, "argv' is not of type `non-empty list of string'"},
		{"setting and option disagree", `services.nix-humanity.settings.action = "boot";`, "services.nix-humanity.settings.action' has conflicting definition values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMachine(t, enabled("  "+tt.config))
			out, err := m.evalErr(`r.config.services.nix-humanity`)
			if err == nil {
				t.Fatalf("evaluated without an error: %s", out)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error does not say %q:\n%v", tt.want, err)
			}
		})
	}
}

func TestModuleFirewallAndWarnings(t *testing.T) {
	tests := []struct {
		name, config string
		ports        []int
		warn         string
	}{
		{"closed by default", "", []int{}, ""},
		{"open on loopback", `services.nix-humanity.metrics.openFirewall = true;`, []int{9090}, "listens on 127.0.0.1 only"},
		{"open on IPv6 loopback", `services.nix-humanity.metrics = { openFirewall = true; listenAddress = "[::1]"; };`, []int{9090}, "listens on [::1] only"},
		{"open", `services.nix-humanity.metrics = { openFirewall = true; listenAddress = "0.0.0.0"; port = 9184; };`, []int{9184}, ""},
		{"metrics off", `services.nix-humanity.metrics = { enable = false; openFirewall = true; };`, []int{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMachine(t, enabled("  "+tt.config))
			var got struct {
				Ports    []int    `json:"ports"`
				Warnings []string `json:"warnings"`
			}
			m.eval(`{ ports = r.config.networking.firewall.allowedTCPPorts; warnings = r.warnings; }`, &got)
			if !slices.Equal(got.Ports, tt.ports) {
				t.Errorf("allowedTCPPorts = %v, want %v", got.Ports, tt.ports)
			}
			joined := strings.Join(got.Warnings, "\n")
			if (tt.warn == "") != (joined == "") || !strings.Contains(joined, tt.warn) {
				t.Errorf("warnings %q, want %q", got.Warnings, tt.warn)
			}
		})
	}
}

// The activation snippet, run for real against a fragment in a temporary
// folder: it creates the fragment as ask-nix would, with the group and
// mode that let the allowed users edit it, repairs them, and leaves
// symlinks and folders it does not own alone.
func TestModuleActivationSnippet(t *testing.T) {
	if os.Getuid() != 0 {
		t.Fatal("the activation snippet runs as root (install -o root, chgrp); run the tests as root, as CI does")
	}
	grp, err := user.LookupGroupId(strconv.Itoa(os.Getgid()))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	frag := filepath.Join(root, "etc", "nixos", "nix-humanity.nix")
	stateDir := filepath.Join(root, "var", "lib", "nix-humanity")
	snippetFor := func(group, allowed string) string {
		m := newMachine(t, enabled(`
  services.nix-humanity = {
    fragment = `+fragment.Quote(frag)+`;
    settings.stateDir = `+fragment.Quote(stateDir)+`;
    group = `+fragment.Quote(group)+`;
    allowedUsers = [ `+allowed+` ];
    checkFragmentImport = false;
  };`))
		var s struct {
			Text string   `json:"text"`
			Deps []string `json:"deps"`
		}
		m.eval(`r.config.system.activationScripts.nix-humanity-fragment`, &s)
		if !slices.Equal(s.Deps, []string{"users", "groups"}) {
			t.Errorf("the snippet runs after %v, want users and groups", s.Deps)
		}
		return s.Text
	}
	snippet := func(allowed string) string { return snippetFor(grp.Name, allowed) }
	run := func(text string) string {
		t.Helper()
		cmd := exec.Command("bash", "-euc", text)
		cmd.Env = []string{"PATH=/usr/bin:/bin"}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("activation snippet: %v\n%s\n%s", err, out, text)
		}
		return string(out)
	}
	stat := func(p string) (os.FileMode, uint32) {
		t.Helper()
		fi, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Mode(), fi.Sys().(*syscall.Stat_t).Gid
	}
	gid, _ := strconv.Atoi(grp.Gid)

	plain := snippet("")
	if strings.Contains(plain, "chmod g+ws") {
		t.Error("without allowedUsers the snippet still opens the fragment's folder")
	}

	// A group that does not exist yet (systemd-sysusers and userborn make
	// the groups a switch adds after activation): the switch does not
	// fail, and the configuration gets the fragment it imports, root's
	// until the next activation gives it the group.
	if _, err := user.LookupGroup("nix-humanity-not-yet"); err == nil {
		t.Fatal("the group nix-humanity-not-yet exists on this machine; the test needs it missing")
	}
	out := run(snippetFor("nix-humanity-not-yet", `"nobody"`))
	if !strings.Contains(out, "the group nix-humanity-not-yet does not exist yet") {
		t.Errorf("the snippet does not say why it left the group out: %q", out)
	}
	data, err := os.ReadFile(frag)
	if err != nil {
		t.Fatalf("no fragment made without the group: %v", err)
	}
	if want := fragment.New().Render(); !bytes.Equal(data, want) {
		t.Errorf("fragment made without the group:\n%s\nask-nix creates:\n%s", data, want)
	}
	if mode, g := stat(frag); mode.Perm() != 0o644 || g != 0 {
		t.Errorf("fragment made without the group has mode %v group %d, want 0644 and root's", mode, g)
	}
	if err := os.Remove(frag); err != nil {
		t.Fatal(err)
	}

	// Created when missing, byte for byte what ask-nix creates.
	run(plain)
	data, err = os.ReadFile(frag)
	if err != nil {
		t.Fatal(err)
	}
	if want := fragment.New().Render(); !bytes.Equal(data, want) {
		t.Errorf("created fragment:\n%s\nask-nix creates:\n%s", data, want)
	}
	if mode, g := stat(frag); mode.Perm() != 0o664 || int(g) != gid {
		t.Errorf("created fragment has mode %v group %d, want 0664 and %d", mode, g, gid)
	}

	// An existing fragment keeps its content; its mode is repaired.
	if err := os.WriteFile(frag, []byte("{ ... }: { }\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(frag, 0o600); err != nil {
		t.Fatal(err)
	}
	run(plain)
	if mode, _ := stat(frag); mode.Perm() != 0o664 {
		t.Errorf("mode not repaired: %v", mode)
	}
	if data, _ := os.ReadFile(frag); string(data) != "{ ... }: { }\n" {
		t.Errorf("existing fragment overwritten: %q", data)
	}

	// Allowed users: the folder becomes group-writable (ask-nix replaces
	// the file by rename), unless root does not own it.
	dir := filepath.Dir(frag)
	withUsers := snippet(`"nobody"`)
	run(withUsers)
	if mode, g := stat(dir); mode&0o070 != 0o070 || mode&os.ModeSetgid == 0 || int(g) != gid {
		t.Errorf("folder %s has mode %v group %d, want group-writable, setgid, group %d", dir, mode, g, gid)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	run(withUsers)
	if mode, _ := stat(dir); mode.Perm() != 0o755 {
		t.Errorf("a folder root does not own was changed to %v", mode)
	}
	if err := os.Chown(dir, 0, 0); err != nil {
		t.Fatal(err)
	}

	// The state directory: what a member (or root) made for themselves
	// only is given to the group, so the next member can write it; a
	// file kept from the group stays so, gcroots and symlinks' targets
	// are left alone.
	if !strings.Contains(plain, stateDir) {
		t.Fatalf("the snippet does not name the state directory %s:\n%s", stateDir, plain)
	}
	mk := func(p string, perm os.FileMode, dir bool) {
		t.Helper()
		var err error
		if dir {
			err = os.MkdirAll(p, perm)
		} else {
			err = os.WriteFile(p, []byte("x\n"), perm)
		}
		if err == nil {
			err = os.Chmod(p, perm)
		}
		if err == nil {
			err = os.Lchown(p, 65534, 65534)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	history, gcroots := filepath.Join(stateDir, "history"), filepath.Join(stateDir, "gcroots")
	mk(stateDir, 0o755, true)
	mk(history, 0o755, true)
	mk(filepath.Join(history, "log.jsonl"), 0o644, false)
	mk(filepath.Join(stateDir, "fragment.lock"), 0o644, false)
	mk(filepath.Join(stateDir, "input-digests"), 0o600, false)
	mk(gcroots, 0o755, true)
	linked := filepath.Join(root, "linked")
	mk(linked, 0o644, false)
	if err := os.Symlink(linked, filepath.Join(gcroots, "system")); err != nil {
		t.Fatal(err)
	}
	run(plain)
	for _, c := range []struct {
		path string
		want os.FileMode
	}{
		{stateDir, 0o775 | os.ModeDir | os.ModeSetgid},
		{history, 0o775 | os.ModeDir | os.ModeSetgid},
		{filepath.Join(history, "log.jsonl"), 0o664},
		{filepath.Join(stateDir, "fragment.lock"), 0o664},
		{filepath.Join(stateDir, "input-digests"), 0o600},
		{gcroots, 0o755 | os.ModeDir},
		{linked, 0o644},
	} {
		mode, g := stat(c.path)
		if mode != c.want {
			t.Errorf("%s: mode %v after the snippet, want %v", c.path, mode, c.want)
		}
		if c.path != linked && int(g) != gid {
			t.Errorf("%s: group %d after the snippet, want %d", c.path, g, gid)
		}
		if c.path == linked && g != 65534 {
			t.Errorf("%s, a symlink's target, got group %d", c.path, g)
		}
	}

	// A symlinked fragment is the user's business.
	target := filepath.Join(root, "repo.nix")
	if err := os.WriteFile(target, []byte("{ ... }: { }\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(frag); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, frag); err != nil {
		t.Fatal(err)
	}
	run(plain)
	if mode, _ := stat(target); mode.Perm() != 0o600 {
		t.Errorf("the symlink's target was changed to %v", mode)
	}
}

// The fragment the flake's checks import (nix/tests/nix-humanity.nix) is
// the one ask-nix creates.
func TestCheckFragmentIsAskNixs(t *testing.T) {
	data, err := os.ReadFile(repoPath(t, "nix/tests/nix-humanity.nix"))
	if err != nil {
		t.Fatal(err)
	}
	if want := fragment.New().Render(); !bytes.Equal(data, want) {
		t.Errorf("nix/tests/nix-humanity.nix:\n%s\nask-nix creates:\n%s", data, want)
	}
}

func TestEmbeddedModule(t *testing.T) {
	data, err := os.ReadFile("module.nix")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(Module, data) {
		t.Error("Module differs from module.nix")
	}
}
