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

# In CI, two worker processes (pytest-xdist; TEST_WORKERS=0 turns it off). --dist loadscope keeps
# the tests of one class on one worker, so a class's setUpTestData (the authorization matrix
# loads the demo) runs once, not once per worker.
workers=()
if [ "${CI:-}" = "true" ] && [ "${TEST_WORKERS:-2}" != "0" ]; then
  workers=(-n "${TEST_WORKERS:-2}" --dist loadscope)
fi

echo "== Running tests on ${DATABASE_URL:-SQLite}${SURVEY_FAST_PATH:+ (SURVEY_FAST_PATH=$SURVEY_FAST_PATH)}"
exec .venv/bin/python -m pytest ${workers[@]+"${workers[@]}"} "$@"
