package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An admin who copies an older edit's saved content back over the
// fragment by hand (cp history/3.after.nix) is told that is what is
// pending and what a failed pass built: not "edits 2 to 3 built
// together", since the file is no run of edits written one after the
// other (edits 4 and 5 were taken out by the copy). Real Nix.
func TestFragmentPutBackByHandIsNamedAsSuch(t *testing.T) {
	putBackEdit3(t)
	never := func(label, out string) {
		t.Helper()
		for _, bad := range []string{"edits 2 to 3", "built together"} {
			if strings.Contains(out, bad) {
				t.Fatalf("%s claims %q:\n%s", label, bad, out)
			}
		}
	}
	r := askNix("status")
	r.must(t, 0, "pending: the fragment as edit 3 (add 1 package: nosuchpackage-z) left it, put back by hand after edit 5, is not built yet")
	never("status before the pass", r.stdout)

	r = askNix("apply")
	r.must(t, 1)
	never("apply", r.stderr)
	r = askNix("status")
	r.must(t, 0, "last: failure ", "from the fragment as edit 3 left it, put back by hand after edit 5)")
	never("status after the pass", r.stdout)
	r = askNix("history")
	r.must(t, 0, "pass 3 (the fragment as edit 3 left it, put back by hand after edit 5): nixpkgs has no package named nosuchpackage-z")
	never("history", r.stdout)

	// Written by ask-nix again, the edits since the last build are a run
	// once more: the range is said as before.
	askNix("-y", "remove nosuchpackage-z").must(t, 0, "Wrote ")
	askNix("-y", "install nosuchpackage-y").must(t, 0, "Wrote ")
	askNix("apply").must(t, 1)
	askNix("status").must(t, 0, "from edits 6 to 7, built together")
}

// Edits written on top of a fragment put back by hand, before any pass
// built it, start a new run: the edits the copy took out are not said
// to be built with them.
func TestEditsOnAFragmentPutBackByHand(t *testing.T) {
	putBackEdit3(t)
	askNix("-y", "remove nosuchpackage-z").must(t, 0, "Wrote ")
	askNix("-y", "install nosuchpackage-y").must(t, 0, "Wrote ")
	askNix("status").must(t, 0, "pending: edits 6 to 7 are not built yet")
	r := askNix("apply")
	r.must(t, 1)
	if !strings.Contains(r.stderr, "this pass built edits 6 to 7 together") {
		t.Fatalf("apply:\n%s", r.stderr)
	}
	askNix("status").must(t, 0, "from edits 6 to 7, built together")
	askNix("history").must(t, 0, "(edits 6 to 7, built together)")
}

// putBackEdit3 builds edit 1 (install hello) in a playground, writes
// edits 2 to 5 without building them, then copies edit 3's saved result
// back over the fragment by hand, as an admin would.
func putBackEdit3(t *testing.T) {
	t.Helper()
	pg := playgroundEnv(t)
	editAndApply(t, "install hello", 2)
	for _, req := range []string{"install htop", "install nosuchpackage-z", "install cowsay", "remove htop"} {
		askNix("-y", req).must(t, 0, "Wrote ")
	}
	saved, err := os.ReadFile(filepath.Join(pg.StateDir, "history", "3.after.nix"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pg.Fragment, saved, 0o644); err != nil {
		t.Fatal(err)
	}
}
