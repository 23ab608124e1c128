package parse

import (
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// installers are other systems' package managers and the subcommand
// that installs, then the one that removes: "apt install htop" from
// someone new to NixOS means "install htop".
var installers = map[string][2][]string{
	"apt":     {{"install"}, {"remove", "purge"}},
	"apt-get": {{"install"}, {"remove", "purge"}},
	"dnf":     {{"install"}, {"remove", "erase"}},
	"yum":     {{"install"}, {"remove", "erase"}},
	"zypper":  {{"install", "in"}, {"remove", "rm"}},
	"brew":    {{"install"}, {"uninstall", "remove"}},
	"snap":    {{"install"}, {"remove"}},
	"flatpak": {{"install"}, {"uninstall"}},
	"apk":     {{"add"}, {"del"}},
	"pacman":  {{"-s"}, {"-r", "-rs", "-rns"}},
	"yay":     {{"-s"}, {"-r", "-rs", "-rns"}},
	"paru":    {{"-s"}, {"-r", "-rs", "-rns"}},
}

// ruleOtherCommand: commands of other systems and tools, typed to
// ask-nix, read as the request they make (never run): another
// distribution's package manager ("apt install htop", "pacman -S htop"),
// ufw ("ufw allow 22/tcp", "ufw deny 80", "ufw enable"), timedatectl
// set-timezone, hostnamectl set-hostname, systemctl enable/disable (for
// good, as NixOS does it; start, stop and restart stay systemctl's), and
// nix-shell -p / nix shell / nix run, which try a program without
// installing it: a hint. Each becomes ask-nix's own words, read again.
func ruleOtherCommand(text string, ts []token) (intent.Intent, bool, error) {
	if ts[0].w == "sudo" {
		ts = ts[1:]
	}
	if len(ts) < 2 {
		return intent.Intent{}, false, nil
	}
	for _, t := range ts {
		if t.quoted {
			return intent.Intent{}, false, nil
		}
	}
	raws := func(ts []token) string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = t.raw
		}
		return strings.Join(out, " ")
	}
	var said string
	cmd, sub, rest := ts[0].w, ts[1].w, ts[2:]
	switch {
	case cmd == "ufw":
		said = ufw(ts[1:])
	case cmd == "timedatectl" && sub == "set-timezone" && len(rest) == 1:
		said = "set timezone to " + rest[0].raw
	case cmd == "hostnamectl" && (sub == "set-hostname" || sub == "hostname") && len(rest) == 1:
		said = "set hostname to " + rest[0].raw
	case cmd == "systemctl" && (sub == "enable" || sub == "disable") && len(rest) >= 1:
		var units []string
		for _, t := range rest {
			if t.w == "--now" {
				continue
			}
			if strings.HasPrefix(t.w, "-") {
				return intent.Intent{}, false, nil
			}
			units = append(units, strings.TrimSuffix(t.raw, ".service"))
		}
		if len(units) == 0 {
			return intent.Intent{}, false, nil
		}
		said = sub + " " + strings.Join(units, " and ")
	case cmd == "nix-shell" && sub == "-p" && len(rest) > 0,
		cmd == "nix" && (sub == "shell" || sub == "run") && len(rest) > 0:
		names := channelless(strings.Fields(raws(rest)))
		if names == nil {
			return intent.Intent{}, false, nil
		}
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Install, "install "+strings.Join(names, " "))},
			Hint:        "that command tries " + strings.Join(names, ", ") + " without installing it: run it yourself; ask-nix changes the system for good (\"install " + strings.Join(names, " ") + "\" adds it to the system packages)"}
	default:
		verbs, ok := installers[cmd]
		if !ok || len(rest) == 0 {
			return intent.Intent{}, false, nil
		}
		var names []token
		for _, t := range rest {
			switch {
			case t.w == "-y" || t.w == "--yes" || t.w == "--noconfirm" || t.w == "--assumeyes":
				// Not asking is the package manager's business.
			case strings.HasPrefix(t.w, "-"):
				return intent.Intent{}, false, nil // other flags are not guessed at
			default:
				names = append(names, t)
			}
		}
		switch {
		case len(names) == 0:
		case slices.Contains(verbs[0], sub):
			said = "install " + raws(names)
		case slices.Contains(verbs[1], sub):
			said = "remove " + raws(names)
		}
	}
	if said == "" {
		return intent.Intent{}, false, nil
	}
	in, err := Parse(said)
	if err != nil {
		// Not understood in our words either: the original text is what
		// the person typed.
		return intent.Intent{}, false, nil
	}
	return in, true, nil
}

// ufw reads ufw's firewall commands as ask-nix's words: "allow 22" (and
// 22/tcp, 53/udp), "deny 80" and "delete allow 80" close, "enable" and
// "disable" the firewall.
func ufw(args []token) string {
	if len(args) == 1 {
		switch args[0].w {
		case "enable":
			return "enable the firewall"
		case "disable":
			return "disable the firewall"
		}
		return ""
	}
	verb, port := "", ""
	switch {
	case len(args) == 2 && args[0].w == "allow":
		verb, port = "open", args[1].w
	case len(args) == 2 && (args[0].w == "deny" || args[0].w == "reject"):
		verb, port = "close", args[1].w
	case len(args) == 3 && args[0].w == "delete" && args[1].w == "allow":
		verb, port = "close", args[2].w
	default:
		return ""
	}
	num, proto, _ := strings.Cut(port, "/")
	switch proto {
	case "", "tcp":
		return verb + " tcp port " + num
	case "udp":
		return verb + " udp port " + num
	}
	return ""
}
