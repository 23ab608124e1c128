# STAND-IN, NOT NIXOS.
#
# The defaults of the NixOS options that nixmodule/module.nix reads or
# sets, at NixOS's own default priority, so the module evaluates with the
# stand-in lib (see lib.nix) as it would on NixOS. Nothing else of NixOS is
# here: no option declarations, no system build.
{ lib, pkgs, ... }:
let
  inherit (lib) mkOptionDefault;
in
{
  _file = "<stand-in NixOS defaults>";

  assertions = mkOptionDefault [ ];
  warnings = mkOptionDefault [ ];

  nix.enable = mkOptionDefault true;
  nix.package = mkOptionDefault pkgs.nix;
  nix.envVars = mkOptionDefault { };
  networking.proxy.envVars = mkOptionDefault { };
  programs.ssh.package = mkOptionDefault pkgs.openssh;
  nix.nixPath = mkOptionDefault [
    "nixpkgs=/nix/var/nix/profiles/per-user/root/channels/nixos"
    "nixos-config=/etc/nixos/configuration.nix"
    "/nix/var/nix/profiles/per-user/root/channels"
  ];

  systemd.package = mkOptionDefault pkgs.systemd;
  systemd.services = mkOptionDefault { };

  documentation.enable = mkOptionDefault true;
  documentation.nixos.enable = mkOptionDefault true;
  # NixOS builds this for its manual when the documentation is on.
  system.build.manual.optionsJSON =
    pkgs.runCommand "options.json-stand-in" { }
      "mkdir -p $out/share/doc/nixos; echo '{}' > $out/share/doc/nixos/options.json";

  system.activationScripts = mkOptionDefault { };
  environment.etc = mkOptionDefault { };
  environment.systemPackages = mkOptionDefault [ ];
  users.groups = mkOptionDefault { };
  networking.firewall.allowedTCPPorts = mkOptionDefault [ ];
}
