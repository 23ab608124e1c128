package generation

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/internal/flock"
)

// CacheFileName is the cache's file inside the state directory.
const CacheFileName = "generations.cache"

// cacheHeader starts every cache file; a file with another first line
// (an older format, or not ours) is ignored and rewritten.
const cacheHeader = "nix-humanity generation cache 4\n"

// maxCacheFile bounds what LoadCache reads: a few hundred bytes per
// generation, so even tens of thousands of generations fit.
const maxCacheFile = 32 << 20

// racyMargin is how long a directory must have been unchanged before a
// snapshot of it is trusted. File times come from a coarse clock (one
// kernel tick), so a change made in the same tick as the snapshot could
// leave the directory's times as they were; a snapshot taken well after
// the last change cannot miss one that way (git's "racy clean" problem).
const racyMargin = time.Second

// Cache remembers what reading generations found, so the next listing
// need not read it again:
//
//   - Toplevel metadata by store path. A store path's contents never
//     change, so what was read once stays true while the path exists.
//   - A snapshot of each profile directory (every link's number, time and
//     target), trusted while the directory's inode, mtime and ctime are
//     unchanged: adding, removing or replacing a link changes them, since
//     a link's target can only change by replacing the link. The one
//     change it cannot see is a link's own time set in place (touch -h);
//     Nix never does that.
//   - With the snapshot, the store directory's stamp when every target's
//     existence was last checked: while the store directory is unchanged,
//     no store path appeared or vanished, so none is checked again.
//
// The daemon keeps one Cache for its lifetime; ask-nix loads it from a
// file in the state directory and saves it back. Safe for concurrent use.
type Cache struct {
	mu sync.Mutex
	// entries holds the metadata by store path; nil until index builds it
	// from loaded. A warm listing reaches every entry it needs through its
	// snapshot's links, and a thousand map inserts would cost it more than
	// the rest of reading the file.
	entries   map[string]*cacheEntry
	loaded    []cacheEntry // the file's entries, sorted by path; see entries
	snaps     map[string]*snapshot
	usedSnaps map[string]bool
	dirty     bool
}

// cacheEntry is one store path's metadata, and whether it was read or
// written since the load (only those are saved).
type cacheEntry struct {
	path string
	meta Meta
	used bool
}

// index returns the entries by store path, building the map from the
// loaded entries on first use. c.mu must be held.
func (c *Cache) index() map[string]*cacheEntry {
	if c.entries == nil {
		c.entries = make(map[string]*cacheEntry, len(c.loaded))
		for i := range c.loaded {
			c.entries[c.loaded[i].path] = &c.loaded[i]
		}
		c.loaded = nil
	}
	return c.entries
}

// snapshot is one profile directory as it was read. It is never modified
// once stored; a newer reading replaces it.
type snapshot struct {
	key        string // the profile, while parsing
	dir        stamp
	taken      int64 // unix ns, just before dir was stamped
	links      []linkInfo
	store      stamp // the store directory when every target was checked
	storeTaken int64
}

// stamp identifies a directory's state: any entry added, removed or
// renamed changes its mtime and ctime.
type stamp struct {
	ino          uint64
	mtime, ctime int64
}

func stampOf(dir string) (stamp, error) {
	var st unix.Stat_t
	if err := unix.Stat(dir, &st); err != nil {
		return stamp{}, err
	}
	return stamp{ino: st.Ino, mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano()}, nil
}

// settled reports whether a reading taken at taken (unix ns) of a
// directory with stamp s can be trusted: the directory had been unchanged
// for racyMargin by then.
func settled(s stamp, taken int64) bool {
	return taken-max(s.mtime, s.ctime) > int64(racyMargin)
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{
		entries: map[string]*cacheEntry{},
		snaps:   map[string]*snapshot{}, usedSnaps: map[string]bool{},
	}
}

// Len is the number of store paths cached.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.index())
}

// lookup finds each of paths in the cache under one lock: out[i] and
// hit[i] are set for those it holds.
func (c *Cache) lookup(paths []string, out []Meta, hit []bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, p := range paths {
		if e, ok := c.index()[p]; ok {
			e.used = true
			out[i], hit[i] = e.meta, true
		}
	}
}

func (c *Cache) get(storePath string) (Meta, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.index()[storePath]
	if !ok {
		return Meta{}, false
	}
	e.used = true
	return e.meta, true
}

func (c *Cache) put(storePath string, m Meta) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.index()[storePath] = &cacheEntry{path: storePath, meta: m, used: true}
	c.dirty = true
}

func (c *Cache) forget(storePath string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.index()[storePath]; ok {
		delete(c.entries, storePath)
		c.dirty = true
	}
}

func (c *Cache) snapshot(profile string) *snapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.snaps[profile]
	if s != nil {
		c.usedSnaps[profile] = true
	}
	return s
}

// putSnapshot stores s for profile; worthSaving says whether the change
// is worth writing the file for.
func (c *Cache) putSnapshot(profile string, s *snapshot, worthSaving bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.usedSnaps[profile] = true
	if c.snaps[profile] == s {
		return
	}
	c.snaps[profile] = s
	if worthSaving {
		c.dirty = true
	}
}

// LoadCache reads the cache file at path. A missing, unreadable or
// damaged file gives an empty cache: the cache only saves time, so it
// never stands between a person and their generations.
func LoadCache(path string) *Cache {
	c := NewCache()
	b, err := readFile(path, maxCacheFile)
	if err != nil {
		return c
	}
	c.entries = nil
	c.loaded, c.snaps = parseCache(b)
	return c
}

// readFile reads a whole file of at most max bytes with one allocation of
// the right size; a bigger file is an error. It makes the system calls
// itself: an os.File would set up the runtime's poller for it, which costs
// a listing more system calls than reading the file does.
func readFile(path string, max int64) ([]byte, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, &os.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Size > max {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, max)
	}
	// One byte more than the size, so a file that grew meanwhile shows as
	// a read that fills the buffer.
	b := make([]byte, st.Size+1)
	n := 0
	for n < len(b) {
		k, err := unix.Read(fd, b[n:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, &os.PathError{Op: "read", Path: path, Err: err}
		}
		if k == 0 {
			break
		}
		n += k
	}
	if n == len(b) {
		return nil, fmt.Errorf("%s: changed while being read", path)
	}
	return b[:n], nil
}

// The file: the header, then one line per fact, fields separated by tabs.
//
//	S <storePath> <nixosVersion> <kernelVersion> <configurationRevision> <specialisations joined by 0x1f>
//	P <profile> <dir ino> <dir mtime> <dir ctime> <taken> <store ino> <store mtime> <store ctime> <store taken>
//	M <number> <mtime> <n>               (a link of the P line above it, to the store path of the n-th S line, from 0)
//	L <number> <mtime> <target>          (a link of the P line above it, to a path not cached)
//	E                                    (the end: a file without it was cut short)
//
// S lines come first, sorted by store path. No field can hold a tab, a
// newline or 0x1f: only printable values are cached. A damaged S line is
// skipped; a damaged P or link line drops its snapshot, which would
// otherwise miss a generation. A damaged S line (or one out of order)
// drops every snapshot with M lines, since their S line numbers can no
// longer be trusted, and a file without its end drops every snapshot. The
// strings returned share b's memory: b must not change afterwards.
func parseCache(b []byte) ([]cacheEntry, map[string]*snapshot) {
	// One string for the whole file, so fields are slices of it. It
	// shares b's memory rather than copying it: b is never written after
	// this, and copying a thousand lines is a measurable part of a warm
	// listing.
	rest, ok := strings.CutPrefix(unsafe.String(unsafe.SliceData(b), len(b)), cacheHeader)
	if !ok {
		return nil, map[string]*snapshot{}
	}
	rest0 := rest
	// Sized up front by the line count (a bound for every kind of line):
	// growing slices of a thousand entries costs more than parsing them,
	// and what is never touched of a large allocation costs nothing.
	// Entries live in one slice, not one allocation each, and equal
	// specialisation lists share one slice (they are read-only).
	lines := strings.Count(rest, "\n")
	pool := make([]cacheEntry, 0, lines)
	sTrusted := true // every S line so far was whole and in order
	var specs map[string][]string
	var lastSpecs string
	var lastSpec []string
	snaps := map[string]*snapshot{}
	all := make([]linkInfo, 0, lines)
	var cur *snapshot
	start := 0 // of cur's links in all
	closeSnap := func() {
		if cur != nil {
			cur.links = all[start:len(all):len(all)]
		}
	}
	var f [10]string
	for len(rest) > 0 {
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			break // a cut-off last line
		}
		line := rest[:i]
		rest = rest[i+1:]
		if len(line) > 1 && (line[0] == 'M' || line[0] == 'L') && line[1] == '\t' {
			// Most lines, so read without splitTabs and strconv.
			if cur == nil {
				continue
			}
			l, k, ok := parseLinkLine(line)
			if ok && line[0] == 'M' {
				ok = sTrusted && k < len(pool)
				if ok {
					l.target, l.entry = pool[k].path, &pool[k]
				}
			}
			if !ok {
				// A damaged link line, or damaged S lines: the snapshot
				// would miss a generation or give it the wrong store path.
				delete(snaps, cur.key)
				cur = nil
				continue
			}
			all = append(all, l)
			continue
		}
		n := splitTabs(line, f[:])
		switch {
		case f[0] == "S":
			if n != 6 || f[1] == "" || (len(pool) > 0 && f[1] <= pool[len(pool)-1].path) {
				sTrusted = false
				continue
			}
			m := Meta{NixosVersion: f[2], KernelVersion: f[3], ConfigurationRevision: f[4]}
			// Neighbouring entries mostly share their specialisations.
			if f[5] != lastSpecs || lastSpec == nil {
				sp, ok := specs[f[5]]
				if !ok {
					sp = []string{}
					if f[5] != "" {
						sp = strings.Split(f[5], "\x1f")
					}
					if specs == nil {
						specs = map[string][]string{}
					}
					specs[f[5]] = sp
				}
				lastSpecs, lastSpec = f[5], sp
			}
			m.Specialisations = lastSpec
			pool = append(pool, cacheEntry{path: f[1], meta: m})
		case n == 10 && f[0] == "P" && f[1] != "":
			closeSnap()
			cur = nil
			var nums [8]int64
			okAll := true
			for j := range nums {
				v, err := strconv.ParseInt(f[2+j], 10, 64)
				if err != nil {
					okAll = false
					break
				}
				nums[j] = v
			}
			if !okAll {
				continue
			}
			cur = &snapshot{
				dir:   stamp{ino: uint64(nums[0]), mtime: nums[1], ctime: nums[2]},
				taken: nums[3],
				store: stamp{ino: uint64(nums[4]), mtime: nums[5], ctime: nums[6]}, storeTaken: nums[7],
			}
			start = len(all)
			cur.key = f[1]
			snaps[f[1]] = cur
		}
	}
	closeSnap()
	if rest0 != "E\n" && !strings.HasSuffix(rest0, "\nE\n") {
		// Cut short: the last snapshot may lack links, and which one
		// that is cannot be told.
		return pool, map[string]*snapshot{}
	}
	// A snapshot's links must be ascending and distinct, as List returns
	// them; one that is not was damaged and is dropped.
	for p, s := range snaps {
		for i := 1; i < len(s.links); i++ {
			if s.links[i].number <= s.links[i-1].number {
				delete(snaps, p)
				break
			}
		}
	}
	return pool, snaps
}

// parseLinkLine reads an M or L line: the link's number and mtime, and
// its target (L) or the number of its S line (M, returned as k).
func parseLinkLine(line string) (l linkInfo, k int, ok bool) {
	num, rest, ok1 := cutNumber(line[2:], true)
	mtime, rest, ok2 := cutNumber(rest, true)
	if !ok1 || !ok2 || num <= 0 || num > maxLinkNumber {
		return linkInfo{}, 0, false
	}
	l = linkInfo{number: int(num), mtime: mtime}
	if line[0] == 'L' {
		l.target = rest
		return l, 0, strings.IndexByte(rest, '\t') < 0
	}
	n, rest, ok := cutNumber(rest, false)
	if !ok || n < 0 || rest != "" {
		return linkInfo{}, 0, false
	}
	return l, int(n), true
}

// maxLinkNumber is the largest generation number parseLinkName reads.
const maxLinkNumber = 999999999

// cutNumber reads the decimal integer at the start of s, as
// strconv.AppendInt writes it (a minus sign, up to 19 digits), up to a
// tab (when tab is set, and then required) or the end, and returns it and
// what follows the tab. strconv.ParseInt on every field was a third of
// the cost of loading a cache file.
func cutNumber(s string, tab bool) (n int64, rest string, ok bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	var u uint64 // 19 digits cannot overflow it
	i := 0
	for ; i < len(s) && s[i] != '\t'; i++ {
		c := s[i] - '0'
		if c > 9 || i == 19 {
			return 0, "", false
		}
		u = u*10 + uint64(c)
	}
	switch {
	case i == 0, tab != (i < len(s)), !neg && u > math.MaxInt64, neg && u > -math.MinInt64:
		return 0, "", false
	}
	if tab {
		rest = s[i+1:]
	}
	if neg {
		return -int64(u), rest, true
	}
	return int64(u), rest, true
}

// splitTabs splits line at tabs into f and returns the field count, or
// len(f)+1 when there are more fields than f holds.
func splitTabs(line string, f []string) int {
	n := 0
	for {
		if n == len(f) {
			return n + 1
		}
		i := strings.IndexByte(line, '\t')
		if i < 0 {
			f[n] = line
			return n + 1
		}
		f[n] = line[:i]
		line = line[i+1:]
		n++
	}
}

func (c *Cache) format() []byte {
	var b bytes.Buffer
	b.WriteString(cacheHeader)
	entries := c.index()
	keys := make([]string, 0, len(entries))
	for k, e := range entries {
		if e.used && printable(k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	sIndex := make(map[string]int, len(keys))
	for i, k := range keys {
		sIndex[k] = i
		m := entries[k].meta
		b.WriteString("S\t")
		b.WriteString(k)
		for _, v := range []string{m.NixosVersion, m.KernelVersion, m.ConfigurationRevision, strings.Join(m.Specialisations, "\x1f")} {
			b.WriteByte('\t')
			b.WriteString(v)
		}
		b.WriteByte('\n')
	}
	profiles := make([]string, 0, len(c.snaps))
	for p := range c.snaps {
		if c.usedSnaps[p] && printable(p) {
			profiles = append(profiles, p)
		}
	}
	slices.Sort(profiles)
	var num []byte
	for _, p := range profiles {
		s := c.snaps[p]
		if slices.ContainsFunc(s.links, func(l linkInfo) bool { return !printable(l.target) }) {
			continue // read afresh next time rather than cached wrong
		}
		b.WriteString("P\t")
		b.WriteString(p)
		for _, v := range []int64{int64(s.dir.ino), s.dir.mtime, s.dir.ctime, s.taken, int64(s.store.ino), s.store.mtime, s.store.ctime, s.storeTaken} {
			b.WriteByte('\t')
			b.Write(strconv.AppendInt(num[:0], v, 10))
		}
		b.WriteByte('\n')
		for _, l := range s.links {
			k, cached := sIndex[l.target]
			if cached {
				b.WriteString("M\t")
			} else {
				b.WriteString("L\t")
			}
			b.Write(strconv.AppendInt(num[:0], int64(l.number), 10))
			b.WriteByte('\t')
			b.Write(strconv.AppendInt(num[:0], l.mtime, 10))
			b.WriteByte('\t')
			if cached {
				b.Write(strconv.AppendInt(num[:0], int64(k), 10))
			} else {
				b.WriteString(l.target)
			}
			b.WriteByte('\n')
		}
	}
	b.WriteString("E\n")
	return b.Bytes()
}

// Changed reports whether Save has anything to write: something was
// added, or something loaded went unused (and is to be dropped).
func (c *Cache) Changed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.changed()
}

func (c *Cache) changed() bool {
	return c.dirty || len(c.usedSnaps) != len(c.snaps) || !c.allUsed()
}

func (c *Cache) allUsed() bool {
	if c.entries == nil {
		for i := range c.loaded {
			if !c.loaded[i].used {
				return false
			}
		}
		return true
	}
	for _, e := range c.entries {
		if !e.used {
			return false
		}
	}
	return true
}

// Save writes the cache to path when something changed since it was
// loaded, keeping only what was used since then, so the entries of
// collected generations do not pile up. The write is atomic and under a
// lock (path + ".lock"); when another process holds the lock, Save leaves
// the file to it and returns nil, since both would write the same facts.
func (c *Cache) Save(path string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.changed() {
		return nil
	}
	if written, err := writeLocked(path, "the generation cache", c.format); err != nil || !written {
		return err
	}
	for k, e := range c.entries {
		if !e.used {
			delete(c.entries, k)
		}
	}
	for p := range c.snaps {
		if !c.usedSnaps[p] {
			delete(c.snaps, p)
		}
	}
	c.dirty = false
	return nil
}

// writeLocked replaces the file at path with what data returns, atomically
// and durably (fsynced: though the files only save time, a rename without
// one could leave a file of the right size without its content after a
// crash), under the lock path + ".lock". When another process holds
// the lock it leaves the file to that one, which writes the same facts,
// and reports written false. what names the file in errors, which say
// that only time is lost.
func writeLocked(path, what string, data func() []byte) (written bool, err error) {
	lock, err := flock.TryLock(path+".lock", "saving "+what)
	if errors.Is(err, flock.ErrHeld) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("saving %s (generations are unaffected): %w", what, err)
	}
	defer lock.Unlock()
	if err := atomicfile.Write(path, data(), 0o644); err != nil {
		return false, fmt.Errorf("saving %s (generations are unaffected): %w", what, err)
	}
	return true, nil
}
