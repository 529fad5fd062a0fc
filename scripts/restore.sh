#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a database and a media folder.
#
# Usage: scripts/restore.sh [--no-check] BACKUP_DIR DATABASE_URL MEDIA_DIR
#   BACKUP_DIR    a folder written by scripts/backup.sh (database.dump, media.tar.gz, SHA256SUMS)
#   DATABASE_URL  postgres://... of an EXISTING, EMPTY database (create it with createdb first)
#   MEDIA_DIR     a folder that does not exist yet or is empty; becomes MEDIA_ROOT
#   Verifies the checksums, restores, then runs `manage.py check_integrity` against the result
#   (skip with --no-check). Exit status: 0 restored and consistent, 1 failed, 2 restored but
#   the integrity check found problems. See docs/backup.md.
set -euo pipefail

die() { echo "restore: $*" >&2; exit 1; }

check=1
if [ "${1:-}" = "--no-check" ]; then check=0; shift; fi
[ $# -eq 3 ] || die "usage: scripts/restore.sh [--no-check] BACKUP_DIR DATABASE_URL MEDIA_DIR"
# Absolute paths before the cd below, so that relative arguments mean what they say.
backup=$(realpath -m -- "$1") database_url=$2 media_dir=$(realpath -m -- "$3")
cd "$(dirname "$0")/.."

case "$database_url" in
  postgres://*|postgresql://*) ;;
  *) die "DATABASE_URL must be a postgres:// URL." ;;
esac
for tool in pg_restore psql tar sha256sum; do
  command -v "$tool" >/dev/null || die "$tool is not installed (apt-get install postgresql-client tar coreutils)."
done
for part in database.dump media.tar.gz SHA256SUMS; do
  [ -f "$backup/$part" ] || die "$backup/$part is missing; is this a folder written by scripts/backup.sh?"
done

echo "== Verifying checksums" >&2
(cd "$backup" && sha256sum --quiet --check SHA256SUMS) || die "the backup's checksums do not match; it is damaged."

# Never restore over data: the target database must exist and hold no tables of its own.
tables=$(psql --dbname="$database_url" -XAtq -c \
  "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
     AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'") \
  || die "cannot connect to $database_url (create it first: createdb NAME)."
[ "$tables" = "0" ] || die "the target database is not empty ($tables relations); restore into a new database."
if [ -e "$media_dir" ] && [ -n "$(ls -A "$media_dir")" ]; then
  die "$media_dir is not empty; restore into a new folder."
fi

echo "== Restoring the database" >&2
# --no-owner/--no-privileges: the target may belong to another role than the source did.
pg_restore --dbname="$database_url" --no-owner --no-privileges --exit-on-error --single-transaction \
  --no-password "$backup/database.dump"

echo "== Restoring the files into $media_dir" >&2
umask 077
mkdir -p "$media_dir"
tar --extract --gzip --file="$backup/media.tar.gz" --directory="$media_dir" --no-same-owner

if [ "$check" = "1" ]; then
  python=${PYTHON:-.venv/bin/python}
  echo "== Checking that the files match the database" >&2
  if ! env -u DATABASE_URL_FILE -u MEDIA_ROOT_FILE DATABASE_URL="$database_url" MEDIA_ROOT="$media_dir" \
      "$python" manage.py check_integrity --min-age-minutes 0; then
    echo "restore: restored, but the integrity check found problems (see above)." >&2
    exit 2
  fi
fi
echo "== Restored" >&2
