package main

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzOptionSentence feeds the answer to "is ssh enabled?" what Nix and
// the fragment give it: the option's value as Nix prints it in JSON
// (a string in a list holds whatever the configuration put there), the
// error Nix wrote when it could not evaluate (a configuration's throw
// says anything), and a value the fragment sets (a hand edit may hold
// any character but NUL). The sentence printed moves no cursor and
// changes no colour: no control character but its line breaks, no
// bidirectional control, valid UTF-8.
func FuzzOptionSentence(f *testing.F) {
	// Values as nix-instantiate --eval --json printed them for the
	// playground (TestShowOption), and a few a configuration can hold.
	for _, v := range []string{`true`, `false`, `null`, `22`, `"en_US.UTF-8"`, `[22,2222]`, `["1.1.1.1","1.0.0.1"]`, `[]`,
		`{"enable":true}`, `["\u001b[2J\u001b[H","quiet"]`, `"\u001b]0;owned\u0007"`, "[\"\u202ertl\"]", "\"\u009b31m\"", `[1.5,"a",true]`} {
		f.Add([]byte(v), "", "", uint8(0))
		f.Add([]byte(v), "error: \x1b[31;1mboom\x1b[0m\n       at /etc/nixos/configuration.nix:3:5", "x\x1b[2Jy", uint8(1))
	}
	f.Add([]byte(`true`), "nix-instantiate failed with exit code 1: error: attribute 'x' missing", "Europe/Berlin", uint8(2))
	f.Fuzz(func(t *testing.T, value []byte, nixError, fragmentString string, shape uint8) {
		if !json.Valid(value) || strings.IndexByte(fragmentString, 0) >= 0 {
			return // Nix prints JSON; a Nix string holds no NUL
		}
		a := optionAnswer{Service: "ssh", Option: "services.openssh.enable", Value: value, Evaluated: shape&1 == 0,
			Type: "boolean", Description: "Whether to enable the OpenSSH secure shell daemon."}
		if !a.Evaluated {
			a.Value, a.Error = json.RawMessage("null"), nixError
		}
		switch shape % 4 {
		case 1:
			a.Fragment = fragmentString
		case 2:
			a.Service, a.Option = "", "boot.kernelParams"
			a.Fragment = fragmentString
		case 3:
			a.Fragment = true
		}
		out := optionSentence(a, "/etc/nixos/nix-humanity.nix")
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 printed: %q", out)
		}
		for _, r := range out {
			if r != '\n' && (r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Bidi_Control, r)) {
				t.Fatalf("U+%04X printed: %q", r, out)
			}
		}
	})
}
