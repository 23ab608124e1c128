# STAND-IN for NixOS, for the nix-humanity playground and tests.
#
# This is not NixOS. It evaluates the managed fragment as a module with a
# tiny module merge of its own (enough for the fragment's pure-data shape)
# and builds, with /bin/sh, a toplevel laid out like a NixOS system:
#
#   nixos-version                      the version string
#   kernel, initrd                     stand-in boot files
#   kernel-modules/lib/modules/<ver>   the kernel version, as NixOS keeps it
#                                      (a link to the stand-in kernel's path)
#   sw/bin/<pkg>                       one entry per environment.systemPackages
#   init, activate                     present, as the sanity check expects
#   bin/switch-to-configuration        records the action it was given in
#                                      activationLog, points
#                                      <runDir>/current-system at this system
#                                      (as NixOS activation does) and fails
#                                      when standin.failActivation = true
#   bin/standin-health-check           fails when standin.failHealthCheck = true
#   etc/standin-config.json            the merged configuration, to look at
#   etc/systemd/system/sshd.service    when services.openssh.enable, where
#                                      NixOS has the SSH server's unit
#
# Options it gives meaning to: environment.systemPackages (a list of stand-in
# packages; an unknown package fails evaluation like real nixpkgs),
# networking.hostName, system.nixos.version, system.configurationRevision,
# standin.kernelVersion, standin.failActivation, standin.failHealthCheck,
# standin.buildSeconds (the toplevel's build takes that long: a slow build
# to interrupt in tests), standin.failBuild (the toplevel's build fails),
# nixpkgs.config (passed to the stand-in package set: an unfree package
# evaluates only with nixpkgs.config.allowUnfree = true).
# Any other option is accepted and only written to etc/standin-config.json.
# A few options have NixOS's defaults, for the questions ask-nix answers
# ("is port 80 open?", "is ssh enabled?", "what's my locale?"): the
# firewall (on, no ports), services.openssh.enable, i18n.defaultLocale,
# console.keyMap, services.xserver.xkb, boot.loader.timeout,
# networking.nameservers and powerManagement.cpuFreqGovernor. No module
# declares the rest, so an option nothing sets is absent here, where NixOS
# would have its default, and ask-nix says it cannot tell.
{ fragment             # path of the managed fragment
, runDir               # where current-system lives (a string)
, activationLog        # file switch-to-configuration appends to (a string)
, hostName ? "playground"
, system ? builtins.currentSystem # a flake (pure evaluation) passes it
}:
let
  inherit (builtins) isAttrs isList isBool isString attrNames listToAttrs
    all toJSON removeAttrs;

  # nixpkgs.config reaches the package set, as in NixOS: with
  # nixpkgs.config.allowUnfree = true, unfree packages evaluate.
  pkgs = import ./pkgs.nix { inherit system; config = config.nixpkgs.config or { }; };

  isDerivation = x: isAttrs x && (x.type or null) == "derivation";

  # The stand-in for lib.evalModules: attribute sets merge recursively,
  # lists concatenate, any other later definition wins.
  merge = a: b:
    if isAttrs a && isAttrs b && !isDerivation a && !isDerivation b then
      a // listToAttrs (map (n: {
        name = n;
        value = if a ? ${n} then merge a.${n} b.${n} else b.${n};
      }) (attrNames b))
    else if isList a && isList b then a ++ b
    else b;

  # The few lib functions a hand-edited fragment might reach for.
  lib = {
    mkDefault = x: x;
    mkForce = x: x;
    mkOverride = _: x: x;
  };

  defaults = {
    environment.systemPackages = [ ];
    networking.hostName = hostName;
    # NixOS's own defaults for the firewall, which "is port 80 open?"
    # reads (the stand-in has no modules to declare them).
    networking.firewall = {
      enable = true;
      allowedTCPPorts = [ ];
      allowedUDPPorts = [ ];
      allowedTCPPortRanges = [ ];
      allowedUDPPortRanges = [ ];
    };
    # NixOS's defaults for the settings asked about most.
    networking.nameservers = [ ];
    services.openssh.enable = false;
    i18n.defaultLocale = "en_US.UTF-8";
    console.keyMap = "us";
    services.xserver.xkb = { layout = "us"; variant = ""; };
    boot.loader.timeout = 5;
    powerManagement.cpuFreqGovernor = null;
    system.nixos.version = "25.11.19700101.standin";
    system.configurationRevision = null;
    standin = {
      kernelVersion = "6.12.0-standin";
      failActivation = false;
      failHealthCheck = false;
      buildSeconds = 0;
      failBuild = false;
    };
  };

  module = import fragment;
  definitions = module { inherit config pkgs lib; options = { }; modulesPath = ""; };
  config = merge defaults definitions;

  # Type checks, in the words NixOS uses, for the options given meaning.
  check = name: ok: value:
    if ok then value
    else throw "A definition for option `${name}' is not of the right type (stand-in NixOS of the nix-humanity playground).";
  packages = check "environment.systemPackages"
    (isList config.environment.systemPackages && all isDerivation config.environment.systemPackages)
    config.environment.systemPackages;
  failActivation = check "standin.failActivation" (isBool config.standin.failActivation) config.standin.failActivation;
  failHealthCheck = check "standin.failHealthCheck" (isBool config.standin.failHealthCheck) config.standin.failHealthCheck;
  version = check "system.nixos.version" (isString config.system.nixos.version) config.system.nixos.version;
  kernelVersion = check "standin.kernelVersion" (isString config.standin.kernelVersion) config.standin.kernelVersion;
  buildSeconds = check "standin.buildSeconds" (builtins.isInt config.standin.buildSeconds) config.standin.buildSeconds;
  failBuild = check "standin.failBuild" (isBool config.standin.failBuild) config.standin.failBuild;
  revision = config.system.configurationRevision;

  run = name: script: env: derivation ({
    inherit name system;
    builder = "/bin/sh";
    PATH = "/bin:/usr/bin";
    args = [ "-c" script ];
  } // env);

  # sh single quotes around any string: nothing inside is expanded.
  shellQuote = s: "'" + builtins.replaceStrings [ "'" ] [ "'\\''" ] s + "'";

  nixosVersionTool = run "nixos-version-standin" ''
    mkdir -p "$out/bin" "$out/share"
    printf '%s\n' "$json" > "$out/share/nixos-version.json"
    printf '%s\n' "$version" > "$out/share/nixos-version"
    printf '%s' "$script" > "$out/bin/nixos-version"
    chmod +x "$out/bin/nixos-version"
  '' {
    inherit version;
    json = toJSON ({ nixosVersion = version; } // (if revision == null then { } else { configurationRevision = revision; }));
    script = ''
      #!/bin/sh
      # Stand-in for nixos-version (nix-humanity playground).
      if [ "''${1:-}" = --json ]; then
        exec /bin/cat "${builtins.placeholder "out"}/share/nixos-version.json"
      fi
      exec /bin/cat "${builtins.placeholder "out"}/share/nixos-version"
    '';
  };

  sw = run "system-path" ''
    mkdir -p "$out/bin"
    for p in $packages; do
      for f in "$p"/bin/*; do
        [ -e "$f" ] && ln -sf "$f" "$out/bin/"
      done
    done
  '' { packages = packages ++ [ nixosVersionTool ]; };

  kernel = run "linux-${kernelVersion}" ''
    mkdir -p "$out/lib/modules/$kv"
    echo "stand-in kernel $kv" > "$out/bzImage"
  '' { kv = kernelVersion; };

  initrd = run "initrd-${kernelVersion}" ''
    echo "stand-in initrd for $kv" > "$out"
  '' { kv = kernelVersion; };

  self = builtins.placeholder "out";

  switchToConfiguration = ''
    #!/bin/sh
    # Stand-in for NixOS's switch-to-configuration (nix-humanity playground).
    PATH=/bin:/usr/bin:$PATH
    action="''${1:-}"
    case "$action" in
      switch|boot|test|dry-activate) ;;
      *) echo "usage: switch-to-configuration [switch|boot|test|dry-activate]" >&2; exit 1 ;;
    esac
    printf '%s %s%s\n' "$action" "${self}" "''${NIXOS_INSTALL_BOOTLOADER:+ install-bootloader}" >> ${shellQuote activationLog}
    case "$action" in
      switch|test)
        mkdir -p ${shellQuote runDir}
        ln -sfn "${self}" ${shellQuote "${runDir}/current-system"}
        ${if failActivation then ''
          echo "stand-in activation of ${self} failed on request (standin.failActivation = true)" >&2
          exit 4
        '' else ""}
        ;;
    esac
    exit 0
  '';

  healthCheck = ''
    #!/bin/sh
    # Stand-in health check (nix-humanity playground).
    ${if failHealthCheck then ''
      echo "stand-in health check failed on request (standin.failHealthCheck = true)" >&2
      exit 1
    '' else ""}
    echo ok
  '';

  init = ''
    #!/bin/sh
    echo "stand-in init of the nix-humanity playground: this system cannot boot" >&2
    exit 1
  '';

  settings = removeAttrs config [ "environment" ] // {
    environment = removeAttrs config.environment [ "systemPackages" ];
  };

  toplevel = run "nixos-system-${config.networking.hostName}-${version}" ''
    [ "$buildSeconds" -gt 0 ] && sleep "$buildSeconds"
    if [ -n "$failBuild" ]; then
      echo "compiling the stand-in system"
      echo "stand-in build failed on request (standin.failBuild = true)" >&2
      exit 1
    fi
    mkdir -p "$out/bin" "$out/specialisation" "$out/etc"
    printf '%s' "$version" > "$out/nixos-version"
    ln -s "$sw" "$out/sw"
    ln -s "$kernel/bzImage" "$out/kernel"
    # A store path of its own, as in NixOS: the same for every generation
    # with this kernel, so a reboot is due only when the kernel changes.
    ln -s "$kernel" "$out/kernel-modules"
    ln -s "$initrd" "$out/initrd"
    printf '%s' "$switchToConfiguration" > "$out/bin/switch-to-configuration"
    printf '%s' "$healthCheck" > "$out/bin/standin-health-check"
    printf '%s' "$init" > "$out/init"
    printf '#!/bin/sh\nexec %s/bin/switch-to-configuration test\n' "$out" > "$out/activate"
    printf '%s\n' "$configJSON" > "$out/etc/standin-config.json"
    printf '%s' "$systemName" > "$out/etc/hostname"
    if [ -n "$sshd" ]; then
      mkdir -p "$out/etc/systemd/system"
      printf '[Unit]\nDescription=SSH Daemon (stand-in: nothing runs)\n' > "$out/etc/systemd/system/sshd.service"
    fi
    chmod +x "$out/bin/switch-to-configuration" "$out/bin/standin-health-check" "$out/init" "$out/activate"
  '' {
    inherit version kernelVersion sw kernel initrd switchToConfiguration healthCheck init;
    buildSeconds = toString buildSeconds;
    failBuild = if failBuild then "1" else "";
    sshd = if config.services.openssh.enable then "1" else "";
    systemName = config.networking.hostName;
    configJSON = toJSON settings;
  };
in
{
  inherit config pkgs;
  system = toplevel;
}
