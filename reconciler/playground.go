package reconciler

import (
	"context"
	"fmt"

	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler/activate"
)

// PlaygroundSettings loads the settings of a playground folder: its
// config.json in place of /etc/nix-humanity/config.json, with the user's
// backend.conf, environment and flags still on top.
func PlaygroundSettings(l playground.Layout, loader settings.Loader) (*settings.Settings, error) {
	loader.SystemFile = l.Config
	return loader.Load()
}

// StartPlayground gives a fresh playground its first generation (a pass
// over the empty fragment, with real Nix) and marks it booted, as if the
// machine had started from it. A playground that has generations is left
// alone.
func (r *Reconciler) StartPlayground(ctx context.Context, l playground.Layout) error {
	if g, err := activate.Current(r.Settings.Profile); err == nil && g.Number > 0 {
		return nil
	}
	// The first generation is switched to whatever the action setting
	// says: a machine starts from a system that is installed and running.
	s := *r.Settings
	s.Action, s.Env = "switch", "production"
	first := &Reconciler{Settings: &s, Runner: r.Runner, Observer: r.Observer, Log: r.Log, Hostname: r.Hostname, Now: r.Now}
	if _, err := first.Pass(ctx, PassOptions{Trigger: TriggerPlayground, Force: true}); err != nil {
		return fmt.Errorf("building the playground's first generation: %w", err)
	}
	return playground.Boot(l)
}
