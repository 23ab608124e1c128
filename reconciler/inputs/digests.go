package inputs

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/internal/flock"
)

// DigestsFileName is the digest cache's file in the state directory.
// It is text, a header line (digestsHeader) and then one line per file:
// size, mtime, ctime (unix ns), inode, device, when the digest was taken
// (unix ns), the SHA-256 in hex and the path, separated by spaces (the
// path last, so it may hold spaces; paths with a newline are not kept).
// Parsing it costs a tenth of what JSON did on a 200-file folder.
const DigestsFileName = "input-digests"

const digestsHeader = "nix-humanity input digests 1\n"

// RacyMargin is how long after a file last changed its digest is taken
// on trust by its stat alone. A file changed again within the same tick
// of the file system's clock, to the same size, keeps its mtime and
// ctime; one whose ctime is this much older than the moment its digest
// was taken cannot have changed since without a newer ctime (nothing
// but the kernel sets ctime, from the clock), as git reasons about its
// index.
const RacyMargin = 2 * time.Second

// Digests remembers the SHA-256 of each regular file the inputs hold,
// with what stat said of the file when it was read (size, mtime, ctime,
// inode, device), so the inputs' hash can be computed again without
// reading files that did not change. A digest is used only when all of
// those are unchanged and the file's ctime and mtime are RacyMargin
// older than the moment the digest was taken; otherwise the file is read
// again. The hash is the same, byte for byte, as without it. Safe for
// concurrent use.
type Digests struct {
	mu      sync.Mutex
	files   map[string]*digest
	changed bool
	// now is the clock (time.Now); a test moves it on.
	now func() time.Time
}

// digest is one file's entry.
type digest struct {
	Size  int64
	Mtime int64 // unix ns
	Ctime int64 // unix ns
	Ino   uint64
	Dev   uint64
	// Taken is when the file was looked at (unix ns), before it was read.
	Taken int64
	Sum   [32]byte // SHA-256 of the content
	used  bool
}

// NewDigests is an empty cache.
func NewDigests() *Digests {
	return &Digests{files: map[string]*digest{}}
}

// LoadDigests reads the cache file at path; a missing, unreadable or
// damaged one is an empty cache (the files are read instead), and so is
// a damaged line.
func LoadDigests(path string) *Digests {
	d := NewDigests()
	b, err := os.ReadFile(path)
	if err != nil {
		return d
	}
	rest, ok := bytes.CutPrefix(b, []byte(digestsHeader))
	if !ok {
		return d
	}
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		if p, e, ok := parseDigest(line); ok {
			d.files[p] = e
		}
	}
	return d
}

// parseDigest reads one line of the cache file.
func parseDigest(line []byte) (string, *digest, bool) {
	var nums [6]uint64
	for i := range nums {
		f, r, ok := bytes.Cut(line, []byte(" "))
		if !ok {
			return "", nil, false
		}
		n, err := strconv.ParseUint(string(f), 10, 64)
		if err != nil {
			return "", nil, false
		}
		nums[i], line = n, r
	}
	sum, path, ok := bytes.Cut(line, []byte(" "))
	e := &digest{Size: int64(nums[0]), Mtime: int64(nums[1]), Ctime: int64(nums[2]), Ino: nums[3], Dev: nums[4], Taken: int64(nums[5])}
	if !ok || len(path) == 0 || len(sum) != 2*len(e.Sum) {
		return "", nil, false
	}
	if _, err := hex.Decode(e.Sum[:], sum); err != nil {
		return "", nil, false
	}
	return string(path), e, true
}

// appendDigest writes one line of the cache file.
func appendDigest(b []byte, path string, e *digest) []byte {
	for _, n := range []uint64{uint64(e.Size), uint64(e.Mtime), uint64(e.Ctime), e.Ino, e.Dev, uint64(e.Taken)} {
		b = strconv.AppendUint(b, n, 10)
		b = append(b, ' ')
	}
	b = hex.AppendEncode(b, e.Sum[:])
	b = append(b, ' ')
	b = append(b, path...)
	return append(b, '\n')
}

func (d *Digests) clock() time.Time {
	if d.now != nil {
		return d.now()
	}
	return time.Now()
}

// lookup returns path's digest when st says the file is as it was when
// the digest was taken, and that long enough after it last changed.
func (d *Digests) lookup(path string, st *unix.Stat_t) ([32]byte, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	e := d.files[path]
	if e == nil || e.Size != st.Size || e.Mtime != st.Mtim.Nano() || e.Ctime != st.Ctim.Nano() ||
		e.Ino != st.Ino || e.Dev != uint64(st.Dev) {
		return [32]byte{}, false
	}
	if racy(e.Ctime, e.Mtime, e.Taken) {
		return [32]byte{}, false // changed too close to when it was read
	}
	e.used = true
	return e.Sum, true
}

// racy: a file that last changed at ctime and mtime (unix ns) may have
// changed again unseen when its digest was taken at taken.
func racy(ctime, mtime, taken int64) bool {
	trusted := taken - int64(RacyMargin)
	return ctime >= trusted || mtime >= trusted
}

// put records path's digest, read after stat said st at time taken.
func (d *Digests) put(path string, st *unix.Stat_t, taken time.Time, sum [32]byte) {
	if racy(st.Ctim.Nano(), st.Mtim.Nano(), taken.UnixNano()) {
		// Would not be trusted next time either; kept out of the file,
		// which is then not rewritten for every look at a fresh edit.
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	e := &digest{
		Size: st.Size, Mtime: st.Mtim.Nano(), Ctime: st.Ctim.Nano(), Ino: st.Ino, Dev: uint64(st.Dev),
		Taken: taken.UnixNano(), Sum: sum, used: true,
	}
	if old := d.files[path]; old != nil && *old == *e {
		return
	}
	d.files[path] = e
	d.changed = true
}

// Save writes the cache to path (mode 0600: the digests of files only
// root may read are no one else's business) when something was added
// since it was loaded, keeping only the files looked at since, atomically
// and under path + ".lock"; when another process holds the lock it is
// left to that one. An error costs only time: the files are read again.
func (d *Digests) Save(path string) error {
	if d == nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.changed {
		return nil
	}
	keep := make(map[string]*digest, len(d.files))
	b := []byte(digestsHeader)
	for p, e := range d.files {
		if e.used && !strings.ContainsRune(p, '\n') {
			keep[p] = e
			b = appendDigest(b, p, e)
		}
	}
	lock, err := flock.TryLock(path+".lock", "saving the input digests")
	if errors.Is(err, flock.ErrHeld) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("saving the input digests (only time is lost): %w", err)
	}
	defer lock.Unlock()
	if err := atomicfile.Write(path, b, 0o600); err != nil {
		return fmt.Errorf("saving the input digests (only time is lost): %w", err)
	}
	for _, e := range keep {
		e.used = false
	}
	d.files, d.changed = keep, false
	return nil
}
