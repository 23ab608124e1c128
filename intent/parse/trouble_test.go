package parse_test

import (
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestTroubleReports: a part of the machine reported broken is answered
// with the requests that check it and turn it on, and the commands that
// look at the running system; never an edit, never a package or a
// service's systemd status ("sound.service" is no unit).
func TestTroubleReports(t *testing.T) {
	sound := []string{"is sound enabled", "enable sound"}
	wifi := []string{"is networkmanager enabled", "enable networkmanager", "enable redistributable firmware"}
	bt := []string{"is bluetooth enabled", "enable bluetooth"}
	btSound := []string{"is bluetooth enabled", "enable bluetooth", "enable sound"}
	checkReadings(t, []reading{
		{text: "fix my sound", sugs: sound, hintHas: "`wpctl status`"},
		{text: "my sound doesn't work", sugs: sound, hintHas: "ALSA and PulseAudio"},
		{text: "my sound doesnt work anymore", sugs: sound, hintHas: "PipeWire"},
		{text: "no audio", sugs: sound, hintHas: "does not work"},
		{text: "no sound", sugs: sound, hintHas: "does not work"},
		{text: "sound is not working", sugs: sound, hintHas: "PipeWire"},
		{text: "Audio not working!", sugs: sound, hintHas: "PipeWire"},
		{text: "no sound from my speakers", sugs: sound, hintHas: "PipeWire"},
		{text: "I can't hear anything", sugs: sound, hintHas: "PipeWire"},
		{text: "my mic doesn't work", sugs: sound, hintHas: "PipeWire"},
		{text: "why is there no sound?", sugs: sound, hintHas: "PipeWire"},
		{text: "how do I fix my sound", sugs: sound, hintHas: "PipeWire"},
		// Asked why, the verb comes after the subject (these were not
		// read as trouble: "install firefox" was suggested).
		{text: "why doesn't the sound work", sugs: sound, hintHas: "PipeWire"},
		{text: "why won't my bluetooth connect", sugs: bt, hintHas: "bluetoothctl"},
		{text: "why isn't my wifi working", sugs: wifi, hintHas: "nmtui"},
		{text: "my wifi doesn't work", sugs: wifi, hintHas: "nmcli device wifi connect"},
		{text: "wifi not working", sugs: wifi, hintHas: "rfkill"},
		{text: "no internet", sugs: wifi, hintHas: "NetworkManager"},
		{text: "can't connect to wifi", sugs: wifi, hintHas: "nmtui"},
		{text: "wifi keeps disconnecting", sugs: wifi, hintHas: "nmtui"},
		{text: "fix my network", sugs: wifi, hintHas: "nmtui"},
		{text: "bluetooth is broken", sugs: bt, hintHas: "bluetoothctl"},
		{text: "no bluetooth", sugs: bt, hintHas: "does not work"},
		{text: "bluetooth headphones don't work", sugs: btSound, hintHas: "PipeWire"},
		{text: "my bluetooth headphones won't connect", sugs: btSound, hintHas: "bluetoothctl"},
		{text: "printer not working", sugs: []string{"is printing enabled", "enable printing", "enable avahi"}, hintHas: "localhost:631"},
		{text: "why doesn't my printer work", sugs: []string{"is printing enabled", "enable printing", "enable avahi"}, hintHas: "localhost:631"},
		{text: "graphics are broken", sugs: []string{"is graphics enabled", "enable graphics", "enable 32-bit graphics"}, hintHas: "Mesa"},
		{text: "webcam not working", sugs: []string{}, hintHas: "uvcvideo"},
		{text: "touchpad not working", sugs: []string{"is touchpad enabled", "enable touchpad", "enable tap to click"}, hintHas: "libinput"},
		{text: "scanner not found", sugs: []string{"is scanner enabled", "enable scanner"}, hintHas: "SANE"},
		// A service's own fault is systemd's to tell.
		{text: "ssh is broken", sugs: []string{"is ssh enabled"}, hintHas: "systemctl status"},
		// A request said with the fault is the request.
		{text: "enable sound", want: soundOnIntent("sound")},
		{text: "enable wifi", want: on("networking.networkmanager.enable", "wifi")},
	})
}

// TestWifiConnections: Wi-Fi networks and their passwords are
// NetworkManager's connections, made at run time, never a package named
// wifi nor another service; turned on, Wi-Fi says how to connect after.
func TestWifiConnections(t *testing.T) {
	nm := []string{"enable networkmanager"}
	checkReadings(t, []reading{
		{text: "add wifi network home with password secret", sugs: nm, hintHas: "keeps passwords out of the Nix store"},
		{text: "wifi password", sugs: nm, hintHas: "nmcli device wifi connect"},
		{text: "set my wifi password", sugs: nm, hintHas: "nmtui"},
		{text: "list wifi networks", sugs: nm, hintHas: "`nmcli device wifi list`"},
		{text: "connect to wifi", sugs: nm, hintHas: "nmtui"},
		{text: "wifi on", sugs: []string{"enable wifi"}},
		{text: "wifi off", sugs: []string{"disable networkmanager"}, hintHas: "nmcli radio wifi off"},
	})
	for _, text := range []string{"set up wifi", "enable wifi", "turn on wireless"} {
		got, err := parse.Parse(text)
		if err != nil || got.Option != "networking.networkmanager.enable" {
			t.Errorf("Parse(%q) = %+v, %v; want networking.networkmanager.enable", text, got, err)
			continue
		}
		if len(got.Notes) == 0 || !strings.Contains(got.Notes[0], "nmcli device wifi connect") {
			t.Errorf("Parse(%q) notes %q; want how to connect", text, got.Notes)
		}
	}
}

// TestSleepFaults: the machine said not to sleep is a fault, never the
// wish to turn sleep off ("my laptop won't sleep" turned every sleep
// target off; "when I close the lid nothing happens" set the lid to do
// nothing); said as a request, it stays one.
func TestSleepFaults(t *testing.T) {
	lid := []string{"suspend when the lid is closed"}
	checkReadings(t, []reading{
		{text: "my laptop doesn't suspend", sugs: lid, hintHas: "systemd-inhibit --list"},
		{text: "my laptop won't sleep", sugs: lid, hintHas: "\"disable sleep\" would turn sleep off, which is not this"},
		{text: "suspend doesn't work", sugs: lid, hintHas: "`systemctl suspend`"},
		{text: "laptop doesn't wake up from sleep", sugs: lid, hintHas: "journalctl -b -1"},
		{text: "when I close the lid nothing happens", sugs: lid, hintHas: "services.logind.lidSwitch"},
		{text: "do nothing when I close the lid", want: opt("services.logind.lidSwitch", "ignore")},
		{text: "don't sleep when the lid is closed", want: opt("services.logind.lidSwitch", "ignore")},
	})
	for _, text := range []string{"don't suspend", "disable sleep", "never sleep"} {
		if got, err := parse.Parse(text); err != nil || got.Option != "systemd.targets.sleep.enable" {
			t.Errorf("Parse(%q) = %+v, %v; want sleep turned off", text, got, err)
		}
	}
}

// TestProgramsRunNow: a program started, opened or launched is run now,
// which ask-nix does not do: "start firefox" turned programs.firefox on,
// "open firefox" suggested "open port 443". Services and ports stay.
func TestProgramsRunNow(t *testing.T) {
	checkReadings(t, []reading{
		{text: "start firefox", sugs: []string{"install firefox"}, hintHas: "not running programs"},
		{text: "open firefox", sugs: []string{"install firefox", "is firefox installed"}, hintHas: "nix-shell -p firefox"},
		{text: "launch steam", sugs: []string{"install steam", "is steam installed"}, hintHas: "not running programs"},
		{text: "run htop", sugs: []string{"install htop", "is htop installed"}, hintHas: "not running programs"},
		{text: "open the terminal", sugs: []string{}, hintHas: "\"search terminal\""},
		{text: "start ssh", want: on("services.openssh.enable", "ssh")},
		{text: "start using fish", want: on("programs.fish.enable", "fish")},
		{text: "open http", want: openPort("tcp", 80)},
		{text: "run nginx", sugs: []string{"enable nginx"}},
		{text: "run gc", want: intent.Intent{Kind: intent.GC, Collect: true}},
	})
}

// TestErrorsSaidOrPasted: what the shell or docker said, pasted or in
// words, answered with what it means on NixOS; "no more docker" stays a
// wish to turn it off, "repair the nix store" the store's check.
func TestErrorsSaidOrPasted(t *testing.T) {
	docker := []string{"is docker enabled", "enable docker", "enable rootless docker"}
	disk := []string{"clean up old generations, keep 5", "delete generations older than 30 days", "how much space does the nix store use"}
	checkReadings(t, []reading{
		{text: "docker permission denied", sugs: docker, hintHas: "docker group"},
		{text: "docker: permission denied while trying to connect to the docker daemon socket", sugs: docker, hintHas: "rootless"},
		{text: "cannot connect to the docker daemon", sugs: docker, hintHas: "not running"},
		{text: "my disk is full", sugs: disk, hintHas: "old generations"},
		{text: "/boot is full", sugs: disk, hintHas: "boot menu"},
		{text: "the nix store is huge", sugs: disk, hintHas: "collecting garbage"},
		{text: "no space left on device", sugs: disk, hintHas: "df -h"},
		{text: "htop: command not found", sugs: []string{"install htop", "is htop installed"}, hintHas: "nix-locate bin/htop"},
		{text: "zsh: command not found: rg", sugs: []string{"install rg", "is rg installed"}, hintHas: "not always the package's"},
		{text: "no more docker", sugs: []string{"disable docker"}},
		{text: "repair the nix store", sugs: []string{}, hintHas: "nix-store --verify --check-contents"},
	})
}

// TestSystemTrouble: the whole machine reported broken, or broken by a
// change, is answered with the generations NixOS keeps for it (they
// suggested "enable ssh", "show system info", "apply" or "help", and
// "the last update broke my system" showed the reconciler's status);
// never an edit, never a rollback taken by itself.
func TestSystemTrouble(t *testing.T) {
	back := []string{"list generations", "roll back", "undo"}
	checkReadings(t, []reading{
		{text: "my laptop won't start", sugs: back, hintHas: "pick an older generation in the boot menu"},
		{text: "the system doesn't boot after update", sugs: back, hintHas: "boot menu"},
		{text: "something broke after the last change", sugs: back, hintHas: "\"undo\" takes back the last edit"},
		{text: "why won't my computer boot", sugs: back, hintHas: "journalctl -b -1"},
		{text: "nixos won't boot", sugs: back, hintHas: "boot menu"},
		{text: "my computer fails to boot", sugs: back, hintHas: "boot menu"},
		{text: "black screen after update", sugs: back, hintHas: "boot menu"},
		{text: "stuck at boot after rebuild", sugs: back, hintHas: "boot menu"},
		{text: "the last update broke my system", sugs: back, hintHas: "\"roll back\" switches"},
		{text: "the update broke everything", sugs: back, hintHas: "\"roll back\" switches"},
		{text: "i can't log in after the update", sugs: back, hintHas: "boot menu"},
		{text: "i broke my config", sugs: back, hintHas: "\"undo\""},
		{text: "it won't boot anymore", sugs: back, hintHas: "boot menu"},
		// A part or a program broken by an update keeps its own answer.
		{text: "sound broke after the update", sugs: []string{"roll back", "is sound enabled", "enable sound"}, hintHas: "PipeWire"},
		{text: "steam doesn't start after the update", sugs: []string{"roll back", "list generations"}, hintHas: "roll back"},
		// A question about the last pass stays one.
		{text: "my system is broken", want: intent.Intent{Kind: intent.Status}},
		{text: "why did my update fail", want: intent.Intent{Kind: intent.Status}},
		// A request said with the report is the request.
		{text: "go back to the previous generation, it won't boot", want: intent.Intent{Kind: intent.Rollback, Boot: true}},
	})
}

// TestSlowness: the machine, its rebuilds or its battery reported slow
// or short is answered with what shows why (they suggested "is ssh
// enabled" or "install firefox"); never an edit.
func TestSlowness(t *testing.T) {
	slow := []string{"install htop", "enable zram"}
	power := []string{"enable power-profiles-daemon", "enable tlp", "set the cpu governor to powersave"}
	checkReadings(t, []reading{
		{text: "why is my system slow", sugs: slow, hintHas: "`htop`"},
		{text: "my computer is slow", sugs: slow, hintHas: "roll back"},
		{text: "the fan is loud", sugs: slow, hintHas: "`htop`"},
		{text: "make my laptop faster", sugs: slow, hintHas: "`htop`"},
		{text: "the battery drains fast", sugs: power, hintHas: "powertop"},
		{text: "why is nixos-rebuild so slow", sugs: []string{"set max-jobs to auto"}, hintHas: "binary cache"},
		{text: "speed up boot", sugs: []string{"set boot timeout to 1 second"}, hintHas: "systemd-analyze blame"},
		{text: "slow wifi", sugs: []string{"is networkmanager enabled", "enable networkmanager", "enable redistributable firmware"}, hintHas: "NetworkManager"},
	})
}

// TestLidSaidAsClosed: a laptop said to do something "when closed" is its
// lid ("i want my laptop to sleep when closed" suggested "install
// firefox").
func TestLidSaidAsClosed(t *testing.T) {
	lid := func(v string) intent.Intent {
		if v == "" {
			return intent.Intent{Kind: intent.SetOption, Option: "services.logind.lidSwitch", Change: intent.ChangeUnset}
		}
		return intent.Intent{Kind: intent.SetOption, Option: "services.logind.lidSwitch", Value: v}
	}
	checkReadings(t, []reading{
		{text: "i want my laptop to sleep when closed", want: lid("")},
		{text: "my laptop should hibernate when closed", want: lid("hibernate")},
		{text: "i would like my laptop to hibernate when the lid is closed", want: lid("hibernate")},
	})
}
