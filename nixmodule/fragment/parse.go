package fragment

import (
	"fmt"
	"slices"
)

// HeaderComment is the first line of every rendered fragment.
const HeaderComment = " Managed by ask-nix. Hand edits must keep this shape."

// File is a parsed fragment: `{ pkgs, ... }: { bindings }`.
type File struct {
	// Header holds comment lines above the module (the managed-by line
	// is implied and not kept here).
	Header []string
	// Formals are the module's argument names, in source order; the
	// module always accepts `...` too.
	Formals []string
	// Bindings are the top-level settings, flattened to full option paths
	// and sorted.
	Bindings []Binding
	// Trailing holds comments after the last binding.
	Trailing []string
}

// New returns the fragment ask-nix creates when there is none: no
// settings and an empty package list.
func New() *File {
	return &File{
		Formals:  []string{"pkgs"},
		Bindings: []Binding{{Path: Path{"environment", "systemPackages"}, Value: PkgList()}},
	}
}

// Parse reads a fragment. Anything outside the supported shape is an
// error that names the line and the reason; name is used in messages.
func Parse(name string, src []byte) (*File, error) {
	p := &parser{lx: lexer{src: string(src), line: 1, col: 1}}
	f, err := p.file()
	if err != nil {
		if pe, ok := err.(*ParseError); ok {
			pe.Name = name
		}
		return nil, err
	}
	return f, nil
}

type parser struct {
	lx  lexer
	tok token
	// endLine and endCol are where the token before tok ended: a missing
	// ';' is said there, not at the next line's first token.
	endLine, endCol int
	comments        []string // comments waiting for the next item
	formals         []string // module arguments seen so far; they shadow `with pkgs;`
}

// advance moves to the next significant token, collecting comments.
// trail receives a comment found on the same line as the previous token.
func (p *parser) advance(trail *string) error {
	p.endLine, p.endCol = p.lx.line, p.lx.col
	for {
		t, err := p.lx.next()
		if err != nil {
			return err
		}
		if t.kind == tComment {
			if trail != nil && !t.newline && *trail == "" {
				*trail = t.text
			} else {
				p.comments = append(p.comments, t.text)
			}
			continue
		}
		p.tok = t
		return nil
	}
}

func (p *parser) takeComments() []string {
	c := p.comments
	p.comments = nil
	return c
}

func (p *parser) errHere(format string, args ...any) error {
	return &ParseError{Line: p.tok.line, Col: p.tok.col, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) isPunct(s string) bool { return p.tok.kind == tPunct && p.tok.text == s }

func (p *parser) expect(s string, what string, trail *string) error {
	if !p.isPunct(s) {
		return p.errHere("expected '%s' %s, found %s", s, what, p.tok)
	}
	return p.advance(trail)
}

func (p *parser) file() (*File, error) {
	f := &File{}
	if err := p.advance(nil); err != nil {
		return nil, err
	}
	// Module arguments: { pkgs, ... }:
	if !p.isPunct("{") {
		return nil, p.errHere("the fragment must start with the module arguments `{ pkgs, ... }:`, found %s", p.tok)
	}
	f.Header = dropManagedLine(p.takeComments())
	if err := p.advance(nil); err != nil {
		return nil, err
	}
	for !p.isPunct("}") {
		switch {
		case p.tok.kind == tEllipsis:
		case p.tok.kind == tIdent:
			if slices.Contains(f.Formals, p.tok.text) {
				return nil, p.errHere("module argument %q is listed twice", p.tok.text)
			}
			f.Formals = append(f.Formals, p.tok.text)
			p.formals = f.Formals
		default:
			return nil, p.errHere("expected a module argument name such as pkgs, found %s", p.tok)
		}
		if err := p.advance(nil); err != nil {
			return nil, err
		}
		if p.isPunct("?") {
			return nil, p.errHere("default values for module arguments are not supported in the managed fragment")
		}
		if p.isPunct(",") {
			if err := p.advance(nil); err != nil {
				return nil, err
			}
			continue
		}
		if !p.isPunct("}") {
			return nil, p.errHere("expected ',' or '}' in the module arguments, found %s", p.tok)
		}
	}
	if err := p.advance(nil); err != nil {
		return nil, err
	}
	if p.isPunct("@") {
		return nil, p.errHere("argument patterns with @ are not supported in the managed fragment")
	}
	if err := p.expect(":", "after the module arguments", nil); err != nil {
		return nil, err
	}
	f.Header = append(f.Header, p.takeComments()...)
	if !p.isPunct("{") {
		return nil, p.errHere("expected '{' opening the module body, found %s (the body must be a plain attribute set)", p.tok)
	}
	if err := p.advance(nil); err != nil {
		return nil, err
	}
	bs, trailing, err := p.bindings()
	if err != nil {
		return nil, err
	}
	f.Bindings = bs
	f.Trailing = trailing
	if err := p.advance(nil); err != nil {
		return nil, err
	}
	f.Trailing = append(f.Trailing, p.takeComments()...)
	if p.tok.kind != tEOF {
		return nil, p.errHere("unexpected %s after the end of the module", p.tok)
	}
	v := Value{Kind: KindAttrs, Attrs: f.Bindings}
	v.normalize()
	f.Bindings = v.Attrs
	return f, nil
}

func dropManagedLine(cs []string) []string {
	out := cs[:0]
	for _, c := range cs {
		if c != HeaderComment {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// bindings reads `path = value;` up to (not past) the closing '}' and
// returns them flattened, plus the comments before that brace.
func (p *parser) bindings() ([]Binding, []string, error) {
	var out []Binding
	for !p.isPunct("}") {
		if p.tok.kind == tEOF {
			return nil, nil, p.errHere("missing '}': the attribute set is not closed")
		}
		if p.tok.kind == tIdent && (p.tok.text == "inherit" || p.tok.text == "imports" || p.tok.text == "let" || p.tok.text == "rec") {
			return nil, nil, p.errHere("%q is not supported in the managed fragment: it holds plain option settings only", p.tok.text)
		}
		col := p.tok.col
		b := Binding{Line: p.tok.line, Comments: p.takeComments()}
		path, err := p.attrPath()
		if err != nil {
			return nil, nil, err
		}
		b.Path = path
		if err := p.expect("=", "after the attribute name "+path.String(), nil); err != nil {
			return nil, nil, err
		}
		b.Value, err = p.value(false, nil)
		if err != nil {
			return nil, nil, err
		}
		if !p.isPunct(";") && p.tok.newline {
			// The value ended on an earlier line: a ';' forgotten at its
			// end, said where it goes.
			return nil, nil, &ParseError{Line: p.endLine, Col: p.endCol, Msg: fmt.Sprintf("missing ';' at the end of the value of %s (%s follows on line %d)", path, p.tok, p.tok.line)}
		}
		if !p.isPunct(";") {
			return nil, nil, p.errHere("expected ';' after the value of %s, found %s (function calls and operators are not allowed)", path, p.tok)
		}
		if err := p.advance(&b.Trailing); err != nil {
			return nil, nil, err
		}
		out, err = insertFlat(out, b)
		if err != nil {
			return nil, nil, &ParseError{Line: b.Line, Col: col, Msg: err.Error()}
		}
	}
	return out, p.takeComments(), nil
}

func (p *parser) attrPath() (Path, error) {
	var path Path
	for {
		switch p.tok.kind {
		case tIdent:
			path = append(path, p.tok.text)
		case tString:
			path = append(path, p.tok.text)
		default:
			return nil, p.errHere("expected an attribute name, found %s", p.tok)
		}
		if err := p.advance(nil); err != nil {
			return nil, err
		}
		if !p.isPunct(".") {
			return path, nil
		}
		if err := p.advance(nil); err != nil {
			return nil, err
		}
	}
}

// value reads one value; inPkgs is true directly inside `with pkgs; [ ]`,
// where bare names are package references.
func (p *parser) value(inPkgs bool, trail *string) (Value, error) {
	t := p.tok
	switch t.kind {
	case tInt:
		return Int(t.num), p.advance(trail)
	case tString:
		return String(t.text), p.advance(trail)
	case tPunct:
		switch t.text {
		case "-":
			if err := p.advance(nil); err != nil {
				return Value{}, err
			}
			if p.tok.kind != tInt || p.tok.newline {
				return Value{}, p.errHere("expected a number after '-'")
			}
			n := p.tok.num
			return Int(-n), p.advance(trail)
		case "(":
			// Only (-N) is allowed: Nix needs the parentheses for a
			// negative number inside a list.
			open := p.tok
			if err := p.advance(nil); err != nil {
				return Value{}, err
			}
			if !p.isPunct("-") {
				return Value{}, &ParseError{Line: open.line, Col: open.col, Msg: "parentheses are not allowed: the managed fragment holds plain values only"}
			}
			if err := p.advance(nil); err != nil {
				return Value{}, err
			}
			if p.tok.kind != tInt {
				return Value{}, &ParseError{Line: open.line, Col: open.col, Msg: "parentheses are not allowed: the managed fragment holds plain values only"}
			}
			n := p.tok.num
			if err := p.advance(nil); err != nil {
				return Value{}, err
			}
			if !p.isPunct(")") {
				return Value{}, &ParseError{Line: open.line, Col: open.col, Msg: "parentheses are not allowed: the managed fragment holds plain values only"}
			}
			return Int(-n), p.advance(trail)
		case "[":
			return p.list(false, trail)
		case "{":
			if err := p.advance(nil); err != nil {
				return Value{}, err
			}
			bs, trailing, err := p.bindings()
			if err != nil {
				return Value{}, err
			}
			if len(trailing) > 0 && len(bs) > 0 {
				last := &bs[len(bs)-1]
				last.Comments = append(last.Comments, trailing...)
			}
			v := Value{Kind: KindAttrs, Attrs: bs}
			return v, p.advance(trail)
		}
	case tIdent:
		switch t.text {
		case "true", "false":
			return Bool(t.text == "true"), p.advance(trail)
		case "null":
			return Null(), p.advance(trail)
		case "with":
			if err := p.advance(nil); err != nil {
				return Value{}, err
			}
			if p.tok.kind != tIdent || p.tok.text != "pkgs" {
				return Value{}, p.errHere("only `with pkgs;` is supported in the managed fragment")
			}
			if err := p.advance(nil); err != nil {
				return Value{}, err
			}
			if err := p.expect(";", "after `with pkgs`", nil); err != nil {
				return Value{}, err
			}
			if !p.isPunct("[") {
				return Value{}, p.errHere("`with pkgs;` must be followed by a list [ ... ]")
			}
			return p.list(true, trail)
		case "import", "builtins", "let", "if", "assert", "rec", "lib", "config":
			return Value{}, p.errHere("%q is not allowed in the managed fragment: it holds plain values only", t.text)
		}
		ref, err := p.refPath(trail)
		if err != nil {
			return Value{}, err
		}
		if len(ref) > 1 && ref[0] == "pkgs" {
			return PkgRef(ref[1:]), nil
		}
		if inPkgs && ref[0] != "pkgs" {
			if !bareInWithPkgs(ref[0], p.formals) {
				return Value{}, &ParseError{Line: t.line, Col: t.col, Msg: fmt.Sprintf("%s means the Nix builtin or module argument %q here, not a package; write pkgs.%s", ref, ref[0], ref)}
			}
			return PkgRef(ref), nil
		}
		return Value{}, &ParseError{Line: t.line, Col: t.col, Msg: fmt.Sprintf("%s is a variable or function, not a value; package references belong in `with pkgs; [ ... ]` or are written pkgs.<name>", ref)}
	}
	return Value{}, p.errHere("expected a value (true, false, null, a number, a string, a list, an attribute set or a package), found %s", t)
}

func (p *parser) refPath(trail *string) (Path, error) {
	ref := Path{p.tok.text}
	if err := p.advance(trail); err != nil {
		return nil, err
	}
	for p.isPunct(".") {
		if err := p.advance(nil); err != nil {
			return nil, err
		}
		switch p.tok.kind {
		case tIdent, tString:
			ref = append(ref, p.tok.text)
		default:
			return nil, p.errHere("expected an attribute name after '.', found %s", p.tok)
		}
		if err := p.advance(trail); err != nil {
			return nil, err
		}
	}
	if p.tok.kind == tIdent && p.tok.text == "or" {
		return nil, p.errHere("`or` defaults are not supported in the managed fragment")
	}
	return ref, nil
}

func (p *parser) list(withPkgs bool, trail *string) (Value, error) {
	v := Value{Kind: KindList, WithPkgs: withPkgs}
	open := p.tok.line
	if err := p.advance(nil); err != nil { // past '['
		return Value{}, err
	}
	for !p.isPunct("]") {
		if p.tok.kind == tEOF {
			return Value{}, p.errHere("missing ']': the list is not closed")
		}
		if p.isPunct("=") || p.isPunct(";") || p.isPunct("}") {
			// No list item comes before these: the ']' was forgotten
			// (the next setting's name was read as an item).
			return Value{}, p.errHere("missing ']' closing the list opened on line %d, before %s", open, p.tok)
		}
		it := Item{Comments: p.takeComments()}
		// The item's trailing comment is the one on its own line, which
		// the lexer sees while reading the token after the item.
		var err error
		it.Value, err = p.value(withPkgs, &it.Trailing)
		if err != nil {
			return Value{}, err
		}
		v.List = append(v.List, it)
	}
	v.Closing = p.takeComments()
	return v, p.advance(trail)
}
