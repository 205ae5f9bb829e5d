#!/usr/bin/env bash
# Ticket QR photos: our decoder against zbar's QR reader on the generated
# corpus of distorted photos (tourdesk bench decode). Needs no database.
#
# usage: bench/decode.sh [PER_KIND] [SEED]     (default: 40 photos per kind, seed 1)
set -euo pipefail
cd "$(dirname "$0")/.."
per_kind=${1:-40}
seed=${2:-1}
if ! command -v zbarimg >/dev/null; then
  echo "installing zbar-tools for the zbar baseline" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq zbar-tools >/dev/null
fi
cargo build --release -q
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), $(date -u +%F)"
target/release/tourdesk bench decode --per-kind "$per_kind" --seed "$seed" --out target/decode-corpus
