package parse

import (
	"slices"

	"github.com/nix-humanity/nix-humanity/intent"
)

// rulePortByName: "open the ssh port", "allow http and https through the
// firewall", "open the firewall for web traffic", "close the https port":
// the TCP ports of a few protocols everyone names by name, as if the
// numbers had been said ("open ports 80 and 443"). Every word must be the
// rule's, so "enable ssh" and "open port 22" go to their own rules.
func rulePortByName(text string, ts []token) (intent.Intent, bool, error) {
	if ts[0].quoted || !(openVerbs[ts[0].lem] || closeVerbs[ts[0].lem]) {
		return intent.Intent{}, false, nil
	}
	var ports []int64
	onlySSH, firewallWords := true, false
	for i := 1; i < len(ts); i++ {
		t := ts[i]
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case portNames[t.w] != nil:
			ports = append(ports, portNames[t.w]...)
			onlySSH = onlySSH && (t.w == "ssh" || t.w == "sshd")
		case t.w == "tcp":
			// These are TCP already.
		case portFillers[t.lem] || t.lem == "port" || portNameFillers[t.w]:
			firewallWords = firewallWords || t.lem == "port" || t.w == "firewall" || t.w == "traffic"
		default:
			return intent.Intent{}, false, nil
		}
	}
	if len(ports) == 0 {
		return intent.Intent{}, false, nil
	}
	if onlySSH && !firewallWords {
		// "allow ssh", "open ssh": the port, or the service? Not guessed.
		verb := "open"
		if closeVerbs[ts[0].lem] {
			verb = "close"
		}
		ss := []intent.Suggestion{sug(intent.EnableService, "enable ssh"), sug(intent.SetOption, verb+" the ssh port")}
		if verb == "close" {
			ss[0] = sug(intent.DisableService, "disable ssh")
		}
		return intent.Intent{}, true, notUnderstoodWith(text, ss...)
	}
	slices.Sort(ports)
	ports = slices.Compact(ports)
	in := intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Change: intent.ChangeAdd}
	if closeVerbs[ts[0].lem] {
		in.Change = intent.ChangeRemove
	}
	if len(ports) == 1 {
		in.Value = ports[0]
	} else {
		items := make([]any, len(ports))
		for i, n := range ports {
			items[i] = n
		}
		in.Value = items
	}
	return in, true, nil
}

// The tables of this file, built by loadPortNames on first use (see
// loadTables).
var (
	portNames       map[string][]int64
	portNameFillers map[string]bool
)

func loadPortNames() {
	portNames = map[string][]int64{
		"ssh": {22}, "sshd": {22}, "http": {80}, "https": {443}, "web": {80, 443},
	}
	portNameFillers = set("traffic", "server", "service", "requests", "website", "sites", "site")
}
