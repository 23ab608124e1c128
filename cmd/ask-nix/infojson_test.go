package main

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/reconciler"
)

// docKeys reads a table of JSON keys in docs/operations.md: the one
// under heading.
func docKeys(t *testing.T, heading string) map[string]string {
	t.Helper()
	b, err := os.ReadFile("../../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	in := false
	keyRE := regexp.MustCompile("^\\| `([^`]+)` \\| ([^|]+) \\|")
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case line == heading:
			in = true
		case strings.HasPrefix(line, "#"):
			in = false
		case in:
			if m := keyRE.FindStringSubmatch(line); m != nil {
				keys[m[1]] = m[2]
			}
		}
	}
	if len(keys) < 10 {
		t.Fatalf("docs/operations.md: the table under %q has %d keys; did its heading change?", heading, len(keys))
	}
	return keys
}

// The info JSON's keys, every one its type can marshal, are the keys the
// docs' table lists, no more, no fewer; and a real info --json on a
// playground has only keys from it.
func TestInfoJSONKeysAreDocumented(t *testing.T) {
	doc := docKeys(t, "## The info JSON")
	have := map[string]bool{}
	typeKeys(reflect.TypeFor[infoJSON](), "", nil, have)
	sameKeys(t, "info JSON", have, doc)

	playgroundEnv(t)
	editAndApply(t, "install hello", 2)
	// ask-nix's own version too, for a bug report ("ask-nix version"
	// asks for info).
	askNix("info").must(t, 0, "\nNix:           ", "\nask-nix:       dev\n")
	r := askNix("info", "--json")
	r.must(t, 0)
	var v any
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	got, pass := map[string]bool{}, map[string]bool{}
	jsonKeys(v, "", func(string) bool { return false }, got, pass)
	for k := range got {
		if _, ok := doc[k]; !ok {
			t.Errorf("info --json: key %q is not in docs/operations.md\n%s", k, r.stdout)
		}
	}
	for _, k := range []string{"hostname", "askNixVersion", "currentGeneration", "configuration.kind", "store.path", "reconciler.phase", "reconciler.lastResult", "index.exists"} {
		if !got[k] {
			t.Errorf("info --json lacks %q:\n%s", k, r.stdout)
		}
	}
}

// The gc JSON's keys are the keys the docs' table lists.
func TestGCJSONKeysAreDocumented(t *testing.T) {
	have := map[string]bool{}
	typeKeys(reflect.TypeFor[gcResult](), "", nil, have)
	sameKeys(t, "gc JSON", have, docKeys(t, "## The gc JSON"))
}

// info's reconciler object names a running daemon as status does,
// daemonRunning (added later), beside its own running: both true while
// a nix-humanityd holds the daemon lock, both false otherwise, as
// status's daemonRunning.
func TestInfoDaemonRunningAsStatus(t *testing.T) {
	pg := playgroundEnv(t)
	read := func() (info struct{ Running, DaemonRunning bool }, status bool) {
		t.Helper()
		r := askNix("info", "--json")
		r.must(t, 0)
		var v struct {
			Reconciler struct {
				Running       bool  `json:"running"`
				DaemonRunning *bool `json:"daemonRunning"`
			} `json:"reconciler"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
			t.Fatalf("%v\n%s", err, r.stdout)
		}
		if v.Reconciler.DaemonRunning == nil {
			t.Fatalf("info --json: no reconciler.daemonRunning\n%s", r.stdout)
		}
		r = askNix("status", "--json")
		r.must(t, 0)
		var st struct {
			DaemonRunning bool `json:"daemonRunning"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
			t.Fatalf("%v\n%s", err, r.stdout)
		}
		info.Running, info.DaemonRunning = v.Reconciler.Running, *v.Reconciler.DaemonRunning
		return info, st.DaemonRunning
	}
	for _, daemon := range []bool{false, true} {
		if daemon {
			lk, err := reconciler.LockDaemon(mustSettings(t, pg))
			if err != nil {
				t.Fatal(err)
			}
			defer lk.Unlock()
		}
		info, status := read()
		if info.Running != daemon || info.DaemonRunning != daemon || status != daemon {
			t.Errorf("daemon %v: info running %v, daemonRunning %v; status daemonRunning %v", daemon, info.Running, info.DaemonRunning, status)
		}
	}
}
