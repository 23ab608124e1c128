// Package termtext makes text that ask-nix did not write itself (the
// reconciler's state file, ask-nix's history log, Nix's error text kept
// in them) safe to print on a terminal: a hand-edited or damaged file, or
// an error message with escape sequences, must not move the cursor,
// recolour, retitle or clear the terminal, nor flood it. Control
// characters are escaped as Go writes them (\x1b, \u202e), invalid UTF-8
// byte by byte (\xff), and the length is bounded. JSON output keeps the
// text exact; only what is printed as text goes through here.
package termtext

import (
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxLine bounds a line of Line or Lines, in bytes, "…" included.
const MaxLine = 2000

// MaxLines bounds the lines of Lines, "…" included.
const MaxLines = 40

const ellipsis = "…"

// Line is s as one line: newlines and every other control character
// escaped, at most MaxLine bytes. Text without control characters that
// fits is returned as it is; Line(Line(s)) == Line(s).
func Line(s string) string {
	return bound(escape(s, false))
}

// Lines is s with its line breaks kept ("\r\n" read as "\n"), every
// other control character escaped, each line at most MaxLine bytes and
// at most MaxLines lines. Lines(Lines(s)) == Lines(s).
func Lines(s string) string {
	ls := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	if len(ls) > MaxLines {
		ls = append(ls[:MaxLines-1], ellipsis)
	}
	for i, l := range ls {
		ls[i] = Line(l)
	}
	return strings.Join(ls, "\n")
}

// Text is s with its line breaks kept and every other control
// character escaped, at any length: an error printed whole, whose Nix
// text may be long and is all the user has to go on.
func Text(s string) string {
	return escape(s, true)
}

// Safe reports whether s prints as it is, as one line: valid UTF-8
// without control characters (C0, DEL, C1, line and paragraph
// separators, bidirectional controls), at most MaxLine bytes.
func Safe(s string) bool { return Line(s) == s }

func unsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Bidi_Control, r)
}

// escape writes s with the unsafe runes escaped; keepNewline keeps "\n".
func escape(s string, keepNewline bool) string {
	clean := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unsafeRune(r) && !(keepNewline && r == '\n') {
			clean = false
			break
		}
		i += n
	}
	if clean {
		return s
	}
	const hex = "0123456789abcdef"
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x`)
			b.WriteByte(hex[s[i]>>4])
			b.WriteByte(hex[s[i]&0xf])
		case keepNewline && r == '\n':
			b.WriteByte('\n')
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteByte(hex[r>>4])
			b.WriteByte(hex[r&0xf])
		case unsafeRune(r):
			b.WriteString(`\u`)
			for shift := 12; shift >= 0; shift -= 4 {
				b.WriteByte(hex[(r>>shift)&0xf])
			}
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// bound cuts s to MaxLine bytes, ending in "…", on a rune's start.
func bound(s string) string {
	if len(s) <= MaxLine {
		return s
	}
	cut := MaxLine - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ellipsis
}

// Copy returns a deep copy of v with every string in it (struct fields,
// slice and array items, map keys and values, through pointers) made
// Line, or Lines for a struct field tagged `term:"lines"` (a multi-line
// error). Unexported fields are copied as they are: their owner says
// which of them to make safe. Functions, channels and interfaces are
// shared.
func Copy[T any](v T) T {
	rv := reflect.ValueOf(&v).Elem()
	out := reflect.New(rv.Type()).Elem()
	out.Set(copyValue(rv, false))
	return out.Interface().(T)
}

func copyValue(v reflect.Value, lines bool) reflect.Value {
	t := v.Type()
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		if lines {
			s = Lines(s)
		} else {
			s = Line(s)
		}
		out := reflect.New(t).Elem()
		out.SetString(s)
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(t.Elem())
		out.Elem().Set(copyValue(v.Elem(), lines))
		return out
	case reflect.Struct:
		out := reflect.New(t).Elem()
		out.Set(v) // unexported fields (time.Time's among them) as they are
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			out.Field(i).Set(copyValue(v.Field(i), f.Tag.Get("term") == "lines"))
		}
		return out
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(copyValue(v.Index(i), lines))
		}
		return out
	case reflect.Array:
		out := reflect.New(t).Elem()
		for i := range v.Len() {
			out.Index(i).Set(copyValue(v.Index(i), lines))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(t, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			out.SetMapIndex(copyValue(iter.Key(), false), copyValue(iter.Value(), lines))
		}
		return out
	}
	return v
}
