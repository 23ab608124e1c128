package main

import (
	"fmt"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// serviceRemoved reads "get rid of bluetooth", "remove the firewall" as
// what the fragment says they are: a removal of one word that names a
// service (ask-nix's table), which the fragment does not list as a
// package but does enable, turns the service off. Anything else stays a
// removal; note is what to tell the user, "" for nothing.
func (g *globals) serviceRemoved(in intent.Intent) (out intent.Intent, note string) {
	word, prefix, ok := removedServiceWord(in)
	if !ok {
		return in, ""
	}
	st, err := g.store()
	if err != nil {
		return in, ""
	}
	f, _, exists, err := st.Read()
	if err != nil || !exists {
		return in, ""
	}
	for _, p := range f.Packages() {
		if p.String() == word {
			return in, ""
		}
	}
	option := prefix + ".enable"
	path, err := fragment.ParsePath(option)
	if err != nil {
		return in, ""
	}
	if v, set := f.Get(path); !set || !v.Equal(fragment.Bool(true)) {
		return in, ""
	}
	return intent.Intent{Kind: intent.DisableService, Option: option, Service: word},
		fmt.Sprintf("%s is a service in the managed fragment, not a package there: turning it off (%s = false)", word, option)
}

// removedServiceWord: in removes exactly one name, which is a service
// word ("bluetooth" -> hardware.bluetooth).
func removedServiceWord(in intent.Intent) (word, prefix string, ok bool) {
	if in.Kind != intent.Remove || len(in.Packages) != 1 {
		return "", "", false
	}
	prefix, ok = parse.Services()[in.Packages[0]]
	return in.Packages[0], prefix, ok
}

// removeHint is said after "nothing to remove" when the word names a
// service: what turns it off.
func removeHint(in *intent.Intent) string {
	if in == nil {
		return ""
	}
	word, prefix, ok := removedServiceWord(*in)
	// programs.* (git, firefox) are packages with a module; the others
	// are services and switches people remove by saying so.
	if !ok || strings.HasPrefix(prefix, "programs.") {
		return ""
	}
	return fmt.Sprintf("; to turn %s off, say \"disable %s\"", word, word)
}
