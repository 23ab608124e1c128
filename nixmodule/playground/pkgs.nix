# STAND-IN for nixpkgs, for the nix-humanity playground and tests.
#
# This is not nixpkgs. Every package here is a tiny derivation built with
# /bin/sh that puts one script in bin/ saying it is a stand-in (named as
# the real program is, with meta.mainProgram where nixpkgs has one that
# differs from the name: ripgrep's rg, helix's hx). It exists so
# the whole pipeline (evaluate the real fragment, build into /nix/store, make
# profile generations, activate) runs with real Nix on a machine without
# nixpkgs. A name that is not listed here fails evaluation, as an unknown
# attribute of real nixpkgs does.
#
# One package (google-chrome) has an unfree license, and is refused the way
# nixpkgs refuses one (pkgs/stdenv/generic/check-meta.nix): listing it, its
# name and meta (license.free = false, unfree = true) work; evaluating its
# derivation (drvPath, outPath) throws nixpkgs' message unless
# config.allowUnfree is true. The NixOS stand-in passes the system's
# nixpkgs.config as config.
{ system ? builtins.currentSystem, config ? { }, ... }:
let

  # One stand-in package: bin/<name> prints what it is. Where the real
  # package's program is named otherwise (ripgrep's rg), mainProgram says
  # so as the real meta.mainProgram does, for search ("search rg" finds
  # ripgrep): the script is then bin/<mainProgram>, and bin/<name> a link
  # to it (stand-in only: every stand-in answers to its attribute's name).
  mk = attr: { version ? "1.0", description ? "stand-in for ${attr}", mainProgram ? null }:
    let
      name = baseNameOf (builtins.replaceStrings [ "." ] [ "/" ] attr);
      bin = if mainProgram == null then name else mainProgram;
      script = ''
        mkdir -p "$out/bin"
        printf '#!/bin/sh\necho "%s %s (nix-humanity playground stand-in, not the real program)"\n' "$bin" "$version" > "$out/bin/$bin"
        chmod +x "$out/bin/$bin"
      '';
    in
    derivation ({
      name = "${name}-${version}";
      pname = name;
      inherit system version bin;
      builder = "/bin/sh";
      PATH = "/bin:/usr/bin";
      args = [ "-c" (if mainProgram == null then script else script + ''ln -s "$bin" "$out/bin/$pname"'') ];
    }) // { meta = { inherit description; } // (if mainProgram == null then { } else { inherit mainProgram; }); };

  top = builtins.mapAttrs mk {
    hello = { version = "2.12.1"; description = "A program that produces a familiar, friendly greeting"; };
    firefox = { version = "133.0"; description = "Web browser built from Firefox source tree"; };
    chromium = { version = "131.0"; description = "Open source web browser from Google"; };
    thunderbird = { version = "128.5"; description = "Full-featured e-mail client"; };
    htop = { version = "3.3.0"; description = "Interactive process viewer"; };
    btop = { version = "1.4.0"; description = "Monitor of resources"; };
    git = { version = "2.47.0"; description = "Distributed version control system"; };
    vim = { version = "9.1.0"; description = "Most popular clone of the VI editor"; };
    neovim = { version = "0.10.2"; description = "Vim text editor fork focused on extensibility and agility"; mainProgram = "nvim"; };
    helix = { version = "25.01.1"; description = "Post-modern modal text editor"; mainProgram = "hx"; };
    emacs = { version = "30.1"; description = "Extensible, customizable GNU text editor"; };
    curl = { version = "8.11.0"; description = "Command line tool for transferring files with URL syntax"; };
    wget = { version = "1.25.0"; description = "Tool for retrieving files using HTTP, HTTPS, and FTP"; };
    jq = { version = "1.7.1"; description = "Lightweight and flexible command-line JSON processor"; };
    ripgrep = { version = "14.1.1"; description = "Utility that combines the usability of The Silver Searcher with the raw speed of grep"; mainProgram = "rg"; };
    fd = { version = "10.2.0"; description = "Simple, fast and user-friendly alternative to find"; };
    tmux = { version = "3.5a"; description = "Terminal multiplexer"; };
    tree = { version = "2.2.1"; description = "Command to produce a depth indented directory listing"; };
    python3 = { version = "3.12.8"; description = "High-level dynamically-typed programming language"; };
    nodejs = { version = "22.12.0"; description = "Event-driven I/O framework for the V8 JavaScript engine"; mainProgram = "node"; };
    go = { version = "1.23.4"; description = "Go Programming language"; };
    gcc = { version = "14.2.1"; description = "GNU Compiler Collection"; };
    gnumake = { version = "4.4.1"; description = "Tool to control the generation of non-source files from sources"; mainProgram = "make"; };
    zsh = { version = "5.9"; description = "Z shell"; };
    fish = { version = "3.7.1"; description = "Smart and user-friendly command line shell"; };
    unzip = { version = "6.0"; description = "Extraction utility for archives compressed in .zip format"; };
    rsync = { version = "3.3.0"; description = "Fast incremental file transfer utility"; };
    nmap = { version = "7.95"; description = "Free and open source utility for network discovery and security auditing"; };
    vlc = { version = "3.0.21"; description = "Cross-platform media player and streaming server"; };
    gimp = { version = "2.10.38"; description = "GNU Image Manipulation Program"; };
    libreoffice = { version = "24.8.4.2"; description = "Comprehensive, professional-quality productivity suite, a variant of openoffice.org"; };
    fastfetch = { version = "2.31.0"; description = "Like neofetch, but much faster because written in C"; };
    cowsay = { version = "3.8.3"; description = "Program which generates ASCII pictures of a cow with a message"; };
  };
  # A stand-in with an unfree license. The first line of the refusal is
  # nixpkgs' own sentence, which ask-nix's reconciler recognises; the rest
  # is this stand-in's.
  unfreeSet = {
    google-chrome = { version = "131.0"; description = "Freeware web browser developed by Google"; mainProgram = "google-chrome-stable"; };
  };
  allowUnfree = (config.allowUnfree or false) == true;
  unfree = attr: args:
    let
      pkg = mk attr args;
      pos = builtins.unsafeGetAttrPos attr unfreeSet;
      refuse = throw ''
        Package ‘${pkg.name}’ in ${pos.file}:${toString pos.line} has an unfree license (‘unfree’), refusing to evaluate.

        (nix-humanity playground: this stand-in nixpkgs builds it only with
        nixpkgs.config.allowUnfree = true in the system's configuration.)
      '';
      allowed = v: if allowUnfree then v else refuse;
    in
    pkg // {
      drvPath = allowed pkg.drvPath;
      outPath = allowed pkg.outPath;
      meta = pkg.meta // {
        license = { shortName = "unfree"; fullName = "Unfree"; free = false; redistributable = false; };
        unfree = true;
      };
    };
in
top // builtins.mapAttrs unfree unfreeSet // {
  python3Packages = builtins.mapAttrs (n: mk "python3Packages.${n}") {
    requests = { version = "2.32.3"; description = "HTTP library for Python"; };
    numpy = { version = "2.1.3"; description = "Scientific tools for Python"; };
  } // { recurseForDerivations = true; };
}
