# STAND-IN, NOT NIXPKGS: a flake with nixpkgs' shape (lib, legacyPackages)
# built from lib.nix and pkgs.nix, so the project's flake outputs can be
# evaluated offline with
#   nix eval --override-input nixpkgs path:./nix/stand-in ...
# (nix/flake_test.go does). Nothing here builds.
{
  description = "stand-in for nixpkgs (tests only)";
  outputs =
    { self }:
    let
      lib = import ./lib.nix;
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
    in
    {
      inherit lib;
      legacyPackages = lib.genAttrs systems (system: import ./pkgs.nix { inherit lib system; });
    };
}
