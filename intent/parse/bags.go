package parse

import "github.com/nix-humanity/nix-humanity/intent"

// A bag reads a request that takes no argument as a bag of words: every
// word must belong to the intent's vocabulary (or be a stopword), and one
// of its trigger sets must be present. "what generations do I have",
// "show me my generations" and "list generations" are one bag; a word
// outside the vocabulary ("delete old generations") sends the request on
// to the other rules.
type bag struct {
	kind     intent.Kind
	vocab    map[string]bool
	triggers [][]string
}

func (b *bag) match(ts []token) bool {
	for i := range ts {
		t := &ts[i] // in place, as in has
		if t.quoted || !(stopwords[t.lem] || b.vocab[t.lem] || b.vocab[t.w]) {
			return false
		}
	}
	for _, trig := range b.triggers {
		if hasAll(ts, trig) {
			return true
		}
	}
	return false
}

func hasAll(ts []token, words []string) bool {
outer:
	for _, w := range words {
		for i := range ts {
			if ts[i].lem == w || ts[i].w == w {
				continue outer
			}
		}
		return false
	}
	return true
}

func trig(ss ...string) [][]string {
	ps := phrases(ss...)
	out := make([][]string, len(ps))
	for i, p := range ps {
		out[i] = p
	}
	return out
}

// The tables of this file, built by loadBags on first use (see
// loadTables).
var (
	bags        []*bag
	helpPhrases map[string]bool
)

func loadBags() {
	// bags in the order they are tried: earlier ones win where vocabularies
	// overlap ("is my system up to date" is status, not update).
	bags = []*bag{
		{intent.Help,
			set("help", "usage", "command", "how", "use", "work", "example", "tool",
				"available", "show", "list", "option", "need", "want", "get", "started",
				"start", "guide", "manual", "documentation", "doc", "docs", "this", "thing"),
			trig("help", "usage", "command", "how use", "how work", "can do", "get started",
				"example", "manual", "documentation")},
		{intent.Status,
			set("status", "show", "check", "state", "reconciler", "daemon", "system", "go",
				"happening", "doing", "done", "finish", "finished", "ready", "up", "date",
				"progress", "current", "how", "get", "nixos", "build", "building", "running",
				"last", "reconcile", "service", "health", "healthy", "ok", "okay", "working",
				"everything", "fine", "nix-humanity", "nix-humanityd", "yet", "already",
				"need", "needed", "should", "reboot", "restart", "required", "pending", "why", "fail", "failed",
				"failing", "failure", "error", "errors", "wrong", "went", "broken", "break",
				"broke", "pass", "alive", "me", "show", "update", "upgrade", "rollback", "rolled",
				"happen", "happened", "something", "anything", "work", "worked", "succeed",
				"succeeded", "success", "successful", "when", "rebuild", "rebuilt", "switched", "applied", "was", "were",
				// "why did nixos-rebuild fail", "why did the switch fail"
				"nixos-rebuild", "switch", "activation", "evaluation"),
			trig("when last", "status", "state", "progress", "how go", "done", "finished", "up date",
				"doing", "happening", "health", "healthy", "building", "everything ok",
				"everything okay", "everything fine", "working", "need reboot", "reboot needed", "should reboot", "should restart",
				"reboot required", "reboot pending", "need restart", "fail", "failed",
				"failing", "failure", "error", "errors", "wrong", "broken", "broke",
				"daemon running", "reconciler running", "daemon alive", "nix-humanityd running",
				"nix-humanity running", "why", "work", "worked",
				"succeed", "succeeded", "successful")},
		{intent.Undo,
			set("undo", "last", "change", "edit", "previous", "request", "revert", "take",
				"back", "did", "latest", "recent", "most", "one", "made", "ask", "asked",
				"thing", "step", "command", "whatever"),
			trig("undo", "revert change", "revert edit", "take back", "revert request")},
		{intent.Apply,
			set("apply", "change", "configuration", "config", "rebuild", "switch", "pending",
				"activate", "build", "deploy", "nixos-rebuild", "system", "make", "go", "ahead",
				"effect", "take", "new", "fragment", "edit", "nixos"),
			trig("apply", "rebuild", "deploy", "switch", "activate change",
				"activate configuration", "make so", "take effect", "nixos-rebuild")},
		{intent.ListInstalled,
			set("list", "show", "installed", "install", "package", "have", "view",
				"display", "get", "software", "program", "app", "managed", "by",
				"everything", "got", "tool", "application", "did"),
			trig("installed", "list package", "show package", "package have",
				"did install", "list software", "show software", "list program", "show program")},
		{intent.ListGenerations,
			set("list", "show", "generation", "available", "system", "nixos", "boot",
				"entry", "view", "display", "get", "exist", "many", "how", "old", "previous",
				"past", "existing", "number", "history", "current", "running", "active",
				"booted", "which", "what", "on", "am", "use", "using"),
			trig("generation")},
		{intent.Rollback,
			set("roll", "back", "rollback", "revert", "go", "previous", "last", "prior",
				"earlier", "old", "generation", "system", "configuration", "config",
				"switch", "return", "restore", "working", "good", "known", "state",
				"version", "undo", "update", "upgrade", "one", "before", "change", "nixos",
				"one", "step"),
			trig("rollback", "roll back", "revert", "go back", "switch back",
				"previous generation", "previous system", "previous configuration",
				"previous config", "previous version", "undo update", "undo upgrade",
				"undo system", "last working", "last good")},
		{intent.SystemInfo,
			set("system", "info", "information", "show", "detail", "nixos", "version",
				"running", "run", "kernel", "display", "get", "spec", "machine", "computer",
				"os", "uname", "hardware", "host", "give", "overview", "summary", "hostname",
				"uptime", "time", "zone", "timezone", "disk", "space", "much", "left", "free",
				"store", "size", "big", "long", "up", "been", "name", "tell", "have", "has",
				"do", "does", "is", "are", "remaining", "available", "how", "nix", "use",
				"uses", "using", "take", "takes", "occupy", "occupies"),
			trig("info", "information", "detail", "version", "kernel", "spec", "uname",
				"overview", "summary", "hostname", "host name", "uptime", "how long up",
				"time zone", "timezone", "much disk", "much space", "space left",
				"store size", "big store")},
		{intent.Update,
			set("update", "upgrade", "system", "everything", "nixos", "package", "channel",
				"flake", "input", "latest", "get", "install", "bring", "up", "date", "lock",
				"newest", "software", "computer", "machine", "new", "version", "os", "run",
				"full", "complete", "nixpkgs", "dependency",
				"repository", "repo", "source"),
			trig("update", "upgrade", "get latest", "install latest", "bring date", "get newest",
				"newest package", "latest package",
				// "install new version of nixos" installed a package named
				// nixos ("install new packages" stays no update).
				"install new nixos", "get new nixos")},
	}

	// helpPhrases are whole requests that ask for help in words the bags
	// would read otherwise.
	helpPhrases = set("what can you do", "what can i do", "how does this work",
		"how do i use this", "what can i ask", "what do you do", "what are you",
		// Asked of ask-nix by its name: not a search for a package.
		"what does ask-nix do", "what is ask-nix", "what can ask-nix do", "how does ask-nix work",
		"how do i use ask-nix", "what is this", "what does this do", "what does this tool do", "who are you")
}

// askedOfAction answers a question in the words of a bag that acts on
// the system ("are there updates", "any updates?", "is there a
// rollback"): they ran the update or the rollback. The request that
// does it is offered, with where the answer is; nil when ts asks no
// such question or kind changes nothing.
func askedOfAction(text string, ts []token, kind intent.Kind) *intent.NotUnderstood {
	if len(ts) < 2 || ts[0].quoted {
		return nil
	}
	switch ts[0].w {
	case "is", "are", "was", "were", "any", "anything", "has":
	case "have", "did", "do":
		// "do a rollback" is no question: "do" and "have" lead
		// imperatives too; "have you run the update", "did you update
		// my system", "do i need to update" ask.
		if t := ts[1]; t.quoted || t.w != "you" && t.w != "i" && t.w != "we" {
			return nil
		}
	default:
		return nil
	}
	var ss []intent.Suggestion
	var where string
	switch kind {
	case intent.Update:
		ss = []intent.Suggestion{sug(intent.Update, "update my system"), sug(intent.Status, "status")}
		where = "whether nixpkgs has moved on is known only by fetching it: \"update my system\" fetches the channels or flake inputs and rebuilds when anything changed (`ask-nix --dry-run \"update my system\"` says what it would run); `ask-nix status` shows the last pass"
	case intent.Rollback:
		ss = []intent.Suggestion{sug(intent.ListGenerations, "list generations"), sug(intent.Rollback, "roll back")}
		where = "`ask-nix generations` lists the generations there are to go back to; \"roll back\" goes to the one before"
	case intent.Apply:
		ss = []intent.Suggestion{sug(intent.Status, "status"), sug(intent.Apply, "apply")}
		where = "`ask-nix status` says whether the fragment was changed since the last pass; \"apply\" runs one"
	case intent.Undo:
		ss = []intent.Suggestion{sug(intent.Undo, "undo")}
		where = "`ask-nix history` lists the edits there are to take back; \"undo\" takes back the newest"
	default:
		return nil
	}
	return &intent.NotUnderstood{Request: text, Suggestions: ss, Hint: "a question changes nothing: " + where + "; nothing was changed"}
}
