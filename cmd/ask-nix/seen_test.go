package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// "remove ssh" means turning the service off because of what the
// fragment holds (it enables the service and installs no package of
// that name). The fragment is read once for that, and the edit is made
// against those bytes only: changed by hand while the plan is shown, the
// edit is refused and the hand edit kept, where it was planned again
// against the new content. Without a change, the same request writes.
func TestRemovalEditsTheFragmentItWasReadFrom(t *testing.T) {
	for _, handEdit := range []bool{false, true} {
		name := map[bool]string{false: "unchanged", true: "changed while asked"}[handEdit]
		t.Run(name, func(t *testing.T) {
			frag := scratchMachine(t)
			f := fragment.New()
			if _, _, err := f.Set(fragment.MustPath("services.openssh.enable"), fragment.Bool(true)); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(frag, f.Render(), 0o644); err != nil {
				t.Fatal(err)
			}
			p := startAtPrompt(t, context.Background(), "remove", "ssh")
			out, errb := p.stdout, p.stderr
			if !strings.Contains(out.String(), "services.openssh.enable = false;") {
				t.Fatalf("plan:\n%s", out.String())
			}
			if handEdit {
				pkg, _ := fragment.ParsePath("htop")
				if _, err := f.AddPackages(pkg); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(frag, f.Render(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, _ := os.ReadFile(frag)
			if _, err := io.WriteString(p.answer, "y\n"); err != nil {
				t.Fatal(err)
			}
			code := <-p.done
			got, _ := os.ReadFile(frag)
			if !handEdit {
				if code != 0 || !strings.Contains(string(got), "services.openssh.enable = false;") {
					t.Fatalf("exit %d, fragment:\n%s\n%s", code, got, errb.String())
				}
				return
			}
			if code != exitRefused || !bytes.Equal(got, want) {
				t.Fatalf("exit %d: an edit of other content than the request was read from:\n%s\n%s%s", code, got, out.String(), errb.String())
			}
			if all := out.String() + errb.String(); !strings.Contains(all, "changed while this request was being read") {
				t.Errorf("the refusal does not say why:\n%s", all)
			}
		})
	}
}
