package reconciler_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// The fragment sets an option the rest of the configuration sets to
// another value: the failed pass starts with which option, where else,
// and the ways out. NixOS's module system cannot run here, so the
// fragment throws the message it prints (lib/modules.nix, the shape of
// NixOS 24.11 and 25.05); Nix itself evaluates it and reports it as it
// would NixOS's.
func TestConflictingDefinitionsSaySo(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.writeFragment(`{ pkgs, ... }:
throw ''
  The option ` + "`" + `time.timeZone' has conflicting definition values:
  - In ` + "`" + `/etc/nixos/configuration.nix': "Europe/Berlin"
  - In ` + "`" + w.pg.Fragment + `': "UTC"
  Use ` + "`" + `lib.mkForce value` + "`" + ` or ` + "`" + `lib.mkDefault value` + "`" + ` to change the priority on any of these definitions.
''
`)
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	var pe *reconciler.PassError
	if !errors.As(err, &pe) || p.Result != state.ResultFailure {
		t.Fatalf("pass %+v, err %v", p, err)
	}
	want := `NixOS refuses the configuration: time.timeZone is set to different values in the managed fragment and in /etc/nixos/configuration.nix. Keep one: ask-nix "unset time.timeZone" takes it out of the fragment (and the other value applies), or change /etc/nixos/configuration.nix by hand.` + "\nevaluating "
	if !strings.HasPrefix(p.Error, want) {
		t.Fatalf("error:\n%s\nwant it to start with:\n%s", p.Error, want)
	}
	// The fragment was written by hand and ask-nix has no history: undo
	// could take nothing back, and is not offered anywhere.
	if strings.Contains(p.Error, "undo") || !strings.HasSuffix(p.Error, "\nFix the configuration; then run ask-nix apply again") {
		t.Errorf("undo offered with no history:\n%s", p.Error)
	}
	if !strings.Contains(p.Error, "has conflicting definition values") {
		t.Errorf("Nix's own words are gone:\n%s", p.Error)
	}
}
