# STAND-IN evaluation of NixOS modules with the stand-in lib and pkgs (see
# lib.nix): what nixmodule/module_test.go evaluates the module with.
#
#   import ./eval.nix { modules = [ ../../nixmodule/module.nix ./my-config.nix ]; }
#
# gives { config, options, failedAssertions, warnings }.
{
  modules,
  system ? builtins.currentSystem,
}:
let
  lib = import ./lib.nix;
  pkgs = import ./pkgs.nix { inherit lib system; };
  result = lib.evalModules {
    modules = [ ./nixos.nix ] ++ modules;
    specialArgs = { inherit pkgs; };
    # nixpkgs' own options are not declared here: what the module sets
    # for them merges as plain values.
    freeformType = lib.types.unspecified;
  };
in
result
// {
  inherit lib pkgs;
  failedAssertions = map (a: a.message) (builtins.filter (a: !a.assertion) result.config.assertions);
  inherit (result.config) warnings;
}
