// Package build decides what system to build from the settings and
// evaluates and builds it through Nix: a flake's
// nixosConfigurations.<host> toplevel, or a Nix file or folder (by
// default <nixpkgs/nixos>, attribute system). Evaluation and build are
// separate steps, so a pass knows the toplevel's store path before
// building and can stop when it is already current.
package build

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// Target is the system to build.
type Target struct {
	// Flake is a flake reference ("/etc/nixos", "path:/x") and FlakeAttr
	// the attribute path in it; set for flakes only.
	Flake     string
	FlakeAttr string
	// File and Attr are a non-flake file, folder or <lookup> path and
	// the attribute in it ("" means the file's own value).
	File string
	Attr string
}

// IsFlake reports whether the target is a flake output.
func (t Target) IsFlake() bool { return t.Flake != "" }

// Installable is the flake output as Nix's command line names it.
func (t Target) Installable() string { return t.Flake + "#" + t.FlakeAttr }

func (t Target) String() string {
	if t.IsFlake() {
		return t.Installable()
	}
	if t.Attr == "" {
		return t.File
	}
	return t.File + " -A " + t.Attr
}

// DefaultFlake is the flake nixos-rebuild uses when it exists.
const DefaultFlake = "/etc/nixos"

// Compiled on first use, not at every ask-nix start.
var (
	hostRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`) })
	attrRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_'"-]+(\.[A-Za-z0-9_'"-]+)*$`) })
	// fieldRe is one attribute name that needs no quoting in Nix.
	fieldRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_'-]*$`) })
)

func toplevelOf(host string) string {
	return "nixosConfigurations." + host + ".config.system.build.toplevel"
}

// Resolve turns the settings into a target, as DESIGN.md says: "" is the
// flake /etc/nixos#<host> if /etc/nixos/flake.nix exists, else
// <nixpkgs/nixos> with attribute system; a value with # is a flake
// reference (after #: a host name, or an attribute path with dots); any
// other value is a Nix file or folder built with attr (when attrSet is
// false, the file's own value).
func Resolve(system, attr string, attrSet bool, hostname string, exists func(string) bool) (Target, error) {
	if strings.HasPrefix(system, "-") {
		return Target{}, fmt.Errorf("system %q starts with '-': give a path or a flake reference", system)
	}
	host := func(h string) (string, error) {
		if !hostRe().MatchString(h) {
			return "", fmt.Errorf("host name %q cannot name a nixosConfigurations entry; set NIX_HUMANITY_SYSTEM to <flake>#<name>", h)
		}
		return h, nil
	}
	switch {
	case system == "":
		if exists(filepath.Join(DefaultFlake, "flake.nix")) {
			h, err := host(hostname)
			if err != nil {
				return Target{}, err
			}
			return Target{Flake: DefaultFlake, FlakeAttr: toplevelOf(h)}, nil
		}
		a := "system"
		if attrSet {
			a = attr
		}
		return Target{File: "<nixpkgs/nixos>", Attr: a}, nil
	case strings.Contains(system, "#"):
		ref, frag, _ := strings.Cut(system, "#")
		if ref == "" {
			return Target{}, fmt.Errorf("system %q has no flake before '#'", system)
		}
		if frag == "" {
			frag = hostname
		}
		if !strings.Contains(frag, ".") {
			h, err := host(frag)
			if err != nil {
				return Target{}, err
			}
			return Target{Flake: ref, FlakeAttr: toplevelOf(h)}, nil
		}
		if !attrRe().MatchString(frag) {
			return Target{}, fmt.Errorf("%q after '#' is not an attribute path", frag)
		}
		return Target{Flake: ref, FlakeAttr: frag}, nil
	default:
		isLookup := strings.HasPrefix(system, "<") && strings.HasSuffix(system, ">")
		if !isLookup && !filepath.IsAbs(system) {
			return Target{}, fmt.Errorf("system %q is neither an absolute path, a <lookup> path nor a flake reference (flake#host)", system)
		}
		a := ""
		if attrSet {
			a = attr
		}
		if a != "" && !attrRe().MatchString(a) {
			return Target{}, fmt.Errorf("system attribute %q is not an attribute path", a)
		}
		if !isLookup && exists(filepath.Join(system, "flake.nix")) && !exists(filepath.Join(system, "default.nix")) {
			// As nixos-rebuild --flake /etc/nixos would have it, but a
			// value without # is a file to nix-build, and Nix would
			// only say default.nix is missing.
			h := hostname
			if !hostRe().MatchString(h) {
				h = "<host>"
			}
			return Target{}, fmt.Errorf("system %s is a flake's folder (it holds flake.nix, no default.nix), and a flake is named with '#': set the system to %s#%s (the flake's nixosConfigurations.%s), e.g. NIX_HUMANITY_SYSTEM=%s#%s or --system", system, system, h, h, system, h)
		}
		return Target{File: system, Attr: a}, nil
	}
}

// Evaluate evaluates the target to its derivation. For a non-flake
// target the .drv gets a GC root at root (when set).
func Evaluate(ctx context.Context, r nixrun.Runner, t Target, root string) (nixrun.Derivation, error) {
	if t.IsFlake() {
		return nixrun.EvalFlakeDrv(ctx, r, t.Installable())
	}
	return nixrun.Instantiate(ctx, r, nixrun.InstantiateRequest{File: t.File, Attr: t.Attr, Root: root})
}

// Realise builds an evaluated target into outLink (a registered GC root)
// and returns the toplevel's store path.
func Realise(ctx context.Context, r nixrun.Runner, drv nixrun.Derivation, outLink string, onProgress func(nixrun.Progress), onLog func(name, line string)) (string, error) {
	return nixrun.Build(ctx, r, nixrun.BuildRequest{
		Drv:        drv.DrvPath,
		OutLink:    outLink,
		OnProgress: onProgress,
		OnLogLine:  onLog,
	})
}

// UpdateCommand is the command Update runs, for people to read: for a
// flake, as Nix 2.19 and later take it (Update says which ran), with the
// inputs named when only those are updated.
func UpdateCommand(t Target, inputs ...string) string {
	switch {
	case t.IsFlake() && len(inputs) > 0:
		return "nix flake update --flake " + t.Flake + " " + strings.Join(inputs, " ")
	case t.IsFlake():
		return "nix flake update --flake " + t.Flake
	}
	return "nix-channel --update"
}

// OldNixUpdateCommand is UpdateCommand's flake command as Nix before
// 2.19 takes it, which knows no --flake: what runs there instead.
func OldNixUpdateCommand(t Target, inputs ...string) string {
	if len(inputs) == 0 {
		return "nix flake update " + t.Flake
	}
	return "nix flake lock " + t.Flake + " --update-input " + strings.Join(inputs, " --update-input ")
}

// Update fetches newer inputs for the target: `nix flake update` for a
// flake (of only the inputs named, when any are: nix flake update
// <input>, which CheckUpdateInputs checks first), `nix-channel --update`
// otherwise, unless this user has no channel: it would fetch nothing,
// yet write the channels profile a new, empty generation. It returns
// the command that ran ("" when none did).
func Update(ctx context.Context, r nixrun.Runner, t Target, inputs []string) (string, error) {
	if t.IsFlake() && len(inputs) > 0 {
		argv, err := nixrun.FlakeUpdateInputs(ctx, r, t.Flake, inputs)
		return strings.Join(argv, " "), err
	}
	if len(inputs) > 0 {
		return "", t.CheckUpdateInputs(inputs)
	}
	if t.IsFlake() {
		argv, err := nixrun.FlakeUpdate(ctx, r, t.Flake)
		return strings.Join(argv, " "), err
	}
	if names, err := nixrun.Channels(ctx, r); err == nil && len(names) == 0 {
		return "", nil
	}
	return "nix-channel --update", nixrun.ChannelUpdate(ctx, r)
}

// OptionTarget is the target naming config.<option> of the same system,
// for reading what the configuration sets an option to: the toplevel's
// attribute path with config.system.build.toplevel (flakes) or system
// (<nixpkgs/nixos>, the playground) replaced. ok is false when the
// target is a file's own value or an attribute of another shape, whose
// configuration cannot be found from it.
func (t Target) OptionTarget(option string) (Target, bool) {
	const toplevel = "config.system.build.toplevel"
	attr := t.Attr
	if t.IsFlake() {
		attr = t.FlakeAttr
	}
	var base string
	switch {
	case attr == toplevel:
		base = ""
	case strings.HasSuffix(attr, "."+toplevel):
		base = strings.TrimSuffix(attr, toplevel)
	case !t.IsFlake() && attr == "system":
		base = ""
	default:
		return Target{}, false
	}
	out := t
	if t.IsFlake() {
		out.FlakeAttr = base + "config." + option
	} else {
		out.Attr = base + "config." + option
	}
	return out, true
}

// EvaluateJSON evaluates the target's attribute to JSON.
func EvaluateJSON(ctx context.Context, r nixrun.Runner, t Target) ([]byte, error) {
	if t.IsFlake() {
		return nixrun.EvalJSON(ctx, r, nixrun.EvalJSONRequest{Installable: t.Installable()})
	}
	var attrs []string
	if t.Attr != "" {
		attrs = []string{t.Attr}
	}
	return nixrun.EvalJSON(ctx, r, nixrun.EvalJSONRequest{File: t.File, Attrs: attrs})
}

// EvaluateFields evaluates fields of the attribute set the target names
// (each a plain attribute name), in one Nix process, and returns their
// values as JSON in the order given.
func EvaluateFields(ctx context.Context, r nixrun.Runner, t Target, fields []string) ([]json.RawMessage, error) {
	for _, f := range fields {
		if !fieldRe().MatchString(f) {
			return nil, fmt.Errorf("%q is not a plain attribute name", f)
		}
	}
	var out []byte
	var err error
	if t.IsFlake() {
		out, err = nixrun.EvalJSON(ctx, r, nixrun.EvalJSONRequest{Installable: t.Installable(), Apply: "x: [ x." + strings.Join(fields, " x.") + " ]"})
		if err != nil {
			return nil, err
		}
		var vs []json.RawMessage
		if err := json.Unmarshal(out, &vs); err != nil || len(vs) != len(fields) {
			return nil, fmt.Errorf("nix eval printed %.80q, not %d values", out, len(fields))
		}
		return vs, nil
	}
	attrs := make([]string, len(fields))
	for i, f := range fields {
		attrs[i] = f
		if t.Attr != "" {
			attrs[i] = t.Attr + "." + f
		}
	}
	if out, err = nixrun.EvalJSON(ctx, r, nixrun.EvalJSONRequest{File: t.File, Attrs: attrs}); err != nil {
		return nil, err
	}
	return jsonValues(out, len(fields))
}

// jsonValues reads n JSON values printed one after another with no
// separator, as nix-instantiate --eval --json prints several -A values.
func jsonValues(out []byte, n int) ([]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(out))
	vs := make([]json.RawMessage, n)
	for i := range vs {
		if err := dec.Decode(&vs[i]); err != nil {
			return nil, fmt.Errorf("nix-instantiate printed %.80q, not %d values", out, n)
		}
	}
	if dec.More() {
		return nil, fmt.Errorf("nix-instantiate printed %.80q, more than %d values", out, n)
	}
	return vs, nil
}
