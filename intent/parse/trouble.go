package parse

import (
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// A trouble is a part of the machine people report broken ("my sound
// doesn't work", "fix my wifi", "no audio", "bluetooth headphones won't
// connect"): answered with what the configuration has for it, as
// requests to check and to turn it on, and the commands that look at
// the running system. Never an edit: a report of a fault says what is
// wrong, not which setting to change, and read by its words it planned
// nothing useful ("help", "install firefox") or a service's status.
type trouble struct {
	ss  []intent.Suggestion
	why string
	// rank: which area a report naming two is about ("bluetooth
	// headphones" is Bluetooth's, with sound said as well).
	rank int
	// noService: "no docker", "no sleep" ask for it off, where "no
	// sound" reports a fault; worded: only words of a fault say it
	// ("the store is full", never "repair the nix store").
	noService, worded bool
}

// troubleWords are the words that name an area; troubleVerbs open a
// report ("fix my sound"); faultWords say something is wrong anywhere
// in it; notWorking follow "not" ("does not work", "won't connect").
// troubleVetoes are verbs of a request that changes something ("fix
// my sound and enable pipewire", "install pavucontrol, no sound"): the
// request is read as said, never answered as a report.
var (
	troubleWords                                           map[string]*trouble
	troubleVerbs, faultWords, notWorking, troubleVetoes    map[string]bool
	soundTrouble, wifiTrouble, bluetoothTrouble            *trouble
	printTrouble, graphicsTrouble, webcamTrouble           *trouble
	touchpadTrouble, scannerTrouble, bluetoothSoundTrouble *trouble
	sleepTrouble, dockerTrouble, diskTrouble               *trouble
)

func loadTrouble() {
	soundTrouble = &trouble{rank: 1,
		ss: []intent.Suggestion{sug(intent.ShowOption, "is sound enabled"), sug(intent.EnableService, "enable sound")},
		why: "if sound does not work: NixOS plays it through PipeWire; \"is sound enabled\" shows whether the configuration turns it on, and \"enable sound\" turns on services.pipewire with its ALSA and PulseAudio parts and rtkit, as the NixOS installer does (shown as a plan first). " +
			"With it on, `wpctl status` lists the outputs and which one is the default (pavucontrol picks another and unmutes it), and `systemctl --user status pipewire wireplumber` shows whether it runs for you; nothing was changed"}
	wifiTrouble = &trouble{rank: 1,
		ss: []intent.Suggestion{sug(intent.ShowOption, "is networkmanager enabled"), sug(intent.EnableService, "enable networkmanager"),
			sug(intent.SetOption, "enable redistributable firmware")},
		why: "if Wi-Fi or the network does not work: NixOS runs Wi-Fi with NetworkManager (\"enable networkmanager\", networking.networkmanager.enable, in place of networking.wireless), and you connect with `nmtui`, `nmcli device wifi connect <name> --ask` or your desktop's network menu; " +
			"`nmcli device` shows whether the card is found, `rfkill list` whether it is blocked (`rfkill unblock wifi`), and a card found without its firmware needs \"enable redistributable firmware\"; changing connections without sudo needs the networkmanager group (users.users.<name>.extraGroups, in configuration.nix); nothing was changed"}
	bluetoothTrouble = &trouble{rank: 2,
		ss: []intent.Suggestion{sug(intent.ShowOption, "is bluetooth enabled"), sug(intent.EnableService, "enable bluetooth")},
		why: "if Bluetooth does not work: \"enable bluetooth\" (hardware.bluetooth.enable) turns it on; devices are paired while the system runs, in your desktop's Bluetooth settings or with `bluetoothctl` (power on, scan on, pair <address>, connect <address>), and `rfkill unblock bluetooth` unblocks it; " +
			"a desktop without Bluetooth settings of its own gets them from \"enable blueman\"; nothing was changed"}
	bluetoothSoundTrouble = &trouble{rank: 3,
		ss: []intent.Suggestion{sug(intent.ShowOption, "is bluetooth enabled"), sug(intent.EnableService, "enable bluetooth"), sug(intent.EnableService, "enable sound")},
		why: "if Bluetooth headphones or speakers do not work: they need Bluetooth on (\"enable bluetooth\", hardware.bluetooth.enable) and sound through PipeWire (\"enable sound\"), which plays to Bluetooth by itself; " +
			"they are paired while the system runs, in your desktop's Bluetooth settings or with `bluetoothctl` (power on, scan on, pair <address>, connect <address>), and picked as the output in `wpctl status` or pavucontrol; nothing was changed"}
	printTrouble = &trouble{rank: 1,
		ss: []intent.Suggestion{sug(intent.ShowOption, "is printing enabled"), sug(intent.EnableService, "enable printing"), sug(intent.EnableService, "enable avahi")},
		why: "if printing does not work: printing is CUPS (\"enable printing\", services.printing), printers are added in your desktop's printer settings or at http://localhost:631, and network printers are found with Avahi (\"enable avahi\"); " +
			"many printers need a driver in services.printing.drivers (pkgs.hplip for HP, pkgs.gutenprint, pkgs.brlaser for Brother), a list ask-nix does not write; `lpstat -t` shows the printers and their queues; nothing was changed"}
	graphicsTrouble = &trouble{rank: 1,
		ss: []intent.Suggestion{sug(intent.ShowOption, "is graphics enabled"), sug(intent.EnableService, "enable graphics"), sug(intent.SetOption, "enable 32-bit graphics")},
		why: "if graphics do not work: \"enable graphics\" (hardware.graphics.enable) installs Mesa's OpenGL and Vulkan drivers for AMD, Intel and nouveau, and 32-bit programs (Steam, Wine) also need \"enable 32-bit graphics\"; " +
			"NVIDIA's own driver is several settings and an unfree package (the NixOS manual's NVIDIA section); `nix-shell -p mesa-demos --run 'glxinfo -B'` shows the driver in use; nothing was changed"}
	webcamTrouble = &trouble{rank: 1,
		why: "if a webcam does not work: it needs no setting, the kernel's uvcvideo driver runs it and programs open /dev/video*; `nix-shell -p v4l-utils --run 'v4l2-ctl --list-devices'` shows whether it is found, and some laptops have a key or switch that turns it off; nothing was changed"}
	touchpadTrouble = &trouble{rank: 1,
		ss:  []intent.Suggestion{sug(intent.ShowOption, "is touchpad enabled"), sug(intent.EnableService, "enable touchpad"), sug(intent.SetOption, "enable tap to click")},
		why: "if the touchpad does not work: it is run by libinput (\"enable touchpad\", services.libinput.enable, which GNOME and KDE turn on themselves); tapping is \"enable tap to click\", and GNOME and KDE have their own switches in the touchpad settings; some laptops turn it off with a key; nothing was changed"}
	scannerTrouble = &trouble{rank: 1,
		ss:  []intent.Suggestion{sug(intent.ShowOption, "is scanner enabled"), sug(intent.EnableService, "enable scanner")},
		why: "if scanning does not work: scanners are SANE (\"enable scanner\", hardware.sane.enable), and your user needs the scanner and lp groups (users.users.<name>.extraGroups, in configuration.nix); network scanners need hardware.sane.extraBackends (pkgs.sane-airscan), a list ask-nix does not write; `scanimage -L` lists the scanners found; nothing was changed"}
	sleepTrouble = &trouble{rank: 1, noService: true,
		ss: []intent.Suggestion{sug(intent.SetOption, "suspend when the lid is closed")},
		why: "if the machine does not suspend or wake up: `systemctl suspend` tries it now, `systemd-inhibit --list` shows a program keeping it awake, and `journalctl -b -1` the last boot's log (why it woke, or failed to); " +
			"what closing the lid does is services.logind.lidSwitch (\"suspend when the lid is closed\" is NixOS's default); hibernation needs swap as large as the memory in use and boot.resumeDevice; \"disable sleep\" would turn sleep off, which is not this; nothing was changed"}
	dockerTrouble = &trouble{rank: 2, noService: true,
		ss: []intent.Suggestion{sug(intent.ShowOption, "is docker enabled"), sug(intent.EnableService, "enable docker"), sug(intent.EnableService, "enable rootless docker")},
		why: "if docker does not work: \"Cannot connect to the Docker daemon\" means it is not running (\"is docker enabled\", \"enable docker\"); \"permission denied\" on its socket means your user is not in the docker group, which is as good as root: " +
			"add it yourself in configuration.nix (users.users.<you>.extraGroups = [ \"docker\" ];) and log in again, or run docker rootless (\"enable rootless docker\"); nothing was changed"}
	diskTrouble = &trouble{rank: 2, worded: true,
		ss: []intent.Suggestion{sug(intent.GC, "clean up old generations, keep 5"), sug(intent.GC, "delete generations older than 30 days"), sug(intent.SystemInfo, "how much space does the nix store use")},
		why: "if the disk or /boot is full: old generations keep their packages in /nix/store and their kernels in /boot; deleting generations (by count or age) and collecting garbage frees both, " +
			"\"keep only 5 generations in the boot menu\" keeps /boot small from then on, and \"enable auto optimise store\" shares identical files; `du -sh /nix/store` and `df -h` show the space; nothing was changed"}
	troubleWords = map[string]*trouble{}
	for _, a := range []struct {
		words []string
		t     *trouble
	}{
		{[]string{"sound", "audio", "speaker", "speakers", "microphone", "mic", "volume", "hear", "headphone", "headphones", "headset", "pipewire", "pulseaudio"}, soundTrouble},
		{[]string{"wifi", "wi-fi", "wireless", "wlan", "internet", "network", "networking", "ethernet", "networkmanager"}, wifiTrouble},
		{[]string{"bluetooth"}, bluetoothTrouble},
		{[]string{"printer", "printers", "printing"}, printTrouble},
		{[]string{"graphics", "gpu", "opengl", "vulkan"}, graphicsTrouble},
		{[]string{"webcam", "camera", "cam"}, webcamTrouble},
		{[]string{"touchpad", "trackpad"}, touchpadTrouble},
		{[]string{"scanner", "scanners", "scanning"}, scannerTrouble},
		{[]string{"docker", "docker.sock", "dockerd"}, dockerTrouble},
		{[]string{"disk", "space", "storage", "store", "/boot", "/nix/store", "partition", "drive"}, diskTrouble},
		{[]string{"suspend", "suspends", "suspending", "sleep", "sleeps", "hibernate", "hibernates", "hibernation", "lid", "resume", "resumes", "wake", "wakes"}, sleepTrouble},
	} {
		for _, w := range a.words {
			troubleWords[w] = a.t
		}
	}
	troubleVerbs = set("fix", "repair", "troubleshoot", "debug", "diagnose")
	faultWords = set("broken", "broke", "dead", "missing", "gone", "crackling", "crackles", "stutters", "stuttering", "choppy", "distorted",
		"problem", "problems", "issue", "issues", "trouble", "disconnects", "disconnecting", "drops", "dropping", "stopped", "fails", "failing",
		"muted", "silent", "quiet", "weak", "slow", "wrong", "buggy", "unstable", "flaky", "denied", "full", "huge", "big", "large", "filling", "refused")
	notWorking = set("work", "works", "working", "connect", "connecting", "found", "detected", "recognized", "recognised", "showing", "show",
		"appear", "appearing", "pair", "pairing", "play", "playing", "print", "printing", "hear", "there", "available", "load", "loading", "start", "starting",
		"suspend", "sleep", "hibernate", "resume", "wake", "go")
	troubleVetoes = set("install", "enable", "disable", "remove", "uninstall", "open", "close", "set", "add", "activate", "deactivate",
		"search", "use", "switch", "replace", "turn", "allow", "block", "delete", "purge", "configure")
}

// troubleReport answers a report that a part of the machine does not
// work; nil when ts is none.
func troubleReport(text string, ts []token) *intent.NotUnderstood {
	if len(ts) > 1 && ts[0].w == "do" && ts[1].w == "not" {
		return nil // "do not start bluetooth on boot": a request, negated
	}
	if nu := commandNotFound(text, ts); nu != nil {
		return nu
	}
	if nu := programTrouble(text, ts); nu != nil {
		return nu
	}
	// Most requests name no area: one look each finds that first.
	var area *trouble
	sound := false
	for _, t := range ts {
		if t.quoted {
			return nil
		}
		if a, ok := troubleWords[t.w]; ok {
			sound = sound || a == soundTrouble
			if area == nil || a.rank > area.rank {
				area = a
			}
		}
	}
	if area == nil {
		return nil
	}
	fault, worded, saidNo := false, false, false
	for i, t := range ts {
		if troubleWords[t.w] != nil {
			continue
		}
		switch {
		case faultWords[t.w]:
			fault, worded = true, true
		case troubleVerbs[t.w] && i == 0:
			fault = true
		case t.w == "no" && (i == 0 || i+1 < len(ts) && troubleWords[ts[i+1].w] != nil):
			fault, saidNo = true, true                               // "no sound", "why is there no wifi"
			worded = worded || i+1 < len(ts) && ts[i+1].w == "space" // "no space left"
		case t.w == "not" && i+1 < len(ts) && notWorking[ts[i+1].lem] && !(i > 0 && (ts[i-1].w == "should" || ts[i-1].w == "must")) && ts[0].w != "make":
			// "does not work", "won't connect"; "it should not sleep
			// when the lid is closed" and "make my laptop not sleep
			// when ..." say what is wanted.
			fault = true
		case t.w == "not" && ts[0].w == "why" && slices.ContainsFunc(ts[i+1:], func(u token) bool { return notWorking[u.lem] }):
			fault = true // "why doesn't my printer work": the verb after the subject
		case t.w == "nothing" && i+1 < len(ts) && (ts[i+1].w == "happens" || ts[i+1].w == "happened"):
			fault = true // "when I close the lid nothing happens"
		case troubleVetoes[t.lem] && (i == 0 || ts[i-1].w == "and" || ts[i-1].w == "then" || ts[i-1].w == "to" || ts[i-1].w == "please" || ts[i-1].w == "also"):
			// "enable sound, it's broken", "install pavucontrol, no
			// sound": a request, read as said.
			return nil
		}
	}
	if area == nil || !fault || area.worded && !worded || area.noService && saidNo && !worded {
		return nil
	}
	if area == bluetoothTrouble && sound {
		area = bluetoothSoundTrouble
	}
	return &intent.NotUnderstood{Request: text, Suggestions: area.ss, Hint: area.why}
}

// commandNotFound answers the shell's "htop: command not found" pasted
// or said ("command not found: htop", "git command not found"): the
// package installed, or asked whether it is. nil when ts is none.
func commandNotFound(text string, ts []token) *intent.NotUnderstood {
	at := -1
	for i := 0; i+2 < len(ts); i++ {
		if ts[i].w == "command" && ts[i+1].w == "not" && ts[i+2].w == "found" && !ts[i].quoted {
			at = i
			break
		}
	}
	if at < 0 {
		return nil
	}
	if at > 0 && prefix(ts, enableLead) == at {
		// "enable command not found": the shell's suggestions, not a
		// command missing.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable programs.nix-index"), sug(intent.EnableService, "enable programs.command-not-found")},
			Hint:        "a shell names the package of an unknown command with programs.command-not-found (on by default with channels; it reads the channel's database) or, with flakes, nix-index (\"enable programs.nix-index\", which also needs `nix-index` run once to build its database); nothing was changed"}
	}
	name := ""
	for _, t := range append(slices.Clone(ts[at+3:]), ts[:at]...) {
		switch {
		case t.quoted || t.w == "bash" || t.w == "zsh" || t.w == "fish" || t.w == "sh" || stopwords[t.lem] || t.w == "says" || t.w == "error" || t.w == "i" || t.w == "get":
		case name == "" && isPackageLike(t.raw) && !isNumeric(t):
			name = t.raw
		}
	}
	if name == "" {
		return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.ListInstalled, "list installed")},
			Hint: "a command is found once its package is installed and the new system switched to (a shell opened before may need a new terminal); `nix-locate bin/<command>` (nix-index) names the package that has it; nothing was changed"}
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.Install, "install "+name), sug(intent.ListInstalled, "is "+name+" installed")},
		Hint: "a command is found once its package is installed and the new system switched to (a shell opened before may need a new terminal); the command's name is not always the package's: `nix-locate bin/" + name + "` (nix-index) names the package that has it, " +
			"and `nix-shell -p " + name + "` tries it without installing; nothing was changed"}
}

// programTrouble answers a program or service reported broken by its
// name ("firefox won't open", "steam doesn't start", "firefox crashes",
// "nginx doesn't start") or looked for ("where is firefox"): they
// suggested "open port 443", "enable ssh" or "is ssh enabled". A
// service is systemd's to tell; a program's fault is its own, seen by
// running it. nil when ts is none.
func programTrouble(text string, ts []token) *intent.NotUnderstood {
	i, where := 0, false
	switch {
	case len(ts) == 3 && ts[0].w == "where" && ts[1].w == "is":
		i, where = 2, true
	case len(ts) > 2 && (ts[0].w == "my" || ts[0].w == "the"):
		i = 1
	}
	// The fault's words first: most requests say none, and that look
	// is the cheaper one.
	if i >= len(ts) || !where && !programFault(ts[i+1:]) || !programWord(ts[i]) {
		return nil
	}
	name := packageName(ts[i])
	o, service := serviceOption(ts[i].w)
	if service && !strings.HasPrefix(o, "programs.") && !where {
		return unitAnswer(text, ts[i].raw)
	}
	if where {
		return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.ListInstalled, "is "+name+" installed")},
			Hint: "`which " + name + "` shows where its command is (/run/current-system/sw/bin for the system's packages) and `ask-nix search " + name + "` what nixpkgs has; " +
				"a program installed since you logged in shows in your desktop's menu after you log in again; nothing was changed"}
	}
	ss := []intent.Suggestion{sug(intent.ListInstalled, "is "+name+" installed")}
	if service {
		// steam: its module is what makes it work.
		ss = append(ss, sug(intent.ShowOption, "is "+name+" enabled"))
	}
	if has(ts, "update", "upgrade", "updated", "upgraded", "rebuild") {
		ss = append(ss, sug(intent.Rollback, "roll back"))
	}
	return &intent.NotUnderstood{Request: text, Suggestions: ss,
		Hint: "ask-nix changes the configuration, not a running program: run " + name + "'s command in a terminal to see why it stops, and `journalctl --user -b` shows your session's log; " +
			"a program installed since you logged in shows in your desktop's menu after you log in again, and one that broke with an update works again in the generation before it (\"roll back\"); nothing was changed"}
}

// programWord: t may name a program ("firefox", "steam"), not a part of
// the machine, a kind of program or a word of ask-nix's requests.
func programWord(t token) bool {
	if t.quoted || !isPackageLike(t.raw) || strings.Contains(t.w, ".") || isNumeric(t) || stopwords[t.lem] || troubleWords[t.w] != nil || featureWords[t.w] ||
		categoryWords[t.w] || notPackages[t.w] || packageFillers[t.w] || wholeSetWords[t.w] || inSomeBag(t) || machineParts[t.w] {
		return false
	}
	return true
}

// machineParts are words for the machine and its parts, never a
// program's name in a report ("my laptop won't start").
var machineParts map[string]bool

// programFault: the words after a name say it is broken: "crashes",
// "keeps crashing", "won't open", "does not start", "is not in my
// menu", "is broken".
func programFault(rest []token) bool {
	if len(rest) == 0 || rest[0].quoted {
		return false
	}
	switch rest[0].w {
	case "crashes", "crashed", "crashing", "freezes", "froze", "freezing", "hangs", "segfaults", "segfaulted":
		return true
	case "keeps":
		return len(rest) > 1 && (rest[1].w == "crashing" || rest[1].w == "freezing" || rest[1].w == "closing")
	}
	if len(rest) < 2 {
		return false
	}
	switch {
	case (rest[0].w == "is" || rest[0].w == "was") && (rest[1].w == "broken" || rest[1].w == "crashing" || rest[1].w == "frozen"):
		return true
	case rest[1].w == "not" && (rest[0].w == "does" || rest[0].w == "do" || rest[0].w == "did" || rest[0].w == "will" || rest[0].w == "would" ||
		rest[0].w == "can" || rest[0].w == "is" || rest[0].w == "was"):
		if len(rest) > 2 && !rest[2].quoted {
			switch rest[2].lem {
			case "start", "open", "launch", "run", "running", "work", "working", "load", "show", "showing", "appear", "respond", "responding", "starting", "launching", "loading":
				return true
			case "in":
				return has(rest, "menu")
			}
		}
	}
	return false
}

// loadTroubleTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadTroubleTables() {
	machineParts = map[string]bool{"laptop": true, "pc": true, "computer": true, "screen": true, "monitor": true, "display": true,
		"keyboard": true, "mouse": true, "desktop": true, "it": true, "this": true, "that": true, "app": true, "program": true,
		"machine": true, "server": true, "boot": true, "login": true, "session": true, "shell": true, "terminal": true}
}
