package fragment

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tInt
	tString
	tPunct // one of { } [ ] ; : , = . - ? @ ( )
	tEllipsis
	tComment
)

type token struct {
	kind tokKind
	text string // identifier, punctuation, comment text (without '#'), unescaped string
	num  int64
	line int
	col  int
	// newline reports whether a line break separates this token from the
	// one before it; a comment without one trails the previous item.
	newline bool
}

func (t token) String() string {
	switch t.kind {
	case tEOF:
		return "end of file"
	case tIdent:
		return fmt.Sprintf("%q", t.text)
	case tInt:
		return strconv.FormatInt(t.num, 10)
	case tString:
		return "a string"
	case tEllipsis:
		return "'...'"
	case tComment:
		return "a comment"
	}
	return fmt.Sprintf("'%s'", t.text)
}

type lexer struct {
	src  string
	pos  int
	line int
	col  int
	nl   bool
}

// ParseError says where a fragment leaves the supported shape and why.
type ParseError struct {
	Name string // file name, for messages
	Line int
	Col  int
	Msg  string
}

func (e *ParseError) Error() string {
	name := e.Name
	if name == "" {
		name = "fragment"
	}
	return fmt.Sprintf("%s:%d:%d: %s", name, e.Line, e.Col, e.Msg)
}

func (l *lexer) errf(line, col int, format string, args ...any) *ParseError {
	return &ParseError{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

func (l *lexer) peekByte(off int) byte {
	if l.pos+off < len(l.src) {
		return l.src[l.pos+off]
	}
	return 0
}

func (l *lexer) advance(n int) {
	for i := 0; i < n && l.pos < len(l.src); i++ {
		if l.src[l.pos] == '\n' {
			l.line++
			l.col = 1
		} else {
			l.col++
		}
		l.pos++
	}
}

func (l *lexer) next() (token, error) {
	// Skip white space, remembering line breaks.
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			// Only a line break between tokens counts: one inside a
			// string is not (`a = "x\ny" b` has b on the string's line).
			l.nl = l.nl || c == '\n'
			l.advance(1)
			continue
		}
		break
	}
	t := token{line: l.line, col: l.col, newline: l.nl}
	l.nl = false
	if l.pos >= len(l.src) {
		t.kind = tEOF
		return t, nil
	}
	c := l.src[l.pos]
	switch {
	case c == '#':
		// Nix ends a comment at \r as well as \n; so must we, or text
		// after a \r would be code to Nix and a comment to us.
		end := strings.IndexAny(l.src[l.pos:], "\r\n")
		if end < 0 {
			end = len(l.src) - l.pos
		}
		t.kind = tComment
		t.text = strings.TrimRight(l.src[l.pos+1:l.pos+end], " \t\r")
		l.advance(end)
		return t, nil
	case c == '/' && l.peekByte(1) == '*':
		return t, l.errf(t.line, t.col, "block comments /* */ are not supported in the managed fragment; use # comments")
	case c == '.' && l.peekByte(1) == '.' && l.peekByte(2) == '.':
		l.advance(3)
		t.kind = tEllipsis
		t.text = "..."
		return t, nil
	case c == '.' && (l.peekByte(1) == '/' || l.peekByte(1) == '.'), c == '/', c == '~' && l.peekByte(1) == '/':
		return t, l.errf(t.line, t.col, "path literals are not allowed in the managed fragment; write the path as a string, e.g. \"/etc/foo\"")
	case c == '<':
		return t, l.errf(t.line, t.col, "lookup paths like <nixpkgs> are not allowed in the managed fragment")
	case c == '\'' && l.peekByte(1) == '\'':
		return t, l.errf(t.line, t.col, "indented strings ('' ... '') are not supported in the managed fragment; use \"...\" with \\n")
	case c == '$' && l.peekByte(1) == '{':
		return t, l.errf(t.line, t.col, "antiquotation ${...} is not allowed in the managed fragment")
	case strings.IndexByte("{}[];:,=.-?@()", c) >= 0:
		l.advance(1)
		t.kind = tPunct
		t.text = string(c)
		return t, nil
	case c == '"':
		return l.lexString(t)
	case c >= '0' && c <= '9':
		start := l.pos
		for l.pos < len(l.src) && l.src[l.pos] >= '0' && l.src[l.pos] <= '9' {
			l.advance(1)
		}
		if l.pos < len(l.src) && (l.src[l.pos] == '.' || l.src[l.pos] == 'e' || l.src[l.pos] == 'E') {
			return t, l.errf(t.line, t.col, "floating-point numbers are not supported in the managed fragment")
		}
		if l.pos < len(l.src) && isIdentByte(l.src[l.pos]) {
			return t, l.errf(t.line, t.col, "%q is not a number or a Nix identifier", l.src[start:l.pos+1])
		}
		n, err := strconv.ParseInt(l.src[start:l.pos], 10, 64)
		if err != nil {
			return t, l.errf(t.line, t.col, "integer %s is out of range", l.src[start:l.pos])
		}
		t.kind = tInt
		t.num = n
		return t, nil
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_':
		start := l.pos
		for l.pos < len(l.src) && isIdentByte(l.src[l.pos]) {
			l.advance(1)
		}
		t.kind = tIdent
		t.text = l.src[start:l.pos]
		if l.pos < len(l.src) && l.src[l.pos] == ':' && l.pos+1 < len(l.src) && l.src[l.pos+1] != ' ' && l.src[l.pos+1] != '\n' {
			return t, l.errf(t.line, t.col, "URLs and functions are not allowed in the managed fragment")
		}
		return t, nil
	}
	r, _ := utf8.DecodeRuneInString(l.src[l.pos:])
	return t, l.errf(t.line, t.col, "unexpected character %q: the managed fragment holds plain values only", r)
}

func isIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '\'' || c == '-'
}

// lexString reads a "..." string with Nix's escapes. It refuses ${ (an
// antiquotation runs code) but keeps Nix's meaning for every other byte.
func (l *lexer) lexString(t token) (token, error) {
	l.advance(1)
	var b strings.Builder
	for {
		if l.pos >= len(l.src) {
			return t, l.errf(t.line, t.col, "string is not terminated")
		}
		c := l.src[l.pos]
		switch c {
		case '"':
			l.advance(1)
			t.kind = tString
			t.text = b.String()
			return t, nil
		case '\\':
			if l.pos+1 >= len(l.src) {
				return t, l.errf(t.line, t.col, "string is not terminated")
			}
			e := l.src[l.pos+1]
			if e == 0 {
				return t, l.errf(l.line, l.col, "NUL byte in a string")
			}
			b.WriteByte(unescape(e))
			l.advance(2)
		case '$':
			switch l.peekByte(1) {
			case '{':
				return t, l.errf(l.line, l.col, "antiquotation ${...} is not allowed in the managed fragment; write \\${ for a literal ${")
			case '$':
				// Nix reads "$$" as two literal dollars, and a '{' after
				// them as a literal brace.
				b.WriteString("$$")
				l.advance(2)
			default:
				b.WriteByte('$')
				l.advance(1)
			}
		case 0:
			return t, l.errf(l.line, l.col, "NUL byte in a string")
		default:
			b.WriteByte(c)
			l.advance(1)
		}
	}
}

// unescape is the byte a backslash escape in a Nix string stands for:
// \n \r \t are the control characters, any other \X is X.
func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	}
	return c
}
