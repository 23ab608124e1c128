package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/reconciler/generation/gc"
)

// TestPrintGCPlanKeptWhy: a generation kept beyond the limits asked for
// says why in the text plan, as in --json: the running one after
// rollback --action test, one whose date is unknown; the limits' own
// reasons are not repeated.
func TestPrintGCPlanKeptWhy(t *testing.T) {
	for _, tc := range []struct {
		name string
		keep []gc.Item
		want string
	}{
		{"running", []gc.Item{{Generation: 3, Reason: "running"}, {Generation: 4, Reason: "current, booted, one of the newest 1"}},
			"Keep 2: 3 (running), 4 (current, booted)\n"},
		{"limits only", []gc.Item{{Generation: 3, Reason: "one of the newest 2"}, {Generation: 4, Reason: "current, one of the newest 2"}},
			"Keep 2: 4 (current), 3\n"},
		{"date unknown", []gc.Item{{Generation: 2, Reason: "date unknown"}, {Generation: 4, Reason: "current, made in the last 1d"}},
			"Keep 2: 2 (date unknown), 4 (current)\n"},
		{"cut short", []gc.Item{{Generation: 2, Reason: "what an activation cut short goes back to"}, {Generation: 4, Reason: "current"}},
			"Keep 2: 2 (what an activation cut short goes back to), 4 (current)\n"},
		{"missing", []gc.Item{{Generation: 2, Reason: "running", Missing: true}, {Generation: 3, Reason: "one of the newest 2", Missing: true}, {Generation: 4, Reason: "current, one of the newest 2"}},
			"Keep 3: 2 (running, missing), 4 (current), 3 (missing)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			printGCPlan(&b, "/nix/var/nix/profiles/system", 5, gc.Plan{Keep: tc.keep, Delete: []gc.Item{{Generation: 1, Reason: "not one of the newest 1"}}})
			var got string
			for _, line := range strings.SplitAfter(b.String(), "\n") {
				if strings.HasPrefix(line, "Keep ") {
					got = line
				}
			}
			if got != tc.want {
				t.Errorf("got %q, want %q (the whole plan: %q)", got, tc.want, b.String())
			}
		})
	}
}
