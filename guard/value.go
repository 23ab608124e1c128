package guard

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// CheckValue checks v against a NixOS option type as it appears in
// options.json ("null or string without spaces", "16 bit unsigned
// integer; between 0 and 65535 (both inclusive)", "one of \"yes\",
// \"no\""...), as the whole value of the option: `set <option> to <v>`.
// v is a bool, an integer (int64 or int), a string, nil, or []any for a
// list. Types ask-nix does not write (packages, submodules, attribute
// sets, functions, and phrases it cannot read) are refused with a reason
// that says to edit the fragment by hand.
func CheckValue(optionType string, v any) error {
	if r := checkValue(optionType, v); r != nil {
		return r
	}
	return nil
}

// CheckItem checks v as one item added to or removed from a list option
// ("open port 443" adds 443 to a "list of 16 bit unsigned integer; ...").
func CheckItem(optionType string, v any) error {
	if r := checkItem(optionType, v); r != nil {
		return r
	}
	return nil
}

func checkValue(optionType string, v any) *Rejection {
	v, ok := normalizeValue(v)
	if !ok {
		return reject(CodeBadValue, "%v is not a value ask-nix writes (true/false, a whole number or a string)", v)
	}
	t := parseType(optionType)
	if ok, why, refuse := t.check(v); !ok {
		if refuse {
			return &Rejection{Code: CodeUnsupportedType, Reason: why}
		}
		return &Rejection{Code: CodeBadValue, Reason: why}
	}
	return nil
}

func checkItem(optionType string, v any) *Rejection {
	v, ok := normalizeValue(v)
	if !ok {
		return reject(CodeBadValue, "%v is not a value ask-nix writes (true/false, a whole number or a string)", v)
	}
	if _, isList := v.([]any); isList || v == nil {
		return reject(CodeBadValue, "a list item must be a single value, not %s", show(v))
	}
	return checkItemType(optionType, v)
}

// checkItemType checks a normalized v as one item of a list option.
func checkItemType(optionType string, v any) *Rejection {
	t := parseType(optionType)
	var elems []*vtype
	if t.kind == kList {
		elems = append(elems, t.elem)
	}
	if t.kind == kEither {
		for _, a := range t.alts {
			if a.kind == kList {
				elems = append(elems, a.elem)
			}
		}
	}
	switch len(elems) {
	case 0:
		return reject(CodeBadValue, "the option is not a list (its type is %q): set it instead of adding or removing items", optionType)
	case 1:
		t = elems[0]
	default:
		t = &vtype{kind: kEither, alts: elems, desc: optionType}
	}
	if ok, why, refuse := t.check(v); !ok {
		if refuse {
			return &Rejection{Code: CodeUnsupportedType, Reason: why}
		}
		return &Rejection{Code: CodeBadValue, Reason: why}
	}
	return nil
}

// normalizeValue maps the integer kinds to int64 (and an integral
// float64, as JSON decodes numbers) and refuses other Go types.
func normalizeValue(v any) (any, bool) {
	switch x := v.(type) {
	case nil, bool, int64, string:
		return v, true
	case int:
		return int64(x), true
	case int32:
		return int64(x), true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return int64(x), true
		}
		return v, false
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			n, ok := normalizeValue(e)
			if !ok {
				return v, false
			}
			out[i] = n
		}
		return out, true
	}
	return v, false
}

// show writes a value for a reason: strings quoted, lists in brackets.
func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = show(e)
		}
		return "[ " + strings.Join(parts, " ") + " ]"
	case map[string]any:
		var b strings.Builder
		b.WriteString("{ ")
		for _, k := range slices.Sorted(maps.Keys(x)) {
			name := k
			if !fragment.IsIdent(k) {
				name = strconv.Quote(k)
			}
			b.WriteString(name + " = " + show(x[k]) + "; ")
		}
		b.WriteString("}")
		return b.String()
	}
	return fmt.Sprint(v)
}

func handEdit(desc string) string {
	return fmt.Sprintf("the option takes %s, which ask-nix does not write: edit the fragment by hand", desc)
}

// check reports whether v fits t; if not, why (for people), and whether
// the refusal is about the type itself (ask-nix does not write it) rather
// than the value.
func (t *vtype) check(v any) (ok bool, why string, refuse bool) {
	switch t.kind {
	case kUnknown:
		return false, fmt.Sprintf("ask-nix cannot check values of type %q: edit the fragment by hand", t.desc), true
	case kRefuse:
		// An attribute set of a checkable type takes a port range
		// ({"from": n, "to": m}), the only set ask-nix writes.
		if m, isMap := v.(map[string]any); isMap && t.elem != nil {
			for _, k := range slices.Sorted(maps.Keys(m)) {
				if ok, why, refuse := t.elem.check(m[k]); !ok {
					return false, k + ": " + why, refuse
				}
			}
			return true, "", false
		}
		return false, handEdit(t.desc), true
	case kAny:
		return true, "", false
	case kNull:
		if v == nil {
			return true, "", false
		}
		return false, fmt.Sprintf("%s is not null", show(v)), false
	case kBool:
		if _, ok := v.(bool); ok {
			return true, "", false
		}
		return false, fmt.Sprintf("%s is not true or false", show(v)), false
	case kInt, kNumber:
		n, ok := v.(int64)
		if !ok {
			if s, isStr := v.(string); isStr {
				if _, err := strconv.ParseInt(s, 10, 64); err == nil {
					return false, fmt.Sprintf("%s is a string, but the option takes %s: write it without quotes", show(v), t.desc), false
				}
			}
			return false, fmt.Sprintf("%s is not a whole number (the option takes %s)", show(v), t.desc), false
		}
		if (t.hasMin && float64(n) < t.min) || (t.hasMax && float64(n) > t.max) {
			return false, fmt.Sprintf("%d is out of range: the option takes %s", n, t.desc), false
		}
		return true, "", false
	case kFloat:
		return false, fmt.Sprintf("the option takes a %s, which ask-nix does not write: edit the fragment by hand", t.desc), true
	case kString, kPath:
		s, ok := v.(string)
		if !ok {
			if v != nil {
				if _, isList := v.([]any); !isList {
					return false, fmt.Sprintf("%s is not a string (the option takes %s): put it in quotes, like \"%v\"", show(v), t.desc, v), false
				}
			}
			return false, fmt.Sprintf("%s is not a string (the option takes %s)", show(v), t.desc), false
		}
		return t.checkString(s)
	case kEnum:
		for _, e := range t.enum {
			if e == v {
				return true, "", false
			}
		}
		return false, fmt.Sprintf("%s is not %s", show(v), t.desc), false
	case kList:
		l, ok := v.([]any)
		if !ok {
			return false, fmt.Sprintf("the option is a %s, which ask-nix does not set whole (it adds and removes items of the lists it knows: open ports, DNS servers, ...): write this one in your NixOS configuration", t.desc), false
		}
		if t.nonEmpty && len(l) == 0 {
			return false, "the list must not be empty", false
		}
		for _, e := range l {
			if ok, why, refuse := t.elem.check(e); !ok {
				return false, why, refuse
			}
		}
		return true, "", false
	case kEither:
		var checkable []*vtype
		for _, a := range t.alts {
			if ok, _, _ := a.check(v); ok {
				return true, "", false
			}
			if a.kind != kRefuse && a.kind != kUnknown && a.kind != kNull {
				checkable = append(checkable, a)
			}
		}
		switch len(checkable) {
		case 0:
			if v == nil {
				return false, fmt.Sprintf("null is not %s", t.desc), false
			}
			return false, handEdit(t.desc), true
		case 1:
			_, why, refuse := checkable[0].check(v)
			return false, why, refuse
		}
		return false, fmt.Sprintf("%s does not fit the option's type, %s", show(v), t.desc), false
	}
	return false, "unknown type", true
}

func (t *vtype) checkString(s string) (bool, string, bool) {
	bad := func(format string, args ...any) (bool, string, bool) {
		return false, fmt.Sprintf(format, args...), false
	}
	if t.kind == kPath {
		if !strings.HasPrefix(s, "/") {
			return bad("%s is not an absolute path (the option takes %s)", show(s), t.desc)
		}
		if t.flags&sStorePath != 0 && !strings.HasPrefix(s, "/nix/store/") {
			return bad("%s is not in the Nix store (the option takes %s)", show(s), t.desc)
		}
	}
	f := t.flags
	if f&sNonEmpty != 0 && strings.Trim(s, " \t\n") == "" {
		return bad("the option takes %s, and %s is empty", t.desc, show(s))
	}
	if f&sNoSpaces != 0 && strings.Contains(s, " ") {
		return bad("%s contains a space (the option takes %s)", show(s), t.desc)
	}
	if f&sSingleLine != 0 {
		body := s
		if f&sOptNewline != 0 {
			body = strings.TrimSuffix(s, "\n")
		}
		if strings.ContainsAny(body, "\n\r") {
			return bad("%s has more than one line (the option takes %s)", show(s), t.desc)
		}
	}
	if f&sNoNewlineColon != 0 && strings.ContainsAny(s, "\n:") {
		return bad("%s contains a colon or a newline (the option takes %s)", show(s), t.desc)
	}
	if f&sNoTrailingSlash != 0 && strings.HasSuffix(s, "/") {
		return bad("%s ends with a slash (the option takes %s)", show(s), t.desc)
	}
	if f&sNoLineBreakQuote != 0 && strings.ContainsAny(s, "\n\r\"") {
		return bad("%s contains a line break or a quote (the option takes %s)", show(s), t.desc)
	}
	if t.pattern != nil && !t.pattern.MatchString(bytesAsRunes(s)) {
		return bad("%s does not match the pattern %s", show(s), t.patternSrc)
	}
	return true, "", false
}
