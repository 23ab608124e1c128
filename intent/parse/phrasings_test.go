package parse_test

import (
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// phrasings are requests as people write them, with the exact intent
// each must give. The benchmark and the fuzz seeds use them too.
var phrasings = []struct {
	text string
	want intent.Intent
}{
	{"install firefox", inst("firefox")},
	// What the ports are for.
	{"open port 22 for ssh", openPort("tcp", 22)},
	{"open ports 80 and 443 for the nginx web server", openPort("tcp", 80, 443)},
	{"open udp port 51820 for wireguard", openPort("udp", 51820)},
	// A service whose protocol is known gives it: WireGuard, NTP, mDNS
	// and Tailscale are UDP; DNS needs both, one edit of both lists.
	{"open port 51820 for wireguard", openPort("udp", 51820)},
	{"open port 123 for ntp", openPort("udp", 123)},
	{"open port 5353 for mdns", openPort("udp", 5353)},
	{"open port 41641 for tailscale", openPort("udp", 41641)},
	{"close port 51820 for the wireguard vpn", closePort("udp", 51820)},
	// A web app, site or API is HTTP: TCP, on whichever port it is given.
	{"open port 8080 for my web app", openPort("tcp", 8080)},
	{"open port 3000 for my node app", openPort("tcp", 3000)},
	{"open port 5000 for the api", openPort("tcp", 5000)},
	{"open port 8123 for the web ui", openPort("tcp", 8123)},
	{"close port 8080 for my webapp", closePort("tcp", 8080)},
	{"open port 53 for dns", intent.Join([]intent.Intent{openPort("tcp", 53), openPort("udp", 53)})},
	{"open port 53 for the dns server", intent.Join([]intent.Intent{openPort("tcp", 53), openPort("udp", 53)})},
	{"close port 53 for dns", intent.Join([]intent.Intent{closePort("tcp", 53), closePort("udp", 53)})},
	{"open ports 22000 and 21027 for syncthing", intent.Join([]intent.Intent{openPort("tcp", 22000), openPort("udp", 21027, 22000)})},
	// A protocol said is kept.
	{"open tcp port 51820 for wireguard", openPort("tcp", 51820)},
	{"open udp port 53 for dns", openPort("udp", 53)},
	{"open port 22 for the ssh server", openPort("tcp", 22)},
	// Nothing but numbers (and a protocol) after the verb: ports.
	{"open 80,443", openPort("tcp", 80, 443)},
	{"open udp 5353", openPort("udp", 5353)},
	{"allow udp 51820", openPort("udp", 51820)},
	{"open 22", openPort("tcp", 22)},
	{"block udp 53", closePort("udp", 53)},
	{"close 8080 and 8443", closePort("tcp", 8080, 8443)},
	// Flakes: nix.settings.experimental-features, with nix-command.
	{"enable flakes", features(intent.ChangeAdd, "flakes", "nix-command")},
	{"please enable nix flakes", features(intent.ChangeAdd, "flakes", "nix-command")},
	{"turn on flakes", features(intent.ChangeAdd, "flakes", "nix-command")},
	{"enable flakes and nix-command", features(intent.ChangeAdd, "flakes", "nix-command")},
	{"enable experimental features flakes", features(intent.ChangeAdd, "flakes", "nix-command")},
	{"enable the nix command", features(intent.ChangeAdd, "nix-command")},
	{"enable nix-command", features(intent.ChangeAdd, "nix-command")},
	{"disable flakes", features(intent.ChangeRemove, "flakes")},
	{"turn off flake support", features(intent.ChangeRemove, "flakes")},
	// "set up", and what people call services.
	{"set up tailscale", on("services.tailscale.enable", "tailscale")},
	// A service's own name is that service, not another's alias.
	{"enable i2p", on("services.i2p.enable", "i2p")},
	{"enable i2pd", on("services.i2pd.enable", "i2pd")},
	{"enable influxdb", on("services.influxdb.enable", "influxdb")},
	{"enable influxdb2", on("services.influxdb2.enable", "influxdb2")},
	{"setup docker", on("virtualisation.docker.enable", "docker")},
	{"set up the firewall", on("networking.firewall.enable", "firewall")},
	{"enable the nginx web server", on("services.nginx.enable", "nginx")},
	{"enable the postgresql database", on("services.postgresql.enable", "postgresql")},
	// On/off options not named .enable, and desktops.
	{"enable automatic garbage collection", opt("nix.gc.automatic", true)},
	{"enable os-prober", opt("boot.loader.grub.useOSProber", true)},
	{"disable os prober", opt("boot.loader.grub.useOSProber", false)},
	{"enable gc", opt("nix.gc.automatic", true)},
	{"i want to use nix flakes", intent.Intent{Kind: intent.SetOption, Option: "nix.settings.experimental-features", Value: []any{"flakes", "nix-command"}, Change: intent.ChangeAdd}},
	{"use flakes", intent.Intent{Kind: intent.SetOption, Option: "nix.settings.experimental-features", Value: []any{"flakes", "nix-command"}, Change: intent.ChangeAdd}},
	{"turn off garbage collection", opt("nix.gc.automatic", false)},
	{"enable store optimisation", opt("nix.optimise.automatic", true)},
	// The store deduplicated: on a timer when said with how often, as
	// Nix builds when said with building.
	{"enable nix store optimisation", opt("nix.optimise.automatic", true)},
	{"optimise the store automatically", opt("nix.optimise.automatic", true)},
	{"deduplicate the store every night", optimiseAt("daily")},
	{"optimize my nix store on a schedule", opt("nix.optimise.automatic", true)},
	{"optimise the nix store every week", optimiseAt("weekly")},
	{"optimise the store once a month", optimiseAt("monthly")},
	// A schedule said is nix.optimise.dates, a list of systemd calendar
	// expressions, made the one said (unset, then added) in the edit
	// that turns the timer on.
	{"optimise the store every day", optimiseAt("daily")},
	{"optimise the store at 3am", optimiseAt("03:00")},
	{"optimise the store every day at 3:30 am", optimiseAt("03:30")},
	{"optimize the nix store daily at 15:45", optimiseAt("15:45")},
	{"optimise the store at midnight", optimiseAt("00:00")},
	{"optimise the store on sundays", optimiseAt("Sun")},
	{"optimise the store every saturday and sunday at 4pm", optimiseAt("Sat,Sun 16:00")},
	{"optimise the store weekly at 2am", optimiseAt("Mon 02:00")},
	{"optimise the store once a month at 1am", optimiseAt("*-*-01 01:00")},
	// Garbage collection and upgrades on a day or at a time.
	{"collect garbage every sunday at 3am", merge("nix.gc", map[string]any{"automatic": true, "dates": "Sun 03:00"})},
	{"run garbage collection weekly at 4am", merge("nix.gc", map[string]any{"automatic": true, "dates": "Mon 04:00"})},
	{"upgrade automatically every sunday at 5am", merge("system.autoUpgrade", map[string]any{"enable": true, "dates": "Sun 05:00"})},
	{"enable auto upgrade at 4am", merge("system.autoUpgrade", map[string]any{"enable": true, "dates": "04:00"})},
	{"optimise the store when building", opt("nix.settings.auto-optimise-store", true)},
	{"deduplicate the nix store on every build", opt("nix.settings.auto-optimise-store", true)},
	{"enable auto optimise store", opt("nix.settings.auto-optimise-store", true)},
	{"enable the gnome desktop", on("services.xserver.desktopManager.gnome.enable", "gnome")},
	{"enable the kde plasma desktop environment", on("services.desktopManager.plasma6.enable", "kde plasma")},
	// Where a request says where the packages go.
	{"add git to the system packages", inst("git")},
	{"remove git from my system packages", rm("git")},
	{"install at", inst("at")},
	{"could you please install git and vim for me", inst("git", "vim")},
	{"install git, vim and htop", inst("git", "htop", "vim")},
	// A verb word quoted is a name as said ("install firefox and
	// configure ssh" is two requests).
	{`install firefox and "configure" htop`, inst("configure", "firefox", "htop")},
	{`install firefox, "setup"`, inst("firefox", "setup")},
	{`install "ssh"`, inst("ssh")},
	{"install git vim htop", inst("git", "htop", "vim")},
	{"install git and also vim", inst("git", "vim")},
	{"Install Firefox.", inst("firefox")},
	{"I need ripgrep", inst("ripgrep")},
	{"I want to install htop", inst("htop")},
	{"can I get python3Packages.requests", inst("python3Packages.requests")},
	{"would you mind installing emacsPackages.clang-format+", inst("emacsPackages.\"clang-format+\"")},
	{"install nerd-fonts.fira-code _1password-gui", inst("_1password-gui", "nerd-fonts.fira-code")},
	{"uninstall htop", rm("htop")},
	{"get rid of htop", rm("htop")},
	{"docker is no longer needed", rm("docker")},
	// What a package is, said aside, is no package.
	{"install htop (the process viewer)", inst("htop")},
	{"install htop - the process viewer", inst("htop")},
	{"install htop, which is a process viewer", inst("htop")},
	{"install firefox together with vlc", inst("firefox", "vlc")},
	// The state said of packages.
	{"make sure htop is installed", inst("htop")},
	{"ensure git and vim are installed", inst("git", "vim")},
	{"htop should be installed", inst("htop")},
	{"htop should be removed", rm("htop")},
	{"make sure htop is gone", rm("htop")},
	{"vim and nano are not needed anymore", rm("nano", "vim")},
	{"htop isn't needed", rm("htop")},
	{"I don't want firefox anymore", rm("firefox")},
	{"delete vim please", rm("vim")},
	{"what generations do I have", kind(intent.ListGenerations)},
	{"list generations", kind(intent.ListGenerations)},
	{"go back to generation 12", gen(12)},
	{"roll back", kind(intent.Rollback)},
	{"rollback", kind(intent.Rollback)},
	{"revert to the previous system", kind(intent.Rollback)},
	{"undo the last change", kind(intent.Undo)},
	{"undo", kind(intent.Undo)},
	{"enable ssh", on("services.openssh.enable", "ssh")},
	{"turn on the firewall", on("networking.firewall.enable", "firewall")},
	{"start docker on boot", dockerAtBoot},
	{"disable bluetooth", off("hardware.bluetooth.enable", "bluetooth")},
	{"turn off printing", off("services.printing.enable", "printing")},
	{"turn the firewall off", off("networking.firewall.enable", "firewall")},
	{"enable network manager", on("networking.networkmanager.enable", "network manager")},
	{"set timezone to Europe/Berlin", opt("time.timeZone", "Europe/Berlin")},
	{"set hostname to my-laptop", opt("networking.hostName", "my-laptop")},
	{"open port 443", openPort("tcp", 443)},
	{"open udp port 53", openPort("udp", 53)},
	{"close port 8080", closePort("tcp", 8080)},
	{"set services.openssh.ports to 2222", opt("services.openssh.ports", int64(2222))},
	{"set services.foo.greeting to \"hello world\"", opt("services.foo.greeting", "hello world")},
	{"unset services.foo.bar", unset("services.foo.bar")},
	{"reset the timezone", unset("time.timeZone")},
	{"show system info", kind(intent.SystemInfo)},
	{"update my system", kind(intent.Update)},
	{"upgrade", kind(intent.Update)},
	{"clean up old generations", gc(0, "")},
	{"keep the last 5 generations", gc(5, "")},
	{"keep only the last generation", gc(1, "")},
	{"remove all old generations except the current one", gc(1, "")},
	{"clean up old generations, keep 5", gc(5, "")},
	{"delete generations older than 30 days", gc(0, "30d")},
	{"list installed", kind(intent.ListInstalled)},
	{"what's installed?", kind(intent.ListInstalled)},
	{"search firefox", search("firefox")},
	{"find a pdf reader", search("pdf reader")},
	{"is there a package for video editing", search("video editing")},
	{"apply", kind(intent.Apply)},
	{"rebuild now", kind(intent.Apply)},
	{"status", kind(intent.Status)},
	{"help", kind(intent.Help)},
	{"install go", inst("go")},
	{"search install", search("install")},
	{"reset the timezone to UTC", opt("time.timeZone", "UTC")},
	{"reset networking.hostName to default", unset("networking.hostName")},
	{"set the time zone to America/New_York", opt("time.timeZone", "America/New_York")},
	{"my timezone is Asia/Tokyo", opt("time.timeZone", "Asia/Tokyo")},
	{"i want my timezone to be Europe/Berlin", opt("time.timeZone", "Europe/Berlin")},
	{"i would like my hostname to be nas", opt("networking.hostName", "nas")},
	{"we need the hostname to be nas", opt("networking.hostName", "nas")},
	{"I want the keyboard layout to be german", xkb("de", "")},
	{"i'd like the keyboard layout to be german", xkb("de", "")},
	{"timezone UTC", opt("time.timeZone", "UTC")},
	{"change my hostname to nas", opt("networking.hostName", "nas")},
	{"rename this machine to workstation", opt("networking.hostName", "workstation")},
	{"call my computer homer", opt("networking.hostName", "homer")},
	// The name may be a word for a machine itself (it was taken for
	// one, and "my-laptop", the example, suggested).
	{"call my computer laptop", opt("networking.hostName", "laptop")},
	{"call this machine box", opt("networking.hostName", "box")},
	{"name it server", opt("networking.hostName", "server")},
	// wifi is NetworkManager's, as on NixOS desktops; system-wide is what
	// the package list is anyway
	{"turn on wifi", noted(on("networking.networkmanager.enable", "wifi"), parse.WifiNote)},
	{"disable networkmanager", off("networking.networkmanager.enable", "networkmanager")},
	{"install firefox system wide", inst("firefox")},
	{"install htop for all users", inst("htop")},
	// a kind of program beside a name may be part of it: left to the
	// package index, which joins or refuses
	{"install libre office", inst("libre", "office")},
	{"install vlc media player", inst("media", "player", "vlc")},
	{`install "notes"`, inst("notes")},
	// a service turned off, said as not wanted
	{"I don't want ssh enabled", off("services.openssh.enable", "ssh")},
	{"we do not need bluetooth running anymore", off("hardware.bluetooth.enable", "bluetooth")},
	// questions system info answers
	{"what is my hostname", kind(intent.SystemInfo)},
	{"what time zone am I in", kind(intent.SystemInfo)},
	{"what is my timezone set to", kind(intent.SystemInfo)},
	{"what is my hostname set to", kind(intent.SystemInfo)},
	{"what dns am i using", intent.Intent{Kind: intent.ShowOption, Option: "networking.nameservers", Service: "dns"}},
	{"how much disk space do I have", kind(intent.SystemInfo)},
	{"how long has the system been up", kind(intent.SystemInfo)},
	// ports by the name of what uses them
	{"open the ssh port", openPort("tcp", 22)},
	{"allow ssh through the firewall", openPort("tcp", 22)},
	{"allow http through the firewall", openPort("tcp", 80)},
	{"let ssh through the firewall", openPort("tcp", 22)},
	{"let port 8080 through", openPort("tcp", 8080)},
	{"allow https", openPort("tcp", 443)},
	{"open port http", openPort("tcp", 80)},
	{"allow http and https", openPort("tcp", 80, 443)},
	{"open the firewall for web traffic", openPort("tcp", 80, 443)},
	{"close the https port", closePort("tcp", 443)},
	{"block http", closePort("tcp", 80)},
	// maintenance on a timer
	{"collect garbage automatically every week", merge("nix.gc", map[string]any{"automatic": true, "dates": "weekly"})},
	{"enable automatic garbage collection weekly", merge("nix.gc", map[string]any{"automatic": true, "dates": "weekly"})},
	{"run garbage collection daily", merge("nix.gc", map[string]any{"automatic": true, "dates": "daily"})},
	{"delete generations older than 30 days every week", merge("nix.gc", map[string]any{"automatic": true, "dates": "weekly", "options": "--delete-older-than 30d"})},
	{"automatically delete generations older than 2 weeks", merge("nix.gc", map[string]any{"automatic": true, "options": "--delete-older-than 14d"})},
	{"garbage collect weekly, keep 30 days", merge("nix.gc", map[string]any{"automatic": true, "dates": "weekly", "options": "--delete-older-than 30d"})},
	{"clean up automatically", opt("nix.gc.automatic", true)},
	{"remove automatically", opt("nix.gc.automatic", true)},
	// "timer" is a nixpkgs name: with only the verb, it is what is removed.
	{"remove timer", rm("timer")},
	{"delete the timer", rm("timer")},
	// The schedule itself said to be removed turns it off, never on.
	{"remove the gc timer", opt("nix.gc.automatic", false)},
	{"remove automatic gc", opt("nix.gc.automatic", false)},
	{"delete the garbage collection timer", opt("nix.gc.automatic", false)},
	{"remove the automatic cleanup", opt("nix.gc.automatic", false)},
	{"remove garbage automatically", opt("nix.gc.automatic", true)},
	{"get rid of auto gc", opt("nix.gc.automatic", false)},
	{"I don't want automatic garbage collection", opt("nix.gc.automatic", false)},
	{"remove automatic upgrades", opt("system.autoUpgrade.enable", false)},
	{"I don't want automatic updates anymore", opt("system.autoUpgrade.enable", false)},
	// VIA, the keyboard configurator, in a list; glue "via" says how.
	{"install git and via", inst("git", "via")},
	{"install via and vial", inst("via", "vial")},
	{"upgrade automatically every day", merge("system.autoUpgrade", map[string]any{"enable": true, "dates": "daily"})},
	{"enable automatic upgrades weekly", merge("system.autoUpgrade", map[string]any{"enable": true, "dates": "weekly"})},
	{"update my system every night", merge("system.autoUpgrade", map[string]any{"enable": true, "dates": "daily"})},
	{"update nixos once a month", merge("system.autoUpgrade", map[string]any{"enable": true, "dates": "monthly"})},
	// When a timer runs, asked: its settings shown, never written (they
	// suggested "clean up old generations, keep 5", or read "when run"
	// as a package's updates).
	{"when does garbage collection run", intent.Intent{Kind: intent.ShowOption, Option: "nix.gc"}},
	{"how often does gc run", intent.Intent{Kind: intent.ShowOption, Option: "nix.gc"}},
	{"when do automatic updates run", intent.Intent{Kind: intent.ShowOption, Option: "system.autoUpgrade"}},
	{"how often does the system update", intent.Intent{Kind: intent.ShowOption, Option: "system.autoUpgrade"}},
	{"what time does the store get optimised", intent.Intent{Kind: intent.ShowOption, Option: "nix.optimise"}},
	// Unfree asked about as a switch: the permission ("is unfree
	// firmware enabled" was suggested).
	{"is unfree enabled", intent.Intent{Kind: intent.ShowOption, Option: "nixpkgs.config.allowUnfree"}},
	{"do i have unfree packages enabled", intent.Intent{Kind: intent.ShowOption, Option: "nixpkgs.config.allowUnfree"}},
	// 32-bit graphics said with OpenGL, or "for" it.
	{"enable 32 bit support for opengl", opt("hardware.graphics.enable32Bit", true)},
	{"enable 32-bit support for opengl", opt("hardware.graphics.enable32Bit", true)},
	{"enable opengl 32 bit", opt("hardware.graphics.enable32Bit", true)},
	{"disable 32-bit opengl support", opt("hardware.graphics.enable32Bit", false)},
	// The system updating itself, said as a wish or with "up to date":
	// its automatic upgrades ("update my system", a one-off update, was
	// suggested; "update automatically" was a search for "automatically").
	{"make the system update itself every week", merge("system.autoUpgrade", map[string]any{"enable": true, "dates": "weekly"})},
	{"make nixos upgrade itself", on("system.autoUpgrade.enable", "automatic updates")},
	{"keep my system up to date automatically", on("system.autoUpgrade.enable", "automatic updates")},
	{"update automatically", on("system.autoUpgrade.enable", "automatic updates")},
	{"i want automatic updates", on("system.autoUpgrade.enable", "automatic updates")},
	// how people log in over SSH
	{"disable ssh password login", sshPasswords(false)},
	{"disable password authentication for ssh", sshPasswords(false)},
	{"turn off ssh passwords", sshPasswords(false)},
	{"only allow ssh keys", sshPasswords(false)},
	{"ssh keys only", sshPasswords(false)},
	{"require ssh keys", sshPasswords(false)},
	{"no password logins over ssh", sshPasswords(false)},
	{"do not allow password login via ssh", sshPasswords(false)},
	{"stop allowing password logins over ssh", sshPasswords(false)},
	{"allow ssh password login", sshPasswords(true)},
	{"enable password authentication for the ssh server", sshPasswords(true)},
	{"disable root login over ssh", opt("services.openssh.settings.PermitRootLogin", "no")},
	{"no root login via ssh", opt("services.openssh.settings.PermitRootLogin", "no")},
	{"allow root login over ssh with keys only", opt("services.openssh.settings.PermitRootLogin", "prohibit-password")},
	// locale, keyboard layout, console keymap
	{"set locale to de_DE.UTF-8", opt("i18n.defaultLocale", "de_DE.UTF-8")},
	{"set the system locale to de_DE", opt("i18n.defaultLocale", "de_DE.UTF-8")},
	{"change my language to fr_FR.utf8", opt("i18n.defaultLocale", "fr_FR.UTF-8")},
	{"my default locale should be en_GB.UTF-8", opt("i18n.defaultLocale", "en_GB.UTF-8")},
	{"set keyboard layout to de", xkb("de", "")},
	{"change the keyboard layout to German", xkb("de", "")},
	// be is the Belgian layout's code, after "to"; "to be" followed by
	// a layout is the layout said after it.
	{"set keyboard layout to be", xkb("be", "")},
	{"change the keyboard layout to be", xkb("be", "")},
	{"set keyboard layouts to be and us", xkb("be,us", "")},
	{"set the keyboard layout to be german", xkb("de", "")},
	{"set my keyboard to us and de", xkb("us,de", "")},
	{"keyboard layout is FR", xkb("fr", "")},
	{"set the keyboard layout to british", xkb("gb", "")},
	{"set my keyboard to dvorak", xkb("us", "dvorak")},
	{"set the keyboard layout to us international", xkb("us", "intl")},
	{"set keyboard layout to german nodeadkeys", xkb("de", "nodeadkeys")},
	// The variant and the options alone.
	{"set keyboard variant to intl", opt("services.xserver.xkb.variant", "intl")},
	{"set the keyboard layout variant to altgr-intl", opt("services.xserver.xkb.variant", "altgr-intl")},
	{"change my keyboard variant to International", opt("services.xserver.xkb.variant", "intl")},
	{"set keyboard options to caps:escape", opt("services.xserver.xkb.options", "caps:escape")},
	{"set the keyboard options to caps:escape, compose:ralt", opt("services.xserver.xkb.options", "caps:escape,compose:ralt")},
	{"set xkb options to ctrl:nocaps and grp:alt_shift_toggle", opt("services.xserver.xkb.options", "ctrl:nocaps,grp:alt_shift_toggle")},
	{"reset the keyboard options", unset("services.xserver.xkb.options")},
	{"set console keymap to de-latin1", opt("console.keyMap", "de-latin1")},
	{"change the console keyboard layout to uk", opt("console.keyMap", "uk")},
	{"reset the keyboard layout", unset("services.xserver.xkb")},
	{"reset my locale to the default", unset("i18n.defaultLocale")},
	// A setting of mine removed is unset (it was "remove firefox"?).
	{"delete my hostname", unset("networking.hostName")},
	// "my" before a package's name is no name ("remove my firefox" was
	// not understood).
	{"remove my firefox", rm("firefox")},
	{"please uninstall my firefox", rm("firefox")},
	{"remove my firefox and my vim", rm("firefox", "vim")},
	{"install my firefox", inst("firefox")},
	{"install git, our vim", inst("git", "vim")},
	{"get rid of my htop", rm("htop")},
	{`remove "my"`, rm("my")},
	{"remove my time zone", unset("time.timeZone")},
	{"please get rid of my keyboard layout", unset("services.xserver.xkb")},
	{"set services.openssh.enable = true", opt("services.openssh.enable", true)},
	{"services.openssh.enable = false", opt("services.openssh.enable", false)},
	{"set services.foo.bar=42", opt("services.foo.bar", int64(42))},
	{"set boot.loader.timeout to 0", opt("boot.loader.timeout", int64(0))},
	{"set services.foo.mode to 0644", opt("services.foo.mode", "0644")},
	{"set services.foo.x to \"true\"", opt("services.foo.x", "true")},
	{"set services.foo.x to -5", opt("services.foo.x", int64(-5))},
	{"go back two generations", intent.Intent{Kind: intent.Rollback, Steps: 2}},
	{"roll back 3 generations", intent.Intent{Kind: intent.Rollback, Steps: 3}},
	{"go 2 generations back", intent.Intent{Kind: intent.Rollback, Steps: 2}},
	{"go back one generation", intent.Intent{Kind: intent.Rollback}},
	{"use a german keyboard", xkb("de", "")},
	{"I want a dvorak keyboard layout", xkb("us", "dvorak")},
	{"us keyboard please", xkb("us", "")},
	{"update nixpkgs", intent.Intent{Kind: intent.Update, Inputs: []string{"nixpkgs"}}},
	{"get the newest packages", intent.Intent{Kind: intent.Update}},
	{"set the computer name to nas", opt("networking.hostName", "nas")},
	{"update the channels", intent.Intent{Kind: intent.Update}},
	{"enable the ssh agent", opt("programs.ssh.startAgent", true)},
	{"enable 32-bit graphics", opt("hardware.graphics.enable32Bit", true)},
	{"show history of generations", intent.Intent{Kind: intent.ListGenerations}},
	{"allow ping", opt("networking.firewall.allowPing", true)},
	{"block pings", opt("networking.firewall.allowPing", false)},
	{"don't respond to ping requests", opt("networking.firewall.allowPing", false)},
	{"please enable ping", opt("networking.firewall.allowPing", true)},
	{"stop answering pings", opt("networking.firewall.allowPing", false)},
	{"disable ipv6", opt("networking.enableIPv6", false)},
	{"turn on ipv6 support", opt("networking.enableIPv6", true)},
	{"open port 53/udp", openPort("udp", 53)},
	{"block port 22", noted(closePort("tcp", 22), parse.SSHPortNote)},
	// A firewall verb said with what ends it is its opposite.
	{"stop blocking port 22", openPort("tcp", 22)},
	{"quit blocking port 8080", openPort("tcp", 8080)},
	{"no longer block port 443", openPort("tcp", 443)},
	{"don't block port 22", openPort("tcp", 22)},
	{"stop the firewall from blocking port 22", openPort("tcp", 22)},
	{"prevent the firewall from blocking udp port 53", openPort("udp", 53)},
	{"stop blocking http", openPort("tcp", 80)},
	{"stop allowing port 80", closePort("tcp", 80)},
	{"never block port 23", openPort("tcp", 23)},
	{"stop blocking ports 80 and 443", openPort("tcp", 80, 443)},
	{"remove port 8080", closePort("tcp", 8080)},
	{"delete udp port 53", closePort("udp", 53)},
	{"open the firewall port 8080", openPort("tcp", 8080)},
	{"close udp port 5353", closePort("udp", 5353)},
	{"please turn on bluetooth", on("hardware.bluetooth.enable", "bluetooth")},
	{"can you enable the ssh server please", on("services.openssh.enable", "ssh")},
	{"switch on the printer", on("services.printing.enable", "printer")},
	{"switch bluetooth off", off("hardware.bluetooth.enable", "bluetooth")},
	{"stop docker from starting on boot", dockerNotAtBoot},
	{"don't start docker on boot", dockerNotAtBoot},
	{"I want ssh enabled", on("services.openssh.enable", "ssh")},
	// Turning SSH on and saying how one logs in: both, one edit.
	{"enable ssh with keys only", withAnd(on("services.openssh.enable", "ssh"), sshLogins(false))},
	// SSH asked for, with how one logs in: the server too (it set
	// keys-only alone, leaving the server off).
	{"i want ssh but only with keys", withAnd(on("services.openssh.enable", "ssh"), sshLogins(false))},
	{"I need SSH with keys only", withAnd(on("services.openssh.enable", "ssh"), sshLogins(false))},
	{"set up ssh server", on("services.openssh.enable", "ssh")},
	{"setup ssh server", on("services.openssh.enable", "ssh")},
	{"give me ssh, keys only", withAnd(on("services.openssh.enable", "ssh"), sshLogins(false))},
	{"get me ssh with keys only please", withAnd(on("services.openssh.enable", "ssh"), sshLogins(false))},
	{"set up ssh with keys only", withAnd(on("services.openssh.enable", "ssh"), sshLogins(false))},
	{"setup ssh, keys only", withAnd(on("services.openssh.enable", "ssh"), sshLogins(false))},
	{"configure ssh for keys only", withAnd(on("services.openssh.enable", "ssh"), sshLogins(false))},
	{"i would like ssh with keys only", withAnd(on("services.openssh.enable", "ssh"), sshLogins(false))},
	{"give me ssh with password login", withAnd(on("services.openssh.enable", "ssh"), sshLogins(true))},
	{"ssh with keys only", sshLogins(false)},
	{"enable ssh without passwords", withAnd(on("services.openssh.enable", "ssh"), sshLogins(false))},
	{"enable ssh without root login", withAnd(on("services.openssh.enable", "ssh"), intent.Intent{Kind: intent.SetOption, Option: "services.openssh.settings.PermitRootLogin", Value: "no"})},
	{"enable ssh with password login disabled", withAnd(on("services.openssh.enable", "ssh"), sshLogins(false))},
	{"enable ssh with no passwords", withAnd(on("services.openssh.enable", "ssh"), sshLogins(false))},
	{"turn on ssh with no password authentication", withAnd(on("services.openssh.enable", "ssh"), sshLogins(false))},
	{"enable ssh and disable passwords", withAnd(on("services.openssh.enable", "ssh"), sshLogins(false))},
	{"enable ssh but disable password login", withAnd(on("services.openssh.enable", "ssh"), sshLogins(false))},
	{"turn on ssh and allow password login", withAnd(on("services.openssh.enable", "ssh"), sshLogins(true))},
	{"enable ssh and disable root login", withAnd(on("services.openssh.enable", "ssh"), opt("services.openssh.settings.PermitRootLogin", "no"))},
	// A shell said with "shell" after its name is the shell by its
	// name (installing fish or zsh enables its module: ask-nix's
	// lookup), never a package named "shell".
	{"install fish shell", inst("fish")},
	{"install zsh shell", inst("zsh")},
	{"install the fish shell", inst("fish")},
	{"install the zsh shell please", inst("zsh")},
	{"i want the fish shell", inst("fish")},
	{"install fish shell and git", inst("fish", "git")},
	{"install fish shell and the gnome desktop", inst("fish", "gnome")},
	{"install nushell shell", inst("nushell")},
	{"remove the fish shell", rm("fish")},
	{"enable fish shell", on("programs.fish.enable", "fish")},
	{"turn on the zsh shell", on("programs.zsh.enable", "zsh")},
	{"disable the fish shell", off("programs.fish.enable", "fish")},
	// AppImage support by the words "run appimage" suggests.
	{"enable appimage support", on("programs.appimage.enable", "appimage")},
	{"turn on auto upgrades", on("system.autoUpgrade.enable", "auto upgrades")},
	{"enable automatic system updates", on("system.autoUpgrade.enable", "automatic system updates")},
	// Installed and turned on: the service, which brings its program
	// (it suggested "install firefox").
	{"install and enable docker", on("virtualisation.docker.enable", "docker")},
	{"install and start nginx", on("services.nginx.enable", "nginx")},
	{"install and set up tailscale", on("services.tailscale.enable", "tailscale")},
	// SSD trim by the words people use (not understood without the
	// option index).
	{"enable fstrim", on("services.fstrim.enable", "fstrim")},
	{"enable ssd trim", on("services.fstrim.enable", "ssd trim")},
	// Closings that ask nothing.
	{"install htop btw", inst("htop")},
	{"install htop real quick", inst("htop")},
	{"install htop for me would you", inst("htop")},
	{"enable ssh would you", on("services.openssh.enable", "ssh")},
	{"i would love to have vlc", inst("vlc")},
	{"I want firefox removed", rm("firefox")},
	{"I'd like to have git installed", inst("git")},
	{"install git and go", inst("git", "go")}, // go is a package, not "go back"
	{"install git and make", inst("git", "make")},
	{"i want to have git and vim", inst("git", "vim")},
	{"I would like to have ssh enabled", on("services.openssh.enable", "ssh")},
	{"i want the firewall to be disabled", off("networking.firewall.enable", "firewall")},
	{"enable services.tailscale", on("services.tailscale.enable", "services.tailscale")},
	{"disable services.openssh.enable", off("services.openssh.enable", "services.openssh.enable")},
	{"enable Docker", on("virtualisation.docker.enable", "docker")},
	{"turn on network-manager", on("networking.networkmanager.enable", "network-manager")},
	{"enable home assistant", on("services.home-assistant.enable", "home assistant")},
	{"what version of nixos am i running", kind(intent.SystemInfo)},
	{"show me some system information", kind(intent.SystemInfo)},
	{"give me an overview of the system", kind(intent.SystemInfo)},
	{"update everything", kind(intent.Update)},
	{"install updates", kind(intent.Update)},
	{"upgrade nixos", kind(intent.Update)},
	{"bring my system up to date", kind(intent.Update)},
	{"is my system up to date?", kind(intent.Status)},
	{"what's the status", kind(intent.Status)},
	{"how is it going", kind(intent.Status)},
	{"is it done yet", kind(intent.Status)},
	{"what can you do", kind(intent.Help)},
	{"good morning, please install git", inst("git")},
	// Said after another request: the lead word is no request.
	{"also install htop", inst("htop")},
	{"and install htop", inst("htop")},
	{"and also enable ssh", on("services.openssh.enable", "ssh")},
	{"hi there, enable ssh", on("services.openssh.enable", "ssh")},
	// ask-nix asked about by its name is help, not a search for a
	// package named ask-nix.
	{"what does ask-nix do", kind(intent.Help)},
	{"what's ask-nix?", kind(intent.Help)},
	{"how do I use ask-nix", kind(intent.Help)},
	{"What is this?", kind(intent.Help)},
	{"help me", kind(intent.Help)},
	{"i need help", kind(intent.Help)},
	{"how do i use this", kind(intent.Help)},
	{"disable the obs virtual camera", intent.Intent{Kind: intent.SetOption, Option: "programs.obs-studio.enableVirtualCamera", Value: false}},
	// How to see something: seeing it is the answer, and changes nothing.
	{"how do i see my generations", kind(intent.ListGenerations)},
	{"how can i search for firefox", search("firefox")},
	{"how do I list installed packages", kind(intent.ListInstalled)},
	{"how to show system info on nixos", kind(intent.SystemInfo)},
	{"?", kind(intent.Help)},
	{"show me my generations", kind(intent.ListGenerations)},
	{"how many generations do i have", kind(intent.ListGenerations)},
	{"switch to generation 3", gen(3)},
	{"roll back to generation #7", gen(7)},
	{"activate gen 4", gen(4)},
	{"go back to the previous generation", kind(intent.Rollback)},
	{"go back", kind(intent.Rollback)},
	{"undo the last update", kind(intent.Rollback)},
	{"take that back", kind(intent.Undo)},
	{"revert the last change", kind(intent.Undo)},
	{"apply the changes", kind(intent.Apply)},
	{"switch", kind(intent.Apply)},
	{"nixos-rebuild switch", kind(intent.Apply)},
	{"make it so", kind(intent.Apply)},
	{"show installed packages", kind(intent.ListInstalled)},
	{"what packages do i have", kind(intent.ListInstalled)},
	{"what did i install", kind(intent.ListInstalled)},
	{"list my packages", kind(intent.ListInstalled)},
	{"garbage collect", gcCollect(0, "")},
	{"collect garbage", gcCollect(0, "")},
	{"free up some disk space", gc(0, "")},
	{"delete old generations", gc(0, "")},
	{"remove old generations", gc(0, "")},
	{"only keep 3 generations", gc(3, "")},
	{"delete everything but the last 2 generations", gc(2, "")},
	{"delete generations older than 2 weeks", gc(0, "14d")},
	{"clean up generations older than a month", gc(0, "30d")},
	{"gc", gcCollect(0, "")},
	{"run garbage collection", gcCollect(0, "")},
	{"search for a text editor", search("text editor")},
	{"find me something to edit videos", search("edit videos")},
	{"is there a firefox package", search("firefox")},
	{"look for ripgrep", search("ripgrep")},
	{"what package provides rg", search("rg")},
	{"search nixpkgs for python3Packages.numpy", search("python3Packages.numpy")},
	{"find \"video editor\"", search("video editor")},
	{"please install the latest firefox", inst("firefox")},
	// "newer" is no name either: it once planned a package "newer".
	{"install a newer firefox", inst("firefox")},
	{"install the newest vim", inst("vim")},
	{"add htop to my system", inst("htop")},
	{"give me htop", inst("htop")},
	{"download vlc", inst("vlc")},
	{"put git on my system", inst("git")},
	{"can you add git, vim, and htop to my packages please", inst("git", "htop", "vim")},
	{"install git & vim", inst("git", "vim")},
	{"install git + vim", inst("git", "vim")},
	// Emoji, an ellipsis and chat words around a request say nothing.
	{"enable SSH please 🙏", on("services.openssh.enable", "ssh")},
	{"install firefox 🦊", inst("firefox")},
	{"install firefox…", inst("firefox")},
	{"lemme install htop", inst("htop")},
	{"yo can u install htop", inst("htop")},
	{"would it be possible to install htop", inst("htop")},
	{"thx, install htop", inst("htop")},
	{"install htop for me please and thanks", inst("htop")},
	{"enable the splash screen", on("boot.plymouth.enable", "splash screen")},
	{"enable networkd", opt("networking.useNetworkd", true)},
	{"disable systemd-networkd", opt("networking.useNetworkd", false)},
	{"install git + vim + htop", inst("git", "htop", "vim")},
	{"open port 80 + 443", openPort("tcp", 80, 443)},
	{"I no longer need libreoffice", rm("libreoffice")},
	{"i don't need gimp any more", rm("gimp")},
	{"throw away chromium", rm("chromium")},
	{"I need firefox installed", inst("firefox")},
	{"get me emacs", inst("emacs")},
	{"install Emacs and VIM", inst("VIM", "emacs")},
	{"install SDL2", inst("SDL2")},
	{"install haskellPackages.ShellCheck", inst("haskellPackages.ShellCheck")},
	{"Could you install Firefox for me?", inst("firefox")},
	{"hey, install firefox please", inst("firefox")},
	{"i would like vlc", inst("vlc")},
	{"could i get neovim and tmux", inst("neovim", "tmux")},
	{"may I have htop?", inst("htop")},
	{"install the firefox package", inst("firefox")},
	{"install ripgrep fd bat", inst("bat", "fd", "ripgrep")},
	{"install git git vim", inst("git", "vim")},
	{"install \"python3Packages.requests\"", inst("python3Packages.requests")},
	{"please install emacsPackages.\"clang-format+\"", inst("emacsPackages.\"clang-format+\"")},
	{"yo install ddrescue", inst("ddrescue")},
	{"install gnome-terminal linux-firmware magic-wormhole", inst("gnome-terminal", "linux-firmware", "magic-wormhole")},
	{"add nerd-fonts.fira-code to my packages", inst("nerd-fonts.fira-code")},
	{"remove the firefox package", rm("firefox")},
	{"uninstall git and vim", rm("git", "vim")},
	{"erase htop", rm("htop")},
	{"purge libreoffice, please", rm("libreoffice")},
	{"can you remove htop from my system", rm("htop")},
	{"I don't want htop installed anymore", rm("htop")},
	{"I do not need vim any more", rm("vim")},
	{"what are my generations", kind(intent.ListGenerations)},
	{"list all generations", kind(intent.ListGenerations)},
	{"show me the system generations", kind(intent.ListGenerations)},
	{"generations", kind(intent.ListGenerations)},
	{"go to generation 42", gen(42)},
	{"switch generation 5", gen(5)},
	{"use generation 3", gen(3)},
	{"restore generation 9", gen(9)},
	{"rollback please", kind(intent.Rollback)},
	{"roll back the system", kind(intent.Rollback)},
	// Other systems' commands, read as what they ask for.
	{"apt install htop", inst("htop")},
	{"sudo apt-get install -y git vim", inst("git", "vim")},
	{"pacman -S firefox", inst("firefox")},
	{"brew uninstall htop", rm("htop")},
	{"ufw allow 22", openPort("tcp", 22)},
	{"sudo ufw allow 53/udp", openPort("udp", 53)},
	{"timedatectl set-timezone Europe/Berlin", intent.Intent{Kind: intent.SetOption, Option: "time.timeZone", Value: "Europe/Berlin"}},
	{"hostnamectl set-hostname box", intent.Intent{Kind: intent.SetOption, Option: "networking.hostName", Value: "box"}},
	{"systemctl enable --now nginx.service", on("services.nginx.enable", "nginx")},
	{"systemctl enable --now ssh bluetooth", intent.Intent{Kind: intent.EnableService, Option: "services.openssh.enable", Service: "ssh",
		And: []intent.Intent{{Kind: intent.EnableService, Option: "hardware.bluetooth.enable", Service: "bluetooth"}}}},
	{"dnf -y install htop", inst("htop")},
	{"apt remove --purge htop", rm("htop")},
	{"hostnamectl --static set-hostname box", intent.Intent{Kind: intent.SetOption, Option: "networking.hostName", Value: "box"}},
	{"sudo ufw allow 80,443/tcp", openPort("tcp", 80, 443)},
	// Services for good, in other words.
	{"autostart nginx", on("services.nginx.enable", "nginx")},
	{"run nginx at startup", on("services.nginx.enable", "nginx")},
	{"keep ssh running", on("services.openssh.enable", "ssh")},
	{"when did I last rebuild", kind(intent.Status)},
	{"info firefox", intent.Intent{Kind: intent.Search, Query: "firefox"}},
	{"tell me about ripgrep", intent.Intent{Kind: intent.Search, Query: "ripgrep"}},
	// What an option is, by its path.
	{"what does services.openssh.enable do", intent.Intent{Kind: intent.ShowOption, Option: "services.openssh.enable"}},
	{"describe boot.loader.timeout", intent.Intent{Kind: intent.ShowOption, Option: "boot.loader.timeout"}},
	{"what is python3Packages.requests", intent.Intent{Kind: intent.Search, Query: "python3Packages.requests"}},
	// The way back from a rollback.
	{"undo the rollback", intent.Intent{Kind: intent.SwitchGeneration, Latest: true}},
	{"cancel my rollback", intent.Intent{Kind: intent.SwitchGeneration, Latest: true}},
	{"switch to the latest generation", intent.Intent{Kind: intent.SwitchGeneration, Latest: true}},
	{"go back to the newest generation", intent.Intent{Kind: intent.SwitchGeneration, Latest: true}},
	{"roll forward", intent.Intent{Kind: intent.Rollback, Forward: true}},
	{"go forward two generations", intent.Intent{Kind: intent.Rollback, Forward: true, Steps: 2}},
	{"which generation is running", kind(intent.ListGenerations)},
	{"what is my current generation", kind(intent.ListGenerations)},
	{"switch back to the previous generation", kind(intent.Rollback)},
	{"return to the previous generation", kind(intent.Rollback)},
	{"undo that", kind(intent.Undo)},
	{"undo my last change", kind(intent.Undo)},
	// Which package a program comes from.
	{"what is the package for rg", intent.Intent{Kind: intent.Search, Query: "rg"}},
	{"which package provides the rg command", intent.Intent{Kind: intent.Search, Query: "rg"}},
	{"where does rg come from", intent.Intent{Kind: intent.Search, Query: "rg"}},
	// What a package is: search shows its description.
	{"what does htop do", intent.Intent{Kind: intent.Search, Query: "htop"}},
	{"what is ripgrep good for", intent.Intent{Kind: intent.Search, Query: "ripgrep"}},
	{"tell me about neovim", intent.Intent{Kind: intent.Search, Query: "neovim"}},
	// A question about one package.
	{"is firefox installed?", intent.Intent{Kind: intent.ListInstalled, Packages: []string{"firefox"}}},
	{"do I have git", intent.Intent{Kind: intent.ListInstalled, Packages: []string{"git"}}},
	{"which version of htop do I have", intent.Intent{Kind: intent.ListInstalled, Packages: []string{"htop"}}},
	{"is nix-humanityd running?", kind(intent.Status)},
	{"is ssh enabled?", intent.Intent{Kind: intent.ShowOption, Option: "services.openssh.enable", Service: "ssh"}},
	{"is the firewall on", intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.enable", Service: "firewall"}},
	{"is docker running?", intent.Intent{Kind: intent.ShowOption, Option: "virtualisation.docker.enable", Service: "docker"}},
	{"do I have bluetooth turned on", intent.Intent{Kind: intent.ShowOption, Option: "hardware.bluetooth.enable", Service: "bluetooth"}},
	{"check whether the ssh server is enabled", intent.Intent{Kind: intent.ShowOption, Option: "services.openssh.enable", Service: "ssh"}},
	{"is printing set up", intent.Intent{Kind: intent.ShowOption, Option: "services.printing.enable", Service: "printing"}},
	// The same question asked of the past.
	{"have I enabled ssh", intent.Intent{Kind: intent.ShowOption, Option: "services.openssh.enable", Service: "ssh"}},
	{"did I enable ssh?", intent.Intent{Kind: intent.ShowOption, Option: "services.openssh.enable", Service: "ssh"}},
	{"did we turn on the firewall", intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.enable", Service: "firewall"}},
	{"have i switched off bluetooth", intent.Intent{Kind: intent.ShowOption, Option: "hardware.bluetooth.enable", Service: "bluetooth"}},
	{"is services.nginx.enable on", intent.Intent{Kind: intent.ShowOption, Option: "services.nginx.enable", Service: "services.nginx.enable"}},
	{"use 1.1.1.1 as dns server", intent.Intent{Kind: intent.SetOption, Option: "networking.nameservers", Value: "1.1.1.1", Change: intent.ChangeAdd}},
	// Set, change, switch and "only": the servers said become the
	// fragment's whole list (unset, then add, in one edit).
	{"set dns to 9.9.9.9 and 149.112.112.112", dnsOnly("9.9.9.9", "149.112.112.112")},
	// The first server said is the one asked first: the order stays.
	{"set dns to 9.9.9.9 and 1.1.1.1", dnsOnly("9.9.9.9", "1.1.1.1")},
	{"set dns to 1.1.1.1 and 9.9.9.9", dnsOnly("1.1.1.1", "9.9.9.9")},
	{"set dns to 8.8.8.8", dnsOnly("8.8.8.8")},
	{"change my dns server to 9.9.9.9", dnsOnly("9.9.9.9")},
	{"only use 1.1.1.1 for dns", dnsOnly("1.1.1.1")},
	{"use 1.1.1.1 only for dns", dnsOnly("1.1.1.1")},
	{"switch to quad9 dns", dnsOnly("9.9.9.9", "149.112.112.112")},
	// Use and add add to the list.
	{"use cloudflare dns", intent.Intent{Kind: intent.SetOption, Option: "networking.nameservers", Value: []any{"1.1.1.1", "1.0.0.1"}, Change: intent.ChangeAdd}},
	{"add dns server 1.1.1.1", intent.Intent{Kind: intent.SetOption, Option: "networking.nameservers", Value: "1.1.1.1", Change: intent.ChangeAdd}},
	// Instead of: those go, these come; any other server stays.
	{"use google dns instead of cloudflare", intent.Join([]intent.Intent{
		{Kind: intent.SetOption, Option: "networking.nameservers", Value: []any{"1.1.1.1", "1.0.0.1", "2606:4700:4700::1111", "2606:4700:4700::1001"}, Change: intent.ChangeRemove},
		{Kind: intent.SetOption, Option: "networking.nameservers", Value: []any{"8.8.8.8", "8.8.4.4"}, Change: intent.ChangeAdd},
	})},
	{"use 9.9.9.9 as dns server instead of 8.8.8.8", intent.Join([]intent.Intent{
		{Kind: intent.SetOption, Option: "networking.nameservers", Value: "8.8.8.8", Change: intent.ChangeRemove},
		{Kind: intent.SetOption, Option: "networking.nameservers", Value: "9.9.9.9", Change: intent.ChangeAdd},
	})},
	{"remove dns server 8.8.8.8", intent.Intent{Kind: intent.SetOption, Option: "networking.nameservers", Value: "8.8.8.8", Change: intent.ChangeRemove}},
	// A provider taken out goes with its IPv6 servers (added only when
	// said by address: a network without IPv6 would wait on them).
	{"remove google dns", noGoogleDNS},
	{"stop using google dns", noGoogleDNS},
	{"stop using google dns servers", noGoogleDNS},
	{"don't use google dns", noGoogleDNS},
	{"no longer use google dns", noGoogleDNS},
	{"i don't want to use google dns anymore", noGoogleDNS},
	{"stop using 8.8.8.8 as dns server", intent.Intent{Kind: intent.SetOption, Option: "networking.nameservers", Value: "8.8.8.8", Change: intent.ChangeRemove}},
	// Two DNS requests in one: each its own change, never all the
	// servers said taken out (or added) together.
	{"stop using google dns and use cloudflare", intent.Join([]intent.Intent{noGoogleDNS,
		{Kind: intent.SetOption, Option: "networking.nameservers", Value: []any{"1.1.1.1", "1.0.0.1"}, Change: intent.ChangeAdd}})},
	{"remove dns server 8.8.8.8 and use 1.1.1.1", intent.Join([]intent.Intent{
		{Kind: intent.SetOption, Option: "networking.nameservers", Value: "8.8.8.8", Change: intent.ChangeRemove},
		{Kind: intent.SetOption, Option: "networking.nameservers", Value: "1.1.1.1", Change: intent.ChangeAdd}})},
	{"use cloudflare dns and remove google", intent.Join([]intent.Intent{
		{Kind: intent.SetOption, Option: "networking.nameservers", Value: []any{"1.1.1.1", "1.0.0.1"}, Change: intent.ChangeAdd}, noGoogleDNS})},
	{"add 2606:4700:4700::1111 as a nameserver", intent.Intent{Kind: intent.SetOption, Option: "networking.nameservers", Value: "2606:4700:4700::1111", Change: intent.ChangeAdd}},
	{"set swappiness to 10", intent.Intent{Kind: intent.SetOption, Option: `boot.kernel.sysctl."vm.swappiness"`, Value: int64(10)}},
	{"change the kernel swappiness to 1", intent.Intent{Kind: intent.SetOption, Option: `boot.kernel.sysctl."vm.swappiness"`, Value: int64(1)}},
	{"set vm.swappiness to 60", intent.Intent{Kind: intent.SetOption, Option: `boot.kernel.sysctl."vm.swappiness"`, Value: int64(60)}},
	{"set the cpu governor to performance", intent.Intent{Kind: intent.SetOption, Option: "powerManagement.cpuFreqGovernor", Value: "performance"}},
	{"change my CPU frequency governor to Powersave", intent.Intent{Kind: intent.SetOption, Option: "powerManagement.cpuFreqGovernor", Value: "powersave"}},
	{"set scaling governor to schedutil", intent.Intent{Kind: intent.SetOption, Option: "powerManagement.cpuFreqGovernor", Value: "schedutil"}},
	{"disable sleep", noSleep},
	{"never suspend this machine", noSleep},
	{"turn off hibernation and suspend", noSleep},
	{"stop the laptop from sleeping", noSleep},
	{"enable suspend again", sleepAgain},
	// Hibernation alone: suspending to RAM stays.
	{"don't hibernate", noHibernate},
	{"disable hibernation", noHibernate},
	{"never suspend to disk", noHibernate},
	{"allow hibernation again", intent.Join([]intent.Intent{unsetOpt("systemd.targets.hibernate.enable"),
		unsetOpt("systemd.targets.hybrid-sleep.enable"), unsetOpt("systemd.targets.suspend-then-hibernate.enable")})},
	{"allow the laptop to sleep", sleepAgain},
	{"don't suspend when the lid is closed", intent.Intent{Kind: intent.SetOption, Option: "services.logind.lidSwitch", Value: "ignore"}},
	{"do nothing when I close the lid", intent.Intent{Kind: intent.SetOption, Option: "services.logind.lidSwitch", Value: "ignore"}},
	{"ignore the lid switch", intent.Intent{Kind: intent.SetOption, Option: "services.logind.lidSwitch", Value: "ignore"}},
	{"keep ssh enabled", intent.Intent{Kind: intent.EnableService, Option: "services.openssh.enable", Service: "ssh"}},
	{"make sure ssh is enabled", intent.Intent{Kind: intent.EnableService, Option: "services.openssh.enable", Service: "ssh"}},
	// The state with "at boot", or said as a verb.
	{"make sure docker is running at boot", dockerAtBoot},
	{"search option parser library", intent.Intent{Kind: intent.Search, Query: "option parser library"}},
	// Nix commands that only read are read.
	{"nix search nixpkgs firefox", intent.Intent{Kind: intent.Search, Query: "firefox"}},
	{"nixos-rebuild list-generations", kind(intent.ListGenerations)},
	// Two verbs that say one thing.
	{"start and enable docker", on("virtualisation.docker.enable", "docker")},
	{"enable --now nginx", on("services.nginx.enable", "nginx")},
	{"disable and stop nginx", intent.Intent{Kind: intent.DisableService, Option: "services.nginx.enable", Service: "nginx"}},
	{"turn off and disable bluetooth", intent.Intent{Kind: intent.DisableService, Option: "hardware.bluetooth.enable", Service: "bluetooth"}},
	// On, but not at boot: the service's own boot switch.
	{"enable docker but don't start it at boot", withAnd(on("virtualisation.docker.enable", "docker"), dockerNotAtBoot)},
	{"enable docker without starting on boot", withAnd(on("virtualisation.docker.enable", "docker"), dockerNotAtBoot)},
	// "stop using" is for good.
	{"stop using docker", intent.Intent{Kind: intent.DisableService, Option: "virtualisation.docker.enable", Service: "docker"}},
	{"stop using pulseaudio", intent.Intent{Kind: intent.DisableService, Option: "services.pulseaudio.enable", Service: "pulseaudio"}},
	{"please make sure docker runs at boot", dockerAtBoot},
	{"make sure docker starts at boot", dockerAtBoot},
	{"make sure nginx starts up at boot", on("services.nginx.enable", "nginx")},
	{"ensure nginx is started on boot", on("services.nginx.enable", "nginx")},
	{"make sure nginx starts automatically", on("services.nginx.enable", "nginx")},
	{"make sure the firewall is off", intent.Intent{Kind: intent.DisableService, Option: "networking.firewall.enable", Service: "firewall"}},
	{"ensure docker is running", intent.Intent{Kind: intent.EnableService, Option: "virtualisation.docker.enable", Service: "docker"}},
	{"ssh should be disabled", intent.Intent{Kind: intent.DisableService, Option: "services.openssh.enable", Service: "ssh"}},
	{"the firewall should always be on", intent.Intent{Kind: intent.EnableService, Option: "networking.firewall.enable", Service: "firewall"}},
	{"keep the firewall turned on", intent.Intent{Kind: intent.EnableService, Option: "networking.firewall.enable", Service: "firewall"}},
	{"make docker start at boot", dockerAtBoot},
	{"make ssh run automatically", intent.Intent{Kind: intent.EnableService, Option: "services.openssh.enable", Service: "ssh"}},
	{"make docker start automatically when the system boots", dockerAtBoot},
	{"use dvorak", intent.Intent{Kind: intent.SetOption, Option: "services.xserver.xkb", Change: intent.ChangeMerge, Value: map[string]any{"layout": "us", "variant": "dvorak"}}},
	{"switch to colemak layout", intent.Intent{Kind: intent.SetOption, Option: "services.xserver.xkb", Change: intent.ChangeMerge, Value: map[string]any{"layout": "us", "variant": "colemak"}}},
	{"don't do anything when lid closes", opt("services.logind.lidSwitch", "ignore")},
	{"do not do anything when the laptop lid is closed", opt("services.logind.lidSwitch", "ignore")},
	{"nothing should happen when I close the lid", opt("services.logind.lidSwitch", "ignore")},
	{"make closing the lid do nothing", opt("services.logind.lidSwitch", "ignore")},
	{"keep running with the lid closed", intent.Intent{Kind: intent.SetOption, Option: "services.logind.lidSwitch", Value: "ignore"}},
	{"suspend when I close the lid", unsetOpt("services.logind.lidSwitch")},
	// What closing the lid does, as logind names it.
	{"hibernate when lid closed", opt("services.logind.lidSwitch", "hibernate")},
	{"hibernate instead of suspending when the lid is closed", opt("services.logind.lidSwitch", "hibernate")},
	{"suspend to disk when I shut the lid", opt("services.logind.lidSwitch", "hibernate")},
	{"shut down when the lid is closed", opt("services.logind.lidSwitch", "poweroff")},
	{"power off when lid closed", opt("services.logind.lidSwitch", "poweroff")},
	{"turn off when the lid is closed", opt("services.logind.lidSwitch", "poweroff")},
	{"lock the screen when the lid is closed", opt("services.logind.lidSwitch", "lock")},
	{"reboot when lid closed", opt("services.logind.lidSwitch", "reboot")},
	{"hybrid sleep when the lid is closed", opt("services.logind.lidSwitch", "hybrid-sleep")},
	{"suspend then hibernate when the lid is closed", opt("services.logind.lidSwitch", "suspend-then-hibernate")},
	{"suspend when lid closed", unsetOpt("services.logind.lidSwitch")},
	{"do nothing when lid closed", opt("services.logind.lidSwitch", "ignore")},
	{"turn off the lid switch", opt("services.logind.lidSwitch", "ignore")},
	{"show option services.openssh.ports", intent.Intent{Kind: intent.ShowOption, Option: "services.openssh.ports"}},
	{"what is boot.loader.timeout set to", intent.Intent{Kind: intent.ShowOption, Option: "boot.loader.timeout"}},
	{"which dns servers do I use", intent.Intent{Kind: intent.ShowOption, Option: "networking.nameservers", Service: "dns"}},
	{"which ports are open", intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.allowedTCPPorts", Service: "open TCP ports"}},
	{"what ports are open in the firewall", intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.allowedTCPPorts", Service: "open TCP ports"}},
	{"list the open udp ports", intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.allowedUDPPorts", Service: "open UDP ports"}},
	{"is port 80 open?", intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(80)}},
	{"is udp port 53 open in the firewall", intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.allowedUDPPorts", Value: int64(53)}},
	{"check whether port 443 is allowed through the firewall", intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(443)}},
	// One package for another, in one edit.
	{"replace vim with neovim", intent.Join([]intent.Intent{rm("vim"), inst("neovim")})},
	{"swap vim for neovim", intent.Join([]intent.Intent{rm("vim"), inst("neovim")})},
	{"use neovim instead of vim", intent.Join([]intent.Intent{rm("vim"), inst("neovim")})},
	// The display manager logs a user in by itself.
	{"enable auto login for alice", autoLogin("alice")},
	{"turn on autologin for user bob", autoLogin("bob")},
	{"log alice in automatically", autoLogin("alice")},
	{"disable auto login", intent.Join([]intent.Intent{unsetOpt("services.displayManager.autoLogin.enable"), unsetOpt("services.displayManager.autoLogin.user")})},
	// The boot default only, the running system left alone.
	{"make generation 41 the default", intent.Intent{Kind: intent.SwitchGeneration, Generation: 41, Boot: true}},
	{"boot generation 12 by default", intent.Intent{Kind: intent.SwitchGeneration, Generation: 12, Boot: true}},
	{"make generation 12 the default in the boot menu", intent.Intent{Kind: intent.SwitchGeneration, Generation: 12, Boot: true}},
	{"change the default boot entry to generation 40", intent.Intent{Kind: intent.SwitchGeneration, Generation: 40, Boot: true}},
	{"boot into generation 41 next time", intent.Intent{Kind: intent.SwitchGeneration, Generation: 41, Boot: true}},
	{"reboot into the previous generation", intent.Intent{Kind: intent.Rollback, Boot: true}},
	{"roll back at the next boot", intent.Intent{Kind: intent.Rollback, Boot: true}},
	// What happened, and whether it worked: status shows the last pass
	// and its error.
	{"why did the last build fail", kind(intent.Status)},
	{"show me the error", kind(intent.Status)},
	{"is the daemon running", kind(intent.Status)},
	{"what went wrong", kind(intent.Status)},
	{"why did my update fail", kind(intent.Status)},
	{"did the upgrade work", kind(intent.Status)},
	// What people type into a terminal, said to ask-nix.
	{"nixos-rebuild switch", kind(intent.Apply)},
	{"sudo nixos-rebuild switch --upgrade", kind(intent.Update)},
	{"nixos-rebuild switch --rollback", kind(intent.Rollback)},
	{"nixos-rebuild boot --rollback", intent.Intent{Kind: intent.Rollback, Boot: true}},
	{"nix-env -iA nixos.firefox", inst("firefox")},
	{"nix-env -e htop", rm("htop")},
	{"nix profile install nixpkgs#ripgrep", inst("ripgrep")},
	{"install nixpkgs#ripgrep", inst("ripgrep")},
	{"install nixos.htop and nixpkgs.git", inst("git", "htop")},
	{"remove nixpkgs#htop", rm("htop")},
	{"nix-channel --update", kind(intent.Update)},
	{"nix flake update", kind(intent.Update)},
	{"nix-store --gc", intent.Intent{Kind: intent.GC, Collect: true}},
	{"run nix-collect-garbage -d", intent.Intent{Kind: intent.GC, Keep: 1, Collect: true}},
	{"sudo nix-collect-garbage -d", intent.Intent{Kind: intent.GC, Keep: 1, Collect: true}},
	{"nix-collect-garbage --delete-older-than 30d", intent.Intent{Kind: intent.GC, OlderThan: "30d", Collect: true}},
	{"sudo nix-collect-garbage --delete-older-than 2w", intent.Intent{Kind: intent.GC, OlderThan: "14d", Collect: true}},
	{"nix-collect-garbage", intent.Intent{Kind: intent.GC, Collect: true}},
	// nh's commands.
	{"nh os switch", kind(intent.Apply)},
	{"nh os test", applyAs("test")},
	{"nh os switch --update", kind(intent.Update)},
	{"nh os switch -u", kind(intent.Update)},
	{"nh clean all", intent.Intent{Kind: intent.GC, Keep: 1, Collect: true}},
	{"nh clean all --keep 3 --keep-since 4d", intent.Intent{Kind: intent.GC, Keep: 3, OlderThan: "4d", Collect: true}},
	{"nh search ripgrep", search("ripgrep")},
	{"install nh", inst("nh")},
	// Boot menu entries are generations.
	{"remove old boot entries", kind(intent.GC)},
	{"keep only 10 boot entries", gc(10, "")},
	{"how big is the nix store", kind(intent.SystemInfo)},
	// How long the boot menu waits, in seconds.
	{"set the boot timeout to 5 seconds", opt("boot.loader.timeout", int64(5))},
	{"change the grub timeout to 2s", opt("boot.loader.timeout", int64(2))},
	// On/off settings not named .enable.
	{"enable dhcp", opt("networking.useDHCP", true)},
	{"enable auto optimise store", opt("nix.settings.auto-optimise-store", true)},
	{"enable redistributable firmware", opt("hardware.enableRedistributableFirmware", true)},
	{"enable intel microcode", opt("hardware.cpu.intel.updateMicrocode", true)},
	{"turn on natural scrolling", opt("services.libinput.touchpad.naturalScrolling", true)},
	{"disable tap to click", opt("services.libinput.touchpad.tapping", false)},
	// "Completely" and the like change nothing.
	{"disable the firewall completely", off("networking.firewall.enable", "firewall")},
	{"completely remove htop", rm("htop")},
	{"remove htop completely", rm("htop")},
	// File systems: one switch each.
	{"enable ntfs support", opt("boot.supportedFilesystems.ntfs", true)},
	{"add support for exfat drives", opt("boot.supportedFilesystems.exfat", true)},
	{"I want to mount ntfs partitions", opt("boot.supportedFilesystems.ntfs", true)},
	{"disable btrfs support", unsetOpt("boot.supportedFilesystems.btrfs")},
	// The zone from where the machine is, with no fixed zone beside it.
	{"set timezone automatically", autoTimezone},
	{"set the time zone automatically based on location", autoTimezone},
	{"set timezone to auto", autoTimezone},
	// The default editor: the module's switch, and the other one's off
	// (both on is a conflict NixOS refuses).
	{"make vim my default editor", editor("vim", "neovim")},
	{"set my default editor to vim", editor("vim", "neovim")},
	{"set the default editor to nvim", editor("neovim", "vim")},
	{"use neovim as my editor", editor("neovim", "vim")},
	{"set EDITOR to vim please", editor("vim", "neovim")},
	{"make nano the default editor again", intent.Join([]intent.Intent{unsetOpt("programs.vim.defaultEditor"), unsetOpt("programs.neovim.defaultEditor"), unsetOpt("environment.variables.EDITOR")})},
	{"make emacs my default editor", editorVar("emacs", "emacs")},
	// An editor made the default, "editor" unsaid (they suggested
	// installing firefox, or installed emacs alone).
	{"make vim default", editor("vim", "neovim")},
	{"make neovim the default please", editor("neovim", "vim")},
	{"make emacs default", editorVar("emacs", "emacs")},
	{"set the default editor to hx", editorVar("helix", "hx")},
	{"use kakoune as my editor", editorVar("kakoune", "kak")},
	{"undo the last 3 changes", intent.Intent{Kind: intent.Undo, Steps: 3}},
	{"undo 2", intent.Intent{Kind: intent.Undo, Steps: 2}},
	{"undo my last two edits", intent.Intent{Kind: intent.Undo, Steps: 2}},
	{"please revert the last 4 changes", intent.Intent{Kind: intent.Undo, Steps: 4}},
	{"take back the last three requests", intent.Intent{Kind: intent.Undo, Steps: 3}},
	{"undo the last 1 change", kind(intent.Undo)},
	{"undo one change", kind(intent.Undo)},
	{"enable openssh", on("services.openssh.enable", "openssh")},
	{"enable sshd", on("services.openssh.enable", "sshd")},
	{"enable the ssh service", on("services.openssh.enable", "ssh")},
	{"turn on ssh", on("services.openssh.enable", "ssh")},
	{"activate the firewall", on("networking.firewall.enable", "firewall")},
	{"start docker", on("virtualisation.docker.enable", "docker")},
	{"disable the firewall", off("networking.firewall.enable", "firewall")},
	{"turn off bluetooth", off("hardware.bluetooth.enable", "bluetooth")},
	{"deactivate cups", off("services.printing.enable", "cups")},
	{"stop printing permanently", off("services.printing.enable", "printing")},
	{"switch off the printer", off("services.printing.enable", "printer")},
	{"enable tailscale", on("services.tailscale.enable", "tailscale")},
	{"enable pipewire", on("services.pipewire.enable", "pipewire")},
	{"enable flatpak", on("services.flatpak.enable", "flatpak")},
	{"enable libvirtd", on("virtualisation.libvirtd.enable", "libvirtd")},
	{"enable podman", on("virtualisation.podman.enable", "podman")},
	{"enable avahi", on("services.avahi.enable", "avahi")},
	{"enable fail2ban", on("services.fail2ban.enable", "fail2ban")},
	{"enable syncthing", on("services.syncthing.enable", "syncthing")},
	{"enable nginx", on("services.nginx.enable", "nginx")},
	{"enable postgresql", on("services.postgresql.enable", "postgresql")},
	{"disable networkmanager", off("networking.networkmanager.enable", "networkmanager")},
	{"enable steam", on("programs.steam.enable", "steam")},
	{"allow unfree packages", opt("nixpkgs.config.allowUnfree", true)},
	// A yes-or-no question never writes: the switch it asks about.
	{"do i have auto gc", intent.Intent{Kind: intent.ShowOption, Option: "nix.gc.automatic"}},
	{"is auto gc on", intent.Intent{Kind: intent.ShowOption, Option: "nix.gc.automatic"}},
	{"do I disable sleep", intent.Intent{Kind: intent.ShowOption, Option: "systemd.targets.sleep.enable"}},
	{"is the firewall off", intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.enable", Service: "firewall"}},
	{"is dhcp enabled", intent.Intent{Kind: intent.ShowOption, Option: "networking.useDHCP", Service: "dhcp"}},
	{"is ipv6 disabled", intent.Intent{Kind: intent.ShowOption, Option: "networking.enableIPv6", Service: "ipv6"}},
	{"does ssh start at boot?", intent.Intent{Kind: intent.ShowOption, Option: "services.openssh.enable", Service: "ssh"}},
	{"does docker run at boot", intent.Intent{Kind: intent.ShowOption, Option: "virtualisation.docker.enableOnBoot", Service: "docker"}},
	{"is 443 open", intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(443)}},
	{"is the ssh port open", intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(22)}},
	{"is http allowed", intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(80)}},
	// Asked, never written: the setting's value.
	{"do I allow unfree", intent.Intent{Kind: intent.ShowOption, Option: "nixpkgs.config.allowUnfree"}},
	{"is unfree software allowed?", intent.Intent{Kind: intent.ShowOption, Option: "nixpkgs.config.allowUnfree"}},
	{"are unfree packages allowed", intent.Intent{Kind: intent.ShowOption, Option: "nixpkgs.config.allowUnfree"}},
	{"does nixos allow proprietary software", intent.Intent{Kind: intent.ShowOption, Option: "nixpkgs.config.allowUnfree"}},
	{"allow unfree software", opt("nixpkgs.config.allowUnfree", true)},
	{"enable unfree packages", opt("nixpkgs.config.allowUnfree", true)},
	{"allow non-free packages", opt("nixpkgs.config.allowUnfree", true)},
	{"allow non free software", opt("nixpkgs.config.allowUnfree", true)},
	{"i want to install unfree software", opt("nixpkgs.config.allowUnfree", true)},
	{"let me install unfree apps", opt("nixpkgs.config.allowUnfree", true)},
	{"permit proprietary software", opt("nixpkgs.config.allowUnfree", true)},
	{"accept unfree licenses", opt("nixpkgs.config.allowUnfree", true)},
	{"allow unfree packages to be installed on this machine", opt("nixpkgs.config.allowUnfree", true)},
	{"turn on unfree software", opt("nixpkgs.config.allowUnfree", true)},
	{"disallow unfree packages", unset("nixpkgs.config.allowUnfree")},
	{"forbid unfree packages", unset("nixpkgs.config.allowUnfree")},
	{"I don't want unfree software", unset("nixpkgs.config.allowUnfree")},
	{"do not allow unfree packages anymore", unset("nixpkgs.config.allowUnfree")},
	{"stop allowing non-free software", unset("nixpkgs.config.allowUnfree")},
	{"no more unfree packages", unset("nixpkgs.config.allowUnfree")},
	{"turn off unfree packages", unset("nixpkgs.config.allowUnfree")},
	{"disable unfree", unset("nixpkgs.config.allowUnfree")},
	{"set nixpkgs.config.allowUnfree to true", opt("nixpkgs.config.allowUnfree", true)},
	{"unset nixpkgs.config.allowUnfree", unset("nixpkgs.config.allowUnfree")},
	{"search unfree", search("unfree")},
	{"set my timezone to Europe/London", opt("time.timeZone", "Europe/London")},
	{"change the time zone to America/Los_Angeles", opt("time.timeZone", "America/Los_Angeles")},
	{"set tz to utc", opt("time.timeZone", "UTC")},
	{"use timezone Asia/Kolkata", opt("time.timeZone", "Asia/Kolkata")},
	{"set the hostname to nixos-box", opt("networking.hostName", "nixos-box")},
	{"hostname is workstation", opt("networking.hostName", "workstation")},
	{"open port 22", openPort("tcp", 22)},
	{"allow port 8080", openPort("tcp", 8080)},
	{"open tcp port 3000", openPort("tcp", 3000)},
	{"expose port 443/tcp", openPort("tcp", 443)},
	{"unblock udp port 51820", openPort("udp", 51820)},
	{"close port 22", noted(closePort("tcp", 22), parse.SSHPortNote)},
	{"close tcp port 3000", closePort("tcp", 3000)},
	{"deny port 23", closePort("tcp", 23)},
	// several ports of one protocol: one intent, the ports sorted, once each
	{"open ports 80 and 443", openPort("tcp", 80, 443)},
	{"open port 80 and 443", openPort("tcp", 80, 443)},
	{"close ports 80, 443", closePort("tcp", 80, 443)},
	{"open tcp ports 80 443 and 8080", openPort("tcp", 80, 443, 8080)},
	{"open udp ports 53 and 5353", openPort("udp", 53, 5353)},
	{"please open ports 80/tcp and 443/tcp", openPort("tcp", 80, 443)},
	{"open ports 443 and 80", openPort("tcp", 80, 443)},
	{"open ports 80, 80 and 443", openPort("tcp", 80, 443)},
	{"open ports 80 and 80", openPort("tcp", 80)},
	{"could you open ports 80 & 443 in the firewall", openPort("tcp", 80, 443)},
	{"open ports 53 and 5353 for udp", openPort("udp", 53, 5353)},
	{"allow incoming connections on ports 22, 80 and 443", openPort("tcp", 22, 80, 443)},
	{"block udp ports 137 138", closePort("udp", 137, 138)},
	{"open port 80 and port 443", openPort("tcp", 80, 443)},
	{"open port 80 and tcp port 443", openPort("tcp", 80, 443)},
	{"open ports 80/tcp, 443", openPort("tcp", 80, 443)},
	{"open udp traffic on ports 60000 and 60001", openPort("udp", 60000, 60001)},
	{"open port 80,443", openPort("tcp", 80, 443)},
	{"open both ports 80 and 443", openPort("tcp", 80, 443)},
	{"expose port 3000 as well as 8080", openPort("tcp", 3000, 8080)},
	{"close ports 8000 8001 8002", closePort("tcp", 8000, 8001, 8002)},
	{"open udp for port 53", openPort("udp", 53)},
	{"open port 53 for udp and port 5353 for udp", openPort("udp", 53, 5353)},
	{"open ports 80 and 70000", openPort("tcp", 80, 70000)}, // the guard names 70000
	// one port range: allowedTCPPortRanges / allowedUDPPortRanges
	{"open ports 1714 to 1764", openRange("tcp", 1714, 1764)},
	{"open port range 8000-8010", openRange("tcp", 8000, 8010)},
	{"open udp ports 60000 through 61000", openRange("udp", 60000, 61000)},
	{"close ports 1714-1764", closeRange("tcp", 1714, 1764)},
	{"open ports 1714 until 1764", openRange("tcp", 1714, 1764)},
	{"open the port range 1714 - 1764 in the firewall", openRange("tcp", 1714, 1764)},
	{"open ports 1714–1764", openRange("tcp", 1714, 1764)},
	{"please open tcp ports 1714 thru 1764", openRange("tcp", 1714, 1764)},
	{"open ports from 1714 to 1764 for udp", openRange("udp", 1714, 1764)},
	{"open ports 1714-1764/udp", openRange("udp", 1714, 1764)},
	{"open port 1714/udp to 1764/udp", openRange("udp", 1714, 1764)},
	{"allow incoming connections on ports 1714 to port 1764", openRange("tcp", 1714, 1764)},
	{"open ports between 1714 and 1764", openRange("tcp", 1714, 1764)},
	{"close the udp port range 60000 till 61000", closeRange("udp", 60000, 61000)},
	// KDE Connect talks TCP and UDP on its ports: both lists, one edit.
	{"open ports 1714-1764 for kdeconnect", intent.Join([]intent.Intent{openRange("tcp", 1714, 1764), openRange("udp", 1714, 1764)})},
	{"open port range #8000-#8010", openRange("tcp", 8000, 8010)},
	{"open ports 8000 to 8000", openPort("tcp", 8000)}, // one port
	{"open port 22 to the world", openPort("tcp", 22)},
	{"open ports 0 to 70000", openRange("tcp", 0, 70000)}, // the guard names 0
	{"set networking.firewall.enable to false", opt("networking.firewall.enable", false)},
	{"set boot.loader.systemd-boot.configurationLimit to 10", opt("boot.loader.systemd-boot.configurationLimit", int64(10))},
	{"set services.openssh.settings.PermitRootLogin to no", opt("services.openssh.settings.PermitRootLogin", "no")},
	{"set i18n.defaultLocale to en_US.UTF-8", opt("i18n.defaultLocale", "en_US.UTF-8")},
	{"set services.xserver.xkb.layout to \"us,de\"", opt("services.xserver.xkb.layout", "us,de")},
	{"change services.foo.bar to hello world", opt("services.foo.bar", "hello world")},
	{"configure nix.settings.auto-optimise-store as true", opt("nix.settings.auto-optimise-store", true)},
	{"unset time.timeZone", unset("time.timeZone")},
	{"reset services.openssh.ports", unset("services.openssh.ports")},
	{"clear the hostname", unset("networking.hostName")},
	{"reset hostname to default", unset("networking.hostName")},
	{"system info", kind(intent.SystemInfo)},
	{"info", kind(intent.SystemInfo)},
	{"show me system details", kind(intent.SystemInfo)},
	{"what kernel am i running", kind(intent.SystemInfo)},
	{"nixos version", kind(intent.SystemInfo)},
	{"update", kind(intent.Update)},
	{"update nixos", kind(intent.Update)},
	{"update the system please", kind(intent.Update)},
	{"upgrade my packages", kind(intent.Update)},
	{"get the latest updates", kind(intent.Update)},
	{"clean up", gc(0, "")},
	{"cleanup", gc(0, "")},
	{"clean up my system", gc(0, "")},
	{"clean old generations", gc(0, "")},
	{"free disk space", gc(0, "")},
	{"keep 5 generations", gc(5, "")},
	{"keep only the last 10 generations", gc(10, "")},
	{"keep the newest three generations", gc(3, "")},
	{"delete generations older than 30d", gc(0, "30d")},
	{"remove generations older than 1 week", gc(0, "7d")},
	{"clean up generations older than 90 days", gc(0, "90d")},
	{"garbage collect generations older than 14 days and keep 3", gcCollect(3, "14d")},
	{"delete generations older than 12 hours", gc(0, "12h")},
	{"clean up old generations, keep 5 and collect garbage", gcCollect(5, "")},
	{"remove generations older than 2 days then run nix-collect-garbage", gcCollect(0, "2d")},
	{"list installed packages", kind(intent.ListInstalled)},
	{"what is installed", kind(intent.ListInstalled)},
	{"which packages are installed", kind(intent.ListInstalled)},
	{"show my packages", kind(intent.ListInstalled)},
	{"installed packages", kind(intent.ListInstalled)},
	{"search for firefox", search("firefox")},
	{"find vlc", search("vlc")},
	{"look up chromium", search("chromium")},
	{"is there a package for pdf editing", search("pdf editing")},
	{"do you have inkscape", search("inkscape")},
	{"which package provides convert", search("convert")},
	{"search \"video editor\"", search("video editor")},
	{"apply changes", kind(intent.Apply)},
	{"rebuild", kind(intent.Apply)},
	{"rebuild the system", kind(intent.Apply)},
	{"deploy", kind(intent.Apply)},
	{"apply the configuration now", kind(intent.Apply)},
	{"rebuild the configuration", kind(intent.Apply)},
	{"rebuild and switch", kind(intent.Apply)},
	// Back to a time.
	{"roll back to yesterday", intent.Intent{Kind: intent.Rollback, Before: "today"}},
	{"go back to how it was yesterday", intent.Intent{Kind: intent.Rollback, Before: "today"}},
	{"restore yesterday's configuration", intent.Intent{Kind: intent.Rollback, Before: "today"}},
	{"roll back to last night", intent.Intent{Kind: intent.Rollback, Before: "today"}},
	{"go back to the generation from 3 days ago", intent.Intent{Kind: intent.Rollback, Before: "3d"}},
	{"roll back 2 days", intent.Intent{Kind: intent.Rollback, Before: "2d"}},
	{"go back a week", intent.Intent{Kind: intent.Rollback, Before: "7d"}},
	{"revert to how things were last week", intent.Intent{Kind: intent.Rollback, Before: "7d"}},
	{"go back to how it was 12 hours ago", intent.Intent{Kind: intent.Rollback, Before: "12h"}},
	// nixos-rebuild's other actions, once.
	{"test the configuration", applyAs("test")},
	{"test the new configuration without switching", applyAs("test")},
	{"try the new config until reboot", applyAs("test")},
	{"nixos-rebuild test", applyAs("test")},
	{"build but don't switch", applyAs("build")},
	{"rebuild without activating", applyAs("build")},
	{"just build the configuration", applyAs("build")},
	{"nixos-rebuild build", applyAs("build")},
	// A preview is a build, with what switching would change listed.
	{"preview the changes", applyAs("build")},
	{"what would change if I rebuild", applyAs("build")},
	{"show me what will change", applyAs("build")},
	{"apply the changes at the next boot", applyAs("boot")},
	{"boot into the new config next time", applyAs("boot")},
	{"switch to the new configuration after reboot", applyAs("boot")},
	{"nixos-rebuild boot", applyAs("boot")},
	{"show status", kind(intent.Status)},
	{"what is the status of the system", kind(intent.Status)},
	{"status please", kind(intent.Status)},
	{"is everything ok", kind(intent.Status)},
	{"usage", kind(intent.Help)},
	{"what commands are there", kind(intent.Help)},
	{"show me the commands", kind(intent.Help)},
	{"install 7zip", inst("7zip")}, // the guard refuses it: names start with a letter
	// Newcomers' words for settings ask-nix has.
	{"reduce boot menu timeout to 2 seconds", intent.Intent{Kind: intent.SetOption, Option: "boot.loader.timeout", Value: int64(2)}},
	{"increase the grub timeout to 10", intent.Intent{Kind: intent.SetOption, Option: "boot.loader.timeout", Value: int64(10)}},
	{"enable 32 bit support", intent.Intent{Kind: intent.SetOption, Option: "hardware.graphics.enable32Bit", Value: true}},
	// Routing between interfaces: the kernel's forwarding settings, in
	// boot.kernel.sysctl (a quoted name).
	{"turn on ipv4 forwarding", noted(opt(ipv4Forward, int64(1)), parse.ForwardingNote(4, true))},
	{"enable ipv4 packet forwarding", noted(opt(ipv4Forward, int64(1)), parse.ForwardingNote(4, true))},
	{"enable packet forwarding", noted(opt(ipv4Forward, int64(1)), parse.ForwardingNote(4, true))},
	{"enable ip_forward", noted(opt(ipv4Forward, int64(1)), parse.ForwardingNote(4, true))},
	{"disable ip forwarding", noted(opt(ipv4Forward, int64(0)), parse.ForwardingNote(4, false))},
	{"enable ipv6 forwarding", noted(opt(ipv6Forward, int64(1)), parse.ForwardingNote(6, true))},
	{"turn off IPv6 forwarding", noted(opt(ipv6Forward, int64(0)), parse.ForwardingNote(6, false))},
	{"is ip forwarding enabled", intent.Intent{Kind: intent.ShowOption, Option: ipv4Forward, Service: "ip forwarding"}},
	{"enable net.ipv4.ip_forward", noted(opt(ipv4Forward, int64(1)), parse.ForwardingNote(4, true))},
	{"disable net.ipv6.conf.all.forwarding", noted(opt(ipv6Forward, int64(0)), parse.ForwardingNote(6, false))},
	{"is net.ipv4.ip_forward enabled", intent.Intent{Kind: intent.ShowOption, Option: ipv4Forward, Service: "net.ipv4.ip_forward"}},
	{"enable ipv4 and ipv6 forwarding", intent.Join([]intent.Intent{
		noted(opt(ipv4Forward, int64(1)), parse.ForwardingNote(4, true)), noted(opt(ipv6Forward, int64(1)), parse.ForwardingNote(6, true))})},
	{"enable ip forwarding for ipv4 and ipv6", intent.Join([]intent.Intent{
		noted(opt(ipv4Forward, int64(1)), parse.ForwardingNote(4, true)), noted(opt(ipv6Forward, int64(1)), parse.ForwardingNote(6, true))})},
	{"disable ipv4 and ipv6 forwarding", intent.Join([]intent.Intent{
		noted(opt(ipv4Forward, int64(0)), parse.ForwardingNote(4, false)), noted(opt(ipv6Forward, int64(0)), parse.ForwardingNote(6, false))})},
	// NVIDIA's licence, a nixpkgs setting beside allowUnfree: accepted
	// as said, taken back by unsetting (false is nixpkgs' default).
	{"accept the nvidia license", nvidiaLicense},
	{"accept nvidia license", nvidiaLicense},
	{"I accept the NVIDIA licence", nvidiaLicense},
	{"agree to nvidia's license", nvidiaLicense},
	{"accept the nvidia driver license", nvidiaLicense},
	{"accept the NVIDIA software license agreement", nvidiaLicense},
	{"enable nvidia accept license", nvidiaLicense},
	{"revoke the nvidia license", unset(parse.NvidiaLicenseOption)},
	{"don't accept the nvidia license", unset(parse.NvidiaLicenseOption)},
	{"is the nvidia license accepted", intent.Intent{Kind: intent.ShowOption, Option: parse.NvidiaLicenseOption}},
	// Started at boot, said with "have" or "get ... to": as "start
	// docker on boot".
	// What NixOS newcomers ask on the forums, read as said (session 20).
	{"enable wifi", noted(on("networking.networkmanager.enable", "wifi"), parse.WifiNote)},
	{"turn on bluetooth", on("hardware.bluetooth.enable", "bluetooth")},
	{"install flatpak", inst("flatpak")},
	{"enable printing", on("services.printing.enable", "printing")},
	{"enable cups", on("services.printing.enable", "cups")},
	{"set up my printer", on("services.printing.enable", "printer")},
	{"enable the printer service", on("services.printing.enable", "printer")},
	{"enable zram", on("zramSwap.enable", "zram")},
	{"enable auto upgrade", on("system.autoUpgrade.enable", "auto upgrade")},
	{"enable automatic updates", on("system.autoUpgrade.enable", "automatic updates")},
	{"allow reboot after auto upgrade", noted(opt("system.autoUpgrade.allowReboot", true), "system.autoUpgrade.allowReboot reboots after an automatic upgrade that changed the kernel or initrd; it does nothing while automatic upgrades are off (\"enable automatic upgrades\")")},
	{"enable auto upgrade with reboot", merge("system.autoUpgrade", map[string]any{"allowReboot": true, "enable": true})},
	{"enable the firewall", on("networking.firewall.enable", "firewall")},
	{"install steam", inst("steam")},
	{"enable virtualbox", on("virtualisation.virtualbox.host.enable", "virtualbox")},
	{"enable virtualbox guest additions", on("virtualisation.virtualbox.guest.enable", "virtualbox guest additions")},
	{"enable libvirt", on("virtualisation.libvirtd.enable", "libvirt")},
	{"enable kvm", on("virtualisation.libvirtd.enable", "kvm")},
	{"install virt-manager", inst("virt-manager")},
	{"enable spice", on("services.spice-vdagentd.enable", "spice")},
	{"enable opengl", noted(on("hardware.graphics.enable", "opengl"), parse.GraphicsNote)},
	{"enable vulkan", noted(on("hardware.graphics.enable", "vulkan"), parse.GraphicsNote)},
	{"enable 32 bit graphics", opt("hardware.graphics.enable32Bit", true)},
	{"enable gamemode", on("programs.gamemode.enable", "gamemode")},
	{"enable scanner", on("hardware.sane.enable", "scanner")},
	{"enable sane", on("hardware.sane.enable", "sane")},
	{"enable mullvad", on("services.mullvad-vpn.enable", "mullvad")},
	{"enable wireguard", on("networking.wireguard.enable", "wireguard")},
	{"disable pulseaudio", off("services.pulseaudio.enable", "pulseaudio")},
	{"enable zsh", on("programs.zsh.enable", "zsh")},
	{"enable xfce", on("services.xserver.desktopManager.xfce.enable", "xfce")},
	{"enable the cinnamon desktop", on("services.xserver.desktopManager.cinnamon.enable", "cinnamon")},
	{"enable mate", on("services.xserver.desktopManager.mate.enable", "mate")},
	{"enable bluetooth on boot", withAnd(on("hardware.bluetooth.enable", "bluetooth"), unsetOpt("hardware.bluetooth.powerOnBoot"))},
	{"enable rootless docker", on("virtualisation.docker.rootless.enable", "rootless docker")},
	{"enable docker rootless", on("virtualisation.docker.rootless.enable", "docker rootless")},
	{"have docker start at boot", dockerAtBoot},
	{"have ssh run at startup", on("services.openssh.enable", "ssh")},
	{"get tailscale to start on boot", on("services.tailscale.enable", "tailscale")},
	// "configure", "set" and "tell" with "to start at boot" after the
	// name: the service (it was the ssh client's answer).
	{"configure ssh to run at startup", on("services.openssh.enable", "ssh")},
	{"configure sshd to start at boot", on("services.openssh.enable", "sshd")},
	{"set ssh to run at startup", on("services.openssh.enable", "ssh")},
	{"tell ssh to start on boot", on("services.openssh.enable", "ssh")},
	{"configure docker to run at startup", dockerAtBoot},
	{"set tailscale to start automatically", on("services.tailscale.enable", "tailscale")},
	// Which generation boots by default: the list, with the boot
	// default named under it; never a write.
	{"what is the default boot entry", bootDefaultAsked},
	{"which generation boots by default", bootDefaultAsked},
	{"what will my computer boot into by default", bootDefaultAsked},
	{"which entry is the default in the boot menu", bootDefaultAsked},
	{"is generation 41 the default", bootDefaultAsked},
}

// optimiseAt is the store's optimiser on a timer with the one schedule
// said.
func optimiseAt(cal string) intent.Intent {
	return intent.Join([]intent.Intent{opt("nix.optimise.automatic", true), unset("nix.optimise.dates"),
		{Kind: intent.SetOption, Option: "nix.optimise.dates", Value: cal, Change: intent.ChangeAdd}})
}

var bootDefaultAsked = intent.Intent{Kind: intent.ListGenerations, AboutBootDefault: true}

var nvidiaLicense = noted(opt(parse.NvidiaLicenseOption, true), parse.NvidiaLicenseNote)

// ipv4Forward and ipv6Forward are the kernel's forwarding settings as
// NixOS options.
const (
	ipv4Forward = `boot.kernel.sysctl."net.ipv4.ip_forward"`
	ipv6Forward = `boot.kernel.sysctl."net.ipv6.conf.all.forwarding"`
)

func kind(k intent.Kind) intent.Intent { return intent.Intent{Kind: k} }

func applyAs(action string) intent.Intent { return intent.Intent{Kind: intent.Apply, Action: action} }

func inst(pkgs ...string) intent.Intent { return intent.Intent{Kind: intent.Install, Packages: pkgs} }

func rm(pkgs ...string) intent.Intent { return intent.Intent{Kind: intent.Remove, Packages: pkgs} }

func search(q string) intent.Intent { return intent.Intent{Kind: intent.Search, Query: q} }

func gen(n int) intent.Intent { return intent.Intent{Kind: intent.SwitchGeneration, Generation: n} }

func gc(keep int, olderThan string) intent.Intent {
	return intent.Intent{Kind: intent.GC, Keep: keep, OlderThan: olderThan}
}

func gcCollect(keep int, olderThan string) intent.Intent {
	in := gc(keep, olderThan)
	in.Collect = true
	return in
}

func on(option, said string) intent.Intent {
	return intent.Intent{Kind: intent.EnableService, Option: option, Service: said}
}

func off(option, said string) intent.Intent {
	return intent.Intent{Kind: intent.DisableService, Option: option, Service: said}
}

func xkb(layout, variant string) intent.Intent {
	return merge("services.xserver.xkb", map[string]any{"layout": layout, "variant": variant})
}

func merge(option string, m map[string]any) intent.Intent {
	return intent.Intent{Kind: intent.SetOption, Option: option, Change: intent.ChangeMerge, Value: m}
}

func sshPasswords(on bool) intent.Intent {
	return intent.Intent{Kind: intent.SetOption, Option: "services.openssh.settings", Change: intent.ChangeMerge,
		Value: map[string]any{"PasswordAuthentication": on, "KbdInteractiveAuthentication": on}}
}

func opt(option string, v any) intent.Intent {
	return intent.Intent{Kind: intent.SetOption, Option: option, Value: v}
}

func unset(option string) intent.Intent {
	return intent.Intent{Kind: intent.SetOption, Option: option, Change: intent.ChangeUnset}
}

func portOption(proto string) string {
	if proto == "udp" {
		return "networking.firewall.allowedUDPPorts"
	}
	return "networking.firewall.allowedTCPPorts"
}

// openPort is the intent for opening ports: one port is a number,
// several a list.
func openPort(proto string, ns ...int64) intent.Intent {
	return intent.Intent{Kind: intent.SetOption, Option: portOption(proto), Value: portValue(ns), Change: intent.ChangeAdd}
}

// noted is in with the notes its reading says.
func noted(in intent.Intent, notes ...string) intent.Intent {
	in.Notes = notes
	return in
}

func closePort(proto string, ns ...int64) intent.Intent {
	return intent.Intent{Kind: intent.SetOption, Option: portOption(proto), Value: portValue(ns), Change: intent.ChangeRemove}
}

func rangeOption(proto string) string {
	if proto == "udp" {
		return "networking.firewall.allowedUDPPortRanges"
	}
	return "networking.firewall.allowedTCPPortRanges"
}

// openRange is the intent for opening a port range: the value is
// {"from": from, "to": to}.
func openRange(proto string, from, to int64) intent.Intent {
	return intent.Intent{Kind: intent.SetOption, Option: rangeOption(proto), Value: map[string]any{"from": from, "to": to}, Change: intent.ChangeAdd}
}

func closeRange(proto string, from, to int64) intent.Intent {
	in := openRange(proto, from, to)
	in.Change = intent.ChangeRemove
	return in
}

func portValue(ns []int64) any {
	if len(ns) == 1 {
		return ns[0]
	}
	items := make([]any, len(ns))
	for i, n := range ns {
		items[i] = n
	}
	return items
}

func features(change intent.Change, items ...string) intent.Intent {
	in := intent.Intent{Kind: intent.SetOption, Option: "nix.settings.experimental-features", Change: change}
	if len(items) == 1 {
		in.Value = items[0]
		return in
	}
	v := make([]any, len(items))
	for i, it := range items {
		v[i] = it
	}
	in.Value = v
	return in
}

func withAnd(in intent.Intent, more ...intent.Intent) intent.Intent {
	in.And = more
	return in
}

func sshLogins(on bool) intent.Intent {
	return intent.Intent{Kind: intent.SetOption, Option: "services.openssh.settings", Change: intent.ChangeMerge,
		Value: map[string]any{"PasswordAuthentication": on, "KbdInteractiveAuthentication": on}}
}

func editor(name, other string) intent.Intent {
	return intent.Join([]intent.Intent{
		{Kind: intent.SetOption, Option: "programs." + name + ".enable", Value: true},
		{Kind: intent.SetOption, Option: "programs." + name + ".defaultEditor", Value: true},
		unsetOpt("programs." + other + ".defaultEditor"),
		unsetOpt("environment.variables.EDITOR"),
	})
}

// editorVar is a terminal editor without a NixOS switch: installed, and
// named in EDITOR, with both switches off.
func editorVar(pkg, command string) intent.Intent {
	return intent.Join([]intent.Intent{
		{Kind: intent.Install, Packages: []string{pkg}},
		{Kind: intent.SetOption, Option: "environment.variables.EDITOR", Value: command},
		unsetOpt("programs.vim.defaultEditor"),
		unsetOpt("programs.neovim.defaultEditor"),
	})
}

// noGoogleDNS takes Google's public resolvers out, IPv4 and IPv6.
var noGoogleDNS = intent.Intent{Kind: intent.SetOption, Option: "networking.nameservers",
	Value: []any{"8.8.8.8", "8.8.4.4", "2001:4860:4860::8888", "2001:4860:4860::8844"}, Change: intent.ChangeRemove}

// dnsOnly is the DNS servers made the fragment's whole list.
func dnsOnly(servers ...string) intent.Intent {
	var v any = servers[0]
	if len(servers) > 1 {
		items := make([]any, len(servers))
		for i, s := range servers {
			items[i] = s
		}
		v = items
	}
	return intent.Join([]intent.Intent{
		{Kind: intent.SetOption, Option: "networking.nameservers", Change: intent.ChangeUnset},
		{Kind: intent.SetOption, Option: "networking.nameservers", Value: v, Change: intent.ChangeAdd},
	})
}

// dockerAtBoot is docker on, and its boot switch back to NixOS's
// default (on); dockerNotAtBoot the boot switch off, docker left alone.
var dockerAtBoot = withAnd(on("virtualisation.docker.enable", "docker"), unsetOpt("virtualisation.docker.enableOnBoot"))
var dockerNotAtBoot = intent.Intent{Kind: intent.SetOption, Option: "virtualisation.docker.enableOnBoot", Value: false,
	Notes: []string{`docker is no longer started at boot but when something first uses it (its socket); containers with --restart=always then wait for that. "disable docker" turns docker off entirely`}}

func unsetOpt(option string) intent.Intent {
	return intent.Intent{Kind: intent.SetOption, Option: option, Change: intent.ChangeUnset}
}

var autoTimezone = intent.Join([]intent.Intent{
	{Kind: intent.SetOption, Option: "services.automatic-timezoned.enable", Value: true},
	unsetOpt("time.timeZone"),
})

func autoLogin(user string) intent.Intent {
	return intent.Join([]intent.Intent{
		{Kind: intent.SetOption, Option: "services.displayManager.autoLogin.enable", Value: true},
		{Kind: intent.SetOption, Option: "services.displayManager.autoLogin.user", Value: user},
	})
}

var noSleep = intent.Join([]intent.Intent{
	{Kind: intent.SetOption, Option: "systemd.targets.sleep.enable", Value: false},
	{Kind: intent.SetOption, Option: "systemd.targets.suspend.enable", Value: false},
	{Kind: intent.SetOption, Option: "systemd.targets.hibernate.enable", Value: false},
	{Kind: intent.SetOption, Option: "systemd.targets.hybrid-sleep.enable", Value: false},
})

var noHibernate = intent.Join([]intent.Intent{
	{Kind: intent.SetOption, Option: "systemd.targets.hibernate.enable", Value: false},
	{Kind: intent.SetOption, Option: "systemd.targets.hybrid-sleep.enable", Value: false},
	{Kind: intent.SetOption, Option: "systemd.targets.suspend-then-hibernate.enable", Value: false},
})

var sleepAgain = intent.Join([]intent.Intent{
	unsetOpt("systemd.targets.sleep.enable"), unsetOpt("systemd.targets.suspend.enable"),
	unsetOpt("systemd.targets.hibernate.enable"), unsetOpt("systemd.targets.hybrid-sleep.enable"),
})
