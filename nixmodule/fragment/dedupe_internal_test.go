package fragment

import (
	"fmt"
	"testing"
)

// dedupe keeps the first of each equal value, in order, for every kind,
// and tells apart values that only look alike.
func TestDedupe(t *testing.T) {
	items := func(vs ...Value) []Item {
		var out []Item
		for i, v := range vs {
			out = append(out, Item{Value: v, Trailing: fmt.Sprint(i)})
		}
		return out
	}
	for _, c := range []struct {
		name string
		in   []Item
		want []string // Trailing of the items kept
	}{
		{"packages", items(PkgRef(Path{"git"}), PkgRef(Path{"vim"}), PkgRef(Path{"git"})), []string{"0", "1"}},
		{"nested names", items(PkgRef(Path{"python3Packages", "requests"}), PkgRef(Path{"python3Packages.requests"}), PkgRef(Path{"python3Packages", "requests"})), []string{"0", "1"}},
		{"kinds apart", items(String("1"), Int(1), Bool(true), String("true"), Null(), Null(), Int(1)), []string{"0", "1", "2", "3", "4"}},
		{"lists", items(List(Int(1), Int(2)), List(Int(2), Int(1)), List(Int(1), Int(2))), []string{"0", "1"}},
		{"strings", items(String("a"), String("a "), String("a")), []string{"0", "1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, it := range dedupe(c.in) {
				got = append(got, it.Trailing)
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("kept %v, want %v", got, c.want)
			}
		})
	}
}
