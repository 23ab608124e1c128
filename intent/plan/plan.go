// Package plan turns an intent into an edit of the managed fragment: the
// new file and a sentence a person reads ("add 2 packages: firefox, htop").
// It never touches the disk; guard/txn writes what a plan produced.
package plan

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/internal/editdistance"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// Plan is one intent applied to one fragment.
type Plan struct {
	Intent intent.Intent
	// Before is the fragment the plan was made against (never modified);
	// After is the result. When Changed is false, After equals Before.
	Before, After *fragment.File
	// Changed is false when the request asks for what is already so
	// ("install firefox" with firefox installed): nothing to write.
	Changed bool
	// Summary is the change in a sentence, for the plan, history and JSON
	// ("add 2 packages: firefox, htop"); when nothing changes it says why
	// ("firefox is already installed").
	Summary string

	// Asides are the parts of a changing request that need nothing
	// ("neovim is already installed" beside "add 1 package: ripgrep"), so
	// the plan can say so and not only show what it changes.
	Asides []Aside

	// Also are changes the request did not name but needs: a setting
	// NixOS refuses beside one the request turns on, unset ("unset
	// services.power-profiles-daemon.enable: NixOS refuses it beside
	// services.tlp.enable (both manage power)").
	Also []string

	// headline is the short form for the "Plan:" line ("add 2 packages")
	// and prep the word that joins it to the file ("to", "from", "in").
	headline, prep string
}

// Aside is a part of a request that needs no change, and why.
type Aside struct {
	Intent intent.Intent // the part it belongs to
	Text   string        // "vim is not in the managed fragment"
}

// aside records that part of p's request needs nothing, and returns
// text in parentheses for the Summary.
func (p *Plan) aside(text string) string {
	if text == "" {
		return ""
	}
	p.Asides = append(p.Asides, Aside{Intent: p.Intent, Text: text})
	return " (" + text + ")"
}

// Headline is the plan's first line without the "Plan:" prefix, e.g.
// "add 2 packages to /etc/nixos/nix-humanity.nix".
func (p *Plan) Headline(fragmentPath string) string {
	return p.headline + " " + p.prep + " " + fragmentPath
}

// Make applies in to f and returns the plan. f is left as it was. An
// intent that does not edit the fragment, or an edit the fragment cannot
// take (a list change on a value that is not a list, a setting that
// collides with another), is an error that says why.
func Make(f *fragment.File, in intent.Intent) (*Plan, error) {
	p := &Plan{Intent: in, Before: f, After: f.Clone()}
	var err error
	switch in.Kind {
	case intent.Install:
		err = p.install()
	case intent.Remove:
		err = p.remove()
	case intent.EnableService:
		err = p.service(true)
	case intent.DisableService:
		err = p.service(false)
	case intent.SetOption:
		err = p.setOption()
	default:
		return nil, fmt.Errorf("%q does not edit the fragment", in.Kind)
	}
	if err != nil {
		return nil, err
	}
	if !p.Changed {
		p.After = f
	}
	return p, nil
}

// MakeAll applies several intents to f in turn, each to the result of
// the one before ("install firefox and enable ssh"), as one plan: one
// diff, one edit, one undo. Its Intent is the first, with the others as
// And. An intent any part cannot take fails the whole plan.
func MakeAll(f *fragment.File, ins []intent.Intent) (*Plan, error) {
	p, err := makeAll(f, ins)
	if err != nil {
		return nil, err
	}
	if err := p.exclude(); err != nil {
		return nil, err
	}
	return p, nil
}

// replacing reports whether ins[i] clears an option that a later part of
// the same request then sets: the two are one replacement.
func replacing(ins []intent.Intent, i int) bool {
	if ins[i].Kind != intent.SetOption || ins[i].Change != intent.ChangeUnset {
		return false
	}
	for _, later := range ins[i+1:] {
		if later.Kind == intent.SetOption && later.Option == ins[i].Option {
			return true
		}
	}
	return false
}

func makeAll(f *fragment.File, ins []intent.Intent) (*Plan, error) {
	if len(ins) == 1 {
		return Make(f, ins[0])
	}
	if len(ins) == 0 {
		return nil, errors.New("no request to carry out")
	}
	if err := Contradiction(ins); err != nil {
		return nil, err
	}
	all := &Plan{Intent: ins[0], Before: f, After: f}
	all.Intent.And = ins[1:]
	var heads, done, already []string
	replaces := false // a list cleared and said anew, which can end as it began
	for i, in := range ins {
		p, err := Make(all.After, in)
		if err != nil {
			return nil, err
		}
		replaces = replaces || replacing(ins, i)
		if !p.Changed && replacing(ins, i) {
			continue // "set dns to X": clearing a list that was not set is no news
		}
		if !p.Changed {
			already = append(already, p.Summary)
			all.Asides = append(all.Asides, Aside{Intent: in, Text: p.Summary})
			continue
		}
		all.Changed, all.After = true, p.After
		heads = append(heads, p.headline)
		done = append(done, p.Summary)
		all.Asides = append(all.Asides, p.Asides...)
	}
	if all.Changed && replaces && bytes.Equal(all.After.Render(), f.Render()) {
		// "set dns to 9.9.9.9", "optimise the store weekly" said again:
		// the list cleared and the same items put back, which is no
		// edit (one was written, with an empty diff).
		all.Changed, all.After = false, f
		n := len(already)
		for i, in := range ins {
			if !replacing(ins, i) {
				continue
			}
			if path, err := fragment.ParsePath(in.Option); err == nil {
				if v, ok := f.Get(path); ok {
					already = append(already, in.Option+" is already "+v.String())
				}
			}
		}
		if len(already) == n {
			already = append(already, "the managed fragment already says this")
		}
	}
	if !all.Changed {
		all.headline, all.prep = "nothing to change", "in"
		all.Summary = strings.Join(already, "; ")
		all.Asides = nil // the Summary says it all
		return all, nil
	}
	all.headline, all.prep = AndList(heads), "in"
	all.Summary = strings.Join(done, "; ")
	if len(already) > 0 {
		all.Summary += " (" + strings.Join(already, "; ") + ")"
	}
	return all, nil
}

// Contradiction refuses parts that touch the same thing twice ("enable
// ssh and disable ssh", "install htop and remove htop"): done in turn the
// last would win, which is not what anyone says that for. It needs only
// the intents, so explain says it before any fragment is read.
func Contradiction(ins []intent.Intent) error {
	seen := map[string]int{}
	for i, in := range ins {
		var keys []string
		switch {
		case in.Kind == intent.Install || in.Kind == intent.Remove:
			for _, p := range in.Packages {
				// In one case: remove takes "VLC" for the fragment's vlc.
				keys = append(keys, "package "+strings.ToLower(p))
			}
		case in.Change == intent.ChangeAdd || in.Change == intent.ChangeRemove:
			items, _ := Items(in.Value)
			for _, it := range items {
				keys = append(keys, in.Option+" "+it.String())
			}
		case in.Change == intent.ChangeMerge:
			if m, ok := in.Value.(map[string]any); ok {
				for k := range m {
					keys = append(keys, in.Option+"."+k)
				}
			}
		default:
			keys = append(keys, in.Option)
		}
		for _, k := range keys {
			if j, ok := seen[k]; ok && j != i {
				return fmt.Errorf("two parts of the request both change %s: say only the one you mean", strings.TrimPrefix(k, "package "))
			}
			seen[k] = i
		}
	}
	return nil
}

func packagePaths(names []string) ([]fragment.Path, error) {
	if len(names) == 0 {
		return nil, errors.New("no package named")
	}
	out := make([]fragment.Path, 0, len(names))
	for _, n := range names {
		path, err := fragment.ParsePath(n)
		if err != nil {
			return nil, fmt.Errorf("package name %q: %w", n, err)
		}
		out = append(out, path)
	}
	return out, nil
}

func (p *Plan) install() error {
	refs, err := packagePaths(p.Intent.Packages)
	if err != nil {
		return err
	}
	added, err := p.After.AddPackages(refs...)
	if err != nil {
		return fmt.Errorf("cannot add packages: %w", err)
	}
	already := without(refs, added)
	p.prep = "to"
	if len(added) == 0 {
		p.Summary = names(already) + isAre(len(already)) + " already installed"
		p.headline = "nothing to add"
		return nil
	}
	p.Changed = true
	p.headline = countPackages("add", len(added))
	p.Summary = p.headline + ": " + names(added)
	if len(already) > 0 {
		p.Summary += p.aside(names(already) + isAre(len(already)) + " already installed")
	}
	return nil
}

func (p *Plan) remove() error {
	refs, err := packagePaths(p.Intent.Packages)
	if err != nil {
		return err
	}
	// "remove VLC" is the fragment's vlc: a name it lacks as typed but
	// has once in another case.
	have := p.Before.Packages()
	for i, r := range refs {
		if slices.ContainsFunc(have, r.Equal) {
			continue
		}
		var folded []fragment.Path
		for _, h := range have {
			if strings.EqualFold(h.String(), r.String()) {
				folded = append(folded, h)
			}
		}
		if len(folded) == 1 {
			refs[i] = folded[0]
		}
	}
	removed, err := p.After.RemovePackages(refs...)
	if err != nil {
		return fmt.Errorf("cannot remove packages: %w", err)
	}
	missing := without(refs, removed)
	p.prep = "from"
	if len(removed) == 0 {
		p.headline = "nothing to remove"
		p.Summary = names(missing) + isAre(len(missing)) + " not in the managed fragment, so there is nothing to remove" +
			" (a package installed elsewhere in your configuration is not ask-nix's to remove)" + p.closeTo(missing)
		return nil
	}
	p.Changed = true
	p.headline = countPackages("remove", len(removed))
	p.Summary = p.headline + ": " + names(removed)
	if len(missing) > 0 {
		p.Summary += p.aside(names(missing) + isAre(len(missing)) + " not in the fragment" + p.closeTo(missing))
	}
	return nil
}

// closeTo names the fragment's packages a missing name may be a typo of
// ("htpo": "; the fragment has htop"), "" when none is close.
func (p *Plan) closeTo(missing []fragment.Path) string {
	var close []string
	for _, m := range missing {
		want := m.String()
		k := 1
		if len(want) > 5 {
			k = 2
		}
		for _, have := range p.Before.Packages() {
			h := have.String()
			if !slices.Contains(close, h) && editdistance.OSA(strings.ToLower(want), strings.ToLower(h), k) <= k {
				close = append(close, h)
			}
		}
	}
	if len(close) == 0 {
		return ""
	}
	return "; the fragment has " + AndList(close)
}

// service sets <option> (services.openssh.enable) to on.
func (p *Plan) service(on bool) error {
	path, err := optionPath(p.Intent.Option)
	if err != nil {
		return err
	}
	verb, state := "enable", "enabled"
	if !on {
		verb, state = "disable", "disabled"
	}
	what := path.String()
	if n := len(path); n > 1 && path[n-1] == "enable" {
		what = path[:n-1].String()
	}
	p.prep = "in"
	if old, ok := p.After.Get(path); ok && old.Equal(fragment.Bool(on)) {
		p.headline = "nothing to change"
		p.Summary = what + " is already " + state
		return nil
	}
	if _, _, err := p.After.Set(path, fragment.Bool(on)); err != nil {
		return fmt.Errorf("cannot %s %s: %w", verb, what, err)
	}
	p.Changed = true
	p.headline = verb + " " + what
	p.Summary = p.headline
	return nil
}

func (p *Plan) setOption() error {
	path, err := optionPath(p.Intent.Option)
	if err != nil {
		return err
	}
	p.prep = "in"
	if p.Intent.Change == intent.ChangeUnset {
		p.Changed = p.After.Unset(path)
		if !p.Changed {
			p.headline = "nothing to change"
			p.Summary = path.String() + " is not set in the managed fragment"
			return nil
		}
		p.headline = "unset " + path.String()
		p.Summary = p.headline + " (the NixOS default applies again)"
		return nil
	}
	switch p.Intent.Change {
	case intent.ChangeSet:
		v, err := ToValue(p.Intent.Value)
		if err != nil {
			return fmt.Errorf("value for %s: %w", path, err)
		}
		if old, ok := p.After.Get(path); ok && old.Equal(v) {
			p.headline = "nothing to change"
			p.Summary = path.String() + " is already " + v.String()
			return nil
		}
		if _, _, err := p.After.Set(path, v); err != nil {
			return fmt.Errorf("cannot set %s: %w", path, err)
		}
		p.Changed = true
		p.headline = "set " + path.String() + " to " + v.String()
		p.Summary = p.headline
	case intent.ChangeMerge:
		return p.merge(path)
	case intent.ChangeAdd, intent.ChangeRemove:
		if sep, ok := joinedOptions[path.String()]; ok {
			return p.joinedChange(path, sep)
		}
		items, err := Items(p.Intent.Value)
		if err != nil {
			return fmt.Errorf("value for %s: %w", path, err)
		}
		// All items in one edit: "open ports 80 and 443" is one change,
		// written whole or not at all.
		add := p.Intent.Change == intent.ChangeAdd
		// Ports a range in the fragment opens: open already, and not
		// closed by taking them out of the port list.
		covered := coveredPorts(p.After, path, items)
		var done []fragment.Value
		if add {
			var open []fragment.Value
			for _, it := range items {
				if !slices.ContainsFunc(covered, func(c cover) bool { return c.port.Equal(it) }) {
					open = append(open, it)
				}
			}
			if len(open) > 0 {
				done, err = p.After.AddToList(path, open...)
				if err != nil {
					return fmt.Errorf("cannot add %s to %s: %w", AndList(valueStrings(items)), path, err)
				}
			}
		} else {
			if len(covered) > 0 {
				return rangeCloseError(path, items, covered)
			}
			done, err = p.After.RemoveFromList(path, items...)
			if err != nil {
				return fmt.Errorf("cannot remove %s from %s: %w", AndList(valueStrings(items)), path, err)
			}
			if v, ok := p.After.Get(path); ok && len(done) > 0 && v.Kind == fragment.KindList && len(v.List) == 0 && isPortList(path) {
				// No `allowedTCPPorts = [ ];` left behind: the same as no
				// setting, whose default is the empty list.
				p.After.Unset(path)
			}
		}
		p.Changed = len(done) > 0
		var rest string
		p.headline, p.Summary, rest = listChange(path, items, done, add)
		if len(covered) > 0 {
			// Only when opening: closing one refused above.
			_, left := split(items, done)
			note := coverNote(covered, len(left))
			if p.Changed {
				rest += note
			} else {
				p.Summary += note
			}
		}
		if p.Changed {
			p.Summary += p.aside(rest)
		}
	default:
		return fmt.Errorf("unknown change %q for %s", p.Intent.Change, path)
	}
	return nil
}

// merge sets each option of a merge under path, all in this one edit.
// The headline names the ones that change; those already so are said
// after it.
func (p *Plan) merge(path fragment.Path) error {
	m, ok := p.Intent.Value.(map[string]any)
	if !ok || len(m) == 0 {
		return fmt.Errorf("value for %s: not a set of options to merge", path)
	}
	var set, already []string
	for _, name := range slices.Sorted(maps.Keys(m)) {
		sub := append(slices.Clip(path), name)
		v, err := ToValue(m[name])
		if err != nil {
			return fmt.Errorf("value for %s: %w", sub, err)
		}
		if old, ok := p.After.Get(sub); ok && old.Equal(v) {
			already = append(already, name+" = "+v.String())
			continue
		}
		if _, _, err := p.After.Set(sub, v); err != nil {
			return fmt.Errorf("cannot set %s: %w", sub, err)
		}
		set = append(set, name+" = "+v.String())
	}
	if len(set) == 0 {
		p.headline = "nothing to change"
		p.Summary = path.String() + " already has " + AndList(already)
		return nil
	}
	p.Changed = true
	p.headline = "set " + path.String() + ": " + AndList(set)
	p.Summary = p.headline
	if len(already) > 0 {
		p.Summary += p.aside(AndList(already) + " already")
	}
	return nil
}

// listChange words a list edit: items are what was asked, done what
// was added or removed. Firewall ports read as ports ("open TCP ports 80
// and 443"); other lists as items. Only what changed is the headline;
// the rest (already open, not there) is said after it.
func listChange(path fragment.Path, items, done []fragment.Value, add bool) (headline, summary, asideText string) {
	done, rest := split(items, done)
	changed := len(done) > 0
	if word, be, notOpen, ok := portWords(path[len(path)-1], items); ok {
		switch {
		case add && changed:
			headline = "open " + word(done)
			return headline, headline, aside(rest, word, be, "already open")
		case add:
			return "nothing to change", word(rest) + be(len(rest)) + " already open", ""
		case changed:
			headline = "close " + word(done)
			return headline, headline, aside(rest, word, be, notOpen)
		default:
			return "nothing to change", word(rest) + be(len(rest)) + " " + notOpen, ""
		}
	}
	plain := func(vs []fragment.Value) string { return AndList(valueStrings(vs)) }
	switch {
	case add && changed:
		headline = "add " + plain(done) + " to " + path.String()
		return headline, headline, aside(rest, plain, isAre, "already in it")
	case add:
		return "nothing to change", path.String() + " already holds " + plain(rest), ""
	case changed:
		headline = "remove " + plain(done) + " from " + path.String()
		return headline, headline, aside(rest, plain, isAre, "not in it")
	default:
		return "nothing to change", path.String() + " does not hold " + plain(rest) + " in the managed fragment", ""
	}
}

// isPortList reports whether path is one of the firewall's lists of
// ports or port ranges, whose NixOS default is the empty list.
func isPortList(path fragment.Path) bool {
	switch path[len(path)-1] {
	case "allowedTCPPorts", "allowedUDPPorts", "allowedTCPPortRanges", "allowedUDPPortRanges":
		return true
	}
	return false
}

// cover is a port asked for that a range in the fragment opens.
type cover struct {
	port     fragment.Value
	from, to int64
}

// coveredPorts are the items of a firewall port list (path ends in
// allowedTCPPorts or allowedUDPPorts) that a range of the same protocol
// beside it in f opens, each once, in the order asked.
func coveredPorts(f *fragment.File, path fragment.Path, items []fragment.Value) []cover {
	last := path[len(path)-1]
	if last != "allowedTCPPorts" && last != "allowedUDPPorts" || !allInts(items) {
		return nil
	}
	ranges := slices.Clone(path)
	ranges[len(ranges)-1] = strings.TrimSuffix(last, "Ports") + "PortRanges"
	v, ok := f.Get(ranges)
	if !ok || v.Kind != fragment.KindList {
		return nil
	}
	var out []cover
	for _, it := range items {
		if slices.ContainsFunc(out, func(c cover) bool { return c.port.Equal(it) }) {
			continue
		}
		for _, r := range v.List {
			if from, to, ok := portRange(r.Value); ok && from <= it.Int && it.Int <= to {
				out = append(out, cover{it, from, to})
				break
			}
		}
	}
	return out
}

// coverNote says which ranges open the covered ports: ", by the managed
// fragment's range 8000 to 8010" after "TCP port 8005 is already open".
// rest is how many items the sentence names.
func coverNote(covered []cover, rest int) string {
	var ranges, ports []string
	for _, c := range covered {
		ports = append(ports, c.port.String())
		if r := fmt.Sprintf("%d to %d", c.from, c.to); !slices.Contains(ranges, r) {
			ranges = append(ranges, r)
		}
	}
	which := "range "
	if len(ranges) > 1 {
		which = "ranges "
	}
	if len(covered) == rest {
		return ", by the managed fragment's " + which + AndList(ranges)
	}
	return ", " + AndList(ports) + " by the managed fragment's " + which + AndList(ranges)
}

// rangeCloseError refuses to close ports that a range opens: taking
// them out of the port list would leave them open. It names the first
// such range and how to close part of it.
func rangeCloseError(path fragment.Path, items []fragment.Value, covered []cover) error {
	c := covered[0]
	proto := strings.TrimSuffix(strings.TrimPrefix(path[len(path)-1], "allowed"), "Ports")
	say := "ports"
	if proto == "UDP" {
		say = "udp ports"
	}
	var in []int64
	for _, d := range covered {
		if d.from == c.from && d.to == c.to {
			in = append(in, d.port.Int)
		}
	}
	slices.Sort(in)
	// The parts of the range that stay open.
	var parts []string
	from := c.from
	for _, port := range append(in, c.to+1) {
		switch {
		case port-1 > from:
			parts = append(parts, fmt.Sprintf("\"open %s %d-%d\"", say, from, port-1))
		case port-1 == from:
			parts = append(parts, fmt.Sprintf("\"open %s %d\"", strings.TrimSuffix(say, "s"), from))
		}
		from = port + 1
	}
	asked := make([]fragment.Value, len(in))
	for i, port := range in {
		asked[i] = fragment.Int(port)
	}
	word, be, _, _ := portWords(path[len(path)-1], asked)
	then := ""
	if len(parts) > 0 {
		then = ", then open the parts you want again (" + AndList(parts) + ")"
	}
	return fmt.Errorf("%s%s opened by the range %d to %d in the managed fragment (%s), which ask-nix does not split: close the whole range with \"close %s %d-%d\"%s",
		word(asked), be(len(asked)), c.from, c.to, strings.TrimSuffix(path.String(), "Ports")+"PortRanges", say, c.from, c.to, then)
}

// portWords words the items of a firewall list as ports: single ports
// ("TCP ports 80 and 443") for allowed*Ports, ranges ("TCP ports 1714 to
// 1764", always plural) for allowed*PortRanges. ok is false for any other
// list, or items of another kind.
func portWords(option string, items []fragment.Value) (word func([]fragment.Value) string, be func(int) string, notOpen string, ok bool) {
	switch option {
	case "allowedTCPPorts", "allowedUDPPorts":
		if !allInts(items) {
			return nil, nil, "", false
		}
		proto := strings.TrimSuffix(strings.TrimPrefix(option, "allowed"), "Ports")
		word = func(vs []fragment.Value) string {
			if len(vs) == 1 {
				return proto + " port " + vs[0].String()
			}
			return proto + " ports " + AndList(valueStrings(vs))
		}
		return word, isAre, "not opened by the managed fragment", true
	case "allowedTCPPortRanges", "allowedUDPPortRanges":
		if !allRanges(items) {
			return nil, nil, "", false
		}
		proto := strings.TrimSuffix(strings.TrimPrefix(option, "allowed"), "PortRanges")
		word = func(vs []fragment.Value) string {
			ws := make([]string, len(vs))
			for i, v := range vs {
				from, to, _ := portRange(v)
				ws[i] = fmt.Sprintf("%d to %d", from, to)
			}
			return proto + " ports " + AndList(ws)
		}
		return word, func(int) string { return " are" }, "not opened as a range by the managed fragment", true
	}
	return nil, nil, "", false
}

// aside is " (TCP port 80 is already open)" for the items a list edit
// left as they were, or "" when there are none.
func aside(rest []fragment.Value, word func([]fragment.Value) string, be func(int) string, state string) string {
	if len(rest) == 0 {
		return ""
	}
	return word(rest) + be(len(rest)) + " " + state
}

// split returns the items that were done and those that were not, each
// once, in the order they were asked for.
func split(items, done []fragment.Value) (did, rest []fragment.Value) {
	for _, it := range items {
		if slices.ContainsFunc(did, it.Equal) || slices.ContainsFunc(rest, it.Equal) {
			continue
		}
		if slices.ContainsFunc(done, it.Equal) {
			did = append(did, it)
		} else {
			rest = append(rest, it)
		}
	}
	return did, rest
}

func allInts(vs []fragment.Value) bool {
	for _, v := range vs {
		if v.Kind != fragment.KindInt {
			return false
		}
	}
	return len(vs) > 0
}

// portRange reads a port range item, { from = 1714; to = 1764; }.
func portRange(v fragment.Value) (from, to int64, ok bool) {
	if v.Kind != fragment.KindAttrs || len(v.Attrs) != 2 {
		return 0, 0, false
	}
	a, b := v.Attrs[0], v.Attrs[1]
	if !a.Path.Equal(fragment.Path{"from"}) || !b.Path.Equal(fragment.Path{"to"}) || a.Value.Kind != fragment.KindInt || b.Value.Kind != fragment.KindInt {
		return 0, 0, false
	}
	return a.Value.Int, b.Value.Int, true
}

func allRanges(vs []fragment.Value) bool {
	for _, v := range vs {
		if _, _, ok := portRange(v); !ok {
			return false
		}
	}
	return len(vs) > 0
}

func valueStrings(vs []fragment.Value) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.String()
	}
	return out
}

// AndList joins words for a sentence: "80", "80 and 443", "22, 80 and
// 443".
func AndList(ws []string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}

func optionPath(s string) (fragment.Path, error) {
	if s == "" {
		return nil, errors.New("no option named")
	}
	path, err := fragment.ParsePath(s)
	if err != nil {
		return nil, fmt.Errorf("option %w", err)
	}
	return path, nil
}

// ToValue converts a parsed value (bool, integer or string, as intent
// carries them, or what encoding/json gives) into a fragment value. Only
// these reach the fragment, and strings are escaped when rendered.
func ToValue(v any) (fragment.Value, error) {
	switch x := v.(type) {
	case nil:
		return fragment.Null(), nil
	case bool:
		return fragment.Bool(x), nil
	case int:
		return fragment.Int(int64(x)), nil
	case int64:
		return fragment.Int(x), nil
	case int32:
		return fragment.Int(int64(x)), nil
	case uint16:
		return fragment.Int(int64(x)), nil
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return fragment.Value{}, fmt.Errorf("%v is not a whole number", x)
		}
		return fragment.Int(int64(x)), nil
	case string:
		return fragment.String(x), nil
	case map[string]any:
		// A port range, {"from": 1714, "to": 1764}: an attribute set of
		// plain values (the guard allows no other).
		bs := make([]fragment.Binding, 0, len(x))
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if _, nested := x[k].(map[string]any); nested {
				return fragment.Value{}, fmt.Errorf("%s: nested attribute sets cannot be written to the fragment", k)
			}
			if _, list := x[k].([]any); list {
				return fragment.Value{}, fmt.Errorf("%s: lists inside attribute sets cannot be written to the fragment", k)
			}
			e, err := ToValue(x[k])
			if err != nil {
				return fragment.Value{}, fmt.Errorf("%s: %w", k, err)
			}
			bs = append(bs, fragment.Binding{Path: fragment.Path{k}, Value: e})
		}
		return fragment.Attrs(bs...)
	}
	return fragment.Value{}, fmt.Errorf("values of type %T cannot be written to the fragment", v)
}

// Items converts the value of a list change (add or remove) into the
// items it names: a scalar is one item; a list ([]any, as the intent
// carries several: "open ports 80 and 443") is each of its items, which
// must be scalars.
func Items(v any) ([]fragment.Value, error) {
	list, ok := v.([]any)
	if !ok {
		if v == nil {
			return nil, errors.New("no item given")
		}
		it, err := ToValue(v)
		if err != nil {
			return nil, err
		}
		return []fragment.Value{it}, nil
	}
	if len(list) == 0 {
		return nil, errors.New("no item given")
	}
	out := make([]fragment.Value, 0, len(list))
	for _, x := range list {
		if x == nil {
			return nil, errors.New("null is not a list item ask-nix writes")
		}
		it, err := ToValue(x)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

func countPackages(verb string, n int) string {
	if n == 1 {
		return verb + " 1 package"
	}
	return fmt.Sprintf("%s %d packages", verb, n)
}

func isAre(n int) string {
	if n == 1 {
		return " is"
	}
	return " are"
}

// names joins package paths for a sentence: "firefox, htop".
func names(ps []fragment.Path) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ", ")
}

// without returns the refs not in done, de-duplicated, in order.
func without(refs, done []fragment.Path) []fragment.Path {
	var out []fragment.Path
	for _, r := range refs {
		if slices.ContainsFunc(done, r.Equal) || slices.ContainsFunc(out, r.Equal) {
			continue
		}
		out = append(out, r)
	}
	return out
}
