package parse

import (
	"slices"
	"strconv"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// serviceStates are the words that ask whether a service is on: "is ssh
// enabled", "is the firewall on", "is docker running".
var serviceStates map[string]bool

// portStates ask whether a port is open; portQuestionFillers are the
// other words of such a question.
var portStates, portQuestionFillers map[string]bool

// showValueWords are the other words of "show option x.y", "what is x.y
// set to", "which dns servers do I use".
var showValueWords map[string]bool

// ruleServiceQuestion: a question about one service: "is ssh enabled?",
// "is the firewall on", "do I have docker running", "check whether
// bluetooth is enabled". The answer is show-option for the service's
// enable option: what the configuration sets it to. The request must
// start as a question and end in a state word, and the words between
// must name a service of ask-nix's table; anything else is left to the
// other rules ("is firefox installed" is list-installed).
func ruleServiceQuestion(text string, ts []token) (intent.Intent, bool, error) {
	if nu := editorOrShellAsked(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if in, ok := flakesAsked(ts); ok {
		// "are flakes enabled": no service, and never "is ssh enabled".
		return in, true, nil
	}
	n := questionLead(ts)
	if n == 0 && (ts[0].w == "do" || ts[0].w == "does") && len(ts) > 2 && (ts[1].w == "i" || ts[1].w == "we" || ts[1].w == "it") && ts[2].w == "have" {
		n = 3 // "do I have docker running"
	}
	atBootAsked := false
	if n == 0 && (ts[0].w == "does" || ts[0].w == "will") && len(ts) > 4 {
		// "does ssh start at boot?", "will docker run on startup": the
		// service's switch, or its boot switch where it has one.
		k := len(ts)
		if (ts[k-1].w == "boot" || ts[k-1].w == "startup") && (ts[k-2].w == "at" || ts[k-2].w == "on") &&
			(ts[k-3].w == "start" || ts[k-3].w == "run" || ts[k-3].w == "launch") && !ts[k-1].quoted {
			n, atBootAsked = 1, true
			ts = append(slices.Clip(ts[:k-3]), token{w: "enabled", lem: "enabled", raw: "enabled"})
		}
	}
	if n == 0 {
		if k := pastSwitchAsked(ts); k > 0 {
			// "have I enabled ssh", "did we turn on the firewall": the
			// same question as "is ssh enabled", asked of the past; the
			// configuration's value answers it ("have I enabled ssh"
			// once suggested "is enabled-ssh installed").
			ts = append(append([]token{{w: "is", lem: "is", raw: "is"}}, ts[k:]...), token{w: "enabled", lem: "enabled", raw: "enabled"})
			n = 1
		}
	}
	if n == 0 {
		return intent.Intent{}, false, nil
	}
	end := len(ts)
	for end > n && !ts[end-1].quoted && (serviceStates[ts[end-1].w] || ts[end-1].w == "is" || ts[end-1].w == "are" ||
		ts[end-1].w == "turned" || ts[end-1].w == "switched" || ts[end-1].w == "now" || ts[end-1].w == "currently" || ts[end-1].w == "already") {
		end--
	}
	said := false
	for _, t := range ts[end:] {
		said = said || serviceStates[t.w]
	}
	rest := ts[n:end]
	for len(rest) > 1 && !rest[0].quoted && (rest[0].w == "the" || rest[0].w == "my" || serviceLead[rest[0].w]) {
		rest = rest[1:]
	}
	if !said || len(rest) == 0 {
		return intent.Intent{}, false, nil
	}
	rest = dropServiceTrail(rest)
	name := joinW(rest)
	if len(rest) == 1 && looksLikeOption(rest[0]) {
		if sysctl, ok := sysctlNamed(rest[0].w); ok {
			// "is net.ipv4.ip_forward enabled": the kernel setting.
			return intent.Intent{Kind: intent.ShowOption, Option: sysctl, Service: rest[0].w}, true, nil
		}
		// "is services.jellyfin.enable enabled"
		option := rest[0].raw
		if !strings.HasSuffix(option, ".enable") {
			option += ".enable"
		}
		return intent.Intent{Kind: intent.ShowOption, Option: option, Service: option}, true, nil
	}
	if option, ok := serviceOption(name); ok {
		// A switch of another name ("is dhcp enabled":
		// networking.useDHCP) is shown as an enable option is.
		if b, ok := bootSwitches[option]; ok && atBootAsked {
			return intent.Intent{Kind: intent.ShowOption, Option: b.option, Service: name}, true, nil
		}
		return intent.Intent{Kind: intent.ShowOption, Option: option, Service: name}, true, nil
	}
	key := serviceKey(name)
	if f, ok := serviceFeatures[key]; ok {
		// "is the obs virtual camera enabled": the feature's own switch.
		return intent.Intent{Kind: intent.ShowOption, Option: f.option, Service: name}, true, nil
	}
	if sc, ok := serviceSysctls[key]; ok {
		// "is sysrq enabled": the kernel setting it is.
		return intent.Intent{Kind: intent.ShowOption, Option: `boot.kernel.sysctl."` + sc.name + `"`, Service: name}, true, nil
	}
	if slices.ContainsFunc(rest, func(t token) bool { return unfreeWords[t.w] }) && !slices.ContainsFunc(rest, func(t token) bool {
		return t.quoted || !unfreeWords[t.w] && !unfreeFillers[t.lem] && t.w != "packages"
	}) {
		// "is unfree enabled", "do i have unfree packages enabled":
		// the permission, as "is unfree allowed" ("is unfree firmware
		// enabled" was suggested).
		return intent.Intent{Kind: intent.ShowOption, Option: AllowUnfreeOption}, true, nil
	}
	if a, ok := serviceAsked[key]; ok {
		// "is home manager enabled": no switch to show; what there is.
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Suggestions: a.ss, Hint: a.why}
	}
	if len(rest) > 3 || slices.ContainsFunc(rest, func(t token) bool {
		// "is the daemon running" is a status question.
		return t.quoted || !isPackageLike(t.raw) || stopwords[t.lem] || notPackages[t.w] || inSomeBag(t)
	}) {
		return intent.Intent{}, false, nil
	}
	// Not in the table: the option index may know it ("is jellyfin
	// enabled?" is services.jellyfin.enable), as for "enable jellyfin".
	// The services named close to it are the suggestions ("is dockr
	// running": "is docker enabled"), as for "enable dockr"; with none,
	// the example.
	var ss []intent.Suggestion
	for _, n := range closestServices(name, 2) {
		ss = append(ss, sug(intent.ShowOption, "is "+n+" enabled"))
	}
	hint := ServicesHint
	if k, ok := oneServiceName(text[rest[0].start:rest[len(rest)-1].end]); ok && otherSwitch(k) != "" {
		o := otherSwitch(k)
		// "is sudo enabled": security.sudo, said by its path.
		ss = append(ss, sug(intent.ShowOption, "is "+o+" enabled"))
	}
	if h, ok := serviceUnknown[key]; ok {
		ss, hint = nil, h.why // "is zswap enabled": no "is ssh enabled"
	} else if len(ss) == 0 {
		ss = append(ss, sug(intent.ShowOption, "is ssh enabled"))
	}
	nu := notUnderstoodWith(text, ss...).(*intent.NotUnderstood)
	nu.Hint = hint
	return intent.Intent{}, true, &UnknownService{Kind: intent.ShowOption, Said: name, NotUnderstood: nu}
}

// loadServiceQuestion builds this file's tables (see tablesOnce).
func loadServiceQuestion() {
	// Off states ask the same question ("is the firewall off").
	serviceStates = map[string]bool{
		"enabled": true, "on": true, "running": true, "active": true, "started": true,
		"up": true, "set": true, "configured": true,
		"off": true, "disabled": true, "stopped": true, "inactive": true,
	}
	showValueWords = map[string]bool{
		"show": true, "what": true, "which": true, "get": true, "print": true, "display": true,
		"is": true, "are": true, "the": true, "of": true, "to": true, "my": true, "me": true,
		"current": true, "currently": true, "do": true, "does": true, "i": true, "we": true,
		"use": true, "server": true, "servers": true, "this": true, "machine": true, "system": true, "am": true, "using": true, "uses": true,
		"configured": true, "in": true, "configuration": true, "config": true, "now": true,
	}
	portStates = map[string]bool{"open": true, "opened": true, "allowed": true, "reachable": true, "accessible": true, "unblocked": true}
	portQuestionFillers = map[string]bool{
		"the": true, "my": true, "is": true, "in": true, "on": true, "through": true, "by": true,
		"firewall": true, "now": true, "currently": true, "already": true, "still": true, "this": true,
		"machine": true, "system": true, "computer": true, "server": true,
	}
}

// rulePortQuestion: a question about one port: "is port 80 open?", "is
// udp port 53 open in the firewall", "check whether port 443 is
// allowed". The answer is show-option for the firewall's list of that
// protocol (TCP unless UDP is said), with the port as the value asked
// about.
func rulePortQuestion(text string, ts []token) (intent.Intent, bool, error) {
	n := questionLead(ts)
	if n == 0 {
		return intent.Intent{}, false, nil
	}
	proto, open := "TCP", false
	var ports []int64
	sawPort, named := false, false
	for i, t := range ts[n:] {
		if t.quoted {
			return intent.Intent{}, false, nil
		}
		switch {
		case t.w == "tcp":
		case t.w == "udp":
			proto = "UDP"
		case t.w == "port" || t.w == "ports":
			sawPort = true
		case isNumeric(t) && (sawPort || i == 0 || len(ports) > 0):
			// "is port 443 open", "is 443 open", "are ports 80 and 443
			// open"
			v, err := strconv.ParseInt(strings.TrimPrefix(t.w, "#"), 10, 64)
			if err != nil {
				return intent.Intent{}, false, nil
			}
			ports = append(ports, v)
		case portNames[t.w] != nil && t.w != "ssh" && t.w != "sshd":
			// "is http allowed", "is the https port open"; "is ssh
			// allowed" may ask about the service.
			ports, named = append(ports, portNames[t.w]...), true
		case (t.w == "ssh" || t.w == "sshd") && i+1 < len(ts[n:]) && (ts[n+i+1].w == "port" || ts[n+i+1].w == "ports"):
			ports, named = append(ports, portNames[t.w]...), true
		case portStates[t.w]:
			open = true
		case portQuestionFillers[t.w], t.w == "and", t.w == "&", t.w == "both":
		default:
			return intent.Intent{}, false, nil
		}
	}
	if len(ports) == 0 || !open || named && proto == "UDP" {
		return intent.Intent{}, false, nil
	}
	option := "networking.firewall.allowed" + proto + "Ports"
	if len(ports) == 1 {
		return intent.Intent{Kind: intent.ShowOption, Option: option, Value: ports[0]}, true, nil
	}
	// One question per port: each is answered on its own.
	var ss []intent.Suggestion
	for _, p := range ports {
		if len(ss) < 3 {
			q := "is port " + strconv.FormatInt(p, 10) + " open"
			if proto == "UDP" {
				q = "is udp port " + strconv.FormatInt(p, 10) + " open"
			}
			ss = append(ss, sug(intent.ShowOption, q))
		}
	}
	return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Suggestions: ss,
		Hint: "ask-nix answers for one port at a time (`ask-nix \"what ports are open\"` lists them all); nothing was changed"}
}

// ruleShowOptionValue: what an option is set to, as nixos-option shows
// it: "show option services.openssh.ports", "what is
// networking.hostName set to", "the value of boot.loader.timeout"; and
// the DNS servers: "which dns servers do I use". The option is named by
// its path (a bare "what is x.y" stays a search: package sets have dots
// too).
func ruleShowOptionValue(text string, ts []token) (intent.Intent, bool, error) {
	if in, ok := namedSettingQuestion(ts); ok {
		return in, true, nil
	}
	var path *token
	dns, lead, setTo := false, false, false
	ports, udp := false, false
	firewall, opened := false, false // "what is open in the firewall", "show the firewall rules"
	for i := range ts {
		t := ts[i]
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case looksLikeOption(t) && path == nil:
			path = &ts[i]
		case dnsWords[t.w]:
			dns = true
		case t.w == "ports":
			ports = true
		case t.w == "udp":
			udp = true
		case t.w == "firewall":
			firewall = true
		case t.w == "open" || t.w == "opened" || t.w == "allowed" || t.w == "rules":
			opened = true
		case t.w == "tcp" || t.w == "list" || t.w == "through":
		case t.w == "option" || t.w == "value" || t.w == "setting":
			lead = true
		case t.w == "describe" || t.w == "explain" || t.w == "mean" || t.w == "means" || t.w == "for":
			// "what does x.y do", "describe x.y", "what is x.y for"
		case t.w == "set" && i+2 == len(ts) && ts[i+1].w == "to" && path != nil:
			// "what is x.y set to"
			setTo = true
		case showValueWords[t.w] || stopwords[t.lem]:
		default:
			return intent.Intent{}, false, nil
		}
	}
	first := ts[0].w
	asks := first == "show" || first == "what" || first == "which" || first == "get" || first == "print" || first == "display" || first == "value" ||
		first == "describe" || first == "explain"
	switch {
	case (ports || firewall && opened) && path == nil && !dns && (asks || first == "list"):
		// "which ports are open", "list the open udp ports": the
		// firewall's list, TCP unless UDP is said; "what is open in
		// the firewall" and "show the firewall rules" ask the same.
		if udp {
			return intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.allowedUDPPorts", Service: "open UDP ports"}, true, nil
		}
		return intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.allowedTCPPorts", Service: "open TCP ports"}, true, nil
	case !asks:
		return intent.Intent{}, false, nil
	case path != nil && !dns && (lead || setTo || optionRoots[strings.SplitN(path.raw, ".", 2)[0]]):
		// Named by its path: "show option x.y", "what is x.y set to", or
		// a path only NixOS options have ("what does services.openssh.enable
		// do"; "what is python3Packages.requests" stays a search).
		return intent.Intent{Kind: intent.ShowOption, Option: path.raw}, true, nil
	case path == nil && dns && (first == "what" || first == "which" || first == "show"):
		return intent.Intent{Kind: intent.ShowOption, Option: nameservers, Service: "dns"}, true, nil
	}
	return intent.Intent{}, false, nil
}

// optionRoots are the first names of NixOS option paths, which no
// package set shares.
var optionRoots map[string]bool

// pastSwitchAsked reads the start of "have I enabled X", "did we turn
// on X", "have I disabled X", "did I switch off X": the number of words
// before the service's name, or 0. Whether the switch is on answers
// each, as for "is X enabled"; a question never writes.
func pastSwitchAsked(ts []token) int {
	if len(ts) < 4 || ts[0].quoted || (ts[0].w != "have" && ts[0].w != "did") || (ts[1].w != "i" && ts[1].w != "we") || ts[2].quoted {
		return 0
	}
	switch ts[2].w {
	case "enabled", "enable", "disabled", "disable":
		return 3
	case "turned", "turn", "switched", "switch":
		if len(ts) > 4 && !ts[3].quoted && (ts[3].w == "on" || ts[3].w == "off") {
			return 4
		}
	}
	return 0
}

// questionLead is how many words open a yes-or-no question: "is", "are"
// (1), "check if", "tell whether" (2); 0 when ts opens none.
func questionLead(ts []token) int {
	switch {
	case ts[0].quoted:
	case ts[0].w == "is" || ts[0].w == "are":
		return 1
	case (ts[0].w == "check" || ts[0].w == "tell") && len(ts) > 2 && (ts[1].w == "if" || ts[1].w == "whether"):
		return 2
	}
	return 0
}

// namedSettingQuestion reads "what is my locale", "which keyboard layout
// do I use", "show the swappiness": a question about one of the settings
// ask-nix sets by name, answered as "show option" answers. The host name
// and time zone are left to system info, which shows them.
func namedSettingQuestion(ts []token) (intent.Intent, bool) {
	switch ts[0].w {
	case "what", "what's", "whats", "which", "show", "get", "print", "display":
	default:
		return intent.Intent{}, false
	}
	for i := 1; i < len(ts); i++ {
		for _, ns := range namedSettings {
			n := prefix(ts[i:], ns.words)
			if n == 0 || ns.option == "time.timeZone" || ns.option == "networking.hostName" {
				continue
			}
			rest := append(slices.Clip(ts[1:i]), ts[i+n:]...)
			for _, t := range rest {
				if t.quoted || !showValueWords[t.w] && !stopwords[t.lem] && !settingLead[t.w] {
					return intent.Intent{}, false
				}
			}
			return intent.Intent{Kind: intent.ShowOption, Option: ns.option, Service: joinW(ts[i : i+n])}, true
		}
	}
	return intent.Intent{}, false
}

// loadServicequestionTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadServicequestionTables() {
	optionRoots = map[string]bool{
		"services": true, "programs": true, "networking": true, "boot": true, "hardware": true,
		"virtualisation": true, "security": true, "systemd": true, "environment": true, "users": true,
		"time": true, "i18n": true, "console": true, "nix": true, "nixpkgs": true, "fileSystems": true,
		"powerManagement": true, "system": true, "xdg": true, "fonts": true, "documentation": true,
		"location": true, "zramSwap": true, "swapDevices": true,
	}
}
