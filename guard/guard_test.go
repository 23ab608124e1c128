package guard_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
)

func TestCheckRequestAllows(t *testing.T) {
	for _, text := range []string{
		"install firefox", "  install firefox\n", "install git & vim", "what's installed?",
		"set services.x.y to \"a, b: c (d) = e! 100% #1 ~/x @y\"", "search c++", "Ünïcödé façade naïve",
		"set timezone to Etc/GMT+5", "install python3Packages.requests", "cost $5", "a.b/c", "..", "./x",
		"search 日本語", "emoji 😀 fine", "install git\u00a0vim", strings.Repeat("a", 1000),
	} {
		if err := guard.CheckRequest(text); err != nil {
			t.Errorf("CheckRequest(%q): %v", text, err)
		}
	}
}

// TestCheckRequestLeftmost: with several problems, the first from the
// left is named.
func TestCheckRequestLeftmost(t *testing.T) {
	cases := map[string]string{
		"a; b && c":    "potentially dangerous pattern detected: ;",
		"a && b; c":    "potentially dangerous pattern detected: &&",
		"a >> b":       "potentially dangerous pattern detected: >>",
		"a || b":       "potentially dangerous pattern detected: ||",
		"a\tb; c":      "request contains a control character: U+0009 (tab)",
		"a;\u200b":     "potentially dangerous pattern detected: ;",
		"\u202e a; b":  "request contains an invisible character: U+202E (right-to-left override)",
		"$${x}":        "potentially dangerous pattern detected: ${",
		"x$(y) ${z}":   "potentially dangerous pattern detected: $(",
		".../x":        "potentially dangerous pattern detected: ../",
		"a\xffb; c":    "request is not valid UTF-8 text",
		"a \u2028 b":   "request contains a control character: U+2028 (line separator)",
		"a\u0080":      "request contains a control character: U+0080",
		"\U000E0001 a": "request contains an invisible character: U+E0001 (tag character)",
	}
	for text, want := range cases {
		err := guard.CheckRequest(text)
		var r *guard.Rejection
		if !errors.As(err, &r) || r.Reason != want {
			t.Errorf("CheckRequest(%q) = %v; want %q", text, err, want)
		}
	}
}

// TestCheckIntent covers intents made by hand (a script, a future
// caller): fields that do not fit the kind, and every range.
func TestCheckIntent(t *testing.T) {
	cases := []struct {
		in   intent.Intent
		want string
	}{
		{intent.Intent{Kind: "format-disk"}, `bad-intent: unknown intent "format-disk"`},
		{intent.Intent{Kind: intent.Install}, "bad-intent: install needs at least one package name"},
		{intent.Intent{Kind: intent.Install, Packages: []string{"git"}, Option: "x.y"}, "bad-intent: intent install does not take option"},
		{intent.Intent{Kind: intent.Status, Query: "x"}, "bad-intent: intent status does not take query"},
		{intent.Intent{Kind: intent.Rollback, Generation: 3}, "bad-intent: intent rollback does not take generation"},
		{intent.Intent{Kind: intent.Search}, "bad-intent: search needs something to look for"},
		{intent.Intent{Kind: intent.Search, Query: strings.Repeat("q", 201)}, "too-long: search query is too long: 201 characters (the limit is 200)"},
		{intent.Intent{Kind: intent.Search, Query: "a\x1bb"}, "control-character: search query contains a control character: U+001B (escape)"},
		{intent.Intent{Kind: intent.SwitchGeneration}, "bad-value: generation 0 does not exist: generations are numbered from 1 (see `ask-nix generations`)"},
		{intent.Intent{Kind: intent.Rollback, Steps: -2}, `bad-value: cannot go back -2 generations: say how many, from 1 to 1000 (or "go back to generation 12")`},
		{intent.Intent{Kind: intent.Rollback, Steps: 5000}, `bad-value: cannot go back 5000 generations: say how many, from 1 to 1000 (or "go back to generation 12")`},
		{intent.Intent{Kind: intent.Undo, Steps: 5000}, "bad-value: cannot undo 5000 edits at once: say how many, from 1 to 1000 (`ask-nix history` numbers them)"},
		{intent.Intent{Kind: intent.Install, Packages: []string{"git"}, Steps: 2}, "bad-intent: intent install does not take steps"},
		{intent.Intent{Kind: intent.Undo, Boot: true}, "bad-intent: intent undo does not take boot"},
		{intent.Intent{Kind: intent.Status, Action: "test"}, "bad-intent: intent status does not take action"},
		{intent.Intent{Kind: intent.Apply, Action: "reboot"}, `bad-value: "reboot" is no activation: apply takes switch, boot, test or build`},
		{intent.Intent{Kind: intent.Apply, Action: "test"}, ""},
		{intent.Intent{Kind: intent.Update, Inputs: []string{"nixpkgs", "home-manager"}}, ""},
		{intent.Intent{Kind: intent.Update, Inputs: []string{"nixpkgs", "--flake"}}, `bad-value: input name "--flake" starts with -, which Nix would read as a flag: a flake input is named by a letter, then letters, digits, - and _ (nixpkgs, home-manager), as flake.nix declares it (inputs.<name>); nothing was run`},
		{intent.Intent{Kind: intent.Update, Inputs: []string{"home-manager/nixpkgs"}}, `bad-value: "home-manager/nixpkgs" is an input of an input: ask-nix updates the flake's own inputs, and updating home-manager updates what it locks with it; nothing was run`},
		{intent.Intent{Kind: intent.Update, Inputs: []string{}}, "bad-intent: an update of only some inputs names none"},
		{intent.Intent{Kind: intent.Update, Inputs: make([]string, 51)}, "bad-value: 51 flake inputs in one update: at most 50; nothing was run (ask-nix update with no input updates them all)"},
		{intent.Intent{Kind: intent.Status, Inputs: []string{"nixpkgs"}}, "bad-intent: intent status does not take inputs"},
		{intent.Intent{Kind: intent.Rollback, Before: "today"}, ""},
		{intent.Intent{Kind: intent.Rollback, Before: "3d"}, ""},
		{intent.Intent{Kind: intent.Rollback, Before: "tomorrow"}, `bad-value: "tomorrow" is not a time to go back to: write today or an age like 3d or 12h`},
		{intent.Intent{Kind: intent.Rollback, Before: "3d", Steps: 2}, "bad-intent: a rollback goes back by steps or to a time, not both"},
		{intent.Intent{Kind: intent.SwitchGeneration, Generation: 3, Before: "3d"}, "bad-intent: intent switch-generation does not take before"},
		{intent.Intent{Kind: intent.Apply, Action: "build"}, ""},
		{intent.Intent{Kind: intent.GC, OlderThan: "30 days"}, `bad-value: "30 days" is not an age: write a number of days or hours like 30d or 12h`},
		{intent.Intent{Kind: intent.GC, OlderThan: "1000000d"}, `bad-value: "1000000d" is a longer age than ask-nix takes (at most 99999 days, about 273 years); nothing was deleted`},
		{intent.Intent{Kind: intent.GC, OlderThan: "140000h"}, `bad-value: "140000h" is a longer age than ask-nix takes (at most 99999 hours; give a longer age in days); nothing was deleted`},
		{intent.Intent{Kind: intent.GC, OlderThan: "0000001d"}, `bad-value: "0000001d" is not an age: write a number of days or hours like 30d or 12h`},
		{intent.Intent{Kind: intent.GC, OlderThan: "100000x"}, `bad-value: "100000x" is not an age: write a number of days or hours like 30d or 12h`},
		{intent.Intent{Kind: intent.GC, OlderThan: "100000dh"}, `bad-value: "100000dh" is not an age: write a number of days or hours like 30d or 12h`},
		{intent.Intent{Kind: intent.EnableService, Option: "services.openssh"}, "bad-option: services.openssh is not an enable option (it should end in .enable)"},
		{intent.Intent{Kind: intent.EnableService, Option: "services.openssh.enable", Service: "ssh\u202e"}, "invisible-character: service name contains an invisible character: U+202E (right-to-left override)"},
		{intent.Intent{Kind: intent.EnableService, Option: "services.openssh.enable", Service: strings.Repeat("s", 101)}, "too-long: service name is too long: 101 characters (the limit is 100)"},
		{intent.Intent{Kind: intent.EnableService}, "bad-intent: enable-service needs an option"},
		{intent.Intent{Kind: intent.ShowOption}, "bad-intent: show-option needs an option"},
		{intent.Intent{Kind: intent.SetOption, Option: `boot.kernel.sysctl."vm.swappiness"`, Value: int64(201)}, "bad-value: 201 is not a swappiness: a whole number from 0 (swap only to avoid running out of memory) to 200 (Linux's default is 60)"},
		{intent.Intent{Kind: intent.SetOption, Option: `boot.kernel.sysctl."vm.swappiness"`, Value: int64(10)}, ""},
		{intent.Intent{Kind: intent.ShowOption, Option: "services.openssh.enable", Packages: []string{"git"}}, "bad-intent: intent show-option does not take packages"},
		{intent.Intent{Kind: intent.ShowOption, Option: "services.openssh.enable", Value: true}, "bad-intent: a question about services.openssh.enable takes no value"},
		{intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(70000)}, "bad-value: 70000 is not a port: a port is a number from 1 to 65535"},
		{intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.allowedUDPPorts", Value: "53"}, `bad-value: "53" is not a port: a port is a number from 1 to 65535`},
		{intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(80)}, ""},
		{intent.Intent{Kind: intent.ShowOption, Option: "services..enable", Service: "ssh"}, `bad-option: "services..enable" is not a NixOS option name: write it as in Nix, like services.openssh.enable`},
		{intent.Intent{Kind: intent.ShowOption, Option: "services.openssh.enable", Service: "ssh"}, ""},
		{intent.Intent{Kind: intent.SetOption, Option: "x.y"}, "bad-value: value for x.y: null is not a value ask-nix writes (true/false, a whole number or a string)"},
		{intent.Intent{Kind: intent.SetOption, Option: "x.y", Value: 1.5}, "bad-value: value for x.y: 1.5 is not a value ask-nix writes (true/false, a whole number or a string)"},
		{intent.Intent{Kind: intent.SetOption, Option: "x.y", Value: []any{"a"}}, "bad-value: value for x.y: ask-nix sets one value at a time, not a list"},
		{intent.Intent{Kind: intent.SetOption, Option: "x.y", Value: "a\nb"}, "control-character: value for x.y contains a control character: U+000A (line feed)"},
		{intent.Intent{Kind: intent.SetOption, Option: "x.y", Value: strings.Repeat("v", 1001)}, "too-long: value for x.y is too long: 1001 characters (the limit is 1000)"},
		{intent.Intent{Kind: intent.SetOption, Option: "x.y", Value: "v", Change: "toggle"}, `bad-intent: unknown change "toggle"`},
		{intent.Intent{Kind: intent.SetOption, Option: "x.y", Value: "v", Change: intent.ChangeUnset}, "bad-intent: unset takes no value"},
		{intent.Intent{Kind: intent.SetOption, Option: "environment.systemPackages", Value: "x"}, "bad-option: environment.systemPackages holds the installed packages: use install and remove"},
		{intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(80)}, `bad-value: networking.firewall.allowedTCPPorts is a list of ports: open or close ports rather than setting the whole list ("open ports 80 and 443", "close port 443")`},
		{intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedUDPPorts", Value: "53", Change: intent.ChangeAdd}, `bad-value: "53" is not a port number`},
		// allowed
		{intent.Intent{Kind: intent.SetOption, Option: "x.y", Value: 3}, ""},
		{intent.Intent{Kind: intent.SetOption, Option: "x.y", Value: float64(3)}, ""},
		{intent.Intent{Kind: intent.GC, Keep: 3, OlderThan: "30d"}, ""},
		{intent.Intent{Kind: intent.Remove, Packages: []string{"python3Packages.requests"}}, ""},
		// Every part of a request said with "and" is checked, and parts
		// that change the same thing are refused.
		{intent.Join([]intent.Intent{
			{Kind: intent.SetOption, Option: "services.displayManager.autoLogin.enable", Value: true},
			{Kind: intent.SetOption, Option: "services.displayManager.autoLogin.user", Value: "Bad Name"},
		}), `bad-value: "Bad Name" is not a user name: use the login name, like alice (lower-case letters, digits, _ and -, starting with a letter or _, up to 31)`},
		{intent.Join([]intent.Intent{
			{Kind: intent.Install, Packages: []string{"htop"}},
			{Kind: intent.Remove, Packages: []string{"htop"}},
		}), "contradiction: two parts of the request both change htop: say only the one you mean; nothing was written"},
		{intent.Join([]intent.Intent{
			{Kind: intent.Install, Packages: []string{"htop"}},
			intent.Join([]intent.Intent{{Kind: intent.Install, Packages: []string{"git"}}, {Kind: intent.Install, Packages: []string{"vim"}}}),
		}), "bad-intent: a part of a request cannot have parts of its own"},
	}
	for _, c := range cases {
		got := ""
		if err := guard.CheckIntent(c.in, nil); err != nil {
			got = refusal(t, err)
		}
		if got != c.want {
			t.Errorf("CheckIntent(%+v)\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

// TestCheckIntentLists: several items in one add or remove ("open ports
// 80 and 443") are checked item by item, with and without the NixOS
// option index; a list is never a whole value to set.
func TestCheckIntentLists(t *testing.T) {
	tcp, udp := "networking.firewall.allowedTCPPorts", "networking.firewall.allowedUDPPorts"
	add := func(option string, v any) intent.Intent {
		return intent.Intent{Kind: intent.SetOption, Option: option, Value: v, Change: intent.ChangeAdd}
	}
	ports := func(n int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = int64(1000 + i)
		}
		return out
	}
	withSet := add(tcp, []any{int64(80), int64(443)})
	withSet.Change = intent.ChangeSet
	withUnset := add(tcp, []any{int64(80), int64(443)})
	withUnset.Change = intent.ChangeUnset
	removeBad := add(udp, []any{int64(53), int64(0)})
	removeBad.Change = intent.ChangeRemove
	opts := loadOptions(t)
	cases := []indexCase{
		{add(tcp, []any{int64(80), int64(443)}), "", "="},
		{add(udp, []any{int64(53), int64(5353)}), "", "="},
		// as encoding/json decodes `"value":[80,443]`
		{add(tcp, []any{float64(80), float64(443)}), "", "="},
		{add(tcp, ports(guard.MaxItems)), "", "="},
		{add(tcp, []any{int64(80)}), "", "="},
		{add("networking.nameservers", []any{"1.1.1.1", "9.9.9.9"}), "", "="},
		// a list is never set or unset
		{withSet, "bad-value: value for networking.firewall.allowedTCPPorts: ask-nix sets one value at a time, not a list", "="},
		{withUnset, "bad-intent: unset takes no value", "="},
		{intent.Intent{Kind: intent.SetOption, Option: "boot.kernelParams", Value: []any{"quiet"}}, "bad-value: value for boot.kernelParams: ask-nix sets one value at a time, not a list", "="},
		// one bad item refuses the whole request, and is named
		{add(tcp, []any{int64(80), int64(70000)}), "bad-value: port 70000 is out of range: a port is between 1 and 65535", "="},
		{removeBad, "bad-value: port 0 is out of range: a port is between 1 and 65535", "="},
		{add(tcp, []any{int64(80), "443"}), `bad-value: "443" is not a port number`, "="},
		{add(tcp, []any{int64(80), true}), `bad-value: true is not a port number`, "="},
		{add(tcp, []any{int64(80), nil}), "bad-value: value for networking.firewall.allowedTCPPorts: a list item must be true/false, a whole number or a string, not null", "="},
		{add(tcp, []any{int64(80), []any{int64(443)}}), "bad-value: value for networking.firewall.allowedTCPPorts: a list item must be true/false, a whole number or a string, not [ 443 ]", "="},
		{add(tcp, []any{int64(80), 1.5}), "bad-value: value for networking.firewall.allowedTCPPorts: [ 80 1.5 ] is not a value ask-nix writes (true/false, a whole number or a string)", "="},
		{add("networking.timeServers", []any{"pool.ntp.org", int64(5)}), "", "bad-value: value for networking.timeServers: 5 is not a string (the option takes string): put it in quotes, like \"5\""},
		// DNS servers are addresses, added and removed, never set whole
		{add("networking.nameservers", []any{"1.1.1.1", int64(5)}), "bad-value: 5 is not a DNS server: give its IP address, like 1.1.1.1 or 2606:4700:4700::1111", "="},
		{add("networking.nameservers", []any{"1.1.1.1", "dns.google"}), `bad-value: "dns.google" is not a DNS server: give its IP address, like 1.1.1.1 or 2606:4700:4700::1111`, "="},
		{add("networking.nameservers", []any{"2606:4700:4700::1111"}), "", "="},
		{intent.Intent{Kind: intent.SetOption, Option: "networking.nameservers", Value: "1.1.1.1"}, "bad-value: networking.nameservers is a list of DNS servers: add or remove servers rather than setting the whole list (\"use 1.1.1.1 as dns server\", \"remove dns server 8.8.8.8\")", "="},
		{add("services.openssh.ports", []any{int64(22), int64(70000)}), "", "bad-value: value for services.openssh.ports: 70000 is out of range: the option takes 16 bit unsigned integer; between 0 and 65535 (both inclusive)"},
		{add("networking.nameservers", []any{"1.1.1.1", "a\x1bb"}), "control-character: value for networking.nameservers contains a control character: U+001B (escape)", "="},
		{add("time.timeZone", []any{"UTC", "GMT"}), `bad-value: value for time.timeZone: the option is not a list (its type is "null or string without spaces"): set it instead of adding or removing items`, "="},
		// the optimiser's schedules: calendar expressions, added and
		// removed, never set whole
		{add("nix.optimise.dates", []any{"weekly"}), "", "="},
		{add("nix.optimise.dates", []any{"Sun 03:00", "03:45"}), "", "="},
		{add("nix.optimise.dates", []any{"3am"}), `bad-value: "3am" is not a schedule systemd reads for nix.optimise.dates: use daily, weekly or monthly, a time such as 03:45, days such as Sun or Mon..Fri, or both, as Sun 03:45 (` + "`systemd-analyze calendar`" + ` checks others, which you can write in configuration.nix)`, "="},
		{intent.Intent{Kind: intent.SetOption, Option: "nix.optimise.dates", Value: "weekly"}, `bad-value: nix.optimise.dates is a list of schedules: add or remove one rather than setting the whole list ("optimise the store every week" makes it that one)`, "="},
		{add("nix.optimise.dates", []any{"weekly\"; x = \"y"}), `bad-value: "weekly\"; x = \"y" is not a schedule systemd reads for nix.optimise.dates: use daily, weekly or monthly, a time such as 03:45, days such as Sun or Mon..Fri, or both, as Sun 03:45 (` + "`systemd-analyze calendar`" + ` checks others, which you can write in configuration.nix)`, "="},
		// sizes
		{add(tcp, []any{}), "bad-value: value for networking.firewall.allowedTCPPorts: the list of items is empty: name at least one", "="},
		{add(tcp, ports(guard.MaxItems+1)), "too-long: too many ports in one request: 65 (the limit is 64)", "="},
		{add("boot.kernelParams", make([]any, 100)), "too-long: too many items for boot.kernelParams in one request: 100 (the limit is 64)", "="},
	}
	checkWithAndWithoutIndex(t, opts, cases)
}

// TestCheckIntentMerge: each option of a merge is checked as a set of
// its own, with and without the option index; the first bad one refuses
// them all.
func TestCheckIntentMerge(t *testing.T) {
	ssh := "services.openssh.settings"
	merge := func(option string, v any) intent.Intent {
		return intent.Intent{Kind: intent.SetOption, Option: option, Value: v, Change: intent.ChangeMerge}
	}
	many := map[string]any{}
	for i := range 9 {
		many[fmt.Sprintf("Opt%d", i)] = true
	}
	opts := loadOptions(t)
	cases := []indexCase{
		{merge(ssh, map[string]any{"PasswordAuthentication": false, "KbdInteractiveAuthentication": false}), "", "="},
		{merge(ssh, map[string]any{"PermitRootLogin": "no", "X11Forwarding": true}), "", "="},
		{merge("nix.gc", map[string]any{"automatic": true, "dates": "weekly", "options": "--delete-older-than 30d"}), "", "="},
		{merge("system.autoUpgrade", map[string]any{"enable": true, "dates": "daily"}), "", "="},
		{merge("nix.gc", map[string]any{"dates": "weekly\nrm"}), "control-character: value for nix.gc.dates contains a control character: U+000A (line feed)", "="},
		{merge(ssh, map[string]any{"PermitRootLogin": "sometimes"}), "", `bad-value: value for services.openssh.settings.PermitRootLogin: "sometimes" is not one of "yes", "without-password", "prohibit-password", "forced-commands-only", "no"`},
		{merge(ssh, map[string]any{"PasswordAuthentication": "no"}), "", `bad-value: value for services.openssh.settings.PasswordAuthentication: "no" is not true or false`},
		// settings is free-form: an undeclared name has the free-form type
		{merge(ssh, map[string]any{"NoSuchSetting": true}), "", `unsupported-type: value for services.openssh.settings.NoSuchSetting: ask-nix cannot check values of type "atom (null, bool, int, float or string)": edit the fragment by hand`},
		{merge("services.nosuch", map[string]any{"enable": true}), "", "unknown-option: no NixOS option named services.nosuch.enable (look it up on search.nixos.org/options)"},
		{merge(ssh, map[string]any{}), `bad-value: value for services.openssh.settings: { } is not a set of options to merge: give at least one, like {"PasswordAuthentication": false}`, "="},
		{merge(ssh, true), `bad-value: value for services.openssh.settings: true is not a set of options to merge: give at least one, like {"PasswordAuthentication": false}`, "="},
		{merge(ssh, many), "too-long: too many options under services.openssh.settings in one request: 9 (the limit is 8)", "="},
		{merge(ssh, map[string]any{"a.b": true}), `bad-option: "a.b" is not an option name under services.openssh.settings: one Nix name, like PasswordAuthentication`, "="},
		{merge(ssh, map[string]any{"b$d": true}), `bad-option: "services.openssh.settings.b$d" is not a NixOS option name: write it as in Nix, like services.openssh.enable`, "="},
		{merge(ssh, map[string]any{"Banner": []any{"x"}}), "bad-value: value for services.openssh.settings.Banner: a merge sets single values, not lists", "="},
		{merge(ssh, map[string]any{"Banner": nil}), "bad-value: value for services.openssh.settings.Banner: null is not a value ask-nix writes (true/false, a whole number or a string)", "="},
		{merge(ssh, map[string]any{"Banner": "hi\x1b"}), "control-character: value for services.openssh.settings.Banner contains a control character: U+001B (escape)", "="},
		// the packages list is never set, merged into or not
		{merge("environment", map[string]any{"systemPackages": "x"}), "bad-option: environment.systemPackages holds the installed packages: use install and remove", "="},
		// A timer's schedule is a calendar expression systemd reads.
		{merge("nix.gc", map[string]any{"automatic": true, "dates": "Sun 03:00"}), "", "="},
		{merge("nix.gc", map[string]any{"dates": "every sunday"}), `bad-value: "every sunday" is not a schedule systemd reads for nix.gc.dates: use daily, weekly or monthly, a time such as 03:45, days such as Sun or Mon..Fri, or both, as Sun 03:45 (` + "`systemd-analyze calendar`" + ` checks others, which you can write in configuration.nix)`, "="},
		{merge("system.autoUpgrade", map[string]any{"dates": "25:00"}), `bad-value: "25:00" is not a schedule systemd reads for system.autoUpgrade.dates: use daily, weekly or monthly, a time such as 03:45, days such as Sun or Mon..Fri, or both, as Sun 03:45 (` + "`systemd-analyze calendar`" + ` checks others, which you can write in configuration.nix)`, "="},
	}
	checkWithAndWithoutIndex(t, opts, cases)
}

// indexCase is an intent and its refusal ("" for none), without and with
// the real NixOS options.
type indexCase struct {
	in       intent.Intent
	want     string // without an option index
	wantOpts string // with the real NixOS options ("=" for the same as want)
}

// checkWithAndWithoutIndex runs each case through the guard twice: with
// no catalog, and with opts.
func checkWithAndWithoutIndex(t *testing.T, opts guard.Catalog, cases []indexCase) {
	t.Helper()
	for _, c := range cases {
		if c.wantOpts == "=" {
			c.wantOpts = c.want
		}
		for _, run := range []struct {
			cat  guard.Catalog
			want string
		}{{nil, c.want}, {opts, c.wantOpts}} {
			got := ""
			if err := guard.CheckIntent(c.in, run.cat); err != nil {
				got = refusal(t, err)
			}
			if got != run.want {
				t.Errorf("CheckIntent(%+v, index %v)\n got %s\nwant %s", c.in, run.cat != nil, got, run.want)
			}
		}
	}
}

// fakeCatalog knows a few packages, for the catalog seam.
type fakeCatalog struct{}

func (fakeCatalog) Package(attr string) (bool, []string) {
	switch attr {
	case "firefox", "htop", "_1password-gui":
		return true, nil
	case "firefx":
		return false, []string{"firefox", "firefox-esr"}
	case "7zip":
		return false, []string{"p7zip", "_7zz"}
	case "numpy":
		return false, []string{"numpy-stl", "python312Packages.numpy", "python313Packages.numpy"}
	case "8zip":
		return true, nil // as a catalog without packages says of everything
	}
	return false, nil
}

func (fakeCatalog) Option(path string) (string, bool) { return "", false }

func TestCatalogPackages(t *testing.T) {
	cat := fakeCatalog{}
	cases := []struct {
		in   intent.Intent
		want string
	}{
		{intent.Intent{Kind: intent.Install, Packages: []string{"firefox", "htop"}}, ""},
		{intent.Intent{Kind: intent.Install, Packages: []string{"firefx"}}, "unknown-package: there is no package named firefx in nixpkgs; did you mean firefox or firefox-esr?"},
		{intent.Intent{Kind: intent.Install, Packages: []string{"nosuch"}}, "unknown-package: there is no package named nosuch in nixpkgs (try `ask-nix search nosuch`)"},
		// A Python library suggested for "install python with numpy"
		// says what it does not do.
		{intent.Intent{Kind: intent.Install, Packages: []string{"numpy", "python"}}, "unknown-package: there is no package named numpy in nixpkgs; did you mean numpy-stl, python312Packages.numpy or python313Packages.numpy? Note: python312Packages.numpy in systemPackages is not importable by python312; for a Python with numpy, put (python312.withPackages (ps: [ ps.numpy ])) in configuration.nix (ask-nix's file holds no functions, so it cannot write that)"},
		// a package gone from nixpkgs can still be removed
		{intent.Intent{Kind: intent.Remove, Packages: []string{"nosuch"}}, ""},
		// A name that starts with a digit is no Nix name; nixpkgs spells
		// such packages with a _ in front, or otherwise.
		{intent.Intent{Kind: intent.Install, Packages: []string{"1password-gui"}}, `bad-package-name: "1password-gui" is not a package name: a name starts with a letter or _, not "1"; did you mean _1password-gui?`},
		{intent.Intent{Kind: intent.Install, Packages: []string{"7zip"}}, `bad-package-name: "7zip" is not a package name: a name starts with a letter or _, not "7"; did you mean p7zip or _7zz?`},
		{intent.Intent{Kind: intent.Install, Packages: []string{"9x"}}, `bad-package-name: "9x" is not a package name: a name starts with a letter or _, not "9"`},
		{intent.Intent{Kind: intent.Install, Packages: []string{"8zip"}}, `bad-package-name: "8zip" is not a package name: a name starts with a letter or _, not "8"`},
		{intent.Intent{Kind: intent.Install, Packages: []string{"7zip;x"}}, `bad-package-name: "7zip;x" is not a package name: a name starts with a letter or _, not "7"`},
		{intent.Intent{Kind: intent.Remove, Packages: []string{"7zip"}}, `bad-package-name: "7zip" is not a package name: a name starts with a letter or _, not "7"`},
	}
	for _, c := range cases {
		got := ""
		if err := guard.CheckIntent(c.in, cat); err != nil {
			got = refusal(t, err)
		}
		if got != c.want {
			t.Errorf("CheckIntent(%+v)\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

// FuzzCheckRequest: no input panics, and whatever passes really is free
// of what the guard promises to keep out.
func FuzzCheckRequest(f *testing.F) {
	for _, c := range hostile {
		f.Add(c.text)
	}
	for _, s := range noFalseRefusals {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		err := guard.CheckRequest(text)
		if err2 := guard.CheckRequest(text); (err == nil) != (err2 == nil) {
			t.Fatalf("CheckRequest(%q) not deterministic", text)
		}
		if err != nil {
			var r *guard.Rejection
			if !errors.As(err, &r) || r.Reason == "" {
				t.Fatalf("CheckRequest(%q) = %v", text, err)
			}
			return
		}
		body := strings.Trim(text, " \t\r\n")
		if !utf8.ValidString(body) || utf8.RuneCountInString(body) > guard.MaxRequest {
			t.Fatalf("CheckRequest passed %q (invalid or too long)", text)
		}
		for _, p := range []string{"&&", "||", ";", "|", "`", "$(", "${", ">", "<", "../"} {
			if strings.Contains(body, p) {
				t.Fatalf("CheckRequest passed %q containing %q", text, p)
			}
		}
		for _, r := range body {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == 0x2028 || r == 0x2029 {
				t.Fatalf("CheckRequest passed %q containing U+%04X", text, r)
			}
		}
	})
}

// FuzzCheckListValue: a set-option value of several items, made by hand
// (a script's intent), is accepted only as an add or remove of 1 to
// MaxItems items, each of which passes on its own; for the port options,
// every item is a port number.
func FuzzCheckListValue(f *testing.F) {
	f.Add(uint8(0), uint8(1), int64(80), int64(443), "", uint8(2))
	f.Add(uint8(1), uint8(2), int64(53), int64(70000), "x", uint8(3))
	f.Add(uint8(2), uint8(0), int64(0), int64(-1), "a\x1bb", uint8(70))
	f.Add(uint8(3), uint8(1), int64(1), int64(65535), "1.1.1.1", uint8(5))
	options := []string{"networking.firewall.allowedTCPPorts", "networking.firewall.allowedUDPPorts", "boot.kernelParams", "networking.nameservers"}
	changes := []intent.Change{intent.ChangeSet, intent.ChangeAdd, intent.ChangeRemove, intent.ChangeUnset}
	f.Fuzz(func(t *testing.T, opt, change uint8, a, b int64, s string, n uint8) {
		var items []any
		for i := 0; i < int(n); i++ {
			switch i % 4 {
			case 0:
				items = append(items, a+int64(i))
			case 1:
				items = append(items, b)
			case 2:
				items = append(items, s)
			case 3:
				items = append(items, float64(a))
			}
		}
		in := intent.Intent{Kind: intent.SetOption, Option: options[int(opt)%len(options)], Value: items, Change: changes[int(change)%len(changes)]}
		if items == nil {
			in.Value = []any{}
		}
		err := guard.CheckIntent(in, nil)
		if err2 := guard.CheckIntent(in, nil); (err == nil) != (err2 == nil) {
			t.Fatalf("CheckIntent(%+v) not deterministic", in)
		}
		if err != nil {
			var r *guard.Rejection
			if !errors.As(err, &r) || r.Reason == "" {
				t.Fatalf("CheckIntent(%+v) = %v", in, err)
			}
			return
		}
		if in.Change != intent.ChangeAdd && in.Change != intent.ChangeRemove {
			t.Fatalf("list accepted for change %q", in.Change)
		}
		if len(items) < 1 || len(items) > guard.MaxItems {
			t.Fatalf("list of %d items accepted", len(items))
		}
		for _, it := range items {
			one := in
			one.Value = it
			if err := guard.CheckIntent(one, nil); err != nil {
				t.Fatalf("list %v accepted, but its item %#v alone is refused: %v", items, it, err)
			}
			if strings.HasSuffix(in.Option, "Ports") {
				var p int64
				switch x := it.(type) {
				case int64:
					p = x
				case float64:
					p = int64(x)
				default:
					t.Fatalf("port list %v accepted with item %#v", items, it)
				}
				if p < 1 || p > 65535 {
					t.Fatalf("port list %v accepted with port %d", items, p)
				}
			}
		}
	})
}

// TestCheckPortRanges: a port range is the one attribute set ask-nix
// writes: exactly {"from": n, "to": m}, both ports, n below m, added to
// or removed from allowedTCPPortRanges or allowedUDPPortRanges. Every
// other object stays refused.
func TestCheckPortRanges(t *testing.T) {
	tcp, udp := "networking.firewall.allowedTCPPortRanges", "networking.firewall.allowedUDPPortRanges"
	r := func(option string, change intent.Change, v any) intent.Intent {
		return intent.Intent{Kind: intent.SetOption, Option: option, Value: v, Change: change}
	}
	fromTo := func(from, to any) map[string]any { return map[string]any{"from": from, "to": to} }
	add, rm := intent.ChangeAdd, intent.ChangeRemove
	const notRange = `is not a port range: a range is {"from": 1714, "to": 1764}, one range per request`
	opts := loadOptions(t)
	cases := []indexCase{
		{r(tcp, add, fromTo(int64(1714), int64(1764))), "", "="},
		{r(udp, rm, fromTo(int64(60000), int64(61000))), "", "="},
		{r(tcp, add, fromTo(int64(1), int64(65535))), "", "="},
		// as encoding/json decodes {"from":1714,"to":1764}
		{r(tcp, add, fromTo(float64(1714), float64(1764))), "", "="},
		{r(tcp, add, fromTo(1714, 1764)), "", "="},
		{intent.Intent{Kind: intent.SetOption, Option: udp, Change: intent.ChangeUnset}, "", "="},
		// the ends: today's port wording, and in order
		{r(tcp, add, fromTo(int64(0), int64(10))), "bad-value: port 0 is out of range: a port is between 1 and 65535", "="},
		{r(udp, rm, fromTo(int64(60000), int64(70000))), "bad-value: port 70000 is out of range: a port is between 1 and 65535", "="},
		{r(tcp, add, fromTo(int64(-5), int64(10))), "bad-value: port -5 is out of range: a port is between 1 and 65535", "="},
		{r(tcp, add, fromTo(int64(1764), int64(1714))), "bad-value: 1764 to 1714 is not a port range: the first port must be below the last", "="},
		{r(tcp, add, fromTo(int64(80), int64(80))), "bad-value: 80 to 80 is not a port range: the first port must be below the last", "="},
		// only add and remove
		{r(tcp, intent.ChangeSet, fromTo(int64(1714), int64(1764))), `bad-value: networking.firewall.allowedTCPPortRanges is a list of port ranges: open or close one range rather than setting the whole list ("open ports 1714 to 1764", "close ports 1714 to 1764")`, "="},
		// exactly that shape, one range
		{r(tcp, add, map[string]any{"from": int64(1714)}), "bad-value: value for networking.firewall.allowedTCPPortRanges: { from = 1714; } " + notRange, "="},
		{r(tcp, add, map[string]any{"from": int64(1), "to": int64(2), "x": int64(3)}), "bad-value: value for networking.firewall.allowedTCPPortRanges: { from = 1; to = 2; x = 3; } " + notRange, "="},
		{r(tcp, add, map[string]any{"from": int64(1), "end": int64(2)}), "bad-value: value for networking.firewall.allowedTCPPortRanges: { end = 2; from = 1; } " + notRange, "="},
		{r(tcp, add, fromTo("1714", int64(1764))), `bad-value: value for networking.firewall.allowedTCPPortRanges: { from = "1714"; to = 1764; } ` + notRange, "="},
		{r(tcp, add, fromTo(1.5, int64(1764))), "bad-value: value for networking.firewall.allowedTCPPortRanges: { from = 1.5; to = 1764; } " + notRange, "="},
		{r(tcp, add, fromTo(int64(1), nil)), "bad-value: value for networking.firewall.allowedTCPPortRanges: { from = 1; to = null; } " + notRange, "="},
		{r(tcp, add, fromTo(fromTo(int64(1), int64(2)), int64(3))), "bad-value: value for networking.firewall.allowedTCPPortRanges: { from = { from = 1; to = 2; }; to = 3; } " + notRange, "="},
		{r(tcp, add, map[string]any{"from": int64(1), "to\"; ${x}": int64(2)}), `bad-value: value for networking.firewall.allowedTCPPortRanges: { from = 1; "to\"; ${x}" = 2; } ` + notRange, "="},
		{r(tcp, add, []any{fromTo(int64(1), int64(2)), fromTo(int64(5), int64(6))}), "bad-value: value for networking.firewall.allowedTCPPortRanges: [ { from = 1; to = 2; } { from = 5; to = 6; } ] " + notRange, "="},
		{r(tcp, add, int64(80)), "bad-value: value for networking.firewall.allowedTCPPortRanges: 80 " + notRange, "="},
		{r(tcp, add, map[string]string{"from": "1"}), "bad-value: value for networking.firewall.allowedTCPPortRanges: map[from:1] " + notRange, "="},
		// objects anywhere else: refused as before
		{r("networking.firewall.allowedTCPPorts", add, fromTo(int64(1714), int64(1764))), "bad-value: value for networking.firewall.allowedTCPPorts: { from = 1714; to = 1764; } is not a value ask-nix writes (true/false, a whole number or a string)", "="},
		{r("services.openssh.ports", add, fromTo(int64(1714), int64(1764))), "bad-value: value for services.openssh.ports: { from = 1714; to = 1764; } is not a value ask-nix writes (true/false, a whole number or a string)", "="},
		{r("boot.kernel.sysctl", intent.ChangeSet, fromTo(int64(1), int64(2))), "bad-value: value for boot.kernel.sysctl: { from = 1; to = 2; } is not a value ask-nix writes (true/false, a whole number or a string)", "="},
		{r("x.y", add, []any{fromTo(int64(1), int64(2)), int64(3)}), "bad-value: value for x.y: [ { from = 1; to = 2; } 3 ] is not a value ask-nix writes (true/false, a whole number or a string)", "unknown-option: no NixOS option named x.y (look it up on search.nixos.org/options)"},
	}
	checkWithAndWithoutIndex(t, opts, cases)
	// The exported value checks write no objects at all: a range is
	// checked only as a change of the two range options.
	rangeType := "list of attribute set of 16 bit unsigned integer; between 0 and 65535 (both inclusive)"
	if err := guard.CheckItem(rangeType, fromTo(int64(1), int64(2))); err == nil {
		t.Error("CheckItem takes an object")
	}
	if err := guard.CheckValue("anything", fromTo(int64(1), int64(2))); err == nil {
		t.Error("CheckValue takes an object for an option of any type")
	}
}

// typeCatalog declares every option with one type.
type typeCatalog string

func (typeCatalog) Package(string) (bool, []string) { return true, nil }
func (c typeCatalog) Option(string) (string, bool)  { return string(c), true }

// TestCheckPortRangeType: with an option index, a range is also checked
// against the option's declared type, each end as one of the set's
// values.
func TestCheckPortRangeType(t *testing.T) {
	in := intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedUDPPortRanges",
		Value: map[string]any{"from": int64(200), "to": int64(300)}, Change: intent.ChangeAdd}
	for typ, want := range map[string]string{
		"list of attribute set of 16 bit unsigned integer; between 0 and 65535 (both inclusive)": "",
		"list of attribute set of 8 bit unsigned integer; between 0 and 255 (both inclusive)":    "bad-value: value for networking.firewall.allowedUDPPortRanges: to: 300 is out of range: the option takes 8 bit unsigned integer; between 0 and 255 (both inclusive)",
		"list of attribute set of string": `bad-value: value for networking.firewall.allowedUDPPortRanges: from: 200 is not a string (the option takes string): put it in quotes, like "200"`,
		"list of submodule":               "unsupported-type: value for networking.firewall.allowedUDPPortRanges: the option takes submodule, which ask-nix does not write: edit the fragment by hand",
		"attribute set of 16 bit unsigned integer; between 0 and 65535 (both inclusive)": `bad-value: value for networking.firewall.allowedUDPPortRanges: the option is not a list (its type is "attribute set of 16 bit unsigned integer; between 0 and 65535 (both inclusive)"): set it instead of adding or removing items`,
	} {
		got := ""
		if err := guard.CheckIntent(in, typeCatalog(typ)); err != nil {
			got = refusal(t, err)
		}
		if got != want {
			t.Errorf("type %q:\n got %s\nwant %s", typ, got, want)
		}
	}
}

// packagesOnly is a catalog of packages with no options, as an index
// built without an options.json answers.
type packagesOnly struct{ fakeCatalog }

func (packagesOnly) Option(string) (string, bool) { return "", true }

// With packages only, options are checked as without a catalog: not
// refused for an unknown type, still held to what ask-nix knows itself,
// in every part of a request.
func TestCatalogWithoutOptions(t *testing.T) {
	cat := packagesOnly{}
	ok := intent.Join([]intent.Intent{
		{Kind: intent.Install, Packages: []string{"htop"}},
		{Kind: intent.EnableService, Option: "services.openssh.enable", Service: "ssh"},
		{Kind: intent.SetOption, Option: "networking.hostName", Value: "nas"},
	})
	if err := guard.CheckIntent(ok, cat); err != nil {
		t.Errorf("refused: %v", err)
	}
	bad := intent.Join([]intent.Intent{
		{Kind: intent.Install, Packages: []string{"htop"}},
		{Kind: intent.SetOption, Option: "networking.hostName", Value: "-bad-"},
	})
	if err := guard.CheckIntent(bad, cat); err == nil || !strings.Contains(err.Error(), "is not a valid hostname") {
		t.Errorf("a bad hostname in the second part: %v", err)
	}
}

// suggestingCatalog knows services.openssh.enable and, like the search
// index, names options close to one it lacks.
type suggestingCatalog struct{ fakeCatalog }

func (suggestingCatalog) Option(path string) (string, bool) {
	return "boolean", path == "services.openssh.enable"
}

func (suggestingCatalog) SuggestOptions(path string, n int) []string {
	if path == "services.opnessh.enable" {
		return []string{"services.openssh.enable"}
	}
	return nil
}

// An option the index lacks is refused the same way whether it is set,
// switched or asked about, with the close options when the index names
// some.
func TestUnknownOptionSuggestions(t *testing.T) {
	cat := suggestingCatalog{}
	for _, c := range []struct {
		in   intent.Intent
		want string
	}{
		{intent.Intent{Kind: intent.SetOption, Option: "services.opnessh.enable", Value: true, Change: intent.ChangeSet}, "unknown-option: no NixOS option named services.opnessh.enable; did you mean services.openssh.enable?"},
		{intent.Intent{Kind: intent.EnableService, Option: "services.opnessh.enable", Service: "services.opnessh"}, "unknown-option: no NixOS option named services.opnessh.enable; did you mean services.openssh.enable?"},
		{intent.Intent{Kind: intent.ShowOption, Option: "services.opnessh.enable", Service: "services.opnessh.enable"}, "unknown-option: no NixOS option named services.opnessh.enable; did you mean services.openssh.enable?"},
		{intent.Intent{Kind: intent.SetOption, Option: "services.nosuch.enable", Value: true, Change: intent.ChangeSet}, "unknown-option: no NixOS option named services.nosuch.enable (look it up on search.nixos.org/options)"},
		{intent.Intent{Kind: intent.SetOption, Option: "services.openssh.enable", Value: true, Change: intent.ChangeSet}, ""},
	} {
		got := ""
		if err := guard.CheckIntent(c.in, cat); err != nil {
			got = refusal(t, err)
		}
		if got != c.want {
			t.Errorf("CheckIntent(%+v)\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}
