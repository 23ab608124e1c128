# The machine of the `vm-test` check, shared by the test node (evaluated
# on the host) and the /etc/nixos/configuration.nix the daemon rebuilds
# inside the VM, so the rebuilt system needs nothing the VM's store lacks.
{
  # The nix-humanity package (a store path inside the VM).
  package,
  # The nixpkgs the test was built from, for NIX_PATH inside the VM.
  nixpkgsPath,
}:
{ lib, pkgs, ... }:
{
  services.nix-humanity = {
    enable = true;
    inherit package;
    healthChecks = [ { argv = [ "true" ]; } ];
    # alice may edit without sudo; bob may not.
    allowedUsers = [ "alice" ];
  };
  users.users.alice.isNormalUser = true;
  users.users.bob.isNormalUser = true;

  networking.hostName = "machine";
  documentation.enable = false;
  environment.systemPackages = [ pkgs.curl ];

  # Offline: everything comes from the VM's store.
  nix.settings = {
    substituters = lib.mkForce [ ];
    hashed-mirrors = null;
    connect-timeout = 1;
  };
  nix.nixPath = [
    "nixpkgs=${nixpkgsPath}"
    "nixos-config=/etc/nixos/configuration.nix"
  ];

  # A switch installs the boot loader, as on a real machine.
  boot.loader.grub = {
    enable = true;
    device = "/dev/vda";
    forceInstall = true;
  };
}
