package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog"
)

type searchOptions struct {
	limit int
}

// defaultSearchLimit keeps a search to one screen.
const defaultSearchLimit = 20

func newSearchCommand(g *globals) *cobra.Command {
	o := searchOptions{limit: defaultSearchLimit}
	cmd := &cobra.Command{
		Use:   "search <words>...",
		Short: "Find packages by name, program or description, offline",
		Long: `Searches the package index (see "ask-nix index"), best match first: the
exact attribute, the package name, the program it installs ("rg" finds
ripgrep), the name with a version (newest first: "python" lists python313
before python39), names that start with or contain the words,
descriptions, and last names a typo away. Every word must match
somewhere. Versions may be written with dots ("python 3.12", "go1.22").`,
		Example: `  ask-nix search firefox
  ask-nix search rg
  ask-nix search --json --limit 5 text editor`,
		Args: cobra.ArbitraryArgs,
		// It writes only to index the options again (openCatalog), which
		// installs the Ctrl-C handler first.
		Annotations: map[string]string{readOnlyAnnotation: "yes", onePAnnotation: "yes"},
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.limit < 0 {
				return usageError{fmt.Errorf("--limit must be 0 (no limit) or more, not %d", o.limit)}
			}
			if strings.TrimSpace(strings.Join(args, "")) == "" {
				return usageError{errors.New(`search for what? Give a name, a program or a few words, e.g. ask-nix search firefox`)}
			}
			return runSearch(cmd.Context(), g, strings.Join(args, " "), o)
		},
	}
	cmd.Flags().Var(intValue{&o.limit, "a count"}, "limit", "show at most this many results (0: all)")
	return cmd
}

// runSearchIntent carries out the intent when it arrives as free text.
func runSearchIntent(ctx context.Context, g *globals, in intent.Intent) error {
	return runSearch(ctx, g, in.Query, searchOptions{limit: defaultSearchLimit})
}

// searchHit is one result of `ask-nix search --json` (DESIGN.md), plus
// "unfree": true for a package nixpkgs marks unfree and "unavailable":
// true for one the listing marks broken or not for its platform (the
// keys are left out otherwise, so DESIGN.md's four keys stay what a
// free, buildable package has).
type searchHit struct {
	Attr        string `json:"attr"`
	Pname       string `json:"pname"`
	Version     string `json:"version"`
	Description string `json:"description"`
	Unfree      bool   `json:"unfree,omitempty"`
	Unavailable bool   `json:"unavailable,omitempty"`
}

func runSearch(ctx context.Context, g *globals, query string, o searchOptions) error {
	if strings.TrimSpace(query) == "" {
		return errors.New("search for what? Give a name, a program or a few words")
	}
	ix, notes, err := openCatalog(ctx, g)
	if err != nil {
		return err
	}
	if ix == nil {
		for _, n := range notes {
			fmt.Fprintf(g.stderr, "ask-nix: %s\n", n)
		}
		return errors.New("no package index yet: build one with `ask-nix index update` (or `ask-nix index update --from packages.json`)")
	}
	defer ix.Close()
	for _, n := range notes {
		fmt.Fprintf(g.stderr, "ask-nix: %s\n", n)
	}
	if !ix.HasPackages() {
		return errors.New("the index holds no packages (only NixOS options): run `ask-nix index update`")
	}
	results, total := ix.Search(query, o.limit)
	// A NixOS option's name searched as a package ("search
	// services.openssh.enable") finds at best packages named like its
	// words: say what it is, and where to look.
	optionNote := ""
	if q := strings.TrimSpace(query); !strings.ContainsAny(q, " \t") && strings.Contains(q, ".") && ix.HasOptions() {
		if _, exact := ix.Lookup(q); !exact {
			if opt, ok := ix.LookupOption(q); ok {
				typ := ""
				if opt.Type != "" {
					typ = " (" + opt.Type + ")"
				}
				optionNote = fmt.Sprintf("%s is a NixOS option%s, not a package: ask-nix \"show option %s\" shows what it is and what your configuration sets", q, typ, q)
			} else if ix.HasOptionsUnder(q) {
				optionNote = fmt.Sprintf("%s holds NixOS options, not packages: ask-nix \"show option %s.NAME\" shows one (search.nixos.org/options lists them)", q, q)
			}
		}
	}
	if n := serviceNote(query); n != "" {
		optionNote = n
	}
	moduleNote := moduleSearchNote(ix, query, results, func(q, opt string) bool {
		// Said only when "install q" does turn opt on ("install sshd"
		// is not understood: sshd is read as the ssh server's word).
		quiet := *g
		quiet.stderr = io.Discard
		in, err := understand(ctx, &quiet, "install "+q)
		return err == nil && in.Kind == intent.EnableService && in.Option == opt && len(in.And) == 0
	})
	if g.json {
		for _, n := range []string{optionNote, moduleNote} {
			if n != "" {
				fmt.Fprintf(g.stderr, "ask-nix: %s\n", n)
			}
		}
		out := make([]searchHit, len(results))
		for i, r := range results {
			out[i] = searchHit{Attr: r.Attr, Pname: r.Pname, Version: r.Version, Description: r.Description, Unfree: r.Unfree, Unavailable: r.Unavailable}
		}
		return g.printJSON(out)
	}
	var b strings.Builder
	if optionNote != "" {
		b.WriteString(optionNote + ".\n")
	}
	if len(results) == 0 {
		fmt.Fprintf(&b, "No package matches %q.\n", query)
		// Every word must match: say which of them finds something
		// alone, so the next search can leave the others out.
		if words := catalog.QueryWords(query); len(words) > 1 {
			var each []string
			for _, w := range words {
				if _, n := ix.Search(w, 1); n > 0 {
					each = append(each, fmt.Sprintf("%q finds %s", w, count(n, "package")))
				} else {
					each = append(each, fmt.Sprintf("%q none", w))
				}
			}
			fmt.Fprintf(&b, "No package has all %d words; alone, %s.\n", len(words), strings.Join(each, ", "))
		}
		if moduleNote != "" {
			b.WriteString(moduleNote + ".\n")
		}
		_, err = fmt.Fprint(g.stdout, b.String())
		return err
	}
	words := strings.Fields(strings.ToLower(query))
	unfree := false
	for _, r := range results {
		fmt.Fprintf(&b, "* %s", r.Attr)
		if r.Version != "" {
			fmt.Fprintf(&b, " (%s)", r.Version)
		}
		if r.Unfree {
			b.WriteString(" (unfree)")
			unfree = true
		}
		if r.Unavailable {
			b.WriteString(" (broken or not for this platform)")
		}
		// Say why a program name found it: "rg" is not in "ripgrep".
		if prog := strings.ToLower(r.MainProgram); prog != "" && slices.Contains(words, prog) && !strings.Contains(strings.ToLower(r.Attr), prog) {
			fmt.Fprintf(&b, ", provides %s", r.MainProgram)
		}
		b.WriteByte('\n')
		if r.Description != "" {
			fmt.Fprintf(&b, "  %s\n", r.Description)
		}
	}
	if total > len(results) {
		fmt.Fprintf(&b, "%d more; see them with --limit 0, or add a word.\n", total-len(results))
	}
	if unfree {
		b.WriteString(unfreeLegend + "\n")
	}
	if moduleNote != "" {
		b.WriteString(moduleNote + ".\n")
	}
	_, err = fmt.Fprint(g.stdout, b.String())
	return err
}

// moduleSearchNote says, for a search that finds by its exact name a
// package NixOS sets up through a module (steam: programs.steam.enable,
// docker: virtualisation.docker.enable), that installing the package
// alone would not do: the user searching before "install steam" learns
// what that request will write. "" for any other search.
//
// A name the package index lacks whose module the option index has
// (steam in an index of free packages only, or the playground's) is said
// too: "install steam" turns the module on all the same, and a search
// that only answered "No package matches" would send the user away.
func moduleSearchNote(ix *catalog.Index, query string, results []catalog.Result, installs func(q, opt string) bool) string {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" || strings.ContainsAny(q, " \t") {
		return ""
	}
	if len(results) == 0 || !strings.EqualFold(results[0].Attr, q) {
		if _, exact := ix.Lookup(q); exact {
			return ""
		}
		opt, ok := ix.ModuleOption(q)
		if !ok || !installs(q, opt) {
			return ""
		}
		return fmt.Sprintf("%s is no package in the index, but NixOS sets it up through its module (%s): ask-nix \"install %s\" turns that on", q, opt, q)
	}
	opt, ok := ix.ModuleOption(results[0].Attr)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%s is set up through its NixOS module (%s), which the package alone does not do: ask-nix \"install %s\" turns that on", results[0].Attr, opt, results[0].Attr)
}

// serviceNote says, for a search that names a NixOS service and what it
// is (catalog.ServiceRole: "ssh server": services.openssh), that NixOS turns it on by an
// option, which no package installs: the packages found may be clients,
// libraries or other servers. "" for any other search.
func serviceNote(query string) string {
	var name []string
	role := ""
	for _, w := range strings.Fields(strings.ToLower(query)) {
		if catalog.ServiceRole(w) {
			role = w
			continue
		}
		name = append(name, w)
	}
	if role == "" || len(name) == 0 {
		return ""
	}
	said := strings.Join(name, " ")
	o, ok := parse.ServiceOption(said)
	if !ok {
		return ""
	}
	return fmt.Sprintf("the %s %s is a NixOS service (%s), which installing a package does not turn on: ask-nix \"enable %s\" does", said, role, o, said)
}
