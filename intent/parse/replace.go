package parse

import (
	"net/netip"

	"github.com/nix-humanity/nix-humanity/intent"
)

// ruleReplace: one package for another, in one edit: "replace vim with
// neovim", "swap vim for neovim", "use neovim instead of vim", "install
// neovim instead of vim". Each side is
// one name; what each name is (a package, a service the fragment turns
// on, a module) is decided later, part by part, as when said alone.
func ruleReplace(text string, ts []token) (intent.Intent, bool, error) {
	var old, repl token
	switch {
	case len(ts) == 4 && (ts[0].w == "replace" || ts[0].w == "swap") && (ts[2].w == "with" || ts[2].w == "by" || ts[2].w == "for"):
		old, repl = ts[1], ts[3]
	case len(ts) == 5 && (ts[0].w == "use" || ts[0].lem == "install") && ts[2].w == "instead" && ts[3].w == "of":
		old, repl = ts[4], ts[1]
	default:
		return intent.Intent{}, false, nil
	}
	if isIP(old.raw) || isIP(repl.raw) {
		// "use 8.8.8.8 instead of 1.1.1.1": DNS servers, each its own
		// change.
		return intent.Intent{}, true, notUnderstoodWith(text,
			sug(intent.SetOption, "use "+repl.raw+" as dns server"), sug(intent.SetOption, "remove dns server "+old.raw))
	}
	for _, t := range []token{old, repl} {
		if !t.quoted && (stopwords[t.lem] || packageFillers[t.w] || notPackages[t.w] || categoryWords[t.w] || !isPackageLike(t.raw)) {
			return intent.Intent{}, false, nil
		}
	}
	if old.raw == repl.raw {
		return intent.Intent{}, false, nil
	}
	return intent.Join([]intent.Intent{
		{Kind: intent.Remove, Packages: []string{packageName(old)}},
		{Kind: intent.Install, Packages: []string{packageName(repl)}},
	}), true, nil
}

// packageName is a package name as the install and remove rules write it.
func packageName(t token) string {
	if t.quoted {
		return canonPath(t.raw)
	}
	return canonPackage(t.raw)
}

// isIP reports whether s is an IP address (a DNS server, no package).
func isIP(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}
