#!/usr/bin/env bash
# One command from a clean clone: install everything (Python, npm, Debian's Chromium), run the
# linters and type checks (ruff, mypy, eslint, prettier, stylelint), check that the generated
# contract (rest/openapi.json, src/api/schema.ts) is up to date, and run every test: pytest (server,
# runner, notebook API), jest (frontend units) and Playwright (browser flows).
# Failing browser flows leave screenshots and traces in ui-tests/test-results/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# shellcheck disable=SC1091
. .venv/bin/activate

log() { printf '\033[1m[test]\033[0m %s\n' "$*"; }
status=0

log "lint: ruff, mypy, eslint, prettier, stylelint"
ruff check . || status=1
ruff format --check . || status=1
mypy || status=1
npm run --silent lint:check || status=1

log "the contract: OpenAPI document and TypeScript types are what the models make"
python -m jupyter_autopilot.rest.openapi --check || status=1
npm run --silent build:api:check || status=1

log "pytest"
python -m pytest -q -p no:cacheprovider || status=1

log "jest"
npm test -- --ci || status=1

if [ -d ui-tests ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    log "installing Debian's chromium for the browser tests"
    SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  log "Playwright browser tests"
  (cd ui-tests && npm ci --no-audit --no-fund && npx playwright test) || status=1
fi

if [ "$status" = 0 ]; then log "all tests passed"; else log "some tests failed"; fi
exit "$status"
