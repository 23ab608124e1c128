package reconciler

import (
	"strings"

	"github.com/nix-humanity/nix-humanity/reconciler/build"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// InputChangeWords says what an update did to one flake input: "nixpkgs
// 3d2d8f281a27 (2023-06-30) → a3a3dda3bacf (2023-07-05)", "new-input
// added: a3a3dda3bacf (2023-07-05)", "old-input removed".
func InputChangeWords(c state.InputChange) string {
	at := func(id, date string) string {
		s := build.ShortLockID(id)
		if date != "" {
			s += " (" + date + ")"
		}
		return s
	}
	switch {
	case c.From == "":
		return c.Name + " added: " + at(c.To, c.ToDate)
	case c.To == "":
		return c.Name + " removed"
	}
	return c.Name + " " + at(c.From, c.FromDate) + " → " + at(c.To, c.ToDate)
}

// inputWords names the inputs an update moved, for the log.
func inputWords(cs []state.InputChange) string {
	ws := make([]string, len(cs))
	for i, c := range cs {
		ws[i] = InputChangeWords(c)
	}
	return strings.Join(ws, "; ")
}
