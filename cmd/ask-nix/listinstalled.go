package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent/parse"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/generation/pkgdiff"
)

// listResult is the --json result of "list installed".
type listResult struct {
	Fragment string   `json:"fragment"`
	Exists   bool     `json:"exists"`
	Packages []string `json:"packages"`
	// System is every package of the running system (what its sw refers
	// to), when there is one: the fragment's and the rest of the
	// configuration's.
	System *systemPackages `json:"system,omitempty"`
}

type systemPackages struct {
	StorePath string            `json:"storePath"`
	Packages  []pkgdiff.Package `json:"packages"`
}

// installedAnswer is the --json answer to "is firefox installed".
type installedAnswer struct {
	Name string `json:"name"`
	// InFragment: the managed fragment installs it.
	InFragment bool `json:"inFragment"`
	// Module is the option the fragment turns on that installs it
	// ("programs.steam.enable" for steam), if any.
	Module string `json:"module,omitempty"`
	// FragmentUnread: the fragment is outside ask-nix's shape, so whether
	// it installs the package is unknown.
	FragmentUnread bool `json:"fragmentUnread,omitempty"`
	// Running lists the running system's packages of that name (none when
	// it has none, or when there is no running system to look at).
	Running []pkgdiff.Package `json:"running"`
	// RunningKnown is false when the running system could not be read.
	RunningKnown bool `json:"runningKnown"`
	// NoSuchPackage: the package index has no package of that name, and
	// neither the fragment nor the running system has it; DidYouMean are
	// the close names the index offers, as "install" refuses it with.
	NoSuchPackage bool     `json:"noSuchPackage,omitempty"`
	DidYouMean    []string `json:"didYouMean,omitempty"`
}

// installedNow is what both list-installed answers read: the fragment's
// packages, and the running system's (System is nil when there is no
// running system, or its packages cannot be read: a note says which).
type installedNow struct {
	Fragment string
	Exists   bool
	Packages []string
	System   *systemPackages
	// Current is the running system's path as configured (/run/current-system).
	Current string
	// File is the fragment as read.
	File *fragment.File
	// Unread: the fragment is outside ask-nix's shape, so File is empty
	// and what it installs unknown.
	Unread bool
}

// readForQuestion reads the fragment for a question, which writes
// nothing: a fragment outside ask-nix's shape is no reason to leave it
// unanswered. It is then empty, with unread true and a note saying why.
func (g *globals) readForQuestion(st *txn.Store) (f *fragment.File, exists, unread bool, err error) {
	f, _, exists, err = st.Read()
	var rej *guard.Rejection
	if errors.As(err, &rej) && rej.Code == txn.CodeOutsideGrammar {
		first, _, _ := strings.Cut(rej.Reason, "\n")
		fmt.Fprintf(g.stderr, "note: %s is outside the shape ask-nix manages (%s): answering from the configuration as Nix sees it, without what that file sets\n", st.Fragment, first)
		return fragment.New(), true, true, nil
	}
	return f, exists, false, err
}

func readInstalled(ctx context.Context, g *globals) (installedNow, error) {
	st, err := g.store()
	if err != nil {
		return installedNow{}, err
	}
	f, exists, unread, err := g.readForQuestion(st)
	if err != nil {
		return installedNow{}, err
	}
	s, err := g.Settings()
	if err != nil {
		return installedNow{}, err
	}
	in := installedNow{Fragment: st.Fragment, Exists: exists, Packages: []string{}, Current: s.CurrentSystem(), File: f, Unread: unread}
	for _, p := range f.Packages() {
		in.Packages = append(in.Packages, p.String())
	}
	if running, err := filepath.EvalSymlinks(in.Current); err == nil {
		pkgs, err := pkgdiff.ReadPackages(ctx, g.runner, running)
		if err != nil {
			fmt.Fprintf(g.stderr, "note: the running system's packages cannot be listed: %v\n", err)
		} else {
			slices.SortFunc(pkgs, func(a, b pkgdiff.Package) int { return strings.Compare(a.Name, b.Name) })
			in.System = &systemPackages{StorePath: running, Packages: pkgs}
		}
	}
	return in, nil
}

// runInstalledQuestion answers "is firefox installed", "do I have git":
// whether the fragment installs each name, and which versions of it the
// running system has (its packages are matched by name, and by the
// package's pname when the index knows the attribute).
func runInstalledQuestion(ctx context.Context, g *globals, names []string) error {
	in, err := readInstalled(ctx, g)
	if err != nil {
		return err
	}
	cat := &lazyCatalog{ctx: ctx, g: g}
	defer cat.close()
	var answers []installedAnswer
	for _, name := range names {
		// Names as typed or in another case ("is VLC installed").
		a := installedAnswer{Name: name, InFragment: slices.ContainsFunc(in.Packages, func(p string) bool { return strings.EqualFold(p, name) }), RunningKnown: in.System != nil, Running: []pkgdiff.Package{}}
		if !a.InFragment {
			a.Module = moduleInstalling(in.File, name)
		}
		a.FragmentUnread = in.Unread
		low := strings.ToLower(name)
		match := map[string]bool{low: true, low[strings.LastIndexByte(low, '.')+1:]: true}
		for _, n := range []string{name, low} {
			if p, ok := cat.index().Lookup(n); ok && p.Pname != "" {
				match[strings.ToLower(p.Pname)] = true
				break
			}
		}
		if in.System != nil {
			for _, p := range in.System.Packages {
				if match[strings.ToLower(p.Name)] {
					a.Running = append(a.Running, p)
				}
			}
		}
		if !a.InFragment && a.Module == "" && !a.FragmentUnread && len(a.Running) == 0 {
			a.NoSuchPackage, a.DidYouMean = noSuchPackage(cat.index(), name)
		}
		answers = append(answers, a)
	}
	if g.json {
		return g.printJSON(answers)
	}
	note := ""
	for _, a := range answers {
		if note == "" && a.RunningKnown && len(a.Running) == 0 && (a.InFragment || a.Module != "") {
			r, err := g.reconciler()
			if err == nil {
				note = catchUp(r)
			} else {
				note = catchUpFor(nil, err, reconciler.UndoOffer{})
			}
		}
		fmt.Fprintln(g.stdout, installedSentence(a, in.Fragment, note))
	}
	return nil
}

// noSuchPackage reports whether the package index, when there is one,
// lacks name (as typed and in lower case, as "install" reads it), with
// the close names it offers "install" for it.
func noSuchPackage(ix *catalog.Index, name string) (bool, []string) {
	if !ix.HasPackages() {
		return false, nil
	}
	found, sugg := ix.Package(name)
	if !found && strings.ToLower(name) != name {
		found, _ = ix.Package(strings.ToLower(name))
	}
	if found {
		return false, nil
	}
	return true, sugg
}

// moduleInstalling is the option of f that installs name as a NixOS
// module does ("install steam" turns on programs.steam.enable), "".
func moduleInstalling(f *fragment.File, name string) string {
	if f == nil || strings.ContainsAny(name, ".\"") {
		return ""
	}
	for _, ns := range moduleNamespaces {
		opt := ns + "." + name + ".enable"
		if p, err := fragment.ParsePath(opt); err == nil && boolAt(f.Bindings, p) {
			return opt
		}
	}
	return ""
}

// installedSentence says where name is installed, in one line.
func installedSentence(a installedAnswer, fragment, catchUp string) string {
	var have []string
	for _, p := range a.Running {
		have = append(have, strings.TrimSpace(p.Name+" "+p.Version))
	}
	running := "the running system has " + strings.Join(have, ", ")
	switch {
	case a.FragmentUnread && len(have) > 0:
		return fmt.Sprintf("%s: %s; what %s installs could not be read.", a.Name, running, fragment)
	case a.FragmentUnread && a.RunningKnown:
		return fmt.Sprintf("%s: the running system does not have it; what %s installs could not be read.", a.Name, fragment)
	case a.FragmentUnread:
		return fmt.Sprintf("%s: neither what %s installs nor the running system's packages could be read.", a.Name, fragment)
	case a.Module != "" && len(have) > 0:
		return fmt.Sprintf("%s: installed through %s in %s; %s.", a.Name, a.Module, fragment, running)
	case a.Module != "" && a.RunningKnown:
		return fmt.Sprintf("%s: %s is on in %s, which installs it; the running system has no %s package yet: %s", a.Name, a.Module, fragment, a.Name, catchUp)
	case a.Module != "":
		return fmt.Sprintf("%s: installed through %s in %s.", a.Name, a.Module, fragment)
	case a.InFragment && len(have) > 0:
		return fmt.Sprintf("%s: installed by %s; %s.", a.Name, fragment, running)
	case a.InFragment && a.RunningKnown:
		return fmt.Sprintf("%s: in %s, but not in the running system yet: %s", a.Name, fragment, catchUp)
	case a.InFragment:
		return fmt.Sprintf("%s: installed by %s (the running system's packages could not be read to say whether it is built yet).", a.Name, fragment)
	case len(have) > 0:
		return fmt.Sprintf("%s: not in %s, but %s, from the rest of your configuration or NixOS itself.", a.Name, fragment, running)
	case a.NoSuchPackage:
		// Not "ask-nix install X adds it": that would be refused.
		var b strings.Builder
		fmt.Fprintf(&b, "%s: no package of that name", a.Name)
		if len(a.DidYouMean) > 0 {
			fmt.Fprintf(&b, " (did you mean %s?)", guard.OrList(a.DidYouMean))
		} else {
			fmt.Fprintf(&b, " (`ask-nix search %s` looks for one)", a.Name)
		}
		if o, ok := parse.ServiceOption(strings.ToLower(a.Name)); ok && strings.HasSuffix(o, ".enable") {
			// "is ssh installed": the service, which has no package by
			// the word.
			fmt.Fprintf(&b, "; \"is %s enabled\" asks about the NixOS service (%s)", a.Name, o)
		}
		return b.String() + "."
	case a.RunningKnown:
		return fmt.Sprintf("%s: not installed: neither %s nor the running system has it (`ask-nix install %s` adds it).", a.Name, fragment, a.Name)
	}
	return fmt.Sprintf("%s: not in %s; the running system's packages could not be read to say more.", a.Name, fragment)
}

// runListInstalled lists the packages the managed fragment installs, and
// then all the running system has, read from the store.
func runListInstalled(ctx context.Context, g *globals) error {
	in, err := readInstalled(ctx, g)
	if err != nil {
		return err
	}
	res := listResult{Fragment: in.Fragment, Exists: in.Exists, Packages: in.Packages, System: in.System}
	if g.json {
		return g.printJSON(res)
	}
	printInstalled(g.stdout, in)
	return nil
}

// printInstalled is the text answer to "list installed".
func printInstalled(w io.Writer, in installedNow) {
	switch {
	case in.Unread:
		fmt.Fprintf(w, "The packages of %s could not be read: it is outside the shape ask-nix manages.\n", in.Fragment)
	case !in.Exists:
		fmt.Fprintf(w, "No packages yet: %s does not exist.\n", in.Fragment)
	case len(in.Packages) == 0:
		fmt.Fprintf(w, "No packages in %s.\n", in.Fragment)
	default:
		fmt.Fprintf(w, "%s in %s:\n", count(len(in.Packages), "package"), in.Fragment)
		for _, p := range in.Packages {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	if in.System != nil {
		fmt.Fprintf(w, "The running system (%s) has %s in all, from the fragment, the rest of your configuration and NixOS:\n%s",
			in.Current, count(len(in.System.Packages), "package"), wrapPackages(in.System.Packages, 76))
	}
}

// wrapPackages lays "name version" out in lines of at most width
// columns, indented by two.
func wrapPackages(ps []pkgdiff.Package, width int) string {
	var b strings.Builder
	line := 0
	for i, p := range ps {
		w := strings.TrimSpace(p.Name + " " + p.Version)
		if i < len(ps)-1 {
			w += ","
		}
		if line > 0 && line+1+len(w) > width {
			b.WriteByte('\n')
			line = 0
		}
		if line == 0 {
			b.WriteString("  ")
			line = 2
		} else {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += len(w)
	}
	if line > 0 {
		b.WriteByte('\n')
	}
	return b.String()
}
