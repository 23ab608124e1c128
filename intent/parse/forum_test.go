package parse_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// forumReadings are requests as NixOS users write them on forums and in
// chats, each with what it must give: an edit only where the words ask
// for exactly it, else the choices or the next step.
var forumReadings = []reading{
	// A kernel setting asked for by its name: one value of
	// boot.kernel.sysctl, on and off.
	{text: "enable sysrq", want: opt(`boot.kernel.sysctl."kernel.sysrq"`, int64(1))},
	{text: "enable the magic sysrq key", want: opt(`boot.kernel.sysctl."kernel.sysrq"`, int64(1))},
	{text: "turn on sysrq please", want: opt(`boot.kernel.sysctl."kernel.sysrq"`, int64(1))},
	{text: "disable sysrq", want: opt(`boot.kernel.sysctl."kernel.sysrq"`, int64(0))},
	{text: "is sysrq enabled", want: intent.Intent{Kind: intent.ShowOption, Option: `boot.kernel.sysctl."kernel.sysrq"`, Service: "sysrq"}},
	// An app NixOS runs no service of is removed when turned off (the
	// plan says when the fragment does not have it); turned on, which of
	// its things is asked.
	{text: "disable bitwarden", want: rm("bitwarden-desktop")},
	{text: "turn off bitwarden", want: rm("bitwarden-desktop")},
	{text: "enable bitwarden", sugs: []string{"install bitwarden-desktop", "enable vaultwarden"}, hintHas: "Vaultwarden"},
	{text: "disable vaultwarden", want: off("services.vaultwarden.enable", "vaultwarden")},
	{text: "disable dropbox", want: rm("dropbox")},
	{text: "enable dropbox", sugs: []string{"install dropbox", "install maestral-gui"}, hintHas: "no Dropbox service"},
	// No one switch: what it needs, and what ask-nix can do of it.
	{text: "enable kwallet", sugs: []string{"install kdePackages.kwalletmanager", "enable kde"}, hintHas: "security.pam.services.<name>.kwallet.enable"},
	{text: "enable google drive", sugs: []string{"install rclone", "install kdePackages.kio-gdrive"}, hintHas: "no Google Drive service"},
	{text: "mount google drive", sugs: []string{"install rclone", "install kdePackages.kio-gdrive"}, hintHas: "rclone mount"},
	{text: "install google drive", sugs: []string{"install rclone", "install kdePackages.kio-gdrive"}, hintHas: "Online Accounts"},
	{text: "enable gsconnect", sugs: []string{"enable kdeconnect", "install gnomeExtensions.gsconnect"}, hintHas: "programs.kdeconnect.package"},
	{text: "enable distributed builds", sugs: []string{"set nix.distributedBuilds to true"}, hintHas: "nix.buildMachines"},
	{text: "set up remote builders", sugs: []string{"set nix.distributedBuilds to true"}, hintHas: "nix.buildMachines"},
	{text: "disable distributed builds", want: opt("nix.distributedBuilds", false)},
	{text: "turn off distributed builds", want: opt("nix.distributedBuilds", false)},
	{text: "use remote builders", sugs: []string{"set nix.distributedBuilds to true"}, hintHas: "nix.buildMachines"},
	{text: "i want to build on my other machine", sugs: []string{"set nix.distributedBuilds to true"}, hintHas: "nix.buildMachines"},
	{text: "enable distributed builds please", sugs: []string{"set nix.distributedBuilds to true"}, hintHas: "nix.buildMachines"},
	{text: "Enable SysRq", want: opt(`boot.kernel.sysctl."kernel.sysrq"`, int64(1))},
	{text: "could you enable the magic sysrq key for me", want: opt(`boot.kernel.sysctl."kernel.sysrq"`, int64(1))},
	{text: "Disable Bitwarden.", want: rm("bitwarden-desktop")},
	// A licence: NVIDIA's is a setting; which one is asked when unsaid.
	{text: "accept the nvidia license", want: opt("nixpkgs.config.nvidia.acceptLicense", true)},
	{text: "accept the license", sugs: []string{"accept the nvidia license", "allow unfree packages"}, hintHas: "android_sdk.accept_license"},
	{text: "agree to the licence", sugs: []string{"accept the nvidia license", "allow unfree packages"}, hintHas: "nixpkgs.config.nvidia.acceptLicense"},
	{text: "nvidia license", sugs: []string{"accept the nvidia license", "show option nixpkgs.config.nvidia.acceptLicense"}},
	{text: "i agree to the nvidia terms", want: opt("nixpkgs.config.nvidia.acceptLicense", true)},
	{text: "accept the terms and conditions", sugs: []string{"accept the nvidia license", "allow unfree packages"}, hintHas: "security.acme.acceptTerms"},
	// A pronoun alone names nothing: never "enable git" for "enable it".
	{text: "enable it", sugs: []string{"enable ssh"}, hintHas: "\"it\" names nothing here"},
	{text: "turn it on", sugs: []string{"enable ssh"}, hintHas: "\"it\" names nothing here"},
	{text: "switch them off", sugs: []string{"disable bluetooth"}, hintHas: "\"them\" names nothing here"},
	{text: "install it", sugs: []string{"install firefox"}, hintHas: "\"install steam and enable it\" works"},
	{text: "please remove that", sugs: []string{"remove firefox"}, hintHas: "\"that\" names nothing here"},
	{text: "start it on boot", sugs: []string{"enable ssh"}, hintHas: "keeping none of the last one's words"},
	// "it" after "and" names what was said; a program with no service
	// is installed, and that is all.
	{text: "install htop and enable it", sugs: []string{"install htop"}, hintHas: "\"enable htop\" names no NixOS service ask-nix knows"},
	{text: "install htop and turn it on", sugs: []string{"install htop"}, hintHas: "\"turn htop on\" names no NixOS service ask-nix knows"},
	{text: "add htop and start it on boot", sugs: []string{"install htop"}, hintHas: "\"install htop\" alone puts the program on the system"},
	{text: "install steam and enable it", sugs: []string{"install steam", "enable steam"}},
	// The boot menu's default is a generation, said by its number.
	{text: "set default boot entry", sugs: []string{"list generations", "reboot into the previous generation"}, hintHas: "\"make generation 41 the default\""},
	{text: "change the default generation", sugs: []string{"list generations", "reboot into the previous generation"}, hintHas: "boot.loader.grub.default"},
	{text: "set the boot default", sugs: []string{"list generations", "reboot into the previous generation"}, hintHas: "`ask-nix generations` lists"},
	// IP forwarding: a kernel setting, and its question.
	{text: "enable ip forwarding", want: opt(`boot.kernel.sysctl."net.ipv4.ip_forward"`, int64(1))},
	{text: "enable ipv6 forwarding", want: opt(`boot.kernel.sysctl."net.ipv6.conf.all.forwarding"`, int64(1))},
	{text: "turn off ip forwarding", want: opt(`boot.kernel.sysctl."net.ipv4.ip_forward"`, int64(0))},
	// A sysctl said with "enable" takes a value, not on or off.
	{text: "enable vm.swappiness", sugs: []string{"set vm.swappiness to 1"}, hintHas: "not turned on or off"},
	{text: "enable kernel.sysrq", want: opt(`boot.kernel.sysctl."kernel.sysrq"`, int64(1))},
	{text: "enable kde wallet", sugs: []string{"install kdePackages.kwalletmanager", "enable kde"}, hintHas: "kwallet-pam"},
	{text: "hey can you enable google drive", sugs: []string{"install rclone", "install kdePackages.kio-gdrive"}, hintHas: "rclone"},
	{text: "please open port 8080 for my web application", want: openPort("tcp", 8080)},
	{text: "get rid of the beep", sugs: []string{}, hintHas: "pcspkr"},
	{text: "turn off the annoying beep", sugs: []string{}, hintHas: "pcspkr"},
	{text: "disable pc speaker", sugs: []string{}, hintHas: "pcspkr"},
	{text: "stop the beeping", sugs: []string{}, hintHas: "pcspkr"},
	{text: "mute the system bell", sugs: []string{}, hintHas: "bell-style"},
	// "beep" is also a package.
	{text: "install beep", want: inst("beep")},
	// Apps with no service: installed, never a service of another
	// program the option index would find (spotifyd, Matrix bridges).
	{text: "enable spotify", sugs: []string{"install spotify"}, hintHas: "spotifyd"},
	{text: "disable spotify", want: rm("spotify")},
	{text: "enable discord", sugs: []string{"install discord"}, hintHas: "no NixOS service"},
	{text: "disable discord", want: rm("discord")},
	{text: "enable slack", sugs: []string{"install slack"}, hintHas: "no NixOS service"},
	{text: "turn off zoom", want: rm("zoom-us")},
	{text: "enable piper", sugs: []string{"enable ratbagd", "install piper"}, hintHas: "ratbagd"},
	{text: "enable lm sensors", sugs: []string{"install lm_sensors"}, hintHas: "sensors-detect"},
	{text: "enable snapper", sugs: []string{}, hintHas: "services.snapper.configs"},
	{text: "enable borg", sugs: []string{"install borgbackup", "install restic"}, hintHas: "services.borgbackup.jobs"},
	{text: "enable restic", sugs: []string{"install restic", "install borgbackup"}, hintHas: "services.restic.backups"},
	{text: "enable selinux", sugs: []string{"enable apparmor"}, hintHas: "AppArmor"},
	{text: "enable game controllers", sugs: []string{"enable steam hardware", "enable hardware.xpadneo"}, hintHas: "no setting"},
	{text: "enable controller support", sugs: []string{"enable steam hardware", "enable hardware.xpadneo"}, hintHas: "no setting"},
	// A feature of a module: both switches on, the feature alone off.
	{text: "enable nix-direnv", want: intent.Join([]intent.Intent{on("programs.direnv.enable", "nix-direnv"), opt("programs.direnv.nix-direnv.enable", true)})},
	{text: "enable solaar", want: intent.Join([]intent.Intent{on("hardware.logitech.wireless.enable", "solaar"), opt("hardware.logitech.wireless.enableGraphical", true)})},
	{text: "disable solaar", want: opt("hardware.logitech.wireless.enableGraphical", false)},
	{text: "install solaar", want: inst("solaar")},
	{text: "enable wacom tablet", want: on("services.xserver.wacom.enable", "wacom tablet")},
	{text: "enable boot splash", want: on("boot.plymouth.enable", "boot splash")},
	// A brand's printer is its driver, a list of packages.
	{text: "enable hp printer", sugs: []string{"enable printing"}, hintHas: "services.printing.drivers"},
	{text: "enable printing for my brother printer", sugs: []string{"enable printing"}, hintHas: "pkgs.brlaser"},
	// Binary caches are a list with their keys.
	{text: "use nix-community cache", sugs: []string{}, hintHas: "nix.settings.substituters"},
	{text: "use the binary cache", sugs: []string{}, hintHas: "trusted-public-keys"},
	// A quiet boot is several settings, one a list.
	{text: "quiet boot", sugs: []string{"enable plymouth", "set boot.initrd.verbose to false"}, hintHas: "boot.kernelParams"},
	{text: "hide boot messages", sugs: []string{"enable plymouth", "set boot.initrd.verbose to false"}, hintHas: "boot.consoleLogLevel"},
	{text: "enable silent boot", sugs: []string{"enable plymouth", "set boot.initrd.verbose to false"}, hintHas: "Plymouth"},
	{text: "hide the boot menu", sugs: []string{"set the boot timeout to 0", "set the boot timeout to 1"}, hintHas: "boot.loader.timeout"},
	// Contractions typed without the apostrophe.
	{text: "bluetooth wont connect", sugs: []string{"is bluetooth enabled", "enable bluetooth"}, hintHas: "Bluetooth"},
	{text: "wifi wont connect", sugs: []string{"is networkmanager enabled", "enable networkmanager", "enable redistributable firmware"}, hintHas: "Wi-Fi"},
	// Display words that suggested unrelated services or a time zone.
	{text: "fix screen tearing", sugs: []string{"set hardware.nvidia.forceFullCompositionPipeline to true", "set services.picom.vSync to true"}, hintHas: "Wayland"},
	{text: "enable vsync", sugs: []string{"set hardware.nvidia.forceFullCompositionPipeline to true", "set services.picom.vSync to true"}, hintHas: "TearFree"},
	{text: "enable hdr", sugs: []string{}, hintHas: "compositor"},
	{text: "enable freesync", sugs: []string{}, hintHas: "VRR"},
	{text: "enable vrr", sugs: []string{}, hintHas: "gamescope"},
	{text: "set cursor size", sugs: []string{}, hintHas: "XCURSOR_SIZE"},
	{text: "make the cursor bigger", sugs: []string{}, hintHas: "Cursor Size"},
	{text: "disable screensaver", sugs: []string{}, hintHas: "xset s off"},
	// Graphics drivers: never "apply" or a guess of the card.
	{text: "switch to nouveau", sugs: []string{}, hintHas: "services.xserver.videoDrivers"},
	{text: "enable cpu microcode", sugs: []string{"enable intel microcode", "enable amd microcode"}, hintHas: "vendor_id"},
	{text: "enable hybrid graphics", sugs: []string{"enable the open nvidia driver", "enable the closed nvidia driver", "allow unfree packages"}, hintHas: "hardware.nvidia.prime"},
	{text: "use nvidia for everything", sugs: []string{"enable the open nvidia driver", "enable the closed nvidia driver", "allow unfree packages"}, hintHas: "hardware.nvidia.prime"},
	// Automatic suspend is the desktop's idle timer: never every
	// suspend turned off for it.
	{text: "disable automatic suspend", sugs: []string{"disable sleep"}, hintHas: "Automatic Suspend"},
	{text: "disable auto sleep", sugs: []string{"disable sleep"}, hintHas: "IdleAction"},
	{text: "don't suspend when idle", sugs: []string{"disable sleep"}, hintHas: "by the lid too"},
	{text: "never suspend this machine", want: intent.Join([]intent.Intent{opt("systemd.targets.sleep.enable", false), opt("systemd.targets.suspend.enable", false), opt("systemd.targets.hibernate.enable", false), opt("systemd.targets.hybrid-sleep.enable", false)})},
	// A service with what it is to use: the module and that setting.
	{text: "enable ollama with cuda", want: intent.Join([]intent.Intent{on("services.ollama.enable", "ollama"), opt("services.ollama.acceleration", "cuda")})},
	{text: "set up ollama on nvidia", want: intent.Join([]intent.Intent{on("services.ollama.enable", "ollama"), opt("services.ollama.acceleration", "cuda")})},
	{text: "enable ollama with rocm", want: intent.Join([]intent.Intent{on("services.ollama.enable", "ollama"), opt("services.ollama.acceleration", "rocm")})},
	{text: "disable ollama with cuda", sugs: []string{"disable ollama", "unset services.ollama.acceleration"}, hintHas: "say which"},
	// Steam's Remote Play: its ports are Steam's module's switch.
	{text: "enable steam remote play", want: intent.Join([]intent.Intent{on("programs.steam.enable", "steam remote play"), opt("programs.steam.remotePlay.openFirewall", true)})},
	{text: "open ports for steam remote play", want: opt("programs.steam.remotePlay.openFirewall", true)},
	{text: "disable steam remote play", want: opt("programs.steam.remotePlay.openFirewall", false)},
	// Names nixpkgs gives otherwise.
	{text: "install moonlight", want: inst("moonlight-qt")},
	// Modules asked for by their own name, without the option index.
	{text: "enable mosh", want: on("programs.mosh.enable", "mosh")},
	// Two requests in one: each part named (ask-nix reads them as parts).
	{text: "install tmux and enable mosh", sugs: []string{"install tmux", "enable mosh"}},
	{text: "enable direnv", want: on("programs.direnv.enable", "direnv")},
	{text: "enable lightdm", want: on("services.xserver.displayManager.lightdm.enable", "lightdm")},
	{text: "enable man pages", want: on("documentation.man.enable", "man pages")},
	{text: "enable command-not-found", want: on("programs.command-not-found.enable", "command-not-found")},
	{text: "disable command-not-found", want: off("programs.command-not-found.enable", "command-not-found")},
	{text: "enable nix-index", want: on("programs.nix-index.enable", "nix-index")},
	{text: "enable thunar", want: on("programs.thunar.enable", "thunar")},
	{text: "enable polkit", want: on("security.polkit.enable", "polkit")},
	{text: "enable immich", want: on("services.immich.enable", "immich")},
	{text: "enable paperless", want: on("services.paperless.enable", "paperless")},
	{text: "enable sunshine", want: on("services.sunshine.enable", "sunshine")},
	{text: "enable open-webui", want: on("services.open-webui.enable", "open-webui")},
	{text: "enable uptime kuma", want: on("services.uptime-kuma.enable", "uptime kuma")},
	{text: "enable sonarr and radarr", sugs: []string{"enable sonarr", "enable radarr"}},
	{text: "enable localsend", want: on("programs.localsend.enable", "localsend")},
	{text: "enable audiobookshelf", want: on("services.audiobookshelf.enable", "audiobookshelf")},
	{text: "enable navidrome", want: on("services.navidrome.enable", "navidrome")},
	{text: "enable lorri", want: on("services.lorri.enable", "lorri")},
	// The configuration named as where a package goes: the system's
	// packages, which ask-nix's fragment is part of.
	{text: "add discord to my config", want: inst("discord")},
	{text: "put git in my configuration.nix", want: inst("git")},
	{text: "add htop to configuration.nix", want: inst("htop")},
	{text: "add firefox and vim to my nixos config", want: inst("firefox", "vim")},
	{text: "remove firefox from my config", want: rm("firefox")},
	{text: "remove htop from configuration.nix", want: rm("htop")},
	{text: "delete vim from systemPackages", want: rm("vim")},
	{text: "install firefox via nix", want: inst("firefox")},
	{text: "install firefox declaratively", want: inst("firefox")},
	// /tmp emptied at boot or kept in memory: boot.tmp's switches,
	// offered (they were Plymouth and a service named tmpfs).
	{text: "clean /tmp on boot", sugs: []string{"set boot.tmp.cleanOnBoot to true"}, hintHas: "boot.tmp.cleanOnBoot"},
	{text: "clear tmp on reboot", sugs: []string{"set boot.tmp.cleanOnBoot to true"}, hintHas: "every boot"},
	{text: "enable tmpfs for /tmp", sugs: []string{"set boot.tmp.useTmpfs to true"}, hintHas: "boot.tmp.tmpfsSize"},
	{text: "put /tmp in ram", sugs: []string{"set boot.tmp.useTmpfs to true"}, hintHas: "boot.tmp.useTmpfs"},
	// "power on" a device is turning it on ("enable ssh" was offered).
	{text: "power on bluetooth at boot", sugs: []string{"enable bluetooth at boot"}},
	{text: "power on bluetooth", sugs: []string{"enable bluetooth"}},
	// What a package is for, said after it, is no part of its name.
	{text: "install discord for chatting", want: inst("discord")},
	{text: "install gimp for photo editing", want: inst("gimp")},
	{text: "install audacity for audio recording", want: inst("audacity")},
	{text: "install vlc to watch videos", want: inst("vlc")},
	{text: "install wine to run windows apps", want: inst("wine")},
	// Not when more follows, or it says for whom or for how long.
	{text: "install steam for gaming and discord", sugs: []string{"install steam"}},
	{text: "install firefox for alice", sugs: []string{"install firefox"}},
	{text: "install git for everything", sugs: []string{"install git"}},
	// Hosting a service is turning it on, offered.
	{text: "host a minecraft server", sugs: []string{"enable minecraft server"}},
	{text: "self-host nextcloud", sugs: []string{"enable nextcloud"}},
	{text: "host jellyfin", sugs: []string{"enable jellyfin"}},
	// A rebuild is taken back by rolling back; undo is of the edit.
	{text: "undo last rebuild", sugs: []string{"roll back", "undo"}, hintHas: "generation before it"},
	{text: "undo the last nixos-rebuild", sugs: []string{"roll back", "undo"}, hintHas: "generation before it"},
	{text: "revert nixos-rebuild switch", sugs: []string{"roll back", "undo"}, hintHas: "generation before it"},
	// A display manager said as the one to use: its switch, offered,
	// since the one on now is another to turn off.
	{text: "use gdm as display manager", sugs: []string{"enable gdm"}, hintHas: "services.xserver.displayManager.gdm.enable"},
	{text: "use sddm as my display manager", sugs: []string{"enable sddm"}, hintHas: "NixOS builds only one"},
	{text: "set display manager to sddm", sugs: []string{"enable sddm"}, hintHas: "services.displayManager.sddm.enable"},
	{text: "switch display manager to lightdm", sugs: []string{"enable lightdm"}, hintHas: "stays on"},
	{text: "enable moonlight", sugs: []string{"install moonlight-qt"}, hintHas: "Sunshine"},
	{text: "install papirus icons", want: inst("papirus-icon-theme")},
	{text: "install kde plasma 6", want: on("services.desktopManager.plasma6.enable", "kde plasma 6")},
	// Self-hosting and desktop words with no module of their own.
	{text: "enable nordvpn", sugs: []string{"enable wireguard", "install openvpn"}, hintHas: "no NordVPN"},
	{text: "enable cosmic", sugs: []string{}, hintHas: "COSMIC"},
	{text: "enable polkit agent", sugs: []string{"install polkit_gnome", "install lxqt.lxqt-policykit"}, hintHas: "security.polkit.enable"},
	{text: "enable torrent client", sugs: []string{"install qbittorrent", "enable transmission"}, hintHas: "say which"},
	{text: "enable qbittorrent", sugs: []string{"install qbittorrent", "install qbittorrent-nox"}, hintHas: "Transmission"},
	{text: "install qbittorrent", want: inst("qbittorrent")},
	{text: "enable nginx proxy manager", sugs: []string{"enable nginx", "enable caddy"}, hintHas: "proxyPass"},
	{text: "enable webmin", sugs: []string{"enable cockpit"}, hintHas: "Cockpit"},
	{text: "enable portainer", sugs: []string{"enable docker"}, hintHas: "oci-containers"},
	{text: "enable nvidia docker", sugs: []string{"enable nvidia container toolkit"}, hintHas: "nvidia.com/gpu=all"},
	{text: "enable gpu in docker", sugs: []string{"enable nvidia container toolkit"}, hintHas: "hardware.nvidia-container-toolkit"},
	{text: "install nvidia-docker", want: inst("nvidia-docker")},
	{text: "enable dynamic dns", sugs: []string{"enable ddclient", "enable services.inadyn"}, hintHas: "say which"},
	{text: "enable tty autologin", sugs: []string{}, hintHas: "services.getty.autologinUser"},
	{text: "enable cloudflare tunnel", want: on("services.cloudflared.enable", "cloudflare tunnel")},
	{text: "enable zsh syntax highlighting", want: on("programs.zsh.syntaxHighlighting.enable", "zsh syntax highlighting")},
	// Themes are each user's; "start in text mode" is no service.
	{text: "change the theme", sugs: []string{"search gtk theme", "search icon theme"}, hintHas: "GNOME Tweaks"},
	{text: "install a gtk theme", sugs: []string{"search gtk theme", "search icon theme"}, hintHas: "nwg-look"},
	{text: "make everything dark", sugs: []string{}, hintHas: "prefer-dark"},
	{text: "install papirus icon theme", want: inst("papirus-icon-theme")},
	{text: "start in text mode", sugs: []string{"disable gnome", "disable plasma"}, hintHas: "display manager"},
	{text: "start docker", want: on("virtualisation.docker.enable", "docker")},
	// The hardware clock: local time as Windows keeps it, or UTC.
	{text: "set hardware clock to local time", want: opt("time.hardwareClockInLocalTime", true)},
	{text: "use local time for the hardware clock", want: opt("time.hardwareClockInLocalTime", true)},
	{text: "keep the rtc in utc", want: opt("time.hardwareClockInLocalTime", false)},
	{text: "is the hardware clock in local time", want: intent.Intent{Kind: intent.ShowOption, Option: "time.hardwareClockInLocalTime", Service: "hardware clock in local time"}},
	{text: "windows time is wrong", sugs: []string{"set hardware clock to local time", "what is my timezone"}, hintHas: "RealTimeIsUniversal"},
	{text: "my clock is wrong after booting windows", sugs: []string{"set hardware clock to local time", "what is my timezone"}, hintHas: "UTC"},
	{text: "dual boot time wrong", sugs: []string{"set hardware clock to local time", "what is my timezone"}, hintHas: "Windows"},
	{text: "enable localtime for windows", sugs: []string{"set hardware clock to local time", "what is my timezone"}, hintHas: "time.hardwareClockInLocalTime"},
	{text: "dual boot windows", sugs: []string{"enable os-prober"}, hintHas: "os-prober"},
	{text: "set time to utc", sugs: []string{"set timezone to utc"}, hintHas: "time.timeZone"},
	// Virtual machines' devices, and formats.
	{text: "enable gpu passthrough", sugs: []string{"enable libvirt"}, hintHas: "vfio-pci"},
	{text: "enable iommu", sugs: []string{"enable libvirt"}, hintHas: "intel_iommu=on"},
	{text: "enable usb passthrough", sugs: []string{"set virtualisation.spiceUSBRedirection.enable to true"}, hintHas: "SPICE"},
	{text: "enable nested virtualization", sugs: []string{}, hintHas: "kvm_intel nested=1"},
	{text: "install looking glass", want: inst("looking-glass-client")},
	{text: "set date format", sugs: []string{"set i18n.extraLocaleSettings.LC_TIME to en_GB.UTF-8"}, hintHas: "LC_TIME"},
	// Port forwarding is three things (the kernel routing, SSH's
	// tunnels, a port passed on by NAT or the home router): asked, each
	// named as a request ask-nix understands; never a guess written.
	{text: "enable port forwarding", sugs: []string{"enable ip forwarding", "enable ssh", "show option networking.nat.forwardPorts"}, hintHas: "one of three things"},
	{text: "turn on port forwarding", sugs: []string{"enable ip forwarding", "enable ssh", "show option networking.nat.forwardPorts"}, hintHas: "home router"},
	{text: "set up port forwarding", sugs: []string{"enable ip forwarding", "enable ssh", "show option networking.nat.forwardPorts"}, hintHas: "networking.nat.enable"},
	{text: "allow port forwarding", sugs: []string{"enable ip forwarding", "enable ssh", "show option networking.nat.forwardPorts"}, hintHas: "one of three things"},
	{text: "port forwarding", sugs: []string{"enable ip forwarding", "enable ssh", "show option networking.nat.forwardPorts"}, hintHas: "one of three things"},
	{text: "i want port forwarding for minecraft", sugs: []string{"enable ip forwarding", "enable ssh", "show option networking.nat.forwardPorts"}, hintHas: "open port 25565"},
	{text: "how do i set up port forwarding", sugs: []string{"enable ip forwarding", "enable ssh", "show option networking.nat.forwardPorts"}, hintHas: "one of three things"},
	{text: "disable port forwarding", sugs: []string{"disable ip forwarding", "show option networking.nat.forwardPorts"}, hintHas: "AllowTcpForwarding = false"},
	{text: "stop port forwarding", sugs: []string{"disable ip forwarding", "show option networking.nat.forwardPorts"}, hintHas: "one of three things"},
	{text: "enable ssh port forwarding", sugs: []string{"enable ssh", "is ssh enabled"}, hintHas: "AllowTcpForwarding, yes by default"},
	{text: "enable ssh tunneling", sugs: []string{"enable ssh", "is ssh enabled"}, hintHas: "ssh -L"},
	{text: "disable ssh tcp forwarding", sugs: []string{"show option services.openssh.settings"}, hintHas: "the SSH server stays on"},
	// Said which, it is that one.
	{text: "enable ip forwarding", want: opt(ipv4Forward, int64(1))},
	// The store's optimiser at a time: nix.optimise.dates, checked
	// against the real option (a list of string) and systemd's calendar.
	{text: "optimise the store every day at 3am", want: optimiseAt("03:00")},
	{text: "optimise the store every week at 3am", want: optimiseAt("Mon 03:00")},
	{text: "optimise the store on sundays at 4:15pm", want: optimiseAt("Sun 16:15")},
	{text: "optimise the store at 3", sugs: []string{"optimise the store at 3am", "optimise the store at 3pm"}, hintHas: "morning or the afternoon"},
	{text: "optimise the store every day on sundays", sugs: []string{"optimise the store every week", "optimise the store on sundays at 3am"}, hintHas: "do not go together"},
	{text: "optimise the store monthly on fridays", sugs: []string{"optimise the store every week", "optimise the store on sundays at 3am"}, hintHas: "do not go together"},
	{text: "optimise the store at 3am and at 4am", sugs: []string{"optimise the store every week", "optimise the store on sundays at 3am"}, hintHas: "do not go together"},
	{text: "enable automatic store optimisation every day at 4am", want: optimiseAt("04:00")},
	{text: "automatically optimise the store every day", want: optimiseAt("daily")},
	{text: "schedule store optimisation every sunday", want: optimiseAt("Sun")},
	{text: "turn on automatic store optimization at 2am", want: optimiseAt("02:00")},
	{text: "enable store optimisation", want: opt("nix.optimise.automatic", true)},
	{text: "disable store optimisation", want: opt("nix.optimise.automatic", false)},
	{text: "set up docker to start at boot", want: withAnd(on("virtualisation.docker.enable", "docker"), unsetOpt("virtualisation.docker.enableOnBoot"))},
	{text: "set up tailscale to start on boot", want: on("services.tailscale.enable", "tailscale")},
	{text: "optimise the store at 25:00", sugs: []string{}, hintHas: "25:00 is not a time of day"},
	{text: "optimise the store at 13pm", sugs: []string{}, hintHas: "13pm is not a time of day"},
	// Garbage collection and upgrades on a day or at a time: nix.gc.dates
	// and system.autoUpgrade.dates, one calendar expression each.
	{text: "collect garbage every sunday", want: merge("nix.gc", map[string]any{"automatic": true, "dates": "Sun"})},
	{text: "run garbage collection weekly at 4am", want: merge("nix.gc", map[string]any{"automatic": true, "dates": "Mon 04:00"})},
	{text: "enable automatic garbage collection every day at 3am", want: merge("nix.gc", map[string]any{"automatic": true, "dates": "03:00"})},
	{text: "delete generations older than 30 days every sunday at 2am", want: merge("nix.gc", map[string]any{"automatic": true, "dates": "Sun 02:00", "options": "--delete-older-than 30d"})},
	{text: "upgrade automatically every sunday at 5am", want: merge("system.autoUpgrade", map[string]any{"enable": true, "dates": "Sun 05:00"})},
	{text: "enable auto upgrade at 4am", want: merge("system.autoUpgrade", map[string]any{"enable": true, "dates": "04:00"})},
	{text: "collect garbage at 3", sugs: []string{"collect garbage at 3am", "collect garbage at 3pm"}, hintHas: "morning or the afternoon"},
	{text: "collect garbage every day on sundays", sugs: []string{"collect garbage every week at 3am"}, hintHas: "do not go together"},
	// Asked whether it was done: a question, never the update or the
	// rollback run ("have you run the update" updated the system).
	{text: "have you run the update", sugs: []string{"update my system", "status"}, hintHas: "a question changes nothing"},
	{text: "did you update my system", sugs: []string{"update my system", "status"}, hintHas: "a question changes nothing"},
	{text: "did i roll back", sugs: []string{"list generations", "roll back"}, hintHas: "a question changes nothing"},
	{text: "do i need to update", sugs: []string{"update my system"}},
	{text: "do the update", want: intent.Intent{Kind: intent.Update}},
	{text: "do a rollback", want: intent.Intent{Kind: intent.Rollback}},
	// Printers found on the network: printing with Avahi's mDNS, as the
	// NixOS wiki sets them up.
	{text: "enable network printer discovery", want: networkPrinters("network printer discovery")},
	{text: "set up my wireless printer", want: networkPrinters("wireless printer")},
	{text: "enable network printing", want: networkPrinters("network printing")},
	// Docker without root: its own module.
	{text: "enable rootless docker", want: on("virtualisation.docker.rootless.enable", "rootless docker")},
	{text: "enable docker rootless", want: on("virtualisation.docker.rootless.enable", "docker rootless")},
	{text: "install nerd-fonts.hack", want: inst("nerd-fonts.hack")},
	// Steam's ports are three switches of its module, asked.
	{text: "open the firewall for steam", sugs: []string{"open ports for steam remote play", "set programs.steam.localNetworkGameTransfers.openFirewall to true", "set programs.steam.dedicatedServer.openFirewall to true"}, hintHas: "needs no open port to play online"},
	{text: "open ports for steam remote play", want: opt("programs.steam.remotePlay.openFirewall", true)},
	// The clock is kept in time already; ntpd takes timesyncd's place.
	{text: "enable ntp", want: on("services.ntp.enable", "ntp")},
	// The open-files limit: a login's and each service's, never a port
	// ("increase the number of open files" suggested "open port 443").
	{text: "increase the number of open files", sugs: []string{"show option security.pam.loginLimits"}, hintHas: "security.pam.loginLimits"},
	{text: "too many open files", sugs: []string{"show option security.pam.loginLimits"}, hintHas: "LimitNOFILE"},
	{text: "raise ulimit", sugs: []string{"show option security.pam.loginLimits"}, hintHas: "DefaultLimitNOFILE"},
	{text: "set ulimit -n 65535", sugs: []string{"show option security.pam.loginLimits"}, hintHas: "`ulimit -n`"},
	{text: "increase the file descriptor limit", sugs: []string{"show option security.pam.loginLimits"}, hintHas: "nofile"},
	{text: "open files limit", sugs: []string{"show option security.pam.loginLimits"}, hintHas: "nothing was changed"},
	{text: "how do i raise the max open files", sugs: []string{"show option security.pam.loginLimits"}, hintHas: "systemd.services.<name>.serviceConfig.LimitNOFILE"},
	// Printer sharing and network printing turned off: neither is one
	// switch, and services.printing.enable takes a USB printer too; off,
	// they were answered with how to turn sharing on.
	{text: "turn off printer sharing", sugs: []string{"show option services.printing.defaultShared", "set services.printing.defaultShared to false", "disable printing"}, hintHas: "shares no printer unless"},
	{text: "disable printer sharing", sugs: []string{"show option services.printing.defaultShared", "set services.printing.defaultShared to false", "disable printing"}, hintHas: "services.printing.openFirewall"},
	{text: "stop sharing my printers", sugs: []string{"show option services.printing.defaultShared", "set services.printing.defaultShared to false", "disable printing"}, hintHas: "localhost:631"},
	{text: "don't share my printer", sugs: []string{"show option services.printing.defaultShared", "set services.printing.defaultShared to false", "disable printing"}, hintHas: "services.printing.browsing"},
	{text: "enable printer sharing", sugs: []string{"enable printing", "set services.printing.defaultShared to true", "set services.printing.openFirewall to true"}, hintHas: "sharing printers is CUPS"},
	{text: "disable network printing", sugs: []string{"disable avahi", "disable printing", "show option services.printing.defaultShared"}, hintHas: "a USB printer's too"},
	{text: "turn off network printing", sugs: []string{"disable avahi", "disable printing", "show option services.printing.defaultShared"}, hintHas: "services.avahi.enable"},
	{text: "disable wireless printing", sugs: []string{"disable avahi", "disable printing", "show option services.printing.defaultShared"}, hintHas: "services.printing.browsed.enable"},
	{text: "turn off printer discovery", sugs: []string{"disable avahi", "disable printing", "show option services.printing.defaultShared"}, hintHas: "not one switch"},
	{text: "enable wireless printing", want: networkPrinters("wireless printing")},
	// Another package manager said as how to install: never a package
	// beside what is installed ("install ripgrep with cargo" installed
	// cargo too, "install vim using apt" a package named using).
	{text: "install ripgrep with cargo", sugs: []string{"install ripgrep"}, hintHas: "nixpkgs has most programs cargo installs"},
	{text: "install vim using apt", sugs: []string{"install vim"}, hintHas: "apt itself"},
	{text: "install typescript and eslint using yarn", sugs: []string{"install typescript and eslint"}, hintHas: "yarn itself"},
	{text: "cargo install ripgrep", sugs: []string{"search ripgrep"}, hintHas: "`cargo install` builds a tool into your home folder"},
	{text: "gem install bundler", sugs: []string{"search bundler"}, hintHas: "`gem install`"},
	{text: "install neovim with lua", want: inst("lua", "neovim")},
	// Disks: encryption is made at partitioning, health is SMART's
	// ("encrypt my disk", "check disk health" suggested "install
	// firefox", "is my ssd healthy" "is ssh enabled").
	{text: "encrypt my disk", sugs: []string{}, hintHas: "boot.initrd.luks.devices"},
	{text: "check disk health", sugs: []string{"enable smartd", "install smartmontools"}, hintHas: "`sudo smartctl -a /dev/sda`"},
	{text: "is my ssd healthy", sugs: []string{"enable smartd", "install smartmontools"}, hintHas: "services.smartd"},
	// Off, what no one switch turns on: what provides it, turned off.
	{text: "disable swap", sugs: []string{"disable zram"}, hintHas: "no one switch turns swap off"},
	{text: "disable gaming", sugs: []string{"disable steam", "disable gamemode", "disable 32-bit graphics"}, hintHas: "what provides it is turned off by its own request"},
	{text: "turn off screen sharing", sugs: []string{"disable xdg.portal"}, hintHas: "PipeWire"},
	{text: "disable the sandbox", sugs: []string{"show option nix.settings.sandbox"}, hintHas: "nix.settings.sandbox"},
	// sudo's password required, and sudo for one user: never the switch
	// that takes the password away ("require password for sudo" was
	// offered it), never "enable sudo" for a user's rights.
	{text: "require password for sudo", sugs: []string{"show option security.sudo.wheelNeedsPassword", "set security.sudo.wheelNeedsPassword to true"}, hintHas: "true is NixOS' default"},
	{text: "make sudo ask for a password", sugs: []string{"show option security.sudo.wheelNeedsPassword", "set security.sudo.wheelNeedsPassword to true"}, hintHas: "unless security.sudo.wheelNeedsPassword is false"},
	{text: "sudo without password", sugs: []string{"set security.sudo.wheelNeedsPassword to false"}, hintHas: "become root unasked"},
	{text: "enable sudo for bob", sugs: []string{}, hintHas: "users.users.bob.extraGroups = [ \"wheel\" ]"},
	{text: "enable sudo for my user", sugs: []string{}, hintHas: "users.users.<name>.extraGroups"},
	// A letter row said for a layout: which country's, asked ("azerty"
	// was refused as no XKB layout, with no layout offered).
	{text: "set keyboard to azerty", sugs: []string{"set keyboard layout to fr", "set keyboard layout to belgian"}, hintHas: "AZERTY is the letter row"},
	{text: "set keyboard layout to qwertz", sugs: []string{"set keyboard layout to de", "set keyboard layout to ch"}, hintHas: "XKB names layouts by country"},
	{text: "set keyboard to us and azerty", sugs: []string{"set keyboard layout to us,fr", "set keyboard layout to us,belgian"}, hintHas: "Belgian"},
	// The machine's hardware asked about: the command that tells, never
	// a package named gpu ("what gpu do i have" asked whether one was
	// installed, "show me my disks" suggested "list generations").
	{text: "what gpu do i have", sugs: []string{}, hintHas: "`lspci -nn | grep -iE 'vga|3d|display'`"},
	{text: "which graphics card do i have", sugs: []string{}, hintHas: "lspci"},
	{text: "what cpu do i have", sugs: []string{}, hintHas: "`lscpu`"},
	{text: "how many cpus", sugs: []string{}, hintHas: "`nproc`"},
	{text: "show me my disks", sugs: []string{}, hintHas: "`lsblk -f`"},
	{text: "which disks do i have", sugs: []string{}, hintHas: "`df -h`"},
	{text: "is firefox installed", want: intent.Intent{Kind: intent.ListInstalled, Packages: []string{"firefox"}}},
	// The journal's logs cleaned: journalctl's vacuum, never a
	// generation clean-up ("clean journal logs" suggested one).
	{text: "clean journal logs", sugs: []string{}, hintHas: "`sudo journalctl --vacuum-time=2weeks`"},
	{text: "vacuum the journal", sugs: []string{}, hintHas: "SystemMaxUse"},
	{text: "delete old logs", sugs: []string{}, hintHas: "collecting garbage frees the Nix store, not the logs"},
	// Automatic updates named, not asked for: both switches offered,
	// never the one-off "update my system".
	{text: "automatic updates", sugs: []string{"enable automatic updates", "disable automatic updates"}, hintHas: "system.autoUpgrade"},
	{text: "update firefox automatically", sugs: []string{}, hintHas: "no update switch for one package"},
	{text: "disable printing", want: off("services.printing.enable", "printing")},
	// Two-factor logins: PAM's, per login, with no one switch ("enable
	// 2fa for ssh" suggested "enable 2fa", itself not understood).
	{text: "enable 2fa for ssh", sugs: twoFactorSugs, hintHas: "security.pam.services.sshd.googleAuthenticator.enable"},
	{text: "enable 2fa", sugs: twoFactorSugs, hintHas: "`google-authenticator`"},
	{text: "set up two factor authentication", sugs: twoFactorSugs, hintHas: "security.pam.u2f"},
	{text: "how do I enable mfa", sugs: twoFactorSugs, hintHas: "KbdInteractiveAuthentication"},
	// A switch outside services.*, by its real path without the option
	// index (never a guessed services.sudo.enable).
	{text: "enable sudo", sugs: []string{"enable security.sudo"}},
	{text: "how do I enable doas", sugs: []string{"enable security.doas"}, hintHas: "say \"enable security.doas\""},
	{text: "can I turn off apparmor", sugs: []string{"disable security.apparmor"}},
	{text: "is doas enabled", sugs: []string{"is security.doas enabled"}},
	{text: "how do I enable frobnication", sugs: []string{"enable frobnication"}, hintHas: "no switch ask-nix knows by name"},
	// wpa_supplicant is networking.wireless ("disable wpa_supplicant"
	// was suggested, and not understood).
	{text: "use networkmanager instead of wpa_supplicant", want: intent.Join([]intent.Intent{off("networking.wireless.enable", "wpa_supplicant"), on("networking.networkmanager.enable", "networkmanager")})},
	{text: "disable wpa_supplicant", want: off("networking.wireless.enable", "wpa_supplicant")},
}

var twoFactorSugs = []string{"set security.pam.services.sshd.googleAuthenticator.enable to true", "install google-authenticator", "enable security.pam.u2f"}

// networkPrinters is printing with Avahi and nss-mdns, one edit.
func networkPrinters(said string) intent.Intent {
	return intent.Join([]intent.Intent{on("services.printing.enable", said), opt("services.avahi.enable", true), opt("services.avahi.nssmdns4", true)})
}

func TestForumReadings(t *testing.T) {
	checkReadings(t, forumReadings)
}

// TestTimeAskedOnlyOfASchedule: "at 3" is asked about (morning or
// afternoon?) only in a request that reads as a timer's schedule
// otherwise; elsewhere the request is what it is.
func TestTimeAskedOnlyOfASchedule(t *testing.T) {
	for text, asked := range map[string]bool{
		"collect garbage at 3":              true,
		"optimise the store at 3":           true,
		"at 3 install htop":                 false,
		"at 3 collect garbage and frobnify": false,
	} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q): %v; want not understood", text, err)
			continue
		}
		if got := strings.Contains(nu.Hint, "in the morning or the afternoon"); got != asked {
			t.Errorf("Parse(%q) hint %q; asks morning or afternoon: %v, want %v", text, nu.Hint, got, asked)
		}
	}
}

// TestNTPSaysTimesyncd: "enable ntp" turns ntpd on, and says the clock
// was kept in time already, by timesyncd, which ntpd replaces.
func TestNTPSaysTimesyncd(t *testing.T) {
	for _, text := range []string{"enable ntp", "turn on ntp"} {
		in, err := parse.Parse(text)
		if err != nil || in.Option != "services.ntp.enable" || len(in.Notes) != 1 || !strings.Contains(in.Notes[0], "systemd-timesyncd (services.timesyncd.enable, on by default)") {
			t.Errorf("Parse(%q) = %+v, %v; want services.ntp.enable with the note on timesyncd", text, in, err)
		}
	}
}

// realCatalog is the real NixOS options with the real nixpkgs names.
type realCatalog struct {
	*guard.Options
	attrs map[string]bool
}

func (c realCatalog) Package(attr string) (bool, []string) { return c.attrs[attr], nil }

// TestForumReadingsAreReal: every edit the forum requests give, and every
// suggestion they make, writes options NixOS has and packages nixpkgs
// has, with values of the option's type.
func TestForumReadingsAreReal(t *testing.T) {
	opts := realOptions(t)
	cat := realCatalog{opts, map[string]bool{}}
	for _, a := range readAttrs(t) {
		cat.attrs[a] = true
	}
	check := func(text string) {
		t.Helper()
		in, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		switch {
		case errors.As(err, &nu):
			for _, s := range nu.Suggestions {
				got, err := parse.Parse(s.Example)
				if err != nil {
					// A service the option index finds is checked there.
					var us *parse.UnknownService
					if !errors.As(err, &us) {
						t.Errorf("%q suggests %q, which is not understood: %v", text, s.Example, err)
					}
					continue
				}
				if err := guard.CheckIntent(got, cat); err != nil {
					t.Errorf("%q suggests %q, which is refused: %v", text, s.Example, err)
				}
			}
		case err != nil:
			t.Errorf("Parse(%q): %v", text, err)
		default:
			if err := guard.CheckIntent(in, cat); err != nil {
				t.Errorf("Parse(%q) = %+v, refused: %v", text, in, err)
			}
		}
	}
	for _, r := range forumReadings {
		check(r.text)
	}
}

// TestOffNeverSuggestsOn: a thing no one switch turns on ("disable
// swap", "disable gaming", "disable bluetoothaudio") is answered with
// what provides it turned off, never with the requests that turn it on
// ("disable swap" suggested "enable zram"); each suggestion reads.
func TestOffNeverSuggestsOn(t *testing.T) {
	words := parse.AskedServiceWords()
	if len(words) < 20 {
		t.Fatalf("only %d asked-about services", len(words))
	}
	for _, w := range words {
		text := "disable " + w
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			continue // read otherwise, as a switch of its own
		}
		for _, s := range nu.Suggestions {
			if s.Kind == intent.EnableService || s.Kind == intent.Install || strings.HasPrefix(s.Example, "enable ") || strings.HasPrefix(s.Example, "install ") {
				t.Errorf("Parse(%q) suggests %q, which turns it on", text, s.Example)
				continue
			}
			if _, err := parse.Parse(s.Example); err != nil {
				var us *parse.UnknownService
				if !errors.As(err, &us) {
					t.Errorf("Parse(%q) suggests %q, which is not understood: %v", text, s.Example, err)
				}
			}
		}
	}
}
