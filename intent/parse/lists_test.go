package parse_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// listAnswered are the real names that, said bare in a list, are read as
// the reader means them by design rather than as the package: words it
// skips ("please", "asap": the request without them), "ephemeral" (a
// nix-shell, not an install), "instead" after "and" (instead of what?),
// and "clean" and "unused" after "remove" (the gc). Quoted, each is the
// package (TestEveryNixpkgsNameInstalls). Kernels to install are answered
// apart (TestKernelInList).
var listAnswered = map[string]bool{"please": true, "pls": true, "asap": true, "completely": true,
	"ephemeral": true, "instead": true, "clean": true, "unused": true}

// TestNixpkgsNamesInLists: real nixpkgs names said in package lists
// ("install git and X", "remove git and X", ...) are read as exactly
// those packages. It says every name that is or holds a word of the
// reader's tables, where a rule may take the name for glue, and every
// fourth of the others.
func TestNixpkgsNamesInLists(t *testing.T) {
	words := parse.ReadingWords()
	for _, set := range parse.GlueWords() {
		for w := range set {
			words[w] = true
		}
	}
	for _, w := range parse.FeatureWords() {
		words[w] = true
	}
	for _, table := range []map[string]string{parse.Services(), parse.Switches()} {
		for said := range table {
			for _, w := range strings.Fields(said) {
				words[w] = true
			}
		}
	}
	holdsWord := func(name string) bool {
		for _, part := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
		}) {
			if words[part] {
				return true
			}
		}
		return words[strings.ToLower(name)]
	}
	phrasings := []struct {
		say  func(x string) string
		kind intent.Kind
		with []string
	}{
		{func(x string) string { return "install git and " + x }, intent.Install, []string{"git"}},
		{func(x string) string { return "install " + x + " and git" }, intent.Install, []string{"git"}},
		{func(x string) string { return "install git, " + x + " and vim" }, intent.Install, []string{"git", "vim"}},
		{func(x string) string { return "remove " + x }, intent.Remove, nil},
		{func(x string) string { return "remove git and " + x }, intent.Remove, []string{"git"}},
	}
	capitalised := parse.CapitalisedAttrs()
	var said, worded, answered int
	for i, name := range readAttrs(t) {
		hasWord := holdsWord(name)
		if !hasWord && i%4 != 0 {
			continue
		}
		said++
		if hasWord {
			worded++
		}
		bare := name
		if isCapitalised(name) && !slices.Contains(capitalised, name) {
			bare = strings.ToLower(name)
		}
		want := fragment.Path(strings.Split(bare, ".")).String()
		for _, p := range phrasings {
			text := p.say(name)
			wantIn := intent.Intent{Kind: p.kind, Packages: slices.Compact(slices.Sorted(slices.Values(append([]string{want}, p.with...))))}
			in, err := parse.Parse(text)
			if err == nil && reflect.DeepEqual(in, wantIn) {
				continue
			}
			var nu *intent.NotUnderstood
			switch {
			case p.kind == intent.Install && strings.HasPrefix(name, "linux") && errors.As(err, &nu) && strings.Contains(nu.Hint, "boot.kernelPackages"):
				// A kernel: boot.kernelPackages is the one that runs; the
				// others said are offered. Removed, it is a name.
				if len(nu.Suggestions) != 1 || nu.Suggestions[0].Example != "install "+strings.Join(p.with, " ") {
					t.Errorf("Parse(%q): suggestions %v; want install %v", text, nu.Suggestions, p.with)
				}
				answered++
			case listAnswered[name]:
				// By design; never another package in its place.
				if err == nil && in.Kind == p.kind && !reflect.DeepEqual(in.Packages, slices.Sorted(slices.Values(p.with))) {
					t.Errorf("Parse(%q) = %+v; want %v, or the request without %s", text, in, wantIn.Packages, name)
				}
				answered++
			default:
				t.Errorf("Parse(%q) = %+v, %v; want %s %v", text, in, err, p.kind, wantIn.Packages)
			}
		}
	}
	t.Logf("%d names said in %d lists each (%d holding a word of the reader's tables); %d answers by design", said, len(phrasings), worded, answered)
	if said < 20000 {
		t.Errorf("only %d names said", said)
	}
}

// TestServicePrefix: the one-word lookup gives what Services' map gives,
// for every service word and for words that are none.
func TestServicePrefix(t *testing.T) {
	services := parse.Services()
	for word, want := range services {
		if got, ok := parse.ServicePrefix(word); !ok || got != want {
			t.Errorf("ServicePrefix(%q) = %q, %v; Services() has %q", word, got, ok, want)
		}
	}
	for _, word := range []string{"", "htop", "ripgrep", "SSH", "ssh ", "services.openssh"} {
		if _, inMap := services[word]; inMap {
			t.Fatalf("%q is a service word: pick another", word)
		}
		if got, ok := parse.ServicePrefix(word); ok {
			t.Errorf("ServicePrefix(%q) = %q, true; want no service", word, got)
		}
	}
}
