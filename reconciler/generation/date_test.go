package generation

import (
	"math/rand"
	"testing"
	"time"
	_ "time/tzdata" // zones with daylight saving time, wherever the test runs
)

// The fast formatter agrees with time.Format, across zone changes and
// far-off dates, in zones with and without daylight saving time, west and
// east of UTC, and with offsets in seconds (Amsterdam's local mean time
// before 1937), in DateLayout and in RFC 3339 (the JSON's "time").
func TestDateFormatter(t *testing.T) {
	for _, name := range []string{"UTC", "Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "Europe/Amsterdam"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		f := &dateFormatter{loc: loc}
		rng := rand.New(rand.NewSource(1))
		check := func(sec int64) {
			t.Helper()
			want := time.Unix(sec, 0).In(loc).Format(DateLayout)
			if got := f.format(sec); got != want {
				t.Fatalf("%s: format(%d) = %q, want %q", name, sec, got, want)
			}
			want = time.Unix(sec, 0).In(loc).Format(time.RFC3339)
			if got := string(f.appendRFC3339([]byte("x"), sec)); got != "x"+want {
				t.Fatalf("%s: appendRFC3339(%d) = %q, want %q", name, sec, got, "x"+want)
			}
		}
		// Every hour across 2026 (both DST changes) and around the epoch.
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		for s := start; s < start+366*86400; s += 3599 {
			check(s)
		}
		for s := int64(-5 * 86400); s < 5*86400; s += 7777 {
			check(s)
		}
		for i := 0; i < 20000; i++ {
			check(rng.Int63n(253402300799) - 62135596800/2) // years ~1000 to 9999
		}
		for _, s := range []int64{0, -1, 1, 253402300799, -62135596800, 253402300800, -62135596801,
			time.Date(1930, 6, 1, 12, 0, 0, 0, time.UTC).Unix()} {
			check(s)
		}
	}
}

func BenchmarkDateFormatter(b *testing.B) {
	f := &dateFormatter{loc: time.Local}
	sec := time.Now().Unix()
	b.Run("fast", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_ = f.format(sec + int64(i%1000)*3600)
		}
	})
	b.Run("time.Format", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_ = time.Unix(sec+int64(i%1000)*3600, 0).Format(DateLayout)
		}
	})
}

// FuzzDateFormatter: a generation's date is its link's mtime, which
// anyone who can touch the link sets to anything; the fast formatter
// agrees with time.Format for every second, one after another (its
// cached zone period and day carried from one to the next).
func FuzzDateFormatter(f *testing.F) {
	zones := []string{"UTC", "Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe", "Pacific/Chatham", "America/Sao_Paulo", "Europe/Amsterdam"}
	f.Add(uint8(1), int64(1774746000), int64(1774746000+3600), int64(0))
	f.Add(uint8(0), int64(253402300799), int64(253402300800), int64(-62135596801))
	f.Add(uint8(2), int64(1<<62), int64(1<<62-1), int64(-1<<62))
	f.Add(uint8(3), int64(9223372036854775807), int64(-9223372036854775808), int64(-1))
	f.Fuzz(func(t *testing.T, zone uint8, a, b, c int64) {
		loc, err := time.LoadLocation(zones[int(zone)%len(zones)])
		if err != nil {
			t.Fatal(err)
		}
		fm := &dateFormatter{loc: loc}
		for _, sec := range []int64{a, b, c, a} {
			want := time.Unix(sec, 0).In(loc).Format(DateLayout)
			if got := fm.format(sec); got != want {
				t.Fatalf("%s: format(%d) = %q, want %q (after %d, %d, %d)", loc, sec, got, want, a, b, c)
			}
			want = time.Unix(sec, 0).In(loc).Format(time.RFC3339)
			if got := string(fm.appendRFC3339(nil, sec)); got != want {
				t.Fatalf("%s: appendRFC3339(%d) = %q, want %q (after %d, %d, %d)", loc, sec, got, want, a, b, c)
			}
		}
	})
}
