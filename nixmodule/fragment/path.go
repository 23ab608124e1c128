package fragment

import (
	"fmt"
	"slices"
	"strings"
)

// Path is an attribute path, one element per name:
// services.nginx.virtualHosts."example.com" is
// [services nginx virtualHosts example.com].
type Path []string

// ParsePath reads a dotted attribute path; elements that are not plain
// identifiers are written in double quotes, as in Nix.
func ParsePath(s string) (Path, error) {
	if s == "" {
		return nil, fmt.Errorf("empty attribute path")
	}
	var p Path
	i := 0
	for {
		if i >= len(s) {
			return nil, fmt.Errorf("attribute path %q ends with a dot", s)
		}
		if s[i] == '"' {
			j := i + 1
			var b strings.Builder
			for j < len(s) && s[j] != '"' {
				// Escapes as in a Nix string, the ones String writes
				// among them: \n \r \t are the control characters,
				// \$ a dollar that opens nothing, any other \X is X.
				if s[j] == '\\' && j+1 < len(s) {
					b.WriteByte(unescape(s[j+1]))
					j += 2
					continue
				}
				if s[j] == '$' && j+1 < len(s) && s[j+1] == '{' {
					return nil, fmt.Errorf("attribute path %q contains ${", s)
				}
				b.WriteByte(s[j])
				j++
			}
			if j >= len(s) {
				return nil, fmt.Errorf("attribute path %q has an unterminated quote", s)
			}
			p = append(p, b.String())
			i = j + 1
		} else {
			j := i
			for j < len(s) && s[j] != '.' {
				j++
			}
			name := s[i:j]
			if !IsIdent(name) {
				return nil, fmt.Errorf("attribute path %q: %q is not a Nix identifier (quote it)", s, name)
			}
			p = append(p, name)
			i = j
		}
		if i == len(s) {
			return p, nil
		}
		if s[i] != '.' {
			return nil, fmt.Errorf("attribute path %q: expected '.' after %q", s, p[len(p)-1])
		}
		i++
	}
}

// MustPath is ParsePath for constants in code and tests.
func MustPath(s string) Path {
	p, err := ParsePath(s)
	if err != nil {
		panic(err)
	}
	return p
}

// String writes the path as Nix source, quoting elements that need it.
func (p Path) String() string {
	var b strings.Builder
	for i, e := range p {
		if i > 0 {
			b.WriteByte('.')
		}
		writeAttrName(&b, e)
	}
	return b.String()
}

// Equal reports element-wise equality.
func (p Path) Equal(q Path) bool {
	if len(p) != len(q) {
		return false
	}
	for i := range p {
		if p[i] != q[i] {
			return false
		}
	}
	return true
}

// HasPrefix reports whether q is a prefix of p (or equal to it).
func (p Path) HasPrefix(q Path) bool {
	return len(q) <= len(p) && p[:len(q)].Equal(q)
}

// Compare orders paths element by element, a shorter prefix first.
func (p Path) Compare(q Path) int {
	for i := 0; i < len(p) && i < len(q); i++ {
		if c := strings.Compare(p[i], q[i]); c != 0 {
			return c
		}
	}
	return len(p) - len(q)
}

var keywords = map[string]bool{
	"if": true, "then": true, "else": true, "assert": true, "with": true,
	"let": true, "in": true, "rec": true, "inherit": true, "or": true,
}

// nixGlobals are the names Nix binds before any `with`: inside
// `with pkgs; [ ... ]` a bare name among them means the builtin, not the
// package (`import` is builtins.import). Every builtin is also bound as
// __<name>, and __curPos is the position of the text it is in.
var nixGlobals = map[string]bool{
	"abort": true, "baseNameOf": true, "break": true, "builtins": true,
	"derivation": true, "derivationStrict": true, "dirOf": true,
	"false": true, "fetchGit": true, "fetchMercurial": true,
	"fetchTarball": true, "fetchTree": true, "fromTOML": true,
	"import": true, "isNull": true, "map": true, "null": true,
	"placeholder": true, "removeAttrs": true, "scopedImport": true,
	"throw": true, "toString": true, "true": true, "__curPos": true,
}

// IsNixGlobal reports whether a bare name means something Nix binds
// itself, so `with pkgs;` cannot reach a package of that name.
func IsNixGlobal(name string) bool { return nixGlobals[name] }

// bareInWithPkgs reports whether a package's first name can be written
// bare inside `with pkgs; [ ]` and still mean pkgs.<name>: it must be an
// identifier that no builtin (__x, globals) or module argument shadows.
func bareInWithPkgs(name string, formals []string) bool {
	return IsIdent(name) && !strings.HasPrefix(name, "__") && !nixGlobals[name] && !slices.Contains(formals, name)
}

// IsIdent reports whether s can be written bare as a Nix identifier.
func IsIdent(s string) bool {
	if s == "" || keywords[s] {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '\'' || c == '-'):
		default:
			return false
		}
	}
	return true
}

func writeAttrName(b *strings.Builder, name string) {
	if IsIdent(name) {
		b.WriteString(name)
		return
	}
	writeString(b, name)
}

// Quote renders s as a Nix string literal that evaluates to exactly s:
// quotes, backslashes and every '$' are escaped, so no input can end the
// string or open an antiquotation.
func Quote(s string) string {
	var b strings.Builder
	writeString(&b, s)
	return b.String()
}

func writeString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '$':
			b.WriteString(`\$`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}
