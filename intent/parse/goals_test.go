package parse_test

import (
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestGoalsNamedInWords: what newcomers ask for in words (forums,
// Discourse) that has no one edit, or whose words other rules misread:
// answered with where it is set and the requests that do part of it,
// never an unrelated example ("set static ip" suggested a time zone).
func TestGoalsNamedInWords(t *testing.T) {
	shell := "users.defaultUserShell"
	checkReadings(t, []reading{
		{text: "update firmware", sugs: []string{"enable fwupd"}, hintHas: "`fwupdmgr update`"},
		{text: "update my bios", sugs: []string{"enable fwupd"}, hintHas: "LVFS"},
		{text: "run appimages", sugs: []string{"enable appimage support", "set programs.appimage.binfmt to true"}, hintHas: "appimage-run"},
		{text: "i can't run appimages", sugs: []string{"enable appimage support", "set programs.appimage.binfmt to true"}, hintHas: "appimage-run"},
		// What ask-nix turned on, naming nothing: its fragment, never a
		// search for "enabled" or a package named so.
		{text: "what is enabled", sugs: []string{"list installed", "is ssh enabled"}, hintHas: "`ask-nix history`"},
		{text: "what have i enabled so far", sugs: []string{"list installed", "is ssh enabled"}, hintHas: "fragment"},
		{text: "what did i turn on", sugs: []string{"list installed", "is ssh enabled"}, hintHas: "fragment"},
		{text: "what's in my fragment", sugs: []string{"list installed", "is ssh enabled"}, hintHas: "`ask-nix config`"},
		// Reaching this machine, or another, and serving web pages:
		// the services that do it, never "install firefox".
		{text: "let me ssh into this machine", sugs: []string{"enable ssh", "enable remote desktop"}, hintHas: "services.openssh"},
		{text: "allow remote login", sugs: []string{"enable ssh", "enable remote desktop"}, hintHas: "xrdp"},
		{text: "i want to access this pc remotely", sugs: []string{"enable ssh", "enable remote desktop"}, hintHas: "xrdp"},
		{text: "connect to my server via ssh", sugs: []string{}, hintHas: "`ssh user@host`"},
		{text: "host a website", sugs: []string{"enable nginx", "enable caddy", "open port 80 and 443"}, hintHas: "virtualHosts"},
		{text: "run a web server", sugs: []string{"enable nginx", "enable caddy", "open port 80 and 443"}, hintHas: "virtualHosts"},
		// Asked what an action does: said, never done (they rolled
		// back, collected garbage, undid the last edit).
		{text: "what does rollback do", sugs: []string{"roll back"}, hintHas: "a question changes nothing"},
		{text: "what is a rollback", sugs: []string{"roll back"}, hintHas: "generation before"},
		{text: "what is garbage collection", sugs: []string{"collect garbage"}, hintHas: "/nix/store"},
		{text: "what does gc do", sugs: []string{"collect garbage"}, hintHas: "/nix/store"},
		{text: "what does undo do", sugs: []string{"undo"}, hintHas: "`ask-nix history`"},
		{text: "what does nixos-rebuild switch do", sugs: []string{"apply"}, hintHas: "reconcile pass"},
		{text: "what is an update", sugs: []string{"update my system"}, hintHas: "nixpkgs"},
		// Flatpak's app store, no package (it installed one named flathub).
		{text: "add flathub", sugs: []string{"enable flatpak"}, hintHas: "flatpak remote-add --if-not-exists flathub"},
		{text: "add the flathub repo", sugs: []string{"enable flatpak"}, hintHas: "flatpak remote-add"},
		{text: "enable flathub", sugs: []string{"enable flatpak"}, hintHas: "flatpak remote-add"},
		{text: "share a folder", sugs: []string{"share a folder with samba", "share folders over nfs"}, hintHas: "Samba"},
		{text: "share my music folder", sugs: []string{"share a folder with samba", "share folders over nfs"}, hintHas: "NFS"},
		{text: "share my screen", sugs: []string{"enable xdg.portal"}, hintHas: "portal"},
		{text: "set static ip", sugs: []string{}, hintHas: "networking.interfaces.<name>.ipv4.addresses"},
		{text: "use a fixed ip address", sugs: []string{}, hintHas: "nmcli connection modify"},
		{text: "use 24 hour clock", sugs: []string{"set i18n.extraLocaleSettings.LC_TIME to en_GB.UTF-8"}, hintHas: "LC_TIME"},
		{text: "set lc_time to en_GB.UTF-8", sugs: []string{"set i18n.extraLocaleSettings.LC_TIME to en_GB.UTF-8"}, hintHas: "LC_TIME"},
		{text: "switch keyboard layout with alt shift", sugs: []string{"add keyboard option grp:alt_shift_toggle"}, hintHas: "services.xserver.xkb.options"},
		{text: "toggle layouts with ctrl+shift", sugs: []string{"add keyboard option grp:ctrl_shift_toggle"}, hintHas: "XKB option"},
		{text: "allow broken packages", sugs: []string{}, hintHas: "nixpkgs.config.allowBroken"},
		{text: "allow insecure packages", sugs: []string{}, hintHas: "permittedInsecurePackages"},
		{text: "allow unfree packages for vscode", sugs: []string{"allow unfree packages"}, hintHas: "allowUnfreePredicate"},
		{text: "add printer driver for hp", sugs: []string{"enable printing"}, hintHas: "services.printing.drivers"},
		{text: "install printer drivers", sugs: []string{"enable printing"}, hintHas: "pkgs.hplip"},
		{text: "enable hplip", sugs: []string{"enable printing"}, hintHas: "installed as packages they are not used"},
		{text: "chsh -s /bin/zsh", sugs: []string{"enable zsh"}, hintHas: shell},
		{text: "chsh -s /bin/fish", sugs: []string{"enable fish"}, hintHas: shell},
		{text: "i want to use fish shell", sugs: []string{"enable fish"}, hintHas: shell},
		// Made the default without the word "shell" (it suggested
		// installing firefox).
		{text: "make zsh default", sugs: []string{"enable zsh"}, hintHas: shell},
		{text: "set fish as my default", sugs: []string{"enable fish"}, hintHas: shell},
		{text: "enable nvidia prime", sugs: nvidiaSugs, hintHas: "hardware.nvidia.prime"},
		{text: "install something for pdf", sugs: []string{"search pdf"}, hintHas: "`ask-nix search pdf`"},
		{text: "install an app to edit photos", sugs: []string{"search edit photos"}, hintHas: "what it is for"},
		{text: "i need a tool for screenshots", sugs: []string{"search screenshots"}, hintHas: "what it is for"},
		{text: "list services", sugs: []string{"is ssh enabled"}, hintHas: "systemctl list-units --type=service"},
		{text: "show all services", sugs: []string{"is ssh enabled"}, hintHas: "list-unit-files"},
		{text: "keep my system from updating automatically", sugs: []string{"disable automatic updates"}, hintHas: "system.autoUpgrade"},
		{text: "set firefox as default browser", sugs: []string{}, hintHas: "xdg-settings set default-web-browser"},
		{text: "make firefox my default browser", sugs: []string{}, hintHas: "Default Applications"},
		{text: "i want to play games", sugs: []string{"enable steam", "enable gamemode", "enable 32-bit graphics"}, hintHas: "gaming"},
		{text: "i want to play steam games", sugs: []string{"enable steam", "enable gamemode", "enable 32-bit graphics"}, hintHas: "gaming"},
		{text: "play windows games", sugs: []string{"enable steam", "enable gamemode", "enable 32-bit graphics"}, hintHas: "Proton"},
		{text: "set zram size to 50%", sugs: []string{"set zramSwap.memoryPercent to 50", "enable zram"}, hintHas: "zramSwap.memoryPercent"},
		{text: "remove german keyboard", sugs: []string{"what keyboard layout do i have", "set keyboard to us"}, hintHas: "one list"},
		{text: "disable root", sugs: []string{"disable root login over ssh"}, hintHas: "users.users.root.hashedPassword"},
		{text: "lock the root account", sugs: []string{"disable root login over ssh"}, hintHas: "sudo keeps working"},
		{text: "mute", sugs: []string{}, hintHas: "wpctl set-mute"},
		{text: "set volume to 50%", sugs: []string{}, hintHas: "wpctl set-volume"},
		// What is a request stays one.
		{text: "disable root login over ssh", want: opt("services.openssh.settings.PermitRootLogin", "no")},
		{text: "remove my keyboard layout", want: unset("services.xserver.xkb")},
		{text: "automatically update nixos", want: on("system.autoUpgrade.enable", "automatic updates")},
		{text: "keep my system updated automatically", want: on("system.autoUpgrade.enable", "automatic updates")},
		{text: "update my system automatically every week", want: merge("system.autoUpgrade", map[string]any{"enable": true, "dates": "weekly"})},
		{text: "enable virtualbox guest additions", want: on("virtualisation.virtualbox.guest.enable", "virtualbox guest additions")},
		{text: "enable virtualbox extension pack", want: intent.Join([]intent.Intent{on("virtualisation.virtualbox.host.enable", "virtualbox extension pack"),
			opt("virtualisation.virtualbox.host.enableExtensionPack", true)})},
		{text: "allow unfree packages", want: opt("nixpkgs.config.allowUnfree", true)},
		{text: "install hplip", want: inst("hplip")},
		{text: "enable redistributable firmware", want: opt("hardware.enableRedistributableFirmware", true)},
	})
}

// TestGroupsAndFlakesByName: a group said by its name alone ("add alice
// to docker") is a user's groups, never a package named alice; flakes
// asked about are shown, said alone offered.
func TestGroupsAndFlakesByName(t *testing.T) {
	checkReadings(t, []reading{
		{text: "add alice to docker", sugs: []string{}, hintHas: "users.users.alice.extraGroups = [ \"docker\" ]"},
		{text: "remove alice from wheel", sugs: []string{}, hintHas: "users.users.alice.extraGroups = [ \"wheel\" ]"},
		{text: "add me to the audio group", sugs: []string{}, hintHas: "users.users.<you>.extraGroups = [ \"audio\" ]"},
		{text: "add myself to video", sugs: []string{}, hintHas: "log in again"},
		{text: "add firefox to my system", want: inst("firefox")},
		{text: "are flakes enabled", want: intent.Intent{Kind: intent.ShowOption, Option: "nix.settings.experimental-features"}},
		{text: "do i have flakes enabled?", want: intent.Intent{Kind: intent.ShowOption, Option: "nix.settings.experimental-features"}},
		{text: "flakes", sugs: []string{"enable flakes", "are flakes enabled"}},
		{text: "enable flakes permanently", want: intent.Intent{Kind: intent.SetOption, Option: "nix.settings.experimental-features", Value: []any{"flakes", "nix-command"}, Change: intent.ChangeAdd}},
	})
}

// TestOtherDistributionsNames: Debian's and Ubuntu's package names are
// answered with NixOS's way ("install docker.io" was docker's attribute
// io); what is offered instead is a request ask-nix carries out.
func TestOtherDistributionsNames(t *testing.T) {
	checkReadings(t, []reading{
		{text: "install docker.io", sugs: []string{"enable docker"}, hintHas: "virtualisation.docker"},
		{text: "sudo apt install docker.io", sugs: []string{"enable docker"}, hintHas: "Debian's"},
		{text: "install openssh-server", sugs: []string{"enable ssh"}, hintHas: "services.openssh"},
		{text: "sudo apt-get install -y build-essential", sugs: []string{"install gcc and gnumake"}, hintHas: "compiler"},
		{text: "install python3-pip", sugs: []string{"install python3"}, hintHas: "venv"},
	})
	for name, instead := range parse.DistroInstead() {
		in, err := parse.Parse(instead)
		if err != nil || !in.Kind.Writes() {
			t.Errorf("%s: %q = %+v, %v; want a request that changes the system", name, instead, in, err)
		}
	}
}

// nvidiaSugs are the answer to NVIDIA's driver asked for without its
// kernel module: both modules, and unfree packages.
var nvidiaSugs = []string{"enable the open nvidia driver", "enable the closed nvidia driver", "allow unfree packages"}

// nvidiaDriver is the driver with the open (or closed) kernel module.
func nvidiaDriver(open bool) intent.Intent {
	return intent.Join([]intent.Intent{
		{Kind: intent.SetOption, Option: "services.xserver.videoDrivers", Value: "nvidia", Change: intent.ChangeAdd},
		{Kind: intent.SetOption, Option: "hardware.graphics.enable", Value: true},
		{Kind: intent.SetOption, Option: "hardware.nvidia.open", Value: open},
	})
}

// TestNvidiaDriver: NVIDIA's driver is videoDrivers, hardware.graphics
// and hardware.nvidia.open, which NixOS makes one choose by the card:
// said with the module, the three are written; without it, both are
// offered with what to add by hand (they said only "allow unfree
// packages", and "the NixOS manual's NVIDIA section").
func TestNvidiaDriver(t *testing.T) {
	checkReadings(t, []reading{
		{text: "enable nvidia drivers", sugs: nvidiaSugs, hintHas: `services.xserver.videoDrivers = [ "nvidia" ]; hardware.graphics.enable = true; and hardware.nvidia.open`},
		{text: "install nvidia drivers", sugs: nvidiaSugs, hintHas: "GeForce RTX 20xx"},
		{text: "use the nvidia driver", sugs: nvidiaSugs, hintHas: "`lspci | grep -i nvidia`"},
		{text: "use nvidia proprietary drivers", sugs: nvidiaSugs, hintHas: "unfree"},
		{text: "enable the open nvidia driver", want: nvidiaDriver(true)},
		{text: "install the open source nvidia drivers", want: nvidiaDriver(true)},
		{text: "enable the closed nvidia driver", want: nvidiaDriver(false)},
		{text: "install the legacy nvidia driver", want: nvidiaDriver(false)},
		// Off: where the driver is set, and how it goes; never how to
		// turn it on ("disable nvidia" suggested enabling it).
		{text: "disable nvidia", sugs: []string{"show option services.xserver.videoDrivers"}, hintHas: "nouveau"},
		{text: "turn off nvidia", sugs: []string{"show option services.xserver.videoDrivers"}, hintHas: "\"undo\""},
		{text: "remove nvidia drivers", sugs: []string{"show option services.xserver.videoDrivers"}, hintHas: "taken out of that list"},
		{text: "uninstall the nvidia driver", sugs: []string{"show option services.xserver.videoDrivers"}, hintHas: "services.xserver.videoDrivers lists"},
		{text: "install nvidia-settings", sugs: nvidiaSugs[:2], hintHas: "hardware.nvidia.nvidiaSettings"},
		{text: "install the nvidia settings app", sugs: nvidiaSugs[:2], hintHas: "comes with NVIDIA's driver"},
	})
	in, err := parse.Parse("enable the open nvidia driver")
	if err != nil || len(in.Notes) == 0 || !strings.Contains(in.Notes[0], `"allow unfree packages"`) {
		t.Errorf("Parse(enable the open nvidia driver) notes %q, %v; want the unfree licence said", in.Notes, err)
	}
}

// TestEmulation: other CPUs' programs are boot.binfmt.emulatedSystems,
// a list of system names ("enable binfmt for aarch64" suggested "enable
// binfmt", which is no request); "arm" is two of them, asked.
func TestEmulation(t *testing.T) {
	emulated := func(change intent.Change, v any) intent.Intent {
		return intent.Intent{Kind: intent.SetOption, Option: "boot.binfmt.emulatedSystems", Value: v, Change: change}
	}
	which := []string{"enable emulation of aarch64", "enable emulation of armv7l"}
	checkReadings(t, []reading{
		{text: "enable emulation of aarch64", want: emulated(intent.ChangeAdd, "aarch64-linux")},
		{text: "emulate arm64", want: emulated(intent.ChangeAdd, "aarch64-linux")},
		{text: "enable binfmt for aarch64", want: emulated(intent.ChangeAdd, "aarch64-linux")},
		{text: "emulate aarch64 and riscv64", want: emulated(intent.ChangeAdd, []any{"aarch64-linux", "riscv64-linux"})},
		{text: "enable emulation of armv7l", want: emulated(intent.ChangeAdd, "armv7l-linux")},
		{text: "stop emulating aarch64", want: emulated(intent.ChangeRemove, "aarch64-linux")},
		{text: "disable emulation of aarch64", want: emulated(intent.ChangeRemove, "aarch64-linux")},
		{text: "emulate arm", sugs: which, hintHas: "boot.binfmt.emulatedSystems"},
		{text: "enable binfmt", sugs: which, hintHas: "aarch64-linux (64-bit ARM"},
		{text: "enable qemu user emulation", sugs: which, hintHas: "QEMU"},
		{text: "install qemu", want: intent.Intent{Kind: intent.Install, Packages: []string{"qemu"}}},
	})
}

// TestSwapAndDrivers: "add swap" is swapDevices, not a package named swap
// (the index refused it, suggesting swappy); "32 bit support" is
// hardware.graphics.enable32Bit; AMD's drivers said with "drivers" are
// answered as "enable amdgpu" is.
func TestSwapAndDrivers(t *testing.T) {
	amd := []string{"enable graphics", "enable hardware.amdgpu.initrd"}
	checkReadings(t, []reading{
		{text: "add swap", sugs: []string{"enable zram"}, hintHas: "swapDevices"},
		{text: "install swap", sugs: []string{"enable zram"}, hintHas: "zramSwap.enable"},
		{text: "install swapspace", want: intent.Intent{Kind: intent.Install, Packages: []string{"swapspace"}}},
		{text: "enable 32 bit support", want: intent.Intent{Kind: intent.SetOption, Option: "hardware.graphics.enable32Bit", Value: true}},
		{text: "enable amd gpu drivers", sugs: amd, hintHas: "amdgpu"},
		{text: "enable amd drivers", sugs: amd, hintHas: "amdgpu"},
		{text: "enable radeon drivers", sugs: amd, hintHas: "amdgpu"},
	})
}

// TestMoreGoals: requests from forums that had no answer of their own:
// Caps Lock "enabled as" a key is the key it becomes; a shell installed
// "and made default" is the login shell; hardening and Steam's 32-bit
// drivers are answered with what does them.
func TestMoreGoals(t *testing.T) {
	caps := func(option string) intent.Intent {
		return intent.Intent{Kind: intent.SetOption, Option: "services.xserver.xkb.options", Value: option, Change: intent.ChangeAdd}
	}
	checkReadings(t, []reading{
		{text: "enable caps lock as escape", want: caps("caps:escape")},
		{text: "enable caps lock as control", want: caps("ctrl:nocaps")},
		{text: "install zsh and make it default", sugs: []string{"enable zsh"}, hintHas: "users.defaultUserShell = pkgs.zsh;"},
		{text: "install fish and make it my login shell", sugs: []string{"enable fish"}, hintHas: "users.defaultUserShell = pkgs.fish;"},
		{text: "harden my system", sugs: []string{"disable password login for ssh", "enable fail2ban", "enable apparmor"}, hintHas: "hardened.nix"},
		{text: "secure my server", sugs: []string{"disable password login for ssh", "enable fail2ban", "enable apparmor"}, hintHas: "no one switch"},
		{text: "enable 32 bit support for steam", sugs: []string{"enable steam", "enable 32-bit graphics"}, hintHas: "hardware.graphics.enable32Bit"},
	})
}

// TestDesktopGoals: binaries from elsewhere, USB drives mounted by
// themselves, the clock set by itself and Wi-Fi power saving are
// answered with what does them (they suggested "install firefox", a
// time zone, or nothing).
func TestDesktopGoals(t *testing.T) {
	checkReadings(t, []reading{
		{text: "run unpatched binaries", sugs: []string{"enable nix-ld", "enable appimage support"}, hintHas: "programs.nix-ld.libraries"},
		{text: "how do i run a downloaded binary", sugs: []string{"enable nix-ld", "enable appimage support"}, hintHas: "steam-run"},
		{text: "automount usb drives", sugs: []string{"enable udisks2", "enable gvfs"}, hintHas: "udisks2"},
		{text: "mount usb sticks automatically", sugs: []string{"enable udisks2", "enable gvfs"}, hintHas: "udisksctl mount"},
		{text: "set time automatically", sugs: []string{"is timesyncd enabled", "set timezone automatically"}, hintHas: "services.timesyncd"},
		{text: "disable wifi power saving", sugs: []string{"set networking.networkmanager.wifi.powersave to false"}, hintHas: "NetworkManager"},
		{text: "add nix-community cache", sugs: []string{}, hintHas: "substituter"},
	})
}

// TestServerGoals: an admin's words for servers and kernel settings.
// "enable dhcp server" set networking.useDHCP (this machine's own DHCP
// client); a DHCP or DNS server is one of several, a mail server several
// services; Let's Encrypt is ACME ("get a lets encrypt certificate" was
// a package named let); kernel modules and parameters, and the
// journal's size, are where ask-nix does not write.
func TestServerGoals(t *testing.T) {
	dhcp := []string{"enable services.kea.dhcp4", "enable dnsmasq"}
	acme := []string{"show option security.acme.acceptTerms"}
	checkReadings(t, []reading{
		{text: "enable dhcp server", sugs: dhcp, hintHas: "networking.useDHCP), which is not this"},
		{text: "set up a dhcp server", sugs: dhcp, hintHas: "Kea"},
		{text: "enable dhcpd", sugs: dhcp, hintHas: "dnsmasq"},
		{text: "enable dhcp", want: intent.Intent{Kind: intent.SetOption, Option: "networking.useDHCP", Value: true}},
		{text: "enable dns server", sugs: []string{"enable unbound", "enable dnsmasq", "enable services.adguardhome"}, hintHas: "port 53"},
		{text: "enable mail server", sugs: []string{}, hintHas: "simple-nixos-mailserver"},
		{text: "get a lets encrypt certificate", sugs: acme, hintHas: "ACME"},
		{text: "set up let's encrypt for nginx", sugs: acme, hintHas: "ACME"},
		{text: "blacklist nouveau", sugs: []string{}, hintHas: "boot.blacklistedKernelModules"},
		{text: "set kernel parameter quiet", sugs: []string{}, hintHas: "boot.kernelParams"},
		{text: "limit journal size to 1G", sugs: []string{}, hintHas: "SystemMaxUse"},
		{text: "the journal is too big", sugs: []string{}, hintHas: "journalctl --vacuum-size"},
	})
}

// TestUseStartsARequest: "and use ..." after a package list is a request
// of its own ("remove vim and use nano" removed packages named nano and
// use); a suggestion of a pronoun alone ("install it") is dropped.
func TestUseStartsARequest(t *testing.T) {
	checkReadings(t, []reading{
		{text: "remove vim and use nano", sugs: []string{"remove vim", "install nano"}, hintHas: "starts a request of its own"},
		{text: "install firefox and use it", sugs: []string{"install firefox"}, hintHas: "starts a request of its own"},
		{text: "install neovim and use it as default editor", sugs: []string{"install neovim", "use neovim as default editor"}},
	})
}

// TestConfigChecked: checking the configuration is building it without
// switching ("check my config for errors" and "dry run" suggested
// "install firefox").
func TestConfigChecked(t *testing.T) {
	check := []string{"build without switching", "test the configuration"}
	checkReadings(t, []reading{
		{text: "check my config for errors", sugs: check, hintHas: "`ask-nix status`"},
		{text: "validate my configuration", sugs: check, hintHas: "without changing the running system"},
		{text: "dry run", sugs: check, hintHas: "ask-nix --dry-run"},
		{text: "check if ssh is enabled", want: intent.Intent{Kind: intent.ShowOption, Option: "services.openssh.enable", Service: "ssh"}},
	})
}

// TestEditorReset: the default editor unset is NixOS's own, nano, as
// "make nano my default editor" gives it ("remove the default editor"
// removed a package named default; "unset the default editor" suggested
// a time zone).
func TestEditorReset(t *testing.T) {
	nano, err := parse.Parse("make nano my default editor")
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"unset the default editor", "reset my default editor", "remove the default editor", "remove $EDITOR"} {
		got, err := parse.Parse(text)
		if err != nil || got.Kind != nano.Kind || got.Option != nano.Option || len(got.And) != len(nano.And) {
			t.Errorf("Parse(%q) = %+v, %v; want as %+v", text, got, err, nano)
			continue
		}
		for i := range nano.And {
			if got.And[i].Option != nano.And[i].Option || got.And[i].Change != nano.And[i].Change {
				t.Errorf("Parse(%q) part %d = %+v; want %+v", text, i, got.And[i], nano.And[i])
			}
		}
	}
	if _, err := parse.Parse("remove the editor"); err == nil {
		t.Errorf(`Parse("remove the editor") understood; want not understood (which editor?)`)
	}
}

// TestOtherPackageManagers: Snap, the AUR, Homebrew and .deb files
// asked for are answered with nixpkgs and Flatpak ("install snap" was
// refused with snap7 offered; "enable aur" named nothing).
func TestOtherPackageManagers(t *testing.T) {
	other := []string{"search firefox", "enable flatpak"}
	checkReadings(t, []reading{
		{text: "install snap", sugs: other, hintHas: "Snap itself does not run on NixOS"},
		{text: "enable aur", sugs: other, hintHas: "nixpkgs"},
		{text: "install from aur", sugs: other, hintHas: "nixpkgs"},
		{text: "install homebrew", sugs: other, hintHas: "nixpkgs"},
		{text: "install a .deb package", sugs: other, hintHas: "enable nix-ld"},
		{text: "install rpm", want: intent.Intent{Kind: intent.Install, Packages: []string{"rpm"}}},
		{text: "brew install htop", want: intent.Intent{Kind: intent.Install, Packages: []string{"htop"}}},
	})
}

// TestDevLanguage: a language to develop in is its tools installed, or a
// shell per project ("i want to develop in rust" suggested "install
// firefox").
func TestDevLanguage(t *testing.T) {
	checkReadings(t, []reading{
		{text: "i want to develop in rust", sugs: []string{"install rustc and cargo", "enable direnv"}, hintHas: "nix develop"},
		{text: "set up a python development environment", sugs: []string{"install python3", "enable direnv"}, hintHas: "shell.nix"},
		{text: "programming in go", sugs: []string{"install go", "enable direnv"}, hintHas: "direnv"},
		{text: "i want to learn c++", sugs: []string{"install gcc and gnumake", "enable direnv"}, hintHas: "direnv"},
		{text: "search code editor", want: intent.Intent{Kind: intent.Search, Query: "code editor"}},
	})
}

// TestWaylandAppsAndFonts: Electron programs on Wayland are
// NIXOS_OZONE_WL; Microsoft's fonts are corefonts ("install ms core
// fonts" was a package named ms); emoji are a font.
func TestWaylandAppsAndFonts(t *testing.T) {
	ozone := []string{"set environment.sessionVariables.NIXOS_OZONE_WL to 1"}
	emoji := []string{"install noto-fonts-color-emoji", "install twemoji-color-font"}
	checkReadings(t, []reading{
		{text: "enable wayland for electron apps", sugs: ozone, hintHas: "after the next login"},
		{text: "set NIXOS_OZONE_WL", sugs: ozone, hintHas: "Electron"},
		{text: "install ms core fonts", sugs: []string{"install corefonts"}, hintHas: "unfree"},
		{text: "install microsoft fonts", sugs: []string{"install corefonts"}, hintHas: "Arial"},
		{text: "enable emoji", sugs: emoji, hintHas: "a font"},
		{text: "install emoji font", sugs: emoji, hintHas: "a font"},
		{text: "install emoji fonts", sugs: emoji, hintHas: "a font"},
		{text: "install corefonts", want: intent.Intent{Kind: intent.Install, Packages: []string{"corefonts"}}},
	})
}
