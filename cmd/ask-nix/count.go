package main

import (
	"context"
	"fmt"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/reconciler/requests"
)

// countRequest adds a finished request to the counts the daemon's
// metrics show (nix_humanity_requests_total{intent},
// nix_humanity_guard_rejections_total{reason}). It never fails the
// request: without a writable state directory (ask-nix run by a user
// who cannot write it) the count is skipped with a note under
// --log-level debug.
func (g *globals) countRequest(ctx context.Context, kind intent.Kind, err error) {
	g.count(ctx, requests.Request{Intent: kind, Err: err})
}

// countEdit adds one write of the fragment
// (nix_humanity_fragment_edits_total): a request that wrote, or undo.
func (g *globals) countEdit(ctx context.Context) {
	s, err := g.Settings()
	if err != nil {
		return
	}
	if err := requests.CountEdit(context.WithoutCancel(ctx), s.StateDir); err != nil {
		g.countFailed(err)
	}
}

func (g *globals) count(ctx context.Context, r requests.Request) {
	s, err := g.Settings()
	if err != nil {
		return
	}
	// An interrupted request is still counted.
	if err := requests.Count(context.WithoutCancel(ctx), s.StateDir, r); err != nil {
		g.countFailed(err)
	}
}

func (g *globals) countFailed(err error) {
	if s, serr := g.Settings(); serr == nil && s.LogLevel == "debug" {
		fmt.Fprintf(g.stderr, "ask-nix: debug: not counted for metrics: %v\n", err)
	}
}
