package parse

import "github.com/nix-humanity/nix-humanity/intent"

// "Port forwarding" is three things on a NixOS machine, and none of them
// is what most people who say it mean more than the others:
//
//   - the kernel routing packets between interfaces (a router, a VPN exit
//     node): boot.kernel.sysctl."net.ipv4.ip_forward", which ask-nix
//     writes for "enable ip forwarding";
//   - SSH's tunnels (`ssh -L`, `ssh -R`): sshd's AllowTcpForwarding,
//     services.openssh.settings.AllowTcpForwarding, which is yes by
//     default, so there is nothing to turn on;
//   - a port passed on to another port or machine (networking.nat.forwardPorts,
//     with networking.nat.enable), or, most often for a newcomer who
//     hosts a game server, a rule on the home router that sends a port
//     to this machine, which NixOS has no part in beyond opening the port.
//
// Writing any one of them for "enable port forwarding" would be a guess:
// the sysctl, the only one a bare switch could write, makes the machine
// route other machines' packets, which a newcomer asking for "port
// forwarding" (most often for a game server behind a home router)
// seldom means, and SSH's needs nothing written. So the request is not
// understood, nothing is written (exit 2), and the answer names each as
// a request ask-nix does understand. Said with SSH ("ssh port
// forwarding") it is SSH's alone.

// portForwardingWords are the service words (as serviceKey has them) of
// port forwarding, said without saying which; sshForwardingWords of
// SSH's.
var portForwardingWords, sshForwardingWords map[string]bool

// portForwardingAsked answers "enable port forwarding", "disable port
// forwarding", "set up ssh port forwarding"; nil for other words.
func portForwardingAsked(text string, kind intent.Kind, key string) error {
	const unchanged = "; nothing was changed"
	switch {
	case sshForwardingWords[key] && kind == intent.EnableService:
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable ssh"), sug(intent.ShowOption, "is ssh enabled")},
			Hint: "SSH's port forwarding (`ssh -L 8080:localhost:80 host`, `ssh -R`) is allowed by NixOS's SSH server unless it is turned off " +
				"(services.openssh.settings.AllowTcpForwarding, yes by default): \"enable ssh\" is all it needs" + unchanged}
	case sshForwardingWords[key] && kind == intent.DisableService:
		// The setting is one of sshd's free-form settings, whose type
		// (any atom) the guard cannot check a value against: written by
		// hand, not by ask-nix.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ShowOption, "show option services.openssh.settings")},
			Hint: "SSH's port forwarding is the SSH server's setting AllowTcpForwarding: services.openssh.settings.AllowTcpForwarding = false; in configuration.nix " +
				"stops `ssh -L` and `ssh -R` through this machine; ask-nix does not write it (sshd's free-form settings take any value, which it cannot check); the SSH server stays on" + unchanged}
	case !portForwardingWords[key] || kind != intent.EnableService && kind != intent.DisableService:
		return nil
	case kind == intent.DisableService:
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "disable ip forwarding"), sug(intent.ShowOption, "show option networking.nat.forwardPorts")},
			Hint: "port forwarding is one of three things, so say which: the kernel routing packets between interfaces (\"disable ip forwarding\"), " +
				"SSH's tunnels (services.openssh.settings.AllowTcpForwarding = false; in configuration.nix), or ports passed on to another machine " +
				"(networking.nat.forwardPorts, which ask-nix does not write either)" + unchanged}
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.SetOption, "enable ip forwarding"), sug(intent.EnableService, "enable ssh"), sug(intent.ShowOption, "show option networking.nat.forwardPorts")},
		Hint: "port forwarding is one of three things, so say which: the kernel routing packets between interfaces, for a router or a VPN exit node (\"enable ip forwarding\", net.ipv4.ip_forward); " +
			"SSH's tunnels, `ssh -L` and `ssh -R`, which the SSH server allows by default (\"enable ssh\"); " +
			"or a port passed on to another port or machine, networking.nat.forwardPorts with networking.nat.enable (\"show option networking.nat.forwardPorts\"), a list ask-nix does not write. " +
			"A port forwarded to this machine by your home router (for a game server, say) is set on the router; here it only needs opening (\"open port 25565\")" + unchanged}
}

func loadPortForward() {
	portForwardingLead = set("allow", "enable", "set", "setup", "up", "configure", "turn", "on", "i", "want", "need", "to",
		"do", "can", "add", "get", "make", "use", "some", "how", "would", "like", "please", "we", "activate")
	portForwardingOff = set("disable", "block", "stop", "off", "deny", "disallow", "remove", "no", "dont", "not")
	portForwardingWords = set("portforwarding", "portforward", "portforwards", "portforwardings", "forwarding",
		"portforwardingrules", "portforwardingrule", "forwardingports", "forwardports", "tcpforwarding",
		"portmapping", "portredirection", "portredirect")
	sshForwardingWords = set("sshportforwarding", "sshtcpforwarding", "sshforwarding", "sshtunnels", "sshtunneling",
		"sshtunnelling", "sshtunnel", "sshdportforwarding", "sshdtcpforwarding", "allowtcpforwarding", "opensshportforwarding")
}

// rulePortForwarding: "allow port forwarding", "port forwarding", "i
// want port forwarding for minecraft", "stop port forwarding": port
// forwarding said with no service verb the service rule reads, answered
// as "enable port forwarding" is (portForwardingAsked). Only the words
// of asking may come before "port forwarding", and after it only what
// it is for ("for minecraft").
func rulePortForwarding(text string, ts []token) (intent.Intent, bool, error) {
	at := -1
	for i := 0; i+1 < len(ts); i++ {
		if (ts[i].w == "port" || ts[i].w == "ports") && (ts[i+1].w == "forwarding" || ts[i+1].w == "forward" || ts[i+1].w == "forwards") && !ts[i].quoted && !ts[i+1].quoted {
			at = i
			break
		}
	}
	if at < 0 {
		return intent.Intent{}, false, nil
	}
	kind := intent.EnableService
	for _, t := range ts[:at] {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case portForwardingOff[t.w]:
			kind = intent.DisableService
		case portForwardingLead[t.w] || stopwords[t.lem]:
		default:
			return intent.Intent{}, false, nil
		}
	}
	if rest := ts[at+2:]; len(rest) > 0 && (rest[0].quoted || rest[0].w != "for" && rest[0].w != "on" && rest[0].w != "in" && rest[0].w != "to") {
		return intent.Intent{}, false, nil
	}
	return intent.Intent{}, true, portForwardingAsked(text, kind, "portforwarding")
}

// portForwardingLead are the words that may ask for port forwarding
// before it is named; portForwardingOff those that ask it gone.
var portForwardingLead, portForwardingOff map[string]bool
