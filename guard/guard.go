package guard

import (
	"strings"
	"unicode/utf8"

	"github.com/nix-humanity/nix-humanity/guard/flakeinput"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/plan"
)

// Catalog is the seam to what exists: the package index and the NixOS
// option index. A nil Catalog means names and options are checked for
// grammar only, and ask-nix says so.
//
// Implementations: *Options (this package) reads a NixOS options.json and
// knows options only; its Package always reports found. The search index
// (built by `ask-nix index`) knows both and adds typo suggestions. Both
// answer from memory: CheckIntent calls them on every request.
type Catalog interface {
	// Package reports whether the attribute path exists, and if not, up
	// to 3 close names. attr is written as the fragment writes it, with
	// quotes only where Nix needs them (python3Packages.requests,
	// emacsPackages."clang-format+").
	Package(attr string) (found bool, suggestions []string)
	// Option returns the declared type of a NixOS option ("boolean",
	// "null or string", "list of 16 bit unsigned integer; ..."), and
	// whether the option exists. The path is written as in Nix
	// (boot.kernel.sysctl."net.ipv4.ip_forward"); a name under an
	// attribute-set option (users.users.alice.shell) finds the declared
	// option (users.users.<name>.shell). A catalog that knows no options
	// (packages only) says every option exists with an empty type: the
	// guard then checks the form and the types it knows itself.
	Option(path string) (typ string, found bool)
}

// CheckRequest checks raw request text before it is parsed: size,
// encoding, control and invisible characters, and shell or Nix patterns.
// The first problem from the left is the one reported. Whitespace at
// either end (a trailing newline from `echo`) is not part of the request.
func CheckRequest(text string) error {
	t := trimASCIISpace(text)
	if n := utf8.RuneCountInString(t); n > MaxRequest {
		return reject(CodeTooLong, "request is too long: %d characters (the limit is %d)", n, MaxRequest)
	}
	for i := 0; i < len(t); {
		c := t[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return reject(CodeControlCharacter, "request contains a control character: %s", charName(rune(c)))
			}
			if p := dangerousAt(t, i); p != "" {
				return reject(CodeDangerousPattern, "potentially dangerous pattern detected: %s", p)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(t[i:])
		if r == utf8.RuneError && size == 1 {
			return reject(CodeBadEncoding, "request is not valid UTF-8 text")
		}
		if isControl(r) {
			return reject(CodeControlCharacter, "request contains a control character: %s", charName(r))
		}
		if isInvisible(r) {
			return reject(CodeInvisibleCharacter, "request contains an invisible character: %s", charName(r))
		}
		i += size
	}
	return nil
}

func trimASCIISpace(s string) string {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// CheckIntent checks a parsed intent, every part of one said with "and":
// the fields fit the kind, names and option paths keep to their grammar,
// values to their types and ranges, and (with a Catalog) packages and
// options exist and values fit the option's declared type. Parts that
// change the same thing twice are refused (CheckParts).
func CheckIntent(in intent.Intent, cat Catalog) error {
	first := in
	first.And = nil
	if r := checkIntent(first, cat); r != nil {
		return r
	}
	for _, p := range in.And {
		if len(p.And) > 0 {
			return reject(CodeBadIntent, "a part of a request cannot have parts of its own")
		}
		if r := checkIntent(p, cat); r != nil {
			return r
		}
	}
	return CheckParts(in.Parts())
}

// CheckParts refuses parts of one request that change the same thing
// ("enable ssh and disable ssh"): done in turn the last would win.
func CheckParts(parts []intent.Intent) error {
	if len(parts) < 2 {
		return nil
	}
	if err := plan.Contradiction(parts); err != nil {
		return &Rejection{Code: CodeContradiction, Reason: err.Error() + "; nothing was written"}
	}
	return nil
}

// maxRollbackSteps bounds "go back N generations": a profile keeps more
// only on machines nobody has cleaned up in years, and a number larger
// than that is more likely a generation number said the wrong way.
const maxRollbackSteps = 1000

// maxUndoSteps bounds "undo the last N changes" the same way: the
// history keeps every edit by default, but a larger count is a mistake.
const maxUndoSteps = 1000

func checkIntent(in intent.Intent, cat Catalog) *Rejection {
	if r := checkFields(in); r != nil {
		return r
	}
	switch in.Kind {
	case intent.Install, intent.Remove:
		return checkPackages(in, cat)
	case intent.ListInstalled:
		if len(in.Packages) > 0 {
			// "is firefox installed": names held to their form; asking
			// about one nixpkgs lacks is still a fair question.
			return checkPackages(in, nil)
		}
	case intent.Search:
		return checkQuery(in.Query)
	case intent.SwitchGeneration:
		if in.Latest {
			if in.Generation != 0 {
				return reject(CodeBadIntent, "a switch goes to generation %d or the latest, not both", in.Generation)
			}
			break
		}
		if in.Generation < 1 {
			return reject(CodeBadValue, "generation %d does not exist: generations are numbered from 1 (see `ask-nix generations`)", in.Generation)
		}
	case intent.Rollback:
		if in.Steps < 0 || in.Steps > maxRollbackSteps {
			return reject(CodeBadValue, "cannot go back %d generations: say how many, from 1 to %d (or \"go back to generation 12\")", in.Steps, maxRollbackSteps)
		}
	case intent.Undo:
		if in.Steps < 0 || in.Steps > maxUndoSteps {
			return reject(CodeBadValue, "cannot undo %d edits at once: say how many, from 1 to %d (`ask-nix history` numbers them)", in.Steps, maxUndoSteps)
		}
	case intent.GC:
		return checkGC(in)
	case intent.Update:
		return checkInputs(in.Inputs)
	case intent.EnableService, intent.DisableService:
		return checkService(in, cat)
	case intent.ShowOption:
		return checkShownOption(in, cat)
	case intent.SetOption:
		return checkSetOption(in, cat)
	}
	return nil
}

// checkFields refuses an intent carrying fields its kind does not use,
// so what is checked is exactly what will be done.
func checkFields(in intent.Intent) *Rejection {
	type field struct {
		name string
		set  bool
	}
	fields := []field{
		{"packages", in.Packages != nil},
		{"query", in.Query != ""},
		{"generation", in.Generation != 0},
		{"steps", in.Steps != 0},
		{"boot", in.Boot},
		{"keep", in.Keep != 0},
		{"olderThan", in.OlderThan != ""},
		{"option", in.Option != ""},
		{"value", in.Value != nil},
		{"change", in.Change != ""},
		{"service", in.Service != ""},
		{"action", in.Action != ""},
		{"before", in.Before != ""},
		{"forward", in.Forward},
		{"latest", in.Latest},
		{"inputs", in.Inputs != nil},
	}
	var allowed []string
	switch in.Kind {
	case intent.Install, intent.Remove, intent.ListInstalled:
		allowed = []string{"packages"}
	case intent.Search:
		allowed = []string{"query"}
	case intent.SwitchGeneration:
		allowed = []string{"generation", "boot", "latest"}
	case intent.GC:
		allowed = []string{"keep", "olderThan"}
	case intent.EnableService, intent.DisableService:
		allowed = []string{"option", "service"}
	case intent.ShowOption:
		allowed = []string{"option", "service", "value"}
	case intent.SetOption:
		allowed = []string{"option", "value", "change"}
	case intent.Rollback:
		allowed = []string{"steps", "boot", "before", "forward"}
		switch {
		case in.Forward && in.Before != "":
			return reject(CodeBadIntent, "a rollback to a time goes back, not forward")
		case in.Before != "" && in.Steps != 0:
			return reject(CodeBadIntent, "a rollback goes back by steps or to a time, not both")
		case in.Before != "" && in.Before != "today" && !validAge(in.Before):
			return reject(CodeBadValue, "%q is not a time to go back to: write today or an age like 3d or 12h", in.Before)
		}
	case intent.Undo:
		allowed = []string{"steps"}
	case intent.Apply:
		allowed = []string{"action"}
		switch in.Action {
		case "", "switch", "boot", "test", "build":
		default:
			return reject(CodeBadValue, "%q is no activation: apply takes switch, boot, test or build", in.Action)
		}
	case intent.Update:
		allowed = []string{"inputs"}
	case intent.ListGenerations, intent.SystemInfo,
		intent.Status, intent.Help:
	default:
		return reject(CodeBadIntent, "unknown intent %q", in.Kind)
	}
outer:
	for _, f := range fields {
		if !f.set {
			continue
		}
		for _, a := range allowed {
			if a == f.name {
				continue outer
			}
		}
		return reject(CodeBadIntent, "intent %s does not take %s", in.Kind, f.name)
	}
	return nil
}

// maxInputs bounds the flake inputs one update names: a flake has a
// handful; more is a mistake.
const maxInputs = 50

// checkInputs holds the inputs of an update to flakeinput's rule: they
// reach Nix as words of its command line. Whether the flake has them is
// the reconciler's to say, from its lock.
func checkInputs(inputs []string) *Rejection {
	if inputs != nil && len(inputs) == 0 {
		return reject(CodeBadIntent, "an update of only some inputs names none")
	}
	if len(inputs) > maxInputs {
		return reject(CodeBadValue, "%d flake inputs in one update: at most %d; nothing was run (ask-nix update with no input updates them all)", len(inputs), maxInputs)
	}
	for _, in := range inputs {
		if err := flakeinput.Check(in); err != nil {
			return reject(CodeBadValue, "%s", err.Error())
		}
	}
	return nil
}

func checkPackages(in intent.Intent, cat Catalog) *Rejection {
	if len(in.Packages) == 0 {
		return reject(CodeBadIntent, "%s needs at least one package name", in.Kind)
	}
	if len(in.Packages) > MaxPackages {
		return reject(CodeTooManyPackages, "too many packages in one request: %d (the limit is %d)", len(in.Packages), MaxPackages)
	}
	for _, p := range in.Packages {
		if r := CheckPackageName(p); r != nil {
			rej := r.(*Rejection)
			if in.Kind == intent.Install && cat != nil {
				if sugg := digitNameSuggestions(p, cat); len(sugg) > 0 {
					rej.Reason += "; did you mean " + OrList(sugg) + "?"
				}
			}
			return rej
		}
	}
	// A package that is gone from nixpkgs can still be removed from the
	// fragment, so only installs ask the catalog.
	if in.Kind == intent.Install && cat != nil {
		for _, p := range in.Packages {
			if found, sugg := cat.Package(p); !found {
				if len(sugg) > 0 {
					r := reject(CodeUnknownPackage, "there is no package named %s in nixpkgs; did you mean %s?", p, OrList(sugg))
					for _, sg := range sugg {
						// "install python with numpy": the suggestion
						// alone would not give that. The suggestions
						// are alternatives: the note is the first's.
						if note := intent.PythonNote([]string{sg}); note != "" {
							r.Reason += " Note: " + note
							break
						}
					}
					return r
				}
				return reject(CodeUnknownPackage, "there is no package named %s in nixpkgs (try `ask-nix search %s`)", p, p)
			}
		}
	}
	return nil
}

// digitNameSuggestions are the packages meant by a name that starts with
// a digit, which no bare Nix name can: nixpkgs writes them with a _ in
// front (_1password-gui, _7zz), or under another name (7zip is p7zip).
// Only names otherwise made of name characters are looked up.
func digitNameSuggestions(name string, cat Catalog) []string {
	if name == "" || name[0] < '0' || name[0] > '9' {
		return nil
	}
	for i := 0; i < len(name); i++ {
		if !bareAttrByte(name[i]) {
			return nil
		}
	}
	found, sugg := cat.Package(name)
	if found {
		// No index has such a name: this catalog checks nothing
		// (it has no packages), so it has nothing to suggest either.
		return nil
	}
	if found, _ := cat.Package("_" + name); found {
		return []string{"_" + name}
	}
	return sugg
}

// OrList joins alternatives for a sentence: "firefox", "firefox or
// firefox-esr", "a, b or c".
func OrList(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	s := ""
	for i, x := range xs {
		switch {
		case i == 0:
		case i == len(xs)-1:
			s += " or "
		default:
			s += ", "
		}
		s += x
	}
	return s
}

func checkQuery(q string) *Rejection {
	if q == "" {
		return reject(CodeBadIntent, "search needs something to look for")
	}
	return checkText(q, "search query", MaxQuery)
}

func checkGC(in intent.Intent) *Rejection {
	if in.Keep < 0 {
		return reject(CodeBadValue, "cannot keep %d generations: keep at least 1 (the current one)", in.Keep)
	}
	if in.OlderThan != "" && !validAge(in.OlderThan) {
		if n := in.OlderThan[:len(in.OlderThan)-1]; strings.ContainsAny(in.OlderThan[len(n):], "dh") && len(n) > 5 && strings.Trim(n, "0123456789") == "" && n[0] != '0' {
			// "older than 20000 weeks" reads as 140000d: a number,
			// just too long.
			most := "99999 days, about 273 years"
			if strings.HasSuffix(in.OlderThan, "h") {
				most = "99999 hours; give a longer age in days"
			}
			return reject(CodeBadValue, "%q is a longer age than ask-nix takes (at most %s); nothing was deleted", in.OlderThan, most)
		}
		return reject(CodeBadValue, "%q is not an age: write a number of days or hours like 30d or 12h", in.OlderThan)
	}
	return nil
}

// validAge accepts what nix-collect-garbage --delete-older-than takes and
// ask-nix writes: 1d to 99999d.
func validAge(s string) bool {
	if len(s) < 2 || len(s) > 6 || (s[len(s)-1] != 'd' && s[len(s)-1] != 'h') || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s)-1; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
