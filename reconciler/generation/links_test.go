package generation

import "testing"

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
