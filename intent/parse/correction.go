package parse

import (
	"errors"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// A correction is a request said again after an answer the person did
// not want: "no, install chromium instead", "sorry, I meant htop",
// "install chromium instead". It is the request it holds, and nothing
// more: what was said before is not taken back ("instead" removes
// nothing), since ask-nix keeps no conversation to know what it was.

// correctionWords open a correction; strongCorrection are the ones that
// say nothing else (never "no" alone: "no docker" is against docker).
var (
	correctionWords  map[string]bool
	strongCorrection map[string]bool
	meantLead        []phrase
)

// correctionSaid finds a correction's opening: the words before the
// request and the request after them. comma reports that the opening
// ends with a comma ("no, install chromium"), or says it was meant
// ("i meant install chromium", "sorry install chromium"); without
// either, "no install chromium" may say do not. ok is false for text
// that opens with none, or is only an opening ("no", "sorry").
func correctionSaid(text string) (rest string, comma, ok bool) {
	first, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	first = strings.ToLower(strings.TrimRight(first, ",.!:;"))
	if !correctionWords[first] && first != "i" && first != "what" && first != "scratch" && first != "my" {
		return "", false, false // most requests: no tokens made twice
	}
	ts := tokenize(text)
	n, said, strong := 0, false, false
	for n < len(ts) && !ts[n].quoted {
		if k := prefix(ts[n:], meantLead); k > 0 {
			n += k
			said, strong = true, true
			continue
		}
		if !correctionWords[ts[n].w] {
			break
		}
		// "actually", "wait", "ok" are polite openings of their own:
		// only with a word that corrects.
		said = said || ts[n].w == "no" || ts[n].w == "nope" || ts[n].w == "nah" || strongCorrection[ts[n].w]
		strong = strong || strongCorrection[ts[n].w]
		n++
		if n < len(ts) && commaBefore(text, ts[n-1], ts[n]) {
			comma = true
		}
	}
	if !said || n == 0 || n >= len(ts) {
		return "", false, false
	}
	rest = strings.TrimLeft(text[ts[n-1].end:], " \t,;:.!-–—")
	if rest == "" {
		return "", false, false
	}
	return rest, comma || strong, true
}

// correctionOf reads text as a correction: the request after the opening,
// with text as the request not understood when it is none. ok is false
// when text is no correction, or one to read as said first (no comma:
// "no longer block port 22"), which the caller does.
func correctionOf(text string) (intent.Intent, bool, error) {
	rest, comma, ok := correctionSaid(text)
	if !ok || !comma {
		return intent.Intent{}, false, nil
	}
	in, err := Parse(rest)
	var nu *intent.NotUnderstood
	if errors.As(err, &nu) {
		// "oops, I removed firefox": a whole answered as said first
		// (the mishap) keeps that answer.
		var whole *intent.NotUnderstood
		if _, err2 := parse(text, false); errors.As(err2, &whole) && whole.Hint != "" {
			return intent.Intent{}, false, nil
		}
		nu.Request = text
	}
	return in, true, err
}

// noSaidFirst answers "no install chromium", a request after "no" with
// no comma: a correction ("no, install chromium"), or "do not install
// chromium"? Asked, with the request suggested; nil when the words
// after "no" are no request that writes.
func noSaidFirst(text string) *intent.NotUnderstood {
	rest, comma, ok := correctionSaid(text)
	if !ok || comma {
		return nil
	}
	in, err := Parse(rest)
	if err != nil || !in.Kind.Writes() {
		return nil
	}
	return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(in.Kind, rest)},
		Hint: "\"no\" before a request may take back what was said before or say not to do it: to have it done, say \"" + rest + "\" alone; nothing was changed"}
}

// insteadDropped reads "install chromium instead", "enable sddm
// instead": the request without the "instead" it ends with, which takes
// nothing out (a note says so). ok is false when text ends otherwise,
// or the request without it writes nothing or is not understood.
// "instead" said after "and" or alone ("install instead") is no
// correction.
func insteadDropped(text string) (intent.Intent, bool) {
	ts := tokenize(text)
	n := len(ts)
	for k := suffix(ts, politeTrail); k > 0 && k < n; k = suffix(ts[:n], politeTrail) {
		n -= k // "install chromium instead please"
	}
	if n < 3 || ts[n-1].quoted || ts[n-1].w != "instead" || !ts[n-2].quoted && (joiner(ts[n-2].w) || ts[n-2].w == "or") {
		return intent.Intent{}, false
	}
	said := strings.TrimRight(text[:ts[n-1].start], " \t,;:-")
	in, err := Parse(said)
	if err != nil || !in.Kind.Writes() {
		return intent.Intent{}, false
	}
	in.Notes = append(in.Notes, "\"instead\" changes nothing else: what the configuration has stays; to take something out too, say so (\"replace firefox with chromium\", \"disable gdm\")")
	return in, true
}

// loadCorrectionTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadCorrectionTables() {
	correctionWords = map[string]bool{"no": true, "nope": true, "nah": true, "sorry": true, "oops": true, "whoops": true, "wait": true, "actually": true, "hmm": true, "ok": true, "okay": true}
	strongCorrection = map[string]bool{"sorry": true, "oops": true, "whoops": true}
	meantLead = phrases("i meant", "i mean", "i meant to say", "i mean to say", "what i meant was", "scratch that", "my bad", "my mistake")
}
