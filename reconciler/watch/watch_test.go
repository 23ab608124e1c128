package watch

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/reconciler/generation"
)

func TestWatchSeesRenamesAndNewFolders(t *testing.T) {
	dir := t.TempDir()
	frag := filepath.Join(dir, "etc", "nix-humanity.nix")
	tree := filepath.Join(dir, "config")
	for _, d := range []string{filepath.Dir(frag), tree} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w, err := New(nil, frag, tree, filepath.Join(dir, "missing", "x"))
	if err != nil {
		t.Fatal(err)
	}
	events := runWatcher(t, w)
	expect := func(want string) {
		t.Helper()
		deadline := time.After(5 * time.Second)
		for {
			select {
			case got := <-events:
				if got == want {
					return
				}
			case <-deadline:
				t.Fatalf("no event for %s", want)
			}
		}
	}
	quiet := func() {
		t.Helper()
		select {
		case got := <-events:
			t.Fatalf("unexpected event for %s", got)
		case <-time.After(150 * time.Millisecond):
		}
	}

	// Replaced by rename, as ask-nix and editors save.
	if err := atomicfile.Write(frag, []byte("{ ... }: { }"), 0o644); err != nil {
		t.Fatal(err)
	}
	expect(frag)
	drain(events)
	// Other files next to the fragment are not inputs.
	if err := os.WriteFile(filepath.Join(dir, "etc", "other.conf"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	quiet()
	// A new folder inside a watched tree is watched too.
	sub := filepath.Join(tree, "hosts")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	expect(sub)
	time.Sleep(50 * time.Millisecond)
	if err := os.WriteFile(filepath.Join(sub, "web.nix"), []byte("{ }"), 0o644); err != nil {
		t.Fatal(err)
	}
	expect(filepath.Join(sub, "web.nix"))
	drain(events)
	// .git inside a tree is not an input.
	if err := os.MkdirAll(filepath.Join(tree, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	quiet()
	if err := os.WriteFile(filepath.Join(tree, ".git", "index"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	quiet()
}

func drain(ch <-chan string) {
	for {
		select {
		case <-ch:
		case <-time.After(50 * time.Millisecond):
			return
		}
	}
}

func TestWatchFollowsSymlinkedFile(t *testing.T) {
	dir := t.TempDir()
	resolved := filepath.Join(dir, "home", "frag.nix")
	link := filepath.Join(dir, "etc", "nix-humanity.nix")
	for _, d := range []string{filepath.Dir(resolved), filepath.Dir(link)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(resolved, []byte("a"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(resolved, link); err != nil {
		t.Fatal(err)
	}
	w, err := New(nil, link)
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan string, 16)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = w.Run(ctx, func(p string) { events <- p }) }()
	if err := atomicfile.Write(resolved, []byte("b"), 0o644); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-events:
		if got != resolved {
			t.Fatalf("event for %s", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("an edit behind the symlink was not seen")
	}
}

func TestFragmentFolderMustExist(t *testing.T) {
	if _, err := New(nil, filepath.Join(t.TempDir(), "nope", "f.nix")); err == nil {
		t.Fatal("watching a fragment in a missing folder succeeded")
	}
}

// The watcher beats from inside its event loop while nothing changes,
// and not while that loop is stuck (here: in a notify that blocks).
func TestWatchBeatsFromItsLoop(t *testing.T) {
	dir := t.TempDir()
	frag := filepath.Join(dir, "nix-humanity.nix")
	w, err := New(nil, frag)
	if err != nil {
		t.Fatal(err)
	}
	beats := make(chan struct{}, 1000)
	w.BeatEvery = 5 * time.Millisecond
	w.Beat = func() { beats <- struct{}{} }
	release := make(chan struct{})
	inNotify := make(chan struct{}, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- w.Run(ctx, func(string) {
			select {
			case inNotify <- struct{}{}:
			default:
			}
			<-release
		})
	}()
	for range 3 {
		select {
		case <-beats:
		case <-time.After(10 * time.Second):
			t.Fatal("no heartbeat from an idle watcher")
		}
	}

	if err := os.WriteFile(frag, []byte("{ }"), 0o644); err != nil {
		t.Fatal(err)
	}
	select {
	case <-inNotify:
	case <-time.After(10 * time.Second):
		t.Fatal("no event")
	}
	for len(beats) > 0 { // beats sent before the loop got stuck
		<-beats
	}
	time.Sleep(20 * w.BeatEvery)
	if n := len(beats); n != 0 {
		t.Fatalf("%d heartbeats while the event loop was stuck in notify", n)
	}
	close(release)
	select {
	case <-beats:
	case <-time.After(10 * time.Second):
		t.Fatal("no heartbeat after the loop got going again")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// Watch paths that are not there when the daemon starts, or go away and
// come back, are watched once they are there: a change inside them is
// seen at once, not at the next resync minutes later.
func TestWatchPathsThatAppearLater(t *testing.T) {
	for _, c := range []struct {
		name string
		// watch is the watch path, below the test's folder; before makes
		// the folders there at start, make what appears later, and edit
		// the file changed once it is there.
		watch, before string
		make          func(t *testing.T, dir string)
		edit          string
	}{
		{"a folder made later", "hosts", "", func(t *testing.T, dir string) { mkdir(t, dir, "hosts") }, "hosts/web.nix"},
		{"a file whose folders are made later", "a/b/c.nix", "", func(t *testing.T, dir string) { mkdir(t, dir, "a/b") }, "a/b/c.nix"},
		{"a folder whose parents are made later, one at a time", "a/b/hosts", "", func(t *testing.T, dir string) {
			mkdir(t, dir, "a")
			time.Sleep(50 * time.Millisecond)
			mkdir(t, dir, "a/b")
			time.Sleep(50 * time.Millisecond)
			mkdir(t, dir, "a/b/hosts")
		}, "a/b/hosts/web.nix"},
		{"the fragment's folder removed and made again", "config", "config", func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, "etc")); err != nil {
				t.Fatal(err)
			}
			time.Sleep(50 * time.Millisecond)
			mkdir(t, dir, "etc")
		}, "etc/nix-humanity.nix"},
		{"the fragment's folder moved away and made again", "config", "config", func(t *testing.T, dir string) {
			if err := os.Rename(filepath.Join(dir, "etc"), filepath.Join(dir, "etc.old")); err != nil {
				t.Fatal(err)
			}
			time.Sleep(50 * time.Millisecond)
			mkdir(t, dir, "etc")
		}, "etc/nix-humanity.nix"},
		{"a folder inside the fragment's, both removed and made again", "etc/hosts", "etc/hosts", func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, "etc")); err != nil {
				t.Fatal(err)
			}
			mkdir(t, dir, "etc/hosts")
		}, "etc/hosts/web.nix"},
		{"the fragment's folder made again at once", "config", "config", func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, "etc")); err != nil {
				t.Fatal(err)
			}
			mkdir(t, dir, "etc")
		}, "etc/nix-humanity.nix"},
		{"a folder removed and made again", "config", "config/sub", func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, "config")); err != nil {
				t.Fatal(err)
			}
			time.Sleep(50 * time.Millisecond)
			mkdir(t, dir, "config/sub")
		}, "config/sub/web.nix"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			frag := filepath.Join(dir, "etc", "nix-humanity.nix")
			mkdir(t, dir, "etc")
			if c.before != "" {
				mkdir(t, dir, c.before)
			}
			w, err := New(nil, frag, filepath.Join(dir, c.watch))
			if err != nil {
				t.Fatal(err)
			}
			events := runWatcher(t, w)
			c.make(t, dir)
			drain(events)
			edited := filepath.Join(dir, c.edit)
			if err := os.WriteFile(edited, []byte("{ }"), 0o644); err != nil {
				t.Fatal(err)
			}
			deadline := time.After(5 * time.Second)
			for {
				select {
				case got := <-events:
					if got == edited {
						return
					}
				case <-deadline:
					t.Fatalf("no event for %s", edited)
				}
			}
		})
	}
}

func mkdir(t *testing.T, dir, rel string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, rel), 0o755); err != nil {
		t.Fatal(err)
	}
}

// runWatcher runs w until the test ends, and gives the paths it reports.
func runWatcher(t *testing.T, w *Watcher) <-chan string {
	events := make(chan string, 64)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, func(p string) { events <- p }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return events
}

// A fragment replaced by a symlink while the watcher runs, or a symlink
// whose target is missing when it starts: an edit of the target (which
// changes nothing at the link) is seen, not left for the resync.
func TestWatchFollowsSymlinksMadeLaterOrDangling(t *testing.T) {
	for _, tc := range []struct {
		name string
		// setup makes the link (or the file) before the watcher starts;
		// later what happens while it runs, before the target's edit.
		setup, later func(t *testing.T, link, target string)
	}{
		{"file replaced by a symlink",
			func(t *testing.T, link, target string) { write(t, link, "a") },
			func(t *testing.T, link, target string) {
				write(t, target, "b")
				tmp := link + ".tmp"
				if err := os.Symlink(target, tmp); err != nil {
					t.Fatal(err)
				}
				if err := os.Rename(tmp, link); err != nil { // ln -sf's way
					t.Fatal(err)
				}
			}},
		{"dangling symlink whose target appears",
			func(t *testing.T, link, target string) {
				if err := os.Symlink(target, link); err != nil {
					t.Fatal(err)
				}
			},
			func(t *testing.T, link, target string) { write(t, target, "b") }},
		{"relative symlink through another",
			func(t *testing.T, link, target string) {
				mid := filepath.Join(filepath.Dir(link), "mid.nix")
				if err := os.Symlink("../home/frag.nix", mid); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink("mid.nix", link); err != nil {
					t.Fatal(err)
				}
			},
			func(t *testing.T, link, target string) { write(t, target, "b") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			mkdir(t, dir, "etc")
			mkdir(t, dir, "home")
			link := filepath.Join(dir, "etc", "nix-humanity.nix")
			target := filepath.Join(dir, "home", "frag.nix")
			tc.setup(t, link, target)
			w, err := New(nil, link)
			if err != nil {
				t.Fatal(err)
			}
			events := runWatcher(t, w)
			tc.later(t, link, target)
			drain(events)
			if err := atomicfile.Write(target, []byte("c"), 0o644); err != nil {
				t.Fatal(err)
			}
			select {
			case got := <-events:
				if got != target {
					t.Fatalf("event for %s, want %s", got, target)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("an edit behind the symlink was not seen")
			}
		})
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A watch path that is a symlink to a folder (/etc/nixos linked to a
// checkout): an edit inside, or in a folder inside, is seen.
func TestWatchSymlinkedFolder(t *testing.T) {
	dir := t.TempDir()
	mkdir(t, dir, "checkout/hosts")
	link := filepath.Join(dir, "nixos")
	if err := os.Symlink(filepath.Join(dir, "checkout"), link); err != nil {
		t.Fatal(err)
	}
	frag := filepath.Join(dir, "frag", "nix-humanity.nix")
	mkdir(t, dir, "frag")
	w, err := New(nil, frag, link)
	if err != nil {
		t.Fatal(err)
	}
	events := runWatcher(t, w)
	for _, rel := range []string{"configuration.nix", "hosts/laptop.nix"} {
		write(t, filepath.Join(dir, "checkout", rel), "{ }")
		select {
		case got := <-events:
			if got != filepath.Join(link, rel) {
				t.Fatalf("event for %s, want %s", got, filepath.Join(link, rel))
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("an edit of %s inside the symlinked folder was not seen", rel)
		}
		drain(events)
	}
}

// The daemon's state directory inside a watched folder is not watched,
// and its events are not reported: each pass writes there. A file
// watched on its own there still is, and so is the folder when it is a
// watch path itself.
func TestWatchSkipsTheStateDirectory(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state")
	frag := filepath.Join(dir, "nix-humanity.nix")
	if err := os.MkdirAll(filepath.Join(state, "history"), 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := NewSkipping(nil, []string{state}, frag, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.fw.Close()
	for _, c := range []struct {
		name string
		want bool
	}{
		{frag, true},
		{filepath.Join(dir, "configuration.nix"), true},
		{state, false},
		{filepath.Join(state, "state.json"), false},
		{filepath.Join(state, "history", "log.jsonl"), false},
		{filepath.Join(dir, "state-notes.nix"), true},
	} {
		if got := w.relevant(c.name); got != c.want {
			t.Errorf("relevant(%s) = %v, want %v", c.name, got, c.want)
		}
	}
	for _, p := range w.fw.WatchList() {
		if within(state, p) {
			t.Errorf("%s is watched", p)
		}
	}
	w2, err := NewSkipping(nil, []string{state}, frag, state)
	if err != nil {
		t.Fatal(err)
	}
	defer w2.fw.Close()
	if !w2.relevant(filepath.Join(state, "state.json")) {
		t.Error("the state directory given as a watch path is not watched")
	}
}

// A build's result links in a watched folder (`nixos-rebuild build` in
// /etc/nixos) are not reported: made or replaced, they are no inputs
// (inputs.ResultLink). One removed cannot be told from another file
// that went, and is reported: the pass it starts finds the inputs' hash
// unchanged and runs no Nix.
func TestWatchIgnoresResultLinks(t *testing.T) {
	dir := t.TempDir()
	frag := filepath.Join(dir, "nix-humanity.nix")
	w, err := New(nil, frag, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.fw.Close()
	store := filepath.Join(generation.StoreDir(), "0c6kzph7l0dcbyvmfb5fpvdz6psl1ra6-nixos-system-x-25.11")
	for _, c := range []struct {
		name, target string // target "": a file; "-": nothing there
		want         bool
	}{
		{"result", store, false},
		{"result-man", store + "-man", false},
		{"result.tmp-4242-1804289383", store, false},
		{"result", "/home/me/system", true},
		{"result", "", true},
		{"result", "-", true},
		{"results", store, true},
		{"configuration.nix", "", true},
	} {
		p := filepath.Join(dir, c.name)
		_ = os.Remove(p)
		switch c.target {
		case "-":
		case "":
			if err := os.WriteFile(p, []byte("{ }"), 0o644); err != nil {
				t.Fatal(err)
			}
		default:
			if err := os.Symlink(c.target, p); err != nil {
				t.Fatal(err)
			}
		}
		if got := w.relevant(p); got != c.want {
			t.Errorf("relevant(%s -> %q) = %v, want %v", c.name, c.target, got, c.want)
		}
	}
}
