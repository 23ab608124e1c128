# NixOS module for nix-humanity.
#
# `services.nix-humanity.enable = true;` runs nix-humanityd, the reconciler
# that builds and activates this machine's configuration whenever the
# managed fragment (/etc/nixos/nix-humanity.nix) changes, and installs
# ask-nix, which turns plain-language requests into edits of that fragment.
#
# The fragment is an ordinary NixOS module that the configuration imports
# itself (see the assertion below for why this module cannot import it).
{
  config,
  lib,
  options,
  pkgs,
  ...
}:

let
  inherit (lib)
    literalExpression
    literalMD
    mkDefault
    mkEnableOption
    mkIf
    mkMerge
    mkOption
    types
    ;

  cfg = config.services.nix-humanity;
  settingsFormat = pkgs.formats.json { };

  # The keys nix-humanity reads from config.json (internal/settings.Keys()).
  # The daemon refuses to start on any other key, so a typo in `settings`
  # is caught here, at evaluation, instead of by a failing unit.
  knownSettings = [
    "fragment"
    "profile"
    "stateDir"
    "historyKeep"
    "system"
    "systemAttr"
    "action"
    "environment"
    "enableMetrics"
    "metricsAddr"
    "cacheTTL"
    "debounce"
    "watchPaths"
    "autoRollback"
    "healthChecks"
    "logLevel"
    "logFormat"
    "indexDir"
    "optionsJson"
    "nixpkgs"
    "runDir"
    "systemdRun"
    "stallTimeout"
  ];

  # An absolute path that can go into a ':'-separated list
  # (NIX_HUMANITY_WATCH_PATHS), as the settings loader requires.
  absolutePath = types.strMatching "/[^:]*" // {
    description = "absolute path";
  };

  # A Go duration ("500ms", "1m30s") or plain seconds ("2", "0.5"), the
  # forms the settings loader accepts.
  duration = types.strMatching "([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+|[0-9]+(\\.[0-9]+)?" // {
    description = "duration (e.g. \"500ms\", \"2s\", \"1m30s\")";
  };

  # The file ask-nix writes for a new fragment (fragment.New().Render()),
  # byte for byte; nixmodule's tests compare the two.
  initialFragment = pkgs.writeText "nix-humanity.nix" ''
    # Managed by ask-nix. Hand edits must keep this shape.
    { pkgs, ... }:
    {
      environment.systemPackages = with pkgs; [
      ];
    }
  '';

  fragmentBase = baseNameOf cfg.fragment;

  # Whether the configuration imports the fragment. The fragment always
  # defines environment.systemPackages (ask-nix keeps the list even when it
  # is empty), so its file shows among that option's definitions: as the
  # path itself (non-flake), as <flake source>/nix-humanity.nix (flake), or
  # as a store copy named <hash>-nix-humanity.nix.
  fragmentImported = lib.any (
    file:
    let
      f = toString file;
      b = baseNameOf f;
    in
    f == cfg.fragment || b == fragmentBase || lib.hasSuffix "-${fragmentBase}" b
  ) options.environment.systemPackages.files;

  # The listen address without brackets ("[::1]" is ::1), and host:port
  # as Go's net.SplitHostPort wants it: an IPv6 address in one pair of
  # brackets. "[::1]" bracketed again would be "[[::1]]:9090", which the
  # daemon refuses at start.
  metricsHost = lib.removeSuffix "]" (lib.removePrefix "[" cfg.metrics.listenAddress);
  metricsAddr =
    if lib.hasInfix ":" metricsHost then
      "[${metricsHost}]:${toString cfg.metrics.port}"
    else
      "${metricsHost}:${toString cfg.metrics.port}";
  # One colon and digits after it: an address with a port ("0.0.0.0:9184"),
  # which no IPv6 address is (it has two colons at least).
  # [ address ] for such a value, null for any other.
  listenWithPort = builtins.match "([^:]*):[0-9]*" metricsHost;

  loopback = [
    "127.0.0.1"
    "::1"
    "localhost"
  ];

  # config.json: the settings without nulls (a null means "the daemon's
  # own default"; the loader reads an explicit null as an empty string).
  uncheckedConfigJSON = settingsFormat.generate "nix-humanity-config.json" (
    lib.filterAttrs (_: v: v != null) cfg.settings
  );

  # Checked, when the system is built, by nix-humanity's own settings
  # loader (`ask-nix config` reads it as ask-nix and the daemon would): a
  # value it refuses (settings.logLevel = "verbose", a bad duration)
  # fails the build, instead of every ask-nix and the next start of the
  # daemon after the switch. Not where the package cannot run on the
  # build machine (cross builds).
  configJSON =
    if cfg.checkConfig && pkgs.stdenv.buildPlatform.canExecute pkgs.stdenv.hostPlatform then
      pkgs.runCommand "nix-humanity-config.json"
        {
          # A second's work, not worth a remote builder or a cache.
          preferLocalBuild = true;
          allowSubstitutes = false;
        }
        ''
          if ! NIX_HUMANITY_CONFIG=${uncheckedConfigJSON} ${cfg.package}/bin/ask-nix config >/dev/null; then
            echo "services.nix-humanity: nix-humanity refuses the config.json these options make (the line above says why): fix the option it names, or set services.nix-humanity.checkConfig = false to skip this check." >&2
            exit 1
          fi
          cp ${uncheckedConfigJSON} $out
        ''
    else
      uncheckedConfigJSON;

  stateDir = cfg.settings.stateDir;

  # The default of watchPaths: the folder of the configuration the daemon
  # builds, so a hand edit of configuration.nix, flake.nix, flake.lock or
  # any file they import from there starts a pass, as the fragment does.
  # That is /etc/nixos when `system` is null (the daemon builds the flake
  # there, or <nixpkgs/nixos> with nixos-config, whose folder is added
  # when nix.nixPath puts it elsewhere), or the local folder `system`
  # names (a flake "/srv/cfg#host", "path:..." or "git+file://...", or a
  # Nix file's folder); nothing for a remote flake ("github:..."). The
  # fragment's folder is added when it lies outside them. Never more: a
  # watched folder is hashed whole on every change in it (its .git and
  # editors' scratch files skipped), so a wider one (/etc, a home) would
  # start a pass on every unrelated write.
  localPath =
    ref:
    let
      m = builtins.match "(path:|git\\+file://)?(/[^?#]*)(\\?[^#]*)?(#.*)?" ref;
    in
    if m == null then null else lib.removeSuffix "/" (builtins.elemAt m 1);
  nixosConfigDirs =
    let
      entries = builtins.filter (lib.hasPrefix "nixos-config=") config.nix.nixPath;
      p = lib.removePrefix "nixos-config=" (builtins.head entries);
    in
    if entries == [ ] || !lib.hasPrefix "/" p then
      [ ]
    else if lib.hasSuffix ".nix" p then
      [ (dirOf p) ]
    else
      [ p ];
  systemDirs =
    if cfg.system == null then
      [ "/etc/nixos" ] ++ nixosConfigDirs
    else
      let
        p = localPath cfg.system;
      in
      if p == null then
        [ ]
      else if !lib.hasInfix "#" cfg.system && lib.hasSuffix ".nix" p then
        [ (dirOf p) ]
      else
        [ p ];
  # d holds p (or is it).
  inside = d: p: p == d || lib.hasPrefix (lib.removeSuffix "/" d + "/") p;
  # Without folders inside another of the list (hashed twice otherwise).
  outermost = ds: builtins.filter (p: !builtins.any (d: d != p && inside d p) ds) (lib.unique ds);
  defaultWatchPaths = outermost (systemDirs ++ [ (dirOf cfg.fragment) ]);

  # The settings that name a file or folder (internal/settings' path
  # settings), and those of them given as relative paths.
  pathSettings = [
    "fragment"
    "profile"
    "stateDir"
    "indexDir"
    "optionsJson"
    "runDir"
  ];
  relativePathSettings = lib.filter (
    k:
    let
      v = cfg.settings.${k} or null;
    in
    v != null && !(lib.isString v && lib.hasPrefix "/" v)
  ) pathSettings;
  profile = cfg.settings.profile or "/nix/var/nix/profiles/system";

  # The NixOS manual's options.json for this very configuration, which
  # ask-nix uses to check option names and value types. NixOS builds it
  # anyway for the manual when the NixOS documentation is on; with it off
  # we leave the setting unset rather than build the manual's inputs.
  docsOn = config.documentation.enable && config.documentation.nixos.enable;
in
{
  options.services.nix-humanity = {
    enable = mkEnableOption "nix-humanity: the nix-humanityd reconciler, which builds and activates this machine's configuration when the managed fragment changes, and the ask-nix command that edits it";

    package = mkOption {
      type = types.package;
      default = pkgs.nix-humanity or (pkgs.callPackage ../nix/package.nix { });
      defaultText = literalMD "`pkgs.nix-humanity` if the overlay provides it, else the package built from this repository (the flake's module uses the flake's own package)";
      example = literalExpression "inputs.nix-humanity.packages.\${pkgs.stdenv.hostPlatform.system}.default";
      description = "The nix-humanity package, providing `ask-nix` and `nix-humanityd`.";
    };

    fragment = mkOption {
      type = absolutePath;
      default = "/etc/nixos/nix-humanity.nix";
      example = "/etc/nixos/hosts/laptop/nix-humanity.nix";
      description = ''
        The managed fragment: the NixOS module that `ask-nix` edits and the
        daemon watches. Your configuration must import it
        (`imports = [ ./nix-humanity.nix ];`). It is created, owned by root
        and the [](#opt-services.nix-humanity.group) group with mode 0664,
        when missing.
      '';
    };

    system = mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "/etc/nixos#laptop";
      description = ''
        What the daemon builds. A value with `#` is a flake reference (its
        `nixosConfigurations.<host>` toplevel); any other value is a Nix
        file or folder. `null` builds the flake in /etc/nixos for this host
        name when /etc/nixos/flake.nix exists, and `<nixpkgs/nixos>` (with
        the `nixos-config` entry of [](#opt-nix.nixPath)) otherwise.
      '';
    };

    action = mkOption {
      type = types.enum [
        "switch"
        "boot"
        "test"
        "build"
      ];
      default = "switch";
      example = "boot";
      description = ''
        What the daemon does with a new system, as `nixos-rebuild` does:
        `switch` activates it now and makes it the boot default, `boot`
        only makes it the boot default, `test` activates it without a boot
        entry, `build` only builds it.
      '';
    };

    watchPaths = mkOption {
      type = types.listOf absolutePath;
      default = defaultWatchPaths;
      defaultText = literalMD ''
        the folder of the configuration the daemon builds: `[ "/etc/nixos" ]`
        when [](#opt-services.nix-humanity.system) is `null` (plus the folder
        of `nixos-config` in [](#opt-nix.nixPath) when it is elsewhere), else
        the local folder `system` names (none for a remote flake); and the
        fragment's folder when it is outside those
      '';
      example = [
        "/etc/nixos/hosts/laptop"
        "/etc/nixos/flake.lock"
      ];
      description = ''
        Files and folders whose changes start a pass, besides the fragment
        (a folder with everything in it, but its `.git` and editors'
        scratch files). The default is the configuration's own folder,
        so a hand edit of configuration.nix, flake.nix, flake.lock or a
        file they import from there is built and activated as an edit by
        ask-nix is, and nothing outside it: a change there that does not
        change the system (a comment, a README) costs one evaluation and
        no new generation. Set `[ ]` to react to the fragment alone (hand
        edits then wait for `ask-nix apply`), or a narrower list, for a
        folder that holds more than the configuration.
      '';
    };

    debounce = mkOption {
      type = duration;
      default = "500ms";
      example = "2s";
      description = "How long the daemon waits after the last change before it starts a pass; a burst of edits gives one pass.";
    };

    stallTimeout = mkOption {
      type = duration;
      default = "1h";
      example = "4h";
      description = ''
        How long a pass may show no progress (no new phase, no line of
        build output) before the daemon counts as stuck: `/healthz`
        answers 503, `ask-nix status` says so, and systemd's watchdog
        restarts the daemon (a build in progress is simply built again).
        Evaluations, downloads and activations print nothing for minutes
        on end, so keep it well above the longest silent step of your
        builds; `"0"` never counts a pass as stuck (the daemon's own event
        loops are still watched).
      '';
    };

    autoRollback = mkOption {
      type = types.bool;
      default = true;
      example = false;
      description = "Whether to roll back to the last good generation when activation or a health check fails.";
    };

    healthChecks = mkOption {
      type = types.listOf (
        types.submodule {
          options = {
            argv = mkOption {
              type = types.nonEmptyListOf types.str;
              example = [
                "systemctl"
                "is-system-running"
                "--wait"
              ];
              description = ''
                The command and its arguments, run directly (not through a
                shell). A bare command name is looked up in the daemon's
                `PATH`, which has Nix, git, ssh, systemd and NixOS's basic
                tools (coreutils, findutils, grep, sed) only: give anything
                else by its path, such as `"''${pkgs.curl}/bin/curl"` or
                `"/run/current-system/sw/bin/curl"` (the system just
                activated).
              '';
            };
            timeout = mkOption {
              type = duration;
              default = "30s";
              example = "2m";
              description = "How long the check may run before it counts as failed.";
            };
          };
        }
      );
      default = [ ];
      example = literalExpression ''
        [
          { argv = [ "systemctl" "is-system-running" "--wait" ]; timeout = "2m"; }
          { argv = [ "''${pkgs.curl}/bin/curl" "-fsS" "http://localhost/" ]; }
        ]
      '';
      description = ''
        Commands run after each activation. A non-zero exit or a timeout
        fails the pass and, with [](#opt-services.nix-humanity.autoRollback),
        rolls the system back. They run inside the daemon's hardened unit.
      '';
    };

    metrics = {
      enable = mkOption {
        type = types.bool;
        default = true;
        example = false;
        description = "Whether to serve Prometheus metrics on `/metrics`, with `/healthz` and `/status`.";
      };

      listenAddress = mkOption {
        type = types.str;
        default = "127.0.0.1";
        example = "::";
        description = ''
          The address the HTTP endpoints listen on, without the port
          ([](#opt-services.nix-humanity.metrics.port)): an IPv4 or IPv6
          address (with or without brackets) or a host name; `"0.0.0.0"` or
          `"::"` for every interface.
        '';
      };

      port = mkOption {
        type = types.port;
        default = 9090;
        example = 9184;
        description = "The port the HTTP endpoints listen on.";
      };

      openFirewall = mkOption {
        type = types.bool;
        default = false;
        example = true;
        description = "Whether to open [](#opt-services.nix-humanity.metrics.port) in the firewall (for a Prometheus on another machine; also set a non-loopback `listenAddress`).";
      };
    };

    group = mkOption {
      type = types.str;
      default = "nix-humanity";
      example = "wheel";
      description = ''
        The group that owns the fragment (mode 0664) and the daemon's state
        directory (mode 2775: setgid, so what is made in it takes the
        group). Its members can edit the system through
        `ask-nix` without sudo.
      '';
    };

    allowedUsers = mkOption {
      type = types.listOf types.str;
      default = [ ];
      example = [ "alice" ];
      description = ''
        Users added to [](#opt-services.nix-humanity.group), who may change
        the system through `ask-nix` without sudo. When the list is not
        empty, the fragment's folder is made group-writable too (if root
        owns it), since ask-nix replaces the file atomically.

        This is root access: the fragment is a NixOS module that the daemon
        builds and activates as root. Only list users you would give sudo.
      '';
    };

    checkFragmentImport = mkOption {
      type = types.bool;
      default = true;
      example = false;
      description = ''
        Whether to stop evaluation with an explanation when the
        configuration does not import the fragment. The check looks for
        the fragment among the files that define
        `environment.systemPackages`, which ask-nix always keeps in it;
        turn it off only if you have hand-edited that line away.
      '';
    };

    checkConfig = mkOption {
      type = types.bool;
      default = true;
      example = false;
      description = ''
        Whether to check /etc/nix-humanity/config.json with nix-humanity's
        own settings loader (`ask-nix config`) when the system is built,
        so that a value it refuses (for example
        `settings.logLevel = "verbose"`) fails the build rather than
        every `ask-nix` and the daemon's next start after the switch.
        Skipped where the package cannot run on the build machine.
      '';
    };

    settings = mkOption {
      type = types.submodule { freeformType = settingsFormat.type; };
      default = { };
      example = {
        logLevel = "debug";
        environment = "staging";
      };
      description = ''
        Settings written to /etc/nix-humanity/config.json, which both
        `nix-humanityd` and `ask-nix` read (`ask-nix config` shows every
        setting and where it came from). The options above are written
        here under their config.json names; this is for the others:
        ${lib.concatMapStringsSep ", " (k: "`${k}`") knownSettings}.
        An unknown key stops evaluation; a value nix-humanity refuses
        stops the build (see [](#opt-services.nix-humanity.checkConfig)).
        A user's `~/.config/nix-humanity/backend.conf`, the `NIX_HUMANITY_*`
        environment variables and command-line flags override them.
      '';
    };
  };

  config = mkIf cfg.enable (mkMerge [
    {
      assertions = [
        {
          assertion = !cfg.checkFragmentImport || fragmentImported;
          message = ''
            services.nix-humanity: your configuration does not import the managed fragment ${cfg.fragment},
            so what ask-nix writes there would never reach your system. Add it to your imports, next to this module:

                imports = [ ./${fragmentBase} ];

            (with flakes: list ./${fragmentBase} in the modules of nixosSystem and `git add` it). If the file does
            not exist yet, create it first:

                printf '{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [\n  ];\n}\n' | sudo tee ${cfg.fragment}

            This module cannot import it for you: NixOS resolves `imports` before any option has a value, so an
            import taken from services.nix-humanity.fragment would recurse forever, and importing the absolute
            path directly breaks flakes' pure evaluation. Set services.nix-humanity.checkFragmentImport = false
            to skip this check.
          '';
        }
        {
          assertion = !lib.hasPrefix builtins.storeDir cfg.fragment;
          message = "services.nix-humanity.fragment is ${cfg.fragment}, a path in the read-only Nix store; give the path of the real file (e.g. \"/etc/nixos/nix-humanity.nix\"), not a Nix path value like ./nix-humanity.nix.";
        }
        {
          assertion = lib.all (k: lib.elem k knownSettings) (lib.attrNames cfg.settings);
          message = "services.nix-humanity.settings has unknown keys: ${
            lib.concatStringsSep ", " (lib.filter (k: !lib.elem k knownSettings) (lib.attrNames cfg.settings))
          } (known: ${lib.concatStringsSep ", " knownSettings}).";
        }
        {
          # The daemon refuses a relative path in config.json at start (a
          # path relative to which folder?); saying so here fails the
          # switch instead of the service after it.
          assertion = relativePathSettings == [ ];
          message = "services.nix-humanity.settings: ${lib.concatStringsSep ", " relativePathSettings} must be absolute paths (starting with /); the daemon and ask-nix run in different folders, so a relative path would mean different files to each.";
        }
        {
          assertion = lib.hasPrefix "/var/lib/" stateDir;
          message = "services.nix-humanity.settings.stateDir is ${toString stateDir}; it must be a folder under /var/lib, which systemd creates for the daemon (StateDirectory=).";
        }
        {
          assertion = (cfg.settings.systemdRun or "always") != "never";
          message = "services.nix-humanity.settings.systemdRun = \"never\" would run activation inside the daemon's hardened unit, where it cannot work (read-only /etc and /boot); leave it at \"always\" or \"auto\".";
        }
        {
          assertion = listenWithPort == null;
          message = "services.nix-humanity.metrics.listenAddress is ${cfg.metrics.listenAddress}, an address with a port; give the address alone (e.g. \"${lib.head listenWithPort}\") and the port in services.nix-humanity.metrics.port.";
        }
        {
          assertion = config.nix.enable;
          message = "services.nix-humanity needs Nix on the machine (nix.enable = true): the daemon builds through nix-daemon.";
        }
      ];

      warnings = lib.optional (
        cfg.metrics.enable && cfg.metrics.openFirewall && lib.elem metricsHost loopback
      ) "services.nix-humanity.metrics.openFirewall opens port ${toString cfg.metrics.port}, but the daemon listens on ${cfg.metrics.listenAddress} only; set services.nix-humanity.metrics.listenAddress (e.g. \"0.0.0.0\") for other machines to reach it.";

      services.nix-humanity.settings = {
        inherit (cfg)
          fragment
          action
          debounce
          watchPaths
          autoRollback
          stallTimeout
          ;
        system = mkIf (cfg.system != null) cfg.system;
        healthChecks = map (h: { inherit (h) argv timeout; }) cfg.healthChecks;
        enableMetrics = cfg.metrics.enable;
        inherit metricsAddr;
        stateDir = mkDefault "/var/lib/nix-humanity";
        # The unit below is hardened so that only a transient unit of its
        # own (systemd-run) can activate a system.
        systemdRun = mkDefault "always";
        optionsJson = mkIf docsOn (
          mkDefault "${config.system.build.manual.optionsJSON}/share/doc/nixos/options.json"
        );
      };

      environment.etc."nix-humanity/config.json".source = configJSON;
      environment.systemPackages = [ cfg.package ];

      users.groups.${cfg.group}.members = cfg.allowedUsers;

      # The fragment must exist for the configuration that imports it to
      # evaluate, and ask-nix must be able to replace it. This runs on
      # every activation (boot included), after users and groups exist.
      # Symlinks are left alone (they point into a repository the user
      # manages), and so is a folder root does not own.
      system.activationScripts.nix-humanity-fragment = {
        deps = [
          "users"
          "groups"
        ];
        # With systemd-sysusers or userborn (systemd.sysusers.enable,
        # services.userborn.enable) the "users" snippet is empty: the
        # groups a switch adds are made after activation. Then the group
        # is not there yet the first time: a missing fragment is made
        # root's for now (the configuration needs it to evaluate), and the
        # group gets it and the state directory at the next activation
        # (switch or boot), instead of failing this switch (and, for a
        # switch of the daemon's, rolling it back).
        text = ''
          nix_humanity_fragment=${lib.escapeShellArg cfg.fragment}
          nix_humanity_group=${lib.escapeShellArg cfg.group}
          if ! getent group "$nix_humanity_group" >/dev/null; then
            echo "nix-humanity: the group $nix_humanity_group does not exist yet; the fragment $nix_humanity_fragment and the state directory get it at the next activation (switch or boot)" >&2
            if [ ! -e "$nix_humanity_fragment" ] && [ ! -L "$nix_humanity_fragment" ]; then
              install -D -m 0644 -o root -g root ${initialFragment} "$nix_humanity_fragment"
            fi
          else
          if [ ! -e "$nix_humanity_fragment" ] && [ ! -L "$nix_humanity_fragment" ]; then
            install -D -m 0664 -o root -g "$nix_humanity_group" ${initialFragment} "$nix_humanity_fragment"
          elif [ ! -L "$nix_humanity_fragment" ]; then
            chgrp "$nix_humanity_group" "$nix_humanity_fragment"
            chmod 0664 "$nix_humanity_fragment"
          fi
        ''
        # The state directory is shared with the group (ask-nix writes its
        # history and locks there): setgid, so what is made in it takes
        # the group. ask-nix and the daemon make new files group-writable
        # there; this repairs what a member, or root, made for themselves
        # only before that, which would lock the other members out.
        # Files readable by the owner only (digests of inputs) stay so;
        # gcroots is the daemon's alone. -R changes symlinks themselves.
        + ''
          nix_humanity_state=${lib.escapeShellArg stateDir}
          if [ -d "$nix_humanity_state" ] && [ ! -L "$nix_humanity_state" ]; then
            chgrp -R "$nix_humanity_group" "$nix_humanity_state"
            chmod g+rwxs "$nix_humanity_state"
            find "$nix_humanity_state" -mindepth 1 \( -path "$nix_humanity_state/gcroots" -prune \) \
              -o \( -type d -exec chmod g+rwxs {} + \) \
              -o \( -type f -perm -0040 -exec chmod g+w {} + \)
          fi
        ''
        + lib.optionalString (cfg.allowedUsers != [ ]) ''
          nix_humanity_dir=$(dirname "$nix_humanity_fragment")
          if [ ! -L "$nix_humanity_dir" ] && [ "$(stat -c %u "$nix_humanity_dir")" = 0 ]; then
            chgrp "$nix_humanity_group" "$nix_humanity_dir"
            chmod g+ws "$nix_humanity_dir"
          fi
        ''
        + ''
          fi
        '';
      };

      systemd.services.nix-humanityd = {
        description = "nix-humanity reconciler: builds and activates the managed NixOS configuration";
        documentation = [ "man:nix-humanityd(8)" ];
        wantedBy = [ "multi-user.target" ];
        wants = [ "nix-daemon.socket" ];
        after = [
          "network.target"
          "nix-daemon.socket"
        ];

        # The daemon itself runs `switch-to-configuration`: restarting it
        # during a switch would kill the switch it is running. A new
        # nix-humanity version or new settings take effect at the next
        # `systemctl restart nix-humanityd` or boot.
        restartIfChanged = false;

        # Nix (the same as the system's), git for flakes in git
        # repositories and ssh for their git+ssh inputs (Nix fetches
        # inputs in this process, not in nix-daemon), systemd-run and
        # systemctl for activation.
        path = [
          config.nix.package
          pkgs.git
          config.programs.ssh.package
          config.systemd.package
        ];

        # Nix's own variables and the machine's proxy
        # (networking.proxy), as nix-daemon and nixos-upgrade have them:
        # flake inputs and channels are fetched by this unit's Nix.
        # (nix.envVars is internal to NixOS and almost always empty: a
        # NixOS without it costs nothing.)
        environment =
          (config.nix.envVars or { })
          // config.networking.proxy.envVars
          // {
            # Builds go through nix-daemon, which does them as the nixbld
            # users and writes the store; this unit keeps /nix/store
            # read-only.
            NIX_REMOTE = "daemon";
            # The daemon is `sudo nixos-rebuild switch` run for you, so it
            # gets root's home, as nixos-rebuild under sudo and NixOS's own
            # nixos-upgrade unit (system.autoUpgrade) do: root's
            # ~/.config/nix (nix.conf with access-tokens, the user flake
            # registry that indirect inputs such as `nixpkgs` resolve
            # through), ~/.gitconfig and ~/.ssh are read for flake inputs
            # as they are for a switch by hand. systemd sets no HOME for a
            # unit without User=, and a program that reads $HOME alone
            # (git, health checks) would see none. The home is read-only
            # here (ProtectSystem=strict): what Nix writes goes to the
            # cache below, and nothing of the daemon's is left in /root.
            HOME = config.users.users.root.home or "/root";
            # Nix's fetcher cache, evaluation cache and git checkouts of
            # inputs (gitv3, tarball-cache): written, so in the unit's own
            # CacheDirectory (root's, 0755), not in the read-only home and
            # not in the state directory, which the group may write. Safe
            # to delete; Nix fills it again.
            XDG_CACHE_HOME = "/var/cache/nix-humanity";
          }
          // lib.optionalAttrs (config.nix.nixPath != [ ]) {
            # Services get no NIX_PATH of their own; <nixpkgs/nixos> and
            # nixos-config must resolve as they do for nixos-rebuild.
            NIX_PATH = lib.concatStringsSep ":" config.nix.nixPath;
          };

        serviceConfig = {
          Type = "notify";
          # Only the daemon reports readiness, not the Nix processes it runs.
          NotifyAccess = "main";
          ExecStart = "${cfg.package}/bin/nix-humanityd";
          Restart = "on-failure";
          RestartSec = "5s";
          # READY=1 comes when the first pass starts (or finds nothing to
          # do), which needs the pass lock: an `ask-nix apply` holding it
          # for a build on a small machine is waited for.
          TimeoutStartSec = "15min";
          # The daemon sends WATCHDOG=1 (every half of this) only while
          # /healthz would call it alive: its event loops beat (a minute
          # without is a hang) and a pass shows progress within
          # stallTimeout. Silence this long after the last ping gets it
          # restarted (Restart=on-failure). That is safe at any point:
          # Nix builds in progress are built again by the new daemon, and
          # activation runs in a transient unit of its own (systemd-run,
          # see systemdRun below), which the restart does not stop; the
          # new daemon activates again an activation it finds cut short
          # (and runs the health checks), or goes back on failure. Five
          # minutes is far above the ping interval the daemon keeps when
          # healthy, so only a real hang ends in a restart. Set it to 0 to
          # turn the watchdog off.
          WatchdogSec = mkDefault "5min";

          # Root, as nixos-rebuild: the daemon sets the system profile,
          # registers GC roots and starts activation. Group: the state
          # directory is shared with the allowed users' ask-nix.
          Group = cfg.group;
          StateDirectory = lib.removePrefix "/var/lib/" stateDir;
          # setgid: files made in it take the group (see the activation
          # script above).
          StateDirectoryMode = "2775";
          CacheDirectory = "nix-humanity";
          RuntimeDirectory = "nix-humanity";
          UMask = "0022";

          # Everything read-only but what the daemon writes itself:
          # profiles, generations and GC roots live in /nix/var/nix (the
          # store is written by nix-daemon), `update` rewrites flake.lock
          # next to the fragment, and the state, cache and runtime
          # directories above. Activation does not run in this sandbox: it
          # runs in a transient unit (systemd-run), where
          # switch-to-configuration may write /etc, /boot and the rest.
          ProtectSystem = "strict";
          # ("-": a folder that does not exist yet is skipped, not fatal.)
          ReadWritePaths = lib.unique (
            [
              "/nix/var/nix"
              "-${dirOf profile}"
              "-${dirOf cfg.fragment}"
            ]
            # A package index kept outside the state directory.
            ++ lib.optional ((cfg.settings.indexDir or null) != null) "-${cfg.settings.indexDir}"
          );
          PrivateTmp = true;
          PrivateDevices = true;
          NoNewPrivileges = true;
          ProtectKernelTunables = true;
          ProtectKernelModules = true;
          ProtectKernelLogs = true;
          ProtectControlGroups = true;
          ProtectClock = true;
          RestrictNamespaces = true;
          RestrictRealtime = true;
          RestrictSUIDSGID = true;
          LockPersonality = true;
          SystemCallArchitectures = "native";
          # Local sockets (nix-daemon, systemd) and IP (fetching flake
          # inputs, the metrics endpoint).
          RestrictAddressFamilies = [
            "AF_UNIX"
            "AF_INET"
            "AF_INET6"
          ];

          # Relaxed on purpose:
          # - ProtectHome is unset: ProtectSystem=strict already makes /home
          #   and /root read-only, and hiding them would break
          #   configurations that import files from a home directory.
          # - ProtectHostname is unset: it would freeze the host name the
          #   daemon sees, and a flake system is chosen by host name, which
          #   a switch may change.
          # - PrivateNetwork and IPAddressDeny are unset: flake inputs and
          #   channels are fetched over the network, and /metrics listens.
          # - CapabilityBoundingSet is not narrowed: evaluation reads files
          #   of any owner, and health checks run arbitrary commands. This
          #   unit can start any system through systemd-run anyway; the
          #   sandbox guards against mistakes, not against the daemon.
          # - SystemCallFilter and MemoryDenyWriteExecute are unset: health
          #   checks are user-chosen programs (some runtimes need W+X
          #   memory or unusual calls).
        };
      };
    }

    (mkIf (cfg.metrics.enable && cfg.metrics.openFirewall) {
      networking.firewall.allowedTCPPorts = [ cfg.metrics.port ];
    })
  ]);
}
