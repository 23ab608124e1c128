package catalog

import (
	"slices"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/catalogtest"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/source"
)

func TestLookupOption(t *testing.T) {
	ix := fullIndex(t)
	tests := []struct {
		path     string
		found    bool
		typ      string
		declared string
	}{
		{"services.openssh.enable", true, "boolean", "services.openssh.enable"},
		{"networking.firewall.allowedTCPPorts", true, "list of 16 bit unsigned integer; between 0 and 65535 (both inclusive)", "networking.firewall.allowedTCPPorts"},
		{"time.timeZone", true, "null or string without spaces", "time.timeZone"},
		{"system.stateVersion", true, "string", "system.stateVersion"},
		{"services.openssh.settings.PermitRootLogin", true, `null or one of "yes", "without-password", "prohibit-password", "forced-commands-only", "no"`, "services.openssh.settings.PermitRootLogin"},
		{"users.users.alice.isNormalUser", true, "boolean", "users.users.<name>.isNormalUser"},
		{`users.users."bob smith".createHome`, true, "boolean", "users.users.<name>.createHome"},
		{`services.nginx.virtualHosts."example.com".root`, true, "null or path", "services.nginx.virtualHosts.<name>.root"},
		// Declared with a quoted element.
		{`boot.kernel.sysctl."net.core.rmem_max"`, true, "null or (unsigned integer, meaning >=0)", `boot.kernel.sysctl."net.core.rmem_max"`},
		// Inside a freeform attribute set: the set's element type.
		{`boot.kernel.sysctl."net.ipv4.ip_forward"`, true, "sysctl option value", "boot.kernel.sysctl"},
		// A set of booleans that also takes a list (coercedTo): a name
		// in it holds a boolean.
		{"boot.supportedFilesystems.ntfs", true, "boolean", "boot.supportedFilesystems"},
		// swapDevices is a list: swapDevices.*.size names its elements'
		// option, which no attribute path reaches.
		// nixpkgs.config is freeform ("nixpkgs config"); the members
		// people set by name are known, the rest stay unknown.
		{"nixpkgs.config", true, "nixpkgs config", "nixpkgs.config"},
		{"nixpkgs.config.allowUnfree", true, "boolean", "nixpkgs.config"},
		{"nixpkgs.config.allowBroken", false, "", ""},
		{"nixpkgs.config.allowUnfre", false, "", ""},
		{"nixpkgs.config.allowUnfree.x", false, "", ""},
		{"nixpkgs.config.nvidia.acceptLicense", true, "boolean", "nixpkgs.config"},
		{"nixpkgs.config.nvidia", false, "", ""},
		{"nixpkgs.config.nvidia.acceptlicense", false, "", ""},
		{"swapDevices.foo.size", false, "", ""},
		{"services.opensh.enable", false, "", ""},
		{"services.openssh.enable.foo", false, "", ""},
		{"nonsense", false, "", ""},
		{"", false, "", ""},
		{"services..enable", false, "", ""},
	}
	for _, tt := range tests {
		o, found := ix.LookupOption(tt.path)
		if found != tt.found {
			t.Errorf("LookupOption(%q) found = %v, want %v", tt.path, found, tt.found)
			continue
		}
		if !found {
			if typ, f := ix.Option(tt.path); f || typ != "" {
				t.Errorf("Option(%q) = %q, %v for a missing option", tt.path, typ, f)
			}
			continue
		}
		if o.Type != tt.typ || o.Declared != tt.declared || o.Name != tt.path {
			t.Errorf("LookupOption(%q) = type %q declared %q name %q; want %q, %q", tt.path, o.Type, o.Declared, o.Name, tt.typ, tt.declared)
		}
		if typ, f := ix.Option(tt.path); !f || typ != tt.typ {
			t.Errorf("Option(%q) = %q, %v", tt.path, typ, f)
		}
	}
}

func TestOptionDetails(t *testing.T) {
	ix := fullIndex(t)
	o, ok := ix.LookupOption("services.sshd.enable")
	if !ok || o.AliasOf != "services.openssh.enable" {
		t.Errorf("services.sshd.enable = %+v, want an alias of services.openssh.enable", o)
	}
	o, ok = ix.LookupOption("networking.fqdn")
	if !ok || !o.ReadOnly {
		t.Errorf("networking.fqdn = %+v, want read-only", o)
	}
	o, _ = ix.LookupOption("services.openssh.enable")
	if o.Description != "Whether to enable the OpenSSH secure shell daemon, which allows secure remote logins." {
		t.Errorf("description = %q", o.Description)
	}
}

// TestEveryRealOptionFound checks all 20,919 real options come back
// with their declared type.
func TestEveryRealOptionFound(t *testing.T) {
	ix := fullIndex(t)
	opts, _, err := source.ParseOptions(catalogtest.OptionsJSON(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(opts) != 20919 || ix.Options() != 20919 {
		t.Fatalf("%d options read, %d indexed; want 20919", len(opts), ix.Options())
	}
	for _, want := range opts {
		o, ok := ix.LookupOption(want.Name)
		if !ok {
			t.Errorf("%s not found", want.Name)
			continue
		}
		if o.Type != want.Type || o.ReadOnly != want.ReadOnly || o.Declared != want.Name {
			t.Errorf("%s: got type %q readOnly %v declared %q; want %q %v", want.Name, o.Type, o.ReadOnly, o.Declared, want.Type, want.ReadOnly)
		}
	}
}

func TestSuggestOptions(t *testing.T) {
	ix := fullIndex(t)
	if got := ix.SuggestOptions("services.opensh.enable", 3); len(got) == 0 || got[0] != "services.openssh.enable" {
		t.Errorf("SuggestOptions(services.opensh.enable) = %v", got)
	}
	if got := ix.SuggestOptions("networking.firewal.allowedTCPPorts", 3); len(got) == 0 || got[0] != "networking.firewall.allowedTCPPorts" {
		t.Errorf("SuggestOptions(networking.firewal.allowedTCPPorts) = %v", got)
	}
	if got := ix.SuggestOptions("zzqq.xxyy.wwvv", 3); len(got) != 0 {
		t.Errorf("SuggestOptions(nonsense) = %v", got)
	}
}

func TestEnableOption(t *testing.T) {
	ix := fullIndex(t)
	tests := []struct {
		word string
		want string
	}{
		{"ssh", "services.openssh.enable"},
		{"openssh", "services.openssh.enable"},
		{"sshd", "services.openssh.enable"}, // an alias counts as its target
		{"tailscale", "services.tailscale.enable"},
		{"steam", "programs.steam.enable"},
		{"docker", "virtualisation.docker.enable"},
		{"podman", "virtualisation.podman.enable"},
		{"libvirtd", "virtualisation.libvirtd.enable"},
		{"libvirt", "virtualisation.libvirtd.enable"},
		{"bluetooth", "hardware.bluetooth.enable"},
		{"printing", "services.printing.enable"},
		{"firewall", "networking.firewall.enable"},
		{"nginx", "services.nginx.enable"},
		{"pipewire", "services.pipewire.enable"},
		{"flatpak", "services.flatpak.enable"},
		{"syncthing", "services.syncthing.enable"},
		{"jellyfin", "services.jellyfin.enable"},
		{"fail2ban", "services.fail2ban.enable"},
		{"avahi", "services.avahi.enable"},
		{"samba", "services.samba.enable"},
		{"postgresql", "services.postgresql.enable"},
		{"mysql", "services.mysql.enable"},
		{"nextcloud", "services.nextcloud.enable"},
		{"zsh", "programs.zsh.enable"},
		{"gnome", "services.xserver.desktopManager.gnome.enable"},
		{"i3", "services.xserver.windowManager.i3.enable"},
		{"sddm", "services.displayManager.sddm.enable"},
		{"hyprland", "programs.hyprland.enable"},
		{"networkmanager", "networking.networkmanager.enable"},
		{"network manager", "networking.networkmanager.enable"},
		{"home assistant", "services.home-assistant.enable"},
		{"timesyncd", "services.timesyncd.enable"},
		// Words that are not the option's name.
		{"x11", "services.xserver.enable"},
		{"cups", "services.printing.enable"},
		{"postgres", "services.postgresql.enable"},
		{"virtualbox", "virtualisation.virtualbox.host.enable"},
		{"trim", "services.fstrim.enable"}, // not services.zfs.trim
		{"tpm", "security.tpm2.enable"},    // not the test VM's virtualisation.tpm
		{"fingerprint reader", "services.fprintd.enable"},
		// A metrics exporter is named as one.
		{"node exporter", "services.prometheus.exporters.node.enable"},
		{"prometheus postgres exporter", "services.prometheus.exporters.postgres.enable"},
		// A part of another module, when nothing else fits and it is a
		// part of the system or the desktop, not of one application.
		{"man", "documentation.man.enable"},
		{"gnome keyring", "services.gnome.gnome-keyring.enable"},
		{"iwd", "networking.wireless.iwd.enable"},
		{"wireplumber", "services.pipewire.wireplumber.enable"},
		// A part of a module named with its owner, either way round.
		{"docker rootless", "virtualisation.docker.rootless.enable"},
		{"rootless docker", "virtualisation.docker.rootless.enable"},
		{"zfs trim", "services.zfs.trim.enable"},
		{"netdata python", "services.netdata.python.enable"},
		{"pipewire pulse", "services.pipewire.pulse.enable"},
		// Endings people leave off: a version, a database suffix.
		{"rabbit", "services.rabbitmq.enable"},
	}
	for _, tt := range tests {
		got, choices := ix.EnableOption(tt.word)
		if got != tt.want {
			t.Errorf("EnableOption(%q) = %q (choices %v), want %s", tt.word, got, choices, tt.want)
		}
		if len(choices) == 0 || choices[0] != got {
			t.Errorf("EnableOption(%q): choices %v do not start with the answer", tt.word, choices)
		}
	}
}

func TestEnableOptionAsks(t *testing.T) {
	ix := fullIndex(t)
	tests := []struct {
		word       string
		wantChoice string // must be among the choices
	}{
		{"dockr", "virtualisation.docker.enable"}, // a typo is asked about, not applied
		{"tailscle", "services.tailscale.enable"},
		{"redis", "services.prometheus.exporters.redis.enable"},
		{"vpn", "services.mozillavpn.enable"},
		// Named exactly by a part of another module (services.gitlab.registry,
		// security.pam.zfs, ...), but a service of its own fits too.
		{"registry", "services.dockerRegistry.enable"},
		{"search", "services.opensearch.enable"},
		{"zfs", "services.sanoid.enable"},
		{"metrics", "services.victoriametrics.enable"},
		// A name that only ends in the word is asked about, whatever its
		// depth: tarsnap is not snap, rspamd is not amd.
		{"snap", "services.tarsnap.enable"},
		{"amd", "services.rspamd.enable"},
		{"cursor", "services.pdns-recursor.enable"},
		{"swap", "zramSwap.enable"},
		// A part of another module named only in part.
		{"game", "services.gnome.games.enable"},
		// Named exactly, but a part of one application's module (or a
		// metrics exporter, or a part of a part): not what the word means.
		{"python", "services.netdata.python.enable"},
		{"restic", "services.prometheus.exporters.restic.enable"},
		{"gzip", "services.movim.precompressStaticFiles.gzip.enable"},
		{"clean", "programs.nh.clean.enable"},
		{"todo", "services.sourcehut.todo.enable"},
		// Another name that starts with the word: parallels is not
		// parallel.
		{"parallel", "hardware.parallels.enable"},
	}
	for _, tt := range tests {
		got, choices := ix.EnableOption(tt.word)
		if got != "" {
			t.Errorf("EnableOption(%q) = %q; want a question (choices %v)", tt.word, got, choices)
		}
		if !slices.Contains(choices, tt.wantChoice) {
			t.Errorf("EnableOption(%q) choices %v lack %s", tt.word, choices, tt.wantChoice)
		}
	}
	// Names that only share letters with the words are no choice:
	// rustus, startx and protonmail are other words than rust, star and
	// proton, and
	// "home manager" is two letters off nodemanager's first word.
	for word, notChoice := range map[string]string{
		"rust":         "services.rustus.enable",
		"star":         "services.xserver.displayManager.startx.enable",
		"proton":       "services.protonmail-bridge.enable",
		"home-manager": "services.hadoop.yarn.nodemanager.enable",
		"home manager": "services.hadoop.yarn.nodemanager.enable",
	} {
		if _, choices := ix.EnableOption(word); slices.Contains(choices, notChoice) {
			t.Errorf("EnableOption(%q) choices %v offer %s, which only shares letters", word, choices, notChoice)
		}
	}
	if got, choices := ix.EnableOption("zzqqxxyy"); got != "" || len(choices) != 0 {
		t.Errorf("EnableOption(nonsense) = %q, %v", got, choices)
	}
	for _, c := range ix.EnableOptions("docker", 0) {
		if _, ok := ix.LookupOption(c.Option); !ok {
			t.Errorf("EnableOptions(docker) offers %s, which does not exist", c.Option)
		}
	}
}

func TestModuleOption(t *testing.T) {
	ix := fullIndex(t)
	tests := []struct {
		pkg  string
		want string // "" for: just install the package
	}{
		{"steam", "programs.steam.enable"},
		{"docker", "virtualisation.docker.enable"},
		{"podman", "virtualisation.podman.enable"},
		{"libvirtd", "virtualisation.libvirtd.enable"},
		{"wireshark", "programs.wireshark.enable"},
		{"xfce", "services.xserver.desktopManager.xfce.enable"},
		{"plasma6", "services.desktopManager.plasma6.enable"},
		{"i3", "services.xserver.windowManager.i3.enable"},
		{"cinnamon", "services.xserver.desktopManager.cinnamon.enable"},
		{"sshd", "services.openssh.enable"}, // an alias: the option it stands for
		{"kodi", ""},
		{"xterm", ""},
		{"retroarch", ""},
		{"notion", ""},
		{"firefox", ""},
		{"git", ""},
		{"nginx", ""},
		// Shells: a login shell needs its module.
		{"zsh", "programs.zsh.enable"},
		{"fish", "programs.fish.enable"},
		// Packages of nixpkgs that are clients of a daemon, or whose
		// module has another name.
		{"flatpak", "services.flatpak.enable"},
		{"tailscale", "services.tailscale.enable"},
		{"fwupd", "services.fwupd.enable"},
		{"mullvad-vpn", "services.mullvad-vpn.enable"},
		{"virtualbox", "virtualisation.virtualbox.host.enable"},
		{"libvirt", "virtualisation.libvirtd.enable"},
		{"mullvad", "services.mullvad-vpn.enable"},
		{"cups", "services.printing.enable"},
		{"gamemode", "programs.gamemode.enable"},
		{"nix-ld", "programs.nix-ld.enable"},
		{"virt-manager", "programs.virt-manager.enable"},
		{"sway", "programs.sway.enable"},
		{"hyprland", "programs.hyprland.enable"},
		{"waydroid", "virtualisation.waydroid.enable"},
		{"incus", "virtualisation.incus.enable"},
		// No package of that name: the one module there is.
		{"adb", "programs.adb.enable"},
		// Programs that work alone, with a module for extras.
		{"syncthing", ""},
		{"ollama", ""},
		{"qemu", ""},
		{"tmux", ""},
		{"python313Packages.requests", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := ix.ModuleOption(tt.pkg)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ModuleOption(%q) = %q, %v; want %q", tt.pkg, got, ok, tt.want)
		}
	}
	if o, ok := ix.ServiceFor("nginx"); !ok || o != "services.nginx.enable" {
		t.Errorf("ServiceFor(nginx) = %q, %v", o, ok)
	}
	if o, ok := ix.ServiceFor("firefox"); ok {
		t.Errorf("ServiceFor(firefox) = %q", o)
	}
}

// TestModuleListsExist: every module ask-nix proposes instead of a
// package is a real NixOS option.
func TestModuleListsExist(t *testing.T) {
	ix := fullIndex(t)
	var want []string
	for _, p := range needsModule {
		want = append(want, "programs."+p+".enable")
	}
	for _, p := range needsService {
		want = append(want, "services."+p+".enable")
	}
	for _, o := range moduleOf {
		want = append(want, o)
	}
	for _, o := range want {
		if _, ok := ix.LookupOption(o); !ok {
			t.Errorf("%s is no NixOS option", o)
		}
	}
}

func TestEnableOptionPartsAfterWholes(t *testing.T) {
	ix := fullIndex(t)
	// virtualisation.docker.rootless is named exactly (100), one level
	// deeper than a service (-5), and a part of virtualisation.docker,
	// which has its own switch (-10).
	for _, c := range ix.EnableOptions("rootless", 0) {
		if c.Option == "virtualisation.docker.rootless.enable" {
			if c.Score != 85 {
				t.Errorf("score %d, want 85", c.Score)
			}
			return
		}
	}
	t.Error("virtualisation.docker.rootless.enable not offered for \"rootless\"")
}

func TestIsSet(t *testing.T) {
	ix := fullIndex(t)
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"nerd-fonts", true},
		{"python313Packages", true},
		{"firefox", false},   // a package
		{"nerd-font", false}, // the start of a name, not a set
		{"no-such-set", false},
		{"", false},
	} {
		if got := ix.IsSet(tt.name); got != tt.want {
			t.Errorf("IsSet(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestHasOptionsUnder(t *testing.T) {
	ix := fullIndex(t)
	for path, want := range map[string]bool{"services.xserver.xkb": true, "services.openssh": true, "services.nope": false, "services.openssh.enable": false, "": false} {
		if got := ix.HasOptionsUnder(path); got != want {
			t.Errorf("HasOptionsUnder(%q) = %v, want %v", path, got, want)
		}
	}
}
