package state

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSaveLoadRecord(t *testing.T) {
	dir := t.TempDir()
	s, err := Load(dir)
	if err != nil || s.Phase != PhaseIdle {
		t.Fatalf("empty state: %+v %v", s, err)
	}
	at := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for i := range MaxHistory + 5 {
		r := ResultSuccess
		reason := ""
		if i%10 == 3 {
			r, reason = ResultRolledBack, "health check failed"
		}
		s.Record(Pass{ID: int64(i + 1), Finished: at.Add(time.Duration(i) * time.Minute), Result: r, Reason: reason})
	}
	if len(s.History) != MaxHistory || s.History[0].ID != 6 || s.LastPass.ID != MaxHistory+5 {
		t.Fatalf("history %d entries from %d, last %d", len(s.History), s.History[0].ID, s.LastPass.ID)
	}
	if s.Counters.Reconciles[ResultRolledBack] != 6 || s.Counters.Rollbacks["health check failed"] != 6 || s.Counters.Reconciles[ResultSuccess] != 49 {
		t.Fatalf("counters %+v", s.Counters)
	}
	if !s.LastSuccess.Equal(at.Add(54 * time.Minute)) {
		t.Fatalf("last success %v", s.LastSuccess)
	}
	if err := s.Save(dir); err != nil {
		t.Fatal(err)
	}
	back, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if back.LastPass.ID != s.LastPass.ID || len(back.History) != MaxHistory || back.Counters.Reconciles[ResultSuccess] != 49 {
		t.Fatalf("round trip lost data: %+v", back)
	}
}

func TestLoadDamagedSaysWhatToDo(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(Path(dir), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), "move it aside") {
		t.Fatalf("damaged state: %v", err)
	}
}

func TestRunningElse(t *testing.T) {
	tests := []struct {
		name  string
		p     Pass
		gen   int
		ok    bool
		attrs string
	}{
		{"unknown", Pass{Generation: 3}, 0, false, "[]"},
		{"its generation's system", Pass{Generation: 3, Running: "/nix/store/x", RunningGeneration: 3}, 0, false, "[]"},
		{"another generation", Pass{Generation: 3, Running: "/nix/store/x", RunningGeneration: 2}, 2, true, "[running_generation 2]"},
		{"outside the profile", Pass{Generation: 3, Running: "/nix/store/x"}, 0, true, "[running /nix/store/x (outside the profile)]"},
	}
	for _, tt := range tests {
		gen, ok := tt.p.RunningElse()
		if gen != tt.gen || ok != tt.ok || fmt.Sprint(tt.p.RunningAttrs()) != tt.attrs {
			t.Errorf("%s: RunningElse %d %v, attrs %v", tt.name, gen, ok, tt.p.RunningAttrs())
		}
	}
}

func TestWatchingCovers(t *testing.T) {
	w := &Watching{Fragment: "/etc/nixos/nix-humanity.nix", WatchPaths: []string{"/etc/nixos", "/srv/flake/flake.lock"}}
	only := &Watching{Fragment: "/etc/nixos/nix-humanity.nix"}
	tests := []struct {
		w    *Watching
		path string
		want bool
	}{
		{w, "/etc/nixos/nix-humanity.nix", true},
		{w, "/etc/nixos/hosts/other.nix", true},
		{w, "/etc/nixos/../nixos/nix-humanity.nix", true},
		{w, "/srv/flake/flake.lock", true},
		{w, "/srv/flake/flake.nix", false},
		{w, "/etc/nixos-other/nix-humanity.nix", false},
		{w, "/tmp/pg/nix-humanity.nix", false},
		{only, "/etc/nixos/nix-humanity.nix", true},
		{only, "/etc/nixos/configuration.nix", false},
		{only, "/etc/nixos/nix-humanity.nix/..", false},
	}
	for _, tt := range tests {
		if got := tt.w.Covers(tt.path); got != tt.want {
			t.Errorf("%+v Covers(%s) = %v, want %v", tt.w, tt.path, got, tt.want)
		}
	}
}

// A fragment named through a symlink (/etc/nixos linked to a checkout)
// is the one the daemon watches under its real name, and the other way
// round.
func TestWatchingCoversThroughSymlinks(t *testing.T) {
	root := t.TempDir()
	checkout := filepath.Join(root, "checkout")
	if err := os.MkdirAll(checkout, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(checkout, "nix-humanity.nix"), []byte("{ }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "etc-nixos")
	if err := os.Symlink(checkout, link); err != nil {
		t.Fatal(err)
	}
	target, viaLink := filepath.Join(checkout, "nix-humanity.nix"), filepath.Join(link, "nix-humanity.nix")
	tests := []struct {
		watched, path string
		want          bool
	}{
		{target, viaLink, true},
		{viaLink, target, true},
		{link, target, true},
		{viaLink, filepath.Join(root, "elsewhere.nix"), false},
	}
	for _, tt := range tests {
		if got := (&Watching{Fragment: tt.watched}).Covers(tt.path); got != tt.want {
			t.Errorf("watching %s, Covers(%s) = %v, want %v", tt.watched, tt.path, got, tt.want)
		}
	}
}

// A state file from before "watching" was recorded loads with none, and
// one with it keeps it whole.
func TestWatchingAdditive(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(Path(dir), []byte(`{"version": 1, "phase": "idle", "daemon": 42, "counters": {}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := Load(dir)
	if err != nil || st.Watching != nil || st.Daemon != 42 {
		t.Fatalf("an older file: %+v %v", st, err)
	}
	st.Watching = &Watching{PID: 42, Fragment: "/etc/nixos/nix-humanity.nix", Inputs: []string{"action=switch"}, DebounceSeconds: 2}
	if err := st.Save(dir); err != nil {
		t.Fatal(err)
	}
	back, err := Load(dir)
	if err != nil || back.Watching == nil || back.Watching.PID != 42 || back.Watching.Inputs[0] != "action=switch" || back.Watching.DebounceSeconds != 2 {
		t.Fatalf("read back: %+v %v", back.Watching, err)
	}
}

func TestBelow(t *testing.T) {
	c := func(success int64) Counters {
		return Counters{Reconciles: map[Result]int64{ResultSuccess: success}}
	}
	for _, tc := range []struct {
		name  string
		st    State
		id    int64
		c     Counters
		below bool
	}{
		{"fresh file", State{}, 7, c(3), true},
		{"same", State{LastPassID: 7, Counters: c(3)}, 7, c(3), false},
		{"newer", State{LastPassID: 9, Counters: c(4)}, 7, c(3), false},
		{"id from the history only", State{History: []Pass{{ID: 8}}, Counters: c(3)}, 7, c(3), false},
		{"lower id", State{LastPass: &Pass{ID: 6}, Counters: c(3)}, 7, c(3), true},
		{"lower count", State{LastPassID: 7, Counters: c(2)}, 7, c(3), true},
		{"a rollback count gone", State{LastPassID: 7, Counters: c(3)}, 7, Counters{Rollbacks: map[string]int64{"health check failed": 1}}, true},
	} {
		if got := tc.st.Below(tc.id, tc.c); got != tc.below {
			t.Errorf("%s: Below = %v, want %v", tc.name, got, tc.below)
		}
	}
}

// A daemon's record gives its hash settings by key, and a copy with one
// of them in place of its own (a follower hashing a one-off action)
// leaves the record as it was.
func TestWatchingSettings(t *testing.T) {
	rec := &Watching{PID: 7, Fragment: "/etc/nixos/nix-humanity.nix", Inputs: []string{"system=/etc/nixos", "action=boot", "profile=/p"}}
	for _, c := range []struct {
		w    *Watching
		key  string
		want string
	}{
		{rec, "action", "boot"},
		{rec, "profile", "/p"},
		{rec, "systemAttr", ""},
		{rec, "act", ""},
		{nil, "action", ""},
		{rec.WithSetting("action", "test"), "action", "test"},
		{rec.WithSetting("flake", "x"), "flake", "x"},
		{rec.WithSetting("flake", "x"), "action", "boot"},
	} {
		if got := c.w.Setting(c.key); got != c.want {
			t.Errorf("Setting(%q) of %v = %q, want %q", c.key, c.w, got, c.want)
		}
	}
	if w := rec.WithSetting("action", "test"); w.PID != 7 || w.Fragment != rec.Fragment || len(w.Inputs) != 3 || rec.Setting("action") != "boot" {
		t.Errorf("the copy %+v, the record after %+v", w, rec)
	}
}

// Save and MakeDir (which the pass lock, the daemon lock and the request
// counts make the state directory with, whoever comes first) make a
// missing state directory with its entry synced into the folder above
// (groupshare.MkdirAllSynced, whose own test sees the syncs), not
// os.MkdirAll: a synced state file in a folder whose entry was never
// synced can vanish with it in a crash of the machine.
func TestStateDirectoryMadeSynced(t *testing.T) {
	var made []string
	old := mkdirAllSynced
	mkdirAllSynced = func(dir string, perm os.FileMode) error {
		made = append(made, dir)
		return old(dir, perm)
	}
	defer func() { mkdirAllSynced = old }()
	for _, c := range []struct {
		name string
		make func(dir string) error
	}{
		{"Save", func(dir string) error { return (&State{}).Save(dir) }},
		{"MakeDir", MakeDir},
	} {
		for _, dir := range []string{
			filepath.Join(t.TempDir(), "var", "lib", "nix-humanity"), // missing
			t.TempDir(), // there already
		} {
			made = nil
			if err := c.make(dir); err != nil {
				t.Fatal(err)
			}
			if len(made) != 1 || made[0] != dir {
				t.Errorf("%s(%s) made its folder with the synced mkdir for %q", c.name, dir, made)
			}
			if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
				t.Errorf("%s(%s): %v", c.name, dir, err)
			}
		}
	}
}

// What a pass builds is kept while it runs and never in a state saved
// idle: every way a pass ends saves idle, so none outlives its pass.
func TestBuildingOnlyWhileAPassRuns(t *testing.T) {
	for _, tt := range []struct {
		phase Phase
		kept  bool
	}{
		{PhaseEval, true},
		{PhaseBuild, true},
		{PhaseActivate, true},
		{PhaseIdle, false},
		{"", false},
	} {
		dir := t.TempDir()
		s := &State{Phase: tt.phase, Building: &Building{Pass: 4, Edit: 7, ChangedFiles: []string{"/etc/nixos/configuration.nix"}}}
		if err := s.Save(dir); err != nil {
			t.Fatal(err)
		}
		got, err := Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		if kept := got.Building != nil && got.Building.Edit == 7 && got.Building.Pass == 4; kept != tt.kept {
			t.Errorf("phase %q: building kept %v (%+v), want %v", tt.phase, kept, got.Building, tt.kept)
		}
	}
}
