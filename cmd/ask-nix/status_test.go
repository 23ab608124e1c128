package main

import (
	"encoding/json"
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// docTables reads docs/operations.md's tables of the status JSON: the
// top-level keys, the pass keys (lastPass and history entries) and the
// keys of apply --dry-run --json, each with its type cell.
type docTables struct {
	status, pass, dryRun map[string]string
}

func readDocTables(t *testing.T) docTables {
	t.Helper()
	b, err := os.ReadFile("../../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	d := docTables{map[string]string{}, map[string]string{}, map[string]string{}}
	var into map[string]string
	keyRE := regexp.MustCompile("`([^`]+)`")
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case line == "## The status JSON":
			into = d.status
		case strings.HasPrefix(line, "### Pass keys"):
			into = d.pass
		case line == "### `ask-nix apply --dry-run --json`":
			into = d.dryRun
		case strings.HasPrefix(line, "#"):
			into = nil
		case into != nil && strings.HasPrefix(line, "| `"):
			cells := strings.Split(line, " | ")
			for _, m := range keyRE.FindAllStringSubmatch(cells[0], -1) {
				into[m[1]] = cells[1]
			}
		}
	}
	for name, m := range map[string]map[string]string{"status": d.status, "pass": d.pass, "dry run": d.dryRun} {
		if len(m) < 5 {
			t.Fatalf("docs/operations.md: the %s table has %d keys; did its heading change?", name, len(m))
		}
	}
	return d
}

// typeKeys lists the JSON keys type t marshals to, nested ones as
// "a.b" and an array's elements' as "a[].b"; maps, times and the types
// in stop are leaves.
func typeKeys(t reflect.Type, prefix string, stop reflect.Type, out map[string]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		if t.Kind() == reflect.Slice {
			prefix += "[]"
		}
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == reflect.TypeFor[time.Time]() || (t == stop && prefix != "") {
		return
	}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			typeKeys(f.Type, prefix, stop, out)
			continue
		}
		if name == "" {
			name = f.Name
		}
		key := name
		if prefix != "" {
			key = prefix + "." + name
		}
		out[key] = true
		typeKeys(f.Type, key, stop, out)
	}
}

// jsonKeys lists the keys of a decoded JSON value as typeKeys does;
// below lastPass and history it gives pass keys to pass instead. Maps
// (the docs' type says so) are leaves.
func jsonKeys(v any, prefix string, isMap func(string) bool, out, pass map[string]bool) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			jsonKeys(e, prefix+"[]", isMap, out, pass)
		}
	case map[string]any:
		for k, e := range v {
			key := k
			if prefix != "" {
				key = prefix + "." + k
			}
			out[key] = true
			switch {
			case key == "lastPass":
				jsonKeys(e, "", isMap, pass, pass)
			case key == "history":
				for _, p := range e.([]any) {
					jsonKeys(p, "", isMap, pass, pass)
				}
			case !isMap(key):
				jsonKeys(e, key, isMap, out, pass)
			}
		}
	}
}

func sameKeys(t *testing.T, what string, have map[string]bool, doc map[string]string) {
	t.Helper()
	var missing, stale []string
	for k := range have {
		if _, ok := doc[k]; !ok {
			missing = append(missing, k)
		}
	}
	for k := range doc {
		if !have[k] {
			stale = append(stale, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	if len(missing) > 0 {
		t.Errorf("%s: keys docs/operations.md does not list: %q (add a row: key, type, meaning, when present)", what, missing)
	}
	if len(stale) > 0 {
		t.Errorf("%s: keys docs/operations.md lists that do not exist: %q", what, stale)
	}
}

// The status JSON's keys, every one the types can marshal, are the keys
// the docs' tables list, no more, no fewer.
func TestStatusJSONKeysAreDocumented(t *testing.T) {
	d := readDocTables(t)
	passType := reflect.TypeFor[state.Pass]()
	status, pass := map[string]bool{}, map[string]bool{}
	typeKeys(reflect.TypeFor[reconciler.StatusReport](), "", passType, status)
	typeKeys(passType, "", nil, pass)
	sameKeys(t, "status JSON", status, d.status)
	sameKeys(t, "pass in the status JSON", pass, d.pass)
}

// A real status JSON after passes with real Nix (a switch that added a
// package, a failure, a one-off build) has only keys the docs list; a
// dry run's JSON has the keys the docs list and says what its text does.
func TestStatusJSONOfRealPassesIsDocumented(t *testing.T) {
	pg := playgroundEnv(t)
	d := readDocTables(t)
	writeAndApply(t, pg, "hello", 2)
	writeFragment(t, pg, "hello nosuchpackage-x")
	askNix("apply").must(t, 1)
	writeFragment(t, pg, "hello htop")

	// The dry run's JSON says what its text says.
	text := askNix("apply", "--dry-run", "--action", "build")
	text.must(t, 0)
	r := askNix("apply", "--dry-run", "--action", "build", "--json")
	r.must(t, 0)
	var dry map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &dry); err != nil {
		t.Fatalf("apply --dry-run --json: %v\n%s", err, r.stdout)
	}
	want := map[string]any{"inputsChanged": true, "action": "build", "oneOff": true, "force": false, "activationCutShort": false, "wouldEvaluate": true, "sentence": strings.TrimSuffix(text.stdout, "\n")}
	for k, v := range want {
		if !reflect.DeepEqual(dry[k], v) {
			t.Errorf("apply --dry-run --json: %s is %v, want %v\n%s", k, dry[k], v, r.stdout)
		}
	}
	dryKeys := map[string]bool{}
	for k := range dry {
		dryKeys[k] = true
	}
	sameKeys(t, "apply --dry-run --json", dryKeys, d.dryRun)

	askNix("apply", "--action", "build").must(t, 0, ", not activated (action build).")
	// Built, not activated: status says apply switches to it, not that
	// it builds it.
	askNix("status").must(t, 0, " · pending: the system is built by apply --action build, not activated; the switch the settings ask for is still to do; no nix-humanityd runs: ask-nix apply switches to it · last: success")
	if r := askNix("apply", "--dry-run"); !strings.Contains(r.stdout, "The inputs changed since the last successful pass") {
		t.Fatalf("apply --dry-run after a one-off build:\n%s", r.stdout)
	}
	r = askNix("apply", "--dry-run", "--json", "--force")
	r.must(t, 0, `"force":true`, `"action":"switch"`, `"oneOff":false`, `"wouldEvaluate":true`)

	r = askNix("status", "--json")
	r.must(t, 0)
	var v any
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatal(err)
	}
	isMap := func(k string) bool {
		typ, ok := d.status[k]
		if !ok {
			typ = d.pass[k]
		}
		return strings.HasPrefix(typ, "map")
	}
	status, pass := map[string]bool{}, map[string]bool{}
	jsonKeys(v, "", isMap, status, pass)
	for what, keys := range map[string]map[string]bool{"status JSON": status, "pass": pass} {
		doc := d.status
		if what == "pass" {
			doc = d.pass
		}
		for k := range keys {
			if _, ok := doc[k]; !ok {
				t.Errorf("%s: key %q is not in docs/operations.md\n%s", what, k, r.stdout)
			}
		}
	}
	// The passes above make these: a check that the walk saw them.
	for _, k := range []string{"packages.added", "error", "durations", "inputsHash"} {
		if !pass[k] {
			t.Errorf("no pass has %q: %v", k, slices.Sorted(maps.Keys(pass)))
		}
	}
	for _, k := range []string{"history", "counters.reconciles", "queue", "daemonRunning", "generations"} {
		if !status[k] {
			t.Errorf("the status JSON has no %q: %v", k, slices.Sorted(maps.Keys(status)))
		}
	}
}
