package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/build"
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
}

// runShowOption answers "is ssh enabled?": what the managed fragment sets
// the option to, and what the whole configuration does, evaluated by Nix
// (`nix-instantiate --eval` of config.<option> of the system the
// reconciler builds, or `nix eval` of the flake's). It writes nothing.
func runShowOption(ctx context.Context, g *globals, in intent.Intent) error {
	r, err := g.reconciler()
	if err != nil {
		return err
	}
	st, err := g.store()
	if err != nil {
		return err
	}
	f, _, _, err := st.Read()
	if err != nil {
		return err
	}
	a := optionAnswer{Service: in.Service, Option: in.Option, Value: json.RawMessage("null")}
	if path, err := fragment.ParsePath(in.Option); err == nil {
		if v, set := f.Get(path); set {
			a.Fragment = fragmentValue(v)
		}
	}
	if v, err := evalOption(ctx, g, r, in.Option); err != nil {
		a.Error = err.Error()
	} else {
		a.Value, a.Evaluated = v, true
	}
	if rep, err := reconciler.Status(r.Settings); err == nil {
		if hash, err := r.InputsHash(); err == nil {
			a.Pending = hash != rep.AppliedHash
		}
	}
	if g.json {
		return g.printJSON(a)
	}
	fmt.Fprintln(g.stdout, optionSentence(a, st.Fragment))
	return nil
}

// evalOption evaluates config.<option> of the configured system to JSON.
func evalOption(ctx context.Context, g *globals, r *reconciler.Reconciler, option string) (json.RawMessage, error) {
	t, err := r.Target()
	if err != nil {
		return nil, err
	}
	ot, ok := t.OptionTarget(option)
	if !ok {
		return nil, fmt.Errorf("the system %s is not a NixOS configuration ask-nix can read options from (a flake's nixosConfigurations or <nixpkgs/nixos>)", t)
	}
	out, err := build.EvaluateJSON(ctx, g.runner, ot)
	if err != nil {
		var exit *nixrun.ExitError
		if errors.As(err, &exit) && missingAttribute(string(exit.Stderr)) {
			attr := ot.Attr
			if ot.IsFlake() {
				attr = ot.FlakeAttr
			}
			return nil, fmt.Errorf("nix found no %s: no NixOS module of this configuration declares %s", attr, option)
		}
		return nil, err
	}
	if !json.Valid(out) {
		return nil, fmt.Errorf("nix printed %.80q, not a value", out)
	}
	return out, nil
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
	return v.String()
}

// optionSentence says the answer in a line or two: on or off in the
// configuration, where that comes from, what changes it.
func optionSentence(a optionAnswer, fragmentPath string) string {
	name := fmt.Sprintf("%s (%s)", a.Service, a.Option)
	setBy := fmt.Sprintf("%s does not set it", fragmentPath)
	if a.Fragment != nil {
		setBy = fmt.Sprintf("%s sets it to %v", fragmentPath, a.Fragment)
	}
	var b strings.Builder
	switch {
	case !a.Evaluated:
		fmt.Fprintf(&b, "%s: %s; what the rest of your configuration says is unknown: %s.", name, setBy, a.Error)
	case string(a.Value) == "true" || string(a.Value) == "false":
		on := string(a.Value) == "true"
		state := "off"
		if on {
			state = "on"
		}
		fmt.Fprintf(&b, "%s is %s in your configuration", name, state)
		verb, other := "enable", "on"
		if on {
			verb, other = "disable", "off"
		}
		fb, isBool := a.Fragment.(bool)
		switch {
		case a.Fragment == nil:
			fmt.Fprintf(&b, "; %s, so that comes from the rest of your configuration or NixOS's default (\"%s %s\" sets it %s in the fragment; should another file set it too, Nix says so and nothing changes).", setBy, verb, a.Service, other)
		case isBool && fb != on:
			fmt.Fprintf(&b, "; %s, but the rest of your configuration overrides that (mkForce or another priority): change it there.", setBy)
		default:
			fmt.Fprintf(&b, "; %s (\"%s %s\" turns it %s).", setBy, verb, a.Service, other)
		}
	default:
		fmt.Fprintf(&b, "%s is %s in your configuration; %s.", name, a.Value, setBy)
	}
	if a.Evaluated && a.Pending {
		b.WriteString("\nThe running system was built before the last change: `ask-nix apply` builds and switches to it (nix-humanityd does when it runs).")
	}
	return b.String()
}
