#!/usr/bin/env bash
# Set up (first time only) and run the Nazar service on the embedded defaults: SQLite under data/, the shipped
# models, no network. The first start on an empty database prints an admin API key once.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
exec .venv/bin/nazar serve "$@"
