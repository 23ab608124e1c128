package txn

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// A request whose meaning was read from the fragment ("remove ssh" turns
// the service off because the fragment enables it) is planned and
// written against the bytes that reading saw: the plan shown before the
// question is made from them without reading the file again, and under
// the lock an edit whose fragment changed since is refused, the change
// in between kept.
func TestEditAgainstTheFragmentTheRequestWasReadFrom(t *testing.T) {
	sshOn := intent.Intent{Kind: intent.SetOption, Option: "services.openssh.enable", Value: true}
	sshOff := intent.Intent{Kind: intent.DisableService, Option: "services.openssh.enable", Service: "ssh"}
	for _, c := range []struct {
		name string
		// between is a hand edit after the request was read; nil: none.
		between   func(t *testing.T, s *Store)
		wantWrite bool
	}{
		{"unchanged", nil, true},
		{"a package added by hand", func(t *testing.T, s *Store) { handEdit(t, s, "htop") }, false},
		{"the same bytes written again", func(t *testing.T, s *Store) {
			b, err := os.ReadFile(s.Fragment)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(s.Fragment, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"the fragment deleted", func(t *testing.T, s *Store) {
			if err := os.Remove(s.Fragment); err != nil {
				t.Fatal(err)
			}
		}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newStore(t)
			mustApply(t, s, "enable ssh", sshOn)
			seen, err := s.Snapshot()
			if err != nil || !seen.Exists() || !strings.Contains(string(seen.Text()), "services.openssh.enable = true;") {
				t.Fatalf("snapshot: %v", err)
			}
			if c.between != nil {
				c.between(t, s)
			}
			changed, _ := os.ReadFile(s.Fragment)
			s.Seen = seen
			p, err := s.Preview(sshOff)
			if err != nil || string(p.Before) != string(seen.Text()) || !p.Changed {
				t.Fatalf("the plan was not made from the bytes the request was read from: %+v %v", p, err)
			}
			r, err := s.Apply(context.Background(), "remove ssh", sshOff)
			if c.wantWrite {
				if err != nil || r.Edit != 2 || !strings.Contains(readFile(t, s.Fragment), "services.openssh.enable = false;") {
					t.Fatalf("not written: %+v %v", r, err)
				}
				return
			}
			var rej *guard.Rejection
			if !errors.As(err, &rej) || rej.Code != CodeChangedSince || !strings.Contains(rej.Reason, "changed while this request was being read") || !strings.Contains(rej.Reason, "nothing was written") {
				t.Fatalf("an edit of other bytes than the request was read from: %+v %v", r, err)
			}
			if after, _ := os.ReadFile(s.Fragment); string(after) != string(changed) {
				t.Fatalf("the change in between was not kept:\n%s", after)
			}
			if es, _ := HistoryIn(s.StateDir).Entries(); len(es) != 1 {
				t.Fatalf("history: %+v", es)
			}
		})
	}
}

// handEdit adds pkg to the fragment as a person's editor would: parse,
// change, write in place.
func handEdit(t *testing.T, s *Store, pkg string) {
	t.Helper()
	b, err := os.ReadFile(s.Fragment)
	if err != nil {
		t.Fatal(err)
	}
	f, err := fragment.Parse(s.Fragment, b)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := fragment.ParsePath(pkg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.AddPackages(ref); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(s.Fragment, f.Render(), 0o644); err != nil {
		t.Fatal(err)
	}
}
