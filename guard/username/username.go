// Package username holds the one rule for a login name that ask-nix's
// reader and its guard share: what it echoes back in an answer and what
// it lets reach an option's value are the same names.
package username

// Valid reports whether s is a login name as useradd takes it by
// default: a lower-case letter or _, then lower-case letters, digits, _
// and -, up to 32 characters.
func Valid(s string) bool {
	if s == "" || len(s) > 32 {
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
