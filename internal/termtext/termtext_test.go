package termtext

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"toplevel already current", "toplevel already current"},
		{"", ""},
		{"é → ü, U+FFFD \uFFFD kept", "é → ü, U+FFFD \uFFFD kept"},
		{"\x1b[2J\x1b]0;pwned\x07", `\x1b[2J\x1b]0;pwned\x07`},
		{"a\nb\r\tc", `a\nb\r\tc`},
		{"del \x7f c1 \u009b31m", `del \x7f c1 \u009b31m`},
		{"rtl \u202eevil\u202c sep \u2028", `rtl \u202eevil\u202c sep \u2028`},
		{"bad \xff\xfe utf8", `bad \xff\xfe utf8`},
		{`back\slash`, `back\slash`},
	} {
		if got := Line(tc.in); got != tc.want {
			t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	long := strings.Repeat("é", MaxLine)
	if got := Line(long); len(got) > MaxLine || !strings.HasSuffix(got, "…") || !utf8.ValidString(got) {
		t.Errorf("Line of %d bytes: %d bytes, ends %q", len(long), len(got), got[len(got)-8:])
	}
}

func TestLines(t *testing.T) {
	in := "error: builder for '/nix/store/x.drv' failed\r\n  \x1b[31;1mlast line\x1b[0m\n\tat foo"
	want := "error: builder for '/nix/store/x.drv' failed\n  \\x1b[31;1mlast line\\x1b[0m\n\\tat foo"
	if got := Lines(in); got != want {
		t.Errorf("Lines = %q, want %q", got, want)
	}
	many := strings.Repeat("line\n", 3*MaxLines)
	if got := strings.Split(Lines(many), "\n"); len(got) != MaxLines || got[len(got)-1] != "…" {
		t.Errorf("Lines of %d lines: %d, last %q", 3*MaxLines, len(got), got[len(got)-1])
	}
}

func TestText(t *testing.T) {
	long := strings.Repeat("line of a long Nix trace\n", 3*MaxLines)
	for _, tc := range []struct{ in, want string }{
		{"error: attribute 'x' missing\n  at /etc/nixos/nix-humanity.nix:3:5", "error: attribute 'x' missing\n  at /etc/nixos/nix-humanity.nix:3:5"},
		{"throw: \x1b]0;pwned\x07\x1b[2J\r\n\tnext", `throw: \x1b]0;pwned\x07\x1b[2J\r` + "\n" + `\tnext`},
		{"c1 \u009b31m rtl \u202e bad \xff", `c1 \u009b31m rtl \u202e bad \xff`},
		{long, long}, // printed whole: Nix's trace is all the user has
	} {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

type inner struct {
	Name string
	Err  string `term:"lines"`
}

type outer struct {
	Phase   kind
	Reason  string
	When    time.Time
	List    []string
	Map     map[string]string
	Ptr     *inner
	Items   []inner
	Nums    map[string]float64
	private string
}

type kind string

func TestCopy(t *testing.T) {
	when := time.Date(2025, 1, 2, 3, 4, 5, 6, time.FixedZone("X", 3600))
	in := &outer{
		Phase: "eval\x1b[2J", Reason: "ok", When: when,
		List:    []string{"a\x07"},
		Map:     map[string]string{"k\x1b": "v\x1b"},
		Ptr:     &inner{Name: "n\n", Err: "e1\x1b\ne2"},
		Items:   []inner{{Name: "\u202e"}},
		Nums:    map[string]float64{"eval": 1.5},
		private: "\x1b",
	}
	got := Copy(in)
	if got == in || got.Ptr == in.Ptr {
		t.Fatal("Copy shares pointers with its input")
	}
	if got.Phase != `eval\x1b[2J` || got.Reason != "ok" || !got.When.Equal(when) || got.When.Location() != when.Location() ||
		got.List[0] != `a\x07` || got.Map[`k\x1b`] != `v\x1b` || got.Ptr.Name != `n\n` || got.Ptr.Err != "e1\\x1b\ne2" ||
		got.Items[0].Name != `\u202e` || got.Nums["eval"] != 1.5 || got.private != "\x1b" {
		t.Errorf("Copy = %+v %+v", got, got.Ptr)
	}
	// The input is left as it was.
	if in.Phase != "eval\x1b[2J" || in.List[0] != "a\x07" || in.Ptr.Name != "n\n" || in.Items[0].Name != "\u202e" {
		t.Errorf("Copy changed its input: %+v", in)
	}
	var nilOuter *outer
	if Copy(nilOuter) != nil {
		t.Error("Copy(nil) is not nil")
	}
}

// FuzzLine: whatever the input, what is printed has no control
// character, is valid UTF-8 and bounded, and making it safe again
// changes nothing; safe text is printed as it is.
func FuzzLine(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[31mred\x1b[0m", "a\nb", "\xff", "\u202e", "\u009b2J", strings.Repeat("é", 1500), "line\r\nline"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tc := range []struct {
			name     string
			out      string
			newlines bool
		}{{"Line", Line(s), false}, {"Lines", Lines(s), true}} {
			if !utf8.ValidString(tc.out) {
				t.Fatalf("%s(%q) = %q: not UTF-8", tc.name, s, tc.out)
			}
			lines := strings.Split(tc.out, "\n")
			if !tc.newlines && len(lines) > 1 {
				t.Fatalf("%s(%q) = %q has a newline", tc.name, s, tc.out)
			}
			if len(lines) > MaxLines {
				t.Fatalf("%s(%q): %d lines", tc.name, s, len(lines))
			}
			for _, l := range lines {
				if len(l) > MaxLine {
					t.Fatalf("%s(%q): a line of %d bytes", tc.name, s, len(l))
				}
				for _, r := range l {
					if unsafeRune(r) {
						t.Fatalf("%s(%q) = %q keeps %U", tc.name, s, tc.out, r)
					}
				}
			}
		}
		if again := Line(Line(s)); again != Line(s) {
			t.Fatalf("Line(Line(%q)) = %q, not %q", s, again, Line(s))
		}
		if again := Lines(Lines(s)); again != Lines(s) {
			t.Fatalf("Lines(Lines(%q)) = %q, not %q", s, again, Lines(s))
		}
		if Safe(s) && Line(s) != s {
			t.Fatalf("safe %q changed to %q", s, Line(s))
		}
		if utf8.ValidString(s) && len(s) <= MaxLine && !strings.ContainsFunc(s, unsafeRune) && Line(s) != s {
			t.Fatalf("clean %q changed to %q", s, Line(s))
		}
	})
}
