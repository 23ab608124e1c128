// Package generation reads the generations of a Nix profile (by default
// the system profile, /nix/var/nix/profiles/system) straight from the
// profile directory: the <name>-<N>-link entries, the link's own time as
// nix-env shows it, and what each system toplevel says about itself
// (NixOS version, kernel, configuration revision, specialisations).
//
// Nothing here runs Nix or anything a generation contains. A generation
// whose files are missing, or whose link dangles, is listed with empty
// fields (and the latter as Missing); only a profile directory that
// cannot be read is an error.
package generation

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// DateLayout is how dates are shown, in local time: the layout nix-env
// --list-generations and nixos-rebuild list-generations use.
const DateLayout = "2006-01-02 15:04:05"

// Generation is one generation of a profile. The JSON keys are the
// `ask-nix generations --json` contract (DESIGN.md): the keys
// nixos-rebuild list-generations uses, plus booted and storePath.
type Generation struct {
	Number int `json:"generation"`
	// Date is when the generation link was made (its own mtime), in
	// DateLayout; "" when the link vanished while being read.
	Date string `json:"date"`
	// DateRFC3339 is the same moment as Date in RFC 3339, with the local
	// zone's offset ("2026-11-27T16:37:05+01:00", Z for UTC): added to
	// the contract later, as history and status give their times; ""
	// when Date is.
	DateRFC3339           string `json:"time"`
	NixosVersion          string `json:"nixosVersion"`
	KernelVersion         string `json:"kernelVersion"`
	ConfigurationRevision string `json:"configurationRevision"`
	// Specialisations are sorted and never nil. Generations that share a
	// store path share this slice: do not modify it.
	Specialisations []string `json:"specialisations"`
	// Current: the profile link points at this generation.
	Current bool `json:"current"`
	// Booted: the running system was booted from this generation's store
	// path (several generations can share one store path).
	Booted bool `json:"booted"`
	// Running: the system that runs now (/run/current-system) is this
	// generation's; of several that share it, the current one, else the
	// newest (the one ask-nix status and the metrics name as running,
	// and the generations table marks). Added to the contract: it says
	// in JSON what the table's "running" mark says, after a rollback
	// with action boot or test; false for every generation when what
	// runs is none of theirs (a test activation) or is not known.
	Running bool `json:"running"`
	// StorePath is the link's target, "" when the link cannot be read.
	StorePath string `json:"storePath"`
	// Missing: the link's target is gone (deleted from the store since;
	// the link dangles), so the generation cannot be switched to or
	// compared. Added to the contract: left out when false, so a
	// listing without such a generation is what it always was.
	Missing bool `json:"missing,omitempty"`

	// Time is Date as a time, for selection (gc --older-than); zero when
	// Date is "".
	Time time.Time `json:"-"`
}

// Reader lists a profile's generations.
type Reader struct {
	// Profile is the profile link, e.g. /nix/var/nix/profiles/system.
	Profile string
	// Booted is the link to the booted system (settings.BootedSystem(),
	// /run/booted-system); "" when there is none to compare with.
	Booted string
	// Running is the link to the system that runs now
	// (settings.CurrentSystem(), /run/current-system); "" when there is
	// none to compare with.
	Running string
	// Cache remembers what was read (see Cache); nil reads everything
	// every time.
	Cache *Cache
	// StoreDir is the Nix store; only its direct children are cached,
	// since anything else can change under the same name. "" means
	// StoreDir().
	StoreDir string

	// now is the clock, time.Now unless a test moves it on.
	now func() time.Time
}

// StoreDir is the Nix store directory: $NIX_STORE_DIR, as Nix itself
// reads it, or /nix/store.
func StoreDir() string {
	if d := os.Getenv("NIX_STORE_DIR"); d != "" {
		return filepath.Clean(d)
	}
	return "/nix/store"
}

// linkInfo is what one generation link says: its number, its own mtime
// (the generation's date) and its target.
type linkInfo struct {
	number int
	mtime  int64 // unix ns; 0 when the link could not be read
	target string
	// entry is the cache's entry for target, when the snapshot came from
	// a cache file that had one; nil otherwise. It saves a lookup per
	// link, and is dropped whenever the store directory changes.
	entry *cacheEntry
}

// List returns the profile's generations, oldest first.
func (r Reader) List(ctx context.Context) ([]Generation, error) {
	l, err := r.Read(ctx)
	if err != nil {
		return nil, err
	}
	return l.Generations(), nil
}

// Listing is what Read found: every generation, oldest first, before it
// is laid out as Generation values. WriteJSON writes it without building
// them, which spares a listing of a thousand generations 170 KB of fresh
// memory (in a short-lived process, each new page is a page fault).
type Listing struct {
	links   []linkInfo
	metas   []*Meta
	missing []bool // by link: its target is gone; nil when none is
	current int
	booted  string
	// bootedNumber is the one generation marked booted (0: none), see
	// bootedAmong.
	bootedNumber int
	// running is the running system's store path, runningNumber the one
	// generation marked running (0: none), picked as bootedNumber is.
	running       string
	runningNumber int
	memo          *memoState // nil when not memoable; see SaveMemo
}

// bootedAmong picks which generation was booted when several link to the
// booted store path (a rollback, then the same edit again): the current
// one when it is among them, else the newest. One is marked, the one
// status and the metrics name.
func bootedAmong(links []linkInfo, current int, booted string) int {
	if booted == "" {
		return 0
	}
	newest := 0
	for i := len(links) - 1; i >= 0; i-- {
		if links[i].target != booted {
			continue
		}
		if links[i].number == current {
			return current
		}
		if newest == 0 {
			newest = links[i].number
		}
	}
	return newest
}

// Len is the number of generations.
func (l *Listing) Len() int { return len(l.links) }

// Generations lays the listing out as Generation values, oldest first.
func (l *Listing) Generations() []Generation {
	gens := make([]Generation, len(l.links))
	setDates(gens, l.links)
	for i := range l.links {
		l.fill(&gens[i], i)
	}
	return gens
}

// fill sets everything of g but Time, Date and DateRFC3339 from the
// i-th link.
func (l *Listing) fill(g *Generation, i int) {
	link := l.links[i]
	g.Number, g.Current, g.StorePath, g.Specialisations = link.number, link.number == l.current, link.target, noSpecialisations
	g.NixosVersion, g.KernelVersion, g.ConfigurationRevision = "", "", ""
	if m := l.metas[i]; m != nil && link.target != "" {
		g.NixosVersion, g.KernelVersion, g.ConfigurationRevision = m.NixosVersion, m.KernelVersion, m.ConfigurationRevision
		if m.Specialisations != nil {
			g.Specialisations = m.Specialisations
		}
	}
	g.Booted = l.bootedNumber != 0 && link.number == l.bootedNumber
	g.Running = l.runningNumber != 0 && link.number == l.runningNumber
	g.Missing = l.missing != nil && l.missing[i]
}

// Read reads the profile's generations (see List).
func (r Reader) Read(ctx context.Context) (*Listing, error) {
	profile := filepath.Clean(r.Profile)
	dir, name := filepath.Dir(profile), filepath.Base(profile)
	clock := r.now
	if clock == nil {
		clock = time.Now
	}
	start := clock().UnixNano()
	dirStamp, err := stampOf(dir)
	if err != nil {
		return nil, fmt.Errorf("reading the generations of %s: %w", profile, err)
	}

	var snap, prev *snapshot
	if r.Cache != nil {
		prev = r.Cache.snapshot(profile)
		snap = prev
	}
	var links []linkInfo
	fresh := false
	if snap != nil && snap.dir == dirStamp && settled(dirStamp, snap.taken) {
		links = snap.links
	} else {
		fresh = true
		l, err := ReadLinks(profile)
		if err != nil {
			return nil, err
		}
		links = make([]linkInfo, len(l.Numbers))
		if err := readLinks(ctx, dir, name, l.Numbers, links); err != nil {
			return nil, err
		}
		snap = &snapshot{dir: dirStamp, taken: start, links: links}
	}

	current := 0
	currentTarget, err := os.Readlink(profile)
	if err == nil {
		current = currentNumber(Links{Dir: dir, Name: name}, currentTarget)
	}

	metas, missing, store, err := r.readMetas(ctx, snap, prev)
	if err != nil {
		return nil, err
	}
	if r.Cache != nil {
		// Every target was vouched for, checked or read against this
		// store state: the snapshot carries its stamp from now on.
		if store.stamp != (stamp{}) && snap.store != store.stamp {
			next := *snap
			next.store, next.storeTaken = store.stamp, start
			if slices.ContainsFunc(next.links, func(l linkInfo) bool { return l.entry != nil }) {
				// The store changed: entries may have been forgotten.
				next.links = slices.Clone(next.links)
				for i := range next.links {
					next.links[i].entry = nil
				}
			}
			snap = &next
		}
		// Worth a write only when a later run can trust what changed: a
		// fresh snapshot of a directory that had settled, or store paths
		// checked in a store that had. Not a snapshot of a directory that
		// changed within racyMargin (nix-env does that to the profile
		// directory on every call, with its lock file), nor every check
		// in a store that is busy building.
		worth := (fresh && settled(dirStamp, start)) || (store.checked && settled(store.stamp, start))
		r.Cache.putSnapshot(profile, snap, worth)
	}

	l := &Listing{links: links, metas: metas, missing: missing, current: current, booted: resolve(r.Booted)}
	l.bootedNumber = bootedAmong(links, current, l.booted)
	l.running = resolve(r.Running)
	l.runningNumber = bootedAmong(links, current, l.running)
	if r.Cache != nil && !store.uncached && store.stamp != (stamp{}) &&
		settled(dirStamp, start) && settled(store.stamp, start) {
		// What the memo's key is made of, read now; the key itself only
		// when a caller keeps the listing (SaveMemo).
		l.memo = &memoState{profile: profile, storeDir: r.storeDir(), dir: dirStamp, store: store.stamp, current: currentTarget}
	}
	return l, nil
}

// noSpecialisations is the Specialisations of a generation without any:
// empty, not nil, and shared (callers must not modify it).
var noSpecialisations = []string{}

// setDates sets each generation's Time, Date and DateRFC3339 from its
// link's time (links without one keep them empty). The dates share one
// string, one allocation instead of two per generation.
func setDates(gens []Generation, links []linkInfo) {
	f := dateFormatter{loc: time.Local}
	b := make([]byte, 0, len(links)*(len(DateLayout)+len(time.RFC3339)))
	ends := make([][2]int, len(links))
	for i, l := range links {
		if l.mtime != 0 {
			sec := floorDiv(l.mtime, int64(time.Second))
			b = f.append(b, sec)
			ends[i][0] = len(b)
			b = f.appendRFC3339(b, sec)
		} else {
			ends[i][0] = len(b)
		}
		ends[i][1] = len(b)
	}
	// b is never written again, so the string can share its memory.
	all := unsafe.String(unsafe.SliceData(b), len(b))
	start := 0
	for i, l := range links {
		if l.mtime != 0 {
			gens[i].Time = time.Unix(0, l.mtime)
			gens[i].Date = all[start:ends[i][0]]
			gens[i].DateRFC3339 = all[ends[i][0]:ends[i][1]]
		}
		start = ends[i][1]
	}
}

// readLinks fills links with one lstat and one readlink per generation
// link, relative to the open profile directory, spread over the CPUs.
func readLinks(ctx context.Context, dir, name string, numbers []int, links []linkInfo) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("reading the generations in %s: %w", dir, err)
	}
	defer d.Close()
	fd := int(d.Fd())
	prefix := name + "-"
	return parallel(ctx, len(numbers), func(i int) {
		l := linkInfo{number: numbers[i]}
		defer func() { links[i] = l }()
		link := prefix + strconv.Itoa(l.number) + "-link"
		var st unix.Stat_t
		if unix.Fstatat(fd, link, &st, unix.AT_SYMLINK_NOFOLLOW) != nil {
			return // gone since the listing: kept, with empty fields
		}
		l.mtime = st.Mtim.Nano()
		if st.Mode&unix.S_IFMT != unix.S_IFLNK {
			return
		}
		var buf [256]byte
		n, err := unix.Readlinkat(fd, link, buf[:])
		if err == nil && n < len(buf) {
			l.target = absTarget(dir, string(buf[:n]))
			return
		}
		// Too long for the buffer (no store path is): the slow way.
		if t, err := os.Readlink(filepath.Join(dir, link)); err == nil {
			l.target = absTarget(dir, t)
		}
	})
}

// storeCheck is what readMetas learnt about the store directory.
type storeCheck struct {
	// stamp is the store directory's stamp when the targets were looked
	// at (zero without a cache).
	stamp stamp
	// checked: some cached paths had to be checked one by one, because
	// the store changed since the snapshot last vouched for them.
	checked bool
	// uncached: some target's metadata is not in the cache (outside the
	// store, gone, or unreadable), so it will be read again next time.
	uncached bool
}

// readMetas reads each distinct target's metadata once: from the cache
// when the store path still exists, else from the toplevel itself, and
// returns it by link (aligned with snap.links), nil for links without a
// target, with which links' targets are gone (nil when none is). The
// Metas are shared with the cache: read-only.
//
// Whether a cached path still exists is known without asking each one
// when the store directory has not changed since a snapshot checked it:
// snap for all its targets, or (for a fresh snapshot) prev for the
// targets it had.
func (r Reader) readMetas(ctx context.Context, snap, prev *snapshot) ([]*Meta, []bool, storeCheck, error) {
	storeDir := r.storeDir()
	var sc storeCheck
	trustAll := false
	var trusted map[string]bool // targets prev vouches for
	if r.Cache != nil {
		if s, err := stampOf(storeDir); err == nil {
			sc.stamp = s
			trustAll = snap.store == s && settled(s, snap.storeTaken)
			if !trustAll && prev != nil && prev != snap && prev.store == s && settled(s, prev.storeTaken) {
				trusted = make(map[string]bool, len(prev.links))
				for _, l := range prev.links {
					trusted[l.target] = true
				}
			}
		}
	}

	out := make([]*Meta, len(snap.links))
	if trustAll {
		// Links that came from the cache file with their entry: nothing
		// to look up, nothing to check.
		r.Cache.mu.Lock()
		for i, l := range snap.links {
			if l.entry != nil {
				l.entry.used = true
				out[i] = &l.entry.meta
			}
		}
		r.Cache.mu.Unlock()
	}

	// Distinct targets of the other links, and which one each link has.
	var index map[string]int
	var which []int
	var paths []string
	for i, l := range snap.links {
		if l.target == "" || out[i] != nil {
			continue
		}
		if which == nil {
			index = make(map[string]int, min(len(snap.links), 64))
			which = make([]int, len(snap.links))
			for k := range which {
				which[k] = -1
			}
		}
		j, ok := index[l.target]
		if !ok {
			j = len(paths)
			index[l.target] = j
			paths = append(paths, l.target)
		}
		which[i] = j
	}

	metas := make([]Meta, len(paths))
	hit := make([]bool, len(paths))
	gone := make([]bool, len(paths))
	inStore := func(p string) bool { return filepath.Dir(p) == storeDir }
	if r.Cache != nil && len(paths) > 0 {
		r.Cache.lookup(paths, metas, hit)
		for j, p := range paths {
			if hit[j] && !inStore(p) {
				// Cached under another store directory setting.
				hit[j], metas[j] = false, Meta{}
			}
		}
	}
	// What remains is system calls: existence checks of cached paths no
	// snapshot vouches for, and reads of the paths not cached.
	var todo []int
	for j, p := range paths {
		switch {
		case !hit[j]:
			todo = append(todo, j)
		case !trustAll && !trusted[p]:
			todo = append(todo, j)
			sc.checked = true
		}
	}
	var uncached atomic.Bool
	err := parallel(ctx, len(todo), func(k int) {
		j := todo[k]
		p := paths[j]
		if hit[j] {
			if !exists(p) {
				r.Cache.forget(p)
				metas[j] = Meta{}
				gone[j] = true
				uncached.Store(true)
			}
			return
		}
		m, f := readMeta(p)
		metas[j] = m
		gone[j] = f == foundNone
		if f == foundIt && r.Cache != nil && inStore(p) && printable(p) {
			r.Cache.put(p, m)
		} else {
			uncached.Store(true)
		}
	})
	sc.uncached = uncached.Load()
	if err != nil {
		return nil, nil, storeCheck{}, err
	}
	var missing []bool
	for i, j := range which {
		if j >= 0 {
			out[i] = &metas[j]
			if gone[j] {
				if missing == nil {
					missing = make([]bool, len(snap.links))
				}
				missing[i] = true
			}
		}
	}
	return out, missing, sc, nil
}

// exists reports whether path is there; a variable so tests can count
// the checks.
var exists = func(path string) bool {
	var st unix.Stat_t
	return unix.Stat(path, &st) == nil
}

// parallel runs f(0..n-1) on up to GOMAXPROCS goroutines in contiguous
// chunks; a small n runs inline, where starting goroutines costs more
// than it saves. It stops early (and returns ctx's error) when ctx ends.
func parallel(ctx context.Context, n int, f func(i int)) error {
	const inline = 64
	workers := min(runtime.GOMAXPROCS(0), n/inline)
	if workers < 2 {
		for i := 0; i < n; i++ {
			if i%inline == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			f(i)
		}
		return ctx.Err()
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				if (i-lo)%inline == 0 && ctx.Err() != nil {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}
