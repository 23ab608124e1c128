package txn

import (
	"strings"
	"testing"
)

// Each case says what is in the way and what this user can do about it.
func TestAccessErrorAdvice(t *testing.T) {
	for _, c := range []struct {
		name string
		e    AccessError
		want []string
	}{
		{"no group may write", AccessError{User: "bob", Paths: []string{"/etc/nixos"}},
			[]string{"bob may not change the managed fragment", "/etc/nixos is not writable by bob", "nothing was changed", "sudo ask-nix"}},
		{"not a member", AccessError{User: "bob", Paths: []string{"/etc/nixos", "/var/lib/nix-humanity"}, Group: "nix-humanity"},
			[]string{"/etc/nixos and /var/lib/nix-humanity are not writable", "add you to the group nix-humanity", `allowedUsers = [ "bob" ]`, "--dry-run"}},
		{"added, not logged in again", AccessError{User: "bob", Paths: []string{"/etc/nixos"}, Group: "nix-humanity", InGroup: true},
			[]string{"after this login session began", "newgrp nix-humanity", "sudo ask-nix"}},
		{"a member, a file in the way", AccessError{User: "bob", Paths: []string{"/var/lib/nix-humanity/history"}, Group: "nix-humanity", InGroup: true, HasGroup: true},
			[]string{"You are in the group nix-humanity", "chgrp -R nix-humanity /var/lib/nix-humanity/history", "chmod -R g+w", "sudo ask-nix"}},
		{"no state directory yet", AccessError{User: "bob", NoStateDir: "/var/lib/nix-humanity"},
			[]string{"the state directory /var/lib/nix-humanity", "does not exist", "sudo systemctl start nix-humanityd", "nothing was changed"}},
	} {
		got := c.e.Error()
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", c.name, got, w)
			}
		}
	}
}
