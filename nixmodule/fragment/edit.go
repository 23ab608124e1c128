package fragment

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// SystemPackages is the option that holds installed packages.
var SystemPackages = Path{"environment", "systemPackages"}

// ErrNotList is returned when a list edit meets a value of another kind.
var ErrNotList = errors.New("not a list")

// ConflictError says an edit or a hand-written binding collides with
// another binding, the way Nix would refuse it ("already defined").
type ConflictError struct {
	Path  Path
	Other Path
	Line  int // line of the other binding in the source, 0 if new
	Msg   string
}

func (e *ConflictError) Error() string { return e.Msg }

// Clone returns a deep copy, so a plan can be tried without touching the
// original.
func (f *File) Clone() *File {
	c := &File{
		Header:   slices.Clone(f.Header),
		Formals:  slices.Clone(f.Formals),
		Trailing: slices.Clone(f.Trailing),
	}
	c.Bindings = make([]Binding, len(f.Bindings))
	for i, b := range f.Bindings {
		c.Bindings[i] = b.clone()
	}
	return c
}

// Equal reports whether two fragments hold the same settings (comments
// aside).
func (f *File) Equal(g *File) bool {
	a := Value{Kind: KindAttrs, Attrs: f.Bindings}
	b := Value{Kind: KindAttrs, Attrs: g.Bindings}
	return a.Equal(b) && slices.Equal(f.Formals, g.Formals)
}

// Get returns the value bound at exactly path.
func (f *File) Get(path Path) (Value, bool) {
	for _, b := range f.Bindings {
		if b.Path.Equal(path) {
			return b.Value, true
		}
	}
	return Value{}, false
}

// Set binds path to v, replacing what was at path (and below it). It
// returns the previous value, if there was one.
func (f *File) Set(path Path, v Value) (old Value, existed bool, err error) {
	if err := checkPath(path); err != nil {
		return Value{}, false, err
	}
	if err := checkValue(v); err != nil {
		return Value{}, false, fmt.Errorf("value for %s: %w", path, err)
	}
	old, existed = f.Get(path)
	kept := make([]Binding, 0, len(f.Bindings)+1)
	for _, b := range f.Bindings {
		switch {
		case b.Path.HasPrefix(path):
			// Replaced: the binding itself or a setting below it.
		case path.HasPrefix(b.Path) && b.Value.Kind == KindAttrs && len(b.Value.Attrs) == 0:
			// An empty `x = { };` above path merges with the new value.
		default:
			kept = append(kept, b)
		}
	}
	nb := Binding{Path: slices.Clone(path), Value: v.clone()}
	kept, err = insertFlat(kept, nb)
	if err != nil {
		return Value{}, false, err
	}
	f.Bindings = kept
	f.normalize()
	f.needPkgs(v)
	return old, existed, nil
}

// Unset removes the binding at path and every setting below it. It
// reports whether anything was removed.
func (f *File) Unset(path Path) bool {
	n := len(f.Bindings)
	f.Bindings = slices.DeleteFunc(f.Bindings, func(b Binding) bool { return b.Path.HasPrefix(path) })
	return len(f.Bindings) != n
}

// AddToList appends the items that are not already in the list at path,
// creating the list if there is none, and returns the ones it added.
func (f *File) AddToList(path Path, items ...Value) ([]Value, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	for _, it := range items {
		if err := checkValue(it); err != nil {
			return nil, fmt.Errorf("item for %s: %w", path, err)
		}
	}
	idx := f.index(path)
	if idx < 0 {
		l := Value{Kind: KindList, WithPkgs: len(items) > 0}
		for _, it := range items {
			if it.Kind != KindRef {
				l.WithPkgs = false
			}
		}
		if _, _, err := f.Set(path, l); err != nil {
			return nil, err
		}
		idx = f.index(path)
	}
	l := &f.Bindings[idx].Value
	if l.Kind != KindList {
		return nil, fmt.Errorf("%s is set to %s, %w: remove that setting first", path, l.Kind, ErrNotList)
	}
	var added []Value
	for _, it := range items {
		if !slices.ContainsFunc(l.List, func(o Item) bool { return o.Value.Equal(it) }) &&
			!slices.ContainsFunc(added, it.Equal) {
			added = append(added, it.clone())
		}
	}
	for _, it := range added {
		l.List = append(l.List, Item{Value: it})
		f.needPkgs(it)
	}
	l.normalize()
	return added, nil
}

// RemoveFromList removes the given items from the list at path and
// returns the ones that were there. A missing list removes nothing.
func (f *File) RemoveFromList(path Path, items ...Value) ([]Value, error) {
	idx := f.index(path)
	if idx < 0 {
		return nil, nil
	}
	l := &f.Bindings[idx].Value
	if l.Kind != KindList {
		return nil, fmt.Errorf("%s is set to %s, %w", path, l.Kind, ErrNotList)
	}
	var removed []Value
	l.List = slices.DeleteFunc(l.List, func(o Item) bool {
		for _, it := range items {
			if o.Value.Equal(it) {
				removed = append(removed, o.Value)
				return true
			}
		}
		return false
	})
	return removed, nil
}

// Packages returns the package references in environment.systemPackages.
func (f *File) Packages() []Path {
	v, ok := f.Get(SystemPackages)
	if !ok || v.Kind != KindList {
		return nil
	}
	var out []Path
	for _, it := range v.List {
		if it.Value.Kind == KindRef {
			out = append(out, it.Value.Ref)
		}
	}
	return out
}

// AddPackages adds package references to environment.systemPackages and
// returns those that were not there yet.
func (f *File) AddPackages(refs ...Path) ([]Path, error) {
	vals := make([]Value, len(refs))
	for i, r := range refs {
		vals[i] = PkgRef(r)
	}
	added, err := f.AddToList(SystemPackages, vals...)
	return refsOf(added), err
}

// RemovePackages removes package references from
// environment.systemPackages and returns those that were there.
func (f *File) RemovePackages(refs ...Path) ([]Path, error) {
	vals := make([]Value, len(refs))
	for i, r := range refs {
		vals[i] = PkgRef(r)
	}
	removed, err := f.RemoveFromList(SystemPackages, vals...)
	return refsOf(removed), err
}

func refsOf(vs []Value) []Path {
	out := make([]Path, 0, len(vs))
	for _, v := range vs {
		out = append(out, v.Ref)
	}
	return out
}

func (f *File) index(path Path) int {
	for i, b := range f.Bindings {
		if b.Path.Equal(path) {
			return i
		}
	}
	return -1
}

func (f *File) normalize() {
	v := Value{Kind: KindAttrs, Attrs: f.Bindings}
	v.normalize()
	f.Bindings = v.Attrs
}

// needPkgs makes sure `pkgs` is a module argument when v refers to it.
func (f *File) needPkgs(v Value) {
	if usesPkgs(v) && !slices.Contains(f.Formals, "pkgs") {
		f.Formals = append(f.Formals, "pkgs")
	}
}

func usesPkgs(v Value) bool {
	switch v.Kind {
	case KindRef:
		return true
	case KindList:
		if v.WithPkgs {
			return true
		}
		for _, it := range v.List {
			if usesPkgs(it.Value) {
				return true
			}
		}
	case KindAttrs:
		for _, b := range v.Attrs {
			if usesPkgs(b.Value) {
				return true
			}
		}
	}
	return false
}

func checkPath(p Path) error {
	if len(p) == 0 {
		return errors.New("empty attribute path")
	}
	for _, e := range p {
		if e == "" {
			return fmt.Errorf("attribute path %s has an empty name", p)
		}
		if strings.IndexByte(e, 0) >= 0 {
			return fmt.Errorf("attribute path has a NUL byte")
		}
	}
	return nil
}

// checkValue refuses what Nix cannot represent in a string literal.
func checkValue(v Value) error {
	switch v.Kind {
	case KindString:
		if strings.IndexByte(v.Str, 0) >= 0 {
			return errors.New("a string cannot contain a NUL byte")
		}
	case KindRef:
		return checkPath(v.Ref)
	case KindList:
		for _, it := range v.List {
			if err := checkValue(it.Value); err != nil {
				return err
			}
		}
	case KindAttrs:
		for _, b := range v.Attrs {
			if err := checkPath(b.Path); err != nil {
				return err
			}
			if err := checkValue(b.Value); err != nil {
				return err
			}
		}
	}
	return nil
}

// insertFlat adds b to bs, spreading a non-empty attribute set into one
// binding per leaf (a = { b = 1; } becomes a.b = 1), and refuses what Nix
// would call "already defined".
func insertFlat(bs []Binding, b Binding) ([]Binding, error) {
	if b.Value.Kind == KindAttrs && len(b.Value.Attrs) > 0 {
		var err error
		last := len(b.Value.Attrs) - 1
		for i, inner := range b.Value.Attrs {
			ib := inner.clone()
			ib.Path = append(slices.Clone(b.Path), inner.Path...)
			if i == 0 {
				ib.Comments = append(slices.Clone(b.Comments), ib.Comments...)
			}
			if i == last && ib.Trailing == "" {
				ib.Trailing = b.Trailing
			}
			if ib.Line == 0 {
				ib.Line = b.Line
			}
			bs, err = insertFlat(bs, ib)
			if err != nil {
				return nil, err
			}
		}
		return bs, nil
	}
	emptyAttrs := func(v Value) bool { return v.Kind == KindAttrs && len(v.Attrs) == 0 }
	for i := 0; i < len(bs); i++ {
		o := bs[i]
		switch {
		case o.Path.Equal(b.Path):
			return nil, conflict(b, o, fmt.Sprintf("%s is already defined%s", b.Path, at(o.Line)))
		case b.Path.HasPrefix(o.Path):
			if emptyAttrs(o.Value) {
				bs = slices.Delete(bs, i, i+1)
				i--
				continue
			}
			return nil, conflict(b, o, fmt.Sprintf("cannot set %s: %s is already set to %s%s", b.Path, o.Path, o.Value.Kind, at(o.Line)))
		case o.Path.HasPrefix(b.Path):
			if emptyAttrs(b.Value) {
				return bs, nil
			}
			return nil, conflict(b, o, fmt.Sprintf("cannot set %s to %s: %s is already defined below it%s", b.Path, b.Value.Kind, o.Path, at(o.Line)))
		}
	}
	return append(bs, b), nil
}

func conflict(b, o Binding, msg string) *ConflictError {
	return &ConflictError{Path: b.Path, Other: o.Path, Line: o.Line, Msg: msg}
}

func at(line int) string {
	if line == 0 {
		return ""
	}
	return fmt.Sprintf(" (line %d)", line)
}
