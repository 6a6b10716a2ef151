#!/usr/bin/env bash
# Restore a Kuulu backup made by scripts/backup.sh (docs/DEPLOY.md, "Restore drill").
#
#   scripts/restore.sh BACKUP_DIR STAMP
#
# Restores kuulu-STAMP.dump into the database DATABASE_URL names, and the uploaded files into
# MEDIA_ROOT and KUULU_PRIVATE_ROOT. Checks the checksums first. The target database must exist
# and be empty (create it with `createdb`); the script refuses to restore over a database that
# has tables, so a slip cannot overwrite production. Stop the app servers and workers first.
# PostgreSQL only (a SQLite backup is a database file: copy it into place).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: scripts/restore.sh BACKUP_DIR STAMP" >&2
  exit 2
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$1"
STAMP="$2"
MEDIA_ROOT="${MEDIA_ROOT:-$ROOT/var/media}"
KUULU_PRIVATE_ROOT="${KUULU_PRIVATE_ROOT:-$ROOT/var/private}"
: "${DATABASE_URL:?set DATABASE_URL to the (empty) database to restore into}"

case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *)
    echo "restore.sh: PostgreSQL only; a SQLite backup is restored by copying the file" >&2
    exit 2
    ;;
esac

(cd "$SRC" && sha256sum --check --quiet "kuulu-$STAMP.SHA256SUMS")

TABLES="$(psql --dbname="$DATABASE_URL" --no-psqlrc --tuples-only --no-align --command \
  "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
if [ "$TABLES" != "0" ]; then
  echo "restore.sh: the target database already has $TABLES tables; restore into an empty one" >&2
  exit 1
fi

# One transaction: either everything is restored or nothing is.
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$SRC/kuulu-$STAMP.dump"

mkdir -p "$MEDIA_ROOT" "$KUULU_PRIVATE_ROOT"
tar -xzf "$SRC/kuulu-$STAMP-media.tar.gz" -C "$MEDIA_ROOT"
tar -xzf "$SRC/kuulu-$STAMP-private.tar.gz" -C "$KUULU_PRIVATE_ROOT"
echo "restored $STAMP"
