package guard

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// This file reads NixOS option type descriptions, the "type" strings of
// options.json ("null or string without spaces", "list of 16 bit
// unsigned integer; between 0 and 65535 (both inclusive)"), into a small
// tree that a value can be checked against. The phrases are the ones
// nixpkgs' lib/types.nix writes; how they nest follows its
// optionDescriptionPhrase rules: "X or Y" chains, "list of" and
// "attribute set of" take one noun (or a parenthesised phrase), and
// "A or B convertible to it" is a coercion that accepts A or B.

type typeKind int

const (
	kUnknown typeKind = iota // a phrase ask-nix does not know
	kRefuse                  // known, but not written by ask-nix (package, submodule, attrs, function)
	kAny                     // anything, JSON value...: any plain value
	kNull                    // null
	kBool                    // boolean
	kInt                     // integers, maybe bounded
	kFloat                   // floating point number
	kNumber                  // integer or floating point number, maybe bounded
	kString                  // strings, with checks
	kPath                    // path: an absolute path string
	kEnum                    // one of ...
	kList                    // list of elem
	kEither                  // alts
)

// string checks
const (
	sNonEmpty         = 1 << iota // not only whitespace
	sNoSpaces                     // "string without spaces"
	sSingleLine                   // no \n or \r
	sOptNewline                   // "(optionally newline-terminated)": one trailing \n allowed
	sNoNewlineColon               // "string, not containing newlines or colons"
	sNoTrailingSlash              // "(with check: non-empty without trailing slash)"
	sNoLineBreakQuote             // "string without line breaks or quotes"
	sStorePath                    // "path in the Nix store"
)

type vtype struct {
	kind  typeKind
	desc  string // the phrase this node was read from, for reasons
	flags int
	// integer and number bounds
	hasMin, hasMax bool
	min, max       float64
	pattern        *regexp.Regexp
	patternSrc     string
	enum           []any // string, int64, bool or nil
	elem           *vtype
	alts           []*vtype
	nonEmpty       bool // non-empty list
}

var typeCache sync.Map // description -> *vtype

// parseType reads a type description. It never fails: what it cannot
// read becomes a kUnknown node, which no value passes.
func parseType(desc string) *vtype {
	if t, ok := typeCache.Load(desc); ok {
		return t.(*vtype)
	}
	p := &typeParser{s: desc}
	t := p.alternatives()
	if p.pos != len(p.s) {
		t = &vtype{kind: kUnknown, desc: desc}
	}
	typeCache.Store(desc, t)
	return t
}

type typeParser struct {
	s     string
	pos   int
	depth int // open parentheses
}

func (p *typeParser) rest() string { return p.s[p.pos:] }

func (p *typeParser) eat(prefix string) bool {
	if strings.HasPrefix(p.rest(), prefix) {
		p.pos += len(prefix)
		return true
	}
	return false
}

// eatWord is eat for a whole phrase: what follows must end it.
func (p *typeParser) eatWord(w string) bool {
	r := p.rest()
	if !strings.HasPrefix(r, w) {
		return false
	}
	after := r[len(w):]
	if after == "" || strings.HasPrefix(after, " or ") || after[0] == ')' || strings.HasPrefix(after, " convertible to it") || strings.HasPrefix(after, ", ") {
		p.pos += len(w)
		return true
	}
	return false
}

func (p *typeParser) alternatives() *vtype {
	start := p.pos
	alts := []*vtype{p.single()}
	p.eat(" convertible to it")
	// "X, or Y" after a noun ending in a clause ("unsigned integer,
	// meaning >=0, or string").
	for p.eat(" or ") || p.eat(", or ") {
		alts = append(alts, p.single())
		p.eat(" convertible to it")
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return &vtype{kind: kEither, alts: alts, desc: p.s[start:p.pos]}
}

// nouns are the fixed phrases of lib/types.nix, longest first where one
// is a prefix of another.
const optNewlineStr = "(optionally newline-terminated) single-line string"

var nouns = []struct {
	phrase string
	t      vtype
}{
	{"boolean", vtype{kind: kBool}},
	{"signed integer", vtype{kind: kInt}},
	{"unsigned integer, meaning >=0", vtype{kind: kInt, hasMin: true}},
	{"positive integer, meaning >0", vtype{kind: kInt, hasMin: true, min: 1}},
	{"integer of at least 16 bits", vtype{kind: kInt}},
	{"nonnegative integer or floating point number, meaning >=0", vtype{kind: kNumber, hasMin: true}},
	{"nonnegative floating point number, meaning >=0", vtype{kind: kFloat, hasMin: true}},
	{"floating point number", vtype{kind: kFloat}},
	{"string without spaces", vtype{kind: kString, flags: sNoSpaces}},
	{"string, not containing newlines or colons", vtype{kind: kString, flags: sNoNewlineColon}},
	{"string without line breaks or quotes", vtype{kind: kString, flags: sNoLineBreakQuote}},
	{"string (with check: non-empty without trailing slash)", vtype{kind: kString, flags: sNonEmpty | sNoTrailingSlash}},
	{"string (with check: non-empty)", vtype{kind: kString, flags: sNonEmpty}},
	{optNewlineStr, vtype{kind: kString, flags: sSingleLine | sOptNewline}},
	{"single-line string", vtype{kind: kString, flags: sSingleLine}},
	{"non-empty string", vtype{kind: kString, flags: sNonEmpty}},
	{"string", vtype{kind: kString}},
	{"path in the Nix store", vtype{kind: kPath, flags: sStorePath}},
	{"path, not containing newlines or colons", vtype{kind: kPath, flags: sNoNewlineColon}},
	{"absolute path", vtype{kind: kPath}},
	{"path", vtype{kind: kPath}},
	{"null", vtype{kind: kNull}},
	{"anything", vtype{kind: kAny}},
	{"JSON value", vtype{kind: kAny}},
	{"YAML value", vtype{kind: kAny}},
	{"TOML value", vtype{kind: kAny}},
	// boot.kernel.sysctl.<key>: a boolean, integer, string or null.
	{"sysctl option value", vtype{kind: kAny}},
	// nix.settings.<name> (nix.conf): the plain values ask-nix writes;
	// ask-nix never writes a package as a value.
	{"Nix config atom (null, bool, int, float, str, path or package)", vtype{kind: kAny}},
	// raw and unspecified values are packages, attribute sets and
	// functions in practice (boot.kernelPackages, hardware.nvidia.package).
	{"raw value", vtype{kind: kRefuse}},
	{"unspecified value", vtype{kind: kRefuse}},
	{"package", vtype{kind: kRefuse}},
	{"shell package", vtype{kind: kRefuse}},
	{"submodule", vtype{kind: kRefuse}},
	{"attribute set", vtype{kind: kRefuse}},
}

// Compiled on first use: most ask-nix runs read no option type.
var (
	reBitInt = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(\d+) bit (unsigned|signed) integer; between (-?\d+) and (-?\d+) \(both inclusive\)`)
	})
	reBetween = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(integer|integer or floating point number) between (-?[\d.]+) and (-?[\d.]+) \(both inclusive\)`)
	})
)

func (p *typeParser) single() *vtype {
	start := p.pos
	switch {
	case strings.HasPrefix(p.rest(), optNewlineStr):
		// A noun that starts with a parenthesis: not a group.
	case p.eat("("):
		p.depth++
		t := p.alternatives()
		p.depth--
		if !p.eat(")") {
			return p.unknown(start)
		}
		return t
	case p.eat("list of "):
		return &vtype{kind: kList, elem: p.single(), desc: p.s[start:p.pos]}
	case p.eat("non-empty "):
		if strings.HasPrefix(p.rest(), "string") {
			p.pos = start
			break
		}
		t := p.single()
		if t.kind != kList {
			return p.unknown(start)
		}
		c := *t
		c.nonEmpty, c.desc = true, p.s[start:p.pos]
		return &c
	case p.eat("attribute set of "), p.eat("lazy attribute set of "):
		// Refused as a whole value; elem checks the one attribute set
		// ask-nix writes, a port range's { from; to; } (see checkPortRange).
		elem := p.single()
		return &vtype{kind: kRefuse, elem: elem, desc: p.s[start:p.pos]}
	case p.eat("function that evaluates to a(n) "):
		p.single()
		return &vtype{kind: kRefuse, desc: p.s[start:p.pos]}
	case p.eat("one of "):
		return p.enum(start, false)
	case p.eat("value "):
		return p.enum(start, true)
	case p.eat("string matching the pattern "):
		return p.pattern(start)
	case p.eat("strings concatenated with "):
		// The separator is written as a JSON string: "\n", ",".
		r := p.rest()
		if !strings.HasPrefix(r, `"`) {
			return p.unknown(start)
		}
		for i := 1; i < len(r); i++ {
			if r[i] == '\\' {
				i++
				continue
			}
			if r[i] == '"' {
				p.pos += i + 1
				return &vtype{kind: kString, desc: p.s[start:p.pos]}
			}
		}
		return p.unknown(start)
	}
	if m := reBitInt().FindStringSubmatch(p.rest()); m != nil {
		p.pos += len(m[0])
		lo, _ := strconv.ParseFloat(m[3], 64)
		hi, _ := strconv.ParseFloat(m[4], 64)
		return &vtype{kind: kInt, hasMin: true, hasMax: true, min: lo, max: hi, desc: m[0]}
	}
	if m := reBetween().FindStringSubmatch(p.rest()); m != nil {
		p.pos += len(m[0])
		lo, err1 := strconv.ParseFloat(m[2], 64)
		hi, err2 := strconv.ParseFloat(m[3], 64)
		if err1 != nil || err2 != nil {
			return p.unknown(start)
		}
		k := kInt
		if m[1] != "integer" {
			k = kNumber
		}
		return &vtype{kind: k, hasMin: true, hasMax: true, min: lo, max: hi, desc: m[0]}
	}
	for i := range nouns {
		if p.eatWord(nouns[i].phrase) {
			t := nouns[i].t
			t.desc = nouns[i].phrase
			return &t
		}
	}
	return p.unknown(start)
}

// unknown skips a phrase it cannot read, up to the " or " or ")" that
// ends it at this nesting level, so the alternatives around it still
// count.
func (p *typeParser) unknown(start int) *vtype {
	depth, quoted := 0, false
	i := p.pos
	for ; i < len(p.s); i++ {
		c := p.s[i]
		switch {
		case quoted:
			quoted = c != '"'
		case c == '"':
			quoted = true
		case c == '(':
			depth++
		case c == ')':
			if depth == 0 && p.depth > 0 {
				goto done
			}
			depth--
		case depth == 0 && strings.HasPrefix(p.s[i:], " or "):
			goto done
		}
	}
done:
	if i == start {
		// Nothing to skip: consume the rest so the parse ends.
		i = len(p.s)
	}
	p.pos = i
	return &vtype{kind: kUnknown, desc: p.s[start:i]}
}

// enum reads `one of "a", "b", 3, true, <null>` or `value "x" (singular enum)`.
func (p *typeParser) enum(start int, singular bool) *vtype {
	t := &vtype{kind: kEnum}
	for {
		r := p.rest()
		switch {
		case strings.HasPrefix(r, `"`):
			j := strings.IndexByte(r[1:], '"')
			if j < 0 {
				return p.unknown(start)
			}
			t.enum = append(t.enum, r[1:1+j])
			p.pos += j + 2
		case strings.HasPrefix(r, "<null>"):
			t.enum = append(t.enum, nil)
			p.pos += len("<null>")
		case strings.HasPrefix(r, "true"):
			t.enum = append(t.enum, true)
			p.pos += 4
		case strings.HasPrefix(r, "false"):
			t.enum = append(t.enum, false)
			p.pos += 5
		default:
			j := 0
			for j < len(r) && (r[j] == '-' && j == 0 || r[j] >= '0' && r[j] <= '9') {
				j++
			}
			n, err := strconv.ParseInt(r[:j], 10, 64)
			if err != nil {
				return p.unknown(start)
			}
			t.enum = append(t.enum, n)
			p.pos += j
		}
		if singular {
			if !p.eat(" (singular enum)") {
				return p.unknown(start)
			}
			break
		}
		if !p.eat(", ") {
			break
		}
	}
	t.desc = p.s[start:p.pos]
	return t
}

// pattern reads "string matching the pattern P". P is free text, so its
// end is a guess: the next " or ", else the end, less the closing
// parentheses of groups this phrase sits in (only those the pattern
// itself does not open).
func (p *typeParser) pattern(start int) *vtype {
	r := p.rest()
	if i := strings.Index(r, " or "); i >= 0 {
		r = r[:i]
	}
	for close := 0; close < p.depth && strings.HasSuffix(r, ")") && strings.Count(r, ")") > strings.Count(r, "("); close++ {
		r = r[:len(r)-1]
	}
	p.pos += len(r)
	// builtins.match matches the whole string, POSIX extended syntax,
	// byte by byte; RE2 reads the patterns nixpkgs uses the same way
	// once pattern and string are read as bytes (bytesAsRunes): "." and
	// {1,64} count bytes, as Nix does, not characters.
	re, err := regexp.Compile(`^(?:` + bytesAsRunes(r) + `)$`)
	if err != nil {
		return &vtype{kind: kUnknown, desc: p.s[start:p.pos]}
	}
	return &vtype{kind: kString, pattern: re, patternSrc: r, desc: p.s[start:p.pos]}
}

// bytesAsRunes reads each byte of s as the character of that number
// (Latin-1), so that a regexp run over it matches byte by byte, as Nix's
// builtins.match does: "é" is two characters, and [^[:space:]]{1,64}
// takes 32 of them, not 64. ASCII comes back as it is.
func bytesAsRunes(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, i, len(s)*2)
	copy(b, s[:i])
	for ; i < len(s); i++ {
		b = utf8.AppendRune(b, rune(s[i]))
	}
	return string(b)
}
