#!/usr/bin/env bash
# Set up (first time only) and run Nazar on the embedded defaults: the shipped model, no network.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
exec .venv/bin/nazar analyze --input examples/feedback.jsonl "$@"
