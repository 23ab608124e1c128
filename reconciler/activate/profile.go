package activate

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/nix-humanity/nix-humanity/reconciler/generation"
)

// Generation is one numbered link of a profile and the system it points at.
type Generation struct {
	Number int
	Path   string // the toplevel's store path
}

// Current returns the generation the profile points at; a profile that
// does not exist yet is generation 0 with no path.
func Current(profile string) (Generation, error) {
	link, err := os.Readlink(profile)
	if errors.Is(err, os.ErrNotExist) {
		return Generation{}, nil
	}
	if err != nil {
		return Generation{}, fmt.Errorf("reading profile %s: %w", profile, err)
	}
	l, err := generation.ReadLinks(profile)
	if err != nil {
		return Generation{}, err
	}
	if l.Current == 0 {
		return Generation{}, fmt.Errorf("profile %s points at %s, not a generation link", profile, link)
	}
	return Lookup(profile, l.Current)
}

// Lookup returns generation n of the profile.
func Lookup(profile string, n int) (Generation, error) {
	target, err := os.Readlink(generation.LinkPath(profile, n))
	if errors.Is(err, os.ErrNotExist) {
		return Generation{}, noGeneration("generation %d does not exist in %s%s", n, profile, hasWords(profile))
	}
	if err != nil {
		return Generation{}, fmt.Errorf("reading generation %d: %w", n, err)
	}
	return Generation{Number: n, Path: target}, nil
}

// hasWords names the generations the profile has, as ranges, for a
// refusal of one it lacks (deleted by a gc, a typo): " (it has
// generations 1-2, 10)"; "" when it has none or they cannot be read.
func hasWords(profile string) string {
	nums, err := Numbers(profile)
	if err != nil || len(nums) == 0 {
		return ""
	}
	var parts []string
	for i := 0; i < len(nums); {
		j := i
		for j+1 < len(nums) && nums[j+1] == nums[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, strconv.Itoa(nums[i]))
		} else {
			parts = append(parts, strconv.Itoa(nums[i])+"-"+strconv.Itoa(nums[j]))
		}
		i = j + 1
	}
	if len(nums) == 1 {
		return " (it has only generation " + parts[0] + ")"
	}
	return " (it has generations " + strings.Join(parts, ", ") + ")"
}

// Numbers lists the profile's generation numbers, ascending; none when
// the profile's folder does not exist yet.
func Numbers(profile string) ([]int, error) {
	if _, err := os.Stat(filepath.Dir(profile)); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	l, err := generation.ReadLinks(profile)
	return l.Numbers, err
}

// Back returns the generation steps places before n among the
// profile's generations ("go back two generations"); with steps 1, the
// newest generation older than n (what a plain rollback goes to).
func Back(profile string, n, steps int) (Generation, error) {
	nums, err := Numbers(profile)
	if err != nil {
		return Generation{}, err
	}
	older := 0
	for i := len(nums) - 1; i >= 0; i-- {
		if nums[i] >= n {
			continue
		}
		if older++; older == steps {
			return Lookup(profile, nums[i])
		}
	}
	if older == 0 {
		return Generation{}, noGeneration("there is no generation before %d in %s", n, profile)
	}
	return Generation{}, noGeneration("there %s only %d generation%s before %d in %s, not %d", isAre(older), older, plural(older), n, profile, steps)
}

// Forward returns the generation steps places after n among the
// profile's generations ("roll forward"); with steps 1, the oldest
// generation newer than n.
func Forward(profile string, n, steps int) (Generation, error) {
	nums, err := Numbers(profile)
	if err != nil {
		return Generation{}, err
	}
	newer := 0
	for _, g := range nums {
		if g <= n {
			continue
		}
		if newer++; newer == steps {
			return Lookup(profile, g)
		}
	}
	if newer == 0 {
		return Generation{}, noGeneration("there is no generation after %d in %s: it is the newest", n, profile)
	}
	return Generation{}, noGeneration("there %s only %d generation%s after %d in %s, not %d", isAre(newer), newer, plural(newer), n, profile, steps)
}

// Latest returns the profile's newest generation.
func Latest(profile string) (Generation, error) {
	nums, err := Numbers(profile)
	if err != nil {
		return Generation{}, err
	}
	if len(nums) == 0 {
		return Generation{}, noGeneration("the profile %s has no generations yet", profile)
	}
	return Lookup(profile, nums[len(nums)-1])
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Find returns the number of the newest generation pointing at path, 0
// if none does.
func Find(profile, path string) (int, error) {
	if path == "" {
		return 0, nil
	}
	nums, err := Numbers(profile)
	if err != nil {
		return 0, err
	}
	for i := len(nums) - 1; i >= 0; i-- {
		g, err := Lookup(profile, nums[i])
		if err == nil && g.Path == path {
			return g.Number, nil
		}
	}
	return 0, nil
}

// GenerationOf is the generation whose system is path (such as the one
// /run/current-system names): cur when it is cur's, as generations can
// share a system (a rollback, then the same edit again) and the current
// one is meant then; else the newest that has it (Find); 0 for none.
func GenerationOf(profile string, cur Generation, path string) int {
	if path != "" && path == cur.Path {
		return cur.Number
	}
	n, _ := Find(profile, path)
	return n
}

// Target reads a link such as /run/current-system; "" when it is missing.
// A relative target is made absolute, and a target that is itself a link
// is followed to what it names (as ask-nix generations reads the booted
// system), so that the system compares equal to a generation's.
func Target(link string) string {
	path, err := os.Readlink(link)
	if err != nil {
		return ""
	}
	for hops := 0; ; hops++ {
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(link), path)
		}
		next, err := os.Readlink(path)
		if err != nil || hops == 16 {
			return path
		}
		link, path = path, next
	}
}

// NoGenerationError is a generation asked for that the profile does not
// have (generation 99, three back from the oldest): a request that cannot
// be carried out, not a failure.
type NoGenerationError struct{ Reason string }

func (e *NoGenerationError) Error() string { return e.Reason }

func noGeneration(format string, args ...any) error {
	return &NoGenerationError{Reason: fmt.Sprintf(format, args...)}
}

// Nearest is the generation nearest to n that can be switched to
// (CheckGeneration passes), for a switch from generation cur to n that
// was refused: first past n, away from cur (older when going back,
// newer when going forward), then between n and cur; never cur itself.
// older says which side of n it is on; ok is false when there is none.
func Nearest(profile string, n, cur int) (g Generation, older, ok bool) {
	nums, err := Numbers(profile)
	if err != nil {
		return Generation{}, false, false
	}
	back := n < cur
	var beyond, between []int // in order of nearness to n
	for _, m := range nums {
		switch {
		case m == n || m == cur:
		case back == (m < n):
			beyond = append(beyond, m)
		case back == (m < cur):
			between = append(between, m)
		}
	}
	if back {
		slices.Reverse(beyond)
	} else {
		slices.Reverse(between)
	}
	for _, m := range append(beyond, between...) {
		g, err := Lookup(profile, m)
		if err == nil && CheckGeneration(g) == nil {
			return g, m < n, true
		}
	}
	return Generation{}, false, false
}
