// Package catalog is what exists: an index of nixpkgs packages and NixOS
// options, kept in one file built for speed, with the searches and checks
// ask-nix needs (search ranking, "did you mean", option types, which
// `*.enable` option a word means, which packages are really NixOS
// modules).
package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/source"
)

// Index is an opened index file. Its methods are safe for concurrent
// use; Close releases the mapping, after which nothing may be called.
type Index struct {
	meta  Meta
	data  []byte
	unmap func() error

	n         int
	pkgStr    []byte
	pkgRec    []byte
	names     []byte
	nameStart u32s
	vocab     []byte
	vocabOff  u32s
	masks     u32s
	postOff   u32s
	postings  u32s
	byLen     u32s
	lenStart  u32s
	triKeys   u32s
	triOff    u32s
	triPosts  u32s

	m           int
	optStr      []byte
	optRec      []byte
	optPatterns u32s
	optEnable   u32s
}

// Open maps the index file at path. Nothing is decoded up front: the
// cost of opening is one open, one mmap and a header check, whatever
// the size.
func Open(path string) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := fi.Size()
	if size <= 0 || size > 1<<32 {
		return nil, fmt.Errorf("%s: %w: size %d", path, errCorrupt, size)
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		// Some filesystems cannot map; one read is the next best.
		data, err = os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		ix, err := Load(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return ix, nil
	}
	ix, err := Load(data)
	if err != nil {
		_ = syscall.Munmap(data)
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	ix.unmap = func() error { return syscall.Munmap(data) }
	return ix, nil
}

// Close releases the file mapping.
func (ix *Index) Close() error {
	if ix == nil || ix.unmap == nil {
		return nil
	}
	u := ix.unmap
	ix.unmap = nil
	return u()
}

// Load uses data (an index file's bytes, kept, not copied) as an index.
// It checks the layout; values inside are bounds-checked where they are
// used, so a damaged file gives wrong answers or an error, never a crash.
func Load(data []byte) (*Index, error) {
	f, err := parseFile(data)
	if err != nil {
		return nil, err
	}
	ix := &Index{data: data}
	if err := json.Unmarshal(f.sections[secMeta], &ix.meta); err != nil {
		return nil, fmt.Errorf("%w: metadata: %v", errCorrupt, err)
	}
	ix.pkgStr = f.sections[secPkgStrings]
	ix.pkgRec = f.sections[secPkgRecords]
	ix.n = len(ix.pkgRec) / pkgRecSize
	ix.names = f.sections[secNames]
	ix.nameStart = f.u32s(secNameStart)
	ix.vocab = f.sections[secVocab]
	ix.vocabOff = f.u32s(secVocabOff)
	ix.masks = f.u32s(secVocabMask)
	ix.postOff = f.u32s(secPostOff)
	ix.postings = f.u32s(secPostings)
	ix.byLen = f.u32s(secByLen)
	ix.lenStart = f.u32s(secLenStart)
	ix.triKeys = f.u32s(secTriKeys)
	ix.triOff = f.u32s(secTriOff)
	ix.triPosts = f.u32s(secTriPosts)
	ix.optStr = f.sections[secOptStrings]
	ix.optRec = f.sections[secOptRecords]
	ix.m = len(ix.optRec) / optRecSize
	ix.optPatterns = f.u32s(secOptPatterns)
	ix.optEnable = f.u32s(secOptEnable)

	v := ix.masks.len()
	switch {
	case len(ix.pkgRec)%pkgRecSize != 0, len(ix.optRec)%optRecSize != 0:
		return nil, fmt.Errorf("%w: record sizes", errCorrupt)
	case ix.n > 0 && ix.nameStart.len() != ix.n+1:
		return nil, fmt.Errorf("%w: name table", errCorrupt)
	case ix.vocabOff.len() != v+1 && !(v == 0 && ix.vocabOff.len() <= 1),
		ix.postOff.len() != ix.vocabOff.len(),
		ix.byLen.len() != v,
		v > 0 && ix.lenStart.len() != maxToken+2:
		return nil, fmt.Errorf("%w: word tables", errCorrupt)
	case ix.triOff.len() != ix.triKeys.len()+1 && !(ix.triKeys.len() == 0 && ix.triOff.len() <= 1):
		return nil, fmt.Errorf("%w: trigram tables", errCorrupt)
	}
	return ix, nil
}

// Meta says where the index came from.
func (ix *Index) Meta() Meta { return ix.meta }

// Packages is the number of packages indexed.
func (ix *Index) Packages() int { return ix.n }

// Options is the number of options indexed.
func (ix *Index) Options() int { return ix.m }

// Package is one indexed package: what the listing said of it, as read
// (source.Package), kept whole in the index and read back the same.
type Package = source.Package

func (ix *Index) pkg(id int) Package {
	r := ix.pkgRec[id*pkgRecSize:]
	return Package{
		Attr:        str(ix.pkgStr, le.Uint32(r[0:]), int(le.Uint16(r[20:]))),
		Pname:       str(ix.pkgStr, le.Uint32(r[4:]), int(le.Uint16(r[22:]))),
		Version:     str(ix.pkgStr, le.Uint32(r[8:]), int(le.Uint16(r[24:]))),
		Description: str(ix.pkgStr, le.Uint32(r[12:]), int(le.Uint16(r[26:]))),
		MainProgram: str(ix.pkgStr, le.Uint32(r[16:]), int(le.Uint16(r[28:]))),
		Unfree:      r[pkgRecFlags]&pkgUnfree != 0,
		Unavailable: r[pkgRecFlags]&pkgUnavailable != 0,
	}
}

// attrBytes is package id's attribute path, without a copy.
func (ix *Index) attrBytes(id int) []byte {
	r := ix.pkgRec[id*pkgRecSize:]
	return bytesAt(ix.pkgStr, le.Uint32(r[0:]), int(le.Uint16(r[20:])))
}

// descBytes is package id's description, without a copy.
func (ix *Index) descBytes(id int) []byte {
	r := ix.pkgRec[id*pkgRecSize:]
	return bytesAt(ix.pkgStr, le.Uint32(r[12:]), int(le.Uint16(r[26:])))
}

// programBytes is package id's main program, without a copy.
func (ix *Index) programBytes(id int) []byte {
	r := ix.pkgRec[id*pkgRecSize:]
	return bytesAt(ix.pkgStr, le.Uint32(r[16:]), int(le.Uint16(r[28:])))
}

// versionBytes is package id's version, without a copy.
func (ix *Index) versionBytes(id int) []byte {
	r := ix.pkgRec[id*pkgRecSize:]
	return bytesAt(ix.pkgStr, le.Uint32(r[8:]), int(le.Uint16(r[24:])))
}

// unavailable reports whether the listing marks package id broken or
// not for its platform.
func (ix *Index) unavailable(id int) bool {
	return ix.pkgRec[id*pkgRecSize+pkgRecFlags]&pkgUnavailable != 0
}

// nested reports whether the package lives in a package set
// (python313Packages.requests), which ranks it after top-level ones.
func (ix *Index) nested(id int) bool { return ix.pkgRec[id*pkgRecSize+30] != 0 }

// nameLine is package id's line of the names blob: lowercase segment,
// pname and program separated by \x01 (empty when equal to the one
// before).
func (ix *Index) nameLine(id int) []byte {
	if !ix.nameStart.ok(id + 1) {
		return nil
	}
	s, e := ix.nameStart.at(id), ix.nameStart.at(id+1)
	if s > e || e > uint32(len(ix.names)) || e == s {
		return nil
	}
	return ix.names[s : e-1]
}

// word returns vocabulary word i.
func (ix *Index) word(i int) []byte {
	if !ix.vocabOff.ok(i + 1) {
		return nil
	}
	s, e := ix.vocabOff.at(i), ix.vocabOff.at(i+1)
	if s > e || e > uint32(len(ix.vocab)) {
		return nil
	}
	return ix.vocab[s:e]
}

// posts returns the postings of word i.
func (ix *Index) posts(i int) u32s {
	if !ix.postOff.ok(i + 1) {
		return nil
	}
	s, e := int(ix.postOff.at(i)), int(ix.postOff.at(i+1))
	if s > e || e*4 > len(ix.postings) {
		return nil
	}
	return ix.postings[s*4 : e*4]
}

// triPostings returns the packages whose names hold trigram t.
func (ix *Index) triPostings(t uint32) u32s {
	lo, hi := 0, ix.triKeys.len()
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if ix.triKeys.at(mid) < t {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo >= ix.triKeys.len() || ix.triKeys.at(lo) != t || !ix.triOff.ok(lo+1) {
		return nil
	}
	s, e := int(ix.triOff.at(lo)), int(ix.triOff.at(lo+1))
	if s > e || e*4 > len(ix.triPosts) {
		return nil
	}
	return ix.triPosts[s*4 : e*4]
}

// ErrNoIndex is returned by OpenDefault when no index has been built yet.
var ErrNoIndex = errors.New("no package index yet")
