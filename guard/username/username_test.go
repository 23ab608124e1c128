package username

import "testing"

func TestValid(t *testing.T) {
	for s, want := range map[string]bool{
		"alice": true, "_svc": true, "bob-2": true, "a_b": true,
		"": false, "Alice": false, "2bob": false, "-x": false, "al ice": false,
		"al;ice": false, "ålice": false, "abcdefghijklmnopqrstuvwxyzabcde": true,
		// 32 characters: useradd takes it, NixOS's users module aborts.
		"abcdefghijklmnopqrstuvwxyzabcdef": false, "abcdefghijklmnopqrstuvwxyzabcdefg": false,
	} {
		if got := Valid(s); got != want {
			t.Errorf("Valid(%q) = %v, want %v", s, got, want)
		}
	}
}
