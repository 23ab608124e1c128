package fragment

import (
	"strconv"
	"strings"
)

// Render writes the fragment in its one canonical form: the managed-by
// header, the module arguments, then every binding sorted by path, two
// spaces of indent, package lists one per line. Parse(Render(f)) equals f.
func (f *File) Render() []byte {
	var b strings.Builder
	r := renderer{b: &b, formals: f.Formals}
	r.comment(HeaderComment, 0)
	for _, c := range f.Header {
		r.comment(c, 0)
	}
	b.WriteString("{ ")
	for _, a := range f.Formals {
		b.WriteString(a)
		b.WriteString(", ")
	}
	b.WriteString("... }:\n{\n")
	for _, bd := range f.Bindings {
		r.binding(bd, 1)
	}
	for _, c := range f.Trailing {
		r.comment(c, 1)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

type renderer struct {
	b       *strings.Builder
	formals []string // module arguments, which shadow `with pkgs;`
}

func (r renderer) indent(level int) {
	for range level {
		r.b.WriteString("  ")
	}
}

func (r renderer) comment(text string, level int) {
	// A comment is one line; a multi-line one (from the API, not the
	// parser) is split so it cannot end early and spill into code.
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r", "\n"), "\n") {
		r.indent(level)
		r.b.WriteByte('#')
		r.b.WriteString(line)
		r.b.WriteByte('\n')
	}
}

func (r renderer) trailing(text string) {
	if text != "" {
		r.b.WriteString(" #")
		r.b.WriteString(strings.ReplaceAll(strings.ReplaceAll(text, "\n", " "), "\r", " "))
	}
}

func (r renderer) binding(bd Binding, level int) {
	for _, c := range bd.Comments {
		r.comment(c, level)
	}
	r.indent(level)
	r.b.WriteString(bd.Path.String())
	r.b.WriteString(" = ")
	r.value(bd.Value, level, false)
	r.b.WriteByte(';')
	r.trailing(bd.Trailing)
	r.b.WriteByte('\n')
}

// value writes v at the given indent level; inList is set for list items,
// where a negative number needs parentheses.
func (r renderer) value(v Value, level int, inList bool) {
	switch v.Kind {
	case KindNull:
		r.b.WriteString("null")
	case KindBool:
		r.b.WriteString(strconv.FormatBool(v.Bool))
	case KindInt:
		if v.Int < 0 && inList {
			r.b.WriteString("(" + strconv.FormatInt(v.Int, 10) + ")")
		} else {
			r.b.WriteString(strconv.FormatInt(v.Int, 10))
		}
	case KindString:
		writeString(r.b, v.Str)
	case KindRef:
		r.b.WriteString("pkgs.")
		r.b.WriteString(v.Ref.String())
	case KindAttrs:
		if len(v.Attrs) == 0 {
			r.b.WriteString("{ }")
			return
		}
		r.b.WriteString("{\n")
		for _, bd := range v.Attrs {
			r.binding(bd, level+1)
		}
		r.indent(level)
		r.b.WriteByte('}')
	case KindList:
		r.list(v, level)
	}
}

func (r renderer) list(v Value, level int) {
	if v.WithPkgs {
		r.b.WriteString("with pkgs; ")
	}
	if r.inline(v) {
		if len(v.List) == 0 {
			r.b.WriteString("[ ]")
			return
		}
		r.b.WriteString("[ ")
		for _, it := range v.List {
			r.value(it.Value, level, true)
			r.b.WriteByte(' ')
		}
		r.b.WriteByte(']')
		return
	}
	r.b.WriteString("[\n")
	for _, it := range v.List {
		for _, c := range it.Comments {
			r.comment(c, level+1)
		}
		r.indent(level + 1)
		if v.WithPkgs && it.Value.Kind == KindRef && bareInWithPkgs(it.Value.Ref[0], r.formals) {
			r.b.WriteString(it.Value.Ref.String())
		} else {
			r.value(it.Value, level+1, true)
		}
		r.trailing(it.Trailing)
		r.b.WriteByte('\n')
	}
	for _, c := range v.Closing {
		r.comment(c, level+1)
	}
	r.indent(level)
	r.b.WriteByte(']')
}

// inline reports whether a list fits on one line: short, scalar, no
// comments. Package lists always take one line per package, so a diff
// shows exactly what was added or removed.
func (r renderer) inline(v Value) bool {
	if v.WithPkgs || len(v.Closing) > 0 {
		return false
	}
	n := 0
	for _, it := range v.List {
		if len(it.Comments) > 0 || it.Trailing != "" {
			return false
		}
		switch it.Value.Kind {
		case KindList, KindAttrs:
			return false
		case KindString:
			n += len(it.Value.Str) + 3
		case KindRef:
			n += len(it.Value.Ref.String()) + 6
		default:
			n += 6
		}
	}
	return n <= 60
}
