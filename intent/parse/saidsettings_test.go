package parse_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestSaidSettings: settings asked for as NixOS users ask on Discourse
// and reddit, which were not understood or read as something else
// ("add a samba share" installed samba and a package named share,
// "enable wayland for sddm" said Wayland is no switch, "make my laptop
// not sleep when lid closed" was read as a report that it does not
// sleep). Each is the real option with a value of its type (the guard
// checks them against the real NixOS options), with the note that says
// what it leaves out.
func TestSaidSettings(t *testing.T) {
	samba := intent.Intent{Kind: intent.EnableService, Option: "services.samba.enable", Service: "samba"}
	sddm := func(on bool) intent.Intent {
		return intent.Intent{Kind: intent.SetOption, Option: "services.displayManager.sddm.wayland.enable", Value: on}
	}
	accel := func(device, profile string) intent.Intent {
		return intent.Intent{Kind: intent.SetOption, Option: "services.libinput." + device + ".accelProfile", Value: profile}
	}
	lidIgnored := intent.Intent{Kind: intent.SetOption, Option: "services.logind.lidSwitch", Value: "ignore"}
	tests := []struct {
		text string
		want intent.Intent
		has  string // in the notes; "" for none
	}{
		{"enable samba share", samba, "services.samba.settings"},
		{"enable samba shares", samba, "smbpasswd"},
		{"enable samba file sharing", samba, "services.samba.settings"},
		{"set up a samba server", samba, "openFirewall"},
		{"set up a samba share", samba, "services.samba.settings"},
		{"create a samba share", samba, "services.samba.settings"},
		{"add a samba share", samba, "services.samba.settings"},
		{"i want a samba server", samba, "samba-wsdd"},
		{"install a samba server", samba, "services.samba.settings"},
		{"configure smb sharing", samba, "services.samba.settings"},
		{"turn on samba file sharing please", samba, "services.samba.settings"},
		{"disable samba sharing", intent.Intent{Kind: intent.DisableService, Option: "services.samba.enable", Service: "samba"}, "every share"},
		{"turn off the samba server", intent.Intent{Kind: intent.DisableService, Option: "services.samba.enable", Service: "samba"}, "every share"},
		{"enable wsdd", intent.Intent{Kind: intent.EnableService, Option: "services.samba-wsdd.enable", Service: "wsdd"}, ""},
		{"enable samba-wsdd", intent.Intent{Kind: intent.EnableService, Option: "services.samba-wsdd.enable", Service: "samba-wsdd"}, ""},
		// The client: a share on another machine.
		{"connect to a samba share", intent.Intent{Kind: intent.SetOption, Option: "boot.supportedFilesystems.cifs", Value: true}, ""},
		{"connect to windows shares", intent.Intent{Kind: intent.SetOption, Option: "boot.supportedFilesystems.cifs", Value: true}, ""},
		{"connect to an nfs share", intent.Intent{Kind: intent.SetOption, Option: "boot.supportedFilesystems.nfs", Value: true}, ""},

		{"enable wayland for sddm", sddm(true), "login screen"},
		{"enable sddm wayland", sddm(true), "KWin"},
		{"use wayland in sddm", sddm(true), "login screen"},
		{"run sddm on wayland", sddm(true), "login screen"},
		{"make sddm use wayland", sddm(true), "login screen"},
		{"enable wayland mode for the sddm login screen", sddm(true), "login screen"},
		{"disable wayland for sddm", sddm(false), ""},
		{"disable wayland on sddm", sddm(false), ""},
		{"turn off sddm wayland", sddm(false), ""},
		{"use sddm on wayland instead of x11", sddm(true), "login screen"},
		{"use x11 instead of wayland for sddm", sddm(false), "login screen"},
		{"run sddm on x11 instead of wayland", sddm(false), "login screen"},

		{"turn off the mouse acceleration", accel("mouse", "flat"), "X11 sessions"},
		{"disable mouse acceleration", accel("mouse", "flat"), "Wayland"},
		{"no mouse acceleration", accel("mouse", "flat"), "X11"},
		{"get rid of mouse acceleration", accel("mouse", "flat"), "X11"},
		{"i want no mouse acceleration", accel("mouse", "flat"), "X11"},
		{"set mouse acceleration to flat", accel("mouse", "flat"), "X11"},
		{"flat mouse acceleration", accel("mouse", "flat"), "X11"},
		{"disable pointer acceleration", accel("mouse", "flat"), "X11"},
		{"turn off touchpad acceleration", accel("touchpad", "flat"), "touchpad settings"},
		{"enable mouse acceleration", accel("mouse", "adaptive"), "X11"},
		{"set the mouse acceleration profile to adaptive", accel("mouse", "adaptive"), "X11"},

		{"make my laptop not sleep when lid closed", lidIgnored, ""},
		{"make my laptop not sleep when the lid is closed", lidIgnored, ""},
		{"laptop should not sleep when lid closed", lidIgnored, ""},
		{"my laptop should not suspend when I close the lid", lidIgnored, ""},
		{"make the laptop stay awake when the lid is closed", lidIgnored, ""},

		{"enable thunderbolt", intent.Intent{Kind: intent.EnableService, Option: "services.hardware.bolt.enable", Service: "thunderbolt"}, ""},
		{"enable thunderbolt support", intent.Intent{Kind: intent.EnableService, Option: "services.hardware.bolt.enable", Service: "thunderbolt support"}, ""},

		{"enable podman docker compat", intent.Intent{Kind: intent.EnableService, Option: "virtualisation.podman.enable", Service: "podman docker compat",
			And: []intent.Intent{{Kind: intent.SetOption, Option: "virtualisation.podman.dockerCompat", Value: true}}}, "docker command"},
		{"disable podman docker compat", intent.Intent{Kind: intent.SetOption, Option: "virtualisation.podman.dockerCompat", Value: false}, ""},
		{"enable kde partition manager", intent.Intent{Kind: intent.EnableService, Option: "programs.partition-manager.enable", Service: "kde partition manager"}, ""},

		{"limit nix to 4 cores", intent.Intent{Kind: intent.SetOption, Option: "nix.settings.cores", Value: int64(4)}, "max-jobs"},
		{"use only 2 cores for nix builds", intent.Intent{Kind: intent.SetOption, Option: "nix.settings.cores", Value: int64(2)}, "each build"},
		{"set nix build cores to 8", intent.Intent{Kind: intent.SetOption, Option: "nix.settings.cores", Value: int64(8)}, "each build"},
		{"limit nix builds to 2 jobs", intent.Intent{Kind: intent.SetOption, Option: "nix.settings.max-jobs", Value: int64(2)}, "at once"},

		// zram said with "use" or a wish ("i want zram" said no package
		// is named zram).
		{"use zram swap", intent.Intent{Kind: intent.EnableService, Option: "zramSwap.enable", Service: "zram"}, ""},
		{"use zram", intent.Intent{Kind: intent.EnableService, Option: "zramSwap.enable", Service: "zram"}, ""},
		{"i want zram", intent.Intent{Kind: intent.EnableService, Option: "zramSwap.enable", Service: "zram"}, ""},
		{"use zram for swap", intent.Intent{Kind: intent.EnableService, Option: "zramSwap.enable", Service: "zram"}, ""},
		{"enable swap on zram", intent.Intent{Kind: intent.EnableService, Option: "zramSwap.enable", Service: "swap on zram"}, ""},

		// Not these: said otherwise, each is read as before.
		{"enable samba", samba, ""},
		{"install samba", intent.Intent{Kind: intent.Install, Packages: []string{"samba"}}, ""},
		{"mount a samba share", intent.Intent{Kind: intent.SetOption, Option: "boot.supportedFilesystems.cifs", Value: true}, ""},
		{"open the samba ports", intent.Intent{Kind: intent.SetOption, Option: "services.samba.openFirewall", Value: true}, "services.samba"},
		{"share a folder with samba", samba, "services.samba.settings"},
		{"enable sddm", intent.Intent{Kind: intent.EnableService, Option: "services.displayManager.sddm.enable", Service: "sddm"}, ""},
		{"install thunderbolt", intent.Intent{Kind: intent.Install, Packages: []string{"thunderbolt"}}, ""},
		{"don't suspend when I close the lid", lidIgnored, ""},
		{"set max-jobs to 4", intent.Intent{Kind: intent.SetOption, Option: "nix.settings.max-jobs", Value: int64(4)}, ""},
	}
	full := realOptions(t)
	for _, tt := range tests {
		got, ok := parseReal(t, full, tt.text)
		if !ok {
			continue
		}
		notes := strings.Join(got.Notes, " ")
		got.Notes = nil
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %+v\nwant %+v", tt.text, got, tt.want)
		}
		if tt.has == "" && notes != "" || !strings.Contains(notes, tt.has) {
			t.Errorf("Parse(%q) notes %q; want one saying %q", tt.text, notes, tt.has)
		}
	}
}

// TestSaidSettingsNot: requests near those of TestSaidSettings that
// must not be read as them: questions, both devices at once, a share
// taken away (a setting ask-nix does not write), a trouble report.
func TestSaidSettingsNot(t *testing.T) {
	for _, tt := range []struct {
		text string
		has  string // in the answer
	}{
		{"is mouse acceleration on", ""},
		{"disable mouse and touchpad acceleration", ""},
		{"enable flat and adaptive mouse acceleration", ""},
		{"remove a samba share", "delete the section"},
		{"delete my samba share", "services.samba.settings"},
		{"enable wayland", "no switch of its own"},
		{"does sddm use wayland", ""},
		{"use x11 for sddm", ""},
		{"use wayland instead of x11", "picked at the login screen"},
		{"limit nix to 99999 cores", "0 to 1024"},
		{"use 4 cores", ""},
		{"set the build cores to 8", "set <option> to 8"},
		{"use zram size 50", "zramSwap.memoryPercent"},
		{"limit nix to 4 cores and 2 cpus", ""},
		{"enable screen sharing on wayland", "xdg.portal"},
		{"my laptop does not sleep when lid closed", "systemctl suspend"},
		{"enable and disable samba sharing", ""},
	} {
		got, err := parse.Parse(tt.text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %+v, %v; want not understood", tt.text, got, err)
			continue
		}
		if !strings.Contains(nu.Hint, tt.has) {
			t.Errorf("Parse(%q) hint %q; want it to say %q", tt.text, nu.Hint, tt.has)
		}
	}
}

// TestGoalAnswers: goals said in words with no one setting, answered
// with what does them ("run windows apps" and "better battery life"
// suggested "install firefox").
func TestGoalAnswers(t *testing.T) {
	wine := []string{"install wineWowPackages.stable", "install bottles", "install lutris"}
	power := []string{"enable power-profiles-daemon", "enable tlp", "set the cpu governor to powersave"}
	for _, tt := range []struct {
		text    string
		suggest []string
		has     string
	}{
		{"run windows apps", wine, "Wine"},
		{"how do I run exe files", wine, "Wine"},
		{"run .exe files", wine, "wine program.exe"},
		{"open windows programs", wine, "Bottles"},
		{"run windows games", wine, "Lutris"},
		{"use windows software on nixos", wine, "Wine"},
		{"better battery life", power, "power-profiles-daemon"},
		{"longer battery life", power, "TLP"},
		// Bitwarden's app or a server of one's own: asked, never the
		// server unasked (the service table gave vaultwarden).
		{"enable bitwarden", []string{"install bitwarden-desktop", "enable vaultwarden"}, "Vaultwarden"},
		{"enable printer sharing", []string{"enable printing", "set services.printing.defaultShared to true", "set services.printing.openFirewall to true"}, "listenAddresses"},
		{"share my printer", []string{"enable printing", "set services.printing.defaultShared to true", "set services.printing.openFirewall to true"}, "port 631"},
		{"block ads", []string{"enable adguard home", "enable services.blocky"}, "uBlock Origin"},
		{"enable adblock", []string{"enable adguard home", "enable services.blocky"}, "Pi-hole"},
		{"install an ad blocker", []string{"enable adguard home", "enable services.blocky"}, "DNS server"},
		{"block ads system wide", []string{"enable adguard home", "enable services.blocky"}, "networking.nameservers"},
		// "play windows games" keeps the gaming answer.
		{"play windows games", []string{"enable steam", "enable gamemode", "enable 32-bit graphics"}, "Proton"},
	} {
		got, err := parse.Parse(tt.text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %+v, %v; want not understood", tt.text, got, err)
			continue
		}
		var ss []string
		for _, s := range nu.Suggestions {
			ss = append(ss, s.Example)
		}
		if !reflect.DeepEqual(ss, tt.suggest) || !strings.Contains(nu.Hint, tt.has) {
			t.Errorf("Parse(%q) suggests %q, hint %q; want %q and a hint saying %q", tt.text, ss, nu.Hint, tt.suggest, tt.has)
		}
	}
}
