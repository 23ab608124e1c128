package parse

import (
	"slices"

	"github.com/nix-humanity/nix-humanity/intent"
)

// guidance answers requests that name a goal rather than a setting
// ("improve battery life", "enable hibernation", "connect to wifi"):
// ask-nix has no one edit for them, and read as anything else they would
// become packages named "battery" or "hibernation". Each answer names the
// settings or commands that do it, with the requests ask-nix can carry
// out as suggestions. nil when ts is none of them.
func guidance(text string, ts []token) *intent.NotUnderstood {
	// Only these words and the case's own: "enable tlp for power
	// saving" names what to enable, and is read as that elsewhere.
	only := func(words ...string) bool {
		for _, t := range ts {
			if t.quoted || !goalWords[t.w] && !stopwords[t.lem] && !slices.Contains(words, t.w) {
				return false
			}
		}
		return true
	}
	enabling := prefix(ts, enableLead) > 0 || ts[0].w == "make" || ts[0].w == "allow" || ts[0].w == "improve" ||
		ts[0].w == "save" || ts[0].w == "get" || ts[0].w == "extend" || ts[0].w == "i" || ts[0].w == "want"
	switch {
	case enabling && (has(ts, "battery") && has(ts, "life", "saving", "save", "runtime", "longer", "last") ||
		has(ts, "power") && has(ts, "saving", "save", "savings", "management", "efficiency") || has(ts, "powersaving")) &&
		only("battery", "life", "saving", "save", "savings", "runtime", "longer", "last", "power", "management", "efficiency", "powersaving"):
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable power-profiles-daemon"), sug(intent.EnableService, "enable tlp"),
				sug(intent.SetOption, "set the cpu governor to powersave")},
			Hint: "NixOS saves power with one of power-profiles-daemon (what GNOME and KDE use, with a switch in their menus) or TLP (tuned by its settings), never both at once; the CPU governor alone is powerManagement.cpuFreqGovernor"}
	case enabling && has(ts, "hibernation", "hibernate", "hibernating") && only("hibernation", "hibernate", "hibernating", "work", "working"):
		return &intent.NotUnderstood{Request: text,
			Hint: "hibernation needs a swap device or file at least as large as the memory in use, and boot.resumeDevice pointing at it: both are devices and file systems, which ask-nix does not write; set swapDevices and boot.resumeDevice in your NixOS configuration (hardware-configuration.nix holds the devices)"}
	case enabling && has(ts, "secure", "secureboot") && has(ts, "boot", "secureboot") && only("secure", "boot", "secureboot", "uefi"):
		return &intent.NotUnderstood{Request: text,
			Hint: "NixOS signs its boot files for Secure Boot with lanzaboote, a flake outside nixpkgs that replaces the boot loader's setup: add it to your flake's inputs and follow its guide; ask-nix does not change boot loaders"}
	case (ts[0].w == "connect" || ts[0].w == "join") && has(ts, "wifi", "wi-fi", "wlan", "wireless", "network", "hotspot", "ssid"):
		// Any name may follow ("connect to the wifi called home").
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable networkmanager")},
			Hint:        "ask-nix changes the system's configuration, not connections: with NetworkManager on (\"enable networkmanager\"), connect with `nmtui`, `nmcli device wifi connect <name> --ask`, or your desktop's network menu; it keeps passwords out of the Nix store"}
	case (ts[0].w == "sync" || ts[0].w == "synchronise" || ts[0].w == "synchronize" || ts[0].w == "fix") && has(ts, "clock", "time") &&
		only("sync", "synchronise", "synchronize", "fix", "clock", "time", "system", "automatically", "internet", "ntp"):
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable timesyncd"), sug(intent.EnableService, "enable chrony")},
			Hint:        "NixOS keeps the clock in sync by itself (services.timesyncd, on unless another time daemon is); \"enable chrony\" or \"enable ntp\" uses another daemon; a wrong hour is usually the time zone: \"set timezone to Europe/Berlin\""}
	case ts[0].w == "forward" && has(ts, "port", "ports"):
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "open port 8080")},
			Hint:        "forwarding a port to another port or machine is networking.nat.forwardPorts (a list of { sourcePort; destination; } sets, with networking.nat.enable), or a reverse proxy such as nginx; ask-nix does not write those: set them in your NixOS configuration. Opening a port for a service here is \"open port 8080\""}
	case (ts[0].w == "configure" || ts[0].w == "setup" || ts[0].w == "set" && len(ts) > 2 && ts[1].w == "up") && len(ts) <= 3 && has(ts, "ssh", "sshd", "openssh"):
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable ssh"), sug(intent.SetOption, "disable ssh password login"), sug(intent.SetOption, "open port 22")},
			Hint:        "what ask-nix sets for ssh: the server on or off, password logins (keys only), and the firewall's port 22; keys themselves go in users.users.<name>.openssh.authorizedKeys.keys in your configuration"}
	}
	return nil
}

// governors are the Linux cpufreq governors powerManagement.cpuFreqGovernor
// takes.
var governors = map[string]bool{
	"performance": true, "powersave": true, "ondemand": true, "schedutil": true, "conservative": true, "userspace": true,
}

// goalWords may stand around a goal without naming anything to enable.
var goalWords = map[string]bool{
	"enable": true, "activate": true, "turn": true, "on": true, "set": true, "up": true, "setup": true,
	"make": true, "allow": true, "improve": true, "get": true, "extend": true, "better": true, "more": true,
	"the": true, "my": true, "a": true, "for": true, "of": true, "i": true, "want": true, "need": true,
	"laptop": true, "computer": true, "machine": true, "mode": true, "support": true, "to": true, "with": true,
	"start": true, "using": true,
}
