package parse_test

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/catalogtest"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/source"
)

// testStrings are the string literals of this package's tests: every
// request of every phrasing table (forum, products, goals, chat, ...),
// with the answers' words besides.
func testStrings(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	seen := map[string]bool{}
	var out []string
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || seen[s] || len(s) < 3 || len(s) > 200 {
				return true
			}
			seen[s] = true
			out = append(out, s)
			return true
		})
	}
	slices.Sort(out)
	return out
}

// optionIndex is an index of the real NixOS options alone, as `ask-nix
// index update --options-only` builds it, for what the command line
// resolves with it.
func optionIndex(t *testing.T) *catalog.Index {
	t.Helper()
	opts, _, err := source.ParseOptions(catalogtest.OptionsJSON(t))
	if err != nil {
		t.Fatal(err)
	}
	data, err := catalog.Build(nil, opts, catalog.Meta{Options: catalog.Origin{Source: "test", Format: "options.json"}})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := catalog.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// understoodAsSaid is the reason text is not understood as a request,
// said as it stands, or nil: it is read as one, or as requests said
// together ("close port 80 and open port 8080"), or as an answer the
// command line resolves with what it knows (versioned names, words the
// package index joins, a switch the option index finds). A switch
// neither the option index nor the module list finds is no answer
// either, but a suggestion of one the command line drops (see
// cmd/ask-nix's foundSuggestions): dropped is true.
func understoodAsSaid(ix *catalog.Index, text string) (err error, dropped bool) {
	_, err = parse.Parse(text)
	var us *parse.UnknownService
	switch {
	case err == nil:
		return nil, false
	case errors.As(err, &us):
		if us.Kind == intent.ShowOption {
			return err, false
		}
		if _, ok := catalog.KnownModule(strings.ToLower(us.Said)); ok {
			return nil, false
		}
		if opt, _ := ix.EnableOption(us.Said); opt != "" {
			return nil, false
		}
		return err, true
	case parse.ResolvesToEdit(err):
		return nil, false
	}
	if parts, ok := parse.SplitRequests(text); ok {
		for _, p := range parts {
			if e, _ := understoodAsSaid(ix, p); e != nil {
				return e, false
			}
		}
		return nil, false
	}
	return err, false
}

// TestSuggestionsUnderstood: a request not understood suggests only
// requests that are: each example it gives, said as it stands, is read
// as a request (see understoodAsSaid), never answered "not understood"
// in turn. Every request of the phrasing tables is tried ("enable 2fa
// for ssh" suggested "enable 2fa", which no index finds).
func TestSuggestionsUnderstood(t *testing.T) {
	ix := optionIndex(t)
	understood := map[string]error{}
	asked, suggested := 0, 0
	for _, text := range testStrings(t) {
		if guard.CheckRequest(text) != nil {
			continue
		}
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			continue
		}
		if e, _ := understoodAsSaid(ix, text); e == nil {
			continue // as requests said together, say
		}
		asked++
		for _, s := range nu.Suggestions {
			if s.Example == text {
				continue
			}
			e, ok := understood[s.Example]
			if !ok {
				var dropped bool
				e, dropped = understoodAsSaid(ix, s.Example)
				if dropped && (s.Kind == intent.EnableService || s.Kind == intent.DisableService) {
					e = nil
				}
				understood[s.Example] = e
				suggested++
			}
			if e != nil {
				t.Errorf("%q suggests %q, which is not understood: %v", text, s.Example, e)
			}
		}
	}
	t.Logf("%d requests not understood, %d requests suggested", asked, suggested)
}
