package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// lazyCatalog opens the package and option index (index.go) the first
// time a step needs it, once per request: most requests (explain of a
// generation, status) never touch it.
type lazyCatalog struct {
	ctx    context.Context
	g      *globals
	opened bool
	ix     *catalog.Index
	err    error
	notes  []string
	noted  map[string]bool // notes already printed
	// frag is the fragment, read once per request by whatever asks
	// first (fragRead: it was tried; fragErr why it could not be), so
	// every reading of the request sees the same bytes. meaningFrom is
	// set once a reading took the request's meaning from it: the edit is
	// then made against those bytes only (txn.Store.Seen).
	frag        *txn.Snapshot
	fragErr     error
	fragRead    bool
	meaningFrom bool
	// alsoEnabled are the options another part of the same request
	// turns on ("install nginx and enable it"): a note that says to
	// enable them is not said.
	alsoEnabled map[string]bool
}

// fragment is the fragment as this request reads it (read on the first
// call only); nil with the error when it cannot be read.
func (c *lazyCatalog) fragment() (*txn.Snapshot, error) {
	if !c.fragRead {
		c.fragRead = true
		st, err := c.g.store()
		if err == nil {
			c.frag, err = st.Snapshot()
		}
		c.fragErr = err
	}
	return c.frag, c.fragErr
}

// meaning is fragment for a reading that takes the request's meaning
// from what the fragment holds ("remove rg" is ripgrep when the fragment
// installs ripgrep); the edit must then be made against the same bytes.
func (c *lazyCatalog) meaning() (*txn.Snapshot, error) {
	snap, err := c.fragment()
	if err == nil {
		c.meaningFrom = true
	}
	return snap, err
}

// fileForMeaning is meaning's parsed fragment, nil when there is none
// yet or it cannot be read: for readings that only refine a request,
// which then goes on as said and meets the error where it matters.
func (c *lazyCatalog) fileForMeaning() *fragment.File {
	snap, err := c.meaning()
	if err != nil || !snap.Exists() {
		return nil
	}
	return snap.File()
}

// seen is the fragment the request's meaning was read from, for
// txn.Store.Seen; nil when none was.
func (c *lazyCatalog) seen() *txn.Snapshot {
	if !c.meaningFrom {
		return nil
	}
	return c.frag
}

func (c *lazyCatalog) index() *catalog.Index {
	if !c.opened {
		c.opened = true
		var notes []string
		c.ix, notes, c.err = openCatalog(c.ctx, c.g)
		c.notes = append(c.notes, notes...)
	}
	return c.ix
}

func (c *lazyCatalog) close() {
	if c.ix != nil {
		c.ix.Close()
	}
}

// knowsService reports whether the option index takes u's words for
// one option without asking, as resolveService would.
func (c *lazyCatalog) knowsService(u *parse.UnknownService) bool {
	ix := c.index()
	if !ix.HasOptions() {
		_, ok := catalog.KnownModule(strings.ToLower(u.Said))
		return ok
	}
	opt, _ := ix.EnableOption(u.Said)
	return opt != ""
}

// resolveService looks for the `*.enable` option of a service the
// parser's table does not know, among every NixOS option in the index.
// Without an option index, or with no close option, the answer stays
// "not understood"; with several close ones, they are the suggestions.
func (c *lazyCatalog) resolveService(u *parse.UnknownService) (intent.Intent, error) {
	ix := c.index()
	if !ix.HasOptions() {
		if o, ok := catalog.KnownModule(strings.ToLower(u.Said)); ok {
			// "enable i3", "enable gamescope": the switch "install i3"
			// gives without the index, checked for its form only.
			return intent.Intent{Kind: u.Kind, Option: o, Service: u.Said}, nil
		}
		return intent.Intent{}, c.checkedSuggestions(u.NotUnderstood)
	}
	opt, choices := ix.EnableOption(u.Said)
	if opt != "" {
		return intent.Intent{Kind: u.Kind, Option: opt, Service: u.Said}, nil
	}
	if len(choices) == 0 {
		return intent.Intent{}, c.checkedSuggestions(u.NotUnderstood)
	}
	example := func(o string) string { return "enable " + o }
	switch u.Kind {
	case intent.DisableService:
		example = func(o string) string { return "disable " + o }
	case intent.ShowOption:
		example = func(o string) string { return "is " + o + " enabled" }
	}
	nu := &intent.NotUnderstood{Request: u.Request}
	// The service words' near misses first ("enable shh": "enable ssh"):
	// a typo of a word people say is likelier than an option deep in
	// the tree that happens to hold the letters.
	said := map[string]bool{} // the options those suggestions switch
	for _, s := range u.Suggestions {
		if s.Kind == u.Kind && len(nu.Suggestions) < 3 {
			nu.Suggestions = append(nu.Suggestions, s)
			if _, word, ok := strings.Cut(s.Example, " "); ok {
				// "enable docker", "is docker enabled".
				word = strings.TrimSuffix(word, " enabled")
				if o, ok := parse.ServiceOption(word); ok {
					said[o] = true
				}
			}
		}
	}
	for _, o := range choices {
		if len(nu.Suggestions) == 3 {
			break
		}
		if said[o] {
			continue // "enable docker" already
		}
		nu.Suggestions = append(nu.Suggestions, intent.Suggestion{Kind: u.Kind, Example: example(o)})
	}
	return intent.Intent{}, nu
}

// resolveVersions finds the attribute of each package asked for with a
// version ("nodejs 20" -> nodejs_20, "go 1.22" -> go_1_22) in the package
// index. All found: the request, with those names. Any not found, or no
// index: not understood, saying which names were tried.
func (c *lazyCatalog) resolveVersions(v *parse.VersionedPackages) (intent.Intent, error) {
	ix := c.index()
	if !ix.HasPackages() {
		return intent.Intent{}, v
	}
	pkgs := slices.Clone(v.Packages)
	for _, want := range v.Versioned {
		found := ""
		tried := want.Candidates()
		// The name people use may not be nixpkgs' own: "node 20" is
		// nodejs_20 and "java 21" jdk21, as search finds node and java.
		for _, other := range catalog.OtherNames(want.Name) {
			for _, c := range (parse.Versioned{Name: other, Version: want.Version}).Candidates() {
				if !slices.Contains(tried, c) {
					tried = append(tried, c)
				}
			}
		}
		for _, name := range tried {
			if ok, _ := ix.Package(name); ok {
				found = name
				break
			}
		}
		if found == "" {
			return intent.Intent{}, &intent.NotUnderstood{Request: v.Request,
				Suggestions: []intent.Suggestion{{Kind: intent.Search, Example: "search " + want.Name}},
				Hint: fmt.Sprintf("nixpkgs has no %s %s under the names it gives versions (%s): `ask-nix search %s` lists the ones it has",
					want.Name, want.Version, strings.Join(tried, ", "), want.Name)}
		}
		pkgs = append(pkgs, found)
	}
	slices.Sort(pkgs)
	return intent.Intent{Kind: v.Kind, Packages: slices.Compact(pkgs)}, nil
}

// checkedSuggestions keeps the parser's guesses for an unknown service
// ("set services.nvidia.enable to true", "install nvidia") only where an
// index vouches for them: an option or package the index has. Without
// that index they are guesses, so they go, and the hint says what ask-nix
// does know. Other suggestions (the nearest known services) stay.
func (c *lazyCatalog) checkedSuggestions(nu *intent.NotUnderstood) *intent.NotUnderstood {
	ix := c.index()
	out := &intent.NotUnderstood{Request: nu.Request, Hint: nu.Hint}
	for _, s := range nu.Suggestions {
		switch s.Kind {
		case intent.SetOption:
			// "set <option> to <value>"
			if f := strings.Fields(s.Example); len(f) == 4 && f[0] == "set" {
				if !ix.HasOptions() {
					continue
				}
				if _, found := ix.Option(f[1]); !found {
					continue
				}
			}
		case intent.Install:
			if name, ok := strings.CutPrefix(s.Example, "install "); ok && !strings.Contains(name, " ") {
				if !ix.HasPackages() {
					continue
				}
				if found, _ := ix.Package(name); !found {
					continue
				}
			}
		}
		out.Suggestions = append(out.Suggestions, s)
	}
	if len(out.Suggestions) == 0 && out.Hint == "" {
		out.Hint = parse.ServicesHint
	}
	return out
}

// foundSuggestions keeps, of err's suggestions when it is a request not
// understood, those that are understood when said: a switch the
// parser's table does not know ("enable ssh and frobnicate" suggested
// "enable frobnicate") only where the option index finds it, as
// resolveService would (without the index, where ask-nix's module list
// has it). A suggestion dropped leaves what ask-nix does know said in
// the hint, where there was none. Other answers are returned as they
// are.
func (c *lazyCatalog) foundSuggestions(err error) error {
	var nu *intent.NotUnderstood
	if !errors.As(err, &nu) || len(nu.Suggestions) == 0 {
		return err
	}
	var keep []intent.Suggestion
	var dropped []string
	for _, s := range nu.Suggestions {
		if s.Kind != intent.EnableService && s.Kind != intent.DisableService {
			keep = append(keep, s)
			continue
		}
		_, perr := parse.Parse(s.Example)
		var us *parse.UnknownService
		if errors.As(perr, &us) && us.Kind != intent.ShowOption && !c.knowsService(us) {
			dropped = append(dropped, us.Said)
			continue
		}
		keep = append(keep, s)
	}
	if len(dropped) == 0 {
		return err
	}
	nu.Suggestions = keep
	if nu.Hint == "" {
		nu.Hint = fmt.Sprintf("%s names no switch ask-nix finds (%s)", quoteAll(dropped), parse.ServicesHint)
	}
	return err
}

// knownInstalls keeps the install suggestions of nu ("install ssh":
// "install firefox", "install openssh") that the package index has,
// when there is one; without it, every one stays (the guard checks the
// names' form when one is followed).
func (c *lazyCatalog) knownInstalls(nu *intent.NotUnderstood) *intent.NotUnderstood {
	ix := c.index()
	if !ix.HasPackages() {
		return nu
	}
	out := &intent.NotUnderstood{Request: nu.Request, Hint: nu.Hint}
	for _, s := range nu.Suggestions {
		if names, ok := strings.CutPrefix(s.Example, "install "); ok && s.Kind == intent.Install {
			var known []string
			for _, n := range strings.Fields(names) {
				if found, _ := ix.Package(n); found {
					known = append(known, n)
				}
			}
			if len(known) == 0 {
				continue
			}
			s.Example = "install " + plan.AndList(known)
		}
		out.Suggestions = append(out.Suggestions, s)
	}
	return out
}

// genericJoined reads "install alsa utils": a word that names no
// package ("utils", "tools", "packages") may end a name the package index
// joins (alsa-utils). Without the index, or with such a word left
// alone, the request is not understood.
func (c *lazyCatalog) genericJoined(text string, g *parse.GenericWords) (intent.Intent, error) {
	if g.Intent.Kind != intent.Install || !c.index().HasPackages() {
		return intent.Intent{}, g.NotUnderstood
	}
	in := c.joinWords(text, g.Intent)
	if slices.ContainsFunc(in.Packages, parse.IsGenericNoun) && !c.kindsBesideKnown(in.Packages) {
		return intent.Intent{}, g.NotUnderstood
	}
	return in, nil
}

// kindsBesideKnown: every word left that names no package is a kind of
// program ("the fira code font and vlc"), and every other one a
// package the index has, so dropKinds reads the kind as what they are.
// "emoji fonts" is not: emoji names no package, and the font kind is
// what was asked for.
func (c *lazyCatalog) kindsBesideKnown(pkgs []string) bool {
	ix := c.index()
	named := false
	for _, p := range pkgs {
		if known, _ := ix.Package(p); known {
			named = true
			continue
		}
		if !parse.IsKindOfProgram(p) {
			return false
		}
	}
	return named
}

// dropKinds reads "install vlc media player" as vlc: with the package
// index, words that name a kind of program and no package are dropped
// when a name is said beside them (a note says so when the index knows
// every name left; otherwise the guard refuses the unknown one, with
// suggestions for it rather than for "player").
func (c *lazyCatalog) dropKinds(text string, in intent.Intent) intent.Intent {
	if (in.Kind != intent.Install && in.Kind != intent.Remove) || len(in.Packages) < 2 {
		return in
	}
	ix := c.index()
	if !ix.HasPackages() {
		return in
	}
	var kept, dropped []string
	allKnown := true
	for _, p := range in.Packages {
		known, _ := ix.Package(p)
		switch {
		case known:
			kept = append(kept, p)
		case parse.IsKindOfProgram(p):
			dropped = append(dropped, p)
		default:
			kept = append(kept, p)
			allKnown = false
		}
	}
	if len(dropped) == 0 || len(kept) == 0 {
		return in
	}
	// "thunderbird email client": email, a package too, is said as part
	// of the kind ("email client") beside another name: dropped with it.
	lower := strings.ToLower(text)
	var nouns []string
	kept = slices.DeleteFunc(kept, func(p string) bool {
		if !parse.IsKindNoun(p) || !slices.ContainsFunc(kept, func(o string) bool { return !parse.IsKindNoun(o) }) {
			return false
		}
		for _, d := range dropped {
			if strings.Contains(lower, p+" "+d) {
				nouns = append(nouns, p)
				return true
			}
		}
		return false
	})
	dropped = append(nouns, dropped...)
	// With a name the index does not know left, the guard refuses it
	// with suggestions: about that name, not about "editor".
	if allKnown {
		verb := "is"
		if len(kept) > 1 {
			verb = "are"
		}
		c.notes = append(c.notes, fmt.Sprintf("%s read as what %s %s, not as package names", quoteAll(dropped), plan.AndList(kept), verb))
	}
	out := in
	out.Packages = kept
	return out
}

// foldCase reads "install VLC" as vlc: a name to install that the
// package index lacks as typed but has in lower case (nixpkgs names are
// mostly lower case; the few that are not, such as SDL2, are found as
// typed first).
//
// Without the index, a request typed all in capitals ("INSTALL
// FIREFOX") has its all-capital names read in lower case, except the
// few nixpkgs names that are so (allCapsAttrs): the caps lock said
// nothing about the name.
func (c *lazyCatalog) foldCase(text string, in intent.Intent) intent.Intent {
	if in.Kind != intent.Install && in.Kind != intent.Remove {
		return in
	}
	changed := false
	pkgs := slices.Clone(in.Packages)
	for i, p := range pkgs {
		low := strings.ToLower(p)
		if low == p {
			continue
		}
		ix := c.index()
		if !ix.HasPackages() {
			if shouting(text) && shouting(p) && len([]rune(p)) > 1 && !allCapsAttrs[p] {
				pkgs[i], changed = low, true
			}
			continue
		}
		if known, _ := ix.Package(p); known {
			continue
		}
		if known, _ := ix.Package(low); known {
			pkgs[i], changed = low, true
		}
	}
	if !changed {
		return in
	}
	return withPackages(in, pkgs)
}

// dottedVersions reads a name written with a dotted version ("install
// python3.12", "go1.22") as the package nixpkgs spells without the dots
// (python312, go_1_22), when the index has it, with a note. One to
// install that the index has under none of those names is not
// understood, saying which names were tried, as "install python 3.99"
// is; without the index, the guard says what is wrong with the name.
func (c *lazyCatalog) dottedVersions(text string, in intent.Intent) (intent.Intent, error) {
	if in.Kind != intent.Install && in.Kind != intent.Remove {
		return in, nil
	}
	var pkgs []string
	changed := false
	for _, p := range in.Packages {
		forms := catalog.VersionForms(p)
		if forms == nil || !strings.Contains(p, ".") {
			pkgs = append(pkgs, p)
			continue
		}
		ix := c.index()
		name, ok := ix.DottedVersion(p)
		switch {
		case ok:
			c.notes = append(c.notes, fmt.Sprintf("%s read as %s: nixpkgs writes versions in names without dots", p, name))
			p, changed = name, true
		case in.Kind == intent.Install && ix.HasPackages():
			if found, _ := ix.Package(p); !found {
				stem := strings.TrimRight(strings.ToLower(p[:strings.IndexAny(p, "0123456789")]), "-_")
				nu := &intent.NotUnderstood{Request: text,
					Hint: fmt.Sprintf("nixpkgs has no %s under the names it gives versions (%s)", p, strings.Join(forms, ", "))}
				if stem != "" {
					nu.Suggestions = []intent.Suggestion{{Kind: intent.Search, Example: "search " + stem}}
					nu.Hint += fmt.Sprintf(": `ask-nix search %s` lists the ones it has", stem)
				}
				return intent.Intent{}, nu
			}
		}
		pkgs = append(pkgs, p)
	}
	if !changed {
		return in, nil
	}
	return withPackages(in, pkgs), nil
}

// programNames reads "install rg" as ripgrep: a name to install that
// nixpkgs lacks as a package but that is the main program
// (meta.mainProgram) of one top-level package, which is also the
// index's first suggestion for the name, with a note. A name people use
// for one package nixpkgs names otherwise ("golang", "telegram") is read
// the same way, on the same condition. Two signals must
// agree because one alone misleads: "python" is python2's program, yet
// a person saying it means python3, the first suggestion; then the
// name is refused with its suggestions as before.
func (c *lazyCatalog) programNames(in intent.Intent) intent.Intent {
	if in.Kind != intent.Install {
		return in
	}
	var pkgs []string
	changed := false
	for _, p := range in.Packages {
		ix := c.index()
		if !ix.HasPackages() {
			return in
		}
		found, sugs := ix.Package(p)
		if found || len(sugs) == 0 {
			pkgs = append(pkgs, p)
			continue
		}
		if owner, ok := onlyProgramOwner(ix.Programs(p)); ok && owner == sugs[0] {
			c.notes = append(c.notes, fmt.Sprintf("%s read as %s: nixpkgs has no package %s, and %s is the program %s installs", p, owner, p, p, owner))
			p, changed = owner, true
		} else if other := catalog.OtherNames(p); len(other) == 1 && other[0] == sugs[0] {
			c.notes = append(c.notes, fmt.Sprintf("%s read as %s: nixpkgs has no package %s; %s is its name for it", p, other[0], p, other[0]))
			p, changed = other[0], true
		}
		pkgs = append(pkgs, p)
	}
	if !changed {
		return in
	}
	return withPackages(in, pkgs)
}

// unlistedNames answers, without the package index, an install of a
// name people say for a package nixpkgs names otherwise ("install
// python", "install node", "install chrome"): nixpkgs has no attribute
// of that name, so written as said it fails when the system is built.
// The names nixpkgs gives it are suggested and nothing is written; with
// the index, programNames and the guard read such names.
func (c *lazyCatalog) unlistedNames(text string, in intent.Intent) error {
	if in.Kind != intent.Install {
		return nil
	}
	var said []string
	meant := map[string][]string{}
	for _, p := range in.Packages {
		if alts := catalog.UnlistedName(p); alts != nil {
			said = append(said, p)
			meant[p] = alts
		}
	}
	if said == nil || c.index().HasPackages() {
		return nil
	}
	with := func(pick func(p string) string) string {
		pkgs := make([]string, 0, len(in.Packages))
		for _, p := range in.Packages {
			if _, ok := meant[p]; ok {
				if p = pick(p); slices.Contains(pkgs, p) {
					continue
				}
			}
			pkgs = append(pkgs, p)
		}
		return "install " + plan.AndList(pkgs)
	}
	var ss []intent.Suggestion
	if len(said) == 1 {
		for _, a := range meant[said[0]][:min(3, len(meant[said[0]]))] {
			ss = append(ss, intent.Suggestion{Kind: intent.Install, Example: with(func(string) string { return a })})
		}
	} else {
		ss = []intent.Suggestion{{Kind: intent.Install, Example: with(func(p string) string { return meant[p][0] })}}
	}
	var parts []string
	for _, p := range said {
		alts := meant[p]
		names := alts[0]
		if len(alts) > 1 {
			names = strings.Join(alts[:len(alts)-1], ", ") + " or " + alts[len(alts)-1]
		}
		parts = append(parts, fmt.Sprintf("nixpkgs has no package named %s: it is %s there", p, names))
	}
	which := "this one"
	if len(said) > 1 {
		which = "these"
	}
	return &intent.NotUnderstood{Request: text, Suggestions: ss,
		Hint: strings.Join(parts, "; ") + "; with no package index to look names up in (`ask-nix index update` builds one), a name is written as said, and " + which + " would fail when the system is built; nothing was changed"}
}

// onlyProgramOwner is the one top-level package among owners, the
// packages that install a program, leaving out a wrapped package's
// unwrapped build ("nvim": neovim, not neovim-unwrapped).
func onlyProgramOwner(owners []string) (string, bool) {
	var top []string
	for _, o := range owners {
		if strings.Contains(o, ".") {
			continue
		}
		if base, ok := strings.CutSuffix(o, "-unwrapped"); ok && slices.Contains(owners, base) {
			continue
		}
		top = append(top, o)
	}
	if len(top) != 1 {
		return "", false
	}
	return top[0], true
}

// withPackages is in with its packages replaced by pkgs, in the sorted,
// duplicate-free order the parser gives ("install rg and ripgrep" is
// ripgrep once).
func withPackages(in intent.Intent, pkgs []string) intent.Intent {
	slices.Sort(pkgs)
	in.Packages = slices.Compact(pkgs)
	return in
}

// allCapsAttrs are the nixpkgs names of more than one character written
// all in capitals (TestAllCapsAttrs holds them to the attribute list).
var allCapsAttrs = map[string]bool{"MMA": true, "OVMF": true, "SDL": true, "SDL2": true}

// shouting reports whether s has letters and none is lower case.
func shouting(s string) bool {
	upper := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		upper = upper || unicode.IsUpper(r)
	}
	return upper
}

func quoteAll(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = strconv.Quote(w)
	}
	return plan.AndList(q)
}

// joinWords reads names people write as words the way nixpkgs spells
// them: "install google chrome" is google-chrome and "libre office" is
// libreoffice, not two packages each, when the package index has the
// joined name and lacks one of the words. Only words next to each other
// in the request are joined, at most three, and only into a name the
// index has, or one it knows by another name ("visual studio code" is
// vscode), which the guard then refuses with that name suggested;
// anything else is left to the guard too.
func (c *lazyCatalog) joinWords(text string, in intent.Intent) intent.Intent {
	if in.Kind != intent.Install || len(in.Packages) < 2 {
		return in
	}
	ix := c.index()
	if !ix.HasPackages() {
		return in
	}
	// Positions are in the lower-cased text, and so is every look at
	// it: lower-casing can change a text's length.
	lower := strings.ToLower(text)
	words, products := wordsBesideProducts(lower, in.Packages)
	if words == nil {
		return in
	}
	known := func(name string) bool { ok, _ := ix.Package(name); return ok }
	out := products
	for i := 0; i < len(words); {
		if name, n := setMember(ix, lower, words[i:], known); n > 0 {
			out = append(out, name)
			i += n
			continue
		}
		joined := false
		for n := min(3, len(words)-i); n >= 2 && !joined; n-- {
			run := words[i : i+n]
			if !adjacent(lower, run) || !slices.ContainsFunc(run, func(w placedWord) bool { return !known(w.name) }) {
				continue
			}
			names := make([]string, n)
			for k, w := range run {
				names[k] = w.name
			}
			// google chrome -> google-chrome; libre office -> libreoffice.
			for _, sep := range []string{"-", ""} {
				if name := strings.Join(names, sep); known(name) {
					out = append(out, name)
					i += n
					joined = true
					break
				}
			}
			if name := strings.Join(names, "-"); !joined && ix.IsOtherName(name) {
				// visual studio code: one name nixpkgs spells otherwise
				// (vscode), which the guard refuses naming it.
				out = append(out, name)
				i += n
				joined = true
			}
		}
		if !joined {
			out = append(out, words[i].name)
			i++
		}
	}
	if len(out) == len(in.Packages) {
		return in
	}
	slices.Sort(out)
	in.Packages = slices.Compact(out)
	return in
}

// setMember reads a package set said in words at the start of ws, with
// the member after it: "nerd fonts fira code" is nerd-fonts.fira-code.
// A set said in several words with no member the index knows after it is
// the set's name ("install nerd fonts": nerd-fonts, which the guard
// refuses, suggesting its members). n is how many words were read; 0
// when ws does not start with a set.
func setMember(ix *catalog.Index, lower string, ws []placedWord, known func(string) bool) (name string, n int) {
	joins := func(run []placedWord) []string {
		if !adjacent(lower, run) {
			return nil
		}
		names := make([]string, len(run))
		for k, w := range run {
			names[k] = w.name
		}
		if len(run) == 1 {
			return names
		}
		return []string{strings.Join(names, "-"), strings.Join(names, "")}
	}
	setNames := func(run []placedWord) []string {
		sets := joins(run)
		if len(run) > 1 && len(sets) > 0 {
			// "a nerd font": the set's name is plural.
			sets = append(sets, sets[0]+"s")
		}
		return sets
	}
	// The member said first: "fira code nerd font" is
	// nerd-fonts.fira-code as "nerd fonts fira code" is.
	for m := min(3, len(ws)-1); m >= 1; m-- {
		for n := min(3, len(ws)-m); n >= 1; n-- {
			if !adjacent(lower, ws[m-1:m+n]) {
				continue
			}
			for _, set := range setNames(ws[m : m+n]) {
				if !ix.IsSet(set) {
					continue
				}
				for _, member := range joins(ws[:m]) {
					if known(set + "." + member) {
						return set + "." + member, m + n
					}
				}
			}
		}
	}
	for n := min(3, len(ws)); n >= 1; n-- {
		sets := setNames(ws[:n])
		for _, set := range sets {
			if !ix.IsSet(set) {
				continue
			}
			for m := min(3, len(ws)-n); m >= 1; m-- {
				if !adjacent(lower, ws[n-1:n+m]) {
					continue
				}
				for _, member := range joins(ws[n : n+m]) {
					if known(set + "." + member) {
						return set + "." + member, n + m
					}
				}
			}
			if n > 1 {
				return set, n
			}
		}
	}
	return "", 0
}

// placedWord is a package name and where the request says it.
type placedWord struct {
	name       string
	start, end int
}

// wordsInOrder finds each name in lower, the lower-cased request, as a
// whole word, in the order the request says them; nil when one cannot
// be found (the parser rewrote it), so nothing is joined.
func wordsInOrder(lower string, names []string) []placedWord {
	var out []placedWord
	for _, n := range names {
		ln := strings.ToLower(n) // as long as it stands in lower
		at := -1
		for from := 0; from < len(lower); {
			i := strings.Index(lower[from:], ln)
			if i < 0 {
				break
			}
			i += from
			end := i + len(ln)
			if (i == 0 || !isWordByte(lower[i-1])) && (end == len(lower) || !isWordByte(lower[end])) {
				at = i
				break
			}
			from = i + 1
		}
		if at < 0 {
			return nil
		}
		out = append(out, placedWord{name: n, start: at, end: at + len(ln)})
	}
	slices.SortFunc(out, func(a, b placedWord) int { return a.start - b.start })
	return out
}

// wordsBesideProducts is wordsInOrder of the names the request spells;
// products are the names the parser read a program's words as
// ("visual studio code": vscode, see parse.ProductAttr), which the
// request does not spell, taken as said. words is nil when another
// name cannot be found, or none is left.
func wordsBesideProducts(lower string, names []string) (words []placedWord, products []string) {
	spelled := names
	for k, n := range names {
		said, ok := parse.ProductAttr(n)
		if !ok || wordsInOrder(lower, []string{n}) != nil {
			if len(spelled) < len(names) {
				spelled = append(spelled, n)
			}
			continue
		}
		if len(spelled) == len(names) {
			spelled = slices.Clone(names[:k])
		}
		products = append(products, n)
		// Its words are no other name's: "install visual studio code
		// and obs studio" has studio once, next to obs. Spaces keep
		// every place in lower.
		for _, p := range said {
			for _, w := range wordsInOrder(lower, []string{p}) {
				lower = lower[:w.start] + strings.Repeat(" ", w.end-w.start) + lower[w.end:]
			}
		}
	}
	if len(spelled) == 0 {
		return nil, products
	}
	return wordsInOrder(lower, spelled), products
}

// adjacent: the words follow each other in text with only spaces
// between. Two names found at one place (ẞ and ß lower-case alike) are
// not.
func adjacent(text string, run []placedWord) bool {
	for k := 1; k < len(run); k++ {
		if run[k].start < run[k-1].end {
			return false
		}
		gap := text[run[k-1].end:run[k].start]
		if gap == "" || strings.TrimLeft(gap, " ") != "" {
			return false
		}
	}
	return true
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '.' || b >= 0x80
}

// sshServer is the option "enable ssh" turns on.
const sshServer = "services.openssh.enable"

// sshClient is the package of ssh, scp and ssh-keygen (and of sshd).
const sshClient = "openssh"

// serviceNotes says, for each package installed that is also a NixOS
// service by its name (services.<name>.enable: nginx, syncthing, tlp),
// that installing it runs nothing: the program is on the PATH, and the
// service is "enable <name>", never turned on unasked. The option index
// says which are services; without it, ask-nix's service table.
func (c *lazyCatalog) serviceNotes(pkgs []string) []string {
	ix := c.index()
	var notes []string
	for _, p := range pkgs {
		opt, ok := "", false
		if ix.HasOptions() {
			opt, ok = ix.ServiceFor(p)
		} else if o, found := parse.ServiceOption(p); found && o == "services."+p+".enable" {
			opt, ok = o, true
		}
		if ok && !c.alsoEnabled[opt] {
			notes = append(notes, fmt.Sprintf("%s is also a NixOS service (%s): installing puts the program on the PATH and runs nothing; to run it as a service, say \"enable %s\"", p, opt, p))
		}
	}
	return notes
}

// moduleWords joins names said in words ("install network manager",
// "install virtual box") into the one package they spell when that
// package works only through its NixOS module (catalog.KnownModule):
// moduleInstead then turns on the module. Only without the package
// index, whose joinWords joins any name it has; with it, the words are
// left as they are, never asked about as two packages.
func (c *lazyCatalog) moduleWords(text string, in intent.Intent) intent.Intent {
	if in.Kind != intent.Install || len(in.Packages) < 2 || c.index().HasPackages() || parse.IsCommandLine(text) {
		return in
	}
	lower := strings.ToLower(text)
	words := wordsInOrder(lower, in.Packages)
	if words == nil {
		return in
	}
	// module is the module package words[i:i+n] spell, or "".
	module := func(i, n int) string {
		run := words[i : i+n]
		if !adjacent(lower, run) {
			return ""
		}
		names := make([]string, n)
		for k, w := range run {
			names[k] = w.name
		}
		for _, sep := range []string{"", "-"} {
			if _, ok := catalog.KnownModule(strings.Join(names, sep)); ok {
				return strings.Join(names, sep)
			}
		}
		return ""
	}
	var out []string
	for i := 0; i < len(words); {
		step, name := 1, words[i].name
		for n := min(3, len(words)-i); n >= 2; n-- {
			if joined := module(i, n); joined != "" {
				step, name = n, joined
				break
			}
		}
		out = append(out, name)
		i += step
	}
	if len(out) == len(in.Packages) {
		return in
	}
	slices.Sort(out)
	in.Packages = slices.Compact(out)
	return in
}

// moduleInstead turns "install steam" into enabling programs.steam.enable
// where a package only works through its NixOS module. A request that
// mixes such a package with plain ones ("install steam and discord") is
// one plan: the plain packages installed and each module turned on.
func (c *lazyCatalog) moduleInstead(text string, in intent.Intent) (intent.Intent, error) {
	if in.Kind != intent.Install {
		return in, nil
	}
	ix := c.index()
	module := func(p string) (string, bool) {
		if opt, ok := ix.ModuleOption(p); ok {
			return opt, true
		}
		return desktopWord(ix, p)
	}
	if !ix.HasOptions() {
		// Without the option index, the tables: "install steam" and "i
		// need docker" are their modules here too, as "enable steam"
		// is, never a package that cannot work alone.
		module = func(p string) (string, bool) {
			if opt, ok := catalog.KnownModule(p); ok {
				return opt, true
			}
			opt, ok := parse.ServiceOption(p)
			if ok && (strings.HasPrefix(opt, "virtualisation.") || strings.Contains(opt, "desktopManager.")) {
				return opt, true
			}
			return "", false
		}
	}
	var plain []string
	var modules []intent.Suggestion
	var only intent.Intent
	var all []intent.Intent // each module's switch, in the packages' order
	for _, p := range in.Packages {
		opt, ok := module(p)
		if !ok && ix.HasPackages() {
			// "install ssh", "install smb": no package of that name, but a
			// service ask-nix knows by it. Turning on a server (one others
			// log in to, or that takes over the sound) is not guessed from
			// "install": offered. Packages that only share letters with
			// the word ("sshs", "smbmap") are not what was meant, and are
			// not offered; ssh's client is, by its package's name.
			// A name people use for a package nixpkgs names otherwise
			// ("bitwarden": bitwarden-desktop) is that package, which
			// the guard suggests, never the server of that name
			// (vaultwarden).
			if known, _ := ix.Package(p); !known && !ix.IsOtherName(p) {
				if o, found := parse.ServiceOption(p); found && strings.HasSuffix(o, ".enable") {
					nu := &intent.NotUnderstood{Request: text,
						Suggestions: []intent.Suggestion{{Kind: intent.EnableService, Example: "enable " + p}},
						Hint:        fmt.Sprintf("no package is named %s; \"enable %s\" turns on the NixOS service of that name (%s)", p, p, o)}
					if o == sshServer {
						nu.Hint = parse.SSHInstallHint
						if _, ok := ix.Lookup(sshClient); ok {
							nu.Suggestions = append(nu.Suggestions, intent.Suggestion{Kind: intent.Install, Example: "install " + sshClient})
						}
					}
					// "install firefox ssh": the other packages said are
					// still asked for, first.
					var others []string
					for _, q := range in.Packages {
						if known, _ := ix.Package(q); known && q != p {
							others = append(others, q)
						}
					}
					if len(others) > 0 {
						nu.Suggestions = append([]intent.Suggestion{{Kind: intent.Install, Example: "install " + plan.AndList(others)}}, nu.Suggestions...)
					}
					return intent.Intent{}, nu
				}
			}
		}
		switch {
		case ok && only.Option == opt:
			// "install kde plasma": two words, one desktop.
			only.Service += " " + p
			all[len(all)-1] = only
		case ok:
			// Suggested by the word said where ask-nix's table reads it
			// as this switch ("enable docker"), else by the option.
			example := "enable " + opt
			if o, known := parse.ServiceOption(p); known && o == opt {
				example = "enable " + p
			}
			modules = append(modules, intent.Suggestion{Kind: intent.EnableService, Example: example})
			only = intent.Intent{Kind: intent.EnableService, Option: opt, Service: p}
			all = append(all, only)
		default:
			plain = append(plain, p)
		}
	}
	if len(modules) == 0 {
		return in, nil
	}
	if len(plain) > 0 {
		if nu := moduleNamedOn(text, in.Packages, all, plain, modules, func(p string) bool { ok, _ := ix.Package(p); return ok || !ix.HasPackages() }); nu != nil {
			return intent.Intent{}, nu
		}
	}
	// "i want docker and podman": every word said is a module, so each
	// is turned on, as "enable docker and podman" does. "install steam
	// and discord": a mix is one plan, the plain packages installed and
	// each module turned on, all checked before anything is written.
	for _, m := range all {
		c.notes = append(c.notes, fmt.Sprintf("%s is set up through its NixOS module: enabling %s instead of installing the package alone", m.Service, m.Option))
		if loginShells[m.Option] {
			c.notes = append(c.notes, fmt.Sprintf("this does not make %s your login shell: set users.users.<you>.shell = pkgs.%s; (or users.defaultUserShell) in your NixOS configuration, which ask-nix does not write", m.Service, m.Service))
		}
	}
	if len(plain) == 0 {
		return intent.Join(all), nil
	}
	rest := in
	rest.Packages = plain
	return intent.Join(append([]intent.Intent{rest}, all...)), nil
}

// moduleNamedOn answers "install steam beta", "install steam deck": a
// word said right after a module's name, with nothing between, may go
// on naming that program (a version, an edition, another product of
// it), or be a package said beside it. Read as the latter alone, it
// offered nixpkgs' "beta" or "deck", another program, as what was
// meant. Both readings are offered, the module first, with a search for
// the words; nil when no plain name follows a module's that way
// ("install steam and git" stays two requests). known says whether the
// index has a name as a package.
func moduleNamedOn(text string, pkgs []string, all []intent.Intent, plain []string, modules []intent.Suggestion, known func(string) bool) *intent.NotUnderstood {
	lower := strings.ToLower(text)
	words := wordsInOrder(lower, pkgs)
	if words == nil {
		return nil
	}
	isModule := func(name string) bool {
		for _, m := range all {
			if slices.Contains(strings.Fields(m.Service), name) {
				return true
			}
		}
		return false
	}
	for k := 1; k < len(words); k++ {
		if !isModule(words[k-1].name) || !slices.Contains(plain, words[k].name) || !adjacent(lower, words[k-1:k+1]) {
			continue
		}
		module, word := words[k-1].name, words[k].name
		said := module + " " + word
		ss := []intent.Suggestion{modules[0], {Kind: intent.Search, Example: "search " + said}}
		hint := fmt.Sprintf("%q may be one program's name: %s is set up through its NixOS module (%q), and %s, said right after it, may name an edition or part of it, which no package is; ", said, module, modules[0].Example, word)
		if len(modules) == 1 && !slices.ContainsFunc(plain, func(p string) bool { return !known(p) }) {
			both := modules[0].Example + " and install " + plan.AndList(plain)
			ss = append(ss, intent.Suggestion{Kind: intent.EnableService, Example: both})
			hint += fmt.Sprintf("nixpkgs' %s is a program of its own, which %q installs beside it; ", word, both)
		}
		return &intent.NotUnderstood{Request: text, Suggestions: ss,
			Hint: hint + "packages said beside a module are clearer said apart with commas or \"and\"; nothing was changed"}
	}
	return nil
}

// loginShells are the shells whose module "install" turns on: said to
// install one, people often mean to log in with it, which is another
// setting.
var loginShells = map[string]bool{"programs.zsh.enable": true, "programs.fish.enable": true}

// desktopWord reads a word ask-nix's service table gives a desktop
// ("kde", "plasma") and nixpkgs has no package by: the desktop's module.
func desktopWord(ix *catalog.Index, word string) (string, bool) {
	if !ix.HasPackages() {
		// An option index without packages (the NixOS module's, before
		// `ask-nix index update`) cannot tell, so the table's desktops
		// are their modules, as without any index: "install kde" wrote
		// a package named kde, which nixpkgs does not have.
		opt, ok := parse.ServiceOption(word)
		if ok && strings.Contains(opt, "desktopManager.") {
			return opt, true
		}
		return "", false
	}
	prefix, ok := parse.ServicePrefix(word)
	if !ok || !strings.Contains(prefix, "desktopManager.") {
		return "", false
	}
	if _, isPackage := ix.Lookup(word); isPackage {
		return "", false
	}
	return prefix + ".enable", true
}

// switchByPath reads "enable nix.gc.automatic" as setting that option:
// said by its path, a boolean option of another name than enable is the
// switch meant, where the index knows it and has no .enable beside it.
// "is nix.gc.automatic enabled" asks about that switch the same way.
func (c *lazyCatalog) switchByPath(in intent.Intent) intent.Intent {
	said := in.Service
	switch {
	case in.Kind == intent.ShowOption && in.Value == nil && in.Service == in.Option && strings.HasSuffix(in.Option, ".enable"):
		said = strings.TrimSuffix(in.Option, ".enable")
	case in.Kind != intent.EnableService && in.Kind != intent.DisableService ||
		in.Option != in.Service+".enable" || strings.HasSuffix(in.Service, ".enable"):
		return in
	}
	ix := c.index()
	if !ix.HasOptions() {
		return in
	}
	if _, found := ix.Option(in.Option); found {
		return in
	}
	if typ, found := ix.Option(said); !found || typ != "boolean" {
		return in
	}
	if in.Kind == intent.ShowOption {
		// The answer names the switch it gives.
		return intent.Intent{Kind: intent.ShowOption, Option: said, Service: said}
	}
	c.notes = append(c.notes, fmt.Sprintf("%s is a switch of its own (no %s beside it): set to %v", said, in.Option, in.Kind == intent.EnableService))
	return intent.Intent{Kind: intent.SetOption, Option: said, Value: in.Kind == intent.EnableService}
}

// forIntent returns the index for the guard's checks when the intent
// names packages to install or an option, with notes when names can only
// be checked for their form. A nil *Index becomes a nil Catalog, which
// the guard reads as "unchecked".
func (c *lazyCatalog) forIntent(in intent.Intent) guard.Catalog {
	needPackages := in.Kind == intent.Install
	needOptions := in.Kind == intent.EnableService || in.Kind == intent.DisableService || in.Kind == intent.SetOption
	if in.Kind == intent.ShowOption {
		// A question writes nothing, so without an option index it goes
		// on unchecked and says nothing of it; with one, an option it
		// lacks is refused as an edit of it would be ("did you mean
		// services.openssh.enable?") rather than evaluated to "unknown".
		if ix := c.index(); c.err == nil && ix.HasOptions() {
			return ix
		}
		return nil
	}
	if !needPackages && !needOptions {
		return nil
	}
	ix := c.index()
	if c.err != nil {
		c.notes = append(c.notes, fmt.Sprintf("names were checked for their form only: the index could not be opened: %v", c.err))
		return nil
	}
	switch {
	case needPackages && !ix.HasPackages() && ix != nil:
		c.notes = append(c.notes, "package names were checked for their form only: the index holds no packages (`ask-nix index update` lists them from nixpkgs, or --from FILE)")
	case needPackages && !ix.HasPackages():
		c.notes = append(c.notes, "package names were checked for their form only: there is no package index yet (`ask-nix index update` builds one)")
	case needOptions && !ix.HasOptions() && ix != nil:
		// An index was built, but from no options.json: running the same
		// update again would not help.
		c.notes = append(c.notes, "the option was checked for its form only: the index holds no NixOS options (`ask-nix index update --options-only --options-from options.json`; on NixOS the module provides one)")
		return nil
	case needOptions && !ix.HasOptions():
		c.notes = append(c.notes, "the option was checked for its form only: there is no NixOS option index yet (`ask-nix index update` builds one)")
		// An index of packages alone knows no option types: the guard
		// checks as without an index (the form, and the types it knows
		// itself) rather than refusing every value as of unknown type.
		return nil
	}
	if ix == nil {
		return nil
	}
	return ix
}

// unavailableNotes say which packages to install the package index
// marks broken or not for its platform (a macOS-only app): written as
// asked, since the listing may be older or for another system than
// this one, but said before a build fails on them.
func (c *lazyCatalog) unavailableNotes(pkgs []string) []string {
	if len(pkgs) == 0 {
		return nil
	}
	ix := c.index()
	if c.err != nil || !ix.HasPackages() {
		return nil
	}
	var names []string
	for _, n := range pkgs {
		if p, ok := ix.Lookup(n); ok && p.Unavailable {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("the package index marks %s broken or not for this platform (meta.broken or meta.unsupported in the listing it was built from): the build will likely fail on %s; `ask-nix undo` takes the edit back",
		plan.AndList(names), itThem(names))}
}

// listedAsNotes say which packages the index vouches for only by
// another name (catalog.ListedAs: python3 is listed as python313), so
// the name written is the one said, not one the index showed.
func (c *lazyCatalog) listedAsNotes(pkgs []string) []string {
	var notes []string
	for _, p := range pkgs {
		ix := c.index()
		if c.err != nil || !ix.HasPackages() {
			return nil
		}
		as := ix.ListedAs(p)
		if len(as) == 0 {
			continue
		}
		if len(as) > 3 {
			as = as[:3]
		}
		which := "one of " + strings.Join(as, ", ")
		if len(as) == 1 {
			which = "as " + as[0]
		}
		notes = append(notes, fmt.Sprintf("%s is in the package index under another of its names (%s: an index lists each package once); it is written as you said it, and Nix checks it when the system is built",
			p, which))
	}
	return notes
}

// meantNotes say, for a package whose exact name nixpkgs gives another
// program than the one the name is known for (catalog.MeantOtherwise:
// zoom is a player for text adventures, the video calls are zoom-us),
// what it is and which one may be meant. The name is written as said:
// it is a package, and maybe the one wanted.
func (c *lazyCatalog) meantNotes(pkgs []string) []string {
	var notes []string
	for _, p := range pkgs {
		ix := c.index()
		if c.err != nil || !ix.HasPackages() {
			return nil
		}
		named, meant, ok := ix.MeantOtherwise(p)
		if !ok {
			continue
		}
		var which []string
		for _, m := range meant {
			if m.Description != "" {
				which = append(which, fmt.Sprintf("%s (%s)", m.Attr, m.Description))
			} else {
				which = append(which, m.Attr)
			}
		}
		what := ""
		if named.Description != "" {
			what = ": " + named.Description
		}
		notes = append(notes, fmt.Sprintf("%s is nixpkgs' %s%s; did you mean %s? It is written as you said it; `ask-nix \"replace %s with %s\"` changes it",
			p, p, what, strings.Join(which, " or "), p, meant[0].Attr))
	}
	return notes
}

// sideBySide asks, rather than writes, when names said side by side
// may be one package said in words. Without the package index nothing
// tells "install obs studio" (obs-studio) from "install git vim" (two
// packages), so a run of names with only spaces between them is asked
// about: joined with "-", or said apart with "and". With the index,
// joinWords has joined runs with a name it lacks; a run of names it has
// whose joined form it has too ("fire fox": fire, fox and firefox) is
// asked about the same way. Names apart by commas or "and", and command
// lines ("apt install git vim"), are separate as said.
func (c *lazyCatalog) sideBySide(text string, in intent.Intent) error {
	if in.Kind != intent.Install || len(in.Packages) < 2 || parse.IsCommandLine(text) {
		return nil
	}
	lower := strings.ToLower(text)
	words, products := wordsBesideProducts(lower, in.Packages)
	if words == nil {
		return nil
	}
	ix := c.index()
	indexed := ix.HasPackages()
	known := func(name string) bool { ok, _ := ix.Package(name); return ok }
	for i := range words {
		for n := min(3, len(words)-i); n >= 2; n-- {
			run := words[i : i+n]
			if !adjacent(lower, run) {
				continue
			}
			names := make([]string, n)
			for k, w := range run {
				names[k] = w.name
			}
			if oneService(names) {
				continue // "kde plasma": one desktop, moduleInstead's
			}
			joined := strings.Join(names, "-")
			if indexed {
				joined = ""
				for _, sep := range []string{"-", ""} {
					if j := strings.Join(names, sep); known(j) {
						joined = j
						break
					}
				}
				if joined == "" {
					continue
				}
			}
			return sideBySideAsked(text, words, products, i, n, joined, indexed)
		}
	}
	return nil
}

// sideBySideAsked is the question sideBySide asks about words[i:i+n]:
// the request with them joined, and with every name apart.
func sideBySideAsked(text string, words []placedWord, products []string, i, n int, joined string, indexed bool) error {
	together, apart := slices.Clone(products), slices.Clone(products)
	one := joined
	if alts := catalog.UnlistedName(joined); !indexed && alts != nil {
		// "libre office" is libreoffice, never libre-office.
		one = alts[0]
	}
	for k, w := range words {
		apart = append(apart, w.name)
		switch {
		case k == i:
			together = append(together, one)
		case k < i || k >= i+n:
			together = append(together, w.name)
		}
	}
	said := make([]string, n)
	for k, w := range words[i : i+n] {
		said[k] = w.name
	}
	run := strings.Join(said, " ")
	ss := []intent.Suggestion{
		{Kind: intent.Install, Example: "install " + plan.AndList(together)},
		{Kind: intent.Install, Example: "install " + plan.AndList(apart)},
	}
	hint := fmt.Sprintf("%s is one package in nixpkgs and %s are %s more: which did you mean? Names said apart with commas or \"and\" are read as several packages; nothing was changed",
		joined, plan.AndList(said), []string{2: "two", 3: "three"}[n])
	if !indexed {
		named := slices.Clone(products)
		for _, w := range words {
			if !parse.IsKindOfProgram(w.name) {
				named = append(named, w.name)
			}
		}
		if one == joined && len(named) > len(products) && len(named) < len(words)+len(products) {
			// "install vlc media player": what vlc is, said in words.
			ss = []intent.Suggestion{{Kind: intent.Install, Example: "install " + plan.AndList(named)}, ss[1]}
		} else if n > 2 {
			// Three names side by side are more often a list.
			ss[0], ss[1] = ss[1], ss[0]
		}
		hint = fmt.Sprintf("%q may be one package's name said in words or %d packages, and there is no package index to tell: nixpkgs joins a name's words with \"-\" (%s) and several packages are said apart with commas or \"and\"; `ask-nix index update` builds the index that knows the names; nothing was changed",
			run, n, joined)
	}
	return &intent.NotUnderstood{Request: text, Suggestions: ss, Hint: hint}
}

// oneService: every name is a word ask-nix's service table gives the
// same option ("kde plasma").
func oneService(names []string) bool {
	first, ok := parse.ServiceOption(names[0])
	if !ok {
		return false
	}
	for _, n := range names[1:] {
		if o, ok := parse.ServiceOption(n); !ok || o != first {
			return false
		}
	}
	return true
}
