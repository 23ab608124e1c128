// Package inputs hashes what a pass would build from: the fragment, the
// extra watched paths (files or whole folders) and the settings that
// change the result. Equal hashes mean nothing Nix could see has
// changed, so a pass can stop without starting Nix at all.
package inputs

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/reconciler/generation"
)

// Hash returns the hex SHA-256 of the paths' contents and the given
// settings. A missing path counts as "missing" (so creating it is a
// change), folders are walked in name order, .git folders, editors'
// scratch files and build result links (ResultLink) are skipped (the
// flake's own inputs are in flake.lock). A given path that is a
// symlink counts by what it points to (a fragment kept elsewhere); a
// symlink inside a walked folder counts by its target text.
func Hash(paths []string, settings ...string) (string, error) {
	return HashWith(nil, paths, settings...)
}

// HashWith is Hash, taking the digest of each file that did not change
// from d (nil: none) instead of reading it, and noting in d the digests
// of the files it reads.
func HashWith(d *Digests, paths []string, settings ...string) (string, error) {
	return HashSkipping(d, nil, paths, settings...)
}

// HashSkipping is HashWith leaving out the folders skip names (and all
// in them) where a watched folder holds them: the daemon's own state
// directory, which every pass writes, is no input, and hashed it would
// make each pass the cause of the next, for ever.
func HashSkipping(d *Digests, skip, paths []string, settings ...string) (string, error) {
	w := walker{h: sha256.New(), digests: d, skip: cleanAll(skip)}
	if err := w.all(paths, settings); err != nil {
		return "", err
	}
	return hex.EncodeToString(w.h.Sum(nil)), nil
}

// Snapshot is the inputs' Hash with a digest of each file in them, to
// say which files differ between two sets of inputs. Taken only when a
// pass goes on to Nix: the no-op check needs the hash alone.
type Snapshot struct {
	Hash string `json:"hash"`
	// Settings are the settings given to Take, as given.
	Settings []string `json:"settings,omitempty"`
	// Files maps each file's path to a short digest of it: 16 hex digits
	// of its SHA-256, "link:" and a symlink's target, "special" for a
	// socket or fifo, "missing" for a given path that does not exist.
	Files map[string]string `json:"files"`
}

// Take is Hash with the digest of each file, in one walk.
func Take(paths []string, settings ...string) (*Snapshot, error) {
	return TakeSkipping(nil, paths, settings...)
}

// TakeSkipping is Take leaving out skip, as HashSkipping does (its Hash
// is HashSkipping's).
func TakeSkipping(skip, paths []string, settings ...string) (*Snapshot, error) {
	w := walker{h: sha256.New(), files: map[string]string{}, skip: cleanAll(skip)}
	if err := w.all(paths, settings); err != nil {
		return nil, err
	}
	return &Snapshot{Hash: hex.EncodeToString(w.h.Sum(nil)), Settings: slices.Clone(settings), Files: w.files}, nil
}

// Changed lists, sorted, the files whose digest differs between old and
// s: changed, added or gone.
func (s *Snapshot) Changed(old *Snapshot) []string {
	var out []string
	for p, d := range s.Files {
		if old.Files[p] != d {
			out = append(out, p)
		}
	}
	for p := range old.Files {
		if _, ok := s.Files[p]; !ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// walker feeds the inputs into h and, when files is not nil, notes each
// file's digest.
type walker struct {
	h     hash.Hash
	files map[string]string
	// fh and buf are reused for every file: io.Copy from an *os.File
	// would allocate a 32 KiB buffer per file, on every no-op pass.
	fh  hash.Hash
	buf []byte
	// digests, when not nil, gives the digests of files unchanged since
	// they were read, and is told those read.
	digests *Digests
	// skip are folders left out of a walked folder (cleaned).
	skip []string
}

func cleanAll(ps []string) []string {
	var out []string
	for _, p := range ps {
		if p != "" {
			out = append(out, filepath.Clean(p))
		}
	}
	return out
}

func (w *walker) all(paths, settings []string) error {
	for _, s := range settings {
		field(w.h, "setting", []byte(s))
	}
	for _, p := range paths {
		if err := w.path(p); err != nil {
			return err
		}
	}
	return nil
}

// note records a file's digest for a Snapshot.
func (w *walker) note(path, digest string) {
	if w.files != nil {
		w.files[path] = digest
	}
}

// field writes a tagged, length-prefixed value, so no two different
// inputs can run together into the same bytes.
func field(h hash.Hash, tag string, data []byte) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(tag)))
	h.Write(n[:])
	h.Write([]byte(tag))
	binary.BigEndian.PutUint64(n[:], uint64(len(data)))
	h.Write(n[:])
	h.Write(data)
}

func (w *walker) path(root string) error {
	h := w.h
	fi, err := os.Stat(root)
	if errors.Is(err, os.ErrNotExist) {
		field(h, "missing", []byte(root))
		w.note(root, "missing")
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading %s: %w", root, err)
	}
	if !fi.IsDir() {
		return w.entry(root, fi.Mode())
	}
	return filepath.WalkDir(WalkRoot(root), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil // gone while walking: the next event covers it
			}
			return fmt.Errorf("reading %s: %w", path, err)
		}
		path = filepath.Clean(path) // the root through a symlink ends in a slash
		if d.IsDir() {
			if d.Name() == ".git" && path != root || path != root && slices.Contains(w.skip, path) {
				return filepath.SkipDir
			}
			field(h, "dir", []byte(path))
			return nil
		}
		if EditorScratch(d.Name()) || d.Type()&fs.ModeSymlink != 0 && ResultLink(path) {
			return nil
		}
		return w.entry(path, d.Type())
	})
}

func (w *walker) entry(path string, mode fs.FileMode) error {
	h := w.h
	switch {
	case mode&fs.ModeSymlink != 0:
		target, err := os.Readlink(path)
		if err != nil {
			return fmt.Errorf("reading %s: %w", path, err)
		}
		field(h, "link:"+path, []byte(target))
		w.note(path, "link:"+target)
		return nil
	case !mode.IsRegular() && mode.Type() != 0:
		field(h, "special", []byte(path)) // sockets, fifos: their name only
		w.note(path, "special")
		return nil
	}
	var st unix.Stat_t
	var taken time.Time
	if w.digests != nil {
		taken = w.digests.clock()
		if err := unix.Stat(path, &st); err == nil && st.Mode&unix.S_IFMT == unix.S_IFREG {
			if sum, ok := w.digests.lookup(path, &st); ok {
				w.fileSum(path, sum[:])
				return nil
			}
		}
	}
	f, err := openFile(path)
	if errors.Is(err, os.ErrNotExist) {
		field(h, "missing", []byte(path))
		w.note(path, "missing")
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	if w.fh == nil {
		w.fh, w.buf = sha256.New(), make([]byte, 32<<10)
	}
	w.fh.Reset()
	// Only the Reader: *os.File's WriteTo would take its own buffer.
	if _, err := io.CopyBuffer(w.fh, struct{ io.Reader }{f}, w.buf); err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	var sumBuf [sha256.Size]byte
	sum := w.fh.Sum(sumBuf[:0])
	w.fileSum(path, sum)
	if w.digests != nil && st.Mode&unix.S_IFMT == unix.S_IFREG {
		// What was read is what the file held when this stat was taken
		// only if the stat is the same after reading: a file written
		// meanwhile is left out, to be read again next time.
		var after unix.Stat_t
		if unix.Fstat(int(f.Fd()), &after) == nil && sameStat(&st, &after) {
			w.digests.put(path, &st, taken, sumBuf)
		}
	}
	return nil
}

// WalkRoot is the name to walk a watched folder by: root, or for a
// symlink to a folder (/etc/nixos linked to a checkout) root with a
// slash, which filepath.WalkDir follows; given the link itself it walks
// nothing inside, and a change there would go unseen. The paths it gives
// are under root's own name.
func WalkRoot(root string) string {
	if fi, err := os.Lstat(root); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return root + string(filepath.Separator)
	}
	return root
}

// FileDigest is a regular file's digest in Snapshot.Files, from its
// content.
func FileDigest(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:8])
}

// fileSum feeds a regular file's digest into the hash.
func (w *walker) fileSum(path string, sum []byte) {
	field(w.h, "file:"+path, sum)
	if w.files != nil {
		w.note(path, hex.EncodeToString(sum[:8]))
	}
}

// sameStat: a and b say the same of one file's content.
func sameStat(a, b *unix.Stat_t) bool {
	return a.Size == b.Size && a.Mtim == b.Mtim && a.Ctim == b.Ctim && a.Ino == b.Ino && a.Dev == b.Dev
}

// openFile opens a file to read it; a variable so tests can count reads.
var openFile = os.Open

// Paths returns the fragment and the extra watch paths, without
// duplicates, in a stable order.
func Paths(fragment string, watch []string) []string {
	out := []string{filepath.Clean(fragment)}
	for _, w := range watch {
		w = filepath.Clean(w)
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// ResultLink reports whether path is a build result link: a symlink
// into the Nix store named result or result-* (result-man, result-2), as
// `nixos-rebuild build`, `nix-build` and `nix build` leave in the folder
// they run in (/etc/nixos, which is watched), or Nix's temporary name
// for one while it replaces it (result.tmp-PID-N). No configuration
// reads them, and each build would otherwise change the inputs and cost
// an evaluation. Only the name is looked at unless it is such a name; a
// path that is gone is no result link (it cannot be told).
func ResultLink(path string) bool {
	name := filepath.Base(path)
	if name != "result" && !strings.HasPrefix(name, "result-") && !strings.HasPrefix(name, "result.tmp-") {
		return false
	}
	target, err := os.Readlink(path)
	if err != nil {
		return false
	}
	store := generation.StoreDir()
	return strings.HasPrefix(filepath.Clean(target), store+string(filepath.Separator))
}

// EditorScratch reports whether a file's base name is one editors keep
// beside the file being edited (vim's .name.swp and 4913, emacs's
// #name# and .#name, backups ending in ~, kate's .kate-swp), or one of
// ask-nix's own temporary files (atomicfile's .name.tmp-N, which a
// writer killed before its rename leaves beside the fragment): no Nix
// configuration reads them, so opening a file in a watched folder is not
// a change, and neither is a kill that left the fragment as it was.
func EditorScratch(name string) bool {
	switch {
	case name == "":
		return false
	case atomicfile.IsTemp(name):
		return true
	case name == "4913", strings.HasSuffix(name, "~"), strings.HasPrefix(name, ".#"),
		len(name) > 2 && name[0] == '#' && name[len(name)-1] == '#',
		strings.HasSuffix(name, ".kate-swp"):
		return true
	}
	// vim: .name.swp, then .swo, .swn, ... (.sw plus a letter).
	if ext := filepath.Ext(name); name[0] == '.' && len(ext) == 4 && strings.HasPrefix(ext, ".sw") && ext[3] >= 'a' && ext[3] <= 'z' && len(name) > 4 {
		return true
	}
	return false
}
