package guard

import (
	"fmt"
	"sort"
	"testing"
)

func loadRealOptions(tb testing.TB) *Options {
	tb.Helper()
	o, err := LoadOptions("../nixmodule/testdata/nixos-options.json.gz")
	if err != nil {
		tb.Fatal(err)
	}
	return o
}

func (n *optNode) walk(f func(typ string)) {
	if n.isOption {
		f(n.typ)
	}
	for _, c := range n.children {
		c.walk(f)
	}
	if n.wild != nil {
		n.wild.walk(f)
	}
}

func (t *vtype) hasUnknown() bool {
	switch t.kind {
	case kUnknown:
		return true
	case kList:
		return t.elem.hasUnknown()
	case kEither:
		for _, a := range t.alts {
			if a.hasUnknown() {
				return true
			}
		}
	}
	return false
}

// TestRealOptionTypes reads every type description in the real NixOS
// options data and checks the reading against what each type must
// accept and refuse.
func TestRealOptionTypes(t *testing.T) {
	o := loadRealOptions(t)
	total, understood := 0, 0
	unknown := map[string]int{}
	o.root.walk(func(typ string) {
		total++
		vt := parseType(typ)
		if !vt.hasUnknown() {
			understood++
		} else {
			unknown[typ]++
		}
		switch vt.kind {
		case kBool:
			if checkValue(typ, true) != nil || checkValue(typ, "yes") == nil {
				t.Errorf("%q: true must pass, \"yes\" must not", typ)
			}
		case kEnum:
			for _, e := range vt.enum {
				if r := checkValue(typ, e); r != nil {
					t.Errorf("%q: member %v refused: %v", typ, e, r)
				}
			}
			if checkValue(typ, "not-a-member-of-any-enum") == nil {
				t.Errorf("%q: a non-member passed", typ)
			}
		case kInt:
			if vt.hasMin && vt.hasMax {
				lo, hi := int64(vt.min), int64(vt.max)
				if checkValue(typ, lo) != nil || checkValue(typ, hi) != nil {
					t.Errorf("%q: bounds %d..%d refused", typ, lo, hi)
				}
				if checkValue(typ, lo-1) == nil || checkValue(typ, hi+1) == nil {
					t.Errorf("%q: outside %d..%d passed", typ, lo, hi)
				}
			}
			if checkValue(typ, "12") == nil {
				t.Errorf("%q: a string passed as an integer", typ)
			}
		case kString:
			if vt.pattern == nil && vt.flags == 0 && checkValue(typ, "any text: at all") != nil {
				t.Errorf("%q: plain string refused", typ)
			}
		case kRefuse:
			if r := checkValue(typ, "x"); r == nil || r.Code != CodeUnsupportedType {
				t.Errorf("%q: want unsupported-type, got %v", typ, r)
			}
		case kList:
			if r := checkValue(typ, "x"); r == nil {
				t.Errorf("%q: a scalar passed as a whole list", typ)
			}
		}
	})
	var rest []string
	for typ, n := range unknown {
		rest = append(rest, fmt.Sprintf("%4d %q", n, typ))
	}
	sort.Strings(rest)
	t.Logf("%d of %d options have types read in full; the rest are refused (edit by hand):\n%s", understood, total, joinLines(rest))
	// The remainder is custom types of single modules ("systemd
	// option", "PHP value"...); each is refused, never guessed.
	if float64(understood) < 0.98*float64(total) {
		t.Errorf("only %d of %d option types read in full", understood, total)
	}
}

func joinLines(ss []string) string {
	out := ""
	for _, s := range ss {
		out += s + "\n"
	}
	return out
}

// TestPatternsCompile: every "string matching the pattern" in NixOS is
// read as a regular expression that Go can run.
func TestPatternsCompile(t *testing.T) {
	o := loadRealOptions(t)
	n := 0
	var check func(*vtype, string)
	check = func(vt *vtype, typ string) {
		switch vt.kind {
		case kString:
			if vt.pattern != nil {
				n++
			}
		case kUnknown:
			if len(vt.desc) > 28 && vt.desc[:28] == "string matching the pattern " {
				t.Errorf("%q: pattern %q not read", typ, vt.desc)
			}
		case kList:
			check(vt.elem, typ)
		case kEither:
			for _, a := range vt.alts {
				check(a, typ)
			}
		}
	}
	o.root.walk(func(typ string) { check(parseType(typ), typ) })
	if n < 240 {
		t.Errorf("only %d patterns read", n)
	}
}

func TestKnownTypesMatchNixOS(t *testing.T) {
	o := loadRealOptions(t)
	for opt, want := range knownTypes {
		got, ok := o.Option(opt)
		if !ok || got != want {
			t.Errorf("%s: NixOS says %q (found %v); knownTypes says %q", opt, got, ok, want)
		}
	}
}
