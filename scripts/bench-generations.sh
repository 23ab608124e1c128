#!/usr/bin/env bash
# Side by side, in one run: `ask-nix generations --json` against
# `nix-env --list-generations` on the same 1000-generation profiles.
#
#   scripts/bench-generations.sh            # hyperfine if installed, else a date loop
#   RUNS=500 scripts/bench-generations.sh
#   NO_HYPERFINE=1 scripts/bench-generations.sh   # the date +%s%N loop
#
# Two profiles, both made of real store paths built here with real Nix
# (reconciler/generation/generationtest/toplevels.nix):
#   few       1000 generation links over 7 toplevels (some lacking files)
#   distinct  1000 generation links over 1000 distinct toplevels, as on a
#             machine that rebuilt 1000 times
# Link times are spread over the past 1000 hours, like a real profile's.
#
# For ask-nix four cases are timed:
#   warm      the cache file and the memo from an earlier run: the memo is
#             the last JSON listing, kept with the state it was read from
#             (profile and store directory stamps, current and booted
#             links, time zone, the binary); all of it unchanged, so the
#             listing is copied from it (reconciler/generation/memo.go)
#   cold      no cache file and no memo: every link and every toplevel is
#             read (in parallel), and both files are written (atomic,
#             fsynced)
#   no-cache  --no-cache: everything read, nothing cached or written
#   warm, dir just changed
#             the profile directory changed right before (as after any
#             nix-env call or a new generation): the memo is stale, every
#             link is read again, the toplevels' metadata comes from the
#             cache
#   warm, store just changed
#             the store directory changed right before (as while anything
#             builds): the memo is stale, the snapshot of the links is
#             used, but every cached store path is checked to still exist
# The store is a private one (see NIX_STORE_DIR below), so nothing else
# changes it during the run.
# nix-env reads only numbers and dates; ask-nix also reads the NixOS
# version, kernel, configuration revision, specialisations, booted state
# and store path of every generation.
set -euo pipefail

cd "$(dirname "$0")/.."
export PATH=/usr/local/go/bin:$HOME/go/bin:$PATH
if [ ! -e /etc/NIXOS ] && [ -z "${NIX_CONFIG:-}" ]; then
  export NIX_CONFIG=$'build-users-group =\nsubstituters =\nsandbox = false\nexperimental-features = nix-command flakes'
fi
RUNS=${RUNS:-300}
N=1000

work=$(mktemp -d /tmp/bench-generations.XXXXXX)
# Store paths are read-only: make them removable before removing.
trap '[ -n "${KEEP:-}" ] || { chmod -R u+w "$work"; rm -rf "$work"; }' EXIT

# A Nix store of this run's own: nothing else builds into it, so it stays
# still the way a machine's store does when nothing is being built (the
# "store just changed" case below shows the other state). nix-env uses the
# same store settings; --list-generations reads only the profile directory.
export NIX_STORE_DIR=$work/nix/store NIX_STATE_DIR=$work/nix/var NIX_LOG_DIR=$work/nix/log
mkdir -p "$NIX_STORE_DIR"

# Two builds: static (CGO_ENABLED=0, as `make build` and the Nix package
# build it), timed in every case, and with cgo (what a plain `go build`
# gives where a C compiler is installed: a dynamically linked binary, whose
# loader costs most of a millisecond per run), timed warm.
echo ">> building ask-nix twice: CGO_ENABLED=0 and CGO_ENABLED=1 (-ldflags '-s -w')"
CGO_ENABLED=0 go build -ldflags '-s -w' -o "$work/ask-nix" ./cmd/ask-nix
CGO_ENABLED=1 go build -ldflags '-s -w' -o "$work/ask-nix-cgo" ./cmd/ask-nix

echo ">> building the toplevels with nix-build (GC roots under $work/roots)"
mkdir -p "$work/roots"
expr=reconciler/generation/generationtest/toplevels.nix
mapfile -t few < <(nix-build "$expr" --out-link "$work/roots/few" \
  -A full -A plain -A newer -A noVersion -A noKernel -A emptyDirs -A bare)
mapfile -t many < <(nix-build "$expr" --out-link "$work/roots/many" -A many.all --arg count $N)
many=("${many[@]:1}") # drop "out", keep t0..t999
[ ${#few[@]} -eq 7 ] && [ ${#many[@]} -eq $N ] || { echo "unexpected build output" >&2; exit 1; }

# make_profile DIR TARGET... : N links cycling over the targets, the profile
# pointing at the newest, times an hour apart ending now, a booted-system
# link to generation N-10.
make_profile() {
  local dir=$1; shift
  local targets=("$@") now i t
  mkdir -p "$dir/profiles" "$dir/run" "$dir/state"
  now=$(date +%s)
  for ((i = 1; i <= N; i++)); do
    t=${targets[$(( (i - 1) % ${#targets[@]} ))]}
    ln -s "$t" "$dir/profiles/system-$i-link"
    touch -h -d "@$(( now - (N - i) * 3600 ))" "$dir/profiles/system-$i-link"
  done
  ln -s "system-$N-link" "$dir/profiles/system"
  ln -s "$(readlink "$dir/profiles/system-$((N - 10))-link")" "$dir/run/booted-system"
}

echo ">> laying out two profiles of $N generations"
make_profile "$work/few" "${few[@]}"
make_profile "$work/distinct" "${many[@]}"
# The cache trusts a snapshot of a directory only once it has been
# unchanged for a second (file times are coarse); let both settle.
sleep 2

nixenv() { echo "nix-env --list-generations -p $work/$1/profiles/system"; }
asknix() { # profile-set extra-flags [binary]
  echo "$work/${3:-ask-nix} generations --json --profile $work/$1/profiles/system --state-dir $work/$1/state --run-dir $work/$1/run $2"
}

# Check both agree and that ask-nix shows more, before timing anything.
for p in few distinct; do
  a=$($(nixenv $p) | wc -l)
  b=$($(asknix $p "") | jq length)
  cur=$($(asknix $p "") | jq '[.[] | select(.current)] | .[0].generation')
  booted=$($(asknix $p "") | jq '[.[] | select(.booted)] | length')
  kernels=$($(asknix $p "") | jq '[.[] | select(.kernelVersion != "")] | length')
  echo "   $p: nix-env lists $a, ask-nix lists $b (current $cur; $booted on the booted store path; $kernels with a kernel version)"
  [ "$a" -eq $N ] && [ "$b" -eq $N ] || { echo "listings disagree" >&2; exit 1; }
done

results=$work/results.md
: >"$results"
# The order matters. nix-env creates and deletes a lock file in the
# profile directory on every call, which changes the directory, and the
# cache trusts its snapshot of a directory only once the directory has been
# unchanged for a second. So the warm case runs first, on a settled
# directory with a filled cache; "dir just changed" then reproduces what
# follows a nix-env call (or a new generation): a lock file made and
# removed right before each run, so every link is read again while the
# toplevels' metadata still comes from the cache.
settle() { # fill the cache on a settled directory
  rm -f "$work/$1/state/generations."*
  sleep 1.5
  $(asknix $1 "") >/dev/null
  # Flush what the builds and that first run wrote (the cache file is
  # fsynced), so the disk's writeback does not land in the first timings.
  sync
}
# hyperfine -N runs --prepare commands without a shell too, so each
# prepare step is a small script of its own.
prep() { # name body: writes $work/prep-<name> and prints its path
  printf '#!/bin/sh\nset -e\n%s\n' "$2" >"$work/prep-$1"
  chmod +x "$work/prep-$1"
  echo "$work/prep-$1"
}
touch_dir() { prep "dir-$1" "touch $work/$1/profiles/system.lock; rm $work/$1/profiles/system.lock"; }
touch_store() { prep store "touch $NIX_STORE_DIR/.bench; rm $NIX_STORE_DIR/.bench"; }
no_cache_file() { prep "rm-$1" "rm -f $work/$1/state/generations.cache $work/$1/state/generations.json"; }
if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null; then
  for p in few distinct; do
    echo ">> $p: hyperfine, $RUNS runs each"
    settle $p
    # One --prepare per command, in order.
    hyperfine -N --warmup 5 --runs "$RUNS" --export-json "$work/$p.json" \
      --prepare true --prepare true --prepare "$(touch_store)" --prepare true --prepare "$(no_cache_file $p)" --prepare true --prepare "$(touch_dir $p)" \
      -n "ask-nix generations --json, warm cache and memo ($p)" "$(asknix $p "")" \
      -n "ask-nix generations --json, warm cache and memo, cgo build ($p)" "$(asknix $p "" ask-nix-cgo)" \
      -n "ask-nix generations --json, warm cache, store just changed ($p)" "$(asknix $p "")" \
      -n "nix-env --list-generations ($p)" "$(nixenv $p)" \
      -n "ask-nix generations --json, cold, no cache file or memo ($p)" "$(asknix $p "")" \
      -n "ask-nix generations --json --no-cache ($p)" "$(asknix $p --no-cache)" \
      -n "ask-nix generations --json, warm cache, dir just changed ($p)" "$(asknix $p "")" \
      >/dev/null
    jq -r '.results[] | [.command, (.mean*1000), (.stddev*1000), (.median*1000), (.min*1000)] | @tsv' "$work/$p.json" >>"$results"
  done
else
  echo ">> hyperfine not found: timing with date +%s%N, $RUNS runs each"
  time_loop() { # name prepare command...
    local name=$1 prep=$2; shift 2
    local i t0 t1 all=()
    for ((i = 0; i < RUNS; i++)); do
      eval "$prep"
      t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
      all+=($(( t1 - t0 )))
    done
    printf '%s\n' "${all[@]}" | sort -n | awk -v name="$name" '
      { v[NR] = $1; s += $1; ss += $1 * $1 }
      END { m = s / NR; printf "%s\t%.3f\t%.3f\t%.3f\t%.3f\n", name, m / 1e6, sqrt(ss / NR - m * m) / 1e6, v[int((NR + 1) / 2)] / 1e6, v[1] / 1e6 }'
  }
  for p in few distinct; do
    settle $p
    time_loop "ask-nix generations --json, warm cache and memo ($p)" true $(asknix $p "") >>"$results"
    time_loop "ask-nix generations --json, warm cache and memo, cgo build ($p)" true $(asknix $p "" ask-nix-cgo) >>"$results"
    time_loop "ask-nix generations --json, warm cache, store just changed ($p)" "$(touch_store)" $(asknix $p "") >>"$results"
    time_loop "nix-env --list-generations ($p)" true $(nixenv $p) >>"$results"
    time_loop "ask-nix generations --json, cold, no cache file or memo ($p)" "$(no_cache_file $p)" $(asknix $p "") >>"$results"
    time_loop "ask-nix generations --json --no-cache ($p)" true $(asknix $p --no-cache) >>"$results"
    time_loop "ask-nix generations --json, warm cache, dir just changed ($p)" "$(touch_dir $p)" $(asknix $p "") >>"$results"
  done
fi

echo
echo "| command | mean ms | σ ms | median ms | min ms | nix-env median / this median |"
echo "|---|---:|---:|---:|---:|---:|"
awk -F'\t' '
  FNR == NR { if ($1 ~ /^nix-env/) { split($1, w, "("); base[w[2]] = $4 }; next }
  { split($1, w, "("); b = base[w[length(w)]] }
  { printf "| %s | %.2f | %.2f | %.2f | %.2f | %s |\n", $1, $2, $3, $4, $5, ($1 ~ /^nix-env/ ? "1" : sprintf("%.1fx", b / $4)) }' "$results" "$results"
echo
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), $(nix-env --version), $(go version | cut -d' ' -f3)"
