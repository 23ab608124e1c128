package parse

import (
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard/flakeinput"
	"github.com/nix-humanity/nix-humanity/intent"
)

// FuzzUpdateInputsRoundTrip: names by flakeinput's rule, said in each
// of the ways ruleUpdateInput reads (in words, with the word input
// before or after them, and as Nix's two commands), come back as those
// names, each once, in order, as typed (nixpkgs aside, in any case), and
// as words of the request. A name that is one of the words the rule
// reads past or takes for the whole system is left out: those say
// something else.
func FuzzUpdateInputsRoundTrip(f *testing.F) {
	for _, s := range [][2]string{{"nixpkgs", ""}, {"home-manager", "nixpkgs"}, {"NUR", "nixos-hardware"},
		{"a", "a"}, {"nixpkgs-24_11", "_x"}, {"NIXPKGS", "Nixpkgs"}, {"2nd", "sops-nix"}} {
		f.Add(s[0], s[1], uint8(0))
	}
	loadTables() // the word tables read below
	f.Fuzz(func(t *testing.T, a, b string, form uint8) {
		names := []string{a}
		if b != "" {
			names = append(names, b)
		}
		for _, n := range names {
			w := strings.ToLower(n)
			if !flakeinput.Valid(n) || inputFillers[w] || inputWords[w] || inputVerbs[w] || systemWide[w] || updateSources[w] && w != "nixpkgs" {
				return
			}
		}
		var want []string
		for _, n := range names {
			if strings.EqualFold(n, "nixpkgs") {
				n = "nixpkgs"
			}
			if !slices.Contains(want, n) {
				want = append(want, n)
			}
		}
		var text string
		switch form % 4 {
		case 0:
			text = "update the " + strings.Join(names, " and ") + " input"
			if len(names) > 1 {
				text += "s"
			}
		case 1:
			text = "update input " + strings.Join(names, " ")
		case 2:
			text = "nix flake update " + strings.Join(names, " ")
			want = dedupe(names)
		case 3:
			text = "nix flake lock --update-input " + strings.Join(names, " --update-input ")
			want = dedupe(names)
		}
		ts := tokenize(text)
		in, ok, err := ruleUpdateInput(text, ts)
		if err != nil || !ok || in.Kind != intent.Update || !slices.Equal(in.Inputs, want) {
			t.Fatalf("ruleUpdateInput(%q) = %+v, %v, %v; want inputs %q", text, in, ok, err, want)
		}
		for _, n := range in.Inputs {
			if !slices.ContainsFunc(ts, func(t token) bool { return t.raw == n || t.w == n }) {
				t.Fatalf("ruleUpdateInput(%q): %q is no word of the request", text, n)
			}
		}
		// The whole parser agrees: no earlier rule reads these words
		// otherwise.
		got, err := Parse(text)
		if err != nil || got.Kind != intent.Update || !slices.Equal(got.Inputs, want) {
			t.Fatalf("Parse(%q) = %+v, want inputs %q", text, got, want)
		}
	})
}

func dedupe(names []string) []string {
	var out []string
	for _, n := range names {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}
