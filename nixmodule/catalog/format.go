package catalog

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The index is one file, read with a single mmap (or read) and used in
// place: fixed-size records and sorted arrays of little-endian integers
// pointing into string blobs, so opening it decodes nothing but a small
// header and a query touches only the pages it needs.
//
//	header:   magic[8] version u32 sections u32 fileSize u64
//	table:    sections x {id u32, reserved u32, offset u64, length u64}
//	sections: each 8-byte aligned, in any order
const (
	magic = "NXHUIDX\x00"
	// formatVersion 2: a package record's last byte holds flags
	// (pkgUnfree); version 1 left it zero.
	formatVersion = 2
	headerSize    = 24
	tableEntry    = 24
)

// Section ids.
const (
	secMeta        = 1  // JSON: Meta
	secPkgStrings  = 2  // blob: attr, pname, version, description, program of each package
	secPkgRecords  = 3  // N x pkgRecord, sorted by attribute path
	secNames       = 4  // blob: per package "segment\x01pname\x01program\n", lowercase; pname/program empty when equal to the segment
	secNameStart   = 5  // (N+1) x u32 offsets into secNames
	secVocab       = 6  // blob: sorted unique lowercase words
	secVocabOff    = 7  // (V+1) x u32 offsets into secVocab
	secVocabMask   = 8  // V x u32 letter masks
	secPostOff     = 9  // (V+1) x u32 offsets into secPostings
	secPostings    = 10 // u32 (package<<3 | where), sorted by package within a word
	secByLen       = 11 // V x u32 word ids ordered by word length
	secLenStart    = 12 // (maxToken+2) x u32: words of length L are byLen[lenStart[L]:lenStart[L+1]]
	secTriKeys     = 13 // T x u32: sorted trigrams of the names (3 bytes, big-endian in the low 24 bits)
	secTriOff      = 14 // (T+1) x u32 offsets into secTriPosts
	secTriPosts    = 15 // u32 package ids, ascending within a trigram
	secOptStrings  = 20 // blob: option names, types, descriptions
	secOptRecords  = 21 // M x optRecord, sorted by name
	secOptPatterns = 22 // u32 ids of options with <name> or * elements
	secOptEnable   = 23 // u32 ids of options whose last element is "enable"
)

// Where a word occurs, the low bits of a posting.
const (
	inName    = 1 << iota // attribute segment, pname or program
	inDesc                // description
	inSet                 // the package set of a nested attribute (python313Packages)
	whereBits = 3
)

// pkgRecord layout (32 bytes): u32 offsets of attr, pname, version,
// description, program; u16 lengths of attr, pname, version,
// description, program; u8 offset of the last attribute segment; u8
// flags.
const (
	pkgRecSize  = 32
	pkgRecFlags = 31
	pkgUnfree   = 1 // the license is not free (source.Package.Unfree)
	// pkgUnavailable: broken or not for this platform
	// (source.Package.Unavailable). A reader of format 2 from before
	// this flag ignores it, and an index from before it has it clear:
	// no new format version.
	pkgUnavailable = 2
)

// optRecord layout (32 bytes): u32 name offset, u32 type offset, u32
// description offset, u32 alias id (+1, 0: none), u32 loc offset (the
// elements joined by \x00), u16 name length, u16 loc length, u16 type
// length, u16 description length, u8 flags, 3 reserved.
const (
	optRecSize    = 32
	optReadOnly   = 1
	optIsPattern  = 2
	maxOptTypeLen = 0xffff
)

var le = binary.LittleEndian

// file is a parsed header: where each section is.
type file struct {
	data     []byte
	sections map[uint32][]byte
}

// errCorrupt wraps every reason a file is not a usable index.
var errCorrupt = errors.New("index file is damaged or from another version")

// ErrOtherVersion is an index file written by an older (or newer)
// ask-nix, in a layout this one does not read. It wraps errCorrupt's
// meaning in words a person can act on: build the index again.
var ErrOtherVersion = errors.New("index file is from another version of ask-nix")

// versionError says which way the versions differ.
type versionError struct{ got uint32 }

func (e versionError) Error() string {
	age := "an older"
	if e.got > formatVersion {
		age = "a newer"
	}
	return fmt.Sprintf("built by %s ask-nix (index format %d; this ask-nix reads format %d)", age, e.got, formatVersion)
}

func (e versionError) Is(target error) bool { return target == ErrOtherVersion }

func parseFile(data []byte) (*file, error) {
	if len(data) < headerSize || string(data[:8]) != magic {
		return nil, fmt.Errorf("%w: not an index file", errCorrupt)
	}
	if v := le.Uint32(data[8:]); v != formatVersion {
		return nil, versionError{got: v}
	}
	n := le.Uint32(data[12:])
	if size := le.Uint64(data[16:]); size != uint64(len(data)) {
		return nil, fmt.Errorf("%w: %d bytes, header says %d (truncated?)", errCorrupt, len(data), size)
	}
	if n > 64 || headerSize+int(n)*tableEntry > len(data) {
		return nil, fmt.Errorf("%w: bad section table", errCorrupt)
	}
	f := &file{data: data, sections: make(map[uint32][]byte, n)}
	for i := 0; i < int(n); i++ {
		e := data[headerSize+i*tableEntry:]
		id, off, length := le.Uint32(e), le.Uint64(e[8:]), le.Uint64(e[16:])
		if off%8 != 0 || off > uint64(len(data)) || length > uint64(len(data))-off {
			return nil, fmt.Errorf("%w: section %d out of bounds", errCorrupt, id)
		}
		f.sections[id] = data[off : off+length : off+length]
	}
	return f, nil
}

// u32s is a little-endian uint32 array in place.
type u32s []byte

func (a u32s) len() int             { return len(a) / 4 }
func (a u32s) at(i int) uint32      { return le.Uint32(a[i*4:]) }
func (a u32s) ok(i int) bool        { return i >= 0 && i < len(a)/4 }
func asU32s(b []byte) u32s          { return u32s(b[:len(b)/4*4]) }
func (f *file) u32s(id uint32) u32s { return asU32s(f.sections[id]) }

// str returns blob[off:off+n], or "" when that is out of bounds: a
// damaged file gives wrong text, never a crash.
func str(blob []byte, off uint32, n int) string {
	if uint64(off)+uint64(n) > uint64(len(blob)) {
		return ""
	}
	return string(blob[off : int(off)+n])
}

// bytesAt is str without the copy, for matching.
func bytesAt(blob []byte, off uint32, n int) []byte {
	if uint64(off)+uint64(n) > uint64(len(blob)) {
		return nil
	}
	return blob[off : int(off)+n]
}

// writer lays out sections.
type writer struct {
	secs []section
}

type section struct {
	id   uint32
	data []byte
}

func (w *writer) add(id uint32, data []byte) { w.secs = append(w.secs, section{id, data}) }

func (w *writer) addU32s(id uint32, v []uint32) {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		le.PutUint32(b[i*4:], x)
	}
	w.add(id, b)
}

func (w *writer) bytes() []byte {
	off := uint64(headerSize + tableEntry*len(w.secs))
	off = (off + 7) &^ 7
	total := off
	offs := make([]uint64, len(w.secs))
	for i, s := range w.secs {
		offs[i] = total
		total += uint64(len(s.data))
		total = (total + 7) &^ 7
	}
	out := make([]byte, total)
	copy(out, magic)
	le.PutUint32(out[8:], formatVersion)
	le.PutUint32(out[12:], uint32(len(w.secs)))
	le.PutUint64(out[16:], total)
	for i, s := range w.secs {
		e := out[headerSize+i*tableEntry:]
		le.PutUint32(e, s.id)
		le.PutUint64(e[8:], offs[i])
		le.PutUint64(e[16:], uint64(len(s.data)))
		copy(out[offs[i]:], s.data)
	}
	return out
}
