package parse

import "strings"

// maxParts bounds how many requests one text may hold: a person says two
// or three things at once, and every split point tried costs a parse.
const maxParts = 4

// SplitRequests reads text as several requests that each edit the
// fragment, joined by "and" or "then": "install firefox and enable ssh",
// "open port 80, then set timezone to UTC". It returns the parts as they
// were typed, in order, when every part is understood on its own; false
// when the text is no such list (including when it is one request).
// Callers try it only for text Parse does not understand as a whole, so
// "install git and vim" stays one request.
func SplitRequests(text string) ([]string, bool) {
	loadTables()
	ts := tokenize(text)
	if len(ts) > 3*maxParts*8 {
		return nil, false
	}
	return splitFrom(text, ts, 0, 1)
}

// splitFrom splits text[from:] (whose tokens are ts) into editing
// requests; depth counts the parts so far.
func splitFrom(text string, ts []token, from, depth int) ([]string, bool) {
	for i, t := range ts {
		if t.quoted || !joiner(t.w) || i == 0 {
			continue
		}
		j := i
		for j < len(ts) && !ts[j].quoted && joiner(ts[j].w) {
			j++ // "and then", "and also"
		}
		if j == len(ts) {
			break
		}
		left := trimPart(text[from:t.start])
		if !editsAlone(left) {
			continue
		}
		rest := text[:ts[j].start]
		right := trimPart(text[partStart(rest, ts[j]):])
		if editsAlone(right) {
			return []string{left, right}, true
		}
		if depth+1 < maxParts {
			if more, ok := splitFrom(text, ts[j:], partStart(rest, ts[j]), depth+1); ok {
				return append([]string{left}, more...), true
			}
		}
	}
	return nil, false
}

// joiner reports whether w joins two requests.
func joiner(w string) bool {
	switch w {
	case "and", "then", "also", "&", "afterwards", "plus":
		return true
	}
	return false
}

// partStart is where token t's part begins in the text: at its opening
// quote when it is quoted.
func partStart(before string, t token) int {
	if t.quoted {
		return strings.LastIndexAny(before, "\"'“‘«`")
	}
	return t.start
}

// trimPart drops the spaces and commas a part was joined with.
func trimPart(s string) string {
	return strings.Trim(s, " \t\n,;")
}

// editsAlone reports whether s is one request that edits the fragment.
func editsAlone(s string) bool {
	if s == "" {
		return false
	}
	in, err := Parse(s)
	return err == nil && in.Kind.Writes()
}
