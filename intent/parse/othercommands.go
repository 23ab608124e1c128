package parse

import (
	"errors"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// installers are other systems' package managers and the subcommand
// that installs, then the one that removes: "apt install htop" from
// someone new to NixOS means "install htop".
var installers map[string][2][]string

// ruleOtherCommand: commands of other systems and tools, typed to
// ask-nix, read as the request they make (never run): another
// distribution's package manager ("apt install htop", "pacman -S htop";
// not flatpak, whose names are not nixpkgs': answered with where its apps go,
// as npm's global installs are),
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
	cmd := ts[0].w
	args := ts[1:]
	if _, ok := installers[cmd]; ok || cmd == "hostnamectl" {
		// "dnf -y install htop", "hostnamectl --static set-hostname box":
		// flags that only say how, dropped wherever they stand.
		args = slices.DeleteFunc(slices.Clone(args), func(t token) bool { return howFlags[t.w] })
		if len(args) < 2 {
			return intent.Intent{}, false, nil
		}
	}
	sub, rest := args[0].w, args[1:]
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
	case cmd == "systemctl" && (sub == "restart" || sub == "reload") && len(rest) == 1 && !strings.HasPrefix(rest[0].w, "-"):
		// Running already: nothing to turn on, for now or for good.
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Hint: "that is for systemctl, now: run `sudo " + raws(ts) + "` yourself; " + sub + "ing a running service changes no configuration, so ask-nix has nothing to write, and when the reconciler switches to a new generation, NixOS restarts (or reloads) the services whose configuration changed; nothing was changed"}
	case cmd == "systemctl" && (sub == "start" || sub == "stop") && len(rest) == 1:
		unit := strings.TrimSuffix(rest[0].raw, ".service")
		turn := "enable"
		if sub == "stop" {
			turn = "disable"
		}
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Kind(turn+"-service"), turn+" "+unit)},
			Hint:        "that is for systemctl, now: run `sudo systemctl " + sub + " " + rest[0].raw + "` yourself (it lasts until the next switch or boot); ask-nix changes the configuration: \"" + turn + " " + unit + "\" is for good"}
	case cmd == "sysctl" && (sub == "-w" || sub == "--write") && len(rest) == 1 && strings.Contains(rest[0].raw, "="):
		// "sysctl -w vm.swappiness=10": for now, as systemctl start is;
		// the setting said for good is boot.kernel.sysctl's.
		name, value, _ := strings.Cut(rest[0].raw, "=")
		if _, ok := sysctlNamed(strings.ToLower(name)); !ok || value == "" {
			return intent.Intent{}, false, nil
		}
		say := "set " + strings.ToLower(name) + " to " + value
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, say)},
			Hint:        "that is for sysctl, now: run `sudo " + raws(ts) + "` yourself (it lasts until the next boot); ask-nix changes the configuration: \"" + say + "\" sets it in boot.kernel.sysctl for good"}
	case (cmd == "pip" || cmd == "pip3") && sub == "install" && len(rest) == 1 && !strings.HasPrefix(rest[0].w, "-"):
		name := strings.ToLower(rest[0].raw)
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Install, "install python3Packages."+name)},
			Hint:        "on NixOS, Python libraries come with Python from nixpkgs (python3Packages." + name + ") or live in a project's own virtual environment (python3 -m venv), not in the system's Python; " + intent.PythonNote([]string{"python3Packages." + name})}
	case cmd == "flatpak" && sub == "install" && len(rest) > 0:
		// "flatpak install spotify": Flatpak's own store, per user.
		app := flatpakName(rest[len(rest)-1].raw)
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable flatpak"), sug(intent.Search, "search "+app)},
			Hint:        "Flatpak apps are each user's, installed with flatpak itself once it is on (\"enable flatpak\", then `flatpak install flathub <app id>`); nixpkgs may have " + app + " as a package for every user: `ask-nix search " + app + "`; nothing was changed"}
	case (cmd == "cargo" || cmd == "gem" || cmd == "pipx") && sub == "install" && len(rest) > 0:
		// "cargo install ripgrep" suggested "install firefox": a tool
		// built into a home folder, which nixpkgs often has for every
		// user (crates' names are not always nixpkgs': fd-find is fd).
		var names []string
		for _, t := range rest {
			if !strings.HasPrefix(t.w, "-") {
				names = append(names, t.raw)
			}
		}
		if len(names) == 0 {
			return intent.Intent{}, false, nil
		}
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Search, "search "+names[0])},
			Hint:        "`" + cmd + " install` builds a tool into your home folder, which is yours to run; nixpkgs packages many such tools for every user (`ask-nix search " + names[0] + "`, then \"install <name>\"); nothing was changed"}
	case (cmd == "npm" || cmd == "pnpm") && (sub == "install" || sub == "i" || sub == "add") && len(rest) > 0 && slices.ContainsFunc(rest, func(t token) bool { return t.w == "-g" || t.w == "--global" }),
		cmd == "yarn" && sub == "global" && len(rest) > 1:
		// "npm install -g typescript": into a store path NixOS keeps
		// read-only; the tool is often in nixpkgs.
		var names []string
		for _, t := range rest {
			if !strings.HasPrefix(t.w, "-") && t.w != "add" {
				names = append(names, t.raw)
			}
		}
		if len(names) == 0 {
			return intent.Intent{}, false, nil
		}
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Search, "search "+names[0])},
			Hint:        "a global npm install writes where NixOS keeps the system read-only; nixpkgs packages many such tools for every user (`ask-nix search " + names[0] + "`, then \"install <name>\"), and a project's own packages go in its directory (npm install without -g); nothing was changed"}
	case cmd == "nix-shell" && sub == "-p" && len(rest) > 0,
		cmd == "nix" && (sub == "shell" || sub == "run") && len(rest) > 0:
		names := channelless(strings.Fields(raws(rest)))
		if names == nil {
			return intent.Intent{}, false, nil
		}
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Install, "install "+andList(names))},
			Hint:        "that command tries " + strings.Join(names, ", ") + " without installing it: run it yourself; ask-nix changes the system for good (\"install " + andList(names) + "\" adds it to the system packages)"}
	default:
		verbs, ok := installers[cmd]
		if !ok || len(rest) == 0 {
			return intent.Intent{}, false, nil
		}
		var names []token
		for _, t := range rest {
			if strings.HasPrefix(t.w, "-") {
				return intent.Intent{}, false, nil // other flags are not guessed at
			}
			names = append(names, t)
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
	if err == nil {
		return in, true, nil
	}
	if name, ok := strings.CutPrefix(said, "install "); ok {
		// "apt install docker.io": the distribution's name, answered
		// as "install docker.io" is.
		var nu *intent.NotUnderstood
		if _, known := distroNames[strings.ToLower(name)]; known && errors.As(err, &nu) {
			answer := *nu
			answer.Request = text
			return intent.Intent{}, true, &answer
		}
	}
	if vp := (*VersionedPackages)(nil); errors.As(err, &vp) {
		// "brew install node@20": versions are for the package index
		// to resolve (cmd/ask-nix), as for "install node@20".
		vp.NotUnderstood.Request = text
		return intent.Intent{}, true, vp
	}
	// "systemctl enable ssh bluetooth": one request per unit.
	if parts, ok := SplitRequests(said); ok {
		var all []intent.Intent
		for _, p := range parts {
			in, err := Parse(p)
			if err != nil {
				return intent.Intent{}, false, nil
			}
			all = append(all, in.Parts()...)
		}
		return intent.Join(all), true, nil
	}
	// Not understood in our words either: the original text is what the
	// person typed.
	return intent.Intent{}, false, nil
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
	// The port list as typed: "80,443/tcp" reads as two words.
	ports := func(ts []token) string {
		ws := make([]string, len(ts))
		for i, t := range ts {
			ws[i] = t.w
		}
		return strings.Join(ws, ",")
	}
	verb, port := "", ""
	switch {
	case args[0].w == "allow":
		verb, port = "open", ports(args[1:])
	case args[0].w == "deny" || args[0].w == "reject":
		verb, port = "close", ports(args[1:])
	case len(args) > 2 && args[0].w == "delete" && args[1].w == "allow":
		verb, port = "close", ports(args[2:])
	default:
		return ""
	}
	num, proto, _ := strings.Cut(port, "/")
	if proto == "" {
		proto = "tcp"
	}
	if proto != "tcp" && proto != "udp" {
		return ""
	}
	switch {
	case strings.Contains(num, ":"): // 8000:8010
		from, to, _ := strings.Cut(num, ":")
		return verb + " " + proto + " ports " + from + " to " + to
	case strings.Contains(num, ","): // 80,443
		return verb + " " + proto + " ports " + strings.Join(strings.Split(num, ","), " and ")
	}
	return verb + " " + proto + " port " + num
}

// howFlags say how a package manager works, not what it installs.
var howFlags map[string]bool

// IsCommandLine reports whether text is a package manager's command line
// ("apt install git vim", "sudo nix-env -iA nixos.git nixos.vim",
// "nh search firefox"): its names are separate arguments, so names said
// side by side there are never one name said in words.
func IsCommandLine(text string) bool {
	loadTables()
	return commandLine(trimPolite(tokenize(text)))
}

// commandLine: ts (polite words trimmed) starts with another tool's
// command.
func commandLine(ts []token) bool {
	if len(ts) > 0 && ts[0].w == "sudo" {
		ts = ts[1:]
	}
	return len(ts) >= 2 && !ts[0].quoted && commandWord(ts[0].w)
}

// commandWord: w is the name of a tool whose command lines ask-nix
// reads ("apt", "nixos-rebuild").
func commandWord(w string) bool {
	if _, ok := installers[w]; ok {
		return true
	}
	switch w {
	case "nix-env", "nix", "nix-shell", "nh", "nixos-rebuild", "nix-channel", "nix-store", "nix-collect-garbage", "systemctl", "ufw", "timedatectl", "hostnamectl":
		return true
	}
	return false
}

// andList is "a", "a and b", "a, b and c": names said apart, so none
// is read as one name said in words.
func andList(ws []string) string {
	if len(ws) < 2 {
		return strings.Join(ws, "")
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}

// flatpakName is the name in a Flatpak app id ("com.spotify.Client":
// spotify, "org.mozilla.firefox": firefox), to search nixpkgs for; a
// plain name as said.
func flatpakName(id string) string {
	parts := strings.Split(id, ".")
	if len(parts) < 3 {
		return id
	}
	name := strings.ToLower(parts[len(parts)-1])
	if name == "client" || name == "desktop" || name == "app" {
		name = strings.ToLower(parts[len(parts)-2])
	}
	return name
}

// loadOthercommandsTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadOthercommandsTables() {
	installers = map[string][2][]string{
		"apt":     {{"install"}, {"remove", "purge"}},
		"apt-get": {{"install"}, {"remove", "purge"}},
		"dnf":     {{"install"}, {"remove", "erase"}},
		"yum":     {{"install"}, {"remove", "erase"}},
		"zypper":  {{"install", "in"}, {"remove", "rm"}},
		"brew":    {{"install"}, {"uninstall", "remove"}},
		"snap":    {{"install"}, {"remove"}},
		"apk":     {{"add"}, {"del"}},
		"pacman":  {{"-s"}, {"-r", "-rs", "-rns"}},
		"yay":     {{"-s"}, {"-r", "-rs", "-rns"}},
		"paru":    {{"-s"}, {"-r", "-rs", "-rns"}},
	}
	howFlags = map[string]bool{
		"-y": true, "--yes": true, "--noconfirm": true, "--assumeyes": true, "--assume-yes": true,
		"--purge": true, "-q": true, "--quiet": true, "--static": true,
	}
}
