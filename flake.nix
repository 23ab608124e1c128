{
  description = "nix-humanity: change a NixOS system in plain language; a reconciler builds, activates and rolls back";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-26.05";

  outputs =
    { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;

      # nix-humanityd drives NixOS (systemd, /run/current-system): Linux only.
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forAllSystems = f: lib.genAttrs systems (system: f system nixpkgs.legacyPackages.${system});

      # The flake's own revision, as `git describe` would give it for the
      # Makefile's builds: date of the last commit, then the commit.
      version = "${builtins.substring 0 8 (self.lastModifiedDate or "19700101")}-${
        self.shortRev or self.dirtyShortRev or "dirty"
      }";

      packageFor = pkgs: pkgs.callPackage ./nix/package.nix { inherit version; };
    in
    {
      overlays.default = final: _prev: { nix-humanity = packageFor final; };

      packages = forAllSystems (
        _system: pkgs:
        let
          nix-humanity = packageFor pkgs;
        in
        {
          inherit nix-humanity;
          default = nix-humanity;
        }
      );

      apps = forAllSystems (
        system: _pkgs:
        let
          pkg = self.packages.${system}.default;
        in
        {
          default = {
            type = "app";
            program = "${pkg}/bin/ask-nix";
            meta.description = "ask-nix: change this NixOS system in plain language";
          };
          ask-nix = self.apps.${system}.default;
          nix-humanityd = {
            type = "app";
            program = "${pkg}/bin/nix-humanityd";
            meta.description = "nix-humanityd: the reconciler daemon, in the foreground";
          };
        }
      );

      # The module, with this flake's package as the default (built with the
      # nixpkgs pinned here, whose Go is new enough); set
      # services.nix-humanity.package to build with your own nixpkgs instead.
      nixosModules = {
        nix-humanity =
          { lib, pkgs, ... }:
          {
            # Imported twice (as default and as nix-humanity), it counts once.
            key = "github:nix-humanity/nix-humanity#nixosModules.nix-humanity";
            imports = [ ./nixmodule/module.nix ];
            services.nix-humanity.package = lib.mkDefault self.packages.${pkgs.stdenv.hostPlatform.system}.default;
          };
        default = self.nixosModules.nix-humanity;
      };

      devShells = forAllSystems (
        _system: pkgs: {
          default = pkgs.mkShell {
            packages = [
              (pkgs.go_1_26 or pkgs.go)
              pkgs.gopls
              # staticcheck
              pkgs.go-tools
            ];
          };
        }
      );

      formatter = forAllSystems (_system: pkgs: pkgs.nixfmt);

      checks = forAllSystems (
        system: pkgs: {
          package = self.packages.${system}.default;

          # The module evaluated by the real NixOS module system: a machine
          # that imports the fragment evaluates without failed assertions
          # and one that does not gets the explanation.
          module-eval = import ./nix/module-eval.nix {
            inherit pkgs lib;
            inherit (nixpkgs.lib) nixosSystem;
            module = self.nixosModules.default;
          };

          # The release gate: on NixOS, `ask-nix -y "install hello"` makes
          # the daemon switch, hello runs, `ask-nix rollback` removes it
          # again, and /metrics answers. Needs KVM: `nix flake check` or
          # `nix build .#checks.x86_64-linux.vm-test`.
          vm-test = import ./nix/vm-test.nix {
            inherit pkgs;
            module = self.nixosModules.default;
            package = self.packages.${system}.default;
          };
        }
      );
    };
}
