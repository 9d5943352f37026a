#!/usr/bin/env bash
# One command from a clean clone: install everything, build the three demo jobs with the local
# AutoML runner (scikit-learn's bundled datasets; nothing downloaded) and open JupyterLab on them.
# Extra arguments go to `jupyter autopilot demo` (e.g. --port 8890, --force).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# shellcheck disable=SC1091
. .venv/bin/activate
extra=()
if [ "$(id -u)" = "0" ]; then extra+=(--allow-root); fi
exec jupyter autopilot demo "${extra[@]}" "$@"
