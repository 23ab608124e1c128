package catalog

import (
	"fmt"
	"testing"
)

func TestScratchEnable(t *testing.T) {
	ix := fullIndex(t)
	for _, w := range []string{"ssh", "openssh", "sshd", "tailscale", "steam", "docker", "bluetooth", "printing", "cups", "firewall", "nginx", "pipewire", "flatpak", "gnome", "plasma", "kde", "xserver", "x11", "sound", "audio", "podman", "libvirt", "libvirtd", "virtualbox", "syncthing", "fail2ban", "avahi", "samba", "postgresql", "postgres", "mysql", "redis", "jellyfin", "plex", "nextcloud", "zsh", "fish", "git", "vim", "neovim", "firefox", "wireshark", "gamemode", "tlp", "power management", "bluetoothd", "dockr", "tailscle", "ollama", "cron", "ntp", "timesyncd", "printer", "scanner", "wifi", "networkmanager", "network manager", "vpn", "wireguard", "home assistant", "home-assistant", "gdm", "sddm", "i3", "hyprland", "sway"} {
		opt, ch := ix.EnableOption(w)
		fmt.Printf("%-16s -> %-45s %v\n", w, opt, ch)
	}
	for _, p := range []string{"steam", "docker", "firefox", "git", "libvirtd", "podman", "nginx", "tailscale", "wireshark", "zsh"} {
		o, ok := ix.ModuleOption(p)
		s, _ := ix.ServiceFor(p)
		fmt.Println("module", p, o, ok, s)
	}
	for _, p := range []string{"firefx", "neovmi", "rigrep", "nvim", "rg", "Firefox", "python", "python3Packages.requests", "thunderbrid", "vscod", "zzzzzzzz", "dockr"} {
		f, s := ix.Package(p)
		fmt.Println("pkg", p, f, s)
	}
	for _, o := range []string{"services.openssh.enable", "users.users.alice.isNormalUser", `boot.kernel.sysctl."net.ipv4.ip_forward"`, "services.nginx.virtualHosts.\"example.com\".root", "time.timeZone", "networking.firewall.allowedTCPPorts", "services.opensh.enable", "system.stateVersion", "environment.etc.\"foo\".text"} {
		typ, f := ix.Option(o)
		fmt.Printf("opt %s %v %q %v\n", o, f, typ, ix.SuggestOptions(o, 3))
	}
}
