package reconciler

import (
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// The mark a pass gives its edit, the same whether made right after the
// pass or by settleEditMark after a restart.
func TestEditMark(t *testing.T) {
	applied := txn.Entry{Edit: 3, Status: txn.StatusApplied}
	failed := txn.Entry{Edit: 3, Status: txn.StatusFailed, Reason: "pass 7: health check failed; rolled back to generation 2"}
	for _, tc := range []struct {
		name       string
		e          txn.Entry
		p          state.Pass
		wantStatus string
		wantReason string
	}{
		{"no edit", txn.Entry{}, state.Pass{ID: 9, Result: state.ResultFailure}, "", ""},
		{"rolled back", applied, state.Pass{ID: 9, Result: state.ResultRolledBack, Reason: "health check failed", RolledBackTo: 2}, txn.StatusFailed, "pass 9: health check failed; rolled back to generation 2"},
		{"failed build", applied, state.Pass{ID: 9, Result: state.ResultFailure, Error: "build failed; nothing was changed"}, txn.StatusFailed, "pass 9: build failed"},
		{"not the edit's doing", applied, state.Pass{ID: 9, Result: state.ResultFailure, NotFromEdit: true}, "", ""},
		{"success of an applied edit", applied, state.Pass{ID: 9, Result: state.ResultSuccess, Action: "switch"}, "", ""},
		{"success of a failed edit", failed, state.Pass{ID: 9, Result: state.ResultSuccess, Action: "switch"}, txn.StatusApplied, "built and activated by pass 9"},
		{"a build of a failed edit", failed, state.Pass{ID: 9, Result: state.ResultSuccess, Action: "build"}, "", ""},
		{"no-op", failed, state.Pass{ID: 9, Result: state.ResultNoop}, "", ""},
	} {
		status, reason := editMark(tc.e, tc.p)
		if status != tc.wantStatus || !strings.HasPrefix(reason, tc.wantReason) || (tc.wantReason == "") != (reason == "") {
			t.Errorf("%s: %q %q, want %q %q…", tc.name, status, reason, tc.wantStatus, tc.wantReason)
		}
	}
}
