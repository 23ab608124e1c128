package generation

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func TestParseConfigurationRevision(t *testing.T) {
	tests := []struct {
		name, script, want string
	}{
		{"quoted here-document", "#! /bin/sh\ncase \"$1\" in\n  --json)\n    cat <<'EOF'\n{\"configurationRevision\":\"abc123\",\"nixosVersion\":\"25.11\"}\nEOF\n    ;;\nesac\n", "abc123"},
		{"plain here-document (older NixOS)", "case \"$1\" in\n  --json)\n    cat <<EOF\n{\"nixosVersion\":\"21.11\",\"configurationRevision\":\"0ff\"}\nEOF\n", "0ff"},
		{"no revision in the JSON", "cat <<'EOF'\n{\"nixosVersion\":\"25.11\",\"nixpkgsRevision\":\"aa\"}\nEOF\n", ""},
		{"no JSON branch", "#! /bin/sh\necho \"25.11 (Xantusia)\"\n", ""},
		{"here-document is not JSON, a later one is", "cat <<'EOF'\nusage: nixos-version\nEOF\ncat <<'EOF'\n{\"configurationRevision\":\"later\"}\nEOF\n", "later"},
		{"revision of the wrong type", "cat <<'EOF'\n{\"configurationRevision\":42}\nEOF\n", ""},
		{"control characters refused", "cat <<'EOF'\n{\"configurationRevision\":\"a\\nb\"}\nEOF\n", ""},
		{"here-document at the very end", "cat <<'EOF'", ""},
		{"empty", "", ""},
		{"CRLF line ends", "cat <<'EOF'\r\n{\"configurationRevision\":\"crlf\"}\r\nEOF\r\n", "crlf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseConfigurationRevision([]byte(tt.script)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzParseConfigurationRevision(f *testing.F) {
	f.Add([]byte("cat <<'EOF'\n{\"configurationRevision\":\"abc\"}\nEOF\n"), "abc")
	f.Add([]byte("cat <<EOF\n{}\n"), "<&> \"q\" \\ \u2028 é")
	f.Fuzz(func(t *testing.T, b []byte, rev string) {
		got := ParseConfigurationRevision(b)
		if !printable(got) || !utf8.ValidString(got) {
			t.Fatalf("unprintable revision %q", got)
		}
		// A printable revision, as nixos-version's JSON holds it, is
		// read back; any other is not shown.
		js, err := json.Marshal(map[string]string{"nixosVersion": "25.11", "configurationRevision": rev})
		if err != nil {
			t.Fatal(err)
		}
		script := "#! /bin/sh\ncase \"$1\" in\n  --json)\n    cat <<'EOF'\n" + string(js) + "\nEOF\n    ;;\nesac\n"
		want := ""
		if printable(rev) {
			want = rev
		}
		if got := ParseConfigurationRevision([]byte(script)); got != want {
			t.Fatalf("revision %q read back as %q from\n%s", rev, got, script)
		}
	})
}

func TestCleanLine(t *testing.T) {
	for in, want := range map[string]string{
		"25.11.1234":          "25.11.1234",
		"25.11.1234\n":        "25.11.1234",
		"  25.11 \nsecond":    "25.11",
		"":                    "",
		"bad\x00byte":         "",
		"bad\xffutf8":         "",
		"25.11pre-git (Vicu)": "25.11pre-git (Vicu)",
	} {
		if got := cleanLine([]byte(in)); got != want {
			t.Errorf("cleanLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseLinkName(t *testing.T) {
	tests := []struct {
		name string
		n    int
		ok   bool
	}{
		{"system-1-link", 1, true},
		{"system-43-link", 43, true},
		{"system-123456789-link", 123456789, true},
		{"system-1234567890-link", 0, false}, // too long to be real
		{"system-0-link", 0, false},
		{"system-01-link", 0, false},
		{"system--1-link", 0, false},
		{"system-+1-link", 0, false},
		{"system-1a-link", 0, false},
		{"system--link", 0, false},
		{"system-1-linkx", 0, false},
		{"system-1", 0, false},
		{"systemx-1-link", 0, false},
		{"other-1-link", 0, false},
		{"system", 0, false},
	}
	for _, tt := range tests {
		n, ok := parseLinkName(tt.name, "system-")
		if n != tt.n || ok != tt.ok {
			t.Errorf("parseLinkName(%q) = %d, %v; want %d, %v", tt.name, n, ok, tt.n, tt.ok)
		}
	}
}

func TestCurrentNumber(t *testing.T) {
	l := Links{Dir: "/nix/var/nix/profiles", Name: "system"}
	for target, want := range map[string]int{
		"system-43-link":                          43,
		"/nix/var/nix/profiles/system-43-link":    43,
		"/nix/var/nix/profiles/./system-7-link":   7,
		"/elsewhere/system-43-link":               0,
		"sub/system-43-link":                      0,
		"/nix/store/abc-nixos-system-x":           0,
		"other-3-link":                            0,
		"system-x-link":                           0,
		"":                                        0,
		"/nix/var/nix/profiles/system-0043-link":  0,
		"/nix/var/nix/profiles/../system-43-link": 0,
	} {
		if got := currentNumber(l, target); got != want {
			t.Errorf("currentNumber(%q) = %d, want %d", target, got, want)
		}
	}
}

// appendString writes what encoding/json writes, for any string.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "quote\" back\\slash", "\x00\x1f\b\f\n\r\t", "<&>", "\u2028\u2029", "\xff\xfe bad", "ünï\U0001F600"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		got := appendString(nil, s)
		if !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Fatalf("appendString(%q) = %s, encoding/json: %s", s, got, want.Bytes())
		}
	})
}

func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	gens := []Generation{
		{Number: 1, Date: "2026-01-02 10:00:00", DateRFC3339: "2026-01-02T10:00:00+01:00", NixosVersion: "25.11", KernelVersion: "6.12.9", ConfigurationRevision: "ab\"c", Specialisations: []string{"a", "b\\"}, Current: true, Booted: true, StorePath: "/nix/store/x"},
		{Number: 2, Specialisations: []string{}},
		{Number: 3},
		{Number: 4, Specialisations: []string{}, StorePath: "/nix/store/y", Missing: true},
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	for _, v := range [][]Generation{gens, {}, nil} {
		want.Reset()
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		if got := AppendJSON(nil, v); !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Errorf("AppendJSON:\n%s\nencoding/json:\n%s", got, want.Bytes())
		}
	}
}

func TestWriteJSON(t *testing.T) {
	var many []Generation
	for i := 1; i <= 700; i++ { // more than one buffer's worth
		many = append(many, Generation{Number: i, Date: "2026-01-02 10:00:00", NixosVersion: "25.11", StorePath: "/nix/store/abcdefghijklmnopqrstuvwxyz012345-nixos-system", Specialisations: []string{"x"}})
	}
	for _, gens := range [][]Generation{nil, {}, many} {
		var w bytes.Buffer
		if err := WriteJSON(&w, gens); err != nil {
			t.Fatal(err)
		}
		if want := append(AppendJSON(nil, gens), '\n'); !bytes.Equal(w.Bytes(), want) {
			t.Errorf("WriteJSON of %d differs from AppendJSON", len(gens))
		}
	}
}

// plainWord says what plain says of each byte, for every byte value at
// every position of the word.
func TestPlainWord(t *testing.T) {
	for pos := 0; pos < 8; pos++ {
		for v := 0; v < 256; v++ {
			b := []byte("abcdefgh")
			b[pos] = byte(v)
			if got, want := plainWord(load64(string(b))), plain[v]; got != want {
				t.Errorf("plainWord(%q) = %v, want %v", b, got, want)
			}
		}
	}
}
