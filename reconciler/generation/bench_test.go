package generation

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler/generation/generationtest"
)

// benchProfile lays out 1000 generation links over targets (real store
// paths), an hour apart, current the newest, booted the 990th.
func benchProfile(b *testing.B, targets []string) (profile, booted string) {
	dir := b.TempDir()
	profile = filepath.Join(dir, "system")
	now := time.Now()
	for i := 1; i <= 1000; i++ {
		generationtest.Link(b, LinkPath(profile, i), targets[(i-1)%len(targets)], now.Add(time.Duration(i-1000)*time.Hour))
	}
	if err := os.Symlink("system-1000-link", profile); err != nil {
		b.Fatal(err)
	}
	booted = filepath.Join(dir, "booted-system")
	if err := os.Symlink(targets[989%len(targets)], booted); err != nil {
		b.Fatal(err)
	}
	return profile, booted
}

// BenchmarkList reads 1000 generations the way `ask-nix generations
// --json` does (load the cache file, list, encode), over real store
// paths: "few" has 7 toplevels under the 1000 links, "distinct" 1000.
// warm: the cache file from an earlier run, the directory settled. cold:
// no cache file (everything read, the file written). nocache: everything
// read, nothing cached. Process start-up is not included; the
// side-by-side figures against nix-env are scripts/bench-generations.sh.
func BenchmarkList(b *testing.B) {
	store := generationtest.Toplevels(b)
	var few []string
	for _, n := range generationtest.Names {
		few = append(few, store[n])
	}
	sets := []struct {
		name    string
		targets func() []string
	}{
		{"few", func() []string { return few }},
		{"distinct", func() []string { return generationtest.Many(b, 1000) }},
	}
	ctx := context.Background()
	for _, set := range sets {
		profile, booted := benchProfile(b, set.targets())
		cacheFile := filepath.Join(b.TempDir(), CacheFileName)
		run := func(b *testing.B, useCache bool, now func() time.Time) {
			r := Reader{Profile: profile, Booted: booted, now: now}
			if useCache {
				r.Cache = LoadCache(cacheFile)
			}
			gens, err := r.List(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if useCache {
				if err := r.Cache.Save(cacheFile); err != nil {
					b.Fatal(err)
				}
			}
			if out := AppendJSON(make([]byte, 0, 320*len(gens)+2), gens); len(out) < 1000 {
				b.Fatal("short output")
			}
		}
		b.Run(fmt.Sprintf("%s/warm", set.name), func(b *testing.B) {
			run(b, true, later) // fill the cache with a trusted snapshot
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				run(b, true, later)
			}
		})
		b.Run(fmt.Sprintf("%s/cold", set.name), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				os.Remove(cacheFile)
				b.StartTimer()
				run(b, true, later)
			}
		})
		b.Run(fmt.Sprintf("%s/nocache", set.name), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				run(b, false, time.Now)
			}
		})
	}
}

// BenchmarkSummarize is what a metrics scrape costs: count, current and
// booted of 1000 generations, no metadata.
func BenchmarkSummarize(b *testing.B) {
	store := generationtest.Toplevels(b)
	profile, booted := benchProfile(b, []string{store["full"], store["plain"], store["newer"]})
	for i := 0; i < b.N; i++ {
		s, err := Summarize(profile, booted)
		if err != nil || s.Count != 1000 || s.Booted == 0 {
			b.Fatalf("%+v, %v", s, err)
		}
	}
}
