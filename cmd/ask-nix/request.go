package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// runRequest carries out a free-text request: check the words, parse
// them, check the intent, then edit the fragment or hand the intent to the
// command that carries it out.
func runRequest(ctx context.Context, g *globals, text string) error {
	in, err := understand(ctx, g, text)
	if err != nil {
		return err
	}
	if in.Kind.Writes() {
		st, err := g.store()
		if err != nil {
			return err
		}
		return g.edit(ctx, &in,
			func() (*txn.Result, error) { return st.Preview(in) },
			func() (*txn.Result, error) { return st.Apply(ctx, text, in) })
	}
	switch in.Kind {
	case intent.Undo:
		return runUndo(ctx, g, text)
	case intent.ListInstalled:
		return runListInstalled(g)
	case intent.Help:
		return runHelpIntent(g)
	}
	if run, ok := readOnlyRunners[in.Kind]; ok {
		return run(ctx, g, in)
	}
	return fmt.Errorf("ask-nix understood %q as %s, but cannot carry that out yet", text, in.Kind)
}

// understand is everything between words and an intent: the request
// check, the parser, the intent check against the package and option
// index. explain stops here.
func understand(ctx context.Context, g *globals, text string) (intent.Intent, error) {
	if err := guard.CheckRequest(text); err != nil {
		return intent.Intent{}, err
	}
	in, err := parse.Parse(text)
	if err != nil {
		return intent.Intent{}, err
	}
	cat, done, notes := g.catalog(ctx, in)
	defer done()
	for _, n := range notes {
		fmt.Fprintf(g.stderr, "note: %s\n", n)
	}
	if err := guard.CheckIntent(in, cat); err != nil {
		return intent.Intent{}, err
	}
	return in, nil
}

// catalog opens the package and option index (index.go) for the guard's
// checks, when the intent names packages to install or an option. With
// no index, names are checked for their form only, and the notes say so.
// done closes the index.
func (g *globals) catalog(ctx context.Context, in intent.Intent) (cat guard.Catalog, done func(), notes []string) {
	done = func() {}
	needPackages := in.Kind == intent.Install
	needOptions := in.Kind == intent.EnableService || in.Kind == intent.DisableService || in.Kind == intent.SetOption
	if !needPackages && !needOptions {
		return nil, done, nil
	}
	ix, notes, err := openCatalog(ctx, g)
	if err != nil {
		return nil, done, append(notes, fmt.Sprintf("names were checked for their form only: the index could not be opened: %v", err))
	}
	if ix != nil {
		cat, done = ix, func() { ix.Close() }
	}
	switch {
	case needPackages && !ix.HasPackages():
		notes = append(notes, "package names were checked for their form only: there is no package index yet (`ask-nix index update` builds one)")
	case needOptions && !ix.HasOptions():
		notes = append(notes, "the option was checked for its form only: there is no NixOS option index yet (`ask-nix index update` builds one)")
	}
	return cat, done, notes
}

// listResult is the --json result of "list installed".
type listResult struct {
	Fragment string   `json:"fragment"`
	Exists   bool     `json:"exists"`
	Packages []string `json:"packages"`
}

// runListInstalled lists the packages the managed fragment installs.
func runListInstalled(g *globals) error {
	st, err := g.store()
	if err != nil {
		return err
	}
	f, _, exists, err := st.Read()
	if err != nil {
		return err
	}
	res := listResult{Fragment: st.Fragment, Exists: exists, Packages: []string{}}
	for _, p := range f.Packages() {
		res.Packages = append(res.Packages, p.String())
	}
	if g.json {
		return g.printJSON(res)
	}
	switch {
	case !exists:
		fmt.Fprintf(g.stdout, "No packages yet: %s does not exist.\n", st.Fragment)
	case len(res.Packages) == 0:
		fmt.Fprintf(g.stdout, "No packages in %s.\n", st.Fragment)
	default:
		fmt.Fprintf(g.stdout, "%d packages in %s:\n", len(res.Packages), st.Fragment)
		for _, p := range res.Packages {
			fmt.Fprintf(g.stdout, "  %s\n", p)
		}
	}
	return nil
}

// helpExamples is what "help" (or "what can you do") answers.
var helpExamples = []string{
	"install firefox and htop",
	"remove htop",
	"enable ssh",
	"disable bluetooth",
	"open port 443",
	"set timezone to Europe/Berlin",
	"list installed",
	"search editor",
	"undo the last change",
	"roll back",
	"what generations do I have",
	"clean up old generations",
	"update my system",
	"show system info",
	"status",
}

type helpResult struct {
	Intents  []intent.Kind `json:"intents"`
	Examples []string      `json:"examples"`
}

func runHelpIntent(g *globals) error {
	if g.json {
		return g.printJSON(helpResult{Intents: intent.Kinds, Examples: helpExamples})
	}
	fmt.Fprintln(g.stdout, "Say what you want in plain words, for example:")
	for _, e := range helpExamples {
		fmt.Fprintf(g.stdout, "  ask-nix %q\n", e)
	}
	fmt.Fprintln(g.stdout, "`ask-nix --help` lists the commands and flags.")
	return nil
}

// requestText joins command-line words into one request.
func requestText(args []string) string { return strings.Join(args, " ") }
