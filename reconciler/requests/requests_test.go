package requests

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"sync"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
)

func TestLabels(t *testing.T) {
	tests := []struct {
		name           string
		r              Request
		intent, reason string
	}{
		{"install", Request{Intent: intent.Install, Edited: true}, "install", ""},
		{"refused install", Request{Intent: intent.Install, Err: fmt.Errorf("plan: %w", &guard.Rejection{Code: "unknown-package", Reason: "no package fierfox"})}, "install", "unknown-package"},
		{"refused before parsing", Request{Err: &guard.Rejection{Code: "dangerous-pattern", Reason: "potentially dangerous pattern detected: &&"}}, Unknown, "dangerous-pattern"},
		{"not understood", Request{Err: &intent.NotUnderstood{Request: "make me a sandwich"}}, NotUnderstood, ""},
		{"made-up intent", Request{Intent: "sudo", Err: errors.New("x")}, Unknown, ""},
		{"odd code", Request{Intent: intent.Search, Err: &guard.Rejection{Code: "Bad Name{}\n"}}, "search", "bad-name---"},
		{"empty code", Request{Intent: intent.Search, Err: &guard.Rejection{}}, "search", Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.IntentLabel(); got != tt.intent {
				t.Errorf("intent label %q, want %q", got, tt.intent)
			}
			if got := tt.r.ReasonLabel(); got != tt.reason {
				t.Errorf("reason label %q, want %q", got, tt.reason)
			}
		})
	}
}

func TestCountAndRead(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "state") // created on first count
	rd := NewReader(dir)
	c, err := rd.Counts()
	if err != nil || len(c.Requests) != 0 || c.FragmentEdits != 0 {
		t.Fatalf("no file: %+v %v", c, err)
	}
	for _, r := range []Request{
		{Intent: intent.Install, Edited: true},
		{Intent: intent.Install, Edited: true},
		{Intent: intent.Remove, Err: &guard.Rejection{Code: "not-installed"}},
		{Err: &intent.NotUnderstood{Request: "?"}},
		// "install firefox and enable ssh": one edit, both intents.
		{Intent: intent.Install, Also: []intent.Kind{intent.EnableService}, Edited: true},
	} {
		if err := Count(ctx, dir, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := CountEdit(ctx, dir); err != nil {
		t.Fatal(err)
	}
	c, err = rd.Counts()
	if err != nil {
		t.Fatal(err)
	}
	want := Counts{Version: 1, Requests: map[string]int64{"install": 3, "enable-service": 1, "remove": 1, NotUnderstood: 1}, Rejections: map[string]int64{"not-installed": 1}, FragmentEdits: 4}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("got %+v, want %+v", c, want)
	}

	// A damaged file: the reader keeps the last good counts and says why.
	if err := os.WriteFile(Path(dir), []byte("{broken"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err = rd.Counts()
	if err == nil || !reflect.DeepEqual(c, want) {
		t.Fatalf("damaged file: %+v %v", c, err)
	}
	// ...and counting starts over rather than failing for good; the
	// daemon's counts do not fall for it, and the file gets them back.
	if err := Count(ctx, dir, Request{Intent: intent.Status}); err != nil {
		t.Fatal(err)
	}
	if c, err = rd.Counts(); err != nil || c.Requests["status"] != 1 || c.Requests["install"] != 3 || c.FragmentEdits != 4 {
		t.Fatalf("after reset: %+v %v", c, err)
	}
	if f, err := Load(dir); err != nil || f.Requests["install"] != 3 || f.Requests["status"] != 1 || f.Rejections["not-installed"] != 1 {
		t.Fatalf("the file after reset: %+v %v", f, err)
	}
}

// The counts the daemon gives never fall while it runs, whatever
// happens to the file: deleted, put back from an older copy, started
// over; what ask-nix counts after is added. A file that fell is written
// again with them, so a daemon started later begins there.
func TestCountsNeverFall(t *testing.T) {
	ctx := context.Background()
	count := func(dir string, n int, k intent.Kind) {
		t.Helper()
		for range n {
			if err := Count(ctx, dir, Request{Intent: k, Edited: true}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, tc := range []struct {
		name string
		// change does to the file what happens to it, once it holds 5
		// installs and 5 edits.
		change func(t *testing.T, dir string, older []byte)
		// after it, ask-nix counts 2 installs: the daemon gives want.
		want int64
	}{
		{"deleted", func(t *testing.T, dir string, _ []byte) {
			if err := os.Remove(Path(dir)); err != nil {
				t.Fatal(err)
			}
		}, 7},
		{"an older copy put back", func(t *testing.T, dir string, older []byte) {
			if err := os.WriteFile(Path(dir), older, 0o644); err != nil {
				t.Fatal(err)
			}
		}, 7},
		{"damaged", func(t *testing.T, dir string, _ []byte) {
			if err := os.WriteFile(Path(dir), []byte("{"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, 7},
		{"left alone", func(*testing.T, string, []byte) {}, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			count(dir, 2, intent.Install)
			older, err := os.ReadFile(Path(dir))
			if err != nil {
				t.Fatal(err)
			}
			count(dir, 3, intent.Install)
			rd := NewReader(dir)
			if c, err := rd.Counts(); err != nil || c.Requests["install"] != 5 {
				t.Fatalf("before: %+v %v", c, err)
			}
			tc.change(t, dir, older)
			// Scraped between the change and the next count, and not.
			c, _ := rd.Counts()
			if c.Requests["install"] != 5 || c.FragmentEdits != 5 {
				t.Fatalf("after the change: %+v", c)
			}
			count(dir, 2, intent.Install)
			c, err = rd.Counts()
			if err != nil || c.Requests["install"] != tc.want || c.FragmentEdits != tc.want {
				t.Fatalf("after two more: %+v %v, want %d", c, err, tc.want)
			}
			if c, _ := rd.Counts(); c.Requests["install"] != tc.want {
				t.Fatalf("read again: %+v", c)
			}
			// A daemon started now (a new reader) begins there.
			if c, err := NewReader(dir).Counts(); err != nil || c.Requests["install"] != tc.want || c.FragmentEdits != tc.want {
				t.Fatalf("a new reader: %+v %v, want %d", c, err, tc.want)
			}
		})
	}
}

// Reasons that come after the file started over are bounded as the
// file bounds them.
func TestReaderReasonsBounded(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	reject := func(from, to int) {
		for i := from; i < to; i++ {
			if err := Count(ctx, dir, Request{Err: &guard.Rejection{Code: "code-" + strconv.Itoa(i)}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	rd := NewReader(dir)
	reject(0, MaxReasons)
	if _, err := rd.Counts(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(Path(dir)); err != nil {
		t.Fatal(err)
	}
	reject(MaxReasons, MaxReasons+3)
	c, err := rd.Counts()
	if err != nil || len(c.Rejections) != MaxReasons+1 || c.Rejections[OtherReason] != 3 {
		t.Fatalf("%d reasons, other=%d, %v", len(c.Rejections), c.Rejections[OtherReason], err)
	}
}

func TestReasonCardinalityBounded(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < MaxReasons+5; i++ {
		if err := Count(context.Background(), dir, Request{Intent: intent.Install, Err: &guard.Rejection{Code: "code-" + strconv.Itoa(i)}}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rejections) != MaxReasons+1 || c.Rejections[OtherReason] != 5 {
		t.Fatalf("%d reasons, other=%d", len(c.Rejections), c.Rejections[OtherReason])
	}
}

// Concurrent ask-nix processes lose no count: each helper process counts
// under the lock.
func TestConcurrentProcessesLoseNothing(t *testing.T) {
	if dir := os.Getenv("REQUESTS_HELPER_DIR"); dir != "" {
		for i := 0; i < 20; i++ {
			if err := Count(context.Background(), dir, Request{Intent: intent.Install, Edited: true}); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
		os.Exit(0)
	}
	dir := t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	const procs = 4
	var wg sync.WaitGroup
	errs := make(chan error, procs)
	for i := 0; i < procs; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(exe, "-test.run=^TestConcurrentProcessesLoseNothing$")
			cmd.Env = append(os.Environ(), "REQUESTS_HELPER_DIR="+dir)
			if out, err := cmd.CombinedOutput(); err != nil {
				errs <- fmt.Errorf("%v: %s", err, out)
			}
		}()
	}
	// In-process counts race with the helpers too.
	for i := 0; i < 20; i++ {
		if err := Count(context.Background(), dir, Request{Intent: intent.Remove}); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.Requests["install"] != procs*20 || c.FragmentEdits != procs*20 || c.Requests["remove"] != 20 {
		t.Fatalf("lost counts: %+v", c)
	}
}

func TestUnwritableStateDir(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// A state "directory" that is a file: counting fails with an error
	// the caller can log; nothing panics.
	if err := Count(context.Background(), file, Request{Intent: intent.Install}); err == nil {
		t.Fatal("no error")
	}
}
