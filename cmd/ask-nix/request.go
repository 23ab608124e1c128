package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
	"github.com/nix-humanity/nix-humanity/internal/oneproc"
)

// runRequest carries out a free-text request: check the words, parse
// them, check the intent, then edit the fragment or hand the intent to the
// command that carries it out.
func runRequest(ctx context.Context, g *globals, text string) (err error) {
	var said intent.Intent
	// Every request counts for the daemon's metrics, refusals included;
	// a dry run writes nothing at all, counts included.
	defer func() {
		if !g.dryRun {
			g.countRequest(ctx, said, err)
		}
	}()
	// Settings that cannot be read stop the run before anything else,
	// said once (not first as a note that the index could not be opened).
	if _, err := g.Settings(); err != nil {
		return err
	}
	cat := &lazyCatalog{ctx: ctx, g: g}
	defer cat.close()
	in, err := understandWith(ctx, g, cat, text)
	said = in
	g.readOnlyRequest = readOnlyKinds[in.Kind]
	if err != nil {
		return err
	}
	// An edit and a search keep the one P ask-nix starts on
	// (onePAnnotation); what else a request runs may list generations in
	// parallel, or run a pass.
	if !(in.Kind.Writes() && !in.AppliesAfter() && !g.wait || in.Kind == intent.Search) {
		oneproc.Release()
	}
	if in.Kind.Writes() {
		after := in.AppliesAfter() || g.wait
		if after && g.json && !g.dryRun {
			// Two results would be two JSON documents: refused before
			// anything is written (exit 2), as a command line that
			// cannot be carried out.
			return usageError{errors.New(`with --json, ask for the edit alone and then run "ask-nix apply --json": one run gives one JSON result, and this request would give two (the edit's and the pass's)`)}
		}
		st, err := g.store()
		if err != nil {
			return err
		}
		// What the readings took the request's meaning from is what the
		// plan and the edit are made against, or nothing is written.
		st.Seen = cat.seen()
		for _, n := range cat.unfreeNotes(in) {
			fmt.Fprintf(g.stderr, "note: %s\n", n)
		}
		if profileCommand(text) {
			fmt.Fprintln(g.stderr, "note: read as a change to the system's configuration, for every user: that command would have changed one user's profile, outside of it")
		}
		m := writeMark{since: lastPassID(st.StateDir)}
		err = g.edit(ctx, &in,
			func() (*txn.Result, error) { return st.Preview(in) },
			markWrite(&m, func() (*txn.Result, error) { return st.Apply(ctx, text, in) }))
		if err != nil || !after || g.dryRun {
			return err
		}
		// "install htop and rebuild", --wait: the pass of the running
		// daemon, followed (a second one here would only wait for it),
		// or one now, in the foreground, as ask-nix apply runs it.
		return seeThrough(ctx, g, m, in.ApplyAction())
	}
	switch in.Kind {
	case intent.Undo:
		return runUndo(ctx, g, text, in.Steps)
	case intent.ListInstalled:
		if len(in.Packages) > 0 {
			return runInstalledQuestion(ctx, g, in.Packages)
		}
		return runListInstalled(ctx, g)
	case intent.Help:
		return runHelpIntent(g)
	case intent.ShowOption:
		return runShowOption(ctx, g, in)
	}
	if run, ok := readOnlyRunners[in.Kind]; ok {
		err := run(ctx, g, in)
		var nu *intent.NotUnderstood
		if errors.As(err, &nu) && nu.Request == "" {
			nu.Request = text // what the person typed, not a stand-in
		}
		return err
	}
	return fmt.Errorf("ask-nix understood %q as %s, but cannot carry that out yet", text, in.Kind)
}

// understand is everything between words and an intent: the request
// check, the parser, the intent check against the package and option
// index. explain stops here. A caller must not act on the intent when
// the error is set.
func understand(ctx context.Context, g *globals, text string) (intent.Intent, error) {
	cat := &lazyCatalog{ctx: ctx, g: g}
	defer cat.close()
	return understandWith(ctx, g, cat, text)
}

// understandWith is understand with the caller's index, which stays open
// for the caller's own questions afterwards.
func understandWith(ctx context.Context, g *globals, cat *lazyCatalog, text string) (intent.Intent, error) {
	in, err := parseRequest(text)
	in, err = understandParsed(ctx, g, cat, text, in, err)
	return in, cat.foundSuggestions(err)
}

// parseRequest is the request check, then the parser.
func parseRequest(text string) (intent.Intent, error) {
	if err := guard.CheckRequest(text); err != nil {
		return intent.Intent{}, err
	}
	return parse.Parse(text)
}

// understandParsed is understandWith from parseRequest(text)'s answer,
// in and err, on. The check's refusal is no answer any reading below
// takes up: it is returned as it is.
func understandParsed(ctx context.Context, g *globals, cat *lazyCatalog, text string, in intent.Intent, err error) (intent.Intent, error) {
	var unknown *parse.UnknownService
	var versioned *parse.VersionedPackages
	var nu *intent.NotUnderstood
	if errors.As(err, &nu) {
		// "install firefox and enable ssh": several edits, one write.
		if parts, ok := parse.SplitRequests(text); ok {
			return understandParts(ctx, g, cat, parts)
		}
		// "enable iwd and disable networkmanager": a part the option
		// index knows ("enable iwd" alone would be found there).
		if parts, ok := parse.SplitRequestsKnowing(text, cat.knowsService); ok {
			return understandParts(ctx, g, cat, parts)
		}
	}
	var undoEdit *parse.UndoEdit
	var redo *parse.Redo
	var serviceWord *parse.ServiceSaidToInstall
	var generic *parse.GenericWords
	var bootMenu *parse.BootMenuLimit
	var deleteGeneration *parse.DeleteGeneration
	switch {
	case errors.As(err, &serviceWord):
		err = cat.knownInstalls(serviceWord.NotUnderstood)
	case errors.As(err, &generic):
		in, err = cat.genericJoined(text, generic)
	case errors.As(err, &unknown):
		in, err = cat.resolveService(unknown)
	case errors.As(err, &versioned):
		in, err = cat.resolveVersions(versioned)
	case errors.As(err, &undoEdit):
		in, err = g.resolveUndoEdit(undoEdit)
	case errors.As(err, &redo):
		err = g.resolveRedo(redo)
	case errors.As(err, &bootMenu):
		in, err = g.resolveBootMenu(cat, bootMenu)
	case errors.As(err, &deleteGeneration):
		err = g.resolveDeleteGeneration(deleteGeneration)
	}
	if err != nil {
		return intent.Intent{}, err
	}
	if err := gcLimit(text, in); err != nil {
		// Refused here, so explain says what running it would (and
		// counted under gc, as a guard refusal is under its intent).
		return in, err
	}
	if len(in.And) > 0 {
		// One phrase that asks for two settings ("enable ssh with keys
		// only"): each is checked as if said alone.
		var all []intent.Intent
		for _, part := range in.Parts() {
			p, err := checkParsed(ctx, g, cat, text, part)
			if err != nil {
				return p, err
			}
			all = append(all, p.Parts()...)
		}
		// "remove google dns and use google dns": said before anything
		// is read, explain included, as for parts said apart.
		return intent.Join(all), guard.CheckParts(all)
	}
	checked, err := checkParsed(ctx, g, cat, text, in)
	var rej *guard.Rejection
	if errors.As(err, &rej) {
		// "set timezone to UTC and hostname to box" reads as one odd
		// time zone; as two requests it may be two good ones.
		if parts, ok := parse.SplitRequests(text); ok {
			return understandParts(ctx, g, cat, parts)
		}
	}
	return checked, err
}

// checkParsed is everything after the parser for one intent: the
// package and option index's readings, then the guard.
func checkParsed(ctx context.Context, g *globals, cat *lazyCatalog, text string, in intent.Intent) (intent.Intent, error) {
	var err error
	in = cat.joinWords(text, in)
	in = cat.moduleWords(text, in)
	in = g.removedJoined(cat, text, in)
	if err := cat.sideBySide(text, in); err != nil {
		return in, err
	}
	in = cat.foldCase(text, in)
	if in, err = cat.dottedVersions(text, in); err != nil {
		return intent.Intent{}, err
	}
	in = cat.dropKinds(text, in)
	in = cat.programNames(in)
	if err := cat.unlistedNames(text, in); err != nil {
		return intent.Intent{}, err
	}
	in = g.removedPrograms(cat, in)
	in = cat.switchByPath(in)
	if in, err = cat.moduleInstead(text, in); err != nil {
		return intent.Intent{}, err
	}
	in, notes := g.serviceRemoved(cat, in)
	cat.notes = append(cat.notes, notes...)
	// What the parser took for granted ("opened as TCP").
	for _, p := range in.Parts() {
		cat.notes = append(cat.notes, p.Notes...)
		if p.Kind == intent.Install {
			// "install python3 and python3Packages.numpy": python3
			// cannot import numpy that way.
			if note := intent.PythonNote(p.Packages); note != "" {
				cat.notes = append(cat.notes, note)
			}
			cat.notes = append(cat.notes, cat.listedAsNotes(p.Packages)...)
			cat.notes = append(cat.notes, cat.meantNotes(p.Packages)...)
			cat.notes = append(cat.notes, cat.unavailableNotes(p.Packages)...)
			cat.notes = append(cat.notes, cat.serviceNotes(p.Packages)...)
		}
	}
	if in, err = checkTimeZone(g, in); err != nil {
		return in, err
	}
	check := cat.forIntent(in)
	for _, a := range in.And {
		// Services turned off instead of removed: checked as said alone.
		if err := guard.CheckIntent(a, cat.forIntent(a)); err != nil {
			return a, err
		}
	}
	// On a refusal the parsed intent still comes back, so the refusal
	// is counted under the intent it refused. Its notes are not said: a
	// note on how to use a package ("not importable by python4") is
	// noise about a name that is then refused.
	if err := guard.CheckIntent(in, check); err != nil {
		cat.notes = nil
		return in, err
	}
	// Each note is said once, also when several parts share the index.
	if cat.noted == nil {
		cat.noted = map[string]bool{}
	}
	for _, n := range cat.notes {
		if !cat.noted[n] {
			fmt.Fprintf(g.stderr, "note: %s\n", n)
			cat.noted[n] = true
		}
	}
	cat.notes = nil
	return in, nil
}

// understandParts understands each of several requests said as one
// (parse.SplitRequests) and joins them: the first, with the others as
// And. A part that is refused refuses the whole, so nothing is written.
func understandParts(ctx context.Context, g *globals, cat *lazyCatalog, parts []string) (intent.Intent, error) {
	// Every part is parsed, once, before any is read further: "install
	// nginx and enable it": the install's note that nginx is also a
	// service to enable is not said.
	parsed := make([]intent.Intent, len(parts))
	parseErrs := make([]error, len(parts))
	for i, part := range parts {
		parsed[i], parseErrs[i] = parseRequest(part)
		if parseErrs[i] == nil && parsed[i].Kind == intent.EnableService {
			if cat.alsoEnabled == nil {
				cat.alsoEnabled = map[string]bool{}
			}
			cat.alsoEnabled[parsed[i].Option] = true
		}
	}
	var all []intent.Intent
	for i, part := range parts {
		in, err := understandParsed(ctx, g, cat, part, parsed[i], parseErrs[i])
		var rej *guard.Rejection
		switch {
		case errors.As(err, &rej):
			// Which part, also in --json's reason.
			named := *rej
			named.Reason = fmt.Sprintf("in %q: %s", part, rej.Reason)
			return in, &named
		case err != nil:
			return in, err // a not-understood part names itself
		}
		last := i == len(parts)-1
		if !in.Kind.Writes() && !(last && in.Kind == intent.Apply && i > 0) {
			// Each part parsed as an edit (or, last, an apply); the
			// catalog's readings (a module instead of a package) stay
			// edits. Kept so a later reading that is not cannot slip
			// into the write.
			return in, fmt.Errorf("%q does not edit the configuration, so it cannot be said together with other changes: ask for it on its own", part)
		}
		for _, p := range in.Parts() {
			if !slices.ContainsFunc(all, func(q intent.Intent) bool { return sameChange(p, q) }) {
				all = append(all, p)
			}
		}
	}
	if err := guard.CheckParts(all); err != nil {
		// Said before anything is read or written, explain included.
		return intent.Join(all), err
	}
	return intent.Join(all), nil
}

// sameChange: two parts ask for one and the same change, as "install
// steam and enable it" does once steam is read as its module: the second
// is said once, not refused as a contradiction of the first. What the
// reader noted and the words it named the service by do not count.
func sameChange(a, b intent.Intent) bool {
	a.Notes, b.Notes, a.Service, b.Service = nil, nil, "", ""
	return reflect.DeepEqual(a, b)
}

// helpExamples is what "help" (or "what can you do") answers.
var helpExamples = []string{
	"install firefox and htop",
	"remove htop",
	"enable ssh",
	"install git and open port 443",
	"disable ssh password login",
	"disable bluetooth",
	"open ports 80 and 443",
	"set timezone to Europe/Berlin",
	"set keyboard layout to de",
	"make vim my default editor",
	"enable ntfs support",
	"disable sleep",
	"list installed",
	"is ssh enabled?",
	"is port 443 open?",
	"search editor",
	"undo the last change",
	"undo the last 3 changes",
	"roll back",
	"reboot into the previous generation",
	"what generations do I have",
	"clean up old generations, keep 5",
	"delete generations older than 30 days every week",
	"update my system",
	"update only the nixpkgs input",
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
	printRequestExamples(g.stdout)
	fmt.Fprintln(g.stdout, "`ask-nix --help` lists the commands and flags.")
	return nil
}

// printRequestExamples lists requests to try, for `ask-nix help` and the
// help request.
func printRequestExamples(w io.Writer) {
	fmt.Fprintln(w, "Say what you want in plain words, for example:")
	for _, e := range helpExamples {
		fmt.Fprintf(w, "  ask-nix %q\n", e)
	}
}

// requestText joins command-line words into one request.
func requestText(args []string) string { return strings.Join(args, " ") }

// profileCommand reports whether text is a command line that changes a
// user's profile ("nix-env -iA nixos.firefox", "nix profile install
// nixpkgs#htop"), which ask-nix reads as a change to the system instead.
func profileCommand(text string) bool {
	f := strings.Fields(strings.ToLower(text))
	if len(f) > 0 && f[0] == "sudo" {
		f = f[1:]
	}
	return len(f) > 1 && (f[0] == "nix-env" || f[0] == "nix" && f[1] == "profile")
}
