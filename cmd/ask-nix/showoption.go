package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/internal/termtext"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/build"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// optionAnswer is the --json answer to "is ssh enabled?".
type optionAnswer struct {
	Service string `json:"service"`
	Option  string `json:"option"`
	// Value is what the whole configuration sets the option to, evaluated
	// by Nix now; null when it could not be (Error says why).
	Value     json.RawMessage `json:"value"`
	Evaluated bool            `json:"evaluated"`
	Error     string          `json:"error,omitempty"`
	// Fragment is what the managed fragment sets it to; null when it does
	// not set it.
	Fragment any `json:"fragment"`
	// Pending: the fragment or the other inputs changed since the last
	// successful pass, so the running system may not be built from what
	// was evaluated yet.
	Pending bool `json:"pending"`
	// catchUp is what brings the running system up to date.
	catchUp string
	// Type and Description are the option's, from the option index when
	// there is one.
	Type        string `json:"type,omitempty"`
	Description string `json:"description,omitempty"`
	// FragmentUnread: the fragment is outside ask-nix's shape, so what it
	// sets is unknown (Fragment is null).
	FragmentUnread bool `json:"fragmentUnread,omitempty"`
}

// runShowOption answers "is ssh enabled?": what the managed fragment sets
// the option to, and what the whole configuration does, evaluated by Nix
// (`nix-instantiate --eval` of config.<option> of the system the
// reconciler builds, or `nix eval` of the flake's). It writes nothing.
func runShowOption(ctx context.Context, g *globals, in intent.Intent) error {
	if in.Value != nil {
		return runPortQuestion(ctx, g, in)
	}
	if openPortsQuestion(in) {
		return runOpenPorts(ctx, g, in)
	}
	q, err := g.question(in.Option)
	if err != nil {
		return err
	}
	r := q.r
	a := optionAnswer{Service: in.Service, Option: in.Option, Value: json.RawMessage("null")}
	if q.set {
		a.Fragment = fragmentValue(q.value)
	}
	a.FragmentUnread = q.unread
	if v, err := evalOption(ctx, g, r, in.Option); err != nil {
		a.Error = err.Error()
	} else {
		a.Value, a.Evaluated = v, true
	}
	a.catchUp = pendingCatchUp(r)
	a.Pending = a.catchUp != ""
	cat := &lazyCatalog{ctx: ctx, g: g}
	defer cat.close()
	if ix := cat.index(); ix.HasOptions() {
		if o, ok := ix.LookupOption(in.Option); ok {
			a.Type, a.Description = o.Type, o.Description
		}
	}
	if g.json {
		return g.printJSON(a)
	}
	fmt.Fprintln(g.stdout, optionSentence(a, q.fragment))
	return nil
}

// optionQuestion is what an answer about an option starts from.
type optionQuestion struct {
	r        *reconciler.Reconciler // for the system to evaluate
	fragment string                 // the managed fragment's path
	value    fragment.Value         // what the fragment sets the option to,
	set      bool                   // if it does
	unread   bool                   // the fragment is outside ask-nix's shape
	file     *fragment.File         // the fragment as read (empty when unread)
}

func (g *globals) question(option string) (optionQuestion, error) {
	r, err := g.reconciler()
	if err != nil {
		return optionQuestion{}, err
	}
	st, err := g.store()
	if err != nil {
		return optionQuestion{}, err
	}
	f, _, unread, err := g.readForQuestion(st)
	if err != nil {
		return optionQuestion{}, err
	}
	q := optionQuestion{r: r, fragment: st.Fragment, unread: unread, file: f}
	if path, err := fragment.ParsePath(option); err == nil {
		q.value, q.set = f.Get(path)
		if !q.set {
			q.value, q.set = under(f, path)
		}
	}
	return q, nil
}

// under is what f sets below path, as one attribute set ("services.openssh"
// when the fragment sets services.openssh.enable); false when nothing.
func under(f *fragment.File, path fragment.Path) (fragment.Value, bool) {
	v := fragment.Value{Kind: fragment.KindAttrs}
	for _, b := range f.Bindings {
		if len(b.Path) > len(path) && b.Path.HasPrefix(path) {
			v.Attrs = append(v.Attrs, fragment.Binding{Path: b.Path[len(path):], Value: b.Value})
		}
	}
	return v, len(v.Attrs) > 0
}

// catchUp says why the running system may lack what the fragment asks
// for, and what brings it in: a rollback the reconciler holds, a last
// pass that failed on these inputs, or a pass still to come (which
// nix-humanityd runs, or ask-nix apply where none runs).
func catchUp(r *reconciler.Reconciler) string {
	rep, err := reconciler.Status(r.Settings)
	return catchUpFor(rep, err, reconciler.UndoOfferFor(r.Settings))
}

// pendingCatchUp is catchUp when the inputs changed since the last
// successful pass, "" when they did not: the running system may not be
// built from what a question evaluated.
func pendingCatchUp(r *reconciler.Reconciler) string {
	rep, err := reconciler.Status(r.Settings)
	if err != nil || rep.HeldGeneration == 0 && (rep.DesiredHash == "" || rep.DesiredHash == rep.AppliedHash) {
		return ""
	}
	return catchUpFor(rep, nil, reconciler.UndoOfferFor(r.Settings))
}

// catchUpFor is catchUp for a status read; undo is what ask-nix undo
// would do now, named where it is offered (and not offered where it
// would refuse, or not reverse the last edit, an undo).
func catchUpFor(rep *reconciler.StatusReport, err error, undo reconciler.UndoOffer) string {
	switch {
	case err != nil:
	case rep.HeldGeneration != 0:
		s := fmt.Sprintf("generation %d was switched to on request (a rollback), and the reconciler keeps it until the fragment changes: `ask-nix apply --force` builds the fragment's configuration and switches to it", rep.HeldGeneration)
		if w := undoWords(undo); w != "" {
			s += "; " + w
		}
		return s + "."
	case rep.LastPass != nil && rep.LastPass.InputsHash == rep.DesiredHash && rep.LastPass.Result != state.ResultSuccess && rep.LastPass.Result != state.ResultNoop:
		s := "the last pass failed on the configuration as it is (`ask-nix status` says why): fix it"
		switch {
		case rep.LastPass.NotFromEdit:
			// The pass found the edit is not the cause: status says why.
		case undo.OK():
			s += ", or " + undo.TakeBack()
		case undo.Why() != "":
			s += " (" + undo.Why() + ")"
		}
		return s + "."
	case rep.DaemonRunning:
		return "nix-humanityd builds and switches to it at its next pass (`ask-nix status` shows when)."
	}
	return "`ask-nix apply` builds and switches to it (nix-humanityd does when it runs)."
}

// evalOption evaluates config.<option> of the configured system to JSON.
func evalOption(ctx context.Context, g *globals, r *reconciler.Reconciler, option string) (json.RawMessage, error) {
	ot, err := optionTarget(r, option)
	if err != nil {
		return nil, err
	}
	out, err := build.EvaluateJSON(ctx, g.runner, ot)
	if err != nil {
		return nil, evalError(err, ot, option)
	}
	if !json.Valid(out) {
		return nil, fmt.Errorf("nix printed %.80q, not a value", out)
	}
	return out, nil
}

// optionTarget is config.<option> of the system the reconciler builds.
func optionTarget(r *reconciler.Reconciler, option string) (build.Target, error) {
	t, err := r.Target()
	if err != nil {
		return build.Target{}, err
	}
	ot, ok := t.OptionTarget(option)
	if !ok {
		return build.Target{}, fmt.Errorf("the system %s is not a NixOS configuration ask-nix can read options from (a flake's nixosConfigurations or <nixpkgs/nixos>)", t)
	}
	return ot, nil
}

// evalError says a failed evaluation of what under ot: a path Nix did
// not find is an option no module declares.
func evalError(err error, ot build.Target, what string) error {
	var exit *nixrun.ExitError
	if errors.As(err, &exit) && missingAttribute(string(exit.Stderr)) {
		attr := ot.Attr
		if ot.IsFlake() {
			attr = ot.FlakeAttr
		}
		if strings.Contains(what, `"`) {
			// An entry of an attribute set (boot.kernel.sysctl."vm.swappiness"):
			// declared as a whole, absent until something sets it.
			return fmt.Errorf("nix found no %s: nothing in this configuration sets %s, so what it configures keeps its own default", attr, what)
		}
		return fmt.Errorf("nix found no %s: no NixOS module of this configuration declares %s", attr, what)
	}
	return err
}

// missingAttribute reports whether Nix's error says the attribute path
// does not exist: nix-instantiate's "attribute 'x' in selection path
// '...' not found", nix eval's "flake '...' does not provide attribute"
// or "attribute 'x' missing".
func missingAttribute(stderr string) bool {
	return strings.Contains(stderr, "in selection path") && strings.Contains(stderr, "not found") ||
		strings.Contains(stderr, "error: flake '") && strings.Contains(stderr, "does not provide attribute") ||
		strings.Contains(stderr, "error: attribute '") && strings.Contains(stderr, "' missing")
}

// fragmentValue is v as JSON gives it: true, 22, "Europe/Berlin", or the
// Nix text of anything else.
func fragmentValue(v fragment.Value) any {
	switch v.Kind {
	case fragment.KindBool:
		return v.Bool
	case fragment.KindInt:
		return v.Int
	case fragment.KindString:
		return v.Str
	}
	// On one line: "{ enable = true; }", "[ 80 443 ]".
	return strings.Join(strings.Fields(v.String()), " ")
}

// optionSentence says the answer in a line or two: on or off in the
// configuration, where that comes from, what changes it. What Nix and
// the fragment give (the value, Nix's error, the fragment's value: a
// configuration's strings and throws say anything) is printed made safe
// for a terminal (termtext); --json keeps it exact.
func optionSentence(a optionAnswer, fragmentPath string) string {
	// The word the user said, or the option's path when that is what
	// was said ("show option services.openssh.ports").
	name, word := fmt.Sprintf("%s (%s)", a.Service, a.Option), a.Service
	if a.Service == "" || a.Service == a.Option {
		name, word = a.Option, a.Option
	}
	setBy := fmt.Sprintf("%s does not set it", fragmentPath)
	switch {
	case a.FragmentUnread:
		setBy = fmt.Sprintf("what %s sets could not be read", fragmentPath)
	case a.Fragment != nil:
		setBy = fmt.Sprintf("%s sets it to %s", fragmentPath, termtext.Line(fmt.Sprint(a.Fragment)))
	}
	var b strings.Builder
	switch {
	case !a.Evaluated:
		fmt.Fprintf(&b, "%s: %s; what the rest of your configuration says is unknown: %s.", name, setBy, termtext.Lines(a.Error))
	case string(a.Value) == "true" || string(a.Value) == "false":
		on := string(a.Value) == "true"
		state := "off"
		if on {
			state = "on"
		}
		fmt.Fprintf(&b, "%s is %s in your configuration", name, state)
		// What to say to turn it around: an enable option by the word
		// said, any other switch by its path.
		flip := fmt.Sprintf("\"enable %s\" turns it on", word)
		if on {
			flip = fmt.Sprintf("\"disable %s\" turns it off", word)
		}
		if !strings.HasSuffix(a.Option, ".enable") {
			flip = fmt.Sprintf("\"set %s to %t\" turns it around", a.Option, !on)
		}
		fb, isBool := a.Fragment.(bool)
		switch {
		case a.Fragment == nil:
			fmt.Fprintf(&b, "; %s, so that comes from the rest of your configuration or NixOS's default (%s in the fragment; should another file set it too, Nix says so and nothing changes).", setBy, flip)
		case isBool && fb != on:
			fmt.Fprintf(&b, "; %s, but the rest of your configuration overrides that (mkForce or another priority): change it there.", setBy)
		default:
			fmt.Fprintf(&b, "; %s (%s).", setBy, flip)
		}
	default:
		// A list of plain values reads as words: "8080 and 8443", "none".
		var items []any
		if json.Unmarshal(a.Value, &items) == nil && listOfScalars(items) {
			words := "none"
			if len(items) > 0 {
				ws := make([]string, len(items))
				for i, it := range items {
					ws[i] = termtext.Line(fmt.Sprint(it))
				}
				words = plan.AndList(ws)
			}
			fmt.Fprintf(&b, "%s: %s in your configuration; %s.", name, words, setBy)
			break
		}
		fmt.Fprintf(&b, "%s is %s in your configuration; %s.", name, termtext.Line(string(a.Value)), setBy)
	}
	if a.Description != "" {
		fmt.Fprintf(&b, "\nWhat it is (%s): %s", a.Type, strings.TrimSpace(a.Description))
	}
	if a.Evaluated && a.Pending {
		b.WriteString("\nThe running system was built before the last change: " + a.catchUp)
	}
	return b.String()
}

// portAnswer is the --json answer to "is port 80 open?".
type portAnswer struct {
	Port     int64  `json:"port"`
	Protocol string `json:"protocol"` // "tcp" or "udp"
	// Open: the configuration lets the port through the firewall; null
	// when it could not be evaluated (Error says why).
	Open *bool `json:"open"`
	// Why is how: "firewall-off", "listed" (in allowed<P>Ports) or
	// "range" (in allowed<P>PortRanges); "" when closed or unknown.
	Why   string `json:"why,omitempty"`
	Error string `json:"error,omitempty"`
	// Fragment: the managed fragment lists the port.
	Fragment bool `json:"fragment"`
	// FragmentRange: the range of the managed fragment that holds the
	// port ("open ports 8000 to 8010"), when it does.
	FragmentRange *portRangeJSON `json:"fragmentRange,omitempty"`
	Pending       bool           `json:"pending"`
	// catchUp is what brings the running system up to date.
	catchUp string
	// FragmentUnread: the fragment is outside ask-nix's shape, so whether
	// it lists the port is unknown.
	FragmentUnread bool `json:"fragmentUnread,omitempty"`
}

// runPortQuestion answers "is port 80 open?" from the firewall of the
// whole configuration, evaluated by Nix in one process: whether it is on,
// and whether the port is in the protocol's list or one of its ranges.
func runPortQuestion(ctx context.Context, g *globals, in intent.Intent) error {
	q, err := g.question(in.Option)
	if err != nil {
		return err
	}
	r := q.r
	port, _ := in.Value.(int64)
	proto := strings.TrimSuffix(strings.TrimPrefix(in.Option, "networking.firewall.allowed"), "Ports")
	a := portAnswer{Port: port, Protocol: strings.ToLower(proto)}
	a.Fragment = q.set && slices.ContainsFunc(q.value.List, func(it fragment.Item) bool { return it.Value.Equal(fragment.Int(port)) })
	if path, err := fragment.ParsePath(strings.TrimSuffix(in.Option, "Ports") + "PortRanges"); err == nil && q.file != nil {
		// "open ports 8000 to 8010" opened it: the fragment's doing too.
		if v, ok := q.file.Get(path); ok {
			for _, it := range v.List {
				if from, to, ok := fragmentRange(it.Value); ok && from <= port && port <= to {
					a.FragmentRange = &portRangeJSON{from, to}
					break
				}
			}
		}
	}
	a.FragmentUnread = q.unread
	open, why, err := portOpen(ctx, g, r, proto, port)
	if err != nil {
		a.Error = err.Error()
	} else {
		a.Open, a.Why = &open, why
	}
	a.catchUp = pendingCatchUp(r)
	a.Pending = a.catchUp != ""
	if g.json {
		return g.printJSON(a)
	}
	fmt.Fprintln(g.stdout, portSentence(a, q.fragment))
	return nil
}

// portOpen evaluates the firewall and says whether it lets port through.
func portOpen(ctx context.Context, g *globals, r *reconciler.Reconciler, proto string, port int64) (bool, string, error) {
	ft, err := optionTarget(r, "networking.firewall")
	if err != nil {
		return false, "", err
	}
	vs, err := build.EvaluateFields(ctx, g.runner, ft, []string{"enable", "allowed" + proto + "Ports", "allowed" + proto + "PortRanges"})
	if err != nil {
		return false, "", evalError(err, ft, "networking.firewall")
	}
	var enabled bool
	var ports []int64
	var ranges []struct{ From, To int64 }
	if json.Unmarshal(vs[0], &enabled) != nil || json.Unmarshal(vs[1], &ports) != nil || json.Unmarshal(vs[2], &ranges) != nil {
		return false, "", fmt.Errorf("nix gave the firewall in an unexpected shape: %s %s %s", vs[0], vs[1], vs[2])
	}
	switch {
	case !enabled:
		return true, "firewall-off", nil
	case slices.Contains(ports, port):
		return true, "listed", nil
	case slices.ContainsFunc(ranges, func(rg struct{ From, To int64 }) bool { return rg.From <= port && port <= rg.To }):
		return true, "range", nil
	}
	return false, "", nil
}

// portSentence says the answer to "is port 80 open?" in a line or two.
func portSentence(a portAnswer, fragmentPath string) string {
	proto := strings.ToUpper(a.Protocol)
	list := "networking.firewall.allowed" + proto + "Ports"
	udp := ""
	if a.Protocol == "udp" {
		udp = "udp "
	}
	var b strings.Builder
	switch {
	case a.Open == nil:
		fmt.Fprintf(&b, "Port %d (%s): ", a.Port, proto)
		if a.Fragment {
			fmt.Fprintf(&b, "%s opens it; ", fragmentPath)
		}
		fmt.Fprintf(&b, "whether the firewall lets it through is unknown: %s.", a.Error)
	case a.Why == "firewall-off":
		fmt.Fprintf(&b, "Port %d (%s) is open: the firewall is off in your configuration (networking.firewall.enable = false), so every port is (\"turn on the firewall\" turns it on).", a.Port, proto)
	case a.Why == "listed" && a.Fragment:
		fmt.Fprintf(&b, "Port %d (%s) is open in your configuration: %s opens it in %s (\"close %sport %d\" closes it).", a.Port, proto, fragmentPath, list, udp, a.Port)
	case a.Why == "listed" && a.FragmentUnread:
		fmt.Fprintf(&b, "Port %d (%s) is open in your configuration: %s has it (what %s sets could not be read).", a.Port, proto, list, fragmentPath)
	case a.Why == "listed":
		fmt.Fprintf(&b, "Port %d (%s) is open in your configuration: %s has it, from outside %s (a service's openFirewall, or another file).", a.Port, proto, list, fragmentPath)
	case a.Why == "range" && a.FragmentRange != nil:
		r := a.FragmentRange
		fmt.Fprintf(&b, "Port %d (%s) is open in your configuration: %s opens it in networking.firewall.allowed%sPortRanges, as ports %d to %d (\"close %sports %d-%d\" closes them).", a.Port, proto, fragmentPath, proto, r.From, r.To, udp, r.From, r.To)
	case a.Why == "range" && a.FragmentUnread:
		fmt.Fprintf(&b, "Port %d (%s) is open in your configuration: it is in one of the ranges of networking.firewall.allowed%sPortRanges (what %s sets could not be read).", a.Port, proto, proto, fragmentPath)
	case a.Why == "range":
		fmt.Fprintf(&b, "Port %d (%s) is open in your configuration: it is in one of the ranges of networking.firewall.allowed%sPortRanges, from outside %s (a service's openFirewall, or another file).", a.Port, proto, proto, fragmentPath)
	default:
		fmt.Fprintf(&b, "Port %d (%s) is closed in your configuration: the firewall is on and neither %s nor its ranges have it (\"open %sport %d\" opens it). Ports opened on one interface only (networking.firewall.interfaces) are not counted.", a.Port, proto, list, udp, a.Port)
	}
	if a.Open != nil && a.Pending {
		b.WriteString("\nThe running system was built before the last change: " + a.catchUp)
	}
	return b.String()
}

// openPortsQuestion reports whether in asks in words which ports are
// open ("which ports are open", "list the open udp ports"): the parser
// gives the firewall's port list with the words as the service. Asked by
// the option's path, it is the option alone.
func openPortsQuestion(in intent.Intent) bool {
	return in.Service != "" && in.Service != in.Option &&
		(in.Option == "networking.firewall.allowedTCPPorts" || in.Option == "networking.firewall.allowedUDPPorts")
}

// portRangeJSON is one port range, as NixOS writes it.
type portRangeJSON struct {
	From int64 `json:"from"`
	To   int64 `json:"to"`
}

// portSet is one protocol's open ports: single ports and ranges.
type portSet struct {
	Ports  []int64         `json:"ports"`
	Ranges []portRangeJSON `json:"ranges"`
}

func (ps portSet) empty() bool { return len(ps.Ports) == 0 && len(ps.Ranges) == 0 }

// words is "22, 80 and 8000-8010", or "none".
func (ps portSet) words() string {
	type item struct {
		from int64
		text string
	}
	var items []item
	for _, p := range ps.Ports {
		items = append(items, item{p, fmt.Sprint(p)})
	}
	for _, r := range ps.Ranges {
		items = append(items, item{r.From, fmt.Sprintf("%d-%d", r.From, r.To)})
	}
	if len(items) == 0 {
		return "none"
	}
	slices.SortStableFunc(items, func(a, b item) int { return int(a.from - b.from) })
	ws := make([]string, len(items))
	for i, it := range items {
		ws[i] = it.text
	}
	return plan.AndList(slices.Compact(ws))
}

// openPortsAnswer is the --json answer to "which ports are open".
type openPortsAnswer struct {
	Service string `json:"service"`
	Option  string `json:"option"` // networking.firewall
	// Evaluated: the whole configuration's firewall was evaluated by Nix
	// now; else Error says why and FirewallOn, TCP and UDP are unknown.
	Evaluated  bool   `json:"evaluated"`
	Error      string `json:"error,omitempty"`
	FirewallOn *bool  `json:"firewallOn"`
	// TCP and UDP are what the configuration opens (on every interface).
	TCP portSet `json:"tcp"`
	UDP portSet `json:"udp"`
	// Fragment is what the managed fragment opens.
	Fragment struct {
		TCP portSet `json:"tcp"`
		UDP portSet `json:"udp"`
	} `json:"fragment"`
	FragmentUnread bool `json:"fragmentUnread,omitempty"`
	Pending        bool `json:"pending"`
	// catchUp is what brings the running system up to date.
	catchUp string
}

// runOpenPorts answers "which ports are open": the TCP and UDP ports and
// port ranges the whole configuration's firewall opens, evaluated by Nix
// in one process, and which of them the managed fragment opens.
func runOpenPorts(ctx context.Context, g *globals, in intent.Intent) error {
	q, err := g.question("networking.firewall")
	if err != nil {
		return err
	}
	a := openPortsAnswer{Service: in.Service, Option: "networking.firewall", FragmentUnread: q.unread}
	if q.set {
		for _, b := range q.value.Attrs {
			if len(b.Path) != 1 || b.Value.Kind != fragment.KindList {
				continue
			}
			set := map[string]*portSet{
				"allowedTCPPorts": &a.Fragment.TCP, "allowedTCPPortRanges": &a.Fragment.TCP,
				"allowedUDPPorts": &a.Fragment.UDP, "allowedUDPPortRanges": &a.Fragment.UDP,
			}[b.Path[0]]
			if set == nil {
				continue
			}
			for _, it := range b.Value.List {
				if it.Value.Kind == fragment.KindInt && !strings.HasSuffix(b.Path[0], "Ranges") {
					set.Ports = append(set.Ports, it.Value.Int)
				} else if from, to, ok := fragmentRange(it.Value); ok && strings.HasSuffix(b.Path[0], "Ranges") {
					set.Ranges = append(set.Ranges, portRangeJSON{from, to})
				}
			}
		}
	}
	if err := evalOpenPorts(ctx, g, q.r, &a); err != nil {
		a.Error = err.Error()
	} else {
		a.Evaluated = true
	}
	a.catchUp = pendingCatchUp(q.r)
	a.Pending = a.catchUp != ""
	if g.json {
		// Lists, never null.
		for _, ps := range []*portSet{&a.TCP, &a.UDP, &a.Fragment.TCP, &a.Fragment.UDP} {
			ps.Ports, ps.Ranges = cmpOr(ps.Ports, []int64{}), cmpOr(ps.Ranges, []portRangeJSON{})
		}
		return g.printJSON(a)
	}
	fmt.Fprintln(g.stdout, openPortsSentence(a, q.fragment))
	return nil
}

// cmpOr is s, or empty when s is nil.
func cmpOr[T any](s, empty []T) []T {
	if s == nil {
		return empty
	}
	return s
}

// fragmentRange reads { from = 8000; to = 8010; }.
func fragmentRange(v fragment.Value) (from, to int64, ok bool) {
	if v.Kind != fragment.KindAttrs || len(v.Attrs) != 2 {
		return 0, 0, false
	}
	for _, b := range v.Attrs {
		if len(b.Path) != 1 || b.Value.Kind != fragment.KindInt {
			return 0, 0, false
		}
		switch b.Path[0] {
		case "from":
			from = b.Value.Int
		case "to":
			to = b.Value.Int
		default:
			return 0, 0, false
		}
	}
	return from, to, true
}

// evalOpenPorts evaluates the firewall's switch and its four lists.
func evalOpenPorts(ctx context.Context, g *globals, r *reconciler.Reconciler, a *openPortsAnswer) error {
	ft, err := optionTarget(r, "networking.firewall")
	if err != nil {
		return err
	}
	vs, err := build.EvaluateFields(ctx, g.runner, ft, []string{"enable", "allowedTCPPorts", "allowedTCPPortRanges", "allowedUDPPorts", "allowedUDPPortRanges"})
	if err != nil {
		return evalError(err, ft, "networking.firewall")
	}
	var on bool
	var tcp, udp portSet
	if json.Unmarshal(vs[0], &on) != nil || json.Unmarshal(vs[1], &tcp.Ports) != nil || json.Unmarshal(vs[2], &tcp.Ranges) != nil ||
		json.Unmarshal(vs[3], &udp.Ports) != nil || json.Unmarshal(vs[4], &udp.Ranges) != nil {
		return fmt.Errorf("nix gave the firewall in an unexpected shape: %s %s %s %s %s", vs[0], vs[1], vs[2], vs[3], vs[4])
	}
	a.FirewallOn, a.TCP, a.UDP = &on, tcp, udp
	return nil
}

// openPortsSentence says which ports are open, by protocol, and which of
// them the fragment opens.
func openPortsSentence(a openPortsAnswer, fragmentPath string) string {
	var b strings.Builder
	var fromFragment []string
	if !a.Fragment.TCP.empty() {
		fromFragment = append(fromFragment, "TCP "+a.Fragment.TCP.words())
	}
	if !a.Fragment.UDP.empty() {
		fromFragment = append(fromFragment, "UDP "+a.Fragment.UDP.words())
	}
	setBy := fmt.Sprintf("%s opens none", fragmentPath)
	switch {
	case a.FragmentUnread:
		setBy = fmt.Sprintf("what %s opens could not be read", fragmentPath)
	case len(fromFragment) > 0:
		setBy = fmt.Sprintf("%s opens %s", fragmentPath, plan.AndList(fromFragment))
	}
	switch {
	case !a.Evaluated:
		fmt.Fprintf(&b, "Open ports: %s; what the rest of your configuration opens is unknown: %s.", setBy, a.Error)
	case !*a.FirewallOn:
		fmt.Fprintf(&b, "Every port is open: the firewall is off in your configuration (networking.firewall.enable = false; \"turn on the firewall\" turns it on). With it on, these would be:\n  TCP: %s\n  UDP: %s\n%s.", a.TCP.words(), a.UDP.words(), setBy)
	default:
		fmt.Fprintf(&b, "Open ports in your configuration (the firewall is on):\n  TCP: %s\n  UDP: %s\n%s", a.TCP.words(), a.UDP.words(), setBy)
		if len(fromFragment) > 0 && (a.TCP.words() != a.Fragment.TCP.words() || a.UDP.words() != a.Fragment.UDP.words()) ||
			len(fromFragment) == 0 && (!a.TCP.empty() || !a.UDP.empty()) {
			b.WriteString("; the others come from the rest of your configuration (a service's openFirewall, or another file)")
		}
		b.WriteString(". Ports opened on one interface only (networking.firewall.interfaces) are not counted.")
	}
	if a.Evaluated && a.Pending {
		b.WriteString("\nThe running system was built before the last change: " + a.catchUp)
	}
	return b.String()
}

// listOfScalars reports whether items are all numbers, strings or
// booleans (as JSON decodes them), which read well joined in words.
func listOfScalars(items []any) bool {
	for _, it := range items {
		switch it.(type) {
		case float64, string, bool:
		default:
			return false
		}
	}
	return true
}
