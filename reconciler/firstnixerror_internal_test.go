package reconciler

import "testing"

// Nix's errors compare by their message, store paths aside: the trace
// form (a bare "error:" first, the message last) included.
func TestFirstNixError(t *testing.T) {
	trace := func(msg string) string {
		return "error:\n       … while evaluating the attribute 'config.system.build.toplevel'\n\n       error: " + msg + "\n"
	}
	for _, tt := range []struct {
		a, b string
		same bool
	}{
		{trace("undefined variable 'fooo'"), trace("The option `services.foo' does not exist."), false},
		{trace("undefined variable 'fooo'"), trace("undefined variable 'fooo'"), true},
		{"error: builder for '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-nixos-system-x.drv' failed with exit code 3",
			"error: builder for '/nix/store/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-nixos-system-x.drv' failed with exit code 3", true},
		{"error:\n", "error:\n", false}, // nothing said: nothing to compare
	} {
		fa, fb := firstNixError(tt.a), firstNixError(tt.b)
		if (fa == fb && fa != "") != tt.same {
			t.Errorf("%q vs %q: %q, %q; want same %v", tt.a, tt.b, fa, fb, tt.same)
		}
	}
}
