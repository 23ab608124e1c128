// Package username holds the one rule for a login name that ask-nix's
// reader and its guard share: what it echoes back in an answer and what
// it lets reach an option's value are the same names.
package username

// MaxLen is the longest login name NixOS takes: users.users.<name>.name
// aborts the evaluation at 32 characters or more, though useradd takes 32.
const MaxLen = 31

// Valid reports whether s is a login name as useradd takes it by
// default, and NixOS: a lower-case letter or _, then lower-case letters,
// digits, _ and -, up to MaxLen characters.
func Valid(s string) bool {
	if s == "" || len(s) > MaxLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-'):
		default:
			return false
		}
	}
	return true
}
