package main

import (
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func TestPlainNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		ok   bool
		hint string
	}{
		{"1", 1, true, ""},
		{"0", 0, true, ""},
		{"41", 41, true, ""},
		{"-1", -1, true, ""},
		// A sign or a leading zero: refused, with the number to write.
		{"+5", 0, false, "write it as 5, with no sign"},
		{"05", 0, false, "write it as 5, with no leading zero"},
		{"010", 0, false, "write it as 10, with no leading zero"},
		{"00", 0, false, "write it as 0, with no leading zero"},
		// Not numbers as people write them: refused, no guess.
		{"-05", 0, false, ""},
		{"0x1", 0, false, ""},
		{"1e3", 0, false, ""},
		{"1.5", 0, false, ""},
		{"1_000", 0, false, ""},
		{"", 0, false, ""},
		{"+", 0, false, ""},
		{"-", 0, false, ""},
		{"++1", 0, false, ""},
		{"abc", 0, false, ""},
		{"٣", 0, false, ""}, // an Arabic-Indic three
		{"99999999999999999999", 0, false, ""},
		{"+99999999999999999999", 0, false, ""},
	} {
		n, hint, ok := plainNumber(tc.in)
		if n != tc.n || ok != tc.ok || hint != tc.hint {
			t.Errorf("plainNumber(%q) = %d, %q, %v; want %d, %q, %v", tc.in, n, hint, ok, tc.n, tc.hint, tc.ok)
		}
	}
}

func TestNumberArg(t *testing.T) {
	for _, tc := range []struct {
		in      string
		n       int
		wantErr string
	}{
		{"3", 3, ""},
		{"0", 0, `"0" is not an edit number (1, 2, ...; see ask-nix history)`},
		{"-2", 0, `"-2" is not an edit number (1, 2, ...; see ask-nix history)`},
		{"+5", 0, `"+5" is not an edit number: write it as 5, with no sign (see ask-nix history)`},
		{"05", 0, `"05" is not an edit number: write it as 5, with no leading zero (see ask-nix history)`},
		{"abc", 0, `"abc" is not an edit number (1, 2, ...; see ask-nix history)`},
	} {
		n, err := numberArg(tc.in, "an edit number", "see ask-nix history", 1)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if n != tc.n || got != tc.wantErr {
			t.Errorf("numberArg(%q) = %d, %q; want %d, %q", tc.in, n, got, tc.n, tc.wantErr)
		}
	}
}

// TestIntValue: a flag's number is read as a person writes it, never as
// Go's flag parser reads it (010 is not 8, 0x1 is not 1).
func TestIntValue(t *testing.T) {
	for _, tc := range []struct {
		arg     string
		n       int
		wantErr string
	}{
		{"--to=12", 12, ""},
		{"--to=-1", -1, ""}, // the command says what range it takes
		{"--to=010", 0, `"010" is not a generation number: write it as 10, with no leading zero`},
		{"--to=0x1", 0, `"0x1" is not a generation number: give a whole number`},
		{"--to=+2", 0, `"+2" is not a generation number: write it as 2, with no sign`},
		{"--to=abc", 0, `"abc" is not a generation number: give a whole number`},
	} {
		var n int
		fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
		fs.Var(intValue{&n, "a generation number"}, "to", "")
		err := fs.Parse([]string{tc.arg})
		if tc.wantErr == "" {
			if err != nil || n != tc.n {
				t.Errorf("%s: got %d, %v; want %d", tc.arg, n, err, tc.n)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s: got %d, %v; want an error with %q", tc.arg, n, err, tc.wantErr)
		}
	}
}
