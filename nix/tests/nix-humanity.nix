# Managed by ask-nix. Hand edits must keep this shape.
{ pkgs, ... }:
{
  environment.systemPackages = with pkgs; [
  ];
}
