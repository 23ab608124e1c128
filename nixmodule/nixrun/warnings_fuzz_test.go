package nixrun

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Lines of stderr as real Nix prints them: Nix 2.8 (this machine's, in
// plain text and internal-json, a build's own log line among them) and
// newer Nix (builtins.warn's "evaluation warning:", whose internal-json
// messages carry raw_msg and positions).
var warningSeeds = []string{
	"warning: unknown setting 'bogus-setting'",
	"warning: Git tree '/tmp/fz10/fl' is dirty",
	"warning: the flag '--update-input nixpkgs' does not match any input",
	`@nix {"action":"msg","level":1,"msg":"\u001b[35;1mwarning:\u001b[0m unknown setting 'bogus-setting'"}`,
	`@nix {"action":"msg","level":1,"msg":"\u001b[35;1mwarning:\u001b[0m Git tree '/tmp/fz10/fl' is dirty"}`,
	`@nix {"action":"msg","level":3,"msg":"this derivation will be built:"}`,
	`@nix {"action":"result","fields":["warning: from builder"],"id":138937897058309,"type":101}`,
	`@nix {"action":"start","fields":["/nix/store/jdcn952gbpdglqsghyhvplsb1bsm3lcd-w.drv","",1,1],"id":138937897058309,"level":3,"text":"building '/nix/store/jdcn952gbpdglqsghyhvplsb1bsm3lcd-w.drv'","type":105}`,
	"trace: hi",
	"evaluation warning: foo",
	"\x1b[35;1mevaluation warning:\x1b[0m The option `services.xserver.layout' has been renamed",
	`@nix {"action":"msg","column":null,"file":null,"level":1,"line":null,"msg":"\u001b[35;1mevaluation warning:\u001b[0m foo","raw_msg":"foo"}`,
	"warning: '--update-input' is a deprecated alias for 'flake update' and will be removed in a future version.",
	`@nix {"action":"msg","level":1,"msg":"\u001b[35;1mwarning:\u001b[0m updating lock file '/etc/nixos/flake.lock':\n• Updated input 'nixpkgs'"}`,
	"warning: \x01 a control first\u202e",
	"warning: " + strings.Repeat("é", 300),
}

// FuzzWarningOf reads one line of stderr. A warning it finds is short,
// valid UTF-8, with no control or bidirectional character and no space
// at its ends; read again as a plain line it is itself; and a message
// said both ways (plain, and as internal-json at the warning level)
// reads the same.
func FuzzWarningOf(f *testing.F) {
	for _, s := range warningSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		text, ok := WarningOf([]byte(line))
		if ok != (text != "") {
			t.Fatalf("%q: %q, %v", line, text, ok)
		}
		if ok {
			checkWarningText(t, line, text)
			if again, ok := WarningOf([]byte("warning: " + text)); !ok || again != text {
				t.Fatalf("%q: %q, read again %q %v", line, text, again, ok)
			}
		}
		// The same message as internal-json.
		first, _, _ := strings.Cut(line, "\n")
		plain, plainOK := WarningOf([]byte(first))
		if strings.HasPrefix(first, "@nix ") || !utf8.ValidString(line) {
			return // JSON carries valid UTF-8 only
		}
		msg, err := json.Marshal(map[string]any{"action": "msg", "level": lvlWarn, "msg": line})
		if err != nil {
			t.Fatal(err)
		}
		js, jsOK := WarningOf(append([]byte("@nix "), msg...))
		if plainOK && (!jsOK || js != plain) {
			t.Fatalf("%q: plain %q, as internal-json %q %v", line, plain, js, jsOK)
		}
		if jsOK {
			checkWarningText(t, line, js)
		}
		// At another level it is no warning.
		msg, _ = json.Marshal(map[string]any{"action": "msg", "level": 0, "msg": line})
		if w, ok := WarningOf(append([]byte("@nix "), msg...)); ok {
			t.Fatalf("%q at the error level read as warning %q", line, w)
		}
	})
}

func checkWarningText(t *testing.T, line, text string) {
	t.Helper()
	if len(text) > maxWarningLen+len("…") || !utf8.ValidString(text) || strings.TrimSpace(text) != text {
		t.Fatalf("%q: warning %q (%d bytes)", line, text, len(text))
	}
	for _, r := range text {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == 0x2028 || r == 0x2029 {
			t.Fatalf("%q: warning %q has %U", line, text, r)
		}
	}
}

// FuzzWarnings feeds stderr to the Warnings of a pass, cut in chunks
// anywhere, from two processes that print the same. What is kept agrees
// with a plain reading of the whole lines: their warnings, each once, in
// order, the first MaxWarnings kept, the other different ones counted;
// On hears exactly those kept; the second process adds nothing.
func FuzzWarnings(f *testing.F) {
	f.Add(strings.Join(warningSeeds, "\n")+"\n", []byte{1, 7, 200})
	f.Add("warning: a\nwarning: a\r\nwarning: b\nwarning: half", []byte{3})
	var many strings.Builder
	for i := range 2*MaxWarnings + 3 {
		many.WriteString("warning: number " + strings.Repeat("i", i%(MaxWarnings+5)) + "\nbuilding...\n")
	}
	f.Add(many.String(), []byte{0, 5, 64})
	f.Fuzz(func(t *testing.T, stream string, cuts []byte) {
		// The plain reading.
		var want []string
		more := 0
		seen := map[string]bool{}
		lines := strings.Split(stream, "\n")
		for _, l := range lines[:len(lines)-1] {
			if text, ok := WarningOf([]byte(l)); ok && !seen[text] {
				seen[text] = true
				if len(want) < MaxWarnings {
					want = append(want, text)
				} else {
					more++
				}
			}
		}
		if len(seen) > maxPast {
			return // past that, repeats count: not this model
		}
		var heard []string
		w := &Warnings{On: func(s string) { heard = append(heard, s) }}
		for proc := range 2 {
			ww := w.Writer()
			s, k := []byte(stream), 0
			for len(s) > 0 {
				n := len(s)
				if len(cuts) > 0 {
					n = min(n, int(cuts[(k+proc)%len(cuts)]))
					if k++; n == 0 && k%len(cuts) == 0 {
						n = 1 // every cut empty: on all the same
					}
				}
				if m, err := ww.Write(bytes.Clone(s[:n])); err != nil || m != n {
					t.Fatalf("Write: %d, %v", m, err)
				}
				if n == 0 { // an empty write, then on
					continue
				}
				s = s[n:]
			}
			if got := w.List(); !slices.Equal(got, want) || w.More() != more {
				t.Fatalf("after process %d: %q and %d more; want %q and %d more", proc+1, got, w.More(), want, more)
			}
		}
		if !slices.Equal(heard, want) {
			t.Fatalf("On heard %q, want %q", heard, want)
		}
	})
}

// FuzzReadBack: warnings read back from a state file (a newline-joined
// list, a count of the others) are at most MaxWarnings, each once, each
// a line of Nix's as WarningOf says it, with a count that is never
// negative and never less than was said; a pass's own list, made by
// Warnings from any stream, reads back as it was.
func FuzzReadBack(f *testing.F) {
	f.Add(strings.Join(warningSeeds, "\n"), 0)
	f.Add("a\na\n\x1b[31mred\n\n", -3)
	f.Add(strings.Repeat("x\ny\n", 10)+"1\n2\n3\n4\n5\n6\n7\n8\n9", 1<<62)
	f.Fuzz(func(t *testing.T, joined string, more int) {
		list := strings.Split(joined, "\n")
		got, gotMore := ReadBack(list, more)
		if len(got) > MaxWarnings || gotMore < 0 || gotMore < more {
			t.Fatalf("ReadBack(%q, %d) = %q, %d", list, more, got, gotMore)
		}
		seen := map[string]bool{}
		for _, w := range got {
			if seen[w] {
				t.Fatalf("ReadBack(%q) = %q: %q twice", list, got, w)
			}
			seen[w] = true
			checkWarningText(t, joined, w)
		}
		// What Warnings keeps reads back as it was.
		w := &Warnings{}
		w.Writer().Write([]byte(joined + "\n"))
		kept, keptMore := w.List(), w.More()
		if again, againMore := ReadBack(kept, keptMore); !slices.Equal(again, kept) || againMore != keptMore {
			t.Fatalf("kept %q and %d more read back as %q and %d", kept, keptMore, again, againMore)
		}
	})
}
