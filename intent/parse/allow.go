package parse

import (
	"github.com/nix-humanity/nix-humanity/intent"
)

// allowWords and denyWords switch the switch-table settings marked allow
// the way enable and disable do: "allow ping", "block pings".
var allowWords, denyWords, notWords []phrase

func loadAllow() {
	allowWords = phrases("allow", "permit", "accept", "answer", "respond to", "reply to", "unblock")
	denyWords = phrases("block", "deny", "drop", "ignore", "reject", "forbid", "disallow",
		"stop answering", "stop responding to", "stop replying to")
	notWords = phrases("do not", "never")
}

// ruleAllow: "allow ping", "block pings", "do not answer pings". A
// set-option of true or false on a switch-table setting that takes these
// verbs; "enable ping" and "disable ipv6" are ruleService's.
func ruleAllow(text string, ts []token) (intent.Intent, bool, error) {
	neg := false
	if n := prefix(ts, notWords); n > 0 && n < len(ts) {
		neg, ts = true, ts[n:]
	}
	on := true
	n := prefix(ts, allowWords)
	if n == 0 {
		on, n = false, prefix(ts, denyWords)
	}
	if n == 0 || n == len(ts) {
		return intent.Intent{}, false, nil
	}
	rest := ts[n:]
	for len(rest) > 1 && rest[0].w == "the" && !rest[0].quoted {
		rest = rest[1:]
	}
	for _, s := range switchTable {
		if !s.allow {
			continue
		}
		for _, name := range s.names {
			if serviceKey(joinW(rest)) == serviceKey(name) {
				return intent.Intent{Kind: intent.SetOption, Option: s.option, Value: on != neg}, true, nil
			}
		}
	}
	return intent.Intent{}, false, nil
}
