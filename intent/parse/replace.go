package parse

import (
	"net/netip"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// ruleReplace: one package for another, in one edit: "replace vim with
// neovim", "swap vim for neovim", "use neovim instead of vim", "install
// neovim instead of vim". Each side is
// one name; what each name is (a package, a service the fragment turns
// on, a module) is decided later, part by part, as when said alone.
func ruleReplace(text string, ts []token) (intent.Intent, bool, error) {
	if nu := versionsReplaced(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if nu := wifiDaemonSwapped(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	var old, repl token
	switch {
	case len(ts) == 4 && (ts[0].w == "replace" || ts[0].w == "swap") && (ts[2].w == "with" || ts[2].w == "by" || ts[2].w == "for"),
		len(ts) == 5 && ts[0].w == "use" && ts[2].w == "instead" && ts[3].w == "of":
		// "use pipewire instead of pulseaudio", "replace docker with
		// podman": two services are switched as "switch from" does.
		if ts[0].w == "use" {
			old, repl = ts[4], ts[1]
		} else {
			old, repl = ts[1], ts[3]
		}
		if !desktops[old.w] && !desktops[repl.w] {
			if in, ok, err := serviceSwitch(text, old, repl, false); ok {
				return in, true, err
			}
		}
	case len(ts) == 5 && ts[0].lem == "install" && ts[2].w == "instead" && ts[3].w == "of":
		old, repl = ts[4], ts[1]
	case len(ts) == 5 && switchVerbs[ts[0].w] && ts[1].w == "from" && ts[3].w == "to",
		len(ts) == 6 && switchVerbs[ts[0].w] && ts[1].w == "over" && ts[2].w == "from" && ts[4].w == "to":
		// "switch from docker to podman", "migrate over from vim to
		// neovim": the one said first goes.
		old, repl = ts[len(ts)-3], ts[len(ts)-1]
		if desktops[old.w] || desktops[repl.w] {
			return intent.Intent{}, false, nil // desktopSwap answers
		}
		if in, ok, err := serviceSwitch(text, old, repl, true); ok {
			return in, true, err
		}
	case len(ts) == 3 && (switchVerbs[ts[0].w] || ts[0].w == "go") && ts[1].w == "to" && !ts[2].quoted:
		// "switch to pipewire": what it replaces is not said.
		return switchedTo(text, ts[0], ts[2])
	default:
		return intent.Intent{}, false, nil
	}
	if isIP(old.raw) || isIP(repl.raw) {
		// "use 8.8.8.8 instead of 1.1.1.1": DNS servers, each its own
		// change.
		return intent.Intent{}, true, notUnderstoodWith(text,
			sug(intent.SetOption, "use "+repl.raw+" as dns server"), sug(intent.SetOption, "remove dns server "+old.raw))
	}
	for _, t := range []token{old, repl} {
		if !t.quoted && (stopwords[t.lem] || packageFillers[t.w] || notPackages[t.w] || categoryWords[t.w] || !isPackageLike(t.raw)) {
			return intent.Intent{}, false, nil
		}
	}
	if old.raw == repl.raw {
		return intent.Intent{}, false, nil
	}
	return intent.Join([]intent.Intent{
		{Kind: intent.Remove, Packages: []string{packageName(old)}},
		{Kind: intent.Install, Packages: []string{packageName(repl)}},
	}), true, nil
}

// serviceSwitch reads one thing for another where a side is a service
// ask-nix knows by name: two services are the first off and the second
// on, in one edit, never one without the other; one service and a name
// it does not know as one ("switch from networkmanager to iwd") are
// asked as both halves. Programs' modules (programs.vim) count as
// services only when the request says "switch from"; otherwise "use
// neovim instead of vim" stays a package swap. ok false: no service.
func serviceSwitch(text string, old, repl token, programs bool) (intent.Intent, bool, error) {
	if old.quoted || repl.quoted || old.w == repl.w {
		return intent.Intent{}, false, nil
	}
	oldOpt, oldSvc := serviceOption(old.w)
	newOpt, newSvc := serviceOption(repl.w)
	if !programs {
		oldSvc = oldSvc && !strings.HasPrefix(oldOpt, "programs.")
		newSvc = newSvc && !strings.HasPrefix(newOpt, "programs.")
	}
	if oldSvc && newSvc && oldOpt != newOpt {
		parts := []intent.Intent{
			{Kind: intent.DisableService, Option: oldOpt, Service: old.w},
			{Kind: intent.EnableService, Option: newOpt, Service: repl.w},
		}
		// "use pipewire instead of pulseaudio": the new one whole, with
		// the parts "enable sound" turns on (PipeWire's PulseAudio part
		// is what lets programs made for PulseAudio keep playing).
		note := ""
		for _, b := range serviceBundles {
			if b.module == newOpt {
				for _, o := range b.also {
					parts = append(parts, intent.Intent{Kind: intent.SetOption, Option: o, Value: true})
				}
				note = b.swapNote
				break
			}
		}
		in := intent.Join(parts)
		if note != "" {
			in.Notes = []string{note}
		}
		return in, true, nil
	}
	if oldSvc && !strings.HasPrefix(oldOpt, "programs.") || newSvc && !strings.HasPrefix(newOpt, "programs.") {
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.DisableService, "disable "+old.raw), sug(intent.EnableService, "enable "+repl.raw)},
			Hint:        "switching is two changes, one off and one on; say both in one request (\"disable " + old.raw + " and enable " + repl.raw + "\") so neither is made without the other; nothing was changed"}
	}
	return intent.Intent{}, false, nil
}

// switchVerbs say one thing for another: "switch from docker to podman".
var switchVerbs map[string]bool

// packageName is a package name as the install and remove rules write it.
func packageName(t token) string {
	if t.quoted {
		return canonPath(t.raw)
	}
	return canonPackage(t.raw)
}

// isIP reports whether s is an IP address (a DNS server, no package).
func isIP(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}

// versionsReplaced answers "replace node 18 with node 20" and "switch
// from node 18 to node 20": each side's attribute is for the package
// index to name, which a swap of two names does not ask, so the two
// halves are suggested as one request, which it does.
func versionsReplaced(text string, ts []token) error {
	var oldName, oldV, newName, newV token
	switch {
	case len(ts) == 6 && (ts[0].w == "replace" || ts[0].w == "swap") && (ts[3].w == "with" || ts[3].w == "by" || ts[3].w == "for"):
		oldName, oldV, newName, newV = ts[1], ts[2], ts[4], ts[5]
	case len(ts) == 7 && switchVerbs[ts[0].w] && ts[1].w == "from" && ts[4].w == "to":
		oldName, oldV, newName, newV = ts[2], ts[3], ts[5], ts[6]
	default:
		return nil
	}
	version := func(t token) bool { return !t.quoted && isVersion(strings.TrimPrefix(t.w, "v")) }
	name := func(t token) bool {
		return !t.quoted && isPackageLike(t.raw) && !isNumeric(t) && !stopwords[t.lem] && t.lem != "port" && !notPackages[t.w]
	}
	if !version(oldV) || !version(newV) || !name(oldName) || !name(newName) {
		return nil
	}
	said := "remove " + oldName.raw + " " + oldV.raw + " and install " + newName.raw + " " + newV.raw
	return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.Remove, said)},
		Hint: "say it as the two changes, in one request: \"" + said + "\" (the package index names each version); nothing was changed"}
}

// portReplaced answers one port said for another ("replace port 80 with
// 8080", "move port 80 to 8080", "swap port 80 for port 8080"), which
// was answered "open ports 80 and 8080", leaving the old one open. Which
// is meant, the firewall's or a service's own port, is for the person
// to say, so the firewall's two changes are suggested, never made.
func portReplaced(text string, ts []token) error {
	if len(ts) < 5 || ts[0].quoted {
		return nil
	}
	i := 1
	if ts[0].w != "replace" && ts[0].w != "swap" && !switchVerbs[ts[0].w] {
		return nil
	}
	if ts[i].w == "from" && switchVerbs[ts[0].w] {
		i++
	}
	if i+3 > len(ts) || ts[i].lem != "port" || !isNumeric(ts[i+1]) {
		return nil
	}
	oldPort, rest := ts[i+1].raw, ts[i+2:]
	switch rest[0].w {
	case "with", "by", "for", "to":
	default:
		return nil
	}
	rest = rest[1:]
	if len(rest) == 2 && rest[0].lem == "port" {
		rest = rest[1:]
	}
	if len(rest) != 1 || !isNumeric(rest[0]) || rest[0].raw == oldPort {
		return nil
	}
	said := "close port " + oldPort + " and open port " + rest[0].raw
	return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.SetOption, said)},
		Hint: "if it is the firewall's port, say both changes in one request: \"" + said + "\"; a service's own port is one of its NixOS module's options; nothing was changed"}
}

// replacedBy names what a service takes the place of when "switch to"
// says only the new one: PipeWire is the sound server in PulseAudio's
// place (NixOS refuses both at once).
var replacedBy map[string]string

// switchedTo answers "switch to pipewire", "move to podman", "switch to
// neovim": one name, without what it replaces. A service that takes
// one known service's place is switched as "switch from A to B" does;
// another service or a package is asked about, with the request that
// turns it on or installs it and the one that says what it replaces.
// Words that are neither are left to the other rules' answer.
func switchedTo(text string, verb, repl token) (intent.Intent, bool, error) {
	if stopwords[repl.lem] || packageFillers[repl.w] || notPackages[repl.w] || categoryWords[repl.w] || !isPackageLike(repl.raw) {
		return intent.Intent{}, false, nil
	}
	if opt, ok := serviceOption(repl.w); ok {
		if old, ok := replacedBy[opt]; ok {
			return serviceSwitch(text, token{w: old, lem: old, raw: old}, repl, false)
		}
		if strings.HasPrefix(opt, "programs.") {
			return intent.Intent{}, false, nil
		}
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable "+repl.raw)},
			Hint: "\"" + verb.raw + " to\" does not say what " + repl.raw + " takes the place of: \"enable " + repl.raw + "\" turns it on alone, and \"switch from <old> to " + repl.raw +
				"\" turns the old one off with it, in one edit; nothing was changed"}
	}
	return intent.Intent{}, false, nil
}

// wifiDaemonSwapped answers "use iwd instead of wpa_supplicant",
// "switch from wpa_supplicant to iwd": the Wi-Fi daemon is a setting,
// not two packages (it removed wpa_supplicant and installed iwd, which
// runs nothing). nil when ts names no such swap.
func wifiDaemonSwapped(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 4 || !has(ts, "iwd") || !has(ts, "wpa_supplicant", "wpa-supplicant", "wpasupplicant", "wpa") ||
		!has(ts, "instead", "replace", "switch", "from", "with", "migrate", "move") {
		return nil
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable networking.wireless.iwd")},
		Hint:        "iwd takes wpa_supplicant's place as a setting, networking.wireless.iwd.enable (\"enable networking.wireless.iwd\"), with networking.wireless.enable off; under NetworkManager, its backend is networking.networkmanager.wifi.backend = \"iwd\"; installing the iwd package alone runs nothing; nothing was changed"}
}

// loadReplaceTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadReplaceTables() {
	switchVerbs = map[string]bool{"switch": true, "migrate": true, "move": true, "change": true, "go": true, "transition": true}
	replacedBy = map[string]string{"services.pipewire.enable": "pulseaudio"}
}
