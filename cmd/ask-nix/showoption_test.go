package main

import (
	"encoding/json"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
)

// TestShowOption: "is ssh enabled?" answers from the fragment and from
// the configuration evaluated by real Nix (the playground's stand-in
// system), says when the running system is behind, and writes nothing.
func TestShowOption(t *testing.T) {
	pg := playgroundEnv(t)
	answer := func(text string) optionAnswer { t.Helper(); return askNixJSON[optionAnswer](t, text) }
	// The stand-in declares no modules: an option nothing sets is not
	// there to evaluate, and the answer says so rather than "off".
	a := answer("is bluetooth enabled?")
	if a.Evaluated || string(a.Value) != "null" || a.Fragment != nil || a.Error != "nix found no config.hardware.bluetooth.enable: no NixOS module of this configuration declares hardware.bluetooth.enable" {
		t.Fatalf("bluetooth: %+v", a)
	}
	askNix("is bluetooth enabled?").must(t, 0, "bluetooth (hardware.bluetooth.enable): "+pg.Fragment+" does not set it; what the rest of your configuration says is unknown")
	// An entry of an attribute set nothing sets is absent in NixOS too.
	askNix("what is the swappiness").must(t, 0, `swappiness (boot.kernel.sysctl."vm.swappiness"): `+pg.Fragment+` does not set it; what the rest of your configuration says is unknown: nix found no config.boot.kernel.sysctl."vm.swappiness": nothing in this configuration sets boot.kernel.sysctl."vm.swappiness", so what it configures keeps its own default.`)
	// The stand-in has NixOS's defaults for a few settings.
	askNix("is ssh enabled?").must(t, 0, "ssh (services.openssh.enable) is off in your configuration; "+pg.Fragment+" does not set it, so that comes from the rest of your configuration or NixOS's default")
	askNix("what's my locale").must(t, 0, "locale (i18n.defaultLocale) is \"en_US.UTF-8\" in your configuration")

	askNix("-y", "enable ssh").must(t, 0)
	a = answer("is the ssh server running")
	if !a.Evaluated || string(a.Value) != "true" || a.Fragment != true || !a.Pending {
		t.Fatalf("after enabling: %+v", a)
	}
	// With what the option is, from the playground's option index.
	askNix("is ssh on").must(t, 0, "ssh (services.openssh.enable) is on in your configuration; "+pg.Fragment+" sets it to true (\"disable ssh\" turns it off).\n"+
		"What it is (boolean): Whether to enable the OpenSSH secure shell daemon, which allows secure remote logins.\nThe running system was built before the last change")
	askNix("what does services.openssh.enable do").must(t, 0, "services.openssh.enable is on in your configuration", "What it is (boolean): Whether to enable the OpenSSH")
	// A set of options: what the fragment sets below it.
	askNix("show option services.openssh").must(t, 0, pg.Fragment+" sets it to { enable = true; }")
	// An option the index lacks is refused as an edit of it is (exit 2,
	// the close options named), not evaluated to "unknown".
	for _, q := range []string{"show option services.opnessh.enable", "is services.opnessh.enable enabled", "what is services.opnessh.enable"} {
		r := askNix(q)
		if want := "ask-nix: refused: no NixOS option named services.opnessh.enable; did you mean services.openssh.enable?\n"; r.code != 2 || r.stdout != "" || r.stderr != want {
			t.Fatalf("%q: exit %d\nstdout:\n%s\nstderr:\n%s", q, r.code, r.stdout, r.stderr)
		}
	}
	askNix("--json", "show option services.opnessh.enable").must(t, 2, `{"error":{"code":"rejected","reason":"no NixOS option named services.opnessh.enable; did you mean services.openssh.enable?"}}`)

	askNix("apply").must(t, 0)
	if a = answer("is ssh enabled"); a.Pending {
		t.Fatalf("after apply: %+v", a)
	}
	askNix("-y", "disable ssh").must(t, 0)
	askNix("is ssh enabled").must(t, 0, "ssh (services.openssh.enable) is off in your configuration; "+pg.Fragment+" sets it to false (\"enable ssh\" turns it on).")

	// Any option by its path, and the DNS servers, as nixos-option
	// shows them.
	askNix("show option networking.firewall.allowedTCPPorts").must(t, 0, "networking.firewall.allowedTCPPorts: none in your configuration; "+pg.Fragment+" does not set it.")
	askNix("-y", "open ports 443 and 80").must(t, 0)
	askNix("which ports are open").must(t, 0, "Open ports in your configuration (the firewall is on):\n  TCP: 80 and 443\n  UDP: none\n"+pg.Fragment+" opens TCP 80 and 443. ")
	askNix("list the open udp ports").must(t, 0, "  UDP: none\n")
	askNix("-y", "use cloudflare dns").must(t, 0)
	if a = answer("which dns servers do I use"); !a.Evaluated || string(a.Value) != `["1.1.1.1","1.0.0.1"]` || a.Option != "networking.nameservers" {
		t.Fatalf("dns: %+v", a)
	}

	// A question never edits: the history has the four edits above only.
	r := askNix("history")
	r.must(t, 0)
	if n := strings.Count(r.stdout, "\n") - strings.Count(r.stdout, "\nPending: "); n != 4 {
		t.Fatalf("history:\n%s", r.stdout)
	}
}

func TestOptionSentence(t *testing.T) {
	const frag = "/etc/nixos/nix-humanity.nix"
	for _, tt := range []struct {
		name string
		a    optionAnswer
		want string
	}{
		{"on, set by the fragment", optionAnswer{Service: "ssh", Option: "services.openssh.enable", Value: json.RawMessage("true"), Evaluated: true, Fragment: true},
			`ssh (services.openssh.enable) is on in your configuration; /etc/nixos/nix-humanity.nix sets it to true ("disable ssh" turns it off).`},
		{"on from elsewhere", optionAnswer{Service: "firewall", Option: "networking.firewall.enable", Value: json.RawMessage("true"), Evaluated: true},
			`firewall (networking.firewall.enable) is on in your configuration; /etc/nixos/nix-humanity.nix does not set it, so that comes from the rest of your configuration or NixOS's default ("disable firewall" turns it off in the fragment; should another file set it too, Nix says so and nothing changes).`},
		{"a switch by its path", optionAnswer{Option: "networking.firewall.allowPing", Value: json.RawMessage("true"), Evaluated: true, Fragment: true},
			`networking.firewall.allowPing is on in your configuration; /etc/nixos/nix-humanity.nix sets it to true ("set networking.firewall.allowPing to false" turns it around).`},
		{"a list by its path", optionAnswer{Option: "services.openssh.ports", Value: json.RawMessage("[22,2222]"), Evaluated: true},
			`services.openssh.ports: 22 and 2222 in your configuration; /etc/nixos/nix-humanity.nix does not set it.`},
		{"overridden", optionAnswer{Service: "docker", Option: "virtualisation.docker.enable", Value: json.RawMessage("false"), Evaluated: true, Fragment: true},
			`docker (virtualisation.docker.enable) is off in your configuration; /etc/nixos/nix-humanity.nix sets it to true, but the rest of your configuration overrides that (mkForce or another priority): change it there.`},
		{"not evaluated", optionAnswer{Service: "ssh", Option: "services.openssh.enable", Value: json.RawMessage("null"), Error: "nix-instantiate failed", Fragment: true},
			`ssh (services.openssh.enable): /etc/nixos/nix-humanity.nix sets it to true; what the rest of your configuration says is unknown: nix-instantiate failed.`},
		{"not a bool", optionAnswer{Service: "x", Option: "x.enable", Value: json.RawMessage(`"yes"`), Evaluated: true},
			`x (x.enable) is "yes" in your configuration; /etc/nixos/nix-humanity.nix does not set it.`},
		{"pending", optionAnswer{Service: "ssh", Option: "services.openssh.enable", Value: json.RawMessage("false"), Evaluated: true, Fragment: false, Pending: true, catchUp: "`ask-nix apply` builds and switches to it (nix-humanityd does when it runs)."},
			"ssh (services.openssh.enable) is off in your configuration; /etc/nixos/nix-humanity.nix sets it to false (\"enable ssh\" turns it on).\nThe running system was built before the last change: `ask-nix apply` builds and switches to it (nix-humanityd does when it runs)."},
		// What Nix and the fragment give moves no cursor (FuzzOptionSentence).
		{"escapes in a list", optionAnswer{Option: "boot.kernelParams", Value: json.RawMessage(`["quiet","\u001b[2J\u202e"]`), Evaluated: true},
			`boot.kernelParams: quiet and \x1b[2J\u202e in your configuration; /etc/nixos/nix-humanity.nix does not set it.`},
		{"a C1 control in a string", optionAnswer{Service: "x", Option: "x.enable", Value: json.RawMessage("\"\u009b31m\""), Evaluated: true},
			`x (x.enable) is "\u009b31m" in your configuration; /etc/nixos/nix-humanity.nix does not set it.`},
		{"escapes in Nix's error and the fragment", optionAnswer{Service: "ssh", Option: "services.openssh.enable", Value: json.RawMessage("null"), Error: "error: \x1b[31mboom\x1b[0m\n       at /etc/nixos/configuration.nix:3:5", Fragment: "x\x1b]0;t\a"},
			"ssh (services.openssh.enable): /etc/nixos/nix-humanity.nix sets it to x\\x1b]0;t\\x07; what the rest of your configuration says is unknown: error: \\x1b[31mboom\\x1b[0m\n       at /etc/nixos/configuration.nix:3:5."},
	} {
		if got := optionSentence(tt.a, frag); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func TestMissingAttribute(t *testing.T) {
	for s, want := range map[string]bool{
		"error: attribute 'openssh' in selection path 'config.services.openssh.enable' not found": true,
		"error: attribute 'openssh' missing\n\n       at «none»:0: (source not available)":        true,
		"error: flake 'path:/etc/nixos' does not provide attribute 'packages.x86_64-linux.nixosConfigurations.box.config.x', 'legacyPackages.x86_64-linux.nixosConfigurations.box.config.x' or 'nixosConfigurations.box.config.x'": true,
		"error: undefined variable 'htop'":      false,
		"error: infinite recursion encountered": false,
	} {
		if got := missingAttribute(s); got != want {
			t.Errorf("missingAttribute(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestShowOptionFlake: with a flake system, the question is evaluated as
// the flake's nixosConfigurations.<host>.config.<option>, with `nix eval`.
func TestShowOptionFlake(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Fatalf("the flake below names x86_64-linux; this machine is %s", runtime.GOARCH)
	}
	pg := playgroundEnv(t)
	flakeDir := filepath.Join(t.TempDir(), "etc-nixos")
	if err := playground.WriteFlake(flakeDir, pg, "box"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NIX_HUMANITY_FRAGMENT", filepath.Join(flakeDir, "nix-humanity.nix"))
	t.Setenv("NIX_HUMANITY_SYSTEM", "path:"+flakeDir+"#box")
	askNix("-y", "enable ssh").must(t, 0)
	if a := askNixJSON[optionAnswer](t, "is ssh enabled?"); !a.Evaluated || string(a.Value) != "true" || a.Fragment != true {
		t.Fatalf("answer %+v", a)
	}
	// What nothing declares is said as such, through nix eval too.
	if a := askNixJSON[optionAnswer](t, "is docker enabled"); a.Evaluated || a.Error != "nix found no nixosConfigurations.box.config.virtualisation.docker.enable: no NixOS module of this configuration declares virtualisation.docker.enable" {
		t.Fatalf("docker: %+v", a)
	}
	// The firewall's three values in one nix eval (--apply).
	askNix("-y", "open port 8080").must(t, 0)
	askNix("is port 8080 open").must(t, 0, "Port 8080 (TCP) is open in your configuration: "+filepath.Join(flakeDir, "nix-humanity.nix")+" opens it in networking.firewall.allowedTCPPorts")
	askNix("is port 8081 open").must(t, 0, "Port 8081 (TCP) is closed in your configuration")
}

// TestPortQuestion: "is port 80 open?" reads the whole configuration's
// firewall with real Nix (the stand-in has NixOS's defaults for it):
// closed, opened by the fragment, in a range, every port with the
// firewall off.
func TestPortQuestion(t *testing.T) {
	pg := playgroundEnv(t)
	answer := func(text string) portAnswer { t.Helper(); return askNixJSON[portAnswer](t, text) }
	open := func(a portAnswer) bool { return a.Open != nil && *a.Open }
	if a := answer("is port 80 open?"); a.Open == nil || open(a) || a.Fragment || a.Protocol != "tcp" || a.Port != 80 {
		t.Fatalf("before: %+v", a)
	}
	askNix("-y", "open port 80").must(t, 0)
	if a := answer("is port 80 open?"); !open(a) || a.Why != "listed" || !a.Fragment || !a.Pending {
		t.Fatalf("opened: %+v", a)
	}
	if a := answer("is udp port 80 open"); open(a) || a.Protocol != "udp" {
		t.Fatalf("udp: %+v", a)
	}
	askNix("-y", "open udp ports 60000 to 61000").must(t, 0)
	if a := answer("check whether udp port 60001 is open"); !open(a) || a.Why != "range" || a.Fragment || a.FragmentRange == nil || *a.FragmentRange != (portRangeJSON{60000, 61000}) {
		t.Fatalf("range: %+v", a)
	}
	// Said as the fragment's doing, with the request that closes it.
	askNix("is udp port 60001 open").must(t, 0, `Port 60001 (UDP) is open in your configuration: `+pg.Fragment+` opens it in networking.firewall.allowedUDPPortRanges, as ports 60000 to 61000 ("close udp ports 60000-61000" closes them).`)
	askNix("-y", "turn off the firewall").must(t, 0)
	askNix("is port 9 open").must(t, 0, "Port 9 (TCP) is open: the firewall is off in your configuration (networking.firewall.enable = false), so every port is")
}

// TestOpenPorts: "which ports are open" lists what the whole
// configuration's firewall opens, evaluated by real Nix: TCP and UDP,
// ports and ranges, and which of them the fragment opens.
func TestOpenPorts(t *testing.T) {
	pg := playgroundEnv(t)
	askNix("-y", "open ports 8000-8010").must(t, 0)
	askNix("-y", "open udp port 51820").must(t, 0)
	askNix("-y", "open port 22").must(t, 0)
	askNix("which ports are open").must(t, 0, "Open ports in your configuration (the firewall is on):\n  TCP: 22 and 8000-8010\n  UDP: 51820\n"+pg.Fragment+" opens TCP 22 and 8000-8010 and UDP 51820. Ports opened on one interface only")
	a := askNixJSON[openPortsAnswer](t, "what ports are open in the firewall")
	want := `{"service":"open TCP ports","option":"networking.firewall","evaluated":true,"firewallOn":true,` +
		`"tcp":{"ports":[22],"ranges":[{"from":8000,"to":8010}]},"udp":{"ports":[51820],"ranges":[]},` +
		`"fragment":{"tcp":{"ports":[22],"ranges":[{"from":8000,"to":8010}]},"udp":{"ports":[51820],"ranges":[]}},"pending":true}`
	if got, _ := json.Marshal(a); string(got) != want {
		t.Fatalf("which ports are open --json:\n%s\nwant\n%s", got, want)
	}
	askNix("-y", "turn off the firewall").must(t, 0)
	askNix("list the open udp ports").must(t, 0, "Every port is open: the firewall is off in your configuration (networking.firewall.enable = false; \"turn on the firewall\" turns it on). With it on, these would be:\n  TCP: 22 and 8000-8010\n  UDP: 51820\n")
	// Asked by the option's path, the answer is that option's.
	askNix("show option networking.firewall.allowedTCPPorts").must(t, 0, "networking.firewall.allowedTCPPorts: 22 in your configuration; "+pg.Fragment+" sets it to [ 22 ].")
}

func TestOpenPortsSentence(t *testing.T) {
	const frag = "/etc/nixos/nix-humanity.nix"
	on := true
	a := openPortsAnswer{Evaluated: true, FirewallOn: &on, TCP: portSet{Ports: []int64{443, 22}, Ranges: []portRangeJSON{{1714, 1764}}}}
	a.Fragment.TCP.Ports = []int64{443}
	want := "Open ports in your configuration (the firewall is on):\n  TCP: 22, 443 and 1714-1764\n  UDP: none\n" + frag + " opens TCP 443; the others come from the rest of your configuration (a service's openFirewall, or another file). Ports opened on one interface only (networking.firewall.interfaces) are not counted."
	if got := openPortsSentence(a, frag); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	a = openPortsAnswer{Error: "nix-instantiate failed"}
	a.Fragment.UDP.Ranges = []portRangeJSON{{60000, 61000}}
	want = "Open ports: " + frag + " opens UDP 60000-61000; what the rest of your configuration opens is unknown: nix-instantiate failed."
	if got := openPortsSentence(a, frag); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestPortSentence(t *testing.T) {
	const frag = "/etc/nixos/nix-humanity.nix"
	yes, no := true, false
	for _, tt := range []struct {
		a    portAnswer
		want string
	}{
		{portAnswer{Port: 22, Protocol: "tcp", Open: &yes, Why: "listed"},
			"Port 22 (TCP) is open in your configuration: networking.firewall.allowedTCPPorts has it, from outside /etc/nixos/nix-humanity.nix (a service's openFirewall, or another file)."},
		{portAnswer{Port: 53, Protocol: "udp", Open: &yes, Why: "listed", Fragment: true},
			`Port 53 (UDP) is open in your configuration: /etc/nixos/nix-humanity.nix opens it in networking.firewall.allowedUDPPorts ("close udp port 53" closes it).`},
		{portAnswer{Port: 53, Protocol: "udp", Open: &no},
			`Port 53 (UDP) is closed in your configuration: the firewall is on and neither networking.firewall.allowedUDPPorts nor its ranges have it ("open udp port 53" opens it). Ports opened on one interface only (networking.firewall.interfaces) are not counted.`},
		{portAnswer{Port: 8005, Protocol: "tcp", Open: &yes, Why: "range"},
			"Port 8005 (TCP) is open in your configuration: it is in one of the ranges of networking.firewall.allowedTCPPortRanges, from outside /etc/nixos/nix-humanity.nix (a service's openFirewall, or another file)."},
		{portAnswer{Port: 8005, Protocol: "tcp", Open: &yes, Why: "range", FragmentRange: &portRangeJSON{8000, 8010}},
			`Port 8005 (TCP) is open in your configuration: /etc/nixos/nix-humanity.nix opens it in networking.firewall.allowedTCPPortRanges, as ports 8000 to 8010 ("close ports 8000-8010" closes them).`},
		{portAnswer{Port: 80, Protocol: "tcp", Error: "nix-instantiate failed", Fragment: true},
			"Port 80 (TCP): /etc/nixos/nix-humanity.nix opens it; whether the firewall lets it through is unknown: nix-instantiate failed."},
	} {
		if got := portSentence(tt.a, frag); got != tt.want {
			t.Errorf("portSentence(%+v)\n got %s\nwant %s", tt.a, got, tt.want)
		}
	}
}

// askNixJSON runs ask-nix --json with text, which must succeed, and
// decodes its answer.
func askNixJSON[T any](t *testing.T, text string) T {
	t.Helper()
	r := askNix("--json", text)
	r.must(t, 0)
	var v T
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	return v
}
