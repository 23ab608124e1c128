package main

import (
	"fmt"
	"os"

	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/internal/termtext"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// failingElsewhere says, after an edit is written, that the pass which
// builds it will fail as the last one did: that pass failed on watched
// files other than the fragment (a hand edit of configuration.nix), not
// on an edit, and none of those files was touched since it began. ""
// when the last pass did not fail so, or when one of the files changed
// (or is gone) since: it may be fixed.
func failingElsewhere(stateDir string) string {
	st, err := state.Load(stateDir)
	if err != nil || st.LastPass == nil {
		return ""
	}
	p := st.LastPass
	if p.Result != state.ResultFailure || !p.NotFromEdit || len(p.ChangedFiles) == 0 || p.ChangedFilesMore > 0 {
		return ""
	}
	for _, f := range p.ChangedFiles {
		fi, err := os.Stat(f)
		if err != nil || fi.ModTime().After(p.Started) {
			return ""
		}
	}
	files := termtext.Copy(p.ChangedFiles) // printed; paths are anyone's names
	which, it := "which", "it is fixed or put back as it was"
	if len(files) > 1 {
		it = "they are fixed or put back as they were"
	}
	return fmt.Sprintf("the last pass (pass %d) failed on %s, %s changed since the last success and not since that failure: the pass that builds this edit will fail the same way, and the system stay as it is, until %s (ask-nix status shows Nix's error). The edit stays written either way.",
		p.ID, plan.AndList(files), which, it)
}
