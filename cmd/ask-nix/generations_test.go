package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/generation"
	"github.com/nix-humanity/nix-humanity/reconciler/generation/gc"
	"github.com/nix-humanity/nix-humanity/reconciler/generation/generationtest"
)

// genMachine is a profile made by real nix-env over toplevel-shaped store
// paths, a run directory whose booted-system is one of them, and a state
// directory, all wired into ask-nix through the environment.
type genMachine struct {
	profile, stateDir, runDir string
	store                     map[string]string
}

// newGenMachine makes generations 1..len(order) with nix-env --set, then
// switches to current; booted names the toplevel the machine "booted".
func newGenMachine(t *testing.T, order []string, current int, booted string) genMachine {
	t.Helper()
	store := generationtest.Toplevels(t)
	root := t.TempDir()
	m := genMachine{
		profile:  filepath.Join(root, "profiles", "system"),
		stateDir: filepath.Join(root, "state"),
		runDir:   filepath.Join(root, "run"),
		store:    store,
	}
	for _, d := range []string{filepath.Dir(m.profile), m.stateDir, m.runDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	run := func(args ...string) {
		t.Helper()
		if _, err := (nixrun.Exec{}).Run(ctx, nixrun.Cmd{Argv: args}); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range order {
		run("nix-env", "-p", m.profile, "--set", store[name])
	}
	if current != len(order) {
		run("nix-env", "-p", m.profile, "--switch-generation", strconv.Itoa(current))
	}
	if booted != "" {
		if err := os.Symlink(store[booted], filepath.Join(m.runDir, "booted-system")); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("NIX_HUMANITY_PROFILE", m.profile)
	t.Setenv("NIX_HUMANITY_STATE_DIR", m.stateDir)
	t.Setenv("NIX_HUMANITY_RUN_DIR", m.runDir)
	t.Setenv("NIX_HUMANITY_CONFIG", "none")
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(root, "config"))
	return m
}

func gcPolicy(keep int) gc.Policy { return gc.Policy{Keep: keep} }

// genAskNix runs ask-nix in-process and returns its exit code and output.
func genAskNix(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestGenerationsTable(t *testing.T) {
	newGenMachine(t, []string{"full", "plain", "newer", "noKernel", "bare"}, 4, "plain")
	code, out, errOut := genAskNix(t, "", "generations")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	date := `\d{4}-\d\d-\d\d \d\d:\d\d:\d\d`
	want := []string{
		// KERNEL as wide as 6.12.10; REVISION, since two have one (a
		// git commit's first 12 digits), as wide as those.
		`^  GEN  DATE                 NIXOS       KERNEL   REVISION       CURRENT$`,
		`^    1  ` + date + `  25\.11\.1234  6\.12\.9   [0-9a-f]{12}$`,
		`^    2  ` + date + `  25\.11\.1300  6\.12\.9   -              booted$`,
		`^    3  ` + date + `  25\.11\.1400  6\.12\.10  deadbeef$`,
		`^    4  ` + date + `  25\.11\.1234  -        -              \*$`,
		`^    5  ` + date + `  -           -        -$`,
		`^running: not known \(there is no .*/current-system\)\.$`,
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i, re := range want {
		if !regexp.MustCompile(re).MatchString(lines[i]) {
			t.Errorf("line %d: %q does not match %s", i, lines[i], re)
		}
	}
}

func TestGenerationsJSON(t *testing.T) {
	m := newGenMachine(t, []string{"full", "plain", "newer"}, 2, "full")
	code, out, errOut := genAskNix(t, "", "generations", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var items []map[string]any
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(items) != 3 {
		t.Fatalf("%d generations: %s", len(items), out)
	}
	for i, it := range items {
		if len(it) != 11 { // DESIGN.md's 9, and running and time (added later)
			t.Errorf("generation %d has %d keys: %v", i+1, len(it), it)
		}
		// time is date's moment in RFC 3339, with the zone's offset: the
		// zone history and status give their times in.
		date, _ := it["date"].(string)
		tm, err := time.Parse(time.RFC3339, fmt.Sprint(it["time"]))
		if err != nil || date == "" || tm.In(time.Local).Format(generation.DateLayout) != date {
			t.Errorf("generation %d: time %v (%v), date %q", i+1, it["time"], err, date)
		}
		if it["generation"] != float64(i+1) || it["current"] != (i == 1) || it["booted"] != (i == 0) {
			t.Errorf("generation %d: %v", i+1, it)
		}
	}
	if items[0]["configurationRevision"] != "1f0c2d3e4b5a69788796a5b4c3d2e1f001234567" || items[0]["storePath"] != m.store["full"] {
		t.Errorf("generation 1: %v", items[0])
	}
	if specs, _ := items[0]["specialisations"].([]any); len(specs) != 2 {
		t.Errorf("generation 1 specialisations: %v", items[0]["specialisations"])
	}
	if _, err := os.Stat(filepath.Join(m.stateDir, generation.CacheFileName)); err != nil {
		t.Errorf("no cache in the state directory: %v", err)
	}
	// Again, from the cache, and without it: the same answer.
	for _, args := range [][]string{{"generations", "--json"}, {"generations", "--json", "--no-cache"}} {
		if _, again, _ := genAskNix(t, "", args...); again != out {
			t.Errorf("%v differs:\n%s\n%s", args, again, out)
		}
	}
}

// Once the profile has settled, the JSON listing is kept as a memo and
// answered from it; a new generation is listed at once all the same.
func TestGenerationsJSONMemo(t *testing.T) {
	generationtest.PrivateStore(t) // a store nothing else builds into
	m := newGenMachine(t, []string{"full", "plain"}, 2, "full")
	memo := filepath.Join(m.stateDir, generation.MemoFileName)
	list := func(label string, want int) string {
		t.Helper()
		code, out, errOut := genAskNix(t, "", "generations", "--json")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", label, code, errOut)
		}
		if _, fresh, _ := genAskNix(t, "", "generations", "--json", "--no-cache"); fresh != out {
			t.Errorf("%s: differs from --no-cache:\n%s\n%s", label, out, fresh)
		}
		var items []map[string]any
		if err := json.Unmarshal([]byte(out), &items); err != nil || len(items) != want {
			t.Fatalf("%s: %d generations, want %d (%v): %s", label, len(items), want, err, out)
		}
		return out
	}
	list("unsettled", 2)
	if _, err := os.Stat(memo); !os.IsNotExist(err) {
		t.Errorf("memo kept while the profile directory was just changed (stat: %v)", err)
	}
	// The memo is kept only once the directories have been still for a
	// second (generation.racyMargin).
	time.Sleep(1100 * time.Millisecond)
	out := list("settled", 2)
	if data, err := os.ReadFile(memo); err != nil || !strings.HasSuffix(string(data), "\n"+out) {
		t.Fatalf("memo does not hold the listing (%v): %.200s", err, data)
	}
	list("from the memo", 2)

	if _, err := (nixrun.Exec{}).Run(context.Background(), nixrun.Cmd{Argv: []string{"nix-env", "-p", m.profile, "--set", m.store["newer"]}}); err != nil {
		t.Fatal(err)
	}
	out = list("new generation", 3)
	var items []map[string]any
	if json.Unmarshal([]byte(out), &items); items[2]["current"] != true || items[1]["current"] != false {
		t.Errorf("the new generation is not current: %s", out)
	}
}

func TestGenerationsMissingProfile(t *testing.T) {
	newGenMachine(t, []string{"full"}, 1, "")
	missing := filepath.Join(t.TempDir(), "nowhere", "system")
	code, _, errOut := genAskNix(t, "", "generations", "--profile", missing)
	if code != exitFailed || !strings.Contains(errOut, missing) || !strings.Contains(errOut, "Nothing was changed") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	empty := filepath.Join(t.TempDir(), "system")
	code, out, _ := genAskNix(t, "", "generations", "--profile", empty)
	if code != 0 || !strings.Contains(out, "No generations yet") {
		t.Errorf("empty profile: exit %d, %q", code, out)
	}
	code, out, _ = genAskNix(t, "", "generations", "--json", "--profile", empty)
	if code != 0 || out != "[]\n" {
		t.Errorf("empty profile --json: exit %d, %q", code, out)
	}
	// The folder of the profiles named for the profile: said which to name.
	m := newGenMachine(t, []string{"full"}, 1, "")
	code, out, _ = genAskNix(t, "", "generations", "--profile", filepath.Dir(m.profile))
	if code != 0 || !strings.Contains(out, "it is a folder, and the profile setting names the profile's link inside it, such as "+m.profile+" (--profile "+m.profile) {
		t.Errorf("a folder of profiles: exit %d, %q", code, out)
	}
}

func links(t *testing.T, profile string) []int {
	t.Helper()
	l, err := generation.ReadLinks(profile)
	if err != nil {
		t.Fatal(err)
	}
	return l.Numbers
}

func TestGCKeep(t *testing.T) {
	m := newGenMachine(t, []string{"full", "plain", "newer", "noVersion", "noKernel", "emptyDirs"}, 4, "plain")

	code, out, errOut := genAskNix(t, "", "gc", "--keep", "1", "--dry-run")
	if code != 0 {
		t.Fatalf("dry run: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"has 6 generations", "Keep 3: 2 (booted), 4 (current), 6", "Delete 3: 1, 3, 5 (not one of the newest 1)", "Dry run: nothing was deleted."} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	if got := links(t, m.profile); !slices.Equal(got, []int{1, 2, 3, 4, 5, 6}) {
		t.Fatalf("dry run deleted: %v", got)
	}

	// Not beside a pass: it may need the generation it would roll back to.
	l, err := flock.TryLock(reconciler.LockPath(m.stateDir), "nix-humanityd pass (watch)")
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut = genAskNix(t, "", "-y", "gc", "--keep", "2", "--collect")
	// Said before any plan: a plan printed and then refused reads as if
	// it ran.
	if code != exitFailed || !strings.Contains(errOut, "another pass is running") || !strings.Contains(errOut, "nothing was changed") || out != "" {
		t.Fatalf("gc during a pass: exit %d: stdout %q, stderr %s", code, out, errOut)
	}
	code, out, errOut = genAskNix(t, "", "-y", "gc", "--collect")
	if code != exitFailed || !strings.Contains(errOut, "another pass is running") || out != "" {
		t.Fatalf("gc --collect during a pass: exit %d: stdout %q, stderr %s", code, out, errOut)
	}
	// A dry run plans without the lock.
	if code, out, errOut = genAskNix(t, "", "gc", "--keep", "2", "--dry-run"); code != 0 || !strings.Contains(out, "Dry run: nothing was deleted.") {
		t.Fatalf("gc --dry-run during a pass: exit %d: %s %s", code, out, errOut)
	}
	l.Unlock()
	if got := links(t, m.profile); !slices.Equal(got, []int{1, 2, 3, 4, 5, 6}) {
		t.Fatalf("gc during a pass deleted: %v", got)
	}

	// No terminal to ask on: deleting needs -y, and nothing goes without.
	code, out, _ = genAskNix(t, "", "gc", "--keep", "2", "--json")
	if code != exitRefused || !strings.Contains(out, "deleting needs a yes: run it on a terminal to be asked, or pass -y; nothing was deleted") {
		t.Fatalf("gc without -y or a terminal: exit %d: %s", code, out)
	}
	if got := links(t, m.profile); !slices.Equal(got, []int{1, 2, 3, 4, 5, 6}) {
		t.Fatalf("gc without -y deleted: %v", got)
	}

	// A dry run's JSON says whether the store's garbage would be
	// collected after the plan: "collect" (added later).
	for _, c := range []struct {
		args []string
		want bool
	}{
		{[]string{"--dry-run", "--json", "gc", "--keep", "2"}, false},
		{[]string{"--dry-run", "--json", "gc", "--keep", "2", "--collect"}, true},
		{[]string{"--dry-run", "--json", "gc", "--collect"}, true},
	} {
		code, out, errOut = genAskNix(t, "", c.args...)
		var plan struct {
			DryRun, Collect bool
		}
		if err := json.Unmarshal([]byte(out), &plan); code != 0 || err != nil || !plan.DryRun || plan.Collect != c.want {
			t.Fatalf("%q: exit %d, %v, collect %v (want %v): %s %s", c.args, code, err, plan.Collect, c.want, out, errOut)
		}
	}

	code, out, errOut = genAskNix(t, "", "-y", "gc", "--keep", "2", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	var res struct {
		Profile string
		Keep    []struct {
			Generation int
			Reason     string
			Date, Time string
		}
		Delete []struct {
			Generation int
			Reason     string
			Date, Time string
		}
		DryRun  bool
		Deleted []int
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if res.Profile != m.profile || res.DryRun || !slices.Equal(res.Deleted, []int{1, 3}) || len(res.Keep) != 4 {
		t.Errorf("result %+v", res)
	}
	// Each generation's time is its date's moment in RFC 3339.
	for _, it := range append(slices.Clone(res.Keep), res.Delete...) {
		tm, err := time.Parse(time.RFC3339, it.Time)
		if err != nil || it.Date == "" || tm.In(time.Local).Format(generation.DateLayout) != it.Date {
			t.Errorf("gc --json: generation %d: time %q (%v), date %q", it.Generation, it.Time, err, it.Date)
		}
	}
	if got := links(t, m.profile); !slices.Equal(got, []int{2, 4, 5, 6}) {
		t.Errorf("left %v, want [2 4 5 6]", got)
	}
	// The listing after the delete, through the cache, shows what is left.
	_, out, _ = genAskNix(t, "", "generations", "--json")
	var gens []generation.Generation
	if err := json.Unmarshal([]byte(out), &gens); err != nil {
		t.Fatal(err)
	}
	var nums []int
	for _, g := range gens {
		nums = append(nums, g.Number)
	}
	if !slices.Equal(nums, []int{2, 4, 5, 6}) {
		t.Errorf("generations after gc: %v", nums)
	}
	// Again with keep 2: nothing goes, and it says why each stays (the
	// booted one is kept beyond the newest 2).
	code, out, errOut = genAskNix(t, "", "gc", "--keep", "2")
	if want := "Nothing to delete: every generation is kept: 2 (booted); 4 (current); 5-6 (one of the newest 2).\n"; code != 0 || !strings.Contains(out, want) {
		t.Errorf("nothing to delete: exit %d, want %q in:\n%s%s", code, want, out, errOut)
	}
}

func TestGCRefusals(t *testing.T) {
	m := newGenMachine(t, []string{"full", "plain", "newer"}, 3, "")
	for _, args := range [][]string{
		{"gc"},
		{"gc", "--keep", "0"},
		{"gc", "--keep", "-2"},
		{"gc", "--keep", "many"},
		{"gc", "--older-than", "soon"},
		{"gc", "--older-than", "30"},
		{"gc", "extra-argument", "--keep", "1"},
	} {
		code, _, errOut := genAskNix(t, "", args...)
		if code == 0 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	// A profile pointing at no generation: refused, nothing deleted.
	os.Remove(m.profile)
	if err := os.Symlink(m.store["full"], m.profile); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := genAskNix(t, "", "-y", "gc", "--keep", "1")
	if code != exitFailed || !strings.Contains(errOut, "nothing was deleted") {
		t.Errorf("no current: exit %d, %q", code, errOut)
	}
	if got := links(t, m.profile); !slices.Equal(got, []int{1, 2, 3}) {
		t.Errorf("left %v", got)
	}
}

func TestGCOlderThanAndCollect(t *testing.T) {
	generationtest.PrivateStore(t)
	m := newGenMachine(t, []string{"full", "plain", "newer", "noKernel"}, 4, "newer")
	// Age generations 1-3 by moving their links' times back.
	for n := 1; n <= 3; n++ {
		old := generation.LinkPath(m.profile, n)
		fi, err := os.Lstat(old)
		if err != nil {
			t.Fatal(err)
		}
		if err := generationtest.SetLinkTime(old, fi.ModTime().AddDate(0, 0, -40)); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := genAskNix(t, "", "-y", "gc", "--older-than", "30d", "--collect")
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	for _, want := range []string{"Keep 2: 3 (booted), 4 (current)", "Delete 2: 1-2 (older than 30d)", "Deleted 2 generations.", "Freed "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "ask-nix gc --collect frees the space") {
		t.Errorf("a collection is told to collect:\n%s", out)
	}
	for _, name := range []string{"full", "plain"} {
		if _, err := os.Lstat(m.store[name]); !os.IsNotExist(err) {
			t.Errorf("%s survived the collection", name)
		}
	}
	if _, err := os.Lstat(m.store["newer"]); err != nil {
		t.Errorf("the booted system's store path was collected: %v", err)
	}
}

// Free text: the intent carries keep / older-than / collect; without a
// limit it is refused (exit 2) with phrasings that work, and nothing runs.
func TestGCIntent(t *testing.T) {
	m := newGenMachine(t, []string{"full", "plain", "newer", "noKernel"}, 4, "")
	rec := &nixruntest.Recorder{}
	var out, errOut bytes.Buffer
	g := &globals{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, lookupEnv: os.LookupEnv, runner: rec, terminals: func() terminals { return terminals{} }}
	newRootCommand(g)

	err := runGCIntent(context.Background(), g, intent.Intent{Kind: intent.GC})
	var nu *intent.NotUnderstood
	if !errors.As(err, &nu) || len(nu.Suggestions) == 0 || g.exit(err) != exitRefused {
		t.Errorf("gc without a limit: %v", err)
	}
	if err := runGCIntent(context.Background(), g, intent.Intent{Kind: intent.GC, OlderThan: "sometime"}); !errors.As(err, &nu) {
		t.Errorf("gc older than nonsense: %v", err)
	}
	g.dryRun = true
	out.Reset()
	if err := runGCIntent(context.Background(), g, intent.Intent{Kind: intent.GC, Collect: true}); err != nil || !strings.Contains(out.String(), "no generation would be deleted") {
		t.Errorf("collect garbage, dry run: %v\n%s", err, out.String())
	}
	g.dryRun = false
	if len(rec.Calls()) != 0 {
		t.Fatalf("ran %v", rec.Argv0s())
	}
	// No terminal: refused without -y, nothing run.
	var rej *guard.Rejection
	if err := runGCIntent(context.Background(), g, intent.Intent{Kind: intent.GC, Keep: 2}); !errors.As(err, &rej) || rej.Code != guard.CodeNeedsYes || len(rec.Calls()) != 0 {
		t.Fatalf("gc without -y: %v, ran %v", err, rec.Argv0s())
	}
	g.yes = true
	if err := runGCIntent(context.Background(), g, intent.Intent{Kind: intent.GC, Keep: 2}); err != nil {
		t.Fatal(err)
	}
	if got := links(t, m.profile); !slices.Equal(got, []int{3, 4}) {
		t.Errorf("left %v", got)
	}
	if argv0 := rec.Argv0s(); !slices.Equal(argv0, []string{"nix-env"}) {
		t.Errorf("ran %v, want nix-env only (no collect asked)", argv0)
	}

	out.Reset()
	if err := runGenerationsIntent(context.Background(), g, intent.Intent{Kind: intent.ListGenerations}); err != nil {
		t.Fatal(err)
	}
	// Header, two generations, and what runs (no current-system link).
	if !strings.Contains(out.String(), "GEN  DATE") || strings.Count(out.String(), "\n") != 4 || !strings.Contains(out.String(), "\nrunning: not known (") {
		t.Errorf("generations intent printed:\n%s", out.String())
	}
}

// On a terminal without -y, gc asks first, naming the store's collection
// when it comes too; anything but yes deletes nothing (exit 1, as a no to
// an edit).
func TestGCAsksOnTerminal(t *testing.T) {
	m := newGenMachine(t, []string{"full", "plain", "newer"}, 3, "")
	for _, tt := range []struct {
		answer string
		left   []int
	}{{"n\n", []int{1, 2, 3}}, {"\n", []int{1, 2, 3}}, {"nope\n", []int{1, 2, 3}}, {"yes please\n", []int{3}}} {
		var out, errOut bytes.Buffer
		g := &globals{stdin: strings.NewReader(tt.answer), stdout: &out, stderr: &errOut, lookupEnv: os.LookupEnv, runner: nixrun.Exec{}, terminals: allTerminals}
		newRootCommand(g)
		err := runGC(context.Background(), g, gcRequest{policy: gcPolicy(1)})
		if yes := tt.answer == "yes please\n"; yes && err != nil || !yes && !errors.Is(err, errGCDeclined) {
			t.Fatalf("answer %q: %v", tt.answer, err)
		}
		if !strings.Contains(out.String(), "Delete 2 generations? [y/N]") {
			t.Errorf("no question:\n%s", out.String())
		}
		if got := links(t, m.profile); !slices.Equal(got, tt.left) {
			t.Errorf("answer %q: left %v, want %v", tt.answer, got, tt.left)
		}
	}
}

// With stdout piped (ask-nix gc --keep 1 | tee log), gc asks all the
// same, on stderr, with what it would delete.
func TestGCAsksOnStderrWhenStdoutPiped(t *testing.T) {
	m := newGenMachine(t, []string{"full", "plain", "newer"}, 3, "")
	var out, errOut bytes.Buffer
	g := &globals{stdin: strings.NewReader("n\n"), stdout: &out, stderr: &errOut, lookupEnv: os.LookupEnv, runner: nixrun.Exec{},
		terminals: func() terminals { return terminals{stdin: true, stderr: true} }}
	newRootCommand(g)
	if err := runGC(context.Background(), g, gcRequest{policy: gcPolicy(1)}); !errors.Is(err, errGCDeclined) {
		t.Fatalf("declined: %v", err)
	}
	if !strings.Contains(errOut.String(), "Delete 2: 1-2 ") || !strings.HasSuffix(errOut.String(), "Delete 2 generations? [y/N] ") {
		t.Errorf("stderr:\n%s", errOut.String())
	}
	if out.Len() != 0 {
		t.Errorf("stdout:\n%s", out.String())
	}
	if got := links(t, m.profile); len(got) != 3 {
		t.Errorf("left %v", got)
	}
}

// On a terminal a rollback asks first, naming both generations; no
// switches nothing.
func TestRollbackAsksOnTerminal(t *testing.T) {
	m := newGenMachine(t, []string{"full", "plain", "newer"}, 3, "")
	var out, errOut bytes.Buffer
	g := &globals{stdin: strings.NewReader("n\n"), stdout: &out, stderr: &errOut, lookupEnv: os.LookupEnv, runner: nixrun.Exec{}, terminals: allTerminals}
	newRootCommand(g)
	err := runRollbackIntent(context.Background(), g, intent.Intent{Kind: intent.Rollback})
	if err == nil || !strings.Contains(err.Error(), "you answered no; nothing was changed") {
		t.Fatalf("declined: %v", err)
	}
	// What the yes would change comes first (these stand-in systems
	// have the same packages: none).
	if out.String() != "Its packages are those of generation 3, the current one.\nSwitch from generation 3 to generation 2 and activate it (switch)? [Y/n] " {
		t.Errorf("question:\n%q", out.String())
	}
	if cur := links(t, m.profile); len(cur) != 3 {
		t.Errorf("generations %v", cur)
	}
}

// Under --json a rollback on a terminal asks too, as edits and gc do: the
// question goes to stderr and stdout stays JSON (here the error of the
// no); a dry run asks nothing and prints its one JSON result.
func TestRollbackJSONAsksOnTerminal(t *testing.T) {
	m := newGenMachine(t, []string{"full", "plain", "newer"}, 3, "")
	var out, errOut bytes.Buffer
	g := &globals{stdin: strings.NewReader("n\n"), stdout: &out, stderr: &errOut, lookupEnv: os.LookupEnv, runner: nixrun.Exec{}, terminals: allTerminals}
	root := newRootCommand(g)
	root.SetArgs([]string{"rollback", "--json"})
	if code := g.exit(root.ExecuteContext(context.Background())); code != exitFailed {
		t.Fatalf("declined: exit %d\n%s", code, errOut.String())
	}
	if errOut.String() != "Its packages are those of generation 3, the current one.\nSwitch from generation 3 to generation 2 and activate it (switch)? [Y/n] " {
		t.Errorf("question on stderr:\n%q", errOut.String())
	}
	if want := `{"error":{"code":"failed","reason":"not switched: you answered no; nothing was changed"}}` + "\n"; out.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", out.String(), want)
	}
	if cur := links(t, m.profile); len(cur) != 3 {
		t.Errorf("generations %v", cur)
	}

	out.Reset()
	errOut.Reset()
	g = &globals{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, lookupEnv: os.LookupEnv, runner: nixrun.Exec{}, terminals: allTerminals}
	root = newRootCommand(g)
	root.SetArgs([]string{"rollback", "--json", "--dry-run"})
	if code := g.exit(root.ExecuteContext(context.Background())); code != exitOK {
		t.Fatalf("dry run: exit %d\n%s", code, errOut.String())
	}
	// These stand-in systems have no packages: none change.
	if want := fmt.Sprintf(`{"from":3,"packages":{"added":[],"changed":[],"removed":[]},"storePath":%q,"to":2}`+"\n", m.store["plain"]); out.String() != want || errOut.Len() != 0 {
		t.Errorf("dry run stdout:\n%s\nwant:\n%s\nstderr:\n%s", out.String(), want, errOut.String())
	}
}

// A pass that makes a generation while gc waits for its answer changes
// the plan: the old plan is not carried out.
func TestGCRefusesAPlanThatChanged(t *testing.T) {
	m := newGenMachine(t, []string{"full", "plain", "newer"}, 3, "")
	var out, errOut bytes.Buffer
	answer := &sideEffectReader{r: strings.NewReader("y\n"), before: func() {
		// What a pass does: a new generation, made current.
		link := generation.LinkPath(m.profile, 4)
		if err := os.Symlink(m.store["full"], link); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(m.profile); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Base(link), m.profile); err != nil {
			t.Fatal(err)
		}
	}}
	g := &globals{stdin: answer, stdout: &out, stderr: &errOut, lookupEnv: os.LookupEnv, runner: nixrun.Exec{}, terminals: allTerminals}
	newRootCommand(g)
	err := runGC(context.Background(), g, gcRequest{policy: gcPolicy(1)})
	if err == nil || !strings.Contains(err.Error(), "the generations changed since the plan was made") || !strings.Contains(err.Error(), "nothing was deleted") {
		t.Fatalf("gc after a pass: %v\n%s", err, out.String())
	}
	if got := links(t, m.profile); !slices.Equal(got, []int{1, 2, 3, 4}) {
		t.Errorf("left %v, want all four", got)
	}
}

// sideEffectReader runs before once, on the first read.
type sideEffectReader struct {
	r      io.Reader
	before func()
}

func (s *sideEffectReader) Read(p []byte) (int, error) {
	if s.before != nil {
		s.before()
		s.before = nil
	}
	return s.r.Read(p)
}

// The table is the example, character for character.
func TestGenerationsTableLayout(t *testing.T) {
	gens := []generation.Generation{
		{Number: 41, Date: "2026-11-20 09:12:44", NixosVersion: "25.11.1234", KernelVersion: "6.12.9", Booted: true},
		{Number: 42, Date: "2026-11-24 18:03:10", NixosVersion: "25.11.1300", KernelVersion: "6.12.9"},
		{Number: 43, Date: "2026-11-25 17:31:02", NixosVersion: "25.11.1300", KernelVersion: "6.12.9", Current: true},
	}
	want := `  GEN  DATE                 NIXOS       KERNEL   CURRENT
   41  2026-11-20 09:12:44  25.11.1234  6.12.9   booted
   42  2026-11-24 18:03:10  25.11.1300  6.12.9
   43  2026-11-25 17:31:02  25.11.1300  6.12.9   *
`
	for i := range gens {
		gens[i].StorePath = fmt.Sprintf("/nix/store/%d", gens[i].Number)
	}
	if got := string(generationsTable(gens, "/nix/store/43", "/run/current-system")); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// After a rollback with action boot, 43 is current and 42 runs.
	if got := string(generationsTable(gens, "/nix/store/42", "/run/current-system")); !strings.Contains(got, "6.12.9   running\n") || !strings.HasSuffix(got, "6.12.9   *\n") {
		t.Errorf("42 running:\n%s", got)
	}
	gens[2].Booted = true
	if got := string(generationsTable(gens[2:], "/nix/store/43", "/run/current-system")); !strings.HasSuffix(got, "6.12.9   * booted\n") {
		t.Errorf("current and booted:\n%s", got)
	}
	if got := string(generationsTable(gens, "/nix/store/41", "/run/current-system")); !strings.Contains(got, "6.12.9   running booted\n") {
		t.Errorf("41 running and booted:\n%s", got)
	}
}

// A generation built with system.configurationRevision (a flake's
// self.rev) shows it in a column of its own, git commits shortened; the
// others a dash. Without any, the table is as above.
func TestGenerationsTableRevision(t *testing.T) {
	gens := []generation.Generation{
		{Number: 41, Date: "2026-11-20 09:12:44", NixosVersion: "25.11.1234", KernelVersion: "6.12.9", StorePath: "/nix/store/41"},
		{Number: 42, Date: "2026-11-24 18:03:10", NixosVersion: "25.11.1300", KernelVersion: "6.12.9", StorePath: "/nix/store/42", ConfigurationRevision: "5836034a526d9c1e8f1bb0c3f4bd7b1c4f2d8e11"},
		{Number: 43, Date: "2026-11-25 17:31:02", NixosVersion: "25.11.1300", KernelVersion: "6.12.10", StorePath: "/nix/store/43", ConfigurationRevision: "5836034a526d-dirty", Current: true},
	}
	want := `  GEN  DATE                 NIXOS       KERNEL   REVISION             CURRENT
   41  2026-11-20 09:12:44  25.11.1234  6.12.9   -
   42  2026-11-24 18:03:10  25.11.1300  6.12.9   5836034a526d
   43  2026-11-25 17:31:02  25.11.1300  6.12.10  5836034a526d-dirty   *
`
	if got := string(generationsTable(gens, "/nix/store/43", "/run/current-system")); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestFormatRanges(t *testing.T) {
	for _, tt := range []struct {
		in   []int
		want string
	}{{nil, ""}, {[]int{1}, "1"}, {[]int{1, 2}, "1-2"}, {[]int{1, 2, 3, 5, 7, 8}, "1-3, 5, 7-8"}} {
		if got := formatRanges(tt.in); got != tt.want {
			t.Errorf("formatRanges(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// `gc --collect` alone collects garbage and deletes no generation.
func TestGCCollectOnly(t *testing.T) {
	generationtest.PrivateStore(t)
	m := newGenMachine(t, []string{"full", "plain"}, 2, "")
	// A store path no generation uses: garbage.
	garbage := m.store["newer"]
	code, out, errOut := genAskNix(t, "", "-y", "gc", "--collect", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	var res struct {
		Deleted   []int
		Collected struct{ StorePathsDeleted int }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(res.Deleted) != 0 || res.Collected.StorePathsDeleted == 0 {
		t.Errorf("result %+v", res)
	}
	if got := links(t, m.profile); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("generations %v after collect only", got)
	}
	if _, err := os.Lstat(garbage); !os.IsNotExist(err) {
		t.Errorf("%s (in no generation) survived: %v", garbage, err)
	}
	if _, err := os.Lstat(m.store["full"]); err != nil {
		t.Errorf("a generation's store path was collected: %v", err)
	}
}

// The free-text forms, through the real intent parser and the dispatch
// table, as runRequest will send them.
func TestFreeText(t *testing.T) {
	m := newGenMachine(t, []string{"full", "plain", "newer", "noKernel", "noVersion", "emptyDirs", "bare"}, 7, "plain")
	var out, errOut bytes.Buffer
	g := &globals{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, lookupEnv: os.LookupEnv, runner: nixrun.Exec{}, terminals: func() terminals { return terminals{} }}
	newRootCommand(g)
	g.yes = true // -y: no terminal to ask gc's question on
	do := func(text string) error {
		t.Helper()
		in, err := parse.Parse(text)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		run, ok := readOnlyRunners[in.Kind]
		if !ok {
			t.Fatalf("%q parsed as %s, which has no runner", text, in.Kind)
		}
		return run(context.Background(), g, in)
	}
	// Header, seven generations, and what runs (no current-system link).
	if err := do("what generations do I have"); err != nil || strings.Count(out.String(), "\n") != 9 || !strings.Contains(out.String(), "\nrunning: not known (") {
		t.Errorf("listing: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := do("clean up old generations, keep 5"); err != nil {
		t.Fatal(err)
	}
	if got := links(t, m.profile); !slices.Equal(got, []int{2, 3, 4, 5, 6, 7}) {
		t.Errorf("after keep 5: %v (2 is booted)", got)
	}
	// Generations 2 (booted) and 7 (current) are days old now; 3-6 not.
	for _, n := range []int{2, 3, 7} {
		if err := generationtest.SetLinkTime(generation.LinkPath(m.profile, n), time.Now().AddDate(0, 0, -40)); err != nil {
			t.Fatal(err)
		}
	}
	out.Reset()
	if err := do("delete generations older than 30 days"); err != nil {
		t.Fatal(err)
	}
	if got := links(t, m.profile); !slices.Equal(got, []int{2, 4, 5, 6, 7}) {
		t.Errorf("after older than 30 days: %v\n%s", got, out.String())
	}
}

// ask-nix generations and ask-nix status say the same of which
// generation is current, which one's system runs and which was booted,
// however the profile link, the running system's link and the booted
// one's stand: the table marks * on status's current generation,
// "running" on status's running one when that is another (and on no
// other generation that shares its system), "booted" on status's booted
// one.
func TestGenerationsAgreeWithStatus(t *testing.T) {
	for _, tc := range []struct {
		name    string
		order   []string
		current int
		// running and booted name the toplevel the links point at: ""
		// for no link, "outside" for a system no generation has.
		running, booted string
		// chain: the links point at a link in the run directory, which
		// points at the system (relative).
		chain bool
	}{
		{"current runs and was booted", []string{"full", "plain", "newer"}, 3, "newer", "newer", false},
		{"rollback with action boot: another runs", []string{"full", "plain", "newer"}, 3, "plain", "plain", false},
		{"booted an older one", []string{"full", "plain", "newer"}, 3, "newer", "full", false},
		{"the running system shared by two older generations", []string{"full", "plain", "full", "newer"}, 4, "full", "newer", false},
		{"the booted system shared by two older generations", []string{"full", "plain", "full", "newer"}, 4, "newer", "full", false},
		{"the current generation shares the running system", []string{"full", "plain", "full"}, 3, "full", "full", false},
		{"current rolled back to one that shares a newer one's system", []string{"full", "plain", "full"}, 1, "full", "full", false},
		{"a system outside the profile runs (action test)", []string{"full", "plain"}, 2, "outside", "plain", false},
		{"no running system link", []string{"full", "plain"}, 2, "", "", false},
		{"links through links", []string{"full", "plain", "newer"}, 3, "plain", "full", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newGenMachine(t, tc.order, tc.current, "")
			outside := m.store["bare"]
			link := func(name, which string) {
				t.Helper()
				if which == "" {
					return
				}
				target := m.store[which]
				if which == "outside" {
					target = outside
				}
				at := filepath.Join(m.runDir, name)
				if tc.chain {
					if err := os.Symlink(target, at+"-link"); err != nil {
						t.Fatal(err)
					}
					target = name + "-link"
				}
				if err := os.Symlink(target, at); err != nil {
					t.Fatal(err)
				}
			}
			link("current-system", tc.running)
			link("booted-system", tc.booted)

			code, out, errOut := genAskNix(t, "", "status", "--json")
			if code != 0 {
				t.Fatalf("status: exit %d: %s", code, errOut)
			}
			var st struct {
				Current int `json:"currentGeneration"`
				Running int `json:"runningGeneration"`
				Booted  int `json:"bootedGeneration"`
			}
			if err := json.Unmarshal([]byte(out), &st); err != nil {
				t.Fatalf("status --json: %v\n%s", err, out)
			}
			code, table, errOut := genAskNix(t, "", "generations", "--no-cache")
			if code != 0 {
				t.Fatalf("generations: exit %d: %s", code, errOut)
			}
			marked := map[string][]int{}
			for _, line := range strings.Split(strings.TrimSuffix(table, "\n"), "\n")[1:] {
				f := strings.Fields(line)
				n, err := strconv.Atoi(f[0])
				if err != nil {
					continue // a line under the table
				}
				for i := len(f) - 1; i > 0 && slices.Contains([]string{"*", "running", "booted", "missing"}, f[i]); i-- {
					marked[f[i]] = append(marked[f[i]], n)
				}
			}
			want := map[string][]int{"*": {st.Current}}
			if st.Running != 0 && st.Running != st.Current {
				want["running"] = []int{st.Running}
			}
			if st.Booted != 0 {
				want["booted"] = []int{st.Booted}
			}
			for _, mark := range []string{"*", "running", "booted"} {
				if !slices.Equal(marked[mark], want[mark]) {
					t.Errorf("%q marks generations %v; status says %v (current %d, running %d, booted %d)\n%s", mark, marked[mark], want[mark], st.Current, st.Running, st.Booted, table)
				}
			}
			if st.Current != tc.current {
				t.Errorf("status: current %d, want %d", st.Current, tc.current)
			}
			// --json says the same: "running" on status's running
			// generation (the current one too, which the table leaves
			// to *), "booted" on its booted one, on no other.
			for _, cache := range []string{"--no-cache", ""} {
				args := []string{"generations", "--json"}
				if cache != "" {
					args = append(args, cache)
				}
				code, js, errOut := genAskNix(t, "", args...)
				if code != 0 {
					t.Fatalf("generations --json: exit %d: %s", code, errOut)
				}
				var gens []struct {
					Number  int  `json:"generation"`
					Current bool `json:"current"`
					Running bool `json:"running"`
					Booted  bool `json:"booted"`
				}
				if err := json.Unmarshal([]byte(js), &gens); err != nil {
					t.Fatalf("generations --json: %v\n%s", err, js)
				}
				inJSON := map[string][]int{}
				for _, g := range gens {
					for mark, on := range map[string]bool{"current": g.Current, "running": g.Running, "booted": g.Booted} {
						if on {
							inJSON[mark] = append(inJSON[mark], g.Number)
						}
					}
				}
				wantJSON := map[string][]int{"current": {st.Current}}
				if st.Running != 0 {
					wantJSON["running"] = []int{st.Running}
				}
				if st.Booted != 0 {
					wantJSON["booted"] = []int{st.Booted}
				}
				for _, mark := range []string{"current", "running", "booted"} {
					if !slices.Equal(inJSON[mark], wantJSON[mark]) {
						t.Errorf("generations %v: %q is true on %v; status says %v\n%s", args[1:], mark, inJSON[mark], wantJSON[mark], js)
					}
				}
			}
			// What runs, said by both when no generation's mark says it.
			code, line, _ := genAskNix(t, "", "status")
			if code != 0 {
				t.Fatal(line)
			}
			switch tc.running {
			case "outside":
				if !strings.Contains(line, "running a system outside the profile") || !strings.Contains(table, "running: "+outside+", a system outside the profile (no generation has it: a test activation).") {
					t.Errorf("a system outside the profile runs:\nstatus: %s\ngenerations:\n%s", line, table)
				}
			case "":
				if !strings.Contains(line, "what runs is not known") || !strings.Contains(table, "running: not known") {
					t.Errorf("no running system link:\nstatus: %s\ngenerations:\n%s", line, table)
				}
			}
		})
	}
}
