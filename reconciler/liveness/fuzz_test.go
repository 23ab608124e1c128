package liveness

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// FuzzParse feeds liveness.json contents that ask-nix status and
// ask-nix --wait may find (a hand edit, a disk fault, another version's
// file): reading never panics, a record that reads writes back the same,
// and each stall it holds is said in words that name its part, with a
// limit that is not negative.
func FuzzParse(f *testing.F) {
	at := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	r := Record{Daemon: 42, Stalls: []Stall{
		{Part: "loop", Kind: KindProgress, Phase: "build", Since: at, LimitSeconds: 3600},
		{Part: "watcher", Kind: KindHeartbeat, Since: at, LimitSeconds: 60},
	}}
	data, err := r.encode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(data[:len(data)/3])
	f.Add([]byte(`{"daemon": 1, "stalls": [{"part": "loop", "kind": "progress", "since": "0001-01-01T00:00:00Z", "limitSeconds": 1e300}]}`))
	f.Add([]byte(`{"stalls": [{"part": "loop", "limitSeconds": -5}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := parse(data)
		if err != nil {
			return
		}
		if r.Daemon <= 0 {
			t.Fatalf("a record naming no daemon (pid %d) reads as fine", r.Daemon)
		}
		out, err := r.encode()
		if err != nil {
			t.Fatalf("record that reads does not write: %v", err)
		}
		again, err := parse(out)
		if err != nil {
			t.Fatalf("written record does not read: %v\n%s", err, out)
		}
		if out2, _ := again.encode(); !bytes.Equal(out, out2) {
			t.Fatalf("record changed on a round trip:\n%s\nthen\n%s", out, out2)
		}
		if !Same(r.Stalls, again.Stalls) {
			t.Fatalf("stalls changed on a round trip: %+v then %+v", r.Stalls, again.Stalls)
		}
		for _, st := range r.Stalls {
			if st.LimitSeconds >= 0 && st.Limit() < 0 {
				t.Fatalf("limit of %v seconds is %v", st.LimitSeconds, st.Limit())
			}
			why := st.Reason(at)
			if !strings.HasPrefix(why, st.Part+": ") {
				t.Fatalf("reason %q does not start with the part %q", why, st.Part)
			}
		}
	})
}
