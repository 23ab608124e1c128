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
func (g *globals) countRequest(ctx context.Context, in intent.Intent, err error) {
	// The request's own write, if any, is counted with it: one update of
	// the counts file per request.
	edited := g.uncountedEdits > 0
	g.uncountedEdits = 0
	r := requests.Request{Intent: in.Kind, Err: err, Edited: edited}
	for _, a := range in.And {
		r.Also = append(r.Also, a.Kind)
	}
	g.count(ctx, r)
}

// noteEdit records that the fragment was written; the count is added
// with the request's (countRequest), or at the end of the run for a write
// that was no free-text request (`ask-nix undo`).
func (g *globals) noteEdit() { g.uncountedEdits++ }

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
