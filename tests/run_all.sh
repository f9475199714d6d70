#!/usr/bin/env bash
# Installs what the test suite needs and runs all of it: vitest (front end), then pytest (engine,
# agreement with lime, widgets, notebooks, browser end-to-end in Debian's headless chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing: sudo apt-get install chromium (browser tests need /usr/bin/chromium)" >&2
  fi
fi

python -m pip install -q -e ".[test,examples]"
# the adapters' tests need torch and transformers: torch first, pinned to the CPU build, so that
# transformers does not pull a CUDA torch (about a minute: torch 37 s, transformers + tokenizers 23 s)
python -m pip install -q torch==2.13.0
python -m pip install -q -e ".[models]"
# every package with its declared dependencies (the data sets ship inside lime_widgets): nothing unmet
python -m pip check

# the front end: its types (tsc --checkJs, strict), its lint (ESLint), then vitest
(cd js && npm ci --no-audit --no-fund --loglevel=error && npm run typecheck && npm run lint && npm test)
# the Python lint (rules in pyproject.toml)
python -m ruff check .

python -m pytest -q -p no:cacheprovider "$@"
