package catalog

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/catalogtest"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

func TestDirs(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	state := filepath.Join(t.TempDir(), "state")

	s := &settings.Settings{StateDir: state}
	if got := Dirs(s); !slices.Equal(got, []string{state, filepath.Join(cache, "nix-humanity")}) {
		t.Errorf("Dirs = %v", got)
	}
	if d, err := WriteDir(s); err != nil || d != state {
		t.Errorf("WriteDir = %q, %v; want the (creatable) state directory", d, err)
	}
	// A state directory that cannot be made: the user's cache.
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	s.StateDir = filepath.Join(file, "state")
	if d, err := WriteDir(s); err != nil || d != filepath.Join(cache, "nix-humanity") {
		t.Errorf("WriteDir = %q, %v; want the cache directory", d, err)
	}
	// Neither can be made: what to do instead.
	t.Setenv("XDG_CACHE_HOME", filepath.Join(file, "cache"))
	if _, err := WriteDir(s); err == nil || !strings.Contains(err.Error(), "no writable place for the index (tried "+s.StateDir+", "+filepath.Join(file, "cache", "nix-humanity")+"); nothing was changed. The index in the state directory serves every user: root builds it with sudo ask-nix index update") || !strings.HasSuffix(err.Error(), "set NIX_HUMANITY_INDEX_DIR (--index-dir) to a folder you can write") {
		t.Errorf("WriteDir with no place: %v", err)
	}
	s.IndexDir = "/somewhere/else"
	if got := Dirs(s); !slices.Equal(got, []string{"/somewhere/else"}) {
		t.Errorf("Dirs with an index directory = %v", got)
	}
	if _, _, err := OpenDefault(&settings.Settings{IndexDir: t.TempDir()}); !strings.Contains(err.Error(), "no package index yet") {
		t.Errorf("OpenDefault with no index: %v", err)
	}
}

func TestOpenDefaultNewest(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	s := &settings.Settings{StateDir: t.TempDir()}
	opts := filepath.Join(t.TempDir(), "options.json")
	os.WriteFile(opts, []byte(`{"a.enable": {"type": "boolean"}}`), 0o644)
	for _, d := range Dirs(s) {
		if _, err := (Update{Dir: d, KeepPackages: true, OptionsFrom: opts}).Run(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(s.StateDir, FileName), old, old)
	ix, path, err := OpenDefault(s)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if path != filepath.Join(cache, "nix-humanity", FileName) {
		t.Errorf("opened %s; want the newer one in the cache", path)
	}
}

func smallPackagesBr(t *testing.T) []byte {
	var b bytes.Buffer
	w := brotli.NewWriter(&b)
	w.Write(catalogtest.PackagesJSON(catalogtest.Real))
	w.Close()
	return b.Bytes()
}

func TestUpdateFromFiles(t *testing.T) {
	dir := t.TempDir()
	pkgFile := filepath.Join(t.TempDir(), "packages.json.br")
	os.WriteFile(pkgFile, smallPackagesBr(t), 0o644)
	var said []string
	res, err := Update{
		Dir: dir, PackagesFrom: pkgFile, OptionsFrom: catalogtest.OptionsGzPath(),
		Progress: func(f string, a ...any) { said = append(said, f) },
	}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(said) == 0 {
		t.Error("no progress")
	}
	ix, err := Open(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	m := ix.Meta()
	if ix.Packages() != len(catalogtest.Real) || ix.Options() != 20919 || m.Packages.Source != pkgFile || m.Packages.Format != "packages.json" ||
		m.Options.Source != catalogtest.OptionsGzPath() || m.Packages.Resolved == "" || res.Meta.Packages.Count != len(catalogtest.Real) {
		t.Errorf("index: %d packages, %d options, meta %+v", ix.Packages(), ix.Options(), m)
	}
	if r, _ := ix.Search("rg", 1); len(r) != 1 || r[0].Attr != "ripgrep" {
		t.Errorf("search rg = %v", r)
	}

	// Options only: the packages stay.
	opts := filepath.Join(t.TempDir(), "options.json")
	os.WriteFile(opts, []byte(`{"services.foo.enable": {"type": "boolean", "loc": ["services", "foo", "enable"]}}`), 0o644)
	if _, err := (Update{Dir: dir, KeepPackages: true, OptionsFrom: opts}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	ix2, _ := Open(filepath.Join(dir, FileName))
	defer ix2.Close()
	if ix2.Packages() != len(catalogtest.Real) || ix2.Options() != 1 || ix2.Meta().Packages.Source != pkgFile {
		t.Errorf("after an options-only update: %d packages, %d options, %+v", ix2.Packages(), ix2.Options(), ix2.Meta())
	}

	// A bad file: an error, and the index is as it was.
	before, _ := os.ReadFile(filepath.Join(dir, FileName))
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"version": 2, "packages": {"a": `), 0o644)
	if _, err := (Update{Dir: dir, PackagesFrom: bad}).Run(context.Background()); err == nil || !strings.Contains(err.Error(), "not valid JSON") {
		t.Errorf("bad file: %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, FileName))
	if !bytes.Equal(before, after) {
		t.Error("a failed update changed the index")
	}
}

func TestUpdateLocked(t *testing.T) {
	dir := t.TempDir()
	l, err := flock.TryLock(filepath.Join(dir, lockName), "another update")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	_, err = Update{Dir: dir, OptionsFrom: catalogtest.OptionsGzPath(), KeepPackages: true}.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "another update") || !strings.Contains(err.Error(), "wait for it to end, then try again") {
		t.Errorf("err = %v; want it to name the holder and say what to do", err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); !os.IsNotExist(err) {
		t.Error("wrote an index without the lock")
	}
}

func TestUpdateFromNix(t *testing.T) {
	nixruntest.RequireNix(t)
	np := filepath.Join(t.TempDir(), "nixpkgs")
	os.MkdirAll(np, 0o755)
	os.WriteFile(filepath.Join(np, "default.nix"), []byte(`{ ... }: {
  hello = derivation { name = "hello-2.12"; pname = "hello"; version = "2.12"; system = builtins.currentSystem;
    builder = "/bin/sh"; args = [ "-c" "echo hi > $out" ]; } // { meta = { description = "A greeting"; mainProgram = "hello"; }; };
}`), 0o644)
	dir := t.TempDir()
	var sawBytes bool
	_, err := Update{Dir: dir, Nixpkgs: np, Runner: nixrun.Exec{}, NixProgress: func(b, _ int64) { sawBytes = sawBytes || b > 0 }}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ix, _ := Open(filepath.Join(dir, FileName))
	defer ix.Close()
	p, ok := ix.Lookup("hello")
	if !ok || p.MainProgram != "hello" || p.Version != "2.12" || ix.Meta().Packages.Format != "nix-env" || ix.Meta().Packages.Source != np {
		t.Errorf("hello = %+v, %v; meta %+v", p, ok, ix.Meta())
	}
	if !sawBytes {
		t.Error("no progress while nix-env ran")
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	pkgFile := filepath.Join(t.TempDir(), "packages.json.br")
	os.WriteFile(pkgFile, smallPackagesBr(t), 0o644)
	t0 := time.Date(2025, 2, 1, 12, 0, 0, 0, time.UTC)
	if _, err := (Update{Dir: dir, PackagesFrom: pkgFile, OptionsFrom: catalogtest.OptionsGzPath(), Now: func() time.Time { return t0 }}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	ix, _ := Open(filepath.Join(dir, FileName))
	defer ix.Close()
	ttl := 5 * time.Minute
	if f := ix.Check(t0.Add(time.Minute), ttl, ""); f.Stale || f.PackagesChanged || f.Age != time.Minute {
		t.Errorf("fresh: %+v", f)
	}
	// Past the cache lifetime, age alone is nothing to act on: the
	// sources are looked at, and they did not change.
	if f := ix.Check(t0.Add(time.Hour), ttl, catalogtest.OptionsGzPath()); f.Stale || f.PackagesChanged || f.OptionsChanged {
		t.Errorf("old but unchanged: %+v", f)
	}
	if f := ix.Check(t0.Add(400*24*time.Hour), ttl, catalogtest.OptionsGzPath()); f.Stale {
		t.Errorf("a year old but unchanged: %+v", f)
	}
	if f := ix.Check(t0.Add(time.Hour), ttl, "/etc/other-options.json"); !f.OptionsChanged || !f.Stale {
		t.Errorf("another options file configured: %+v", f)
	}
	os.WriteFile(pkgFile, append(smallPackagesBr(t), 0), 0o644)
	if f := ix.Check(t0.Add(time.Hour), ttl, ""); !f.PackagesChanged || !f.Stale {
		t.Errorf("packages file changed: %+v", f)
	}
	if f := ix.Check(t0.Add(time.Minute), ttl, ""); f.Stale || f.PackagesChanged {
		t.Errorf("changed, but within the cache lifetime (not looked at): %+v", f)
	}
}

// Stale means `ask-nix index update` would change something: a source
// that changed, or one that cannot be checked cheaply (a flake) after
// UncheckedMaxAge; never the age of an index whose sources are as they
// were.
func TestCheckStaleMeansActionable(t *testing.T) {
	t0 := time.Date(2025, 2, 1, 12, 0, 0, 0, time.UTC)
	store := t.TempDir()
	nixpkgs := filepath.Join(t.TempDir(), "nixpkgs")
	os.Symlink(store, nixpkgs)
	ttl := 5 * time.Minute
	for _, tc := range []struct {
		name  string
		meta  Meta
		age   time.Duration
		stale bool
	}{
		{"flake, a day old", Meta{Packages: Origin{Source: "github:NixOS/nixpkgs/nixos-unstable", Format: "nix-search", Built: t0}}, 24 * time.Hour, false},
		{"flake, past the unchecked age", Meta{Packages: Origin{Source: "github:NixOS/nixpkgs/nixos-unstable", Format: "nix-search", Built: t0}}, UncheckedMaxAge + time.Hour, true},
		{"nixpkgs path, unchanged for a year", Meta{Packages: Origin{Source: nixpkgs, Format: "nix-env", Resolved: mustResolve(t, nixpkgs), Built: t0}}, 365 * 24 * time.Hour, false},
		{"nixpkgs path, now elsewhere", Meta{Packages: Origin{Source: nixpkgs, Format: "nix-env", Resolved: "/nix/store/old-nixpkgs", Built: t0}}, time.Hour, true},
		{"options file gone", Meta{Options: Origin{Source: filepath.Join(store, "gone.json"), Format: "options.json", Resolved: "size 2", Built: t0}}, time.Hour, true},
	} {
		ix := &Index{meta: tc.meta}
		if f := ix.Check(t0.Add(tc.age), ttl, ""); f.Stale != tc.stale {
			t.Errorf("%s: %+v, want stale %v", tc.name, f, tc.stale)
		}
	}
}

func mustResolve(t *testing.T, p string) string {
	t.Helper()
	r, ok := resolveSource(p, "nix-env")
	if !ok {
		t.Fatalf("resolveSource(%s) not ok", p)
	}
	return r
}

func TestLookupNixPath(t *testing.T) {
	chans := t.TempDir()
	os.MkdirAll(filepath.Join(chans, "nixpkgs"), 0o755)
	tests := []struct {
		name, nixPath, want string
		ok                  bool
	}{
		{"nixpkgs", "nixpkgs=/src/nixpkgs", "/src/nixpkgs", true},
		{"nixpkgs", "other=/x:nixpkgs=/src/nixpkgs", "/src/nixpkgs", true},
		{"nixpkgs/nixos", "nixpkgs=/src/nixpkgs", "/src/nixpkgs/nixos", true},
		{"nixpkgs", chans, filepath.Join(chans, "nixpkgs"), true},
		{"nixpkgs", "nixpkgs=flake:nixpkgs", "", false},
		{"nixpkgs", "nixpkgs=https://example.org/x.tar.gz", "", false},
		{"nixpkgs", "", "", false},
	}
	for _, tt := range tests {
		got, ok := lookupNixPath(tt.name, tt.nixPath)
		if got != tt.want || ok != tt.ok {
			t.Errorf("lookupNixPath(%q, %q) = %q, %v; want %q, %v", tt.name, tt.nixPath, got, ok, tt.want, tt.ok)
		}
	}
}

// An index of only the options in the user's cache, newer than the state
// directory's full one, must not hide it: package names would go
// unchecked. Of two alike, the newer is opened.
func TestOpenDefaultFullestThenNewest(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	s := &settings.Settings{StateDir: t.TempDir()}
	opts := filepath.Join(t.TempDir(), "options.json")
	os.WriteFile(opts, []byte(`{"a.enable": {"type": "boolean"}}`), 0o644)
	pkgs := filepath.Join(t.TempDir(), "packages.json")
	os.WriteFile(pkgs, catalogtest.PackagesJSON(catalogtest.Real), 0o644)
	state := filepath.Join(s.StateDir, FileName)
	user := filepath.Join(cache, "nix-humanity", FileName)
	build := func(dir string, withPackages bool, age time.Duration) {
		t.Helper()
		u := Update{Dir: dir, KeepPackages: true, OptionsFrom: opts}
		if withPackages {
			u.KeepPackages, u.PackagesFrom = false, pkgs
		}
		if _, err := u.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(-age)
		os.Chtimes(filepath.Join(dir, FileName), at, at)
	}
	for _, tt := range []struct {
		name                 string
		statePkgs, userPkgs  bool
		stateAge, userAge    time.Duration
		want                 string
		wantPackagesInOpened bool
	}{
		{"options-only newer in the cache", true, false, time.Hour, 0, state, true},
		{"options-only newer in the state directory", false, true, 0, time.Hour, user, true},
		{"both full: the newer", true, true, time.Hour, 0, user, true},
		{"both full, the state directory's newer", true, true, 0, time.Hour, state, true},
		{"both options only: the newer", false, false, 0, time.Hour, state, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(state)
			os.Remove(user)
			build(s.StateDir, tt.statePkgs, tt.stateAge)
			build(filepath.Dir(user), tt.userPkgs, tt.userAge)
			ix, path, err := OpenDefault(s)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if path != tt.want || ix.HasPackages() != tt.wantPackagesInOpened {
				t.Errorf("opened %s (packages: %v); want %s", path, ix.HasPackages(), tt.want)
			}
		})
	}
	// A damaged newest one with a good older one: the good one.
	os.WriteFile(user, []byte("not an index"), 0o644)
	ix, path, err := OpenDefault(s)
	if err != nil || path != state {
		t.Errorf("with a damaged cache index: %s, %v; want %s", path, err, state)
	}
	ix.Close()
	// Only a damaged one: its error, naming it.
	os.Remove(state)
	if _, path, err := OpenDefault(s); err == nil || path != user || !strings.Contains(err.Error(), "rebuild it") {
		t.Errorf("with only a damaged index: %s, %v", path, err)
	}
}

// An update removes the temporary files a killed update left beside the
// index (each the size of a whole index), and only those: another
// file's temporary file, or a person's file, stays.
func TestUpdateRemovesWhatAKilledUpdateLeft(t *testing.T) {
	dir := t.TempDir()
	stale := []string{"." + FileName + ".tmp-123", "." + FileName + ".tmp-4567"}
	kept := []string{".state.json.tmp-1", FileName + ".bak", "notes.txt"}
	for _, n := range append(slices.Clone(stale), kept...) {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("half an index"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := (Update{Dir: dir, OptionsFrom: catalogtest.OptionsGzPath(), KeepPackages: true}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, n := range stale {
		if _, err := os.Stat(filepath.Join(dir, n)); !os.IsNotExist(err) {
			t.Errorf("%s is still there (%v)", n, err)
		}
	}
	for _, n := range kept {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s was removed: %v", n, err)
		}
	}
}
