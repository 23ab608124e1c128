package parse

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// rulePortByName: "open the ssh port", "allow http and https through the
// firewall", "open the firewall for web traffic", "close the https port":
// the TCP ports of a few protocols everyone names by name, as if the
// numbers had been said ("open ports 80 and 443"). Every word must be the
// rule's, so "enable ssh" and "open port 22" go to their own rules.
func rulePortByName(text string, ts []token) (intent.Intent, bool, error) {
	ts = portVerbFlipped(ts)
	if ts[0].quoted || !(openVerbs[ts[0].lem] || closeVerbs[ts[0].lem]) {
		return intent.Intent{}, false, nil
	}
	var ports []int64
	onlySSH, firewallWords := true, false
	for i := 1; i < len(ts); i++ {
		t := ts[i]
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case portNames[t.w] != nil:
			ports = append(ports, portNames[t.w]...)
			onlySSH = onlySSH && (t.w == "ssh" || t.w == "sshd")
		case t.w == "tcp":
			// These are TCP already.
		case portFillers[t.lem] || t.lem == "port" || portNameFillers[t.w]:
			firewallWords = firewallWords || t.lem == "port" || t.w == "firewall" || t.w == "traffic"
		default:
			return intent.Intent{}, false, nil
		}
	}
	if len(ports) == 0 {
		return intent.Intent{}, false, nil
	}
	if onlySSH && !firewallWords {
		// "allow ssh", "open ssh": the port, or the service? Not guessed.
		verb := "open"
		if closeVerbs[ts[0].lem] {
			verb = "close"
		}
		ss := []intent.Suggestion{sug(intent.EnableService, "enable ssh"), sug(intent.SetOption, verb+" the ssh port")}
		if verb == "close" {
			ss[0] = sug(intent.DisableService, "disable ssh")
		}
		return intent.Intent{}, true, notUnderstoodWith(text, ss...)
	}
	slices.Sort(ports)
	ports = slices.Compact(ports)
	in := intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Change: intent.ChangeAdd}
	if closeVerbs[ts[0].lem] {
		in.Change = intent.ChangeRemove
	}
	if len(ports) == 1 {
		in.Value = ports[0]
	} else {
		items := make([]any, len(ports))
		for i, n := range ports {
			items[i] = n
		}
		in.Value = items
	}
	return in, true, nil
}

// rulePortsOfModule: "open ports for kde connect", "open the firewall
// for kdeconnect": a program whose NixOS module opens the ports it needs
// itself is switched on, and a note says which ports that opens, rather
// than numbers the module may change.
func rulePortsOfModule(text string, ts []token) (intent.Intent, bool, error) {
	if ts[0].quoted || !openVerbs[ts[0].lem] || len(ts) < 3 {
		return intent.Intent{}, false, nil
	}
	var name []string
	ported := false
	for _, t := range ts[1:] {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case t.lem == "port" || t.w == "firewall":
			ported = true
		case portFillers[t.lem] && len(name) == 0:
		case len(name) == 0 && !modulePortLeads[t.w]:
			// Most "open" requests name ports or services of their
			// own: out before building any name.
			return intent.Intent{}, false, nil
		default:
			name = append(name, t.w)
		}
	}
	if !ported || len(name) == 0 || len(name) > 3 {
		return intent.Intent{}, false, nil
	}
	m, ok := modulesOpeningPorts[serviceKey(strings.Join(name, ""))]
	if f, feature := serviceFeatures[serviceKey(strings.Join(name, ""))]; !ok && feature && strings.HasSuffix(f.option, ".openFirewall") {
		// "open ports for steam remote play": the module's own switch
		// for its ports, as for a service's openFirewall; the module
		// itself was not asked for.
		on := "enable " + strings.Join(name, " ")
		return intent.Intent{Kind: intent.SetOption, Option: f.option, Value: true,
			Notes: []string{f.option + " opens the ports " + strings.Join(name, " ") + " needs, and only while " + strings.TrimSuffix(f.module, ".enable") + " is on (\"" + on + "\" turns both on)"}}, true, nil
	}
	if !ok {
		return intent.Intent{}, false, nil
	}
	return intent.Intent{Kind: intent.EnableService, Option: m.option, Service: strings.Join(name, " "), Notes: []string{m.note}}, true, nil
}

// modulePortLeads are the first words of the names in modulesOpeningPorts.
var modulePortLeads map[string]bool

// modulesOpeningPorts are modules that open their own ports when on,
// keyed by serviceKey of their names.
var modulesOpeningPorts map[string]struct{ option, note string }

// The tables of this file, built by loadPortNames on first use (see
// loadTables).
var (
	portNames       map[string][]int64
	portNameFillers map[string]bool
	portProtocols   map[string][]portUse
	scopeWords      map[string]bool
)

func loadPortNames() {
	portNames = map[string][]int64{
		"ssh": {22}, "sshd": {22}, "http": {80}, "https": {443}, "web": {80, 443},
	}
	portNameFillers = set("traffic", "server", "service", "requests", "website", "sites", "site")

	// scopeWords after "for" limit who may connect, or when: ask-nix
	// opens a port to everyone, for good, so these are not understood.
	scopeWords = set("only", "lan", "local", "localhost", "internal", "intranet", "me", "us", "everyone",
		"everybody", "anyone", "all", "public", "private", "home", "guest", "guests", "now", "today",
		"tonight", "while", "minute", "minutes", "hour", "day", "week", "once", "temporarily", "vpn",
		"tailnet", "subnet", "docker", "containers", "vms", "ipv4", "ipv6", "user", "users", "friends", "wifi", "ethernet")

	tcp, udp, both := portUse{tcp: true}, portUse{udp: true}, portUse{tcp: true, udp: true}
	on := func(u portUse, n, to int64) portUse { u.n, u.to = n, to; return u }
	// portProtocols: the protocols a service's traffic uses, for "open
	// port 51820 for wireguard". Keyed by the service's option prefix
	// when the service table knows the service, else by the word as
	// serviceKey folds it. A service that uses its own protocol on any
	// port it is given has n 0; one known by its usual ports lists them,
	// and another port of it is TCP with a note.
	portProtocols = map[string][]portUse{
		"networking.wireguard": {udp}, "wg": {udp},
		"services.tailscale":   {udp},
		"services.zerotierone": {udp},
		"mosh":                 {udp},
		"services.openssh":     {tcp},
		"http":                 {tcp}, "https": {tcp}, "web": {tcp},
		// A web app, site or API is HTTP, which is TCP on any port
		// ("open port 8080 for my web app").
		"webapp": {tcp}, "webapps": {tcp}, "webapplication": {tcp}, "webui": {tcp}, "webinterface": {tcp},
		"webserver": {tcp}, "httpserver": {tcp}, "website": {tcp}, "webpage": {tcp}, "webdevserver": {tcp},
		"devserver": {tcp}, "api": {tcp}, "restapi": {tcp}, "httpapi": {tcp}, "webservice": {tcp}, "backend": {tcp},
		"nodeapp": {tcp}, "flaskapp": {tcp}, "djangoapp": {tcp}, "railsapp": {tcp},
		"services.nginx": {tcp}, "services.httpd": {tcp}, "services.caddy": {tcp},
		"dns": {on(both, 53, 0)}, "dnsserver": {on(both, 53, 0)}, "nameserver": {on(both, 53, 0)},
		"services.dnsmasq": {on(both, 53, 0)}, "services.unbound": {on(both, 53, 0)},
		"services.ntp": {on(udp, 123, 0)}, "chrony": {on(udp, 123, 0)}, "ntpd": {on(udp, 123, 0)},
		"timeserver":            {on(udp, 123, 0)},
		"services.avahi":        {on(udp, 5353, 0)},
		"services.syncthing":    {on(both, 22000, 0), on(udp, 21027, 0)},
		"programs.kdeconnect":   {on(both, 1714, 1764)},
		"services.samba":        {on(udp, 137, 138), on(tcp, 139, 0), on(tcp, 445, 0)},
		"services.transmission": {on(both, 51413, 0)},
		"services.postgresql":   {tcp}, "services.mysql": {tcp}, "services.mongodb": {tcp},
		"services.mosquitto": {tcp}, "services.xrdp": {on(tcp, 3389, 0)},
	}
}

// portUse is how a service uses a port: on port n (to, for a range of
// them; n 0: whichever port it is given), with these protocols.
type portUse struct {
	n, to    int64
	tcp, udp bool
}

// purposeProtocols reads what ports are for, ts being the words after
// "for" ("the wireguard vpn", "dns"): what the table knows of the
// service's protocols, and whether the words name a service (of the
// service table, or of portProtocols) at all.
func purposeProtocols(ts []token) ([]portUse, bool) {
	ts = trimServiceWords(ts)
	for {
		if slices.ContainsFunc(ts, func(t token) bool { return t.quoted }) {
			return nil, false
		}
		said := joinW(ts)
		if uses, ok := portProtocols[serviceKey(said)]; ok {
			return uses, true
		}
		if opt, ok := serviceOption(said); ok {
			uses := portProtocols[strings.TrimSuffix(opt, ".enable")]
			return uses, true
		}
		k := suffix(ts, serviceTrail)
		if k == 0 || k == len(ts) {
			return nil, false
		}
		ts = ts[:len(ts)-k]
	}
}

// namesPurpose reports whether ts, the words after "for", less leading
// articles and trailing nouns ("the nginx web server"), name a service
// the service table knows or something whose ports portProtocols knows
// ("dns", "mosh").
func namesPurpose(ts []token) bool {
	_, ok := purposeProtocols(ts)
	return ok
}

// plainPurpose is the one word after "for" that may name a program
// ("open port 51820 for foo") but none ask-nix knows: "" for any other
// words. Words that limit who or when ("for the lan", "for 10 minutes",
// "for eth0", "for alice only") are not one, as ask-nix opens a port to
// every address, for good.
func plainPurpose(ts []token) string {
	ts = trimServiceWords(ts)
	if len(ts) == 2 && !ts[1].quoted && (ts[1].w == "server" || ts[1].w == "service" || ts[1].w == "daemon") {
		ts = ts[:1] // "for the foo server"
	}
	if len(ts) != 1 || ts[0].quoted {
		return ""
	}
	w := ts[0].w
	if portFillers[ts[0].lem] || isProto(ts[0]) || scopeWords[w] || numberWords[w] != 0 {
		return ""
	}
	if w[0] < 'a' || w[0] > 'z' || w[len(w)-1] >= '0' && w[len(w)-1] <= '9' {
		return "" // eth0, wg0, tailscale0: an interface, which limits where
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return ""
		}
	}
	return ts[0].raw
}

// portsFor gives the ports said without a protocol the protocols their
// purpose uses on them ("open port 51820 for wireguard": UDP). A port
// whose purpose says nothing known of its protocol is TCP, as a bare
// port is, and the notes say so. fromPurpose reports that a purpose set
// some port's protocols.
func portsFor(verb string, ports []namedPort, purpose []token) (notes []string, fromPurpose bool) {
	if len(purpose) == 0 {
		return nil, false
	}
	uses, _ := purposeProtocols(purpose)
	var assumed []namedPort
	for i := range ports {
		p := &ports[i]
		if p.tcp || p.udp {
			continue // said: "open udp port 53 for dns"
		}
		to := p.n
		if p.isRange {
			to = p.to
		}
		found := false
		for _, u := range uses {
			uto := u.to
			if uto == 0 {
				uto = u.n
			}
			if u.n == 0 || p.n >= u.n && to <= uto {
				p.tcp, p.udp, found = u.tcp, u.udp, true
				break
			}
		}
		if found {
			fromPurpose = true
			continue
		}
		p.tcp = true
		assumed = append(assumed, *p)
	}
	if len(assumed) == 0 {
		return nil, fromPurpose
	}
	said := wordsText(purpose)
	done := "opened"
	if verb == "close" {
		done = "closed"
	}
	var what, udp []string
	for _, p := range assumed {
		r := rangeRequest(verb, "", p)
		what = append(what, strings.TrimPrefix(r, verb+" "))
		udp = append(udp, "\""+rangeRequest(verb, "udp ", p)+"\"")
	}
	it := "it is"
	if len(assumed) > 1 {
		it = "they are"
	}
	return []string{fmt.Sprintf("ask-nix does not know which protocol %s uses on %s, so %s %s for TCP, as when no protocol is said, and to every address (\"for %s\" is no part of the setting); say %s for UDP",
		said, strings.Join(what, ", "), it, done, said, strings.Join(udp, " or "))}, fromPurpose
}

// unknownPurpose answers ports said to be for something ask-nix does not
// know ("open port 51820 for foo"): which protocol it uses is not known,
// and the word may as well be a person or a machine, which a port opened
// to every address is not for. Not guessed: the person says the protocol.
func unknownPurpose(text, verb string, ports []namedPort, purpose []token) error {
	var ns []int64
	var tcp, udp string
	for _, p := range ports {
		switch {
		case p.tcp || p.udp || p.isRange:
			tcp, udp = rangeRequest(verb, "", p), rangeRequest(verb, "udp ", p)
		default:
			ns = append(ns, p.n)
		}
	}
	if len(ns) > 0 {
		tcp, udp = portRequest(verb, "", ns), portRequest(verb, "udp ", ns)
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.SetOption, tcp), sug(intent.SetOption, udp)},
		Hint: fmt.Sprintf("ask-nix does not know %q, so not which protocol it uses; nothing was changed: say the protocol, \"%s\" for TCP or \"%s\" for UDP (a port is opened to every address)",
			wordsText(purpose), tcp, udp)}
}

// rulePortsOfService: "open the firewall for jellyfin", "open the
// minecraft server port", "allow syncthing through the firewall": a
// service of ask-nix's table named with no port number. A module with
// a switch that opens its own ports has it set (the ports are the
// module's, and follow its settings); any other service is answered
// with how to say the ports, never a port guessed ("open port 443" for
// minecraft).
func rulePortsOfService(text string, ts []token) (intent.Intent, bool, error) {
	ts = portVerbFlipped(ts)
	if ts[0].quoted || !(openVerbs[ts[0].lem] || closeVerbs[ts[0].lem]) || len(ts) < 3 {
		return intent.Intent{}, false, nil
	}
	var name []token
	var groups [][]token // "for plex and jellyfin": each name
	firewall := false
	for _, t := range ts[1:] {
		switch {
		case t.quoted || isNumeric(t):
			return intent.Intent{}, false, nil
		case t.lem == "port" || t.w == "firewall":
			firewall = true
		case (t.w == "and" || t.w == "&" || t.w == "plus") && len(name) > 0:
			groups, name = append(groups, name), nil
		case portFillers[t.lem] || portNameFillers[t.w]:
		default:
			name = append(name, t)
		}
	}
	if len(groups) > 0 && len(name) > 0 {
		// Several services: each by its own switch, in one edit, or
		// none ("open the firewall for plex and gitea" is answered as
		// its parts are, by the rules after this one).
		var parts []intent.Intent
		for _, g := range append(groups, name) {
			opt, ok := serviceOption(joinW(g))
			sw, has := portSwitches[strings.TrimSuffix(opt, ".enable")]
			if !ok || !has || len(g) > 3 {
				return intent.Intent{}, false, nil
			}
			parts = append(parts, intent.Intent{Kind: intent.SetOption, Option: strings.TrimSuffix(opt, ".enable") + "." + sw, Value: openVerbs[ts[0].lem]})
		}
		return intent.Join(parts), true, nil
	}
	if !firewall || len(name) == 0 || len(name) > 3 {
		return intent.Intent{}, false, nil
	}
	said := joinW(name)
	opt, ok := serviceOption(said)
	if !ok || !strings.HasSuffix(opt, ".enable") {
		return intent.Intent{}, false, nil
	}
	module := strings.TrimSuffix(opt, ".enable")
	open := openVerbs[ts[0].lem]
	if sw, ok := portSwitches[module]; ok {
		in := intent.Intent{Kind: intent.SetOption, Option: module + "." + sw, Value: open}
		if open {
			in.Notes = []string{fmt.Sprintf("%s.%s opens the ports %s listens on, and only while it is on (\"enable %s\" turns it on)", module, sw, said, said)}
		}
		return in, true, nil
	}
	verb := "open"
	if !open {
		verb = "close"
	}
	nu := &intent.NotUnderstood{Request: text,
		Hint: fmt.Sprintf("ask-nix does not know which ports %s listens on (its settings say, %s.*): say them by number, \"%s port <number> for %s\"; nothing was changed", said, module, verb, said)}
	if module == "programs.steam" && open {
		// "open the firewall for steam": its module opens its ports by
		// what they are for, each a switch of its own; which is asked.
		nu.Suggestions = []intent.Suggestion{sug(intent.SetOption, "open ports for steam remote play"),
			sug(intent.SetOption, "set programs.steam.localNetworkGameTransfers.openFirewall to true"),
			sug(intent.SetOption, "set programs.steam.dedicatedServer.openFirewall to true")}
		nu.Hint = "Steam's module opens its ports by what they are for, each a switch of its own: Remote Play (\"open ports for steam remote play\", programs.steam.remotePlay.openFirewall), " +
			"games copied between your own machines (programs.steam.localNetworkGameTransfers.openFirewall) and Source dedicated servers (programs.steam.dedicatedServer.openFirewall); " +
			"Steam itself needs no open port to play online; nothing was changed"
		return intent.Intent{}, true, nu
	}
	if webServers[module] {
		// A web server's ports are the web's, whatever it serves.
		nu.Suggestions = []intent.Suggestion{sug(intent.SetOption, verb+" ports 80 and 443")}
		nu.Hint = fmt.Sprintf("a web server listens where its virtual hosts say (%s.*), usually HTTP's port 80 and HTTPS's 443: \"%s ports 80 and 443\"; nothing was changed", module, verb)
	}
	return intent.Intent{}, true, nu
}

// webServers are the web servers of ask-nix's service table.
var webServers map[string]bool

// portSwitches are the services of ask-nix's table whose module opens
// their ports itself with a switch (checked against the real options by
// TestPortSwitchesExist).
var portSwitches map[string]string

// loadNamedportsTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadNamedportsTables() {
	modulePortLeads = map[string]bool{"kde": true, "kdeconnect": true, "kde-connect": true, "gsconnect": true, "steam": true, "remote": true}
	modulesOpeningPorts = map[string]struct{ option, note string }{
		"kdeconnect": {"programs.kdeconnect.enable", "programs.kdeconnect.enable opens TCP and UDP ports 1714 to 1764, which KDE Connect needs, and installs it; turned off later, it closes them again"},
		"gsconnect":  {"programs.kdeconnect.enable", "GSConnect uses KDE Connect's ports: programs.kdeconnect.enable opens TCP and UDP ports 1714 to 1764 (set programs.kdeconnect.package to pkgs.gnomeExtensions.gsconnect for GNOME); turned off later, it closes them again"},
	}
	webServers = map[string]bool{"services.nginx": true, "services.httpd": true, "services.caddy": true, "services.traefik": true}
	portSwitches = map[string]string{
		// sshd's is on by default; "open the firewall for ssh" is port 22
		// (rulePortByName), and this one is for keeping it closed.
		"services.openssh": "openFirewall",
		"hardware.sane":    "openFirewall", "services.adguardhome": "openFirewall", "services.avahi": "openFirewall",
		"services.home-assistant": "openFirewall", "services.jellyfin": "openFirewall", "services.minecraft-server": "openFirewall",
		"services.ollama": "openFirewall", "services.plex": "openFirewall", "services.printing": "openFirewall",
		"services.samba": "openFirewall", "services.syncthing": "openDefaultPorts", "services.tailscale": "openFirewall",
		"services.tor": "openFirewall", "services.transmission": "openFirewall", "services.xrdp": "openFirewall",
	}
}
