package plan

import (
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
)

// TestJoinedOptions: an item added to services.xserver.xkb.options keeps
// the fragment's other options; one that remaps Caps Lock replaces the
// one there, and the plan says so.
func TestJoinedOptions(t *testing.T) {
	with := func(v string) string {
		if v == "" {
			return start
		}
		return strings.Replace(start, "  time.timeZone", "  services.xserver.xkb.options = \""+v+"\";\n  time.timeZone", 1)
	}
	xo := func(change intent.Change, v any) intent.Intent {
		return intent.Intent{Kind: intent.SetOption, Option: "services.xserver.xkb.options", Change: change, Value: v}
	}
	add, rm := intent.ChangeAdd, intent.ChangeRemove
	cases := []struct {
		before  string
		in      intent.Intent
		after   string // "" when unset or unchanged
		changed bool
		also    string
	}{
		{"", xo(add, "caps:swapescape"), "caps:swapescape", true, ""},
		{"compose:ralt", xo(add, "caps:escape"), "compose:ralt,caps:escape", true, ""},
		{"caps:escape,compose:ralt", xo(add, "caps:swapescape"), "compose:ralt,caps:swapescape", true,
			"remove caps:escape from services.xserver.xkb.options: Caps Lock takes one of these jobs at a time"},
		{"ctrl:nocaps", xo(add, "caps:escape"), "caps:escape", true, "remove ctrl:nocaps from"},
		{"caps:escape", xo(add, "caps:escape"), "caps:escape", false, ""},
		{"caps:escape,compose:ralt", xo(rm, "caps:escape"), "compose:ralt", true, ""},
		{"caps:escape", xo(rm, "caps:escape"), "", true, ""},
		{"compose:ralt", xo(rm, "caps:escape"), "compose:ralt", false, ""},
		{"", xo(add, []any{"compose:ralt", "caps:escape"}), "compose:ralt,caps:escape", true, ""},
	}
	for _, c := range cases {
		p, err := Make(parse(t, with(c.before)), c.in)
		if err != nil {
			t.Errorf("%q + %v: %v", c.before, c.in.Value, err)
			continue
		}
		out := string(p.After.Render())
		if p.Changed != c.changed {
			t.Errorf("%q %s %v: Changed %v (%s)", c.before, c.in.Change, c.in.Value, p.Changed, p.Summary)
		}
		if c.after == "" && strings.Contains(out, "xkb.options") || c.after != "" && !strings.Contains(out, "services.xserver.xkb.options = \""+c.after+"\";") {
			t.Errorf("%q %s %v: want %q, got\n%s", c.before, c.in.Change, c.in.Value, c.after, out)
		}
		if also := strings.Join(p.Also, "; "); c.also == "" && also != "" || !strings.Contains(also, c.also) {
			t.Errorf("%q %s %v: Also %q, want %q", c.before, c.in.Change, c.in.Value, also, c.also)
		}
		// Everything else the fragment held is still there.
		for _, w := range []string{"firefox", "allowedTCPPorts = [ 80 443 ]", "Europe/Berlin"} {
			if !strings.Contains(out, w) {
				t.Errorf("%q %s: lost %q", c.before, c.in.Value, w)
			}
		}
	}
}
