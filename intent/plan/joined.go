package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// joinedOptions are string options NixOS joins from items, with the
// separator (its type "strings concatenated with ..."): adding or
// removing an item edits the fragment's string, keeping the items
// already in it, as a list change would.
var joinedOptions = map[string]string{
	"services.xserver.xkb.options": ",",
}

// remapsCaps reports whether an XKB option gives Caps Lock another job:
// two of them at once leave which one wins to XKB, so adding one takes
// out the one the fragment had.
func remapsCaps(o string) bool {
	return strings.HasPrefix(o, "caps:") || strings.HasPrefix(o, "ctrl:nocaps") || strings.HasPrefix(o, "ctrl:swapcaps")
}

// joinedChange adds the intent's items to (or removes them from) the
// joined string at path. Adding an option that remaps Caps Lock replaces
// one the fragment already has, and says so.
func (p *Plan) joinedChange(path fragment.Path, sep string) error {
	items, err := Items(p.Intent.Value)
	if err != nil {
		return fmt.Errorf("value for %s: %w", path, err)
	}
	var said []string
	for _, it := range items {
		if it.Kind != fragment.KindString {
			return fmt.Errorf("value for %s: %s is not a string", path, it.String())
		}
		for _, s := range strings.Split(it.Str, sep) {
			if s != "" && !slices.Contains(said, s) {
				said = append(said, s)
			}
		}
	}
	var have []string
	if old, ok := p.After.Get(path); ok {
		if old.Kind != fragment.KindString {
			return fmt.Errorf("cannot change %s: the managed fragment sets it to %s, not a string", path, old.String())
		}
		if old.Str != "" {
			have = strings.Split(old.Str, sep)
		}
	}
	add := p.Intent.Change == intent.ChangeAdd
	var done, rest, replaced []string
	next := slices.Clone(have)
	for _, s := range said {
		in := slices.Contains(next, s)
		switch {
		case add && in, !add && !in:
			rest = append(rest, s)
		case add:
			if remapsCaps(s) {
				next = slices.DeleteFunc(next, func(o string) bool {
					if remapsCaps(o) && !slices.Contains(said, o) {
						replaced = append(replaced, o)
						return true
					}
					return false
				})
			}
			next = append(next, s)
			done = append(done, s)
		default:
			next = slices.DeleteFunc(next, func(o string) bool { return o == s })
			done = append(done, s)
		}
	}
	p.Changed = len(done) > 0
	verb, prep, already := "add ", " to ", "already in it"
	if !add {
		verb, prep, already = "remove ", " from ", "not in it"
	}
	if !p.Changed {
		p.headline = "nothing to change"
		if add {
			p.Summary = path.String() + " already holds " + AndList(rest)
		} else {
			p.Summary = path.String() + " does not hold " + AndList(rest) + " in the managed fragment"
		}
		return nil
	}
	if len(next) == 0 {
		p.After.Unset(path)
	} else if _, _, err := p.After.Set(path, fragment.String(strings.Join(next, sep))); err != nil {
		return fmt.Errorf("cannot set %s: %w", path, err)
	}
	p.headline = verb + AndList(done) + prep + path.String()
	p.Summary = p.headline
	if len(replaced) > 0 {
		text := fmt.Sprintf("remove %s from %s: Caps Lock takes one of these jobs at a time", AndList(replaced), path)
		p.Also = append(p.Also, text)
		p.Summary += "; " + text
	}
	var notes []string
	if len(rest) > 0 {
		notes = append(notes, AndList(rest)+isAre(len(rest))+" "+already)
	}
	p.Summary += p.aside(strings.Join(notes, "; "))
	return nil
}
