package guard

import (
	"fmt"
	"sync"
	"unicode"
	"unicode/utf8"
)

// controlNames names the control characters people meet, so a refusal
// says "line feed" rather than a bare code point. This table and the next
// are built on first use, not at every ask-nix start.
var controlNames = sync.OnceValue(func() map[rune]string {
	return map[rune]string{
		0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x09: "tab",
		0x0a: "line feed", 0x0b: "vertical tab", 0x0c: "form feed",
		0x0d: "carriage return", 0x1b: "escape", 0x7f: "delete",
		0x85: "next line", 0x2028: "line separator", 0x2029: "paragraph separator",
	}
})

// invisibleNames are the characters that change how text reads or
// renders without showing: zero-width characters, bidirectional controls
// (the "Trojan Source" trick), fillers and the byte order mark.
var invisibleNames = sync.OnceValue(func() map[rune]string {
	return map[rune]string{
		0x00ad: "soft hyphen",
		0x034f: "combining grapheme joiner",
		0x061c: "arabic letter mark",
		0x115f: "hangul choseong filler",
		0x1160: "hangul jungseong filler",
		0x17b4: "khmer vowel inherent aq",
		0x17b5: "khmer vowel inherent aa",
		0x180e: "mongolian vowel separator",
		0x200b: "zero width space",
		0x200c: "zero width non-joiner",
		0x200d: "zero width joiner",
		0x200e: "left-to-right mark",
		0x200f: "right-to-left mark",
		0x202a: "left-to-right embedding",
		0x202b: "right-to-left embedding",
		0x202c: "pop directional formatting",
		0x202d: "left-to-right override",
		0x202e: "right-to-left override",
		0x2060: "word joiner",
		0x2061: "function application",
		0x2062: "invisible times",
		0x2063: "invisible separator",
		0x2064: "invisible plus",
		0x2066: "left-to-right isolate",
		0x2067: "right-to-left isolate",
		0x2068: "first strong isolate",
		0x2069: "pop directional isolate",
		0x3164: "hangul filler",
		0xfeff: "byte order mark",
		0xffa0: "halfwidth hangul filler",
	}
})

// isControl reports C0 and C1 controls, DEL, and the Unicode line and
// paragraph separators (which end a line as surely as a newline does).
func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x2028 || r == 0x2029
}

// isInvisible reports characters that render as nothing or reorder the
// text around them: every Unicode format character (Cf: zero-width,
// bidi, tags, BOM, soft hyphen...), variation selectors and fillers.
func isInvisible(r rune) bool {
	if r < 0xa0 {
		return false
	}
	if _, ok := invisibleNames()[r]; ok {
		return true
	}
	switch {
	case r >= 0xfe00 && r <= 0xfe0f, r >= 0xe0100 && r <= 0xe01ef: // variation selectors
		return true
	case r >= 0xfff9 && r <= 0xfffb: // interlinear annotation
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

func charName(r rune) string {
	if n, ok := controlNames()[r]; ok {
		return fmt.Sprintf("U+%04X (%s)", r, n)
	}
	if n, ok := invisibleNames()[r]; ok {
		return fmt.Sprintf("U+%04X (%s)", r, n)
	}
	switch {
	case r >= 0xfe00 && r <= 0xfe0f, r >= 0xe0100 && r <= 0xe01ef:
		return fmt.Sprintf("U+%04X (variation selector)", r)
	case r >= 0xe0000 && r <= 0xe007f:
		return fmt.Sprintf("U+%04X (tag character)", r)
	case r >= 0xfff9 && r <= 0xfffb:
		return fmt.Sprintf("U+%04X (interlinear annotation)", r)
	}
	return fmt.Sprintf("U+%04X", r)
}

// checkText checks a name or value the request gave, said as what: at
// most limit characters, and none that checkChars refuses.
func checkText(s, what string, limit int) *Rejection {
	if n := utf8.RuneCountInString(s); n > limit {
		return reject(CodeTooLong, "%s is too long: %d characters (the limit is %d)", what, n, limit)
	}
	return checkChars(s, what)
}

// checkChars refuses control and invisible characters in s; what names
// the text in the reason ("request", "value for time.timeZone").
func checkChars(s, what string) *Rejection {
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		if r < 0x20 || r == 0x7f {
			return reject(CodeControlCharacter, "%s contains a control character: %s", what, charName(r))
		}
		if r < 0x80 {
			continue
		}
		if r == utf8.RuneError && size == 1 {
			return reject(CodeBadEncoding, "%s is not valid UTF-8 text", what)
		}
		if isControl(r) {
			return reject(CodeControlCharacter, "%s contains a control character: %s", what, charName(r))
		}
		if isInvisible(r) {
			return reject(CodeInvisibleCharacter, "%s contains an invisible character: %s", what, charName(r))
		}
	}
	return nil
}

// dangerousAt returns the shell or Nix pattern that starts at s[i], or "".
// The list is the one DESIGN.md names; ask-nix never hands request text to
// a shell, but a request that looks like one is refused rather than
// guessed at.
func dangerousAt(s string, i int) string {
	next := byte(0)
	if i+1 < len(s) {
		next = s[i+1]
	}
	switch s[i] {
	case '&':
		if next == '&' {
			return "&&"
		}
	case '|':
		if next == '|' {
			return "||"
		}
		return "|"
	case ';':
		return ";"
	case '`':
		return "`"
	case '$':
		if next == '(' {
			return "$("
		}
		if next == '{' {
			return "${"
		}
	case '>':
		if next == '>' {
			return ">>"
		}
		return ">"
	case '<':
		return "<"
	case '.':
		if next == '.' && i+2 < len(s) && s[i+2] == '/' {
			return "../"
		}
	}
	return ""
}
