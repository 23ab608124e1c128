package parse

import (
	"slices"
	"strconv"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// ruleWhatChanged: "what changed in the last generation", "show me the
// difference between generations 41 and 43", "what did the update
// change": list-generations with Diff, answered as `ask-nix generations
// diff` answers. Generation numbers it cannot place ("what changed in
// generation 41": from which?) are not understood, with the command
// named.
func ruleWhatChanged(text string, ts []token) (intent.Intent, bool, error) {
	changed, about, asks, from := false, false, false, false
	var nums []int
	for _, t := range ts {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case t.w == "what" || t.w == "which" || t.w == "show" || t.w == "tell":
			asks = true
		case t.lem == "difference" || t.w == "diff" || t.lem == "compare":
			changed, asks, from = true, true, true
		case t.lem == "change" || t.w == "changed" || t.w == "different" || t.w == "new":
			changed = true
		case t.lem == "generation" || t.lem == "update" || t.lem == "upgrade" || t.lem == "rebuild" || t.w == "updated" || t.w == "upgraded":
			about = true
		case t.w == "since" || t.w == "from" || t.w == "between":
			from = true
		case t.w != "" && t.w[0] >= '0' && t.w[0] <= '9':
			// Words tried as numbers only when they start as one: a
			// failed Atoi allocates its error, for every word of every
			// request.
			if n, err := strconv.Atoi(t.w); err == nil && n > 0 && len(t.w) < 10 {
				nums = append(nums, n)
			}
		}
	}
	if !about && len(nums) == 2 && from && changed && asks && ts[0].w != "diff" {
		// "what changed between 40 and 41": two numbers and nothing
		// else are two generations ("between node 18 and 20" is not).
		// Not "diff 1 2": ask-nix diff's own words, which may mean two
		// edits as well, get that command's usage.
		about = !slices.ContainsFunc(ts, func(t token) bool {
			return !diffWords[t.w] && !(t.w != "" && t.w[0] >= '0' && t.w[0] <= '9')
		})
	}
	if changed && asks && from && !about && len(nums) == 0 && has(ts, "boot", "reboot", "booted", "restart") && len(ts) <= 8 {
		// "what changed since last boot" suggested "install firefox".
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ListGenerations, "list generations"), sug(intent.Status, "status")},
			Hint:        "`ask-nix generations` marks the generation that was booted and the current one; `ask-nix generations diff <booted> <current>` lists the packages that changed between them, and `ask-nix status` says whether a reboot is needed for a new kernel; nothing was changed"}
	}
	// A question about what changed, not "apply the changes and rebuild".
	if !changed || !about || !asks {
		return intent.Intent{}, false, nil
	}
	if len(nums) > 2 || len(nums) == 1 && !from || len(nums) == 2 && nums[0] == nums[1] {
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ListGenerations, "list generations")},
			Hint:        "`ask-nix generations diff` shows the packages that changed between generations (`ask-nix generations diff 41 43` for two of them, `ask-nix generations diff 41` from 41 to the current one)"}
	}
	return intent.Intent{Kind: intent.ListGenerations, Diff: true, Compare: nums}, true, nil
}

// diffWords are the words of "what changed between 40 and 41", "what
// is the difference between 40 and 41".
var diffWords map[string]bool

// ruleEditHistory: "show history", "what did I change", "show my last
// edit". The fragment's edits are `ask-nix history` and `ask-nix diff`,
// commands rather than intents: not understood, with them named.
func ruleEditHistory(text string, ts []token) (intent.Intent, bool, error) {
	if len(ts) > 2 && !ts[0].quoted && (ts[0].w == "when" || ts[0].w == "who") && !ts[len(ts)-1].quoted &&
		has(ts, "install", "installed", "removed", "enabled", "disabled", "opened", "changed", "added", "uninstalled") {
		// "when did I install firefox", "who enabled ssh": an edit's
		// time and user are the history's; never "install firefox"
		// suggested.
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Hint: "`ask-nix history` lists each edit made to the fragment with its time, user and request (`ask-nix diff N` shows one); changes made outside ask-nix are in your configuration's own history (git log in /etc/nixos, if it is a repository); nothing was changed"}
	}
	asks, history, change, mine := false, false, false, false
	edit := int64(0) // "show edit 3": the edit asked about
	for i, t := range ts {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case edit == 0 && i > 0 && (ts[i-1].lem == "edit" || ts[i-1].w == "#") && isNumeric(t):
			n, ok := number(t)
			if !ok || n < 1 || n > 1<<31 {
				return intent.Intent{}, false, nil
			}
			edit = n
		case t.w == "what" || t.w == "show" || t.w == "list" || t.w == "view" || t.w == "see":
			asks = true
		case t.w == "diff":
			// "diff edit 3" asks as "show edit 3" does.
			asks, history = true, true
		case t.lem == "history" || t.lem == "edit" || t.lem == "log" || t.lem == "changelog":
			history = true
		case t.lem == "change" || t.w == "changed":
			change = true
		case t.w == "i" || t.w == "my" || t.w == "ask-nix" || t.w == "you" || t.w == "did":
			mine = true
		case stopwords[t.lem] || t.w == "last" || t.w == "recent" || t.w == "made" || t.w == "make" ||
			t.w == "do" || t.w == "fragment" || t.w == "me" || editTimeWords[t.w] || t.w == "just" || t.w == "done":
		default:
			return intent.Intent{}, false, nil
		}
	}
	if asks && has(ts, "you", "ask-nix", "i") && has(ts, "did", "done") && ts[0].w == "what" {
		// "what did you just do", "what have you done": ask-nix's
		// edits (they suggested "install firefox").
		history = true
	}
	if asks && change && !history && !mine {
		// "what changed": the edits or the system, both named.
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ListGenerations, "list generations")},
			Hint:        "`ask-nix history` lists the edits made to the fragment; `ask-nix generations diff` shows the packages that changed between generations"}
	}
	// "what did I change", "show the edit history", "history": the
	// edits. No request is suggested: the one nearest in words, undo,
	// would change what was only asked about.
	if !(asks || len(ts) == 1) || !(history || (change && mine)) {
		return intent.Intent{}, false, nil
	}
	if edit > 0 {
		// "show edit 3", "what changed in edit 3": that edit's diff.
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Hint: "`ask-nix diff " + strconv.FormatInt(edit, 10) + "` shows what edit " + strconv.FormatInt(edit, 10) + " changed, and `ask-nix history` lists the edits, with when and who; nothing was changed"}
	}
	return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
		Hint: "`ask-nix history` lists the edits made to the fragment, with when and who, and `ask-nix diff` shows the last one (`ask-nix diff 7` for edit 7); nothing was changed"}
}

// editTimeWords say when, in a question about the edits ("what did I
// change yesterday"): `ask-nix history` dates every edit.
var editTimeWords map[string]bool

// ruleReboot: "reboot", "restart the computer". ask-nix changes the
// configuration, not the machine's power: not understood, with what does
// reboot and where to see whether one is needed. ("do I need to reboot"
// is status, a bag.)
func ruleReboot(text string, ts []token) (intent.Intent, bool, error) {
	verb := false
	for i, t := range ts {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case i == 0 && t.w == "reload":
		case t.w == "reboot" || t.w == "restart" || t.w == "shutdown" || t.w == "poweroff" ||
			(t.w == "shut" || t.w == "power") && i+1 < len(ts) && (ts[i+1].w == "down" || ts[i+1].w == "off"):
			verb = true
		case i == 0 && (t.w == "turn" || t.w == "switch") && len(ts) > 2 && ts[1].w == "off" &&
			has(ts[2:], "computer", "machine", "laptop", "pc") && !has(ts, "screen", "display", "monitor"):
			// "turn off the computer": the machine, never a service.
			verb = true
		case t.w == "the" || t.w == "my" || t.w == "this" || t.w == "computer" || t.w == "machine" ||
			t.w == "system" || t.w == "laptop" || t.w == "server" || t.w == "pc" || t.w == "now" || t.w == "down" || t.w == "off":
		case i > 0 && (ts[0].w == "restart" || ts[0].w == "reload") && !ts[0].quoted:
			// "restart docker": a service, not the machine.
			return intent.Intent{}, true, restartAnswer(text, ts[0].w, ts[1:])
		default:
			return intent.Intent{}, false, nil
		}
	}
	if !verb {
		return intent.Intent{}, false, nil
	}
	return intent.Intent{}, true, rebootAnswer(text)
}

// rebootAnswer: "reboot", "restart the computer", "restart nixos".
func rebootAnswer(text string) *intent.NotUnderstood {
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.Status, "status")},
		Hint:        "ask-nix does not reboot or shut down the machine (`systemctl reboot` and `systemctl poweroff` do); `ask-nix status` says whether a reboot is needed for a new kernel"}
}

// rulePronounAlone: "enable it", "install this", "turn it off": a
// request whose only name is a pronoun. Each request is read on its own,
// so "it" names nothing ask-nix can see (read as a typo, "enable it"
// offered "enable git"); the answer says to name it, with an example of
// the request. "test it", "undo it" and "apply it" are read before this
// rule, by the rules of those requests. Matched with a switch, no
// table.
func rulePronounAlone(text string, ts []token) (intent.Intent, bool, error) {
	if len(ts) < 2 || len(ts) > 5 || ts[0].quoted {
		return intent.Intent{}, false, nil
	}
	var kind intent.Kind
	switch ts[0].w {
	case "install", "add", "get":
		kind = intent.Install
	case "remove", "uninstall", "delete":
		kind = intent.Remove
	case "enable", "start", "activate":
		kind = intent.EnableService
	case "disable", "stop", "deactivate":
		kind = intent.DisableService
	case "turn", "switch":
		switch ts[len(ts)-1].w {
		case "on":
			kind = intent.EnableService
		case "off":
			kind = intent.DisableService
		default:
			return intent.Intent{}, false, nil
		}
	default:
		return intent.Intent{}, false, nil
	}
	pronoun := ""
	for _, t := range ts[1:] {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case t.w == "it" || t.w == "them" || t.w == "this" || t.w == "that" || t.w == "these" || t.w == "those":
			if pronoun != "" {
				return intent.Intent{}, false, nil
			}
			pronoun = t.w
		case t.w == "on" || t.w == "off" || t.w == "at" || t.w == "boot" || t.w == "startup" || t.w == "again" || t.w == "now" || t.w == "back":
		default:
			return intent.Intent{}, false, nil
		}
	}
	if pronoun == "" {
		return intent.Intent{}, false, nil
	}
	ex := examples[kind]
	switch kind {
	case intent.EnableService:
		ex = "enable ssh"
	case intent.DisableService:
		ex = "disable bluetooth"
	}
	return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(kind, ex)},
		Hint: "\"" + pronoun + "\" names nothing here: ask-nix reads each request on its own, keeping none of the last one's words, so name what you mean; within one request, \"install steam and enable it\" works; nothing was changed"}
}

// restartAnswer: "restart bluetooth", "reload nginx", "restart the ssh
// service". Restarting a running service changes no configuration, so
// there is nothing for ask-nix to write: the answer is the systemctl
// command, with the service's unit where ask-nix knows it (sshd for
// ssh), and what a switch restarts by itself. No request is offered in
// its place: status and "enable" answer other questions.
func restartAnswer(text, verb string, rest []token) *intent.NotUnderstood {
	var words []string
	for _, t := range rest {
		switch t.w {
		case "the", "my", "this", "service", "services", "daemon", "unit", "now", "please", "again", "it", "that", "them":
		default:
			words = append(words, t.raw)
		}
	}
	name := strings.Join(words, " ")
	switch key := serviceKey(name); {
	case key == "nixos" && verb == "restart":
		return rebootAnswer(text) // the machine, as "restart the system"
	case key == "configuration" || key == "config" || key == "nixos" || key == "nixosconfiguration" || key == "nixconfig" ||
		key == "systemconfiguration" || key == "configurationnix" || key == "configuration.nix":
		// "reload the configuration": made live by a pass, which is
		// ask-nix's own.
		return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.Apply, "apply")},
			Hint: "the configuration is made live by building and switching to it, as `nixos-rebuild switch` does: \"apply\" runs that pass now (nix-humanityd runs one by itself after each change); nothing was changed"}
	case key == "systemd":
		return &intent.NotUnderstood{Request: text,
			Hint: "`sudo systemctl daemon-reload` makes systemd read its unit files again, which each switch to a new generation does by itself; ask-nix has nothing to write for it; nothing was changed"}
	}
	unit, user := serviceUnit(name)
	cmd := "sudo systemctl " + verb + " " + unit
	if user {
		cmd = "systemctl --user " + verb + " " + unit
	}
	how := "`" + cmd + "` does it now"
	switch key := serviceKey(name); {
	case key == "network" || key == "networking" || key == "internet" || key == "net":
		// Which unit runs the network is the configuration's choice.
		how = "`sudo systemctl " + verb + " NetworkManager.service` does it now where NetworkManager runs the network (`systemd-networkd.service` with networkd, `network-setup.service` with NixOS's own scripts)"
	case name == "":
		// "restart it", "restart the service": which one is unsaid.
		how = "`sudo systemctl " + verb + " <unit>` does it now (`systemctl list-units --type=service` lists the units)"
	case unit == "":
		lower := strings.ToLower(strings.Join(words, "-"))
		how = "`sudo systemctl " + verb + " <unit>` does it now (the unit is often named for the service, " + lower + ".service; `systemctl list-units | grep -i " + lower + "` finds it)"
	}
	if verb == "reload" {
		how += ", for a service that can reload its files without stopping (`systemctl reload-or-restart` restarts one that cannot)"
	}
	return &intent.NotUnderstood{Request: text,
		Hint: verb + "ing a running service changes no configuration, so ask-nix has nothing to write: " + how +
			"; when the reconciler switches to a new generation, NixOS restarts (or reloads) the services whose configuration changed; nothing was changed"}
}

// serviceUnit is the systemd unit of a service ask-nix knows by name
// ("ssh": sshd.service), and whether it is a user's unit (PipeWire);
// "" when its name is not the module's or not known.
func serviceUnit(name string) (unit string, user bool) {
	switch serviceKey(name) {
	case "displaymanager", "x", "x11", "xserver", "xorg", "gdm", "sddm", "lightdm", "loginscreen",
		"desktop", "gui", "plasma", "kde", "kdeplasma", "gnome", "xfce", "cinnamon", "mate", "budgie", "lxqt":
		// The desktop runs under the display manager (restarting it ends
		// every graphical session).
		return "display-manager.service", false
	case "nix", "nixdaemon":
		return "nix-daemon.service", false
	case "nixhumanity", "nixhumanityd", "reconciler", "asknix", "asknixdaemon":
		return "nix-humanityd.service", false
	}
	option, ok := serviceOption(name)
	if !ok {
		return "", false
	}
	switch option {
	case "services.openssh.enable":
		return "sshd.service", false
	case "hardware.bluetooth.enable":
		return "bluetooth.service", false
	case "virtualisation.docker.enable":
		return "docker.service", false
	case "virtualisation.libvirtd.enable":
		return "libvirtd.service", false
	case "networking.networkmanager.enable":
		return "NetworkManager.service", false
	case "networking.firewall.enable":
		return "firewall.service", false
	case "services.tailscale.enable":
		return "tailscaled.service", false
	case "services.printing.enable":
		return "cups.service", false
	case "services.avahi.enable":
		return "avahi-daemon.service", false
	case "services.resolved.enable":
		return "systemd-resolved.service", false
	case "services.pipewire.enable":
		return "pipewire.service", true
	case "services.samba.enable":
		return "samba-smbd.service", false
	case "services.nginx.enable", "services.caddy.enable", "services.httpd.enable", "services.postgresql.enable", "services.mysql.enable",
		"services.jellyfin.enable", "services.syncthing.enable", "services.plex.enable", "services.ollama.enable", "services.k3s.enable",
		"services.fail2ban.enable", "services.tlp.enable", "services.home-assistant.enable", "services.cron.enable", "services.fwupd.enable":
		// Modules that run one system unit of their own name.
		return strings.TrimSuffix(strings.TrimPrefix(option, "services."), ".enable") + ".service", false
	}
	return "", false
}

// ruleKill: "kill htop", "killall firefox", "pkill -f x" said in words.
// ask-nix changes the configuration, not running programs: not
// understood, with what stops one now and the request that removes it
// for good. Read as anything else, "kill" was a package name.
func ruleKill(text string, ts []token) (intent.Intent, bool, error) {
	if nu := portHolder(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if nu := launchProgram(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if nu := portStatement(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if len(ts) < 2 || ts[0].quoted || ts[0].w != "kill" && ts[0].w != "killall" && ts[0].w != "pkill" {
		return intent.Intent{}, false, nil
	}
	var names []string
	for _, t := range ts[1:] {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case t.w == "the" || t.w == "all" || t.w == "process" || t.w == "processes" || t.w == "program" || t.w == "app" || t.w == "now" || t.w == "please":
		case isPackageLike(t.raw) && !isNumeric(t):
			names = append(names, t.raw)
		default:
			return intent.Intent{}, false, nil
		}
	}
	if len(names) != 1 {
		return intent.Intent{}, false, nil
	}
	return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.Remove, "remove "+names[0])},
		Hint:        "ask-nix changes the configuration, not running programs: `pkill " + names[0] + "` stops it now (`systemctl stop <unit>` a service, until the next boot or switch); \"remove " + names[0] + "\" takes it off the system for good; nothing was changed"}
}

// launchProgram answers "open firefox", "launch steam", "run htop": a
// program run now, which ask-nix does not do ("open firefox" suggested
// "open port 443"). Installing it is offered. A service ("run nginx"),
// a port's name ("open ssh", "open http") or a request word ("run gc")
// is left to the rules that read them. nil when ts is none of these.
func launchProgram(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 2 || ts[0].quoted {
		return nil
	}
	switch ts[0].w {
	case "open", "launch", "run", "execute", "exec":
	default:
		return nil
	}
	var name token
	for _, t := range ts[1:] {
		switch {
		case t.quoted:
			return nil
		case t.w == "the" || t.w == "my" || t.w == "app" || t.w == "program" || t.w == "application" || t.w == "now" || t.w == "up":
		case name.w == "" && isPackageLike(t.raw) && !isNumeric(t):
			name = t
		default:
			return nil
		}
	}
	if name.w == "" || portNames[name.w] != nil || name.w == "port" || name.w == "ports" || name.w == "firewall" || strings.ContainsAny(name.w, "/.") ||
		name.w == "appimage" || name.w == "appimages" || name.w == "vm" || name.w == "vms" || name.w == "config" || name.w == "configuration" || notPackages[name.w] {
		return nil
	}
	if categoryWords[name.w] || name.w == "settings" || name.w == "files" {
		// "open the terminal", "open settings": no package named.
		return &intent.NotUnderstood{Request: text,
			Hint: "ask-nix changes the configuration, not running programs: open it from your desktop's menu; \"search " + name.w + "\" finds programs of that kind to install; nothing was changed"}
	}
	for _, ws := range kindWords {
		if slices.Contains(ws, name.w) || slices.Contains(ws, name.lem) {
			return nil // "run gc", "run updates"
		}
	}
	if o, ok := serviceOption(name.w); ok && !strings.HasPrefix(o, "programs.") {
		return nil // "run nginx": a service, answered elsewhere
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.Install, "install "+name.raw), sug(intent.ListInstalled, "is "+name.raw+" installed")},
		Hint:        "ask-nix changes the configuration, not running programs: start " + name.raw + " from your desktop's menu or a terminal (`nix-shell -p " + name.raw + "` tries one without installing it); \"install " + name.raw + "\" puts it on the system; nothing was changed"}
}

// portStatement answers "port 22 is closed", "port 80 is blocked",
// "port 443 is open": what the person sees, said of a port, which the
// fallback answered with "close port 22" for a port said closed. The
// question is offered first, then the change that would undo what is
// said. nil when ts is no such statement.
func portStatement(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 4 || ts[0].quoted {
		return nil
	}
	// "why can't I access port 8080": unreachable, said with a verb.
	reach := has(ts, "access", "reach", "connect", "open") && has(ts, "not")
	if !reach && ts[0].w != "port" && ts[0].w != "my" && ts[0].w != "the" && ts[0].w != "tcp" && ts[0].w != "udp" {
		return nil
	}
	var n string
	udp, stated, closed, open, not := false, false, false, false, false
	for i, t := range ts {
		switch {
		case t.quoted:
			return nil
		case t.w == "port" && i+1 < len(ts) && isNumeric(ts[i+1]) && n == "":
			n = strings.TrimPrefix(ts[i+1].w, "#")
		case t.w == "udp":
			udp = true
		case t.w == "is" || t.w == "seems" || t.w == "looks" || t.w == "appears" || t.w == "stays" || t.w == "still":
			stated = true
		case t.w == "not":
			not = true
		case t.w == "closed" || t.w == "blocked" || t.w == "filtered" || t.w == "unreachable" || t.w == "refused":
			closed = true
		case t.w == "open" || t.w == "opened" || t.w == "reachable" || t.w == "accessible":
			open = true
		}
	}
	if reach && !stated && !open && !closed {
		stated, closed, not = true, true, false
	}
	if n == "" || !stated || open == closed {
		return nil
	}
	if v, err := strconv.Atoi(n); err != nil || v < 1 || v > 65535 {
		return nil
	}
	if not {
		open, closed = closed, open
	}
	port := "port " + n
	if udp {
		port = "udp port " + n
	}
	change := "open " + port
	if open {
		change = "close " + port
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.ShowOption, "is "+port+" open"), sug(intent.SetOption, change)},
		Hint: "\"is " + port + " open\" shows whether this machine's firewall opens it, and \"" + change + "\" changes that; a port the firewall opens answers only while a program listens on it (`sudo ss -lntup 'sport = :" + n + "'`), " +
			"and a router or the other machine's firewall may block it too; nothing was changed"}
}

// portHolderVerbs open a request to end what holds a port ("kill port
// 80", "free up port 3000"); portHolderWords ask what holds it ("what
// is using port 80", "port 80 is already in use").
var (
	portHolderVerbs map[string]bool
	portHolderWords map[string]bool
)

// portHolder answers "kill port 80", "free port 3000", "what is using
// port 80", "kill whatever is listening on port 8080": a program that
// holds a port now, which ask-nix neither finds nor stops (it once
// suggested "open port 80"). What finds and stops it is named, with
// closing the port in the firewall offered as a request of its own,
// which leaves the program listening. nil when ts is none of them.
func portHolder(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 2 || ts[0].quoted {
		return nil
	}
	var port token
	udp, asked := false, portHolderVerbs[ts[0].w]
	for i, t := range ts {
		switch {
		case t.quoted:
			return nil
		case (t.w == "port" || t.lem == "port") && i+1 < len(ts) && isNumeric(ts[i+1]) && port.w == "":
			port = ts[i+1]
		case t.w == "udp":
			udp = true
		case portHolderWords[t.w]:
			asked = true
		case i == 0 && (openVerbs[t.lem] || closeVerbs[t.lem] || t.lem == "remove" || t.lem == "delete" || t.lem == "stop" && !has(ts, "listening", "using", "whatever", "process", "program")):
			// "open port 80 for the program using it", "stop port 22":
			// the firewall's words, read as before.
			return nil
		}
	}
	if port.w == "" || !asked {
		return nil
	}
	n := strings.TrimPrefix(port.w, "#")
	if v, err := strconv.Atoi(n); err != nil || v < 1 || v > 65535 {
		return nil
	}
	proto, ssFlags, close := "tcp", "-ltnp", "close port "+n
	if udp {
		proto, ssFlags, close = "udp", "-lunp", "close udp port "+n
	}
	ss := []intent.Suggestion{sug(intent.SetOption, close), sug(intent.ShowOption, "is "+strings.TrimPrefix(close, "close ")+" open")}
	if asksQuestion(ts) {
		ss[0], ss[1] = ss[1], ss[0] // "what is using port 80": asked first
	}
	return &intent.NotUnderstood{Request: text, Suggestions: ss,
		Hint: "ask-nix changes the configuration, not running programs: `sudo ss " + ssFlags + " 'sport = :" + n + "'` shows what listens on " + strings.ToUpper(proto) + " port " + n + " (its program and PID), " +
			"and `sudo fuser -k " + n + "/" + proto + "` stops it now; a service NixOS runs starts again at the next boot or switch, so turn it off for good with \"disable <service>\"; " +
			"\"" + close + "\" closes the port in the firewall only (the program keeps listening, reachable from this machine); nothing was changed"}
}

// ruleOutOfScope: requests ask-nix recognises but does not carry out,
// because one request would need settings that are not plain values:
// a login shell (users.defaultUserShell takes a package, and the shell's
// programs.*.enable must be on too) and NVIDIA's driver (video drivers,
// kernel modules, an unfree package). Read as anything else they would
// become packages named "shell" or "drivers".
func ruleOutOfScope(text string, ts []token) (intent.Intent, bool, error) {
	if nu := diskQuestion(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if nu := machineQuestion(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if nu := unitQuestion(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if (ts[0].w == "what" || ts[0].w == "which" || ts[0].w == "show" || ts[0].w == "tell") && has(ts, "ssh", "sshd", "openssh") && has(ts, "port", "ports") && !has(ts, "open", "opened", "firewall", "closed") &&
		!slices.ContainsFunc(ts, isNumeric) && len(ts) <= 8 {
		// "whats the ssh port" suggested "open port 443".
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ShowOption, "show option services.openssh.ports")},
			Hint:        "sshd listens on services.openssh.ports (22 unless your configuration says otherwise): \"show option services.openssh.ports\" shows it; nothing was changed"}
	}
	if prefix(ts, searchLead) > 0 {
		return intent.Intent{}, false, nil
	}
	if packageUpdate(ts) {
		// "upgrade firefox": what "update my system" (a bag, tried
		// before) did not take. Packages move with nixpkgs as a whole,
		// so the system update is named, never offered as if it were
		// this request: it changes every package, not this one.
		// One search, for the first: more are said alike; none where
		// that search is itself not understood ("search nixpkgs").
		var ss []intent.Suggestion
		searched := ""
		if saidUnderstood("search " + ts[1].raw) {
			ss = []intent.Suggestion{sug(intent.Search, "search "+ts[1].raw)}
			searched = "; `ask-nix search " + ts[1].raw + "` shows whether nixpkgs has other versions of it under other names"
		}
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Suggestions: ss,
			Hint: "NixOS does not update one package alone: packages come from the system's nixpkgs and are updated together, so updating is system-wide (\"update my system\" updates nixpkgs and every package with it, not only " + ts[1].raw + "; say it if you mean that)" + searched}
	}
	if nu := bootMenuHidden(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if in, ok, err := bootMenuLimit(text, ts); ok {
		return in, true, err
	}
	if nu := guidance(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if in, ok, err := storeOptimise(text, ts); ok {
		return in, true, err
	}
	if nu := configQuestion(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if nu := dockerAsUser(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if nu := flathubAsked(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if nu := desktopSwap(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if which, ok := shellMadeDefault(ts); ok {
		// "make zsh default", "set fish as default": the login shell.
		return intent.Intent{}, true, loginShellHint(text, which)
	}
	if which, ok := shellSwap(ts); ok {
		// "use zsh instead of bash", "switch from bash to fish": the
		// login shell, not a package swap that would take bash away.
		return intent.Intent{}, true, loginShellHint(text, which)
	}
	var shell, loginShell, nvidia, driver, ssh, port, kernel, latest, channel bool
	// kernelSaid: the kernel said in words ("the zen kernel"), not
	// only by a package's name ("linux-rt").
	var kernelSaid bool
	flavour := "" // the kernel package set named, as nixpkgs names it
	var trial, tryWord, out, without, installing, deleteWord, generation bool
	// onlyDelete: every word belongs to "delete generation 12".
	onlyDelete := true
	which, portNumber, number := "zsh", "2222", ""
	for _, t := range ts {
		if t.quoted {
			continue
		}
		if isNumeric(t) && len(t.w) <= 5 {
			portNumber = strings.TrimLeft(t.w, "#")
		}
		if isNumeric(t) {
			number = strings.TrimLeft(t.w, "#")
		}
		switch t.lem {
		case "generation":
			generation = true
		case "delete", "remove":
			deleteWord = true
		case "install":
			installing = true
		}
		if !isNumeric(t) && !stopwords[t.lem] && t.lem != "generation" && t.lem != "delete" && t.lem != "remove" &&
			t.w != "number" && t.w != "erase" && t.w != "drop" && t.w != "rm" && t.w != "only" && t.w != "just" {
			onlyDelete = false
		}
		switch t.w {
		case "temporarily", "temporary", "ephemeral", "nix-shell":
			trial = true
		case "try":
			tryWord = true
		case "out":
			out = true
		case "without":
			without = true
		case "installing", "installation", "installed":
			installing = true
		case "erase", "drop", "rm":
			deleteWord = true
		case "ssh", "sshd", "openssh":
			ssh = true
		case "kernel", "kernels":
			kernel, kernelSaid = true, true
		case "linux":
			kernel = true
		case "latest", "newest", "newer", "lts", "zen", "hardened", "xanmod", "libre", "rt", "realtime":
			latest, kernelSaid = true, true
			if flavour == "" {
				flavour = kernelFlavours[t.w]
			}
		case "channel", "channels", "unstable", "nixos-unstable", "nixpkgs-unstable":
			channel = true
		case "release":
			// "upgrade to the latest nixos release": another channel.
			channel = channel || ts[0].lem == "upgrade" || ts[0].lem == "update" || ts[0].lem == "switch"

		case "port", "ports":
			port = true
		case "shell", "shells":
			shell = true
		case "chsh":
			// "chsh -s /bin/zsh": the login shell, said as the command.
			shell, loginShell = true, true
		case "default", "login", "my", "change", "switch", "use":
			loginShell = true
		case "zsh", "fish", "/bin/zsh", "/bin/fish", "/run/current-system/sw/bin/zsh", "/run/current-system/sw/bin/fish":
			which = strings.TrimPrefix(t.w[strings.LastIndexByte(t.w, '/')+1:], "/")
		case "nvidia", "nvidia's", "geforce", "cuda", "optimus":
			nvidia = true
		case "driver", "drivers", "gpu", "graphics", "card", "proprietary", "prime", "offload":
			driver = true
		default:
			// "upgrade to 25.05", "switch to nixos-24.11": a release.
			if (ts[0].lem == "upgrade" || ts[0].lem == "update" || ts[0].lem == "switch" || ts[0].lem == "go") && nixosRelease(t.w) {
				channel = true
			}
			// "linux-zen", "linux_latest", "linuxPackages_zen"
			if f, ok := strings.CutPrefix(strings.TrimPrefix(t.w, "linuxpackages"), "linux"); ok || strings.HasPrefix(t.w, "linuxpackages") {
				if k, known := kernelFlavours[strings.TrimLeft(f, "-_")]; known {
					kernel, latest, flavour = true, true, k
				}
			}
			if _, ok := kernelPackageSet(t.raw); ok {
				kernel = true // "linux_6_6", "linuxKernel.kernels.linux_zen"
			}
		}
	}
	switch {
	case (trial && (installing || ts[0].w == "run" || ts[0].w == "use") || tryWord && out) && !generation ||
		without && installing && !hasVerbBefore(ts, "without") ||
		ts[0].w == "try" && !ts[0].quoted && onePackageNamed(ts[1:]) && !chatWords[ts[1].w] && ts[1].w != "again":
		// "try firefox": tried, not installed for good.
		// "try out cowsay", "install htop temporarily", "run cowsay
		// without installing it": a shell, not a change to the system.
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Hint: trialHint}
	case deleteWord && generation && number != "" && onlyDelete:
		// "delete generation 12": one generation by number.
		return intent.Intent{}, true, &DeleteGeneration{Generation: number, NotUnderstood: &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.GC, "keep the last 5 generations"), sug(intent.GC, "delete generations older than 30 days")},
			Hint:        DeleteGenerationHint(number, NixOSProfile)}}
	case loginShell && len(ts) > 4 && ts[0].lem == "install" && (ts[1].w == "zsh" || ts[1].w == "fish") && ts[2].w == "and" && has(ts[3:], "make", "set") && has(ts[3:], "default", "login"):
		// "install zsh and make it default": the login shell, which
		// "make it default" alone was not.
		return intent.Intent{}, true, loginShellHint(text, ts[1].w)
	case shell && loginShell && !installsOther(ts, "zsh", "fish", "bash", "nushell", "shell", "shells"):
		return intent.Intent{}, true, loginShellHint(text, which)
	case ssh && port && loginShell || ssh && port && (ts[0].w == "set" || ts[0].w == "move" || ts[0].w == "run" || ts[0].w == "put") ||
		ssh && portAfter(ts, "on", "at", "using", "listening"):
		// "change the ssh port to 2222": services.openssh.ports is a
		// list, which ask-nix adds to and takes from but never sets whole.
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Hint: "sshd's ports are a list ask-nix does not set whole: write services.openssh.ports = [ " + portNumber + " ]; in your NixOS configuration (the firewall opens them by itself while services.openssh.openFirewall is true)"}
	case kernel && prefix(ts, removeLead) > 0:
		// "remove linux-rt" names a package, which the fragment may list
		// (ask-nix says where the kernel is when it does not); "remove
		// the zen kernel" asks for another kernel than the one that
		// runs, which is boot.kernelPackages.
		if !kernelSaid {
			break
		}
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Hint: KernelRemoveHint + "; nothing was changed"}
	case kernel && (installing || prefix(ts, installLead) > 0):
		if nu := kernelInstall(text, ts); nu != nil {
			return intent.Intent{}, true, nu
		}
		if !latest || !kernelSaid {
			// "install git and linux-rt": the list reader answers
			// (kernelAsked), with git suggested.
			break
		}
		fallthrough
	case kernel && latest:
		// boot.kernelPackages takes a package set, not a value.
		if flavour == "" {
			flavour = "linuxPackages_latest"
		}
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Hint: "the kernel is boot.kernelPackages, which takes a package set ask-nix does not write: set boot.kernelPackages = pkgs." + flavour + "; in your NixOS configuration"}
	case channel:
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Update, "update my system")},
			Hint:        "ask-nix does not add or switch channels or flake inputs: use nix-channel --add (as root) or the inputs of /etc/nixos/flake.nix; \"update my system\" updates the ones you have"}
	case nvidia && (driver || len(ts) <= 2 || len(ts) == prefix(ts, enableLead)+1 || len(ts) == prefix(ts, disableLead)+1) && !installsOther(ts, "nvidia", "nvidia's", "geforce", "cuda", "driver", "drivers", "proprietary", "gpu", "graphics", "open", "open-source", "opensource", "closed", "closed-source", "source", "legacy"):
		// "enable nvidia", "install nvidia": the driver.
		in, err := nvidiaDriver(text, ts)
		return in, true, err
	}
	return intent.Intent{}, false, nil
}

// kernelInstall answers "install linux", "install linux_6_6", "install
// the linux kernel": on NixOS the kernel that runs is
// boot.kernelPackages, and the kernel's package in
// environment.systemPackages only puts its files in the system path.
// Written there, it changed nothing the person meant. nil when ts says
// more than installing a kernel.
func kernelInstall(text string, ts []token) *intent.NotUnderstood {
	n := prefix(ts, installLead)
	if n == 0 {
		return nil
	}
	set := ""
	for _, t := range ts[n:] {
		switch {
		case t.quoted:
			return nil
		case kernelFlavours[t.w] != "":
			set = kernelFlavours[t.w] // "the latest kernel", "the zen kernel"
		case packageFillers[t.w] || stopwords[t.lem] || t.w == "kernel" || t.w == "new" || t.w == "version":
		case t.w == "linux":
			if set == "" {
				set = "linuxPackages"
			}
		default:
			s, ok := KernelNamed(t.raw)
			if !ok {
				return nil
			}
			set = s
		}
	}
	if set == "" {
		set = "linuxPackages"
	}
	return &intent.NotUnderstood{Request: text, Hint: kernelHint(set)}
}

// KernelRemoveHint says where the running kernel is set, for a removal
// of a kernel: boot.kernelPackages, which ask-nix does not write.
const KernelRemoveHint = "the kernel NixOS boots is boot.kernelPackages, set in your NixOS configuration and not by ask-nix: to go back to NixOS's default kernel (linuxPackages, the newest LTS), remove the boot.kernelPackages line from your configuration.nix, then rebuild and reboot"

// kernelAsked answers a kernel named among other packages ("install git
// and linux") as "install linux" alone is (kernelInstall), with the
// other names suggested. Quoted, a name is installed as said. nil when
// no kernel was named.
func kernelAsked(text string, kind intent.Kind, ts []token, said []string) *intent.NotUnderstood {
	if kind != intent.Install {
		return nil
	}
	set := ""
	others := slices.Clone(said)
	quoted := map[string]bool{}
	for _, t := range ts {
		quoted[t.raw] = quoted[t.raw] || t.quoted
		s, ok := KernelNamed(t.raw)
		if t.quoted || !ok && t.w != "kernel" {
			continue
		}
		if !ok {
			s = "linuxPackages"
		}
		if set == "" || set == "linuxPackages" {
			set = s
		}
		if i := slices.Index(others, t.raw); i >= 0 {
			others = slices.Delete(others, i, i+1)
		}
	}
	if set == "" {
		return nil
	}
	var ss []intent.Suggestion
	if len(others) > 0 {
		// A name quoted stays quoted: "linux" said so is the package,
		// unquoted the kernel again.
		for i, o := range others {
			if quoted[o] {
				others[i] = `"` + o + `"`
			}
		}
		ss = append(ss, sug(intent.Install, "install "+strings.Join(others, " ")))
	}
	return &intent.NotUnderstood{Request: text, Suggestions: ss, Hint: kernelHint(set)}
}

// KernelNamed reports whether name is a kernel's ("linux", "linux_6_6",
// "linux-rt", "linux-zen", "linuxKernel.kernels.linux_zen") and the
// package set for boot.kernelPackages that runs it.
func KernelNamed(name string) (set string, ok bool) {
	loadTables()
	if set, ok := kernelPackageSet(name); ok {
		return set, true
	}
	w := strings.ToLower(name)
	if w == "linux" {
		return "linuxPackages", true
	}
	// "linux-zen", "linux_latest", "linuxPackages_zen"
	if f, ok := strings.CutPrefix(strings.TrimPrefix(w, "linuxpackages"), "linux"); ok || strings.HasPrefix(w, "linuxpackages") {
		if k, known := kernelFlavours[strings.TrimLeft(f, "-_")]; known {
			return k, true
		}
	}
	return "", false
}

// kernelHint: why a kernel is not installed as a package, and the
// package set that runs it.
func kernelHint(set string) string {
	hint := "the kernel NixOS boots is boot.kernelPackages, a package set ask-nix does not write; a kernel package in environment.systemPackages only puts its files in the system path and does not change the running kernel. "
	if set == "linuxPackages" {
		hint += "NixOS runs linuxPackages (the newest LTS kernel) unless your configuration sets boot.kernelPackages; for another, set boot.kernelPackages = pkgs.linuxPackages_latest; (or another linuxPackages_*) in your NixOS configuration, then rebuild and reboot"
	} else {
		hint += "To run this kernel, set boot.kernelPackages = pkgs." + set + "; in your NixOS configuration, then rebuild and reboot"
	}
	return hint + "; nothing was changed"
}

// kernelPackageSet is the package set (for boot.kernelPackages) of a
// kernel package named as nixpkgs does: linux_6_6 is linuxPackages_6_6,
// linux-rt linuxPackages-rt, linuxKernel.kernels.linux_zen
// linuxKernel.packages.linux_zen. Other names that start with "linux"
// (linux_logo, linux-firmware) are no kernel.
func kernelPackageSet(name string) (string, bool) {
	if rest, ok := strings.CutPrefix(name, "linuxKernel.kernels.linux_"); ok {
		if kernelSuffix(rest) {
			return "linuxKernel.packages.linux_" + rest, true
		}
		return "", false
	}
	if rest, ok := strings.CutPrefix(name, "linux_"); ok && kernelSuffix(rest) {
		return "linuxPackages_" + rest, true
	}
	switch name {
	case "linux-rt", "linux-libre", "linux-rt_latest":
		return "linuxPackages-" + strings.TrimPrefix(name, "linux-"), true
	}
	return "", false
}

// kernelSuffix: what follows "linux_" in a kernel's name, a version
// (6_6, 5_15_hardened, rt_6_1) or a flavour (latest, zen, xanmod_latest).
func kernelSuffix(s string) bool {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "rt_"), "_hardened")
	switch s {
	case "latest", "zen", "hardened", "lqx", "xanmod", "xanmod_latest", "xanmod_stable", "testing", "latest_libre",
		"rpi1", "rpi2", "rpi3", "rpi4":
		return true
	}
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !(s[i] >= '0' && s[i] <= '9' || s[i] == '_') {
			return false
		}
	}
	return true
}

// kernelFlavours are the kernel package sets people name by their
// flavour ("the zen kernel"): nixpkgs' linuxPackages_<flavour>. The
// default, linuxPackages, is the newest LTS kernel.
var kernelFlavours map[string]string

// installsOther reports whether ts installs something first that is none
// of words: "install nvtop for my nvidia card" and "install starship for
// my shell" name a package, not the driver or the login shell.
func installsOther(ts []token, words ...string) bool {
	if len(ts) < 2 || ts[0].lem != "install" && ts[0].w != "add" {
		return false
	}
	for _, t := range ts[1:] {
		if packageFillers[t.w] || stopwords[t.lem] {
			continue
		}
		return !slices.Contains(words, t.w)
	}
	return false
}

// hasVerbBefore reports whether the request starts with install before
// word: "install git without vim" names what to leave out, where "run
// cowsay without installing it" asks for no install at all.
func hasVerbBefore(ts []token, word string) bool {
	for _, t := range ts {
		if t.w == word {
			return false
		}
		if t.lem == "install" {
			return true
		}
	}
	return false
}

// portAfter reports whether "port" follows one of words ("enable ssh on
// port 2222"): where a service listens, not a port to open.
func portAfter(ts []token, words ...string) bool {
	for i := 1; i < len(ts); i++ {
		if (ts[i].w == "port" || ts[i].w == "ports") && !ts[i].quoted {
			for _, w := range words {
				if ts[i-1].w == w {
					return true
				}
			}
		}
	}
	return false
}

// onePackageNamed: ts is one name, maybe with "only" or "alone" after it
// ("upgrade firefox", "update firefox only").
// packagesToUpdate: "firefox", "firefox and htop", "firefox to the latest
// version": the packages an update of one package names, and nothing
// that means the whole system ("everything", "all packages").
// packageUpdate: ts asks to update or upgrade packages by name
// ("upgrade firefox"), which NixOS does not do one at a time.
func packageUpdate(ts []token) bool {
	return len(ts) > 1 && (ts[0].lem == "update" || ts[0].lem == "upgrade") && packagesToUpdate(ts[1:]) && !has(ts, "firmware", "bios", "uefi")
}

func packagesToUpdate(ts []token) bool {
	if n := suffix(ts, latestTrail); n > 0 && n < len(ts) {
		ts = ts[:len(ts)-n]
	}
	if onePackageNamed(ts) {
		return true
	}
	if len(ts) < 3 || len(ts) > 7 || ts[0].w == "and" || ts[len(ts)-1].w == "and" {
		return false
	}
	names := 0
	for _, t := range ts {
		switch {
		case t.quoted:
			return false
		case t.w == "and" || t.w == "&":
		case t.w == "then" || requestLeads[t.lem] || t.w == "clean" || t.w == "reboot" || t.w == "gc":
			return false // "update then clean up": a second request
		case !stopwords[t.lem] && !wholeSystemWords[t.w] && isPackageLike(t.raw):
			names++
		default:
			return false
		}
	}
	return names >= 2
}

// latestTrail is how people say which version they want from an update
// of one package: the one nixpkgs has, which is all there is.
// Built with the other tables (loadUpdates).
var latestTrail []phrase

// wholeSystemWords name everything, not a package.
var wholeSystemWords map[string]bool

func onePackageNamed(ts []token) bool {
	if len(ts) == 0 || len(ts) > 2 || ts[0].quoted || stopwords[ts[0].lem] || !isPackageLike(ts[0].raw) {
		return false
	}
	return len(ts) == 1 || ts[1].w == "only" || ts[1].w == "alone" || ts[1].w == "package"
}

// isPackageLike: the shape of a nixpkgs attribute name.
func isPackageLike(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '+') {
			return false
		}
	}
	return true
}

// loginShellHint says where a login shell is set, for the shell which
// (a package name): with its NixOS module turned on where it has one
// (zsh, fish, xonsh), else listed in environment.shells (bash is always
// there).
func loginShellHint(text, which string) *intent.NotUnderstood {
	nu := &intent.NotUnderstood{Request: text}
	also := ""
	switch which {
	case "zsh", "fish", "xonsh":
		nu.Suggestions = []intent.Suggestion{sug(intent.EnableService, "enable "+which)}
		also = ", with the shell enabled (\"enable " + which + "\")"
	case "bash":
	default:
		also = ", and add it to environment.shells"
	}
	nu.Hint = "ask-nix does not set login shells: users.defaultUserShell takes a package, so set it in your NixOS configuration (users.defaultUserShell = pkgs." + which + ";)" + also
	return nu
}

// loginShell returns the nixpkgs name of the shell w names, for telling
// a change of login shell from a package swap.
func loginShell(w string) (string, bool) {
	switch w {
	case "bash", "zsh", "fish", "nushell", "dash", "ksh", "tcsh", "elvish", "xonsh":
		return w, true
	case "nu":
		return "nushell", true
	}
	return "", false
}

// shellSwap recognises one shell for another: "use zsh instead of
// bash", "replace bash with fish", "switch from bash to zsh", "change
// bash to zsh". It returns the shell asked for: the first named with
// "instead", else the last.
func shellSwap(ts []token) (string, bool) {
	switch ts[0].w {
	case "use", "replace", "swap", "switch", "change", "move", "go":
	default:
		return "", false
	}
	var shells []string
	instead := false
	for _, t := range ts {
		if t.w == "instead" {
			instead = true
		}
		if sh, ok := loginShell(t.w); ok && !t.quoted && !slices.Contains(shells, sh) {
			shells = append(shells, sh)
		}
	}
	switch {
	case len(shells) == 1 && ts[0].w != "use" && ts[0].w != "replace" && ts[0].w != "swap":
		// "switch to zsh", "change to fish": one shell, after "to".
		for i := 1; i < len(ts); i++ {
			if sh, ok := loginShell(ts[i].w); ok && sh == shells[0] && ts[i-1].w == "to" {
				return sh, true
			}
		}
		return "", false
	case len(shells) != 2:
		return "", false
	case instead:
		return shells[0], true
	}
	return shells[1], true
}

// desktops are the desktops and window managers people switch between,
// by the word they say; ask-nix finds each one's option by that word.
var desktops map[string]bool

// desktopSwap reads one desktop for another, "switch to kde", "change my
// desktop to xfce", "switch from gnome to plasma", "go to hyprland": not
// an edit ask-nix can make whole, since the desktop in use is mostly set
// in the main configuration. It says what ask-nix can do: turn the new
// one on, and the old one off where the fragment turned it on.
func desktopSwap(text string, ts []token) *intent.NotUnderstood {
	switch ts[0].w {
	case "switch", "change", "move", "go":
	default:
		return nil
	}
	var named []string
	instead, to := false, false
	for i, t := range ts {
		if t.w == "instead" {
			instead = true
		}
		if desktops[t.w] && !t.quoted {
			if i > 0 && ts[i-1].w == "to" {
				to = true
			}
			if !slices.Contains(named, t.w) {
				named = append(named, t.w)
			}
		}
	}
	if len(named) == 0 || len(named) > 2 || !to && !instead {
		return nil
	}
	want, old := named[len(named)-1], ""
	if len(named) == 2 {
		old = named[0]
		if instead {
			want, old = named[0], named[1]
		}
	}
	nu := &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable "+want)}}
	off := "the one you use now stays until it is turned off: in your NixOS configuration, or with \"disable <name>\" if ask-nix turned it on"
	if old != "" {
		nu.Suggestions = append(nu.Suggestions, sug(intent.DisableService, "disable "+old))
		off = old + " stays until it is turned off: in your NixOS configuration, or with \"disable " + old + "\" if ask-nix turned it on"
	}
	nu.Hint = "ask-nix turns one desktop on or off at a time: \"enable " + want + "\" adds " + want + " (you choose it at the login screen); " + off
	return nu
}

// storeOptimise reads "optimise the store", which is a command, not a
// setting: said with how often or when ("optimise the store weekly",
// "every day at 3am", "on sundays", "automatically"), the timer that runs
// it; said with building ("when building", "on every build"), Nix's own
// auto-optimise-store, which links each new file as it is built; said
// alone, not understood, with the command that does it now and the two
// settings.
//
// A schedule said is written as nix.optimise.dates, a list of systemd
// calendar expressions (NixOS's default: 03:45 every day), made the one
// said: the list unset and the schedule added, in the one edit that
// turns the timer on, as "set dns to ..." makes the DNS servers the ones
// said. "automatically" or "regularly" say no schedule, and leave it.
//
// Said with a lead ("enable automatic store optimisation every day at
// 4am", "automatically optimise the store every sunday") it is taken only
// with a schedule: without one, the switch rules read it ("enable store
// optimisation").
func storeOptimise(text string, ts []token) (intent.Intent, bool, error) {
	verb := -1
	for k, t := range ts {
		if t.quoted {
			return intent.Intent{}, false, nil
		}
		if optimiseWords[t.w] {
			verb = k
			break
		}
		if !optimiseLeads[t.w] {
			return intent.Intent{}, false, nil
		}
	}
	if verb < 0 {
		return intent.Intent{}, false, nil
	}
	// "optimise ...", "deduplicate ..." is the command said; anything
	// else ("enable automatic store optimisation ...") is said with a
	// lead.
	lead := verb > 0 || !optimiseVerbs[ts[0].w]
	store, often, atBuild := false, false, false
	var sched when
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		if i == verb {
			continue
		}
		if t.quoted {
			return intent.Intent{}, false, nil
		}
		n, bare, bad := sched.read(ts, i)
		if bare != "" || bad != "" {
			return intent.Intent{}, true, timeNotSaid(text, bare, bad)
		}
		if n > 0 {
			often = true
			i += n - 1
			continue
		}
		switch t.w {
		case "store", "/nix/store":
			store = true
		case "automatically", "regularly", "periodically", "schedule", "timer", "once", "day", "night", "week", "month":
			// "... on a schedule", "once a week" (its unit read above)
			often = true
		case "build", "builds", "building", "rebuild", "rebuilds", "rebuilding":
			// "... when building", "on every build": Nix's own setting.
			atBuild = true
		case "the", "nix", "my", "every", "each", "a", "on", "when", "while", "during", "after", "as", "it", "i", "at", "time", "and", "per", "in":
		case "enable", "turn", "set", "up", "run", "automatic", "auto", "scheduled", "of":
			// "enable automatic store optimisation every day at 4am"
			if !lead {
				return intent.Intent{}, false, nil
			}
		default:
			return intent.Intent{}, false, nil
		}
	}
	switch {
	case lead && !sched.said():
		// "enable store optimisation": the switch rules'.
		return intent.Intent{}, false, nil
	case !store:
		return intent.Intent{}, false, nil
	case atBuild && sched.said():
		// "optimise the store on every build at 3am": which one?
		return intent.Intent{}, false, nil
	case atBuild:
		return intent.Intent{Kind: intent.SetOption, Option: "nix.settings.auto-optimise-store", Value: true}, true, nil
	case sched.said():
		cal, ok := sched.calendar()
		if !ok {
			return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
				Suggestions: []intent.Suggestion{sug(intent.SetOption, "optimise the store every week"), sug(intent.SetOption, "optimise the store on sundays at 3am")},
				Hint:        "that schedule is said two ways that do not go together; say one: how often (\"every week\"), on which days (\"on sundays\"), at what time (\"at 3am\"), or days and time; nothing was changed"}
		}
		return intent.Join([]intent.Intent{
			{Kind: intent.SetOption, Option: "nix.optimise.automatic", Value: true},
			{Kind: intent.SetOption, Option: "nix.optimise.dates", Change: intent.ChangeUnset},
			{Kind: intent.SetOption, Option: "nix.optimise.dates", Value: cal, Change: intent.ChangeAdd},
		}), true, nil
	case often:
		return intent.Intent{Kind: intent.SetOption, Option: "nix.optimise.automatic", Value: true}, true, nil
	}
	return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.SetOption, "enable store optimisation"), sug(intent.SetOption, "enable auto optimise store")},
		Hint:        "ask-nix changes the configuration, and deduplicating the store is a command: `nix-store --optimise` (as root) does it now; \"enable store optimisation\" has a timer do it, \"enable auto optimise store\" has Nix do it as it builds"}
}

// optimiseVerbs say "optimise the store" as the command; optimiseWords
// also its nouns ("store optimisation"); optimiseLeads the words that may
// come before those.
var optimiseVerbs, optimiseWords, optimiseLeads map[string]bool

// configQuestion answers "show my config", "edit configuration.nix":
// where the configuration is, and what ask-nix writes of it.
func configQuestion(text string, ts []token) *intent.NotUnderstood {
	switch ts[0].w {
	case "show", "open", "edit", "view", "display", "print", "see", "cat", "where", "find", "what":
	default:
		return nil
	}
	config := false
	for _, t := range ts[1:] {
		switch {
		case t.quoted:
			return nil
		case t.w == "config" || t.w == "configuration" || t.w == "configuration.nix" || t.w == "fragment" || t.w == "nix-humanity.nix" ||
			t.w == "/etc/nixos/configuration.nix" || t.w == "flake.nix" || t.w == "/etc/nixos/flake.nix":
			config = true
		case t.w == "me" || t.w == "my" || t.w == "the" || t.w == "nixos" || t.w == "system" || t.w == "system's" || t.w == "file" || t.w == "whole" || t.w == "current" ||
			t.w == "is" || t.w == "are" || t.w == "in" || t.w == "nix" || t.w == "located" || t.w == "stored" || t.w == "kept":
		default:
			return nil
		}
	}
	if !config {
		return nil
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.ListInstalled, "list installed"), sug(intent.ShowOption, "is ssh enabled")},
		Hint:        "your configuration is /etc/nixos/configuration.nix (or your flake in /etc/nixos), which you edit with any editor; ask-nix writes only its managed fragment (/etc/nixos/nix-humanity.nix by default, `ask-nix config` says where): `ask-nix history` and `ask-nix diff` show what it changed there"}
}

// dockerAsUser reads "enable docker for my user", "use docker without
// sudo": membership of the docker group, which ask-nix does not give
// (a group that is as good as root), or rootless docker, which it does.
func dockerAsUser(text string, ts []token) *intent.NotUnderstood {
	docker, user := false, false
	for i, t := range ts {
		if t.quoted {
			return nil
		}
		switch {
		case t.w == "docker" || t.w == "podman":
			docker = true
		case t.w == "sudo" && i > 0 && (ts[i-1].w == "without" || ts[i-1].w == "no"),
			t.w == "user" && i > 0 && (ts[i-1].w == "my" || ts[i-1].w == "normal" || ts[i-1].w == "regular"):
			user = true
		}
	}
	if !docker || !user {
		return nil
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable rootless docker")},
		Hint:        "docker without sudo is membership of the docker group, which is as good as root: ask-nix does not give it; add yourself in your NixOS configuration (users.users.<you>.extraGroups = [ \"docker\" ];), or run docker rootless (\"enable rootless docker\")"}
}

// nixosRelease: w names a NixOS release ("25.05", "24.11",
// "nixos-25.05").
func nixosRelease(w string) bool {
	w = strings.TrimPrefix(strings.TrimPrefix(w, "nixos-"), "nixpkgs-")
	return len(w) == 5 && w[2] == '.' && w[0] >= '1' && w[0] <= '9' && w[1] >= '0' && w[1] <= '9' &&
		(w[3:] == "05" || w[3:] == "11")
}

// flathubAsked answers "add flathub", "enable flathub", "install the
// flathub repo": Flatpak's app store, a remote each user adds, is no
// package or option (it was installed as a package named flathub).
func flathubAsked(text string, ts []token) *intent.NotUnderstood {
	n := max(prefix(ts, installLead), prefix(ts, enableLead))
	if n == 0 || n == len(ts) || !has(ts[n:], "flathub") {
		return nil
	}
	for _, t := range ts[n:] {
		switch {
		case t.quoted:
			return nil
		case t.w == "flathub", t.w == "the", t.w == "repo", t.w == "repository", t.w == "remote", t.w == "store", t.w == "app", t.w == "support":
		default:
			return nil
		}
	}
	return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable flatpak")},
		Hint: "Flathub is Flatpak's app store, a remote each user adds, not a package: \"enable flatpak\" turns Flatpak on (services.flatpak), then, after the switch, " +
			"`flatpak remote-add --if-not-exists flathub https://dl.flathub.org/repo/flathub.flatpakrepo` adds Flathub and `flatpak install flathub <app>` installs from it; nothing was changed"}
}

// shellMadeDefault recognises a shell made the default without the
// word "shell" ("make zsh default", "set fish as my default"): the
// login shell. It returns the shell's package name.
func shellMadeDefault(ts []token) (string, bool) {
	if ts[0].quoted || ts[0].w != "make" && ts[0].w != "set" || !has(ts, "default") {
		return "", false
	}
	which := ""
	for _, t := range ts[1:] {
		sh, ok := loginShell(t.w)
		switch {
		case t.quoted:
			return "", false
		case ok && (which == "" || which == sh):
			which = sh
		case t.w == "my" || t.w == "the" || t.w == "default" || t.w == "as" || t.w == "to" || t.w == "a" || t.w == "login" || t.w == "shell" || t.w == "our":
		default:
			return "", false
		}
	}
	return which, which != ""
}

// trialHint answers a program asked for a while only ("try cowsay",
// "install htop temporarily"): a shell, not a change to the system.
const trialHint = "ask-nix changes the system for good; to try a program without installing it, run `nix-shell -p <name>` (or `nix run nixpkgs#<name>` with flakes): it is gone when you leave the shell"

// loadOutofscopeTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadOutofscopeTables() {
	optimiseVerbs = map[string]bool{"optimise": true, "optimize": true, "deduplicate": true, "dedupe": true, "dedup": true}
	optimiseWords = map[string]bool{"optimise": true, "optimize": true, "deduplicate": true, "dedupe": true, "dedup": true,
		"optimisation": true, "optimization": true, "deduplication": true}
	optimiseLeads = map[string]bool{"enable": true, "turn": true, "on": true, "automatically": true, "automatic": true, "auto": true,
		"schedule": true, "scheduled": true, "set": true, "up": true, "run": true, "nix": true, "store": true, "the": true, "my": true}
	diffWords = map[string]bool{"what": true, "which": true, "show": true, "me": true, "tell": true, "is": true, "was": true,
		"the": true, "difference": true, "differences": true, "diff": true, "changed": true, "changes": true, "change": true,
		"between": true, "and": true, "from": true, "to": true, "compare": true, "with": true, "vs": true, "versus": true}
	editTimeWords = map[string]bool{
		"yesterday": true, "today": true, "recently": true, "lately": true, "earlier": true,
		"week": true, "month": true, "day": true, "days": true, "hour": true, "hours": true,
		"ago": true, "since": true, "morning": true, "tonight": true, "night": true, "before": true,
	}
	portHolderVerbs = map[string]bool{"kill": true, "killall": true, "pkill": true, "free": true, "release": true, "unbind": true}
	portHolderWords = map[string]bool{"using": true, "uses": true, "used": true, "use": true, "listening": true, "listens": true,
		"listen": true, "occupying": true, "occupies": true, "occupied": true, "holding": true, "holds": true, "bound": true,
		"binding": true, "binds": true, "taken": true, "busy": true, "whatever": true, "process": true, "program": true, "pid": true}
	kernelFlavours = map[string]string{
		"latest": "linuxPackages_latest", "newest": "linuxPackages_latest", "newer": "linuxPackages_latest",
		"lts": "linuxPackages", "zen": "linuxPackages_zen", "hardened": "linuxPackages_hardened",
		"xanmod": "linuxPackages_xanmod", "libre": "linuxPackages-libre", "rt": "linuxPackages-rt",
		"realtime": "linuxPackages-rt", "lqx": "linuxPackages_lqx",
	}
	wholeSystemWords = map[string]bool{"everything": true, "all": true, "system": true, "nixos": true, "packages": true,
		"channels": true, "channel": true, "flake": true, "inputs": true, "software": true, "apps": true, "programs": true}
	desktops = map[string]bool{
		"kde": true, "plasma": true, "gnome": true, "xfce": true, "cinnamon": true, "mate": true,
		"budgie": true, "lxqt": true, "pantheon": true, "enlightenment": true, "hyprland": true,
		"sway": true, "i3": true, "awesome": true, "bspwm": true, "xmonad": true, "niri": true,
		"qtile": true, "openbox": true, "icewm": true, "fluxbox": true, "dwm": true,
	}
}
