# STAND-IN, NOT NIXPKGS.
#
# The few packages and builders nixmodule/module.nix, nix/package.nix and
# flake.nix refer to, so they evaluate where nixpkgs is not available (see
# lib.nix). Packages are tiny /bin/sh derivations named *-stand-in; the
# builders that cannot work without nixpkgs (buildGoModule, mkShell,
# testers.runNixOSTest) record their arguments under `standInArgs` for tests
# to inspect, and fail if anyone tries to build them.
{
  system ? builtins.currentSystem,
  lib ? import ./lib.nix,
}:

let
  # Builders run the host's /bin/sh and coreutils (no sandbox here).
  hostPath = "/usr/bin:/bin";

  sh =
    name: script:
    derivation {
      inherit name system;
      builder = "/bin/sh";
      PATH = hostPath;
      args = [
        "-c"
        script
      ];
    };

  package =
    pname: extra:
    sh "${pname}-stand-in" "mkdir -p $out/bin; printf '#!/bin/sh\\necho ${pname} stand-in\\n' > $out/bin/${pname}; chmod +x $out/bin/${pname}"
    // {
      inherit pname;
      version = "0-stand-in";
      meta.mainProgram = pname;
    }
    // extra;

  # A derivation that records what it was given and refuses to build.
  recorder =
    what: name: args:
    sh name "echo '${what} is a stand-in: it records its arguments and cannot build; use a machine with nixpkgs' >&2; exit 1"
    // {
      standIn = what;
      standInArgs = args;
    };

  go = package "go" { version = "1.26.0"; };

  buildGoModuleWith =
    goPkg:
    {
      __functor =
        _: args:
        recorder "buildGoModule" "${args.pname}-${args.version}" args
        // {
          inherit (args) pname version;
          go = goPkg;
          meta = args.meta or { };
        };
      override = o: buildGoModuleWith (o.go or goPkg);
      go = goPkg;
    };

  self = {
    inherit lib system;
    path = ./.;
    stdenv = {
      hostPlatform = {
        inherit system;
        isLinux = true;
      };
      buildPlatform = {
        inherit system;
        canExecute = _: true;
      };
    };

    callPackage =
      fn: args:
      let
        f = if builtins.isFunction fn then fn else import fn;
      in
      f (builtins.intersectAttrs (builtins.functionArgs f) self // args);

    # builtins.toFile cannot refer to derivation outputs; a derivation can.
    writeText =
      name: text:
      if builtins.hasContext text then
        derivation {
          inherit name system text;
          PATH = hostPath;
          builder = "/bin/sh";
          args = [
            "-c"
            "printf '%s' \"$text\" > $out"
          ];
        }
      else
        builtins.toFile name text;

    formats.json =
      _:
      {
        type = lib.types.jsonValue;
        # A derivation (not builtins.toFile) because the values may refer
        # to derivation outputs, as nixpkgs' generate allows.
        generate =
          name: value:
          derivation {
            inherit name system;
            builder = "/bin/sh";
            args = [
              "-c"
              "printf '%s\\n' \"$json\" > $out"
            ];
            json = builtins.toJSON value;
          };
      };

    runCommand =
      name: env: script:
      derivation (
        env
        // {
          inherit name system;
          PATH = hostPath;
          builder = "/bin/sh";
          args = [
            "-c"
            script
          ];
        }
      );

    inherit go;
    go_1_26 = go;
    buildGoModule = buildGoModuleWith go;
    buildGo126Module = buildGoModuleWith go;
    installShellFiles = package "installShellFiles" { };
    nix = package "nix" { version = "2.8.0-stand-in"; };
    git = package "git" { };
    openssh = package "ssh" { };
    systemd = package "systemd" { };
    coreutils = package "coreutils" { };
    curl = package "curl" { };
    gopls = package "gopls" { };
    go-tools = package "staticcheck" { };
    nixfmt = package "nixfmt" { };
    hello = package "hello" { };
    nix-humanity = package "nix-humanity" { };

    mkShell = args: recorder "mkShell" "nix-shell" args;
    testers.runNixOSTest = args: recorder "runNixOSTest" "vm-test-run-${args.name}" args;
  };
in
self
