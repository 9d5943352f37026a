#!/usr/bin/env bash
# Installs everything jupyter-autopilot needs, from a clean clone: a Python venv in .venv/, the npm
# dependencies, the frontend build and the package itself (editable). Idempotent: run it again
# after pulling. Only PyPI and the npm registry are used, through pip's and npm's defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  log "creating the Python virtual environment in .venv/"
  "$PYTHON" -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pip install --quiet --upgrade pip

log "installing the Python build tools"
# (editables: hatchling needs it for the editable install below, which runs without build isolation)
python -m pip install --quiet "jupyterlab>=4.4,<5" "jupyter-builder>=1.2,<2" "hatchling>=1.5" \
  "hatch-nodejs-version>=0.3.2" "hatch-jupyter-builder>=0.5" "editables>=0.3"

log "installing the npm dependencies"
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi

log "building the frontend"
npm run build:prod

log "installing jupyter_autopilot (editable) with the runner, test, lint and optional dependencies"
python -m pip install --quiet --no-build-isolation -e ".[runner,test,lint,boosting,catboost]"
jupyter labextension develop . --overwrite >/dev/null

# (captured first: `grep -q` closing the pipe early would fail the pipeline under pipefail)
server_ext=$(jupyter server extension list 2>&1 | sed 's/\x1b\[[0-9;]*m//g')
lab_ext=$(jupyter labextension list 2>&1 | sed 's/\x1b\[[0-9;]*m//g')
grep -Eq "jupyter_autopilot [^ ]* *OK" <<<"$server_ext" \
  || { echo "$server_ext" >&2; echo "jupyter_autopilot server extension is not enabled" >&2; exit 1; }
grep -Eq "jupyter-autopilot .*enabled.*OK" <<<"$lab_ext" \
  || { echo "$lab_ext" >&2; echo "jupyter-autopilot labextension is not enabled" >&2; exit 1; }
log "done"
