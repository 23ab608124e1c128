package generation

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzCleanLine feeds a toplevel's nixos-version file (anything a
// configuration puts there): what is shown is one printable line without
// surrounding space, and a printable first line is shown as it is.
func FuzzCleanLine(f *testing.F) {
	for _, s := range []string{"24.11.20241201.abcdef (Vicuna)\n", "  x  \nsecond\n", "\x1b[31mred\n", "\xff\xfe", "a\rb", "\u00a0x\u00a0", "24.11 \u009b31m"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got := cleanLine(b)
		if !printable(got) || !utf8.ValidString(got) || strings.ContainsFunc(got, unicode.IsControl) || strings.TrimSpace(got) != got {
			t.Fatalf("cleanLine(%q) = %q", b, got)
		}
		first, _, _ := strings.Cut(string(b), "\n")
		if first = strings.TrimSpace(first); printable(first) && utf8.ValidString(first) && got != first {
			t.Fatalf("cleanLine(%q) = %q, want %q", b, got, first)
		}
	})
}
