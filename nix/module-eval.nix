# Flake check `module-eval`: the module evaluated by the real NixOS module
# system (this flake's nixpkgs), which the stand-in evaluation in
# nixmodule/module_test.go imitates. Nothing is built but the config.json
# the module writes (with the options.json it points to) and the module's
# option documentation.
{
  pkgs,
  lib,
  nixosSystem,
  module,
}:
let
  inherit (pkgs.stdenv.hostPlatform) system;

  machine =
    extra:
    nixosSystem {
      modules = [
        module
        {
          nixpkgs.hostPlatform = system;
          boot.loader.grub.enable = false;
          fileSystems."/" = {
            device = "/dev/vda";
            fsType = "ext4";
          };
          system.stateVersion = lib.trivial.release;
          services.nix-humanity.enable = true;
        }
        extra
      ];
    };

  # The fragment exactly as ask-nix creates it.
  withFragment = machine {
    imports = [ ./tests/nix-humanity.nix ];
    users.users.alice.isNormalUser = true;
    services.nix-humanity = {
      allowedUsers = [ "alice" ];
      metrics = {
        listenAddress = "0.0.0.0";
        openFirewall = true;
      };
      healthChecks = [ { argv = [ "systemctl" "is-system-running" ]; } ];
    };
    networking.proxy.default = "http://proxy.example:3128";
  };
  withoutFragment = machine { };

  failed = m: map (a: a.message) (lib.filter (a: !a.assertion) m.config.assertions);
  cfg = withFragment.config;
  service = cfg.systemd.services.nix-humanityd;
  unit = cfg.systemd.units."nix-humanityd.service".text;
  configJSON = cfg.environment.etc."nix-humanity/config.json".source;

  expectations = [
    {
      ok = failed withFragment == [ ];
      what = "a machine importing the fragment has failed assertions: ${builtins.toJSON (failed withFragment)}";
    }
    {
      ok = lib.any (lib.hasInfix "does not import the managed fragment") (failed withoutFragment);
      what = "a machine without the fragment lacks the import assertion: ${builtins.toJSON (failed withoutFragment)}";
    }
    {
      ok = lib.hasInfix "Type=notify" unit && lib.hasInfix "Restart=on-failure" unit;
      what = "the unit is not Type=notify with Restart=on-failure:\n${unit}";
    }
    {
      ok = lib.hasInfix "ExecStart=${cfg.services.nix-humanity.package}/bin/nix-humanityd" unit;
      what = "the unit does not start nix-humanityd from the package:\n${unit}";
    }
    {
      ok = lib.hasInfix "WatchdogSec=5min" unit;
      what = "the unit has no systemd watchdog:\n${unit}";
    }
    {
      ok = service.environment.HOME == "/root" && service.environment.XDG_CACHE_HOME == "/var/cache/nix-humanity";
      what = "the daemon's HOME is not root's or Nix's caches are not in its CacheDirectory: ${builtins.toJSON service.environment}";
    }
    {
      ok = cfg.services.nix-humanity.watchPaths == [ "/etc/nixos" ];
      what = "the default watchPaths are not the configuration's folder: ${builtins.toJSON cfg.services.nix-humanity.watchPaths}";
    }
    {
      ok = lib.hasInfix "X-RestartIfChanged=false" unit;
      what = "the unit would be restarted by a switch:\n${unit}";
    }
    {
      # The daemon's Nix fetches flake inputs itself: the machine's proxy
      # and ssh (git+ssh inputs) must reach it, as they reach nix-daemon.
      ok = (service.environment.https_proxy or null) == "http://proxy.example:3128";
      what = "the machine's proxy does not reach the daemon: ${builtins.toJSON service.environment}";
    }
    {
      ok = lib.elem cfg.programs.ssh.package service.path && lib.elem cfg.nix.package service.path;
      what = "ssh or nix is not on the daemon's PATH";
    }
    {
      ok = lib.elem 9090 cfg.networking.firewall.allowedTCPPorts;
      what = "metrics.openFirewall did not open 9090";
    }
    {
      ok = cfg.users.groups.nix-humanity.members == [ "alice" ];
      what = "allowedUsers did not reach the group";
    }
    {
      ok = lib.elem cfg.services.nix-humanity.package cfg.environment.systemPackages;
      what = "ask-nix is not in environment.systemPackages";
    }
  ];
  unmet = lib.filter (e: !e.ok) expectations;

  optionsDoc = pkgs.nixosOptionsDoc {
    options = withFragment.options.services.nix-humanity;
  };
in
if unmet != [ ] then
  throw "module-eval: ${lib.concatMapStringsSep "\n" (e: e.what) unmet}"
else
  pkgs.runCommand "nix-humanity-module-eval"
    {
      nativeBuildInputs = [ pkgs.jq ];
      # Evaluating the whole system proves it evaluates; building it is the
      # VM test's job.
      toplevel = builtins.unsafeDiscardStringContext withFragment.config.system.build.toplevel.drvPath;
    }
    ''
      mkdir -p $out
      echo "$toplevel" > $out/toplevel.drv-path
      jq . ${configJSON} > $out/config.json
      # The options.json the module points ask-nix at exists.
      test -s "$(jq -r .optionsJson ${configJSON})"
      test "$(jq -r .systemdRun ${configJSON})" = always
      test "$(jq -r .stallTimeout ${configJSON})" = 1h
      test "$(jq -r .metricsAddr ${configJSON})" = 0.0.0.0:9090
      cp ${optionsDoc.optionsJSON}/share/doc/nixos/options.json $out/options.json
    ''
