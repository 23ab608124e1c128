package main

import (
	"fmt"
	"strconv"
	"strings"
)

// plainNumber reads a number typed on ask-nix's command line (an edit, a
// generation, a count) as a person writes one: decimal digits, perhaps
// after a minus. A plus sign, a leading zero or a base prefix is refused
// rather than read, since any reading would be a guess: Go's flag parser
// reads "010" as 8 and "0x1" as 1, and "+5" may mean five further on.
// When s is not one, hint says how to write the number it looks like
// ("write it as 5, with no sign"), or is "" when it looks like none.
func plainNumber(s string) (n int, hint string, ok bool) {
	digits, neg := strings.CutPrefix(s, "-")
	if plus, found := strings.CutPrefix(s, "+"); found && allDigits(plus) {
		if v, err := strconv.Atoi(plus); err == nil {
			return 0, fmt.Sprintf("write it as %d, with no sign", v), false
		}
		return 0, "", false
	}
	if !allDigits(digits) {
		return 0, "", false
	}
	v, err := strconv.Atoi(digits)
	if err != nil {
		return 0, "", false // too large for any edit, generation or count
	}
	if neg {
		v = -v
	}
	if len(digits) > 1 && digits[0] == '0' {
		if neg {
			return 0, "", false
		}
		return 0, fmt.Sprintf("write it as %d, with no leading zero", v), false
	}
	return v, "", true
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// numberArg reads s as a number of at least min (plainNumber); what names
// it ("an edit number") and list says where the valid ones are listed,
// for the error: `"+5" is not an edit number: write it as 5, with no sign
// (ask-nix history lists them)`.
func numberArg(s, what, list string, min int) (int, error) {
	n, hint, ok := plainNumber(s)
	switch {
	case !ok && hint != "":
		return 0, fmt.Errorf("%q is not %s: %s (%s)", s, what, hint, list)
	case !ok || n < min:
		return 0, fmt.Errorf("%q is not %s (%d, %d, ...; %s)", s, what, min, min+1, list)
	}
	return n, nil
}

// intValue is a flag's whole number read as plainNumber does, not as
// pflag's IntVar does (which reads rollback --to 010 as generation 8, and
// 0x1 as 1); what names it for the error ("a generation number"). The
// command checks the range, with its own words.
type intValue struct {
	n    *int
	what string
}

func (v intValue) String() string {
	if v.n == nil {
		return "0"
	}
	return strconv.Itoa(*v.n)
}
func (v intValue) Type() string { return "N" }
func (v intValue) Set(s string) error {
	n, hint, ok := plainNumber(strings.TrimSpace(s))
	switch {
	case !ok && hint != "":
		return fmt.Errorf("%q is not %s: %s", s, v.what, hint)
	case !ok:
		return fmt.Errorf("%q is not %s: give a whole number", s, v.what)
	}
	*v.n = n
	return nil
}
