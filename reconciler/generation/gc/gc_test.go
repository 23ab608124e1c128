package gc

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler/generation"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// gens makes n generations, one a day, the newest made a day ago;
// current and booted name generation numbers (0: none).
func gens(n, current int, booted ...int) []generation.Generation {
	var out []generation.Generation
	for i := 1; i <= n; i++ {
		when := now.Add(-time.Duration(n-i+1) * 24 * time.Hour)
		out = append(out, generation.Generation{
			Number: i, Date: when.Format(generation.DateLayout), DateRFC3339: when.Format(time.RFC3339), Time: when,
			Current: i == current, Booted: slices.Contains(booted, i),
		})
	}
	return out
}

func numbers(items []Item) []int {
	out := []int{}
	for _, it := range items {
		out = append(out, it.Generation)
	}
	return out
}

func TestSelect(t *testing.T) {
	noDate := gens(4, 4)
	noDate[0].Time, noDate[0].Date = time.Time{}, ""
	gapped := gens(10, 10)
	gapped = append(gapped[:2], gapped[6:]...) // 1 2 7 8 9 10

	tests := []struct {
		name   string
		gens   []generation.Generation
		policy Policy
		delete []int
		err    error
	}{
		{"keep 3, current newest", gens(10, 10), Policy{Keep: 3}, []int{1, 2, 3, 4, 5, 6, 7}, nil},
		{"keep 1 keeps only the current", gens(5, 5), Policy{Keep: 1}, []int{1, 2, 3, 4}, nil},
		{"keep more than there are", gens(4, 4), Policy{Keep: 10}, []int{}, nil},
		{"keep exactly as many as there are", gens(4, 4), Policy{Keep: 4}, []int{}, nil},
		{"current not the newest is kept too", gens(10, 5), Policy{Keep: 2}, []int{1, 2, 3, 4, 6, 7, 8}, nil},
		{"booted older than the kept window", gens(10, 10, 2), Policy{Keep: 3}, []int{1, 3, 4, 5, 6, 7}, nil},
		{"current and booted both old", gens(10, 1, 3), Policy{Keep: 2}, []int{2, 4, 5, 6, 7, 8}, nil},
		{"every booted generation kept (shared store path)", gens(6, 6, 1, 2), Policy{Keep: 1}, []int{3, 4, 5}, nil},
		{"keep counts by number, gaps and all", gapped, Policy{Keep: 3}, []int{1, 2, 7}, nil},
		{"protected ones kept (running, rollback target)", gens(8, 8, 1), Policy{Keep: 1, Protect: map[int]string{3: "running", 5: "what an activation cut short goes back to"}}, []int{2, 4, 6, 7}, nil},
		{"older than 5 days", gens(10, 10), Policy{OlderThan: 5 * 24 * time.Hour}, []int{1, 2, 3, 4, 5}, nil},
		{"older than keeps an old current", gens(10, 2), Policy{OlderThan: 5 * 24 * time.Hour}, []int{1, 3, 4, 5}, nil},
		{"older than everything but the current", gens(3, 3), Policy{OlderThan: time.Hour}, []int{1, 2}, nil},
		{"older than nothing", gens(3, 3), Policy{OlderThan: 100 * 24 * time.Hour}, []int{}, nil},
		{"both: deleted only when outside the newest and old", gens(10, 10), Policy{Keep: 8, OlderThan: 5 * 24 * time.Hour}, []int{1, 2}, nil},
		{"both: age protects what the count would not", gens(10, 10), Policy{Keep: 2, OlderThan: 5 * 24 * time.Hour}, []int{1, 2, 3, 4, 5}, nil},
		{"unknown date is never too old", noDate, Policy{OlderThan: time.Hour}, []int{2, 3}, nil},
		{"no current generation", gens(5, 0), Policy{Keep: 2}, nil, ErrNoCurrent},
		{"no current generation, booted one", gens(5, 0, 5), Policy{Keep: 2}, nil, ErrNoCurrent},
		{"no policy", gens(5, 5), Policy{}, nil, ErrNoPolicy},
		{"no generations at all", nil, Policy{Keep: 3}, []int{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := Select(tt.gens, tt.policy, now)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if tt.err != nil {
				if len(plan.Delete) != 0 {
					t.Fatalf("refused, yet plans to delete %v", numbers(plan.Delete))
				}
				return
			}
			if got := numbers(plan.Delete); !slices.Equal(got, tt.delete) {
				t.Errorf("deletes %v, want %v", got, tt.delete)
			}
			if len(plan.Keep)+len(plan.Delete) != len(tt.gens) {
				t.Errorf("keep %v + delete %v do not cover the %d generations", numbers(plan.Keep), numbers(plan.Delete), len(tt.gens))
			}
			for _, g := range tt.gens {
				if (g.Current || g.Booted) && slices.Contains(numbers(plan.Delete), g.Number) {
					t.Errorf("plans to delete generation %d, which is current or booted", g.Number)
				}
			}
			for _, it := range append(plan.Keep, plan.Delete...) {
				if it.Reason == "" {
					t.Errorf("generation %d has no reason", it.Generation)
				}
			}
		})
	}
}

func TestSelectReasons(t *testing.T) {
	plan, err := Select(gens(6, 3, 1), Policy{Keep: 2, OlderThan: 48 * time.Hour}, now)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{
		1: "booted",
		2: "not one of the newest 2, older than 2d",
		3: "current",
		4: "not one of the newest 2, older than 2d",
		5: "one of the newest 2, made in the last 2d",
		6: "one of the newest 2, made in the last 2d",
	}
	for _, it := range append(plan.Keep, plan.Delete...) {
		if it.Reason != want[it.Generation] {
			t.Errorf("generation %d: reason %q, want %q", it.Generation, it.Reason, want[it.Generation])
		}
		// Each item's time is its date's moment, in RFC 3339 (added
		// later, beside the local date).
		when := now.Add(-time.Duration(6-it.Generation+1) * 24 * time.Hour)
		if it.Date != when.Format(generation.DateLayout) || it.Time != when.Format(time.RFC3339) {
			t.Errorf("generation %d: date %q, time %q, want %q and %q", it.Generation, it.Date, it.Time, when.Format(generation.DateLayout), when.Format(time.RFC3339))
		}
	}
}

// A generation whose system is gone from the store is marked in the plan,
// kept or deleted, and takes none of the newest Keep: "keep 2" keeps two
// generations that can be switched to. The age goes by its date as for
// any other; the current and booted ones stay whatever they are.
func TestSelectMissing(t *testing.T) {
	missing := func(g []generation.Generation, ns ...int) []generation.Generation {
		for _, n := range ns {
			g[n-1].Missing = true
		}
		return g
	}
	tests := []struct {
		name   string
		gens   []generation.Generation
		policy Policy
		delete []int
		why    map[int]string
	}{
		{"keep 2 passes over a missing newer one", missing(gens(6, 6), 5, 2), Policy{Keep: 2}, []int{1, 2, 3, 5},
			map[int]string{2: MissingReason(2), 3: "not one of the newest 2", 5: MissingReason(2)}},
		{"keep more than can be switched to", missing(gens(4, 4), 3), Policy{Keep: 4}, []int{3}, map[int]string{3: MissingReason(4)}},
		{"a missing booted one stays", missing(gens(4, 4, 1), 1), Policy{Keep: 1}, []int{2, 3}, map[int]string{2: "not one of the newest 1"}},
		{"age: a young missing one stays, an old one goes", missing(gens(6, 6), 1, 5), Policy{OlderThan: 3 * 24 * time.Hour}, []int{1, 2, 3},
			map[int]string{1: "older than 3d"}},
		{"both: deleted when the count and the age say so", missing(gens(6, 6), 2, 5), Policy{Keep: 2, OlderThan: 3 * 24 * time.Hour}, []int{1, 2, 3},
			map[int]string{2: MissingReason(2) + ", older than 3d"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := Select(tt.gens, tt.policy, now)
			if err != nil {
				t.Fatal(err)
			}
			if got := numbers(plan.Delete); !slices.Equal(got, tt.delete) {
				t.Errorf("deletes %v, want %v", got, tt.delete)
			}
			if len(plan.Keep)+len(plan.Delete) != len(tt.gens) {
				t.Errorf("keep %v + delete %v do not cover the %d generations", numbers(plan.Keep), numbers(plan.Delete), len(tt.gens))
			}
			for _, it := range append(plan.Keep, plan.Delete...) {
				if it.Missing != tt.gens[it.Generation-1].Missing {
					t.Errorf("generation %d: missing %v in the plan, %v in the listing", it.Generation, it.Missing, !it.Missing)
				}
				if w, ok := tt.why[it.Generation]; ok && it.Reason != w {
					t.Errorf("generation %d: reason %q, want %q", it.Generation, it.Reason, w)
				}
			}
		})
	}
}

func TestSelectRejectsNegative(t *testing.T) {
	for _, p := range []Policy{{Keep: -1}, {OlderThan: -time.Hour}} {
		if _, err := Select(gens(3, 3), p, now); err == nil {
			t.Errorf("Select(%+v) accepted a negative policy", p)
		}
	}
}

func TestParseAge(t *testing.T) {
	day := 24 * time.Hour
	for in, want := range map[string]time.Duration{
		"30d": 30 * day, "30 days": 30 * day, "1 day": day, "12h": 12 * time.Hour, "2w": 14 * day,
		"90m": 90 * time.Minute, "1h30m": 90 * time.Minute, " 7D ": 7 * day, "3 weeks": 21 * day, "45s": 45 * time.Second, "15000w": 15000 * 7 * day,
	} {
		got, err := ParseAge(in)
		if err != nil || got != want {
			t.Errorf("ParseAge(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "d", "30", "30x", "-3d", "0d", "0", "thirty days", "1.5d", "30d;rm", "9999999d", "20000w", "999999d", "106752d"} {
		if d, err := ParseAge(in); err == nil {
			t.Errorf("ParseAge(%q) = %v, want an error", in, d)
		}
	}
}

func FuzzParseAge(f *testing.F) {
	for _, s := range []string{"30d", "12h", "1h30m", "2 weeks", "-1d", ""} {
		f.Add(s, uint32(30), uint8(3))
	}
	f.Add("", uint32(999999), uint8(4))
	units := []struct {
		name string
		per  time.Duration
	}{{"s", time.Second}, {" minutes", time.Minute}, {"h", time.Hour}, {"d", 24 * time.Hour}, {"w", 7 * 24 * time.Hour}, {" Weeks", 7 * 24 * time.Hour}}
	f.Fuzz(func(t *testing.T, s string, n uint32, unit uint8) {
		d, err := ParseAge(s)
		if err == nil && d <= 0 {
			t.Fatalf("ParseAge(%q) = %v without error", s, d)
		}
		// A count of a unit is that many of it, or refused as more than
		// a Duration holds; never some other age.
		u := units[int(unit)%len(units)]
		age := fmt.Sprint(n%1000000) + u.name
		d, err = ParseAge(age)
		want := time.Duration(n%1000000) * u.per
		if n%1000000 == 0 || time.Duration(n%1000000) > math.MaxInt64/u.per {
			if err == nil {
				t.Fatalf("ParseAge(%q) = %v, want an error", age, d)
			}
		} else if err != nil || d != want {
			t.Fatalf("ParseAge(%q) = %v, %v; want %v", age, d, err, want)
		}
	})
}

func TestParseCollected(t *testing.T) {
	out := "finding garbage collector roots...\ndeleting garbage...\ndeleting '/nix/store/abc-x'\ndeleting unused links...\nnote: currently hard linking saves -0.00 MiB\n12 store paths deleted, 3.40 MiB freed\n"
	got := ParseCollected(out)
	if got.StorePathsDeleted != 12 || got.FreedMiB != 3.40 || got.Summary != "12 store paths deleted, 3.40 MiB freed" {
		t.Errorf("ParseCollected = %+v", got)
	}
	if got := ParseCollected("1 store path deleted, 0.01 MiB freed"); got.StorePathsDeleted != 1 {
		t.Errorf("singular: %+v", got)
	}
	for _, bad := range []string{"nothing useful", "1 store path deleted, NaN MiB freed", "1 store path deleted, Inf MiB freed", "-1 store paths deleted, 1 MiB freed", "1 store paths deleted,  MiB freed"} {
		if got := ParseCollected(bad); got != (Collected{}) {
			t.Errorf("ParseCollected(%q) = %+v", bad, got)
		}
	}
	if got := ParseCollected("nothing useful"); got != (Collected{}) {
		t.Errorf("no summary: %+v", got)
	}
}

func FuzzParseCollected(f *testing.F) {
	f.Add("12 store paths deleted, 3.40 MiB freed\n")
	f.Add("x store paths deleted, y MiB freed")
	f.Fuzz(func(t *testing.T, s string) {
		c := ParseCollected(s)
		if _, err := json.Marshal(c); err != nil || c.StorePathsDeleted < 0 || c.FreedMiB < 0 || (c.Summary == "") != (c == Collected{}) {
			t.Fatalf("ParseCollected(%q) = %+v", s, c)
		}
	})
}
