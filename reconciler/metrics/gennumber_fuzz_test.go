package metrics

import (
	"strconv"
	"testing"
)

// FuzzGenNumber: the names in the profile folder are anyone's (a copy
// "system-05-link", a stray "system-+5-link"); the metrics count a name
// as generation n only when it is exactly the name Nix gives generation
// n, as ask-nix generations does, so the two never disagree on how many
// generations there are or which one is current.
func FuzzGenNumber(f *testing.F) {
	for _, s := range []string{"system-1-link", "system-1000-link", "system-0-link", "system--1-link", "system-9999999999-link", "system-x-link", "system--link", "system-1-link.tmp", "other-3-link", "system"} {
		f.Add("system", s)
	}
	f.Add("per-user", "per-user-3-link")
	f.Fuzz(func(t *testing.T, base, name string) {
		n, ok := genNumber(base, name)
		if !ok {
			if n != 0 {
				t.Fatalf("genNumber(%q, %q) = %d, not ok", base, name, n)
			}
			return
		}
		if n <= 0 {
			t.Fatalf("genNumber(%q, %q) = %d", base, name, n)
		}
		if want := base + "-" + strconv.Itoa(n) + "-link"; name != want {
			t.Fatalf("genNumber(%q, %q) = %d, but Nix names generation %d %q", base, name, n, n, want)
		}
	})
}
