package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/catalogtest"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

// indexCLI runs ask-nix in this process with the given environment (and
// nothing of the test process's own NIX_HUMANITY_* settings), the way
// Main does.
func indexCLI(env func(string) string, args ...string) (stdout, stderr string, code int) {
	return runInProcess(&globals{
		stdin: strings.NewReader(""),
		lookupEnv: func(k string) (string, bool) {
			v := env(k)
			return v, v != ""
		},
		runner:    nixrun.Exec{},
		terminals: func() terminals { return terminals{} },
	}, args...)
}

// TestIndexScripts runs the CLI stories in testdata/index: searching
// without an index, building one from a file and from real Nix, stale
// indexes, info.
func TestIndexScripts(t *testing.T) {
	nixruntest.RequireNix(t)
	testscript.Run(t, testscript.Params{
		Dir: "testdata/index",
		Setup: func(e *testscript.Env) error {
			e.Setenv("NIX_HUMANITY_CONFIG", "none")
			e.Setenv("NIX_HUMANITY_STATE_DIR", filepath.Join(e.WorkDir, "state"))
			e.Setenv("NIX_HUMANITY_INDEX_DIR", filepath.Join(e.WorkDir, "index"))
			e.Setenv("OPTIONS_GZ", catalogtest.OptionsGzPath())
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"ask-nix": func(ts *testscript.TestScript, neg bool, args []string) {
				stdout, stderr, code := indexCLI(ts.Getenv, args...)
				ts.Stdout().Write([]byte(stdout))
				ts.Stderr().Write([]byte(stderr))
				ts.Setenv("EXIT", string(rune('0'+code%10)))
				if code != 0 && !neg {
					ts.Fatalf("ask-nix %s: exit %d", strings.Join(args, " "), code)
				}
				if code == 0 && neg {
					ts.Fatalf("ask-nix %s: succeeded unexpectedly", strings.Join(args, " "))
				}
			},
		},
	})
}

// fullIndexDir builds the full-size index (124,693 packages, 20,919
// options) into a directory once per test binary.
func fullIndexDir(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	pkgFile := filepath.Join(dir, "packages.json")
	if err := os.WriteFile(pkgFile, catalogtest.PackagesJSON(catalogtest.Packages(tb)), 0o644); err != nil {
		tb.Fatal(err)
	}
	if _, err := (catalog.Update{Dir: dir, PackagesFrom: pkgFile, OptionsFrom: catalogtest.OptionsGzPath()}).Run(context.Background()); err != nil {
		tb.Fatal(err)
	}
	os.Remove(pkgFile)
	return dir
}

func envMap(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestSearchJSONContract(t *testing.T) {
	dir := fullIndexDir(t)
	env := envMap(map[string]string{"NIX_HUMANITY_INDEX_DIR": dir, "NIX_HUMANITY_CONFIG": "none"})
	stdout, stderr, code := indexCLI(env, "search", "--json", "--limit", "3", "nvim")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var hits []map[string]any
	if err := json.Unmarshal([]byte(stdout), &hits); err != nil {
		t.Fatalf("not a JSON list: %v\n%s", err, stdout)
	}
	if len(hits) != 3 {
		t.Fatalf("%d hits", len(hits))
	}
	for _, h := range hits {
		var keys []string
		for k := range h {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, []string{"attr", "description", "pname", "version"}) {
			t.Errorf("keys %v, want attr, description, pname, version (DESIGN.md)", keys)
		}
	}
	if hits[0]["attr"] != "neovim" || hits[0]["version"] != "0.10.4" || hits[0]["pname"] != "neovim" {
		t.Errorf("first hit %v", hits[0])
	}
	// An unfree package adds "unfree": true, and only it.
	stdout, _, code = indexCLI(env, "search", "--json", "--limit", "1", "google-chrome")
	hits = nil
	if err := json.Unmarshal([]byte(stdout), &hits); code != 0 || err != nil || len(hits) != 1 {
		t.Fatalf("search google-chrome: exit %d, %v\n%s", code, err, stdout)
	}
	if hits[0]["attr"] != "google-chrome" || hits[0]["unfree"] != true || len(hits[0]) != 5 {
		t.Errorf("google-chrome: %v; want the four keys and \"unfree\": true", hits[0])
	}
	// No results is an empty list, not null.
	stdout, _, code = indexCLI(env, "search", "--json", "zzqqxxyyww")
	if code != 0 || strings.TrimSpace(stdout) != "[]" {
		t.Errorf("no results: exit %d, %q", code, stdout)
	}
}

func TestSearchIntentAndCatalog(t *testing.T) {
	dir := fullIndexDir(t)
	var out, errb bytes.Buffer
	g := &globals{stdout: &out, stderr: &errb, lookupEnv: func(k string) (string, bool) {
		switch k {
		case "NIX_HUMANITY_INDEX_DIR":
			return dir, true
		case "NIX_HUMANITY_CONFIG":
			return "none", true
		}
		return "", false
	}, runner: &nixruntest.Recorder{}}
	if err := runSearchIntent(context.Background(), g, intent.Intent{Kind: intent.Search, Query: "rg"}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "* ripgrep (14.1.1), provides rg\n") {
		t.Errorf("search rg printed %q", out.String())
	}
	if calls := g.runner.(*nixruntest.Recorder).Calls(); len(calls) != 0 {
		t.Errorf("a search ran %v", calls)
	}

	ix, notes, err := openCatalog(context.Background(), g)
	if err != nil || ix == nil || len(notes) != 0 {
		t.Fatalf("openCatalog: %v, %v, %v", ix, notes, err)
	}
	defer ix.Close()
	var cat guard.Catalog = ix
	if found, sugg := cat.Package("firefx"); found || len(sugg) == 0 || sugg[0] != "firefox" {
		t.Errorf("Package(firefx) = %v, %v", found, sugg)
	}
	if typ, found := cat.Option("services.openssh.enable"); !found || typ != "boolean" {
		t.Errorf("Option = %q, %v", typ, found)
	}
}

func TestOpenCatalogWithoutIndex(t *testing.T) {
	dir := t.TempDir()
	g := &globals{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, lookupEnv: func(k string) (string, bool) {
		if k == "NIX_HUMANITY_INDEX_DIR" {
			return dir, true
		}
		return "", false
	}}
	ix, notes, err := openCatalog(context.Background(), g)
	if ix != nil || notes != nil || err != nil {
		t.Errorf("openCatalog with no index = %v, %v, %v; want nil (names unchecked)", ix, notes, err)
	}
	// A damaged index is an error naming the fix, not "unchecked".
	os.WriteFile(filepath.Join(dir, catalog.FileName), []byte("garbage"), 0o644)
	if _, _, err := openCatalog(context.Background(), g); err == nil || !strings.Contains(err.Error(), "ask-nix index update") {
		t.Errorf("damaged index: %v", err)
	}
}

// An index written by an older ask-nix (before the unfree flag, format
// 1) is not read as garbage: search says how to rebuild it, an install
// goes on with names checked for their form only and says why, and
// `index update` rebuilds it.
func TestOldIndexFormat(t *testing.T) {
	dir := t.TempDir()
	pkgFile := filepath.Join(t.TempDir(), "packages.json")
	os.WriteFile(pkgFile, catalogtest.PackagesJSON(catalogtest.Real), 0o644)
	if _, err := (catalog.Update{Dir: dir, PackagesFrom: pkgFile}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, catalog.FileName)
	data, _ := os.ReadFile(path)
	data[8] = 1 // the format version, little-endian, after the 8-byte magic
	os.WriteFile(path, data, 0o644)
	env := envMap(map[string]string{"NIX_HUMANITY_INDEX_DIR": dir, "NIX_HUMANITY_CONFIG": "none",
		"NIX_HUMANITY_FRAGMENT": filepath.Join(t.TempDir(), "nix-humanity.nix"), "NIX_HUMANITY_STATE_DIR": t.TempDir()})
	why := path + ": built by an older ask-nix (index format 1; this ask-nix reads format 2); rebuild it with `ask-nix index update`"

	_, stderr, code := indexCLI(env, "search", "firefox")
	if code != 1 || stderr != "ask-nix: "+why+"\n" {
		t.Errorf("search: exit %d, %q", code, stderr)
	}
	stdout, stderr, code := indexCLI(env, "explain", "--json", "install firefx")
	if code != 0 || stdout != `{"intent":"install","packages":["firefx"]}`+"\n" ||
		stderr != "note: names were checked for their form only: the index could not be opened: "+why+"\n" {
		t.Errorf("explain: exit %d, %q, %q", code, stdout, stderr)
	}
	if _, stderr, code := indexCLI(env, "index", "update", "--from", pkgFile); code != 0 {
		t.Fatalf("index update: exit %d, %s", code, stderr)
	}
	if stdout, stderr, code := indexCLI(env, "search", "google-chrome"); code != 0 || !strings.HasPrefix(stdout, "* google-chrome (133.0.6943.53) (unfree)\n") {
		t.Errorf("search after the rebuild: exit %d, %q, %q", code, stdout, stderr)
	}
}

func TestInfoJSON(t *testing.T) {
	nixruntest.RequireNix(t)
	root := t.TempDir()
	state := filepath.Join(root, "state")
	env := envMap(map[string]string{
		"NIX_HUMANITY_CONFIG":    "none",
		"NIX_HUMANITY_STATE_DIR": state,
		"NIX_HUMANITY_INDEX_DIR": filepath.Join(root, "index"),
		"NIX_HUMANITY_PROFILE":   filepath.Join(root, "profiles", "system"),
		"NIX_HUMANITY_RUN_DIR":   filepath.Join(root, "run"),
		"NIX_HUMANITY_SYSTEM":    "/etc/nixos/configuration.nix",
	})
	stdout, stderr, code := indexCLI(env, "info", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"nixosVersion", "kernel", "currentGeneration", "bootedGeneration", "uptimeSeconds", "nixVersion", "timeZone", "configuration", "store", "reconciler", "index"} {
		if _, ok := got[k]; !ok {
			t.Errorf("info --json lacks %q", k)
		}
	}
	if v, _ := got["nixVersion"].(string); !strings.HasPrefix(v, "2.") {
		t.Errorf("nixVersion %v", got["nixVersion"])
	}
	if c := got["configuration"].(map[string]any); c["kind"] != "file" {
		t.Errorf("configuration %v", c)
	}
	if r := got["reconciler"].(map[string]any); r["phase"] != "idle" || r["running"] != false {
		t.Errorf("reconciler %v", r)
	}
	if x := got["index"].(map[string]any); x["exists"] != false {
		t.Errorf("index %v", x)
	}
	// The intent runs the same thing.
	var out bytes.Buffer
	g := &globals{stdout: &out, stderr: &bytes.Buffer{}, lookupEnv: func(k string) (string, bool) { v := env(k); return v, v != "" }, runner: nixrun.Exec{}}
	if err := runInfoIntent(context.Background(), g, intent.Intent{Kind: intent.SystemInfo}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Nix:           2.") || !strings.Contains(out.String(), "Index:         none yet") ||
		!strings.Contains(out.String(), "Time zone:     ") || !strings.Contains(out.String(), "Reconciler:    not running") {
		t.Errorf("info printed:\n%s", out.String())
	}
}

// BenchmarkSearchCommand is `ask-nix search` in this process: settings,
// command line, opening the index, the freshness check, searching and
// printing (a whole process adds Go's start-up, about 3 ms here).
func BenchmarkSearchCommand(b *testing.B) {
	env := envMap(map[string]string{"NIX_HUMANITY_INDEX_DIR": fullIndexDir(b), "NIX_HUMANITY_CONFIG": "none"})
	for _, q := range []string{"firefox", "firefx", "python requests"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, stderr, code := indexCLI(env, "search", q); code != 0 {
					b.Fatal(stderr)
				}
			}
		})
	}
}
