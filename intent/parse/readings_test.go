package parse_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zone names checked against tzdata, whatever the machine has

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
	"github.com/nix-humanity/nix-humanity/internal/editdistance"
)

// reading is a request with what it must give: the intent (compared
// without its notes), or not understood with exactly these suggestions
// and a hint holding hintHas.
type reading struct {
	text    string
	want    intent.Intent
	sugs    []string // not understood: the examples suggested, in order
	hintHas string
}

func checkReadings(t *testing.T, cases []reading) {
	t.Helper()
	for _, c := range cases {
		got, err := parse.Parse(c.text)
		if c.sugs == nil && c.hintHas == "" {
			if err != nil {
				t.Errorf("Parse(%q): %v", c.text, err)
				continue
			}
			got.Notes = nil
			for i := range got.And {
				got.And[i].Notes = nil
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Parse(%q)\n got %#v\nwant %#v", c.text, got, c.want)
			}
			continue
		}
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %#v, %v; want not understood", c.text, got, err)
			continue
		}
		var ex []string
		for _, s := range nu.Suggestions {
			ex = append(ex, s.Example)
		}
		if !reflect.DeepEqual(ex, c.sugs) && !(len(ex) == 0 && len(c.sugs) == 0) {
			t.Errorf("Parse(%q) suggests %q; want %q", c.text, ex, c.sugs)
		}
		if !strings.Contains(nu.Hint, c.hintHas) {
			t.Errorf("Parse(%q) hint %q; want it to say %q", c.text, nu.Hint, c.hintHas)
		}
	}
}

// TestShortWordsAreNoOtherService: a short word two letters from a
// service ask-nix knows is no typo of it: "vaapi" is not avahi, "zswap"
// not sway. VA-API is the graphics drivers' video decoding; zswap has no
// switch in these NixOS options, and is answered with what there is.
func TestShortWordsAreNoOtherService(t *testing.T) {
	checkReadings(t, []reading{
		{text: "enable vaapi", want: on("hardware.graphics.enable", "vaapi")},
		{text: "enable va-api", want: on("hardware.graphics.enable", "va-api")},
		{text: "enable hardware video decoding", want: on("hardware.graphics.enable", "hardware video decoding")},
		{text: "enable zswap", sugs: []string{"enable zram"}, hintHas: "zswap.enabled=1"},
		{text: "disable zswap", sugs: []string{}, hintHas: "zswap.enabled=1"},
		{text: "is zswap enabled", sugs: []string{}, hintHas: "zswap.enabled=1"},
		// A typo of one letter still finds its service.
		{text: "enable dockr", sugs: []string{"enable docker", "set services.dockr.enable to true", "install dockr"}},
		{text: "enable avahi", want: on("services.avahi.enable", "avahi")},
		{text: "enable sway", want: on("programs.sway.enable", "sway")},
	})
	// zswap stays a service the option index may know (a NixOS with
	// boot.zswap finds it), not a refusal.
	_, err := parse.Parse("enable zswap")
	var us *parse.UnknownService
	if !errors.As(err, &us) || us.Said != "zswap" {
		t.Errorf("Parse(enable zswap): %#v; want an unknown service the option index may find", err)
	}
}

// TestEnableSuggestsNoUnrelatedService: for every real NixOS *.enable
// option named by a short word (four to six letters), "enable <word>"
// suggests no service of ask-nix's table more than one letter away, nor
// one whose name only begins with the same letters (vaultwarden for
// vault): a name that near and that short is another word, not a typo.
func TestEnableSuggestsNoUnrelatedService(t *testing.T) {
	zr := openOptionsData(t)
	var opts map[string]json.RawMessage
	if err := json.NewDecoder(zr).Decode(&opts); err != nil {
		t.Fatal(err)
	}
	services := parse.Services()
	words := map[string]bool{}
	for name := range opts {
		owner, ok := strings.CutSuffix(name, ".enable")
		if !ok {
			continue
		}
		w := owner[strings.LastIndexByte(owner, '.')+1:]
		if len(w) < 4 || len(w) > 6 || strings.ToLower(w) != w || strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") != "" {
			continue
		}
		if _, known := services[w]; !known && w != "please" { // "enable please" is "enable"
			words[w] = true
		}
	}
	if len(words) < 200 {
		t.Fatalf("only %d short option words in %s", len(words), optionsData)
	}
	for w := range words {
		_, err := parse.Parse("enable " + w)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			continue
		}
		for _, s := range nu.Suggestions {
			said, ok := strings.CutPrefix(s.Example, "enable ")
			if s.Kind != intent.EnableService || !ok {
				continue
			}
			// A name that begins with the word said, ending there, is
			// no other word ("remote desktop" for remote).
			whole := strings.HasPrefix(said, w+" ") || strings.HasPrefix(said, w+"-")
			if _, known := services[said]; known && !whole && editdistance.OSA(w, said, 3) > 1 {
				t.Errorf("Parse(%q) suggests %q, another word", "enable "+w, s.Example)
			}
		}
	}
}

// TestTimeZoneByCountry: a country with one clock is its zone; one with
// several is asked about, naming them, never one of them guessed. A city
// is left to the zone database (guard/timezone), which finds it.
func TestTimeZoneByCountry(t *testing.T) {
	tz := func(zone string) intent.Intent { return opt("time.timeZone", zone) }
	checkReadings(t, []reading{
		{text: "set my timezone to india", want: tz("Asia/Kolkata")},
		{text: "set timezone to India", want: tz("Asia/Kolkata")},
		{text: "set the time zone to india time", want: tz("Asia/Kolkata")},
		{text: "my time zone is japan", want: tz("Asia/Tokyo")},
		{text: "change my timezone to germany", want: tz("Europe/Berlin")},
		{text: "set timezone to the netherlands", want: tz("Europe/Amsterdam")},
		{text: "set timezone to the UK", want: tz("Europe/London")},
		{text: "set timezone to china", want: tz("Asia/Shanghai")},
		{text: "set timezone to singapore", want: tz("Asia/Singapore")},
		{text: "set timezone to tokyo", want: tz("tokyo")},
		{text: "set timezone to new york", want: tz("new york")},
		{text: "set timezone to Asia/Kolkata", want: tz("Asia/Kolkata")},
		{text: "set my timezone to usa", sugs: []string{"set timezone to America/New_York", "set timezone to America/Chicago", "set timezone to America/Denver"},
			hintHas: "America/Los_Angeles (Pacific)"},
		{text: "set the time zone to the United States", sugs: []string{"set timezone to America/New_York", "set timezone to America/Chicago", "set timezone to America/Denver"},
			hintHas: "Pacific/Honolulu (Hawaii)"},
		{text: "change timezone to australia", sugs: []string{"set timezone to Australia/Sydney", "set timezone to Australia/Melbourne", "set timezone to Australia/Brisbane"},
			hintHas: "Australia/Perth (Western Australia)"},
		{text: "set timezone to india standard time", want: tz("Asia/Kolkata")},
		{text: "set timezone to uk time", want: tz("Europe/London")},
		{text: "set the timezone to eastern time", sugs: []string{"set timezone to America/New_York", "set timezone to America/Toronto", "set timezone to Australia/Sydney"},
			hintHas: "Eastern Time is kept by several zones"},
		{text: "set timezone to pacific standard time", sugs: []string{"set timezone to America/Los_Angeles", "set timezone to America/Vancouver", "set timezone to America/Tijuana"},
			hintHas: "Pacific Time is kept by several zones"},
		{text: "set timezone to central european time", sugs: []string{"set timezone to Europe/Berlin", "set timezone to Europe/Paris", "set timezone to Europe/Rome"},
			hintHas: "Europe/Warsaw (Poland)"},
		// Cities that are no zone's name, whose zone is certain; the zone
		// database's near misses for them are other places.
		{text: "set timezone to mumbai", want: tz("Asia/Kolkata")},
		{text: "set timezone to delhi", want: tz("Asia/Kolkata")},
		{text: "set timezone to beijing", want: tz("Asia/Shanghai")},
		{text: "set timezone to nyc", want: tz("America/New_York")},
		{text: "set timezone to san francisco", want: tz("America/Los_Angeles")},
		// A city with its country, or its time: the city, for the zone
		// database to find.
		{text: "set timezone to Berlin, Germany", want: tz("berlin")},
		{text: "set my timezone to berlin time", want: tz("berlin")},
		{text: "set timezone to new york, usa", want: tz("new york")},
		{text: "set timezone to new zealand", sugs: []string{"set timezone to Pacific/Auckland", "set timezone to Pacific/Chatham"}, hintHas: "several time zones"},
		{text: "set timezone to spain", sugs: []string{"set timezone to Europe/Madrid", "set timezone to Atlantic/Canary", "set timezone to Africa/Ceuta"},
			hintHas: "several time zones"},
	})
	in, err := parse.Parse("set my timezone to india")
	if err != nil || len(in.Notes) == 0 || !strings.Contains(in.Notes[0], "Asia/Kolkata") {
		t.Errorf("Parse(set my timezone to india) = %#v, %v: the zone taken for the country is said", in, err)
	}
}

// TestCountryZones: every zone the country tables name is a tzdata zone
// under its current name (no old name kept only as a link, as
// Asia/Calcutta is).
func TestCountryZones(t *testing.T) {
	zones := parse.CountryZones()
	if len(zones) < 50 {
		t.Fatalf("only %d zones", len(zones))
	}
	for _, z := range zones {
		if _, err := time.LoadLocation(z); err != nil {
			t.Errorf("%s: %v", z, err)
		}
	}
}

// TestPossibilityQuestionsNeverWrite: asked whether a change can be made
// ("is it possible to install htop"), ask-nix answers with the request
// that makes it, and changes nothing.
func TestPossibilityQuestionsNeverWrite(t *testing.T) {
	checkReadings(t, []reading{
		{text: "is it possible to install htop", sugs: []string{"install htop"}, hintHas: "say \"install htop\""},
		{text: "Is it possible to install htop?", sugs: []string{"install htop"}, hintHas: "nothing was changed"},
		{text: "is it possible to enable ssh", sugs: []string{"enable ssh"}, hintHas: "say \"enable ssh\""},
		{text: "is it possible to open port 22", sugs: []string{"open port 22"}, hintHas: "say \"open port 22\""},
		{text: "is it possible to roll back", sugs: []string{"roll back"}, hintHas: "say \"roll back\""},
		{text: "is there a way to install htop", sugs: []string{"install htop"}, hintHas: "say \"install htop\""},
		{text: "is it safe to remove firefox", sugs: []string{"remove firefox"}, hintHas: "say \"remove firefox\""},
		{text: "is it ok to remove firefox?", sugs: []string{"remove firefox"}, hintHas: "say \"remove firefox\""},
		{text: "am i able to install htop", sugs: []string{"install htop"}, hintHas: "say \"install htop\""},
		{text: "can nixos install htop", sugs: []string{"install htop"}, hintHas: "say \"install htop\""},
		{text: "is it possible to instal htop", sugs: []string{"install htop"}, hintHas: "say \"install htop\""},
		// Asked whether something that only reads can be done: done.
		{text: "is it possible to list my generations", want: kind(intent.ListGenerations)},
		// Requests that ask politely still carry out.
		{text: "would it be possible to install htop", want: inst("htop")},
		// asked politely for: carried out (the plan is still shown)
		{text: "could it be possible to install htop", want: inst("htop")},
		{text: "would you install htop", want: inst("htop")},
		{text: "would you mind installing htop", want: inst("htop")},
		{text: "can you install htop", want: inst("htop")},
		// asked leave or advice: said, never done
		{text: "would it be ok to install htop", sugs: []string{"install htop"}, hintHas: "say \"install htop\""},
		{text: "would it be safe to remove firefox?", sugs: []string{"remove firefox"}, hintHas: "say \"remove firefox\""},
		{text: "is it a good idea to enable the firewall", sugs: []string{"enable the firewall"}, hintHas: "say \"enable the firewall\""},
		{text: "can i install htop", sugs: []string{"install htop"}, hintHas: "say \"install htop\""},
		{text: "can you install htop", want: inst("htop")},
	})
	for _, text := range []string{"is it possible to install htop", "is it possible to install firefox and enable ssh",
		"is there any way to enable flakes", "is it possible to keep the last 5 generations", "is it possible to set my timezone to india"} {
		if in, err := parse.Parse(text); err == nil && in.Kind.Writes() {
			t.Errorf("Parse(%q) = %#v: a question read as an edit", text, in)
		}
	}
}

// TestUseX11: "use x11" alone is the X server or X11 sessions, asked
// about, never a package named x11.
func TestUseX11(t *testing.T) {
	want := []string{"enable x11", "set services.xserver.displayManager.gdm.wayland to false"}
	checkReadings(t, []reading{
		{text: "use x11", sugs: want, hintHas: "services.xserver.enable"},
		{text: "use xorg", sugs: want, hintHas: "X11 is no package"},
		{text: "i want to use x11", sugs: want, hintHas: "login screen"},
		{text: "use the x server", sugs: want, hintHas: "services.xserver.enable"},
		{text: "enable x11", want: on("services.xserver.enable", "x11")},
		{text: "switch to x11", sugs: []string{"set services.xserver.displayManager.gdm.wayland to false", "enable x11"}, hintHas: "login screen"},
	})
}

// TestBootMenuLength: how many generations the boot menu lists is the
// loader's configurationLimit, a setting; never a gc, which deletes
// generations. The loader named is the one set; otherwise both are
// offered (the CLI sets the one the fragment configures).
func TestBootMenuLength(t *testing.T) {
	both := func(n string) []string {
		return []string{"set boot.loader.systemd-boot.configurationLimit to " + n, "set boot.loader.grub.configurationLimit to " + n}
	}
	checkReadings(t, []reading{
		{text: "keep only 5 generations in the boot menu", sugs: both("5"), hintHas: "configurationLimit"},
		{text: "keep 5 generations in the bootloader", sugs: both("5"), hintHas: "configurationLimit"},
		{text: "show only the last 8 entries in the boot menu", sugs: both("8"), hintHas: "configurationLimit"},
		{text: "limit boot entries to 5", sugs: both("5"), hintHas: "configurationLimit"},
		{text: "only show 3 generations in grub", want: opt("boot.loader.grub.configurationLimit", int64(3))},
		{text: "limit systemd-boot to 5 entries", want: opt("boot.loader.systemd-boot.configurationLimit", int64(5))},
		{text: "keep only 5 generations in the systemd-boot menu", want: opt("boot.loader.systemd-boot.configurationLimit", int64(5))},
		{text: "limit the boot menu to 0 entries", sugs: []string{}, hintHas: "1 or more"},
		// No number said: nothing to set, never a number of ask-nix's
		// own (it once set 10 for "get rid of the boot menu limit").
		{text: "get rid of the boot menu limit", sugs: []string{"unset boot.loader.systemd-boot.configurationLimit", "unset boot.loader.grub.configurationLimit"}, hintHas: "unset it by its path"},
		{text: "limit the boot menu", sugs: both("10"), hintHas: "set it by its path"},
		// Generations said without the menu stay a gc.
		{text: "keep the last 5 generations", want: gc(5, "")},
	})
	_, err := parse.Parse("keep only 5 generations in the boot menu")
	var b *parse.BootMenuLimit
	if !errors.As(err, &b) || b.Limit != 5 {
		t.Errorf("Parse: %#v; want a boot menu limit of 5 for the CLI to place", err)
	}
}

// TestPortsOfService: a service named with no port number is opened by
// its module's own switch where it has one; otherwise the answer asks
// for the numbers, never a port guessed.
func TestPortsOfService(t *testing.T) {
	checkReadings(t, []reading{
		{text: "open the firewall for minecraft", want: opt("services.minecraft-server.openFirewall", true)},
		{text: "open the port for minecraft", want: opt("services.minecraft-server.openFirewall", true)},
		{text: "allow jellyfin through the firewall", want: opt("services.jellyfin.openFirewall", true)},
		{text: "open the jellyfin ports", want: opt("services.jellyfin.openFirewall", true)},
		{text: "open the ports for syncthing", want: opt("services.syncthing.openDefaultPorts", true)},
		{text: "close the firewall for jellyfin", want: opt("services.jellyfin.openFirewall", false)},
		{text: "open the firewall for nginx", sugs: []string{"open ports 80 and 443"}, hintHas: "virtual hosts"},
		{text: "open the firewall for gitea", sugs: []string{}, hintHas: "\"open port <number> for gitea\""},
		{text: "open the firewall for plex and jellyfin", want: intent.Join([]intent.Intent{opt("services.plex.openFirewall", true), opt("services.jellyfin.openFirewall", true)})},
		{text: "close the ports for samba and avahi", want: intent.Join([]intent.Intent{opt("services.samba.openFirewall", false), opt("services.avahi.openFirewall", false)})},
		// Said with numbers, the numbers; ssh and kde connect as before.
		{text: "open port 25565 for minecraft", want: intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(25565), Change: intent.ChangeAdd}},
		{text: "open the firewall for ssh", want: intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(22), Change: intent.ChangeAdd}},
		{text: "open the firewall for kdeconnect", want: on("programs.kdeconnect.enable", "kdeconnect")},
	})
}

// TestPortSwitchesExist: each module switch rulePortsOfService sets is a
// boolean NixOS option.
func TestPortSwitchesExist(t *testing.T) {
	opts := realOptions(t)
	for _, o := range parse.PortSwitches() {
		if typ, ok := opts.Option(o); !ok || typ != "boolean" {
			t.Errorf("%s: %q, %v; want a boolean option", o, typ, ok)
		}
	}
}

// TestWhatItWouldDo: a question about what a change would do is
// answered, never carried out: a setting is shown with what it is, any
// other change with the dry run that shows it.
func TestWhatItWouldDo(t *testing.T) {
	checkReadings(t, []reading{
		{text: "what would happen if I install htop", sugs: []string{"install htop"}, hintHas: "`ask-nix --dry-run \"install htop\"` shows what"},
		{text: "what happens if i remove firefox", sugs: []string{"remove firefox"}, hintHas: "--dry-run \"remove firefox\""},
		{text: "what if I enable ssh?", sugs: []string{"enable ssh"}, hintHas: "--dry-run \"enable ssh\""},
		{text: "what does enable ssh do", want: intent.Intent{Kind: intent.ShowOption, Option: "services.openssh.enable", Service: "ssh"}},
		{text: "what would disable the firewall do", want: intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.enable", Service: "firewall"}},
		{text: "what would open port 80 do", sugs: []string{"open port 80"}, hintHas: "--dry-run \"open port 80\""},
		{text: "what does install htop do", sugs: []string{"install htop"}, hintHas: "--dry-run"},
		// What a package or an option does stays as before.
		{text: "what does htop do", want: search("htop")},
		{text: "what does services.openssh.enable do", want: intent.Intent{Kind: intent.ShowOption, Option: "services.openssh.enable"}},
	})
}

// TestNewcomerReadings: requests a newcomer types that once planned the
// wrong thing, or suggested it.
func TestNewcomerReadings(t *testing.T) {
	older := "nixpkgs has one version of firefox at a time"
	checkReadings(t, []reading{
		// An older version is no package named "older".
		{text: "install an older version of firefox", sugs: []string{"roll back", "search firefox"}, hintHas: older},
		{text: "install the previous version of firefox", sugs: []string{"roll back", "search firefox"}, hintHas: older},
		{text: "use an old firefox version", sugs: []string{"roll back", "search firefox"}, hintHas: older},
		{text: "install the latest version of firefox", want: inst("firefox")},
		// "no sound" reports a fault: never "disable sound" offered.
		{text: "no sound", sugs: []string{"is sound enabled", "enable sound"}, hintHas: "does not work"},
		{text: "no bluetooth", sugs: []string{"is bluetooth enabled", "enable bluetooth"}, hintHas: "does not work"},
		{text: "no more docker", sugs: []string{"disable docker"}},
		// The fingerprint reader by the names people give it.
		{text: "enable the fingerprint scanner", want: on("services.fprintd.enable", "fingerprint scanner")},
		{text: "enable fingerprint login", want: on("services.fprintd.enable", "fingerprint login")},
		// Disk encryption is made at install, not switched on.
		{text: "enable disk encryption", sugs: []string{}, hintHas: "boot.initrd.luks.devices"},
		{text: "enable encryption", sugs: []string{}, hintHas: "LUKS"},
	})
}

// TestSuggestionsMeanWhatWasSaid: a suggestion is a request the person
// may run as it stands, so it must not do something else: "change" as
// a verb is no undo, every port is the firewall's, never port 443's.
func TestSuggestionsMeanWhatWasSaid(t *testing.T) {
	checkReadings(t, []reading{
		// "change" is no undo: the wallpaper is the desktop's, said so.
		{text: "change the wallpaper", sugs: nil, hintHas: "the wallpaper is each user's desktop setting"},
		{text: "close all ports", sugs: []string{"which ports are open", "enable the firewall"}, hintHas: "closes every port that is not opened"},
		{text: "block every port", sugs: []string{"which ports are open", "enable the firewall"}, hintHas: "closes every port"},
		{text: "open all ports", sugs: []string{"which ports are open"}, hintHas: "\"disable the firewall\""},
		{text: "remove all ports", sugs: []string{"which ports are open", "enable the firewall"}, hintHas: "closes every port"},
		{text: "undo the last change", want: kind(intent.Undo)},
	})
}

// TestAvailabilityQuestions: whether nixpkgs has a package is a search,
// which changes nothing; "make htop available" offers the install.
func TestAvailabilityQuestions(t *testing.T) {
	checkReadings(t, []reading{
		{text: "is firefox available", want: search("firefox")},
		{text: "is firefox in nixpkgs?", want: search("firefox")},
		{text: "is htop available in nixpkgs", want: search("htop")},
		{text: "does nixpkgs have blender", want: search("blender")},
		{text: "where can I get vlc", want: search("vlc")},
		// The version nixpkgs has is search's to show, not the one
		// installed (these were list-installed, or not understood with
		// "show system info" suggested).
		{text: "whats the latest version of python", want: search("python")},
		{text: "what is the newest version of firefox", want: search("firefox")},
		{text: "what version of firefox is available", want: search("firefox")},
		{text: "what versions of python are available in nixpkgs", want: search("python")},
		{text: "what version of firefox do i have", want: intent.Intent{Kind: intent.ListInstalled, Packages: []string{"firefox"}}},
		{text: "is nixos available", want: search("nixos")},
		{text: "make htop available", sugs: []string{"install htop"}, hintHas: "nix-shell -p htop"},
		{text: "try firefox", sugs: []string{}, hintHas: "nix-shell -p"},
		{text: "i want to try firefox", sugs: []string{}, hintHas: "nix-shell -p"},
		// A polite request stays one.
		{text: "can i get firefox", want: inst("firefox")},
		{text: "is the firewall on", want: intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.enable", Service: "firewall"}},
	})
}

// TestServiceWithFirewallClosed: a service turned on with its ports kept
// closed is both switches in one edit; closing port 22 says that sshd
// opens it by itself.
func TestServiceWithFirewallClosed(t *testing.T) {
	sshClosed := intent.Join([]intent.Intent{on("services.openssh.enable", "ssh"), opt("services.openssh.openFirewall", false)})
	checkReadings(t, []reading{
		{text: "enable ssh without opening the firewall", want: sshClosed},
		{text: "enable ssh but keep the firewall closed", want: sshClosed},
		{text: "enable ssh but don't open the firewall", want: sshClosed},
		{text: "enable jellyfin but do not open the ports", want: intent.Join([]intent.Intent{on("services.jellyfin.enable", "jellyfin"), opt("services.jellyfin.openFirewall", false)})},
		{text: "enable nginx without opening the firewall", sugs: []string{"enable nginx"}, hintHas: "no switch of services.nginx"},
	})
	in, err := parse.Parse("close the firewall for ssh")
	if err != nil || !slices.Contains(in.Notes, parse.SSHPortNote) {
		t.Errorf("Parse(close the firewall for ssh) = %#v, %v: want the note that sshd opens port 22 itself", in, err)
	}
}

// TestDevicesAtRunTime: pairing headphones and adding a printer are done
// while the system runs, never a gc offered for "connect" (a typo of
// "collect" only in letters) nor packages named printer.
func TestDevicesAtRunTime(t *testing.T) {
	checkReadings(t, []reading{
		{text: "connect my bluetooth headphones", sugs: []string{"enable bluetooth"}, hintHas: "bluetoothctl"},
		{text: "connect bluetooth", sugs: []string{"enable bluetooth"}, hintHas: "paired while the system runs"},
		{text: "pair my headphones", sugs: []string{"enable bluetooth"}, hintHas: "paired"},
		{text: "enable bluetooth headphones", sugs: []string{"enable bluetooth"}, hintHas: "paired"},
		{text: "add my printer", sugs: []string{"enable printing", "enable avahi"}, hintHas: "http://localhost:631"},
		{text: "install my printer", sugs: []string{"enable printing", "enable avahi"}, hintHas: "services.printing.drivers"},
		{text: "enable intel graphics", sugs: []string{"enable graphics"}, hintHas: "intel-media-driver"},
		{text: "enable wake on lan", sugs: []string{}, hintHas: "networking.interfaces.<name>.wakeOnLan.enable"},
		{text: "colect garbage", sugs: []string{"collect garbage"}},
		{text: "set up my printer", want: on("services.printing.enable", "printer")},
	})
	for _, text := range []string{"connect the projector", "detect my monitor", "select a kernel"} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if errors.As(err, &nu) {
			for _, s := range nu.Suggestions {
				if s.Kind == intent.GC {
					t.Errorf("Parse(%q) suggests %q", text, s.Example)
				}
			}
		}
	}
}

// TestStartOver: a reset of the whole system has no one edit; never a
// setting's example, nor options the index finds for "over".
func TestStartOver(t *testing.T) {
	checkReadings(t, []reading{
		{text: "reset everything", sugs: []string{"roll back", "undo"}, hintHas: "no factory reset"},
		{text: "factory reset", sugs: []string{"roll back", "undo"}, hintHas: "no factory reset"},
		{text: "start over", sugs: []string{"roll back", "undo"}, hintHas: "no factory reset"},
		{text: "reset my system to defaults", sugs: []string{"roll back", "undo"}, hintHas: "no factory reset"},
		{text: "repair the nix store", sugs: []string{}, hintHas: "nix-store --verify --check-contents"},
		{text: "reset the timezone", want: unset("time.timeZone")},
		{text: "start ssh", want: on("services.openssh.enable", "ssh")},
	})
}

// TestDevicesAndInputMethods: words for devices and input methods read
// as what they are, never an unrelated module of a similar name
// (services.headphones downloads music).
func TestDevicesAndInputMethods(t *testing.T) {
	ibus := intent.Join([]intent.Intent{opt("i18n.inputMethod.enable", true), opt("i18n.inputMethod.type", "ibus")})
	fcitx := intent.Join([]intent.Intent{opt("i18n.inputMethod.enable", true), opt("i18n.inputMethod.type", "fcitx5")})
	checkReadings(t, []reading{
		{text: "enable headphones", sugs: []string{"enable sound", "enable bluetooth"}, hintHas: "unrelated program that downloads music"},
		{text: "enable xbox controller", sugs: []string{"enable hardware.xpadneo", "enable hardware.xone"}, hintHas: "say which"},
		{text: "enable ps4 controller", sugs: []string{"enable bluetooth"}, hintHas: "hid-playstation"},
		{text: "enable steam controller", want: on("hardware.steam-hardware.enable", "steam controller")},
		{text: "enable ibus", want: ibus},
		{text: "enable fcitx", want: fcitx},
		{text: "disable ibus", want: opt("i18n.inputMethod.enable", false)},
	})
	opts := realOptions(t)
	for _, text := range []string{"enable ibus", "enable fcitx", "enable steam controller"} {
		in, err := parse.Parse(text)
		if err != nil {
			t.Fatalf("Parse(%q): %v", text, err)
		}
		for _, p := range in.Parts() {
			if err := guard.CheckIntent(p, opts); err != nil {
				t.Errorf("Parse(%q): %s against the real options: %v", text, p.Option, err)
			}
		}
	}
}

// TestSettingFromTo: "change X from A to B" sets B, never "from A to B".
func TestSettingFromTo(t *testing.T) {
	checkReadings(t, []reading{
		{text: "change hostname from nixos to laptop", want: opt("networking.hostName", "laptop")},
		{text: "rename my computer from nixos to laptop", want: opt("networking.hostName", "laptop")},
		{text: "change timezone from UTC to Europe/Berlin", want: opt("time.timeZone", "Europe/Berlin")},
		{text: "change the locale from en_US.UTF-8 to de_DE.UTF-8", want: opt("i18n.defaultLocale", "de_DE.UTF-8")},
	})
}

// TestQuestionLeadsNeverWrite: every writing phrasing of the table, asked
// as a question (when, why, whether, hedged with "maybe"), writes
// nothing: rules that find a change by its words anywhere once carried
// out "when should I disable sleep", and "can't I allow unfree" as its
// opposite.
func TestQuestionLeadsNeverWrite(t *testing.T) {
	leads := []string{"should I", "do I need to", "is it a good idea to", "why should i", "when should i", "is it bad to",
		"do you think i should", "does it make sense to", "why would i", "what if i", "can't i", "why can't i",
		"should we", "is it necessary to", "must i", "do i have to", "is it recommended to", "is it safe to",
		"is there any reason to", "maybe", "perhaps", "is it possible to", "is there a way to", "what would happen if i"}
	n := 0
	for _, p := range phrasings {
		if !p.want.Kind.Writes() {
			continue
		}
		for _, l := range leads {
			text := l + " " + p.text + "?"
			n++
			if in, err := parse.Parse(text); err == nil && in.Kind.Writes() {
				t.Errorf("Parse(%q) = %s %s: a question read as an edit", text, in.Kind, in.Option)
			}
		}
	}
	if n < 5000 {
		t.Fatalf("only %d questions asked", n)
	}
	// Requests to ask-nix stay requests.
	checkReadings(t, []reading{
		{text: "can't you install htop", want: inst("htop")},
		{text: "could you install htop", want: inst("htop")},
		{text: "can't i allow unfree?", want: intent.Intent{Kind: intent.ShowOption, Option: "nixpkgs.config.allowUnfree"}},
	})
}

// TestQuestionsCarryNoResolvableAnswer: asked as a question, an answer a
// caller would complete into an edit (a service the option index finds,
// the fragment's boot loader) is a plain not-understood one.
func TestQuestionsCarryNoResolvableAnswer(t *testing.T) {
	for _, text := range []string{"can't i enable frigate", "maybe enable frigate", "when should i enable frigate",
		"maybe keep only 5 generations in the boot menu", "can't I keep only 5 generations in the boot menu?"} {
		_, err := parse.Parse(text)
		var us *parse.UnknownService
		var bm *parse.BootMenuLimit
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || errors.As(err, &us) || errors.As(err, &bm) {
			t.Errorf("Parse(%q): %#v; want a plain not-understood answer", text, err)
		}
	}
	checkReadings(t, []reading{
		{text: "can't i enable frigate", sugs: []string{"enable frigate"}, hintHas: "a question changes nothing"},
		{text: "is frigate enabled", sugs: []string{"is ssh enabled"}, hintHas: "every *.enable option"},
	})
	// Said as requests, they stay resolvable.
	_, err := parse.Parse("enable frigate")
	var us *parse.UnknownService
	if !errors.As(err, &us) {
		t.Errorf("Parse(enable frigate): %#v; want an unknown service for the option index", err)
	}
	_, err = parse.Parse("is frigate enabled")
	if !errors.As(err, &us) {
		t.Errorf("Parse(is frigate enabled): %#v; want an unknown service for the option index", err)
	}
}

// TestTouchpadOff: the touchpad turned off is its own switch, never
// libinput as a whole, which runs every mouse of an X session too.
func TestTouchpadOff(t *testing.T) {
	off := opt("services.libinput.touchpad.sendEventsMode", "disabled")
	checkReadings(t, []reading{
		{text: "disable touchpad", want: off},
		{text: "disable the trackpad", want: off},
		{text: "turn off the touchpad", want: off},
		{text: "enable touchpad", want: on("services.libinput.enable", "touchpad")},
	})
	opts := realOptions(t)
	if err := guard.CheckIntent(off, opts); err != nil {
		t.Errorf("against the real options: %v", err)
	}
}

// TestNoSwitchForTheWhole: words for a whole (the network, kernel
// modules, "watchdog") once found an option of another meaning
// (systemd.network, hardware.system76.kernel-modules): answered.
func TestNoSwitchForTheWhole(t *testing.T) {
	checkReadings(t, []reading{
		{text: "enable network", sugs: []string{}, hintHas: "on in NixOS by default"},
		{text: "disable the network", sugs: []string{}, hintHas: "nmcli networking off"},
		{text: "enable internet", sugs: []string{}, hintHas: "\"enable networkmanager\""},
		{text: "disable kernel modules", sugs: []string{}, hintHas: "boot.blacklistedKernelModules"},
		{text: "enable watchdog", sugs: []string{"enable services.watchdogd"}, hintHas: "say which"},
		{text: "enable sharing", sugs: []string{"share a folder with samba", "enable xdg.portal", "enable programs.sharing"}, hintHas: "sharing what?"},
		{text: "enable networkmanager", want: on("networking.networkmanager.enable", "networkmanager")},
	})
}

// TestSetUpSettingsByName: "set up" said of a setting people add (keys,
// jobs, aliases) or of NVIDIA is answered with where it is set, never an
// option found for the words.
func TestSetUpSettingsByName(t *testing.T) {
	checkReadings(t, []reading{
		{text: "set up ssh keys", sugs: []string{}, hintHas: "openssh.authorizedKeys.keys"},
		{text: "set up a cron job", sugs: []string{}, hintHas: "services.cron.systemCronJobs"},
		{text: "set up git aliases", sugs: []string{}, hintHas: "environment.shellAliases"},
		{text: "set up nvidia", sugs: nvidiaSugs, hintHas: "NVIDIA's driver is three settings"},
		{text: "enable cron", want: on("services.cron.enable", "cron")},
		{text: "set up docker", want: on("virtualisation.docker.enable", "docker")},
	})
	// Words of those settings said of something else stay unknown
	// services, for the option index.
	for _, text := range []string{"enable ssh compression", "enable user namespaces"} {
		_, err := parse.Parse(text)
		var us *parse.UnknownService
		if !errors.As(err, &us) {
			t.Errorf("Parse(%q): %#v; want an unknown service", text, err)
		}
	}
}

// TestForAWhileNeverForGood: a change asked for a while only ("open port
// 22 for now", "disable the firewall temporarily") is never made as if
// for good: every writing phrasing of the table with such a tail writes
// nothing, and the request without it is offered.
func TestForAWhileNeverForGood(t *testing.T) {
	tails := []string{"for now", "temporarily", "for a while", "for an hour", "until i reboot", "only today", "for now please"}
	for _, p := range phrasings {
		if !p.want.Kind.Writes() {
			continue
		}
		for _, tl := range tails {
			text := p.text + " " + tl
			if in, err := parse.Parse(text); err == nil && in.Kind.Writes() {
				t.Errorf("Parse(%q) = %s %s: made for good", text, in.Kind, in.Option)
			}
		}
	}
	checkReadings(t, []reading{
		{text: "open port 22 for now", sugs: []string{"open port 22"}, hintHas: "--action test"},
		{text: "disable the firewall temporarily", sugs: []string{"disable the firewall"}, hintHas: "taken back"},
		{text: "enable ssh until I reboot", sugs: []string{"enable ssh"}, hintHas: "until the next reboot"},
		{text: "install firefox now", want: inst("firefox")},
		{text: "open port 22 right now", want: intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(22), Change: intent.ChangeAdd}},
	})
}

// TestForAWhileLengthChangingCase: the tail is found in the text itself,
// not in a lower-cased copy, whose length differs where lower-casing
// changes a character's (Ⱥ is 2 bytes, ⱥ 3) or a byte is no UTF-8: text
// cut where the copy was cut panicked (FuzzParse found "\xd9\xd9\xd9\xd9
// pleAse"; the guard lets the Ⱥ through).
func TestForAWhileLengthChangingCase(t *testing.T) {
	for _, text := range []string{"\xd9\xd9\xd9\xd9 pleAse", "ȺȺȺȺȺȺȺȺȺȺ please", "ȺȺȺȺȺȺȺȺȺȺ for now please", "\u212a\u212a for now", "Ⱥ, open port 22"} {
		if in, err := parse.Parse(text); err == nil && in.Kind.Writes() {
			t.Errorf("Parse(%q) = %s: written", text, in.Kind)
		}
	}
	checkReadings(t, []reading{
		{text: "OPEN PORT 22 FOR NOW PLEASE", sugs: []string{"OPEN PORT 22"}, hintHas: "--action test"},
		{text: "For Now, open port 22", sugs: []string{"open port 22"}, hintHas: "--action test"},
	})
}

// TestOneForAnother: one port or version said for another is both
// changes, suggested: "move port 80 to 8080" suggested opening both and
// left 80 open; "replace node 18 with node 20" suggested installing
// firefox. Names with no version stay a swap.
func TestOneForAnother(t *testing.T) {
	ports := "close port 80 and open port 8080"
	versions := "remove node 18 and install node 20"
	checkReadings(t, []reading{
		{text: "replace port 80 with port 8080", sugs: []string{ports}, hintHas: "say both changes in one request"},
		{text: "change port 80 to 8080", sugs: []string{ports}, hintHas: "nothing was changed"},
		{text: "move port 80 to 8080", sugs: []string{ports}, hintHas: "nothing was changed"},
		{text: "swap port 80 for 8080", sugs: []string{ports}, hintHas: "nothing was changed"},
		{text: "switch from port 80 to port 8080", sugs: []string{ports}, hintHas: "nothing was changed"},
		{text: "replace node 18 with node 20", sugs: []string{versions}, hintHas: "the package index names each version"},
		{text: "switch from node 18 to node 20", sugs: []string{versions}, hintHas: "nothing was changed"},
		{text: "swap java 17 for java v21", sugs: []string{"remove java 17 and install java v21"}, hintHas: "nothing was changed"},
		{text: "replace vim with neovim", want: intent.Join([]intent.Intent{rmI("vim"), instI("neovim")})},
	})
	// The suggestions are one request each, in two parts that edit.
	for _, text := range []string{ports, versions} {
		if parts, ok := parse.SplitRequests(text); !ok || len(parts) != 2 {
			t.Errorf("SplitRequests(%q) = %q, %v; want two parts", text, parts, ok)
		}
	}
}

func rmI(p ...string) intent.Intent   { return intent.Intent{Kind: intent.Remove, Packages: p} }
func instI(p ...string) intent.Intent { return intent.Intent{Kind: intent.Install, Packages: p} }

// TestNewestAndUndone: "remove the last package I installed" removed
// the package named last; "undo the install of htop" suggested
// "install firefox". The newest one is the history's to say; an
// install said as a noun is taken back as "undo installing htop" is.
func TestNewestAndUndone(t *testing.T) {
	newest := []string{"undo", "list installed"}
	checkReadings(t, []reading{
		{text: "remove the last package", sugs: newest, hintHas: "`ask-nix history`"},
		{text: "remove the last package i installed", sugs: newest, hintHas: "nothing was changed"},
		{text: "uninstall the most recent app", sugs: newest, hintHas: "nothing was changed"},
		{text: "delete my latest install", sugs: newest, hintHas: "nothing was changed"},
		{text: "remove last", want: rmI("last")},
		{text: "remove the last", want: rmI("last")},
		{text: "undo the install of htop", sugs: []string{"remove htop", "undo"}, hintHas: "takes that back whenever it was done"},
		{text: "revert the firefox installation", sugs: []string{"remove firefox", "undo"}, hintHas: "nothing was changed"},
		{text: "undo the removal of vim", sugs: []string{"install vim", "undo"}, hintHas: "nothing was changed"},
		{text: "undo the htop install", sugs: []string{"remove htop", "undo"}, hintHas: "nothing was changed"},
		{text: "undo the last change", want: intent.Intent{Kind: intent.Undo}},
	})
}
