package parse

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/nix-humanity/nix-humanity/intent"
)

// maxParts bounds how many requests one text may hold: a person says two
// or three things at once, and every split point tried costs a parse.
const maxParts = 4

// SplitRequests reads text as several requests that each edit the
// fragment, joined by "and", "then" or a comma: "install firefox and enable ssh",
// "open port 80, then set timezone to UTC", "enable ssh and docker" (the
// verb carried over). The last may instead ask for a pass now: "install
// htop and rebuild". It returns the parts as they were typed (with a
// carried verb before them), in order, when every part is understood on
// its own; false when the text is no such list (including when it is one
// request).
// Callers try it only for text Parse does not understand as a whole, so
// "install git and vim" stays one request.
func SplitRequests(text string) ([]string, bool) {
	loadTables()
	ts := tokenize(text)
	if len(ts) > 3*maxParts*8 {
		return nil, false
	}
	return splitFrom(text, ts, 0, 1, "", "", nil)
}

// SplitRequestsKnowing is SplitRequests where a part may also be a
// service the parser does not know by name, turned on or off ("enable
// iwd and disable networkmanager"), when known says the option index
// has it; that part is then read as when said alone.
func SplitRequestsKnowing(text string, known func(*UnknownService) bool) ([]string, bool) {
	loadTables()
	ts := tokenize(text)
	if len(ts) > 3*maxParts*8 {
		return nil, false
	}
	return splitFrom(text, ts, 0, 1, "", "", known)
}

// splitFrom splits text[from:] (whose tokens are ts) into editing
// requests; depth counts the parts so far. verb is the enable, disable,
// open or close said before, which carries over to a part without one of
// its own ("enable ssh and docker" is "enable ssh" and "enable docker").
// prev is the part said before, which a pronoun names ("install steam
// and enable it": "enable steam").
func splitFrom(text string, ts []token, from, depth int, verb, prev string, known func(*UnknownService) bool) ([]string, bool) {
	for i := 1; i < len(ts); i++ {
		t := ts[i]
		j := i
		switch {
		case !t.quoted && joiner(t.w):
			for j < len(ts) && !ts[j].quoted && joiner(ts[j].w) {
				j++ // "and then", "and also"
			}
		case ts[i-1].end <= t.start && strings.ContainsAny(text[ts[i-1].end:t.start], ",.!"):
			// A full stop ends a sentence as a comma ends a clause:
			// "install firefox. enable ssh."
			// "enable ssh, bluetooth and docker": a comma joins too. (Words
			// a contraction becomes share its place: "what's".)
		default:
			continue
		}
		if j == len(ts) {
			break
		}
		if portWord(ts[j]) {
			// "open ports 80 and 443", "open 53 udp and 80": a list of
			// numbers goes on, not "open ports 80" and "open 443".
			continue
		}
		left := trimPart(text[from:t.start])
		leftVerb := switchVerbText(text, ts[:i])
		if !editsAlone(left, known) {
			switch named := pronounNamed(left, prev); {
			case len(named) == 1 && editsAlone(named[0], known):
				// "..., then enable it and open port 22"
				left = named[0]
			case verb == "" || leftVerb != "" || ownVerb(ts[0]) || !editsAlone(verb+" "+left, known):
				continue
			default:
				left = verb + " " + left
			}
		}
		if leftVerb == "" {
			leftVerb = verb
		}
		start := partStart(text[:ts[j].start], ts[j])
		right := trimPart(text[start:])
		switch {
		case endsAlone(right, known):
			return []string{left, right}, true
		case leftVerb != "" && switchVerbText(text, ts[j:]) == "" && !ownVerb(ts[j]) && editsAlone(leftVerb+" "+right, known):
			return []string{left, leftVerb + " " + right}, true
		}
		if named := pronounNamed(right, left); len(named) > 0 && !slices.ContainsFunc(named, func(p string) bool { return !endsAlone(p, known) }) {
			// "install steam and enable it": "enable steam"; "enable
			// them": each.
			return append([]string{left}, named...), true
		}
		if depth+1 < maxParts {
			if more, ok := splitFrom(text, ts[j:], start, depth+1, leftVerb, left, known); ok {
				return append([]string{left}, more...), true
			}
		}
	}
	return nil, false
}

// switchVerbText is the verb ts starts with that carries over to a part
// without one: enable or disable ("turn on"), open or close (a port), set
// or change (a setting), as typed, after polite words; "" when there is
// none.
func switchVerbText(text string, ts []token) string {
	ts = trimPolite(ts)
	_, n := switchVerb(ts)
	if n == 0 && len(ts) > 0 && !ts[0].quoted {
		switch ts[0].w {
		case "open", "close", "set", "change":
			n = 1
		}
	}
	if n > 0 && n < len(ts) {
		return text[ts[0].start:ts[n-1].end]
	}
	return ""
}

// joiner reports whether w joins two requests.
func joiner(w string) bool {
	switch w {
	case "and", "then", "also", "&", "afterwards", "plus", "but", "after", "that", "next":
		return true
	}
	return false
}

// partStart is where token t's part begins in the text: at its opening
// quote when it is quoted. before is the text up to t, so the quote is
// its last rune; it is checked against the quotes tokenize opens with
// (closeQuote), so the two cannot disagree, and when it is not one, the
// part begins at t itself.
func partStart(before string, t token) int {
	if t.quoted {
		if r, size := utf8.DecodeLastRuneInString(before); size > 0 && len(before) == t.start {
			if _, ok := closeQuote[r]; ok {
				return len(before) - size
			}
		}
	}
	return t.start
}

// trimPart drops the spaces and commas a part was joined with.
func trimPart(s string) string {
	return strings.Trim(s, " \t\n,;.!")
}

// endsAlone reports whether s can be the last part on its own: an edit,
// or a pass now ("rebuild": "install htop and rebuild").
func endsAlone(s string, known func(*UnknownService) bool) bool {
	if s == "" {
		return false
	}
	in, err := Parse(s)
	return err == nil && (in.Kind.Writes() || in.Kind == intent.Apply) || unknownSwitch(err, known) || versionsSaid(err)
}

// unknownSwitch: a service the parser does not know by name, turned on
// or off ("enable iwd"), which known says the option index has.
func unknownSwitch(err error, known func(*UnknownService) bool) bool {
	var u *UnknownService
	return known != nil && errors.As(err, &u) && u.Kind.Writes() && known(u)
}

// editsAlone reports whether s is one request that edits the fragment.
func editsAlone(s string, known func(*UnknownService) bool) bool {
	if s == "" {
		return false
	}
	in, err := Parse(s)
	return err == nil && in.Kind.Writes() || unknownSwitch(err, known) || versionsSaid(err)
}

// versionsSaid: an install or remove naming versions ("install node
// 20"), an edit once the package index names them (cmd/ask-nix), read
// as when said alone.
func versionsSaid(err error) bool {
	var vp *VersionedPackages
	return errors.As(err, &vp)
}

// portWord: a port number, 80/tcp or a range, as one item of a list.
func portWord(t token) bool {
	return !t.quoted && (isNumeric(t) || portSuffix(t.w) != "" || rangeToken(t.w) != nil)
}

// ownVerb: t asks for something itself ("then reboot", "and update"),
// so the verb said before never carries over to it ("enable reboot").
func ownVerb(t token) bool {
	if t.quoted {
		return false
	}
	if _, ok := actionVerbs[t.lem]; ok {
		return true
	}
	switch t.lem {
	case "reboot", "restart", "shutdown", "poweroff", "halt", "rebuild", "collect", "clean", "roll", "undo", "list", "show":
		return true
	}
	return false
}

// pronounNamed is part with its one "it" or "them" replaced by what
// prev installs, removes, or turns on or off ("enable it" after "install steam":
// "enable steam"), one part for each name "them" stands for ("enable
// them" after "install docker and podman": "enable docker", "enable
// podman"); "its service" and "the service" are its ("enable the
// service" after "install tailscale": "enable tailscale service"). None
// when part has no such words, or prev names no package or service
// ("it" for several is no one of them). It is tried only for a part not
// understood as said.
func pronounNamed(part, prev string) []string {
	if prev == "" {
		return nil
	}
	pts := tokenize(part)
	at, one := -1, true
	for k, t := range pts {
		serviceNext := k+1 < len(pts) && !pts[k+1].quoted && (pts[k+1].w == "service" || pts[k+1].w == "daemon")
		if !t.quoted && (t.w == "it" || t.w == "them" || (t.w == "its" || t.w == "the") && serviceNext) {
			// "enable its service", "start the service on boot": the
			// service of what was named.
			if at >= 0 {
				return nil
			}
			at, one = k, t.w != "them"
		}
	}
	if at < 0 {
		return nil
	}
	in, err := Parse(prev)
	if err != nil || len(in.And) > 0 {
		return nil
	}
	var names []string
	switch in.Kind {
	case intent.Install, intent.Remove:
		names = in.Packages
	case intent.EnableService, intent.DisableService:
		if in.Service != "" {
			names = []string{in.Service}
		}
	}
	if len(names) == 0 || one && len(names) > 1 {
		return nil
	}
	out := make([]string, len(names))
	for k, n := range names {
		out[k] = part[:pts[at].start] + n + part[pts[at].end:]
	}
	return out
}
