package nixrun

import (
	"context"
	"fmt"
	"strings"
)

// References lists the store paths path refers to directly
// (`nix-store --query --references`).
func References(ctx context.Context, r Runner, path string) ([]string, error) {
	return query(ctx, r, "--references", path)
}

// Requisites lists path's closure, path included
// (`nix-store --query --requisites`).
func Requisites(ctx context.Context, r Runner, path string) ([]string, error) {
	return query(ctx, r, "--requisites", path)
}

func query(ctx context.Context, r Runner, what, path string) ([]string, error) {
	// Only absolute paths: nothing that could read as an option.
	if !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("nix-store %s: %q is not a store path", what, path)
	}
	res, err := r.Run(ctx, Cmd{Argv: []string{"nix-store", "--query", what, path}})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range strings.Split(string(res.Stdout), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out, nil
}
