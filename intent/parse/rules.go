package parse

import (
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/nix-humanity/nix-humanity/guard/xkb"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// ---- firewall ports ----

// portVerbFlipped reads a firewall verb said with what ends or forbids
// it as its opposite: "stop blocking port 22", "no longer block port
// 22", "don't block port 22", "stop the firewall from blocking port 22"
// open it (the firewall blocks every port it is not told to open, so
// not blocking one is opening it); "stop allowing port 80" closes it.
// "don't open port 22" stays a request not to do something (negated).
// Other requests come back as they were.
func portVerbFlipped(ts []token) []token {
	lead := 0
	switch {
	case len(ts) > 1 && (ts[0].lem == "stop" || ts[0].w == "quit" || ts[0].w == "cease" || ts[0].w == "prevent"):
		lead = 1
	case len(ts) > 2 && ts[0].w == "no" && ts[1].w == "longer":
		lead = 2
	case len(ts) > 1 && ts[0].w == "never" && closeVerbs[ts[1].lem]:
		// "never block port 22" asks for it open; "never open port 22"
		// is a request not to do something, left to negated.
		lead = 1
	case len(ts) > 2 && ts[0].w == "do" && ts[1].w == "not" && closeVerbs[ts[2].lem]:
		lead = 2
	}
	if lead == 0 {
		return ts
	}
	// "stop the firewall from blocking": who blocks is the firewall.
	if rest := ts[lead:]; ts[0].lem == "stop" || ts[0].w == "prevent" {
		i := 0
		for i < len(rest) && (rest[i].w == "the" || rest[i].w == "firewall" || rest[i].w == "my") {
			i++
		}
		if i > 0 && i < len(rest) && rest[i].w == "from" {
			lead += i + 1
		} else if ts[0].w == "prevent" {
			return ts
		}
	}
	if lead >= len(ts) || ts[lead].quoted {
		return ts
	}
	v := ts[lead]
	switch {
	case openVerbs[v.lem]:
		v.w, v.lem = "close", "close"
	case closeVerbs[v.lem]:
		v.w, v.lem = "open", "open"
	default:
		return ts
	}
	return append([]token{v}, ts[lead+1:]...)
}

// firewallOffForPorts reads "turn off the firewall for port 22",
// "disable the firewall on port 443", "turn the firewall off for ports 80
// and 443": a port let through, as "open port 22" lets it, with the
// firewall left on (a note says so); never the whole firewall off, nor
// "disable firewall" suggested for it. "enable the firewall for port 22"
// (let it through, or guard it?) is asked, with both. ok is false when
// the words after "for" or "on" are no ports ("disable the firewall for
// a while").
func firewallOffForPorts(text string, ts []token) (intent.Intent, bool, error) {
	off := true
	i := prefix(ts, disableLead)
	if i == 0 {
		i, off = prefix(ts, enableLead), false
	}
	turned := false
	if i == 0 && len(ts) > 3 && !ts[0].quoted && (ts[0].w == "turn" || ts[0].w == "switch" || ts[0].w == "shut") {
		i, turned = 1, true // "turn the firewall off for port 22"
	}
	if i == 0 {
		return intent.Intent{}, false, nil
	}
	for i < len(ts) && !ts[i].quoted && (ts[i].w == "the" || ts[i].w == "my") {
		i++
	}
	if i >= len(ts) || ts[i].quoted || ts[i].w != "firewall" {
		return intent.Intent{}, false, nil
	}
	i++
	if turned {
		if i >= len(ts) || ts[i].quoted {
			return intent.Intent{}, false, nil
		}
		switch ts[i].w {
		case "off", "down":
			off = true
		case "on", "up":
			off = false
		default:
			return intent.Intent{}, false, nil
		}
		i++
	}
	if i+1 >= len(ts) || ts[i].quoted || ts[i].w != "for" && ts[i].w != "on" {
		return intent.Intent{}, false, nil
	}
	rest := ts[i+1:]
	said := joinRaw(rest)
	open := append([]token{{w: "open", lem: "open", raw: "open"}}, rest...)
	read := rulePort
	ports, sawPort, odd, _ := readPorts(rest)
	if len(ports) == 0 || !sawPort && odd {
		// "disable the firewall for http", "for ssh": the port of that
		// name (the firewall said, so never the service).
		read = rulePortByName
		open = append(open, token{w: "port", lem: "port", raw: "port"})
		if _, ok, err := read(text, open); !ok || err != nil {
			return intent.Intent{}, false, nil
		}
		if !has(rest, "port", "ports") {
			said = "the " + strings.TrimPrefix(said, "the ") + " port"
			if len(rest) > 1 {
				said += "s" // "for http and https"
			}
		}
	}
	if !off {
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "open "+said), sug(intent.SetOption, "close "+said)},
			Hint:        "NixOS's firewall (on unless turned off) blocks every port that is not opened: \"open " + said + "\" lets it through, \"close " + said + "\" takes out an opening ask-nix made; nothing was changed"}
	}
	in, ok, err := read(text, open)
	if !ok || err != nil {
		return in, ok, err
	}
	for _, p := range in.Parts() {
		if p.Kind != intent.SetOption || p.Change != intent.ChangeAdd || !strings.HasPrefix(p.Option, "networking.firewall.allowed") {
			return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.SetOption, "open "+said))
		}
	}
	in.Notes = append(in.Notes, "the firewall stays on, with "+said+" let through (\"open "+said+"\"); \"disable the firewall\" would open every port")
	return in, true, nil
}

// portSwitched answers a port said with a switch's verb: "enable port
// 22", "disable port 22", "turn on the ssh port" (they were looked up as
// services named port). A port is opened or closed: the request that
// says so is suggested, nothing guessed. nil for anything else.
func portSwitched(text string, ts []token) *intent.NotUnderstood {
	verb, n := "open", prefix(ts, enableLead)
	if n == 0 {
		verb, n = "close", prefix(ts, disableLead)
	}
	if n == 0 || n >= len(ts) || !has(ts[n:], "port", "ports") || ts[0].w == "stop" {
		return nil // "stop port 22" has its own answer (what holds it)
	}
	rest := ts[n:]
	said := verb + " " + joinRaw(rest)
	if _, sawPort, odd, _ := readPorts(rest); !sawPort || odd {
		if _, ok, err := rulePortByName(text, append([]token{{w: verb, lem: verb, raw: verb}}, rest...)); !ok || err != nil {
			return nil
		}
	}
	return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.SetOption, said)},
		Hint: "a port is opened or closed in the firewall, not turned on or off: \"" + said + "\"; nothing was changed"}
}

// rulePort: "open port 443", "open tcp port 8080", "open udp port 53",
// "open port 53/udp", "close port 8080", and several ports of one
// protocol at once: "open ports 80 and 443", "open udp ports 53 and
// 5353", "open ports 80/tcp and 443/tcp". Several ports are one intent
// whose value is the sorted list; one port stays a number. Ports of two
// protocols are two options: each port said with its protocol ("open
// port 8080 tcp and udp") they are one intent of two parts, one edit;
// a port said with none beside a UDP one ("open udp port 53 and port
// 80") is not understood here, with each as a suggestion.
func rulePort(text string, ts []token) (intent.Intent, bool, error) {
	if in, ok, err := firewallOffForPorts(text, ts); ok {
		return in, true, err
	}
	if nu := portSwitched(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if nu := portReplaced(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if nu := firewallOnly(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if openVerbs[ts[0].lem] && has(ts, "ssh", "sshd", "openssh") && portAfter(ts, "on", "at", "using") {
		// "open ssh on port 2222" suggested "open port 443": sshd's
		// port, as "enable ssh on port 2222" is answered.
		port := "2222"
		for _, t := range ts {
			if isNumeric(t) && len(t.w) <= 5 {
				port = strings.TrimLeft(t.w, "#")
			}
		}
		if port != "22" { // "allow ssh on port 22": its own port, read as before
			return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
				Hint: "sshd's ports are a list ask-nix does not set whole: write services.openssh.ports = [ " + port + " ]; in your NixOS configuration (the firewall opens them by itself while services.openssh.openFirewall is true); nothing was changed"}
		}
	}
	ts = portVerbFlipped(ts)
	// "remove port 80" closes it; "remove" alone is packages' word.
	removePort := false
	if len(ts) > 1 && (ts[0].lem == "remove" || ts[0].lem == "delete") {
		w := ts[1].w
		if (w == "tcp" || w == "udp" || w == "the" || w == "all" || w == "every") && len(ts) > 2 {
			w = ts[2].w
		}
		removePort = w == "port" || w == "ports"
	}
	if ts[0].quoted || !(openVerbs[ts[0].lem] || closeVerbs[ts[0].lem] || removePort) {
		return intent.Intent{}, false, nil
	}
	verb := "open"
	if !openVerbs[ts[0].lem] {
		verb = "close"
	}
	ports, sawPort, odd, purpose := readPorts(ts[1:])
	if !sawPort && !odd && len(ports) > 0 && !removePort {
		// "open 80,443", "open udp 5353", "allow udp 51820": nothing but
		// port numbers (and a protocol) after a verb of the firewall's
		// can only be ports.
		sawPort = true
	}
	if !sawPort {
		return intent.Intent{}, false, nil
	}
	if len(ports) == 0 && has(ts, "all", "every", "everything", "any") && portScope(ts) == "" {
		// "close all ports", "open every port": the firewall as a
		// whole, never one port of an example.
		return intent.Intent{}, true, allPorts(text, verb)
	}
	if odd || len(ports) == 0 {
		ss := []intent.Suggestion{sug(intent.SetOption, verb+" port 443"), sug(intent.SetOption, verb+" udp port 53")}
		if js := joinedPorts(verb, ts[1:]); js != nil {
			// "open port 80/443", "open port 8000:8010": what was
			// meant is asked, never the example ports.
			ss = js
		}
		if slices.ContainsFunc(ts, func(t token) bool { return t.w == "range" || t.w == "ranges" }) {
			ss = append(ss, sug(intent.SetOption, verb+" ports 1714 to 1764"))
		}
		nu := notUnderstoodWith(text, ss...).(*intent.NotUnderstood)
		if where := portScope(ts); where != "" {
			// "open port 22 for 192.168.1.0/24", "on eth0": the
			// firewall's lists are for every address and interface.
			// The port opened to all would be more than was asked for:
			// only the question is suggested.
			nu.Hint = "ask-nix opens ports to every address and interface only; " + where + "; nothing was changed"
			q := "is port 443 open"
			if len(ports) > 0 && !ports[0].isRange {
				q = "is port " + strconv.FormatInt(ports[0].n, 10) + " open"
			}
			nu.Suggestions = []intent.Suggestion{sug(intent.ShowOption, q)}
		}
		return intent.Intent{}, true, nu
	}
	if _, known := purposeProtocols(purpose); len(purpose) > 0 && !known {
		return intent.Intent{}, true, unknownPurpose(text, verb, ports, purpose)
	}
	notes, fromPurpose := portsFor(verb, ports, purpose)
	var tcpPorts, udpPorts []namedPort
	for _, p := range ports {
		if p.tcp {
			q := p
			q.udp = false
			tcpPorts = append(tcpPorts, q)
		}
		if p.udp {
			q := p
			q.tcp = false
			udpPorts = append(udpPorts, q)
		}
	}
	// Every port said with its protocol: "open port 8080 tcp and udp",
	// "open tcp and udp port 53", "open 53/tcp and 53/udp". A port said
	// with none beside one said with UDP ("open udp port 53 and port
	// 80") may be either, and stays asked.
	tagged := !slices.ContainsFunc(ports, func(p namedPort) bool { return !p.tcp && !p.udp || p.mixed })
	if (fromPurpose || tagged) && len(tcpPorts) > 0 && len(udpPorts) > 0 {
		// "open port 53 for dns": DNS needs both, so both lists change,
		// in one edit, as two protocols said do.
		var parts []intent.Intent
		for _, ps := range [][]namedPort{tcpPorts, udpPorts} {
			in, _, err := portIntent(text, verb, ps)
			if err != nil {
				// Two ranges, a range and a port: one request each, of
				// every protocol (portIntent of them all says them).
				parts = nil
				break
			}
			parts = append(parts, in)
		}
		if parts != nil {
			in := intent.Join(parts)
			in.Notes = notes
			return in, true, nil
		}
	}
	in, ok, err := portIntent(text, verb, ports)
	if err == nil {
		in.Notes = notes
	}
	return in, ok, err
}

// portIntent is the intent for ports whose protocols are known: one
// list (or range list) of one protocol.
func portIntent(text, verb string, ports []namedPort) (intent.Intent, bool, error) {
	if in, ok, err := portRange(text, verb, ports); ok {
		return in, true, err
	}
	// A port named with no protocol is TCP, as NixOS and people mean it.
	var tcp, udp []int64
	for _, p := range ports {
		if p.tcp || !p.udp {
			tcp = append(tcp, p.n)
		}
		if p.udp {
			udp = append(udp, p.n)
		}
	}
	if len(tcp) > 0 && len(udp) > 0 {
		return intent.Intent{}, true, notUnderstoodWith(text,
			sug(intent.SetOption, portRequest(verb, "", tcp)), sug(intent.SetOption, portRequest(verb, "udp ", udp)))
	}
	in := intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Change: intent.ChangeAdd}
	list := tcp
	if len(udp) > 0 {
		in.Option, list = "networking.firewall.allowedUDPPorts", udp
	}
	if verb == "close" {
		in.Change = intent.ChangeRemove
	}
	list = sortedPorts(list)
	if len(list) == 1 {
		in.Value = list[0]
	} else {
		items := make([]any, len(list))
		for i, n := range list {
			items[i] = n
		}
		in.Value = items
	}
	return in, true, nil
}

// namedPort is a port number as a request gives it, with the protocols
// the words around it bind to it. A range ("1714 to 1764") is one
// namedPort from n to to.
type namedPort struct {
	n        int64
	tcp, udp bool
	isRange  bool
	to       int64
	// mixed: a protocol word leads to it and its own suffix names
	// another ("udp port 53/tcp"): both, or a slip? Never joined.
	mixed bool
}

// suffixed is p given the protocol its own suffix names (80/tcp), which
// makes it mixed when a protocol word said another.
func (p namedPort) suffixed(proto string) namedPort {
	if (p.tcp || p.udp) && (p.tcp != (proto == "tcp") || p.udp != (proto == "udp")) {
		p.mixed = true
	}
	p.tcp = p.tcp || proto == "tcp"
	p.udp = p.udp || proto == "udp"
	return p
}

// portRange reads a request that names a port range: one range of one
// protocol is a change of allowedTCPPortRanges or allowedUDPPortRanges
// whose value is {"from": n, "to": m}. A range whose ends are the same
// port is that port (ok false: rulePort reads it as one). Anything more
// (two ranges, a range and a port, both protocols, the ends reversed) is
// not understood, with one request each as suggestions.
func portRange(text, verb string, ports []namedPort) (intent.Intent, bool, error) {
	ranges := 0
	for i := range ports {
		if ports[i].isRange && ports[i].n == ports[i].to {
			ports[i].isRange = false
		}
		if ports[i].isRange {
			ranges++
		}
	}
	if ranges == 0 {
		return intent.Intent{}, false, nil
	}
	p := ports[0]
	if len(ports) > 1 || p.tcp && p.udp || p.n > p.to {
		var ss []intent.Suggestion
		for _, p := range ports {
			if p.n > p.to && p.isRange {
				p.n, p.to = p.to, p.n
			}
			if p.tcp || !p.udp {
				ss = append(ss, sug(intent.SetOption, rangeRequest(verb, "", p)))
			}
			if p.udp {
				ss = append(ss, sug(intent.SetOption, rangeRequest(verb, "udp ", p)))
			}
		}
		return intent.Intent{}, true, notUnderstoodWith(text, ss...)
	}
	in := intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPortRanges", Change: intent.ChangeAdd,
		Value: map[string]any{"from": p.n, "to": p.to}}
	if p.udp {
		in.Option = "networking.firewall.allowedUDPPortRanges"
	}
	if verb == "close" {
		in.Change = intent.ChangeRemove
	}
	return in, true, nil
}

// rangeRequest writes the request for one port or range, as a
// suggestion: "open ports 1714 to 1764", "close udp port 53".
func rangeRequest(verb, proto string, p namedPort) string {
	if !p.isRange {
		return portRequest(verb, proto, []int64{p.n})
	}
	return verb + " " + proto + "ports " + strconv.FormatInt(p.n, 10) + " to " + strconv.FormatInt(p.to, 10)
}

// readPorts reads the words after the verb: numbers (80, #80, 80/tcp),
// protocol words, "port(s)" and fillers. A protocol word binds by where
// it stands: before "port" or a number, or before any number at all, it
// leads the numbers after it ("udp ports 53 and 5353", "tcp port 80 and
// udp port 53"); elsewhere it trails, and binds the numbers since the
// last protocol word ("ports 53 and 5353 for udp", "port 53 for tcp and
// udp"). "port" after a number ends both reaches, so what is unclear
// ("udp port 53 and port 80") reads as two protocols, never as a guess.
// A range is one port from n to to: "1714-1764", "1714 to 1764" (or
// through, until, a dash), "between 1714 and 1764"; "range" is a filler
// that needs one.
// odd reports a word that has no place in a port request. purpose is
// what the ports are for, the words after "for" ("for wireguard"), when
// they name a service or could (one plain word); nil when none is said.
func readPorts(ts []token) (ports []namedPort, sawPort, odd bool, purpose []token) {
	for i := 0; i+1 < len(ts); i++ {
		if a, b := ts[i], ts[i+1]; !a.quoted && !b.quoted && (a.w == "both" || a.w == "all") && (b.w == "protocols" || b.w == "protocol") {
			// "open port 8080 for both protocols": tcp and udp.
			both := b
			both.w, both.lem = "tcp/udp", "tcp/udp"
			ts = append(append(slices.Clip(ts[:i]), both), ts[i+2:]...)
			break
		}
	}
	var lead namedPort // the protocols leading the numbers that follow
	group := 0         // the first port a trailing protocol binds
	lastNum := -2      // the token that gave the last single port
	saidRange := false // "range" was said
	// end reads the number a range ends at, at ts[j]: 1764, 1764/udp.
	end := func(j int) (n int64, proto string, ok bool) {
		if j >= len(ts) || ts[j].quoted {
			return 0, "", false
		}
		w := ts[j].w
		if proto = portSuffix(w); proto != "" {
			w = w[:len(w)-4]
		} else if !isNumeric(ts[j]) {
			return 0, "", false
		}
		n, err := strconv.ParseInt(strings.TrimPrefix(w, "#"), 10, 64)
		return n, proto, err == nil
	}
	// extend makes the last port a range to n.
	extend := func(n int64, proto string) {
		p := &ports[len(ports)-1]
		p.isRange, p.to = true, n
		if proto != "" {
			*p = p.suffixed(proto)
		}
	}
loop:
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		w := t.w
		switch {
		case t.quoted:
			odd = true
		case rangeWords[w] && lastNum == i-1:
			// "1714 to 1764", "1714 to port 1764".
			j := i + 1
			if j < len(ts) && !ts[j].quoted && ts[j].lem == "port" {
				j++
			}
			n, proto, ok := end(j)
			if !ok {
				if portFillers[t.lem] {
					continue // "open port 22 to the world"
				}
				odd = true
				continue
			}
			extend(n, proto)
			lastNum, i = -2, j
		case w == "between" && i+3 < len(ts) && !ts[i+2].quoted && ts[i+2].w == "and":
			a, protoA, okA := end(i + 1)
			b, protoB, okB := end(i + 3)
			if !okA || !okB {
				odd = true
				continue
			}
			p := namedPort{n: a}
			if group == len(ports) {
				p = lead
				p.n = a
			}
			ports = append(ports, p)
			extend(b, protoA)
			extend(b, protoB)
			lastNum, i = -2, i+3
		case w == "range" || w == "ranges":
			saidRange = true
		case rangeToken(w) != nil:
			r := rangeToken(w)
			if r[0] < 0 || r[1] < 0 {
				odd = true // a number too big to read
				continue
			}
			p := namedPort{n: r[0]}
			if group == len(ports) {
				p = lead
				p.n = r[0]
			}
			ports = append(ports, p)
			proto := portSuffix(w)
			extend(r[1], proto)
			sawPort = sawPort || proto != ""
			lastNum = -2
		case t.lem == "port":
			sawPort = true
			// "port" after a number starts a new phrase ("... and port
			// 80"): protocols named before it no longer reach on.
			if len(ports) > group {
				lead, group = namedPort{}, len(ports)
			}
		case isProto(t):
			// A run of protocol words ("tcp and udp") binds as one.
			var run namedPort
			j := i
			for j < len(ts) {
				if isProto(ts[j]) {
					run.tcp = run.tcp || ts[j].w != "udp"
					run.udp = run.udp || ts[j].w != "tcp"
					j++
					continue
				}
				k := j
				for k < len(ts) && !ts[k].quoted && protoJoiners[ts[k].w] {
					k++
				}
				if k == j || k == len(ts) || !isProto(ts[k]) {
					break
				}
				j = k
			}
			i = j - 1
			// With no number before it to bind, it leads too ("open udp
			// traffic on port 53").
			if group == len(ports) || j < len(ts) && !ts[j].quoted && (ts[j].lem == "port" || ts[j].w == "number" || isNumeric(ts[j]) || portSuffix(ts[j].w) != "") {
				lead = run
			} else {
				for k := group; k < len(ports); k++ {
					ports[k].tcp = ports[k].tcp || run.tcp
					ports[k].udp = ports[k].udp || run.udp
				}
				lead = namedPort{}
			}
			group = len(ports)
		case portSuffix(w) != "":
			n, err := strconv.ParseInt(w[:len(w)-4], 10, 64)
			if err != nil {
				odd = true
				continue
			}
			// 80/tcp says its own protocol, unless it is the very port a
			// protocol word leads to ("udp port 53/tcp" names both).
			p := namedPort{n: n}
			if group == len(ports) {
				p = lead
				p.n = n
			}
			ports = append(ports, p.suffixed(portSuffix(w)))
			sawPort = true
			lastNum = i
		case isNumeric(t):
			n, err := strconv.ParseInt(strings.TrimPrefix(w, "#"), 10, 64)
			if err != nil {
				odd = true
				continue
			}
			p := lead
			p.n = n
			ports = append(ports, p)
			lastNum = i
		case w == "for" && i+1 < len(ts) && (namesPurpose(ts[i+1:]) || plainPurpose(ts[i+1:]) != ""):
			// "open port 22 for ssh", "open 80 and 443 for the web
			// server": what the ports are for, not more ports.
			purpose = ts[i+1:]
			break loop
		case portFillers[t.lem]:
		default:
			odd = true
		}
	}
	if saidRange && !slices.ContainsFunc(ports, func(p namedPort) bool { return p.isRange }) {
		odd = true // "open port range 80": which range?
	}
	return ports, sawPort, odd, purpose
}

// joinedPorts reads words that write two ports joined in a way ask-nix
// does not take as said: "80/443" and "80+443" (both ports), "8000:8010"
// and "8000..8010" (a range as iptables and Nix write it). The requests
// that say them are the suggestions, never guessed; nil when none is.
func joinedPorts(verb string, ts []token) []intent.Suggestion {
	proto := ""
	if has(ts, "udp") && !has(ts, "tcp") {
		proto = "udp "
	}
	var ss []intent.Suggestion
	var plain, paired []int64 // the ports said alone, and joined
	for _, t := range ts {
		if t.quoted {
			continue
		}
		if isNumeric(t) {
			if n, err := strconv.ParseInt(strings.TrimPrefix(t.w, "#"), 10, 64); err == nil {
				plain = append(plain, n)
			}
			continue
		}
		w := strings.TrimPrefix(t.w, "#")
		for _, sep := range []string{"..", ":", "/", "+"} {
			a, b, ok := strings.Cut(w, sep)
			if !ok || !digits(a) || !digits(strings.TrimPrefix(b, "#")) || len(a) > 5 || len(b) > 6 {
				continue
			}
			x, _ := strconv.ParseInt(a, 10, 64)
			y, _ := strconv.ParseInt(strings.TrimPrefix(b, "#"), 10, 64)
			if sep == "/" || sep == "+" {
				paired = append(paired, x, y)
			} else {
				ss = append(ss, sug(intent.SetOption, rangeRequest(verb, proto, namedPort{n: min(x, y), to: max(x, y), isRange: true})))
			}
			break
		}
	}
	if paired != nil {
		// "open ports 80/443 and 8080": one request of them all.
		ss = append([]intent.Suggestion{sug(intent.SetOption, portRequest(verb, proto, append(plain, paired...)))}, ss...)
	}
	if len(ss) > 3 {
		ss = ss[:3]
	}
	return ss
}

// rangeToken reads a word like 1714-1764, #1714-#1764 or 1714-1764/udp
// (or with an en dash), which names a port range: its two ends, -1 for
// one too big to read; nil for any other word.
func rangeToken(w string) []int64 {
	w = strings.TrimPrefix(w, "#")
	if portSuffix(w) != "" {
		w = w[:len(w)-4]
	}
	a, b, ok := strings.Cut(w, "-")
	if !ok {
		a, b, ok = strings.Cut(w, "–")
	}
	b = strings.TrimPrefix(b, "#")
	if !ok || !digits(a) || !digits(b) {
		return nil
	}
	r := []int64{-1, -1}
	for i, s := range []string{a, b} {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			r[i] = n
		}
	}
	return r
}

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// isProto: t is a protocol word, tcp, udp, or both as "tcp/udp".
func isProto(t token) bool {
	return !t.quoted && (t.w == "tcp" || t.w == "udp" || t.w == "tcp/udp" || t.w == "udp/tcp")
}

// portSuffix is "tcp" or "udp" for a word like 80/tcp, else "".
func portSuffix(w string) string {
	if len(w) > 4 && (strings.HasSuffix(w, "/tcp") || strings.HasSuffix(w, "/udp")) {
		return w[len(w)-3:]
	}
	return ""
}

func sortedPorts(ns []int64) []int64 {
	ns = slices.Clone(ns)
	slices.Sort(ns)
	return slices.Compact(ns)
}

// portRequest writes the request for some ports of one protocol, as a
// suggestion: "open port 80", "open udp ports 53 and 5353".
func portRequest(verb, proto string, ns []int64) string {
	ns = sortedPorts(ns)
	ws := make([]string, len(ns))
	for i, n := range ns {
		ws[i] = strconv.FormatInt(n, 10)
	}
	if len(ws) == 1 {
		return verb + " " + proto + "port " + ws[0]
	}
	return verb + " " + proto + "ports " + strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}

// ---- named settings: time zone, hostname, locale, keyboard ----

type namedSetting struct {
	option  string
	words   []phrase
	example string
}

// ruleNamedSetting: "set timezone to Europe/Berlin", "my time zone is
// UTC", "change the hostname to my-laptop", "rename this machine to nas".
func ruleNamedSetting(text string, ts []token) (intent.Intent, bool, error) {
	i := prefix(ts, setVerbs)
	verb := i > 0
	// "i want my timezone to be UTC", "i would like the hostname to be
	// nas": a wish for the setting, with "to be" before the value (else
	// "i want" is an install: "i want the keyboard layout german" may
	// name packages).
	want := false
	if !verb {
		if w := prefix(ts, wantLead); w > 0 {
			i, want = w, true
		}
	}
	if !verb && !want && len(ts) > 2 && prefix(ts, renameVerbs) == 1 && machineWords[ts[1].w] && !ts[1].quoted {
		j := 1
		for j < len(ts) && machineWords[ts[j].w] && !ts[j].quoted {
			j++
		}
		if j == len(ts) && j > 2 && slices.ContainsFunc(ts[1:j-1], func(t token) bool {
			return t.w != "this" && t.w != "my" && t.w != "the" && t.w != "our"
		}) {
			j-- // "call my computer laptop": after the machine, the name, a machine's word or not
		}
		if j == 1 {
			return intent.Intent{}, false, nil
		}
		if j < len(ts) && (ts[j].w == "to" || ts[j].w == "as") && !ts[j].quoted {
			j++
		}
		return setTo(text, "networking.hostName", ts[j:], namedSettings[1].example)
	}
	if !verb && len(ts) > 4 && (ts[0].w == "my" || ts[0].w == "this" || ts[0].w == "the") && machineWords[ts[1].w] && !ts[1].quoted {
		// "my computer should be called thinkpad": the name it is to
		// have ("is called" says what it is now, not asked).
		j := 2
		for j < len(ts) && machineWords[ts[j].w] && !ts[j].quoted {
			j++
		}
		if j+2 < len(ts) && (ts[j].w == "should" || ts[j].w == "must" || ts[j].w == "shall") && ts[j+1].w == "be" && (ts[j+2].w == "called" || ts[j+2].w == "named") {
			return setTo(text, "networking.hostName", ts[j+3:], namedSettings[1].example)
		}
	}
	// Lead words ("the", "my", "computer") may also begin the setting's
	// own name ("computer name"): each start is tried, earliest first.
	starts := []int{i}
	for i < len(ts) && settingLead[ts[i].w] && !ts[i].quoted {
		i++
		starts = append(starts, i)
	}
	for _, ns := range namedSettings {
		n := 0
		for _, at := range starts {
			if n = prefix(ts[at:], ns.words); n > 0 {
				i = at
				break
			}
		}
		if n == 0 {
			continue
		}
		j := i + n
		sep := prefix(ts[j:], valueLead)
		if verb && sep == 2 && ns.option == "services.xserver.xkb.layout" && ts[j].w == "to" && ts[j+1].w == "be" && !ts[j+1].quoted && layoutBe(text, ts[j+1:]) {
			// "set keyboard layout to be": be is the Belgian layout's
			// code, said after "to", never the "to be" of "set the
			// layout to be german".
			sep = 1
		}
		if want && (sep != 2 || ts[j].w != "to" || ts[j+1].w != "be" || ts[j].quoted || ts[j+1].quoted) {
			return intent.Intent{}, false, nil
		}
		j += sep
		if !verb && sep == 0 && i > 0 {
			// "my timezone Europe/Berlin" reads as a fragment, not a request.
			return intent.Intent{}, false, nil
		}
		return setTo(text, ns.option, ts[j:], ns.example)
	}
	return intent.Intent{}, false, nil
}

// layoutBe: the "be" that starts rest is the layout's value, as it
// ends the request or starts a list of layouts ("be, us", "be and
// us"); followed by another word ("be german") it is the "to be" of
// the layout said after it.
func layoutBe(text string, rest []token) bool {
	if len(rest) == 1 {
		return true
	}
	between := text[rest[0].end:rest[1].start]
	return strings.Contains(between, ",") || rest[1].w == "and" || rest[1].w == "plus" || rest[1].w == "&"
}

// setTo makes a set-option intent for a string setting whose value is
// the rest of the request.
// swappiness is the kernel's vm.swappiness, a sysctl NixOS sets through
// boot.kernel.sysctl (an attribute set, so the name is quoted).
const swappiness = `boot.kernel.sysctl."vm.swappiness"`

func setTo(text, option string, rest []token, example string) (intent.Intent, bool, error) {
	if len(rest) > 2 && !rest[0].quoted && rest[0].w == "from" {
		// "change the hostname from nixos to laptop": the new value.
		if k := slices.IndexFunc(rest[2:], func(t token) bool { return !t.quoted && t.w == "to" }); k >= 0 {
			rest = rest[k+3:]
		}
	}
	if len(rest) == 0 {
		return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.SetOption, example))
	}
	v := valueText(text, rest)
	switch option {
	case "time.timeZone":
		switch strings.ToLower(v) {
		case "utc", "gmt":
			v = strings.ToUpper(v)
		case "automatically", "automatic", "auto", "by location", "from my location", "from location", "based on location",
			"automatically based on location", "automatically from location", "automatically from my location":
			// automatic-timezoned sets the zone from where the machine
			// is; its module sets time.timeZone to null, so a zone set
			// in the fragment would be a conflicting definition.
			return intent.Join([]intent.Intent{
				{Kind: intent.SetOption, Option: "services.automatic-timezoned.enable", Value: true},
				{Kind: intent.SetOption, Option: "time.timeZone", Change: intent.ChangeUnset},
			}), true, nil
		case "local", "my local time", "local time", "my location", "my current location", "current location", "here", "where i am",
			"my area", "my region", "my country", "mine", "my time", "current", "the current one", "the right one", "correct", "the correct one":
			// "set timezone to local" was refused as no zone, with
			// "did you mean Asia/Oral?".
			return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
				Suggestions: []intent.Suggestion{sug(intent.SetOption, "set timezone automatically"), sug(intent.SetOption, example)},
				Hint:        "a time zone is named (Europe/Berlin, America/New_York, or a city or country that has one); \"set timezone automatically\" follows where the machine is (services.automatic-timezoned); `timedatectl` shows the zone in use; nothing was changed"}
		}
		if in, ok, err := zoneByCountry(text, v); ok {
			return in, true, err
		}
		v = zoneSaid(v)
	case "i18n.defaultLocale":
		if in, ok, err := localeByName(text, v); ok {
			return in, true, err
		}
		v = canonicalLocale(v)
	case "console.keyMap":
		// kbd's British keymap is uk, not XKB's gb.
		if err := askEnglishKeymap(text, v); err != nil {
			return intent.Intent{}, true, err
		}
		if k, ok := kbdKeymaps[strings.ToLower(strings.TrimSpace(v))]; ok {
			v = k
		}
	case "boot.loader.timeout":
		// "5", "5 seconds", "5s": the loader waits that many seconds.
		n, ok := seconds(v)
		if !ok {
			return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.SetOption, "set the boot timeout to 5 seconds"))
		}
		return intent.Intent{Kind: intent.SetOption, Option: option, Value: n}, true, nil
	case "nix.settings.max-jobs":
		// How many derivations Nix builds at once: a count, or "auto"
		// (one per CPU).
		if strings.EqualFold(v, "auto") {
			return intent.Intent{Kind: intent.SetOption, Option: option, Value: "auto"}, true, nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err == nil && n == 0 {
			// 0 builds nothing here: without remote builders every
			// later rebuild fails, this daemon's too.
			return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
				Suggestions: []intent.Suggestion{sug(intent.SetOption, "set max-jobs to 1"), sug(intent.SetOption, "set max-jobs to auto")},
				Hint:        "max-jobs 0 builds nothing on this machine, only on remote builders (nix.buildMachines): without them every later rebuild fails, so ask-nix does not set it; set it by hand in configuration.nix beside your builders. Nothing was changed"}
		}
		if err != nil || n < 0 || n > 1024 {
			return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.SetOption, "set max-jobs to 4"), sug(intent.SetOption, "set max-jobs to auto"))
		}
		return intent.Intent{Kind: intent.SetOption, Option: option, Value: n}, true, nil
	case "powerManagement.cpuFreqGovernor":
		// One of the kernel's governors, as it names them.
		if g := strings.ToLower(v); governors[g] {
			return intent.Intent{Kind: intent.SetOption, Option: option, Value: g}, true, nil
		}
		return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.SetOption, "set the cpu governor to powersave"), sug(intent.SetOption, "set the cpu governor to performance"))
	case swappiness:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.SetOption, "set swappiness to 10"))
		}
		return intent.Intent{Kind: intent.SetOption, Option: option, Value: n}, true, nil
	case "services.xserver.xkb.variant":
		// One XKB variant name: "intl", "dvorak", "altgr-intl".
		w := strings.ToLower(v)
		if n, ok := variantNames[w]; ok {
			w = n
		}
		if !xkb.Variant(w) {
			return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
				Suggestions: []intent.Suggestion{sug(intent.SetOption, "set keyboard variant to intl"), sug(intent.SetOption, "set keyboard layout to us dvorak")},
				Hint:        fmt.Sprintf("%q is not an XKB variant name (like intl, dvorak, nodeadkeys or altgr-intl: see `localectl list-x11-keymap-variants`); nothing was changed", v)}
		}
		return intent.Intent{Kind: intent.SetOption, Option: option, Value: w}, true, nil
	case "services.xserver.xkb.options":
		// XKB options, group:name, joined by commas: "caps:escape",
		// "caps:escape, compose:ralt", "ctrl:nocaps and grp:alt_shift_toggle".
		opts, ok := xkbOptions(v)
		if !ok {
			return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
				Suggestions: []intent.Suggestion{sug(intent.SetOption, "set keyboard options to caps:escape"), sug(intent.SetOption, "set keyboard options to ctrl:nocaps,compose:ralt")},
				Hint:        fmt.Sprintf("%q is not a list of XKB options: each is group:name, like caps:escape or compose:ralt, joined by commas (see `localectl list-x11-keymap-options`); nothing was changed", v)}
		}
		return intent.Intent{Kind: intent.SetOption, Option: option, Value: opts}, true, nil
	case "services.xserver.xkb.layout":
		// Layout and variant in one edit: "dvorak" is us with the dvorak
		// variant, and a layout said alone clears a variant set before
		// (de with dvorak would be German Dvorak).
		layout, variant, ok := keyboardVariant(v)
		if !ok {
			layout = keyboardLayouts(v)
		}
		if err := askEnglish(text, layout, "set keyboard layout to "); err != nil {
			return intent.Intent{}, true, err
		}
		if err := askLetterRow(text, layout, "set keyboard layout to "); err != nil {
			return intent.Intent{}, true, err
		}
		return intent.Intent{Kind: intent.SetOption, Option: "services.xserver.xkb", Change: intent.ChangeMerge,
			Value: map[string]any{"layout": layout, "variant": variant}}, true, nil
	}
	return intent.Intent{Kind: intent.SetOption, Option: option, Value: v}, true, nil
}

// xkbOptions reads XKB options as said ("caps:escape", "ctrl:nocaps,
// compose:ralt", "caps:escape and compose:ralt") and writes them as
// services.xserver.xkb.options holds them: joined by commas, in the
// order said, without repeats. Each is group:name, both XKB names; at
// most 8.
func xkbOptions(v string) (string, bool) {
	fields := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	var out []string
	for _, f := range fields {
		if f == "and" || f == "&" || f == "plus" {
			continue
		}
		if !xkb.Option(f) {
			return "", false
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	if len(out) == 0 || len(out) > xkb.MaxOptions {
		return "", false
	}
	return strings.Join(out, ","), true
}

// seconds reads "5", "5 seconds", "5 s", "5s", "5 sec" as a whole number
// of seconds (0 to 600).
func seconds(v string) (int64, bool) {
	v = strings.TrimSpace(strings.ToLower(v))
	for _, unit := range []string{"seconds", "second", "secs", "sec", "s"} {
		if cut, ok := strings.CutSuffix(v, unit); ok {
			v = strings.TrimSpace(cut)
			break
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil && n >= 0 && n <= 600
}

// valueText is the value as typed: one quoted token verbatim, else the
// text from the first word to the last with runs of spaces made one.
func valueText(text string, rest []token) string {
	if len(rest) == 1 && rest[0].quoted {
		return rest[0].raw
	}
	return strings.Join(strings.Fields(text[rest[0].start:rest[len(rest)-1].end]), " ")
}

// ---- unset ----

// ruleUnset: "unset services.foo.bar", "reset the timezone", "reset
// networking.hostName to the default".
func ruleUnset(text string, ts []token) (intent.Intent, bool, error) {
	n := prefix(ts, unsetVerbs)
	if n == 0 {
		return intent.Intent{}, false, nil
	}
	i := n
	for i < len(ts) && unsetLead[ts[i].w] && !ts[i].quoted {
		i++
	}
	if i >= len(ts) {
		return intent.Intent{}, false, nil
	}
	option, used := "", 0
	if looksLikeOption(ts[i]) {
		option, used = ts[i].raw, 1
	} else {
		for _, ns := range namedSettings {
			if k := prefix(ts[i:], ns.words); k > 0 {
				option, used = ns.option, k
				break
			}
		}
	}
	if option == "" {
		return intent.Intent{}, false, nil
	}
	for _, t := range ts[i+used:] {
		if t.quoted || !defaultWords[t.w] {
			return intent.Intent{}, false, nil
		}
	}
	if option == "services.xserver.xkb.layout" {
		option = "services.xserver.xkb" // the variant set with it goes too
	}
	return intent.Intent{Kind: intent.SetOption, Option: option, Change: intent.ChangeUnset}, true, nil
}

// looksLikeOption: a dotted word that starts like a Nix name
// (services.openssh.enable). The guard checks the grammar fully.
func looksLikeOption(t token) bool {
	s := t.raw
	if t.quoted || len(s) < 3 || !strings.Contains(s, ".") || strings.HasSuffix(s, ".") {
		return false
	}
	c := s[0]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// ---- generic set ----

// ruleGenericSet: "set services.openssh.ports to 2222", "set
// services.foo.greeting to "hello world"", "services.x.enable = true".
func ruleGenericSet(text string, ts []token) (intent.Intent, bool, error) {
	i := prefix(ts, genericVerbs)
	if i >= len(ts) {
		return intent.Intent{}, false, nil
	}
	opt := ts[i]
	name, inline := opt.raw, -1
	if k := strings.IndexByte(name, '='); k > 0 && !opt.quoted {
		name, inline = name[:k], k
	}
	if !looksLikeOption(token{raw: name}) {
		return intent.Intent{}, false, nil
	}
	var notes []string
	if sysctl, ok := sysctlNamed(name); ok {
		// "set vm.swappiness=10", "set net.ipv4.ip_forward to 1": a
		// kernel setting, never an option named vm (NixOS refuses one,
		// and only the option index would have said so first).
		notes = []string{name + " is a kernel setting (sysctl): NixOS sets it in boot.kernel.sysctl, at boot and at each switch (`sysctl " + name + "` shows it now)"}
		name = sysctl
	}
	example := "set " + name + " to true"
	if inline >= 0 {
		start := opt.start + inline + 1
		end := ts[len(ts)-1].end
		if start >= end {
			return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.SetOption, example))
		}
		if len(ts) == i+1 {
			return intent.Intent{Kind: intent.SetOption, Option: name, Value: typedValue(text[start:end], false), Notes: notes}, true, nil
		}
		rest := ts[i+1:]
		v := strings.Join(strings.Fields(text[start:rest[len(rest)-1].end]), " ")
		return intent.Intent{Kind: intent.SetOption, Option: name, Value: typedValue(v, false), Notes: notes}, true, nil
	}
	j := i + 1
	sep := prefix(ts[j:], phrases("to", "=", "as", "be", "to be", "equal to", "equals"))
	if i == 0 && !(sep == 1 && ts[j].w == "=") {
		// Without a verb only "x.y = v" is a setting.
		return intent.Intent{}, false, nil
	}
	j += sep
	if j >= len(ts) {
		return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.SetOption, example))
	}
	rest := ts[j:]
	quoted := len(rest) == 1 && rest[0].quoted
	return intent.Intent{Kind: intent.SetOption, Option: name, Value: typedValue(valueText(text, rest), quoted), Notes: notes}, true, nil
}

// sysctlRoots are the first names of the kernel's sysctl settings
// (/proc/sys/<root>), none of them a NixOS option's first name.
var sysctlRoots map[string]bool

// sysctlNamed is the option that sets the sysctl name ("vm.swappiness":
// boot.kernel.sysctl."vm.swappiness"); ok is false for a name that is
// none (services.x, a name with characters no sysctl has).
func sysctlNamed(name string) (string, bool) {
	root, rest, ok := strings.Cut(name, ".")
	if !ok || !sysctlRoots[root] || rest == "" {
		return "", false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return "", false
		}
	}
	return `boot.kernel.sysctl."` + name + `"`, true
}

// typedValue: true and false are booleans, a whole number is an integer
// (not one with a leading zero, like a file mode 0644), anything else or
// anything quoted is a string.
func typedValue(s string, quoted bool) any {
	if quoted {
		return s
	}
	switch strings.ToLower(s) {
	case "true":
		return true
	case "false":
		return false
	}
	digits := strings.TrimPrefix(s, "-")
	if digits != "" && (digits == "0" || digits[0] != '0') {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && !strings.HasPrefix(s, "+") {
			return n
		}
	}
	return s
}

// ---- services ----

// ruleService: "enable ssh", "turn on the firewall", "start docker on
// boot", "turn bluetooth off", "disable printing", "enable
// services.foo" (a dotted name is taken as the option itself).
func ruleService(text string, ts []token) (intent.Intent, bool, error) {
	if in, ok, err := onButNotAtBoot(text, ts); ok {
		return in, true, err
	}
	if in, ok, err := onButFirewallClosed(text, ts); ok {
		return in, true, err
	}
	in, ok, err := ruleServiceWords(text, ts)
	if ok && err == nil && in.Kind == intent.EnableService && len(in.And) == 0 && strings.HasPrefix(in.Option, "programs.") &&
		(ts[0].w == "start" || ts[0].w == "launch" || ts[0].w == "fire") && !ts[0].quoted && len(ts) > 1 && ts[1].w != "using" && ts[1].w != "up" {
		// "start firefox": the program run now, which ask-nix does not
		// do; it turned on programs.firefox.
		name := in.Service
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Install, "install "+name)},
			Hint:        "ask-nix changes the configuration, not running programs: start " + name + " from your desktop's menu or a terminal; to have it on the system, \"install " + name + "\"; nothing was changed"}
	}
	if ok && err == nil && in.Option == "virtualisation.docker.enable" && has(ts, "desktop") {
		// "enable docker desktop": no package of that; what it runs is
		// the engine, which this is.
		in.Notes = append(in.Notes, "Docker Desktop is not packaged for NixOS: this is Docker's engine (the docker command's daemon), which Docker Desktop runs too")
	}
	if ok && err == nil && has(ts, "boot", "boots", "startup", "reboot", "reboots") {
		if _, sw := bootSwitches[in.Option]; !sw && in.Kind == intent.DisableService && len(in.And) == 0 {
			return intent.Intent{}, true, notAtBoot(text, in)
		}
		in = atBoot(in)
	}
	return in, ok, err
}

// notAtBoot answers "don't start nginx at boot" for a service whose
// module has no boot switch: turning it off would also take away its
// unit, so it could not be started by hand either, which is more than
// was asked. The way to keep it but not start it at boot is Nix code
// (lib.mkForce), which the fragment does not hold.
func notAtBoot(text string, in intent.Intent) error {
	name := in.Service
	if name == "" {
		name = in.Option
	}
	// The unit's name is not the option's (services.openssh is sshd),
	// so it is looked up, not guessed.
	word := name
	if rest, ok := strings.CutPrefix(in.Option, "services."); ok {
		if base, ok := strings.CutSuffix(rest, ".enable"); ok && !strings.Contains(base, ".") {
			word = base
		}
	}
	off := "disable " + name
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.DisableService, off)},
		Hint: fmt.Sprintf("%s has no switch of its own for starting at boot: %q turns it off entirely (its systemd unit goes too, so it cannot be started by hand); "+
			"to keep it but not start it at boot, add `systemd.services.<unit>.wantedBy = lib.mkForce [ ];` to configuration.nix, with its unit's name for <unit> (`systemctl list-units | grep -i %s` shows it), "+
			"which is Nix code the fragment does not hold; nothing was changed", in.Option, off, word)}
}

// bootSwitches are services whose NixOS module has a switch of its own
// for starting at boot, beside the one that turns them on: "don't start
// docker at boot" means that switch (docker stays, started on demand by
// its socket), never docker turned off.
var bootSwitches map[string]struct{ option, off string }

// butAt is the index of the first "but", "without" or "and" from n on
// (or a quoted word), where a service said with a condition ("enable
// docker but ...") ends; len(ts) when there is none.
func butAt(ts []token, n int) int {
	k := n
	for k < len(ts) && !ts[k].quoted && ts[k].w != "but" && ts[k].w != "without" && ts[k].w != "and" {
		k++
	}
	return k
}

// onButNotAtBoot reads "enable docker but don't start it at boot",
// "enable docker without starting it on boot": the service on and its
// own boot switch off, in one edit. A service without a boot switch is
// answered as "don't start nginx at boot" is. ok false: not said so.
func onButNotAtBoot(text string, ts []token) (intent.Intent, bool, error) {
	kind, n := switchVerb(ts)
	if kind != intent.EnableService || n == 0 {
		return intent.Intent{}, false, nil
	}
	k := butAt(ts, n)
	if k == n || k >= len(ts) || !has(ts[k:], "boot", "startup") || !has(ts[k:], "start", "starting", "run", "running", "launch") {
		return intent.Intent{}, false, nil
	}
	if ts[k].w != "without" && !has(ts[k:], "not", "never", "dont") {
		return intent.Intent{}, false, nil
	}
	for _, t := range ts[k+1:] {
		if t.quoted || !(bootTrail[t.w] || t.w == "not" || t.w == "do" || t.w == "never" || t.w == "it" || t.w == "them" ||
			t.w == "starting" || t.w == "running" || t.w == "run" || t.w == "launch" || t.w == "automatically") {
			return intent.Intent{}, false, nil
		}
	}
	on, ok, err := ruleServiceWords(text, ts[:k])
	if !ok || err != nil || on.Kind != intent.EnableService || len(on.And) > 0 {
		return intent.Intent{}, false, nil
	}
	boot, has := bootSwitches[on.Option]
	if !has {
		return intent.Intent{}, true, notAtBoot(text, intent.Intent{Kind: intent.DisableService, Option: on.Option, Service: on.Service})
	}
	off := intent.Intent{Kind: intent.SetOption, Option: boot.option, Value: false, Notes: []string{boot.off}}
	return intent.Join([]intent.Intent{on, off}), true, nil
}

// onButFirewallClosed reads "enable ssh without opening the firewall",
// "enable jellyfin but keep the firewall closed": the service on and its
// module's own switch for its ports (portSwitches) off, in one edit
// (sshd's is on by default). A service without such a switch is asked
// about. ok false: not said so.
func onButFirewallClosed(text string, ts []token) (intent.Intent, bool, error) {
	kind, n := switchVerb(ts)
	if kind != intent.EnableService || n == 0 {
		return intent.Intent{}, false, nil
	}
	k := butAt(ts, n)
	if k == n || k >= len(ts) || !has(ts[k:], "firewall", "port", "ports") {
		return intent.Intent{}, false, nil
	}
	negative := ts[k].w == "without" || has(ts[k:], "closed", "shut", "not", "dont", "never")
	for _, t := range ts[k+1:] {
		if t.quoted || !closedFirewallWords[t.w] {
			return intent.Intent{}, false, nil
		}
	}
	if !negative {
		return intent.Intent{}, false, nil
	}
	on, ok, err := ruleServiceWords(text, ts[:k])
	if !ok || err != nil || on.Kind != intent.EnableService || len(on.And) > 0 {
		return intent.Intent{}, false, nil
	}
	module := strings.TrimSuffix(on.Option, ".enable")
	sw, has := portSwitches[module]
	if !has {
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable "+on.Service)},
			Hint:        "ask-nix knows no switch of " + module + " for its firewall ports; after \"enable " + on.Service + "\", \"which ports are open\" shows what the firewall lets through; nothing was changed"}
	}
	off := intent.Intent{Kind: intent.SetOption, Option: module + "." + sw, Value: false}
	return intent.Join([]intent.Intent{on, off}), true, nil
}

// closedFirewallWords are the words after "but" or "without" in a
// request to keep a service's ports closed.
var closedFirewallWords map[string]bool

// atBoot reads a service switch said with "at boot" for a service with
// a boot switch of its own (bootSwitches). Off: the boot switch is set
// to false, the service left as it is. On: the service on and the boot
// switch unset, in one edit: both switches default to starting at boot
// in NixOS, so "start docker at boot" is what a user who enables docker
// gets, and unsetting (rather than writing true) takes back an earlier
// "don't start docker at boot" without a line that only repeats the
// default.
func atBoot(in intent.Intent) intent.Intent {
	boot, ok := bootSwitches[in.Option]
	if !ok || len(in.And) > 0 {
		return in
	}
	switch in.Kind {
	case intent.DisableService:
		return intent.Intent{Kind: intent.SetOption, Option: boot.option, Value: false, Notes: []string{boot.off}}
	case intent.EnableService:
		in.And = []intent.Intent{{Kind: intent.SetOption, Option: boot.option, Change: intent.ChangeUnset}}
	}
	return in
}

func ruleServiceWords(text string, ts []token) (intent.Intent, bool, error) {
	kind, n := switchVerb(ts)
	// "turn the firewall on", "switch bluetooth off"
	if n == 0 && len(ts) > 2 && !ts[0].quoted && (ts[0].lem == "turn" || ts[0].lem == "switch") {
		if l := len(ts); l > 3 && !ts[l-2].quoted && ts[l-2].w == "back" {
			// "turn the firewall back on": as it was, on.
			ts = append(ts[:l-2:l-2], ts[l-1])
		}
		switch ts[len(ts)-1].w {
		case "on":
			n, kind = 1, intent.EnableService
		case "off":
			n, kind = 1, intent.DisableService
		default:
			return intent.Intent{}, false, nil
		}
	}
	if n == 0 && len(ts) > 2 && !ts[0].quoted && (ts[0].w == "run" || ts[0].w == "keep") &&
		(has(ts[2:], "boot", "startup") || ts[0].w == "keep" && ts[len(ts)-1].w == "running") {
		// "run nginx at startup", "keep ssh running": on for good.
		n, kind = 1, intent.EnableService
		if ts[0].w == "keep" {
			ts = ts[:len(ts)-1]
		}
	}
	if n == 0 && len(ts) > 2 {
		// "keep ssh enabled", "make sure the firewall is off", "ensure
		// docker is running", "ssh should be disabled": the state said
		// at the end, made so.
		ts := stateSaid(ts)
		end := len(ts)
		if l := ts[end-1]; !l.quoted && (stateOn[l.w] || stateOff[l.w]) {
			lead := prefix(ts, stateLead)
			k := intent.EnableService
			if stateOff[l.w] {
				k = intent.DisableService
			}
			end--
			if end > 0 && !ts[end-1].quoted && (ts[end-1].w == "turned" || ts[end-1].w == "switched") {
				end--
			}
			if end > 0 && !ts[end-1].quoted && (ts[end-1].w == "is" || ts[end-1].w == "are" || ts[end-1].w == "be" || ts[end-1].w == "stays") {
				end--
				for end > 0 && !ts[end-1].quoted && (ts[end-1].w == "should" || ts[end-1].w == "must" || ts[end-1].w == "always") {
					end--
				}
			} else if lead == 0 || ts[0].w != "keep" {
				end = -1
			}
			if lead == 0 && end > 0 && len(ts)-end >= 3 {
				// "ssh should be disabled": no lead, the name first.
				return service(text, k, ts[:end])
			}
			if lead > 0 && end > lead {
				return service(text, k, ts[lead:end])
			}
		}
	}
	if lead := startLead(ts); n == 0 && lead > 0 && len(ts) > lead+2 {
		// "make docker start at boot", "make ssh run automatically",
		// "i want docker to start automatically": on for good, as
		// "start docker on boot" is.
		for k := lead + 1; k < len(ts)-1; k++ {
			if t := ts[k]; t.quoted || !(t.lem == "start" || t.lem == "run" || t.w == "launch" || t.w == "autostart") {
				continue
			}
			if !has(ts[k+1:], "boot", "startup", "automatically", "reboot") {
				break
			}
			for _, t := range ts[k+1:] {
				if t.quoted || !bootTrail[t.w] {
					return intent.Intent{}, false, nil
				}
			}
			name := ts[lead:k]
			if w := ts[0].w; w != "make" && w != "let" && w != "have" {
				// "i want docker to start", "get ssh to run at boot":
				// the "to" is no name.
				if l := len(name) - 1; l < 1 || name[l].quoted || name[l].w != "to" {
					break
				}
				name = name[:len(name)-1]
			}
			return service(text, intent.EnableService, name)
		}
	}
	if n == 0 {
		return intent.Intent{}, false, nil
	}
	if n >= len(ts) {
		// "stop" alone (or "htop", read as it): nothing named.
		return intent.Intent{}, false, nil
	}
	if kind == intent.DisableService && !ts[0].quoted && ts[0].w == "stop" && !has(ts[:n], "disable") && !radioWords[serviceKey(joinW(ts[n:]))] &&
		!has(ts[n:], "boot", "startup", "permanently", "forever", "automatically", "starting", "default", "anymore", "good", "reboot", "reboots") {
		// "stop nginx" may mean for now (systemctl stop) or for good
		// (disable): over ssh, "stop ssh" taken for good locks the door.
		// Asked, not guessed; "stop nginx on boot" is for good.
		if len(ts) > n+1 && !ts[n].quoted && ts[n].w == "using" {
			// "stop using docker": for good. A service is turned off;
			// anything else is asked about as a package.
			rest := ts[n+1:]
			if _, ok := serviceOption(joinW(dropServiceTrail(trimServiceWords(rest)))); ok {
				return service(text, intent.DisableService, rest)
			}
			return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.Remove, "remove "+joinRaw(rest)))
		}
		if t := ts[n]; len(ts) > n+1 && !t.quoted && strings.HasSuffix(t.w, "ing") && t.lem == t.w {
			if _, ok := serviceOption(joinW(ts[n:])); !ok {
				// "stop sharing my screen": something being done, no
				// service to disable ("disable sharing my screen").
				return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
					Hint: "that is something being done now, which the program doing it stops; ask-nix changes the system's configuration (\"disable <service>\" turns a service off for good); nothing was changed"}
			}
		}
		what := joinRaw(ts[n:])
		if has(ts[n:], "port", "ports") {
			// "stop port 22": a port is no service to disable.
			return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
				Suggestions: []intent.Suggestion{sug(intent.SetOption, "close "+what)},
				Hint:        "a port is closed in the firewall, not stopped: \"close " + what + "\" stops the firewall letting connections to it in (a program listening on it keeps running)"}
		}
		ss := []intent.Suggestion{sug(intent.DisableService, "disable "+what)}
		if _, ok := serviceOption(joinW(dropServiceTrail(trimServiceWords(ts[n:])))); !ok && len(ts)-n > 1 {
			// "stop docker logging": "disable docker logging" names no
			// service either; a word alone may be one the option index
			// knows.
			ss = nil
		}
		say := "disable " + what
		if ss == nil {
			say = "disable <service>"
		}
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Suggestions: ss,
			Hint: "stopping a service for now is `sudo systemctl stop <unit>` (it starts again at the next switch or boot); ask-nix changes the configuration: \"" + say + "\" turns it off for good"}
	}
	if kind == intent.EnableService {
		// "set up docker to start at boot", "configure ssh to run at
		// startup": the service, started at boot (ruleService reads
		// the boot words from the whole request).
		if k := toStartAtBoot(ts[n:]); k > 0 {
			return service(text, kind, ts[n:n+k])
		}
	}
	return service(text, kind, ts[n:])
}

// toStartAtBoot is where "to start at boot" begins in a service's words
// ("docker to start at boot"); 0 when they end in no such thing.
func toStartAtBoot(rest []token) int {
	for k := 1; k+2 < len(rest); k++ {
		if rest[k].quoted || rest[k].w != "to" {
			continue
		}
		if v := rest[k+1]; v.quoted || v.w != "start" && v.w != "run" && v.w != "launch" && v.w != "autostart" {
			return 0
		}
		if !has(rest[k+2:], "boot", "startup", "automatically", "reboot") {
			return 0
		}
		for _, t := range rest[k+2:] {
			if t.quoted || !bootTrail[t.w] && t.w != "automatically" {
				return 0
			}
		}
		return k
	}
	return 0
}

// onAndOff answers "enable the firewall off", "disable ssh on": a switch
// verb and the opposite word at the end. Which is meant is not guessed,
// by any rule: read by the verb, "enable flakes off" would turn flakes
// on. nil when ts says no such thing.
func onAndOff(text string, ts []token) error {
	last := ts[len(ts)-1]
	if last.quoted || last.w != "on" && last.w != "off" || len(ts) < 3 {
		return nil
	}
	kind, n := switchVerb(ts)
	if n == 0 || len(ts) < n+2 || !(kind == intent.EnableService && last.w == "off" || kind == intent.DisableService && last.w == "on") {
		return nil
	}
	what := joinRaw(trimServiceWords(ts[n : len(ts)-1]))
	nu := &intent.NotUnderstood{Request: text,
		Hint: "this says both on and off: say \"enable " + what + "\" or \"disable " + what + "\"; nothing was changed"}
	for _, ex := range []string{"enable " + what, "disable " + what} {
		// Only what reads as said ("enable sleep" does not).
		if in, err := parse(ex, false); err == nil && in.Kind.Writes() {
			nu.Suggestions = append(nu.Suggestions, sug(in.Kind, ex))
		}
	}
	return nu
}

// portScope says where a port opened for one interface or one network
// is set, when ts names one ("on eth0", "for 192.168.1.0/24", "to my
// lan"), else "".
func portScope(ts []token) string {
	for i, t := range ts {
		if t.quoted || i == 0 {
			continue
		}
		prev := ts[i-1].w
		switch {
		case (prev == "on" || prev == "for" || prev == "via") && (isInterface(t.w) || t.w == "interface"):
			return "one interface's ports are networking.firewall.interfaces.<name>.allowedTCPPorts (and UDP), which you set in your NixOS configuration"
		case isAddr(t.raw) || isPrefix(t.raw) || t.w == "lan" || t.w == "localhost" || t.w == "subnet" || t.w == "network" && (prev == "local" || prev == "my" || prev == "home"):
			return "ports for some addresses only take firewall rules (networking.firewall.extraInputRules with nftables, or extraCommands), which you write in your NixOS configuration; a service that listens on localhost only needs no open port"
		}
	}
	return ""
}

// isInterface: a Linux network interface name as people type them.
func isInterface(w string) bool {
	for _, p := range []string{"eth", "enp", "eno", "ens", "wlan", "wlp", "wg", "tailscale", "br", "docker", "virbr", "tun", "lo"} {
		if rest, ok := strings.CutPrefix(w, p); ok && rest != "" && strings.Trim(rest, "0123456789sp") == "" {
			return true
		}
	}
	return w == "lo" || w == "tailscale0"
}

// isPrefix: an IP network in CIDR form.
func isPrefix(s string) bool {
	p, err := netip.ParsePrefix(s)
	return err == nil && p.IsValid()
}

// startLead is how many words open "make docker start at boot", "i
// want docker to start at boot", "let ssh start on boot": 0 if none.
func startLead(ts []token) int {
	if len(ts) == 0 || ts[0].quoted {
		return 0
	}
	switch ts[0].w {
	case "make", "let", "have", "get":
		// "have docker start at boot", "get ssh to run at startup"
		return 1
	case "configure", "set", "tell":
		// "configure ssh to run at startup", "set sshd to start on
		// boot": ruleService takes them only with "to" and the boot
		// words after the name, never "set ssh to 2222".
		return 1
	}
	return prefix(ts, wantLead)
}

// stateLead open a request for a state ("make sure ssh is on");
// stateOn and stateOff are the states.
// stateSaid reads "make sure docker is running at boot", "ensure
// docker runs at startup", "make sure nginx starts on boot" as "make
// sure docker is running": when at boot is said after the state, it
// goes (ruleService reads it from the whole request), and running said
// as a verb is the state.
func stateSaid(ts []token) []token {
	lead := prefix(ts, stateLead)
	if lead == 0 {
		return ts
	}
	end := len(ts)
	for end > lead+1 && !ts[end-1].quoted && bootTrail[ts[end-1].w] && ts[end-1].w != "start" && ts[end-1].w != "starts" && ts[end-1].w != "up" {
		end--
	}
	if end < len(ts) && !has(ts[end:], "boot", "startup", "reboot", "boots", "automatically") {
		end = len(ts)
	}
	if end > lead+2 && ts[end-1].w == "up" && (ts[end-2].w == "starts" || ts[end-2].w == "start") {
		end-- // "starts up"
	}
	if l := ts[end-1]; end > lead+1 && !l.quoted && (l.w == "runs" || l.w == "starts" || l.w == "run" || l.w == "start" || l.w == "started") {
		out := append(slices.Clip(ts[:end-1]), token{w: "is", lem: "is", raw: "is"}, token{w: "running", lem: "running", raw: "running"})
		if l.w == "started" && end-2 > lead && (ts[end-2].w == "is" || ts[end-2].w == "gets") {
			out = append(slices.Clip(ts[:end-2]), out[end-1:]...)
		}
		return out
	}
	return ts[:end]
}

// notNeeded reads "docker is no longer needed", "vim and nano are not
// needed anymore", "htop isn't needed": the names said first, or nil.
func notNeeded(ts []token) []token {
	end := len(ts)
	for end > 0 && !ts[end-1].quoted && (ts[end-1].w == "anymore" || ts[end-1].w == "any" || ts[end-1].w == "more" || ts[end-1].w == "now") {
		end--
	}
	if end < 4 || ts[end-1].quoted || ts[end-1].w != "needed" && ts[end-1].w != "required" && ts[end-1].w != "wanted" {
		return nil
	}
	k := end - 1
	switch {
	case ts[k-1].w == "not":
		k--
	case ts[k-1].w == "longer" && ts[k-2].w == "no":
		k -= 2
	default:
		return nil
	}
	if k < 2 || ts[k-1].quoted || ts[k-1].w != "is" && ts[k-1].w != "are" {
		return nil
	}
	return ts[:k-1]
}

// forOneUser: ts is "for me", "only for me", "for my user", "just for
// my account", "for user alice": one user, not the machine.
func forOneUser(ts []token) bool {
	var ws []string
	for _, t := range ts {
		if t.quoted {
			return false
		}
		if t.w != "only" && t.w != "just" && t.w != "for" {
			ws = append(ws, t.w)
		}
	}
	if !slices.ContainsFunc(ts, func(t token) bool { return t.w == "for" }) {
		return false
	}
	switch strings.Join(ws, " ") {
	case "me", "myself", "my user", "my account", "my user account", "this user", "the current user", "me only":
		return true
	}
	return len(ws) == 2 && (ws[0] == "user" || ws[0] == "the") && ws[1] != "users" && ws[1] != "system"
}

// installedSaid reads "make sure htop is installed", "ensure git and
// vim are installed", "htop should be installed", "htop should be
// removed": the names and what is to be done, or nil.
func installedSaid(ts []token) ([]token, intent.Kind) {
	n := len(ts)
	if n < 3 || ts[n-1].quoted {
		return nil, ""
	}
	kind := intent.Install
	switch ts[n-1].w {
	case "installed":
	case "removed", "uninstalled", "gone", "deleted":
		kind = intent.Remove
	default:
		return nil, ""
	}
	end, should := n-1, false
	switch {
	case ts[end-1].w == "is" || ts[end-1].w == "are":
		end--
	case end > 2 && ts[end-1].w == "be" && (ts[end-2].w == "should" || ts[end-2].w == "must"):
		end, should = end-2, true
	default:
		return nil, ""
	}
	lead := prefix(ts, stateLead)
	if lead == 0 && !should || asksQuestion(ts) {
		return nil, "" // "is htop installed", "which packages are installed"
	}
	if end <= lead {
		return nil, ""
	}
	return ts[lead:end], kind
}

// asideStarts: ts[i] opens an aside after the names said: a
// parenthesis, a dash standing alone, or "which"/"that is" after a
// comma. The aside runs to the end of the request.
func asideStarts(text string, ts []token, i int) bool {
	t := ts[i]
	if t.quoted || i == 0 {
		return false
	}
	if t.start > 0 && text[t.start-1] == '(' {
		return true
	}
	if t.w == "-" || t.w == "–" || t.w == "—" {
		return true
	}
	// "which" is a package too ("install git, which and vim"): an aside
	// only when a clause follows.
	return (t.w == "which" || t.w == "that") && commaBefore(text, ts[i-1], t) && i+1 < len(ts) &&
		(ts[i+1].w == "is" || ts[i+1].w == "are" || ts[i+1].w == "was" || ts[i+1].w == "i" || ts[i+1].w == "we" || ts[i+1].w == "does" || ts[i+1].w == "lets")
}

// editRemoved answers "remove the last change", "delete my last edit":
// an edit to take back, never packages named "last" and "change". Asked
// rather than done (undo writes, and "delete the last edit" may mean the
// history entry): "undo" is suggested with the count said. nil when rest
// is not that.
func editRemoved(text string, rest []token) *intent.NotUnderstood {
	noun, which, count := false, false, int64(1)
	for _, t := range rest {
		switch {
		case t.quoted:
			return nil
		case undoNouns[t.lem] || t.w == "changes" || t.w == "edits":
			noun = true
		case t.w == "the" || t.w == "my" || t.w == "last" || t.w == "previous" || t.w == "latest" || t.w == "recent":
			which = true // "remove change" alone may be a name
		case t.w == "most" || t.w == "i" || t.w == "made":
		default:
			n, ok := number(t)
			if !ok {
				return nil
			}
			count = n
		}
	}
	if !noun || !which {
		return nil
	}
	ex := "undo the last change"
	if count > 1 {
		ex = "undo the last " + strconv.FormatInt(count, 10) + " changes"
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.Undo, ex)},
		Hint:        "an edit is taken back with undo (the fragment as it was before it, as a new edit); `ask-nix history` lists them; nothing was changed"}
}

// partVerbs start a part of a request that asks for something of its
// own ("enable ssh and configure it"): never a service to switch.
var partVerbs map[string]bool

var stateLead []phrase
var stateOn map[string]bool
var stateOff map[string]bool

// trimServiceWords drops the articles before a service's name ("the
// firewall").
func trimServiceWords(ts []token) []token {
	for len(ts) > 1 && serviceLead[ts[0].w] && !ts[0].quoted {
		ts = ts[1:]
	}
	return ts
}

// appFormats are other ways to ship an application; formatLead the
// words that say one is asked for ("as a flatpak").
var appFormats map[string]bool
var formatLead map[string]bool

// otherInstallers are package managers of languages and of other
// systems, said as how to install ("install ripgrep with cargo").
var otherInstallers map[string]bool

// languageOf: one of said is the language whose tool installer is
// ("install rust with cargo", "install nodejs with npm"): both wanted.
func languageOf(installer string, said []string) bool {
	var langs []string
	switch installer {
	case "cargo":
		langs = []string{"rust", "cargo"}
	case "npm", "yarn", "pnpm":
		langs = []string{"node", "npm", "yarn", "pnpm"}
	case "gem":
		langs = []string{"ruby"}
	}
	return slices.ContainsFunc(said, func(name string) bool {
		return slices.ContainsFunc(langs, func(l string) bool { return strings.HasPrefix(strings.ToLower(name), l) })
	})
}

// bootTrail are the words of "at boot", "on startup", "automatically
// when the system starts".
var bootTrail map[string]bool

// dropServiceTrail drops trailing words ("on boot", "server") one at a
// time, checking first whether the words so far name a service ("emacs
// daemon", "x server").
func dropServiceTrail(rest []token) []token {
	for {
		if _, ok := serviceOption(joinW(rest)); ok {
			return rest
		}
		k := suffix(rest, serviceTrail)
		if n := len(rest); k == 0 && n > 1 && !rest[n-1].quoted && rest[n-1].w == "access" && !rest[n-2].quoted && sshWords[rest[n-2].w] {
			// "enable ssh access": the server others log in to, as
			// "i need ssh access" is answered ("docker access" is the
			// docker group, never docker on).
			k = 1
		}
		if n := len(rest); k == 0 && n > 1 && !rest[n-1].quoted && (rest[n-1].w == "shell" || rest[n-1].w == "shells") {
			// "enable the fish shell": the shell by its name.
			if sh, ok := loginShell(rest[n-2].w); ok && sh == rest[n-2].w && !rest[n-2].quoted {
				k = 1
			}
		}
		if k == 0 || k == len(rest) {
			return rest
		}
		if askedAbout(rest) {
			return rest // "proton vpn" is no "proton"
		}
		if has(rest[len(rest)-k:], "server", "daemon") {
			// "git daemon", "steam server": a server of a program the
			// table knows as a program (programs.git) is another thing
			// (services.gitDaemon), looked up as said.
			// An agent (programs.gnupg.agent) is a daemon itself.
			if o, ok := serviceOption(joinW(rest[:len(rest)-k])); ok && strings.HasPrefix(o, "programs.") && !strings.HasSuffix(o, ".agent.enable") {
				return rest
			}
		}
		rest = rest[:len(rest)-k]
	}
}

// askedAbout reports whether the words ts, folded as serviceKey folds
// them, are a key of serviceAsked, without allocating: it runs for
// every service said with a trailing word.
func askedAbout(ts []token) bool {
	var buf [48]byte
	n := 0
	for _, t := range ts {
		for i := 0; i < len(t.w); i++ {
			c := t.w[i]
			if c == ' ' || c == '-' || c == '_' {
				continue
			}
			if n == len(buf) {
				return false // longer than any key
			}
			buf[n] = c // t.w is lower case already
			n++
		}
	}
	_, ok := serviceAsked[string(buf[:n])]
	return ok
}

// answerLeads begin requests answered with what does them rather than
// done ("give alice sudo access", "let bob use sudo", "use systemd-boot"),
// besides requestLeads.
var answerLeads map[string]bool

// switchVerb reads the words that turn something on or off at the start
// of ts: the kind, and how many words they are (0: none).
func switchVerb(ts []token) (intent.Kind, int) {
	if n := prefix(ts, enableLead); n > 0 {
		return intent.EnableService, n
	}
	return intent.DisableService, prefix(ts, disableLead)
}

// offAnswer answers "disable swap", "turn off screen sharing", "disable
// gaming": a thing no one switch turns on is not turned off by one
// either. Its answer, which says what provides it, is given with each
// request it suggests turned the other way ("enable zram": "disable
// zram", "install piper": "remove piper"), where they had been offered
// as they were, turning on what was asked to be off; a look at an
// option ("show option nix.settings.sandbox") stays as it is.
func offAnswer(text, said string, on []intent.Suggestion, why string) *intent.NotUnderstood {
	var ss []intent.Suggestion
	for _, s := range on {
		var off intent.Suggestion
		if s.Kind == intent.ShowOption {
			off = s // a look, either way
		} else if rest, ok := strings.CutPrefix(s.Example, "enable "); ok {
			off = sug(intent.DisableService, "disable "+rest)
		} else if rest, ok := strings.CutPrefix(s.Example, "install "); ok {
			off = sug(intent.Remove, "remove "+rest)
		} else {
			continue
		}
		if !slices.Contains(ss, off) {
			ss = append(ss, off)
		}
	}
	return &intent.NotUnderstood{Request: text, Suggestions: ss,
		Hint: "no one switch turns " + said + " off, as none turns it on: what provides it is turned off by its own request (where your configuration turned it on, there); what it is: " + why}
}

// serviceVerb is the word that asks for kind: "disable" for
// DisableService, else "enable".
func serviceVerb(kind intent.Kind) string {
	if kind == intent.DisableService {
		return "disable"
	}
	return "enable"
}

// service makes an enable/disable intent for the words naming a service.
func service(text string, kind intent.Kind, rest []token) (intent.Intent, bool, error) {
	verb := serviceVerb(kind)
	rest = trimServiceWords(rest)
	rest = dropServiceTrail(rest)
	if len(rest) == 0 {
		return intent.Intent{}, true, notUnderstoodWith(text, sug(kind, verb+" ssh"))
	}
	if len(rest) == 1 && looksLikeOption(rest[0]) {
		opt := rest[0].raw
		if sysctl, ok := sysctlNamed(rest[0].w); ok && (kind == intent.EnableService || kind == intent.DisableService) {
			// "enable net.ipv4.ip_forward": a kernel setting, which
			// has no .enable; its words where ask-nix knows them.
			if sc, ok := serviceSysctls[serviceKey(rest[0].w)]; ok && sysctl == `boot.kernel.sysctl."`+sc.name+`"` {
				v, note := sc.on, sc.onNote
				if kind == intent.DisableService {
					v, note = sc.off, sc.offNote
				}
				return intent.Intent{Kind: intent.SetOption, Option: sysctl, Value: v, Notes: []string{note}}, true, nil
			}
			// Others take a number or a word, not on or off.
			return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.SetOption, "set "+rest[0].w+" to 1")},
				Hint: rest[0].w + " is a kernel setting (sysctl), set in boot.kernel.sysctl to a number or a word, not turned on or off: say the value (\"set " + rest[0].w + " to 1\"); `sysctl " + rest[0].w + "` shows it now; nothing was changed"}
		}
		if !strings.HasSuffix(opt, ".enable") {
			opt += ".enable"
		}
		return intent.Intent{Kind: kind, Option: opt, Service: rest[0].raw}, true, nil
	}
	// "enable ipv4 and ipv6 forwarding": the words of two kernel
	// settings said as one, not two services (nor one for a purpose).
	both := (kind == intent.EnableService || kind == intent.DisableService) && len(rest) > 2 &&
		slices.ContainsFunc(rest, func(t token) bool { return t.w == "forwarding" }) && bothForwarding(serviceKey(joinW(rest)))
	// Several services: one request each.
	var groups [][]token
	cur := []token{}
	for _, t := range rest {
		if !t.quoted && (t.w == "and" || t.w == "&" || t.w == "plus" || t.w == "also" || t.w == "then") {
			if len(cur) > 0 {
				groups = append(groups, cur)
			}
			cur = []token{}
			continue
		}
		cur = append(cur, t)
	}
	if len(cur) > 0 {
		groups = append(groups, cur)
	}
	if len(groups) > 1 && !both {
		var ss []intent.Suggestion
		hint := ""
		for _, g := range groups {
			if len(ss) == 3 {
				break
			}
			// "enable the firewall and open port 22": a request of its
			// own after "and" is suggested as itself.
			_, action := actionVerbs[g[0].lem]
			own := !g[0].quoted && partVerbs[g[0].lem] || ownVerb(g[0])
			if _, n := switchVerb(g); action || own || n > 0 || openVerbs[g[0].lem] || closeVerbs[g[0].lem] {
				said := joinW(g)
				if len(groups[0]) > 0 && slices.ContainsFunc(g, func(t token) bool { return !t.quoted && (t.w == "it" || t.w == "them") }) {
					// "enable docker and start it at boot": it is the
					// first part's service.
					ws := make([]string, len(g))
					for k, t := range g {
						ws[k] = t.w
						if !t.quoted && (t.w == "it" || t.w == "them") {
							ws[k] = joinW(groups[0])
						}
					}
					said = strings.Join(ws, " ")
				}
				in, err := Parse(said)
				if err == nil {
					ss = append(ss, sug(in.Kind, said))
					continue
				}
				// "enable bluetooth and disable wifi", "enable docker and
				// add me to the docker group": the part not understood
				// says why, never given this verb too ("enable disable
				// wifi", "enable add me to ...").
				var nu *intent.NotUnderstood
				if errors.As(err, &nu) {
					if nu.Hint != "" || n > 0 {
						// Without a word of why, a part's suggestions
						// are the fallback's guesses ("help").
						ss = append(ss, nu.Suggestions...)
					}
					if nu.Hint != "" && hint == "" {
						hint = "in \"" + joinRaw(g) + "\": " + nu.Hint
					}
					continue
				}
			}
			if kind == intent.DisableService && radioWords[serviceKey(joinW(g))] {
				// "turn off bluetooth and wifi": "disable wifi" is
				// refused, and says why, here as when said alone; the
				// NetworkManager switch, which can cut off a machine
				// reached over the network, is named in the why only,
				// never offered beside the other part.
				r := radioOff(text, joinRaw(g))
				if hint == "" {
					hint = "in \"" + joinRaw(g) + "\": " + r.Hint
				}
				continue
			}
			// "turn the firewall off and ssh on": each part's own on or
			// off, never "enable firewall off".
			if l := g[len(g)-1]; len(g) > 1 && !l.quoted && (l.w == "on" || l.w == "off") {
				k, v := intent.EnableService, "enable"
				if l.w == "off" {
					k, v = intent.DisableService, "disable"
				}
				ss = append(ss, sug(k, v+" "+joinW(trimServiceWords(g[:len(g)-1]))))
				continue
			}
			// "enable hibernation and ssh": a part that is itself
			// answered with what does it ("enable hibernation" has no
			// one setting) is never suggested; its answer is given.
			// A service only the option index may know stays.
			one := verb + " " + joinW(g)
			if more, h, ok := partAnswer(one); ok {
				ss = append(ss, more...)
				if h != "" && hint == "" {
					hint = "in \"" + joinRaw(g) + "\": " + h
				}
				continue
			}
			ss = append(ss, sug(kind, one))
		}
		ss = slices.CompactFunc(ss, func(a, b intent.Suggestion) bool { return a == b })
		if len(ss) > 3 {
			ss = ss[:3]
		}
		if len(ss) == 0 {
			ss = append(ss, sug(intent.DisableService, "disable networkmanager"))
		}
		nu := notUnderstoodWith(text, ss...).(*intent.NotUnderstood)
		nu.Hint = hint
		return intent.Intent{}, true, nu
	}
	// "enable tlp for power saving", "enable printing so I can print":
	// what it is for is no part of the setting, and ask-nix does not
	// guess past it ("enable ssh for alice" could mean something else);
	// the service alone is suggested.
	for k := 1; k < len(rest) && k <= 2 && !both; k++ {
		if t := rest[k]; !t.quoted && purposeWords[t.w] && k < len(rest)-1 {
			if _, whole := serviceOption(joinW(rest)); whole {
				break // "32-bit support for opengl": a name of its own
			}
			name := joinW(rest[:k])
			if more, h, ok := partAnswer(verb + " " + name); ok && h != "" {
				// "enable 2fa for ssh": the name alone is answered (no
				// one switch), so that answer is this one too; never
				// a suggestion that is not understood in turn.
				return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Suggestions: more, Hint: h}
			}
			return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
				Suggestions: []intent.Suggestion{sug(kind, verb+" "+name)},
				Hint:        "what follows " + name + " (what it is for, when, or why) is no part of its setting: say \"" + verb + " " + name + "\" alone"}
		}
	}
	said := joinW(rest)
	if kind == intent.DisableService && radioWords[serviceKey(said)] {
		return intent.Intent{}, true, radioOff(text, said)
	}
	key := serviceKey(said)
	if err := bareUpdates(text, kind, key); err != nil {
		return intent.Intent{}, true, err
	}
	if err := nfsAsked(text, kind, key); err != nil {
		return intent.Intent{}, true, err
	}
	if app, ok := appsNoService[key]; ok && kind == intent.DisableService {
		// "disable bitwarden": an app NixOS runs no service of is a
		// package, turned off by removing it (the plan says so when the
		// fragment does not have it).
		return intent.Intent{Kind: intent.Remove, Packages: []string{app.attr}, Notes: []string{app.what + "; it is removed rather than disabled"}}, true, nil
	}
	if distributedBuilds[key] && kind == intent.DisableService {
		// Off is the one switch; on needs the machines as well
		// (serviceAsked).
		return intent.Intent{Kind: intent.SetOption, Option: "nix.distributedBuilds", Value: false}, true, nil
	}
	if bothForwarding(key) && (kind == intent.EnableService || kind == intent.DisableService) {
		// "enable ipv4 and ipv6 forwarding": both kernel settings, one
		// edit.
		var parts []intent.Intent
		for _, sc := range []sysctlSwitch{ipv4Forwarding, ipv6Forwarding} {
			v, note := sc.on, sc.onNote
			if kind == intent.DisableService {
				v, note = sc.off, sc.offNote
			}
			parts = append(parts, intent.Intent{Kind: intent.SetOption, Option: `boot.kernel.sysctl."` + sc.name + `"`, Value: v, Notes: []string{note}})
		}
		return intent.Join(parts), true, nil
	}
	if err := portForwardingAsked(text, kind, key); err != nil {
		return intent.Intent{}, true, err
	}
	if sc, ok := serviceSysctls[key]; ok && (kind == intent.EnableService || kind == intent.DisableService) {
		// "enable sysrq": a kernel setting with no NixOS switch of its
		// own, set in boot.kernel.sysctl.
		v, note := sc.on, sc.onNote
		if kind == intent.DisableService {
			v, note = sc.off, sc.offNote
		}
		return intent.Intent{Kind: intent.SetOption, Option: `boot.kernel.sysctl."` + sc.name + `"`, Value: v, Notes: []string{note}}, true, nil
	}
	if hint, ok := serviceAsked[key]; ok {
		// "enable openvpn": no one switch NixOS has; asked, not chosen.
		if kind == intent.DisableService && slices.ContainsFunc(hint.ss, func(s intent.Suggestion) bool { return s.Kind != intent.ShowOption }) {
			return intent.Intent{}, true, offAnswer(text, said, hint.ss, hint.why)
		}
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Suggestions: hint.ss, Hint: hint.why}
	}
	if app, ok := appsNoService[key]; ok && kind == intent.EnableService {
		// "enable discord": installed, not enabled; asked, as the
		// option index would guess a service of another program.
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.Install, "install "+app.attr)},
			Hint: app.what + "; \"install " + app.attr + "\" installs it. Nothing was changed"}
	}
	if (key == "touchpad" || key == "trackpad") && kind == intent.DisableService {
		// The touchpad alone, not libinput, which runs every mouse and
		// keyboard of an X session too.
		return intent.Intent{Kind: intent.SetOption, Option: "services.libinput.touchpad.sendEventsMode", Value: "disabled",
			Notes: []string{"services.libinput.touchpad.sendEventsMode = \"disabled\" turns the touchpad off in X11 sessions; GNOME and KDE on Wayland have their own switch in the touchpad settings; \"disabled-on-external-mouse\" turns it off only while a mouse is plugged in"}}, true, nil
	}
	if im, ok := inputMethods[key]; ok {
		// "enable ibus", "enable fcitx": the input method framework is
		// a switch and a type of one option group.
		if kind != intent.EnableService {
			return intent.Intent{Kind: intent.SetOption, Option: "i18n.inputMethod.enable", Value: false}, true, nil
		}
		in := intent.Join([]intent.Intent{
			{Kind: intent.SetOption, Option: "i18n.inputMethod.enable", Value: true},
			{Kind: intent.SetOption, Option: "i18n.inputMethod.type", Value: im},
		})
		langs := "i18n.inputMethod.ibus.engines"
		if im == "fcitx5" {
			langs = "i18n.inputMethod.fcitx5.addons"
		}
		in.Notes = []string{"the languages it types are a list of packages, " + langs + " (pkgs.ibus-engines.mozc for Japanese, ...), set in configuration.nix, which ask-nix does not write"}
		return in, true, nil
	}
	if w, ok := serviceWith[key]; ok {
		// "enable ollama with cuda": the module, and the one setting
		// the words add to it.
		if kind != intent.EnableService {
			return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.DisableService, "disable "+w.word), sug(intent.SetOption, "unset "+w.option)},
				Hint: "\"disable " + w.word + "\" turns " + w.word + " off; \"unset " + w.option + "\" keeps it, without " + w.what + "; say which. Nothing was changed"}
		}
		in := intent.Join([]intent.Intent{{Kind: intent.EnableService, Option: w.module, Service: w.word}, {Kind: intent.SetOption, Option: w.option, Value: w.value}})
		in.Notes = []string{w.note}
		return in, true, nil
	}
	if f, ok := serviceFeatures[key]; ok {
		// "enable obs virtual camera": the feature, and the module it is
		// part of, which does nothing of it while off; turned off, the
		// feature alone.
		feature := intent.Intent{Kind: intent.SetOption, Option: f.option, Value: kind == intent.EnableService}
		if kind != intent.EnableService {
			return feature, true, nil
		}
		in := intent.Join([]intent.Intent{{Kind: intent.EnableService, Option: f.module, Service: said}, feature})
		in.Notes = []string{f.note}
		return in, true, nil
	}
	if b, ok := serviceBundles[key]; ok && kind == intent.EnableService {
		// "enable sound": the switch and the parts of it the words ask
		// for, in one edit; turned off, the switch alone does it.
		parts := []intent.Intent{{Kind: intent.EnableService, Option: b.module, Service: said}}
		for _, o := range b.also {
			parts = append(parts, intent.Intent{Kind: intent.SetOption, Option: o, Value: true})
		}
		in := intent.Join(parts)
		in.Notes = []string{b.note}
		return in, true, nil
	}
	if opt, ok := serviceOption(said); ok {
		if !strings.HasSuffix(opt, ".enable") {
			// A switch of another name (nix.gc.automatic): set it, since
			// enable-service means an .enable option.
			return intent.Intent{Kind: intent.SetOption, Option: opt, Value: kind == intent.EnableService}, true, nil
		}
		in := intent.Intent{Kind: kind, Option: opt, Service: said}
		if note, ok := serviceChosen[key]; ok {
			in.Notes = []string{note}
		}
		return in, true, nil
	}
	if len(rest) >= 2 && slices.ContainsFunc(rest, func(t token) bool { return !t.quoted && enabledConcepts[t.w] }) {
		// "set up ssh keys", "enable a cron job": a setting "add ..."
		// names (keys, jobs, aliases), answered where it is set; never
		// an option the index finds for the words. ("ssh port
		// forwarding" and "user namespaces" are other things than
		// "add port" and "add user".)
		if nu := addConcept(text, append([]token{{w: "add", lem: "add", raw: "add"}}, rest...)); nu != nil {
			return intent.Intent{}, true, nu
		}
	}
	ss := serviceSuggestions(kind, verb, said)
	if s, ok := correctedService(verb, rest); ok && !slices.Contains(ss, s) {
		// "enable flaks": a word the other rules read, misspelt.
		ss = append([]intent.Suggestion{s}, ss...)
	}
	nu := notUnderstoodWith(text, ss...).(*intent.NotUnderstood)
	if h, ok := serviceUnknown[key]; ok {
		// Still an unknown service, so an option index that has its
		// switch finds it; without one, what there is instead.
		nu.Suggestions, nu.Hint = nil, h.why
		if kind == intent.EnableService {
			nu.Suggestions = h.ss
		}
	}
	if len(nu.Suggestions) == 0 && nu.Hint == "" {
		nu.Hint = ServicesHint
	}
	return intent.Intent{}, true, &UnknownService{Kind: kind, Said: said, NotUnderstood: nu}
}

// enabledConcepts are the words of addConcepts that, said with a
// service verb ("set up ssh keys"), mean the same setting.
var enabledConcepts map[string]bool

// radioOff answers "turn off wifi", "wifi off": the radio, which is no
// setting; the NetworkManager switch the word stands for when turned on
// runs every connection, wired ones too.
func radioOff(text, said string) *intent.NotUnderstood {
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.DisableService, "disable networkmanager")},
		Hint: "turning the wifi radio off is no configuration change: `nmcli radio wifi off` (or `rfkill block wifi`) does it now; " +
			"ask-nix's \"" + said + "\" is NetworkManager, which runs every network connection, wired ones too, so turning it off can cut off a machine reached over the network. " +
			"Nothing was changed; if NetworkManager is what you mean, say \"disable networkmanager\""}
}

// serviceUnknown: words the service table lacks whose near misses mean
// something else (zswap is no sway), answered with what there is when
// the option index has no switch of that name either; a newer NixOS
// may have one (boot.zswap), which the index then finds.
var serviceUnknown map[string]struct {
	ss  []intent.Suggestion
	why string
}

// partAnswer is the answer to one part of a joined request ("enable
// hibernation" in "install vim and enable hibernation") when that part,
// said alone, is not understood either: its suggestions and hint, to be
// given instead of suggesting the part as it stands. A service only the
// option index may know is no such answer (ok false): it stays a
// suggestion, which the index then checks.
func partAnswer(part string) (ss []intent.Suggestion, hint string, ok bool) {
	_, err := Parse(part)
	var nu *intent.NotUnderstood
	var us *UnknownService
	if err == nil || !errors.As(err, &nu) || errors.As(err, &us) {
		return nil, "", false
	}
	return nu.Suggestions, nu.Hint, true
}

// serviceBundles are service words whose module's switch alone does
// not give what they ask for: "enable sound" turned on PipeWire without
// its ALSA and PulseAudio parts, through which nearly every program
// plays, so nothing was heard. Turned on, the switch and the parts, as
// the NixOS installer's configuration.nix sets them; turned off, the
// switch alone (the parts do nothing without it).
var serviceBundles map[string]serviceBundle

// serviceBundle is a module's switch and the parts turned on with it;
// swapNote is the note when the module takes another's place ("use
// pipewire instead of pulseaudio"), where it is given whole too.
type serviceBundle struct {
	module   string
	also     []string
	note     string
	swapNote string
}

// addSoundBundles gives sound's words their bundle (run by loadTables
// after the tables are built).
func addSoundBundles() {
	sound := serviceBundle{"services.pipewire.enable", []string{"services.pipewire.alsa.enable", "services.pipewire.pulse.enable", "security.rtkit.enable"},
		"sound is PipeWire with its ALSA and PulseAudio parts (what programs play through) and rtkit (realtime priority, so sound does not stutter), as the NixOS installer sets it up; " +
			"it works after the switch and a new login; `wpctl status` lists the outputs, and pavucontrol picks one",
		"PipeWire takes PulseAudio's place with its PulseAudio part (services.pipewire.pulse.enable), so programs made for PulseAudio keep playing, and its ALSA part and rtkit, as the NixOS installer sets sound up; " +
			"it works after the switch and a new login; `wpctl status` lists the outputs"}
	for _, k := range []string{"sound", "audio", "pipewireaudio", "pipewiresound", "soundwithpipewire", "audiowithpipewire", "soundviapipewire"} {
		serviceBundles[k] = sound
	}
	// Network printers are found by Avahi (mDNS), with .local names
	// resolved through nss-mdns, as the NixOS wiki's printing page sets
	// it up; services.avahi.openFirewall is on by default.
	printers := serviceBundle{"services.printing.enable", []string{"services.avahi.enable", "services.avahi.nssmdns4"},
		"network printers are found through Avahi: printing (CUPS) with services.avahi.enable and services.avahi.nssmdns4 (which resolves the printers' .local names), as the NixOS wiki sets it up, " +
			"Avahi's port opened by its own default (services.avahi.openFirewall); add the printer in your desktop's printer settings or at http://localhost:631 after the switch", ""}
	for _, k := range []string{"networkprinterdiscovery", "printerdiscovery", "networkprinters", "networkprinter", "networkprinting", "wirelessprinter",
		"wirelessprinters", "wirelessprinting", "wifiprinter", "wifiprinters", "wifiprinting", "printerautodiscovery", "printersonthenetwork", "printingonthenetwork"} {
		serviceBundles[k] = printers
	}
}

// addDistributedBuildsAsked answers "enable distributed builds" by
// each of its words (run by loadTables after the tables are built).
func addDistributedBuildsAsked() {
	// "enable distributed builds": on needs the machines too, which
	// ask-nix does not write; the switch alone is suggested with them.
	for k := range distributedBuilds {
		serviceAsked[k] = struct {
			ss  []intent.Suggestion
			why string
		}{[]intent.Suggestion{sug(intent.SetOption, "set nix.distributedBuilds to true")}, distributedBuildsHint}
	}
}

// serviceWith are services said with what they are to use ("ollama with
// cuda"), keyed by serviceKey: the module, its service word, and the one
// setting the words add.
var serviceWith map[string]struct {
	word, module, option, what, note string
	value                            any
}

// addOllamaAcceleration adds ollama said with CUDA or ROCm (run by
// loadTables after the tables are built).
func addOllamaAcceleration() {
	cuda := struct {
		word, module, option, what, note string
		value                            any
	}{"ollama", "services.ollama.enable", "services.ollama.acceleration", "CUDA",
		"Ollama runs models on an NVIDIA card with CUDA (services.ollama.acceleration = \"cuda\"), which needs NVIDIA's driver (\"enable the open nvidia driver\") and unfree packages allowed (\"allow unfree packages\", your decision); CUDA builds take long where the binary cache has none",
		"cuda"}
	rocm := cuda
	rocm.what, rocm.value = "ROCm", "rocm"
	rocm.note = "Ollama runs models on an AMD card with ROCm (services.ollama.acceleration = \"rocm\"); cards ROCm does not list may need services.ollama.rocmOverrideGfx, set in configuration.nix"
	for _, k := range []string{"ollamawithcuda", "ollamacuda", "ollamaonnvidia", "ollamawithnvidia", "ollamausingcuda"} {
		serviceWith[k] = cuda
	}
	for _, k := range []string{"ollamawithrocm", "ollamarocm", "ollamaonamd", "ollamawithamd", "ollamausingrocm"} {
		serviceWith[k] = rocm
	}
}

// serviceFeatures are features of a module said by name, whose own
// switch is no .enable option and does nothing unless the module is on.
var serviceFeatures map[string]struct{ module, option, note string }

// addServiceFeatures adds the features said by name (run by loadTables
// after the tables are built).
func addServiceFeatures() {
	obs := struct{ module, option, note string }{"programs.obs-studio.enable", "programs.obs-studio.enableVirtualCamera",
		"OBS's virtual camera needs the v4l2loopback kernel module, which programs.obs-studio.enableVirtualCamera loads, and only with programs.obs-studio.enable on, so both are set; it works after a reboot (or `modprobe v4l2loopback`)"}
	for _, k := range []string{"obsvirtualcamera", "obsvirtualcam", "obsstudiovirtualcamera", "obsvirtualwebcam", "obsstudiovirtualcam"} {
		serviceFeatures[k] = obs
	}
	pack := struct{ module, option, note string }{"virtualisation.virtualbox.host.enable", "virtualisation.virtualbox.host.enableExtensionPack",
		"VirtualBox's extension pack (USB 2 and 3, webcam passthrough, disk encryption) is Oracle's, unfree, and needs the host module on, so both are set; allow unfree packages (\"allow unfree packages\") first, and expect VirtualBox to be built on your machine, which takes long"}
	for _, k := range []string{"virtualboxextensionpack", "vboxextensionpack", "virtualboxextpack", "virtualboxoracleextensionpack"} {
		serviceFeatures[k] = pack
	}
	nixDirenv := struct{ module, option, note string }{"programs.direnv.enable", "programs.direnv.nix-direnv.enable",
		"nix-direnv is a part of direnv's module (programs.direnv.nix-direnv.enable, on with it by default), so both are set; a project's .envrc with `use flake` or `use nix` then loads its shell, cached, after `direnv allow`"}
	for _, k := range []string{"nixdirenv", "direnvnix"} {
		serviceFeatures[k] = nixDirenv
	}
	solaar := struct{ module, option, note string }{"hardware.logitech.wireless.enable", "hardware.logitech.wireless.enableGraphical",
		"Solaar is hardware.logitech.wireless.enableGraphical, a part of hardware.logitech.wireless (the udev rules for Logitech's Unifying and Bolt receivers), so both are set"}
	for _, k := range []string{"solaar", "logitechunifying", "logitechunifyingreceiver", "logitechreceiver"} {
		serviceFeatures[k] = solaar
	}
	remotePlay := struct{ module, option, note string }{"programs.steam.enable", "programs.steam.remotePlay.openFirewall",
		"Steam Remote Play needs its ports open (UDP 27031 to 27036, TCP 27036 and 27037), which programs.steam.remotePlay.openFirewall opens, with Steam's module on, so both are set"}
	for _, k := range []string{"steamremoteplay", "remoteplay", "steamremoteplayports", "steamstreaming", "steaminhomestreaming", "inhomestreaming"} {
		serviceFeatures[k] = remotePlay
	}
}

// inputMethods are the input method frameworks by the names people
// give them, to i18n.inputMethod.type's values (checked against the real
// options by TestInputMethodTypes).
var inputMethods map[string]string

// serviceChosen: service words the table reads as one of several
// things they may mean, with the note that says which.
var serviceChosen map[string]string

// ntpNote: NixOS keeps the clock in time by default, with
// systemd-timesyncd; "enable ntp" is the ntpd daemon in its place.
const ntpNote = "NixOS keeps the clock in time already, with systemd-timesyncd (services.timesyncd.enable, on by default); services.ntp is the ntpd daemon, which takes its place (for serving time to other machines, or its own servers in services.ntp.servers); `timedatectl` shows whether the clock is synchronised"

// dhcpServerHint answers "enable dhcp server": a server for other
// machines, which NixOS runs with Kea or dnsmasq, never this machine's
// own DHCP client.
const dhcpServerHint = "a DHCP server hands addresses to other machines: NixOS runs one with Kea (services.kea.dhcp4, its subnets and pools in services.kea.dhcp4.settings) or dnsmasq (services.dnsmasq, with dhcp-range in services.dnsmasq.settings), set in configuration.nix with the network's addresses, which ask-nix does not write; \"enable dhcp\" is this machine asking for its own address (networking.useDHCP), which is not this. Nothing was changed"

// acmeHint answers "enable letsencrypt": certificates are ACME's.
const acmeHint = "certificates from Let's Encrypt are NixOS's ACME: security.acme.acceptTerms = true and security.acme.defaults.email, then each web server's virtual host asks for its own (services.nginx.virtualHosts.<name>.enableACME and forceSSL; Caddy gets them by itself), all written in configuration.nix, not by ask-nix; the host must be reachable on port 80 (\"open port 80\"). Nothing was changed"

// dohHint answers "enable dns over https".
const dohHint = "encrypted DNS is a local resolver that forwards over TLS or HTTPS: dnscrypt-proxy2 (\"enable services.dnscrypt-proxy2\", DNS over HTTPS with its server list in services.dnscrypt-proxy2.settings) or systemd-resolved (\"enable resolved\", DNS over TLS with services.resolved.dnsovertls = \"true\" and servers that support it); nothing was changed"

// sandboxHint answers "enable sandbox", which the option index read as
// Chromium's.
const sandboxHint = "Nix builds in a sandbox by default on NixOS (nix.settings.sandbox, true): \"show option nix.settings.sandbox\" shows it, and it is set by its path (\"relaxed\" lets builds marked __noChroot out; false lets every build see the whole system); " +
	"a program's own sandbox is its own setting (Chromium's is security.chromiumSuidSandbox.enable). Nothing was changed"

// amdgpuAnswer: AMD's driver asked for, by any of its names.
var amdgpuAnswer struct {
	ss  []intent.Suggestion
	why string
}

// appsNoService: apps said as services ("disable bitwarden", "enable
// discord") that NixOS runs no service of, keyed by serviceKey: the
// package, which "disable" removes and "enable" suggests installing,
// and what it is.
var appsNoService map[string]struct{ attr, what string }

// distributedBuilds are the words for building on other machines, keyed
// by serviceKey.
var distributedBuilds map[string]bool

const distributedBuildsHint = "distributed builds are nix.distributedBuilds = true together with the machines to build on, nix.buildMachines = [ { hostName = \"builder\"; system = \"x86_64-linux\"; sshUser = \"builder\"; sshKey = \"/root/.ssh/id_builder\"; maxJobs = 4; } ]; in configuration.nix, which ask-nix does not write (a list of machines, with their keys); " +
	"root on this machine must reach each one over SSH without a prompt (`sudo ssh builder@builder` once), and the builder must trust it (nix.settings.trusted-users there); \"set nix.distributedBuilds to true\" alone builds nowhere else until machines are listed. Nothing was changed"

const gameControllersHint = "most game controllers need no setting: the kernel runs Xbox and PlayStation controllers over USB, and over Bluetooth once paired (\"enable bluetooth\"); \"enable steam hardware\" (hardware.steam-hardware.enable) adds the udev rules for Steam's controllers and the Steam Deck's, and hardware.xpadneo (\"enable hardware.xpadneo\") a better driver for Xbox controllers over Bluetooth. Nothing was changed"

const torrentHint = "a torrent client is an app or a server: qBittorrent's app (\"install qbittorrent\"), or Transmission or Deluge as a NixOS service with a web page (\"enable transmission\", services.deluge); say which. Nothing was changed"

const nvidiaContainersHint = "containers reach an NVIDIA card through the NVIDIA Container Toolkit: \"enable nvidia container toolkit\" (hardware.nvidia-container-toolkit.enable), with NVIDIA's driver on; a container then asks for it with `--device nvidia.com/gpu=all` (Docker 25 or newer, or Podman). Nothing was changed"

const dynamicDNSHint = "dynamic DNS keeps a name pointing at this machine's changing address: ddclient (\"enable ddclient\") or inadyn (\"enable services.inadyn\"), each set up with the provider, name and password in its settings in configuration.nix; say which. Nothing was changed"

const ttyAutologinHint = "logging a user in on the text console without a password is services.getty.autologinUser = \"<user>\" in configuration.nix, which ask-nix does not write; the graphical login's is \"enable auto login for <user>\". Nothing was changed"

const googleDriveHint = "NixOS has no Google Drive service: on GNOME, add the account in Settings > Online Accounts and it shows in Files (services.gnome.gnome-online-accounts and services.gvfs, on with GNOME); KDE Plasma reaches it through kio-gdrive (\"install kdePackages.kio-gdrive\"); " +
	"elsewhere rclone mounts it (\"install rclone\", then `rclone config` and `rclone mount gdrive: ~/GoogleDrive`), or google-drive-ocamlfuse does. Nothing was changed"

const kwalletHint = "KWallet comes with KDE Plasma (\"enable kde\"), which also opens it at login with your password (security.pam.services.login.kwallet, which Plasma sets); with another desktop, its PAM unlock is security.pam.services.<name>.kwallet.enable for the login's PAM service, with kwallet-pam as its package, in configuration.nix, which ask-nix does not write; " +
	"its window to look at passwords is \"install kdePackages.kwalletmanager\". Nothing was changed"

// sysctlSwitch is a kernel setting (sysctl) said as a switch: its name,
// the value each of "enable" and "disable" sets, and what each means.
type sysctlSwitch struct {
	name            string
	on, off         int64
	onNote, offNote string
}

// serviceSysctls: service words that are a kernel setting (sysctl) with
// no NixOS switch of their own, keyed by serviceKey.
var serviceSysctls map[string]sysctlSwitch

var sysrqSysctl = sysctlSwitch{"kernel.sysrq", 1, 0,
	"the magic SysRq key is the kernel setting kernel.sysrq: 1 allows all of its functions (NixOS's default, 16, allows only sync); \"set kernel.sysrq to 176\" allows only sync, remount and reboot (the safe part of REISUB); `sysctl kernel.sysrq` shows it now",
	"the magic SysRq key is the kernel setting kernel.sysrq: 0 turns all of its functions off (NixOS's default, 16, allows only sync); `sysctl kernel.sysrq` shows it now"}

// bothForwarding: the service words (as serviceKey has them) ask for
// IPv4 and IPv6 forwarding at once ("ipv4 and ipv6 forwarding", "ip
// forwarding for ipv4 and ipv6").
func bothForwarding(key string) bool {
	switch key {
	case "ipv4andipv6forwarding", "ipv6andipv4forwarding", "ipv4andv6forwarding", "ipv4&ipv6forwarding", "ipv4/ipv6forwarding",
		"ipforwardingforipv4andipv6", "ipforwardingforbothipv4andipv6", "ipv4andipv6packetforwarding", "ipv4andipv6ipforwarding":
		return true
	}
	return false
}

// ipv4Forwarding and ipv6Forwarding: routing packets between network
// interfaces (a router, a VPN exit node), the kernel settings NixOS's
// own wiki sets for it. net.ipv4.ip_forward is the IPv4 one by its old
// name (the same switch as net.ipv4.conf.all.forwarding); IPv6 has only
// the per-interface name, all of them at once.
var ipv4Forwarding = sysctlSwitch{"net.ipv4.ip_forward", 1, 0,
	"IP forwarding is the kernel setting net.ipv4.ip_forward: 1 routes IPv4 packets between the machine's interfaces (a router, a VPN exit node); IPv6's is \"enable ipv6 forwarding\" (net.ipv6.conf.all.forwarding); `sysctl net.ipv4.ip_forward` shows it now",
	"IP forwarding is the kernel setting net.ipv4.ip_forward: 0 routes no IPv4 packets between the machine's interfaces; networking.nat.enable, Docker and VPN modules turn forwarding on themselves (net.ipv4.conf.all.forwarding), which this does not undo; `sysctl net.ipv4.ip_forward` shows it now"}

var ipv6Forwarding = sysctlSwitch{"net.ipv6.conf.all.forwarding", 1, 0,
	"IPv6 forwarding is the kernel setting net.ipv6.conf.all.forwarding: 1 routes IPv6 packets between the machine's interfaces (a router, a VPN exit node), and stops the machine taking router advertisements on its own addresses unless accept_ra is 2; IPv4's is \"enable ip forwarding\" (net.ipv4.ip_forward); `sysctl net.ipv6.conf.all.forwarding` shows it now",
	"IPv6 forwarding is the kernel setting net.ipv6.conf.all.forwarding: 0 routes no IPv6 packets between the machine's interfaces; networking.nat.enable (with IPv6) and VPN modules turn it on themselves, which this does not undo; `sysctl net.ipv6.conf.all.forwarding` shows it now"}

// serviceAsked: service words with no one switch in NixOS, answered with
// what there is instead of a guess among the options the index finds.
var serviceAsked map[string]struct {
	ss  []intent.Suggestion
	why string
}

// graphicsNote says what hardware.graphics.enable does and does not
// cover, for every word that leads to it.
const graphicsNote = "hardware.graphics.enable installs Mesa's drivers: OpenGL and Vulkan for AMD, Intel and nouveau, and video decoding (VA-API) for AMD; Intel video decoding also needs intel-media-driver in hardware.graphics.extraPackages, NVIDIA's own driver is services.xserver.videoDrivers, and 32-bit programs (Steam, Wine) need \"enable 32-bit graphics\""

// wifiNote says what turning Wi-Fi on is, and how one connects after.
const wifiNote = "Wi-Fi is NetworkManager (networking.networkmanager.enable, in place of networking.wireless): after the switch, connect with `nmtui`, `nmcli device wifi connect <name> --ask` or your desktop's network menu, which keeps the password out of the Nix store; " +
	"changing connections without sudo needs your user in the networkmanager group (users.users.<name>.extraGroups, in configuration.nix)"

// btrfsScrubNote says what the scrub covers and when.
const btrfsScrubNote = "services.btrfs.autoScrub scrubs every mounted btrfs file system once a month (services.btrfs.autoScrub.interval; the ones in services.btrfs.autoScrub.fileSystems when set), reading all data to find and, where there is a second copy, repair corruption"

// xboxController and playstationController: game controllers by how
// they connect.
var (
	xboxController struct {
		ss  []intent.Suggestion
		why string
	}
	playstationController struct {
		ss  []intent.Suggestion
		why string
	}
)

// bluetoothPairHint: a device is paired at run time, not configured.
const bluetoothPairHint = "a Bluetooth device is paired while the system runs, in your desktop's Bluetooth settings or with `bluetoothctl` (power on, scan on, pair <address>, connect <address>): it needs Bluetooth on (\"enable bluetooth\", hardware.bluetooth.enable), and for audio a sound server that speaks it (PipeWire, services.pipewire.enable, does). Nothing was changed"

// intelGraphicsHint: Intel's drivers are Mesa's, with video decoding a
// package of its own.
const intelGraphicsHint = "Intel graphics need no driver switch: the kernel's i915 (or xe) driver loads by itself, and \"enable graphics\" (hardware.graphics.enable) adds Mesa's OpenGL and Vulkan; video decoding (VA-API) also needs pkgs.intel-media-driver (pkgs.intel-vaapi-driver for chips before Broadwell) in hardware.graphics.extraPackages, a list ask-nix does not write. Nothing was changed"

// wakeOnLanHint: Wake-on-LAN is a setting of one network interface.
const wakeOnLanHint = "Wake-on-LAN is set per network interface: networking.interfaces.<name>.wakeOnLan.enable = true; in configuration.nix, with the interface's name from `ip link` (and the firmware's own setting on), which ask-nix does not write. Nothing was changed"

// networkHint: the network as a whole is no one switch (the word found
// systemd-networkd, another way to run it).
const networkHint = "the network is on in NixOS by default (DHCP on every interface); NetworkManager (\"enable networkmanager\", networking.networkmanager) runs Wi-Fi and connections from the desktop, and systemd-networkd (networking.useNetworkd) is another way to run them; " +
	"turning the network off for now is `nmcli networking off` or `ip link set <interface> down`, no setting. Nothing was changed"

// kernelModulesHint: modules are named lists, not a switch.
const kernelModulesHint = "kernel modules are named in lists: boot.kernelModules loads them at boot, boot.blacklistedKernelModules keeps them from loading (nouveau, pcspkr), both in configuration.nix, which ask-nix does not write; `sudo modprobe -r <name>` unloads one now. Nothing was changed"

// encryptionHint: disk encryption is made when the disk is partitioned,
// not switched on; its settings name devices.
const encryptionHint = "disk encryption (LUKS) is made when a disk is partitioned, usually by the NixOS installer, not switched on afterwards: an encrypted disk is opened at boot by boot.initrd.luks.devices.<name> (in hardware-configuration.nix), which names its device; ask-nix neither encrypts disks nor writes those settings. Nothing was changed"

// databaseHint: a database server said by kind.
const databaseHint = "a database server is one of several: PostgreSQL (\"enable postgresql\"), MariaDB (\"enable mysql\"), or another by its name; say which. Nothing was changed"

// backupHint: backups are jobs with a source and a place, not a switch.
const backupHint = "backups are jobs, not a switch: services.restic.backups.<name> or services.borgbackup.jobs.<name> say what to back up, where to and when, which you write in configuration.nix; the tools alone are \"install restic\" or \"install borgbackup\". Nothing was changed"

// homeManagerHint: Home Manager is no NixOS option, and its NixOS
// module comes from outside nixpkgs, in the person's own configuration.
const homeManagerHint = "Home Manager is no NixOS option: it comes from outside nixpkgs, so ask-nix cannot switch it on. " +
	"With flakes, add home-manager.url = \"github:nix-community/home-manager\" to your flake's inputs (with inputs.nixpkgs.follows = \"nixpkgs\") and " +
	"home-manager.nixosModules.home-manager to the modules of your nixosConfigurations; without flakes, add its channel and import <home-manager/nixos> in configuration.nix; " +
	"each user's settings then go in home-manager.users.<name>. The home-manager command alone (\"install home-manager\") manages a user's own files without the NixOS module. Nothing was changed"

// nfsServerNote is what the NFS server needs besides its switch.
const nfsServerNote = "the NFS server shares only the folders listed in services.nfs.server.exports (lines of /etc/exports), which you write in your configuration; clients reach it on TCP port 2049, which the firewall keeps closed until you open it (\"open port 2049\")"

// ruleNFSShare: "share folders over nfs", "export a directory via nfs":
// the NFS server, said by what it does.
//
// "share a folder with samba": the Samba server, whose shares are
// sections of services.samba.settings that ask-nix does not write; the
// server alone is what it can honestly do, and the note says the rest.
func ruleNFSShare(text string, ts []token) (intent.Intent, bool, error) {
	if len(ts) < 2 || ts[0].quoted || !nfsShareVerbs[ts[0].w] {
		return intent.Intent{}, false, nil
	}
	proto := ""
	for _, t := range ts[1:] {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case t.w == "nfs" || t.w == "samba" || t.w == "smb":
			if proto != "" && proto != t.w {
				return intent.Intent{}, false, nil
			}
			proto = t.w
		case !nfsShareWords[t.w]:
			return intent.Intent{}, false, nil
		}
	}
	switch proto {
	case "nfs":
		return intent.Intent{Kind: intent.EnableService, Option: "services.nfs.server.enable", Service: "nfs server", Notes: []string{nfsServerNote}}, true, nil
	case "samba", "smb":
		return intent.Intent{Kind: intent.EnableService, Option: "services.samba.enable", Service: "samba", Notes: []string{sambaShareNote}}, true, nil
	}
	return intent.Intent{}, false, nil
}

// sambaShareNote is what sharing a folder with Samba needs besides the
// server's switch.
const sambaShareNote = "this turns on the Samba server only: each shared folder is a section of services.samba.settings (such as settings.music = { path = \"/srv/music\"; \"read only\" = \"yes\"; }) in your configuration.nix, which ask-nix does not write; " +
	"users log in with a Samba password (`sudo smbpasswd -a <user>`), and services.samba.openFirewall = true opens its ports (\"set services.samba.openFirewall to true\")"

// nfsShareWords are the other words of "share my folders over nfs".
var nfsShareWords map[string]bool

// nfsShareVerbs open "share folders over nfs".
var nfsShareVerbs map[string]bool

// nfsAsked answers "enable nfs": many who say it mean mounting a share
// from another machine, not serving their own folders (the NFS server,
// which listens on the network). Both are suggested, by the verb said.
// key is the words said, as serviceKey folds them; nil for other words.
func nfsAsked(text string, kind intent.Kind, key string) error {
	switch key {
	case "nfs", "nfs4", "nfsshare", "nfsshares":
	default:
		return nil
	}
	verb := serviceVerb(kind)
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(kind, verb+" nfs server"), sug(intent.SetOption, verb+" nfs support")},
		Hint: "NFS is two things: the server shares this machine's folders (\"" + verb + " nfs server\": services.nfs.server; the folders are services.nfs.server.exports, which you write in your configuration), " +
			"the client mounts a share from another machine (\"" + verb + " nfs support\": boot.supportedFilesystems.nfs, the NFS tools; the share itself is a fileSystems entry with fsType = \"nfs\", which you write in your configuration). Say which; nothing was changed"}
}

// radioWords name the wifi radio, which "enable" reads as NetworkManager
// but "disable" does not (see service).
var radioWords map[string]bool

// purposeWords start what a service is wanted for: "enable tlp for power
// saving", "enable printing so I can print".
var purposeWords map[string]bool

// UnknownService is a request to enable or disable something the
// built-in service table does not know. It is a not-understood answer,
// unless a caller with the NixOS option index finds the option (every
// `*.enable` option, not just the table's).
type UnknownService struct {
	Kind intent.Kind // enable-service, disable-service or show-option
	Said string      // the words naming the service
	*intent.NotUnderstood
}

// Unwrap lets errors.As find the not-understood answer.
func (e *UnknownService) Unwrap() error { return e.NotUnderstood }

// allPorts answers "close all ports" and "open all ports": every port
// is the firewall's to keep closed, not a list ask-nix writes.
// firewallOnly answers "only allow ssh", "allow only port 22", "close
// all ports except 22", "block all incoming connections": what NixOS's
// firewall does already (every port not opened is closed), with what
// lists the open ones and the request that opens the one said; they
// suggested "close port 443" or "open port 443". nil when ts is none.
func firewallOnly(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 3 || ts[0].quoted {
		return nil
	}
	only, all, except := false, false, -1
	for i, t := range ts {
		switch {
		case t.quoted:
			return nil
		case (t.w == "only" || t.w == "just") && i <= 1:
			only = true // "only allow ssh", "allow only port 22"
		case t.w == "all" || t.w == "every" || t.w == "everything" || t.w == "any":
			all = true
		case t.w == "except" || t.w == "but" || t.w == "apart" || t.w == "besides":
			except = i
		}
	}
	// "close all ports" alone is allPorts'.
	incoming := has(ts, "incoming", "inbound", "connections", "traffic", "everything") || except > 0 && has(ts, "ports", "port")
	opening := openVerbs[ts[0].lem] || only && has(ts, "allow", "open", "permit")
	closing := closeVerbs[ts[0].lem] || ts[0].w == "deny"
	if !(only && opening || all && closing && incoming) {
		return nil
	}
	var what []token
	switch {
	case except > 0:
		what = ts[except+1:]
	case only:
		for i, t := range ts {
			if t.w == "only" || t.w == "just" || t.w == "allow" || t.w == "open" || t.w == "permit" {
				what = ts[i+1:]
			}
		}
	}
	open := ""
	var numbers []string
	for _, t := range what {
		switch {
		case isNumeric(t):
			numbers = append(numbers, strings.TrimPrefix(t.w, "#"))
		case portNames[t.w] != nil && open == "":
			open = "open the " + t.w + " port"
		}
	}
	switch {
	case len(numbers) == 1:
		open = "open port " + numbers[0]
	case len(numbers) > 1:
		open = "open ports " + strings.Join(numbers[:len(numbers)-1], ", ") + " and " + numbers[len(numbers)-1]
	}
	ss := []intent.Suggestion{sug(intent.ShowOption, "which ports are open")}
	if open != "" {
		ss = append(ss, sug(intent.SetOption, open))
	} else {
		ss = append(ss, sug(intent.EnableService, "enable the firewall"))
	}
	return &intent.NotUnderstood{Request: text, Suggestions: ss,
		Hint: "NixOS's firewall (on unless turned off) already blocks every incoming port that is not opened: \"which ports are open\" lists the ones your configuration opens; close the others by number (\"close port 8080\") and open only what you want; " +
			"services may open their own ports (their openFirewall settings, such as services.openssh.openFirewall); nothing was changed"}
}

func allPorts(text, verb string) *intent.NotUnderstood {
	if verb == "close" {
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ShowOption, "which ports are open"), sug(intent.EnableService, "enable the firewall")},
			Hint:        "NixOS's firewall (on unless turned off) closes every port that is not opened: \"which ports are open\" lists the ones your configuration opens, and ask-nix closes those it opened by number (\"close port 8080\"); nothing was changed"}
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.ShowOption, "which ports are open")},
		Hint:        "every port open is the firewall off (\"disable the firewall\"), which lets the whole network reach every service listening on this machine; ask-nix opens ports by number (\"open port 8080\"); nothing was changed"}
}

// ---- search ----

// ruleSearch: "search firefox", "find a pdf reader", "is there a
// package for video editing". The query is what is left, as typed
// (a capitalised first letter aside).
func ruleSearch(text string, ts []token) (intent.Intent, bool, error) {
	n := prefix(ts, searchLead)
	if n == 0 {
		return intent.Intent{}, false, nil
	}
	rest := ts[n:]
	trailed := false
	for {
		k := suffix(rest, searchTrail)
		if k == 0 || k == len(rest) {
			break
		}
		rest = rest[:len(rest)-k]
		trailed = true
	}
	// advice: "what is a good text editor", "the best video player":
	// a kind asked for, said as a question, not a search said as one.
	advice := false
	isAdvice := func(t token) bool { return t.w == "good" || t.w == "best" || t.w == "decent" || t.w == "nice" }
	if w := ts[0].w; w != "search" && w != "find" && w != "look" && w != "lookup" {
		advice = slices.ContainsFunc(ts[:n], isAdvice) || ts[0].w == "recommend" || ts[0].w == "suggest"
		for i := 0; i < len(rest)-1 && searchFillers[rest[i].w]; i++ {
			advice = advice || isAdvice(rest[i])
		}
	}
	for len(rest) > 1 && searchFillers[rest[0].w] && !rest[0].quoted {
		rest = rest[1:]
	}
	if len(rest) == 0 {
		return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.Search, "search firefox"))
	}
	if advice && has(rest, "way", "ways", "idea", "practice", "practices", "approach", "option", "options") {
		// "what is the best way to install firefox": advice on a
		// request, not a kind of package.
		return intent.Intent{}, false, nil
	}
	if n == 2 && (ts[0].w == "what" || ts[0].w == "where") && !trailed && !advice && len(rest) > 1 {
		// "what does htop do" and "what is ripgrep" ask about a
		// package; "what does my config look like" and "what is my
		// hostname" are other questions.
		return intent.Intent{}, false, nil
	}
	if nu := optionsSearched(text, rest); nu != nil {
		return intent.Intent{}, true, nu
	}
	words := make([]string, len(rest))
	for i, t := range rest {
		words[i] = t.raw
		if isCapitalised(t.raw) {
			words[i] = t.w
		}
	}
	return intent.Intent{Kind: intent.Search, Query: strings.Join(words, " ")}, true, nil
}

// optionsSearched answers "search options for ssh", "find the ssh
// options": search is of packages; NixOS options are shown by their
// path, a service's group among them ("show option services.openssh").
// nil when no options are asked for.
func optionsSearched(text string, rest []token) *intent.NotUnderstood {
	if !slices.ContainsFunc(rest, func(t token) bool {
		return !t.quoted && (t.w == "option" || t.w == "options" || t.w == "setting" || t.w == "settings")
	}) {
		return nil
	}
	for _, t := range rest {
		// "search option parser library": a package's words.
		if _, svc := serviceOption(t.w); t.quoted || !svc && !searchFillers[t.w] && !stopwords[t.lem] && t.w != "option" && t.w != "options" &&
			t.w != "setting" && t.w != "settings" && t.w != "nixos" && t.w != "port" && t.w != "ports" && t.w != "available" {
			return nil
		}
	}
	nu := &intent.NotUnderstood{Request: text,
		Hint: "search looks for packages; a NixOS option is shown by its path (\"show option services.openssh.ports\", or a service's whole group), with its type and description from the option index; search.nixos.org lists them all; nothing was changed"}
	for _, t := range rest {
		if o, ok := serviceOption(t.w); ok && strings.HasSuffix(o, ".enable") && !t.quoted {
			nu.Suggestions = []intent.Suggestion{sug(intent.ShowOption, "show option "+strings.TrimSuffix(o, ".enable"))}
			break
		}
	}
	return nu
}

// ---- packages ----

// ruleRemove: "remove htop", "uninstall git and vim", "get rid of
// htop", "I don't want firefox anymore".
func ruleRemove(text string, ts []token) (intent.Intent, bool, error) {
	if names := takenOff(ts); names != nil {
		// "get firefox off my system" suggested "install firefox and
		// off".
		pkgs, err := packages(text, intent.Remove, names)
		if err != nil {
			return intent.Intent{}, true, err
		}
		return intent.Intent{Kind: intent.Remove, Packages: pkgs}, true, nil
	}
	if names := notNeeded(ts); names != nil {
		// "docker is no longer needed": as "I no longer need docker".
		pkgs, err := packages(text, intent.Remove, names)
		if err != nil {
			return intent.Intent{}, true, err
		}
		return intent.Intent{Kind: intent.Remove, Packages: pkgs}, true, nil
	}
	n := prefix(ts, removeLead)
	if n == 0 {
		return intent.Intent{}, false, nil
	}
	// "I don't want ssh enabled", "we do not need bluetooth running": a
	// service turned off, not packages named "enabled".
	rest := ts[n:]
	if nu := newestAsked(text, rest); nu != nil {
		return intent.Intent{}, true, nu
	}
	if nu := generationsMisspelt(text, ts, rest); nu != nil {
		return intent.Intent{}, true, nu
	}
	for k := suffix(rest, packageTrail); k > 0 && k < len(rest); k = suffix(rest, packageTrail) {
		rest = rest[:len(rest)-k] // "... running anymore"
	}
	if len(rest) > 1 && !rest[len(rest)-1].quoted && prefix(ts, wantLead) == 0 {
		switch rest[len(rest)-1].w {
		case "enabled", "running", "active", "started", "activated":
			return service(text, intent.DisableService, rest[:len(rest)-1])
		}
	}
	if len(rest) > 1 && !rest[0].quoted && (rest[0].w == "my" || rest[0].w == "our") {
		// "delete my hostname", "remove my time zone": a setting of
		// mine, unset as "unset my hostname" is. ("my" is no package
		// word: read as one, this was answered "remove firefox".)
		if option, ok := SettingNamed(wordsText(rest[1:])); ok {
			return intent.Intent{Kind: intent.SetOption, Option: option, Change: intent.ChangeUnset}, true, nil
		}
	}
	if nu := desktopAppsRemoved(text, rest); nu != nil {
		return intent.Intent{}, true, nu
	}
	if in, ok, err := desktopRemoved(text, rest); ok {
		return in, true, err
	}
	if sshServerRemoved(rest) {
		// "uninstall ssh server" removed packages named ssh and server.
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.DisableService, "disable ssh")},
			Hint:        "the SSH server is a service, services.openssh: \"disable ssh\" turns it off (the ssh client stays, from the package openssh); nothing was changed"}
	}
	if nu := servicePartSaid(text, intent.Remove, rest); nu != nil {
		return intent.Intent{}, true, nu
	}
	if nu := editRemoved(text, rest); nu != nil {
		return intent.Intent{}, true, nu
	}
	pkgs, err := packages(text, intent.Remove, dropDesktopWord(productAttrsSaid(ts[n:])))
	if err != nil {
		return intent.Intent{}, true, err
	}
	return intent.Intent{Kind: intent.Remove, Packages: pkgs}, true, nil
}

// desktopRemoved reads "remove kde plasma", "get rid of the gnome
// desktop" as removing the desktop by its one-word service name
// (plasma, gnome), which ask-nix turns off when the managed fragment
// turns it on; "remove the desktop environment", which names none, is
// not understood. Read as packages, these were kde and plasma, desktop
// and environment.
func desktopRemoved(text string, rest []token) (intent.Intent, bool, error) {
	var ws []string
	for _, t := range rest {
		if t.quoted {
			return intent.Intent{}, false, nil
		}
		if !packageFillers[t.w] && t.w != "my" && t.w != "our" {
			ws = append(ws, t.w)
		}
	}
	trimmed := false
	for len(ws) > 0 && desktopWords[ws[len(ws)-1]] {
		ws, trimmed = ws[:len(ws)-1], true
	}
	if len(ws) == 0 && trimmed {
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.DisableService, "disable gnome"), sug(intent.DisableService, "disable plasma")},
			Hint:        "ask-nix turns a desktop off by its name"}
	}
	said := strings.Join(ws, " ")
	for _, s := range serviceTable {
		if !strings.Contains(s.option, ".desktopManager.") || !slices.Contains(s.names, said) {
			continue
		}
		for _, n := range s.names {
			if !strings.Contains(n, " ") {
				return intent.Intent{Kind: intent.Remove, Packages: []string{n}}, true, nil
			}
		}
	}
	return intent.Intent{}, false, nil
}

// ruleInstall: "install firefox", "could you add git, vim and htop",
// "I need ripgrep", "can I get python3Packages.requests". "I want X
// removed" and "I want ssh enabled" go where they say.
func ruleInstall(text string, ts []token) (intent.Intent, bool, error) {
	if names, kind := installedSaid(ts); names != nil {
		// "make sure htop is installed", "htop should be removed"
		pkgs, err := packages(text, kind, names)
		if err != nil {
			return intent.Intent{}, true, err
		}
		return intent.Intent{Kind: kind, Packages: pkgs}, true, nil
	}
	n := prefix(ts, installLead)
	if n == 0 {
		return intent.Intent{}, false, nil
	}
	if nu := addConcept(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	rest := ts[n:]
	if nu := servicePartSaid(text, intent.Install, rest); nu != nil {
		return intent.Intent{}, true, nu
	}
	if len(rest) == 1 && !rest[0].quoted {
		if d, ok := distroNames[rest[0].w]; ok {
			// "install docker.io" was docker's attribute io.
			return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intentOf(d.instead), d.instead)},
				Hint: rest[0].raw + " is " + d.what + "; on NixOS, \"" + d.instead + "\"" + d.why + "; nothing was changed"}
		}
	}
	// "install docker desktop", "install visual studio code": one
	// program's name in several words (products.go).
	var productNotes []string
	if out, in, notes, ok, err := productsSaid(text, rest); ok {
		if err != nil || in.Kind != "" {
			return in, true, err
		}
		rest, productNotes = out, notes
	}
	if prefix(ts, wantLead) == n && len(rest) > 1 && !rest[len(rest)-1].quoted {
		last := rest[len(rest)-1].w
		body := rest[:len(rest)-1]
		// "I want ssh to be enabled", "I need the firewall turned off"
		for len(body) > 1 && (body[len(body)-1].w == "to" || body[len(body)-1].w == "be" ||
			body[len(body)-1].w == "is" || body[len(body)-1].w == "turned" || body[len(body)-1].w == "switched") {
			body = body[:len(body)-1]
		}
		switch last {
		case "removed", "gone", "uninstalled", "deleted":
			pkgs, err := packages(text, intent.Remove, body)
			if err != nil {
				return intent.Intent{}, true, err
			}
			return intent.Intent{Kind: intent.Remove, Packages: pkgs}, true, nil
		case "enabled", "running", "active", "started", "activated", "on":
			return service(text, intent.EnableService, body)
		case "disabled", "stopped", "deactivated", "off":
			return service(text, intent.DisableService, body)
		}
	}
	rest, notes := ltsSaid(rest)
	if out, note := purposeTail(rest); note != "" {
		// "install steam for gaming"
		rest, notes = out, append(notes, note)
	}
	pkgs, err := packages(text, intent.Install, dropDesktopWord(rest))
	if err != nil {
		return intent.Intent{}, true, err
	}
	return intent.Intent{Kind: intent.Install, Packages: pkgs, Notes: append(notes, productNotes...)}, true, nil
}

// desktopNames are the desktops NixOS sets up by their module; said with
// "desktop" ("install the gnome desktop") they are the desktop, never
// nixpkgs' gnome-desktop or cinnamon-desktop, which are libraries.
var desktopNames map[string]bool

// dropDesktopWord drops "desktop" (and "environment") after a desktop's
// name, "window manager", "wm" or "compositor" after a window
// manager's, and "shell" after a shell's ("install the fish shell"), so
// the name alone is read, as "install gnome" and "install fish" are.
func dropDesktopWord(ts []token) []token {
	var out []token
	for i := 0; i < len(ts); i++ {
		out = append(out, ts[i])
		if i+1 >= len(ts) || ts[i].quoted || ts[i+1].quoted {
			continue
		}
		end := i + 2
		switch sh, isShell := loginShell(ts[i].w); {
		case desktopNames[ts[i].w] && (ts[i+1].w == "desktop" || ts[i+1].w == "de"):
			if end < len(ts) && !ts[end].quoted && (ts[end].w == "environment" || ts[end].w == "environments") {
				end++
			}
		case desktops[ts[i].w] && !desktopNames[ts[i].w] && (ts[i+1].w == "wm" || ts[i+1].w == "compositor"):
		case desktops[ts[i].w] && !desktopNames[ts[i].w] && ts[i+1].w == "window" && end < len(ts) && ts[end].w == "manager":
			end++
		case isShell && sh == ts[i].w && (ts[i+1].w == "shell" || ts[i+1].w == "shells"):
		default:
			continue
		}
		i = end - 1
	}
	return out
}

// packages reads a list of package names: "git, vim and htop", "git vim
// htop", "the git package and also vim". They come back canonical
// (emacsPackages."clang-format+"), sorted and without repeats.
func packages(text string, kind intent.Kind, ts []token) ([]string, error) {
	verb := string(kind)
	for {
		k := trailing(ts, packageTrail, 0)
		if n := len(ts); k == 1 && ts[n-1].w == "back" && n >= 2 && (clauseVerbs[ts[n-2].w] || ts[n-2].w == "roll" || ts[n-2].w == "go" || ts[n-2].w == "come") {
			// "install git then roll back": the back of another request.
			break
		}
		if k == 0 || k == len(ts) {
			break
		}
		ts = ts[:len(ts)-k]
	}
	ts = dropPossessives(text, ts)
	if err := pythonLibsAsked(text, kind, ts); err != nil {
		return nil, err
	}
	var out []string
	var said []string
	var versioned []Versioned
	last := -1 // index in out of the name a version may follow
	// joinedAt is how many names were said before the last "and": the
	// words after it may be another request's ("and make it the
	// default"), not names.
	joinedAt := -1
	for i, t := range ts {
		if len(said) > 0 && asideStarts(text, ts, i) {
			// "install htop (the process viewer)", "install htop - the
			// process viewer", "install htop, which is a process
			// viewer": what it is, said aside, never package names.
			break
		}
		if t.quoted {
			// Quoted: exactly as typed, no case folding.
			out = append(out, canonPath(t.raw))
			said = append(said, t.raw)
			continue
		}
		if len(said) > 0 && kind == intent.Install && (t.w == "for" || t.w == "only" || t.w == "just") && forOneUser(ts[i:]) {
			// "install firefox for my user", "only for me": ask-nix
			// installs for every user; one user's packages are theirs.
			return nil, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(kind, verb+" "+andList(said))},
				Hint: "ask-nix installs for every user of the machine (environment.systemPackages); one user's own packages are users.users.<name>.packages in configuration.nix, or Home Manager's home.packages, which ask-nix does not write; nothing was changed"}
		}
		if len(said) > 0 && (t.w == "etc" || t.w == "etcetera" || t.w == "so" && i > 0 && ts[i-1].w == "and" && i+1 < len(ts) && ts[i+1].w == "on") {
			// "install htop, btop, etc": the rest is not said, and "etc"
			// is no package.
			return nil, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(kind, verb+" "+andList(said))},
				Hint: "ask-nix " + verb + "s the packages named, each by its name: say the others too; nothing was changed"}
		}
		if len(said) > 0 && (t.w == "do" || t.w == "does") && i+1 < len(ts) && !ts[i+1].quoted && ts[i+1].w == "not" {
			// "install firefox and don't enable ssh": what is not to be
			// done needs no request, and "do" is no package.
			return nil, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(kind, verb+" "+andList(said))},
				Hint: "what is not to be done needs no request: ask-nix changes only what it is asked to; nothing was changed"}
		}
		if appFormats[t.w] && i > 0 && !ts[i-1].quoted && formatLead[ts[i-1].w] {
			// "install firefox as a flatpak", "with snap": another
			// package manager, not a package to add beside it.
			ss := []intent.Suggestion{sug(intent.EnableService, "enable flatpak")}
			if len(said) > 0 {
				ss = append([]intent.Suggestion{sug(kind, verb+" "+andList(said))}, ss...)
			}
			return nil, &intent.NotUnderstood{Request: text, Suggestions: ss,
				Hint: "ask-nix installs packages from nixpkgs into the system; Flatpak apps are installed by each user: \"enable flatpak\", then `flatpak install flathub <app>` (Snap has no NixOS service: nixpkgs' own package instead; AppImages run through appimage-run, which \"enable appimage support\" installs); nothing was changed"}
		}
		if kind == intent.Install && i > 0 && i == len(ts)-1 && len(said) > 0 && !t.quoted && otherInstallers[t.w] && !ts[i-1].quoted && formatLead[ts[i-1].w] && ts[i-1].w != "a" && ts[i-1].w != "an" &&
			!languageOf(t.w, said) {
			// "install ripgrep with cargo", "install vim using apt": how
			// it is to be installed, never cargo or apt beside it.
			names := said
			if !packageFillers[ts[i-1].w] && len(names) > 1 {
				names = names[:len(names)-1] // "using", said as a name
			}
			return nil, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(kind, verb+" "+andList(names))},
				Hint: "ask-nix installs packages from nixpkgs into the system, for every user, and nixpkgs has most programs " + t.raw + " installs (\"" + verb + " " + andList(names) + "\"); " +
					t.raw + " itself installs into a home folder or a project, or belongs to another system, and is yours to run; nothing was changed"}
		}
		if i > 0 && len(said) > 0 && !ts[i-1].quoted && formatLead[ts[i-1].w] && userInstaller(ts[i:]) {
			// "install firefox with home manager": how it is to be
			// installed, never the package home-manager beside it.
			names := said
			if !packageFillers[ts[i-1].w] && len(names) > 1 {
				names = names[:len(names)-1] // "using", said as a name
			}
			return nil, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(kind, verb+" "+andList(names))},
				Hint: "ask-nix edits the system's packages (environment.systemPackages), for every user; Home Manager's home.packages (in your home.nix) and nix-env or `nix profile` are per-user, and yours to run; nothing was changed"}
		}
		if i > 0 && !packageFillers[t.w] && commaBefore(text, ts[i-1], t) {
			// "install firefox, configure ssh": a comma starts the
			// second request as "and" does.
			if nu := verbAfter(text, kind, said, ts[i:]); nu != nil {
				return nil, nu
			}
		}
		if kind == intent.Install && len(said) == 0 && (wholeSetWords[t.w] || purposeNouns[t.lem]) {
			// "install something for pdf", "install an app to edit
			// photos": what it is for, which search finds by ("search
			// editor" was suggested).
			if q := purposeQuery(ts[i+1:]); q != "" {
				return nil, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.Search, "search "+q)},
					Hint: "that says what it is for, not which package: `ask-nix search " + q + "` finds packages by what they do; install the one you pick by its name; nothing was changed"}
			}
		}
		if packageFillers[t.w] {
			if t.w == "and" || t.w == "&" || t.w == "plus" || t.w == "also" || t.w == "then" || t.w == "with" {
				last = -1 // "git and 20" is no version of git
				joinedAt = len(said)
				if tail, ok := secondRequest(ts[i+1:]); ok {
					// "install git and open port 80": two requests in
					// one, suggest each.
					ex := verb + " firefox"
					if len(said) > 0 {
						ex = verb + " " + andList(said)
					}
					return nil, notUnderstoodWith(text, sug(kind, ex), sug(tail.Kind, wordsText(ts[i+1:])))
				}
				if nu := misspeltVerbAfter(text, kind, said, ts[i+1:]); nu != nil {
					return nil, nu
				}
				if t.w != "with" {
					if nu := verbAfter(text, kind, said, ts[i+1:]); nu != nil {
						return nil, nu
					}
				}
				if rest := ts[i+1:]; len(rest) >= 2 && len(said) > 0 && !rest[0].quoted && (requestLeads[rest[0].lem] || answerLeads[rest[0].w]) &&
					!has(rest, "it", "them", "this", "that") {
					// "install vim and give alice sudo access": the second
					// request answered with what does it, never read as
					// packages named "give" and "access". ("enable it"
					// names what was said before it: read below.)
					if more, hint, ok := partAnswer(wordsText(rest)); ok && hint != "" {
						nu := notUnderstoodWith(text, append([]intent.Suggestion{sug(kind, verb+" "+andList(said))}, more...)...).(*intent.NotUnderstood)
						nu.Hint = "in \"" + wordsText(rest) + "\": " + hint
						return nil, nu
					}
				}
			}
			continue
		}
		if !t.quoted && t.w == "switch" && i == len(ts)-1 && i > 0 && joiner(ts[i-1].w) && len(said) > 0 {
			// "install firefox and switch": nixos-rebuild's word for a
			// pass now, no package; as "and apply", the request is
			// read in parts (SplitRequests).
			return nil, notUnderstoodWith(text, sug(kind, verb+" "+andList(said)), sug(intent.Apply, "apply"))
		}
		if other, ok := actionVerbs[t.lem]; ok {
			// Two requests in one: suggest each.
			ss := []intent.Suggestion{}
			if len(said) > 0 {
				ss = append(ss, sug(kind, verb+" "+andList(said)))
			}
			if len(said) == 0 {
				ss = append(ss, sug(kind, verb+" firefox"))
			}
			ex := examples[intent.Kind(other)]
			named := false
			if after := wordsOf(ts[i+1:]); len(after) > 0 {
				if len(after) == 1 && len(said) == 1 && pronouns[strings.ToLower(after[0])] {
					// "install steam and enable it": it is steam.
					after, named = said, true
				}
				if v, ok := leadVerb[intent.Kind(other)]; ok {
					ex = t.w + " " + strings.Join(after, " ")
					if in, err := Parse(ex); err != nil || in.Kind != intent.Kind(other) {
						// "start nginx" asks for now or for good;
						// "enable nginx" is the request.
						ex = v + " " + strings.Join(after, " ")
					}
				}
			}
			// "install vim and enable hibernation": a part answered
			// with what does it is given that answer, never suggested.
			if more, hint, ok := partAnswer(ex); ok {
				nu := notUnderstoodWith(text, append(ss, more...)...).(*intent.NotUnderstood)
				if hint != "" {
					nu.Hint = "in \"" + ex + "\": " + hint
				}
				return nil, nu
			}
			// Offered only when it is carried out as said: "enable it"
			// or "enable" of a name no service has would fail in turn.
			in, err := Parse(ex)
			if err == nil && in.Kind == intent.Kind(other) {
				ss = append(ss, sug(intent.Kind(other), ex))
			}
			var us *UnknownService
			if named && errors.As(err, &us) && us.Kind == intent.Kind(other) {
				// "install htop and enable it": no service of that name
				// to turn on, which "enable htop" alone would say.
				return nil, noServiceNamed(text, ex, verb+" "+said[0], ss)
			}
			return nil, notUnderstoodWith(text, ss...)
		}
		if t.w == "or" {
			var ss []intent.Suggestion
			for _, w := range append(said, wordsOf(ts[i+1:])...) {
				if len(ss) < 3 && !strings.EqualFold(w, "either") {
					ss = append(ss, sug(kind, verb+" "+w))
				}
			}
			if len(ss) == 0 {
				ss = append(ss, sug(kind, verb+" firefox"))
			}
			return nil, notUnderstoodWith(text, ss...)
		}
		if (t.w == "every" || t.w == "each") && i+1 < len(ts) && periodUnits[ts[i+1].lem] != "" {
			// "install firefox every week": packages are installed once,
			// and stay.
			ex := verb + " firefox"
			if len(said) > 0 {
				ex = verb + " " + andList(said)
			}
			return nil, notUnderstoodWith(text, sug(kind, ex))
		}
		if wholeSetWords[t.w] {
			return nil, wholeSet(text, kind)
		}
		if whenWords[t.w] {
			// "install firefox later": a time, never a package beside
			// firefox; nothing is scheduled.
			return nil, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(kind, verb+" "+namesOr(said, "firefox"))},
				Hint: "ask-nix makes a change when it is asked and schedules none: say it when you want it done; nothing was changed"}
		}
		if n := bitsAt(ts, i); n > 0 {
			// "install wine 64 bit": with the index, "wine 64" was
			// wine64 and "bit" the package of that name.
			return nil, bitsAsked(text, kind, said, ts[i+n:])
		}
		if namesAsGlue(ts, i) {
			// "install just firefox", "install firefox instead": nixpkgs
			// names (the just command runner, the INSTEAD engine), but
			// here they say how, not what.
			nu := notUnderstoodWith(text, sug(kind, verb+" "+namesOr(append(said, wordsOf(ts[i+1:])...), "firefox"))).(*intent.NotUnderstood)
			if t.w == "instead" {
				nu.Hint = "instead of what? ask-nix keeps what is installed: \"replace <old> with " + namesOr(said, "chromium") + "\" swaps them; quoted, \"instead\" is the package of that name"
			} else {
				nu.Hint = "\"" + t.w + "\" here means only: quoted, \"" + t.w + "\" is the package of that name"
			}
			return nil, nu
		}
		if len(said) > 0 && formatLead[t.w] && i+1 < len(ts) && !ts[i+1].quoted && appFormats[ts[i+1].w] {
			// "install spotify via flatpak", "from flathub": the next
			// word answers it (another package manager), as "with
			// flatpak" is.
			continue
		}
		if notPackages[t.w] && !(t.w == "via" && viaIsName(text, ts, i, len(said))) {
			// "install git for my user": more than a list of packages;
			// the names before it are what may have been meant, and
			// those before "and" when a pronoun follows it ("install
			// chromium and make it the default": not "make").
			names := said
			pronoun := t.w == "it" || t.w == "them" || t.w == "this" || t.w == "that"
			if pronoun && joinedAt >= 0 && joinedAt < len(said) {
				names = said[:joinedAt]
			}
			if pronoun && len(said) >= 2 && i >= 2 && partVerbs[ts[i-1].w] && commaBefore(text, ts[i-2], ts[i-1]) {
				// "install neovim, make it my default editor": a
				// verb after the comma, never a package "make".
				names = said[:len(said)-1]
				joinedAt = len(names)
			}
			ex := verb + " firefox"
			if len(names) > 0 {
				ex = verb + " " + andList(names)
			}
			ss := []intent.Suggestion{sug(kind, ex)}
			if pronoun && len(names) == 1 && joinedAt >= 0 && joinedAt < len(ts) {
				// "install neovim and make it my default editor": "it"
				// is neovim; the part said with the name, where that is
				// a request ("make neovim my default editor").
				j := i - 1
				for j >= 0 && !(ts[j].w == "and" || ts[j].w == "then" || ts[j].w == "&" || ts[j].w == "also") && !(j+1 < len(ts) && j+1 < i && commaBefore(text, ts[j], ts[j+1])) {
					j--
				}
				var ws []string
				for _, w := range ts[j+1:] {
					ws = append(ws, w.raw)
				}
				if k := slices.Index(ws, t.raw); k > 0 {
					part := strings.Join(ws[:k], " ") + " " + names[0] + " " + strings.Join(ws[k+1:], " ")
					part = strings.TrimSpace(part)
					if in, err := Parse(part); err == nil && in.Kind.Writes() {
						ss = append(ss, sug(in.Kind, part))
					}
				}
			}
			return nil, notUnderstoodWith(text, ss...)
		}
		if v, ok := strings.CutPrefix(t.w, "v"); ok && last >= 0 && isVersion(v) {
			// "install node v20": the version, as "node 20" is.
			versioned = append(versioned, Versioned{Name: out[last], Version: v})
			out = slices.Delete(out, last, last+1)
			last = -1
			continue
		}
		if last >= 0 && isVersion(t.w) {
			// "install nodejs 20": nixpkgs spells versions into names
			// (nodejs_20); the package index says which.
			versioned = append(versioned, Versioned{Name: out[last], Version: t.w})
			out = slices.Delete(out, last, last+1)
			last = -1
			continue
		}
		if name, v, ok := strings.Cut(t.raw, "@"); ok && !t.quoted && name != "" && !strings.Contains(v, "@") && isVersion(strings.TrimPrefix(strings.ToLower(v), "v")) {
			// "install node@20", as npm and Homebrew write it: the
			// version, as "node 20" is ("@" is in no nixpkgs name).
			versioned = append(versioned, Versioned{Name: canonPackage(name), Version: strings.TrimPrefix(strings.ToLower(v), "v")})
			last = -1
			continue
		}
		if isNumeric(t) || t.lem == "generation" {
			return nil, notUnderstoodWith(text, sug(intent.GC, "delete generations older than 30 days"),
				sug(intent.SwitchGeneration, "go back to generation 12"), sug(kind, verb+" firefox"))
		}
		out = append(out, canonPackage(t.raw))
		said = append(said, t.raw)
		last = len(out) - 1
	}
	if nu := desktopAsked(text, kind, ts); nu != nil {
		return nil, nu
	}
	if nu := sshAsked(text, kind, ts, said); nu != nil {
		return nil, &ServiceSaidToInstall{NotUnderstood: nu}
	}
	if cat := categoryOnly(ts); cat != "" || func() bool { cat = categoryPhrase(ts); return cat != "" }() {
		// "install a browser": a kind of program, which search names.
		return nil, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.Search, "search "+cat)},
			Hint: "\"" + cat + "\" is a kind of package, not the name of one: search finds the packages of that kind"}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if gw := genericSaid(text, kind, ts, out); gw != nil {
		// "install packages", "install build tools": see GenericWords.
		return nil, gw
	}
	if nu := featureAsked(text, kind, ts, said); nu != nil {
		return nil, &ServiceSaidToInstall{NotUnderstood: nu}
	}
	// After the generic words: "install linux headers" is a kind of
	// package, which search finds.
	if nu := kernelAsked(text, kind, ts, said); nu != nil {
		return nil, nu
	}
	if len(versioned) > 0 {
		return nil, versionedPackages(text, kind, out, versioned)
	}
	if len(out) == 0 {
		return nil, notUnderstoodWith(text, sug(kind, verb+" firefox"), sug(intent.Search, "search firefox"))
	}
	return out, nil
}

// misspeltVerbAfter reads "install firefox and enabel ssh": after
// "and", a word one or two letters from a verb, with words after it,
// starts another request, not a package named "enabel". Both requests
// are suggested, the second put right (when it is understood so); nil
// when rest does not start so.
func misspeltVerbAfter(text string, kind intent.Kind, said []string, rest []token) *intent.NotUnderstood {
	if len(rest) < 2 || len(said) == 0 || rest[0].quoted || !lettersOnly(rest[0].w) {
		return nil
	}
	if _, exact := actionVerbs[rest[0].lem]; exact {
		return nil
	}
	if _, named := serviceOption(wordsText(rest)); named {
		return nil // "remote desktop" is a service's name, not "remove desktop"
	}
	v, ok := nearestFixWord(rest[0].w, actionVerbList)
	if !ok {
		return nil
	}
	ss := []intent.Suggestion{sug(kind, string(kind)+" "+andList(said))}
	fixed := v + " " + wordsText(rest[1:])
	in, err := Parse(fixed)
	if err == nil && in.Kind.Writes() {
		ss = append(ss, sug(in.Kind, fixed))
		return notUnderstoodWith(text, ss...).(*intent.NotUnderstood)
	}
	nu := notUnderstoodWith(text, ss...).(*intent.NotUnderstood)
	if more, hint, ok := partAnswer(fixed); ok {
		nu = notUnderstoodWith(text, append(ss, more...)...).(*intent.NotUnderstood)
		if hint != "" {
			nu.Hint = "in \"" + fixed + "\": " + hint
		}
	}
	return nu
}

// dropPossessives reads "remove my firefox", "install git and our
// vim": "my" or "our" first in the list, or after "and" or a comma,
// before a name. ("my" is glue anywhere else: "install git for my
// user".) When a word of notOwnedNames is said, the list is left as it
// is: "remove my last change" is no package named "last".
func dropPossessives(text string, ts []token) []token {
	if !slices.ContainsFunc(ts, func(t token) bool { return !t.quoted && (t.w == "my" || t.w == "our") }) ||
		slices.ContainsFunc(ts, func(t token) bool { return !t.quoted && (notOwnedNames[t.w] || notOwnedNames[t.lem]) }) {
		return ts
	}
	out := make([]token, 0, len(ts))
	for i, t := range ts {
		if !t.quoted && (t.w == "my" || t.w == "our") && i+1 < len(ts) && !notPackages[ts[i+1].w] &&
			(i == 0 || !ts[i-1].quoted && (ts[i-1].w == "and" || ts[i-1].w == "&" || ts[i-1].w == "plus" || ts[i-1].w == "also" || ts[i-1].w == "then") || commaBefore(text, ts[i-1], t)) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// notOwnedNames are what "my" is said of that no package is: the
// request is another one ("remove my last change", "install my
// dotfiles"), not understood as a list of names.
var notOwnedNames map[string]bool

// clauseVerbs start a request of their own after "and", "then" or a
// comma in a package list ("install firefox and configure ssh"): none
// is a nixpkgs name (TestGlueWordsAreNoPackages), so read as packages
// they were a guess that writes. The verbs of actionVerbs are read
// where they stand, anywhere in the list.
var clauseVerbs map[string]bool

// noServiceNamed answers "install htop and enable it": the part with the
// pronoun named (said, "enable htop") is no service ask-nix knows, and
// install ("install htop") is all there is to do.
func noServiceNamed(text, said, install string, ss []intent.Suggestion) *intent.NotUnderstood {
	return &intent.NotUnderstood{Request: text, Suggestions: ss,
		Hint: "\"" + said + "\" names no NixOS service ask-nix knows (with the option index, `ask-nix index update`, it knows every module's): \"" + install + "\" alone puts the program on the system; nothing was changed"}
}

// verbAfter reads "install firefox and configure ssh": the words after
// "and" (or "then", or a comma) start with a verb of clauseVerbs, so
// they are another request, not packages named "configure" and "ssh".
// Not understood, with the packages said suggested and the other part
// as it is understood, or answered (the answer's suggestions and hint);
// nil when rest does not start with such a verb.
func verbAfter(text string, kind intent.Kind, said []string, rest []token) *intent.NotUnderstood {
	for len(rest) > 0 && !rest[0].quoted && joiner(rest[0].w) {
		rest = rest[1:] // ", then configure"
	}
	if len(rest) < 2 || len(said) == 0 || rest[0].quoted || !clauseVerbs[rest[0].lem] {
		return nil
	}
	part := wordsText(rest)
	ss := []intent.Suggestion{sug(kind, string(kind)+" "+andList(said))}
	if in, err := Parse(part); err == nil {
		return notUnderstoodWith(text, append(ss, sug(in.Kind, part))...).(*intent.NotUnderstood)
	}
	if len(said) == 1 {
		// "install neovim and make it my default editor": "it" is
		// neovim; the part said with the name, where that is a request.
		ws := strings.Fields(part)
		for i, w := range ws {
			if pronouns[strings.ToLower(w)] {
				ws[i] = said[0]
				named := strings.Join(ws, " ")
				in, err := Parse(named)
				if err == nil && in.Kind.Writes() {
					return notUnderstoodWith(text, append(ss, sug(in.Kind, named))...).(*intent.NotUnderstood)
				}
				var us *UnknownService
				if errors.As(err, &us) && us.Kind.Writes() {
					// "install htop and turn it on": no service htop.
					return noServiceNamed(text, named, string(kind)+" "+said[0], ss)
				}
				break
			}
		}
	}
	more, hint, _ := partAnswer(part)
	// The words nearest a request ("help", "install firefox") say
	// nothing of this part: only what answers it is offered.
	more = slices.DeleteFunc(slices.Clone(more), func(s intent.Suggestion) bool {
		f := strings.Fields(s.Example)
		return s.Kind == intent.Help || s.Example == examples[s.Kind] && !has(rest, f[len(f)-1]) ||
			pronouns[f[len(f)-1]] // "use it" suggested "install it"
	})
	nu := notUnderstoodWith(text, append(ss, more...)...).(*intent.NotUnderstood)
	nu.Hint = "in \"" + part + "\": " + hint
	if hint == "" {
		nu.Hint = "\"" + part + "\" starts a request of its own, not package names, which ask-nix does not understand as said: ask for it alone, in other words; nothing was changed"
	}
	return nu
}

// commaBefore: a comma stands in text between tokens a and b.
func commaBefore(text string, a, b token) bool {
	return a.end <= b.start && b.start <= len(text) && strings.Contains(text[a.end:b.start], ",")
}

// actionVerbList is the verbs of actionVerbs in a fixed order, for
// putting a misspelt one right.
var actionVerbList = []string{"install", "uninstall", "remove", "delete", "search", "find", "enable", "disable",
	"update", "upgrade", "rollback", "undo", "apply", "rebuild", "add"}

// pronouns stand for the thing said before them ("install steam and
// enable it").
var pronouns map[string]bool

// secondRequest reports whether ts, the words after an "and" in a
// package list, are a request of their own ("open port 80", "roll
// back", "set timezone to UTC"), read as one. Only words that start
// another kind of request are tried, so "git and go" stays two packages.
func secondRequest(ts []token) (intent.Intent, bool) {
	if len(ts) < 2 || ts[0].quoted || !requestLeads[ts[0].lem] {
		return intent.Intent{}, false
	}
	for _, t := range ts {
		if t.quoted {
			return intent.Intent{}, false
		}
	}
	in, err := Parse(wordsText(ts))
	if err != nil || in.Kind == intent.Install {
		return intent.Intent{}, false
	}
	return in, true
}

// wordsText is ts as typed again, for parsing or showing.
func wordsText(ts []token) string {
	ws := make([]string, len(ts))
	for i, t := range ts {
		ws[i] = t.raw
	}
	return strings.Join(ws, " ")
}

// categoryOnly returns the words of a package list, joined, when every
// one is a kind of program ("text editor", "music player"), else "".
// Beside a name they may be part of it ("libre office", "vlc media
// player"), which the package index joins or refuses; quoted, they are
// names as typed.
//
// A word that is also a package name joins such a phrase ("email
// client", "pdf reader": kindNouns) when a kind word is said with it:
// "install email client" does not ask for the package email.
func categoryOnly(ts []token) string {
	return strings.Join(kindOfProgramWords(ts), " ")
}

// kindOfProgramWords returns the words of ts, fillers left out, when
// every one is a kind of program (categoryWords) or a noun that may
// end or start one (kindNouns) and one at least is the former; nil
// otherwise, and for a quoted word.
func kindOfProgramWords(ts []token) []string {
	var ws []string
	kind := false
	for _, t := range ts {
		switch {
		case t.quoted:
			return nil
		case packageFillers[t.w]:
		case categoryWords[t.w]:
			kind = true
			ws = append(ws, t.w)
		case kindNouns[t.w]:
			ws = append(ws, t.w)
		default:
			return nil
		}
	}
	if !kind {
		return nil
	}
	return ws
}

// categoryPhrase returns the words of "a pdf reader", "an email
// client", "a word processor", joined: said with "a" or "an", a kind of
// program in a few words, some of which may also be package names
// (reader and email are), which "install a pdf reader" does not mean.
// Anything else gives "".
func categoryPhrase(ts []token) string {
	if len(ts) < 2 || ts[0].quoted || ts[0].w != "a" && ts[0].w != "an" {
		return ""
	}
	ws := kindOfProgramWords(ts[1:])
	if len(ws) > 3 {
		return ""
	}
	return strings.Join(ws, " ")
}

// sshServerWords name the SSH server and no nixpkgs package
// (TestGlueWordsAreNoPackages); the client's package is openssh.
var sshServerWords map[string]bool

// SSHInstallHint answers "install ssh": what the word most likely
// means, and where the client is.
const SSHInstallHint = "NixOS has the ssh client already (ssh, scp, ssh-keygen, from the package openssh); \"enable ssh\" runs the SSH server, which lets others log in to this machine (and opens port 22)"

// ServiceSaidToInstall is a service's word said to install ("install
// ssh", sshAsked; "install printer", featureAsked), answered by the
// parser: with the package index, its install suggestions are kept only
// where the index has the package.
type ServiceSaidToInstall struct{ *intent.NotUnderstood }

// Unwrap lets errors.As find the not-understood answer.
func (e *ServiceSaidToInstall) Unwrap() error { return e.NotUnderstood }

// sshAsked reads "install ssh" without the package index: no package
// has that name, so it planned a package that does not build. The
// server is offered, and the client's package by its name; the other
// packages said stay suggested ("install firefox ssh"). Quoted, the
// word is a name as said. nil when no such word was said.
func sshAsked(text string, kind intent.Kind, ts []token, said []string) *intent.NotUnderstood {
	if kind != intent.Install {
		return nil
	}
	word := ""
	for _, t := range ts {
		if !t.quoted && sshServerWords[t.w] {
			word = t.w
		}
	}
	if word == "" {
		return nil
	}
	// "install ssh server", "i need ssh access": the words after ssh
	// say the server, never packages named server or access.
	var names []string
	server := false
	for _, w := range said {
		if sshServerSaid[strings.ToLower(w)] {
			server = true
			continue
		}
		names = append(names, w)
	}
	ss := installOthers(names, sshServerWords)
	ss = append(ss, sug(intent.EnableService, "enable "+word))
	if !server {
		ss = append(ss, sug(intent.Install, "install openssh"))
	}
	return &intent.NotUnderstood{Request: text, Suggestions: ss, Hint: SSHInstallHint}
}

// takenOff reads "get firefox off my system", "take vlc off this
// machine", "get htop out of here": the names between, or nil.
func takenOff(ts []token) []token {
	if len(ts) < 3 || ts[0].quoted || ts[0].w != "get" && ts[0].w != "take" {
		return nil
	}
	k := slices.IndexFunc(ts, func(t token) bool { return !t.quoted && (t.w == "off" || t.w == "out") })
	if k < 2 {
		return nil
	}
	for _, t := range ts[k+1:] {
		switch t.w {
		case "my", "the", "this", "of", "system", "machine", "computer", "laptop", "pc", "here", "box":
		default:
			return nil
		}
	}
	return ts[1:k]
}

// sshServerRemoved: ts is the SSH server said as a thing to remove
// ("the ssh server", "openssh daemon").
func sshServerRemoved(ts []token) bool {
	ssh, server := false, false
	for _, t := range ts {
		switch {
		case t.quoted:
			return false
		case sshServerWords[t.w] || t.w == "openssh":
			ssh = true
		case sshServerSaid[t.w]:
			server = true
		case t.w != "the" && t.w != "my" && t.w != "this":
			return false
		}
	}
	return ssh && server
}

// sshServerSaid are words said after ssh that mean its server ("ssh
// server", "ssh access"); said to install, they are no packages.
var sshServerSaid map[string]bool

// installOthers suggests installing the names said other than the
// service words of words ("install firefox ssh" suggests "install
// firefox"); none when no other name was said.
func installOthers(said []string, words map[string]bool) []intent.Suggestion {
	var others []string
	for _, w := range said {
		if !words[strings.ToLower(w)] {
			others = append(others, w)
		}
	}
	if len(others) == 0 {
		return nil
	}
	return []intent.Suggestion{sug(intent.Install, "install "+strings.Join(others, " "))}
}

// featureWords name a NixOS service or hardware switch of ask-nix's
// service table and no nixpkgs package (TestFeatureWordsAreNoPackages):
// "install printer", "add a printer", "install wifi" planned packages
// of those names without the package index, where the index answered
// "enable printer".
var featureWords map[string]bool

// FeatureWords lists featureWords, for the test that holds them to the
// service table and the nixpkgs attribute list.
func FeatureWords() []string {
	loadTables()
	return slices.Sorted(maps.Keys(featureWords))
}

// featureAsked answers "install printer" as the package index does: no
// package has the name; "enable printer" turns on the service. The
// other names said stay suggested ("install firefox printer" suggests
// "install firefox"). Quoted, the word is a name as said. nil when no
// such word was said.
func featureAsked(text string, kind intent.Kind, ts []token, said []string) *intent.NotUnderstood {
	if kind != intent.Install {
		return nil
	}
	word, option := "", ""
	for _, t := range ts {
		if t.quoted || !featureWords[t.w] {
			continue
		}
		if o, ok := serviceOption(t.w); ok {
			word, option = t.w, o
			break
		}
	}
	if word == "" {
		return nil
	}
	// "add bluetooth support": "support" says the feature again, and
	// is no package beside it (they suggested "install support").
	ss := append(installOthers(slices.DeleteFunc(slices.Clone(said), func(w string) bool {
		w = strings.ToLower(w)
		return w == "support" || w == "service"
	}), featureWords), sug(intent.EnableService, "enable "+word))
	return &intent.NotUnderstood{Request: text, Suggestions: ss,
		Hint: fmt.Sprintf("no package is named %s; \"enable %s\" turns on the NixOS service of that name (%s)", word, word, option)}
}

// desktopAsked answers "I want a desktop environment", "install a
// window manager": no desktop named, so none is guessed, and "desktop"
// is no package (it was refused as one). The answer names the desktops
// and window managers ask-nix turns on by name. nil for anything else.
func desktopAsked(text string, kind intent.Kind, ts []token) *intent.NotUnderstood {
	if kind != intent.Install {
		return nil
	}
	desktop, window, manager := false, false, false
	for _, t := range ts {
		switch {
		case t.quoted:
			return nil
		case packageFillers[t.w] || stopwords[t.lem]:
		case t.w == "desktop" || t.w == "desktops" || t.w == "gui" || t.w == "de":
			desktop = true
		case t.w == "window" || t.w == "tiling":
			window = true
		case t.w == "manager" || t.w == "managers" || t.w == "wm" || t.w == "compositor":
			manager = true
		case t.w == "environment" || t.w == "environments" || t.w == "graphical" || t.w == "new" || t.w == "nice" || t.w == "good" || t.w == "user" || t.w == "interface":
		default:
			return nil
		}
	}
	if !desktop && !(window && manager) && !(manager && len(ts) == 1) {
		return nil
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable gnome"), sug(intent.EnableService, "enable plasma"), sug(intent.EnableService, "enable sway")},
		Hint: "a desktop is a NixOS module turned on, not a package, and which one is yours to choose: ask-nix knows GNOME (\"enable gnome\") and KDE Plasma (\"enable plasma\"), and with the option index Xfce, Cinnamon, MATE, Budgie, LXQt, Pantheon and Enlightenment; " +
			"window managers the same way: sway and Hyprland, and with the option index i3, awesome, bspwm, xmonad, qtile, openbox, icewm and fluxbox (\"enable i3\"). " +
			"A desktop also needs a login screen where your configuration has none (\"enable gdm\" for GNOME, \"enable sddm\" for Plasma); you choose the session there. Nothing was changed"}
}

// kindNouns end or start a kind of program said with an article ("a
// pdf reader", "an email client"); alone, some are package names.
var kindNouns map[string]bool

// userInstaller: ts starts with a per-user way to install ("home
// manager", "home-manager", "nix-env", "nix profile") and says nothing
// more.
func userInstaller(ts []token) bool {
	ws := wordsOf(ts)
	switch strings.ToLower(strings.Join(ws, " ")) {
	case "home manager", "home-manager", "nix-env", "nix profile", "nix-profile":
		return !slices.ContainsFunc(ts, func(t token) bool { return t.quoted })
	}
	return false
}

// namesAsGlue: ts[i] is "just" before another name ("install just
// firefox") or "instead" last after one ("install firefox instead"),
// unquoted. Elsewhere ("install just", "install just and git") they
// are the packages of those names.
func namesAsGlue(ts []token, i int) bool {
	t := ts[i]
	if t.quoted {
		return false
	}
	switch t.w {
	case "just":
		return i+1 < len(ts) && (ts[i+1].quoted || !packageFillers[ts[i+1].w])
	case "instead":
		return i == len(ts)-1 && !soleName(ts)
	}
	return false
}

// bitsAt returns how many tokens from ts[i] say a word size ("64 bit",
// "32-bit", "64bit", "64 bits"), or 0.
func bitsAt(ts []token, i int) int {
	t := ts[i]
	if t.quoted {
		return 0
	}
	if num, unit, ok := strings.Cut(t.w, "-"); ok && digits(num) && (unit == "bit" || unit == "bits") {
		return 1
	}
	if num, ok := strings.CutSuffix(strings.TrimSuffix(t.w, "s"), "bit"); ok && digits(num) {
		return 1
	}
	if digits(t.w) && i+1 < len(ts) && !ts[i+1].quoted && (ts[i+1].w == "bit" || ts[i+1].w == "bits") {
		return 2
	}
	return 0
}

// bitsAsked answers a word size said with packages: NixOS installs a
// machine's own builds, and a 32-bit build, where nixpkgs has one, is a
// package of its own name, which search lists. rest is what follows the
// word size ("install 64 bit wine").
func bitsAsked(text string, kind intent.Kind, said []string, rest []token) error {
	names := append(slices.Clone(said), wordsOf(rest)...)
	var ss []intent.Suggestion
	if len(names) > 0 {
		ss = append(ss, sug(kind, string(kind)+" "+strings.Join(names, " ")), sug(intent.Search, "search "+names[0]))
	} else {
		ss = append(ss, sug(intent.Search, "search wine"))
	}
	what := "the package"
	if len(names) > 0 {
		what = "`ask-nix search " + names[0] + "`"
	}
	return &intent.NotUnderstood{Request: text, Suggestions: ss,
		Hint: "a word size is no part of a package's name: NixOS installs the machine's own (64-bit) builds, and a 32-bit build, where nixpkgs has one, is a package of its own name (" + what + " lists them); nothing was changed"}
}

// namesOr is names joined, or def when there are none.
func namesOr(names []string, def string) string {
	if len(names) == 0 {
		return def
	}
	return andList(names)
}

// soleName: ts holds one word besides fillers ("install the via app").
// "via" is a nixpkgs name (the VIA keyboard configurator) as well as glue
// ("install git via nixpkgs"); alone, it can only be the name.
func soleName(ts []token) bool {
	n := 0
	for _, t := range ts {
		if t.quoted || !packageFillers[t.w] {
			n++
		}
	}
	return n == 1
}

// viaIsName: "via" said where no glue "via" can be, so the VIA
// keyboard configurator: alone, first in the list ("install via and
// git"), or ending a list item ("install git and via", "install git, via
// and vim"); glue "via" stands between a name and how ("install git via
// nixpkgs").
func viaIsName(text string, ts []token, i, saidBefore int) bool {
	if soleName(ts) || saidBefore == 0 || i+1 == len(ts) {
		return true
	}
	next := ts[i+1]
	return !next.quoted && (next.w == "and" || next.w == "&" || next.w == "plus") || commaBefore(text, ts[i], next)
}

// distroNames are other distributions' package names newcomers type,
// which nixpkgs names otherwise or runs as a NixOS module.
var distroNames map[string]struct{ what, instead, why string }

// purposeNouns stand for a package not named ("install an app for
// pdf"); purposeFillers are the words around what it is for.
var (
	purposeNouns   map[string]bool
	purposeFillers map[string]bool
)

// purposeQuery is what rest says a package is for, after "for", "to",
// "that" or "which" ("for pdf", "to edit photos", "that can read
// pdfs"), as a search; "" when rest says none.
func purposeQuery(rest []token) string {
	if len(rest) < 2 || rest[0].quoted {
		return ""
	}
	switch rest[0].w {
	case "for", "to", "that", "which":
	default:
		return ""
	}
	var words []string
	for _, t := range rest[1:] {
		switch {
		case t.quoted || !isPackageLike(t.raw):
			return ""
		case stopwords[t.lem] || purposeFillers[t.w]:
		default:
			words = append(words, t.w)
		}
	}
	if len(words) == 0 || len(words) > 4 {
		return ""
	}
	return strings.Join(words, " ")
}

// wholeSet answers "remove all packages" and "install everything": ask-nix
// works on packages by name, and says where to find the names.
func wholeSet(text string, kind intent.Kind) error {
	if kind == intent.Remove {
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ListInstalled, "list installed")},
			Hint:        "ask-nix removes packages by name (\"remove htop and vim\"): \"list installed\" shows the ones it installed; nothing was changed"}
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.Search, "search editor"), sug(kind, string(kind)+" firefox and htop")},
		Hint:        "ask-nix installs packages by name"}
}

func wordsOf(ts []token) []string {
	var out []string
	for _, t := range ts {
		if !t.quoted && packageFillers[t.w] {
			continue
		}
		out = append(out, t.raw)
	}
	return out
}

// canonPackage writes a package name the way the fragment does:
// "Firefox" (capitalised at the start of a sentence) is firefox;
// emacsPackages.clang-format+ is emacsPackages."clang-format+". A name
// outside the attribute grammar is left as typed, for the guard to name
// what is wrong with it.
func canonPackage(raw string) string {
	// "nixpkgs#firefox" (a flake reference) and "nixos.firefox" (nix-env
	// -iA's channel) name the package in the system's own nixpkgs, which
	// is where the fragment's packages come from.
	for _, from := range []string{"nixpkgs#", "nixos.", "nixpkgs."} {
		if rest, ok := strings.CutPrefix(raw, from); ok && rest != "" {
			raw = rest
			break
		}
	}
	if isCapitalised(raw) && !capitalisedAttrs[raw] {
		raw = strings.ToLower(raw)
	}
	return canonPath(raw)
}

// capitalisedAttrs are the nixpkgs names written capitalised, with no
// lower-case twin (TestCapitalisedAttrs holds them to the attribute
// list): "install R" is R, the statistics language, not a package "r"
// nixpkgs does not have.
var capitalisedAttrs map[string]bool

// CapitalisedAttrs lists capitalisedAttrs, for that test.
func CapitalisedAttrs() []string {
	loadTables()
	return slices.Sorted(maps.Keys(capitalisedAttrs))
}

// canonPath writes an attribute path with quotes exactly where Nix needs
// them, or returns raw unchanged if it is not one.
func canonPath(raw string) string {
	var p fragment.Path
	for i := 0; i < len(raw); {
		var e string
		quoted := raw[i] == '"'
		if quoted {
			j := strings.IndexByte(raw[i+1:], '"')
			if j < 0 {
				return raw
			}
			e = raw[i+1 : i+1+j]
			i += j + 2
		} else {
			j := strings.IndexByte(raw[i:], '.')
			if j < 0 {
				j = len(raw) - i
			}
			e = raw[i : i+j]
			i += j
		}
		if e == "" {
			return raw
		}
		if !quoted && !(e[0] >= 'a' && e[0] <= 'z' || e[0] >= 'A' && e[0] <= 'Z' || e[0] == '_') {
			return raw // a bare name starting with a digit or sign: not a Nix name
		}
		for k := 0; k < len(e); k++ {
			c := e[k]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '+' || c == '.') {
				return raw
			}
		}
		p = append(p, e)
		if i < len(raw) {
			if raw[i] != '.' || i == len(raw)-1 {
				return raw
			}
			i++
		}
	}
	if len(p) == 0 {
		return raw
	}
	if len(p) > 1 && p[0] == "pkgs" {
		p = p[1:] // pkgs.firefox, as written in Nix, is firefox
	}
	return p.String()
}

// isCapitalised: one capital letter, first, as sentence case or a phone
// keyboard writes it ("Firefox"). Names with other capitals
// (python3Packages, SDL2, ArchiSteamFarm) are kept as typed.
func isCapitalised(s string) bool {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return false
		}
	}
	return true
}

// The tables of this file, built by loadRules on first use (see
// loadTables), section by section.
var (
	openVerbs, closeVerbs, portFillers, protoJoiners map[string]bool
	rangeWords                                       map[string]bool

	namedSettings                    []namedSetting
	setVerbs, valueLead, renameVerbs []phrase
	settingLead, machineWords        map[string]bool
	unsetVerbs                       []phrase
	unsetLead, defaultWords          map[string]bool
	genericVerbs                     []phrase

	enableLead, disableLead, serviceTrail []phrase
	serviceLead                           map[string]bool

	searchLead, searchTrail []phrase
	searchFillers           map[string]bool

	removeLead, installLead, wantLead []phrase
	desktopWords                      map[string]bool
)

func loadRules() {
	// ---- firewall ports ----
	openVerbs = set("open", "allow", "let", "unblock", "expose", "permit", "accept", "unfilter")

	closeVerbs = set("close", "block", "deny", "disallow", "shut", "reject", "filter")

	portFillers = set("the", "a", "port", "on", "in", "for", "firewall", "over", "via",
		"protocol", "traffic", "incoming", "connection", "connections", "and", "number",
		"to", "through", "up", "my", "inbound", "access", "from", "outside", "world",
		"internet", "network", "both", "also", "&", "plus", "as", "well", "again")

	// protoJoiners join protocol words into one run: "tcp and udp",
	// "both tcp & udp".
	protoJoiners = set("and", "&", "plus", "both", "as", "well")

	// rangeWords join the two ends of a port range: "1714 to 1764".
	rangeWords = set("to", "through", "thru", "until", "till", "-", "–")

	// ---- named settings, unset, generic set ----
	namedSettings = []namedSetting{
		{"time.timeZone", phrases("timezone", "time zone", "time-zone", "tz", "timezone setting", "system timezone", "system time zone", "clock timezone"), "set timezone to Europe/Berlin"},
		{"networking.hostName", phrases("hostname", "host name", "host-name", "computer name", "machine name", "system name", "name of this machine", "name of my computer", "name of the computer", "name of this computer"), "set hostname to my-laptop"},
		{"i18n.defaultLocale", phrases("locale", "default locale", "locale setting", "language", "display language", "language setting", "system language"), "set locale to de_DE.UTF-8"},
		// Before the layout, whose words ("keyboard") begin theirs.
		{"services.xserver.xkb.variant", phrases("keyboard variant", "keyboard layout variant", "xkb variant", "layout variant", "x11 keyboard variant"), "set keyboard variant to intl"},
		{"services.xserver.xkb.options", phrases("keyboard options", "keyboard option", "keyboard layout options", "xkb options", "xkb option", "x11 keyboard options"), "set keyboard options to caps:escape"},
		{"services.xserver.xkb.layout", phrases("keyboard layout", "keyboard layouts", "keyboard", "layout", "keyboard language", "xkb layout", "x11 keyboard layout"), "set keyboard layout to de"},
		{"console.keyMap", phrases("console keymap", "console key map", "console keyboard", "console keyboard layout", "console layout", "tty keymap", "keymap", "key map"), "set console keymap to de-latin1"},
		{swappiness, phrases("swappiness", "vm swappiness", "vm.swappiness", "swap swappiness", "kernel swappiness"), "set swappiness to 10"},
		{"powerManagement.cpuFreqGovernor", phrases("cpu governor", "cpu frequency governor", "cpufreq governor", "cpu scaling governor", "scaling governor", "cpu power governor", "governor"), "set the cpu governor to powersave"},
		{"boot.loader.timeout", phrases("boot timeout", "boot menu timeout", "bootloader timeout", "boot loader timeout", "grub timeout", "systemd-boot timeout", "boot delay"), "set the boot timeout to 5 seconds"},
		{"nix.settings.max-jobs", phrases("max-jobs", "max jobs", "maximum jobs", "nix max-jobs", "nix max jobs", "parallel builds", "number of parallel builds", "build jobs", "nix build jobs"), "set max-jobs to 4"},
	}

	setVerbs = phrases("set", "change", "switch", "update", "make", "use", "configure", "adjust", "put", "fix", "correct", "reset", "modify",
		// "reduce the boot timeout to 2 seconds": the value said is set
		"reduce", "lower", "shorten", "decrease", "increase", "raise", "extend", "lengthen")

	settingLead = set("the", "my", "our", "this", "current", "system", "machine", "computer")

	valueLead = phrases("to", "=", "as", "is", "be", "should be", "to be", "into", "is now", "must be", "will be")

	renameVerbs = phrases("rename", "call", "name")

	machineWords = set("this", "my", "the", "our", "machine", "computer", "host", "laptop", "pc", "system", "server", "box", "desktop", "it", "workstation")

	unsetVerbs = phrases("unset", "reset", "clear", "remove setting", "delete setting", "remove option", "delete option", "forget", "restore default", "restore the default of", "go back to the default", "use the default")

	unsetLead = set("the", "my", "option", "setting", "value", "for", "of", "custom")

	defaultWords = set("to", "back", "default", "defaults", "the", "nixos", "its", "value", "original", "setting", "option", "nixos's", "standard")

	genericVerbs = phrases("set", "change", "configure", "make", "set option", "set the option", "change option", "change the option", "modify")

	// ---- services ----
	enableLead = phrases("enable", "activate", "turn on", "switch on", "start", "start up", "start using", "bring up", "fire up", "enable and start", "set up", "setup", "autostart", "auto-start", "auto start",
		"start and enable", "enable and turn on", "turn on and enable", "enable --now", "enable and run",
		"re-enable", "reenable", "re-activate", "reactivate", "turn back on", "switch back on",
		"install and enable", "install and start", "install and activate", "install and turn on", "install and set up", "install and run")

	disableLead = phrases("disable", "deactivate", "turn off", "switch off", "stop", "do not start", "never start", "stop running", "shut down", "shut off", "stop and disable",
		"disable and stop", "turn off and disable", "disable and turn off", "disable --now", "turn back off", "switch back off")

	serviceTrail = phrases("from starting", "from running", "on boot", "at boot", "at startup", "on startup", "at boot time", "on every boot",
		"when the system starts", "when the computer starts", "when i log in", "automatically",
		"permanently", "completely", "entirely", "fully", "totally", "altogether", "by default", "from now on", "for good", "service", "server", "daemon",
		"support", "again", "forever", "too", "on", "off", "up", "service please",
		"web server", "webserver", "database", "database server", "vpn",
		"desktop", "desktop environment", "window manager", "tiling window manager", "wm", "compositor", "wayland compositor")

	serviceLead = set("the", "my", "a", "an", "our")

	// ---- search ----
	searchLead = phrases("search", "search for", "find", "find me", "look for", "look up", "lookup",
		"info", "info on", "info about", "information about", "information on", "tell me about", "details about", "details of",
		"search nixpkgs for", "search the packages for", "search packages for", "search nixpkgs",
		"is there a package for", "is there a package called", "is there a package named",
		"is there a package that", "is there any package for", "is there a", "is there an",
		"is there any", "is there", "do you have", "do you have a package for", "do we have",
		"what package has", "what package provides", "which package provides",
		"which package has", "which package contains", "what package contains",
		"what packages are there for", "what packages provide", "which packages provide",
		"are there packages for", "are there any packages for", "find a package", "find packages",
		"find a package for", "find package", "search package", "search packages",
		"show me packages for", "i am looking for", "looking for", "what package do i need for",
		"what can i install for", "what should i install for", "recommend a package for",
		"search for a package", "search for packages", "hunt for",
		"what is the package for", "what package is", "which package is", "what is the package of",
		"which package gives me", "what package gives me", "where does", "which package has the",
		"what package has the", "which package provides the", "what package provides the",
		// What a package is: search shows its description.
		"what does", "what is", "tell me about", "show info about", "info about", "describe",
		// Asked for advice: "recommend a text editor", "best video player".
		"recommend", "recommend me", "can you recommend", "could you recommend", "suggest", "suggest me", "can you suggest",
		"best", "the best", "what is the best", "which is the best", "what are good", "what are some good", "what are the best",
		"any good", "any recommendations for", "is there a good")

	searchFillers = set("for", "me", "a", "an", "the", "some", "package", "program", "app",
		"tool", "software", "that", "which", "called", "named", "to", "something", "anything",
		"any", "good", "nice", "application", "packages", "can", "i", "use", "with", "about")

	searchTrail = phrases("package", "in nixpkgs", "on nixpkgs", "in the repository", "available",
		"in the package set", "on nixos", "for nixos", "in nix", "please", "for me",
		"command", "binary", "executable", "program", "in", "come from", "comes from", "is in",
		"do", "does", "good for", "used for", "for")

	// ---- packages ----
	// desktopWords follow a desktop's name ("the gnome desktop"); none
	// is a nixpkgs name.
	desktopWords = set("desktop", "desktops", "environment", "environments", "de", "gui")
	removeLead = phrases("remove", "uninstall", "delete", "get rid of", "drop", "purge", "erase",
		"take out", "throw out", "throw away", "ditch", "i do not want", "i do not need",
		"i no longer want", "i no longer need", "i no longer use", "i do not use",
		"we do not need", "we no longer need", "i am done with", "remove the package",
		"uninstall the package", "delete the package", "can you remove", "i want to get rid of")

	installLead = phrases("install", "add", "get", "get me", "give me", "i need", "i want",
		"i would like", "can i get", "could i get", "can i have", "could i have", "may i have",
		"i would love", "download", "put", "grab", "we need", "install me", "i need to have",
		"i want to have", "i would like to have", "i would love to have", "set me up with", "i require", "provide",
		"make available", "include")

	wantLead = phrases("i need", "i want", "i would like", "we need", "i would love", "i need to have", "i want to have", "i would like to have", "i would love to have")
}

// SettingNamed is the option a setting's own name stands for, said
// whole ("time zone", "hostname": time.timeZone, networking.hostName),
// as "unset the time zone" reads it; the keyboard layout is
// services.xserver.xkb, the variant set with it. For "remove the time
// zone", which the parser reads as packages: the fragment says which.
func SettingNamed(name string) (option string, ok bool) {
	loadTables()
	ts := tokenize(name)
	if len(ts) == 0 {
		return "", false
	}
	for _, ns := range namedSettings {
		if prefix(ts, ns.words) == len(ts) {
			if ns.option == "services.xserver.xkb.layout" {
				return "services.xserver.xkb", true
			}
			return ns.option, true
		}
	}
	return "", false
}

// serviceParts are words for a part of a service or its data, never a
// package beside the service's name: "remove ssh key", "delete docker
// images". Read as a list, the service's word turned the service off
// where the fragment turns it on ("remove ssh key" turned SSH off).
var serviceParts map[string]bool

// servicePartSaid answers a part of a service said to be removed (or,
// for SSH keys, installed): "remove ssh key", "remove ssh password",
// "remove ssh port", "delete docker images", "remove root password". No
// package is meant, and the service stays as it is; nil when the words
// name no service with such a part.
func servicePartSaid(text string, kind intent.Kind, rest []token) *intent.NotUnderstood {
	// The part right after the service's word ("ssh key"): said apart
	// ("remove git and banner") both are packages.
	svc, part, root, port := "", "", false, ""
	for i, t := range rest {
		switch {
		case t.quoted:
			return nil
		case isNumeric(t) && port == "":
			port = strings.TrimPrefix(t.w, "#")
		case serviceParts[t.w] && i > 0 && !rest[i-1].quoted && part == "":
			prev := rest[i-1].w
			if prev == "root" {
				part, root = t.w, true
			} else if _, ok := serviceOption(prev); ok && !commaBefore(text, rest[i-1], t) {
				part, svc = t.w, prev
			}
		}
	}
	if part == "" || svc == "" && !(root && strings.HasPrefix(part, "pass")) {
		return nil
	}
	ssh := sshWords[svc]
	if kind == intent.Install && !(ssh && strings.HasPrefix(part, "key")) {
		return nil
	}
	const unchanged = "; nothing was changed"
	switch {
	case strings.HasPrefix(part, "pass") && (root || !ssh):
		return &intent.NotUnderstood{Request: text,
			Hint: "ask-nix does not set or remove passwords: `sudo passwd -l root` locks root's password (`passwd` changes yours), and a password declared in the configuration is users.users.<name>.hashedPasswordFile; passwords for SSH logins are \"disable ssh password login\"" + unchanged}
	case ssh && strings.HasPrefix(part, "key"):
		return &intent.NotUnderstood{Request: text,
			Hint: "an SSH key that may log in is users.users.<name>.openssh.authorizedKeys.keys in configuration.nix (or ~/.ssh/authorized_keys), which ask-nix does not edit; your own key pair is ~/.ssh/id_*, and `ssh-keygen` makes one; the SSH server stays as it is" + unchanged}
	case ssh && strings.HasPrefix(part, "pass"):
		return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.SetOption, "disable ssh password login")},
			Hint: "logging in over SSH with a password is turned off with \"disable ssh password login\" (keys only); the SSH server stays on" + unchanged}
	case strings.HasPrefix(part, "port") && portNames[svc] != nil:
		return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.SetOption, "close the "+svc+" port")},
			Hint: "\"close the " + svc + " port\" takes it out of the firewall's open ports; " + svc + " itself stays as it is" + unchanged}
	case svc == "firewall":
		// "remove the firewall rule for port 22": a port it opens.
		ss := []intent.Suggestion{sug(intent.ShowOption, "which ports are open")}
		if port != "" {
			ss = append([]intent.Suggestion{sug(intent.SetOption, "close port "+port)}, ss...)
		}
		return &intent.NotUnderstood{Request: text, Suggestions: ss,
			Hint: "the firewall's rules ask-nix writes are the ports it opens: \"close port 22\" takes one out, and \"which ports are open\" lists them; the firewall stays on" + unchanged}
	}
	if o, _ := serviceOption(svc); strings.HasPrefix(o, "programs.") {
		// "remove git config": a program's own settings are its user's.
		return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.ListInstalled, "is "+svc+" installed")},
			Hint: "\"" + part + "\" is part of " + svc + ", not a package beside it: a program's own settings and data are in your home directory (~/.config/" + svc + ", ~/.local/share/" + svc + "), which ask-nix does not touch; \"remove " + svc + "\" takes the program out" + unchanged}
	}
	return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.ShowOption, "is "+svc+" enabled")},
		Hint: "\"" + part + "\" is part of " + svc + ", not a package beside it: ask-nix turns " + svc + " on or off (\"disable " + svc + "\") and leaves its files and data where it keeps them (often /var/lib), for you or its own commands to remove" + unchanged}
}

// loadRulesTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadRulesTables() {
	sysctlRoots = map[string]bool{"vm": true, "net": true, "kernel": true, "fs": true, "dev": true, "abi": true}
	bootSwitches = map[string]struct{ option, off string }{
		"virtualisation.docker.enable": {"virtualisation.docker.enableOnBoot",
			"docker is no longer started at boot but when something first uses it (its socket); containers with --restart=always then wait for that. \"disable docker\" turns docker off entirely"},
		// The adapter powered at boot; the bluetooth service stays.
		"hardware.bluetooth.enable": {"hardware.bluetooth.powerOnBoot",
			"the bluetooth adapter is no longer powered on at boot (turn it on from the desktop or with `bluetoothctl power on`); \"disable bluetooth\" turns bluetooth off entirely"},
	}
	closedFirewallWords = map[string]bool{"opening": true, "open": true, "keep": true, "keeping": true, "leave": true, "leaving": true,
		"the": true, "its": true, "firewall": true, "port": true, "ports": true, "closed": true, "shut": true, "dont": true, "do": true,
		"not": true, "never": true, "it": true, "in": true, "up": true}
	partVerbs = map[string]bool{"configure": true, "set": true, "change": true, "make": true, "give": true,
		"create": true, "let": true, "put": true, "use": true, "allow": true, "open": true, "close": true, "add": true}
	stateLead = phrases("keep", "make sure", "ensure", "make sure that", "ensure that", "always keep")
	stateOn = map[string]bool{"enabled": true, "on": true, "running": true, "active": true}
	stateOff = map[string]bool{"disabled": true, "off": true}
	appFormats = map[string]bool{"flatpak": true, "flathub": true, "snap": true, "snaps": true, "appimage": true, "flatpaks": true, "snapcraft": true}
	formatLead = map[string]bool{"as": true, "a": true, "an": true, "with": true, "using": true, "via": true, "through": true, "from": true}
	otherInstallers = set("cargo", "npm", "yarn", "pnpm", "gem", "apt", "apt-get", "dnf", "yum", "pacman", "yay", "paru", "brew", "homebrew", "zypper", "conda")
	bootTrail = map[string]bool{"at": true, "on": true, "boot": true, "startup": true, "automatically": true,
		"when": true, "the": true, "system": true, "computer": true, "machine": true, "starts": true, "boots": true,
		"every": true, "reboot": true, "after": true, "up": true, "start": true}
	answerLeads = map[string]bool{"give": true, "grant": true, "let": true, "use": true, "add": true}
	enabledConcepts = map[string]bool{"key": true, "keys": true, "authorized_keys": true, "pubkey": true, "cron": true, "cronjob": true,
		"cronjobs": true, "crontab": true, "job": true, "jobs": true, "alias": true, "aliases": true}
	serviceUnknown = map[string]struct {
		ss  []intent.Suggestion
		why string
	}{
		"zswap": {[]intent.Suggestion{sug(intent.EnableService, "enable zram")},
			"zswap, a compressed cache in front of swap on disk, has no switch in this NixOS's options: it is turned on by a kernel parameter, " +
				"boot.kernelParams = [ \"zswap.enabled=1\" ]; in configuration.nix (a list ask-nix does not write), and needs swap on disk (swapDevices); " +
				"swap compressed in memory, with no disk, is zram (\"enable zram\", zramSwap.enable). Nothing was changed"},
	}
	serviceBundles = map[string]serviceBundle{}
	serviceWith = map[string]struct {
		word, module, option, what, note string
		value                            any
	}{}
	serviceFeatures = map[string]struct{ module, option, note string }{}
	inputMethods = map[string]string{"ibus": "ibus", "fcitx": "fcitx5", "fcitx5": "fcitx5"}
	serviceChosen = map[string]string{
		"graphics": graphicsNote, "opengl": graphicsNote, "hardwareacceleration": graphicsNote, "3dacceleration": graphicsNote,
		"graphicsacceleration": graphicsNote, "gpuacceleration": graphicsNote, "hardwaregraphicsacceleration": graphicsNote,
		"hardwarevideoacceleration": graphicsNote, "videoacceleration": graphicsNote, "vulkan": graphicsNote, "hardwareacceleratedgraphics": graphicsNote,
		"btrfsscrub": btrfsScrubNote, "btrfsscrubbing": btrfsScrubNote, "btrfsautoscrub": btrfsScrubNote, "automaticbtrfsscrub": btrfsScrubNote,
		"nfsserver": nfsServerNote, "nfsexports": nfsServerNote,
		"nfsd": nfsServerNote, "nfsfileserver": nfsServerNote,
		"vaapi": graphicsNote, "hardwarevideodecoding": graphicsNote, "videodecoding": graphicsNote, "hardwaredecoding": graphicsNote,
		"wifi": wifiNote, "wireless": wifiNote, "wlan": wifiNote,
		"ntp":        ntpNote,
		"kubernetes": "kubernetes is read as k3s (services.k3s.enable), a lightweight Kubernetes in one service; NixOS's full Kubernetes is set up by its roles (services.kubernetes.roles), which ask-nix does not write",
	}
	amdgpuAnswer = struct {
		ss  []intent.Suggestion
		why string
	}{[]intent.Suggestion{sug(intent.EnableService, "enable graphics"), sug(intent.EnableService, "enable hardware.amdgpu.initrd")},
		"NixOS has no switch for the amdgpu driver: the kernel loads it by itself for AMD cards; \"enable graphics\" (hardware.graphics.enable) adds the OpenGL and Vulkan drivers programs need; hardware.amdgpu.initrd.enable loads amdgpu early in boot (a full-resolution boot screen), hardware.amdgpu.legacySupport.enable uses it instead of radeon for Radeon HD 7000/8000 cards, and hardware.amdgpu.opencl.enable adds OpenCL (ROCm). Nothing was changed"}
	appsNoService = map[string]struct{ attr, what string }{
		"bitwarden": {"bitwarden-desktop", "Bitwarden's app is the package bitwarden-desktop; a Bitwarden server of your own is Vaultwarden (\"disable vaultwarden\")"},
		"dropbox":   {"dropbox", "Dropbox is the package dropbox, with no NixOS service (its daemon starts in your session, from your desktop's autostart)"},
		"discord":   {"discord", "Discord is the package discord, with no NixOS service"},
		"slack":     {"slack", "Slack is the package slack, with no NixOS service"},
		"zoom":      {"zoom-us", "Zoom is the package zoom-us, with no NixOS service"},
		"spotify":   {"spotify", "Spotify is the package spotify; services.spotifyd is another program, a Spotify Connect player with no window (\"enable spotifyd\")"},
		"vscode":    {"vscode", "VS Code is the package vscode, with no NixOS service"},
		"obsidian":  {"obsidian", "Obsidian is the package obsidian, with no NixOS service"},
		"moonlight": {"moonlight-qt", "Moonlight, the game streaming client, is the package moonlight-qt, with no NixOS service; the machine it streams from runs Sunshine (\"enable sunshine\")"},
	}
	distributedBuilds = map[string]bool{"distributedbuilds": true, "distributedbuilding": true, "remotebuilds": true, "remotebuilders": true,
		"remotebuilder": true, "remotebuilding": true, "buildmachines": true, "remotebuildmachines": true, "nixbuildmachines": true, "nixremotebuilds": true}
	serviceSysctls = map[string]sysctlSwitch{
		"sysrq": sysrqSysctl, "magicsysrq": sysrqSysctl, "sysrqkey": sysrqSysctl, "magicsysrqkey": sysrqSysctl, "sysreq": sysrqSysctl,
		"net.ipv4.ipforward": ipv4Forwarding, "net.ipv6.conf.all.forwarding": ipv6Forwarding, "kernel.sysrq": sysrqSysctl,
		"ipforwarding": ipv4Forwarding, "ipforward": ipv4Forwarding, "ipv4forwarding": ipv4Forwarding, "ipv4forward": ipv4Forwarding,
		"ippacketforwarding": ipv4Forwarding, "ipv4packetforwarding": ipv4Forwarding, "packetforwarding": ipv4Forwarding,
		"ipv4routing": ipv4Forwarding, "iprouting": ipv4Forwarding, "kernelipforwarding": ipv4Forwarding,
		"ipv6forwarding": ipv6Forwarding, "ipv6forward": ipv6Forwarding, "ipv6packetforwarding": ipv6Forwarding, "ipv6routing": ipv6Forwarding,
	}
	xboxController = struct {
		ss  []intent.Suggestion
		why string
	}{[]intent.Suggestion{sug(intent.EnableService, "enable hardware.xpadneo"), sug(intent.EnableService, "enable hardware.xone")},
		"Xbox controllers work over USB with the kernel's own driver, with no setting; over Bluetooth, hardware.xpadneo (\"enable hardware.xpadneo\") adds rumble and the right button map; with Microsoft's wireless adapter, hardware.xone (\"enable hardware.xone\"); say which. Nothing was changed"}
	playstationController = struct {
		ss  []intent.Suggestion
		why string
	}{[]intent.Suggestion{sug(intent.EnableService, "enable bluetooth")},
		"PlayStation controllers need no setting: the kernel's hid-playstation driver runs them over USB, and over Bluetooth once paired (\"enable bluetooth\"); Steam's own input goes through \"enable steam\". Nothing was changed"}
	// "enable 2fa": no one switch; PAM's, per login, with a step each
	// user takes first.
	twoFactor := struct {
		ss  []intent.Suggestion
		why string
	}{[]intent.Suggestion{sug(intent.SetOption, "set security.pam.services.sshd.googleAuthenticator.enable to true"), sug(intent.Install, "install google-authenticator"), sug(intent.EnableService, "enable security.pam.u2f")},
		"two-factor logins are PAM's, set per login: for SSH, codes from an authenticator app are security.pam.services.sshd.googleAuthenticator.enable " +
			"(\"set security.pam.services.sshd.googleAuthenticator.enable to true\"), which needs keyboard-interactive logins left on " +
			"(services.openssh.settings.KbdInteractiveAuthentication, on by default; \"disable ssh password login\" turns it off), and each user first runs " +
			"`google-authenticator` (\"install google-authenticator\") to make their codes; a hardware key (YubiKey, FIDO2) is security.pam.u2f " +
			"(\"enable security.pam.u2f\") for local logins. Keep a session open while you try it: a mistake can lock logins out. Nothing was changed"}
	serviceAsked = map[string]struct {
		ss  []intent.Suggestion
		why string
	}{
		"openvpn": {[]intent.Suggestion{sug(intent.EnableService, "enable programs.openvpn3")},
			"NixOS has no one switch for OpenVPN: each connection is services.openvpn.servers.<name> with its own configuration, which ask-nix does not write; programs.openvpn3 is the OpenVPN 3 client, \"enable programs.openvpn3\" turns that on. Nothing was changed"},
		"homemanager": {nil, homeManagerHint},
		// Two-factor logins, however said.
		"2fa":                       twoFactor,
		"twofactor":                 twoFactor,
		"twofactorauth":             twoFactor,
		"twofactorauthentication":   twoFactor,
		"twofactorlogin":            twoFactor,
		"mfa":                       twoFactor,
		"multifactorauth":           twoFactor,
		"multifactorauthentication": twoFactor,
		"ssh2fa":                    twoFactor,
		"2faforssh":                 twoFactor,
		// "git server" is no programs.git (the trailing "server" would go).
		"bitwarden": {[]intent.Suggestion{sug(intent.Install, "install bitwarden-desktop"), sug(intent.EnableService, "enable vaultwarden")},
			"Bitwarden is two things: its app, a package (\"install bitwarden-desktop\"), and a server of your own for it, which NixOS runs as Vaultwarden (\"enable vaultwarden\": services.vaultwarden, a server other devices reach over the network); say which. Nothing was changed"},
		"gitserver": {[]intent.Suggestion{sug(intent.EnableService, "enable services.forgejo"), sug(intent.EnableService, "enable services.gitea"), sug(intent.EnableService, "enable services.gitolite")},
			"a Git server is one of several services: Forgejo or Gitea (web pages, issues, users; \"enable services.forgejo\"), gitolite (repositories over SSH, with access rules), or plain repositories over SSH, which need no service beyond \"enable ssh\"; programs.git is the git command only. Nothing was changed"},
		"ftp": {[]intent.Suggestion{sug(intent.EnableService, "enable services.vsftpd"), sug(intent.EnableService, "enable ssh")},
			"an FTP server is vsftpd (services.vsftpd, whose settings say who may log in and what they may write); to move files to this machine, SFTP comes with SSH (\"enable ssh\") and needs no FTP. Nothing was changed"},
		"ftpserver": {[]intent.Suggestion{sug(intent.EnableService, "enable services.vsftpd"), sug(intent.EnableService, "enable ssh")},
			"an FTP server is vsftpd (services.vsftpd, whose settings say who may log in and what they may write); to move files to this machine, SFTP comes with SSH (\"enable ssh\") and needs no FTP. Nothing was changed"},
		"webserver": {[]intent.Suggestion{sug(intent.EnableService, "enable nginx"), sug(intent.EnableService, "enable caddy"), sug(intent.EnableService, "enable apache")},
			"a web server is one of several: nginx, Caddy (HTTPS certificates by itself) or Apache; each serves what its virtual hosts say (services.nginx.virtualHosts, ...), which you write in configuration.nix, and ports 80 and 443 stay closed until you open them (\"open ports 80 and 443\"). Nothing was changed"},
		"database":       {[]intent.Suggestion{sug(intent.EnableService, "enable postgresql"), sug(intent.EnableService, "enable mysql")}, databaseHint},
		"databaseserver": {[]intent.Suggestion{sug(intent.EnableService, "enable postgresql"), sug(intent.EnableService, "enable mysql")}, databaseHint},
		"remoteaccess": {[]intent.Suggestion{sug(intent.EnableService, "enable ssh"), sug(intent.EnableService, "enable remote desktop")},
			"remote access is a terminal over SSH (\"enable ssh\") or a whole desktop over RDP (\"enable remote desktop\", xrdp); say which. Nothing was changed"},
		"backup": {[]intent.Suggestion{sug(intent.Install, "install restic"), sug(intent.Install, "install borgbackup")},
			backupHint},
		"backups": {[]intent.Suggestion{sug(intent.Install, "install restic"), sug(intent.Install, "install borgbackup")},
			backupHint},
		// Words that are no one thing, whose near misses (sway for swap) or
		// description matches (screego for screen sharing) would mislead.
		"swap": {[]intent.Suggestion{sug(intent.EnableService, "enable zram")},
			"swap on disk is swapDevices, a file or partition, which ask-nix does not write: swapDevices = [ { device = \"/var/lib/swapfile\"; size = 8192; } ]; in configuration.nix makes an 8 GiB swap file; swap compressed in memory is zram (\"enable zram\", zramSwap.enable). Nothing was changed"},
		"vpn": {[]intent.Suggestion{sug(intent.EnableService, "enable wireguard"), sug(intent.EnableService, "enable tailscale")},
			"a VPN is no one switch: WireGuard (\"enable wireguard\", with the interfaces in networking.wireguard.interfaces), Tailscale (\"enable tailscale\"), OpenVPN connections (services.openvpn.servers), or a provider's own app or WireGuard files; say which. Nothing was changed"},
		"screensharing": {[]intent.Suggestion{sug(intent.EnableService, "enable xdg.portal")},
			"screen sharing on Wayland goes through the desktop portal and PipeWire: GNOME and KDE set both up themselves; elsewhere, xdg.portal.enable (\"enable xdg.portal\") with the portal of your compositor in xdg.portal.extraPortals, and services.pipewire.enable. Nothing was changed"},
		"hotspot": {[]intent.Suggestion{sug(intent.EnableService, "enable networkmanager"), sug(intent.EnableService, "enable services.create_ap")},
			"a Wi-Fi hotspot is a connection, not a setting: with NetworkManager (\"enable networkmanager\"), `nmcli device wifi hotspot ssid <name> password <password>` or your desktop's network menu starts one; services.create_ap runs one from its settings (services.create_ap.settings), which ask-nix does not write. Nothing was changed"},
		"filesharing": {[]intent.Suggestion{sug(intent.EnableService, "share a folder with samba"), sug(intent.EnableService, "share folders over nfs")},
			"file sharing is a server: Samba for Windows, macOS and Linux (\"share a folder with samba\"), NFS between Linux machines (\"share folders over nfs\"); the folders shared are settings you write in configuration.nix. Nothing was changed"},
		"protonvpn": {[]intent.Suggestion{sug(intent.Install, "install protonvpn-gui")},
			"NixOS has no Proton VPN service: its app is a package (\"install protonvpn-gui\"), or its WireGuard configuration files go in networking.wg-quick.interfaces in your configuration.nix, which ask-nix does not write. Nothing was changed"},
		"opencl": {[]intent.Suggestion{sug(intent.EnableService, "enable hardware.amdgpu.opencl")},
			"OpenCL depends on the graphics card: for AMD it is hardware.amdgpu.opencl.enable (ROCm, \"enable hardware.amdgpu.opencl\"); for Intel, pkgs.intel-compute-runtime in hardware.graphics.extraPackages; for NVIDIA, its own driver (hardware.nvidia), which ask-nix does not set up. Nothing was changed"},
		// A DHCP server hands out addresses; networking.useDHCP is this
		// machine asking for one ("enable dhcp server" set it).
		"dhcpserver": {[]intent.Suggestion{sug(intent.EnableService, "enable services.kea.dhcp4"), sug(intent.EnableService, "enable dnsmasq")}, dhcpServerHint},
		"dhcpd":      {[]intent.Suggestion{sug(intent.EnableService, "enable services.kea.dhcp4"), sug(intent.EnableService, "enable dnsmasq")}, dhcpServerHint},
		"dnsserver": {[]intent.Suggestion{sug(intent.EnableService, "enable unbound"), sug(intent.EnableService, "enable dnsmasq"), sug(intent.EnableService, "enable services.adguardhome")},
			"a DNS server is one of several: Unbound (\"enable unbound\", a resolver that caches, for this machine or the network), dnsmasq (small, with DHCP), AdGuard Home (blocks ads for the network) or BIND for zones of your own; each takes its settings in configuration.nix, and serving other machines needs port 53 open (\"open port 53 for dns\"); the servers this machine itself asks are \"use 1.1.1.1 as dns server\". Nothing was changed"},
		"mailserver": {nil,
			"a mail server is several services (Postfix for SMTP, Dovecot for IMAP, spam filtering, DKIM, certificates) set up together in configuration.nix, which ask-nix does not write: simple-nixos-mailserver, a project outside nixpkgs, sets them up from one module; services.postfix.enable and services.dovecot2.enable are the parts. Nothing was changed"},
		"letsencrypt":      {[]intent.Suggestion{sug(intent.ShowOption, "show option security.acme.acceptTerms")}, acmeHint},
		"acme":             {[]intent.Suggestion{sug(intent.ShowOption, "show option security.acme.acceptTerms")}, acmeHint},
		"ssl":              {[]intent.Suggestion{sug(intent.ShowOption, "show option security.acme.acceptTerms")}, acmeHint},
		"sslcertificate":   {[]intent.Suggestion{sug(intent.ShowOption, "show option security.acme.acceptTerms")}, acmeHint},
		"httpscertificate": {[]intent.Suggestion{sug(intent.ShowOption, "show option security.acme.acceptTerms")}, acmeHint},
		"reverseproxy": {[]intent.Suggestion{sug(intent.EnableService, "enable nginx"), sug(intent.EnableService, "enable caddy")},
			"a reverse proxy is a web server's virtual host that passes requests on: services.nginx.virtualHosts.<name>.locations.\"/\".proxyPass (or services.caddy.virtualHosts.<name>.extraConfig with reverse_proxy), which you write in configuration.nix; \"enable nginx\" or \"enable caddy\" turns the server on, and ports 80 and 443 stay closed until opened. Nothing was changed"},
		"pihole": {[]intent.Suggestion{sug(intent.EnableService, "enable services.adguardhome"), sug(intent.EnableService, "enable services.blocky")},
			"NixOS has no Pi-hole module in this release; network-wide ad blocking by DNS is AdGuard Home (\"enable services.adguardhome\", with a web page to set it up) or blocky (\"enable services.blocky\", set up by its settings), and this machine alone can use a blocklist as its hosts file (networking.stevenblack.enable). Nothing was changed"},
		"dnsoverhttps": {[]intent.Suggestion{sug(intent.EnableService, "enable services.dnscrypt-proxy2"), sug(intent.EnableService, "enable resolved")}, dohHint},
		"dnsovertls":   {[]intent.Suggestion{sug(intent.EnableService, "enable services.dnscrypt-proxy2"), sug(intent.EnableService, "enable resolved")}, dohHint},
		"doh":          {[]intent.Suggestion{sug(intent.EnableService, "enable services.dnscrypt-proxy2"), sug(intent.EnableService, "enable resolved")}, dohHint},
		"comma": {[]intent.Suggestion{sug(intent.Install, "install comma"), sug(intent.EnableService, "enable programs.nix-index")},
			"comma (`, cowsay`) runs a program from nixpkgs without installing it, found through nix-index's database: \"install comma\" puts it on the system, and \"enable programs.nix-index\" the database's tools (run `nix-index` once to build it). Nothing was changed"},
		"x11forwarding": {[]intent.Suggestion{sug(intent.SetOption, "set services.openssh.settings.X11Forwarding to true")},
			"X11 forwarding is the SSH server's setting services.openssh.settings.X11Forwarding (\"set services.openssh.settings.X11Forwarding to true\"), with the SSH server on (\"enable ssh\"); clients connect with `ssh -X`. Nothing was changed"},
		"sshx11forwarding": {[]intent.Suggestion{sug(intent.SetOption, "set services.openssh.settings.X11Forwarding to true")},
			"X11 forwarding is the SSH server's setting services.openssh.settings.X11Forwarding (\"set services.openssh.settings.X11Forwarding to true\"), with the SSH server on (\"enable ssh\"); clients connect with `ssh -X`. Nothing was changed"},
		"netbios": {[]intent.Suggestion{sug(intent.EnableService, "enable services.samba.nmbd")},
			"NetBIOS names are Samba's nmbd, services.samba.nmbd.enable (\"enable services.samba.nmbd\", on with Samba by default), which Windows networks use to find machines by name; newer Windows finds Samba shares with WS-Discovery (services.samba-wsdd). Nothing was changed"},
		"sandbox": {[]intent.Suggestion{sug(intent.ShowOption, "show option nix.settings.sandbox")}, sandboxHint},
		// Apps and setups with no one switch, asked for as if they had one.
		"nordvpn": {[]intent.Suggestion{sug(intent.EnableService, "enable wireguard"), sug(intent.Install, "install openvpn")},
			"NixOS has no NordVPN package or service: its servers are reached with WireGuard (NordLynx, whose keys NordVPN's account pages give; networking.wg-quick.interfaces) or OpenVPN (its .ovpn files, services.openvpn.servers), set in configuration.nix, which ask-nix does not write. Nothing was changed"},
		"cosmic": {nil,
			"COSMIC has no NixOS module in this release's options (newer NixOS has services.desktopManager.cosmic); \"enable gnome\" or \"enable plasma\" turn on the desktops it has. Nothing was changed"},
		"polkitagent": {[]intent.Suggestion{sug(intent.Install, "install polkit_gnome"), sug(intent.Install, "install lxqt.lxqt-policykit")},
			"a polkit agent is the window that asks for your password when an app needs more rights: GNOME and KDE Plasma start their own; with a window manager, start one in your session (polkit_gnome's or lxqt-policykit's, installed as packages), with security.polkit.enable on (as desktops set it). Nothing was changed"},
		"torrentclient": {[]intent.Suggestion{sug(intent.Install, "install qbittorrent"), sug(intent.EnableService, "enable transmission")}, torrentHint},
		"torrent":       {[]intent.Suggestion{sug(intent.Install, "install qbittorrent"), sug(intent.EnableService, "enable transmission")}, torrentHint},
		"torrents":      {[]intent.Suggestion{sug(intent.Install, "install qbittorrent"), sug(intent.EnableService, "enable transmission")}, torrentHint},
		"bittorrent":    {[]intent.Suggestion{sug(intent.Install, "install qbittorrent"), sug(intent.EnableService, "enable transmission")}, torrentHint},
		"qbittorrent": {[]intent.Suggestion{sug(intent.Install, "install qbittorrent"), sug(intent.Install, "install qbittorrent-nox")},
			"qBittorrent is an app, the package qbittorrent (\"install qbittorrent\"); its headless server is qbittorrent-nox, started by hand or by a systemd service you write; the torrent servers with a NixOS service are Transmission and Deluge (\"enable transmission\"). Nothing was changed"},
		"nginxproxymanager": {[]intent.Suggestion{sug(intent.EnableService, "enable nginx"), sug(intent.EnableService, "enable caddy")},
			"NixOS has no Nginx Proxy Manager module: its proxying is nginx's own virtual hosts (services.nginx.virtualHosts.<name>.locations.\"/\".proxyPass) or Caddy's, written in configuration.nix; \"enable nginx\" or \"enable caddy\" turns the server on. Nothing was changed"},
		"webmin": {[]intent.Suggestion{sug(intent.EnableService, "enable cockpit")},
			"NixOS has no Webmin module: a machine's web console on NixOS is Cockpit (\"enable cockpit\"), whose page is on port 9090; the configuration itself stays in configuration.nix. Nothing was changed"},
		"portainer": {[]intent.Suggestion{sug(intent.EnableService, "enable docker")},
			"NixOS has no Portainer module: it runs as a container, declared in virtualisation.oci-containers.containers.portainer (image, ports, the Docker socket as a volume) in configuration.nix, which ask-nix does not write, with Docker on (\"enable docker\"). Nothing was changed"},
		"nvidiadocker":     {[]intent.Suggestion{sug(intent.EnableService, "enable nvidia container toolkit")}, nvidiaContainersHint},
		"dockernvidia":     {[]intent.Suggestion{sug(intent.EnableService, "enable nvidia container toolkit")}, nvidiaContainersHint},
		"gpuindocker":      {[]intent.Suggestion{sug(intent.EnableService, "enable nvidia container toolkit")}, nvidiaContainersHint},
		"dockergpu":        {[]intent.Suggestion{sug(intent.EnableService, "enable nvidia container toolkit")}, nvidiaContainersHint},
		"nvidiaindocker":   {[]intent.Suggestion{sug(intent.EnableService, "enable nvidia container toolkit")}, nvidiaContainersHint},
		"dynamicdns":       {[]intent.Suggestion{sug(intent.EnableService, "enable ddclient"), sug(intent.EnableService, "enable services.inadyn")}, dynamicDNSHint},
		"ddns":             {[]intent.Suggestion{sug(intent.EnableService, "enable ddclient"), sug(intent.EnableService, "enable services.inadyn")}, dynamicDNSHint},
		"dyndns":           {[]intent.Suggestion{sug(intent.EnableService, "enable ddclient"), sug(intent.EnableService, "enable services.inadyn")}, dynamicDNSHint},
		"ttyautologin":     {nil, ttyAutologinHint},
		"consoleautologin": {nil, ttyAutologinHint},
		"gettyautologin":   {nil, ttyAutologinHint},
		"piper": {[]intent.Suggestion{sug(intent.EnableService, "enable ratbagd"), sug(intent.Install, "install piper")},
			"Piper is the window of ratbagd, the service that configures gaming mice: \"enable ratbagd\" (services.ratbagd.enable) runs the service, and \"install piper\" adds the app. Nothing was changed"},
		"lmsensors": {[]intent.Suggestion{sug(intent.Install, "install lm_sensors")},
			"lm-sensors is a package with no NixOS switch: \"install lm_sensors\", then `sensors` shows the temperatures and fans (`sudo sensors-detect` finds chips the kernel did not load a driver for). Nothing was changed"},
		"snapper": {nil,
			"Snapper has no one switch: its snapshots are configured per btrfs subvolume, services.snapper.configs.<name> (SUBVOLUME = \"/home\"; TIMELINE_CREATE = true; ...), in configuration.nix, which ask-nix does not write; the command alone is \"install snapper\". Nothing was changed"},
		"borg":       {[]intent.Suggestion{sug(intent.Install, "install borgbackup"), sug(intent.Install, "install restic")}, backupHint},
		"borgbackup": {[]intent.Suggestion{sug(intent.Install, "install borgbackup"), sug(intent.Install, "install restic")}, backupHint},
		"restic":     {[]intent.Suggestion{sug(intent.Install, "install restic"), sug(intent.Install, "install borgbackup")}, backupHint},
		"selinux": {[]intent.Suggestion{sug(intent.EnableService, "enable apparmor")},
			"NixOS has no SELinux support among its options; its mandatory access control is AppArmor (\"enable apparmor\", security.apparmor), which confines the programs that ship profiles. Nothing was changed"},
		"gamecontrollers":   {[]intent.Suggestion{sug(intent.EnableService, "enable steam hardware"), sug(intent.EnableService, "enable hardware.xpadneo")}, gameControllersHint},
		"controllers":       {[]intent.Suggestion{sug(intent.EnableService, "enable steam hardware"), sug(intent.EnableService, "enable hardware.xpadneo")}, gameControllersHint},
		"gamepads":          {[]intent.Suggestion{sug(intent.EnableService, "enable steam hardware"), sug(intent.EnableService, "enable hardware.xpadneo")}, gameControllersHint},
		"gamepad":           {[]intent.Suggestion{sug(intent.EnableService, "enable steam hardware"), sug(intent.EnableService, "enable hardware.xpadneo")}, gameControllersHint},
		"controllersupport": {[]intent.Suggestion{sug(intent.EnableService, "enable steam hardware"), sug(intent.EnableService, "enable hardware.xpadneo")}, gameControllersHint},
		"googledrive":       {[]intent.Suggestion{sug(intent.Install, "install rclone"), sug(intent.Install, "install kdePackages.kio-gdrive")}, googleDriveHint},
		"gdrive":            {[]intent.Suggestion{sug(intent.Install, "install rclone"), sug(intent.Install, "install kdePackages.kio-gdrive")}, googleDriveHint},
		"kwallet":           {[]intent.Suggestion{sug(intent.Install, "install kdePackages.kwalletmanager"), sug(intent.EnableService, "enable kde")}, kwalletHint},
		"kdewallet":         {[]intent.Suggestion{sug(intent.Install, "install kdePackages.kwalletmanager"), sug(intent.EnableService, "enable kde")}, kwalletHint},
		"kwalletpam":        {[]intent.Suggestion{sug(intent.Install, "install kdePackages.kwalletmanager"), sug(intent.EnableService, "enable kde")}, kwalletHint},
		"dropbox": {[]intent.Suggestion{sug(intent.Install, "install dropbox"), sug(intent.Install, "install maestral-gui")},
			"NixOS has no Dropbox service: its client is a package (\"install dropbox\", unfree), whose daemon starts in your session, from your desktop's autostart; Maestral is an open-source client (\"install maestral-gui\"). Nothing was changed"},
		"gsconnect": {[]intent.Suggestion{sug(intent.EnableService, "enable kdeconnect"), sug(intent.Install, "install gnomeExtensions.gsconnect")},
			"GSConnect is KDE Connect for GNOME: programs.kdeconnect.enable with programs.kdeconnect.package = pkgs.gnomeExtensions.gsconnect; in configuration.nix (a package as a setting, which ask-nix does not write); \"enable kdeconnect\" opens the same ports (1714 to 1764) with KDE's app, and \"install gnomeExtensions.gsconnect\" adds the extension alone, without those ports. Nothing was changed"},
		"nixsandbox":   {[]intent.Suggestion{sug(intent.ShowOption, "show option nix.settings.sandbox")}, sandboxHint},
		"buildsandbox": {[]intent.Suggestion{sug(intent.ShowOption, "show option nix.settings.sandbox")}, sandboxHint},
		"vms": {[]intent.Suggestion{sug(intent.EnableService, "enable libvirtd"), sug(intent.EnableService, "enable virt-manager"), sug(intent.EnableService, "enable virtualbox")},
			"virtual machines on NixOS are QEMU/KVM run by libvirt (\"enable libvirtd\", virtualisation.libvirtd) with virt-manager to make and start them (\"enable virt-manager\"), or VirtualBox (\"enable virtualbox\"); your user needs the libvirtd (or vboxusers) group, in users.users.<you>.extraGroups. Nothing was changed"},
		"vnc": {[]intent.Suggestion{sug(intent.EnableService, "enable remote desktop")},
			"NixOS has no one VNC server switch: a whole desktop is shared over RDP by xrdp (\"enable remote desktop\"), GNOME and KDE share theirs from their own settings (Remote Desktop), and a VNC server is a program run in your session (wayvnc on Wayland compositors, x11vnc or tigervnc on X11); its port (5900) stays closed until you open it. Nothing was changed"},
		"vncserver": {[]intent.Suggestion{sug(intent.EnableService, "enable remote desktop")},
			"NixOS has no one VNC server switch: a whole desktop is shared over RDP by xrdp (\"enable remote desktop\"), GNOME and KDE share theirs from their own settings (Remote Desktop), and a VNC server is a program run in your session (wayvnc on Wayland compositors, x11vnc or tigervnc on X11); its port (5900) stays closed until you open it. Nothing was changed"},
		"gaming": {[]intent.Suggestion{sug(intent.EnableService, "enable steam"), sug(intent.EnableService, "enable gamemode"), sug(intent.SetOption, "enable 32-bit graphics")},
			"NixOS has no one switch for gaming: \"enable steam\" (programs.steam, with Proton for Windows games), \"enable gamemode\" (programs.gamemode, which games ask for more CPU) and \"enable 32-bit graphics\" (hardware.graphics.enable32Bit, for Wine and older games) are the usual ones. Nothing was changed"},
		"webcam": {[]intent.Suggestion{sug(intent.EnableService, "enable obs virtual camera")},
			"webcams need no setting: the kernel's uvcvideo driver runs them, and programs open /dev/video*; a virtual camera (for OBS) is \"enable obs virtual camera\". Nothing was changed"},
		"virtualcamera": {[]intent.Suggestion{sug(intent.EnableService, "enable obs virtual camera")},
			"the virtual camera NixOS sets up is OBS's (programs.obs-studio.enableVirtualCamera, the v4l2loopback kernel module): \"enable obs virtual camera\". Nothing was changed"},
		"bluetoothaudio": {[]intent.Suggestion{sug(intent.EnableService, "enable bluetooth")},
			"Bluetooth audio needs Bluetooth on (\"enable bluetooth\", hardware.bluetooth.enable) and a sound server that speaks it: PipeWire (services.pipewire.enable, which the NixOS graphical installer's configuration turns on) does with no more settings. Nothing was changed"},
		"dockercompose": {[]intent.Suggestion{sug(intent.EnableService, "enable docker"), sug(intent.Install, "install docker-compose")},
			"Docker Compose is a program, not a service: \"install docker-compose\" for the command, with Docker itself on: \"enable docker\". Nothing was changed"},
		"nightlight": {[]intent.Suggestion{sug(intent.EnableService, "enable redshift")},
			"GNOME and KDE have Night Light in their display settings, with no NixOS option; elsewhere, services.redshift (\"enable redshift\") does it and needs your location (location.latitude and location.longitude, or location.provider = \"geoclue2\"), which ask-nix does not write. Nothing was changed"},
		// Proton ships with Steam; protonmail-bridge only shares letters.
		"proton": {[]intent.Suggestion{sug(intent.EnableService, "enable steam"), sug(intent.EnableService, "enable programs.steam.protontricks")},
			"Proton, Steam's layer for Windows games, comes with Steam: \"enable steam\" (programs.steam.enable) is all it needs, then turn it on per game in Steam's settings; programs.steam.protontricks.enable adds protontricks, and other Proton builds (such as pkgs.proton-ge-bin) go in programs.steam.extraCompatPackages, a list in your configuration.nix, which ask-nix does not write. Nothing was changed"},
		"bluetoothheadphones": {[]intent.Suggestion{sug(intent.EnableService, "enable bluetooth")}, bluetoothPairHint},
		"bluetoothheadset":    {[]intent.Suggestion{sug(intent.EnableService, "enable bluetooth")}, bluetoothPairHint},
		"bluetoothspeaker":    {[]intent.Suggestion{sug(intent.EnableService, "enable bluetooth")}, bluetoothPairHint},
		"bluetoothspeakers":   {[]intent.Suggestion{sug(intent.EnableService, "enable bluetooth")}, bluetoothPairHint},
		"bluetoothearbuds":    {[]intent.Suggestion{sug(intent.EnableService, "enable bluetooth")}, bluetoothPairHint},
		"intelgraphics":       {[]intent.Suggestion{sug(intent.EnableService, "enable graphics")}, intelGraphicsHint},
		"intelgpu":            {[]intent.Suggestion{sug(intent.EnableService, "enable graphics")}, intelGraphicsHint},
		"wakeonlan":           {nil, wakeOnLanHint}, "wol": {nil, wakeOnLanHint},
		"headphones": {[]intent.Suggestion{sug(intent.EnableService, "enable sound"), sug(intent.EnableService, "enable bluetooth")},
			"headphones need no setting of their own: sound (\"enable sound\", PipeWire) plays through them, and Bluetooth ones need Bluetooth on (\"enable bluetooth\") and pairing; services.headphones is an unrelated program that downloads music (\"enable services.headphones\" if you mean it). Nothing was changed"},
		"xboxcontroller": {xboxController.ss, xboxController.why}, "xboxcontrollers": {xboxController.ss, xboxController.why}, "xboxgamepad": {xboxController.ss, xboxController.why},
		"ps4controller": {playstationController.ss, playstationController.why}, "ps5controller": {playstationController.ss, playstationController.why},
		"playstationcontroller": {playstationController.ss, playstationController.why}, "dualshock": {playstationController.ss, playstationController.why},
		"dualsense": {playstationController.ss, playstationController.why},
		// programs.sharing is one program's name, not sharing said of files
		// or the screen.
		"sharing": {[]intent.Suggestion{sug(intent.EnableService, "share a folder with samba"), sug(intent.EnableService, "enable xdg.portal"), sug(intent.EnableService, "enable programs.sharing")},
			"sharing what? Files are shared by a server (\"share a folder with samba\", or NFS), the screen on Wayland through the desktop portal (xdg.portal), and programs.sharing is a program of that name that shares files over the local network; say which. Nothing was changed"},
		"network": {nil, networkHint}, "networking": {nil, networkHint}, "internet": {nil, networkHint}, "internetconnection": {nil, networkHint},
		"networkconnection": {nil, networkHint}, "ethernet": {nil, networkHint},
		"kernelmodules": {nil, kernelModulesHint}, "kernelmodule": {nil, kernelModulesHint},
		"watchdog": {[]intent.Suggestion{sug(intent.EnableService, "enable services.watchdogd")},
			"\"watchdog\" is two things: services.watchdogd, a daemon that keeps a hardware watchdog fed (\"enable services.watchdogd\"), and the kernel's own NMI watchdog, turned off by the kernel parameter nowatchdog (boot.kernelParams, a list ask-nix does not write); say which. Nothing was changed"},
		"encryption": {nil, encryptionHint}, "diskencryption": {nil, encryptionHint}, "fulldiskencryption": {nil, encryptionHint},
		"luks": {nil, encryptionHint}, "encrypteddisk": {nil, encryptionHint}, "encryptedhomedirectory": {nil, encryptionHint},
		"amdgpu": amdgpuAnswer, "amdgpudriver": amdgpuAnswer, "amdgpudrivers": amdgpuAnswer, "amddriver": amdgpuAnswer, "amddrivers": amdgpuAnswer,
		"amdgraphicsdriver": amdgpuAnswer, "amdgraphicsdrivers": amdgpuAnswer, "radeondriver": amdgpuAnswer, "radeondrivers": amdgpuAnswer,
	}
	nfsShareWords = map[string]bool{"folders": true, "folder": true, "directories": true, "directory": true, "files": true,
		"drives": true, "disks": true, "a": true, "my": true, "some": true, "the": true, "over": true, "via": true, "with": true,
		"using": true, "by": true, "through": true, "on": true, "network": true, "lan": true}
	nfsShareVerbs = map[string]bool{"share": true, "sharing": true, "export": true, "exporting": true, "serve": true, "serving": true}
	radioWords = map[string]bool{"wifi": true, "wireless": true, "wlan": true}
	purposeWords = map[string]bool{"for": true, "so": true, "because": true, "since": true,
		// A condition or an exception is no part of the setting either:
		// "disable bluetooth except for my headphones" suggested "disable
		// bluetooth except", "enable ssh if needed" no service.
		"except": true, "unless": true, "if": true, "when": true, "while": true, "but": true}
	desktopNames = map[string]bool{"gnome": true, "kde": true, "plasma": true, "plasma5": true, "plasma6": true,
		"xfce": true, "cinnamon": true, "mate": true, "budgie": true, "lxqt": true, "pantheon": true, "deepin": true,
		"enlightenment": true, "lumina": true, "cosmic": true}
	notOwnedNames = map[string]bool{"change": true, "changes": true, "edit": true, "edits": true, "last": true, "previous": true,
		"recent": true, "old": true, "older": true, "own": true, "favourite": true, "favorite": true, "password": true, "passwords": true,
		"file": true, "files": true, "dotfiles": true, "data": true, "setting": true, "settings": true, "config": true, "configuration": true,
		"user": true, "users": true, "account": true, "home": true, "printer": true, "computer": true, "system": true, "machine": true, "laptop": true,
		"package": true, "packages": true, "programs": true, "apps": true, "software": true}
	clauseVerbs = map[string]bool{"configure": true, "reconfigure": true, "config": true, "setup": true, "set": true,
		"turn": true, "switch": true, "start": true, "stop": true, "restart": true, "activate": true, "deactivate": true,
		"allow": true, "open": true, "close": true, "block": true, "change": true, "unset": true, "reset": true,
		// "remove vim and use nano" removed a package named use
		"use": true}
	pronouns = map[string]bool{"it": true, "them": true, "this": true, "that": true}
	sshServerWords = map[string]bool{"ssh": true, "sshd": true}
	sshServerSaid = map[string]bool{"server": true, "servers": true, "daemon": true, "access": true, "service": true, "login": true, "logins": true, "remote": true}
	featureWords = map[string]bool{"printer": true, "printers": true, "printing": true,
		"wifi": true, "wi-fi": true, "wireless": true, "wlan": true, "sound": true, "audio": true,
		"xorg": true, "x11": true, "xserver": true, "bluetooth": true, "scanner": true, "scanners": true,
		"touchpad": true, "trackpad": true, "firewall": true, "zeroconf": true, "bonjour": true}
	kindNouns = map[string]bool{
		"reader": true, "client": true, "clients": true,
		"email": true, "e-mail": true, "word": true, "drawing": true, "notes": true, "writer": true,
		// Languages a compiler is for ("a c compiler"): no package alone.
		"c": true, "c++": true, "cpp": true,
	}
	distroNames = map[string]struct{ what, instead, why string }{
		"docker.io":         {"Debian's and Ubuntu's Docker package", "enable docker", " turns on the Docker daemon with its command (virtualisation.docker)"},
		"docker-ce":         {"Docker's own package for other distributions", "enable docker", " turns on the Docker daemon with its command (virtualisation.docker)"},
		"docker-engine":     {"Docker's old package name", "enable docker", " turns on the Docker daemon with its command (virtualisation.docker)"},
		"openssh-server":    {"Debian's and Ubuntu's SSH server package", "enable ssh", " turns the SSH server on (services.openssh), and opens port 22"},
		"build-essential":   {"Debian's compiler bundle", "install gcc and gnumake", " installs the compiler and make; a project's build tools usually go in its own nix-shell or flake instead"},
		"build-essentials":  {"Debian's compiler bundle (build-essential)", "install gcc and gnumake", " installs the compiler and make; a project's build tools usually go in its own nix-shell or flake instead"},
		"chromium-browser":  {"Ubuntu's Chromium package", "install chromium", " installs it"},
		"python3-pip":       {"Debian's pip package", "install python3", " installs Python; pip installs into a project's virtual environment (python3 -m venv), since the system's Python is read-only"},
		"python-pip":        {"Debian's pip package", "install python3", " installs Python; pip installs into a project's virtual environment (python3 -m venv), since the system's Python is read-only"},
		"python3-venv":      {"Debian's venv package", "install python3", " installs Python, whose venv module is built in"},
		"golang-go":         {"Debian's Go package", "install go", " installs it"},
		"default-jdk":       {"Debian's Java package", "install jdk", " installs the current OpenJDK"},
		"mysql-server":      {"Debian's MySQL server package", "enable mysql", " turns the database server on (services.mysql, MariaDB)"},
		"postgresql-server": {"the PostgreSQL server package of other distributions", "enable postgresql", " turns the database server on (services.postgresql)"},
	}
	purposeNouns = map[string]bool{"app": true, "program": true, "tool": true, "application": true, "software": true, "package": true, "utility": true}
	purposeFillers = map[string]bool{"can": true, "could": true, "will": true, "let": true, "lets": true, "me": true, "i": true,
		"use": true, "with": true, "do": true, "does": true, "good": true, "nice": true, "simple": true, "some": true, "files": true, "file": true}
	capitalisedAttrs = map[string]bool{"Fabric": true, "R": true, "Xaw3d": true}
	serviceParts = map[string]bool{"key": true, "keys": true, "password": true, "passwords": true, "passwd": true,
		"port": true, "ports": true, "config": true, "configuration": true, "configs": true, "settings": true, "setting": true,
		"data": true, "logs": true, "log": true, "cache": true, "caches": true, "files": true, "file": true, "account": true,
		"accounts": true, "user": true, "users": true, "rule": true, "rules": true, "banner": true, "certificate": true,
		"certificates": true, "cert": true, "certs": true, "history": true, "database": true, "databases": true,
		"volume": true, "volumes": true, "container": true, "containers": true, "image": true, "images": true,
		"socket": true, "group": true, "profile": true, "profiles": true, "session": true, "sessions": true,
		"connection": true, "connections": true, "fingerprint": true, "fingerprints": true}
}
