package parse

import (
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/internal/shellword"
)

// NixOSProfile is NixOS's system profile, whose generations the parser's
// answers name when they are not told of another.
const NixOSProfile = "/nix/var/nix/profiles/system"

// DeleteGeneration is "delete generation 12": one generation by number,
// which ask-nix does not delete (it deletes by count or age). Not
// understood; the hint names the nix-env command that does, for NixOS's
// system profile. Which profile ask-nix keeps (a playground's,
// NIX_HUMANITY_PROFILE) only its settings say: a caller that knows it
// sets the hint anew with DeleteGenerationHint.
type DeleteGeneration struct {
	// Generation is the number as said ("12" of "delete generation #12").
	Generation string
	*intent.NotUnderstood
}

// Unwrap lets errors.As find the not-understood answer.
func (e *DeleteGeneration) Unwrap() error { return e.NotUnderstood }

// DeleteGenerationHint is DeleteGeneration's hint for the system profile
// at profile, quoted for a shell so a copy and paste of the command
// deletes from that profile and no other.
func DeleteGenerationHint(generation, profile string) string {
	return "ask-nix deletes generations by count or age, never the current, running or booted one; one generation by number is `nix-env -p " +
		shellword.Quote(profile) + " --delete-generations " + generation + "` (as root), then `ask-nix gc --collect`"
}
