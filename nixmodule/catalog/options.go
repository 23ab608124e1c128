package catalog

import (
	"bytes"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/internal/editdistance"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/optiontype"
)

// Option is one NixOS option.
type Option struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Description string `json:"description,omitempty"`
	ReadOnly    bool   `json:"readOnly,omitempty"`
	// AliasOf names the option this one is another name for.
	AliasOf string `json:"aliasOf,omitempty"`
	// Declared is the declared option that matched: the same as Name
	// for a plain option, users.users.<name>.isNormalUser for
	// users.users.alice.isNormalUser, and the attribute-set option for a
	// name inside a freeform one (boot.kernel.sysctl for
	// boot.kernel.sysctl."net.ipv4.ip_forward").
	Declared string `json:"declared,omitempty"`
}

func (ix *Index) optRecord(id int) []byte {
	if id < 0 || id >= ix.m {
		return nil
	}
	return ix.optRec[id*optRecSize : (id+1)*optRecSize]
}

func (ix *Index) opt(id int) Option {
	r := ix.optRecord(id)
	if r == nil {
		return Option{}
	}
	o := Option{
		Name:        str(ix.optStr, le.Uint32(r[0:]), int(le.Uint16(r[20:]))),
		Type:        str(ix.optStr, le.Uint32(r[4:]), int(le.Uint16(r[24:]))),
		Description: str(ix.optStr, le.Uint32(r[8:]), int(le.Uint16(r[26:]))),
		ReadOnly:    r[28]&optReadOnly != 0,
	}
	o.Declared = o.Name
	if a := int(le.Uint32(r[12:])); a > 0 && a-1 < ix.m && a-1 != id {
		o.AliasOf = ix.optName(a - 1)
	}
	return o
}

// optDesc is the option's description, without a copy.
func (ix *Index) optDesc(id int) []byte {
	r := ix.optRecord(id)
	if r == nil {
		return nil
	}
	return bytesAt(ix.optStr, le.Uint32(r[8:]), int(le.Uint16(r[26:])))
}

func (ix *Index) optName(id int) string {
	r := ix.optRecord(id)
	if r == nil {
		return ""
	}
	return str(ix.optStr, le.Uint32(r[0:]), int(le.Uint16(r[20:])))
}

// optKey is the option's path, elements joined by \x00 (the sort key).
func (ix *Index) optKey(id int) []byte {
	r := ix.optRecord(id)
	if r == nil {
		return nil
	}
	return bytesAt(ix.optStr, le.Uint32(r[16:]), int(le.Uint16(r[22:])))
}

// findOption is the option whose path is exactly key, or -1.
func (ix *Index) findOption(key string) int {
	lo, hi := 0, ix.m
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if string(ix.optKey(mid)) < key {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < ix.m && string(ix.optKey(lo)) == key {
		return lo
	}
	return -1
}

// splitPath reads an option path as Nix writes it, quoted elements and
// all; placeholders like <name> are taken as plain elements.
func splitPath(path string) []string {
	if p, err := fragment.ParsePath(path); err == nil {
		return p
	}
	if strings.Contains(path, `"`) {
		return nil
	}
	parts := strings.Split(path, ".")
	if slices.Contains(parts, "") {
		return nil
	}
	return parts
}

// LookupOption finds the option path refers to: a declared option, one
// with placeholders (users.users.<name>.isNormalUser matches
// users.users.alice.isNormalUser), or a name inside a freeform
// attribute set, whose type is then the set's element type.
func (ix *Index) LookupOption(path string) (Option, bool) {
	if !ix.HasOptions() {
		return Option{}, false
	}
	elems := splitPath(path)
	if len(elems) == 0 {
		return Option{}, false
	}
	if id := ix.matchOption(elems); id >= 0 {
		o := ix.opt(id)
		o.Declared, o.Name = o.Name, path
		return o, true
	}
	if m, ok := knownMembers[strings.Join(elems, ".")]; ok {
		if id := ix.matchOption(m.parent); id >= 0 && ix.opt(id).Type == m.parentType {
			return Option{Name: path, Type: m.typ, Description: m.description, Declared: ix.optName(id)}, true
		}
	}
	// Inside a freeform set: the longest declared prefix decides.
	for k := len(elems) - 1; k >= 1; k-- {
		id := ix.matchOption(elems[:k])
		if id < 0 {
			continue
		}
		o := ix.opt(id)
		typ, ok := optiontype.Member(o.Type, len(elems)-k)
		if !ok {
			return Option{}, false
		}
		o.Declared, o.Name, o.Type = o.Name, path, typ
		o.Description, o.AliasOf = "", ""
		return o, true
	}
	return Option{}, false
}

// knownMember is a setting inside a freeform option that NixOS does not
// declare on its own but people set by name (allowUnfree, and NVIDIA's
// licence, which ask-nix's own phrasings set). Only these are let in:
// nixpkgs.config.* in general stays unknown, so a typo there is refused
// (guard's freeformMembers lists the same, for an options.json read
// without an index).
type knownMember struct {
	parent          []string
	parentType, typ string
	description     string
}

var knownMembers = map[string]knownMember{
	"nixpkgs.config.allowUnfree": {
		parent: []string{"nixpkgs", "config"}, parentType: "nixpkgs config", typ: "boolean",
		description: "Whether nixpkgs evaluates packages whose license is not free (unfree).",
	},
	"nixpkgs.config.nvidia.acceptLicense": {
		parent: []string{"nixpkgs", "config"}, parentType: "nixpkgs config", typ: "boolean",
		description: "Whether NVIDIA's licence for its software is accepted: nixpkgs' NVIDIA drivers without an open kernel module build only with it.",
	},
}

// matchOption is the option declared at exactly elems, or the most
// specific placeholder option that matches them, or -1.
// HasOptionsUnder reports whether options are declared below path (a
// group such as services.xserver.xkb, which is no option itself).
func (ix *Index) HasOptionsUnder(path string) bool {
	if !ix.HasOptions() {
		return false
	}
	elems := splitPath(path)
	if len(elems) == 0 {
		return false
	}
	prefix := strings.Join(elems, "\x00") + "\x00"
	lo, hi := 0, ix.m
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if string(ix.optKey(mid)) < prefix {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo < ix.m && bytes.HasPrefix(ix.optKey(lo), []byte(prefix))
}

func (ix *Index) matchOption(elems []string) int {
	if id := ix.findOption(strings.Join(elems, "\x00")); id >= 0 {
		return id
	}
	best, bestWild := -1, 0
	for j := 0; j < ix.optPatterns.len(); j++ {
		id := int(ix.optPatterns.at(j))
		key := ix.optKey(id)
		// Most patterns differ in the first element: skip them before
		// splitting.
		first, _, _ := bytes.Cut(key, []byte{0})
		if key == nil || string(first) != elems[0] && !standsForName(string(first)) ||
			bytes.Count(key, []byte{0})+1 != len(elems) {
			continue
		}
		wild, ok := 0, true
		for i, e := range bytes.Split(key, []byte{0}) {
			if standsForName(string(e)) {
				wild++
				continue
			}
			if string(e) != elems[i] {
				ok = false
				break
			}
		}
		if ok && (best < 0 || wild < bestWild) {
			best, bestWild = id, wild
		}
	}
	return best
}

// Option returns the declared type of a NixOS option and whether it
// exists (see LookupOption). With no options indexed every option counts
// as found with an empty type (unchecked). It is guard.Catalog's option
// check.
func (ix *Index) Option(path string) (typ string, found bool) {
	if !ix.HasOptions() {
		return "", true
	}
	o, ok := ix.LookupOption(path)
	if !ok {
		return "", false
	}
	return o.Type, true
}

// SuggestOptions returns up to n declared option names close to path:
// the same path with a typo in one element, or options ending the same
// way.
func (ix *Index) SuggestOptions(path string, n int) []string {
	if !ix.HasOptions() || n <= 0 {
		return nil
	}
	elems := splitPath(path)
	if len(elems) == 0 {
		return nil
	}
	type cand struct {
		id, dist int
	}
	var cands []cand
	budget := max(1, min(3, len(path)/8))
	for id := 0; id < ix.m; id++ {
		key := ix.optKey(id)
		if bytes.Count(key, []byte{0})+1 != len(elems) {
			continue
		}
		d := 0
		for i, e := range bytes.Split(key, []byte{0}) {
			if string(e) == elems[i] || standsForName(string(e)) {
				continue
			}
			d += editdistance.OSA(strings.ToLower(elems[i]), strings.ToLower(string(e)), budget)
			if d > budget {
				break
			}
		}
		if d <= budget {
			cands = append(cands, cand{id, d})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return a.dist - b.dist })
	var out []string
	for _, c := range cands {
		if len(out) == n {
			break
		}
		out = append(out, ix.optName(c.id))
	}
	return out
}
