package generation

import (
	"os"
	"path/filepath"
	"testing"
)

// Generation link names come from the profile folder: whatever is there
// must parse to a number only when it is exactly <prefix><n>-link.
func FuzzParseLinkName(f *testing.F) {
	for _, s := range []string{"system-1-link", "system-0-link", "system--1-link", "system-01-link", "system-9999999999999999999-link", "system", "system-x-link"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		n, ok := parseLinkName(name, "system-")
		if !ok {
			return
		}
		if n <= 0 {
			t.Fatalf("%q parsed to %d", name, n)
		}
		if name != LinkPath("system", n) {
			t.Fatalf("%q parsed to %d, which Nix would name %q", name, n, LinkPath("system", n))
		}
	})
}

// CurrentNumber reads the profile link on disk, as ReadLinks does,
// without listing the folder.
func TestCurrentNumberOnDisk(t *testing.T) {
	dir := t.TempDir()
	profile := filepath.Join(dir, "system")
	if got := CurrentNumber(profile); got != 0 {
		t.Fatalf("no profile: %d, want 0", got)
	}
	for _, tt := range []struct {
		target string
		want   int
	}{
		{"system-3-link", 3},
		{filepath.Join(dir, "system-12-link"), 12},
		{"/nix/store/abc-nixos-system", 0},
		{"system-03-link", 0},
	} {
		os.Remove(profile)
		if err := os.Symlink(tt.target, profile); err != nil {
			t.Fatal(err)
		}
		got := CurrentNumber(profile)
		if got != tt.want {
			t.Errorf("profile -> %s: %d, want %d", tt.target, got, tt.want)
		}
		if l, err := ReadLinks(profile); err != nil || l.Current != got {
			t.Errorf("profile -> %s: ReadLinks says %d (%v), CurrentNumber %d", tt.target, l.Current, err, got)
		}
	}
}
