package parse

import (
	"slices"
	"strings"

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
	if nu := languageAnswer(text, ts); nu != nil {
		return nu
	}
	if nu := slowness(text, ts); nu != nil {
		return nu
	}
	if nu := devLanguage(text, ts); nu != nil {
		return nu
	}
	enabling := prefix(ts, enableLead) > 0 || ts[0].w == "make" || ts[0].w == "allow" || ts[0].w == "improve" ||
		ts[0].w == "save" || ts[0].w == "get" || ts[0].w == "extend" || ts[0].w == "i" || ts[0].w == "want" ||
		ts[0].w == "better" || ts[0].w == "longer" || ts[0].w == "more" // "better battery life"
	switch {
	case (has(ts, "google") && has(ts, "drive") || has(ts, "gdrive", "googledrive", "google-drive")) && !has(ts, "search", "remove", "uninstall", "disable") && len(ts) <= 9:
		// "mount google drive" was answered about disks, "install
		// google drive" looked for a package named google.
		a := serviceAsked["googledrive"]
		return &intent.NotUnderstood{Request: text, Suggestions: a.ss, Hint: a.why}
	case (has(ts, "cache", "caches", "cachix", "substituter", "substituters") || has(ts, "binary") && has(ts, "cache", "caches")) &&
		(ts[0].w == "use" || ts[0].w == "enable" || ts[0].w == "add" || ts[0].w == "trust" || ts[0].w == "set" || ts[0].w == "configure") &&
		!has(ts, "install", "search", "remove", "uninstall", "clear", "clean", "delete", "size", "nscd", "dns", "fontconfig", "font", "fonts", "agent", "watch-store") && len(ts) <= 8:
		// "use nix-community cache" suggested "install firefox".
		return &intent.NotUnderstood{Request: text, Hint: substituterHint + "; nothing was changed"}
	case has(ts, "builder", "builders", "build", "builds", "building", "compile", "compiling") && has(ts, "remote", "distributed", "other", "another", "offload", "server") &&
		!has(ts, "install", "search", "remove", "uninstall", "rebuild", "switch", "apply", "cache", "caches", "substituter", "cores", "jobs") && prefix(ts, disableLead) == 0 && len(ts) <= 10:
		// "use remote builders", "i want to build on my other machine"
		// suggested "install firefox" or "apply".
		a := serviceAsked["distributedbuilds"]
		return &intent.NotUnderstood{Request: text, Suggestions: a.ss, Hint: a.why}
	case has(ts, "passthrough", "pass-through", "iommu", "vfio", "vfio-pci") && !has(ts, "install", "search", "remove", "uninstall") && len(ts) <= 8:
		// "enable gpu passthrough" named no service.
		if has(ts, "usb") {
			return &intent.NotUnderstood{Request: text,
				Suggestions: []intent.Suggestion{sug(intent.SetOption, "set virtualisation.spiceUSBRedirection.enable to true")},
				Hint:        "passing USB devices to a virtual machine over SPICE (virt-manager's \"Redirect USB device\") needs virtualisation.spiceUSBRedirection.enable, which lets users hand devices over; a device given to the machine for good is its libvirt definition's; nothing was changed"}
		}
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable libvirt")},
			Hint: "passing a PCI device (a GPU) to a virtual machine needs the IOMMU on and the device bound to vfio-pci: the kernel's words intel_iommu=on (or amd_iommu=on) and vfio-pci.ids=<vendor:device,...> in boot.kernelParams, and the vfio modules in boot.initrd.kernelModules, lists ask-nix does not write; " +
				"with libvirt (\"enable libvirt\") the device is then added to the machine in virt-manager; `lspci -nn` gives the ids; nothing was changed"}
	case has(ts, "nested") && has(ts, "virtualization", "virtualisation", "kvm", "vms", "virtual") && len(ts) <= 6:
		// "enable nested virtualization" named no service.
		return &intent.NotUnderstood{Request: text,
			Hint: "nested virtualization is an option of the kvm_intel or kvm_amd kernel module: boot.extraModprobeConfig = \"options kvm_intel nested=1\"; (kvm_amd for AMD) in configuration.nix, which ask-nix does not write, then a reboot; `cat /sys/module/kvm_intel/parameters/nested` shows it; nothing was changed"}
	case has(ts, "/tmp", "tmp", "/tmp/") && !has(ts, "install", "search", "remove", "uninstall") && len(ts) <= 8 &&
		(has(ts, "tmpfs", "ram", "memory") || has(ts, "clean", "clear", "empty", "wipe", "delete", "cleaned", "cleared", "emptied", "wiped", "deleted") && has(ts, "boot", "reboot", "startup", "restart")):
		// "clean /tmp on boot" was offered Plymouth (a quiet boot),
		// "enable tmpfs for /tmp" a service named tmpfs.
		if has(ts, "tmpfs", "ram", "memory") {
			return &intent.NotUnderstood{Request: text,
				Suggestions: []intent.Suggestion{sug(intent.SetOption, "set boot.tmp.useTmpfs to true")},
				Hint:        "/tmp in memory is boot.tmp.useTmpfs (\"set boot.tmp.useTmpfs to true\"), sized by boot.tmp.tmpfsSize (half the memory by default); it starts empty at every boot; nothing was changed"}
		}
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "set boot.tmp.cleanOnBoot to true")},
			Hint:        "emptying /tmp at every boot is boot.tmp.cleanOnBoot (\"set boot.tmp.cleanOnBoot to true\"); nothing was changed"}
	case quietBootAsked(ts):
		// "quiet boot", "hide boot messages" suggested "install firefox".
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable plymouth"), sug(intent.SetOption, "set boot.initrd.verbose to false")},
			Hint:        "a quiet boot is several settings: the kernel's words \"quiet\" and \"splash\" in boot.kernelParams (a list ask-nix does not write), boot.consoleLogLevel = 0, boot.initrd.verbose = false (\"set boot.initrd.verbose to false\"), and a splash screen over the rest from Plymouth (\"enable plymouth\"); nothing was changed"}
	case themeAsked(ts):
		// "change the theme" suggested "install firefox", "install a
		// gtk theme" a package named gtk.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Search, "search gtk theme"), sug(intent.Search, "search icon theme")},
			Hint:        "the look of apps and the desktop is each user's setting: GNOME: GNOME Tweaks > Appearance (\"install gnome-tweaks\"); KDE Plasma: System Settings > Colors & Themes; a window manager: nwg-look or lxappearance for GTK, qt6ct for Qt; themes are packages (`ask-nix search gtk theme`, `ask-nix search icon theme`) the setting then picks; dark mode likewise (\"enable dark mode\" says where); nothing was changed"}
	case openFilesAsked(ts):
		// "increase the number of open files" suggested "open port
		// 443"; "raise ulimit" suggested "install firefox".
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ShowOption, "show option security.pam.loginLimits")},
			Hint:        openFilesHint}
	case beepAsked(ts):
		// "turn off the annoying beep" named no service.
		return &intent.NotUnderstood{Request: text, Hint: beepHint}
	case has(ts, "harden", "hardening", "hardened", "secure", "security") && has(ts, "system", "nixos", "machine", "computer", "server", "laptop", "my", "it") &&
		only("harden", "hardening", "hardened", "secure", "security", "system", "nixos", "machine", "computer", "server", "laptop", "more", "better", "improve", "increase", "make", "setup", "up"):
		// "harden my system" suggested "show system info".
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "disable password login for ssh"), sug(intent.EnableService, "enable fail2ban"), sug(intent.EnableService, "enable apparmor")},
			Hint: "NixOS has no one switch for hardening: its firewall is on unless turned off (\"which ports are open\" lists what your configuration opens), SSH is safer with keys only (\"disable password login for ssh\") and fail2ban, and AppArmor confines programs that ship profiles; " +
				"nixpkgs' hardened profile (imports = [ <nixpkgs/nixos/modules/profiles/hardened.nix> ]; in configuration.nix) changes many kernel and memory settings at once, and can break programs; nothing was changed"}
	case has(ts, "binaries", "binary", "executables", "executable", "unpatched", "precompiled", "prebuilt", "pre-built") && has(ts, "run", "running", "execute", "start", "launch", "use", "unpatched") &&
		!has(ts, "install", "search", "remove", "appimage", "appimages", "cache", "caches", "substituter") && len(ts) <= 8:
		// "run unpatched binaries" suggested "install firefox".
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable nix-ld"), sug(intent.EnableService, "enable appimage support")},
			Hint: "programs built for other Linux systems look for their libraries and loader in /lib, which NixOS does not have: \"enable nix-ld\" (programs.nix-ld.enable) gives them a loader, with the libraries they need in programs.nix-ld.libraries (a list of packages, in configuration.nix); " +
				"AppImages run with \"enable appimage support\", and `steam-run ./program` runs many others without any setting; nothing was changed"}
	case has(ts, "automount", "auto-mount", "automounting") && has(ts, "usb", "drive", "drives", "stick", "sticks", "disk", "disks", "external", "removable") ||
		has(ts, "mount", "mounting") && has(ts, "automatically", "automatic", "auto") && has(ts, "usb", "stick", "sticks", "removable", "external"):
		// "automount usb drives" suggested "install firefox".
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable udisks2"), sug(intent.EnableService, "enable gvfs")},
			Hint: "USB drives are mounted when plugged in by the desktop, through udisks2: GNOME, KDE Plasma and Xfce do it by themselves; elsewhere \"enable udisks2\" (services.udisks2.enable) with a mounter you start in your session (udiskie), " +
				"and \"enable gvfs\" for file managers such as Thunar and Nautilus outside their desktops; `udisksctl mount -b /dev/sdX1` mounts one now; nothing was changed"}
	case ts[0].w == "set" && has(ts, "time", "clock") && has(ts, "automatically", "automatic", "auto") && !has(ts, "zone", "timezone", "time-zone", "sync", "update", "updates", "upgrade", "gc", "garbage") && len(ts) <= 6:
		// "set time automatically" suggested a time zone.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ShowOption, "is timesyncd enabled"), sug(intent.SetOption, "set timezone automatically")},
			Hint:        "NixOS sets the clock from the network by itself (services.timesyncd, on unless another time daemon is: \"is timesyncd enabled\" shows it, `timedatectl` shows whether the clock is synchronised); the time zone is another setting, which \"set timezone automatically\" has follow where you are; nothing was changed"}
	case has(ts, "wifi", "wi-fi", "wireless", "wlan") && has(ts, "power", "powersave", "powersaving", "power-saving") && (ts[0].w == "disable" || ts[0].w == "turn" || ts[0].w == "stop" || ts[0].w == "no") && len(ts) <= 8:
		// "disable wifi power saving" named no service.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "set networking.networkmanager.wifi.powersave to false")},
			Hint:        "with NetworkManager, Wi-Fi power saving is networking.networkmanager.wifi.powersave (unset, NetworkManager's own default: on): \"set networking.networkmanager.wifi.powersave to false\" turns it off, which often cures a connection that drops or lags; nothing was changed"}
	case has(ts, "journal", "journald", "logs", "log") && has(ts, "size", "limit", "max", "maximum", "big", "large", "space", "smaller", "shrink") &&
		!has(ts, "show", "how", "what", "clean", "vacuum", "delete") && len(ts) <= 9:
		// "limit journal size to 1G" suggested "install firefox".
		return &intent.NotUnderstood{Request: text,
			Hint: "the journal's size is journald's SystemMaxUse, set in configuration.nix as services.journald.extraConfig = \"SystemMaxUse=1G\"; (a string of journald.conf lines, which ask-nix does not write); by default it takes up to 10% of its file system, at most 4 GiB; " +
				"`journalctl --disk-usage` shows what it takes now, and `sudo journalctl --vacuum-size=500M` shrinks it once; nothing was changed"}
	case has(ts, "encrypt", "encrypted", "encrypting") && has(ts, "disk", "disks", "drive", "drives", "ssd", "partition", "partitions", "home", "system", "laptop", "root", "data", "computer") &&
		!has(ts, "install", "search", "dns", "backup", "backups", "password", "passwords", "email", "files", "file") && len(ts) <= 8:
		// "encrypt my disk" suggested "install firefox".
		return &intent.NotUnderstood{Request: text, Hint: encryptionHint}
	case has(ts, "disk", "disks", "drive", "drives", "ssd", "ssds", "hdd", "nvme", "harddrive") && has(ts, "health", "healthy", "smart", "failing", "dying", "errors", "lifetime", "wear") &&
		!has(ts, "install", "search", "enable", "disable") && len(ts) <= 8:
		// "check disk health", "is my ssd healthy" suggested "install
		// firefox" or "is ssh enabled".
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable smartd"), sug(intent.Install, "install smartmontools")},
			Hint:        "a disk's health is its SMART data: `sudo smartctl -a /dev/sda` (`/dev/nvme0` for an NVMe drive) shows it now, from smartmontools (\"install smartmontools\"); \"enable smartd\" (services.smartd) watches every disk and logs when one starts failing; nothing was changed"}
	case journalCleanAsked(ts):
		// "clean journal logs" suggested "clean up old generations,
		// keep 5", "vacuum the journal" "install firefox".
		return &intent.NotUnderstood{Request: text,
			Hint: "journald deletes its oldest entries by itself within its limit (SystemMaxUse: 10% of its file system, at most 4 GiB, by default); `sudo journalctl --vacuum-time=2weeks` or `sudo journalctl --vacuum-size=500M` deletes older ones now, and services.journald.extraConfig = \"SystemMaxUse=500M\"; " +
				"(journald.conf lines, which ask-nix does not write) keeps it smaller for good; collecting garbage frees the Nix store, not the logs; nothing was changed"}
	case (ts[0].w == "blacklist" || ts[0].w == "blocklist" || ts[0].w == "denylist") && len(ts) >= 2 && len(ts) <= 6:
		// "blacklist nouveau" suggested "install firefox".
		return &intent.NotUnderstood{Request: text, Hint: kernelModulesHint}
	case (ts[0].w == "set" || ts[0].w == "add" || ts[0].w == "use") && has(ts, "kernel", "boot") && has(ts, "parameter", "parameters", "param", "params", "cmdline", "argument", "arguments", "option", "options") &&
		!has(ts, "sysctl") && len(ts) <= 7:
		// "set kernel parameter quiet" suggested a time zone.
		return &intent.NotUnderstood{Request: text,
			Hint: "kernel parameters are boot.kernelParams, a list ask-nix does not edit yet: add them by hand in configuration.nix (boot.kernelParams = [ \"quiet\" ];), then rebuild and reboot; a sysctl setting (vm.swappiness) is boot.kernel.sysctl instead (\"set swappiness to 10\"); nothing was changed"}
	case (has(ts, "check", "validate", "verify", "lint") && has(ts, "config", "configuration", "nixos") && !has(ts, "store", "generation", "generations", "enabled", "installed", "set")) ||
		len(ts) <= 3 && has(ts, "dry", "dry-run", "dryrun") && !has(ts, "install", "remove", "enable", "disable", "update"):
		// "check my config for errors", "dry run" suggested "install firefox".
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Apply, "build without switching"), sug(intent.Apply, "test the configuration")},
			Hint: "\"build without switching\" evaluates and builds the configuration (the errors show there, and in `ask-nix status`) without changing the running system; \"test the configuration\" also activates it until the next reboot; " +
				"a request shown and not carried out is `ask-nix --dry-run \"<request>\"` (or `ask-nix explain \"<request>\"`); nothing was changed"}
	case len(ts) <= 6 && (ts[0].lem == "install" || ts[0].lem == "enable" || ts[0].w == "use" || ts[0].w == "add" || ts[0].w == "get") &&
		has(ts, "snap", "snapd", "snaps", "snapcraft", "aur", "yay", "homebrew", "winget", "chocolatey", "deb", ".deb", "rpm-file", ".rpm") &&
		!has(ts, "and", "nix", "rpm"):
		// "install snap", "enable aur", "install a .deb package": other
		// systems' package managers, read as package names.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Search, "search firefox"), sug(intent.EnableService, "enable flatpak")},
			Hint:        "NixOS installs from nixpkgs, which has most of what Snap, the AUR, Homebrew or a .deb offer: \"search <name>\" finds it, and \"install <name>\" adds it; Flatpak apps work once \"enable flatpak\" is on, AppImages with \"enable appimage support\", and a program built for other Linux systems runs with \"enable nix-ld\" or in a distrobox; Snap itself does not run on NixOS; nothing was changed"}
	case has(ts, "nixos_ozone_wl", "ozone") || has(ts, "wayland") && has(ts, "electron", "chromium", "chrome", "vscode", "discord", "slack", "obsidian"):
		// "enable wayland for electron apps" suggested "enable wayland".
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "set environment.sessionVariables.NIXOS_OZONE_WL to 1")},
			Hint:        "nixpkgs' Electron and Chromium programs (VS Code, Discord, Slack, Chromium) run as Wayland programs when NIXOS_OZONE_WL is set in the session: \"set environment.sessionVariables.NIXOS_OZONE_WL to 1\" sets it for every user, after the next login; nothing was changed"}
	case has(ts, "font", "fonts") && has(ts, "microsoft", "ms", "windows", "corefonts", "arial", "times"):
		// "install ms core fonts" was a package named ms.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Install, "install corefonts")},
			Hint:        "Microsoft's core fonts (Arial, Times New Roman, Verdana, ...) are nixpkgs' corefonts, which is unfree (\"allow unfree packages\"); installed, fonts are found by programs after they restart; nothing was changed"}
	case has(ts, "emoji", "emojis") && !has(ts, "picker", "keyboard", "search") && len(ts) <= 6:
		// "enable emoji", "install emoji font"
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Install, "install noto-fonts-color-emoji"), sug(intent.Install, "install twemoji-color-font")},
			Hint:        "emoji are a font: \"install noto-fonts-color-emoji\" (Google's) or \"install twemoji-color-font\" (Twitter's); programs use it once restarted; nothing was changed"}
	case has(ts, "nvidia-settings") || has(ts, "nvidia") && has(ts, "settings", "panel") && !has(ts, "set"):
		// "install nvidia-settings" was refused: no such top-level package.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "enable the open nvidia driver"), sug(intent.SetOption, "enable the closed nvidia driver")},
			Hint:        "nvidia-settings comes with NVIDIA's driver: NixOS installs it with the driver while hardware.nvidia.nvidiaSettings is true (its default), so it is there once the driver is (\"enable the open nvidia driver\" or, for cards older than Turing, \"enable the closed nvidia driver\"); nothing was changed"}
	case has(ts, "encrypt") && has(ts, "let", "lets", "let's") || has(ts, "letsencrypt", "let's-encrypt", "lets-encrypt"):
		// "get a lets encrypt certificate" was a package named let.
		a := serviceAsked["letsencrypt"]
		return &intent.NotUnderstood{Request: text, Suggestions: a.ss, Hint: a.why}
	case has(ts, "32", "32-bit", "32bit") && has(ts, "steam") && enabling:
		// "enable 32 bit support for steam" named nothing.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable steam"), sug(intent.SetOption, "enable 32-bit graphics")},
			Hint:        "\"enable steam\" (programs.steam.enable) turns on the 32-bit graphics drivers Steam needs by itself (hardware.graphics.enable32Bit); \"enable 32-bit graphics\" turns them on alone, for Wine or other 32-bit programs; nothing was changed"}
	case (ts[0].lem == "update" || ts[0].lem == "upgrade" || ts[0].w == "flash" || ts[0].w == "check") &&
		has(ts, "firmware", "bios", "uefi") && !has(ts, "redistributable", "all", "nonfree", "non-free", "unfree", "wifi", "linux-firmware") &&
		only("update", "upgrade", "updates", "firmware", "bios", "uefi", "flash", "check", "device", "devices", "fwupd", "new", "system", "laptop", "motherboard"):
		// "update firmware" said NixOS updates no package alone.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable fwupd")},
			Hint: "firmware (BIOS or UEFI, SSDs, docks, some peripherals) is updated by fwupd from what vendors publish on LVFS: \"enable fwupd\" (services.fwupd.enable) turns on its service, then `fwupdmgr refresh` and `fwupdmgr update` install the updates (some at the next reboot); " +
				"CPU microcode comes with the system instead (\"enable intel microcode\", \"enable amd microcode\"); nothing was changed"}
	case (ts[0].w == "run" || ts[0].w == "open" || ts[0].w == "launch" || ts[0].w == "execute" || ts[0].w == "start" || ts[0].w == "use" || ts[0].w == "i" || ts[0].w == "can") && has(ts, "appimage", "appimages") &&
		only("run", "open", "launch", "execute", "start", "use", "can", "not", "cannot", "appimage", "appimages", "file", "files", "directly", "double-click", "click", "how", "do"):
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable appimage support"), sug(intent.SetOption, "set programs.appimage.binfmt to true")},
			Hint:        "NixOS runs AppImages through appimage-run, which gives them the libraries they expect: \"enable appimage support\" (programs.appimage.enable) installs it (`appimage-run ./file.AppImage`), and with it on, programs.appimage.binfmt also starts them directly (./file.AppImage or a double-click); nothing was changed"}
	case (ts[0].w == "share" || ts[0].w == "sharing") && !has(ts, "samba", "smb", "cifs", "nfs", "screen", "desktop", "printer", "printers", "internet", "connection", "wifi", "hotspot") &&
		has(ts, "folder", "folders", "directory", "directories", "dir", "files", "file", "drive", "disk", "home", "documents", "media", "music", "photos", "videos"):
		a := serviceAsked["filesharing"]
		return &intent.NotUnderstood{Request: text, Suggestions: a.ss, Hint: a.why}
	case ts[0].lem != "install" && !has(ts, "and", "then") && has(ts, "default", "standard", "preferred") && has(ts, "browser", "terminal", "pdf", "mail", "email", "file", "image", "video", "music", "player", "viewer", "app", "application", "manager") &&
		!has(ts, "editor", "shell", "locale", "layout", "keyboard", "timezone", "gateway", "route", "session", "desktop", "boot", "generation", "kernel"):
		// "set firefox as default browser" suggested a time zone.
		return &intent.NotUnderstood{Request: text,
			Hint: "the program that opens links, files or mail by default is each user's choice, set in your desktop's settings (GNOME: Settings > Default Applications; KDE: Default Applications) or with `xdg-settings set default-web-browser firefox.desktop` and `xdg-mime default <app>.desktop <mime type>`: no NixOS setting ask-nix writes; the default text editor is \"make vim my default editor\"; nothing was changed"}
	case has(ts, "/boot", "boot") && has(ts, "space", "room") && (ts[0].w == "free" || ts[0].w == "make" || ts[0].w == "clear" || ts[0].w == "clean" || ts[0].w == "get" || ts[0].w == "need" || ts[0].w == "i"):
		// "free space on /boot" suggested "enable ssh".
		return &intent.NotUnderstood{Request: text, Suggestions: diskTrouble.ss, Hint: diskTrouble.why}
	case has(ts, "power") && has(ts, "button", "key", "switch") && !has(ts, "install", "search", "remove") && len(ts) <= 10:
		// "ignore power button" suggested "install firefox".
		return powerButton(text, ts)
	case has(ts, "brightness", "backlight") && !has(ts, "install", "search", "remove", "uninstall") && len(ts) <= 8:
		// "set brightness" suggested a time zone.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable programs.light")},
			Hint:        "the screen's brightness is set while the system runs: your desktop's slider or brightness keys, or `brightnessctl set 50%`; for a user without root to change it from a window manager, \"enable programs.light\" installs light with the udev rules that allow it; nothing was changed"}
	case has(ts, "unfree", "nonfree", "non-free") && (has(ts, "error", "license", "licence", "refused", "failed", "fails", "because", "is", "says") || ts[0].w == "why") &&
		ts[0].w != "allow" && ts[0].w != "enable" && ts[0].w != "permit" && ts[0].w != "disable" && ts[0].w != "disallow":
		// "error: package spotify has an unfree license" suggested
		// "search firefox".
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "allow unfree packages")},
			Hint:        "Nix refuses a package whose license is not free until unfree packages are allowed: \"allow unfree packages\" sets nixpkgs.config.allowUnfree (one package at a time is nixpkgs.config.allowUnfreePredicate, which ask-nix does not write); then say the install again; nothing was changed"}
	case has(ts, "attribute") && has(ts, "missing", "undefined", "found") && len(ts) <= 8:
		// "error: attribute 'firefox' missing": a name nixpkgs lacks.
		nu := &intent.NotUnderstood{Request: text,
			Hint: "Nix found no attribute of that name in nixpkgs (or in the set named before the dot): the name was misspelt, renamed, or is under a set (python3Packages.requests); `ask-nix search <name>` finds the name nixpkgs uses; nothing was changed"}
		for _, t := range ts {
			if t.quoted && isPackageLike(t.raw) {
				nu.Suggestions = []intent.Suggestion{sug(intent.Search, "search "+t.raw)}
				break
			}
		}
		return nu
	case (ts[0].w == "keep" || ts[0].w == "only") && has(ts, "generation", "generations") && has(ts, "automatically", "auto", "always", "every", "daily", "weekly", "monthly") &&
		slices.ContainsFunc(ts, isNumeric):
		// "keep 10 generations automatically" suggested switching to
		// generation 12: automatic gc deletes by age, never by count.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "auto delete generations older than 30 days"), sug(intent.GC, "keep the last 10 generations")},
			Hint:        "NixOS's automatic garbage collection (nix.gc) deletes generations by age, not by count: \"auto delete generations older than 30 days\" sets it up; \"keep the last 10 generations\" deletes the others once, now; how many the boot menu lists is the boot loader's configurationLimit; nothing was changed"}
	case has(ts, "tailscale", "tailscale0") && (has(ts, "login", "log", "connect", "sign", "auth", "authenticate", "exit", "ssh", "trust", "trusted", "interface") ||
		slices.ContainsFunc(ts[1:], func(t token) bool { return t.w == "up" }) && ts[0].w == "tailscale") &&
		!has(ts, "port", "ports", "firewall", "disable", "remove", "uninstall") && len(ts) <= 8:
		// "tailscale up" and "install tailscale and log in" suggested
		// "install firefox" and a package named log.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable tailscale")},
			Hint: "Tailscale runs once \"enable tailscale\" (services.tailscale.enable) is applied; you join your tailnet with `sudo tailscale up` (it prints a login link; services.tailscale.authKeyFile logs in unattended), and its features are flags of that command: `--ssh` for Tailscale SSH, `--advertise-exit-node` for an exit node, which also needs services.tailscale.useRoutingFeatures = \"server\"; " +
				"trusting its interface is networking.firewall.trustedInterfaces = [ \"tailscale0\" ];, in configuration.nix; nothing was changed"}
	case (ts[0].w == "make" || ts[0].w == "set" || ts[0].w == "use") && has(ts, browserNames...) && has(ts, "default", "browser") && !has(ts, "install", "and", "then"):
		// "set firefox as default" suggested a time zone.
		return &intent.NotUnderstood{Request: text,
			Hint: "the program that opens links by default is each user's choice, set in your desktop's settings (GNOME: Settings > Default Applications; KDE: Default Applications) or with `xdg-settings set default-web-browser firefox.desktop`: no NixOS setting ask-nix writes; nothing was changed"}
	case clockZone(ts) != "":
		// "set time to berlin" named an unknown setting "time", "use
		// berlin time" suggested "install firefox".
		zone := clockZone(ts)
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "set timezone to "+zone)},
			Hint:        "the clock's hour follows the time zone, time.timeZone: say \"set timezone to " + zone + "\" (ask-nix checks the name against the zone database); the time itself comes from the network (timesyncd); nothing was changed"}
	case has(ts, "hosts", "/etc/hosts", "hostsfile") && !has(ts, "install", "search", "remove", "uninstall") && len(ts) <= 10:
		// "add 192.168.1.10 myserver to hosts" suggested installing
		// packages named 192.168.1.10 and myserver.
		return &intent.NotUnderstood{Request: text,
			Hint: "/etc/hosts is made from networking.hosts (networking.hosts.\"192.168.1.10\" = [ \"myserver\" ];) and networking.extraHosts, in configuration.nix, which ask-nix does not write; it is rebuilt on every switch, so editing the file itself does not last; " +
				"a blocklist as the hosts file is networking.stevenblack.enable; nothing was changed"}
	case (ts[0].w == "which" || ts[0].w == "what") && has(ts, "desktop", "de", "wm", "session", "compositor") &&
		has(ts, "using", "running", "use", "run", "have", "got", "on") && len(ts) <= 8:
		// "which desktop am i using" suggested "install firefox".
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ShowOption, "is gnome enabled"), sug(intent.ShowOption, "is plasma enabled")},
			Hint:        "`echo $XDG_CURRENT_DESKTOP` names the desktop of the session you are in (and `echo $XDG_SESSION_TYPE` whether it is Wayland or X11); \"is gnome enabled\" shows whether the configuration turns one on; nothing was changed"}
	case has(ts, "trusted", "trust") && has(ts, "user", "users", "me", "my", "myself") && len(ts) <= 8 && !has(ts, "key", "keys", "certificate", "cert", "ca"):
		// "trust my user for nix" suggested "install firefox".
		return &intent.NotUnderstood{Request: text,
			Hint: "a trusted Nix user is nix.settings.trusted-users, which ask-nix does not edit yet: add the name there by hand in configuration.nix (nix.settings.trusted-users = [ \"root\" \"alice\" ];); a trusted user can make the Nix daemon use any binary cache, which is as good as root; nothing was changed"}
	case (ts[0].w == "connect" || ts[0].w == "join") && has(ts, "vpn", "vpns") && len(ts) <= 6:
		// "connect to vpn" suggested "install firefox".
		a := serviceAsked["vpn"]
		return &intent.NotUnderstood{Request: text, Suggestions: a.ss, Hint: a.why}
	case has(ts, "cores", "cpus", "threads", "cpu") && has(ts, "build", "builds", "building", "compile", "compiling", "nix", "rebuild", "rebuilds") &&
		!has(ts, "governor", "install", "search", "remove", "set") && !slices.ContainsFunc(ts, isNumeric) && len(ts) <= 9:
		// "use all cores for builds" suggested "install firefox".
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "set max-jobs to auto")},
			Hint:        "Nix builds nix.settings.max-jobs derivations at once (\"set max-jobs to auto\": one per CPU) and gives each nix.settings.cores threads (0, the default, is all of them): the defaults already use every core for a big build; nothing was changed"}
	case has(ts, "tearing", "vsync", "v-sync", "tear", "tears") && !has(ts, "install", "search", "remove", "uninstall") && len(ts) <= 9:
		// "fix screen tearing" suggested "install firefox"; "enable
		// vsync" NVIDIA's PRIME sync.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "set hardware.nvidia.forceFullCompositionPipeline to true"), sug(intent.SetOption, "set services.picom.vSync to true")},
			Hint: "screen tearing is X11's: a Wayland session (GNOME's and Plasma's default) does not tear; under X11, NVIDIA's driver has hardware.nvidia.forceFullCompositionPipeline (\"set hardware.nvidia.forceFullCompositionPipeline to true\"), Intel and AMD the TearFree option of their driver (services.xserver.deviceSection, driver text ask-nix does not write), " +
				"and a window manager without a compositor gets one from picom with vsync (services.picom.enable and services.picom.vSync); nothing was changed"}
	case has(ts, "hdr", "vrr", "freesync", "free-sync", "gsync", "g-sync", "adaptive-sync", "adaptivesync") || has(ts, "variable") && has(ts, "refresh"):
		// "enable hdr", "enable freesync" suggested services.vdr.
		return &intent.NotUnderstood{Request: text,
			Hint: "HDR and variable refresh (VRR: FreeSync, G-Sync, Adaptive-Sync) are the compositor's, per screen, with no NixOS switch: KDE Plasma 6 has both in System Settings > Display Configuration, GNOME has VRR as an experimental feature (`gsettings set org.gnome.mutter experimental-features \"['variable-refresh-rate']\"`), " +
				"sway and Hyprland in their own configuration (adaptive_sync, vrr), and gamescope runs one game with HDR (`gamescope --hdr-enabled`); nothing was changed"}
	case has(ts, "cursor", "cursors", "pointer") && has(ts, "size", "bigger", "smaller", "larger", "theme", "themes", "big", "small", "large") && !has(ts, "install", "search", "remove", "uninstall") && len(ts) <= 8:
		// "set cursor size" suggested a time zone.
		return &intent.NotUnderstood{Request: text,
			Hint: "the mouse cursor's size and theme are each user's desktop setting (GNOME: Settings > Accessibility > Seeing > Cursor Size; KDE Plasma: System Settings > Colors & Themes > Cursors), or XCURSOR_SIZE and XCURSOR_THEME in a window manager's session; a cursor theme is a package (`ask-nix search cursor theme`); nothing was changed"}
	case has(ts, "nouveau") && !has(ts, "install", "search", "remove", "uninstall") && ts[0].w != "blacklist" && ts[0].w != "disable" && len(ts) <= 8:
		// "switch to nouveau" suggested "apply".
		return &intent.NotUnderstood{Request: text,
			Hint: "nouveau is the kernel's open driver for NVIDIA cards, used by itself while NVIDIA's own driver is not set: taking \"nvidia\" out of services.xserver.videoDrivers (and the hardware.nvidia settings) brings it back; if ask-nix wrote NVIDIA's driver, \"undo\" takes that edit back when it was the last one (\"show history\" lists them); nothing was changed"}
	case has(ts, "microcode", "ucode") && !has(ts, "intel", "amd", "search", "install", "remove", "uninstall") && len(ts) <= 6:
		// "enable cpu microcode": which maker's is the person's to say.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "enable intel microcode"), sug(intent.SetOption, "enable amd microcode")},
			Hint:        "CPU microcode updates are the maker's: hardware.cpu.intel.updateMicrocode or hardware.cpu.amd.updateMicrocode (`grep -m1 vendor_id /proc/cpuinfo` says which; hardware-configuration.nix often sets it already); nothing was changed"}
	case has(ts, "hybrid", "switchable", "dual") && has(ts, "graphics", "gpu", "gpus") && !has(ts, "install", "search", "remove", "uninstall") && len(ts) <= 8,
		has(ts, "nvidia") && has(ts, "laptop", "everything", "always", "only") && !has(ts, "install", "search", "remove", "uninstall", "open", "closed", "not", "without") && len(ts) <= 8:
		// "enable hybrid graphics", "use nvidia for everything" named
		// no service.
		return nvidiaAnswer(text)
	case has(ts, "screensaver", "screen-saver") && !has(ts, "install", "search", "remove", "uninstall", "xscreensaver") && len(ts) <= 6:
		// "disable screensaver" suggested xscreensaver's module.
		return &intent.NotUnderstood{Request: text,
			Hint: "when the screen blanks or locks is the desktop's (GNOME: Settings > Power and Privacy > Screen Lock; KDE: Power Management and Screen Locking); under X11 without a desktop, `xset s off -dpms` stops it for the session; services.xscreensaver is the screensaver of X window managers, off unless turned on; nothing was changed"}
	case displayAsked(ts):
		// "set resolution to 1920x1080", "scale the display", "set
		// font size" suggested a time zone or "install firefox".
		return &intent.NotUnderstood{Request: text,
			Hint: "the screen's resolution, refresh rate, scaling, rotation, brightness and font size are your desktop's, set per user (GNOME: Settings > Displays and Accessibility; KDE: System Settings > Display Configuration), or `xrandr` under X11, `wlr-randr` or the compositor's own configuration under Wayland, and `brightnessctl` for brightness; " +
				"the text console's font is console.font (a large one: \"ter-v32n\", with console.packages = [ pkgs.terminus_font ];), which you set in configuration.nix; nothing was changed"}
	case graphicalAsked(ts) != 0:
		// "disable the gui" suggested "disable guix".
		return graphical(text, ts)
	case deadKeysAsked(ts):
		// "enable dead keys" was answered about SSH keys, and "remove
		// dead keys" removed packages named dead and keys.
		return deadKeys(text, ts)
	case has(ts, "compose", "multi_key", "multikey") && has(ts, "key", "keys", "compose") && !has(ts, "docker", "podman", "install", "search", "remove", "uninstall") && len(ts) <= 8:
		// "enable compose key" was answered about SSH keys.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "add keyboard option compose:ralt")},
			Hint:        "the Compose key is an XKB option naming the key that becomes it: \"add keyboard option compose:ralt\" makes the right Alt key Compose (compose:menu the Menu key, compose:caps Caps Lock), added to services.xserver.xkb.options; GNOME and KDE also set it in their keyboard settings; nothing was changed"}
	case has(ts, "git") && has(ts, "email", "e-mail", "mail", "name", "username", "identity", "author", "user.name", "user.email") &&
		!has(ts, "install", "remove", "uninstall", "search", "enable", "disable") && len(ts) <= 10:
		// "set git email" suggested a time zone.
		return &intent.NotUnderstood{Request: text,
			Hint: "the name and email git writes into commits are each user's own: `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com` (they go in ~/.gitconfig); " +
				"programs.git.config in configuration.nix sets /etc/gitconfig for every user, which ask-nix does not write; nothing was changed"}
	case has(ts, "environment", "env") && has(ts, "variable", "variables", "var", "vars") || ts[0].w == "export" && len(ts) == 2 && strings.Contains(ts[1].raw, "="):
		// "set environment variable FOO=bar" suggested a time zone.
		return envVariable(text, ts)
	case has(ts, "path", "$path") && (ts[0].w == "add" || ts[0].w == "append" || ts[0].w == "prepend" || ts[0].w == "put" || ts[0].w == "include") &&
		slices.ContainsFunc(ts, func(t token) bool {
			return strings.HasPrefix(t.raw, "~/") || strings.HasPrefix(t.raw, "/") || strings.HasPrefix(t.raw, "$home") || strings.HasPrefix(t.raw, "$HOME")
		}):
		// "add ~/bin to path" suggested "install ~/bin".
		return &intent.NotUnderstood{Request: text,
			Hint: "ask-nix does not write PATH: a folder of your own goes on it in your shell's profile (export PATH=\"$HOME/bin:$PATH\" in ~/.profile or ~/.bashrc, fish_add_path in fish), or for every user with environment.sessionVariables or environment.extraInit in configuration.nix; " +
				"~/bin and ~/.local/bin are added for you when they exist and environment.homeBinInPath or environment.localBinInPath is true; programs from nixpkgs are on PATH once installed (\"install <package>\"); nothing was changed"}
	case has(ts, "boot", "booting", "boots", "startup", "bootup", "start-up") && has(ts, "slow", "slowly", "slower", "forever", "ages", "long", "longer", "minutes", "faster", "speed", "quicker") &&
		!has(ts, "timeout", "menu", "wait", "waits") && prefix(ts, enableLead) == 0 && prefix(ts, disableLead) == 0 && ts[0].w != "set" && ts[0].w != "change":
		// "why is my boot slow" suggested "is ssh enabled".
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "set boot timeout to 1 second")},
			Hint: "`systemd-analyze` shows how long the last boot took (firmware, loader, kernel, services), `systemd-analyze blame` the services that took longest and `systemd-analyze critical-chain` what waited on what; " +
				"a service waiting for the network (NetworkManager-wait-online) or a fileSystems entry for a drive that is not there are common causes, a service you do not use can be turned off (\"disable <service>\"), and the boot menu waits boot.loader.timeout seconds (\"set boot timeout to 1 second\"); nothing was changed"}
	case has(ts, "vm", "vms", "virtual") && (ts[0].w == "i" || ts[0].w == "want" || ts[0].w == "run" || ts[0].w == "set" || ts[0].w == "setup" || ts[0].w == "how" || ts[0].w == "use" || ts[0].w == "create" || ts[0].w == "make") &&
		(has(ts, "vm", "vms") || has(ts, "virtual") && has(ts, "machine", "machines")) &&
		only("i", "want", "run", "set", "up", "setup", "how", "can", "do", "to", "use", "create", "make", "vm", "vms", "virtual", "machine", "machines", "some", "on", "my", "nixos", "this", "computer", "with", "need"):
		// "i want to run virtual machines" suggested "install firefox",
		// "run vms" a package named vms.
		a := serviceAsked["vms"]
		return &intent.NotUnderstood{Request: text, Suggestions: a.ss, Hint: a.why}
	case has(ts, "game", "games", "gaming") && (ts[0].w == "i" || ts[0].w == "want" || ts[0].w == "play" || ts[0].w == "set" || ts[0].w == "setup" || ts[0].w == "get" || ts[0].w == "how") &&
		only("i", "want", "play", "set", "setup", "get", "how", "can", "do", "to", "game", "games", "gaming", "pc", "linux", "nixos", "ready", "for", "like", "would", "on", "some", "steam", "windows", "my", "video", "computer"):
		a := serviceAsked["gaming"]
		return &intent.NotUnderstood{Request: text, Suggestions: a.ss, Hint: a.why}
	case has(ts, "zram") && (has(ts, "size", "percent", "%", "bigger", "larger", "increase", "more", "memory") || slices.ContainsFunc(ts, func(t token) bool { return strings.HasSuffix(t.w, "%") })) &&
		!has(ts, "disable", "off"):
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "set zramSwap.memoryPercent to 50"), sug(intent.EnableService, "enable zram")},
			Hint:        "zram's size is a share of the memory, zramSwap.memoryPercent (50 is NixOS's default; up to 100 and more is common, since it is compressed), set by its path with your number; \"enable zram\" turns it on; nothing was changed"}
	case (ts[0].lem == "remove" || ts[0].lem == "delete" || ts[0].w == "drop") && has(ts, "keyboard", "layout") && len(ts) <= 5 &&
		!only("remove", "delete", "drop", "keyboard", "layout", "layouts"):
		// A layout named: "remove my keyboard layout" is the setting's
		// unset, read elsewhere.
		// "remove german keyboard" planned packages german and keyboard.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ShowOption, "what keyboard layout do i have"), sug(intent.SetOption, "set keyboard to us")},
			Hint:        "the keyboard layouts are one list: say the ones to keep, in order, as in \"set keyboard to us\" or \"set keyboard to us and de\"; \"what keyboard layout do i have\" shows the list set now; nothing was changed"}
	case (prefix(ts, disableLead) > 0 || ts[0].w == "lock" || ts[0].w == "block") && has(ts, "root") &&
		only("disable", "deactivate", "turn", "off", "lock", "block", "root", "account", "user", "login", "logins", "the", "superuser"):
		// "disable root" suggested what the option index found for the
		// word, "disable security.sudo.enable" among them, which would
		// leave no way to become root.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "disable root login over ssh")},
			Hint:        "root's password is locked by users.users.root.hashedPassword = \"!\"; in configuration.nix (sudo keeps working for the wheel group), which ask-nix does not write; root logging in over SSH is \"disable root login over ssh\"; nothing was changed"}
	case ts[0].lem != "install" && ts[0].lem != "search" && ts[0].lem != "remove" && !has(ts, "and", "then") &&
		(has(ts, "darkmode", "darktheme") || has(ts, "dark") && has(ts, "mode", "theme", "style", "colors", "colours", "scheme") ||
			has(ts, "dark") && has(ts, "everything", "apps", "applications", "desktop", "windows") && len(ts) <= 6):
		// "enable dark mode" was read as a service named "dark mode".
		return &intent.NotUnderstood{Request: text,
			Hint: "dark mode is each user's desktop setting, not NixOS's: GNOME: Settings > Appearance, Style Dark (or `gsettings set org.gnome.desktop.interface color-scheme prefer-dark`); " +
				"KDE Plasma: System Settings > Colors & Themes > Global Theme, Breeze Dark; Qt programs outside KDE can be given a dark style in configuration.nix with qt.enable = true; and qt.style = \"adwaita-dark\";, which ask-nix does not write; nothing was changed"}
	case ts[0].lem != "install" && ts[0].lem != "search" && ts[0].lem != "remove" && !has(ts, "and", "then") &&
		(has(ts, "wallpaper", "wallpapers") || has(ts, "background") && has(ts, "desktop", "image", "picture", "photo", "my")):
		// "change my wallpaper" offered "install firefox".
		return &intent.NotUnderstood{Request: text,
			Hint: "the wallpaper is each user's desktop setting, not NixOS's: GNOME: Settings > Appearance, Background; KDE Plasma: right-click the desktop > Desktop and Wallpaper; " +
				"under a window manager with no desktop, NixOS shows the image ~/.background-image (services.xserver.desktopManager.wallpaper.mode places it), and LightDM's login screen has its own, services.xserver.displayManager.lightdm.background; nothing was changed"}
	case (ts[0].w == "mute" || ts[0].w == "unmute") && len(ts) <= 3 ||
		has(ts, "volume") && (ts[0].w == "set" || ts[0].w == "increase" || ts[0].w == "decrease" || ts[0].w == "raise" || ts[0].w == "lower" || ts[0].w == "turn" || ts[0].w == "change" || ts[0].w == "adjust"):
		// "mute" offered "install mute".
		return &intent.NotUnderstood{Request: text,
			Hint: "the volume is set while the system runs, not in its configuration: your desktop's sound menu, or `wpctl set-volume @DEFAULT_AUDIO_SINK@ 50%` and `wpctl set-mute @DEFAULT_AUDIO_SINK@ toggle` (pavucontrol shows every output); nothing was changed"}
	case (ts[0].w == "list" || ts[0].w == "show" || ts[0].w == "display") && has(ts, "services", "service", "units", "daemons", "unit") &&
		only("list", "show", "display", "all", "every", "services", "service", "units", "unit", "daemons", "systemd", "system", "enabled", "active", "my", "the", "nixos"):
		// "list services" suggested "list generations".
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ShowOption, "is ssh enabled")},
			Hint:        "`systemctl list-units --type=service` lists the services running now (`systemctl list-unit-files --type=service --state=enabled` the ones started at boot, `--failed` the failed ones); ask-nix answers for one service (\"is ssh enabled\"), and `ask-nix diff` and `ask-nix history` show what it turned on; nothing was changed"}
	case (ts[0].w == "share" || ts[0].w == "sharing") && has(ts, "screen", "desktop", "screens") && len(ts) <= 4:
		a := serviceAsked["screensharing"]
		return &intent.NotUnderstood{Request: text, Suggestions: a.ss, Hint: a.why}
	case has(ts, "static", "fixed", "manual") && has(ts, "ip", "ips", "ipv4", "ipv6", "ip-address", "address", "addresses") && !has(ts, "dns", "nameserver", "nameservers"):
		// "set static ip" suggested "set timezone to Europe/Berlin".
		return &intent.NotUnderstood{Request: text,
			Hint: "a static address is set per network interface: networking.interfaces.<name>.ipv4.addresses = [ { address = \"192.168.1.10\"; prefixLength = 24; } ]; with networking.defaultGateway and networking.nameservers, in configuration.nix (the interface's name from `ip link`), which ask-nix does not write; " +
				"with NetworkManager it belongs to a connection instead: `nmtui`, or `nmcli connection modify <name> ipv4.method manual ipv4.addresses 192.168.1.10/24 ipv4.gateway 192.168.1.1`; nothing was changed"}
	case has(ts, "24", "24-hour", "24h", "12-hour", "12h", "am/pm", "ampm", "lc_time") && has(ts, "clock", "time", "hour", "format", "lc_time") ||
		has(ts, "date", "dates", "time") && has(ts, "format", "formats", "formatting") && !has(ts, "install", "search", "remove", "uninstall", "disk", "drive", "partition") && len(ts) <= 7:
		// "set date format" suggested a time zone.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "set i18n.extraLocaleSettings.LC_TIME to en_GB.UTF-8")},
			Hint:        "how times are written comes from the locale's LC_TIME: i18n.extraLocaleSettings.LC_TIME = \"en_GB.UTF-8\" gives English with a 24-hour clock (en_US.UTF-8 a 12-hour one) and leaves the language alone; GNOME and KDE also have a 24-hour switch in their settings; it shows after a new login; nothing was changed"}
	case has(ts, "layout", "layouts", "keyboard", "language", "languages") && layoutSwitchKeys(ts) != "":
		// "switch keyboard layout with alt shift" was read as a layout
		// named "with,alt,shift".
		opt := layoutSwitchKeys(ts)
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "add keyboard option "+opt)},
			Hint:        "the keys that switch between keyboard layouts are an XKB option: \"add keyboard option " + opt + "\" adds it to services.xserver.xkb.options, with the layouts themselves said as \"set keyboard to us and de\"; GNOME and KDE keep their own shortcut in their keyboard settings; nothing was changed"}
	case (ts[0].w == "allow" || ts[0].w == "permit" || prefix(ts, enableLead) > 0) && has(ts, "broken", "insecure", "vulnerable") && has(ts, "package", "packages", "software", "pkgs"):
		return &intent.NotUnderstood{Request: text,
			Hint: "nixpkgs.config.allowBroken = true; builds packages marked broken (they usually fail), and an insecure package is allowed by its name and version, nixpkgs.config.permittedInsecurePackages = [ \"<name>-<version>\" ]; (the error Nix gives names it): both in your configuration.nix, which ask-nix does not write; nothing was changed"}
	case (ts[0].w == "allow" || ts[0].w == "permit" || prefix(ts, enableLead) > 0) && has(ts, "unfree", "nonfree", "non-free", "proprietary") &&
		has(ts, "for", "only", "just") && len(ts) > 3:
		// "allow unfree packages for vscode": one package's licence.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "allow unfree packages")},
			Hint:        "allowing unfree packages one by one is nixpkgs.config.allowUnfreePredicate, a Nix function of the package names, which ask-nix does not write; \"allow unfree packages\" allows them all (nixpkgs.config.allowUnfree); nothing was changed"}
	case has(ts, "printer", "printers", "printing", "hp", "brother", "canon", "epson") && has(ts, "driver", "drivers", "hplip", "gutenprint", "brlaser", "cnijfilter2", "splix") ||
		prefix(ts, enableLead) > 0 && has(ts, "hplip", "gutenprint", "brlaser") && len(ts) == 2 ||
		// "enable hp printer", "enable printing for my brother printer":
		// a brand's printer is its driver.
		prefix(ts, enableLead) > 0 && has(ts, "hp", "brother", "canon", "epson", "samsung", "xerox", "lexmark") && has(ts, "printer", "printers", "printing") && len(ts) <= 8:
		// "add printer driver for hp" suggested "install printer and
		// driver"; "enable hplip" installed it where CUPS does not look.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable printing")},
			Hint:        "printer drivers go where CUPS looks for them, services.printing.drivers = [ pkgs.hplip ]; (pkgs.gutenprint for many brands, pkgs.brlaser for Brother, pkgs.cnijfilter2 for Canon, pkgs.epson-escpr for Epson), a list in configuration.nix, which ask-nix does not write; installed as packages they are not used; \"enable printing\" turns CUPS on; nothing was changed"}
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
	case (enabling || ts[0].w == "use" || ts[0].w == "switch" || ts[0].w == "install" || ts[0].w == "migrate" || ts[0].w == "move") &&
		(has(ts, "systemd-boot", "systemdboot", "gummiboot") || has(ts, "systemd") && has(ts, "boot")) &&
		only("use", "switch", "install", "migrate", "move", "to", "from", "grub", "systemd-boot", "systemdboot", "gummiboot", "systemd", "boot", "loader", "bootloader", "instead", "of", "as", "the", "my"):
		// A boot loader is set where the machine's boot is (the user's
		// configuration.nix): the fragment cannot take GRUB's lines out,
		// NixOS refuses two loaders, and a wrong step leaves a machine
		// that does not start.
		return &intent.NotUnderstood{Request: text, Hint: systemdBootHint}
	case (enabling || prefix(ts, disableLead) > 0 || ts[0].w == "use") &&
		(has(ts, loaderNames...) || has(ts, "systemd") && has(ts, "boot")) &&
		only(append([]string{"use", "disable", "deactivate", "turn", "switch", "off", "systemd", "boot", "loader", "bootloader", "the", "my"}, loaderNames...)...):
		// "disable grub", "enable grub", "turn off systemd-boot": the
		// option index has boot.loader.<name>.enable, but a loader
		// switched by a name leaves a machine that may not start; by
		// its path it is read as said, with a warning.
		return &intent.NotUnderstood{Request: text, Hint: loaderByNameHint}
	case has(ts, "doas") && prefix(ts, enableLead) == 0 && prefix(ts, disableLead) == 0 &&
		only("doas", "sudo", "use", "replace", "swap", "switch", "install", "add", "migrate", "move", "change", "get", "to", "from", "with", "for", "by", "instead", "of", "the", "my"):
		// "use doas instead of sudo" planned removing the package sudo
		// and installing doas, which without its setuid wrapper
		// (security.doas.enable) cannot run anything as root.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable security.doas.enable")},
			Hint: "doas works only through its NixOS module, which installs its setuid wrapper and /etc/doas.conf: \"enable security.doas.enable\" turns it on (with the NixOS option index, \"enable doas\" says the same); " +
				"sudo stays beside it until security.sudo.enable = false is set, which leaves no way to become root but doas: try doas first; nothing was changed"}
	case has(ts, "kernel") && has(ts, "module", "modules", "driver") &&
		(addVerbs[ts[0].lem] || ts[0].lem == "install" || ts[0].w == "load" || ts[0].w == "use" || ts[0].w == "insert" || prefix(ts, enableLead) > 0):
		// "add kernel module v4l2loopback" planned packages named
		// kernel, module and v4l2loopback.
		nu := &intent.NotUnderstood{Request: text,
			Hint: "kernel modules are boot.kernelModules (loaded at boot), and one that is not part of the kernel (v4l2loopback, a driver) is also boot.extraModulePackages = [ config.boot.kernelPackages.<name> ], which takes the kernel's own package set: " +
				"ask-nix does not write them; add them in configuration.nix, then rebuild and reboot; `sudo modprobe <name>` loads one now; nothing was changed"}
		if has(ts, "v4l2loopback") {
			nu.Suggestions = []intent.Suggestion{sug(intent.EnableService, "enable obs virtual camera")}
		}
		return nu
	case ts[0].lem == "install" && len(ts) == 2 && ts[1].w == "proton" && !ts[1].quoted:
		// No package is Proton; proton-pass and protonplus only share
		// its letters.
		return &intent.NotUnderstood{Request: text, Suggestions: serviceAsked["proton"].ss, Hint: serviceAsked["proton"].why}
	case (ts[0].w == "reset" || ts[0].w == "wipe" || ts[0].w == "factory" || ts[0].w == "reinstall") &&
		only("reset", "wipe", "factory", "reinstall", "everything", "all", "my", "the", "system", "nixos", "computer", "machine", "to", "defaults", "default", "settings", "configuration", "config", "whole", "entire") ||
		(ts[0].lem == "start" && len(ts) <= 4 && has(ts, "over", "scratch", "fresh", "afresh")):
		// "reset everything", "factory reset", "start over": never a
		// setting's example (it offered "set timezone to ...").
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Rollback, "roll back"), sug(intent.Undo, "undo")},
			Hint: "NixOS has no factory reset: each configuration you switched to is a generation you can go back to (\"roll back\", or \"go back to generation N\" with N from `ask-nix generations`), and ask-nix's own edits are taken back with \"undo\" (`ask-nix history` lists them); " +
				"a configuration from scratch is `nixos-generate-config` and your own configuration.nix; nothing was changed"}
	case programReset(ts) != "":
		// "reset firefox" suggested "set timezone to Europe/Berlin",
		// "repair firefox" "install firefox".
		name := programReset(ts)
		ss := []intent.Suggestion{sug(intent.ListInstalled, "is "+name+" installed")}
		if ts[0].w == "reinstall" || ts[0].w == "restore" {
			ss = append([]intent.Suggestion{sug(intent.Install, "install "+name)}, ss...)
		}
		home := "~/.config/" + name + " and ~/.local/share/" + name
		if name == "firefox" || name == "thunderbird" {
			home = "~/.mozilla (~/.thunderbird for Thunderbird)"
		}
		return &intent.NotUnderstood{Request: text, Suggestions: ss,
			Hint: "a package in the Nix store never changes once built, so there is nothing to reinstall or repair in place: `sudo nix-store --verify --check-contents --repair` checks the store and repairs what is damaged; " +
				"a program's own settings and data are in your home directory (" + home + "): moving them aside starts it fresh; nothing was changed"}
	case (ts[0].w == "repair" || ts[0].w == "verify" || ts[0].w == "check" || ts[0].w == "fix") && has(ts, "store", "nix-store") &&
		only("repair", "verify", "check", "fix", "the", "my", "nix", "store", "nix-store", "for", "corruption", "corrupted", "integrity"):
		return &intent.NotUnderstood{Request: text,
			Hint: "the Nix store is checked by `sudo nix-store --verify --check-contents`, and repaired by adding `--repair` (it fetches or rebuilds what is damaged): a command, not a setting ask-nix writes; nothing was changed"}
	case (ts[0].w == "connect" || ts[0].w == "pair") && has(ts, "bluetooth", "headphones", "headset", "headsets", "speaker", "speakers", "earbuds", "airpods", "controller", "mouse", "keyboard"):
		// "connect my bluetooth headphones": pairing is done at run time.
		a := serviceAsked["bluetoothheadphones"]
		return &intent.NotUnderstood{Request: text, Suggestions: a.ss, Hint: a.why}
	case (ts[0].w == "add" || ts[0].lem == "install" || ts[0].w == "connect" || ts[0].w == "detect" || ts[0].w == "configure") && has(ts, "printer", "printers") &&
		only("add", "install", "connect", "detect", "configure", "my", "a", "the", "new", "printer", "printers", "network", "wifi", "usb", "wireless", "hp", "brother", "canon", "epson", "to", "this", "computer", "laptop"):
		// "add my printer", "install my printer": no package named
		// printer, nor a setting: printers are added at run time.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable printing"), sug(intent.EnableService, "enable avahi")},
			Hint: "printers are added while the system runs, in your desktop's printer settings or CUPS' page at http://localhost:631, with printing on (\"enable printing\", services.printing); network printers are found with Avahi (\"enable avahi\"); " +
				"some printers need drivers in services.printing.drivers (pkgs.hplip for HP, pkgs.gutenprint, pkgs.brlaser for Brother), a list ask-nix does not write; nothing was changed"}
	case (ts[0].w == "connect" || ts[0].w == "join") && has(ts, "wifi", "wi-fi", "wlan", "wireless", "network", "hotspot", "ssid") ||
		has(ts, "wifi", "wi-fi", "wlan", "wireless", "ssid") && has(ts, "password", "passphrase", "passwords", "network", "networks", "ssid", "connection", "connections", "psk") &&
			(addVerbs[ts[0].lem] || ts[0].w == "save" || ts[0].w == "set" || ts[0].w == "change" || ts[0].w == "store" || ts[0].w == "remember" || ts[0].w == "wifi" || ts[0].w == "my" || ts[0].w == "wi-fi" ||
				ts[0].w == "show" || ts[0].w == "list" || ts[0].w == "scan" || ts[0].w == "which" || ts[0].w == "what"):
		// "add wifi network home with password secret", "wifi
		// password": a connection, never a package named wifi.
		// Any name may follow ("connect to the wifi called home").
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable networkmanager")},
			Hint:        "ask-nix changes the system's configuration, not connections: with NetworkManager on (\"enable networkmanager\"), connect with `nmtui`, `nmcli device wifi connect <name> --ask`, or your desktop's network menu; it keeps passwords out of the Nix store; `nmcli device wifi list` shows the networks in reach"}
	case (ts[0].w == "sync" || ts[0].w == "synchronise" || ts[0].w == "synchronize" || ts[0].w == "fix") && has(ts, "clock", "time") &&
		only("sync", "synchronise", "synchronize", "fix", "clock", "time", "system", "automatically", "internet", "ntp"):
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable timesyncd"), sug(intent.EnableService, "enable chrony")},
			Hint:        "NixOS keeps the clock in sync by itself (services.timesyncd, on unless another time daemon is); \"enable chrony\" or \"enable ntp\" uses another daemon; a wrong hour is usually the time zone: \"set timezone to Europe/Berlin\""}
	case ts[0].lem == "downgrade" || ts[0].w == "downgrading" || olderVersionOf(ts) != "":
		// "downgrade firefox", "install an older version of firefox"
		// (never packages named older and firefox): nixpkgs has one
		// version of each package at a time; the older one is an older
		// system or nixpkgs.
		what := "the package"
		if onePackageNamed(ts[1:]) && !has(ts[1:], "nixos", "system", "everything", "os") {
			what = ts[1].raw
		}
		if w := olderVersionOf(ts); w != "" {
			what = w
		}
		ss := []intent.Suggestion{sug(intent.Rollback, "roll back")}
		if what == "the package" {
			return &intent.NotUnderstood{Request: text, Suggestions: ss,
				Hint: "\"roll back\" returns the whole system to an older generation, with the versions it had (`ask-nix generations` lists them); nothing was changed"}
		}
		ss = append(ss, sug(intent.Search, "search "+what))
		return &intent.NotUnderstood{Request: text, Suggestions: ss,
			Hint: "nixpkgs has one version of " + what + " at a time: \"roll back\" returns the whole system to an older generation (with the versions it had); to keep an older version for good, take it from an older nixpkgs in your NixOS configuration (a second nixpkgs input or channel), which ask-nix does not write; `ask-nix search` shows versions nixpkgs has under other names (firefox-esr, nodejs_20); nothing was changed"}
	case (passwordVerbs[ts[0].w] || ts[0].w == "password") && has(ts, "password", "passwd", "passwords") && !has(ts, "ssh", "sshd", "openssh", "login", "logins", "authentication", "sudo", "wifi", "wi-fi", "keyring"):
		// "change password", "set root password": never through the
		// configuration, where it would be world-readable in the store.
		return &intent.NotUnderstood{Request: text,
			Hint: "ask-nix does not set passwords: a password in the configuration would be readable by anyone in the Nix store; run `passwd` (yours) or `sudo passwd <user>`; to declare one, users.users.<name>.hashedPasswordFile names a file with a hash from `mkpasswd`; nothing was changed"}
	case has(ts, "sudo") && has(ts, "password", "passwd") && !has(ts, "without", "no", "passwordless", "nopasswd", "disable", "remove", "skip", "never", "not", "don't", "dont", "stop") &&
		has(ts, "require", "requires", "required", "ask", "asks", "need", "needs", "enable", "always", "with", "force", "prompt"):
		// "require password for sudo" was offered the switch that takes
		// the password away.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ShowOption, "show option security.sudo.wheelNeedsPassword"), sug(intent.SetOption, "set security.sudo.wheelNeedsPassword to true")},
			Hint:        "sudo asks the wheel group for a password unless security.sudo.wheelNeedsPassword is false (true is NixOS' default): \"show option security.sudo.wheelNeedsPassword\" shows it, and \"set security.sudo.wheelNeedsPassword to true\" asks again where ask-nix set it false; nothing was changed"}
	case has(ts, "sudo") && has(ts, "password", "passwd", "passwordless", "nopasswd"):
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "set security.sudo.wheelNeedsPassword to false")},
			Hint:        "sudo without a password for the wheel group is security.sudo.wheelNeedsPassword = false (\"set security.sudo.wheelNeedsPassword to false\"): anything run as a wheel user can then become root unasked; nothing was changed"}
	case (ts[0].lem == "remove" || ts[0].lem == "delete" || ts[0].w == "clean" || ts[0].w == "purge") && has(ts, "kernel", "kernels") && has(ts, "old", "older", "unused", "previous"):
		// Old kernels are held by old generations, not installed.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.GC, "clean up old generations, keep 5"), sug(intent.GC, "delete generations older than 30 days")},
			Hint:        "old kernels stay while old generations (and their boot entries) use them: deleting those generations, then collecting garbage, removes them; nothing was changed"}
	case (ts[0].w == "i" || ts[0].w == "want" || ts[0].w == "need" || ts[0].w == "let" || ts[0].w == "print" || ts[0].w == "be") && has(ts, "print", "printer") &&
		only("print", "printer", "documents", "document", "stuff", "something", "things", "pdf", "pdfs", "photos", "pages", "out", "able", "be", "can", "me", "let"):
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable printing")},
			Hint:        "printing is CUPS: \"enable printing\" turns it on (add the printer in your desktop's settings or at http://localhost:631); nothing was changed"}
	case has(ts, "windows") && has(ts, "grub", "boot", "detect", "find", "show", "menu") && !has(ts, "manager", "window") ||
		has(ts, "dual", "dualboot", "dual-boot") && has(ts, "boot", "booting", "dualboot", "dual-boot"):
		// "detect windows in grub", "enable dual boot": GRUB's
		// os-prober, or nothing with systemd-boot.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "enable os-prober")},
			Hint:        "with GRUB, other systems on the disks get boot entries through os-prober: \"enable os-prober\" (boot.loader.grub.useOSProber); systemd-boot lists Windows by itself when it shares the EFI system partition, and needs no setting; nothing was changed"}
	case has(ts, "swap", "swapfile", "swap-file") && !has(ts, "zram", "zswap") &&
		(ts[0].w == "increase" || ts[0].w == "create" || ts[0].w == "make" || ts[0].w == "more" || ts[0].w == "need" || ts[0].w == "i" || ts[0].w == "set" ||
			enabling && has(ts, "file", "swapfile", "partition")):
		// "increase swap", "create a 8gb swap file", "enable swap file":
		// as "enable swap" is answered.
		a := serviceAsked["swap"]
		return &intent.NotUnderstood{Request: text, Suggestions: a.ss, Hint: a.why}
	case has(ts, "screen", "display", "monitor", "screens", "displays", "monitors") && !has(ts, "gnu", "tmux", "sharing", "share", "resolution", "brightness", "manager", "dm") &&
		has(ts, "on", "awake", "blank", "blanking", "lock", "locking", "locker", "saver", "screensaver", "dim", "dimming", "sleep", "sleeping", "off", "timeout"):
		// "keep the screen on", "disable screen lock": the display's
		// power and locking, never GNU screen (programs.screen).
		return &intent.NotUnderstood{Request: text,
			Hint: "when the screen blanks, dims or locks is the desktop's (GNOME: Settings > Power and Privacy > Screen Lock; KDE: Power Management and Screen Locking), or X's (`xset s off -dpms`) or the console's (the kernel parameter consoleblank=0, boot.kernelParams): no switch ask-nix writes; to keep the machine from sleeping, \"disable sleep\"; nothing was changed"}
	case displayServerSaid(ts) != "":
		return displayServerAnswer(text, displayServerSaid(ts))
	case has(ts, "wayland") && (ts[0].w == "switch" || ts[0].w == "use" || ts[0].w == "enable" || ts[0].w == "change") && len(ts) <= 4:
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable plasma"), sug(intent.EnableService, "enable sway"), sug(intent.EnableService, "enable hyprland")},
			Hint:        "Wayland is no switch of its own: GNOME and Plasma 6 run on it by default (pick the Wayland session at the login screen), and sway and Hyprland are Wayland compositors; nothing was changed"}
	case prefix(ts, enableLead) > 0 && has(ts, "redis") && only("redis", "server", "database", "service", "cache"):
		// NixOS runs Redis as named servers, with no switch of its own.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable services.redis.servers.main.enable")},
			Hint:        "NixOS runs Redis as named servers: services.redis.servers.<name>.enable, one systemd unit each (redis-<name>); \"enable services.redis.servers.main.enable\" starts one called main; nothing was changed"}
	case ohMyZsh(ts):
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable programs.zsh.ohMyZsh.enable"), sug(intent.EnableService, "enable zsh"), sug(intent.Install, "install oh-my-zsh")},
			Hint:        "Oh My Zsh is set up by NixOS's zsh module: \"enable programs.zsh.ohMyZsh.enable\" (with \"enable zsh\"); \"install oh-my-zsh\" adds only its files; nothing was changed"}
	case ts[0].w == "home-manager" || ts[0].w == "home" && len(ts) > 1 && ts[1].w == "manager":
		return &intent.NotUnderstood{Request: text,
			Hint: "ask-nix edits the NixOS system's configuration, not Home Manager's (your ~/.config/home-manager or its NixOS module): run home-manager yourself; nothing was changed"}
	case (ts[0].w == "mount" || ts[0].w == "unmount" || ts[0].w == "umount" || ts[0].w == "format" || ts[0].w == "partition") && len(ts) <= 6:
		ss := []intent.Suggestion{sug(intent.SystemInfo, "show system info")}
		if ts[0].w == "mount" {
			ss = []intent.Suggestion{sug(intent.SetOption, "enable ntfs support")}
		}
		// A network share, not a drive: its client's support.
		for _, n := range []struct{ word, fs, fsType string }{{"nfs", "nfs", "nfs"}, {"smb", "cifs", "cifs"}, {"samba", "cifs", "cifs"}, {"cifs", "cifs", "cifs"}} {
			if ts[0].w == "mount" && has(ts, n.word) {
				return &intent.NotUnderstood{Request: text,
					Suggestions: []intent.Suggestion{sug(intent.SetOption, "enable "+n.fs+" support")},
					Hint: "ask-nix does not mount shares: one is mounted for good with a fileSystems.\"<path>\" entry (device = the share, fsType = \"" + n.fsType +
						"\") in your NixOS configuration, which ask-nix does not write; \"enable " + n.fs + " support\" adds the tools that mount it; nothing was changed"}
			}
		}
		return &intent.NotUnderstood{Request: text,
			Suggestions: ss,
			Hint:        "ask-nix does not touch disks: a drive is mounted now with your file manager or `udisksctl mount -b /dev/sdX1`, and for good with fileSystems.\"<path>\" in hardware-configuration.nix; formatting is `mkfs` (it erases the drive); NTFS and exFAT drives need \"enable ntfs support\" or \"enable exfat support\"; nothing was changed"}
	case ts[0].w == "forward" && has(ts, "port", "ports"):
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "open port 8080")},
			Hint:        "forwarding a port to another port or machine is networking.nat.forwardPorts (a list of { sourcePort; destination; } sets, with networking.nat.enable), or a reverse proxy such as nginx; ask-nix does not write those: set them in your NixOS configuration. Opening a port for a service here is \"open port 8080\""}
	case (ts[0].w == "configure" || ts[0].w == "setup" || ts[0].w == "set" && len(ts) > 2 && ts[1].w == "up") && len(ts) <= 3 && has(ts, "ssh", "sshd", "openssh") &&
		(ts[0].w == "configure" || !has(ts, "server", "daemon")):
		// "set up ssh": which part of it is not said; "set up ssh
		// server" is the server, turned on as "enable ssh" does.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable ssh"), sug(intent.SetOption, "disable ssh password login"), sug(intent.SetOption, "open port 22")},
			Hint:        "what ask-nix sets for ssh: the server on or off, password logins (keys only), and the firewall's port 22; keys themselves go in users.users.<name>.openssh.authorizedKeys.keys in your configuration"}
	case (ts[0].w == "configure" || ts[0].w == "reconfigure" || ts[0].w == "config") && len(ts) > 1:
		// "configure nginx": ask-nix turns a service on or off; its
		// other settings are options, named by their path.
		said := dropServiceTrail(trimServiceWords(ts[1:]))
		option, ok := serviceOption(joinW(said))
		if !ok || slices.ContainsFunc(said, func(t token) bool { return t.quoted }) {
			return nil
		}
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable "+joinRaw(said))},
			Hint: "ask-nix turns " + joinRaw(ts[1:]) + " on or off (\"enable " + joinRaw(said) + "\" sets " + option + "); its other settings are NixOS options, set by their path: \"set <option> to <value>\" " +
				"(\"show option <option>\" says what one is now); nothing was changed"}
	}
	return nil
}

// olderVersionOf is the package of "an older version of firefox", "the
// previous release of vim", "an old firefox version" ("the package" for
// nixos, the system or nothing named); "" when no older version is said.
func olderVersionOf(ts []token) string {
	v := slices.IndexFunc(ts, func(t token) bool {
		return !t.quoted && (t.w == "version" || t.w == "versions" || t.w == "release" || t.w == "build")
	})
	if v < 1 || !has(ts[max(0, v-2):v], "older", "old", "previous", "earlier", "prior", "lower") {
		return ""
	}
	rest := ts[v+1:]
	if len(rest) > 0 && !rest[0].quoted && rest[0].w == "of" {
		rest = rest[1:]
	} else if k := v - 1; k > 0 && !has(ts[k:v], "older", "old", "previous", "earlier", "prior", "lower") {
		rest = ts[k:v]
	} else if k := v - 2; k > 0 && has(ts[k+1:v], "older", "old", "previous", "earlier", "prior", "lower") && !stopwords[ts[k].lem] {
		rest = ts[k : k+1] // "firefox old version"
	}
	if len(rest) > 0 && !rest[0].quoted && rest[0].w == "the" {
		rest = rest[1:]
	}
	if !onePackageNamed(rest) || has(rest, "nixos", "system", "everything", "os") {
		return "the package"
	}
	return rest[0].raw
}

// ohMyZsh: "install oh my zsh", "set up oh my zsh": three words whose
// middle one is glue anywhere else.
func ohMyZsh(ts []token) bool {
	for i := 0; i+2 < len(ts); i++ {
		if ts[i].w == "oh" && ts[i+1].w == "my" && (ts[i+2].w == "zsh" || ts[i+2].w == "zshell") && !ts[i].quoted {
			return i <= 2
		}
	}
	return false
}

// passwordVerbs start a request to set a password.
var passwordVerbs map[string]bool

// diskQuestion answers "what's using my disk", "what is taking up so
// much space": ask-nix measures no files, but says what does, and what
// of it old generations hold. nil when ts is no such question.
func diskQuestion(text string, ts []token) *intent.NotUnderstood {
	if !((ts[0].w == "what" || ts[0].w == "which" || ts[0].w == "who" || ts[0].w == "show" || ts[0].w == "find" || ts[0].w == "check") &&
		has(ts, "using", "uses", "use", "usage", "taking", "takes", "take", "eating", "eats", "filling", "fills", "hogging", "occupying", "occupies") &&
		has(ts, "disk", "space", "storage", "drive", "ssd", "partition")) {
		return nil
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.SystemInfo, "show system info"), sug(intent.GC, "clean up old generations, keep 5")},
		Hint:        "ask-nix does not measure files: `sudo du -xh --max-depth=2 / | sort -h` or `ncdu /` show what takes the space; `ask-nix info` shows the store's size, and old generations hold store paths that \"clean up old generations, keep 5\" (then \"collect garbage\") frees; nothing was changed"}
}

// machineQuestion answers questions about the running machine that no
// setting answers ("what is my ip address", "how much ram do I have",
// "which services are running"): they once drew "is ssh enabled" or
// "help" as suggestions. The answer names the command that tells. nil
// when ts is no such question.
func machineQuestion(text string, ts []token) *intent.NotUnderstood {
	if !asksQuestion(ts) && ts[0].w != "show" && ts[0].w != "list" && ts[0].w != "check" && ts[0].w != "tell" && ts[0].w != "get" {
		return nil
	}
	for _, t := range ts {
		if t.quoted {
			return nil
		}
	}
	switch {
	case has(ts, "ip", "ips", "ipv4", "ipv6", "ip-address") && !has(ts, "port", "ports", "dns", "forwarding", "enabled", "disabled", "on", "off", "support", "supported"):
		return &intent.NotUnderstood{Request: text,
			Hint: "ask-nix does not read network addresses: `ip -brief address` lists this machine's, and `curl -s https://ifconfig.me` shows the public one your router has; nothing was changed"}
	case has(ts, "ram", "memory", "swap") && has(ts, "much", "free", "left", "have", "used", "using", "available", "is", "ram", "memory"):
		return &intent.NotUnderstood{Request: text,
			Hint: "ask-nix does not read memory use: `free -h` shows memory and swap, `top` or `btop` what uses them; nothing was changed"}
	case (has(ts, "gpu", "gpus") || has(ts, "graphics", "video") && has(ts, "card", "cards", "chip")) &&
		!has(ts, "driver", "drivers", "enabled", "disabled", "on", "off", "installed", "install", "acceleration", "support", "supported", "used", "using", "uses", "use", "should", "passthrough"):
		// "what gpu do i have" asked whether a package named gpu was
		// installed.
		return &intent.NotUnderstood{Request: text,
			Hint: "ask-nix does not read hardware: `lspci -nn | grep -iE 'vga|3d|display'` names the graphics card, and `nix-shell -p pciutils` has lspci where it is missing; " +
				"its driver is a setting (\"enable nvidia drivers\" says what NVIDIA's needs; AMD's and Intel's come with \"enable graphics\"); nothing was changed"}
	case has(ts, "cpu", "cpus", "cores", "processor", "processors", "threads") && has(ts, "many", "which", "what", "have", "model", "is", "number") &&
		!has(ts, "governor", "microcode", "build", "builds", "building", "jobs", "nix", "use", "using", "frequency", "enabled", "disabled"):
		return &intent.NotUnderstood{Request: text,
			Hint: "ask-nix does not read hardware: `nproc` counts the CPUs, `lscpu` names the processor and its cores; nothing was changed"}
	case has(ts, "disks", "disk", "drives", "drive", "partitions", "partition", "ssd", "ssds") && (ts[0].w == "show" || ts[0].w == "list" || has(ts, "which", "what", "many", "have")) &&
		!has(ts, "space", "usage", "used", "free", "full", "left", "health", "healthy", "smart", "encrypted", "encryption", "mounted", "mount", "size", "big", "large", "taking"):
		// "show me my disks" suggested "list generations".
		return &intent.NotUnderstood{Request: text,
			Hint: "ask-nix does not read disks: `lsblk -f` lists the disks, their partitions, file systems and where they are mounted, and `df -h` how full each is; nothing was changed"}
	case has(ts, "services", "service", "units", "daemons") && has(ts, "running", "enabled", "active", "started", "on", "failed") && !has(ts, "ssh", "docker"):
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ShowOption, "is ssh enabled")},
			Hint:        "`systemctl list-units --type=service --state=running` lists the services running now (`--state=failed` the failed ones); ask-nix answers for one service (\"is ssh enabled\"), and its fragment holds what it turned on (`ask-nix diff`, `ask-nix history`); nothing was changed"}
	}
	return nil
}

// unitWords are the words of a question about a running service's
// state or logs; unitAsks are the ones that ask it.
var unitWords map[string]bool
var unitAsks map[string]bool

// unitQuestion answers "check nginx status", "show nginx logs", "why is
// nginx failing", "journalctl -u nginx": the running service's state,
// which systemd tells, not the configuration ask-nix edits (its own
// "status" is the reconciler's). nil when ts is no such question.
func unitQuestion(text string, ts []token) *intent.NotUnderstood {
	name, asks := "", false
	for _, t := range ts {
		switch {
		case t.quoted:
			return nil
		case unitAsks[t.w]:
			asks = true
		case unitWords[t.w] || stopwords[t.lem]:
		case name == "":
			if o, ok := serviceOption(t.w); !ok || strings.HasPrefix(o, "programs.") {
				return nil
			}
			name = t.raw
		default:
			return nil
		}
	}
	if name == "" && asks && has(ts, "logs", "log", "journal", "journalctl") {
		// "show logs", "check the system journal": which service is
		// not said; the whole journal is how.
		return &intent.NotUnderstood{Request: text,
			Hint: "the system's logs are systemd's journal: `journalctl -b` shows this boot's, `journalctl -b -p err` its errors, `journalctl -u <unit>` one service's, `journalctl -f` follows new lines, and `journalctl -k` (or `dmesg`) the kernel's; " +
				"ask-nix's own edits are `ask-nix history`; nothing was changed"}
	}
	if name == "" || !asks {
		return nil
	}
	return unitAnswer(text, name)
}

// unitAnswer is unitQuestion's answer for the service name.
func unitAnswer(text, name string) *intent.NotUnderstood {
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.ShowOption, "is "+name+" enabled")},
		Hint:        "how a running service is doing is systemd's to say: `systemctl status <unit>` and `journalctl -u <unit> -b` (the unit is often the service's name, e.g. " + strings.ToLower(name) + ".service; `systemctl list-units | grep -i " + strings.ToLower(name) + "` finds it); ask-nix answers whether the configuration turns it on (\"is " + name + " enabled\"), and `ask-nix status` is the reconciler's own; nothing was changed"}
}

// governors are the Linux cpufreq governors powerManagement.cpuFreqGovernor
// takes.
var governors map[string]bool

// goalWords may stand around a goal without naming anything to enable.
var goalWords map[string]bool

// systemdBootHint: the boot loader change, said exactly, for the
// person to make where their boot loader is set.
const systemdBootHint = "ask-nix does not change boot loaders: a mistake there leaves a machine that does not start, and the loader you have now is set in your configuration.nix, where ask-nix's fragment cannot take it out (NixOS takes one loader at a time). " +
	"systemd-boot needs a UEFI machine (not BIOS) with its EFI system partition mounted at /boot; there, in configuration.nix, set boot.loader.systemd-boot.enable = true; and boot.loader.efi.canTouchEfiVariables = true; " +
	"and replace the boot.loader.grub lines with boot.loader.grub.enable = false; then run `sudo nixos-rebuild boot` and reboot, with a NixOS installer at hand. Nothing was changed"

// loaderNames name boot loaders NixOS has a boot.loader.<name>.enable
// switch for.
var loaderNames = []string{"grub", "grub2", "systemd-boot", "systemdboot", "gummiboot", "limine", "refind"}

// loaderByNameHint answers a boot loader turned on or off by its name.
const loaderByNameHint = "ask-nix does not turn boot loaders on or off by name: set up wrong, the machine may not start, and the loader you have now is set in your configuration.nix (GRUB, boot.loader.grub.enable, is on unless it is turned off there), which the fragment cannot take out; NixOS takes one loader at a time. " +
	"Change boot.loader.<name>.enable in configuration.nix, then run `sudo nixos-rebuild boot` and reboot with a NixOS installer at hand. Nothing was changed"

// x11Words name the X Window System.
var x11Words map[string]bool

// displayServerVocab are the other words of a request to run sessions
// on X11 or on Wayland.
var displayServerVocab map[string]bool

// displayServerSaid is "x11" or "wayland": the one a request asks
// sessions to run on ("use x11 instead of wayland", "switch from
// wayland to xorg", "disable wayland", "switch to x11"); "x11 server"
// for X11 said to use and nothing else ("use x11"); or "" when the
// request is not about that. Wayland said alone ("use wayland",
// "enable wayland") is left to the Wayland answer.
func displayServerSaid(ts []token) string {
	xAt, wAt := -1, -1
	for i, t := range ts {
		if t.quoted || !displayServerVocab[t.w] && !stopwords[t.lem] {
			return ""
		}
		switch {
		case x11Words[t.w] && xAt < 0:
			xAt = i
		case t.w == "wayland" && wAt < 0:
			wAt = i
		}
	}
	// "x" alone is a letter, not X11.
	if xAt >= 0 && ts[xAt].w == "x" && !has(ts, "wayland", "session", "server") {
		xAt = -1
	}
	away := func(i int) bool { // said as what is to go
		if i == 1 && (ts[0].w == "replace" || ts[0].w == "swap" || ts[0].w == "disable" || ts[0].w == "stop" || ts[0].w == "no") {
			return true
		}
		if i > 0 {
			switch ts[i-1].w {
			case "from", "of", "over", "than", "not", "without", "no":
				return true
			}
		}
		return false
	}
	switch {
	case xAt >= 0 && wAt >= 0 && away(wAt) != away(xAt):
		if away(wAt) {
			return "x11"
		}
		return "wayland"
	case xAt >= 0 && wAt < 0 && !away(xAt) && ts[0].w != "use":
		// "switch to x11", "switch back to xorg".
		return "x11"
	case xAt >= 0 && wAt < 0 && !away(xAt):
		// "use x11", "use the x server": the X server on, or X11
		// sessions instead of Wayland's; both asked, the server first.
		return "x11 server"
	case wAt >= 0 && xAt < 0 && away(wAt):
		return "x11" // "disable wayland", "no wayland"
	}
	return ""
}

// displayServerAnswer: which of X11 and Wayland a desktop runs on is
// the session picked at the login screen, set in the display manager's
// and the desktop's own options; read as packages it removed one named
// wayland and installed one named x11.
func displayServerAnswer(text, want string) *intent.NotUnderstood {
	const how = "each desktop session runs on X11 or on Wayland, picked at the login screen (the gear or session menu); GNOME and Plasma 6 start Wayland sessions by default"
	if want == "x11 server" {
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable x11"), sug(intent.SetOption, "set services.xserver.displayManager.gdm.wayland to false")},
			Hint: "X11 is no package: the X server is services.xserver.enable (\"enable x11\"); " + how +
				", so X11 instead of Wayland is the session picked there: GDM offers X11 sessions only with services.xserver.displayManager.gdm.wayland = false, and Plasma 6's X11 session is services.displayManager.defaultSession = \"plasmax11\"; nothing was changed"}
	}
	if want == "x11" {
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "set services.xserver.displayManager.gdm.wayland to false"), sug(intent.EnableService, "enable x11")},
			Hint:        how + "; GDM offers X11 sessions only with services.xserver.displayManager.gdm.wayland = false, and Plasma 6's X11 session is services.displayManager.defaultSession = \"plasmax11\"; X11 sessions need the X server on (\"enable x11\", services.xserver.enable); no package is changed; nothing was changed"}
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.SetOption, "unset services.xserver.displayManager.gdm.wayland"), sug(intent.EnableService, "enable sway"), sug(intent.EnableService, "enable hyprland")},
		Hint:        how + "; GDM offers them unless services.xserver.displayManager.gdm.wayland is false (unset it for the default), and sway and Hyprland are Wayland compositors; no package is changed; nothing was changed"}
}

// layoutSwitchKeys is the XKB grp: option for the keys said to switch
// keyboard layouts ("with alt shift", "using ctrl+shift"), "" when ts
// says no switching or no keys.
func layoutSwitchKeys(ts []token) string {
	keys := map[string]bool{}
	switching := false
	for _, t := range ts {
		switch t.w {
		case "switch", "switching", "toggle", "toggling", "change", "changing", "cycle":
			switching = true
		}
		for _, k := range strings.FieldsFunc(t.w, func(r rune) bool { return r == '+' || r == '-' }) {
			switch k {
			case "alt", "shift", "ctrl", "control", "space", "super", "win", "caps", "capslock":
				keys[k] = true
			}
		}
	}
	ctrl, caps := keys["ctrl"] || keys["control"], keys["caps"] || keys["capslock"]
	switch {
	case !switching || len(keys) == 0:
		return ""
	case ctrl && keys["shift"]:
		return "grp:ctrl_shift_toggle"
	case (keys["super"] || keys["win"]) && keys["space"]:
		return "grp:win_space_toggle"
	case keys["alt"] && keys["space"]:
		return "grp:alt_space_toggle"
	case caps:
		return "grp:caps_toggle"
	case ctrl && keys["alt"]:
		return "grp:ctrl_alt_toggle"
	case keys["alt"] && keys["shift"]:
		return "grp:alt_shift_toggle"
	}
	return ""
}

// ruleFragmentAsked answers "what is enabled", "what did i turn on",
// "what does ask-nix manage": what ask-nix's fragment turns on. They
// searched nixpkgs for "enabled", asked whether a package named
// "enabled" was installed, or suggested "enable ssh".
func ruleFragmentAsked(text string, ts []token) (intent.Intent, bool, error) {
	if !asksQuestion(ts) && ts[0].w != "show" && ts[0].w != "list" && ts[0].w != "tell" || !fragmentAsked(ts) {
		return intent.Intent{}, false, nil
	}
	return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.ListInstalled, "list installed"), sug(intent.ShowOption, "is ssh enabled")},
		Hint: "what ask-nix turned on is in its fragment: `ask-nix history` lists each edit and `ask-nix diff 3` shows edit 3, `ask-nix config` says where the fragment is (read it with any editor), and \"list installed\" lists its packages; " +
			"\"is ssh enabled\" answers for one service, from the whole configuration; nothing was changed"}
}

// fragmentAsked: ts asks what is turned on, or what ask-nix manages,
// naming nothing ("what is enabled", "what did i turn on", "what's in
// my fragment").
func fragmentAsked(ts []token) bool {
	asked := false
	for _, t := range ts {
		switch t.w {
		case "enabled", "enable", "turned", "manage", "manages", "managed", "fragment":
			asked = true
		case "turn":
			asked = asked || has(ts, "on")
		case "what", "which", "is", "are", "did", "have", "has", "does", "do", "i", "we", "you", "ask-nix", "on", "in", "my", "the",
			"show", "me", "list", "tell", "everything", "all", "things", "stuff", "so", "far", "already", "currently", "now",
			"settings", "options", "been", "by", "managing":
		default:
			return false
		}
	}
	return asked
}

// envVariable answers "set environment variable FOO to bar", "export
// FOO=bar": an environment variable is set by its option's path, for
// shells (environment.variables) or the whole session
// (environment.sessionVariables), which is said, never guessed. The
// request to say is suggested when the name and value are plain.
func envVariable(text string, ts []token) *intent.NotUnderstood {
	name, value := "", ""
	for i, t := range ts {
		if t.quoted && name != "" && value == "" {
			value = t.raw
			continue
		}
		if k, v, ok := strings.Cut(t.raw, "="); ok && k != "" && !t.quoted {
			name, value = k, v
			break
		}
		if (t.w == "variable" || t.w == "var") && i+1 < len(ts) && !ts[i+1].quoted && name == "" {
			name = ts[i+1].raw
		}
		if (t.w == "to" || t.w == "as") && name != "" && i+1 < len(ts) && value == "" {
			value = ts[i+1].raw
			if i+2 < len(ts) {
				value = "" // more than one word: not written out for it
			}
			break
		}
	}
	nu := &intent.NotUnderstood{Request: text,
		Hint: "an environment variable is a NixOS option by its name: environment.variables.<NAME> for shells, environment.sessionVariables.<NAME> for the whole session (graphical programs too), said by its path (\"set environment.variables.<NAME> to <value>\"); " +
			"`env` shows the ones set now, and one user's own are set in their shell's profile; nothing was changed"}
	if !envName(name) || value == "" || strings.ContainsAny(value, "\"'\\$`;") {
		return nu
	}
	if name == "EDITOR" || name == "VISUAL" {
		nu.Suggestions = []intent.Suggestion{sug(intent.SetOption, "make "+value+" my default editor")}
		return nu
	}
	nu.Suggestions = []intent.Suggestion{sug(intent.SetOption, "set environment.variables."+name+" to "+value),
		sug(intent.SetOption, "set environment.sessionVariables."+name+" to "+value)}
	return nu
}

// envName: s is a shell variable's name (FOO, JAVA_HOME).
func envName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// languageAnswer answers "i want my system in french" (it suggested
// "install firefox") and "add german locale" (a package named german):
// the locale's request to say, for the language named last; nil when
// ts is neither.
func languageAnswer(text string, ts []token) *intent.NotUnderstood {
	n := len(ts)
	if n < 3 || n > 9 || ts[n-1].quoted {
		return nil
	}
	lang, at := "", -1
	for k := 2; k >= 1; k-- {
		if n-k < 1 || !localeLastWords[ts[n-1].w] {
			continue
		}
		w := joinW(ts[n-k:])
		_, one := localeNames[w]
		_, several := localeAsk[w]
		if one || several {
			lang, at = w, n-k
			break
		}
	}
	addLocale := has(ts, "locale", "locales") && (ts[0].w == "add" || ts[0].w == "install" || ts[0].w == "enable" || ts[0].w == "generate")
	if lang == "" && addLocale && n >= 3 {
		// "add german locale": the language before the word locale.
		w := ts[n-2].w
		_, one := localeNames[w]
		_, several := localeAsk[w]
		if (one || several) && (ts[n-1].w == "locale" || ts[n-1].w == "locales") {
			lang, at = w, n-2
		}
	}
	if lang == "" {
		return nil
	}
	inLanguage := ts[at-1].w == "in" || ts[at-1].w == "to" || ts[at-1].w == "into"
	system := has(ts[:at], "system", "computer", "desktop", "nixos", "laptop", "pc", "interface", "everything", "os", "machine", "menus")
	if !(addLocale || inLanguage && system) || !addLocale && has(ts, "keyboard", "layout", "keymap", "console", "install", "search", "language", "languages", "locale", "lang") {
		// "set the system language to japanese": the setting named,
		// read as such.
		return nil
	}
	var ss []intent.Suggestion
	locale := ""
	if l, ok := localeNames[lang]; ok {
		locale = l.locale + ".UTF-8"
		ss = append(ss, sug(intent.SetOption, "set locale to "+locale))
	} else {
		both := localeAsk[lang]
		locale = both[0] + ".UTF-8"
		ss = append(ss, sug(intent.SetOption, "set locale to "+both[0]+".UTF-8"), sug(intent.SetOption, "set locale to "+both[1]+".UTF-8"))
	}
	if addLocale {
		ss = append(ss, sug(intent.SetOption, "set i18n.extraLocaleSettings.LC_TIME to "+locale))
		return &intent.NotUnderstood{Request: text, Suggestions: ss,
			Hint: "NixOS builds the locales its configuration uses: i18n.defaultLocale (\"set locale to " + locale + "\" makes it the system's language) and those of i18n.extraLocaleSettings, which uses one for a part only (LC_TIME for dates and times, LC_MONETARY, LC_PAPER, ...); " +
				"more in i18n.supportedLocales, a list ask-nix does not write; nothing was changed"}
	}
	return &intent.NotUnderstood{Request: text, Suggestions: ss,
		Hint: "the system's language is its locale, i18n.defaultLocale: say \"set locale to " + locale + "\" (ask-nix shows the plan first); it applies after a new login, and GNOME and KDE also keep a language of their own per user, in their settings; nothing was changed"}
}

// clockZone reads "set time to berlin", "set the clock to new york
// time", "use berlin time": a place said for the clock, which is the
// time zone's; "" when ts is none. The place is not checked here: the
// request suggested is, when said.
func clockZone(ts []token) string {
	if len(ts) < 3 || len(ts) > 7 || ts[0].quoted || ts[0].w != "set" && ts[0].w != "change" && ts[0].w != "switch" && ts[0].w != "use" ||
		has(ts, "timezone", "zone", "tz", "format", "hour", "24", "12", "sync", "server", "ntp") {
		return ""
	}
	var place []token
	switch ts[0].w {
	case "set", "change", "switch":
		k := slices.IndexFunc(ts, func(t token) bool { return !t.quoted && t.w == "to" })
		if k < 2 || k == len(ts)-1 {
			return ""
		}
		for _, t := range ts[1:k] {
			if t.w != "the" && t.w != "my" && t.w != "time" && t.w != "clock" && t.w != "system" {
				return ""
			}
		}
		if !has(ts[1:k], "time", "clock") {
			return ""
		}
		place = ts[k+1:]
		if l := len(place) - 1; l > 0 && place[l].w == "time" {
			place = place[:l]
		}
	case "use":
		if ts[len(ts)-1].w != "time" {
			return ""
		}
		place = ts[1 : len(ts)-1]
	default:
		return ""
	}
	if len(place) == 0 || len(place) > 3 {
		return ""
	}
	for _, t := range place {
		if t.quoted || !isLetters(t.w) {
			return ""
		}
	}
	return joinRaw(place)
}

// isLetters: w is letters only (a place's name word).
func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return w != ""
}

// powerButton answers "ignore power button", "shutdown when the power
// button is pressed": services.logind.powerKey, whose value is said by
// its path (the option is written as "set ... to ..."), never guessed.
func powerButton(text string, ts []token) *intent.NotUnderstood {
	v := ""
	for _, t := range ts {
		switch t.w {
		case "ignore", "nothing", "disable", "off":
			if v == "" {
				v = "ignore"
			}
		case "shutdown", "shut", "poweroff":
			v = "poweroff"
		case "suspend", "sleep":
			v = "suspend"
		case "hibernate":
			v = "hibernate"
		case "reboot", "restart":
			v = "reboot"
		case "lock":
			v = "lock"
		}
	}
	nu := &intent.NotUnderstood{Request: text,
		Hint: "what the power button does is services.logind.powerKey (poweroff by default; also ignore, suspend, hibernate, reboot, lock), and a long press services.logind.powerKeyLongPress, set by path; GNOME and KDE may handle the button themselves, in their power settings; nothing was changed"}
	if v != "" {
		nu.Suggestions = []intent.Suggestion{sug(intent.SetOption, "set services.logind.powerKey to "+v)}
	}
	return nu
}

// browserNames are web browsers by the names people give them.
var browserNames = []string{"firefox", "chromium", "chrome", "google-chrome", "brave", "librewolf", "vivaldi", "qutebrowser", "epiphany", "falkon", "floorp", "opera", "edge", "microsoft-edge"}

// deadKeysAsked: ts asks for dead keys, or against them ("enable dead
// keys", "no dead keys", "how do I type accents"), never with a layout
// said that has them ("set keyboard to german nodeadkeys" is a setting).
func deadKeysAsked(ts []token) bool {
	if len(ts) > 10 || has(ts, "install", "search", "set", "layout", "variant", "to", "nodeadkeys") {
		return false
	}
	for i, t := range ts {
		if t.quoted {
			return false
		}
		if t.w == "dead" && i+1 < len(ts) && (ts[i+1].w == "key" || ts[i+1].w == "keys") || t.w == "deadkeys" || t.w == "dead-keys" {
			return true
		}
	}
	return has(ts, "accent", "accents", "accented", "umlaut", "umlauts", "diacritic", "diacritics") &&
		has(ts, "type", "typing", "write", "writing", "input", "enter", "get", "use")
}

// deadKeys answers dead keys asked for or against: they come with a
// keyboard layout's variant, which depends on the layout in use, so
// nothing is written; the answer says which variant does what.
func deadKeys(text string, ts []token) *intent.NotUnderstood {
	off := prefix(ts, disableLead) > 0 || has(ts, "no", "not", "without", "remove", "rid", "off", "stop")
	if off {
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ShowOption, "what keyboard layout do i use")},
			Hint: "dead keys come with a keyboard layout's variant, so which to set depends on the layout you use (\"what keyboard layout do i use\"): " +
				"US international (layout us, variant intl) has them, and plain us (\"set keyboard to us\") or altgr-intl (accents behind AltGr: \"set keyboard variant to altgr-intl\") does not; " +
				"a layout with them built in has a nodeadkeys variant (\"set keyboard to german nodeadkeys\": services.xserver.xkb.variant = \"nodeadkeys\"); nothing was changed"}
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.SetOption, "set keyboard to us international"), sug(intent.ShowOption, "what keyboard layout do i use"), sug(intent.SetOption, "add keyboard option compose:ralt")},
		Hint: "dead keys (' then e types é) come with a keyboard layout's variant, not a switch of their own: for US English it is the intl variant (\"set keyboard to us international\": services.xserver.xkb.layout = \"us\" and variant = \"intl\"; " +
			"the text console's keymap with them is us-acentos, \"set console keymap to us-acentos\"); German, French, Spanish and most other layouts have them already; " +
			"a Compose key (\"add keyboard option compose:ralt\") types accents without them; nothing was changed"}
}

// graphicalAsked reads the graphical session asked for or against with
// no desktop named: "disable the gui", "boot to console", "turn off the
// display manager", "enable gui": 1 for on, -1 for off, 0 for anything
// else (a desktop or login screen named is read as that service).
func graphicalAsked(ts []token) int {
	if len(ts) < 2 || len(ts) > 8 {
		return 0
	}
	dir, n, boot := 0, 0, false
	switch {
	case ts[0].w == "start" && has(ts, "in", "into", "to") && has(ts, "console", "tty", "text", "cli", "headless"):
		dir, n, boot = -1, 1, true // "start in text mode", not the service "start" turns on
	case prefix(ts, disableLead) > 0:
		dir, n = -1, prefix(ts, disableLead)
	case prefix(ts, enableLead) > 0:
		dir, n = 1, prefix(ts, enableLead)
	case ts[0].w == "boot" || ts[0].w == "start":
		dir, n, boot = -1, 1, true // "boot to console", "boot without gui"
	default:
		return 0
	}
	gui, text, display, manager, login, screen := false, false, false, false, false, false
	for _, t := range ts[n:] {
		switch {
		case t.quoted:
			return 0
		case t.w == "gui" || t.w == "graphical" || t.w == "desktop" || t.w == "de":
			gui = true
		case t.w == "console" || t.w == "tty" || t.w == "text" || t.w == "cli" || t.w == "terminal" || t.w == "headless":
			text = true
		case t.w == "display":
			display = true
		case t.w == "manager":
			manager = true
		case t.w == "login":
			login = true
		case t.w == "screen":
			screen = true
		case t.w == "without" || t.w == "no":
			dir = -1
		case t.w == "the" || t.w == "a" || t.w == "my" || t.w == "environment" || t.w == "interface" || t.w == "session" ||
			t.w == "mode" || t.w == "to" || t.w == "into" || t.w == "in" || t.w == "on" || t.w == "at" || t.w == "startup" || t.w == "boot" || t.w == "only":
		default:
			return 0
		}
	}
	if boot {
		if !text && !(gui && dir < 0) {
			return 0 // "boot generation 3"
		}
		return -1
	}
	if gui || display && manager || login && screen {
		return dir
	}
	return 0
}

// graphical answers graphicalAsked: no desktop or login screen named,
// none is guessed.
func graphical(text string, ts []token) *intent.NotUnderstood {
	if graphicalAsked(ts) > 0 {
		return desktopAsked(text, intent.Install, []token{{w: "desktop", lem: "desktop", raw: "desktop"}})
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.DisableService, "disable gnome"), sug(intent.DisableService, "disable plasma")},
		Hint: "the graphical login comes from a desktop and its login screen (a display manager: GDM, SDDM, LightDM) turned on in your configuration: ask-nix turns off one it turned on by name (\"disable gnome\", \"disable plasma\", \"disable gdm\"); " +
			"one set in configuration.nix is changed there (services.xserver.enable, services.displayManager.*), and the machine then boots to a text console; " +
			"`sudo systemctl isolate multi-user.target` leaves the graphical session until the next boot; nothing was changed"}
}

// programReset is the package named in "reset firefox", "repair htop",
// "reinstall firefox", "fix vlc": one name after the verb (and "my"),
// that names no setting, service or part of the machine ("reset the
// timezone" unsets it, "fix my sound" is a fault); "" otherwise.
func programReset(ts []token) string {
	if len(ts) < 2 || len(ts) > 3 || ts[0].quoted {
		return ""
	}
	switch ts[0].w {
	case "reset", "repair", "reinstall", "fix", "restore":
	default:
		return ""
	}
	i := 1
	if len(ts) == 3 {
		if ts[1].w != "my" && ts[1].w != "the" {
			return ""
		}
		i = 2
	}
	t := ts[i]
	if t.quoted || !isPackageLike(t.raw) || stopwords[t.lem] || notPackages[t.w] || categoryWords[t.w] || featureWords[t.w] ||
		packageFillers[t.w] || wholeSetWords[t.w] || inSomeBag(t) || strings.Contains(t.w, ".") {
		return ""
	}
	if o, ok := serviceOption(t.w); ok && !strings.HasPrefix(o, "programs.") {
		return "" // a service ("reset ssh"); a program's module is the program
	}
	if _, ok := SettingNamed(t.w); ok {
		return ""
	}
	return packageName(t)
}

// displayAsked: ts asks about the screen's resolution, scaling, rotation,
// brightness or font size, which the desktop sets.
func displayAsked(ts []token) bool {
	if len(ts) > 9 || has(ts, "install", "search", "remove", "uninstall", "governor", "cpu", "frequency", "cpufreq", "zram", "swap") || slices.ContainsFunc(ts, looksLikeOption) {
		return false // "set scaling governor to schedutil", an option by its path
	}
	screen := has(ts, "screen", "display", "displays", "monitor", "monitors", "font", "fonts", "text")
	switch {
	case has(ts, "resolution", "dpi", "hidpi", "scaling", "brightness", "refresh", "hz"):
		return !has(ts, "dns", "name", "names", "resolved")
	case has(ts, "rotate", "rotation", "scale", "size", "bigger", "smaller", "dim", "brighter", "darker"):
		return screen
	case has(ts, "multiple", "second", "external", "dual", "extend", "mirror") && has(ts, "monitor", "monitors", "screen", "screens", "display", "displays"):
		return true
	case has(ts, "font") && has(ts, "console", "tty"):
		return true // "set console font"
	}
	return false
}

// editorOrShellAsked answers "what is my default editor", "what shell am
// i using" (they suggested "is ssh enabled"): the running session's to
// say. nil for anything else.
func editorOrShellAsked(text string, ts []token) *intent.NotUnderstood {
	if len(ts) > 7 || ts[0].quoted || ts[0].w != "what" && ts[0].w != "which" || !has(ts, "editor", "shell") {
		return nil
	}
	for _, t := range ts {
		switch t.w {
		case "what", "which", "is", "my", "the", "default", "editor", "shell", "login", "am", "i", "using", "use", "do", "current", "text", "set", "as":
		default:
			return nil
		}
	}
	if has(ts, "editor") {
		return &intent.NotUnderstood{Request: text,
			Hint: "`echo $EDITOR` shows your default editor (NixOS's is nano unless the configuration sets another); \"make vim my default editor\" changes it; nothing was changed"}
	}
	return &intent.NotUnderstood{Request: text,
		Hint: "`echo $SHELL` shows your login shell; it is users.users.<name>.shell (or users.defaultUserShell) in configuration.nix, which ask-nix does not write (bash unless set); nothing was changed"}
}

// beepAsked: the PC speaker's beep or the system bell asked to be quiet
// ("turn off the annoying beep", "disable the pc speaker", "stop the
// beeping").
func beepAsked(ts []token) bool {
	if len(ts) > 9 || has(ts, "install", "search", "remove", "uninstall") {
		return false
	}
	return has(ts, "beep", "beeps", "beeping", "beeper", "pcspkr") ||
		has(ts, "pc", "pc-speaker", "internal", "motherboard", "system") && has(ts, "speaker", "pc-speaker", "bell") ||
		has(ts, "bell") && has(ts, "terminal", "console", "audible", "annoying", "disable", "mute", "silence", "turn", "stop")
}

// journalCleanAsked: the system's logs asked to be cleaned ("clean
// journal logs", "vacuum the journal", "delete old logs"), with no
// other word: "remove nginx logs" names a service's.
func journalCleanAsked(ts []token) bool {
	if len(ts) > 8 || !has(ts, "journal", "journald", "logs", "log", "journalctl") ||
		!has(ts, "clean", "clear", "vacuum", "delete", "purge", "remove", "empty", "wipe", "cleanup", "trim", "rotate") {
		return false
	}
	for _, t := range ts {
		switch t.w {
		case "journal", "journald", "logs", "log", "journalctl", "clean", "clear", "vacuum", "delete", "purge", "remove", "empty", "wipe", "cleanup", "trim", "rotate",
			"old", "older", "all", "system", "systemd", "files", "file", "entries", "up", "out", "the", "my", "some", "to", "free", "space", "disk", "how", "do", "i", "can":
		default:
			if t.quoted || !stopwords[t.lem] {
				return false
			}
		}
	}
	return true
}

// openFilesAsked: the limit on open files (ulimit -n, "nofile") asked
// about or asked to be raised ("increase the number of open files",
// "too many open files", "raise the file descriptor limit", "set ulimit
// -n 65535"). "open" here opens no port.
func openFilesAsked(ts []token) bool {
	if len(ts) > 12 || has(ts, "install", "search", "remove", "uninstall", "port", "ports", "firewall") {
		return false
	}
	return has(ts, "ulimit", "ulimits", "nofile", "rlimit_nofile", "limitnofile", "defaultlimitnofile") ||
		has(ts, "open") && has(ts, "files", "file") && has(ts, "limit", "limits", "number", "many", "max", "maximum", "more", "increase", "raise", "count") ||
		has(ts, "descriptor", "descriptors", "fd", "fds") && has(ts, "limit", "limits", "number", "many", "max", "maximum", "more", "increase", "raise")
}

// openFilesHint answers openFilesAsked: the limit is a login's and each
// service's, set where ask-nix does not write.
const openFilesHint = "the open-files limit (`ulimit -n`) is no one switch: a login's is security.pam.loginLimits (a list: [ { domain = \"*\"; type = \"-\"; item = \"nofile\"; value = \"65536\"; } ]), " +
	"a service's is its unit's LimitNOFILE (systemd.services.<name>.serviceConfig.LimitNOFILE = 65536), and every service's default is systemd's DefaultLimitNOFILE (systemd.settings.Manager.DefaultLimitNOFILE, a line of systemd.extraConfig before NixOS 25.11); " +
	"ask-nix writes none of them: set the one you need in configuration.nix, then log in again or restart the service; `ulimit -n` shows this shell's; nothing was changed"

// beepHint answers beepAsked.
const beepHint = "the beep is the PC speaker, the kernel module pcspkr: boot.blacklistedKernelModules = [ \"pcspkr\" ]; in configuration.nix keeps it from loading, which ask-nix does not write (it edits only the lists it knows), and `sudo rmmod pcspkr` silences it now; " +
	"a bell from the terminal or the desktop is theirs (GNOME: Settings > Sound > Alert Sound; a shell's: `set bell-style none` in ~/.inputrc); nothing was changed"

// substituterHint: binary caches are a list with their keys.
const substituterHint = "adding a substituter (binary cache) is not something ask-nix edits yet: set nix.settings.substituters and its key in nix.settings.trusted-public-keys by hand in configuration.nix (for Cachix, `cachix use <name>` prints both)"

// quietBootAsked: the boot's messages asked to be hidden ("quiet boot",
// "hide boot messages", "enable silent boot", "make boot less verbose").
func quietBootAsked(ts []token) bool {
	if len(ts) > 8 || has(ts, "install", "search", "remove", "uninstall", "menu", "entries", "entry", "generations", "timeout", "loader", "grub") {
		return false
	}
	return has(ts, "boot", "booting", "startup", "bootup") &&
		(has(ts, "quiet", "silent", "quieter", "cleaner", "clean") || has(ts, "messages", "text", "logs", "output") && has(ts, "hide", "no", "without", "less", "fewer", "disable") ||
			has(ts, "less", "verbose") && has(ts, "verbose"))
}

// themeAsked: the desktop's theme asked to change, or a theme to
// install without a name ("change the theme", "install a gtk theme",
// "set gtk theme").
func themeAsked(ts []token) bool {
	if len(ts) > 7 {
		return false
	}
	if !has(ts, "theme", "themes", "theming") {
		return false
	}
	for _, t := range ts {
		switch t.w {
		case "theme", "themes", "theming", "gtk", "gtk2", "gtk3", "gtk4", "qt", "qt5", "qt6", "kde", "gnome", "change", "set", "use", "install", "get",
			"the", "a", "an", "my", "new", "different", "another", "system", "desktop", "global", "app", "apps", "icon", "icons", "cursor", "window", "some", "nice", "i", "want", "how", "do", "to", "can":
		default:
			return false
		}
	}
	return true
}

// loadGuidanceTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadGuidanceTables() {
	passwordVerbs = map[string]bool{"change": true, "set": true, "reset": true, "update": true, "forgot": true,
		"create": true, "new": true, "my": true, "i": true, "modify": true, "give": true, "add": true, "root": true, "user": true}
	unitWords = map[string]bool{"check": true, "show": true, "status": true, "of": true, "the": true, "me": true, "my": true,
		"logs": true, "log": true, "why": true, "is": true, "failing": true, "failed": true, "errors": true, "error": true,
		"crashing": true, "crashed": true, "systemctl": true, "journalctl": true, "-u": true, "service": true, "what": true,
		"wrong": true, "with": true, "get": true, "see": true, "view": true, "read": true, "does": true, "not": true,
		"start": true, "working": true, "work": true, "did": true, "has": true, "sudo": true, "-b": true, "-f": true,
		"reachable": true, "unreachable": true, "responding": true, "accessible": true,
		"fail": true, "fails": true, "keeps": true, "keep": true, "crash": true, "crashes": true, "down": true, "dead": true,
		"journal": true, "system": true, "all": true, "recent": true, "latest": true, "last": true, "boot": true, "kernel": true, "open": true, "display": true, "print": true}
	unitAsks = map[string]bool{"fail": true, "fails": true, "crash": true, "crashes": true, "down": true, "dead": true, "journal": true, "status": true, "broken": true, "reachable": true, "unreachable": true, "responding": true, "accessible": true, "logs": true, "log": true, "failing": true, "failed": true, "errors": true,
		"error": true, "crashing": true, "crashed": true, "wrong": true, "journalctl": true, "working": true}
	governors = map[string]bool{
		"performance": true, "powersave": true, "ondemand": true, "schedutil": true, "conservative": true, "userspace": true,
	}
	goalWords = map[string]bool{
		"enable": true, "activate": true, "turn": true, "on": true, "set": true, "up": true, "setup": true,
		"make": true, "allow": true, "improve": true, "get": true, "extend": true, "better": true, "more": true,
		"the": true, "my": true, "a": true, "for": true, "of": true, "i": true, "want": true, "need": true,
		"laptop": true, "computer": true, "machine": true, "mode": true, "support": true, "to": true, "with": true,
		"start": true, "using": true,
	}
	x11Words = map[string]bool{"x11": true, "xorg": true, "x.org": true, "xserver": true, "x-server": true, "x": true}
	displayServerVocab = map[string]bool{
		"use": true, "switch": true, "change": true, "go": true, "move": true, "migrate": true, "back": true, "to": true,
		"from": true, "instead": true, "of": true, "over": true, "rather": true, "than": true, "replace": true, "swap": true,
		"with": true, "for": true, "prefer": true, "the": true, "my": true, "a": true, "session": true, "sessions": true,
		"desktop": true, "display": true, "server": true, "protocol": true, "run": true, "on": true, "not": true,
		"disable": true, "no": true, "without": true, "stop": true, "using": true, "i": true, "want": true, "always": true,
		"default": true, "by": true, "and": true, "graphics": true, "x11": true, "xorg": true, "x.org": true, "xserver": true,
		"x-server": true, "x": true, "wayland": true,
	}
}
