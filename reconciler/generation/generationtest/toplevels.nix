# Store paths shaped like NixOS system toplevels, for the generation tests
# and the benchmark. Each is built for real; only NixOS itself is stood in
# for. Parts are left out on purpose so the reader's "missing file, empty
# field" rule is exercised against real store paths:
#
#   full        nixos-version, kernel-modules/lib/modules/6.12.9,
#               sw/bin/nixos-version (with configurationRevision in its
#               JSON), specialisation/{gaming,minimal}
#   plain       no configurationRevision, no specialisation directory
#   newer       another version, kernel and revision, one specialisation
#   noVersion   no nixos-version file
#   noKernel    no kernel-modules, no sw
#   emptyDirs   empty kernel-modules/lib/modules and specialisation, and a
#               nixos-version tool without the JSON branch
#   bare        a plain file, not a directory: everything is missing
#
# `many` (with count > 0) is one derivation with `count` outputs, each a
# distinct full toplevel, for the 1000-distinct-store-paths benchmark.
{ count ? 0, salt ? "" }:
let
  system = builtins.currentSystem;
  # The builder has no PATH: every tool is named by its absolute path.
  mk = name: script: derivation {
    inherit name system;
    builder = "/bin/sh";
    args = [ "-c" script ];
    inherit salt;
  };

  kernelModules = v: mk "linux-${v}-modules" "/bin/mkdir -p $out/lib/modules/${v}/kernel";

  # A stand-in for NixOS's nixos-version tool: the JSON branch is laid out
  # as NixOS lays it out (a quoted here-document), which is where
  # nixos-rebuild list-generations gets configurationRevision from.
  versionTool = info: mk "nixos-version" ''
    /bin/mkdir -p $out/bin
    /bin/cat > $out/bin/nixos-version <<'TOOL'
    #! /bin/sh
    case "$1" in
      --json)
        cat <<'EOF'
    ${builtins.toJSON info}
    EOF
        ;;
      *)
        echo "${info.nixosVersion} (Stand-in)"
        ;;
    esac
    TOOL
    /bin/chmod +x $out/bin/nixos-version
  '';

  # A tool from before the JSON branch existed.
  oldVersionTool = v: mk "nixos-version" ''
    /bin/mkdir -p $out/bin
    /bin/cat > $out/bin/nixos-version <<'TOOL'
    #! /bin/sh
    echo "${v} (Stand-in)"
    TOOL
    /bin/chmod +x $out/bin/nixos-version
  '';

  systemPath = tool: mk "system-path" ''
    /bin/mkdir -p $out/bin
    /bin/ln -s ${tool}/bin/nixos-version $out/bin/nixos-version
  '';

  toplevel = { name, version ? null, kernel ? null, tool ? null, specialisations ? { } }: mk "nixos-system-${name}" (''
    /bin/mkdir -p $out/bin
    /bin/cat > $out/bin/switch-to-configuration <<'EOF'
    #! /bin/sh
    exit 0
    EOF
    /bin/chmod +x $out/bin/switch-to-configuration
  ''
  + (if version == null then "" else "echo -n ${version} > $out/nixos-version\n")
  + (if kernel == null then "" else "/bin/ln -s ${kernel} $out/kernel-modules\n")
  + (if tool == null then "" else "/bin/ln -s ${systemPath tool} $out/sw\n")
  + (if specialisations == { } then "" else
      "/bin/mkdir $out/specialisation\n"
      + builtins.concatStringsSep "" (map (n: "/bin/ln -s ${specialisations.${n}} $out/specialisation/${n}\n")
          (builtins.attrNames specialisations))));

  spec = toplevel { name = "spec"; version = "25.11.1234"; kernel = kernelModules "6.12.9"; };

  many = derivation {
    name = "nixos-system-many";
    inherit system salt;
    outputs = [ "out" ] ++ builtins.genList (i: "t${toString i}") count;
    builder = "/bin/sh";
    args = [ "-c" ''
      /bin/mkdir -p $out
      i=0
      while [ $i -lt ${toString count} ]; do
        eval "o=\$t$i"
        /bin/mkdir -p $o/bin
        echo -n "25.11.$i" > $o/nixos-version
        /bin/ln -s ${kernelModules "6.12.9"} $o/kernel-modules
        /bin/ln -s ${systemPath (versionTool { nixosVersion = "25.11"; configurationRevision = "0123456789abcdef"; })} $o/sw
        /bin/mkdir $o/specialisation
        /bin/ln -s ${spec} $o/specialisation/minimal
        i=$((i+1))
      done
    '' ];
  };
in
{
  full = toplevel {
    name = "full";
    version = "25.11.1234";
    kernel = kernelModules "6.12.9";
    tool = versionTool { nixosVersion = "25.11.1234"; configurationRevision = "1f0c2d3e4b5a69788796a5b4c3d2e1f001234567"; };
    specialisations = { gaming = spec; minimal = spec; };
  };
  plain = toplevel {
    name = "plain";
    version = "25.11.1300";
    kernel = kernelModules "6.12.9";
    tool = versionTool { nixosVersion = "25.11.1300"; };
  };
  newer = toplevel {
    name = "newer";
    version = "25.11.1400";
    kernel = kernelModules "6.12.10";
    tool = versionTool { nixosVersion = "25.11.1400"; nixpkgsRevision = "abcdef0123456789"; configurationRevision = "deadbeef"; };
    specialisations = { vm = spec; };
  };
  noVersion = toplevel {
    name = "no-version";
    kernel = kernelModules "6.12.9";
    tool = versionTool { nixosVersion = "25.11.1234"; configurationRevision = "cafe"; };
  };
  noKernel = toplevel { name = "no-kernel"; version = "25.11.1234"; };
  emptyDirs = mk "nixos-system-empty-dirs" ''
    /bin/mkdir -p $out/kernel-modules/lib/modules $out/specialisation
    echo -n 25.11.1500 > $out/nixos-version
    /bin/ln -s ${systemPath (oldVersionTool "25.11.1500")} $out/sw
  '';
  bare = mk "nixos-system-bare" "echo not a directory > $out";
  inherit many;
}
