package catalog

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/source"
)

// Meta says what an index was built from and when.
type Meta struct {
	Packages Origin `json:"packages"`
	Options  Origin `json:"options"`
	// Tool is the ask-nix version that wrote the file.
	Tool string `json:"tool,omitempty"`
}

// Origin describes where one half of the index came from.
type Origin struct {
	// Source is the file read, or the nixpkgs (path, <lookup> or flake
	// reference) Nix listed; empty when this half is missing.
	Source string `json:"source,omitempty"`
	// Format is how it was read: packages.json, nix-env, nix-search or
	// options.json.
	Format string `json:"format,omitempty"`
	// Resolved is what Source pointed to when the index was built (the
	// store path behind <nixpkgs>, a file's size and time), so a cheap
	// look later can tell whether it changed.
	Resolved string    `json:"resolved,omitempty"`
	Built    time.Time `json:"built,omitzero"`
	Count    int       `json:"count"`
}

// Build lays out an index file from packages and options (either may be
// empty). Packages are keyed by attribute path and options by name; the
// first of duplicates wins.
func Build(pkgs []source.Package, opts []source.Option, meta Meta) ([]byte, error) {
	clean := make([]source.Package, 0, len(pkgs))
	for _, p := range pkgs {
		if a, ok := source.CanonicalAttr(p.Attr); ok {
			p.Attr = a
			clean = append(clean, p)
		}
	}
	pkgs = clean
	slices.SortStableFunc(pkgs, func(a, b source.Package) int { return strings.Compare(a.Attr, b.Attr) })
	pkgs = slices.CompactFunc(pkgs, func(a, b source.Package) bool { return a.Attr == b.Attr })
	if len(pkgs) >= 1<<(32-whereBits) {
		return nil, fmt.Errorf("too many packages for the index format: %d", len(pkgs))
	}
	meta.Packages.Count = len(pkgs)

	type keyed struct {
		key string
		o   source.Option
	}
	ko := make([]keyed, 0, len(opts))
	for _, o := range opts {
		ko = append(ko, keyed{strings.Join(o.Loc, "\x00"), o})
	}
	slices.SortStableFunc(ko, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	ko = slices.CompactFunc(ko, func(a, b keyed) bool { return a.key == b.key })
	meta.Options.Count = len(ko)

	var w writer
	mj, err := json.Marshal(meta)
	if err != nil {
		return nil, err
	}
	w.add(secMeta, mj)
	buildPackages(&w, pkgs)

	sorted := make([]source.Option, len(ko))
	for i, k := range ko {
		sorted[i] = k.o
	}
	buildOptions(&w, sorted, func(i int) string { return ko[i].key })
	return w.bytes(), nil
}

// strBlob stores strings; put stores each distinct one once (for the
// many repeated versions), add just appends.
type strBlob struct {
	buf  []byte
	seen map[string]uint32
}

func (s *strBlob) put(v string) uint32 {
	if off, ok := s.seen[v]; ok {
		return off
	}
	off := s.add(v)
	s.seen[v] = off
	return off
}

func (s *strBlob) add(v string) uint32 {
	off := uint32(len(s.buf))
	s.buf = append(s.buf, v...)
	return off
}

// interner numbers distinct keys in order of first sight.
type interner[K comparable] struct {
	ids  map[K]uint32
	keys []K
}

func (in *interner[K]) id(k K) uint32 {
	if id, ok := in.ids[k]; ok {
		return id
	}
	id := uint32(len(in.keys))
	in.ids[k] = id
	in.keys = append(in.keys, k)
	return id
}

// groupBy lays out entries (key id << 32 | value, appended in value
// order) as one array of values grouped by key, keys in the order rank
// gives them, values in their original order inside a group (a stable
// counting sort). It returns the values and the start of each group.
func groupBy(entries []uint64, rank []uint32) (vals, start []uint32) {
	start = make([]uint32, len(rank)+1)
	for _, e := range entries {
		start[rank[e>>32]+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	next := slices.Clone(start[:len(rank)])
	vals = make([]uint32, len(entries))
	for _, e := range entries {
		r := rank[e>>32]
		vals[next[r]] = uint32(e)
		next[r]++
	}
	return vals, start
}

// sortedRank orders keys and returns each key's position (by id) and the
// keys in order.
func sortedRank[K any](keys []K, cmp func(a, b K) int) ([]uint32, []K) {
	order := make([]uint32, len(keys))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(a, b uint32) int { return cmp(keys[a], keys[b]) })
	rank := make([]uint32, len(keys))
	sorted := make([]K, len(keys))
	for pos, id := range order {
		rank[id] = uint32(pos)
		sorted[pos] = keys[id]
	}
	return rank, sorted
}

type wordFlag struct {
	w string
	f uint8
}

func buildPackages(w *writer, pkgs []source.Package) {
	blob := &strBlob{seen: make(map[string]uint32, 1024)}
	recs := make([]byte, pkgRecSize*len(pkgs))
	names := make([]byte, 0, 24*len(pkgs))
	nameStart := make([]uint32, 0, len(pkgs)+1)

	words := interner[string]{ids: make(map[string]uint32, len(pkgs))}
	wordEntries := make([]uint64, 0, 10*len(pkgs))
	tris := interner[uint32]{ids: make(map[uint32]uint32, 1<<15)}
	triEntries := make([]uint64, 0, 12*len(pkgs))

	var pw []wordFlag // this package's words, each once
	var pt []uint32   // this package's trigrams
	addWord := func(flag uint8) func(string) {
		return func(t string) {
			for i := range pw {
				if pw[i].w == t {
					pw[i].f |= flag
					return
				}
			}
			pw = append(pw, wordFlag{t, flag})
		}
	}
	for id, p := range pkgs {
		segOff := strings.LastIndexByte(p.Attr, '.') + 1
		// A quoted element (emacsPackages."ghub+") is matched without
		// its quotes; source.NormalizeAttr lets no escapes in.
		seg := strings.Trim(p.Attr[segOff:], `"`)
		prog := p.MainProgram

		r := recs[id*pkgRecSize:]
		attrOff := blob.add(p.Attr)
		pnameOff := attrOff + uint32(segOff)
		if p.Pname != p.Attr[segOff:] {
			pnameOff = blob.add(p.Pname)
		}
		progOff := pnameOff
		switch prog {
		case p.Pname:
		case p.Attr[segOff:]:
			progOff = attrOff + uint32(segOff)
		default:
			progOff = blob.add(prog)
		}
		le.PutUint32(r[0:], attrOff)
		le.PutUint32(r[4:], pnameOff)
		le.PutUint32(r[8:], blob.put(p.Version))
		le.PutUint32(r[12:], blob.add(p.Description))
		le.PutUint32(r[16:], progOff)
		le.PutUint16(r[20:], uint16(len(p.Attr)))
		le.PutUint16(r[22:], uint16(min(len(p.Pname), 0xffff)))
		le.PutUint16(r[24:], uint16(min(len(p.Version), 0xffff)))
		le.PutUint16(r[26:], uint16(min(len(p.Description), 0xffff)))
		le.PutUint16(r[28:], uint16(min(len(prog), 0xffff)))
		r[30] = uint8(segOff)
		if p.Unavailable {
			r[pkgRecFlags] |= pkgUnavailable
		}
		if p.Unfree {
			r[pkgRecFlags] |= pkgUnfree
		}

		lseg, lpname, lprog := nameText(seg), nameText(p.Pname), nameText(prog)
		nameStart = append(nameStart, uint32(len(names)))
		names = append(names, lseg...)
		names = append(names, 1)
		if lpname != lseg {
			names = append(names, lpname...)
		}
		names = append(names, 1)
		if lprog != lseg && lprog != lpname {
			names = append(names, lprog...)
		}
		names = append(names, '\n')

		pt = lineTrigrams(names[nameStart[id]:], pt[:0])
		for _, t := range pt {
			triEntries = append(triEntries, uint64(tris.id(t))<<32|uint64(id))
		}

		pw = pw[:0]
		nameWords(seg, addWord(inName))
		nameWords(p.Pname, addWord(inName))
		nameWords(prog, addWord(inName))
		if segOff > 0 {
			for set := range strings.SplitSeq(p.Attr[:segOff-1], ".") {
				nameWords(set, addWord(inSet))
			}
		}
		descWords(lower(p.Description), addWord(inDesc))
		for _, x := range pw {
			wordEntries = append(wordEntries, uint64(words.id(x.w))<<32|uint64(id)<<whereBits|uint64(x.f))
		}
	}
	nameStart = append(nameStart, uint32(len(names)))

	rank, sorted := sortedRank(words.keys, strings.Compare)
	posts, poff := groupBy(wordEntries, rank)
	var vblob []byte
	voff := make([]uint32, 0, len(sorted)+1)
	masks := make([]uint32, len(sorted))
	for i, t := range sorted {
		voff = append(voff, uint32(len(vblob)))
		vblob = append(vblob, t...)
		masks[i] = letterMask(t)
	}
	voff = append(voff, uint32(len(vblob)))

	// Words by length, for typo search: only lengths within the edit
	// budget are looked at.
	byLen := make([]uint32, len(sorted))
	for i := range byLen {
		byLen[i] = uint32(i)
	}
	slices.SortStableFunc(byLen, func(a, b uint32) int { return len(sorted[a]) - len(sorted[b]) })
	lenStart := make([]uint32, maxToken+2)
	for L := 0; L <= maxToken+1; L++ {
		lenStart[L] = uint32(len(byLen))
	}
	for i := len(byLen) - 1; i >= 0; i-- {
		lenStart[len(sorted[byLen[i]])] = uint32(i)
	}
	for L := maxToken; L >= 0; L-- {
		lenStart[L] = min(lenStart[L], lenStart[L+1])
	}

	triRank, triKeys := sortedRank(tris.keys, func(a, b uint32) int { return int(a) - int(b) })
	triPosts, triOff := groupBy(triEntries, triRank)

	w.add(secPkgStrings, blob.buf)
	w.add(secPkgRecords, recs)
	w.add(secNames, names)
	w.addU32s(secNameStart, nameStart)
	w.add(secVocab, vblob)
	w.addU32s(secVocabOff, voff)
	w.addU32s(secVocabMask, masks)
	w.addU32s(secPostOff, poff)
	w.addU32s(secPostings, posts)
	w.addU32s(secByLen, byLen)
	w.addU32s(secLenStart, lenStart)
	w.addU32s(secTriKeys, triKeys)
	w.addU32s(secTriOff, triOff)
	w.addU32s(secTriPosts, triPosts)
}

// lineTrigrams appends the distinct trigrams of one names line (up to
// its newline, not across the field separators) to out.
func lineTrigrams(line []byte, out []uint32) []uint32 {
	for i := 0; i+2 < len(line) && line[i+2] != '\n'; i++ {
		if line[i] == 1 || line[i+1] == 1 || line[i+2] == 1 {
			continue
		}
		out = append(out, trigram(line[i:]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// nameText is the lowercase form matched against, without the bytes the
// names blob uses as separators.
func nameText(s string) string {
	s = lower(s)
	if strings.ContainsAny(s, "\x01\n") {
		s = strings.NewReplacer("\x01", "", "\n", "").Replace(s)
	}
	return s
}

func buildOptions(w *writer, opts []source.Option, key func(int) string) {
	blob := &strBlob{seen: make(map[string]uint32, len(opts))}
	recs := make([]byte, optRecSize*len(opts))
	byName := make(map[string]int, len(opts))
	for i, o := range opts {
		byName[o.Name] = i
	}
	var patterns, enables []uint32
	for i, o := range opts {
		r := recs[i*optRecSize:]
		typ := o.Type
		if len(typ) > maxOptTypeLen {
			typ = typ[:maxOptTypeLen]
		}
		k := key(i)
		le.PutUint32(r[0:], blob.put(o.Name))
		le.PutUint32(r[4:], blob.put(typ))
		le.PutUint32(r[8:], blob.put(o.Description))
		if a, ok := byName[o.AliasOf]; ok && o.AliasOf != "" && a != i {
			le.PutUint32(r[12:], uint32(a)+1)
		}
		le.PutUint32(r[16:], blob.put(k))
		le.PutUint16(r[20:], uint16(min(len(o.Name), 0xffff)))
		le.PutUint16(r[22:], uint16(min(len(k), 0xffff)))
		le.PutUint16(r[24:], uint16(len(typ)))
		le.PutUint16(r[26:], uint16(min(len(o.Description), 0xffff)))
		var flags uint8
		if o.ReadOnly {
			flags |= optReadOnly
		}
		for _, e := range o.Loc {
			if isPlaceholder(e) {
				flags |= optIsPattern
			}
		}
		r[28] = flags
		if flags&optIsPattern != 0 {
			patterns = append(patterns, uint32(i))
		}
		if o.Loc[len(o.Loc)-1] == "enable" && flags&optIsPattern == 0 {
			enables = append(enables, uint32(i))
		}
	}
	w.add(secOptStrings, blob.buf)
	w.add(secOptRecords, recs)
	w.addU32s(secOptPatterns, patterns)
	w.addU32s(secOptEnable, enables)
}

// isPlaceholder reports whether an option path element stands for any
// name (<name>, <config-name>) or any list element (*).
func isPlaceholder(e string) bool {
	return e == "*" || standsForName(e)
}

// standsForName reports whether an option path element matches an
// attribute name a person writes: <name> does (users.users.alice), but *
// does not: it is an element of a list (swapDevices.*.size), which no
// attribute path can reach.
func standsForName(e string) bool {
	return len(e) > 2 && e[0] == '<' && e[len(e)-1] == '>'
}
