// Package optiontype reads the type descriptions NixOS writes into
// options.json ("attribute set of (list of string)", "(attribute set of
// boolean) or (list of string) convertible to it"): what a name inside
// an option that lets arbitrary names in may hold.
package optiontype

import "strings"

// Member is the type of a value depth levels inside an option of
// type typ, when typ lets arbitrary names in: "attribute set of X" holds
// X, JSON/YAML/TOML values and plain attribute sets hold anything.
func Member(typ string, depth int) (string, bool) {
	for range depth {
		t := strings.TrimSpace(typ)
		if target, ok := coercedTarget(t); ok {
			// "(attribute set of boolean) or (list of string) convertible
			// to it": the value ends up as the first type.
			t = target
		}
		switch {
		case strings.HasPrefix(t, "attribute set of "):
			typ = unparen(strings.TrimPrefix(t, "attribute set of "))
		case strings.HasPrefix(t, "lazy attribute set of "):
			typ = unparen(strings.TrimPrefix(t, "lazy attribute set of "))
		case strings.HasPrefix(t, "open submodule of "):
			typ = unparen(strings.TrimPrefix(t, "open submodule of "))
		case t == "attribute set", t == "JSON value", t == "YAML value", t == "TOML value",
			t == "anything", t == "unspecified value", t == "raw value",
			strings.HasPrefix(t, "attribute set of (section of an INI file"),
			strings.HasPrefix(t, "Nix value"):
			return t, true
		default:
			return "", false
		}
	}
	return typ, true
}

// coercedTarget is A in "(A) or (B) convertible to it" (lib.types.coercedTo:
// a B is converted to an A, which is what the option holds).
func coercedTarget(t string) (string, bool) {
	rest, ok := strings.CutSuffix(t, " convertible to it")
	if !ok || !strings.HasPrefix(rest, "(") {
		return "", false
	}
	depth := 0
	for i := 0; i < len(rest); i++ {
		switch rest[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				if !strings.HasPrefix(rest[i+1:], " or ") {
					return "", false
				}
				return rest[1:i], true
			}
		}
	}
	return "", false
}

func unparen(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' {
		depth := 0
		for i := 0; i < len(s); i++ {
			switch s[i] {
			case '(':
				depth++
			case ')':
				depth--
				if depth == 0 && i != len(s)-1 {
					return s // "(a) or (b)": not one group
				}
			}
		}
		return s[1 : len(s)-1]
	}
	return s
}
