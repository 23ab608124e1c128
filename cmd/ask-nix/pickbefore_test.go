package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler/generation"
)

// The newest generation made before a time, when the clock went back
// between generations: numbers only grow, so a generation made after
// one dated after the time was made after it too.
func TestPickBefore(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 12, 0, 0, 0, time.UTC) }
	gens := func(days ...int) []generation.Generation {
		var out []generation.Generation
		for i, d := range days {
			g := generation.Generation{Number: i + 1}
			if d != 0 {
				g.Time = day(d)
				g.Date = g.Time.Format(generation.DateLayout)
			}
			out = append(out, g)
		}
		return out
	}
	cutoff := day(20)
	for _, tc := range []struct {
		name             string
		gens             []generation.Generation
		pick, oldest     int
		outOfOrderPrefix string
	}{
		{"in order", gens(10, 15, 19, 21, 25), 3, 1, ""},
		{"none before", gens(21, 25), 0, 1, ""},
		{"all before", gens(10, 11), 2, 1, ""},
		{"an undated link skipped", gens(10, 0, 19, 21), 3, 1, ""},
		// Generation 4 made after 3 (dated 21st), with the clock set
		// back to the 5th: made after the cutoff all the same.
		{"clock set back after the cutoff", gens(10, 19, 21, 5, 26), 2, 4, "generation 4 "},
		// The clock back before the cutoff: the order of the dates
		// before it is not trusted either, but all were made before.
		{"clock set back before the cutoff", gens(10, 15, 12, 21), 3, 1, "generation 3 "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pick, oldest, ooo := pickBefore(tc.gens, cutoff)
			num := func(g *generation.Generation) int {
				if g == nil {
					return 0
				}
				return g.Number
			}
			if num(pick) != tc.pick || num(oldest) != tc.oldest {
				t.Errorf("pick %d, oldest %d; want %d, %d", num(pick), num(oldest), tc.pick, tc.oldest)
			}
			if got := fmt.Sprintf("%.13s", ooo); tc.outOfOrderPrefix == "" && ooo != "" || tc.outOfOrderPrefix != "" && got != tc.outOfOrderPrefix {
				t.Errorf("out of order: %q", ooo)
			}
		})
	}
}
