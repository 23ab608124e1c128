package optiontype

import "testing"

func TestMember(t *testing.T) {
	tests := []struct {
		typ   string
		depth int
		want  string
		ok    bool
	}{
		{"attribute set of string", 1, "string", true},
		{"attribute set of (attribute set of boolean)", 2, "boolean", true},
		{"attribute set of (submodule)", 1, "submodule", true},
		{"lazy attribute set of (list of string)", 1, "list of string", true},
		{"JSON value", 3, "JSON value", true},
		{"attribute set of ((a) or (b))", 1, "(a) or (b)", true},
		{"boolean", 1, "", false},
		{"attribute set of string", 2, "", false},
		// coercedTo: the first type is what the option holds.
		{"(attribute set of boolean) or (list of string) convertible to it", 1, "boolean", true},
		{"(list of string) or string convertible to it", 1, "", false},
		{"(attribute set of boolean) convertible to it", 1, "", false},
	}
	for _, tt := range tests {
		got, ok := Member(tt.typ, tt.depth)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Member(%q, %d) = %q, %v; want %q, %v", tt.typ, tt.depth, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzMember: type descriptions come from an options.json on disk.
func FuzzMember(f *testing.F) {
	for _, s := range []string{
		"attribute set of (attribute set of boolean)",
		"(attribute set of boolean) or (list of string) convertible to it",
		"attribute set of ((a) or (b))", "JSON value", "((", "))", "( or ) convertible to it",
	} {
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, typ string, depth int) {
		depth %= 8
		got, ok := Member(typ, depth)
		if !ok && got != "" {
			t.Fatalf("Member(%q, %d) = %q, false", typ, depth, got)
		}
		if ok && len(got) > len(typ) && depth > 0 {
			t.Fatalf("Member(%q, %d) = %q: longer than the type", typ, depth, got)
		}
		// A level down is one level, then the rest.
		if depth > 0 {
			one, ok1 := Member(typ, 1)
			rest, okRest := Member(one, depth-1)
			if ok != (ok1 && okRest) || ok && rest != got {
				t.Fatalf("Member(%q, %d) = %q, %v; one level down %q, %v, then %d more %q, %v", typ, depth, got, ok, one, ok1, depth-1, rest, okRest)
			}
		}
	})
}
