#!/usr/bin/env bash
# Whole-process timings of ask-nix next to the Nix command it waits for,
# with hyperfine (Debian: apt-get install hyperfine). Run from the
# repository root: bash cmd/ask-nix/testdata/bench.sh
# The Go benchmarks (go test -bench . ./cmd/ask-nix/) measure the same
# things; this is the independent check.
set -euo pipefail
export PATH=/usr/local/go/bin:$PATH
export NIX_CONFIG=${NIX_CONFIG:-$'build-users-group =\nsubstituters =\nsandbox = false\nexperimental-features = nix-command flakes'}
hf=$(command -v hyperfine) || { echo "hyperfine is not installed" >&2; exit 1; }
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
# Built as `make build` and the Nix package build it (static).
CGO_ENABLED=0 go build -ldflags '-s -w' -o "$w/ask-nix" ./cmd/ask-nix
mkdir -p "$w/etc/nixos"
export NIX_HUMANITY_FRAGMENT=$w/etc/nixos/nix-humanity.nix
export NIX_HUMANITY_STATE_DIR=$w/state
export NIX_HUMANITY_CONFIG=none
export XDG_CONFIG_HOME=$w/config
# No package index: one left in ~/.cache by a playground would refuse
# the made-up benchpkg, and a lookup is not what this times.
export XDG_CACHE_HOME=$w/cache
export NIX_HUMANITY_INDEX_DIR=$w/index
cd "$w"
./ask-nix -y install firefox, htop, git and vim >/dev/null
# The timed edit is `install benchpkg`; each run's prepare step undoes the
# install before it, so the newest edit is always that install.
./ask-nix -y install benchpkg >/dev/null
cp "$NIX_HUMANITY_FRAGMENT" parse-input.nix
runs=${RUNS:-100}
request=${REQUEST:-could you please install git and vim for me}
echo "== explain, whole process (target: under 15 ms)"
"$hf" -N -w 5 -r "$runs" "./ask-nix explain --json '$request'"
echo "== edit end to end without Nix validation (target: under 20 ms)"
PATH=/nonexistent "$hf" -N -w 5 -r "$runs" --prepare './ask-nix -y undo' './ask-nix -y install benchpkg'
echo "== Nix's own parse of the same fragment"
"$hf" -N -w 5 -r "$runs" 'nix-instantiate --parse parse-input.nix'
echo "== edit end to end with nix-instantiate --parse (target: the parse plus under 10 ms)"
"$hf" -N -w 5 -r "$runs" --prepare './ask-nix -y undo' './ask-nix -y install benchpkg'
