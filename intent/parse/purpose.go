package parse

import "strings"

// purposeVerbs are what a program is installed to do, said after "to"
// ("install vlc to watch videos").
var purposeVerbs map[string]bool

// notDoing end in -ing and say no purpose: when ("for the evening", a
// while only: temporarily's) or whom ("for everything").
var notDoing map[string]bool

// purposeTail reads "install steam for gaming", "install gimp for photo
// editing", "install vlc to watch videos": what the packages are for,
// said after them, is no package name (they were not understood, with
// the packages alone suggested). The tail is one to four plain words
// after "for" with a word of doing in -ing ("for gaming", "for video
// editing"), or after "to" with a verb of purposeVerbs; no "and" or
// comma, so "install steam for gaming and discord" stays a question. ts
// comes back without the tail, with a note naming it; unchanged (and no
// note) when it has none.
func purposeTail(ts []token) ([]token, string) {
	for k := len(ts) - 2; k >= 1 && k >= len(ts)-5; k-- {
		t := ts[k]
		if t.quoted || t.w != "for" && t.w != "to" {
			continue
		}
		tail := ts[k+1:]
		doing := false
		for i, w := range tail {
			if w.quoted || !lettersOnly(w.w) || w.w == "and" || w.w == "or" || w.w == "but" || w.w == "then" {
				return ts, ""
			}
			switch {
			case t.w == "to" && i == 0:
				doing = purposeVerbs[w.w]
			case notDoing[w.w]:
				return ts, ""
			case t.w == "for" && len(w.w) > 5 && strings.HasSuffix(w.w, "ing"):
				doing = true
			}
		}
		if before := ts[k-1].w; !doing || !lettersOnly(before) || purposeNouns[before] || categoryWords[before] || packageFillers[before] || stopwords[before] {
			// "install an app to edit photos": no package named, a
			// goal (goals.go's).
			return ts, ""
		}
		return ts[:k], "what the packages are for (\"" + joinRaw(ts[k:]) + "\") is no part of their names: installed as named"
	}
	return ts, ""
}

// loadPurposeTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadPurposeTables() {
	purposeVerbs = map[string]bool{"watch": true, "play": true, "edit": true, "listen": true, "record": true,
		"stream": true, "browse": true, "chat": true, "code": true, "write": true, "read": true, "view": true,
		"convert": true, "draw": true, "paint": true, "design": true, "program": true, "develop": true,
		"learn": true, "compile": true, "debug": true, "scan": true, "print": true, "burn": true, "rip": true, "run": true}
	notDoing = map[string]bool{"morning": true, "evening": true, "everything": true, "anything": true,
		"something": true, "nothing": true, "string": true, "spring": true, "during": true}
}
