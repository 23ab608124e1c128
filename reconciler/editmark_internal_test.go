package reconciler

import (
	"fmt"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// The marks a pass gives its edits, the same whether made right after
// the pass or by settleEditMark after a restart.
func TestEditMarks(t *testing.T) {
	const why = "pass 7: health check failed; rolled back to generation 2"
	applied := []txn.Entry{{Edit: 3, Status: txn.StatusApplied}}
	failed := []txn.Entry{{Edit: 3, Status: txn.StatusFailed, Reason: why}}
	under := []txn.Entry{{Edit: 2, Status: txn.StatusFailed, Reason: why}, {Edit: 3, Status: txn.StatusApplied}}
	pass := func(res state.Result, action, reason string, after ...int) state.Pass {
		return state.Pass{ID: 9, FragmentEdit: 3, Result: res, Action: action, Reason: reason, AppliedAfterFailure: after}
	}
	mark := func(n int, status, reason string) []editMarkFor {
		m := txn.MarkAppliedAfterFailure
		if status == txn.StatusFailed {
			m = txn.MarkPassFailed
		}
		return []editMarkFor{{n, status, m, reason}}
	}
	for _, tc := range []struct {
		name string
		es   []txn.Entry
		p    state.Pass
		want []editMarkFor
	}{
		{"no edit", applied, state.Pass{ID: 9, Result: state.ResultFailure}, nil},
		{"rolled back", applied, state.Pass{ID: 9, FragmentEdit: 3, Result: state.ResultRolledBack, Reason: "health check failed", RolledBackTo: 2}, mark(3, txn.StatusFailed, "pass 9: health check failed; rolled back to generation 2")},
		{"failed build", applied, state.Pass{ID: 9, FragmentEdit: 3, Result: state.ResultFailure, Error: "build failed; nothing was changed"}, mark(3, txn.StatusFailed, "pass 9: build failed; nothing was changed")},
		{"not the edit's doing", applied, state.Pass{ID: 9, FragmentEdit: 3, Result: state.ResultFailure, NotFromEdit: true}, nil},
		{"failed edit pruned", nil, state.Pass{ID: 9, FragmentEdit: 3, Result: state.ResultFailure}, nil},
		{"success of an applied edit", applied, pass(state.ResultSuccess, "switch", ""), nil},
		{"success of a failed edit", failed, pass(state.ResultSuccess, "switch", "", 3), mark(3, txn.StatusApplied, "built and activated by pass 9, after an earlier failure ("+why+")")},
		{"with a newer edit on top", under, pass(state.ResultSuccess, "switch", "", 2), mark(2, txn.StatusApplied, "built and activated by pass 9 with edit 3 on top, after an earlier failure ("+why+")")},
		{"failed edit pruned since", applied, pass(state.ResultSuccess, "switch", "", 2), nil},
		{"no reason kept", []txn.Entry{{Edit: 3, Status: txn.StatusFailed}}, pass(state.ResultSuccess, "switch", "", 3), mark(3, txn.StatusApplied, "built and activated by pass 9, after an earlier failure")},
		{"boot", failed, pass(state.ResultSuccess, "boot", "", 3), mark(3, txn.StatusApplied, "built by pass 9 and made the boot default, after an earlier failure ("+why+")")},
		{"test", failed, pass(state.ResultSuccess, "test", "", 3), mark(3, txn.StatusApplied, "built and activated by pass 9 (action test, until the next boot), after an earlier failure ("+why+")")},
		{"a build of a failed edit", failed, pass(state.ResultSuccess, "build", "built, not activated (action build)", 3), nil},
		{"toplevel already current", failed, pass(state.ResultNoop, "switch", reasonCurrent, 3), mark(3, txn.StatusApplied, "found in place by pass 9 (toplevel already current), after an earlier failure ("+why+")")},
		{"back to what is applied", failed, pass(state.ResultNoop, "switch", "edit 3 left the fragment as it was built: "+reasonBack, 3), mark(3, txn.StatusApplied, "found in place by pass 9 (inputs are back to what is applied), after an earlier failure ("+why+")")},
		{"held by a rollback on request", failed, pass(state.ResultNoop, "switch", "the fragment is as it was at the switch to generation 2 on request, and the inputs still build the system in place before it, so generation 2 stays (ask-nix apply --force builds them)", 3), nil},
		{"the build of a build machine found current", failed, pass(state.ResultNoop, "build", reasonCurrent, 3), nil},
		{"inputs unchanged", failed, pass(state.ResultNoop, "switch", "inputs unchanged", 3), nil},
	} {
		got := editMarks(tc.es, tc.p)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
}

// Whether an edit was applied after a failure is its mark's to say, not
// its reason's words: rewording the reason (or a reason that happens to
// read like one) changes nothing. Status lines from before marks (no
// Mark) are read by the words those versions wrote.
func TestMarkedAfterFailure(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    txn.Entry
		want bool
	}{
		{"marked, in any words", txn.Entry{Status: txn.StatusApplied, Mark: txn.MarkAppliedAfterFailure, Reason: "put in place again by pass 9"}, true},
		{"marked, no reason", txn.Entry{Status: txn.StatusApplied, Mark: txn.MarkAppliedAfterFailure}, true},
		{"marked, then failed again", txn.Entry{Status: txn.StatusFailed, Mark: txn.MarkPassFailed, Reason: "pass 10: built and activated by pass 9, after an earlier failure"}, false},
		{"ask-nix's own write, words alike", txn.Entry{Status: txn.StatusApplied, Mark: txn.MarkWrite, Reason: "built and activated by pass 3, after an earlier failure"}, false},
		{"an unknown mark from a newer version", txn.Entry{Status: txn.StatusApplied, Mark: "something-else", Reason: "built and activated by pass 3"}, false},
		{"old line: after an earlier failure", txn.Entry{Status: txn.StatusApplied, Reason: "found in place by pass 9 (toplevel already current), after an earlier failure (pass 7: x)"}, true},
		{"old line: the first wording", txn.Entry{Status: txn.StatusApplied, Reason: "built and activated by pass 12"}, true},
		{"old line: settled", txn.Entry{Status: txn.StatusApplied, Reason: "settled after an interrupted write"}, false},
		{"the edit's own line", txn.Entry{Status: txn.StatusApplied}, false},
	} {
		if got := markedAfterFailure(tc.e); got != tc.want {
			t.Errorf("%s: markedAfterFailure(%+v) = %v, want %v", tc.name, tc.e, got, tc.want)
		}
	}
}

// Whether a fragment keeps the change an edit made: what a pass that
// built it puts in place of an edit under it that had failed.
func TestFileChangeKept(t *testing.T) {
	parse := func(src string) *fragment.File {
		t.Helper()
		f, err := fragment.Parse("test.nix", []byte("{ pkgs, ... }:\n{\n"+src+"}\n"))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		return f
	}
	pkgs := func(names string) string {
		return "  environment.systemPackages = with pkgs; [ " + names + " ];\n"
	}
	const ssh = "  services.openssh.enable = true;\n"
	for _, tc := range []struct {
		name                 string
		before, after, built string
		want                 bool
	}{
		{"the edit's own content", pkgs("hello"), pkgs("hello git"), pkgs("hello git"), true},
		{"another package on top", pkgs("hello"), pkgs("hello git"), pkgs("hello git htop"), true},
		{"its package removed again", pkgs("hello"), pkgs("hello git"), pkgs("hello"), false},
		{"a package it removed, back again", pkgs("hello git"), pkgs("hello"), pkgs("hello git"), false},
		{"a package it removed, still gone", pkgs("hello git"), pkgs("hello"), pkgs("htop"), true},
		{"an option it set", pkgs(""), pkgs("") + ssh, pkgs("htop") + ssh, true},
		{"an option it set, set otherwise since", pkgs(""), pkgs("") + ssh, pkgs("") + "  services.openssh.enable = false;\n", false},
		{"an option it set, unset since", pkgs(""), pkgs("") + ssh, pkgs(""), false},
		{"an option it unset", pkgs("") + ssh, pkgs(""), pkgs("hello"), true},
		{"an option it unset, back since", pkgs("") + ssh, pkgs(""), pkgs("") + ssh, false},
		{"the package list it made", "", pkgs("git"), pkgs("git hello"), true},
		{"the package list it made, gone since", "", pkgs("git"), ssh, false},
		{"no change at all", pkgs("hello"), pkgs("hello"), ssh, true},
	} {
		if got := fileChangeKept(parse(tc.before), parse(tc.after), parse(tc.built)); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
