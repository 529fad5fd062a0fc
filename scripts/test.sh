#!/usr/bin/env bash
# Set up and run the whole test suite. DATABASE_URL=postgres://... runs it on PostgreSQL.
# Browser tests need Debian's Chromium at /usr/bin/chromium (installed here when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "== Installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Browser tests need Debian's chromium: run 'sudo apt-get install chromium'." >&2
    exit 1
  fi
fi

echo "== Running tests on ${DATABASE_URL:-SQLite}"
exec .venv/bin/python -m pytest "$@"
