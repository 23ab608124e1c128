// Package nixmodule holds what nix-humanity is made of in Nix: the NixOS
// module (module.nix, embedded here), the fragment grammar (fragment/) and
// the one seam through which Nix runs (nixrun/).
package nixmodule

import _ "embed"

// Module is the NixOS module, module.nix: `services.nix-humanity.enable =
// true;` runs nix-humanityd and installs ask-nix. The flake exposes it as
// nixosModules.default; docs/nixos.md shows how to import it without one.
//
//go:embed module.nix
var Module []byte
