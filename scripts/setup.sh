#!/usr/bin/env bash
# Set up a development environment: virtualenv, Python and npm dependencies, database.
# Usage: scripts/setup.sh [--dev]   (--dev adds the test and lint tools)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
requirements=requirements.txt
[ "${1:-}" = "--dev" ] && requirements=requirements-dev.txt

if [ ! -x .venv/bin/python ]; then
  echo "== Creating virtualenv (.venv)"
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(basename "$requirements")"
if [ ! -f "$stamp" ] || [ "$requirements" -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ]; then
  echo "== Installing Python packages from $requirements"
  .venv/bin/pip install --quiet --disable-pip-version-check -r "$requirements"
  touch "$stamp"
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  echo "== Installing front-end packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
