package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// hintNumber finds the number a hint says to write.
var hintNumber = regexp.MustCompile(`^write it as (-?[0-9]+), with no (sign|leading zero)$`)

// FuzzPlainNumber: whatever is typed for a number (an edit, a
// generation, a count), plainNumber never panics; a number it reads is
// written back as typed (so no reading was a guess: no sign, no leading
// zero, no base); a hint names a number it reads itself. numberArg and a
// flag's intValue agree with it.
func FuzzPlainNumber(f *testing.F) {
	for _, s := range []string{"1", "0", "-1", "+5", "05", "-05", "0x1", "1e3", "", "-", "+", "٣", "99999999999999999999",
		"+99999999999999999999", "-0", "+0", "00", " 7 ", "9223372036854775807", "-9223372036854775808"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, hint, ok := plainNumber(s)
		switch {
		case ok && hint != "":
			t.Fatalf("%q read as %d with a hint %q", s, n, hint)
		case ok && strconv.Itoa(n) != s && s != "-0":
			t.Fatalf("%q read as %d", s, n)
		case !ok && n != 0:
			t.Fatalf("%q refused, yet %d", s, n)
		case hint != "":
			m := hintNumber.FindStringSubmatch(hint)
			if m == nil {
				t.Fatalf("%q: hint %q", s, hint)
			}
			if _, _, ok := plainNumber(m[1]); !ok {
				t.Fatalf("%q: the hint %q names a number that is refused", s, hint)
			}
		}
		got, err := numberArg(s, "a number", "see the list", 1)
		if ok && n >= 1 && (err != nil || got != n) || !(ok && n >= 1) && err == nil {
			t.Fatalf("numberArg(%q) = %d, %v; plainNumber %d, %v", s, got, err, n, ok)
		}
		if err != nil && !strings.HasPrefix(err.Error(), strconv.Quote(s)+" is not a number") {
			t.Fatalf("numberArg(%q): %v", s, err)
		}
		v := 42
		err = intValue{n: &v, what: "a number"}.Set(s)
		n2, _, ok2 := plainNumber(strings.TrimSpace(s))
		if ok2 != (err == nil) || ok2 && v != n2 || !ok2 && v != 42 {
			t.Fatalf("intValue.Set(%q): %d, %v", s, v, err)
		}
	})
}
