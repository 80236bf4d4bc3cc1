#!/usr/bin/env bash
# Build the fuzz targets and run each for a bounded time.
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# SECONDS is per target (default 60); the targets default to all of them.
# cargo-fuzz needs nightly-only compiler flags: with a stable toolchain,
# RUSTC_BOOTSTRAP=1 lets stable accept them. SANITIZER=none skips the address
# sanitizer where its runtime will not build; CARGO_TARGET_DIR is honoured.
set -euo pipefail

seconds="${1:-60}"
shift || true
if [[ ! "$seconds" =~ ^[0-9]+$ ]] || ((seconds == 0)); then
    echo "usage: fuzz/run.sh [SECONDS] [TARGET...]" >&2
    exit 2
fi
targets=("$@")
if ((${#targets[@]} == 0)); then
    targets=(seed_rows dates)
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export RUSTC_BOOTSTRAP="${RUSTC_BOOTSTRAP:-1}"
sanitizer="${SANITIZER:-address}"
fuzz_args=(--sanitizer "$sanitizer")
if [[ -n "${CARGO_TARGET_DIR:-}" ]]; then
    fuzz_args+=(--target-dir "$CARGO_TARGET_DIR")
fi

# The starting corpus: every CSV file of the seed, behind the byte that makes
# the seed_rows target pick that file. The target numbers the CSV files in
# sorted order, so the glob is sorted the same way (bytewise).
seed_corpus() {
    local dir="fuzz/corpus/seed_rows" i=0 file
    mkdir -p "$dir"
    local LC_ALL=C
    for file in seed/*.csv; do
        {
            printf "\\x$(printf '%02x' "$i")"
            cat "$file"
        } >"$dir/seed-$(basename "$file")"
        i=$((i + 1))
    done
}

dates_corpus() {
    local dir="fuzz/corpus/dates" date
    mkdir -p "$dir"
    for date in 2017 2015-10 2016-05-01 2016-02-29 0000-12-31 9999-02-28; do
        printf '%s' "$date" >"$dir/seed-$date"
    done
}

seed_corpus
dates_corpus

for target in "${targets[@]}"; do
    cargo fuzz build "${fuzz_args[@]}" "$target"
done
for target in "${targets[@]}"; do
    echo "== $target: ${seconds}s"
    # -timeout: an input that takes longer than this is reported as a hang.
    # -rss_limit_mb: a runaway allocation is a finding too.
    cargo fuzz run "${fuzz_args[@]}" "$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
done
