package parse

import (
	"slices"
	"strconv"

	"github.com/nix-humanity/nix-humanity/intent"
)

// ruleSaidSetting reads settings people ask for in their own words,
// which other rules read as a package or a service of another name, or
// not at all: "enable wayland for sddm" (Wayland is no switch of its
// own, but SDDM's Wayland mode is), "turn off mouse acceleration"
// (libinput's acceleration profile, a value), "enable samba share" and
// "add a samba share" (the Samba server, whose shares are settings
// ask-nix does not write; "add" installed samba and a package named
// share). Every word must be the rule's own, a polite word or glue, so
// a longer request is left to the rules that read it.
func ruleSaidSetting(text string, ts []token) (intent.Intent, bool, error) {
	if len(ts) < 2 || len(ts) > 10 || asksQuestion(ts) {
		return intent.Intent{}, false, nil
	}
	// Most requests name none of these: one look finds that first.
	sddm, pointer, samba, windows, cores, printer := false, false, false, false, false, false
	for _, t := range ts {
		if t.quoted {
			return intent.Intent{}, false, nil
		}
		switch t.w {
		case "cores", "threads", "cpus", "jobs":
			cores = true
		case "printer", "printers", "printing":
			printer = true
		case "ads", "adblock", "adblocker", "adblocking", "ad-blocking", "ad-blocker", "adverts", "advertisements", "ad":
			if nu := adBlocking(text, ts); nu != nil {
				return intent.Intent{}, true, nu
			}
		case "zram":
			if in, ok := zramUsed(ts); ok {
				return in, true, nil
			}
		case "sddm":
			sddm = true
		case "acceleration", "accel", "accelleration":
			pointer = true
		case "samba", "smb":
			samba = true
		case "windows", "exe", ".exe", "exes":
			windows = !has(ts, "play") // "play windows games": the gaming answer
		}
	}
	switch {
	case printer && len(ts) <= 7 && has(ts, "share", "sharing", "shared", "network", "wireless", "wifi", "discovery", "autodiscovery", "browsing"):
		if nu := printingOff(text, ts); nu != nil {
			return intent.Intent{}, true, nu
		}
		if !has(ts, "share", "sharing", "shared") {
			// "enable network printing": ruleService's bundle.
			return intent.Intent{}, false, nil
		}
		// "enable printer sharing" was a service not known.
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable printing"), sug(intent.SetOption, "set services.printing.defaultShared to true"), sug(intent.SetOption, "set services.printing.openFirewall to true")},
			Hint: "sharing printers is CUPS (\"enable printing\") with services.printing.defaultShared = true (printers shared), services.printing.openFirewall = true (port 631) and services.printing.browsing = true (announced), " +
				"and, since CUPS listens only on this machine, services.printing.listenAddresses = [ \"*:631\" ]; with services.printing.allowFrom = [ \"all\" ];, lists ask-nix does not write: set them in configuration.nix; nothing was changed"}
	case cores:
		return nixCores(text, ts)
	case windows:
		if nu := windowsPrograms(text, ts); nu != nil {
			return intent.Intent{}, true, nu
		}
	case sddm:
		return sddmWayland(text, ts)
	case pointer:
		return pointerAcceleration(text, ts)
	case samba:
		return sambaShare(text, ts)
	}
	return intent.Intent{}, false, nil
}

// printingOffWords are the words of "turn off printer sharing",
// "disable network printing", "stop sharing my printers" beside the
// verbs onOffSaid reads.
var printingOffWords map[string]bool

// printingOff answers network printing or printer sharing asked to be
// turned off. Neither is one switch, and the switch they share,
// services.printing.enable, takes a USB printer away too: the choices
// are named, nothing is guessed. nil when ts does not ask to turn
// either off.
func printingOff(text string, ts []token) *intent.NotUnderstood {
	on, off, known := onOffSaid(ts, printingOffWords)
	if !known || !off || on && !has(ts, "stop", "dont", "don't", "not", "no") {
		return nil
	}
	if has(ts, "share", "sharing", "shared") {
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ShowOption, "show option services.printing.defaultShared"), sug(intent.SetOption, "set services.printing.defaultShared to false"), sug(intent.DisableService, "disable printing")},
			Hint: "NixOS shares no printer unless the configuration says so: services.printing.defaultShared, services.printing.browsing and services.printing.openFirewall are false by default, and CUPS listens on this machine alone (services.printing.listenAddresses = [ \"localhost:631\" ]); " +
				"where yours sets one of them, set it back there (\"set services.printing.defaultShared to false\" where ask-nix set it), or turn printing off altogether (\"disable printing\"); a printer shared by hand is unshared on CUPS' page, http://localhost:631; nothing was changed"}
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.DisableService, "disable avahi"), sug(intent.DisableService, "disable printing"), sug(intent.ShowOption, "show option services.printing.defaultShared")},
		Hint: "network printing is not one switch: printers on the network are found through Avahi (services.avahi.enable, with services.avahi.nssmdns4 for .local names; cups-browsed, services.printing.browsed.enable, follows it), and this machine's printers are shared only where the configuration sets services.printing.defaultShared, browsing or openFirewall; " +
			"\"disable avahi\" stops finding them (and other .local names), \"disable printing\" turns all printing off, a USB printer's too; nothing was changed"}
}

// onOffSaid reads whether ts turns something on or off: each word must
// be one of topic, a word of on or off, or glue (known false
// otherwise). A wish ("i want", "make") is on when nothing else says.
func onOffSaid(ts []token, topic map[string]bool) (on, off, known bool) {
	wish := false
	for i, t := range ts {
		next, prev := "", ""
		if i+1 < len(ts) {
			next = ts[i+1].w
		}
		if i > 0 {
			prev = ts[i-1].w
		}
		switch {
		case topic[t.w]:
		case t.w == "turn" || t.w == "switch" || t.w == "put":
			// "turn on", "switch off": the word after says.
		case t.w == "on" && (prev == "turn" || prev == "switch" || prev == "put" || i == len(ts)-1):
			on = true
		case t.w == "off" || t.w == "no" || t.w == "not" || t.w == "without" || t.w == "never" || t.lem == "disable" ||
			t.lem == "stop" || t.lem == "remove" || t.w == "delete" || t.w == "kill" || t.w == "deactivate" || t.w == "rid" || t.w == "dont" || t.w == "don't":
			off = true
		case t.lem == "enable" || t.lem == "use" || t.w == "activate" || t.w == "run" || t.w == "start" || t.w == "setup" ||
			t.w == "set" && next == "up" || t.w == "up" && prev == "set" || t.w == "configure" || t.w == "create" || t.lem == "add" || t.w == "allow":
			on = true
		case t.w == "want" || t.w == "need" || t.w == "make" || t.w == "like" || t.w == "set" || t.w == "get" && next != "rid":
			wish = true
		case t.w == "get" && next == "rid":
		case stopwords[t.lem] || t.w == "thanks" || t.w == "pls" || t.w == "mode" || t.w == "support" || t.w == "instead":
		default:
			return false, false, false
		}
	}
	if wish && !on && !off {
		on = true
	}
	return on, off, true
}

// sddmWaylandWords are the other words of "run sddm on wayland".
var sddmWaylandWords map[string]bool

// sddmWayland: "enable wayland for sddm", "run sddm on wayland", "use
// wayland in sddm": SDDM's own Wayland mode,
// services.displayManager.sddm.wayland.enable; off, X11 (its default).
// The sessions it starts are another matter, which the note says.
func sddmWayland(text string, ts []token) (intent.Intent, bool, error) {
	if !has(ts, "wayland") {
		return intent.Intent{}, false, nil
	}
	if has(ts, "x11", "xorg") {
		// "use sddm on wayland instead of x11": the one after
		// "instead of" is not wanted; said otherwise, left alone.
		k := slices.IndexFunc(ts, func(t token) bool { return t.w == "instead" })
		if k < 0 || k+2 >= len(ts) || ts[k+1].w != "of" {
			return intent.Intent{}, false, nil
		}
		rest := slices.Concat(ts[:k], ts[k+3:])
		if has(rest, "x11", "xorg") == (ts[k+2].w == "x11" || ts[k+2].w == "xorg") {
			return intent.Intent{}, false, nil
		}
		on, off, known := onOffSaid(rest, sddmWaylandWords)
		if !known || off || !on || has(rest, "x11", "xorg") && has(rest, "wayland") {
			return intent.Intent{}, false, nil
		}
		return intent.Intent{Kind: intent.SetOption, Option: "services.displayManager.sddm.wayland.enable", Value: !has(rest, "x11", "xorg"),
			Notes: []string{"this runs SDDM's login screen itself on Wayland (KWin) or X11; which session you log in to (Plasma on Wayland or X11) is still picked on that screen"}}, true, nil
	}
	on, off, known := onOffSaid(ts, sddmWaylandWords)
	if !known || on == off {
		return intent.Intent{}, false, nil
	}
	in := intent.Intent{Kind: intent.SetOption, Option: "services.displayManager.sddm.wayland.enable", Value: on && !off}
	if on {
		in.Notes = []string{"this runs SDDM's login screen itself on Wayland (KWin), not X11; which session you log in to (Plasma on Wayland or X11) is still picked on that screen"}
	}
	return in, true, nil
}

// pointerWords are the other words of "turn off mouse acceleration".
var pointerWords map[string]bool

// pointerAcceleration: "disable mouse acceleration", "no mouse
// acceleration", "turn off touchpad acceleration": libinput's
// acceleration profile, "flat" (off) or "adaptive" (its default), for
// the mouse or the touchpad as said.
func pointerAcceleration(text string, ts []token) (intent.Intent, bool, error) {
	on, off, known := onOffSaid(ts, pointerWords)
	flat, adaptive := has(ts, "flat", "raw"), has(ts, "adaptive")
	if !known || on && off || flat && adaptive || !on && !off && !flat && !adaptive {
		return intent.Intent{}, false, nil
	}
	if !has(ts, "mouse", "pointer", "touchpad", "trackpad", "cursor") {
		return intent.Intent{}, false, nil
	}
	device := "mouse"
	if has(ts, "touchpad", "trackpad") {
		if has(ts, "mouse", "pointer", "cursor") {
			return intent.Intent{}, false, nil // both: say one
		}
		device = "touchpad"
	}
	value := "adaptive"
	if off && !adaptive || flat {
		value = "flat"
	}
	return intent.Intent{Kind: intent.SetOption, Option: "services.libinput." + device + ".accelProfile", Value: value,
		Notes: []string{"libinput's " + device + " acceleration profile is for X11 sessions; on Wayland, GNOME and KDE Plasma keep their own (the " + device + " settings' acceleration switch), and sway its input settings"}}, true, nil
}

// sambaShareWords are the other words of "set up a samba share".
var sambaShareWords map[string]bool

// sambaShare: "enable samba share", "set up a samba server", "add a
// samba share", "enable samba file sharing": the Samba server, whose
// shares are sections of services.samba.settings, which ask-nix does
// not write; the server is what it can honestly do, and the note says
// the rest. "enable samba" alone stays the service table's. Off, the
// server with every share ("disable samba shares"); one share taken
// away is the settings' ("remove a samba share"), said so.
func sambaShare(text string, ts []token) (intent.Intent, bool, error) {
	if !has(ts, "share", "shares", "sharing", "server", "fileserver", "folder", "folders", "directory", "directories") {
		return intent.Intent{}, false, nil
	}
	on, off, known := onOffSaid(ts, sambaShareWords)
	if ts[0].w == "install" && !on && !off {
		on = true // "install a samba server": the server, not a package named server
	}
	if !known || on == off {
		return intent.Intent{}, false, nil
	}
	if off {
		if has(ts, "remove", "delete") || ts[0].w == "stop" && has(ts, "sharing") && has(ts, "folder", "directory", "home") {
			return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
				Suggestions: []intent.Suggestion{sug(intent.DisableService, "disable samba")},
				Hint:        "a Samba share is a section of services.samba.settings in your configuration.nix, which ask-nix does not write: delete the section there; \"disable samba\" turns the whole server off, with every share; nothing was changed"}
		}
		return intent.Intent{Kind: intent.DisableService, Option: "services.samba.enable", Service: "samba",
			Notes: []string{"this turns the Samba server off, and every share with it; the shares' sections in services.samba.settings stay in your configuration"}}, true, nil
	}
	return intent.Intent{Kind: intent.EnableService, Option: "services.samba.enable", Service: "samba",
		Notes: []string{sambaShareNote + "; Windows lists the machine under Network with \"enable samba-wsdd\""}}, true, nil
}

// windowsProgramWords are the words of "run windows programs", "how
// do I run .exe files".
var windowsProgramWords map[string]bool

// windowsPrograms answers "run windows apps", "open exe files": Wine,
// which nixpkgs has in several builds, and the programs that set it up
// per program; read as anything else, "windows" and "apps" were
// package names. nil when ts is not that.
func windowsPrograms(text string, ts []token) *intent.NotUnderstood {
	run := false
	for _, t := range ts {
		switch {
		case t.w == "run" || t.w == "running" || t.w == "launch" || t.w == "open" || t.w == "execute" || t.w == "start" || t.w == "use":
			run = true
		case windowsProgramWords[t.w] || stopwords[t.lem]:
		default:
			return nil
		}
	}
	if !run || !has(ts, "app", "apps", "application", "applications", "program", "programs", "software", "game", "games", "exe", ".exe", "exes", "executable", "executables", "binaries", "file", "files") {
		return nil
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.Install, "install wineWowPackages.stable"), sug(intent.Install, "install bottles"), sug(intent.Install, "install lutris")},
		Hint: "Windows programs run with Wine: \"install wineWowPackages.stable\" runs 32- and 64-bit ones (`wine program.exe`), Bottles (\"install bottles\") keeps each program in its own Wine prefix, " +
			"and Lutris (\"install lutris\") or Steam's Proton (\"enable steam\") set games up; nothing was changed"}
}

// addPodmanDockerCompat adds podman's docker compatibility to the
// features said by name (run by loadTables after the tables are built).
func addPodmanDockerCompat() {
	// "enable podman docker compat": the docker command run by podman,
	// a feature of the podman module, which does nothing of it while
	// off (see serviceFeatures).
	compat := struct{ module, option, note string }{"virtualisation.podman.enable", "virtualisation.podman.dockerCompat",
		"podman's docker compatibility needs the podman module on, so both are set: a docker command that runs podman is on the PATH, which takes Docker's own command's place, so it is not for a machine that runs Docker too; docker-compose and tools that talk to Docker's socket also need virtualisation.podman.dockerSocket.enable"}
	for _, k := range []string{"podmandockercompat", "podmandockercompatibility", "dockercompatforpodman", "dockercompatibilityforpodman", "podmandockeralias", "podmanasdocker"} {
		serviceFeatures[k] = compat
	}
}

// nixCoreWords are the other words of "limit nix builds to 4 cores".
var nixCoreWords map[string]bool

// nixCores: "limit nix to 4 cores", "use only 2 cores for nix builds":
// how many cores each build may use, nix.settings.cores; "limit nix
// builds to 2 jobs": how many builds run at once, nix.settings.max-jobs.
// One number, Nix named (or nixos-rebuild), nothing else.
func nixCores(text string, ts []token) (intent.Intent, bool, error) {
	var n int64 = -1
	for _, t := range ts {
		switch {
		case isNumeric(t):
			v, err := strconv.ParseInt(t.w, 10, 64)
			if err != nil || n >= 0 {
				return intent.Intent{}, false, nil
			}
			n = v
		case nixCoreWords[t.w] || stopwords[t.lem]:
		default:
			return intent.Intent{}, false, nil
		}
	}
	if n < 0 || !has(ts, "nix", "nixos-rebuild", "rebuild", "rebuilds") {
		// "set the build cores to 8" names no Nix: a setting not known.
		return intent.Intent{}, false, nil
	}
	if n > 1024 {
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Hint: "a number of cores or jobs from 0 to 1024 is asked for; nothing was changed"}
	}
	if has(ts, "jobs", "parallel") && !has(ts, "cores", "core", "threads", "cpus", "cpu") {
		return intent.Intent{Kind: intent.SetOption, Option: "nix.settings.max-jobs", Value: n,
			Notes: []string{"nix.settings.max-jobs is how many builds run at once; how many cores each may use is nix.settings.cores (\"limit nix to 4 cores\")"}}, true, nil
	}
	return intent.Intent{Kind: intent.SetOption, Option: "nix.settings.cores", Value: n,
		Notes: []string{"nix.settings.cores is how many cores each build may use (0: all of them); how many builds run at once is nix.settings.max-jobs (\"set max-jobs to 2\"), so up to both multiplied are busy"}}, true, nil
}

// addScreenSharingAsked answers screen sharing said with where it is
// wanted (run by loadTables after the tables are built).
func addScreenSharingAsked() {
	// "enable screen sharing on wayland": screen sharing's answer, with
	// where it is wanted said.
	for _, k := range []string{"screensharingonwayland", "screensharinginwayland", "waylandscreensharing", "screenshareonwayland", "screensharingwayland", "screencastingonwayland"} {
		serviceAsked[k] = serviceAsked["screensharing"]
	}
}

// adWords are the other words of "block ads system wide".
var adWords map[string]bool

// adBlocking answers "block ads", "enable adblock": a DNS server that
// drops ad domains for the whole machine or network, or a browser's
// extension; NixOS has no one switch (nor a Pi-hole module).
func adBlocking(text string, ts []token) *intent.NotUnderstood {
	for _, t := range ts {
		if !adWords[t.w] && !stopwords[t.lem] {
			return nil
		}
	}
	if has(ts, "ad") && !has(ts, "block", "blocking", "blocker", "ads") {
		return nil
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable adguard home"), sug(intent.EnableService, "enable services.blocky")},
		Hint: "ads are blocked for the whole machine or network by a DNS server that drops their domains: AdGuard Home (\"enable adguard home\", set up on its web page) or Blocky (services.blocky, with its lists in services.blocky.settings), " +
			"with networking.nameservers = [ \"127.0.0.1\" ] to use it here; in one browser, an extension such as uBlock Origin does it; NixOS has no Pi-hole module; nothing was changed"}
}

// zramUsed reads "use zram swap", "i want zram", "use zram": zram
// swap turned on, as "enable zram" is; only those words.
func zramUsed(ts []token) (intent.Intent, bool) {
	if len(ts) > 6 {
		return intent.Intent{}, false
	}
	use := false
	for _, t := range ts {
		switch {
		case t.lem == "use" || t.w == "want" || t.w == "need" || t.w == "setup" || t.w == "up" || t.w == "set":
			use = true
		case t.w == "zram" || t.w == "swap" || t.w == "as" || stopwords[t.lem]:
		default:
			return intent.Intent{}, false
		}
	}
	if !use {
		return intent.Intent{}, false
	}
	return intent.Intent{Kind: intent.EnableService, Option: "zramSwap.enable", Service: "zram"}, true
}

// loadSaidsettingsTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadSaidsettingsTables() {
	printingOffWords = map[string]bool{"printer": true, "printers": true, "printing": true, "share": true, "sharing": true, "shared": true,
		"network": true, "wireless": true, "wifi": true, "discovery": true, "autodiscovery": true, "browsing": true, "my": true, "the": true, "our": true}
	sddmWaylandWords = map[string]bool{"sddm": true, "wayland": true, "x11": true, "xorg": true, "login": true, "screen": true, "display": true, "manager": true,
		"dm": true, "greeter": true, "session": true, "native": true, "as": true, "under": true, "via": true, "over": true}
	pointerWords = map[string]bool{"mouse": true, "pointer": true, "acceleration": true, "accel": true, "accelleration": true,
		"touchpad": true, "trackpad": true, "libinput": true, "cursor": true, "flat": true, "adaptive": true, "profile": true, "raw": true, "input": true}
	sambaShareWords = map[string]bool{"samba": true, "smb": true, "share": true, "shares": true, "sharing": true, "shared": true,
		"server": true, "file": true, "files": true, "fileserver": true, "folder": true, "folders": true, "directory": true, "directories": true,
		"network": true, "windows": true, "home": true, "public": true, "over": true, "via": true, "using": true, "by": true, "install": true}
	windowsProgramWords = map[string]bool{"windows": true, "exe": true, ".exe": true, "exes": true, "app": true, "apps": true,
		"application": true, "applications": true, "program": true, "programs": true, "software": true, "game": true, "games": true,
		"file": true, "files": true, "executable": true, "executables": true, "binaries": true, "how": true, "nixos": true, "linux": true,
		"want": true, "need": true}
	nixCoreWords = map[string]bool{"limit": true, "restrict": true, "cap": true, "set": true, "use": true, "only": true, "max": true,
		"maximum": true, "at": true, "most": true, "nix": true, "build": true, "builds": true, "builder": true, "building": true,
		"nixos-rebuild": true, "rebuild": true, "rebuilds": true, "cores": true, "core": true, "threads": true, "cpus": true, "cpu": true,
		"jobs": true, "parallel": true, "per": true, "each": true, "when": true, "while": true, "compiling": true, "by": true}
	adWords = map[string]bool{"block": true, "blocking": true, "blocker": true, "ad": true, "ads": true, "adblock": true, "adblocker": true,
		"adblocking": true, "ad-blocking": true, "ad-blocker": true, "adverts": true, "advertisements": true, "system": true, "wide": true,
		"system-wide": true, "systemwide": true, "network": true, "network-wide": true, "everywhere": true, "dns": true, "tracking": true,
		"trackers": true, "enable": true, "install": true, "setup": true, "set": true, "up": true, "get": true, "an": true, "want": true, "need": true}
}
