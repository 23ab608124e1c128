package reconciler

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// nixpkgs refuses to evaluate a package whose license is not free unless
// unfree packages are allowed (pkgs/stdenv/generic/check-meta.nix). Its
// message has had two shapes:
//
//	Package ‘google-chrome-131.0’ in /nix/store/…/pkgs/….nix:42 has an unfree license (‘unfree’), refusing to evaluate.
//	Refusing to evaluate package 'google-chrome-131.0' in /nix/store/…:42 because it has an unfree license (‘unfree’)
//
// (the first until 2025, the second since). The quotes are Unicode in the
// first and ASCII in the second; both kinds are accepted in either. Only
// the unfree refusal is recognised: broken, insecure or unsupported
// packages keep Nix's own words alone.
//
// Compiled on first use, like the project's other regexps: ask-nix links
// this package, and compiling at start-up would cost every run.
var unfreeRefusal = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(
		`Package [‘'"]([^’'"\s]+)[’'"] in [^\n]*? has an unfree license` +
			`|[Rr]efusing to evaluate package [‘'"]([^’'"\s]+)[’'"] in [^\n]*? because it has an unfree license`)
})

// ansi is a terminal colour sequence, which Nix may put around words.
var ansi = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("\x1b\\[[0-9;]*[A-Za-z]") })

// unfreePackage finds nixpkgs' refusal of an unfree package in what Nix
// wrote, anywhere in it (newer Nix puts a trace before the message), and
// returns the package's name and version as Nix gave them.
func unfreePackage(err error) (string, bool) {
	m := unfreeRefusal().FindStringSubmatch(nixWords(err))
	if m == nil {
		return "", false
	}
	if m[1] != "" {
		return m[1], true
	}
	return m[2], true
}

// nixWords is what Nix wrote for err, without colours.
func nixWords(err error) string {
	text := err.Error()
	var be *nixrun.BuildError
	var ee *nixrun.ExitError
	switch {
	case errors.As(err, &be) && be.Text != "":
		text = be.Text
	case errors.As(err, &ee):
		text = string(ee.Stderr)
	}
	return ansi().ReplaceAllString(text, "")
}

// unfreeSentence is the line a failed pass's error starts with when Nix
// refused an unfree package: what happened and the two ways out, before
// Nix's own words. It has no ';', so the history's one-line reason for
// the failed edit (editReason) keeps all of it. undo says whether taking
// an ask-nix edit back is a way out (as undoAdvice decides it); when it
// is not (a hand edit since, no history), the way out is taking the
// package out of the fragment.
func (r *Reconciler) unfreeSentence(err error, undo bool) string {
	pkg, ok := unfreePackage(err)
	if !ok {
		return ""
	}
	if undo {
		return fmt.Sprintf("NixOS refuses to build %s: its license is unfree, and unfree packages are not allowed. Allow them with ask-nix \"allow unfree packages\", or take back the edit that installs it (ask-nix history shows which).\n", pkg)
	}
	out := "take it out of the fragment"
	if attr := r.fragmentPackageOf(pkg); attr != "" {
		out = fmt.Sprintf("take it out of the fragment with ask-nix \"remove %s\"", attr)
	}
	return fmt.Sprintf("NixOS refuses to build %s: its license is unfree, and unfree packages are not allowed. Allow them with ask-nix \"allow unfree packages\", or %s.\n", pkg, out)
}

// fragmentPackageOf is the package the fragment installs that Nix names
// as nameVersion ("google-chrome" for "google-chrome-131.0"), "" when
// none is found, or it could not go into a command as it is.
func (r *Reconciler) fragmentPackageOf(nameVersion string) string {
	text, err := txn.ReadFragment(r.Settings.Fragment)
	if err != nil {
		return ""
	}
	f, err := fragment.Parse(r.Settings.Fragment, text)
	if err != nil {
		return ""
	}
	best := ""
	for _, p := range f.Packages() {
		name := p.String()
		// pname-version, the version starting with a digit.
		rest, ok := strings.CutPrefix(nameVersion, name+"-")
		if (name == nameVersion || ok && rest != "" && rest[0] >= '0' && rest[0] <= '9') && len(name) > len(best) && shellSafe(name) {
			best = name
		}
	}
	return best
}
