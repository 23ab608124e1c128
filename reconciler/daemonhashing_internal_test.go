package reconciler

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// ask-nix apply's pass hashes the inputs as the running daemon does
// (AsDaemon) only when that daemon builds what ask-nix's settings build:
// other watch paths or another action are fine (the action is the
// pass's own, hashed as such); another fragment, system, attribute or
// profile, no daemon or one that stopped, and apply keeps its own
// settings' hash.
func TestDaemonHashing(t *testing.T) {
	dir := t.TempDir()
	frag := filepath.Join(dir, "nix-humanity.nix")
	if err := os.WriteFile(frag, []byte("{ ... }: { }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.nix")
	if err := os.Symlink(frag, link); err != nil {
		t.Fatal(err)
	}
	extra := filepath.Join(dir, "extra")
	if err := os.Mkdir(extra, 0o755); err != nil {
		t.Fatal(err)
	}
	own := &settings.Settings{StateDir: filepath.Join(dir, "state"), Fragment: frag, System: filepath.Join(dir, "system.nix"), Profile: filepath.Join(dir, "profile"), Action: "switch"}
	l, err := LockDaemon(own)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	daemonOf := func(change func(s *settings.Settings)) *state.Watching {
		s := *own
		change(&s)
		w := (&Reconciler{Settings: &s}).watching()
		return w
	}
	same := func(*settings.Settings) {}
	for _, tc := range []struct {
		name     string
		w        *state.Watching
		off      bool
		stopped  bool
		otherPID bool
		want     bool
	}{
		{"same settings", daemonOf(same), false, false, false, true},
		{"other watch paths", daemonOf(func(s *settings.Settings) { s.WatchPaths = []string{extra} }), false, false, false, true},
		{"another action", daemonOf(func(s *settings.Settings) { s.Action = "boot" }), false, false, false, true},
		{"the fragment by a link", daemonOf(func(s *settings.Settings) { s.Fragment = link }), false, false, false, true},
		{"AsDaemon off", daemonOf(same), true, false, false, false},
		{"another fragment", daemonOf(func(s *settings.Settings) {
			s.Fragment = filepath.Join(extra, "other.nix")
			s.WatchPaths = []string{dir}
		}), false, false, false, false},
		{"another system", daemonOf(func(s *settings.Settings) { s.System = "/etc/nixos#other" }), false, false, false, false},
		{"another attribute", daemonOf(func(s *settings.Settings) { s.SystemAttr, s.SystemAttrSet = "toplevel", true }), false, false, false, false},
		{"another profile", daemonOf(func(s *settings.Settings) { s.Profile = filepath.Join(dir, "other-profile") }), false, false, false, false},
		{"a daemon that stopped", daemonOf(same), false, true, false, false},
		{"another daemon's record", daemonOf(same), false, false, true, false},
		{"no record", nil, false, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &state.State{Watching: tc.w}
			if tc.w != nil {
				c := *tc.w
				if tc.stopped {
					now := c.Since
					c.Stopped = &now
				}
				if tc.otherPID {
					c.PID++
				}
				st.Watching = &c
			}
			r := &Reconciler{Settings: own, AsDaemon: !tc.off}
			got := r.DaemonHashing(st)
			if (got != nil) != tc.want {
				t.Fatalf("DaemonHashing: %v, want a record: %v", got, tc.want)
			}
			h, err := r.PassHash(st)
			if err != nil {
				t.Fatal(err)
			}
			ownHash, err := r.InputsHash()
			if err != nil {
				t.Fatal(err)
			}
			var daemonHash string
			if tc.w != nil {
				if daemonHash, err = r.InputsHashAs(tc.w.WithSetting("action", r.Action())); err != nil {
					t.Fatal(err)
				}
			}
			switch {
			case tc.want && h != daemonHash:
				t.Errorf("PassHash %s, want the daemon's %s", h, daemonHash)
			case !tc.want && h != ownHash:
				t.Errorf("PassHash %s, want ask-nix's own %s", h, ownHash)
			}
			// A pass takes the same hash under its lock.
			reset := r.hashAsDaemon(st)
			if h2, err := r.InputsHash(); err != nil || h2 != h {
				t.Errorf("a pass's InputsHash %s (%v), want PassHash's %s", h2, err, h)
			}
			reset()
			if h3, err := r.InputsHash(); err != nil || h3 != ownHash {
				t.Errorf("InputsHash after the pass %s (%v), want ask-nix's own %s", h3, err, ownHash)
			}
		})
	}
	// The watch paths count: a daemon that watches a folder ask-nix's
	// settings do not hashes another thing than ask-nix's own settings.
	w := daemonOf(func(s *settings.Settings) { s.WatchPaths = []string{extra} })
	r := &Reconciler{Settings: own, AsDaemon: true}
	a, _ := r.PassHash(&state.State{Watching: w})
	b, _ := r.InputsHash()
	if a == b {
		t.Errorf("the daemon's watch paths did not change the hash: %s", a)
	}
}
