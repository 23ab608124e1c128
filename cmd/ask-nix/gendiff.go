package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/reconciler/generation"
	"github.com/nix-humanity/nix-humanity/reconciler/generation/pkgdiff"
)

func newGenerationsDiffCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "diff [FROM [TO]]",
		Short: "Show which packages changed between two generations",
		Long: `Show the packages added, removed and upgraded from one generation to
another, and how many store paths the system's closure gained and lost.
With no generation, from the one before the current one to the current
one (past a generation whose system is gone from the Nix store, which
ask-nix generations marks missing, to the nearest older one that is
there, with a note); with one, from it to the current one.

Packages are what the system's sw (/run/current-system/sw) refers to:
environment.systemPackages and what NixOS's modules add. They are read
from the store with nix-store; nothing is evaluated or built.`,
		Example: `  ask-nix generations diff
  ask-nix generations diff 41
  ask-nix generations diff 41 43 --json`,
		Args: cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var nums []int
			for _, a := range args {
				n, err := numberArg(a, "a generation number", "ask-nix generations lists them", 1)
				if err != nil {
					return usageError{err}
				}
				nums = append(nums, n)
			}
			return runGenerationsDiff(cmd.Context(), g, nums)
		},
	}
}

// genDiffJSON is the --json result of generations diff.
type genDiffJSON struct {
	From genRef `json:"from"`
	To   genRef `json:"to"`
	pkgdiff.Changes
}

type genRef struct {
	Generation int    `json:"generation"`
	StorePath  string `json:"storePath"`
}

func runGenerationsDiff(ctx context.Context, g *globals, nums []int) error {
	s, err := g.Settings()
	if err != nil {
		return err
	}
	gens, err := listGenerations(ctx, g, s, true)
	if err != nil {
		return err
	}
	from, to, skipped, err := pickGenerations(gens, nums)
	if err != nil {
		return err
	}
	if skipped != "" {
		fmt.Fprintf(g.stderr, "note: %s.\n", skipped)
	}
	c, err := pkgdiff.Compare(ctx, g.runner, from.StorePath, to.StorePath)
	if err != nil {
		return err
	}
	if g.json {
		return g.printJSON(genDiffJSON{From: genRef{from.Number, from.StorePath}, To: genRef{to.Number, to.StorePath}, Changes: c})
	}
	_, err = fmt.Fprint(g.stdout, genDiffText(from, to, c))
	return err
}

// pickGenerations finds the two generations to compare: nums as given,
// the current one where one is left out, and the one before the current
// one that can be compared where both are.
//
// skipped, when not "", says that the one before the current one was
// passed over as missing, and which one is compared instead.
func pickGenerations(gens []generation.Generation, nums []int) (from, to generation.Generation, skipped string, err error) {
	byNum := map[int]generation.Generation{}
	cur := 0
	for _, gen := range gens {
		byNum[gen.Number] = gen
		if gen.Current {
			cur = gen.Number
		}
	}
	get := func(n int) (generation.Generation, error) {
		gen, ok := byNum[n]
		if !ok {
			// Refused (exit 2) as rollback --to refuses it: nothing
			// to compare, nothing read.
			// The ones there are named, as rollback --to names them.
			has := make([]int, 0, len(gens))
			for _, g := range gens {
				has = append(has, g.Number)
			}
			which := "it has none"
			switch len(has) {
			case 0:
			case 1:
				which = "it has only generation " + formatRanges(has)
			default:
				which = "it has generations " + formatRanges(has)
			}
			return gen, &guard.Rejection{Code: guard.CodeBadValue, Reason: fmt.Sprintf("there is no generation %d in the profile (%s; ask-nix generations lists them)", n, which)}
		}
		if gen.StorePath == "" {
			return gen, fmt.Errorf("generation %d's link cannot be read", n)
		}
		if _, err := os.Lstat(gen.StorePath); errors.Is(err, fs.ErrNotExist) {
			// Nix's "path is not valid" would read as a fault of ask-nix.
			return gen, &guard.Rejection{Code: guard.CodeBadValue, Reason: fmt.Sprintf("generation %d's system %s is no longer in the Nix store (deleted from it since), so it has no packages to compare; nothing was read (ask-nix generations lists the others)", n, gen.StorePath)}
		}
		return gen, nil
	}
	switch len(nums) {
	case 2:
		if from, err = get(nums[0]); err == nil {
			to, err = get(nums[1])
		}
		return from, to, skipped, err
	case 1:
		if cur == 0 {
			return from, to, "", errors.New("no generation is current: name both generations to compare")
		}
		if from, err = get(nums[0]); err == nil {
			to, err = get(cur)
		}
		return from, to, skipped, err
	}
	if cur == 0 {
		return from, to, "", errors.New("no generation is current: name the generations to compare (ask-nix generations diff 41 43)")
	}
	// The nearest older generation that can be compared: one whose
	// system is gone from the store (missing) is passed over, and said.
	prev, gone := 0, 0
	for n, gen := range byNum {
		if n >= cur {
			continue
		}
		if gen.Missing {
			gone = max(gone, n)
		} else if n > prev {
			prev = n
		}
	}
	if prev == 0 && gone != 0 {
		return from, to, "", &guard.Rejection{Code: guard.CodeBadValue, Reason: fmt.Sprintf("the systems of the generations before %d are no longer in the Nix store (deleted from it since), so there is none to compare with; nothing was read (ask-nix generations marks them missing)", cur)}
	}
	if prev == 0 {
		// Refused (exit 2) as rollback refuses a generation before the
		// first: nothing to compare, nothing read. A newer one (the
		// current one was switched back to) can be named.
		newest := 0
		for n, gen := range byNum {
			if n > cur && !gen.Missing {
				newest = max(newest, n)
			}
		}
		next := "ask-nix generations lists them"
		if newest != 0 {
			next = fmt.Sprintf("to compare it with a newer one, name both: ask-nix generations diff %d %d", cur, newest)
		}
		return from, to, "", &guard.Rejection{Code: guard.CodeBadValue, Reason: fmt.Sprintf("generation %d is the first one: there is none before it to compare with; nothing was read (%s)", cur, next)}
	}
	if gone > prev {
		skipped = fmt.Sprintf("generation %d's system is no longer in the Nix store, so the comparison is from generation %d, the nearest older one that is", gone, prev)
		if gone-prev > 1 {
			skipped = fmt.Sprintf("the systems of generations %d to %d are no longer in the Nix store (or those generations are gone), so the comparison is from generation %d, the nearest older one that is", prev+1, gone, prev)
		}
	}
	if from, err = get(prev); err == nil {
		to, err = get(cur)
	}
	return from, to, skipped, err
}

// genDiffText lays a diff out for reading:
//
//	Generation 42 → 43 (current):
//	  + cowsay   3.7.0
//	  - htop     3.3.0
//	  ~ firefox  133.0 → 134.0
//	Closure: 312 → 315 store paths (5 new, 2 gone)
func genDiffText(from, to generation.Generation, c pkgdiff.Changes) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Generation %d → %d%s:\n", from.Number, to.Number, currentMark(to))
	if c.Empty() {
		b.WriteString("  no package added, removed or changed\n")
	}
	b.WriteString(packageLines(c))
	fmt.Fprintf(&b, "Closure: %d → %d store paths (%d new, %d gone)\n", c.Closure.From, c.Closure.To, c.Closure.Added, c.Closure.Removed)
	return b.String()
}

// packageLines is one line per package changed: + added, - removed,
// ~ another version.
func packageLines(c pkgdiff.Changes) string {
	var b strings.Builder
	w := 0
	for _, p := range c.Added {
		w = max(w, len(p.Name))
	}
	for _, p := range c.Removed {
		w = max(w, len(p.Name))
	}
	for _, p := range c.Changed {
		w = max(w, len(p.Name))
	}
	line := func(mark, name, version string) {
		fmt.Fprintf(&b, "  %s %-*s  %s\n", mark, w, name, version)
	}
	for _, p := range c.Added {
		line("+", p.Name, p.Version)
	}
	for _, p := range c.Removed {
		line("-", p.Name, p.Version)
	}
	for _, p := range c.Changed {
		line("~", p.Name, p.From+" → "+p.To)
	}
	return b.String()
}

func currentMark(g generation.Generation) string {
	if g.Current {
		return " (current)"
	}
	return ""
}
