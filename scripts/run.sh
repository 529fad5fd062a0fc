#!/usr/bin/env bash
# Set up everything and run Mulighetsrom with its demo on SQLite, plus a background worker.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

export DEBUG=${DEBUG:-true}
PORT=${PORT:-8000}
.venv/bin/python manage.py migrate --noinput -v0
# The login rate limits live in the database cache, shared by every process.
.venv/bin/python manage.py createcachetable
.venv/bin/python manage.py load_demo

echo "== Starting the background worker (django-tasks, database backend)"
.venv/bin/python manage.py db_worker --interval 1 > worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM

cat <<MSG

  Mulighetsrom is running at http://127.0.0.1:${PORT}/
  Demo logins (password: demo-passord-2026):
    kari@demo.no    project manager (owner) and organization administrator
    ola@demo.no     service representative (editor)
    ingrid@demo.no  user representative (contributor)
    nora@demo.no    strategy adviser (viewer)
    per@demo.no     in the municipality, not on the project team
  Worker log: worker.log. Stop with Ctrl+C.

MSG
.venv/bin/python manage.py runserver "127.0.0.1:${PORT}"
