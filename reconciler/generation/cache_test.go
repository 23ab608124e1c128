package generation

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler/generation/generationtest"
)

func later() time.Time { return time.Now().Add(2 * racyMargin) }

// A snapshot taken less than racyMargin after the directory last changed
// is not trusted: a link's time set in place right after it is seen. Once
// the directory has settled, the snapshot is used as it is, which is why
// such an in-place change (touch -h, which Nix never does) is then not
// seen: the one limit the Cache documents.
func TestSnapshotRacyMargin(t *testing.T) {
	f := newFixture(t, 10, 10, 3, 0)
	ctx := context.Background()
	cache := NewCache()
	list := func(now func() time.Time) []Generation {
		t.Helper()
		gens, err := Reader{Profile: f.profile, Booted: f.booted, Running: f.running, Cache: cache, now: now}.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return gens
	}
	list(time.Now) // the directory was made just now: snapshot not trusted yet
	moved := base.Add(99 * time.Hour)
	if err := generationtest.SetLinkTime(LinkPath(f.profile, 4), moved); err != nil {
		t.Fatal(err)
	}
	f.want[3].Time, f.want[3].Date, f.want[3].DateRFC3339 = moved, moved.Format(DateLayout), moved.Format(time.RFC3339)
	diffGens(t, "racy snapshot re-read", list(time.Now), f.want)

	// Settled: the snapshot is used, so a second in-place change is not
	// seen until the directory changes.
	list(later)
	if err := generationtest.SetLinkTime(LinkPath(f.profile, 4), base); err != nil {
		t.Fatal(err)
	}
	diffGens(t, "settled snapshot", list(later), f.want)
}

// Links added or removed, and the profile switched, are seen at once even
// with a settled snapshot: each changes the directory or is read fresh.
func TestSnapshotSeesChanges(t *testing.T) {
	f := newFixture(t, 6, 6, 3, 0)
	cache := NewCache()
	list := func() []Generation { t.Helper(); return listWarm(t, f, cache) }
	diffGens(t, "first", list(), f.want)
	diffGens(t, "second", list(), f.want)

	when := base.Add(7 * time.Minute)
	generationtest.Link(t, LinkPath(f.profile, 7), f.store["newer"], when)
	f.want = append(f.want, Generation{Number: 7, Date: when.Format(DateLayout), DateRFC3339: when.Format(time.RFC3339), Time: when, StorePath: f.store["newer"],
		NixosVersion: "25.11.1400", KernelVersion: "6.12.10", ConfigurationRevision: "deadbeef", Specialisations: []string{"vm"}, Booted: true, Running: true})
	// 7 shares 3's booted (and running) system and neither is current:
	// the newer is the one marked booted and running.
	f.want[2].Booted, f.want[2].Running = false, false
	diffGens(t, "link added", list(), f.want)

	if err := os.Remove(LinkPath(f.profile, 2)); err != nil {
		t.Fatal(err)
	}
	f.want = append(f.want[:1], f.want[2:]...)
	diffGens(t, "link removed", list(), f.want)

	tmp := f.profile + ".tmp"
	if err := os.Symlink("system-4-link", tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, f.profile); err != nil {
		t.Fatal(err)
	}
	for i := range f.want {
		f.want[i].Current = f.want[i].Number == 4
	}
	diffGens(t, "switched", list(), f.want)
}

// A store path deleted after it was cached lists with empty fields: the
// store directory changed, so every cached path is checked again.
func TestCachedStorePathDeleted(t *testing.T) {
	generationtest.PrivateStore(t)
	f := newFixture(t, 8, 8, 5, 0)
	ctx := context.Background()
	cache := NewCache()
	list := func() []Generation { t.Helper(); return listWarm(t, f, cache) }
	diffGens(t, "before", list(), f.want)
	diffGens(t, "cached", list(), f.want)

	plain := f.store["plain"]
	if _, err := (nixrun.Exec{}).Run(ctx, nixrun.Cmd{Argv: []string{"nix-store", "--delete", plain}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(plain); err == nil {
		t.Fatalf("%s still exists after nix-store --delete", plain)
	}
	for i := range f.want {
		if f.want[i].StorePath == plain {
			f.want[i].NixosVersion, f.want[i].KernelVersion, f.want[i].ConfigurationRevision = "", "", ""
			f.want[i].Specialisations = []string{}
			f.want[i].Missing = true
		}
	}
	diffGens(t, "after deleting "+plain, list(), f.want)
}

func TestCacheFileDamaged(t *testing.T) {
	f := newFixture(t, 12, 12, 3, 7)
	ctx := context.Background()
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	cache := NewCache()
	// A snapshot taken later is trusted, so damage to it shows.
	if _, err := (Reader{Profile: f.profile, Booted: f.booted, Running: f.running, Cache: cache, now: later}).List(ctx); err != nil {
		t.Fatal(err)
	}
	if err := cache.Save(good); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string][]byte{
		"empty":        nil,
		"other header": append([]byte("nix-humanity generation cache 0\n"), data[len(cacheHeader):]...),
		"cut off":      data[:len(data)*2/3],
		"garbage":      []byte(cacheHeader + "S\tx\nP\t/a\t1\t2\nL\t3\t4\t/x\nL\tno\t1\t/y\n\x00\x01\t\t\t\t\t\n"),
		"not text":     bytes.Repeat([]byte{0xff, '\t', '\n'}, 100),
		"links out of order": []byte(cacheHeader + "P\t" + f.profile + "\t1\t1\t1\t1\t1\t1\t1\t1\n" +
			"L\t2\t1\t/x\nL\t1\t1\t/y\n"),
		// One link line damaged in a snapshot that is otherwise trusted:
		// skipping the line would drop a generation from the listing.
		"link line damaged": bytes.Replace(data, []byte("\nM\t3\t"), []byte("\nM\t3x\t"), 1),
		"S line damaged":    bytes.Replace(data, []byte("\nS\t"), []byte("\nS\t\t"), 1),
		"end missing":       bytes.TrimSuffix(data, []byte("E\n")),
	} {
		if name == "link line damaged" && bytes.Equal(content, data) {
			t.Fatal("no M line for generation 3 to damage")
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		gens, err := Reader{Profile: f.profile, Booted: f.booted, Running: f.running, Cache: LoadCache(path), now: later}.List(ctx)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		diffGens(t, name, gens, f.want)
	}
}

func TestCacheSaveRoundTripAndPrune(t *testing.T) {
	c := NewCache()
	c.put("/nix/store/a-x", Meta{NixosVersion: "1", KernelVersion: "6", ConfigurationRevision: "r", Specialisations: []string{"s1", "s2"}})
	c.put("/nix/store/b-x", Meta{Specialisations: []string{}})
	c.putSnapshot("/p/system", &snapshot{dir: stamp{1, 2, 3}, taken: 4, store: stamp{5, 6, 7}, storeTaken: 8,
		links: []linkInfo{{number: 1, mtime: 10, target: "/nix/store/a-x"}, {number: 3, mtime: 30}, {number: 4, mtime: 40, target: "/nix/store/b-x"}}}, true)
	path := filepath.Join(t.TempDir(), CacheFileName)
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	d := LoadCache(path)
	if d.Len() != 2 {
		t.Fatalf("loaded %d entries", d.Len())
	}
	if m, _ := d.get("/nix/store/a-x"); m.NixosVersion != "1" || m.KernelVersion != "6" || m.ConfigurationRevision != "r" || len(m.Specialisations) != 2 {
		t.Errorf("entry a: %+v", m)
	}
	s := d.snapshot("/p/system")
	if s == nil || s.dir != (stamp{1, 2, 3}) || s.taken != 4 || s.store != (stamp{5, 6, 7}) || s.storeTaken != 8 || len(s.links) != 3 || s.links[1] != (linkInfo{number: 3, mtime: 30}) ||
		s.links[0].target != "/nix/store/a-x" || s.links[0].entry == nil || s.links[0].entry.meta.NixosVersion != "1" {
		t.Errorf("snapshot: %+v", s)
	}
	// Saving d after using only entry b keeps only b and the snapshot.
	d = LoadCache(path)
	d.get("/nix/store/b-x")
	d.snapshot("/p/system")
	d.put("/nix/store/c-x", Meta{})
	if err := d.Save(path); err != nil {
		t.Fatal(err)
	}
	if e := LoadCache(path); e.Len() != 2 || e.snapshot("/p/system") == nil {
		t.Errorf("after prune: %d entries, snapshot %v", e.Len(), e.snapshot("/p/system"))
	} else if _, ok := e.get("/nix/store/a-x"); ok {
		t.Errorf("unused entry a survived the save")
	}
}

// While another process holds the cache's lock, Save leaves the file
// alone and does not fail: the listing it serves is already done.
func TestCacheSaveLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), CacheFileName)
	l, err := flock.TryLock(path+".lock", "test")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	c := NewCache()
	c.put("/nix/store/a-x", Meta{})
	if err := c.Save(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("cache written while locked: %v", err)
	}
}

func TestCutNumber(t *testing.T) {
	tests := []struct {
		in   string
		tab  bool
		n    int64
		rest string
		ok   bool
	}{
		{"0", false, 0, "", true},
		{"42\tx", true, 42, "x", true},
		{"-1\t", true, -1, "", true},
		{"1764000000123456789\t5", true, 1764000000123456789, "5", true},
		{"9223372036854775807", false, math.MaxInt64, "", true},
		{"-9223372036854775808", false, math.MinInt64, "", true},
		{"9223372036854775808", false, 0, "", false},
		{"-9223372036854775809", false, 0, "", false},
		{"12345678901234567890", false, 0, "", false},
		{"", false, 0, "", false},
		{"-", false, 0, "", false},
		{"\t1", true, 0, "", false},
		{"+1", false, 0, "", false},
		{"1a", false, 0, "", false},
		{"1", true, 0, "", false},     // the tab is required
		{"1\t2", false, 0, "", false}, // and refused at the end
	}
	for _, tt := range tests {
		n, rest, ok := cutNumber(tt.in, tt.tab)
		if n != tt.n || rest != tt.rest || ok != tt.ok {
			t.Errorf("cutNumber(%q, %v) = %d, %q, %v; want %d, %q, %v", tt.in, tt.tab, n, rest, ok, tt.n, tt.rest, tt.ok)
		}
	}
}

func FuzzParseCache(f *testing.F) {
	f.Add([]byte(cacheHeader + "S\t/nix/store/a\t1\t2\t3\ta\x1fb\nP\t/p\t1\t2\t3\t4\t5\t6\t7\t8\nL\t1\t2\t/nix/store/a\n"))
	f.Add([]byte(cacheHeader))
	f.Add([]byte("junk"))
	f.Fuzz(func(t *testing.T, b []byte) {
		entries, snaps := parseCache(b)
		c := NewCache()
		c.entries, c.loaded, c.snaps = nil, entries, snaps
		for i := range entries {
			entries[i].used = true
		}
		for k := range snaps {
			c.usedSnaps[k] = true
		}
		// What parses, formats to a file that parses to the same.
		e2, s2 := parseCache(c.format())
		for _, e := range entries {
			if !printable(e.path) {
				continue
			}
			if !slices.ContainsFunc(e2, func(x cacheEntry) bool { return x.path == e.path }) {
				t.Fatalf("entry %q lost in a round trip", e.path)
			}
		}
		for k, s := range snaps {
			if _, ok := s2[k]; !ok && printable(k) && len(s.links) > 0 && allPrintable(s.links) {
				t.Fatalf("snapshot %q lost in a round trip", k)
			}
		}
	})
}

func allPrintable(links []linkInfo) bool {
	for _, l := range links {
		if !printable(l.target) {
			return false
		}
	}
	return true
}

// When the store changes once and then settles, the next listing checks
// every store path again and saves the new store stamp, so the runs after
// it trust the store again instead of checking on every run.
func TestSettledStoreStampSaved(t *testing.T) {
	store := generationtest.PrivateStore(t)
	f := newFixture(t, 20, 20, 3, 0)
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), CacheFileName)
	list := func() {
		t.Helper()
		c := LoadCache(file)
		gens, err := Reader{Profile: f.profile, Booted: f.booted, Running: f.running, Cache: c, now: later}.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		diffGens(t, "listing", gens, f.want)
		if err := c.Save(file); err != nil {
			t.Fatal(err)
		}
	}
	list()
	// The store changes (as when something is built into it).
	if err := os.WriteFile(filepath.Join(store, ".probe"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(store, ".probe")); err != nil {
		t.Fatal(err)
	}
	now, err := stampOf(store)
	if err != nil {
		t.Fatal(err)
	}
	if s := LoadCache(file).snapshot(f.profile); s == nil || s.store == now {
		t.Fatalf("snapshot before: %+v", s)
	}
	list()
	s := LoadCache(file).snapshot(f.profile)
	if s == nil || s.store != now || !settled(s.store, later().UnixNano()) {
		t.Errorf("the settled store stamp was not saved: %+v, store now %+v", s, now)
	}
}

// Which listings check store paths one by one, and which write the file:
// only the ones that learn something a later run can use.
func TestChecksAndWrites(t *testing.T) {
	store := generationtest.PrivateStore(t)
	f := newFixture(t, 50, 50, 3, 0)
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), CacheFileName)
	var checks int
	real := exists
	exists = func(p string) bool { checks++; return real(p) }
	t.Cleanup(func() { exists = real })
	type result struct{ checks, writes int }
	run := func(label string, now func() time.Time, want result) {
		t.Helper()
		before, _ := os.ReadFile(file)
		checks = 0
		c := LoadCache(file)
		gens, err := Reader{Profile: f.profile, Booted: f.booted, Running: f.running, Cache: c, now: now}.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		diffGens(t, label, gens, f.want)
		if err := c.Save(file); err != nil {
			t.Fatal(err)
		}
		after, _ := os.ReadFile(file)
		got := result{checks: checks}
		if !bytes.Equal(before, after) {
			got.writes = 1
		}
		if got != want {
			t.Errorf("%s: %d store path checks, %d writes; want %d, %d", label, got.checks, got.writes, want.checks, want.writes)
		}
	}
	distinct := len(generationtest.Names) // the fixture's store paths

	run("first", later, result{checks: 0, writes: 1}) // everything read, nothing to check
	run("warm", later, result{0, 0})
	touch(t, filepath.Dir(f.profile))
	run("profile directory just changed", time.Now, result{0, 0}) // links read again, store paths vouched for
	run("profile directory settled", later, result{0, 1})         // a snapshot worth keeping
	touch(t, store)
	run("store just changed", time.Now, result{distinct, 0}) // checked, but the store may still be busy
	run("store changed, settled", later, result{distinct, 1})
	run("warm again", later, result{0, 0})
}

// listWarm lists f's generations through cache, with the clock past the
// racy margin (a snapshot is trusted).
func listWarm(t *testing.T, f fixture, cache *Cache) []Generation {
	t.Helper()
	gens, err := Reader{Profile: f.profile, Booted: f.booted, Running: f.running, Cache: cache, now: later}.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return gens
}

// touch changes dir as adding and removing an entry does.
func touch(t *testing.T, dir string) {
	t.Helper()
	p := filepath.Join(dir, ".probe")
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
}
