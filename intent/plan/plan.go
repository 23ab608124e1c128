// Package plan turns an intent into an edit of the managed fragment: the
// new file and a sentence a person reads ("add 2 packages: firefox, htop").
// It never touches the disk; guard/txn writes what a plan produced.
package plan

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
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

	// headline is the short form for the "Plan:" line ("add 2 packages")
	// and prep the word that joins it to the file ("to", "from", "in").
	headline, prep string
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
		p.Summary += " (" + names(already) + isAre(len(already)) + " already installed)"
	}
	return nil
}

func (p *Plan) remove() error {
	refs, err := packagePaths(p.Intent.Packages)
	if err != nil {
		return err
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
			" (a package installed elsewhere in your configuration is not ask-nix's to remove)"
		return nil
	}
	p.Changed = true
	p.headline = countPackages("remove", len(removed))
	p.Summary = p.headline + ": " + names(removed)
	if len(missing) > 0 {
		p.Summary += " (" + names(missing) + isAre(len(missing)) + " not in the fragment)"
	}
	return nil
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
	v, err := ToValue(p.Intent.Value)
	if err != nil {
		return fmt.Errorf("value for %s: %w", path, err)
	}
	switch p.Intent.Change {
	case intent.ChangeSet:
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
	case intent.ChangeAdd:
		added, err := p.After.AddToList(path, v)
		if err != nil {
			return fmt.Errorf("cannot add %s to %s: %w", v, path, err)
		}
		p.Changed = len(added) > 0
		p.headline, p.Summary = listChange(path, v, true, p.Changed)
	case intent.ChangeRemove:
		removed, err := p.After.RemoveFromList(path, v)
		if err != nil {
			return fmt.Errorf("cannot remove %s from %s: %w", v, path, err)
		}
		p.Changed = len(removed) > 0
		p.headline, p.Summary = listChange(path, v, false, p.Changed)
	default:
		return fmt.Errorf("unknown change %q for %s", p.Intent.Change, path)
	}
	return nil
}

// listChange words a list edit. Firewall ports read as ports ("open TCP
// port 443"); other lists as items.
func listChange(path fragment.Path, v fragment.Value, add, changed bool) (headline, summary string) {
	last := path[len(path)-1]
	proto := map[string]string{"allowedTCPPorts": "TCP", "allowedUDPPorts": "UDP"}[last]
	if proto != "" && v.Kind == fragment.KindInt {
		port := fmt.Sprintf("%s port %d", proto, v.Int)
		switch {
		case add && changed:
			return "open " + port, "open " + port
		case add:
			return "nothing to change", port + " is already open"
		case changed:
			return "close " + port, "close " + port
		default:
			return "nothing to change", port + " is not opened by the managed fragment"
		}
	}
	switch {
	case add && changed:
		h := "add " + v.String() + " to " + path.String()
		return h, h
	case add:
		return "nothing to change", path.String() + " already holds " + v.String()
	case changed:
		h := "remove " + v.String() + " from " + path.String()
		return h, h
	default:
		return "nothing to change", path.String() + " does not hold " + v.String() + " in the managed fragment"
	}
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
	}
	return fragment.Value{}, fmt.Errorf("values of type %T cannot be written to the fragment", v)
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
