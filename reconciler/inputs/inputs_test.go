package inputs

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/nix-humanity/nix-humanity/reconciler/generation"
)

// writeFile writes s to p, making p's folder first if need be.
func writeFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestHash(t *testing.T) {
	dir := t.TempDir()
	frag := filepath.Join(dir, "nix-humanity.nix")
	conf := filepath.Join(dir, "etc")
	writeFile(t, frag, "{ ... }: { }")
	writeFile(t, filepath.Join(conf, "configuration.nix"), "{ }")
	writeFile(t, filepath.Join(conf, ".git", "HEAD"), "ref")
	paths := Paths(frag, []string{conf, conf, filepath.Join(dir, "flake.lock")})
	if len(paths) != 3 {
		t.Fatalf("paths %v", paths)
	}
	h := func(settings ...string) string {
		t.Helper()
		s, err := Hash(paths, settings...)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base := h("action=switch")
	if h("action=switch") != base {
		t.Fatal("hash is not stable")
	}
	steps := []struct {
		name    string
		change  func()
		changes bool
	}{
		{"touch (same bytes)", func() { writeFile(t, frag, "{ ... }: { }") }, false},
		{"git internals", func() { writeFile(t, filepath.Join(conf, ".git", "HEAD"), "other") }, false},
		{"an editor's swap file", func() { writeFile(t, filepath.Join(conf, ".configuration.nix.swp"), "vim") }, false},
		{"an editor's backup", func() { writeFile(t, filepath.Join(conf, "configuration.nix~"), "{ }") }, false},
		{"fragment content", func() { writeFile(t, frag, "{ ... }: { a = 1; }") }, true},
		{"file in a watched folder", func() { writeFile(t, filepath.Join(conf, "hw.nix"), "{ }") }, true},
		{"missing path appears", func() { writeFile(t, filepath.Join(dir, "flake.lock"), "{}") }, true},
		{"symlink target", func() {
			if err := os.Symlink("configuration.nix", filepath.Join(conf, "link.nix")); err != nil {
				t.Fatal(err)
			}
		}, true},
	}
	prev := base
	for _, s := range steps {
		s.change()
		got := h("action=switch")
		if (got != prev) != s.changes {
			t.Fatalf("%s: changed=%v, want %v", s.name, got != prev, s.changes)
		}
		prev = got
	}
	// A fragment that is a symlink counts by its content.
	resolved := filepath.Join(dir, "elsewhere", "frag.nix")
	writeFile(t, resolved, "one")
	if err := os.Remove(frag); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(resolved, frag); err != nil {
		t.Fatal(err)
	}
	before := h("action=switch")
	writeFile(t, resolved, "two")
	if h("action=switch") == before {
		t.Fatal("a change behind a symlinked fragment is not seen")
	}
	if h("action=boot") == prev {
		t.Fatal("a different setting gives the same hash")
	}
	// Tagged, length-prefixed fields: moving bytes between settings is a change.
	if a, b := h("ab", "c"), h("a", "bc"); a == b {
		t.Fatal("settings run together")
	}
}

func TestEditorScratch(t *testing.T) {
	for name, want := range map[string]bool{
		".configuration.nix.swp": true, ".configuration.nix.swo": true, ".x.swx": true, "4913": true,
		"configuration.nix~": true, "#configuration.nix#": true, ".#configuration.nix": true, ".hw.nix.kate-swp": true,
		"configuration.nix": false, "flake.lock": false, ".swp": false, "#": false, "a.swp": false, ".envrc": false,
		"": false, "hardware-configuration.nix": false, ".sw": false,
		// What an ask-nix write killed before its rename leaves.
		".nix-humanity.nix.tmp-3435158936": true, ".flake.nix.tmp-1": true, "nix-humanity.nix.tmp-1": false, ".env.tmp-x": false,
	} {
		if got := EditorScratch(name); got != want {
			t.Errorf("EditorScratch(%q) = %v, want %v", name, got, want)
		}
	}
}

// A Snapshot has the same hash as Hash, and Changed names exactly the
// files a change touched.
func TestSnapshotChanged(t *testing.T) {
	dir := t.TempDir()
	frag := filepath.Join(dir, "nix-humanity.nix")
	conf := filepath.Join(dir, "etc")
	lock := filepath.Join(dir, "flake.lock")
	cfg := filepath.Join(conf, "configuration.nix")
	writeFile(t, frag, "{ ... }: { }")
	writeFile(t, cfg, "{ }")
	paths := Paths(frag, []string{conf, lock})
	take := func() *Snapshot {
		t.Helper()
		s, err := Take(paths, "action=switch")
		if err != nil {
			t.Fatal(err)
		}
		h, err := Hash(paths, "action=switch")
		if err != nil {
			t.Fatal(err)
		}
		if s.Hash != h {
			t.Fatalf("snapshot hash %s, Hash %s", s.Hash, h)
		}
		return s
	}
	steps := []struct {
		name   string
		change func()
		want   []string
	}{
		{"nothing", func() {}, nil},
		{"touch (same bytes)", func() { writeFile(t, cfg, "{ }") }, nil},
		{"an editor's swap file", func() { writeFile(t, filepath.Join(conf, ".configuration.nix.swp"), "vim") }, nil},
		{"the fragment", func() { writeFile(t, frag, "{ ... }: { a = 1; }") }, []string{frag}},
		{"a watched file", func() { writeFile(t, cfg, "{ b = 2; }") }, []string{cfg}},
		{"both", func() { writeFile(t, cfg, "{ b = 3; }"); writeFile(t, frag, "{ }") }, []string{cfg, frag}},
		{"a missing path appears", func() { writeFile(t, lock, "{}") }, []string{lock}},
		{"a new file in a folder", func() { writeFile(t, filepath.Join(conf, "hw.nix"), "{ }") }, []string{filepath.Join(conf, "hw.nix")}},
		{"a file goes", func() {
			if err := os.Remove(filepath.Join(conf, "hw.nix")); err != nil {
				t.Fatal(err)
			}
		}, []string{filepath.Join(conf, "hw.nix")}},
		{"a symlink", func() {
			if err := os.Symlink("configuration.nix", filepath.Join(conf, "link.nix")); err != nil {
				t.Fatal(err)
			}
		}, []string{filepath.Join(conf, "link.nix")}},
	}
	prev := take()
	for _, s := range steps {
		s.change()
		now := take()
		if got := now.Changed(prev); !slices.Equal(got, s.want) {
			t.Errorf("%s: changed %v, want %v", s.name, got, s.want)
		}
		prev = now
	}
	for p, d := range prev.Files {
		if d == "" {
			t.Errorf("%s has no digest", p)
		}
	}
}

// A watch path that is a symlink to a folder (/etc/nixos linked to a
// checkout): a change inside changes the hash, and the snapshot names
// the file under the link's name; a .git inside is still left out.
func TestHashThroughASymlinkedFolder(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "checkout")
	link := filepath.Join(dir, "nixos")
	conf := filepath.Join(real, "configuration.nix")
	for _, d := range []string{real, filepath.Join(real, ".git")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(conf, []byte("{ }"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	before, err := Take([]string{link})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := before.Files[filepath.Join(link, "configuration.nix")]; !ok || len(before.Files) != 1 {
		t.Fatalf("files %v", before.Files)
	}
	if err := os.WriteFile(filepath.Join(real, ".git", "index"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if h, _ := Hash([]string{link}); h != before.Hash {
		t.Fatal("a change inside .git changed the hash")
	}
	if err := os.WriteFile(conf, []byte("{ x = 1; }"), 0o644); err != nil {
		t.Fatal(err)
	}
	after, err := Hash([]string{link})
	if err != nil {
		t.Fatal(err)
	}
	if after == before.Hash {
		t.Fatal("a change inside the symlinked folder left the hash as it was")
	}
	d := NewDigests()
	if h, err := HashWith(d, []string{link}); err != nil || h != after {
		t.Fatalf("with digests: %s %v, want %s", h, err, after)
	}
}

// The daemon's state directory inside a watched folder (a playground,
// watchPaths of the fragment's folder) is no input: what each pass
// writes there must not change the hash, or each pass starts the next.
// The snapshot of a pass hashes alike.
func TestHashSkipsTheStateDirectory(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state")
	conf := filepath.Join(dir, "configuration.nix")
	if err := os.MkdirAll(state, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(conf, []byte("{ }"), 0o644); err != nil {
		t.Fatal(err)
	}
	skip := []string{state + "/"} // as a setting may give it
	before, err := HashSkipping(nil, skip, []string{dir}, "action=switch")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(state, "state.json"), []byte(`{"lastPassId": 9}`), 0o644); err != nil {
		t.Fatal(err)
	}
	after, err := HashSkipping(nil, skip, []string{dir}, "action=switch")
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Error("a write to the state directory changed the hash")
	}
	snap, err := TakeSkipping(skip, []string{dir}, "action=switch")
	if err != nil || snap.Hash != after || len(snap.Files) != 1 {
		t.Errorf("snapshot %+v %v, want the hash %s and configuration.nix alone", snap, err, after)
	}
	if h, _ := Hash([]string{dir}, "action=switch"); h == after {
		t.Error("without skipping, the state file is not hashed: the test proves nothing")
	}
	// The skipped folder itself, watched on purpose, is hashed.
	if h, _ := HashSkipping(nil, skip, []string{state}); h == func() string { h, _ := Hash(nil); return h }() {
		t.Error("the state directory given as a watch path hashed as nothing")
	}
	if err := os.WriteFile(conf, []byte("{ x = 1; }"), 0o644); err != nil {
		t.Fatal(err)
	}
	if h, _ := HashSkipping(nil, skip, []string{dir}, "action=switch"); h == after {
		t.Error("a change to the configuration did not change the hash")
	}
}

// fragmentFolder is a new folder that holds a fragment and is watched
// whole, as /etc/nixos may be: the folder, the paths a pass hashes and
// their hash.
func fragmentFolder(t *testing.T) (dir string, paths []string, hash string) {
	t.Helper()
	dir = t.TempDir()
	frag := filepath.Join(dir, "nix-humanity.nix")
	if err := os.WriteFile(frag, []byte("{ ... }: { }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	paths = Paths(frag, []string{dir})
	hash, err := Hash(paths)
	if err != nil {
		t.Fatal(err)
	}
	return dir, paths, hash
}

// A temporary file an ask-nix write killed before its rename left in a
// watched folder (the fragment's, /etc/nixos) is no change to the
// inputs: the fragment is as it was, and no pass need run for it.
func TestKilledWritersTempIsNoChange(t *testing.T) {
	dir, paths, before := fragmentFolder(t)
	if err := os.WriteFile(filepath.Join(dir, ".nix-humanity.nix.tmp-1861526457"), []byte("{ ... }: { environment"), 0o600); err != nil {
		t.Fatal(err)
	}
	if after, err := Hash(paths); err != nil || after != before {
		t.Fatalf("hash %s (%v) after a killed writer's temp file, %s before", after, err, before)
	}
	// Any other new file is a change.
	if err := os.WriteFile(filepath.Join(dir, "extra.nix"), []byte("{ }"), 0o644); err != nil {
		t.Fatal(err)
	}
	if after, _ := Hash(paths); after == before {
		t.Fatal("a new file in the watched folder is no change")
	}
}

// The links a build leaves in a watched folder (`nixos-rebuild build` or
// nix-build in /etc/nixos: result, result-man, and Nix's temporary name
// while it replaces one) are no inputs: made, changed or removed, the
// hash stays. Anything else of the kind is one: such a name that is no
// symlink into the store, a file, another name.
func TestResultLinksAreNoInputs(t *testing.T) {
	store := filepath.Join(generation.StoreDir(), "0c6kzph7l0dcbyvmfb5fpvdz6psl1ra6-nixos-system-x-25.11")
	for _, c := range []struct {
		name   string
		make   func(path string) error
		change bool
	}{
		{"result", link(store), false},
		{"result-man", link(store + "-man"), false},
		{"result-2", link(store), false},
		{"result.tmp-4242-1804289383", link(store), false},
		{"result", link("/home/me/system"), true},
		{"result", link("../nix/store/x"), true},
		{"result", file, true},
		{"result-man", file, true},
		{"results", link(store), true},
		{"my-result", link(store), true},
		{"result.nix", link(store), true},
		{".result", link(store), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, paths, before := fragmentFolder(t)
			p := filepath.Join(dir, c.name)
			if err := c.make(p); err != nil {
				t.Fatal(err)
			}
			after, err := Hash(paths)
			if err != nil {
				t.Fatal(err)
			}
			if (after != before) != c.change {
				t.Errorf("%s: hash changed %v, want %v", c.name, after != before, c.change)
			}
			if ResultLink(p) == c.change {
				t.Errorf("ResultLink(%s) = %v", c.name, !c.change)
			}
			snap, err := Take(paths)
			if err != nil {
				t.Fatal(err)
			}
			if _, in := snap.Files[p]; in != c.change || snap.Hash != after {
				t.Errorf("%s: in the snapshot %v, its hash %s (Hash %s)", c.name, in, snap.Hash, after)
			}
		})
	}
	// Given as a watch path itself, such a link counts by what it points
	// to, as any watch path does.
	dir := t.TempDir()
	p := filepath.Join(dir, "result")
	if err := os.Symlink(filepath.Join(dir, "target"), p); err != nil {
		t.Fatal(err)
	}
	before, _ := Hash([]string{p})
	if err := os.WriteFile(filepath.Join(dir, "target"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if after, _ := Hash([]string{p}); after == before {
		t.Error("a watch path named result is not hashed")
	}
}

func link(target string) func(string) error {
	return func(p string) error { return os.Symlink(target, p) }
}

func file(p string) error { return os.WriteFile(p, []byte("{ }"), 0o644) }
