// Package gc decides which generations of a profile to delete and deletes
// them through Nix: `nix-env -p <profile> --delete-generations`, then,
// when asked, the store's garbage collection (`nix-store --gc`).
//
// The choice is a pure function (Select) so every rule is tested without
// a profile: the current generation and the booted one are never
// deleted, whatever the policy says.
package gc

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler/generation"
)

// Policy says which generations to keep. With both limits set, a
// generation is deleted only when both would delete it: it is outside the
// newest Keep and older than OlderThan.
type Policy struct {
	// Keep is how many of the newest generations (by number) to keep;
	// 0 means no count limit.
	Keep int
	// OlderThan deletes generations made longer ago than this; 0 means no
	// age limit.
	OlderThan time.Duration
	// Protect keeps more generations whatever the limits say, each with
	// why: the running one, the one a cut-short activation goes back to.
	Protect map[int]string
}

// Errors Select returns; nothing has been deleted when they are.
var (
	ErrNoPolicy  = errors.New("say how many generations to keep (--keep N) or how old they must be to go (--older-than 30d)")
	ErrNoCurrent = errors.New("the profile does not point at any of its generations, so it is unclear which one is in use; nothing was deleted (point it at one with `nix-env -p <profile> --switch-generation N`, then try again)")
)

// Item is one generation in a plan, with why it is kept or deleted.
type Item struct {
	Generation int    `json:"generation"`
	Date       string `json:"date"`
	// Time is Date's moment in RFC 3339, with the local zone's offset
	// (generation.Generation.DateRFC3339; added later); "" when Date is.
	Time   string `json:"time"`
	Reason string `json:"reason"`
	// Missing: the generation's system is gone from the store already
	// (generation.Generation.Missing); left out when false.
	Missing bool `json:"missing,omitempty"`
}

// MissingReason is why a generation whose system is gone from the store
// is deleted under a count of keep: it is no generation to go back to,
// so it takes none of the newest keep.
func MissingReason(keep int) string {
	return fmt.Sprintf("missing, not one of the newest %d that can be switched to", keep)
}

// Plan is what Select decided, both lists oldest first.
type Plan struct {
	Keep   []Item `json:"keep"`
	Delete []Item `json:"delete"`
}

// Numbers are the generations the plan deletes.
func (p Plan) Numbers() []int {
	out := make([]int, len(p.Delete))
	for i, it := range p.Delete {
		out[i] = it.Generation
	}
	return out
}

// Select decides which of gens to delete under policy at time now. It
// never deletes the current generation or a booted one. A generation
// whose system is gone from the store (Missing) is marked so and is not
// counted among the newest Keep: kept in the place of one that can be
// switched to, it would leave fewer to go back to than asked. It refuses
// (ErrNoCurrent) when generations exist but none is current: then there
// is no telling which one is in use.
func Select(gens []generation.Generation, p Policy, now time.Time) (Plan, error) {
	plan := Plan{Keep: []Item{}, Delete: []Item{}}
	if p.Keep < 0 || p.OlderThan < 0 {
		return plan, fmt.Errorf("keep and older-than cannot be negative (got %d and %s)", p.Keep, p.OlderThan)
	}
	if p.Keep == 0 && p.OlderThan == 0 {
		return plan, ErrNoPolicy
	}
	if len(gens) == 0 {
		return plan, nil
	}
	if !slices.ContainsFunc(gens, func(g generation.Generation) bool { return g.Current }) {
		return plan, ErrNoCurrent
	}
	sorted := slices.Clone(gens)
	slices.SortFunc(sorted, func(a, b generation.Generation) int { return a.Number - b.Number })
	// The newest Keep generations that can be switched to.
	newest := map[int]bool{}
	for i := len(sorted) - 1; i >= 0 && len(newest) < p.Keep; i-- {
		if !sorted[i].Missing {
			newest[sorted[i].Number] = true
		}
	}
	age := formatDuration(p.OlderThan)
	for _, g := range sorted {
		it := Item{Generation: g.Number, Date: g.Date, Time: g.DateRFC3339, Missing: g.Missing}
		var keep []string
		if g.Current {
			keep = append(keep, "current")
		}
		if g.Booted {
			keep = append(keep, "booted")
		}
		if why, ok := p.Protect[g.Number]; ok {
			keep = append(keep, why)
		}
		if newest[g.Number] {
			keep = append(keep, fmt.Sprintf("one of the newest %d", p.Keep))
		}
		if p.OlderThan > 0 {
			switch {
			case g.Time.IsZero():
				keep = append(keep, "date unknown")
			case now.Sub(g.Time) <= p.OlderThan:
				keep = append(keep, "made in the last "+age)
			}
		}
		if len(keep) > 0 {
			it.Reason = strings.Join(keep, ", ")
			plan.Keep = append(plan.Keep, it)
			continue
		}
		var why []string
		switch {
		case p.Keep > 0 && g.Missing:
			why = append(why, MissingReason(p.Keep))
		case p.Keep > 0:
			why = append(why, fmt.Sprintf("not one of the newest %d", p.Keep))
		}
		if p.OlderThan > 0 {
			why = append(why, "older than "+age)
		}
		it.Reason = strings.Join(why, ", ")
		plan.Delete = append(plan.Delete, it)
	}
	return plan, nil
}

// DeleteGenerations deletes the numbered generations of profile with
// `nix-env -p <profile> --delete-generations <n>...`. nix-env holds the
// profile's lock while it works and refuses to delete the current
// generation, so a switch that happens between Select and this call
// cannot lose the generation in use.
func DeleteGenerations(ctx context.Context, r nixrun.Runner, profile string, numbers []int) error {
	if len(numbers) == 0 {
		return nil
	}
	argv := []string{"nix-env", "-p", profile, "--delete-generations"}
	for _, n := range numbers {
		if n <= 0 {
			return fmt.Errorf("generation %d does not exist; nothing was deleted", n)
		}
		argv = append(argv, strconv.Itoa(n))
	}
	if _, err := r.Run(ctx, nixrun.Cmd{Argv: argv}); err != nil {
		return fmt.Errorf("deleting generations of %s: %w", profile, err)
	}
	return nil
}

// Collected is what the store's garbage collection reported.
type Collected struct {
	StorePathsDeleted int     `json:"storePathsDeleted"`
	FreedMiB          float64 `json:"freedMiB"`
	// Summary is Nix's own last line, e.g. "12 store paths deleted, 3.40
	// MiB freed".
	Summary string `json:"summary"`
}

// Collect runs the store's garbage collection (`nix-store --gc`) and
// reads what it freed.
func Collect(ctx context.Context, r nixrun.Runner) (Collected, error) {
	res, err := r.Run(ctx, nixrun.Cmd{Argv: []string{"nix-store", "--gc"}})
	if err != nil {
		return Collected{}, fmt.Errorf("collecting garbage (the generations above are already deleted): %w", err)
	}
	return ParseCollected(string(res.Stdout) + "\n" + string(res.Stderr)), nil
}

// ParseCollected reads the summary line of nix-store --gc output, "N
// store paths deleted, X MiB freed" (the last one, if several); zero
// values when there is none. Parsed by hand rather than with a regexp,
// whose compilation at start-up would cost every ask-nix command.
func ParseCollected(out string) Collected {
	var c Collected
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		count, rest, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		rest, ok1 := strings.CutPrefix(rest, "store paths deleted, ")
		if !ok1 {
			rest, ok1 = strings.CutPrefix(rest, "store path deleted, ")
		}
		size, ok2 := strings.CutSuffix(rest, " MiB freed")
		if !ok1 || !ok2 || size == "" || strings.Trim(size, "0123456789.") != "" {
			continue // also keeps out NaN and Inf, which JSON cannot carry
		}
		n, err1 := strconv.Atoi(count)
		mib, err2 := strconv.ParseFloat(size, 64)
		if err1 != nil || err2 != nil || n < 0 || mib < 0 {
			continue
		}
		c = Collected{StorePathsDeleted: n, FreedMiB: mib, Summary: line}
	}
	return c
}

// ParseAge reads an age such as "30d", "12h", "2w", "90m", "1h30m" or
// "30 days".
func ParseAge(s string) (time.Duration, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	bad := fmt.Errorf("%q is not an age: use a number and a unit, e.g. 30d, 12h, 2w", s)
	if t == "" {
		return 0, bad
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i > 0 && i <= 6 {
		n, _ := strconv.Atoi(t[:i])
		unit := strings.TrimSpace(t[i:])
		var per time.Duration
		switch unit {
		case "s", "sec", "secs", "second", "seconds":
			per = time.Second
		case "m", "min", "mins", "minute", "minutes":
			per = time.Minute
		case "h", "hr", "hrs", "hour", "hours":
			per = time.Hour
		case "d", "day", "days":
			per = 24 * time.Hour
		case "w", "week", "weeks":
			per = 7 * 24 * time.Hour
		}
		if per != 0 {
			if n == 0 {
				return 0, fmt.Errorf("%q: the age must be more than zero", s)
			}
			// 6 digits of weeks or days would wrap past the ~292 years a
			// Duration holds into a negative age: one that every
			// generation is "older than".
			if time.Duration(n) > math.MaxInt64/per {
				return 0, fmt.Errorf("%q is longer than ask-nix can count (about %d years at most)", s, math.MaxInt64/int64(365*24*time.Hour))
			}
			return time.Duration(n) * per, nil
		}
	}
	d, err := time.ParseDuration(t)
	if err != nil {
		return 0, bad
	}
	if d <= 0 {
		return 0, fmt.Errorf("%q: the age must be more than zero", s)
	}
	return d, nil
}

// formatDuration shows an age in whole days or hours where it divides
// evenly ("30d", "12h").
func formatDuration(d time.Duration) string {
	day := 24 * time.Hour
	switch {
	case d >= day && d%day == 0:
		return strconv.Itoa(int(d/day)) + "d"
	case d >= time.Hour && d%time.Hour == 0:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	}
	return d.String()
}
