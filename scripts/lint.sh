#!/usr/bin/env bash
# Static checks: ruff, mypy, migrations in sync, translations compile.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy mulighetsrom benchmarks
.venv/bin/python manage.py makemigrations --check --dry-run
for po in locale/*/LC_MESSAGES/django.po; do
  msgfmt --check-format -o /dev/null "$po"
done
echo "lint: ok"
