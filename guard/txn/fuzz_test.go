package txn

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The history log is read from disk, where a crash or a person may have
// left anything: reading it never panics, and every entry it yields is a
// numbered edit.
func FuzzParseLog(f *testing.F) {
	f.Add([]byte(`{"event":"edit","edit":1,"status":"pending","summary":"x"}` + "\n" + `{"event":"status","edit":1,"status":"applied"}` + "\n"))
	f.Add([]byte(`{"event":"edit","edit":2,"sta`))
	f.Add([]byte("\n\n{}\n[1,2]\n\"x\"\n"))
	f.Add([]byte(`{"event":"status","edit":9,"status":"failed"}`))
	f.Add([]byte(`{"event":"pruned","edit":4}` + "\n" + `{"event":"edit","edit":5,"status":"applied"}` + "\n" + `{"event":"pruned","edit":5,"status":""}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		es, clean, pruned, header := parseLog(data)
		if header > pruned {
			t.Fatalf("header %d past the highest prune point %d", header, pruned)
		}
		if len(data) > 0 && clean != (data[len(data)-1] == '\n') {
			t.Fatalf("endsClean = %v for %q", clean, data)
		}
		for _, e := range es {
			if _, err := json.Marshal(e); err != nil {
				t.Fatalf("entry does not marshal: %v", err)
			}
		}
	})
}

// FuzzLogLines writes an edit, a status change and a prune point as
// appendLines does, after whatever a crash or a person left in the log:
// a log that ended clean reads back the edit as written with its new
// status, and the prune point; one cut short mid-line (as appendLines
// then starts on a fresh line) does too.
func FuzzLogLines(f *testing.F) {
	f.Add([]byte(`{"event":"edit","edit":1,"status":"applied"}`+"\n"), 2, int64(1732000000), "alice", "install htop", "install", "add 1 package: htop", "failed", "build failed", 1, true)
	f.Add([]byte(`{"event":"edit","edit":2,"sta`), 3, int64(0), "", "", "", "", "applied", "", 0, false)
	f.Add([]byte("\n\n{}\n"), 1, int64(-62135596800), "b\u00e9", "say \"x\"\n", "undo", "", "not-written", "<&>", 5, false)
	f.Fuzz(func(t *testing.T, before []byte, edit int, unix int64, user, request, intent, summary, status, reason string, pruned int, created bool) {
		if edit <= 0 {
			return
		}
		for _, s := range []string{user, request, intent, summary, status, reason} {
			if !utf8.ValidString(s) {
				return // ask-nix writes text
			}
		}
		e := Entry{Edit: edit, User: user, Request: request, Intent: intent, Summary: summary, Status: StatusPending, Created: created}
		if unix != 0 {
			e.Time = time.Unix(unix, 0).UTC()
			if e.Time.Year() < 0 || e.Time.Year() > 9999 {
				return // time.Now is neither
			}
		}
		var buf bytes.Buffer
		buf.Write(before)
		if _, clean, _, _ := parseLog(before); !clean {
			buf.WriteByte('\n')
		}
		lines := []logLine{{Event: "edit", Entry: e}, {Event: "status", Entry: Entry{Edit: edit, Status: status, Reason: reason}}}
		if pruned > 0 {
			lines = append(lines, logLine{Event: "pruned", Entry: Entry{Edit: pruned}})
		}
		for _, l := range lines {
			b, err := json.Marshal(l)
			if err != nil {
				t.Fatalf("line does not marshal: %v", err)
			}
			buf.Write(b)
			buf.WriteByte('\n')
		}
		es, clean, gotPruned, _ := parseLog(buf.Bytes())
		if !clean {
			t.Fatal("log ends mid-line after a write")
		}
		if len(es) == 0 {
			t.Fatalf("edit %d not read back from %q", edit, buf.Bytes())
		}
		got, want := es[len(es)-1], e
		want.Status, want.Reason = status, reason
		if !got.Time.Equal(want.Time) {
			t.Fatalf("time %v read back as %v", want.Time, got.Time)
		}
		got.Time, want.Time = time.Time{}, time.Time{}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("edit read back as\n%+v\nwant\n%+v", got, want)
		}
		if gotPruned < pruned {
			t.Fatalf("prune point %d read back as %d", pruned, gotPruned)
		}
	})
}

// FuzzContentOf: pruning deletes the files in the history folder that
// contentOf names, so it names exactly the ones BeforePath and AfterPath
// write for edits 1 to edge, and not a person's copy beside them
// ("05.after.nix", "+5.after.nix").
func FuzzContentOf(f *testing.F) {
	for _, name := range []string{"5.before.nix", "5.after.nix", "05.after.nix", "+5.after.nix", "-0.after.nix", "0.after.nix", "6.after.nix", "5.after.nix~", ".after.nix", "log.jsonl"} {
		f.Add(name, 5)
	}
	f.Fuzz(func(t *testing.T, name string, edge int) {
		want := false
		for _, suffix := range []string{".before.nix", ".after.nix"} {
			if num, ok := strings.CutSuffix(name, suffix); ok {
				if n, err := strconv.Atoi(num); err == nil && n >= 1 && n <= edge && strconv.Itoa(n) == num {
					want = true
				}
			}
		}
		if got := contentOf(name, edge); got != want {
			t.Fatalf("contentOf(%q, %d) = %v, want %v", name, edge, got, want)
		}
		h := History{Dir: "/h"}
		for _, n := range []int{1, edge} {
			if n >= 1 && n <= edge && (!contentOf(filepath.Base(h.BeforePath(n)), edge) || !contentOf(filepath.Base(h.AfterPath(n)), edge)) {
				t.Fatalf("edit %d's saved content is not named", n)
			}
		}
	})
}
