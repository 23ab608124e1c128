package parse_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// chatCases are requests as typed in a chat or a forum post, each
// with what it must give: an intent (want), or a not-understood answer
// whose hint holds hint and whose suggestions are sug, in order. None
// may be read as another change than the one asked.
var chatCases = []struct {
	text string
	want intent.Intent
	hint string
	sug  []string
}{
	// "just for me", "only for me": one user, not a package named just
	// ("for me" alone is polite and stays so).
	{text: "install htop just for me", hint: "ask-nix installs for every user of the machine", sug: []string{"install htop"}},
	{text: "install htop only for me", hint: "ask-nix installs for every user of the machine", sug: []string{"install htop"}},
	{text: "install htop for me", want: inst("htop")},
	{text: "install just for me", want: inst("just")},
	{text: "install just", want: inst("just")},
	// "pls" after a verb that takes no names is please; after one
	// that does, the package ("install pls", TestPolite).
	{text: "rollback pls", want: intent.Intent{Kind: intent.Rollback}},
	{text: "undo pls", want: intent.Intent{Kind: intent.Undo}},
	{text: "rebuild pls", want: intent.Intent{Kind: intent.Apply}},
	{text: "help pls", want: intent.Intent{Kind: intent.Help}},
	{text: "update pls", want: intent.Intent{Kind: intent.Update}},
	{text: "upgrade pls", want: intent.Intent{Kind: intent.Update}},
	{text: "vlc pls", sug: []string{"install vlc", "search vlc"}},
	{text: "remove pls", want: rm("pls")},
	{text: "search pls", want: intent.Intent{Kind: intent.Search, Query: "pls"}},
	// A service wanted to start at boot is turned on, as "make docker
	// start at boot" is; "i want docker" installs (the catalog turns
	// it into the module).
	{text: "i want docker to start automatically", want: on("virtualisation.docker.enable", "docker")},
	{text: "i want ssh to start on boot", want: on("services.openssh.enable", "ssh")},
	{text: "i need tailscale to run at startup", want: on("services.tailscale.enable", "tailscale")},
	{text: "let bluetooth start on boot", want: intent.Join([]intent.Intent{on("hardware.bluetooth.enable", "bluetooth"), {Kind: intent.SetOption, Option: "hardware.bluetooth.powerOnBoot", Change: intent.ChangeUnset}})},
	{text: "i want docker to start at boot", want: intent.Join([]intent.Intent{on("virtualisation.docker.enable", "docker"), {Kind: intent.SetOption, Option: "virtualisation.docker.enableOnBoot", Change: intent.ChangeUnset}})},
	// "tcp/udp", "tcp and udp" are both protocols: two options, both
	// changed in one edit, never another port of an example.
	{text: "open port 3478 tcp/udp", want: both(openPort("tcp", 3478), openPort("udp", 3478))},
	{text: "open tcp/udp port 3478", want: both(openPort("tcp", 3478), openPort("udp", 3478))},
	{text: "close port 3478 udp/tcp", want: both(closePort("tcp", 3478), closePort("udp", 3478))},
	{text: "open port 8080 tcp and udp", want: both(openPort("tcp", 8080), openPort("udp", 8080))},
	{text: "open tcp and udp port 53", want: both(openPort("tcp", 53), openPort("udp", 53))},
	{text: "allow port 51820 udp and tcp", want: both(openPort("tcp", 51820), openPort("udp", 51820))},
	{text: "please open port 25565 on tcp and udp", want: both(openPort("tcp", 25565), openPort("udp", 25565))},
	{text: "open port 53 for tcp and udp", want: both(openPort("tcp", 53), openPort("udp", 53))},
	{text: "open port 53 for both tcp & udp", want: both(openPort("tcp", 53), openPort("udp", 53))},
	{text: "open ports 80 and 443 tcp and udp", want: both(openPort("tcp", 80, 443), openPort("udp", 80, 443))},
	{text: "close port 8080 tcp and udp", want: both(closePort("tcp", 8080), closePort("udp", 8080))},
	{text: "remove port 53 tcp and udp", want: both(closePort("tcp", 53), closePort("udp", 53))},
	{text: "block tcp and udp port 53", want: both(closePort("tcp", 53), closePort("udp", 53))},
	{text: "open tcp port 80 and udp port 53", want: both(openPort("tcp", 80), openPort("udp", 53))},
	{text: "open ports 80/tcp and 53/udp", want: both(openPort("tcp", 80), openPort("udp", 53))},
	{text: "open 53/tcp and 53/udp", want: both(openPort("tcp", 53), openPort("udp", 53))},
	{text: "open udp port 53 and 80/tcp", want: both(openPort("tcp", 80), openPort("udp", 53))},
	{text: "close tcp ports 443 and 80 and udp port 53", want: both(closePort("tcp", 80, 443), closePort("udp", 53))},
	{text: "open tcp and udp ports 1714 to 1764", want: both(openRange("tcp", 1714, 1764), openRange("udp", 1714, 1764))},
	{text: "open ports 1714-1764 tcp and udp", want: both(openRange("tcp", 1714, 1764), openRange("udp", 1714, 1764))},
	{text: "close ports 1714 to 1764 tcp/udp", want: both(closeRange("tcp", 1714, 1764), closeRange("udp", 1714, 1764))},
	// The firewall "off for" a port is that port let through, the
	// firewall left on (with a note); "on for" a port is asked.
	{text: "turn off the firewall for port 22", want: noted(openPort("tcp", 22), firewallStays("port 22"))},
	{text: "disable the firewall for port 443", want: noted(openPort("tcp", 443), firewallStays("port 443"))},
	{text: "disable firewall on port 22", want: noted(openPort("tcp", 22), firewallStays("port 22"))},
	{text: "turn the firewall off for ports 80 and 443", want: noted(openPort("tcp", 80, 443), firewallStays("ports 80 and 443"))},
	{text: "shut down the firewall for udp port 53", want: noted(openPort("udp", 53), firewallStays("udp port 53"))},
	{text: "disable the firewall for ports 1714-1764", want: noted(openRange("tcp", 1714, 1764), firewallStays("ports 1714-1764"))},
	{text: "turn off the firewall for ssh", want: noted(openPort("tcp", 22), firewallStays("the ssh port"))},
	{text: "disable the firewall for http and https", want: noted(openPort("tcp", 80, 443), firewallStays("the http and https ports"))},
	{text: "enable the firewall for port 22", hint: "blocks every port that is not opened", sug: []string{"open port 22", "close port 22"}},
	{text: "turn the firewall on for port 22", hint: "blocks every port that is not opened", sug: []string{"open port 22", "close port 22"}},
	{text: "disable the firewall for port 22 on eth0", hint: "networking.firewall.interfaces", sug: []string{"is port 22 open"}},
	{text: "should i disable the firewall for port 22", sug: []string{"disable the firewall for port 22"}},
	{text: "disable the firewall for a while", hint: "apply --action test", sug: []string{"disable the firewall"}},
	{text: "let port 80 through the firewall", want: openPort("tcp", 80)},
	{text: "unblock port 22", want: openPort("tcp", 22)},
	// Dead keys are a layout's variant, never SSH keys nor packages
	// named dead and keys.
	{text: "enable dead keys", hint: "us-acentos", sug: []string{"set keyboard to us international", "what keyboard layout do i use", "add keyboard option compose:ralt"}},
	{text: "use dead keys please", hint: "intl variant", sug: []string{"set keyboard to us international", "what keyboard layout do i use", "add keyboard option compose:ralt"}},
	{text: "how do i type accents", hint: "intl variant", sug: []string{"set keyboard to us international", "what keyboard layout do i use", "add keyboard option compose:ralt"}},
	{text: "disable dead keys", hint: "nodeadkeys", sug: []string{"what keyboard layout do i use"}},
	{text: "i do not want dead keys", hint: "nodeadkeys", sug: []string{"what keyboard layout do i use"}},
	{text: "remove dead keys", hint: "nodeadkeys", sug: []string{"what keyboard layout do i use"}},
	{text: "no dead keys", hint: "nodeadkeys", sug: []string{"what keyboard layout do i use"}},
	{text: "set keyboard to german nodeadkeys", want: xkb("de", "nodeadkeys")},
	{text: "set keyboard to us international", want: xkb("us", "intl")},
	// A request said again as a correction is that request, and takes
	// nothing else out: "instead" removes nothing (a note says so).
	{text: "install chromium instead", want: noted(inst("chromium"), insteadNote)},
	{text: "no, install chromium instead", want: noted(inst("chromium"), insteadNote)},
	{text: "install chromium instead please", want: noted(inst("chromium"), insteadNote)},
	{text: "can you install chromium instead", want: noted(inst("chromium"), insteadNote)},
	{text: "actually install chromium", want: inst("chromium")},
	{text: "actually, install chromium instead", want: noted(inst("chromium"), insteadNote)},
	{text: "no, install chromium", want: inst("chromium")},
	{text: "nope, enable ssh", want: on("services.openssh.enable", "ssh")},
	{text: "wait, no, install vim", want: inst("vim")},
	{text: "sorry, install htop", want: inst("htop")},
	{text: "sorry install htop", want: inst("htop")},
	{text: "oops, install chromium", want: inst("chromium")},
	{text: "i meant install chromium", want: inst("chromium")},
	{text: "remove vim instead", want: noted(rm("vim"), insteadNote)},
	{text: "enable sddm instead", want: noted(on("services.displayManager.sddm.enable", "sddm"), insteadNote)},
	{text: "no no, open port 80 instead", want: noted(openPort("tcp", 80), insteadNote)},
	{text: "sorry, i meant chromium", sug: []string{"install chromium", "search chromium"}},
	{text: "no, firefox", sug: []string{"install firefox", "search firefox"}},
	{text: "no install chromium", hint: "say \"install chromium\" alone", sug: []string{"install chromium"}},
	{text: "no, do not install firefox", hint: "asks not to install firefox"},
	{text: "no, thanks", sug: []string{"help"}},
	{text: "no docker", sug: []string{"disable docker"}},
	{text: "no port 22", sug: []string{"close port 22"}},
	{text: "no longer block port 22", want: openPort("tcp", 22)},
	{text: "oops, i removed firefox", hint: "to take it back", sug: []string{"install firefox", "undo"}},
	{text: "install git and instead", hint: "instead of what", sug: []string{"install git"}},
	{text: "install instead", want: inst("instead")},
	// A failed pass said in nixos-rebuild's words is status.
	{text: "why did nixos-rebuild fail", want: intent.Intent{Kind: intent.Status}},
	{text: "nixos-rebuild failed", want: intent.Intent{Kind: intent.Status}},
	{text: "why did the switch fail", want: intent.Intent{Kind: intent.Status}},
	{text: "the activation failed", want: intent.Intent{Kind: intent.Status}},
	{text: "switch now", want: intent.Intent{Kind: intent.Apply}},
	// What ask-nix (or the person) did is the history's.
	{text: "what did you just do", hint: "`ask-nix history`"},
	{text: "what did you do to my system", hint: "`ask-nix history`"},
	{text: "what have you done", hint: "`ask-nix history`"},
	{text: "what did i just do", hint: "`ask-nix history`"},
	{text: "what should i do", sug: []string{"help", "install firefox", "search firefox"}},
	// The graphical session with no desktop named: none guessed (they
	// suggested "disable guix").
	{text: "disable the gui", hint: "systemctl isolate multi-user.target", sug: []string{"disable gnome", "disable plasma"}},
	{text: "boot to console", hint: "text console", sug: []string{"disable gnome", "disable plasma"}},
	{text: "turn off the display manager", hint: "display manager", sug: []string{"disable gnome", "disable plasma"}},
	{text: "disable the desktop environment", hint: "display manager", sug: []string{"disable gnome", "disable plasma"}},
	{text: "enable gui", hint: "a desktop is a NixOS module", sug: []string{"enable gnome", "enable plasma", "enable sway"}},
	{text: "start the gui", hint: "a desktop is a NixOS module", sug: []string{"enable gnome", "enable plasma", "enable sway"}},
	{text: "disable gdm", want: off("services.xserver.displayManager.gdm.enable", "gdm")},
	{text: "boot generation 3", want: intent.Intent{Kind: intent.SwitchGeneration, Generation: 3, Boot: true}},
	// "ssh access" is the server; "docker access" is not docker on.
	{text: "enable ssh access", want: on("services.openssh.enable", "ssh")},
	{text: "turn on ssh access", want: on("services.openssh.enable", "ssh")},
	{text: "enable docker access", hint: "knows common services by name"},
	// Sleep is on unless turned off: "enable sleep" takes nothing back
	// by itself.
	{text: "enable sleep", hint: "allow sleep again", sug: []string{"allow sleep again", "show option systemd.targets.sleep.enable"}},
	{text: "enable suspend", hint: "allow sleep again", sug: []string{"allow sleep again", "show option systemd.targets.sleep.enable"}},
	{text: "enable hibernation", hint: "boot.resumeDevice"},
	// Removing everything of a kind suggests no other removal.
	{text: "remove all games", hint: "ask-nix removes packages by name", sug: []string{"list installed"}},
	// Two ports joined as other tools write them: what was meant is
	// asked, never the example ports.
	{text: "open port 80/443", sug: []string{"open ports 80 and 443"}},
	{text: "open port 80+443", sug: []string{"open ports 80 and 443"}},
	{text: "close port 80/443", sug: []string{"close ports 80 and 443"}},
	{text: "open ports 80/443 and 8080", sug: []string{"open ports 80, 443 and 8080"}},
	{text: "open port 8000:8010", sug: []string{"open ports 8000 to 8010"}},
	{text: "open udp port 8000..8010", sug: []string{"open udp ports 8000 to 8010"}},
	{text: "open port 80/tcp", want: openPort("tcp", 80)},
	// "support" after a feature is no package beside it.
	{text: "add bluetooth support", sug: []string{"enable bluetooth"}},
	{text: "install firefox and bluetooth support", sug: []string{"install firefox", "enable bluetooth"}},
	// A feature asked about as if installed is its switch, shown.
	{text: "do i have bluetooth", want: intent.Intent{Kind: intent.ShowOption, Option: "hardware.bluetooth.enable", Service: "bluetooth"}},
	{text: "is printing installed", want: intent.Intent{Kind: intent.ShowOption, Option: "services.printing.enable", Service: "printing"}},
	{text: "does my system have bluetooth", want: intent.Intent{Kind: intent.ShowOption, Option: "hardware.bluetooth.enable", Service: "bluetooth"}},
	{text: `is "bluetooth" installed`, want: intent.Intent{Kind: intent.ListInstalled, Packages: []string{"bluetooth"}}},
	{text: "is firefox installed", want: intent.Intent{Kind: intent.ListInstalled, Packages: []string{"firefox"}}},
	// What changed since the boot: the generations named, never a
	// guess at which.
	{text: "what changed since last boot", hint: "generations diff <booted> <current>", sug: []string{"list generations", "status"}},
	{text: "what changed since the last reboot", hint: "generations diff <booted> <current>", sug: []string{"list generations", "status"}},
	// A condition or an exception after a service is no part of it.
	{text: "disable bluetooth except for my headphones", hint: "what follows bluetooth", sug: []string{"disable bluetooth"}},
	{text: "enable ssh if needed", hint: "what follows ssh", sug: []string{"enable ssh"}},
	{text: "enable ssh when i log in", want: on("services.openssh.enable", "ssh")},
	{text: "install vim and/or neovim", sug: []string{"install vim", "install neovim"}},
	// A program reset, repaired or reinstalled: nothing to do in place
	// (they suggested a time zone, or "install firefox" for a repair).
	{text: "reset firefox", hint: "~/.mozilla", sug: []string{"is firefox installed"}},
	{text: "repair htop", hint: "nix-store --verify --check-contents --repair", sug: []string{"is htop installed"}},
	{text: "reinstall firefox", hint: "nothing to reinstall", sug: []string{"install firefox", "is firefox installed"}},
	{text: "reset the timezone", want: unset("time.timeZone")},
	{text: "reset dns", want: unset("networking.nameservers")},
	{text: "reset everything", hint: "no factory reset", sug: []string{"roll back", "undo"}},
	{text: "nixos-rebuild dry-run", sug: []string{"preview the changes"}},
	// A kernel setting by its sysctl name is boot.kernel.sysctl's,
	// never an option named vm or net.
	{text: "set vm.swappiness=10", want: noted(opt(`boot.kernel.sysctl."vm.swappiness"`, int64(10)), sysctlNote("vm.swappiness"))},
	{text: "set net.ipv4.ip_forward to 1", want: noted(opt(`boot.kernel.sysctl."net.ipv4.ip_forward"`, int64(1)), sysctlNote("net.ipv4.ip_forward"))},
	{text: "set net.core.default_qdisc to fq", want: noted(opt(`boot.kernel.sysctl."net.core.default_qdisc"`, "fq"), sysctlNote("net.core.default_qdisc"))},
	{text: "set vm.swappiness to 10", want: opt(`boot.kernel.sysctl."vm.swappiness"`, int64(10))},
	{text: "set services.foo.bar to 1", want: opt("services.foo.bar", int64(1))},
	{text: "sysctl -w vm.swappiness=10", hint: "lasts until the next boot", sug: []string{"set vm.swappiness to 10"}},
	// A program reported broken, or looked for: run it to see why (they
	// suggested "open port 443", "enable ssh"); a service is systemd's.
	{text: "firefox won't open", hint: "journalctl --user -b", sug: []string{"is firefox installed", "is firefox enabled"}},
	{text: "steam doesn't start", hint: "in a terminal", sug: []string{"is steam installed", "is steam enabled"}},
	{text: "htop keeps crashing", hint: "in a terminal", sug: []string{"is htop installed"}},
	{text: "vlc is not in my menu", hint: "log in again", sug: []string{"is vlc installed"}},
	{text: "my vlc crashes after the upgrade", sug: []string{"roll back", "list generations"}},
	{text: "where is firefox", hint: "`which firefox`", sug: []string{"is firefox installed"}},
	{text: "nginx doesn't start", hint: "systemctl status", sug: []string{"is nginx enabled"}},
	{text: "where is configuration.nix", hint: "/etc/nixos/configuration.nix"},
	{text: "do not start bluetooth on boot", want: noted(opt("hardware.bluetooth.powerOnBoot", false), "the bluetooth adapter is no longer powered on at boot (turn it on from the desktop or with `bluetoothctl power on`); \"disable bluetooth\" turns bluetooth off entirely")},
	// Contractions without the apostrophe that open a request.
	{text: "id like htop", want: inst("htop")},
	{text: "im trying to install firefox", want: inst("firefox")},
	{text: "install id", want: inst("id")},
	// Root login said with the server: never passwords for everyone
	// suggested.
	{text: "enable ssh and allow root login", sug: []string{"enable ssh", "allow root login over ssh with keys only"}},
	{text: "enable ssh and allow root login with keys only", want: both(on("services.openssh.enable", "ssh"), opt("services.openssh.settings.PermitRootLogin", "prohibit-password"))},
	{text: "enable ssh and disable root login", want: both(on("services.openssh.enable", "ssh"), opt("services.openssh.settings.PermitRootLogin", "no"))},
	// A time zone said as "here": asked, never a zone near in letters.
	{text: "set timezone to local", hint: "set timezone automatically", sug: []string{"set timezone automatically", "set timezone to Europe/Berlin"}},
	{text: "set timezone to my location", hint: "automatic-timezoned", sug: []string{"set timezone automatically", "set timezone to Europe/Berlin"}},
	// The screen is the desktop's (they suggested a time zone).
	{text: "set resolution to 1920x1080", hint: "xrandr"},
	{text: "set font size", hint: "font size"},
	{text: "enable fractional scaling", hint: "scaling"},
	{text: "rotate screen", hint: "rotation"},
	{text: "set console font", hint: "console.font"},
	{text: "set scaling governor to schedutil", want: opt("powerManagement.cpuFreqGovernor", "schedutil")},
	// Questions about automatic updates are the system's switch, shown
	// (a question word was read as a package updating itself).
	{text: "are automatic updates enabled", want: intent.Intent{Kind: intent.ShowOption, Option: "system.autoUpgrade.enable", Service: "automatic updates"}},
	{text: "is auto upgrade on", want: intent.Intent{Kind: intent.ShowOption, Option: "system.autoUpgrade.enable", Service: "auto upgrade"}},
	{text: "does firefox update automatically", hint: "NixOS has no update switch for one package: firefox comes from"},
	// Asked to be told: the question, as asked.
	{text: "can you tell me if ssh is enabled", want: intent.Intent{Kind: intent.ShowOption, Option: "services.openssh.enable", Service: "ssh"}},
	{text: "tell me if firefox is installed", want: intent.Intent{Kind: intent.ListInstalled, Packages: []string{"firefox"}}},
	{text: "let me know if bluetooth is on", want: intent.Intent{Kind: intent.ShowOption, Option: "hardware.bluetooth.enable", Service: "bluetooth"}},
	{text: "check if flakes are enabled", want: intent.Intent{Kind: intent.ShowOption, Option: "nix.settings.experimental-features"}},
	{text: "check if unfree is allowed", want: intent.Intent{Kind: intent.ShowOption, Option: "nixpkgs.config.allowUnfree"}},
	{text: "i wonder if port 22 is open", want: intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(22)}},
	{text: "what is my default editor", hint: "echo $EDITOR"},
	{text: "what shell am i using", hint: "echo $SHELL"},
	// A part of a service said to be removed is no package beside it,
	// and never the service off ("remove ssh key" turned SSH off where
	// the fragment turns it on).
	{text: "remove ssh key", hint: "openssh.authorizedKeys.keys"},
	{text: "delete my ssh keys", hint: "openssh.authorizedKeys.keys"},
	{text: "install my ssh key", hint: "openssh.authorizedKeys.keys"},
	{text: "remove ssh password", sug: []string{"disable ssh password login"}},
	{text: "remove ssh port", sug: []string{"close the ssh port"}},
	{text: "remove the root password", hint: "passwd -l root"},
	{text: "delete docker images", hint: "part of docker", sug: []string{"is docker enabled"}},
	{text: "remove nginx logs", hint: "part of nginx", sug: []string{"is nginx enabled"}},
	{text: "remove git config", hint: "home directory", sug: []string{"is git installed"}},
	{text: "remove the firewall rule for port 22", sug: []string{"close port 22", "which ports are open"}},
	{text: "remove git and banner", want: rm("banner", "git")},
	{text: "remove docker and htop", want: rm("docker", "htop")},
	{text: "remove firefox and its data", sug: []string{"remove firefox"}},
	// "stop X": for now or for good; a suggestion only where it names
	// something "disable" can turn off.
	{text: "stop nginx", hint: "\"disable nginx\" turns it off for good", sug: []string{"disable nginx"}},
	{text: "stop docker logging", hint: "\"disable <service>\" turns it off for good"},
	{text: "enable docker desktop", want: noted(on("virtualisation.docker.enable", "docker"), "Docker Desktop is not packaged for NixOS: this is Docker's engine (the docker command's daemon), which Docker Desktop runs too")},
	{text: "open port 8080 for both protocols", want: both(openPort("tcp", 8080), openPort("udp", 8080))},
	{text: "open port 8080 for all protocols", want: both(openPort("tcp", 8080), openPort("udp", 8080))},
	{text: "open port 22 and 80 tcp and udp", want: both(openPort("tcp", 22, 80), openPort("udp", 22, 80))},
	// A new NixOS is the system's update, never a package named nixos.
	{text: "install new version of nixos", want: intent.Intent{Kind: intent.Update}},
	{text: "get the new nixos version", want: intent.Intent{Kind: intent.Update}},
	{text: "install new packages", hint: "says what kind of thing"},
	// A port said with a switch's verb: opened or closed, asked.
	{text: "enable port 22", sug: []string{"open port 22"}},
	{text: "disable ports 80 and 443", sug: []string{"close ports 80 and 443"}},
	{text: "turn on the ssh port", sug: []string{"open the ssh port"}},
	{text: "enable udp port 53", sug: []string{"open udp port 53"}},
	{text: "enable ssh on port 2222", hint: "services.openssh.ports = [ 2222 ]"},
	// A protocol word and a port's own suffix that disagree: asked.
	{text: "open udp port 53/tcp", sug: []string{"open port 53", "open udp port 53"}},
	{text: "open udp ports 60000-61000/tcp", sug: []string{"open ports 60000 to 61000", "open udp ports 60000 to 61000"}},
	// What the firewall lets in, asked without "ports": its list.
	{text: "whats open in the firewall", want: openPorts},
	{text: "show firewall rules", want: openPorts},
	{text: "list the firewall rules", want: openPorts},
	{text: "what is allowed through the firewall", want: openPorts},
	{text: "which ports are open", want: openPorts},
	// A change for a while only, the time said after the service:
	// what to say, undo, and apply --action test.
	{text: "turn the firewall off for a bit", hint: "apply --action test", sug: []string{"turn the firewall off"}},
	{text: "disable the firewall for a while", hint: "apply --action test", sug: []string{"disable the firewall"}},
	{text: "turn off bluetooth for a minute", hint: "apply --action test", sug: []string{"turn off bluetooth"}},
	{text: "turn off the firewall temporarily", hint: "apply --action test", sug: []string{"turn off the firewall"}},
	{text: "install firefox for a while", hint: "nix-shell -p"},
	// Goals said in words: the services that do them.
	{text: "i want to run virtual machines", hint: "virt-manager", sug: []string{"enable libvirtd", "enable virt-manager", "enable virtualbox"}},
	{text: "run vms", hint: "virt-manager", sug: []string{"enable libvirtd", "enable virt-manager", "enable virtualbox"}},
	{text: "how do i run a vm", hint: "virt-manager", sug: []string{"enable libvirtd", "enable virt-manager", "enable virtualbox"}},
	{text: "set up virtual machines", hint: "virt-manager", sug: []string{"enable libvirtd", "enable virt-manager", "enable virtualbox"}},
	{text: "enable virtualization", want: on("virtualisation.libvirtd.enable", "virtualization")},
	{text: "install virtualbox", want: inst("virtualbox")},
	{text: "enable vnc", hint: "wayvnc", sug: []string{"enable remote desktop"}},
	{text: "enable vnc server", hint: "wayvnc", sug: []string{"enable remote desktop"}},
	{text: "install tigervnc", want: inst("tigervnc")},
	{text: "i need to print something", hint: "printing is CUPS", sug: []string{"enable printing"}},
	{text: "print a document", hint: "printing is CUPS", sug: []string{"enable printing"}},
	// A kind asked for advice on is searched for; advice on a way to do
	// something is no kind of package.
	{text: "what's a good terminal emulator", want: intent.Intent{Kind: intent.Search, Query: "terminal emulator"}},
	{text: "what is a good text editor", want: intent.Intent{Kind: intent.Search, Query: "text editor"}},
	{text: "recommend a text editor", want: intent.Intent{Kind: intent.Search, Query: "text editor"}},
	{text: "best video player", want: intent.Intent{Kind: intent.Search, Query: "video player"}},
	{text: "whats the best video player", want: intent.Intent{Kind: intent.Search, Query: "video player"}},
	{text: "any good pdf reader?", want: intent.Intent{Kind: intent.Search, Query: "pdf reader"}},
	{text: "suggest a music player", want: intent.Intent{Kind: intent.Search, Query: "music player"}},
	{text: "search best practices", want: intent.Intent{Kind: intent.Search, Query: "best practices"}},
	{text: "what is my hostname", want: intent.Intent{Kind: intent.SystemInfo}},
	// A slow boot: what measures it, never a service's status.
	{text: "why is my boot slow", hint: "systemd-analyze blame", sug: []string{"set boot timeout to 1 second"}},
	{text: "boot takes forever", hint: "systemd-analyze blame", sug: []string{"set boot timeout to 1 second"}},
	{text: "nixos boots slowly", hint: "systemd-analyze blame", sug: []string{"set boot timeout to 1 second"}},
	{text: "startup is slow", hint: "systemd-analyze blame", sug: []string{"set boot timeout to 1 second"}},
	{text: "set boot timeout to 1 second", want: opt("boot.loader.timeout", int64(1))},
	// Environment variables and PATH: said by the option's path.
	{text: "set environment variable FOO=bar", hint: "environment.sessionVariables.<NAME>", sug: []string{"set environment.variables.FOO to bar", "set environment.sessionVariables.FOO to bar"}},
	{text: "set env var JAVA_HOME to /opt/java", hint: "environment.sessionVariables.<NAME>", sug: []string{"set environment.variables.JAVA_HOME to /opt/java", "set environment.sessionVariables.JAVA_HOME to /opt/java"}},
	{text: "export FOO=bar", hint: "environment.sessionVariables.<NAME>", sug: []string{"set environment.variables.FOO to bar", "set environment.sessionVariables.FOO to bar"}},
	{text: "set environment variable EDITOR to nvim", hint: "environment.sessionVariables.<NAME>", sug: []string{"make nvim my default editor"}},
	{text: "how do i set an environment variable", hint: "environment.sessionVariables.<NAME>"},
	{text: "set environment.variables.FOO to bar", want: intent.Intent{Kind: intent.SetOption, Option: "environment.variables.FOO", Value: "bar"}},
	{text: "add ~/bin to path", hint: "ask-nix does not write PATH"},
	{text: "add ~/.local/bin to my PATH", hint: "ask-nix does not write PATH"},
	// Git's identity is each user's.
	{text: "set git email", hint: "git config --global user.email"},
	{text: "set git username to bob", hint: "git config --global user.email"},
	{text: "configure my git name and email", hint: "git config --global user.email"},
	{text: "install git", want: inst("git")},
	{text: "enable git", want: on("programs.git.enable", "git")},
	// Asked how, of a request that may be several: each named.
	{text: "how can i allow ssh", hint: "may be any of these", sug: []string{"enable ssh", "open the ssh port"}},
	{text: "how do i open a port", hint: "may be any of these", sug: []string{"open port 443", "open udp port 53"}},
	{text: "how do i enable ssh", hint: "say \"enable ssh\"", sug: []string{"enable ssh"}},
	// Another package manager said with "via" or "from": its answer.
	{text: "install spotify via flatpak", hint: "Flatpak apps are installed by each user", sug: []string{"install spotify", "enable flatpak"}},
	{text: "install discord from flathub", hint: "Flatpak apps are installed by each user", sug: []string{"install discord", "enable flatpak"}},
	{text: "install spotify with flatpak", hint: "Flatpak apps are installed by each user", sug: []string{"install spotify", "enable flatpak"}},
	{text: "install flatpak", want: inst("flatpak")},
	// The Compose key is an XKB option, no SSH key.
	{text: "enable compose key", hint: "compose:ralt", sug: []string{"add keyboard option compose:ralt"}},
	{text: "set up a compose key", hint: "compose:ralt", sug: []string{"add keyboard option compose:ralt"}},
	{text: "make right alt the compose key", hint: "compose:ralt", sug: []string{"add keyboard option compose:ralt"}},
	{text: "add keyboard option compose:ralt", want: intent.Intent{Kind: intent.SetOption, Option: "services.xserver.xkb.options", Value: "compose:ralt", Change: intent.ChangeAdd}},
	{text: "install docker-compose", want: inst("docker-compose")},
	// The sandbox is Nix's build sandbox, not one the index finds.
	{text: "enable sandbox", hint: "nix.settings.sandbox", sug: []string{"show option nix.settings.sandbox"}},
	{text: "disable the sandbox", hint: "nix.settings.sandbox", sug: []string{"show option nix.settings.sandbox"}},
	{text: "disable nix sandbox", hint: "nix.settings.sandbox", sug: []string{"show option nix.settings.sandbox"}},
	{text: "show option nix.settings.sandbox", want: intent.Intent{Kind: intent.ShowOption, Option: "nix.settings.sandbox"}},
	// A language for the system, or a locale added: the locale said.
	{text: "i want my system in french", hint: "i18n.defaultLocale", sug: []string{"set locale to fr_FR.UTF-8"}},
	{text: "switch my computer to german", hint: "i18n.defaultLocale", sug: []string{"set locale to de_DE.UTF-8"}},
	{text: "make nixos in english", hint: "i18n.defaultLocale", sug: []string{"set locale to en_US.UTF-8", "set locale to en_GB.UTF-8"}},
	{text: "add german locale", hint: "i18n.extraLocaleSettings", sug: []string{"set locale to de_DE.UTF-8", "set i18n.extraLocaleSettings.LC_TIME to de_DE.UTF-8"}},
	{text: "add the locale for brazilian portuguese", hint: "i18n.extraLocaleSettings", sug: []string{"set locale to pt_BR.UTF-8", "set i18n.extraLocaleSettings.LC_TIME to pt_BR.UTF-8"}},
	{text: "set language to german", want: intent.Intent{Kind: intent.SetOption, Option: "i18n.defaultLocale", Value: "de_DE.UTF-8", Notes: []string{"german is taken as de_DE.UTF-8; for another country, say its locale: de_AT (Austria), de_CH (Switzerland)"}}},
	{text: "switch keyboard to german", want: intent.Intent{Kind: intent.SetOption, Option: "services.xserver.xkb", Value: map[string]any{"layout": "de", "variant": ""}, Change: intent.ChangeMerge}},
	// A layout added by its code: the whole list asked, never packages
	// named keyboard, layout and us.
	{text: "add a us keyboard layout", hint: "the keyboard layouts are one list", sug: []string{"set keyboard to de and us", "what keyboard layout do i have"}},
	{text: "add the de layout", hint: "the keyboard layouts are one list", sug: []string{"set keyboard to us and de", "what keyboard layout do i have"}},
	{text: "add keyboard layout fr", hint: "the keyboard layouts are one list", sug: []string{"set keyboard to us and fr", "what keyboard layout do i have"}},
	{text: "add a french keyboard layout", hint: "the keyboard layouts are one list", sug: []string{"set keyboard to us and french", "what keyboard layout do i have"}},
	{text: "connect to vpn", hint: "a VPN is no one switch", sug: []string{"enable wireguard", "enable tailscale"}},
	{text: "use all cores for builds", hint: "nix.settings.cores", sug: []string{"set max-jobs to auto"}},
	{text: "make nix build with more cpu threads", hint: "nix.settings.cores", sug: []string{"set max-jobs to auto"}},
	{text: "set max-jobs to auto", want: opt("nix.settings.max-jobs", "auto")},
	{text: "set the cpu governor to performance", want: opt("powerManagement.cpuFreqGovernor", "performance")},
	// Two generations compared by number alone; space on /boot.
	{text: "what changed between 40 and 41", want: intent.Intent{Kind: intent.ListGenerations, Diff: true, Compare: []int{40, 41}}},
	{text: "what is the difference between 40 and 41", want: intent.Intent{Kind: intent.ListGenerations, Diff: true, Compare: []int{40, 41}}},
	{text: "free space on /boot", hint: "if the disk or /boot is full", sug: []string{"clean up old generations, keep 5", "delete generations older than 30 days", "how much space does the nix store use"}},
	{text: "make space on /boot", hint: "if the disk or /boot is full", sug: []string{"clean up old generations, keep 5", "delete generations older than 30 days", "how much space does the nix store use"}},
	// A bare number after roll back: a count or a generation, asked.
	{text: "rollback 3", hint: "may be how many generations to go back", sug: []string{"roll back 3 generations", "go back to generation 3"}},
	{text: "roll back two", hint: "may be how many generations to go back", sug: []string{"roll back 2 generations", "go back to generation 2"}},
	{text: "roll back 3 generations", want: intent.Intent{Kind: intent.Rollback, Steps: 3}},
	{text: "go back two versions", want: intent.Intent{Kind: intent.Rollback, Steps: 2}},
	{text: "roll back to generation 3", want: intent.Intent{Kind: intent.SwitchGeneration, Generation: 3}},
	// Zero said as a word is zero: never any other count.
	{text: "keep zero generations", hint: "keep 0 generations? The current one always stays", sug: []string{"clean up old generations, keep 5"}},
	{text: "keep the last three generations", want: intent.Intent{Kind: intent.GC, Keep: 3}},
	// "etc" ends a list whose rest is not said.
	{text: "install htop etc", hint: "each by its name", sug: []string{"install htop"}},
	{text: "install htop, btop, glances, etc.", hint: "each by its name", sug: []string{"install htop, btop and glances"}},
	{text: "remove vim and nano etc", hint: "each by its name", sug: []string{"remove vim and nano"}},
	{text: "install git, vim and so on", hint: "each by its name", sug: []string{"install git and vim"}},
	{text: "install etcd", want: inst("etcd")},
	// Broken by an update: the generation before it, never an update
	// of a package named after the fault.
	{text: "no sound after update", hint: "returns to the generation before it", sug: []string{"roll back", "is sound enabled", "enable sound"}},
	{text: "firefox crashes after the upgrade", hint: "returns to the generation before it", sug: []string{"roll back", "list generations"}},
	{text: "wifi stopped working since the last update", hint: "returns to the generation before it", sug: []string{"roll back", "is networkmanager enabled", "enable networkmanager", "enable redistributable firmware"}},
	{text: "update my system", want: intent.Intent{Kind: intent.Update}},
	// The SSH server removed is the service turned off.
	{text: "uninstall ssh server", hint: "services.openssh", sug: []string{"disable ssh"}},
	{text: "remove the openssh daemon", hint: "services.openssh", sug: []string{"disable ssh"}},
	{text: "remove openssh", want: rm("openssh")},
	// Where the request is for: this machine, said as a server.
	{text: "enable ssh on my server", want: on("services.openssh.enable", "ssh")},
	{text: "install htop on this box", want: inst("htop")},
	{text: "whats the ssh port", hint: "services.openssh.ports", sug: []string{"show option services.openssh.ports"}},
	{text: "what port is ssh on", hint: "services.openssh.ports", sug: []string{"show option services.openssh.ports"}},
	{text: "show option services.openssh.ports", want: intent.Intent{Kind: intent.ShowOption, Option: "services.openssh.ports"}},
	// Chat openings and closings around a request.
	{text: "install vlc k thx bye", want: inst("vlc")},
	{text: "install git plz n thx", want: inst("git")},
	{text: "install git, cheers mate", want: inst("git")},
	{text: "install git thanks in advance", want: inst("git")},
	{text: "install kthxbye", want: inst("kthxbye")},
	{text: "next, enable ssh", want: on("services.openssh.enable", "ssh")},
	{text: "btw also install htop", want: inst("htop")},
	{text: "sup, install htop", want: inst("htop")},
	{text: "actually install chromium", want: inst("chromium")},
	{text: "i said install firefox", want: inst("firefox")},
	{text: "mind installing htop?", want: inst("htop")},
	{text: "quick q: is ssh enabled?", want: intent.Intent{Kind: intent.ShowOption, Option: "services.openssh.enable", Service: "ssh"}},
	{text: "question: how do i enable flakes", hint: "say \"enable flakes\"", sug: []string{"enable flakes"}},
	{text: "wait, dont install firefox", hint: "this asks not to install firefox"},
	{text: "abort", hint: "nothing to do", sug: []string{"help"}},
	{text: "install vlc :D", want: inst("vlc")},
	{text: "enable ssh :P", want: on("services.openssh.enable", "ssh")},
	{text: "install xd", want: inst("xd")},
	// Services by what people call them.
	{text: "enable android debugging", want: on("programs.adb.enable", "android debugging")},
	{text: "enable usb debugging", want: on("programs.adb.enable", "usb debugging")},
	{text: "enable onion routing", want: on("services.tor.enable", "onion routing")},
	{text: "first install git then vim", want: inst("git", "vim")},
	{text: "which desktop am i using", hint: "XDG_CURRENT_DESKTOP", sug: []string{"is gnome enabled", "is plasma enabled"}},
	{text: "is gnome enabled", want: intent.Intent{Kind: intent.ShowOption, Option: "services.xserver.desktopManager.gnome.enable", Service: "gnome"}},
	{text: "trust my user for nix", hint: "nix.settings.trusted-users"},
	{text: "make me a trusted user", hint: "nix.settings.trusted-users"},
	// The DNS servers set back to the network's.
	{text: "reset dns", want: intent.Intent{Kind: intent.SetOption, Option: "networking.nameservers", Change: intent.ChangeUnset}},
	{text: "reset the dns servers to default", want: intent.Intent{Kind: intent.SetOption, Option: "networking.nameservers", Change: intent.ChangeUnset}},
	{text: "remove all dns servers", want: intent.Intent{Kind: intent.SetOption, Option: "networking.nameservers", Change: intent.ChangeUnset}},
	{text: "remove dns server 8.8.8.8", want: intent.Intent{Kind: intent.SetOption, Option: "networking.nameservers", Value: "8.8.8.8", Change: intent.ChangeRemove}},
	// Logs and a failing service: systemd's to tell.
	{text: "show logs", hint: "journalctl -b -p err"},
	{text: "check the system journal", hint: "journalctl -b -p err"},
	{text: "why did nginx fail", hint: "journalctl -u <unit> -b", sug: []string{"is nginx enabled"}},
	{text: "nginx keeps crashing", hint: "journalctl -u <unit> -b", sug: []string{"is nginx enabled"}},
	{text: "show me the logs for ssh", hint: "journalctl -u <unit> -b", sug: []string{"is ssh enabled"}},
	{text: "show history", hint: "ask-nix history"},
	// Web and network goals with no one switch.
	{text: "add 192.168.1.10 myserver to hosts", hint: "networking.hosts"},
	{text: "edit /etc/hosts", hint: "networking.hosts"},
	{text: "add a hosts entry for nas", hint: "networking.hosts"},
	{text: "enable letsencrypt", hint: "security.acme.acceptTerms", sug: []string{"show option security.acme.acceptTerms"}},
	{text: "enable acme", hint: "security.acme.acceptTerms", sug: []string{"show option security.acme.acceptTerms"}},
	{text: "set up a reverse proxy", hint: "proxyPass", sug: []string{"enable nginx", "enable caddy"}},
	{text: "enable pihole", hint: "no Pi-hole module", sug: []string{"enable services.adguardhome", "enable services.blocky"}},
	{text: "enable dns over https", hint: "dnscrypt-proxy2", sug: []string{"enable services.dnscrypt-proxy2", "enable resolved"}},
	// IP forwarding is a kernel setting, one value of boot.kernel.sysctl.
	{text: "enable ip forwarding", want: noted(opt(ipv4Forward, int64(1)), parse.ForwardingNote(4, true))},
	{text: "enable adguardhome", want: on("services.adguardhome.enable", "adguardhome")},
	{text: "enable services.dnscrypt-proxy2", want: on("services.dnscrypt-proxy2.enable", "services.dnscrypt-proxy2")},
	{text: "temporarily disable bluetooth", hint: "apply --action test", sug: []string{"disable bluetooth"}},
	{text: "for now, open port 22", hint: "apply --action test", sug: []string{"open port 22"}},
	{text: "temporarily install htop", hint: "nix-shell -p"},
	{text: "never mind, don't install vim", hint: "this asks not to install vim"},
	{text: "never mind", sug: []string{"help"}},
	{text: "get firefox off my system", want: rm("firefox")},
	{text: "take vlc and gimp off this machine", want: rm("gimp", "vlc")},
	{text: "get htop out of here", want: rm("htop")},
	{text: "get me htop", want: inst("htop")},
	// A place said for the clock: the time zone to say.
	{text: "set time to berlin", hint: "time.timeZone", sug: []string{"set timezone to berlin"}},
	{text: "set the clock to new york time", hint: "time.timeZone", sug: []string{"set timezone to new york"}},
	{text: "use berlin time", hint: "time.timeZone", sug: []string{"set timezone to berlin"}},
	{text: "use 24 hour time", hint: "LC_TIME"},
	{text: "set timezone to berlin", want: opt("time.timeZone", "berlin")},
	{text: "my computer should be called thinkpad", want: opt("networking.hostName", "thinkpad")},
	{text: "this machine should be named nas", want: opt("networking.hostName", "nas")},
	{text: "my computer should be called", sug: []string{"set hostname to my-laptop"}},
	// The power button, the brightness, zram's size in percent.
	{text: "ignore power button", hint: "services.logind.powerKey", sug: []string{"set services.logind.powerKey to ignore"}},
	{text: "shutdown when power button pressed", hint: "services.logind.powerKey", sug: []string{"set services.logind.powerKey to poweroff"}},
	{text: "make the power button suspend", hint: "services.logind.powerKey", sug: []string{"set services.logind.powerKey to suspend"}},
	{text: "set services.logind.powerKey to ignore", want: opt("services.logind.powerKey", "ignore")},
	{text: "set brightness", hint: "brightnessctl", sug: []string{"enable programs.light"}},
	{text: "enable backlight control", hint: "brightnessctl", sug: []string{"enable programs.light"}},
	{text: "enable programs.light", want: on("programs.light.enable", "programs.light")},
	{text: "enable zram with 50%", hint: "zramSwap.memoryPercent", sug: []string{"set zramSwap.memoryPercent to 50", "enable zram"}},
	// Back and again: the same request once more.
	{text: "put vim back", want: inst("vim")},
	{text: "add firefox back", want: inst("firefox")},
	{text: "bring back the old config", sug: []string{"roll back", "clean up old generations, keep 5"}},
	{text: "install git then roll back", sug: []string{"install git", "roll back"}},
	{text: "open port 22 again", want: openPort("tcp", 22)},
	{text: "go back", want: intent.Intent{Kind: intent.Rollback}},
	// Errors pasted: an unfree license, a missing attribute.
	{text: "error: package spotify has an unfree license", hint: "nixpkgs.config.allowUnfree", sug: []string{"allow unfree packages"}},
	{text: "spotify is unfree", hint: "nixpkgs.config.allowUnfree", sug: []string{"allow unfree packages"}},
	{text: "unfree package error", hint: "nixpkgs.config.allowUnfree", sug: []string{"allow unfree packages"}},
	{text: "why is spotify unfree", hint: "nixpkgs.config.allowUnfree", sug: []string{"allow unfree packages"}},
	{text: "allow unfree packages", want: opt("nixpkgs.config.allowUnfree", true)},
	{text: "error: attribute 'firefx' missing", hint: "no attribute of that name", sug: []string{"search firefx"}},
	{text: "attribute missing", hint: "no attribute of that name"},
	// Asked how to install or remove something unnamed: by its name.
	{text: "how to install a package", hint: "with the package's name", sug: []string{"install firefox", "search pdf reader"}},
	{text: "how do i uninstall a program", hint: "with the package's name", sug: []string{"uninstall firefox", "search pdf reader"}},
	{text: "how to install software", hint: "with the package's name", sug: []string{"install firefox", "search pdf reader"}},
	{text: "search pdf reader", want: intent.Intent{Kind: intent.Search, Query: "pdf reader"}},
	{text: "enable command not found", hint: "programs.command-not-found", sug: []string{"enable programs.nix-index", "enable programs.command-not-found"}},
	{text: "htop: command not found", sug: []string{"install htop", "is htop installed"}},
	{text: "enable comma", hint: "nix-index", sug: []string{"install comma", "enable programs.nix-index"}},
	{text: "install comma", want: inst("comma")},
	{text: "enable programs.nix-index", want: on("programs.nix-index.enable", "programs.nix-index")},
	{text: "keep 10 generations automatically", hint: "by age, not by count", sug: []string{"auto delete generations older than 30 days", "keep the last 10 generations"}},
	{text: "keep the last 10 generations", want: intent.Intent{Kind: intent.GC, Keep: 10}},
	{text: "auto delete generations older than 30 days", want: intent.Intent{Kind: intent.SetOption, Option: "nix.gc", Value: map[string]any{"automatic": true, "options": "--delete-older-than 30d"}, Change: intent.ChangeMerge}},
	{text: "use iwd instead of wpa_supplicant", hint: "networking.wireless.iwd.enable", sug: []string{"enable networking.wireless.iwd"}},
	{text: "switch from wpa_supplicant to iwd", hint: "networking.wireless.iwd.enable", sug: []string{"enable networking.wireless.iwd"}},
	{text: "enable networking.wireless.iwd", want: on("networking.wireless.iwd.enable", "networking.wireless.iwd")},
	{text: "use neovim instead of vim", want: intent.Join([]intent.Intent{rm("vim"), inst("neovim")})},
	{text: "enable x11 forwarding", hint: "X11Forwarding", sug: []string{"set services.openssh.settings.X11Forwarding to true"}},
	{text: "enable ssh x11 forwarding", hint: "X11Forwarding", sug: []string{"set services.openssh.settings.X11Forwarding to true"}},
	{text: "enable netbios", hint: "nmbd", sug: []string{"enable services.samba.nmbd"}},
	{text: "enable network manager applet", want: on("programs.nm-applet.enable", "network manager applet")},
	{text: "enable nm-applet", want: on("programs.nm-applet.enable", "nm-applet")},
	// Tailscale's login and features; a browser made the default.
	{text: "tailscale up", hint: "sudo tailscale up", sug: []string{"enable tailscale"}},
	{text: "install tailscale and log in", hint: "sudo tailscale up", sug: []string{"enable tailscale"}},
	{text: "enable tailscale exit node", hint: "useRoutingFeatures", sug: []string{"enable tailscale"}},
	{text: "trust the tailscale interface", hint: "trustedInterfaces", sug: []string{"enable tailscale"}},
	{text: "enable tailscale", want: on("services.tailscale.enable", "tailscale")},
	{text: "set firefox as default", hint: "xdg-settings"},
	{text: "make chromium my browser", hint: "xdg-settings"},
	{text: "make ssh start on boot", want: on("services.openssh.enable", "ssh")},
}

// firewallStays is the note of a port let through where the firewall
// was said to be turned off for it.
func firewallStays(said string) string {
	return "the firewall stays on, with " + said + " let through (\"open " + said + "\"); \"disable the firewall\" would open every port"
}

// insteadNote is the note of a request that ends with "instead".
const insteadNote = "\"instead\" changes nothing else: what the configuration has stays; to take something out too, say so (\"replace firefox with chromium\", \"disable gdm\")"

// sysctlNote is the note of a kernel setting said by its sysctl name.
func sysctlNote(name string) string {
	return name + " is a kernel setting (sysctl): NixOS sets it in boot.kernel.sysctl, at boot and at each switch (`sysctl " + name + "` shows it now)"
}

// both is two intents made as one edit.
func both(parts ...intent.Intent) intent.Intent { return intent.Join(parts) }

var openPorts = intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.allowedTCPPorts", Service: "open TCP ports"}

func TestChat(t *testing.T) {
	for _, c := range chatCases {
		got, err := parse.Parse(c.text)
		if c.hint == "" && c.sug == nil {
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Errorf("Parse(%q) = %#v, %v\nwant %#v", c.text, got, err, c.want)
			}
			continue
		}
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %#v, %v; want not understood", c.text, got, err)
			continue
		}
		if !strings.Contains(nu.Hint, c.hint) {
			t.Errorf("Parse(%q): hint %q; want it to hold %q", c.text, nu.Hint, c.hint)
		}
		var sug []string
		for _, s := range nu.Suggestions {
			sug = append(sug, s.Example)
		}
		if c.sug != nil && !reflect.DeepEqual(sug, c.sug) {
			t.Errorf("Parse(%q): suggestions %q; want %q", c.text, sug, c.sug)
		}
	}
}

// "diff 1 2" reads as ask-nix diff's words (edits or generations?), not
// as two generations compared: not understood, so the command's usage
// answers it, where "what changed between 1 and 2" compares generations.
func TestDiffTwoNumbersIsNoGenerationsDiff(t *testing.T) {
	for _, text := range []string{"diff 1 2", "diff 40 41"} {
		got, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %#v, %v; want not understood", text, got, err)
		}
	}
	if got, err := parse.Parse("what changed between 1 and 2"); err != nil || got.Kind != intent.ListGenerations || !got.Diff {
		t.Errorf("Parse(what changed between 1 and 2) = %#v, %v", got, err)
	}
}
