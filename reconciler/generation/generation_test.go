package generation

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler/generation/generationtest"
)

// fixture is a profile directory of generation links over real
// toplevel-shaped store paths, with what listing it must show.
type fixture struct {
	profile string
	booted  string // the booted-system link
	running string // the current-system link: the booted system too
	want    []Generation
	store   map[string]string
}

// base is the first generation's date; later ones follow a minute apart.
var base = time.Date(2026, 1, 2, 10, 0, 0, 0, time.Local)

// newFixture lays out n generations: generation `gone` is a link to a store
// path that does not exist, generation `booted` the only one on the
// "newer" toplevel (the booted system), and the rest cycle through the
// other toplevels, some of which lack files. The profile points at
// `current`. Stray names that are not generation links sit beside them.
func newFixture(t testing.TB, n, current, booted, gone int) fixture {
	t.Helper()
	store := generationtest.Toplevels(t)
	var cycle []string
	for _, name := range generationtest.Names {
		if name != "newer" {
			cycle = append(cycle, name)
		}
	}
	storeDir := filepath.Dir(store["full"])
	dir := t.TempDir()
	profile := filepath.Join(dir, "system")
	f := fixture{profile: profile, store: store}
	for i := 1; i <= n; i++ {
		name := cycle[i%len(cycle)]
		target := store[name]
		switch i {
		case gone:
			name, target = "", filepath.Join(storeDir, "0000000000000000000000000000000a-nixos-system-gone")
		case booted:
			name, target = "newer", store["newer"]
		}
		when := base.Add(time.Duration(i) * time.Minute)
		if i%2 == 0 {
			when = when.Add(987654321 * time.Nanosecond) // sub-second part is not shown
		}
		generationtest.Link(t, LinkPath(profile, i), target, when)
		g := Generation{
			Number: i, Date: when.Format(DateLayout), DateRFC3339: when.Format(time.RFC3339), Time: when,
			Current: i == current, Booted: i == booted, Running: i == booted, StorePath: target,
			Specialisations: []string{}, Missing: i == gone,
		}
		if name != "" {
			w := generationtest.Want[name]
			g.NixosVersion, g.KernelVersion, g.ConfigurationRevision, g.Specialisations = w.NixosVersion, w.KernelVersion, w.ConfigurationRevision, w.Specialisations
		}
		f.want = append(f.want, g)
	}
	for _, stray := range []string{"system-01-link", "system-x-link", "system-0-link", "other-3-link", "system-link", "system-4-linkx"} {
		if err := os.Symlink(store["full"], filepath.Join(dir, stray)); err != nil {
			t.Fatal(err)
		}
	}
	if current > 0 {
		if err := os.Symlink(fmt.Sprintf("system-%d-link", current), profile); err != nil {
			t.Fatal(err)
		}
	}
	run := t.TempDir()
	f.booted = filepath.Join(run, "booted-system")
	if err := os.Symlink(store["newer"], f.booted); err != nil {
		t.Fatal(err)
	}
	f.running = filepath.Join(run, "current-system")
	if err := os.Symlink(store["newer"], f.running); err != nil {
		t.Fatal(err)
	}
	return f
}

func diffGens(t *testing.T, label string, got, want []Generation) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d generations, want %d", label, len(got), len(want))
	}
	bad := 0
	for i := range want {
		g, w := got[i], want[i]
		if !g.Time.Equal(w.Time.Truncate(0)) && !(g.Time.IsZero() && w.Time.IsZero()) {
			t.Errorf("%s: generation %d: time %v, want %v", label, w.Number, g.Time, w.Time)
		}
		g.Time, w.Time = time.Time{}, time.Time{}
		gj, _ := json.Marshal(g)
		wj, _ := json.Marshal(w)
		if !bytes.Equal(gj, wj) {
			t.Errorf("%s: generation %d:\n got %s\nwant %s", label, w.Number, gj, wj)
			if bad++; bad > 5 {
				t.FailNow()
			}
		}
	}
}

func TestList1000Generations(t *testing.T) {
	f := newFixture(t, 1000, 997, 990, 500)
	ctx := context.Background()

	got, err := Reader{Profile: f.profile, Booted: f.booted, Running: f.running}.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	diffGens(t, "no cache", got, f.want)

	// The same listing from an empty cache, from the cache it filled,
	// and from that cache saved and loaded again with the snapshot
	// trusted (the clock moved past the racy margin).
	cache := NewCache()
	cold, err := Reader{Profile: f.profile, Booted: f.booted, Running: f.running, Cache: cache}.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	diffGens(t, "cold cache", cold, f.want)
	later := func() time.Time { return time.Now().Add(2 * racyMargin) }
	warm, err := Reader{Profile: f.profile, Booted: f.booted, Running: f.running, Cache: cache, now: later}.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	diffGens(t, "warm cache", warm, f.want)
	file := filepath.Join(t.TempDir(), CacheFileName)
	if err := cache.Save(file); err != nil {
		t.Fatal(err)
	}
	loaded := LoadCache(file)
	if loaded.Len() != len(generationtest.Names) {
		t.Errorf("saved cache holds %d store paths, want %d (the dangling one is not cached)", loaded.Len(), len(generationtest.Names))
	}
	fromFile, err := Reader{Profile: f.profile, Booted: f.booted, Running: f.running, Cache: loaded, now: later}.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	diffGens(t, "cache file", fromFile, f.want)

	// The streamed JSON is the JSON of the generations, byte for byte,
	// read every way.
	loaded = LoadCache(file)
	for _, r := range []struct {
		label string
		r     Reader
	}{
		{"no cache", Reader{Profile: f.profile, Booted: f.booted, Running: f.running}},
		{"cold cache", Reader{Profile: f.profile, Booted: f.booted, Running: f.running, Cache: NewCache()}},
		{"warm cache", Reader{Profile: f.profile, Booted: f.booted, Running: f.running, Cache: cache, now: later}},
		{"cache file", Reader{Profile: f.profile, Booted: f.booted, Running: f.running, Cache: loaded, now: later}},
	} {
		l, err := r.r.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got, want bytes.Buffer
		if err := l.WriteJSON(&got); err != nil {
			t.Fatal(err)
		}
		if err := WriteJSON(&want, f.want); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: Listing.WriteJSON differs from WriteJSON of the generations (%d and %d bytes)", r.label, got.Len(), want.Len())
		}
		if l.Len() != 1000 {
			t.Errorf("%s: Len %d", r.label, l.Len())
		}
	}
}

// The JSON keys are the contract in DESIGN.md, exactly, for every
// generation, complete or not, from both encoders.
func TestJSONKeys(t *testing.T) {
	f := newFixture(t, 20, 7, 3, 5)
	gens, err := Reader{Profile: f.profile, Booted: f.booted, Running: f.running}.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// running was added later (the table's mark, in JSON), and time
	// (date in RFC 3339).
	want := []string{"booted", "configurationRevision", "current", "date", "generation", "kernelVersion", "nixosVersion", "running", "specialisations", "storePath", "time"}
	std, err := json.Marshal(gens)
	if err != nil {
		t.Fatal(err)
	}
	for _, enc := range [][]byte{std, AppendJSON(nil, gens)} {
		var items []map[string]any
		if err := json.Unmarshal(enc, &items); err != nil {
			t.Fatal(err)
		}
		if len(items) != 20 {
			t.Fatalf("%d items", len(items))
		}
		for i, it := range items {
			var keys []string
			for k := range it {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			w := want
			if i+1 == 5 {
				// The generation whose system is gone: one key added,
				// true; the others keep their meaning (empty metadata).
				w = []string{"booted", "configurationRevision", "current", "date", "generation", "kernelVersion", "missing", "nixosVersion", "running", "specialisations", "storePath", "time"}
				if it["missing"] != true || it["nixosVersion"] != "" || it["storePath"] == "" {
					t.Fatalf("generation 5, whose system is gone: %v", it)
				}
			}
			if !slices.Equal(keys, w) {
				t.Fatalf("generation %d: keys %v, want %v", i+1, keys, w)
			}
			// time is date's moment, with the zone's offset.
			if tm, err := time.Parse(time.RFC3339, it["time"].(string)); err != nil || tm.In(time.Local).Format(DateLayout) != it["date"] {
				t.Fatalf("generation %d: time %v (%v), date %v", i+1, it["time"], err, it["date"])
			}
			if _, ok := it["specialisations"].([]any); !ok {
				t.Fatalf("specialisations is %#v, want a list (never null)", it["specialisations"])
			}
		}
	}
	if !bytes.Equal(std, AppendJSON(nil, gens)) {
		t.Errorf("AppendJSON differs from encoding/json:\n%s\n%s", AppendJSON(nil, gens), std)
	}
}

func TestSummarize(t *testing.T) {
	f := newFixture(t, 1000, 997, 990, 500)
	s, err := Summarize(f.profile, f.booted)
	if err != nil {
		t.Fatal(err)
	}
	want := Summary{Count: 1000, Oldest: 1, Newest: 1000, Current: 997, Booted: 990}
	if s != want {
		t.Errorf("Summarize = %+v, want %+v", s, want)
	}
	// No booted link, no profile link.
	os.Remove(f.profile)
	s, err = Summarize(f.profile, filepath.Join(t.TempDir(), "booted-system"))
	if err != nil {
		t.Fatal(err)
	}
	if want := (Summary{Count: 1000, Oldest: 1, Newest: 1000}); s != want {
		t.Errorf("Summarize without links = %+v, want %+v", s, want)
	}
}

func TestListEmptyAndMissingProfile(t *testing.T) {
	dir := t.TempDir()
	gens, err := Reader{Profile: filepath.Join(dir, "system")}.List(context.Background())
	if err != nil || len(gens) != 0 {
		t.Errorf("empty profile directory: %v, %v; want no generations, no error", gens, err)
	}
	_, err = Reader{Profile: filepath.Join(dir, "nope", "system")}.List(context.Background())
	if err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("missing profile directory: %v, want an error naming it", err)
	}
}

// A profile link that points at a generation that is gone, or outside the
// profile: no generation is current, and none is dropped.
func TestNoCurrent(t *testing.T) {
	f := newFixture(t, 5, 0, 2, 0)
	for _, target := range []string{"system-9-link", "/elsewhere/system-3-link", f.store["full"]} {
		os.Remove(f.profile)
		if err := os.Symlink(target, f.profile); err != nil {
			t.Fatal(err)
		}
		gens, err := Reader{Profile: f.profile, Booted: f.booted, Running: f.running}.List(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		diffGens(t, "profile -> "+target, gens, f.want)
	}
}

// The listing agrees with nix-env --list-generations on a profile nix-env
// made, on numbers, dates and current, before and after switching and
// deleting.
func TestAgreesWithNixEnv(t *testing.T) {
	store := generationtest.Toplevels(t)
	profile := filepath.Join(t.TempDir(), "system")
	ctx := context.Background()
	nixEnv := func(args ...string) string {
		t.Helper()
		res, err := nixrun.Exec{}.Run(ctx, nixrun.Cmd{Argv: append([]string{"nix-env", "-p", profile}, args...)})
		if err != nil {
			t.Fatal(err)
		}
		return string(res.Stdout)
	}
	for i, name := range []string{"full", "plain", "newer", "noKernel"} {
		if i == 1 {
			time.Sleep(1100 * time.Millisecond) // so dates differ
		}
		nixEnv("--set", store[name])
	}
	compare := func(label string) {
		t.Helper()
		out := nixEnv("--list-generations")
		var want []string
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			want = append(want, strings.Join(strings.Fields(line), " "))
		}
		gens, err := Reader{Profile: profile, Cache: NewCache()}.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, g := range gens {
			line := strconv.Itoa(g.Number) + " " + g.Date
			if g.Current {
				line += " (current)"
			}
			got = append(got, line)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got %q\nwant %q (nix-env)", label, got, want)
		}
	}
	compare("after four --set")
	nixEnv("--switch-generation", "2")
	compare("after --switch-generation 2")
	nixEnv("--delete-generations", "1", "3")
	compare("after --delete-generations 1 3")
}

// A generation whose link could not be read (no target, no metadata)
// after one with everything: the streamed JSON carries nothing over.
func TestListingWriteJSONResetsEachGeneration(t *testing.T) {
	l := &Listing{
		links: []linkInfo{
			{number: 1, mtime: base.UnixNano(), target: "/nix/store/0000000000000000000000000000000a-nixos-system-a"},
			{number: 2},
			{number: 3, mtime: base.Add(time.Hour).UnixNano(), target: "/nix/store/0000000000000000000000000000000b-nixos-system-b"},
		},
		metas: []*Meta{
			{NixosVersion: "25.11", KernelVersion: "6.12.9", ConfigurationRevision: "abc", Specialisations: []string{"gpu"}},
			nil, nil,
		},
		current: 3,
		booted:  "/nix/store/0000000000000000000000000000000a-nixos-system-a",
	}
	var got, want bytes.Buffer
	if err := l.WriteJSON(&got); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&want, l.Generations()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("streamed:\n%s\nfrom Generations:\n%s", got.Bytes(), want.Bytes())
	}
	if bytes.Count(got.Bytes(), []byte(`"25.11"`)) != 1 || bytes.Count(got.Bytes(), []byte(`"gpu"`)) != 1 {
		t.Fatalf("metadata carried over:\n%s", got.Bytes())
	}
}

// Several generations can link to the booted system (a rollback, then the
// same edit again). One is marked booted, the same one Summarize and the
// status name: the current one when it is among them, else the newest.
func TestBootedSharedSystem(t *testing.T) {
	store := generationtest.Toplevels(t)
	for _, tc := range []struct {
		name    string
		targets []string // generation i+1 links to store[targets[i]]
		current int
		booted  int
	}{
		{"one", []string{"full", "newer", "full"}, 3, 2},
		{"current among them", []string{"newer", "full", "newer", "newer"}, 3, 3},
		{"current not among them", []string{"newer", "full", "newer", "full"}, 4, 3},
		{"none", []string{"full", "full"}, 2, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			profile := filepath.Join(dir, "system")
			for i, name := range tc.targets {
				generationtest.Link(t, LinkPath(profile, i+1), store[name], base.Add(time.Duration(i)*time.Minute))
			}
			if err := os.Symlink(fmt.Sprintf("system-%d-link", tc.current), profile); err != nil {
				t.Fatal(err)
			}
			booted := filepath.Join(t.TempDir(), "booted-system")
			if err := os.Symlink(store["newer"], booted); err != nil {
				t.Fatal(err)
			}
			gens, err := Reader{Profile: profile, Booted: booted}.List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			var marked []int
			for _, g := range gens {
				if g.Booted {
					marked = append(marked, g.Number)
				}
			}
			want := []int{tc.booted}
			if tc.booted == 0 {
				want = nil
			}
			if !slices.Equal(marked, want) {
				t.Errorf("marked booted %v, want %v", marked, want)
			}
			s, err := Summarize(profile, booted)
			if err != nil || s.Booted != tc.booted {
				t.Errorf("Summarize booted %d (%v), want %d", s.Booted, err, tc.booted)
			}
		})
	}
}

// "running" marks the one generation whose system runs, picked as the
// table and ask-nix status pick it: the current one when it shares the
// running system, else the newest that has it; none when no
// generation has it or nothing is known to run.
func TestRunningMark(t *testing.T) {
	f := newFixture(t, 12, 10, 3, 0)
	tests := []struct {
		name    string
		running func() string // the link to give the reader
		want    int           // 0: none marked
	}{
		{"the booted system, one generation's", func() string { return f.running }, 3},
		{"the current one's system, shared with older ones", func() string {
			return link(t, f.want[10-1].StorePath)
		}, 10},
		{"a system no generation has (a test activation)", func() string {
			return link(t, filepath.Join(filepath.Dir(f.store["full"]), "0000000000000000000000000000000b-nixos-system-test"))
		}, 0},
		{"not known", func() string { return "" }, 0},
		{"no such link", func() string { return filepath.Join(t.TempDir(), "current-system") }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gens, err := Reader{Profile: f.profile, Booted: f.booted, Running: tt.running()}.List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			var marked []int
			for _, g := range gens {
				if g.Running {
					marked = append(marked, g.Number)
				}
			}
			want := []int(nil)
			if tt.want != 0 {
				want = []int{tt.want}
			}
			if !slices.Equal(marked, want) {
				t.Errorf("running marked on %v, want %v", marked, want)
			}
		})
	}
}

// link makes a current-system link to target in a folder of its own.
func link(t *testing.T, target string) string {
	t.Helper()
	l := filepath.Join(t.TempDir(), "current-system")
	if err := os.Symlink(target, l); err != nil {
		t.Fatal(err)
	}
	return l
}
