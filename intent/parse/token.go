package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of a request.
type token struct {
	// w is the word lower-cased, for matching; lem is w reduced to the
	// form the vocabulary uses ("installing" -> "install").
	w, lem string
	// raw is the word as typed, with sentence punctuation around it
	// removed: package names, option paths and values come from raw.
	raw string
	// quoted: raw was written in quotes and is taken verbatim.
	quoted bool
	// start and end are raw's byte offsets in the request, so a value
	// can be cut from the text with its own spacing and punctuation.
	start, end int
}

// tokenize splits a request into words. Quotes group words into one
// verbatim token; commas separate words; sentence punctuation around a
// word is dropped; contractions are spelled out ("don't" -> do not).
func tokenize(text string) []token {
	toks := make([]token, 0, 8)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		if cq, ok := closeQuote[r]; ok {
			if j := findClose(text, i+size, cq); j >= 0 {
				raw := text[i+size : j]
				toks = append(toks, token{w: strings.ToLower(raw), lem: strings.ToLower(raw), raw: raw, quoted: true, start: i + size, end: j})
				i = j + utf8.RuneLen(cq)
				continue
			}
		}
		j := i
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += size
		}
		// Commas separate words ("git,vim"), except inside a value such
		// as a=1,b=2, which is cut from the text anyway.
		for k := i; k < j; {
			c := strings.IndexByte(text[k:j], ',')
			e := j
			if c >= 0 {
				e = k + c
			}
			toks = appendWord(toks, text, k, e)
			k = e + 1
		}
		i = j
	}
	return toks
}

// findClose returns the index of the closing quote cq at or after from,
// if it ends a word (followed by space, punctuation or the end).
func findClose(text string, from int, cq rune) int {
	for k := from; k < len(text); {
		r, size := utf8.DecodeRuneInString(text[k:])
		if r == cq {
			if k+size == len(text) {
				return k
			}
			n, _ := utf8.DecodeRuneInString(text[k+size:])
			if unicode.IsSpace(n) || strings.ContainsRune(".,!?;:)", n) {
				return k
			}
		}
		k += size
	}
	return -1
}

const trailPunct = ".,!?:;)"

func appendWord(toks []token, text string, s, e int) []token {
	for s < e && text[s] == '(' {
		s++
	}
	for e > s && strings.IndexByte(trailPunct, text[e-1]) >= 0 {
		e--
	}
	for {
		// "install firefox…": an ellipsis closes as a full stop does.
		if t, ok := strings.CutSuffix(text[s:e], "…"); ok {
			e = s + len(t)
			for e > s && strings.IndexByte(trailPunct, text[e-1]) >= 0 {
				e--
			}
			continue
		}
		break
	}
	if s >= e || pictographs(text[s:e]) {
		// "enable ssh please 🙏": an emoji says nothing to read.
		return toks
	}
	raw := text[s:e]
	w := strings.ToLower(raw)
	if w == "+" {
		// "install git + vim": a plus said as a sign.
		return append(toks, token{w: "plus", lem: "plus", raw: raw, start: s, end: e})
	}
	if strings.ContainsAny(w, "'’") {
		w = strings.ReplaceAll(w, "’", "'")
		if parts, ok := contraction(w); ok {
			for _, p := range parts {
				toks = append(toks, token{w: p, lem: lemma(p), raw: p, start: s, end: e})
			}
			return toks
		}
	}
	if parts, ok := bareContractions[w]; ok {
		if len(parts) == 1 {
			// "pls": read as please, raw as typed (plsNamed).
			return append(toks, token{w: parts[0], lem: lemma(parts[0]), raw: raw, start: s, end: e})
		}
		for _, p := range parts {
			toks = append(toks, token{w: p, lem: lemma(p), raw: p, start: s, end: e})
		}
		return toks
	}
	return append(toks, token{w: w, lem: lemma(w), raw: raw, start: s, end: e})
}

// pictographs: s is only emoji and other pictographic symbols (with
// their joiners and variation selectors).
func pictographs(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.So, r) && r != 0x200d && !(r >= 0xfe00 && r <= 0xfe0f) && !(r >= 0x1f3fb && r <= 0x1f3ff) {
			return false
		}
	}
	return true
}

// contraction spells out English contractions.
func contraction(w string) ([]string, bool) {
	if p, ok := irregularNot[w]; ok {
		return p, true
	}
	if w == "let's" {
		return []string{"let", "us"}, true
	}
	for _, c := range []struct{ suffix, word string }{
		{"n't", "not"}, {"'s", "is"}, {"'re", "are"}, {"'ve", "have"},
		{"'ll", "will"}, {"'d", "would"}, {"'m", "am"},
	} {
		if base, ok := strings.CutSuffix(w, c.suffix); ok && base != "" && !strings.ContainsAny(base, "'") {
			return []string{base, c.word}, true
		}
	}
	return nil, false
}

func lemma(w string) string {
	if l, ok := lemmas[w]; ok {
		return l
	}
	return w
}

// The tables of this file, built by loadTokens on first use (see
// loadTables).
var (
	closeQuote                     map[rune]rune
	irregularNot, bareContractions map[string][]string
	lemmas                         map[string]string
)

func loadTokens() {
	closeQuote = map[rune]rune{'"': '"', '\'': '\'', '“': '”', '‘': '’', '«': '»', '„': '“'}

	irregularNot = map[string][]string{
		"can't": {"can", "not"}, "won't": {"will", "not"}, "shan't": {"shall", "not"},
	}

	// bareContractions are contractions typed without the apostrophe that
	// cannot be anything else.
	bareContractions = map[string][]string{
		"dont": {"do", "not"}, "doesnt": {"does", "not"}, "didnt": {"did", "not"},
		"cant": {"can", "not"}, "cannot": {"can", "not"}, "isnt": {"is", "not"},
		"wont": {"will", "not"}, "arent": {"are", "not"}, "wasnt": {"was", "not"}, "werent": {"were", "not"},
		"havent": {"have", "not"}, "hasnt": {"has", "not"}, "couldnt": {"could", "not"}, "wouldnt": {"would", "not"},
		"shouldnt": {"should", "not"},
		"whats":    {"what", "is"}, "wanna": {"want", "to"}, "gotta": {"have", "to"},
		"pls": {"please"}, "plz": {"please"}, "lemme": {"let", "me"},
		"lets": {"let", "us"}, "gimme": {"give", "me"},
		// "install vim and/or neovim": which is asked, as for "or".
		"and/or": {"or"},
	}

	// lemmas maps the inflected forms of the vocabulary's words to one form,
	// for matching only (package names are never lemmatised).
	lemmas = map[string]string{
		"installing": "install", "installs": "install",
		"removing": "remove", "uninstalling": "uninstall", "deleting": "delete",
		"enabling": "enable", "disabling": "disable", "activating": "activate",
		"deactivating": "deactivate", "turning": "turn", "switching": "switch",
		"starting": "start", "stopping": "stop", "updating": "update",
		"updates": "update", "upgrading": "upgrade", "upgrades": "upgrade",
		"rolling": "roll", "reverting": "revert", "searching": "search",
		"finding": "find", "looking": "look", "opening": "open", "closing": "close",
		"setting": "set", "changing": "change", "changes": "change",
		"cleaning": "clean", "listing": "list", "showing": "show",
		"getting": "get", "adding": "add", "applying": "apply",
		"rebuilding": "rebuild", "undoing": "undo", "resetting": "reset",
		"unsetting": "unset", "blocking": "block", "allowing": "allow",
		"denying": "deny", "exposing": "expose", "rejecting": "reject", "permitting": "permit",
		"unblocking": "unblock", "filtering": "filter", "accepting": "accept",
		"collecting": "collect", "keeping": "keep", "going": "go",
		"generations": "generation", "gens": "generation", "gen": "generation",
		"packages": "package", "programs": "program", "apps": "app",
		"applications": "application", "tools": "tool", "ports": "port",
		"services": "service", "details": "detail", "entries": "entry",
		"inputs": "input", "channels": "channel", "edits": "edit",
		"days": "day", "weeks": "week", "months": "month", "years": "year", "hours": "hour", "hrs": "hour",
		"purging": "purge", "erasing": "erase", "dropping": "drop",
		"downloading": "download", "configuring": "configure",
		"specs": "spec", "commands": "command", "freeing": "free",
		"deploying": "deploy", "restoring": "restore", "returning": "return",
	}
}
