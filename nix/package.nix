# nix-humanity: ask-nix and nix-humanityd, with shell completions and man
# pages. Used by the flake (packages, overlay) and, through
# pkgs.callPackage, by nixmodule/module.nix when no package is given.
{
  lib,
  stdenv,
  buildGoModule,
  go,
  buildGo126Module ? null,
  go_1_26 ? null,
  installShellFiles,
  version ? "dev",
  # Only what the Go build reads (top-level names; nix/flake_test.go
  # vendors the same tree), so an edit to the docs or the Nix files does not
  # rebuild the package.
  src ? lib.cleanSourceWith {
    name = "nix-humanity-source";
    src = lib.cleanSource ../.;
    filter =
      path: _type:
      !(builtins.elem (lib.removePrefix "${toString ../.}/" (toString path)) [
        "flake.nix"
        "flake.lock"
        "nix"
        "docs"
        "README.md"
        "BENCHMARKS.md"
        "Makefile"
        ".ci"
        "bin"
        "playground"
      ]);
  },
}:

let
  # go.mod asks for Go 1.26; nixpkgs releases before 26.05 default to an
  # older Go, which would refuse to build (GOTOOLCHAIN=local).
  buildGoModule' =
    if lib.versionAtLeast go.version "1.26" then
      buildGoModule
    else if buildGo126Module != null then
      buildGo126Module
    else if go_1_26 != null then
      buildGoModule.override { go = go_1_26; }
    else
      throw "nix-humanity needs Go 1.26 or newer (see go.mod), and this nixpkgs has Go ${go.version}: use nixpkgs 26.05 or newer, or the flake's package (services.nix-humanity.package).";

  canRun = stdenv.buildPlatform.canExecute stdenv.hostPlatform;
in
buildGoModule' {
  pname = "nix-humanity";
  inherit version src;

  # The NAR hash of `go mod vendor`. nix/flake_test.go recomputes it on
  # every `make test` and prints the new line to paste when go.mod or
  # go.sum change.
  vendorHash = "sha256-sAHqyhQ/5bqDmThluB+VoO0ZoV9XOTFOdAd1KaayNxs=";

  subPackages = [
    "cmd/ask-nix"
    "cmd/nix-humanityd"
  ];

  # Static binaries start faster (no dynamic loader), and ask-nix's
  # start-up is a large part of a `generations` or `explain` call.
  env.CGO_ENABLED = 0;

  ldflags = [
    "-s"
    "-w"
    "-X github.com/nix-humanity/nix-humanity/internal/version.Version=${version}"
  ];

  nativeBuildInputs = [ installShellFiles ];

  # The tests run real Nix (builds into /nix/store, profiles, generations),
  # which the build sandbox cannot offer. CI runs them (`make test`), and the
  # flake's vm-test check runs this package on NixOS.
  doCheck = false;

  # Completions come from cobra; the man pages are made from each program's
  # --help text (nix/man-from-help.sh), so they cannot drift from it.
  postInstall = lib.optionalString canRun ''
    installShellCompletion --cmd ask-nix \
      --bash <($out/bin/ask-nix completion bash) \
      --zsh <($out/bin/ask-nix completion zsh) \
      --fish <($out/bin/ask-nix completion fish)
    sh ${./man-from-help.sh} ask-nix 1 "change your NixOS system by saying what you want" \
      ${lib.escapeShellArg version} $out/bin/ask-nix > ask-nix.1
    sh ${./man-from-help.sh} nix-humanityd 8 "the nix-humanity reconciler daemon" \
      ${lib.escapeShellArg version} $out/bin/nix-humanityd > nix-humanityd.8
    installManPage ask-nix.1 nix-humanityd.8
  '';

  meta = {
    description = "Plain-language changes to a NixOS system, applied by a reconciler that keeps generations and rolls back";
    homepage = "https://github.com/nix-humanity/nix-humanity";
    mainProgram = "ask-nix";
    platforms = lib.platforms.linux or [
      "x86_64-linux"
      "aarch64-linux"
    ];
  };
}
