package parse

import (
	"errors"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// howLead open a question about how to do something; howTrail are the
// words after it that name where ("on nixos").
var howLead, howTrail []phrase

// ruleHowTo: "how do I install steam", "how can I enable ssh on nixos",
// "how to open port 80": a question about a request ask-nix understands.
// A change is answered with that request to say, never carried out:
// asking how is not asking for it to be done (and "how do I roll back"
// must not roll back). A question that only reads is answered. A question about something else falls through to the other
// rules and, in the end, the suggestions.
func ruleHowTo(text string, ts []token) (intent.Intent, bool, error) {
	if len(ts) < 3 || ts[0].quoted {
		return intent.Intent{}, false, nil
	}
	if in, ok, err := whatItDoes(text, ts); ok {
		return in, true, err
	}
	// "is it possible to install htop", "is there a way to enable ssh":
	// asked whether it can be done, as "how" asks how.
	asked := prefix(ts, askLead)
	whatIf := prefix(ts, whatIfLead)
	if whatIf > 0 {
		asked = whatIf
	}
	how := ts[0].w == "how" || asked > 0
	if !how && !mayLead[ts[0].w] {
		return intent.Intent{}, false, nil
	}
	n := prefix(ts, howLead)
	if asked > 0 {
		n = asked
	}
	if !how {
		// "can I install steam?", "should I enable the firewall": asked,
		// not asked for. "can I get firefox" is a polite request.
		n = 0
		if ts[1].w == "i" || ts[1].w == "we" {
			n = 2
		}
		if n == 0 || ts[2].quoted || ts[2].w == "get" || ts[2].w == "have" || ts[2].w == "please" {
			return intent.Intent{}, false, nil
		}
	}
	if n == 0 || n == len(ts) {
		return intent.Intent{}, false, nil
	}
	rest := ts[n:]
	if k := suffix(rest, howTrail); k > 0 && k < len(rest) {
		rest = rest[:len(rest)-k]
	}
	said := text[rest[0].start:rest[len(rest)-1].end]
	if rest[0].quoted || rest[len(rest)-1].quoted {
		return intent.Intent{}, false, nil
	}
	in, err := parse(said, false)
	var nu *intent.NotUnderstood
	var us *UnknownService
	suggested := false // in is a suggestion's kind only, without its words
	switch {
	case errors.As(err, &us) && us.Kind.Writes():
		// "how do I enable doas", "can I enable doas": a switch only
		// the option index may know. Its guesses (services.doas.enable)
		// are no answer to give as one.
		return intent.Intent{}, true, unknownAsked(text, said, us)
	case err != nil && !how:
		// "should I restart": other rules know such questions.
		return intent.Intent{}, false, nil
	case err == nil:
	case errors.As(err, &nu) && len(nu.Suggestions) == 1 && nu.Hint == "":
		// "how do I instal steam": the one request meant.
		in.Kind, said = nu.Suggestions[0].Kind, nu.Suggestions[0].Example
		suggested = true
	case how && nu != nil && nu.Hint == "" && len(rest) >= 2 && (rest[0].lem == "install" || rest[0].lem == "remove" || rest[0].lem == "uninstall") && genericThing(rest[1:]):
		// "how to install a package": by its name, which search finds.
		verb, kind := rest[0].w, intent.Remove
		if rest[0].lem == "install" {
			kind = intent.Install
		}
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(kind, verb+" firefox"), sug(intent.Search, "search pdf reader")},
			Hint:        "say \"" + verb + " <name>\" with the package's name (\"" + verb + " firefox\"; ask-nix shows the plan before it writes anything), and \"search <what it does>\" finds the name; nothing was changed"}
	case how && nu != nil && nu.Hint == "" && len(nu.Suggestions) > 1 && !slices.ContainsFunc(nu.Suggestions, func(s intent.Suggestion) bool { return !s.Kind.Writes() }):
		// "how can I allow ssh": the request is one of several
		// changes; each is named, none made.
		says := make([]string, len(nu.Suggestions))
		for i, s := range nu.Suggestions {
			says[i] = "\"" + s.Example + "\""
		}
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Suggestions: nu.Suggestions,
			Hint: "\"" + said + "\" may be any of these: to have ask-nix do one, say " + strings.Join(says, " or ") + " (it shows the plan before it writes anything); nothing was changed"}
	case nu != nil && nu.Hint != "":
		// "how do I disable updates for firefox": what ask-nix says to
		// the request itself is the answer (here: there is no such
		// switch), not suggestions for other words.
		answer := *nu
		answer.Request = text
		return intent.Intent{}, true, &answer
	default:
		return intent.Intent{}, false, nil
	}
	switch in.Kind {
	case intent.Help:
		return intent.Intent{}, false, nil
	case intent.Search, intent.ListGenerations, intent.SystemInfo, intent.ListInstalled, intent.Status, intent.ShowOption:
		// "how do I see my generations": showing them is the answer,
		// and it changes nothing. "how do I search for a package": the
		// suggestion's example ("search firefox") is said, not run (it
		// ran a search for nothing, which was refused).
		if !suggested {
			return in, true, nil
		}
	}
	hint := "to have ask-nix do it, say \"" + said + "\""
	if in.Kind.Writes() {
		hint += " (it shows the plan before it writes anything)"
	}
	if whatIf > 0 && in.Kind.Writes() {
		// "what would happen if I remove firefox": the plan is the
		// answer, and a dry run shows it without writing.
		hint = "`ask-nix --dry-run \"" + said + "\"` shows what \"" + said + "\" would change, and changes nothing; " + hint
	}
	return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(in.Kind, said)},
		Hint:        hint + "; nothing was changed"}
}

// unknownAsked answers a question how to turn on or off a switch the
// service table does not know (us, from said): the suggestions that
// name something real (the nearest known services, the path of a
// switch outside services.*), and said itself, which the option index
// looks up when there is one; never a guessed option name said as fact.
func unknownAsked(text, said string, us *UnknownService) *intent.NotUnderstood {
	var ss []intent.Suggestion
	for _, s := range us.Suggestions {
		if !guessed(s, us.Said) {
			ss = append(ss, s)
		}
	}
	key, _ := oneServiceName(us.Said)
	if o := otherSwitch(key); o != "" && key != "" {
		// "how do I enable sudo": security.sudo, said by its path.
		say := serviceVerb(us.Kind) + " " + o
		return &intent.NotUnderstood{Request: text, Suggestions: ss,
			Hint: "to have ask-nix do it, say \"" + say + "\" (it shows the plan before it writes anything); nothing was changed"}
	}
	ss = append([]intent.Suggestion{sug(us.Kind, said)}, ss...)
	return &intent.NotUnderstood{Request: text, Suggestions: ss[:min(3, len(ss))],
		Hint: "\"" + us.Said + "\" is no switch ask-nix knows by name: with the NixOS option index built (`ask-nix index update`), \"" + said + "\" looks it up among every *.enable option; nothing was changed"}
}

// askLead open a question whether something can be done: "is it
// possible to", "is there a way to"; whatIfLead one about what it would
// do: "what would happen if I".
var askLead, whatIfLead []phrase

// whatItDoes answers "what does enable ssh do", "what would open port 80
// do": a request said inside a question about it. A setting is shown as
// "show option" shows it (its value and what it is), which changes
// nothing; any other change is answered with the dry run that shows it.
// ok false: no such question.
func whatItDoes(text string, ts []token) (intent.Intent, bool, error) {
	n := len(ts)
	if n < 4 || ts[0].w != "what" || ts[n-1].w != "do" || ts[n-1].quoted ||
		!(ts[1].w == "does" || ts[1].w == "would" || ts[1].w == "will") {
		return intent.Intent{}, false, nil
	}
	said := text[ts[2].start:ts[n-2].end]
	in, err := parse(said, false)
	if err != nil || !in.Kind.Writes() {
		return intent.Intent{}, false, nil
	}
	if in.Option != "" && len(in.And) == 0 && (in.Kind == intent.EnableService || in.Kind == intent.DisableService ||
		in.Kind == intent.SetOption && (in.Change == "" || in.Change == intent.ChangeSet)) {
		return intent.Intent{Kind: intent.ShowOption, Option: in.Option, Service: in.Service}, true, nil
	}
	return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(in.Kind, said)},
		Hint: "`ask-nix --dry-run \"" + said + "\"` shows what \"" + said + "\" would change, and changes nothing; nothing was changed"}
}

// mayLead start a question whether to do something: "can I", "should I".
var mayLead map[string]bool

// loadHowTo builds this file's tables (see tablesOnce).
func loadHowTo() {
	howLead = phrases("how do i", "how can i", "how to", "how would i", "how should i", "how do you",
		"how can you", "how do we", "how can we", "how i can", "how does one", "how do i go about",
		"how can i go about")
	askLead = phrases("is it possible to", "is it even possible to", "is there a way to", "is there any way to",
		"is there a way i can", "is there any way i can", "is it ok to", "is it okay to", "is it safe to",
		"is it fine to", "is it allowed to", "am i able to", "are we able to", "am i allowed to",
		"can nixos", "can nix", "does nixos let me", "i wonder if i can", "i wonder whether i can",
		"do you know if i can", "do you know how to", "is it hard to", "is it easy to",
		// asking leave or advice, not asking for it ("would it be
		// possible to" asks for it, politely: politeLead)
		"would it be ok to", "would it be okay to", "would it be safe to", "would it be fine to",
		"is it a good idea to", "would it be a good idea to", "is it wise to", "would it be wise to")
	whatIfLead = phrases("what would happen if i", "what happens if i", "what will happen if i", "what if i",
		"what would happen if we", "what happens if we", "what would happen if you", "what happens if you",
		"what would it do if i")
	howTrail = phrases("on nixos", "in nixos", "on nix", "with nix", "with nixos", "using nix",
		"on my system", "on this machine", "with ask-nix")
}

// genericThing: ts names no package, only that it is one ("a package",
// "some software", "an app").
func genericThing(ts []token) bool {
	for _, t := range ts {
		switch t.w {
		case "a", "an", "the", "some", "any", "new", "package", "packages", "program", "programs", "app", "apps", "application", "applications", "software", "something", "stuff", "things":
		default:
			return false
		}
	}
	return true
}

// loadHowtoTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadHowtoTables() {
	mayLead = map[string]bool{"can": true, "could": true, "should": true, "may": true, "shall": true}
}
