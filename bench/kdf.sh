#!/usr/bin/env bash
# The time of one PIN guess against a copied field store, on one core
# (BENCHMARKS.md § "A copied field store"). Args: memory KiB, passes, guesses.
set -euo pipefail
cd "$(dirname "$0")/kdf"
cargo build --release -q
taskset -c 0 ./target/release/tourdesk-kdf-bench "${1:-131072}" "${2:-3}" "${3:-5}"
