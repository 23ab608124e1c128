package guard_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard"
)

const u16 = "16 bit unsigned integer; between 0 and 65535 (both inclusive)"

// checkValueCases: values against type descriptions as NixOS writes
// them, with the exact refusal for each ("" where the value fits).
var checkValueCases = []struct {
	typ  string
	v    any
	want string // "" allowed, else "code: reason"
}{
	{"boolean", true, ""},
	// nix.settings.<name>: nix.conf values.
	{"Nix config atom (null, bool, int, float, str, path or package)", "auto", ""},
	{"Nix config atom (null, bool, int, float, str, path or package) or list of (Nix config atom (null, bool, int, float, str, path or package))", int64(8), ""},
	{"boolean", false, ""},
	{"boolean", "true", rej("bad-value", `"true" is not true or false`)},
	{"boolean", int64(1), rej("bad-value", "1 is not true or false")},
	{"signed integer", int64(-7), ""},
	{"signed integer", 7, ""},
	{"signed integer", 7.0, ""},
	{"signed integer", 7.5, rej("bad-value", "7.5 is not a value ask-nix writes (true/false, a whole number or a string)")},
	{"signed integer", "12", rej("bad-value", `"12" is a string, but the option takes signed integer: write it without quotes`)},
	{"signed integer", "soon", rej("bad-value", `"soon" is not a whole number (the option takes signed integer)`)},
	{"unsigned integer, meaning >=0", int64(0), ""},
	{"unsigned integer, meaning >=0", int64(-1), rej("bad-value", "-1 is out of range: the option takes unsigned integer, meaning >=0")},
	{"positive integer, meaning >0", int64(1), ""},
	{"positive integer, meaning >0", int64(0), rej("bad-value", "0 is out of range: the option takes positive integer, meaning >0")},
	{u16, int64(0), ""},
	{u16, int64(65535), ""},
	{u16, int64(65536), rej("bad-value", "65536 is out of range: the option takes "+u16)},
	{"8 bit signed integer; between -128 and 127 (both inclusive)", int64(-128), ""},
	{"8 bit signed integer; between -128 and 127 (both inclusive)", int64(128), rej("bad-value", "128 is out of range: the option takes 8 bit signed integer; between -128 and 127 (both inclusive)")},
	{"integer between 300 and 399 (both inclusive)", int64(301), ""},
	{"integer between 300 and 399 (both inclusive)", int64(200), rej("bad-value", "200 is out of range: the option takes integer between 300 and 399 (both inclusive)")},
	{"integer or floating point number between 0.0 and 1.0 (both inclusive)", int64(1), ""},
	{"integer or floating point number between 0.0 and 1.0 (both inclusive)", int64(2), rej("bad-value", "2 is out of range: the option takes integer or floating point number between 0.0 and 1.0 (both inclusive)")},
	{"floating point number", int64(1), rej("unsupported-type", "the option takes a floating point number, which ask-nix does not write: edit the fragment by hand")},
	{"string", "anything at all: \"quoted\" ${not} \\ interpolated", ""},
	{"string", int64(3), rej("bad-value", `3 is not a string (the option takes string): put it in quotes, like "3"`)},
	{"non-empty string", "x", ""},
	{"non-empty string", " \t", rej("bad-value", `the option takes non-empty string, and " \t" is empty`)},
	{"string without spaces", "Europe/Berlin", ""},
	{"string without spaces", "Europe Berlin", rej("bad-value", `"Europe Berlin" contains a space (the option takes string without spaces)`)},
	{"null or string without spaces", "UTC", ""},
	{"(optionally newline-terminated) single-line string", "one line\n", ""},
	{"(optionally newline-terminated) single-line string", "two\nlines", rej("bad-value", `"two\nlines" has more than one line (the option takes (optionally newline-terminated) single-line string)`)},
	{"string, not containing newlines or colons", "a:b", rej("bad-value", `"a:b" contains a colon or a newline (the option takes string, not containing newlines or colons)`)},
	{`strings concatenated with "\n"`, "line one", ""},
	{`null or strings concatenated with ","`, "a,b", ""},
	{"string matching the pattern ^$|^[[:alnum:]]([[:alnum:]_-]{0,61}[[:alnum:]])?$", "my-host", ""},
	{"string matching the pattern ^$|^[[:alnum:]]([[:alnum:]_-]{0,61}[[:alnum:]])?$", "my host", rej("bad-value", `"my host" does not match the pattern ^$|^[[:alnum:]]([[:alnum:]_-]{0,61}[[:alnum:]])?$`)},
	// Nix's builtins.match counts bytes, not characters: "é" is two
	// (FuzzPatternInNix).
	{"string matching the pattern [^[:space:]]{1,64}", strings.Repeat("é", 32), ""},
	{"string matching the pattern [^[:space:]]{1,64}", strings.Repeat("é", 33), rej("bad-value", `"`+strings.Repeat("é", 33)+`" does not match the pattern [^[:space:]]{1,64}`)},
	{"string matching the pattern [^/{}]+", "caf\xe9", ""},
	{"string matching the pattern x.y", "x\xc3\xa9y", rej("bad-value", `"xéy" does not match the pattern x.y`)},
	{"string matching the pattern café", "café", ""},
	{"string matching the pattern [0-7]{1,5}", "0644", ""},
	{"string matching the pattern [0-7]{1,5}", "0648", rej("bad-value", `"0648" does not match the pattern [0-7]{1,5}`)},
	{"attribute set of (signed integer or string matching the pattern [[:digit:]]+[Hdwmy])", "1d", rej("unsupported-type", "the option takes attribute set of (signed integer or string matching the pattern [[:digit:]]+[Hdwmy]), which ask-nix does not write: edit the fragment by hand")},
	{"null or (string matching the pattern [[:digit:]]+[Hdwmy])", "12d", ""},
	{"null or (string matching the pattern [[:digit:]]+[Hdwmy])", "12x", rej("bad-value", `"12x" does not match the pattern [[:digit:]]+[Hdwmy]`)},
	{"string matching the pattern .*://.*$ or non-empty (list of string matching the pattern .*://.*$)", "https://x", ""},
	{"string matching the pattern .*://.*$ or non-empty (list of string matching the pattern .*://.*$)", []any{"https://x"}, ""},
	{"string matching the pattern .*://.*$ or non-empty (list of string matching the pattern .*://.*$)", []any{}, rej("bad-value", `[  ] does not fit the option's type, string matching the pattern .*://.*$ or non-empty (list of string matching the pattern .*://.*$)`)},
	{"path", "/etc/motd", ""},
	{"path", "etc/motd", rej("bad-value", `"etc/motd" is not an absolute path (the option takes path)`)},
	{"null or path", "/x", ""},
	{"path in the Nix store", "/tmp/x", rej("bad-value", `"/tmp/x" is not in the Nix store (the option takes path in the Nix store)`)},
	{"path or string", "relative", ""},
	{`one of "yes", "no"`, "yes", ""},
	{`one of "yes", "no"`, "maybe", rej("bad-value", `"maybe" is not one of "yes", "no"`)},
	{`null or one of "debug", "info", "warn", "error", "fatal"`, "warn", ""},
	{"one of 0, 1, 2", int64(2), ""},
	{"one of 0, 1, 2", "2", rej("bad-value", `"2" is not one of 0, 1, 2`)},
	{`one of <null>, "ssh", "ssh-ng"`, "ssh", ""},
	{`signed integer or value "auto" (singular enum)`, "auto", ""},
	{`signed integer or value "auto" (singular enum)`, int64(4), ""},
	{`signed integer or value "auto" (singular enum)`, "many", rej("bad-value", `"many" does not fit the option's type, signed integer or value "auto" (singular enum)`)},
	{`boolean or one of "strict", "loose"`, "loose", ""},
	{`one of "default", "all" or list of string`, "all", ""},
	{"unsigned integer, meaning >=0, or string containing either a number or a range", int64(3), ""},
	{"(list of string) or string convertible to it", "x", ""},
	{"integer between 0 and 1 (both inclusive) or boolean convertible to it", true, ""},
	{"list of string", []any{"a", "b"}, ""},
	{"list of string", "a", rej("bad-value", "the option is a list of string, which ask-nix does not set whole (it adds and removes items of the lists it knows: open ports, DNS servers, ...): write this one in your NixOS configuration")},
	{"list of " + u16, []any{int64(80), int64(70000)}, rej("bad-value", "70000 is out of range: the option takes "+u16)},
	{"non-empty (list of string)", []any{}, rej("bad-value", "the list must not be empty")},
	{"package", "firefox", rej("unsupported-type", "the option takes package, which ask-nix does not write: edit the fragment by hand")},
	{"null or package", "firefox", rej("unsupported-type", "the option takes null or package, which ask-nix does not write: edit the fragment by hand")},
	{"submodule", "x", rej("unsupported-type", "the option takes submodule, which ask-nix does not write: edit the fragment by hand")},
	{"attribute set of string", "x", rej("unsupported-type", "the option takes attribute set of string, which ask-nix does not write: edit the fragment by hand")},
	{"function that evaluates to a(n) list of package", "x", rej("unsupported-type", "the option takes function that evaluates to a(n) list of package, which ask-nix does not write: edit the fragment by hand")},
	{"raw value", "x", rej("unsupported-type", "the option takes raw value, which ask-nix does not write: edit the fragment by hand")},
	{"JSON value", int64(5), ""},
	{"file mode string", "0644", rej("unsupported-type", `ask-nix cannot check values of type "file mode string": edit the fragment by hand`)},
	{"string or (raw elixir)", "ok", ""},
	{"null or string", nil, ""},
	{"string", nil, rej("bad-value", "null is not a string (the option takes string)")},
	{"string", struct{}{}, rej("bad-value", "{} is not a value ask-nix writes (true/false, a whole number or a string)")},
}

func TestCheckValue(t *testing.T) {
	for _, c := range checkValueCases {
		got := ""
		if err := guard.CheckValue(c.typ, c.v); err != nil {
			var r *guard.Rejection
			if !errors.As(err, &r) {
				t.Fatalf("CheckValue(%q, %#v): %T", c.typ, c.v, err)
			}
			got = r.Code + ": " + r.Reason
		}
		if got != c.want {
			t.Errorf("CheckValue(%q, %#v)\n got %s\nwant %s", c.typ, c.v, got, c.want)
		}
	}
}

func TestCheckItem(t *testing.T) {
	cases := []struct {
		typ  string
		v    any
		want string
	}{
		{"Nix config atom (null, bool, int, float, str, path or package) or list of (Nix config atom (null, bool, int, float, str, path or package))", "flakes", ""},
		{"list of " + u16, int64(443), ""},
		{"list of " + u16, int64(70000), rej("bad-value", "70000 is out of range: the option takes "+u16)},
		{"list of " + u16, "443", rej("bad-value", `"443" is a string, but the option takes `+u16+`: write it without quotes`)},
		{"null or (list of string)", "x", ""},
		{"string or list of string", "x", ""},
		{"list of package", "firefox", rej("unsupported-type", "the option takes package, which ask-nix does not write: edit the fragment by hand")},
		{"string", "x", rej("bad-value", `the option is not a list (its type is "string"): set it instead of adding or removing items`)},
		{"list of string", []any{"x"}, rej("bad-value", `a list item must be a single value, not [ "x" ]`)},
	}
	for _, c := range cases {
		got := ""
		if err := guard.CheckItem(c.typ, c.v); err != nil {
			var r *guard.Rejection
			errors.As(err, &r)
			got = r.Code + ": " + r.Reason
		}
		if got != c.want {
			t.Errorf("CheckItem(%q, %#v)\n got %s\nwant %s", c.typ, c.v, got, c.want)
		}
	}
}

// FuzzCheckValue: no type description or value panics, and the answer
// is the same every time.
func FuzzCheckValue(f *testing.F) {
	for _, c := range checkValueCases {
		switch v := c.v.(type) {
		case string:
			f.Add(c.typ, uint8(0), v, int64(0))
		case int64:
			f.Add(c.typ, uint8(1), "", v)
		case bool:
			f.Add(c.typ, uint8(2), "", int64(0))
		}
	}
	for _, typ := range []string{"boolean", u16, "null or string without spaces", `one of "a", "b"`,
		"list of (string or (submodule))", "string matching the pattern [a-z]+", "(", ")", "list of ",
		"null or (", "one of ", `one of "`, "value \"x\"", "string matching the pattern (", "integer between 1 and",
		"attribute set of (", "non-empty (list of string", "strings concatenated with \"", "X or Y convertible to it",
		"unsigned integer, meaning >=0, or string"} {
		f.Add(typ, uint8(0), "x", int64(1))
		f.Add(typ, uint8(1), "", int64(-1))
		f.Add(typ, uint8(2), "yes", int64(65536))
	}
	f.Fuzz(func(t *testing.T, typ string, kind uint8, s string, n int64) {
		var v any
		switch kind % 5 {
		case 0:
			v = s
		case 1:
			v = n
		case 2:
			v = n%2 == 0
		case 3:
			v = nil
		case 4:
			v = []any{s, n}
		}
		a, b := guard.CheckValue(typ, v), guard.CheckValue(typ, v)
		if (a == nil) != (b == nil) || (a != nil && a.Error() != b.Error()) {
			t.Fatalf("CheckValue(%q, %#v) not deterministic: %v / %v", typ, v, a, b)
		}
		if a != nil {
			var r *guard.Rejection
			if !errors.As(a, &r) || r.Reason == "" || (r.Code != guard.CodeBadValue && r.Code != guard.CodeUnsupportedType) {
				t.Fatalf("CheckValue(%q, %#v) = %v", typ, v, a)
			}
		}
		_ = guard.CheckItem(typ, v)
	})
}
