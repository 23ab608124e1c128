package requests

import (
	"context"
	"os"
	"regexp"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
)

var labelSafe = regexp.MustCompile(`^[a-z0-9_-]{1,40}$`)

// FuzzReasonLabel: whatever code the guard invents, the label is short
// and safe.
func FuzzReasonLabel(f *testing.F) {
	for _, s := range []string{"dangerous-pattern", "Bad Name{}", "", "\x00\xff", "ünïcödé"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		got := Request{Err: &guard.Rejection{Code: code}}.ReasonLabel()
		if !labelSafe.MatchString(got) {
			t.Fatalf("%q -> %q", code, got)
		}
	})
}

// FuzzCountsFile: a counts file with any content neither stops counting
// nor panics; afterwards it is valid and holds the new count.
func FuzzCountsFile(f *testing.F) {
	for _, s := range []string{"", "{}", `{"version":1,"requests":{"install":3}}`, "{broken", `{"requests":{"install":-5}}`, `{"fragmentEdits":"x"}`, "null"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(Path(dir), data, 0o644); err != nil {
			t.Fatal(err)
		}
		before, _ := Load(dir)
		_, _ = NewReader(dir).Counts()
		if err := Count(context.Background(), dir, Request{Intent: intent.Install}); err != nil {
			t.Fatal(err)
		}
		after, err := Load(dir)
		if err != nil {
			t.Fatalf("file invalid after counting: %v", err)
		}
		want := int64(1)
		if before != nil {
			want = before.Requests["install"] + 1
		}
		if after.Requests["install"] != want {
			t.Fatalf("install = %d, want %d", after.Requests["install"], want)
		}
	})
}
