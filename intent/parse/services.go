package parse

import (
	"slices"
	"sort"
	"strings"

	"github.com/nix-humanity/nix-humanity/internal/editdistance"
)

// serviceTable maps the words people use for a service to the NixOS
// option prefix that turns it on (<prefix>.enable). Every prefix is
// checked against real NixOS options data by TestServiceTableOptionsExist.
var serviceTable = []struct {
	names  []string
	option string
}{
	{[]string{"ssh", "openssh", "sshd", "secure shell"}, "services.openssh"},
	{[]string{"docker"}, "virtualisation.docker"},
	{[]string{"rootless docker", "docker rootless", "docker in rootless mode", "rootless mode docker", "docker rootless mode"}, "virtualisation.docker.rootless"},
	{[]string{"podman"}, "virtualisation.podman"},
	{[]string{"libvirt", "libvirtd", "kvm", "qemu", "virtualisation", "virtualization"}, "virtualisation.libvirtd"},
	{[]string{"virt-manager", "virtmanager"}, "programs.virt-manager"},
	{[]string{"virtualbox", "vbox"}, "virtualisation.virtualbox.host"},
	// Inside a VirtualBox machine, not the host that runs them.
	{[]string{"virtualbox guest", "virtualbox guest additions", "vbox guest", "vbox guest additions", "guest additions", "virtualbox guest utilities"}, "virtualisation.virtualbox.guest"},
	{[]string{"waydroid"}, "virtualisation.waydroid"},
	{[]string{"lxd"}, "virtualisation.lxd"},
	{[]string{"incus"}, "virtualisation.incus"},
	{[]string{"bluetooth"}, "hardware.bluetooth"},
	{[]string{"firewall"}, "networking.firewall"},
	{[]string{"printing", "cups", "printer", "printers", "print"}, "services.printing"},
	{[]string{"scanner", "scanners", "scanning", "sane"}, "hardware.sane"},
	{[]string{"nginx"}, "services.nginx"},
	{[]string{"apache", "httpd", "apache2", "apache httpd"}, "services.httpd"},
	{[]string{"caddy"}, "services.caddy"},
	{[]string{"traefik"}, "services.traefik"},
	{[]string{"postgresql", "postgres", "psql"}, "services.postgresql"},
	{[]string{"mysql", "mariadb"}, "services.mysql"},
	{[]string{"mongodb", "mongo"}, "services.mongodb"},
	{[]string{"memcached"}, "services.memcached"},
	{[]string{"elasticsearch"}, "services.elasticsearch"},
	{[]string{"rabbitmq"}, "services.rabbitmq"},
	{[]string{"tailscale"}, "services.tailscale"},
	{[]string{"automatic-timezoned", "automatic timezone", "automatic time zone"}, "services.automatic-timezoned"},
	{[]string{"zerotier", "zerotierone"}, "services.zerotierone"},
	{[]string{"netbird"}, "services.netbird"},
	{[]string{"wireguard"}, "networking.wireguard"},
	{[]string{"mullvad", "mullvad-vpn", "mullvad vpn"}, "services.mullvad-vpn"},
	{[]string{"tor", "onion routing"}, "services.tor"},
	// A word that is a service's own name is that service: i2p and
	// i2pd are two routers, as influxdb and influxdb2 are two servers.
	{[]string{"i2p"}, "services.i2p"},
	{[]string{"i2pd"}, "services.i2pd"},
	{[]string{"pipewire", "sound", "audio", "pipewire audio", "pipewire sound", "sound with pipewire", "audio with pipewire", "sound via pipewire"}, "services.pipewire"},
	{[]string{"pulseaudio", "pulse"}, "services.pulseaudio"},
	{[]string{"flatpak"}, "services.flatpak"},
	{[]string{"avahi", "mdns", "zeroconf", "bonjour"}, "services.avahi"},
	{[]string{"networkmanager", "network manager", "network-manager", "nm", "wifi", "wi-fi", "wireless", "wlan"}, "networking.networkmanager"},
	// wpa_supplicant alone, which NetworkManager replaces (the two
	// cannot both be on).
	{[]string{"wpa_supplicant", "wpa-supplicant", "wpa supplicant", "wpasupplicant"}, "networking.wireless"},
	{[]string{"resolved", "systemd-resolved"}, "services.resolved"},
	{[]string{"dnsmasq"}, "services.dnsmasq"},
	{[]string{"unbound"}, "services.unbound"},
	{[]string{"adguard", "adguardhome", "adguard home"}, "services.adguardhome"},
	{[]string{"ntp"}, "services.ntp"},
	{[]string{"timesyncd", "time sync", "time synchronisation", "time synchronization"}, "services.timesyncd"},
	{[]string{"fail2ban"}, "services.fail2ban"},
	{[]string{"syncthing"}, "services.syncthing"},
	{[]string{"samba", "smb", "windows sharing", "windows file sharing"}, "services.samba"},
	// WS-Discovery, which newer Windows lists Samba servers under
	// Network by (Samba's note suggests it).
	{[]string{"samba-wsdd", "samba wsdd", "wsdd", "ws-discovery", "wsdiscovery"}, "services.samba-wsdd"},
	// Thunderbolt devices are authorised by boltd.
	{[]string{"thunderbolt", "bolt", "boltd", "thunderbolt devices", "thunderbolt support", "thunderbolt docks", "thunderbolt dock"}, "services.hardware.bolt"},
	{[]string{"partition manager", "kde partition manager", "partitionmanager", "partition-manager"}, "programs.partition-manager"},
	// "nfs" alone is asked about: a server, or mounting a share (nfsAsked).
	{[]string{"nfs server", "nfs exports", "nfsd", "nfs-server", "nfs file server"}, "services.nfs.server"},
	{[]string{"jellyfin"}, "services.jellyfin"},
	{[]string{"plex", "plex media server"}, "services.plex"},
	{[]string{"transmission"}, "services.transmission"},
	{[]string{"nextcloud"}, "services.nextcloud"},
	// "bitwarden" alone may be the app or this server: asked
	// (serviceAsked).
	{[]string{"vaultwarden"}, "services.vaultwarden"},
	{[]string{"ollama"}, "services.ollama"},
	{[]string{"home assistant", "home-assistant", "homeassistant", "hass"}, "services.home-assistant"},
	{[]string{"mosquitto", "mqtt"}, "services.mosquitto"},
	{[]string{"prometheus"}, "services.prometheus"},
	{[]string{"grafana"}, "services.grafana"},
	{[]string{"loki"}, "services.loki"},
	{[]string{"influxdb"}, "services.influxdb"},
	{[]string{"influxdb2", "influx"}, "services.influxdb2"},
	{[]string{"netdata"}, "services.netdata"},
	{[]string{"k3s", "kubernetes"}, "services.k3s"},
	{[]string{"gitea"}, "services.gitea"},
	{[]string{"forgejo"}, "services.forgejo"},
	{[]string{"gitlab"}, "services.gitlab"},
	{[]string{"jenkins"}, "services.jenkins"},
	{[]string{"jupyter", "jupyter notebook"}, "services.jupyter"},
	{[]string{"code-server", "code server", "vscode server"}, "services.code-server"},
	{[]string{"minecraft", "minecraft server", "minecraft-server"}, "services.minecraft-server"},
	{[]string{"tlp"}, "services.tlp"},
	{[]string{"power profiles", "power-profiles-daemon", "power profiles daemon", "powerprofiles"}, "services.power-profiles-daemon"},
	{[]string{"auto-cpufreq", "autocpufreq"}, "services.auto-cpufreq"},
	{[]string{"thermald"}, "services.thermald"},
	{[]string{"fwupd", "firmware updates", "firmware update"}, "services.fwupd"},
	{[]string{"auto upgrade", "auto upgrades", "auto-upgrade", "auto-upgrades", "autoupgrade", "automatic upgrade", "automatic upgrades", "automatic update", "automatic updates", "auto updates", "auto update", "automatic system updates", "automatic system upgrades", "unattended upgrades", "unattended updates", "unattended-upgrades"}, "system.autoUpgrade"},
	{[]string{"gnome"}, "services.xserver.desktopManager.gnome"},
	// The other desktops NixOS's installer offers, by their names.
	{[]string{"xfce", "xfce4"}, "services.xserver.desktopManager.xfce"},
	{[]string{"cinnamon"}, "services.xserver.desktopManager.cinnamon"},
	{[]string{"mate", "mate desktop"}, "services.xserver.desktopManager.mate"},
	{[]string{"budgie"}, "services.xserver.desktopManager.budgie"},
	{[]string{"lxqt"}, "services.xserver.desktopManager.lxqt"},
	{[]string{"plasma", "kde", "plasma6", "kde plasma", "plasma 6", "kde plasma 6", "kde6"}, "services.desktopManager.plasma6"},
	{[]string{"xserver", "x11", "xorg", "x server"}, "services.xserver"},
	{[]string{"gdm"}, "services.xserver.displayManager.gdm"},
	{[]string{"sddm"}, "services.displayManager.sddm"},
	{[]string{"hyprland"}, "programs.hyprland"},
	{[]string{"sway"}, "programs.sway"},
	{[]string{"libinput", "touchpad", "trackpad"}, "services.libinput"},
	{[]string{"touchegg"}, "services.touchegg"},
	{[]string{"graphics", "opengl", "hardware acceleration", "3d acceleration", "graphics acceleration", "gpu acceleration",
		"hardware graphics acceleration", "hardware video acceleration", "video acceleration", "vulkan", "hardware accelerated graphics",
		"vaapi", "va-api", "hardware video decoding", "video decoding", "hardware decoding"}, "hardware.graphics"},
	{[]string{"btrfs scrub", "btrfs scrubbing", "btrfs autoscrub", "btrfs auto scrub", "automatic btrfs scrub", "btrfs auto-scrub"}, "services.btrfs.autoScrub"},
	{[]string{"zram", "zram swap", "zramswap"}, "zramSwap"},
	{[]string{"swap on zram", "zram based swap", "compressed swap", "compressed ram swap", "swap in ram", "zram swap device"}, "zramSwap"},
	{[]string{"plymouth", "splash screen", "splash", "bootsplash"}, "boot.plymouth"},
	{[]string{"cloudflare tunnel", "cloudflare tunnels", "cloudflared tunnel", "argo tunnel"}, "services.cloudflared"},
	{[]string{"zsh syntax highlighting", "zsh syntax-highlighting", "zsh highlighting"}, "programs.zsh.syntaxHighlighting"},
	{[]string{"wacom", "wacom tablet", "wacom tablets", "wacom driver", "wacom drivers"}, "services.xserver.wacom"},
	{[]string{"blueman"}, "services.blueman"},
	{[]string{"geoclue", "geoclue2", "location"}, "services.geoclue2"},
	{[]string{"gnome keyring", "gnome-keyring", "keyring"}, "services.gnome.gnome-keyring"},
	{[]string{"gpg agent", "gnupg agent", "gpg-agent"}, "programs.gnupg.agent"},
	{[]string{"pcscd", "smartcard", "smart card", "smart cards"}, "services.pcscd"},
	{[]string{"fprintd", "fingerprint", "fingerprint reader", "fingerprint scanner", "fingerprint sensor", "fingerprint login"}, "services.fprintd"},
	{[]string{"smartd", "smart monitoring", "disk monitoring"}, "services.smartd"},
	{[]string{"earlyoom"}, "services.earlyoom"},
	{[]string{"redshift"}, "services.redshift"},
	{[]string{"acpid"}, "services.acpid"},
	{[]string{"clamav", "antivirus"}, "services.clamav.daemon"},
	{[]string{"cron", "crond"}, "services.cron"},
	{[]string{"locate", "mlocate", "plocate"}, "services.locate"},
	{[]string{"gvfs"}, "services.gvfs"},
	{[]string{"nm-applet", "nm applet", "network manager applet", "networkmanager applet"}, "programs.nm-applet"},
	{[]string{"udisks", "udisks2", "automount"}, "services.udisks2"},
	{[]string{"upower"}, "services.upower"},
	{[]string{"openrgb", "rgb"}, "services.hardware.openrgb"},
	{[]string{"xrdp", "rdp", "remote desktop"}, "services.xrdp"},
	{[]string{"teamviewer"}, "services.teamviewer"},
	{[]string{"spice", "spice-vdagent", "spice agent"}, "services.spice-vdagentd"},
	{[]string{"qemu guest", "qemu guest agent", "qemu-guest-agent"}, "services.qemuGuest"},
	{[]string{"vmware guest", "vmware tools", "open-vm-tools"}, "virtualisation.vmware.guest"},
	{[]string{"usbmuxd", "iphone"}, "services.usbmuxd"},
	{[]string{"mpd", "music player daemon"}, "services.mpd"},
	{[]string{"emacs daemon", "emacs server", "emacs"}, "services.emacs"},
	{[]string{"steam"}, "programs.steam"},
	{[]string{"gamemode"}, "programs.gamemode"},
	{[]string{"steam controller", "steam controllers", "steam hardware", "steam-hardware"}, "hardware.steam-hardware"},
	{[]string{"zsh"}, "programs.zsh"},
	{[]string{"fish"}, "programs.fish"},
	{[]string{"dconf"}, "programs.dconf"},
	{[]string{"adb", "android debug bridge", "android debugging", "usb debugging", "android usb debugging"}, "programs.adb"},
	{[]string{"wireshark"}, "programs.wireshark"},
	{[]string{"firefox"}, "programs.firefox"},
	{[]string{"git"}, "programs.git"},
	{[]string{"neovim", "nvim"}, "programs.neovim"},
	{[]string{"tmux"}, "programs.tmux"},
	{[]string{"kdeconnect", "kde connect", "kde-connect"}, "programs.kdeconnect"},
	{[]string{"nix-ld", "nix ld", "nixld"}, "programs.nix-ld"},
	// SSDs are trimmed weekly by fstrim's timer.
	{[]string{"fstrim", "trim", "ssd trim", "ssd trimming", "trimming", "periodic trim"}, "services.fstrim"},
	// AppImages run through appimage-run, which this installs
	// (guidance's answer to "run an appimage" suggests it).
	{[]string{"appimage", "appimages", "appimage-run", "appimage run"}, "programs.appimage"},
	{[]string{"keyd"}, "services.keyd"},
	{[]string{"kanata"}, "services.kanata"},
	{[]string{"colord"}, "services.colord"},
	{[]string{"ipp-usb", "ippusb"}, "services.ipp-usb"},
	{[]string{"ratbagd", "ratbag"}, "services.ratbagd"},
	{[]string{"guix"}, "services.guix"},
	{[]string{"envfs"}, "services.envfs"},
	// Asked for on forums by the module's own name, which the option
	// index finds too; without it they were not understood.
	{[]string{"mosh"}, "programs.mosh"},
	{[]string{"direnv"}, "programs.direnv"},
	{[]string{"command-not-found"}, "programs.command-not-found"},
	{[]string{"nix-index"}, "programs.nix-index"},
	{[]string{"thunar"}, "programs.thunar"},
	{[]string{"localsend"}, "programs.localsend"},
	{[]string{"lightdm"}, "services.xserver.displayManager.lightdm"},
	{[]string{"polkit"}, "security.polkit"},
	{[]string{"man pages", "manpages"}, "documentation.man"},
	{[]string{"lorri"}, "services.lorri"},
	{[]string{"atd"}, "services.atd"},
	{[]string{"immich"}, "services.immich"},
	{[]string{"paperless", "paperless-ngx"}, "services.paperless"},
	{[]string{"sunshine"}, "services.sunshine"},
	{[]string{"open-webui", "open webui", "openwebui"}, "services.open-webui"},
	{[]string{"mealie"}, "services.mealie"},
	{[]string{"homepage-dashboard", "homepage dashboard"}, "services.homepage-dashboard"},
	{[]string{"uptime-kuma", "uptime kuma"}, "services.uptime-kuma"},
	{[]string{"audiobookshelf"}, "services.audiobookshelf"},
	{[]string{"navidrome"}, "services.navidrome"},
	{[]string{"sonarr"}, "services.sonarr"},
	{[]string{"radarr"}, "services.radarr"},
	{[]string{"prowlarr"}, "services.prowlarr"},
	{[]string{"deluge"}, "services.deluge"},
	{[]string{"input-remapper", "input remapper"}, "services.input-remapper"},
	{[]string{"zigbee2mqtt"}, "services.zigbee2mqtt"},
}

// switchTable maps words to NixOS on/off options that are not named
// <prefix>.enable; the option here is the whole switch. Checked against
// real NixOS options data like serviceTable.
var switchTable = []struct {
	names  []string
	option string
	// allow: also "allow X" and "block X" (see ruleAllow)
	allow bool
}{
	{[]string{"garbage collection", "automatic garbage collection", "auto gc", "automatic gc", "nix gc", "nix garbage collection", "gc", "auto garbage collection", "garbage collector", "the garbage collector", "automatic garbage collector"}, "nix.gc.automatic", false},
	{[]string{"store optimisation", "store optimization", "automatic store optimisation", "automatic store optimization", "nix store optimisation", "nix store optimization", "store deduplication"}, "nix.optimise.automatic", false},
	{[]string{"ipv6", "ipv6 support", "ip v6"}, "networking.enableIPv6", false},
	{[]string{"ssh agent", "ssh-agent", "the ssh agent"}, "programs.ssh.startAgent", false},
	{[]string{"32 bit graphics", "32-bit graphics", "32bit graphics", "32 bit opengl", "32-bit opengl", "32 bit graphics support", "32-bit graphics support",
		"32 bit support", "32-bit support", "32bit support", "32 bit libraries", "32-bit libraries", "32 bit graphics drivers", "32-bit graphics drivers",
		"32 bit support for opengl", "32-bit support for opengl", "opengl 32 bit", "opengl 32-bit", "32 bit opengl support", "32-bit opengl support",
		"32 bit support for graphics", "32-bit support for graphics", "32 bit graphics libraries", "32-bit graphics libraries"}, "hardware.graphics.enable32Bit", false},
	{[]string{"ping", "pings", "ping requests", "pinging", "icmp", "icmp ping", "icmp echo", "icmp echo requests"}, "networking.firewall.allowPing", true},
	{[]string{"auto optimise store", "auto optimize store", "auto-optimise-store", "auto-optimize-store", "automatic store deduplication", "optimise the store on every build", "optimize the store on every build"}, "nix.settings.auto-optimise-store", false},
	{[]string{"dhcp", "dhcp on all interfaces"}, "networking.useDHCP", false},
	{[]string{"systemd-networkd", "networkd", "systemd networkd"}, "networking.useNetworkd", false},
	{[]string{"redistributable firmware", "firmware with a redistributable license", "non-free firmware"}, "hardware.enableRedistributableFirmware", false},
	{[]string{"all firmware", "all the firmware", "unfree firmware"}, "hardware.enableAllFirmware", false},
	{[]string{"intel microcode", "intel microcode updates", "intel cpu microcode"}, "hardware.cpu.intel.updateMicrocode", false},
	{[]string{"amd microcode", "amd microcode updates", "amd cpu microcode"}, "hardware.cpu.amd.updateMicrocode", false},
	{[]string{"natural scrolling", "touchpad natural scrolling", "natural scrolling on the touchpad"}, "services.libinput.touchpad.naturalScrolling", false},
	{[]string{"os-prober", "os prober", "osprober", "grub os-prober", "grub os prober", "os-prober in grub"}, "boot.loader.grub.useOSProber", false},
	{[]string{"tap to click", "touchpad tap to click", "touchpad tapping", "tapping"}, "services.libinput.touchpad.tapping", false},
}

// serviceKey folds a name so spacing, hyphens and case do not matter:
// "Network Manager", "network-manager" and "networkmanager" are one.
func serviceKey(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '-' || c == '_':
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func serviceOption(said string) (string, bool) {
	o, ok := serviceIndex[serviceKey(said)]
	return o, ok
}

// ServiceOption is the option "enable <said>" turns on, for a service
// word ask-nix knows by name ("ssh": services.openssh.enable).
func ServiceOption(said string) (string, bool) {
	loadTables()
	return serviceOption(said)
}

// ServicePrefix is Services()[word]: the option prefix the service
// word enables. It reads the table in place: Services builds a map of
// every word (about 36 KB), which a lookup of one word, as an edit or
// explain makes, paid for in fresh heap pages.
func ServicePrefix(word string) (string, bool) {
	// Backwards, so a word listed twice gives what Services' map keeps:
	// its last entry.
	for i := len(serviceTable) - 1; i >= 0; i-- {
		if slices.Contains(serviceTable[i].names, word) {
			return serviceTable[i].option, true
		}
	}
	return "", false
}

// Services returns every service word ask-nix knows with the option
// prefix it enables (the word "ssh" -> "services.openssh").
func Services() map[string]string {
	m := make(map[string]string)
	for _, s := range serviceTable {
		for _, n := range s.names {
			m[n] = s.option
		}
	}
	return m
}

// closestServices returns up to n service names nearest to said.
func closestServices(said string, n int) []string {
	key := serviceKey(said)
	type cand struct {
		name string
		d    int
	}
	var cs []cand
	names := make([][]string, 0, len(serviceTable)+len(switchTable))
	for _, s := range serviceTable {
		names = append(names, s.names)
	}
	for _, s := range switchTable {
		names = append(names, s.names)
	}
	for _, ns := range names {
		best := cand{d: 1 << 30}
		for _, name := range ns {
			d := editdistance.OSA(key, serviceKey(name), 2)
			if wordPrefix(name, said) && len(key) >= 3 {
				// "remote" for "remote desktop"; never "vault" for
				// vaultwarden, another name that begins alike.
				d = 1
			}
			if d < best.d {
				best = cand{name, d}
			}
		}
		// Two edits only for long words, as typo allows: five letters
		// two edits apart are another word ("vaapi" is no "avahi",
		// "zswap" no "sway").
		limit := 1
		if len(key) >= 7 {
			limit = 2
		}
		if best.d <= limit {
			cs = append(cs, best)
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].d < cs[j].d })
	var out []string
	for _, c := range cs {
		if len(out) < n {
			out = append(out, c.name)
		}
	}
	return out
}

// wordPrefix: name begins with the words said, ending where a word of
// name ends ("remote desktop", "gnupg-agent" for "remote", "gnupg").
func wordPrefix(name, said string) bool {
	n, s := strings.ToLower(name), strings.ToLower(strings.TrimSpace(said))
	rest, ok := strings.CutPrefix(n, s)
	return ok && rest != "" && (rest[0] == ' ' || rest[0] == '-')
}

// The tables of this file, built by loadServices on first use (see
// loadTables).
var serviceIndex map[string]string

func loadServices() {
	// serviceIndex maps a service name folded by serviceKey to the
	// option that switches it.
	serviceIndex = map[string]string{}
	for _, s := range serviceTable {
		for _, n := range s.names {
			serviceIndex[serviceKey(n)] = s.option + ".enable"
		}
	}
	for _, s := range switchTable {
		for _, n := range s.names {
			serviceIndex[serviceKey(n)] = s.option
		}
	}
}

// Switches returns the words of the on/off options not named
// <prefix>.enable, with the whole option ("garbage collection" ->
// "nix.gc.automatic").
func Switches() map[string]string {
	m := make(map[string]string)
	for _, s := range switchTable {
		for _, n := range s.names {
			m[n] = s.option
		}
	}
	return m
}
