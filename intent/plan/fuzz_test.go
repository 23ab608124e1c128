package plan

import (
	"strings"
	"testing"
)

// A diff applied to the old text gives the new one, for any two texts.
func FuzzDiff(f *testing.F) {
	f.Add("a\nb\nc\n", "a\nc\nd\n")
	f.Add("", "x\n")
	f.Add("x", "x\ny")
	f.Add(strings.Repeat("l\n", 20), strings.Repeat("l\n", 9)+"m\n"+strings.Repeat("l\n", 10))
	f.Fuzz(func(t *testing.T, old, new string) {
		if len(old) > 4000 || len(new) > 4000 {
			return
		}
		d := Diff("f", []byte(old), []byte(new), true, true)
		if (d == "") != (old == new) {
			t.Fatalf("empty diff %v for different texts", d == "")
		}
		if got := applyDiff(t, old, d); got != new {
			t.Fatalf("patch gives %q, want %q\n%s", got, new, d)
		}
	})
}
