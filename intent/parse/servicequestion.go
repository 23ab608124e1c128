package parse

import "github.com/nix-humanity/nix-humanity/intent"

// serviceStates are the words that ask whether a service is on: "is ssh
// enabled", "is the firewall on", "is docker running".
var serviceStates map[string]bool

// ruleServiceQuestion: a question about one service: "is ssh enabled?",
// "is the firewall on", "do I have docker running", "check whether
// bluetooth is enabled". The answer is show-option for the service's
// enable option: what the configuration sets it to. The request must
// start as a question and end in a state word, and the words between
// must name a service of ask-nix's table; anything else is left to the
// other rules ("is firefox installed" is list-installed).
func ruleServiceQuestion(text string, ts []token) (intent.Intent, bool, error) {
	n := 0
	switch {
	case ts[0].w == "is" || ts[0].w == "are":
		n = 1
	case (ts[0].w == "do" || ts[0].w == "does") && len(ts) > 2 && (ts[1].w == "i" || ts[1].w == "we" || ts[1].w == "it") && ts[2].w == "have":
		n = 3
	case (ts[0].w == "check" || ts[0].w == "tell") && len(ts) > 2 && (ts[1].w == "if" || ts[1].w == "whether"):
		n = 2
	default:
		return intent.Intent{}, false, nil
	}
	end := len(ts)
	for end > n && !ts[end-1].quoted && (serviceStates[ts[end-1].w] || ts[end-1].w == "is" || ts[end-1].w == "are" ||
		ts[end-1].w == "turned" || ts[end-1].w == "switched" || ts[end-1].w == "now" || ts[end-1].w == "currently" || ts[end-1].w == "already") {
		end--
	}
	said := false
	for _, t := range ts[end:] {
		said = said || serviceStates[t.w]
	}
	rest := ts[n:end]
	for len(rest) > 1 && !rest[0].quoted && (rest[0].w == "the" || rest[0].w == "my" || serviceLead[rest[0].w]) {
		rest = rest[1:]
	}
	if !said || len(rest) == 0 {
		return intent.Intent{}, false, nil
	}
	rest = dropServiceTrail(rest)
	option, ok := serviceOption(joinW(rest))
	if !ok {
		return intent.Intent{}, false, nil
	}
	return intent.Intent{Kind: intent.ShowOption, Option: option, Service: joinW(rest)}, true, nil
}

// loadServiceQuestion builds this file's tables (see tablesOnce).
func loadServiceQuestion() {
	serviceStates = map[string]bool{
		"enabled": true, "on": true, "running": true, "active": true, "started": true,
		"up": true, "set": true, "configured": true,
	}
}
