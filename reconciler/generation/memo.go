package generation

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// MemoFileName is the memo's file, beside the cache file.
const MemoFileName = "generations.json"

// memoHeader starts every memo file; any other first line is a miss.
const memoHeader = "nix-humanity generations json 4\n"

// A memo is the last JSON listing of a profile, byte for byte, kept with
// everything it was made from. When all of that is as it was, the listing
// would come out the same, so it is copied from the file (sendfile, no
// parsing, no fresh memory) instead of being read and laid out again: on
// a settled profile of a thousand generations that is most of the work
// left once the cache holds every toplevel.
//
// What a listing is made from, and what stands for it in the memo's key:
//   - the links (numbers, times, targets): the profile directory's stamp,
//     as with the cache's snapshots, and the memo is only made when that
//     stamp had settled (racyMargin);
//   - each toplevel's metadata: store paths never change, and whether they
//     exist is covered by the store directory's stamp, settled likewise;
//     a listing with a target outside the store, or one that could not be
//     read, is never kept;
//   - which generation is current, which one booted and which one runs:
//     the profile link's target and the booted and running links
//     resolved, all read every time;
//   - the local time zone the dates are shown in: /etc/localtime (followed
//     to the zone file), and no memo at all when TZ is set;
//   - the program that laid it out: the running executable's stamp, so a
//     new build never serves an old build's layout.
type memoState struct {
	profile, storeDir string
	dir, store        stamp  // both settled when read
	current           string // the profile link's target
}

// memoKey is the key of a listing of profile in storeDir, given the
// profile directory's and the store directory's stamps, the profile
// link's target and the resolved booted and running links: those fields, the
// executable's and the zone file's stamps, tab-separated. ok is false
// when no memo may be used.
func memoKey(profile, storeDir string, dir, store stamp, current, booted, running string) (string, bool) {
	if _, set := os.LookupEnv("TZ"); set {
		return "", false
	}
	for _, s := range []string{profile, storeDir, current, booted, running} {
		if !printable(s) {
			return "", false // a tab or newline would make the key ambiguous
		}
	}
	exe, err := fileStampOf("/proc/self/exe")
	if err != nil {
		return "", false
	}
	zone, err := fileStampOf(localtimePath)
	if err != nil && !errors.Is(err, unix.ENOENT) {
		return "", false
	}
	var b []byte
	field := func(s string) {
		b = append(b, s...)
		b = append(b, '\t')
	}
	num := func(vs ...int64) {
		for _, v := range vs {
			b = strconv.AppendInt(b, v, 10)
			b = append(b, '\t')
		}
	}
	field(profile)
	field(storeDir)
	num(int64(dir.ino), dir.mtime, dir.ctime, int64(store.ino), store.mtime, store.ctime)
	field(current)
	field(booted)
	field(running)
	num(exe[:]...)
	num(zone[:]...)
	return string(b[:len(b)-1]), true
}

// localtimePath is the zone file Go's time.Local reads when TZ is unset;
// a variable so tests can point it elsewhere.
var localtimePath = "/etc/localtime"

// fileStampOf identifies the file at path (followed): device, inode, size,
// modification and change time.
func fileStampOf(path string) ([5]int64, error) {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return [5]int64{}, err
	}
	return [5]int64{int64(st.Dev), int64(st.Ino), st.Size, st.Mtim.Nano(), st.Ctim.Nano()}, nil
}

// ServeMemo writes the memo at path to w when it holds the listing r would
// make now, and reports whether it did. A missing, stale or damaged memo
// is no error: the caller lists as usual. An error means w failed after
// part of the listing was written.
func (r Reader) ServeMemo(path string, w io.Writer) (bool, error) {
	profile := filepath.Clean(r.Profile)
	storeDir := r.storeDir()
	dir, err := stampOf(filepath.Dir(profile))
	if err != nil {
		return false, nil
	}
	store, err := stampOf(storeDir)
	if err != nil {
		return false, nil
	}
	current, _ := os.Readlink(profile)
	key, ok := memoKey(profile, storeDir, dir, store, current, resolve(r.Booted), resolve(r.Running))
	if !ok {
		return false, nil
	}
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return false, nil
	}
	defer unix.Close(fd)
	off, n, ok := readMemoHeader(fd, key)
	if !ok {
		return false, nil
	}
	return true, copyFrom(w, fd, off, n)
}

// readMemoHeader checks the memo file open at fd against key and returns
// where its body starts and how long it is.
func readMemoHeader(fd int, key string) (off, n int64, ok bool) {
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil {
		return 0, 0, false
	}
	buf := make([]byte, len(memoHeader)+len(key)+64)
	k, err := unix.Pread(fd, buf, 0)
	if err != nil {
		return 0, 0, false
	}
	return parseMemoHeader(buf[:k], st.Size, key)
}

// parseMemoHeader reads the start of a memo file of size bytes:
//
//	nix-humanity generations json 2
//	<body length> <key>      (tab-separated)
//	<body>
//
// and returns where the body starts and how long it is, when the key is
// key and the file holds the whole body and nothing more.
func parseMemoHeader(start []byte, size int64, key string) (off, n int64, ok bool) {
	rest, found := bytes.CutPrefix(start, []byte(memoHeader))
	if !found {
		return 0, 0, false
	}
	line, _, found := bytes.Cut(rest, []byte{'\n'})
	if !found {
		return 0, 0, false
	}
	var f [2]string
	if splitTabsN(string(line), f[:]) != 2 || f[1] != key {
		return 0, 0, false
	}
	n, err := strconv.ParseInt(f[0], 10, 64)
	off = int64(len(memoHeader) + len(line) + 1)
	if err != nil || n < 0 || off+n != size {
		return 0, 0, false // cut short or grown: not a whole memo
	}
	return off, n, true
}

// splitTabsN splits s at its first len(f)-1 tabs into f and returns the
// field count (the last field keeps any further tabs).
func splitTabsN(s string, f []string) int {
	n := 0
	for n < len(f)-1 {
		i := strings.IndexByte(s, '\t')
		if i < 0 {
			break
		}
		f[n], s = s[:i], s[i+1:]
		n++
	}
	f[n] = s
	return n + 1
}

// copyFrom writes n bytes of the file open at fd, from off, to w: by
// sendfile(2) when w is a file that takes it (no copy through this
// process's memory), else through a small buffer.
func copyFrom(w io.Writer, fd int, off, n int64) error {
	if f, ok := w.(*os.File); ok && n > 0 {
		rc, err := f.SyscallConn()
		if err == nil {
			var serr error
			sent := false
			werr := rc.Write(func(out uintptr) bool {
				for n > 0 {
					k, err := unix.Sendfile(int(out), fd, &off, int(min(n, 1<<30)))
					switch {
					case err == unix.EINTR:
						continue
					case err == unix.EAGAIN:
						return false // wait until out takes more
					case err != nil:
						serr = err
						return true
					case k == 0:
						serr = io.ErrUnexpectedEOF
						return true
					}
					sent = true
					n -= int64(k)
				}
				return true
			})
			switch {
			case werr != nil:
				return werr
			case serr == nil:
				return nil
			case sent || (serr != unix.EINVAL && serr != unix.ENOSYS):
				return &os.PathError{Op: "write", Path: f.Name(), Err: serr}
			}
			// Nothing sent, and out does not take sendfile (some
			// terminals): the plain way below.
		}
	}
	buf := make([]byte, min(n, 32<<10))
	for n > 0 {
		k, err := unix.Pread(fd, buf[:min(n, int64(len(buf)))], off)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		if k == 0 {
			return io.ErrUnexpectedEOF
		}
		if _, err := w.Write(buf[:k]); err != nil {
			return err
		}
		off += int64(k)
		n -= int64(k)
	}
	return nil
}

// Memoable reports whether the listing may be kept as a memo (see
// SaveMemo): a later listing of the same state will be the same.
func (l *Listing) Memoable() bool {
	_, ok := l.memoKey()
	return ok
}

// memoKey is the listing's memo key; ok is false when it is not memoable.
func (l *Listing) memoKey() (string, bool) {
	if l.memo == nil {
		return "", false
	}
	m := l.memo
	return memoKey(m.profile, m.storeDir, m.dir, m.store, m.current, l.booted, l.running)
}

// SaveMemo keeps body, the listing's JSON as WriteJSON wrote it, in the
// memo file at path, when the listing is Memoable. The write is atomic
// and under a lock (path + ".lock"); when another process holds the lock
// it is left to that one. An error costs only time on the next listing.
func (l *Listing) SaveMemo(path string, body []byte) error {
	key, ok := l.memoKey()
	if !ok {
		return nil
	}
	_, err := writeLocked(path, "the generation listing", func() []byte {
		data := make([]byte, 0, len(memoHeader)+len(key)+24+len(body))
		data = append(data, memoHeader...)
		data = strconv.AppendInt(data, int64(len(body)), 10)
		data = append(data, '\t')
		data = append(data, key...)
		data = append(data, '\n')
		return append(data, body...)
	})
	return err
}

// storeDir is r.StoreDir or, unset, StoreDir().
func (r Reader) storeDir() string {
	if r.StoreDir != "" {
		return r.StoreDir
	}
	return StoreDir()
}
