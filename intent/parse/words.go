package parse

import (
	"strings"
)

// phrase is a sequence of lemmas.
type phrase []string

func phrases(ss ...string) []phrase {
	out := make([]phrase, len(ss))
	for i, s := range ss {
		out[i] = strings.Fields(s)
	}
	if loadingTables && len(out) >= minIndexed {
		indexPhrases(out)
	}
	return out
}

// phraseIndex holds a signature of each phrase's first and last words
// (wordSig), side by side, for prefix and suffix: a list of up to a
// hundred phrases is ruled out by comparing numbers in one small array,
// not by reaching each phrase's words. It costs 8 bytes a phrase, built
// once; maps of the phrases by word cost a one-request run (explain) 60
// page faults more than they saved it.
type phraseIndex struct {
	ps          []phrase // the list (its length: a shorter slice of it is not indexed)
	first, last []uint32
}

// phraseIndexes are the indexes of the lists phrases built while
// loadTables ran, by the list's first element. They are written only
// there, under tablesOnce, and read after; a list built otherwise, or
// appended to or sliced since, has none and is read phrase by phrase.
var (
	loadingTables bool
	phraseIndexes map[*phrase]*phraseIndex
)

// minIndexed is the shortest list indexed: a shorter one is read as
// fast phrase by phrase.
const minIndexed = 8

func indexPhrases(ps []phrase) {
	sigs := make([]uint32, 2*len(ps))
	ix := &phraseIndex{ps: ps, first: sigs[:len(ps)], last: sigs[len(ps):]}
	for i, p := range ps {
		if len(p) > 0 { // an empty phrase is never a match: 0 matches no word
			ix.first[i], ix.last[i] = wordSig(p[0]), wordSig(p[len(p)-1])
		}
	}
	if phraseIndexes == nil {
		phraseIndexes = map[*phrase]*phraseIndex{}
	}
	phraseIndexes[&ps[0]] = ix
}

// wordSig is a number equal for equal words and mostly different for
// different ones: the length and three of the bytes. 0 is no word's.
func wordSig(w string) uint32 {
	if w == "" {
		return 0
	}
	return uint32(len(w))<<24 | uint32(w[0])<<16 | uint32(w[len(w)/2])<<8 | uint32(w[len(w)-1])
}

// indexOf returns ps's index, or nil.
func indexOf(ps []phrase) *phraseIndex {
	if len(ps) < minIndexed {
		return nil
	}
	if ix := phraseIndexes[&ps[0]]; ix != nil && len(ix.ps) == len(ps) {
		return ix
	}
	return nil
}

// at reports whether ts[i:] starts with p (unquoted words only).
func (p phrase) at(ts []token, i int) bool {
	if i+len(p) > len(ts) {
		return false
	}
	for k, w := range p {
		t := &ts[i+k] // in place: a copy of the token costs more than the test
		if t.quoted || (t.lem != w && t.w != w) {
			return false
		}
	}
	return true
}

// prefix returns the length of the longest phrase that starts ts, or 0.
func prefix(ts []token, ps []phrase) int {
	if len(ts) == 0 || ts[0].quoted {
		return 0
	}
	// The first word rules out nearly every phrase (the lists hold up
	// to a hundred): in an indexed list, by its signature alone.
	w, lem := ts[0].w, ts[0].lem
	if ix := indexOf(ps); ix != nil {
		sw, sl, best := wordSig(w), wordSig(lem), 0
		for i, s := range ix.first {
			if (s == sw || s == sl) && len(ps[i]) > best && ps[i].at(ts, 0) {
				best = len(ps[i])
			}
		}
		return best
	}
	return prefixScan(ts, ps, w, lem, 0)
}

// prefixScan is prefix read phrase by phrase, w and lem being the first
// token's, best the longest match so far.
func prefixScan(ts []token, ps []phrase, w, lem string, best int) int {
	for _, p := range ps {
		if len(p) > best && (p[0] == w || p[0] == lem) && p.at(ts, 0) {
			best = len(p)
		}
	}
	return best
}

// suffix returns the length of the longest phrase that ends ts, or 0.
func suffix(ts []token, ps []phrase) int {
	if len(ts) == 0 || ts[len(ts)-1].quoted {
		return 0
	}
	w, lem := ts[len(ts)-1].w, ts[len(ts)-1].lem // as in prefix, the last word first
	if ix := indexOf(ps); ix != nil {
		sw, sl, best := wordSig(w), wordSig(lem), 0
		for i, s := range ix.last {
			if (s == sw || s == sl) && len(ps[i]) > best && len(ps[i]) <= len(ts) && ps[i].at(ts, len(ts)-len(ps[i])) {
				best = len(ps[i])
			}
		}
		return best
	}
	return suffixScan(ts, ps, w, lem, 0)
}

// suffixScan is suffix read phrase by phrase, as prefixScan.
func suffixScan(ts []token, ps []phrase, w, lem string, best int) int {
	for _, p := range ps {
		if len(p) > best && len(p) <= len(ts) && (p[len(p)-1] == w || p[len(p)-1] == lem) && p.at(ts, len(ts)-len(p)) {
			best = len(p)
		}
	}
	return best
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// The tables of this file, built by loadWords on first use (see
// loadTables).
var (
	politeLead, politeTrail, packageTrail, foreignPlease, foreignThanks  []phrase
	requestLeads                                                         map[string]bool
	stopwords, packageFillers, notPackages, wholeSetWords, categoryWords map[string]bool
	whenWords                                                            map[string]bool
	foreignVerbs                                                         map[string]foreignVerb
	actionVerbs                                                          map[string]string
)

// foreignVerb is a verb of foreignVerbs: the English one it is, and
// small words of its language with the English ones they are.
type foreignVerb struct {
	verb  string
	words map[string]string
}

// asksQuestion reports whether ts (polite words trimmed) is a question
// rather than a request: it starts with a question word ("is vim the
// default editor", "are ntfs drives supported"). The rules that read a
// whole sentence as a setting must not turn a question into an edit.
func asksQuestion(ts []token) bool {
	if len(ts) == 0 || ts[0].quoted {
		return false
	}
	switch ts[0].w {
	case "is", "are", "was", "were", "does", "did", "which", "what", "who", "whether", "why", "how":
		return true
	}
	return false
}

// IsKindOfProgram reports whether w names a kind of program ("browser",
// "editor", "player") rather than a package.
func IsKindOfProgram(w string) bool {
	loadTables()
	return categoryWords[w]
}

// IsKindNoun reports whether w names a package but, said before a kind
// of program, is part of what kind it is ("email" in "email client").
func IsKindNoun(w string) bool {
	loadTables()
	return kindNouns[w]
}

func loadWords() {
	// politeLead are openings that carry no meaning of their own. Phrases
	// that do ("i need" = install) are not here.
	politeLead = phrases(
		"hey", "hi", "hello", "ok", "okay", "so", "um", "uh", "please", "kindly",
		"just", "now", "then", "ask-nix", "yo", "dear",
		// Chat openings: "btw also install htop", "quick q: is ssh on?".
		"next", "btw", "by the way", "sup", "actually", "i said", "wait", "mind",
		"quick question", "quick q", "question", "one more thing", "oh and", "oh", "first", "firstly", "first of all",
		"never mind", "nevermind",
		"could you", "can you", "would you", "will you", "could you maybe",
		"would you mind", "do you mind", "would you be so kind as to",
		"would you kindly", "can you please", "could you please",
		"i need you to", "i want you to", "i would like you to",
		"i would like to", "i would love to", "i want to", "i need to",
		"i have to", "i must", "we need to", "we want to", "let us", "go ahead and",
		"help me", "try to", "can we", "could we",
		"completely", "fully", "totally", "permanently",
		"i would like you to please", "i am trying to", "i am going to",
		"i think i want to", "i think i need to", "time to", "how about you",
		"be so kind as to", "i wonder if you could", "can not you", "could not you",
		"will not you", "would not you", "why not",
		"would it be possible to", "could it be possible to", "can you", "can u", "could u", "would u",
		"thanks", "thx", "thank you", "let me",
		"good morning", "good afternoon", "good evening", "hi there", "hey there", "hello there",
		// "and install htop", "also enable ssh": a request said after another.
		"and", "also", "and also", "plus",
	)

	// politeTrail are closings that carry no meaning.
	politeTrail = phrases(
		"please", "thanks", "thank you", "thank you very much", "thx", "ty",
		"for me", "for me please", "now", "right now", "asap", "if you can", "btw", "real quick", "would you", "will you",
		"for me would you", "could you", "if you would",
		"if possible", "if you could", "quickly", "thanks a lot", "cheers",
		"on my system", "on this system", "on the system", "on my machine",
		"on this machine", "on my computer", "on this computer", "on my laptop",
		"on my server", "on this server", "on the server", "on my box", "on this box", "on this host", "on my desktop", "on this pc",
		"on this laptop", "on my pc", "system-wide", "systemwide", "globally",
		"for all users", "to my system", "to the system", "to this system",
		"to my machine", "to my computer", "from my system", "from the system",
		"from this system", "from my machine", "from my computer",
		"from this machine", "from my laptop", "please and thank you",
		"right away", "straight away", "please and thanks", "and thanks", "and thank you", "immediately",
		// Chat closings: "install vlc k thx bye" (never kthxbye).
		"bye", "k thx", "k thx bye", "thx bye", "thanks bye", "cheers mate", "thanks mate",
		"thx mate", "ty mate", "n thx", "n thanks", "and thx", ":d", ":p", ";d", ";p", "<3", "thx in advance", "thanks in advance",
		"thank you so much", "thanks so much", "thx so much", "much appreciated", "appreciate it", "i appreciate it",
		"thanks a bunch", "many thanks", "thank u", "tysm", "tyvm", "thankyou",
	)
	// thanks in the languages people mix into English requests ("install
	// firefox, danke"); no word of them is a nixpkgs name
	// (TestGlueWordsAreNoPackages)
	foreignThanks = phrases("danke", "danke schön", "danke schon", "dankeschön", "vielen dank",
		"gracias", "muchas gracias", "merci", "merci beaucoup",
		"grazie", "grazie mille")
	politeTrail = append(politeTrail, foreignThanks...)
	indexPhrases(politeTrail) // the list appended to is a new one

	// foreignPlease are "please" in other languages ("install firefox
	// bitte"), dropped anywhere as "please" is. No word of them is a
	// nixpkgs name (TestGlueWordsAreNoPackages); "svp" is one (a
	// library), so it is not here.
	foreignPlease = phrases("bitte", "bitteschön", "bitte schön", "bitte schon",
		"por favor", "per favore", "s'il vous plaît", "s'il vous plait",
		"s'il te plaît", "s'il te plait")

	// foreignVerbs are "install" and "remove" in the languages of
	// foreignPlease (and Portuguese and Dutch), read as the verb when a
	// request begins with one ("installe firefox", "entferne vim
	// bitte"), with that language's small words read as their English
	// ones ("installe firefox et vim pour moi": and, for me), so that
	// none is taken for a package. Other verbs are asked for in English.
	// No verb of them is a nixpkgs name (TestGlueWordsAreNoPackages);
	// "et" is one, and is a name after an English verb.
	fr := map[string]string{"et": "and", "le": "the", "la": "the", "les": "the", "un": "a", "une": "a",
		"pour": "for", "moi": "me", "paquet": "package", "logiciel": "program", "maintenant": "now", "tout": "everything"}
	de := map[string]string{"und": "and", "der": "the", "die": "the", "das": "the", "den": "the", "dem": "the",
		"ein": "a", "eine": "a", "für": "for", "mich": "me", "mir": "me", "paket": "package", "jetzt": "now", "alles": "everything"}
	esPt := map[string]string{"y": "and", "e": "and", "el": "the", "los": "the", "las": "the", "o": "the", "os": "the",
		"una": "a", "um": "a", "uma": "a", "para": "for", "mí": "me", "mim": "me", "paquete": "package", "pacote": "package",
		"ahora": "now", "agora": "now", "todo": "everything", "tudo": "everything"}
	it := map[string]string{"e": "and", "il": "the", "lo": "the", "gli": "the", "uno": "a", "una": "a",
		"pacchetto": "package", "ora": "now", "adesso": "now", "tutto": "everything"}
	nl := map[string]string{"en": "and", "het": "the", "de": "the", "een": "a", "voor": "for", "mij": "me",
		"pakket": "package", "nu": "now", "alles": "everything"}
	foreignVerbs = map[string]foreignVerb{
		"installe": {"install", fr}, "installer": {"install", fr}, "installez": {"install", fr},
		"installiere": {"install", de}, "installieren": {"install", de},
		"instala": {"install", esPt}, "instalar": {"install", esPt}, "instale": {"install", esPt},
		"installa": {"install", it}, "installare": {"install", it},
		"installeer": {"install", nl}, "installeren": {"install", nl},
		"supprime": {"remove", fr}, "supprimer": {"remove", fr}, "supprimez": {"remove", fr},
		"désinstalle": {"remove", fr}, "désinstaller": {"remove", fr}, "desinstalle": {"remove", fr}, "desinstaller": {"remove", fr},
		"entferne": {"remove", de}, "entfernen": {"remove", de}, "deinstalliere": {"remove", de}, "deinstallieren": {"remove", de},
		"desinstala": {"remove", esPt}, "desinstalar": {"remove", esPt}, "elimina": {"remove", esPt}, "eliminar": {"remove", esPt},
		"remova": {"remove", esPt}, "remover": {"remove", esPt},
		"rimuovi": {"remove", it}, "rimuovere": {"remove", it}, "disinstalla": {"remove", it}, "disinstallare": {"remove", it},
		"verwijder": {"remove", nl}, "verwijderen": {"remove", nl},
	}

	// stopwords are ignored when a request is read as a bag of words.
	stopwords = set("the", "my", "me", "a", "an", "our", "this", "that", "it",
		"all", "please", "of", "for", "i", "is", "are", "do", "does", "did",
		"have", "has", "am", "can", "you", "your", "to", "on", "in", "currently",
		"right", "now", "here", "any", "some", "just", "what", "which", "there",
		"we", "us", "be", "will", "would", "could", "should", "again", "with",
		"and", "about", "so", "at", "tell", "let", "know", "see", "ask-nix",
		"completely", "entirely", "fully", "totally", "altogether", "permanently")

	// packageFillers are skipped in a list of packages: "install the git
	// package and also vim" is git and vim.
	packageFillers = set("and", "also", "plus", "&", "the", "a", "an",
		"some", "package", "program", "app", "application", "tool",
		"software", "called", "named", "as", "well", "too", "with", "then",
		"latest", "newest", "newer", "new", "version", "of", "both", "along", "together",
		"nixpkgs", "pkgs", "best", "good", "nice", "decent", "simple", "lightweight",
		"completely", "entirely", "fully", "totally", "altogether", "permanently")

	// packageTrail are closings of a package list.
	packageTrail = phrases("anymore", "any more", "installed", "too",
		"as well", "please", "for me", "from nixpkgs", "from pkgs", "any longer",
		"to my packages", "from my packages", "to the packages", "from the packages",
		"to the package list", "from the package list", "for now", "again", "back",
		"to the system packages", "to system packages", "to my system packages",
		"from the system packages", "from system packages", "from my system packages",
		"to environment.systempackages", "from environment.systempackages",
		"to systempackages", "from systempackages", "to my systempackages", "from my systempackages",
		// "add htop to my config", "remove vim from configuration.nix":
		// the system's configuration, which ask-nix's fragment is part of
		"to my config", "to the config", "to my configuration", "to the configuration",
		"to my nixos config", "to my nixos configuration", "to my system config", "to my system configuration",
		"to configuration.nix", "to my configuration.nix", "in my configuration.nix", "in configuration.nix",
		"in my config", "in my configuration", "in my nixos config",
		"from my config", "from the config", "from my configuration", "from the configuration",
		"from my nixos config", "from my nixos configuration", "from my system config", "from my system configuration",
		"from configuration.nix", "from my configuration.nix",
		// how: declared, as ask-nix does anyway
		"via nix", "with nix", "using nix", "declaratively", "the nixos way", "the nix way",
		// what environment.systemPackages is anyway
		"system wide", "system-wide", "systemwide", "for everyone", "for all users",
		"for every user", "globally")

	// notPackages are words that glue a sentence together; one left in a
	// package list means the request said more than a list of packages
	// ("add alice to wheel"). None is a nixpkgs name but "via", which
	// packages() reads as a name when it stands alone
	// (TestGlueWordsAreNoPackages).
	notPackages = set("to", "from", "into", "in", "on", "for", "my", "your",
		"our", "this", "that", "is", "it", "by", "onto", "via",
		// "remove firefox and its data": what it left behind is no
		// package, and not something ask-nix removes
		"its", "their", "them",
		// conditions and exceptions: "install firefox but not chrome"
		"but", "not", "except", "without", "unless", "if", "rather", "than",
		// "install firefox only for me": per-user packages are not the
		// system's list
		"only",
		// "install what I had before"
		"i", "what", "had", "before", "something",
		// "install firefox and then restart": the machine, which ask-nix
		// does not do
		"restart", "reboot", "reboots", "restarts", "shutdown",
		// "install firefox properly", "install firefox here": how or
		// where it is wanted, never a name beside firefox
		"here", "properly", "correctly", "anyway", "already", "alone",
		"once", "immediately", "first", "twice", "fast", "silently", "quietly", "away")

	// whenWords say when a change is wanted ("install firefox later"):
	// ask-nix makes a change when asked, and schedules none. None is a
	// nixpkgs name (TestGlueWordsAreNoPackages).
	whenWords = set("later", "tonight", "tomorrow", "soon", "eventually", "someday", "afterwards")

	// wholeSetWords ask for every package at once ("remove all packages",
	// "install everything"): no nixpkgs name, and not a request ask-nix
	// guesses at.
	wholeSetWords = set("all", "everything", "every", "anything", "something", "stuff", "nothing")

	// categoryWords name kinds of program, not packages ("install a
	// browser", "install a text editor"): none is a nixpkgs name
	// (TestGlueWordsAreNoPackages), and search finds the packages.
	categoryWords = set("browser", "editor", "editors", "text", "terminal", "terminals",
		"player", "players", "music", "video", "videos", "games", "game", "office", "photo", "photos",
		"image", "images", "viewer", "manager", "ide", "web", "code", "mail", "client", "password",
		"passwords", "screenshot", "screenshots", "media", "pdf", "chat", "messenger", "compiler",
		"antivirus", "vpn", "torrent", "backup", "calendar", "spreadsheet", "readers",
		"ebook", "ebooks", "note-taking", "audio", "recorder", "launcher", "font", "fonts",
		"typeface", "dictionary", "dictionaries", "suite", "processor",
		// "install mysql server", "install postgres database": what the
		// name is, never a package named server (suggested as one).
		"server", "database")

	// actionVerbs are words that start a request of their own: in a list of
	// packages they mean two requests were run together ("install git and
	// remove vim"), and ask-nix does one thing at a time.
	requestLeads = map[string]bool{}
	for _, w := range []string{"open", "close", "set", "change", "turn", "switch", "roll", "go",
		"revert", "start", "stop", "clean", "collect", "keep", "show", "list", "allow", "block",
		"make", "rename", "upgrade", "update", "enable", "disable", "delete", "remove", "uninstall"} {
		requestLeads[w] = true
	}
	actionVerbs = map[string]string{
		"install": "install", "uninstall": "remove", "remove": "remove",
		"delete": "remove", "search": "search", "find": "search",
		"enable": "enable-service", "disable": "disable-service",
		"update": "update", "upgrade": "update", "rollback": "rollback",
		"undo": "undo", "apply": "apply", "rebuild": "apply", "add": "install",
	}
}

// has reports whether ts holds one of words (unquoted).
func has(ts []token, words ...string) bool {
	// The words' lengths first: a word no unquoted token is as long as
	// is ruled out by one test, not a comparison with each token (the
	// rules ask this hundreds of times of one request).
	// Tokens are read in place (ts[i]), not copied: a token is six
	// fields, and a copy of each, each time, was most of the cost.
	var lens uint64
	for i := range ts {
		if !ts[i].quoted {
			lens |= 1 << (len(ts[i].w) & 63)
		}
	}
	for _, w := range words {
		if lens&(1<<(len(w)&63)) == 0 {
			continue
		}
		for i := range ts {
			if !ts[i].quoted && ts[i].w == w {
				return true
			}
		}
	}
	return false
}
