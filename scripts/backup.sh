#!/usr/bin/env bash
# Back up Mulighetsrom: the PostgreSQL database (pg_dump custom format) and MEDIA_ROOT (tar).
#
# Usage: scripts/backup.sh DEST_DIR
#   Reads DATABASE_URL (or DATABASE_URL_FILE) and MEDIA_ROOT (or MEDIA_ROOT_FILE; default ./media),
#   the same variables the application reads. Writes DEST_DIR/mulighetsrom-<UTC time>/ with
#   database.dump, media.tar.gz, manifest.txt and SHA256SUMS, and prints that folder's path last.
#   See docs/backup.md. The backup holds personal data: it is written readable by its owner only.
set -euo pipefail

die() { echo "backup: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: scripts/backup.sh DEST_DIR"
dest_root=$(realpath -m -- "$1")  # before the cd below, so that a relative path means what it says
cd "$(dirname "$0")/.."

# NAME_FILE, when set, names a file holding the value of NAME (container secrets) and wins
# over NAME, as in mulighetsrom/lib/env.py.
setting() {
  local name=$1 default=${2:-} file_var="${1}_FILE"
  if [ -n "${!file_var:-}" ]; then tr -d '\r\n' < "${!file_var}"
  elif [ -n "${!name:-}" ]; then printf '%s' "${!name}"
  else printf '%s' "$default"
  fi
}
database_url=$(setting DATABASE_URL)
media_root=$(setting MEDIA_ROOT "$PWD/media")

case "$database_url" in
  postgres://*|postgresql://*) ;;
  "") die "DATABASE_URL is not set; these scripts back up PostgreSQL (see docs/backup.md for SQLite)." ;;
  *) die "DATABASE_URL is not a postgres:// URL; these scripts back up PostgreSQL only (see docs/backup.md)." ;;
esac
for tool in pg_dump psql tar sha256sum; do
  command -v "$tool" >/dev/null || die "$tool is not installed (apt-get install postgresql-client tar coreutils)."
done

# pg_dump refuses a server newer than itself; say so before starting, in plain words.
server_num=$(psql --dbname="$database_url" -XAtq -c "SHOW server_version_num") \
  || die "cannot connect to the database in DATABASE_URL."
server_major=$((server_num / 10000))
client_major=$(pg_dump --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')
if [ "$client_major" -lt "$server_major" ]; then
  die "pg_dump $client_major is older than the PostgreSQL $server_major server; install postgresql-client-$server_major."
fi

umask 077
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$dest_root/mulighetsrom-$stamp"
[ ! -e "$out" ] || die "$out already exists."
mkdir -p "$out"

# The database first, then the files: every file a dumped row names is then in the tar
# (unless deleted in between); files uploaded meanwhile are harmless orphans after a restore.
echo "== Dumping the database" >&2
pg_dump --dbname="$database_url" --format=custom --compress=6 --no-password --file="$out/database.dump"

echo "== Archiving $media_root" >&2
if [ -d "$media_root" ]; then
  tar --create --gzip --file="$out/media.tar.gz" --directory="$media_root" .
else
  echo "backup: warning: $media_root does not exist; the media archive is empty." >&2
  empty=$(mktemp -d)
  tar --create --gzip --file="$out/media.tar.gz" --directory="$empty" .
  rmdir "$empty"
fi

{
  echo "created: $stamp"
  echo "pg_dump: $(pg_dump --version)"
  echo "server_version_num: $server_num"
  echo "git_commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)"
  echo "migrations: $(psql --dbname="$database_url" -XAtq -c 'SELECT count(*) FROM django_migrations')"
} > "$out/manifest.txt"
(cd "$out" && sha256sum database.dump media.tar.gz manifest.txt > SHA256SUMS)

echo "== Backup written" >&2
echo "$out"
