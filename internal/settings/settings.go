// Package settings resolves nix-humanity's settings from their layers:
// defaults < /etc/nix-humanity/config.json (written by the NixOS module) <
// ~/.config/nix-humanity/backend.conf (KEY=VALUE with the NIX_HUMANITY_*
// names) < environment < flags. Each value remembers where it came from,
// so `ask-nix config` can say so; a bad value or an unknown key is an
// error naming the file and line.
package settings

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/editdistance"
)

// HealthCheck is one command run after activation; a non-zero exit or a
// timeout fails the pass and triggers a rollback.
type HealthCheck struct {
	Argv    []string      `json:"argv"`
	Timeout time.Duration `json:"-"`
}

// UnmarshalJSON reads {"argv": [...], "timeout": "30s" | 30}.
func (h *HealthCheck) UnmarshalJSON(b []byte) error {
	var raw struct {
		Argv    []string        `json:"argv"`
		Timeout json.RawMessage `json:"timeout"`
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return fmt.Errorf("health check: %w", err)
	}
	if len(raw.Argv) == 0 || raw.Argv[0] == "" {
		return fmt.Errorf("health check needs a non-empty argv list")
	}
	h.Argv = raw.Argv
	h.Timeout = 30 * time.Second
	if len(raw.Timeout) > 0 {
		var s string
		if json.Unmarshal(raw.Timeout, &s) != nil {
			s = string(raw.Timeout)
		}
		d, err := parseDuration(s)
		if err != nil {
			return fmt.Errorf("health check timeout: %w", err)
		}
		h.Timeout = d
	}
	return nil
}

// MarshalJSON writes the timeout as a Go duration string.
func (h HealthCheck) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Argv    []string `json:"argv"`
		Timeout string   `json:"timeout"`
	}{h.Argv, h.Timeout.String()})
}

// Settings is the effective configuration.
type Settings struct {
	Fragment      string
	Profile       string
	StateDir      string
	HistoryKeep   int    // edits whose saved content the history keeps; 0 keeps all
	System        string // "" means: /etc/nixos#<host> if /etc/nixos/flake.nix exists, else <nixpkgs/nixos>
	SystemAttr    string
	SystemAttrSet bool // SystemAttr came from somewhere other than the default
	Action        string
	Env           string
	EnableMetrics bool
	MetricsAddr   string
	CacheTTL      time.Duration
	Debounce      time.Duration
	WatchPaths    []string
	AutoRollback  bool
	HealthChecks  []HealthCheck
	LogLevel      string
	LogFormat     string
	IndexDir      string        // "" means the state directory, or the user cache directory when that is not writable
	OptionsJSON   string        // NixOS options.json for option checks; "" means none
	Nixpkgs       string        // what `index update` reads packages from
	RunDir        string        // where current-system and booted-system live
	SystemdRun    string        // auto, always or never: activation in a transient unit
	StallTimeout  time.Duration // a pass without progress this long counts as stuck; 0: never

	sources map[string]string
	// files are the settings files Load looked at (read or missing).
	systemFile, userFile string
}

// Files returns the settings files Load looked at: the system JSON file
// and backend.conf ("" when there is no home directory). Either may be
// missing; Source tells which values came from them.
func (s *Settings) Files() (system, user string) { return s.systemFile, s.userFile }

// Source says where the setting with the given key came from.
func (s *Settings) Source(key string) string {
	if src, ok := s.sources[key]; ok {
		return src
	}
	return "default"
}

// CurrentSystem is the link to the running system (/run/current-system).
func (s *Settings) CurrentSystem() string { return filepath.Join(s.RunDir, "current-system") }

// BootedSystem is the link to the system the machine booted
// (/run/booted-system).
func (s *Settings) BootedSystem() string { return filepath.Join(s.RunDir, "booted-system") }

// spec describes one setting: its key in config.json, its environment and
// backend.conf name, its flag, its default, and how to parse it.
type spec struct {
	key  string
	env  string
	flag string
	help string
	def  string
	set  func(s *Settings, v string) error
	get  func(s *Settings) string
	// path: a file or folder, which a settings file must give absolute
	// (relative to what? ask-nix and the daemon run in other folders).
	path bool
}

func str(field func(*Settings) *string) (func(*Settings, string) error, func(*Settings) string) {
	return func(s *Settings, v string) error { *field(s) = v; return nil },
		func(s *Settings) string { return *field(s) }
}

func oneOf(field func(*Settings) *string, allowed ...string) (func(*Settings, string) error, func(*Settings) string) {
	return func(s *Settings, v string) error {
			if !slices.Contains(allowed, v) {
				return fmt.Errorf("%q is not one of %s", v, strings.Join(allowed, ", "))
			}
			*field(s) = v
			return nil
		},
		func(s *Settings) string { return *field(s) }
}

func boolean(field func(*Settings) *bool) (func(*Settings, string) error, func(*Settings) string) {
	return func(s *Settings, v string) error {
			b, err := strconv.ParseBool(strings.ToLower(v))
			if err != nil {
				return fmt.Errorf("%q is not true or false", v)
			}
			*field(s) = b
			return nil
		},
		func(s *Settings) string { return strconv.FormatBool(*field(s)) }
}

func duration(field func(*Settings) *time.Duration) (func(*Settings, string) error, func(*Settings) string) {
	return func(s *Settings, v string) error {
			d, err := parseDuration(v)
			if err != nil {
				return err
			}
			*field(s) = d
			return nil
		},
		func(s *Settings) string { return field(s).String() }
}

// parseDuration takes a Go duration ("500ms", "5m") or plain seconds.
func parseDuration(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if n, err := strconv.ParseFloat(v, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		switch {
		case math.IsNaN(n):
			return 0, fmt.Errorf("%q is not a duration (use seconds, or e.g. 500ms, 5m)", v)
		case n < 0:
			return 0, fmt.Errorf("%q is negative", v)
		case n*float64(time.Second) >= math.MaxInt64:
			// Converted, it would wrap around to a negative duration.
			return 0, fmt.Errorf("%q is too long (at most %v)", v, time.Duration(math.MaxInt64))
		}
		return time.Duration(n * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (use seconds, or e.g. 500ms, 5m)", v)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative", v)
	}
	return d, nil
}

// count takes a whole number, 0 or more.
func count(field func(*Settings) *int) (func(*Settings, string) error, func(*Settings) string) {
	return func(s *Settings, v string) error {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < 0 {
				return fmt.Errorf("%q is not a whole number, 0 or more", v)
			}
			*field(s) = n
			return nil
		},
		func(s *Settings) string { return strconv.Itoa(*field(s)) }
}

// neededPath is absPath for a path that cannot be empty (the fragment,
// the profile, the state and run directories): "" from a file or a flag
// (--fragment "$UNSET") is refused rather than read as the folder one
// is in. An empty environment variable is unset, as ever.
func neededPath(field func(*Settings) *string, def string) (func(*Settings, string) error, func(*Settings) string) {
	set, get := absPath(field)
	return func(s *Settings, v string) error {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("%q is no path: give an absolute path, or leave the setting out for its default, %s", v, def)
		}
		return set(s, v)
	}, get
}

func absPath(field func(*Settings) *string) (func(*Settings, string) error, func(*Settings) string) {
	return func(s *Settings, v string) error {
			if v != "" && !filepath.IsAbs(v) {
				abs, err := filepath.Abs(v)
				if err != nil {
					return err
				}
				v = abs
			}
			*field(s) = v
			return nil
		},
		func(s *Settings) string { return *field(s) }
}

var specs []spec

func init() {
	add := func(key, env, flag, def, help string, set func(*Settings, string) error, get func(*Settings) string) {
		specs = append(specs, spec{key: key, env: env, flag: flag, def: def, help: help, set: set, get: get})
	}
	// A path setting: absolute in a settings file.
	addPath := func(key, env, flag, def, help string, set func(*Settings, string) error, get func(*Settings) string) {
		add(key, env, flag, def, help, set, get)
		specs[len(specs)-1].path = true
	}
	set, get := neededPath(func(s *Settings) *string { return &s.Fragment }, "/etc/nixos/nix-humanity.nix")
	addPath("fragment", "NIX_HUMANITY_FRAGMENT", "fragment", "/etc/nixos/nix-humanity.nix", "the managed Nix fragment", set, get)
	set, get = neededPath(func(s *Settings) *string { return &s.Profile }, "/nix/var/nix/profiles/system")
	addPath("profile", "NIX_HUMANITY_PROFILE", "profile", "/nix/var/nix/profiles/system", "the system profile whose generations are kept", set, get)
	set, get = neededPath(func(s *Settings) *string { return &s.StateDir }, "/var/lib/nix-humanity")
	addPath("stateDir", "NIX_HUMANITY_STATE_DIR", "state-dir", "/var/lib/nix-humanity", "state, history and index directory", set, get)
	nset, nget := count(func(s *Settings) *int { return &s.HistoryKeep })
	add("historyKeep", "NIX_HUMANITY_HISTORY_KEEP", "history-keep", "500", "how many of the newest fragment edits keep their saved content for undo and diff (0: keep all)", nset, nget)
	set, get = str(func(s *Settings) *string { return &s.System })
	add("system", "NIX_HUMANITY_SYSTEM", "system", "", "what to build: a flake reference with #, or a Nix file or folder (empty: /etc/nixos flake or <nixpkgs/nixos>)", set, get)
	add("systemAttr", "NIX_HUMANITY_SYSTEM_ATTR", "system-attr", "system", "attribute of a non-flake system to build (empty: the file's own value)",
		func(s *Settings, v string) error { s.SystemAttr = v; s.SystemAttrSet = true; return nil },
		func(s *Settings) string { return s.SystemAttr })
	set, get = oneOf(func(s *Settings) *string { return &s.Action }, "switch", "boot", "test", "build")
	add("action", "NIX_HUMANITY_ACTION", "action", "switch", "activation: switch, boot, test or build", set, get)
	set, get = oneOf(func(s *Settings) *string { return &s.Env }, "production", "staging")
	add("environment", "NIX_HUMANITY_ENV", "environment", "production", "production, or staging (activates with test: live now, gone at reboot)", set, get)
	bset, bget := boolean(func(s *Settings) *bool { return &s.EnableMetrics })
	add("enableMetrics", "NIX_HUMANITY_ENABLE_METRICS", "metrics", "true", "serve /metrics, /healthz and /status", bset, bget)
	add("metricsAddr", "NIX_HUMANITY_METRICS_ADDR", "metrics-addr", "127.0.0.1:9090", "address of the HTTP endpoints",
		func(s *Settings, v string) error {
			if _, _, err := net.SplitHostPort(v); err != nil {
				return fmt.Errorf("%q is not host:port", v)
			}
			s.MetricsAddr = v
			return nil
		}, func(s *Settings) string { return s.MetricsAddr })
	dset, dget := duration(func(s *Settings) *time.Duration { return &s.CacheTTL })
	add("cacheTTL", "NIX_HUMANITY_CACHE_TTL", "cache-ttl", "300s", "how long the package index is trusted without looking at its sources (past it, a cheap look; stale only when they changed)", dset, dget)
	dset, dget = duration(func(s *Settings) *time.Duration { return &s.Debounce })
	add("debounce", "NIX_HUMANITY_DEBOUNCE", "debounce", "500ms", "quiet time after a change before a pass starts", dset, dget)
	add("watchPaths", "NIX_HUMANITY_WATCH_PATHS", "watch-path", "", "extra paths whose changes start a pass (':'-separated)",
		func(s *Settings, v string) error {
			s.WatchPaths = nil
			for _, p := range strings.Split(v, ":") {
				if p == "" {
					continue
				}
				if !filepath.IsAbs(p) {
					return fmt.Errorf("watch path %q is not absolute", p)
				}
				s.WatchPaths = append(s.WatchPaths, filepath.Clean(p))
			}
			return nil
		}, func(s *Settings) string { return strings.Join(s.WatchPaths, ":") })
	bset, bget = boolean(func(s *Settings) *bool { return &s.AutoRollback })
	add("autoRollback", "NIX_HUMANITY_AUTO_ROLLBACK", "auto-rollback", "true", "roll back when activation or a health check fails", bset, bget)
	add("healthChecks", "NIX_HUMANITY_HEALTH_CHECKS", "", "[]", `health checks as JSON: [{"argv": ["systemctl", "is-system-running"], "timeout": "30s"}]`,
		func(s *Settings, v string) error {
			var hs []HealthCheck
			if err := json.Unmarshal([]byte(v), &hs); err != nil {
				return fmt.Errorf("health checks must be a JSON list of {argv, timeout}: %v", err)
			}
			s.HealthChecks = hs
			return nil
		}, func(s *Settings) string {
			b, _ := json.Marshal(s.HealthChecks)
			if s.HealthChecks == nil {
				return "[]"
			}
			return string(b)
		})
	set, get = oneOf(func(s *Settings) *string { return &s.LogLevel }, "debug", "info", "warn", "error")
	add("logLevel", "NIX_HUMANITY_LOG_LEVEL", "log-level", "info", "debug, info, warn or error", set, get)
	set, get = oneOf(func(s *Settings) *string { return &s.LogFormat }, "auto", "text", "json")
	add("logFormat", "NIX_HUMANITY_LOG_FORMAT", "log-format", "auto", "auto (JSON under systemd, text on a terminal), text or json", set, get)
	set, get = absPath(func(s *Settings) *string { return &s.IndexDir })
	addPath("indexDir", "NIX_HUMANITY_INDEX_DIR", "index-dir", "", "where the package and option index lives (empty: state directory, or ~/.cache/nix-humanity)", set, get)
	set, get = absPath(func(s *Settings) *string { return &s.OptionsJSON })
	addPath("optionsJson", "NIX_HUMANITY_OPTIONS_JSON", "options-json", "", "NixOS options.json used to check option names and types", set, get)
	set, get = str(func(s *Settings) *string { return &s.Nixpkgs })
	add("nixpkgs", "NIX_HUMANITY_NIXPKGS", "nixpkgs", "<nixpkgs>", "the nixpkgs the package index is built from", set, get)
	set, get = neededPath(func(s *Settings) *string { return &s.RunDir }, "/run")
	addPath("runDir", "NIX_HUMANITY_RUN_DIR", "run-dir", "/run", "directory holding current-system and booted-system", set, get)
	set, get = oneOf(func(s *Settings) *string { return &s.SystemdRun }, "auto", "always", "never")
	add("systemdRun", "NIX_HUMANITY_SYSTEMD_RUN", "systemd-run", "auto", "run activation in a transient systemd unit: auto, always or never", set, get)
	dset, dget = duration(func(s *Settings) *time.Duration { return &s.StallTimeout })
	add("stallTimeout", "NIX_HUMANITY_STALL_TIMEOUT", "stall-timeout", "1h", "how long a pass may show no progress (no phase change, no build output) before /healthz calls the daemon stuck and the systemd watchdog restarts it (0: never)", dset, dget)
}

// Key describes one setting for `ask-nix config` and for flag wiring.
type Key struct {
	Name string // config.json key
	Env  string // environment and backend.conf name
	Flag string // command-line flag name, "" if none
	Help string
	Def  string
	Path bool // a file or folder: absolute in a settings file
}

// Keys lists every setting in a stable order.
func Keys() []Key {
	out := make([]Key, len(specs))
	for i, sp := range specs {
		out[i] = Key{Name: sp.key, Env: sp.env, Flag: sp.flag, Help: sp.help, Def: sp.def, Path: sp.path}
	}
	return out
}

// FlagHelp describes the setting's flag: what it is, its variable, and
// its built-in default (the flag's own is empty: unset means "from the
// layers below").
func (k Key) FlagHelp() string {
	if k.Def == "" {
		return fmt.Sprintf("%s (env %s)", k.Help, k.Env) // the help says what empty means
	}
	return fmt.Sprintf("%s (env %s; default %s)", k.Help, k.Env, k.Def)
}

// Value returns the setting's effective value as text.
func (s *Settings) Value(key string) string {
	for _, sp := range specs {
		if sp.key == key {
			return sp.get(s)
		}
	}
	return ""
}

// Override is one value from a layer above the files: a flag.
type Override struct {
	Key    string // config.json key
	Value  string
	Source string // e.g. "flag --fragment"
}

// DefaultSystemFile is the system settings file the NixOS module writes.
const DefaultSystemFile = "/etc/nix-humanity/config.json"

// NoSystemFile as NIX_HUMANITY_CONFIG (or Loader.SystemFile) reads no
// system settings file at all.
const NoSystemFile = "none"

// Loader reads the layers. Zero fields take the real machine's paths and
// process environment.
type Loader struct {
	// SystemFile is the module-written JSON; default
	// $NIX_HUMANITY_CONFIG or /etc/nix-humanity/config.json.
	SystemFile string
	// UserFile is backend.conf; default
	// $XDG_CONFIG_HOME/nix-humanity/backend.conf or
	// ~/.config/nix-humanity/backend.conf.
	UserFile  string
	LookupEnv func(string) (string, bool)
	Flags     []Override
}

// Defaults returns the built-in settings, before any file or variable.
func Defaults() *Settings {
	s := &Settings{sources: map[string]string{}}
	for _, sp := range specs {
		if err := sp.set(s, sp.def); err != nil {
			panic(fmt.Sprintf("settings: bad default for %s: %v", sp.key, err))
		}
	}
	s.SystemAttrSet = false
	return s
}

// Load resolves every layer.
func (l Loader) Load() (*Settings, error) {
	lookupEnv := l.LookupEnv
	if lookupEnv == nil {
		lookupEnv = os.LookupEnv
	}
	getenv := func(k string) string { v, _ := lookupEnv(k); return v }
	s := Defaults()

	sysFile, named := l.SystemFile, false
	if sysFile == "" {
		sysFile = getenv("NIX_HUMANITY_CONFIG")
		named = sysFile != ""
	}
	switch sysFile {
	case "":
		sysFile = DefaultSystemFile
	case NoSystemFile:
		sysFile, named = "", false
	}
	s.systemFile = sysFile
	if named {
		// A file named on purpose that is not there is a typo, not "no
		// settings": the defaults are the real machine's paths.
		if _, err := os.Stat(sysFile); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("NIX_HUMANITY_CONFIG names %s, which does not exist; nothing was read or changed. Fix the path (the playground's is <dir>/config.json), unset it for %s, or set it to %q for no settings file", sysFile, DefaultSystemFile, NoSystemFile)
		}
	}
	if sysFile != "" {
		if err := s.loadJSON(sysFile); err != nil {
			return nil, err
		}
	}

	userFile := l.UserFile
	if userFile == "" {
		userFile = UserFile(getenv)
	}
	s.userFile = userFile
	if userFile != "" {
		if err := s.loadConf(userFile); err != nil {
			return nil, err
		}
	}

	for _, sp := range specs {
		if v, ok := lookupEnv(sp.env); ok && (v != "" || sp.env == "NIX_HUMANITY_SYSTEM_ATTR") {
			if err := sp.set(s, v); err != nil {
				return nil, fmt.Errorf("environment variable %s: %w; nothing was read or changed: set it to a good value, or unset it", sp.env, err)
			}
			s.sources[sp.key] = "env " + sp.env
		}
	}

	for _, o := range l.Flags {
		sp, ok := specByKey(o.Key)
		if !ok {
			return nil, fmt.Errorf("%s: unknown setting %q", o.Source, o.Key)
		}
		if err := sp.set(s, o.Value); err != nil {
			return nil, fmt.Errorf("%s: %w", o.Source, err)
		}
		s.sources[sp.key] = o.Source
	}
	return s, nil
}

// UserFile returns the path of backend.conf for the current user.
func UserFile(getenv func(string) string) string {
	if x := getenv("XDG_CONFIG_HOME"); x != "" {
		return filepath.Join(x, "nix-humanity", "backend.conf")
	}
	home := getenv("HOME")
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".config", "nix-humanity", "backend.conf")
}

func specByKey(key string) (spec, bool) {
	for _, sp := range specs {
		if sp.key == key {
			return sp, true
		}
	}
	return spec{}, false
}

func specByEnv(env string) (spec, bool) {
	for _, sp := range specs {
		if sp.env == env {
			return sp, true
		}
	}
	return spec{}, false
}

// loadJSON reads config.json. A missing file is no error; a bad key or
// value names the file and line.
func (s *Settings) loadJSON(path string) error {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading settings: %w; nothing was read or changed: make the file readable for this user, or remove it", err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		// Not "fix or remove that line": there is none. An empty file
		// is one cut short as it was written, or emptied by hand.
		fix := "remove it, or write the settings into it"
		if path == DefaultSystemFile {
			fix = "on NixOS the module writes it from services.nix-humanity: switch again to write it anew"
		}
		return fmt.Errorf("%s is empty, not a JSON object of settings ({\"key\": value, ...}); nothing was read or changed: %s", path, fix)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		line, what := 1, err.Error()
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se) && int(se.Offset) >= len(data):
			line = lineAt(data, int(se.Offset))
			what = "the file ends before its JSON object does (cut short as it was written?)"
		case errors.As(err, &se):
			line = lineAt(data, int(se.Offset))
		case errors.As(err, &te):
			// Go's words (map[string]json.RawMessage) mean nothing here.
			what = "the file holds a JSON " + te.Value
		}
		return fileError(path, line, "not a JSON object of settings ({\"key\": value, ...}): "+what)
	}
	lines, dup, first, second := keyLines(data)
	if dup != "" {
		return fileError(path, second, fmt.Sprintf("%q is given twice (lines %d and %d), and only one can count", dup, first, second))
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		line := max(lines[k], 1)
		sp, ok := specByKey(k)
		if !ok {
			return fileError(path, line, fmt.Sprintf("unknown setting %q%s (known: %s)", k, didYouMean(k, false), strings.Join(knownKeys(), ", ")))
		}
		v, err := jsonText(raw[k], sp.key)
		if err == nil {
			err = fileValue(sp, v, s)
		}
		if err != nil {
			return fileError(path, line, fmt.Sprintf("%s: %v", k, err))
		}
		s.sources[sp.key] = fmt.Sprintf("%s:%d", path, line)
	}
	return nil
}

// fileValue sets a value read from a settings file, where a path must be
// absolute: relative to which folder? ask-nix runs in the user's, the
// daemon in another.
func fileValue(sp spec, v string, s *Settings) error {
	if sp.path && v != "" && !filepath.IsAbs(v) {
		return fmt.Errorf("%q is not an absolute path", v)
	}
	return sp.set(s, v)
}

// fileError says what is wrong on a settings file's line, that nothing
// was done, and what to do.
func fileError(path string, line int, what string) error {
	fix := "fix or remove that line"
	if path == DefaultSystemFile {
		fix += " (on NixOS the module writes it from services.nix-humanity: fix the option there and switch)"
	}
	return fmt.Errorf("%s:%d: %s; nothing was read or changed: %s", path, line, what, fix)
}

// didYouMean names the setting closest to an unknown name, in the form
// the file wants: config.json keys (fragment) or, in backend.conf
// (env), the NIX_HUMANITY_* names. A name of the other form is
// translated ("action" in backend.conf is NIX_HUMANITY_ACTION).
func didYouMean(name string, env bool) string {
	want := func(sp spec) string {
		if env {
			return sp.env
		}
		return sp.key
	}
	best, bestD := "", 3
	for _, sp := range specs {
		for _, cand := range []string{sp.key, sp.env} {
			if d := editdistance.OSA(strings.ToLower(name), strings.ToLower(cand), bestD-1); d < bestD {
				best, bestD = want(sp), d
			}
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}

// jsonText turns a JSON value into the text form the setters take.
func jsonText(raw json.RawMessage, key string) (string, error) {
	switch key {
	case "healthChecks":
		return string(raw), nil
	case "watchPaths":
		var ps []string
		if err := json.Unmarshal(raw, &ps); err != nil {
			return "", fmt.Errorf("must be a list of paths")
		}
		for _, p := range ps {
			if strings.Contains(p, ":") {
				return "", fmt.Errorf("path %q contains ':'", p)
			}
		}
		return strings.Join(ps, ":"), nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", err
	}
	switch x := v.(type) {
	case string:
		return x, nil
	case bool:
		return strconv.FormatBool(x), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case nil:
		return "", nil
	}
	return "", fmt.Errorf("must be a string, number or boolean")
}

func knownKeys() []string {
	var out []string
	for _, sp := range specs {
		out = append(out, sp.key)
	}
	return out
}

// knownEnvNames lists the settings as backend.conf names them.
func knownEnvNames() []string {
	var out []string
	for _, sp := range specs {
		out = append(out, sp.env)
	}
	return out
}

// keyLines finds the line of each top-level key of a JSON object that
// already unmarshalled, and the first key given twice (Go keeps the last
// value silently; a person editing the file meant one of them).
func keyLines(data []byte) (lines map[string]int, dup string, first, second int) {
	lines = map[string]int{}
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // {
		return lines, "", 0, 0
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		k, _ := tok.(string)
		line := lineAt(data, int(dec.InputOffset()))
		if prev, ok := lines[k]; ok && dup == "" {
			dup, first, second = k, prev, line
		}
		if _, ok := lines[k]; !ok {
			lines[k] = line
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			break
		}
	}
	return lines, dup, first, second
}

func lineAt(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	return 1 + strings.Count(string(data[:off]), "\n")
}

// confValue reads the value of a backend.conf line as a shell reads an
// env file's: bare, or in one pair of double or single quotes, then
// optionally a comment (" # ..."), so a line copied from a shell profile
// (export NIX_HUMANITY_ACTION="boot"  # for now) means what it says.
// Nothing else is expanded: a '$' or a backslash is itself.
func confValue(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v != "" && (v[0] == '"' || v[0] == '\'') {
		end := strings.IndexByte(v[1:], v[0])
		if end < 0 {
			return "", fmt.Errorf("the value opens a %c quote it never closes", v[0])
		}
		val, rest := v[1:1+end], strings.TrimSpace(v[2+end:])
		if rest != "" && rest[0] != '#' {
			return "", fmt.Errorf("%q follows the quoted value; put the whole value in the quotes", rest)
		}
		return val, nil
	}
	// A comment starts at a '#' after a blank, as in a shell; a '#'
	// inside a word (a URL's fragment) is the value's own.
	for i := 1; i < len(v); i++ {
		if v[i] == '#' && (v[i-1] == ' ' || v[i-1] == '\t') {
			return strings.TrimSpace(v[:i]), nil
		}
	}
	return v, nil
}

// loadConf reads backend.conf: KEY=VALUE lines with the NIX_HUMANITY_*
// names; '#' starts a comment line or ends a line's value; values may be
// quoted (see confValue).
func (s *Settings) loadConf(path string) error {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading settings: %w; nothing was read or changed: make the file readable for this user, or remove it", err)
	}
	seen := map[string]int{} // key to line, as config.json is checked
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return fileError(path, n, fmt.Sprintf("expected KEY=VALUE, found %q", line))
		}
		k = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(k), "export "))
		v, err := confValue(v)
		if err != nil {
			return fileError(path, n, fmt.Sprintf("%s: %v", k, err))
		}
		sp, ok := specByEnv(k)
		if !ok {
			// The names are listed here, as for config.json: ask-nix config,
			// which would list them too, reads this file first and stops.
			return fileError(path, n, fmt.Sprintf("unknown setting %q%s (known: %s)", k, didYouMean(k, true), strings.Join(knownEnvNames(), ", ")))
		}
		if first, dup := seen[k]; dup {
			return fileError(path, n, fmt.Sprintf("%q is given twice (lines %d and %d), and only one can count", k, first, n))
		}
		seen[k] = n
		if err := fileValue(sp, v, s); err != nil {
			return fileError(path, n, fmt.Sprintf("%s: %v", k, err))
		}
		s.sources[sp.key] = fmt.Sprintf("%s:%d", path, n)
	}
	return nil
}
