package parse_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestGoalsWithOneSetting: requests said by what they are for, whose
// setting NixOS really has (the guard checks each against the real
// options data), with the note that says what the
// setting covers and what it leaves to the person.
func TestGoalsWithOneSetting(t *testing.T) {
	tests := []struct {
		text    string
		want    []intent.Intent // the parts, Notes left out
		noteHas string          // "" for no note
	}{
		{"enable btrfs scrub", []intent.Intent{{Kind: intent.EnableService, Option: "services.btrfs.autoScrub.enable", Service: "btrfs scrub"}}, "once a month"},
		{"turn on automatic btrfs scrub", []intent.Intent{{Kind: intent.EnableService, Option: "services.btrfs.autoScrub.enable", Service: "automatic btrfs scrub"}}, "once a month"},
		{"enable graphics acceleration", []intent.Intent{{Kind: intent.EnableService, Option: "hardware.graphics.enable", Service: "graphics acceleration"}}, "intel-media-driver"},
		{"enable hardware video acceleration", []intent.Intent{{Kind: intent.EnableService, Option: "hardware.graphics.enable", Service: "hardware video acceleration"}}, "VA-API"},
		{"enable vulkan", []intent.Intent{{Kind: intent.EnableService, Option: "hardware.graphics.enable", Service: "vulkan"}}, "Vulkan"},
		{"enable graphics", []intent.Intent{{Kind: intent.EnableService, Option: "hardware.graphics.enable", Service: "graphics"}}, "32-bit"},
		{"set max-jobs to 4", []intent.Intent{{Kind: intent.SetOption, Option: "nix.settings.max-jobs", Value: int64(4)}}, ""},
		{"set nix max jobs to auto", []intent.Intent{{Kind: intent.SetOption, Option: "nix.settings.max-jobs", Value: "auto"}}, ""},
		{"set the number of parallel builds to 2", []intent.Intent{{Kind: intent.SetOption, Option: "nix.settings.max-jobs", Value: int64(2)}}, ""},
		{"enable obs virtual camera", []intent.Intent{
			{Kind: intent.EnableService, Option: "programs.obs-studio.enable", Service: "obs virtual camera"},
			{Kind: intent.SetOption, Option: "programs.obs-studio.enableVirtualCamera", Value: true}}, "v4l2loopback"},
		// A boot loader said by its path is read as said, with the risk.
		{"enable boot.loader.systemd-boot", []intent.Intent{{Kind: intent.EnableService, Option: "boot.loader.systemd-boot.enable", Service: "boot.loader.systemd-boot"}}, "one boot loader at a time"},
		{"set boot.loader.grub.enable to false", []intent.Intent{{Kind: intent.SetOption, Option: "boot.loader.grub.enable", Value: false}}, "riskiest edit"},
		{"set the boot timeout to 5 seconds", []intent.Intent{{Kind: intent.SetOption, Option: "boot.loader.timeout", Value: int64(5)}}, ""},
		{"is the obs virtual camera enabled", []intent.Intent{{Kind: intent.ShowOption, Option: "programs.obs-studio.enableVirtualCamera", Service: "obs virtual camera"}}, ""},
		{"disable the obs virtual camera", []intent.Intent{{Kind: intent.SetOption, Option: "programs.obs-studio.enableVirtualCamera", Value: false}}, ""},
		{"open ports for kde connect", []intent.Intent{{Kind: intent.EnableService, Option: "programs.kdeconnect.enable", Service: "kde connect"}}, "1714 to 1764"},
		{"open the firewall for kdeconnect", []intent.Intent{{Kind: intent.EnableService, Option: "programs.kdeconnect.enable", Service: "kdeconnect"}}, "1714 to 1764"},
		{"share a folder with samba", []intent.Intent{{Kind: intent.EnableService, Option: "services.samba.enable", Service: "samba"}}, "services.samba.settings"},
		{"share my files over smb", []intent.Intent{{Kind: intent.EnableService, Option: "services.samba.enable", Service: "samba"}}, "smbpasswd"},
		{"enable virtualbox extension pack", []intent.Intent{
			{Kind: intent.EnableService, Option: "virtualisation.virtualbox.host.enable", Service: "virtualbox extension pack"},
			{Kind: intent.SetOption, Option: "virtualisation.virtualbox.host.enableExtensionPack", Value: true}}, "unfree"},
		// Sound is PipeWire with the parts programs play through; off,
		// the switch alone.
		{"enable sound", soundOn("sound"), "ALSA and PulseAudio"},
		{"turn on audio", soundOn("audio"), "rtkit"},
		{"disable sound", []intent.Intent{{Kind: intent.DisableService, Option: "services.pipewire.enable", Service: "sound"}}, ""},
		{"enable pipewire", []intent.Intent{{Kind: intent.EnableService, Option: "services.pipewire.enable", Service: "pipewire"}}, ""},
		// PipeWire said with sound is sound (these were not understood).
		{"enable pipewire audio", soundOn("pipewire audio"), "ALSA and PulseAudio"},
		{"enable sound with pipewire", soundOn("sound with pipewire"), "rtkit"},
		{"disable pipewire audio", []intent.Intent{{Kind: intent.DisableService, Option: "services.pipewire.enable", Service: "pipewire audio"}}, ""},
		{"share folders over nfs", []intent.Intent{{Kind: intent.EnableService, Option: "services.nfs.server.enable", Service: "nfs server"}}, "exports"},
		// Num Lock's one NixOS switch is SDDM's, which the note says,
		// with where each desktop keeps its own.
		{"enable numlock", numlock(true), "SDDM's login screen"},
		{"turn on num lock at login", numlock(true), "with GDM or LightDM this setting does nothing"},
		{"turn on numlock at boot", numlock(true), "NumLock on startup"},
		{"numlock on at boot", numlock(true), "numlock-state"},
		{"i want numlock on when i log in", numlock(true), "SDDM"},
		{"disable numlock", numlock(false), ""},
		{"turn numlock off", numlock(false), ""},
	}
	full := realOptions(t)
	for _, tt := range tests {
		got, ok := parseReal(t, full, tt.text)
		if !ok {
			continue
		}
		notes := strings.Join(got.Notes, " ")
		var parts []intent.Intent
		for _, p := range got.Parts() {
			p.Notes, p.And = nil, nil
			parts = append(parts, p)
		}
		if !reflect.DeepEqual(parts, tt.want) {
			t.Errorf("Parse(%q) = %#v\nwant %#v", tt.text, parts, tt.want)
		}
		if tt.noteHas == "" && notes != "" || !strings.Contains(notes, tt.noteHas) {
			t.Errorf("Parse(%q) notes %q; want one saying %q", tt.text, notes, tt.noteHas)
		}
	}
}

// numlock is SDDM's Num Lock switch set to on.
func numlock(on bool) []intent.Intent {
	return []intent.Intent{{Kind: intent.SetOption, Option: "services.displayManager.sddm.autoNumlock", Value: on}}
}

// soundOn is "enable sound" said with the word said, as its parts.
func soundOn(said string) []intent.Intent {
	return []intent.Intent{{Kind: intent.EnableService, Option: "services.pipewire.enable", Service: said},
		{Kind: intent.SetOption, Option: "services.pipewire.alsa.enable", Value: true},
		{Kind: intent.SetOption, Option: "services.pipewire.pulse.enable", Value: true},
		{Kind: intent.SetOption, Option: "security.rtkit.enable", Value: true}}
}

// soundOnIntent is soundOn joined, as Parse returns it.
func soundOnIntent(said string) intent.Intent {
	return intent.Join(soundOn(said))
}

// TestServerIsNoProgram: a server or daemon of a name the service
// table knows as a program is another thing, never that program's
// switch: left to the option index (services.gitDaemon), not taken.
func TestServerIsNoProgram(t *testing.T) {
	for _, text := range []string{"enable git daemon", "enable steam server", "enable the firefox server"} {
		in, err := parse.Parse(text)
		if err == nil && strings.HasPrefix(in.Option, "programs.") {
			t.Errorf("Parse(%q) = %s; want no program's switch", text, in.Option)
		}
	}
	// A service's own server word stays its service.
	for text, want := range map[string]string{"enable ssh server": "services.openssh.enable", "enable mpd server": "services.mpd.enable", "enable the steam service": "programs.steam.enable",
		"enable the gpg agent daemon": "programs.gnupg.agent.enable"} {
		if in, err := parse.Parse(text); err != nil || in.Option != want {
			t.Errorf("Parse(%q) = %+v, %v; want %s", text, in, err, want)
		}
	}
}

// TestHonestNotUnderstood: things NixOS has no one switch for, or that
// ask-nix must not write, are answered with what there is, each
// suggestion a request ask-nix understands, and nothing written.
func TestHonestNotUnderstood(t *testing.T) {
	tests := []struct {
		text    string
		hintHas []string
	}{
		{"enable home manager", []string{"no NixOS option", "home-manager.nixosModules.home-manager", "<home-manager/nixos>"}},
		{"enable home-manager", []string{"no NixOS option", "flake's inputs"}},
		{"enable proton", []string{"comes with Steam", "programs.steam.extraCompatPackages", "protontricks"}},
		{"use systemd-boot", []string{"does not change boot loaders", "boot.loader.systemd-boot.enable = true", "boot.loader.grub.enable = false", "UEFI"}},
		{"switch from grub to systemd-boot", []string{"does not change boot loaders"}},
		{"disable grub", []string{"does not turn boot loaders on or off by name", "boot.loader.<name>.enable"}},
		{"turn off grub", []string{"does not turn boot loaders on or off by name"}},
		{"enable grub", []string{"does not turn boot loaders on or off by name"}},
		{"disable systemd-boot", []string{"does not turn boot loaders on or off by name"}},
		{"turn off the systemd boot loader", []string{"does not turn boot loaders on or off by name"}},
		{"enable limine", []string{"does not turn boot loaders on or off by name"}},
		// doas is its module (a setuid wrapper), never a package swap
		// that takes sudo away.
		{"use doas instead of sudo", []string{"security.doas.enable", "sudo stays"}},
		{"replace sudo with doas", []string{"setuid wrapper"}},
		{"install doas", []string{"security.doas.enable"}},
		{"switch from sudo to doas", []string{"security.sudo.enable = false"}},
		// Kernel modules take the kernel's package set.
		{"add kernel module v4l2loopback", []string{"boot.extraModulePackages", "boot.kernelModules"}},
		{"load the kernel module kvm-intel", []string{"boot.kernelModules", "modprobe"}},
		{"enable kernel module kvm-intel", []string{"boot.kernelModules"}},
		{"install kernel modules", []string{"boot.kernelModules"}},
		{"enable hibernation and ssh", []string{"in \"hibernation\"", "boot.resumeDevice"}},
		{"install wine 64 bit", []string{"word size", "`ask-nix search wine`"}},
		{"install git and instead", []string{"instead of what", "replace <old> with git", "quoted"}},
		{"install just firefox", []string{"means only", "quoted"}},
		{"install firefox tonight", []string{"schedules none"}},
		{"install python with numpy", []string{"python3.withPackages (ps: [ ps.numpy ])", "not importable"}},
		// The wheel group is a line of the user's own declaration;
		// only a valid login name is echoed into it.
		{"give alice sudo access", []string{`users.users.alice.extraGroups = [ "wheel" ];`, "Nothing was changed"}},
		{"make alice an admin", []string{`users.users.alice.extraGroups = [ "wheel" ];`}},
		{"add bob to sudoers", []string{`users.users.bob.extraGroups = [ "wheel" ];`}},
		{"let carol use sudo", []string{`users.users.carol.extraGroups`}},
		{"give Alice admin rights", []string{`users.users.<name>.extraGroups = [ "wheel" ];`}},
		// A name that shares a word with another's answer is its own:
		// Proton VPN is no Proton.
		{"enable proton vpn", []string{"no Proton VPN service", "protonvpn-gui"}},
		{"enable opencl", []string{"depends on the graphics card", "intel-compute-runtime"}},
		{"enable gaming", []string{"no one switch for gaming"}},
		{"enable webcam", []string{"uvcvideo"}},
		{"enable virtual camera", []string{"enableVirtualCamera"}},
		{"enable bluetooth audio", []string{"PipeWire"}},
		{"enable docker compose", []string{"not a service"}},
		{"enable night light", []string{"services.redshift"}},
		{"enable swap", []string{"swapDevices", "zram"}},
		{"enable vpn", []string{"no one switch"}},
		{"enable screen sharing", []string{"xdg.portal.enable"}},
		{"enable hotspot", []string{"nmcli device wifi hotspot"}},
		{"enable file sharing", []string{"Samba", "NFS"}},
		{"install vim and enable hibernation", []string{"in \"enable hibernation\"", "boot.resumeDevice"}},
		// "server" said after a table word is no programs.git.
		{"enable git server", []string{"services.forgejo", "programs.git is the git command only"}},
		{"enable ftp", []string{"services.vsftpd"}},
		{"enable a web server", []string{"nginx"}},
		{"enable database", []string{"PostgreSQL"}},
		{"enable a database server", []string{"PostgreSQL"}},
		{"enable remote access", []string{"RDP"}},
		{"enable backups", []string{"services.restic.backups"}},
		{"install proton", []string{"comes with Steam"}},
		{"set max-jobs to 0", []string{"remote builders", "Nothing was changed"}},
		{"is home manager enabled", []string{"no NixOS option"}},
		// Joined with a request understood: the answer, and that one.
		{"give alice sudo access and install vim", []string{"in \"give alice sudo access\"", "users.users.alice.extraGroups"}},
		{"install vim and give alice sudo access", []string{"in \"give alice sudo access\"", "users.users.alice.extraGroups"}},
		{"make alice an admin and enable ssh", []string{"in \"make alice an admin\""}},
		{"install htop and use systemd-boot", []string{"does not change boot loaders"}},
		{"turn off bluetooth and wifi", []string{"in \"wifi\"", "nmcli radio wifi off", "Nothing was changed"}},
		{"upgrade firefox then reboot", []string{"in \"upgrade firefox\": NixOS does not update one package alone", "not only firefox", "in \"reboot\": ask-nix does not reboot"}},
		{"update firefox and reboot", []string{"NixOS does not update one package alone"}},
		// Desktop settings are said to be the desktop's, and where.
		{"enable dark mode", []string{"not NixOS's", "Settings > Appearance", "Breeze Dark", "qt.style"}},
		{"i want a dark theme", []string{"color-scheme prefer-dark"}},
		{"change my wallpaper", []string{"not NixOS's", "Settings > Appearance, Background", "Desktop and Wallpaper", "~/.background-image"}},
		{"set my desktop background", []string{"services.xserver.desktopManager.wallpaper.mode"}},
		{"disable ssh and wifi", []string{"in \"wifi\"", "rfkill block wifi", "say \"disable networkmanager\""}},
		{"enable amdgpu", []string{"no switch for the amdgpu driver", "hardware.graphics.enable", "hardware.amdgpu.initrd.enable"}},
	}
	for _, tt := range tests {
		_, err := parse.Parse(tt.text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %v; want not understood", tt.text, err)
			continue
		}
		for _, h := range tt.hintHas {
			if !strings.Contains(nu.Hint, h) {
				t.Errorf("Parse(%q) hint %q lacks %q", tt.text, nu.Hint, h)
			}
		}
		for _, s := range nu.Suggestions {
			if in, err := parse.Parse(s.Example); err != nil || in.Kind != s.Kind {
				t.Errorf("Parse(%q) suggests %q (%s), which parses as %+v, %v", tt.text, s.Example, s.Kind, in, err)
			}
		}
	}
}
