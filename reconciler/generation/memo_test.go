package generation

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler/generation/generationtest"
)

// memoRun lists f's generations through cache at the given clock, as
// `ask-nix generations --json` does: served from the memo at path when it
// holds this listing, else read, written and (when memoable) kept.
// It returns the output and whether the memo served it.
func memoRun(t *testing.T, f fixture, cache *Cache, path string, now func() time.Time) ([]byte, bool) {
	t.Helper()
	r := Reader{Profile: f.profile, Booted: f.booted, Running: f.running, Cache: cache, now: now}
	var out bytes.Buffer
	served, err := r.ServeMemo(path, &out)
	if err != nil {
		t.Fatal(err)
	}
	if served {
		return out.Bytes(), true
	}
	l, err := r.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := l.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	if err := l.SaveMemo(path, out.Bytes()); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), false
}

// fresh is the listing read without cache or memo: what every memo
// answer must equal.
func fresh(t *testing.T, f fixture) []byte {
	t.Helper()
	l, err := Reader{Profile: f.profile, Booted: f.booted, Running: f.running}.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := l.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// The memo answers only while everything a listing is made from is as it
// was; each change below must be seen at once, and the answer is always
// the one a fresh read gives.
func TestMemo(t *testing.T) {
	store := generationtest.PrivateStore(t) // a store nothing else builds into
	zone := filepath.Join(t.TempDir(), "localtime")
	if err := os.WriteFile(zone, []byte("TZif2 stand-in"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := localtimePath
	localtimePath = zone
	t.Cleanup(func() { localtimePath = old })

	f := newFixture(t, 12, 10, 3, 0)
	path := filepath.Join(t.TempDir(), MemoFileName)
	cache := NewCache()
	step := func(label string, now func() time.Time, wantServed bool) {
		t.Helper()
		got, served := memoRun(t, f, cache, path, now)
		if served != wantServed {
			t.Errorf("%s: served from the memo = %v, want %v", label, served, wantServed)
		}
		if want := fresh(t, f); !bytes.Equal(got, want) {
			t.Errorf("%s: listing differs from a fresh read:\n got %.300s\nwant %.300s", label, got, want)
		}
	}

	// The directory was made just now: nothing may be kept yet.
	step("unsettled", time.Now, false)
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("memo kept for an unsettled directory (stat: %v)", err)
	}
	step("settled, first", later, false)
	step("settled, again", later, true)

	// A new generation, made the way nix-env makes one.
	generationtest.Link(t, LinkPath(f.profile, 13), f.store["plain"], base.Add(time.Hour))
	step("new generation", time.Now, false)
	step("new generation, settled", later, false)
	step("new generation, memo", later, true)

	// The profile switched back to generation 10 (the link replaced).
	tmp := f.profile + ".tmp"
	if err := os.Symlink("system-10-link", tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, f.profile); err != nil {
		t.Fatal(err)
	}
	step("switched", later, false)
	step("switched, memo", later, true)

	// Booted into another system: only the booted link changes.
	if err := os.Remove(f.booted); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(f.store["full"], f.booted); err != nil {
		t.Fatal(err)
	}
	step("rebooted", later, false)
	step("rebooted, memo", later, true)

	// Another system runs (a rollback with action test): only the
	// running link changes, and the listing's "running" mark with it.
	if err := os.Remove(f.running); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(f.store["full"], f.running); err != nil {
		t.Fatal(err)
	}
	step("running another system", later, false)
	step("running another system, memo", later, true)

	// The store changed (a build, a garbage collection).
	touch(t, store)
	step("store changed", time.Now, false)
	step("store changed, settled", later, false)
	step("store changed, memo", later, true)

	// Another time zone: dates are shown in local time.
	if err := os.WriteFile(zone, []byte("TZif2 another zone"), 0o644); err != nil {
		t.Fatal(err)
	}
	step("zone changed", later, false)
	step("zone changed, memo", later, true)
	t.Setenv("TZ", "UTC")
	step("TZ set", later, false)
	step("TZ set, again", later, false)
	os.Unsetenv("TZ")
	step("TZ unset", later, true)

	// A memo cut short, grown, or of another profile is not used.
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for label, data := range map[string][]byte{
		"cut short": whole[:len(whole)-1],
		"grown":     append(bytes.Clone(whole), ' '),
		"no header": whole[len(memoHeader):],
		"empty":     {},
	} {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		step(label, later, false)
		step(label+", rewritten", later, true)
	}
	g := newFixture(t, 3, 2, 1, 0)
	if got, served := memoRun(t, g, cache, path, later); served || !bytes.Equal(got, fresh(t, g)) {
		t.Errorf("another profile: served from the memo = %v", served)
	}
}

// A listing that will be read differently next time is never kept: a
// generation whose store path is gone, and one listed without a cache.
func TestMemoNotKept(t *testing.T) {
	generationtest.PrivateStore(t)
	f := newFixture(t, 6, 6, 3, 4) // generation 4's store path is gone
	l, err := Reader{Profile: f.profile, Booted: f.booted, Running: f.running, Cache: NewCache(), now: later}.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if l.Memoable() {
		t.Error("a listing with a missing store path is memoable")
	}
	g := newFixture(t, 6, 6, 3, 0)
	l, err = Reader{Profile: g.profile, Booted: g.booted, Running: g.running, now: later}.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if l.Memoable() {
		t.Error("a listing read without a cache is memoable")
	}
	path := filepath.Join(t.TempDir(), MemoFileName)
	if err := l.SaveMemo(path, []byte("[]\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("SaveMemo wrote a listing that is not memoable (stat: %v)", err)
	}
}

// copyFrom gives the same bytes to a pipe, a file and a plain writer,
// from any offset.
func TestCopyFrom(t *testing.T) {
	data := make([]byte, 300<<10)
	for i := range data {
		data[i] = byte('a' + i%26)
	}
	src := filepath.Join(t.TempDir(), "src")
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	fd := int(in.Fd())
	const off = 17
	want := data[off:]

	var buf bytes.Buffer
	if err := copyFrom(&buf, fd, off, int64(len(want))); err != nil || !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("to a buffer: %v, %d bytes", err, buf.Len())
	}

	out, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	if err := copyFrom(out, fd, off, int64(len(want))); err != nil {
		t.Errorf("to a file: %v", err)
	}
	out.Close()
	if got, _ := os.ReadFile(out.Name()); !bytes.Equal(got, want) {
		t.Errorf("to a file: %d bytes, not the source's", len(got))
	}

	// A pipe holds 64 KiB: the copy must wait for the reader.
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(pr)
		done <- b
	}()
	err = copyFrom(pw, fd, off, int64(len(want)))
	pw.Close()
	if got := <-done; err != nil || !bytes.Equal(got, want) {
		t.Errorf("to a pipe: %v, %d bytes", err, len(got))
	}
}

// parseMemoHeader never panics, and what it accepts lies inside the file.
func FuzzParseMemoHeader(f *testing.F) {
	f.Add([]byte(memoHeader+"3\tk\tv\n[]\n"), int64(len(memoHeader)+9), "k\tv")
	f.Add([]byte(memoHeader+"-3\tk\n"), int64(0), "k")
	f.Add([]byte(memoHeader), int64(len(memoHeader)), "")
	f.Fuzz(func(t *testing.T, start []byte, size int64, key string) {
		off, n, ok := parseMemoHeader(start, size, key)
		if !ok {
			return
		}
		if off > int64(len(start)) || n < 0 || off+n != size {
			t.Fatalf("accepted body at %d, %d bytes, of a %d-byte file (start %d bytes)", off, n, size, len(start))
		}
		if !bytes.HasPrefix(start, []byte(memoHeader)) || !bytes.Contains(start[:off], []byte(key)) {
			t.Fatalf("accepted a header without the magic line or the key: %q", start[:off])
		}
	})
}
