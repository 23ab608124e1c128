package plan

import (
	"fmt"

	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// exclusive are settings NixOS refuses together (a module asserts it, or
// two definitions collide): a fragment with both fails to build. When a
// request turns one on while the fragment has the other, the other goes
// in the same edit, and the plan says so.
var exclusive = []struct{ a, b, why string }{
	{"services.tlp.enable", "services.power-profiles-daemon.enable", "both manage power"},
	{"networking.networkmanager.enable", "networking.wireless.enable", "both manage wifi"},
	{"services.automatic-timezoned.enable", "time.timeZone", "it sets the time zone itself"},
	{"services.pulseaudio.enable", "services.pipewire.pulse.enable", "both are the sound server"},
	{"hardware.pulseaudio.enable", "services.pipewire.pulse.enable", "both are the sound server"},
}

// on reports whether f turns path on: true, or a value that is set (a
// time zone; null is off).
func on(f *fragment.File, path string) bool {
	p, err := fragment.ParsePath(path)
	if err != nil {
		return false
	}
	v, ok := f.Get(p)
	if !ok {
		return false
	}
	switch v.Kind {
	case fragment.KindBool:
		return v.Bool
	case fragment.KindNull:
		return false
	}
	return true
}

// exclude unsets what the request's new settings cannot stand beside,
// or refuses a request that turns on both of a pair.
func (p *Plan) exclude() error {
	if !p.Changed {
		return nil
	}
	for _, x := range exclusive {
		if !on(p.After, x.a) || !on(p.After, x.b) {
			continue
		}
		newA, newB := !on(p.Before, x.a), !on(p.Before, x.b)
		keep, drop := x.a, x.b
		switch {
		case newA && newB:
			return fmt.Errorf("NixOS refuses %s and %s together (%s): ask for one of them", x.a, x.b, x.why)
		case newB:
			keep, drop = x.b, x.a
		case !newA:
			continue // both were there before: not this request's doing
		}
		path, _ := fragment.ParsePath(drop)
		p.After.Unset(path)
		text := fmt.Sprintf("unset %s: NixOS refuses it beside %s (%s)", drop, keep, x.why)
		p.Also = append(p.Also, text)
		p.Summary += "; " + text
	}
	return nil
}
