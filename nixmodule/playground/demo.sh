#!/usr/bin/env bash
# `make demo`: the main job of nix-humanity on a machine without NixOS.
# Everything below runs real Nix (evaluation, builds into /nix/store,
# profile generations, activation scripts) in a playground folder of its
# own; only NixOS itself is a stand-in (nixmodule/playground/nixos.nix).
set -euo pipefail
BIN=${BIN:-bin}
dir=${PLAYGROUND:-$(mktemp -d "${TMPDIR:-/tmp}/nix-humanity-playground.XXXXXX")}

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
# run shows the command as one would type it (quoting words with spaces).
run() {
  local shown=() a
  for a in "$@"; do
    if [[ $a == *" "* ]]; then shown+=("\"$a\""); else shown+=("$a"); fi
  done
  say "${shown[*]}"
  "$@"
}
# wait_for_generation N: until the reconciler reports generation N current.
wait_for_generation() {
  for _ in $(seq 1 200); do
    if "$BIN/ask-nix" status | grep -q "generation $1 (current"; then return 0; fi
    sleep 0.1
  done
  echo "the daemon did not reach generation $1; its log:" >&2
  cat "$dir/daemon.log" >&2
  return 1
}

run "$BIN/nix-humanityd" --playground "$dir" --setup-only
export NIX_HUMANITY_CONFIG=$dir/config.json
say "export NIX_HUMANITY_CONFIG=$NIX_HUMANITY_CONFIG"

# The package index, from the stand-in package set (pkgs.nix).
run "$BIN/ask-nix" index update
run "$BIN/ask-nix" search hello
run "$BIN/ask-nix" -y "install hello"
run "$BIN/ask-nix" apply
run "$BIN/ask-nix" generations
run "$dir/run/current-system/sw/bin/hello"

# Shown as run: the daemon in the background, its log in a file.
say "$BIN/nix-humanityd --playground $dir >$dir/daemon.log 2>&1 &    # the reconciler watches the fragment from now on"
"$BIN/nix-humanityd" --playground "$dir" >"$dir/daemon.log" 2>&1 &
daemon=$!
trap 'kill "$daemon" 2>/dev/null || true' EXIT
# Until it holds its lock, ask-nix would rightly say no daemon runs.
for _ in $(seq 1 100); do
  "$BIN/ask-nix" status --json | grep -q '"daemonRunning":true' && break
  sleep 0.05
done
run "$BIN/ask-nix" -y "install cowsay and open port 8080"
wait_for_generation 3
# The daemon reads what the pass did to the packages right after it.
for _ in $(seq 1 30); do
  "$BIN/ask-nix" status | grep -q "packages:" && break
  sleep 0.1
done
run "$BIN/ask-nix" status
# A question: the configuration's firewall, evaluated by Nix.
run "$BIN/ask-nix" "is port 8080 open?"
# Stopped in the open, so the status further down reads as it should.
say "kill $daemon    # stop the reconciler (SIGTERM: it finishes cleanly)"
kill "$daemon"
wait "$daemon" || true
trap - EXIT
say "cat $dir/daemon.log"
cat "$dir/daemon.log"

run "$BIN/ask-nix" -y rollback
run "$BIN/ask-nix" status
run "$BIN/ask-nix" generations

printf '\nThe playground stays in %s: its fragment (nix-humanity.nix), profile\n(profiles/), state (state/) and the stand-in activation log (activation.log).\nTry more with: export NIX_HUMANITY_CONFIG=%s\n' "$dir" "$NIX_HUMANITY_CONFIG"
