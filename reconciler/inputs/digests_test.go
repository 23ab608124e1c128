package inputs

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// digestTree is a fragment and a folder of files, as the inputs are.
func digestTree(t *testing.T) (paths []string, conf string) {
	t.Helper()
	dir := t.TempDir()
	frag := filepath.Join(dir, "nix-humanity.nix")
	conf = filepath.Join(dir, "etc", "nixos")
	files := map[string]string{
		frag:                                      "{ pkgs, ... }: { }\n",
		filepath.Join(conf, "configuration.nix"):  "{ imports = [ ./modules ]; }\n",
		filepath.Join(conf, "modules", "a.nix"):   "{ services.a.enable = true; }\n",
		filepath.Join(conf, "modules", "b c.nix"): "{ }\n",
		filepath.Join(conf, "flake.lock"):         "{\"nodes\": {}}\n",
	}
	for p, s := range files {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("a.nix", filepath.Join(conf, "modules", "link.nix")); err != nil {
		t.Fatal(err)
	}
	return Paths(frag, []string{conf}), conf
}

// countOpens counts the files the hash reads until the test ends.
func countOpens(t *testing.T) *atomic.Int64 {
	var n atomic.Int64
	orig := openFile
	openFile = func(name string) (*os.File, error) {
		n.Add(1)
		return orig(name)
	}
	t.Cleanup(func() { openFile = orig })
	return &n
}

func hashWith(t *testing.T, d *Digests, paths []string) string {
	t.Helper()
	h, err := HashWith(d, paths, "action=switch")
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// The hash with digests is the hash without, cold or warm, and a warm
// one reads no file that did not change.
func TestDigestsSameHashFewerReads(t *testing.T) {
	paths, conf := digestTree(t)
	want, err := Hash(paths, "action=switch")
	if err != nil {
		t.Fatal(err)
	}
	opens := countOpens(t)
	d := NewDigests()
	// Files written just now are read every time (RacyMargin)...
	for range 2 {
		opens.Store(0)
		if got := hashWith(t, d, paths); got != want {
			t.Fatalf("hash with digests %s, without %s", got, want)
		}
		if opens.Load() != 5 {
			t.Fatalf("%d files read, want all 5 (changed within the margin)", opens.Load())
		}
	}
	// ...until they are RacyMargin old when read.
	d.now = func() time.Time { return time.Now().Add(RacyMargin + time.Second) }
	if got := hashWith(t, d, paths); got != want {
		t.Fatal("hash differs")
	}
	opens.Store(0)
	if got := hashWith(t, d, paths); got != want {
		t.Fatal("hash from the digests differs")
	}
	if opens.Load() != 0 {
		t.Fatalf("%d files read, want none", opens.Load())
	}
	// Through the file, too.
	file := filepath.Join(t.TempDir(), DigestsFileName)
	if err := d.Save(file); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("cache file %v %v, want mode 0600", fi, err)
	}
	loaded := LoadDigests(file)
	opens.Store(0)
	if got := hashWith(t, loaded, paths); got != want || opens.Load() != 0 {
		t.Fatalf("from the file: %d files read, hash same: %v", opens.Load(), got == want)
	}
	// One changed file is read again, the others not.
	if err := os.WriteFile(filepath.Join(conf, "flake.lock"), []byte("{\"nodes\": {\"x\": 1}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opens.Store(0)
	if got := hashWith(t, loaded, paths); got == want || opens.Load() != 1 {
		t.Fatalf("after a change: %d files read (want 1), hash changed: %v", opens.Load(), got != want)
	}
}

// The case a stat-keyed cache can get wrong: a file rewritten with the
// same size and its mtime put back (or within one tick of the file
// system's clock). It is seen every time, with the real clock (the
// digest was taken within RacyMargin of the change) and with a digest
// trusted by then (ctime moves; so does the inode of a file replaced by
// a rename, as editors save).
func TestDigestsSeeSameSizeSameMtimeEdits(t *testing.T) {
	for _, c := range []struct {
		name    string
		trusted bool
		rename  bool
	}{
		{"same second, real clock, written in place", false, false},
		{"same second, real clock, replaced by rename", false, true},
		{"trusted digest, written in place", true, false},
		{"trusted digest, replaced by rename", true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			paths, conf := digestTree(t)
			file := filepath.Join(conf, "configuration.nix")
			fi, err := os.Stat(file)
			if err != nil {
				t.Fatal(err)
			}
			d := NewDigests()
			if c.trusted {
				d.now = func() time.Time { return time.Now().Add(RacyMargin + time.Second) }
			}
			before := hashWith(t, d, paths)
			if again := hashWith(t, d, paths); again != before {
				t.Fatal("hash is not stable")
			}
			if c.trusted {
				// A real trusted digest is RacyMargin older than any change
				// after it; here the clock was moved instead, so the change
				// waits for the next tick of the file system's clock.
				time.Sleep(20 * time.Millisecond)
			}
			same := strings.Replace("{ imports = [ ./modules ]; }\n", "modules", "MODULES", 1)
			if c.rename {
				tmp := file + ".tmp"
				if err := os.WriteFile(tmp, []byte(same), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Rename(tmp, file); err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(file, []byte(same), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(file, fi.ModTime(), fi.ModTime()); err != nil {
				t.Fatal(err)
			}
			if after, err := os.Stat(file); err != nil || after.Size() != fi.Size() || !after.ModTime().Equal(fi.ModTime()) {
				t.Fatalf("the edit changed size or mtime: %v %v", after, err)
			}
			if hashWith(t, d, paths) == before {
				t.Fatal("an edit of the same size with the same mtime was not seen")
			}
			want, err := Hash(paths, "action=switch")
			if err != nil {
				t.Fatal(err)
			}
			if got := hashWith(t, d, paths); got != want {
				t.Fatal("hash with digests differs from the hash without")
			}
		})
	}
}

// A damaged cache file, or damaged lines in it, cost only reads.
func TestLoadDigestsDamaged(t *testing.T) {
	paths, _ := digestTree(t)
	want, err := Hash(paths)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, content := range map[string]string{
		"empty":        "",
		"json":         `{"x": 1}`,
		"wrong header": "nix-humanity input digests 9\n1 2 3 4 5 6 00 /x\n",
		"bad lines":    digestsHeader + "1 2 3\nx 2 3 4 5 6 " + strings.Repeat("0", 64) + " /x\n1 2 3 4 5 6 zz /y\n1 2 3 4 5 6 " + strings.Repeat("0", 64) + " \n",
		"missing":      "",
	} {
		file := filepath.Join(dir, name)
		if name != "missing" {
			if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		d := LoadDigests(file)
		if len(d.files) != 0 {
			t.Errorf("%s: %d entries", name, len(d.files))
		}
		if got, err := HashWith(d, paths); err != nil || got != want {
			t.Errorf("%s: %v, hash same: %v", name, err, got == want)
		}
	}
}

func FuzzParseDigest(f *testing.F) {
	f.Add([]byte("12 1700000000000000000 1700000000000000000 42 2049 1700000005000000000 " + strings.Repeat("ab", 32) + " /etc/nixos/a b.nix"))
	f.Add([]byte("1 2 3"))
	f.Fuzz(func(t *testing.T, line []byte) {
		p, e, ok := parseDigest(line)
		if !ok {
			return
		}
		again := appendDigest(nil, p, e)
		p2, e2, ok := parseDigest(again[:len(again)-1])
		if !ok || p2 != p || *e2 != *e {
			t.Fatalf("%q: round trip gave %q %+v", line, p2, e2)
		}
	})
}
