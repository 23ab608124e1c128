// Package fragment is the grammar of the managed Nix fragment: a pure-data
// NixOS module that ask-nix edits and the reconciler builds. It parses the
// canonical shape (and hand edits that stay inside it), renders it back
// deterministically, and offers the edits ask-nix needs. Nothing here runs
// Nix or touches the disk.
package fragment

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Kind says which of the fragment's few value shapes a Value holds.
type Kind int

// The value kinds the fragment allows: plain data and package references.
const (
	KindNull Kind = iota
	KindBool
	KindInt
	KindString
	KindList
	KindAttrs
	KindRef
)

func (k Kind) String() string {
	switch k {
	case KindNull:
		return "null"
	case KindBool:
		return "boolean"
	case KindInt:
		return "integer"
	case KindString:
		return "string"
	case KindList:
		return "list"
	case KindAttrs:
		return "attribute set"
	case KindRef:
		return "package"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Value is one Nix value in the fragment. Only the field that matches Kind
// is meaningful.
type Value struct {
	Kind Kind
	Bool bool
	Int  int64
	Str  string
	// Ref is an attribute path under pkgs, e.g. [python3Packages requests].
	Ref Path
	// List holds the items of a KindList value.
	List []Item
	// WithPkgs renders a list as `with pkgs; [ ... ]`, so package
	// references inside it are written bare.
	WithPkgs bool
	// Attrs holds the bindings of a KindAttrs value, flattened and sorted.
	Attrs []Binding
	// Closing holds comments on their own lines before a list's closing
	// bracket.
	Closing []string
}

// Item is a list element with the comments that travel with it.
type Item struct {
	Value    Value
	Comments []string // whole-line comments before the item, without '#'
	Trailing string   // a comment on the item's own line, without '#'
}

// Binding is `path = value;` with the comments that travel with it.
type Binding struct {
	Path     Path
	Value    Value
	Comments []string
	Trailing string
	// Line is where the binding started in the parsed source (0 if new).
	Line int
}

// Null, Bool, Int, String and PkgRef build values.
func Null() Value { return Value{Kind: KindNull} }

// Bool returns a boolean value.
func Bool(b bool) Value { return Value{Kind: KindBool, Bool: b} }

// Int returns an integer value.
func Int(i int64) Value { return Value{Kind: KindInt, Int: i} }

// String returns a string value.
func String(s string) Value { return Value{Kind: KindString, Str: s} }

// PkgRef returns a reference to pkgs.<path>.
func PkgRef(p Path) Value { return Value{Kind: KindRef, Ref: slices.Clone(p)} }

// List returns a list value of the given items.
func List(vs ...Value) Value {
	l := Value{Kind: KindList}
	for _, v := range vs {
		l.List = append(l.List, Item{Value: v})
	}
	return l
}

// PkgList returns a `with pkgs; [ ... ]` list of package references.
func PkgList(refs ...Path) Value {
	l := Value{Kind: KindList, WithPkgs: true}
	for _, r := range refs {
		l.List = append(l.List, Item{Value: PkgRef(r)})
	}
	return l
}

// Attrs returns an attribute set value; bindings are flattened and sorted.
func Attrs(bs ...Binding) (Value, error) {
	v := Value{Kind: KindAttrs}
	for _, b := range bs {
		var err error
		v.Attrs, err = insertFlat(v.Attrs, b)
		if err != nil {
			return Value{}, err
		}
	}
	return v, nil
}

// Equal reports whether two values are the same Nix data (comments and
// source positions aside).
func (v Value) Equal(w Value) bool {
	if v.Kind != w.Kind {
		return false
	}
	switch v.Kind {
	case KindNull:
		return true
	case KindBool:
		return v.Bool == w.Bool
	case KindInt:
		return v.Int == w.Int
	case KindString:
		return v.Str == w.Str
	case KindRef:
		return v.Ref.Equal(w.Ref)
	case KindList:
		if v.WithPkgs != w.WithPkgs || len(v.List) != len(w.List) {
			return false
		}
		for i := range v.List {
			if !v.List[i].Value.Equal(w.List[i].Value) {
				return false
			}
		}
		return true
	case KindAttrs:
		if len(v.Attrs) != len(w.Attrs) {
			return false
		}
		for i := range v.Attrs {
			if !v.Attrs[i].Path.Equal(w.Attrs[i].Path) || !v.Attrs[i].Value.Equal(w.Attrs[i].Value) {
				return false
			}
		}
		return true
	}
	return false
}

// String renders the value as Nix on one line where it can; used in
// messages and plans ("set time.timeZone to \"Europe/Berlin\"").
func (v Value) String() string {
	var b strings.Builder
	r := renderer{b: &b}
	r.value(v, 0, false)
	return b.String()
}

// clone returns a deep copy, so edits never alias a caller's value.
func (v Value) clone() Value {
	c := v
	c.Ref = slices.Clone(v.Ref)
	c.Closing = slices.Clone(v.Closing)
	if v.List != nil {
		c.List = make([]Item, len(v.List))
		for i, it := range v.List {
			c.List[i] = Item{Value: it.Value.clone(), Comments: slices.Clone(it.Comments), Trailing: it.Trailing}
		}
	}
	if v.Attrs != nil {
		c.Attrs = make([]Binding, len(v.Attrs))
		for i, b := range v.Attrs {
			c.Attrs[i] = b.clone()
		}
	}
	return c
}

func (b Binding) clone() Binding {
	c := b
	c.Path = slices.Clone(b.Path)
	c.Value = b.Value.clone()
	c.Comments = slices.Clone(b.Comments)
	return c
}

// normalize sorts and de-duplicates where order carries no meaning, so
// rendering is deterministic: package lists and integer lists (ports) are
// sorted; other lists keep their order (name servers, kernel parameters)
// and only lose exact duplicates.
func (v *Value) normalize() {
	switch v.Kind {
	case KindList:
		for i := range v.List {
			v.List[i].Value.normalize()
		}
		v.List = dedupe(v.List)
		if sortable(v.List) {
			slices.SortStableFunc(v.List, func(a, b Item) int { return compareScalar(a.Value, b.Value) })
		}
	case KindAttrs:
		for i := range v.Attrs {
			v.Attrs[i].Value.normalize()
		}
		slices.SortStableFunc(v.Attrs, func(a, b Binding) int { return a.Path.Compare(b.Path) })
	}
}

// dedupe keeps the first of equal items, in order. Scalars (package
// names above all) are found by key, so a list of thousands stays
// linear; lists and attribute sets are compared one by one.
func dedupe(items []Item) []Item {
	out := items[:0]
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		if k, ok := scalarKey(it.Value); ok {
			if !seen[k] {
				seen[k] = true
				out = append(out, it)
			}
			continue
		}
		dup := false
		for _, o := range out {
			if o.Value.Equal(it.Value) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, it)
		}
	}
	return out
}

// scalarKey is a key equal for two scalars exactly when Equal says so;
// ok is false for lists and attribute sets.
func scalarKey(v Value) (string, bool) {
	switch v.Kind {
	case KindNull:
		return "n", true
	case KindBool:
		return "b" + strconv.FormatBool(v.Bool), true
	case KindInt:
		return "i" + strconv.FormatInt(v.Int, 10), true
	case KindString:
		return "s" + v.Str, true
	case KindRef:
		// Each part length-prefixed: ["a.b"] and ["a", "b"] differ.
		var b strings.Builder
		b.WriteByte('r')
		for _, p := range v.Ref {
			b.WriteString(strconv.Itoa(len(p)))
			b.WriteByte(':')
			b.WriteString(p)
		}
		return b.String(), true
	}
	return "", false
}

func sortable(items []Item) bool {
	if len(items) < 2 {
		return false
	}
	k := items[0].Value.Kind
	if k != KindRef && k != KindInt {
		return false
	}
	for _, it := range items {
		if it.Value.Kind != k {
			return false
		}
	}
	return true
}

func compareScalar(a, b Value) int {
	switch a.Kind {
	case KindInt:
		switch {
		case a.Int < b.Int:
			return -1
		case a.Int > b.Int:
			return 1
		}
		return 0
	case KindRef:
		return a.Ref.Compare(b.Ref)
	}
	return 0
}
