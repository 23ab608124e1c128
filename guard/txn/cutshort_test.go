package txn

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/flock"
)

// An edit whose writer was killed reads, before any writer settles it,
// as the next writer will settle it: applied when the fragment is its
// result, not written otherwise; pending only while a writer holds the
// lock (a write in progress), or when which file it wrote is not known.
func TestReadersSeeAWriteCutShort(t *testing.T) {
	tests := []struct {
		name     string
		wrote    bool   // the killed writer renamed its file over the fragment
		fragment bool   // the entry names its fragment (ask-nix since it did)
		locked   bool   // a writer holds the lock as the history is read
		older    bool   // a second pending edit, older, is in the log too
		want     string // the newest edit's status as read
		reason   string // in its reason
	}{
		{"killed before the rename", false, true, false, false, StatusNotWritten, "before the fragment was written"},
		{"killed after the rename", true, true, false, false, StatusApplied, "after the fragment was written"},
		{"a write in progress", true, true, true, false, StatusPending, ""},
		{"a write in progress, before its rename", false, true, true, false, StatusPending, ""},
		{"an entry without its fragment", true, false, false, false, StatusPending, ""},
		{"two cut short", true, true, false, true, StatusApplied, "after the fragment was written"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			h := HistoryIn(s.StateDir)
			mustApply(t, s, "install a", install("a"))
			n := 2
			if tt.older {
				must(t, os.WriteFile(h.AfterPath(n), []byte("never written\n"), 0o644))
				must(t, h.appendLines([]logLine{{Event: "edit", Entry: Entry{Edit: n, Summary: "add y", Status: StatusPending, Fragment: s.Fragment}}}, true, true))
				n++
			}
			next := strings.Replace(readFile(t, s.Fragment), "    a\n", "    a\n    z\n", 1)
			must(t, os.WriteFile(h.AfterPath(n), []byte(next), 0o644))
			e := Entry{Edit: n, Summary: "add z", Status: StatusPending}
			if tt.fragment {
				e.Fragment = s.Fragment
			}
			must(t, h.appendLines([]logLine{{Event: "edit", Entry: e}}, true, true))
			if tt.wrote {
				must(t, os.WriteFile(s.Fragment, []byte(next), 0o644))
			}
			if tt.locked {
				l, err := flock.TryLock(filepath.Join(s.StateDir, lockName), "test writer")
				must(t, err)
				defer l.Unlock()
			}

			es, err := h.Entries()
			must(t, err)
			got := es[len(es)-1]
			if got.Edit != n || got.Status != tt.want || !strings.Contains(got.Reason, tt.reason) {
				t.Fatalf("edit %d reads as %q (%q), want %q (%q)", got.Edit, got.Status, got.Reason, tt.want, tt.reason)
			}
			if one, err := h.Entry(n); err != nil || one.Status != tt.want {
				t.Fatalf("Entry(%d) = %+v, %v; want status %q", n, one, err, tt.want)
			}
			if tt.older {
				if es[1].Status != StatusNotWritten {
					t.Errorf("the older edit cut short reads as %q, want not written", es[1].Status)
				}
			}
			// Reading wrote nothing: the next writer settles, as before,
			// and records what the reader said.
			st, err := h.readAll()
			must(t, err)
			if raw := st.entries[len(st.entries)-1]; raw.Status != StatusPending {
				t.Fatalf("the log itself says %q: a reader wrote", raw.Status)
			}
			if tt.locked || !tt.fragment {
				return
			}
			mustApply(t, s, "install b", install("b"))
			settled, err := h.Entry(n)
			must(t, err)
			if settled.Status != tt.want {
				t.Errorf("the next writer settled edit %d as %q, the reader said %q", n, settled.Status, tt.want)
			}
		})
	}
}

// The writer after a killed one removes the temporary files it left in
// the history (a kill while an edit's copy was saved), whether the
// killed edit reached the log or only its saved copy is there; a write
// with no sign of a kill lists no folder.
func TestRemovesTempsAKilledWriterLeftInTheHistory(t *testing.T) {
	tests := []struct {
		name   string
		logged bool // the killed edit's entry reached the log
		saved  bool // its "before" was saved (a link to edit 1's result)
		want   bool // the temporary files are gone after the next write
	}{
		{"entry logged", true, false, true},
		{"only its before saved", false, true, true},
		{"no sign of a kill", false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			h := HistoryIn(s.StateDir)
			mustApply(t, s, "install a", install("a"))
			temps := []string{filepath.Join(h.Dir, ".2.after.nix.tmp-123"), filepath.Join(h.Dir, ".2.before.nix.tmp-link")}
			for _, p := range temps {
				must(t, os.WriteFile(p, []byte("half"), 0o644))
			}
			if tt.logged {
				must(t, h.appendLines([]logLine{{Event: "edit", Entry: Entry{Edit: 2, Summary: "add z", Status: StatusPending, Fragment: s.Fragment}}}, true, true))
			}
			if tt.saved {
				must(t, os.Link(h.AfterPath(1), h.BeforePath(2)))
			}
			mustApply(t, s, "install b", install("b"))
			_, err := os.Stat(temps[0])
			if gone := os.IsNotExist(err); gone != tt.want {
				t.Errorf("%s gone: %v, want %v", filepath.Base(temps[0]), gone, tt.want)
			}
			// The link's temporary name is the link's own to reuse: gone
			// after any write that links, even over a link a killed
			// writer made to the same file (a rename that does nothing).
			if _, err := os.Stat(temps[1]); !os.IsNotExist(err) {
				t.Errorf("%s is left (%v)", filepath.Base(temps[1]), err)
			}
		})
	}
}
