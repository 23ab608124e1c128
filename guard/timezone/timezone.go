// Package timezone checks time zone names against the machine's zone
// database, so "set timezone to europe/berlin" writes Europe/Berlin.
//
// NixOS accepts any time.timeZone without spaces and links /etc/localtime
// to zoneinfo/<name>: a misspelt or wrongly cased name builds and
// activates, and the machine quietly runs on UTC. The database that
// decides is tzdata's zoneinfo directory, which NixOS links at
// /etc/zoneinfo.
package timezone

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// DB is a zoneinfo directory: one compiled zone file (TZif) per name.
type DB struct{ Dir string }

// Dirs are where System looks, in order, after $ZONEINFO: NixOS's link,
// then where other distributions keep tzdata.
var Dirs = []string{"/etc/zoneinfo", "/usr/share/zoneinfo", "/usr/share/lib/zoneinfo"}

// System finds this machine's zone database: $ZONEINFO when it names a
// directory (the variable Go's time package reads too), else the first of
// Dirs that exists. ok is false when there is none.
func System(getenv func(string) string) (db DB, ok bool) {
	dirs := Dirs
	if z := getenv("ZONEINFO"); z != "" {
		dirs = append([]string{z}, dirs...)
	}
	for _, d := range dirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return DB{Dir: d}, true
		}
	}
	return DB{}, false
}

// Resolve finds name in the database. canonical is the name as the
// database spells it: name itself when it is a zone; otherwise the one
// zone that matches it ignoring case, with spaces for underscores
// ("america/new york"), or the one zone whose city is name ("Berlin").
// When there is no such zone, canonical is "" and suggestions holds up to
// three close names. err is set only when the database cannot be read.
func (db DB) Resolve(name string) (canonical string, suggestions []string, err error) {
	if ValidName(name) && startsUpper(name) && db.isZone(name) {
		return name, nil, nil
	}
	zones, err := db.Zones()
	if err != nil {
		return "", nil, err
	}
	key := fold(name)
	var exact, city []string
	// Zones lists names only; a file of that name that is no compiled
	// zone (a stray copy, a broken install) does not count.
	zones = slices.DeleteFunc(zones, func(z string) bool {
		k := fold(z)
		return (k == key || strings.HasSuffix(k, "/"+key)) && !db.isZone(z)
	})
	for _, z := range zones {
		k := fold(z)
		if k == key {
			exact = append(exact, z)
		} else if strings.HasSuffix(k, "/"+key) && !strings.Contains(key, "/") {
			city = append(city, z)
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0], nil, nil
	case len(exact) > 1:
		return "", firstN(exact, 3), nil
	case len(city) == 1:
		return city[0], nil, nil
	case len(city) > 1:
		return "", firstN(city, 3), nil
	}
	return "", slices.DeleteFunc(closest(key, zones, 3), func(z string) bool { return !db.isZone(z) }), nil
}

// Zones lists every zone name in the database, sorted. Files that are
// not zones (zone.tab, tzdata.zi, leap-seconds.list, posixrules) and the
// posix/ and right/ copies are left out.
func (db DB) Zones() ([]string, error) {
	var zones []string
	err := filepath.WalkDir(db.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == db.Dir {
				return err
			}
			return nil // an unreadable corner: its zones are left out
		}
		rel, _ := filepath.Rel(db.Dir, path)
		if d.IsDir() {
			if rel == "posix" || rel == "right" {
				return fs.SkipDir
			}
			return nil
		}
		rel = filepath.ToSlash(rel)
		if ValidName(rel) && startsUpper(rel) {
			zones = append(zones, rel)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(zones)
	return zones, nil
}

// isZone reports whether name is a compiled zone file in the database.
func (db DB) isZone(name string) bool {
	f, err := os.Open(filepath.Join(db.Dir, filepath.FromSlash(name)))
	if err != nil {
		return false
	}
	defer f.Close()
	var magic [4]byte
	if _, err := io.ReadFull(f, magic[:]); err != nil {
		return false
	}
	return string(magic[:]) == "TZif"
}

// ValidName reports whether name has the shape of a tz database name
// (UTC, Europe/Berlin, America/Argentina/Buenos_Aires, Etc/GMT+5): one to
// three components, each a letter followed by letters, digits, '_', '-'
// and '+'. That keeps out "." and "..", so a name from a request can be
// joined to the database's directory without leaving it.
func ValidName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	parts := strings.Split(name, "/")
	if len(parts) > 3 {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
		if c := p[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
		for i := 1; i < len(p); i++ {
			c := p[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '+') {
				return false
			}
		}
	}
	return true
}

// startsUpper: zone names start each component with a capital (UTC,
// Europe/Berlin, Etc/GMT+1); the database's other files do not
// (posixrules, zone.tab), or are no valid names at all.
func startsUpper(name string) bool {
	for _, p := range strings.Split(name, "/") {
		if p[0] < 'A' || p[0] > 'Z' {
			return false
		}
	}
	return true
}

// fold is a name as people type it: any case, spaces for underscores.
func fold(name string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(name), " ", "_"))
}

// closest returns up to n zones within a small edit distance of key
// (folded), by the whole name or by its city, nearest first.
func closest(key string, zones []string, n int) []string {
	limit := 2
	if len(key) <= 4 {
		limit = 1
	}
	type cand struct {
		zone string
		d    int
	}
	var cs []cand
	for _, z := range zones {
		k := fold(z)
		d := distance(key, k, limit)
		if i := strings.LastIndexByte(k, '/'); i >= 0 && !strings.Contains(key, "/") {
			d = min(d, distance(key, k[i+1:], limit))
		}
		if d <= limit {
			cs = append(cs, cand{z, d})
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return a.d - b.d })
	var out []string
	for _, c := range cs {
		if len(out) == n {
			break
		}
		out = append(out, c.zone)
	}
	return out
}

// distance is the Levenshtein distance of a and b, or limit+1 once it
// is certain to exceed limit.
func distance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func firstN(s []string, n int) []string { return s[:min(len(s), n)] }
