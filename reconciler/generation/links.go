package generation

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Links is what a profile directory says without opening any generation:
// which generation links exist and which one the profile link points at.
// Reading it costs one directory listing and one readlink, so a metrics
// scrape can afford it on every request.
type Links struct {
	Profile string // the profile link, e.g. /nix/var/nix/profiles/system
	Dir     string // the directory holding it
	Name    string // its base name, e.g. "system"
	// Numbers of the <name>-<N>-link entries, ascending.
	Numbers []int
	// Current is the generation the profile link points at, 0 when it is
	// missing or points somewhere that is not one of its generation links.
	Current int
}

// LinkPath is the link of generation n of profile, as Nix names it:
// /nix/var/nix/profiles/system-43-link.
func LinkPath(profile string, n int) string {
	return profile + "-" + strconv.Itoa(n) + "-link"
}

// ReadLinks lists the generation links of profile. Only a profile
// directory that cannot be read is an error; a profile link that is
// missing or dangling just means no current generation.
func ReadLinks(profile string) (Links, error) {
	profile = filepath.Clean(profile)
	l := Links{Profile: profile, Dir: filepath.Dir(profile), Name: filepath.Base(profile)}
	d, err := os.Open(l.Dir)
	if err != nil {
		return l, fmt.Errorf("reading the generations of %s: %w", profile, err)
	}
	names, err := d.Readdirnames(-1)
	d.Close()
	if err != nil {
		return l, fmt.Errorf("reading the generations of %s: %w", profile, err)
	}
	prefix := l.Name + "-"
	for _, name := range names {
		if n, ok := parseLinkName(name, prefix); ok {
			l.Numbers = append(l.Numbers, n)
		}
	}
	slices.Sort(l.Numbers)
	if target, err := os.Readlink(profile); err == nil {
		l.Current = currentNumber(l, target)
	}
	return l, nil
}

// CurrentNumber is the generation profile points at, from one readlink
// (no listing, so it is cheap enough to ask every second); 0 when the
// link is missing or points at no generation link of its own.
func CurrentNumber(profile string) int {
	profile = filepath.Clean(profile)
	target, err := os.Readlink(profile)
	if err != nil {
		return 0
	}
	return currentNumber(Links{Dir: filepath.Dir(profile), Name: filepath.Base(profile)}, target)
}

// currentNumber reads the profile link's target: Nix writes it relative
// ("system-43-link"), but an absolute link into the same directory means
// the same.
func currentNumber(l Links, target string) int {
	dir := filepath.Dir(target)
	if filepath.IsAbs(target) {
		if filepath.Clean(dir) != l.Dir {
			return 0
		}
	} else if dir != "." {
		return 0
	}
	n, ok := parseLinkName(filepath.Base(target), l.Name+"-")
	if !ok {
		return 0
	}
	return n
}

// LinkNumber is the generation whose link of profile name (its base name,
// "system") is called name ("system-43-link"); false for any other name,
// "system-043-link" and "system-+43-link" included.
func LinkNumber(name, profileName string) (int, bool) {
	return parseLinkName(name, profileName+"-")
}

// parseLinkName reads N from "<prefix>N-link". Only the canonical form Nix
// writes counts (no sign, no leading zero), so two names can never claim
// the same number.
func parseLinkName(name, prefix string) (int, bool) {
	rest, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return 0, false
	}
	num, ok := strings.CutSuffix(rest, "-link")
	if !ok || num == "" || len(num) > 9 || (num[0] == '0') {
		return 0, false
	}
	n := 0
	for i := 0; i < len(num); i++ {
		c := num[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// Summary is the cheap view of a profile the metrics need: how many
// generations, which is current and which was booted, without reading any
// generation's metadata.
type Summary struct {
	Count   int
	Oldest  int
	Newest  int
	Current int // 0: none
	Booted  int // 0: unknown, or not one of this profile's generations
}

// Summarize reads profile's links and finds the booted generation: of the
// generations whose link names the store path booted (the booted-system
// link, /run/booted-system) resolves to, the current one, else the newest
// (as the listing marks it). It reads links from the newest down, so on a
// normal machine it stops after a few.
func Summarize(profile, booted string) (Summary, error) {
	l, err := ReadLinks(profile)
	if err != nil {
		return Summary{}, err
	}
	s := Summary{Count: len(l.Numbers), Current: l.Current}
	if len(l.Numbers) > 0 {
		s.Oldest, s.Newest = l.Numbers[0], l.Numbers[len(l.Numbers)-1]
	}
	bootedPath := resolve(booted)
	if bootedPath == "" {
		return s, nil
	}
	if l.Current != 0 {
		if target, err := os.Readlink(LinkPath(l.Profile, l.Current)); err == nil && absTarget(l.Dir, target) == bootedPath {
			s.Booted = l.Current
			return s, nil
		}
	}
	for i := len(l.Numbers) - 1; i >= 0; i-- {
		target, err := os.Readlink(LinkPath(l.Profile, l.Numbers[i]))
		if err == nil && absTarget(l.Dir, target) == bootedPath {
			s.Booted = l.Numbers[i]
			break
		}
	}
	return s, nil
}

// resolve follows link (and links it points at, as long as they are
// links) to the path it finally names; "" when link is empty or not a
// link. Only the chain of links is followed, not every directory on the
// way, so a store path compares equal to a generation link's target even
// when /nix itself is a symlink.
func resolve(link string) string {
	if link == "" {
		return ""
	}
	path := filepath.Clean(link)
	for hops := 0; hops < 16; hops++ {
		target, err := os.Readlink(path)
		if err != nil {
			if hops == 0 {
				return ""
			}
			return path
		}
		path = absTarget(filepath.Dir(path), target)
	}
	return path
}

// absTarget makes a link target absolute, relative to the link's
// directory.
func absTarget(dir, target string) string {
	if filepath.IsAbs(target) {
		return filepath.Clean(target)
	}
	return filepath.Join(dir, target)
}
