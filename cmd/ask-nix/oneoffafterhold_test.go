package main

import (
	"os"
	"strings"
	"testing"
)

// A pass that went past a rollback's hold and was rolled back leaves no
// applied inputs; an apply --action build after it is still said as what
// it was ("built by apply --action build"), not as inputs never built.
func TestOneOffBuildAfterAHoldEndedInFailure(t *testing.T) {
	pg := playgroundEnv(t)
	editAndApply(t, "install hello", 2)
	askNix("-y", "rollback").must(t, 0, "Switched from generation 2 to generation 1")

	// Past the hold (the fragment changes), an activation that fails.
	src := handEditFragment(t, pg, "\n}\n", "\n  standin.failActivation = true;\n}\n")
	askNix("apply").must(t, 1)
	if st := askNix("status"); !strings.Contains(st.stdout, "last: rolled back") || strings.Contains(st.stdout, "never built") {
		t.Fatalf("status after the rollback:\n%s", st.stdout)
	}

	if err := os.WriteFile(pg.Fragment, src, 0o644); err != nil {
		t.Fatal(err)
	}
	askNix("apply", "--action", "build").must(t, 0, ", not activated (action build).")
	st := askNix("status")
	st.must(t, 0, " · pending: the system is built by apply --action build, not activated; the switch the settings ask for is still to do; no nix-humanityd runs: ask-nix apply switches to it")
	if strings.Contains(st.stdout, "never built") {
		t.Fatalf("status:\n%s", st.stdout)
	}
}
