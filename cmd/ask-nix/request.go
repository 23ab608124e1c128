package main

// Placeholder owned by: issue-2 helper. Replace this file.

import (
	"context"
	"errors"
)

func runRequest(ctx context.Context, g *globals, text string) error {
	return errors.New("free-text requests: not implemented yet")
}
