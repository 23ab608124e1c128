// Package shellword quotes words for the commands ask-nix and the
// daemon suggest to people (`cp <saved> <fragment>`), so a copy and paste
// of the advice works for any path, spaces and quotes included. It is for
// text shown to a person only: nix-humanity itself never runs a shell.
package shellword

import "strings"

// Quote returns s as one POSIX shell word: unchanged when every byte is
// one a shell leaves alone, else in single quotes, a single quote
// inside closing the quotes, escaped, and opening them again.
func Quote(s string) string {
	if s == "" {
		return "''"
	}
	if strings.IndexFunc(s, func(r rune) bool { return !plain(r) }) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// plain reports whether r needs no quoting anywhere in a word. '=' and
// '~' only matter at some positions, but quoting them would be harmless;
// leaving them plain keeps ordinary paths readable.
func plain(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	}
	return strings.ContainsRune("/._-+,:@%=", r)
}
