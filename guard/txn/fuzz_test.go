package txn

import (
	"encoding/json"
	"testing"
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
