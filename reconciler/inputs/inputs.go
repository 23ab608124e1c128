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
)

// Hash returns the hex SHA-256 of the paths' contents and the given
// settings. A missing path counts as "missing" (so creating it is a
// change), folders are walked in name order, .git folders and editors'
// scratch files are skipped (the flake's own inputs are in flake.lock). A given path that is a
// symlink counts by what it points to (a fragment kept elsewhere); a
// symlink inside a walked folder counts by its target text.
func Hash(paths []string, settings ...string) (string, error) {
	h := sha256.New()
	for _, s := range settings {
		field(h, "setting", []byte(s))
	}
	for _, p := range paths {
		if err := hashPath(h, p); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
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

func hashPath(h hash.Hash, root string) error {
	fi, err := os.Stat(root)
	if errors.Is(err, os.ErrNotExist) {
		field(h, "missing", []byte(root))
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading %s: %w", root, err)
	}
	if !fi.IsDir() {
		return hashEntry(h, root, fi.Mode())
	}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil // gone while walking: the next event covers it
			}
			return fmt.Errorf("reading %s: %w", path, err)
		}
		if d.IsDir() {
			if d.Name() == ".git" && path != root {
				return filepath.SkipDir
			}
			field(h, "dir", []byte(path))
			return nil
		}
		if EditorScratch(d.Name()) {
			return nil
		}
		return hashEntry(h, path, d.Type())
	})
}

func hashEntry(h hash.Hash, path string, mode fs.FileMode) error {
	switch {
	case mode&fs.ModeSymlink != 0:
		target, err := os.Readlink(path)
		if err != nil {
			return fmt.Errorf("reading %s: %w", path, err)
		}
		field(h, "link:"+path, []byte(target))
		return nil
	case !mode.IsRegular() && mode.Type() != 0:
		field(h, "special", []byte(path)) // sockets, fifos: their name only
		return nil
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		field(h, "missing", []byte(path))
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	fh := sha256.New()
	if _, err := io.Copy(fh, f); err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	field(h, "file:"+path, fh.Sum(nil))
	return nil
}

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

// EditorScratch reports whether a file's base name is one editors keep
// beside the file being edited (vim's .name.swp and 4913, emacs's
// #name# and .#name, backups ending in ~, kate's .kate-swp): no Nix
// configuration reads them, so opening a file in a watched folder is not
// a change.
func EditorScratch(name string) bool {
	switch {
	case name == "":
		return false
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
