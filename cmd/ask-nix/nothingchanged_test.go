package main

import (
	"strings"
	"testing"
)

// A refusal says in words that nothing was changed, once, whatever
// refused it; a read-only command's refusal does not (it never changes
// anything), and JSON keeps the reason alone.
func TestRefusalsSayNothingWasChanged(t *testing.T) {
	playgroundEnv(t)
	const said = "nothing was changed"
	tests := []struct {
		args []string
		want int // times stderr says it
	}{
		{[]string{"-y", "set swappiness to 500"}, 1},
		{[]string{"-y", "open port 99999"}, 1},
		{[]string{"-y", "install firefox && rm -rf /"}, 1},
		{[]string{"-y", "enable foo-bar-baz"}, 1},
		{[]string{"-y", "set time.timeZone to 5"}, 1},
		{[]string{"diff", "99"}, 0},
		{[]string{"show option services.opnessh.enable"}, 0},
		{[]string{"is services.opnessh.enable enabled"}, 0},
		{[]string{"generations", "diff", "98", "99"}, 0},
	}
	for _, tt := range tests {
		r := askNix(tt.args...)
		if r.code != exitRefused {
			t.Errorf("%q: exit %d, want %d\n%s", tt.args, r.code, exitRefused, r.stderr)
			continue
		}
		if n := strings.Count(r.stderr, said); n != tt.want {
			t.Errorf("%q: stderr says %q %d times, want %d:\n%s", tt.args, said, n, tt.want, r.stderr)
		}
	}
	r := askNix(append([]string{"--json"}, tests[0].args...)...)
	if strings.Contains(r.stdout+r.stderr, said) {
		t.Errorf("--json: %s%s", r.stdout, r.stderr)
	}
}
