package parse

import (
	"strings"
	"testing"
)

// TestPhraseIndexesAgree: prefix and suffix find the same phrase in an
// indexed list as read phrase by phrase, for every phrase of every
// indexed list, said alone, inside a longer request, in capitals and
// with a word of its own changed.
func TestPhraseIndexesAgree(t *testing.T) {
	loadTables()
	if len(phraseIndexes) < 10 {
		t.Fatalf("%d phrase lists indexed; the long lists of loadTables should be", len(phraseIndexes))
	}
	checked := 0
	for _, ix := range phraseIndexes {
		for _, p := range ix.ps {
			said := strings.Join(p, " ")
			for _, text := range []string{said, "please " + said + " firefox", "install " + said, said + " now",
				strings.ToUpper(said), said + "s", "x" + said} {
				ts := tokenize(text)
				if len(ts) == 0 {
					continue
				}
				checked++
				f, l := ts[0], ts[len(ts)-1]
				if got, want := prefix(ts, ix.ps), prefixScan(ts, ix.ps, f.w, f.lem, 0); got != want {
					t.Errorf("prefix(%q) = %d with the index, %d without", text, got, want)
				}
				if got, want := suffix(ts, ix.ps), suffixScan(ts, ix.ps, l.w, l.lem, 0); got != want {
					t.Errorf("suffix(%q) = %d with the index, %d without", text, got, want)
				}
			}
		}
	}
	t.Logf("%d lists, %d texts", len(phraseIndexes), checked)
}
