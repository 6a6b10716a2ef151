#!/usr/bin/env bash
# Back up Kuulu: the database and the uploaded files (docs/DEPLOY.md, "Backups").
#
#   scripts/backup.sh [DEST_DIR]          (default: $BACKUP_DIR, else var/backups)
#
# Reads the same environment as the app: DATABASE_URL (PostgreSQL: pg_dump -Fc, a consistent
# snapshot taken while the site runs; SQLite: the online backup API), MEDIA_ROOT and
# KUULU_PRIVATE_ROOT (uploaded files: public media and private feedback attachments).
# Writes kuulu-<UTC time>.dump (or .sqlite3), kuulu-<UTC time>-media.tar.gz,
# kuulu-<UTC time>-private.tar.gz and a SHA256SUMS file beside them; prints the stamp.
# Keep backups off the machine and encrypted: they hold personal data.
set -euo pipefail
umask 077

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${1:-${BACKUP_DIR:-$ROOT/var/backups}}"
DATABASE_URL="${DATABASE_URL:-sqlite:///$ROOT/var/kuulu.sqlite3}"
MEDIA_ROOT="${MEDIA_ROOT:-$ROOT/var/media}"
KUULU_PRIVATE_ROOT="${KUULU_PRIVATE_ROOT:-$ROOT/var/private}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
PREFIX="$DEST/kuulu-$STAMP"

mkdir -p "$DEST"

case "$DATABASE_URL" in
  postgres://* | postgresql://*)
    # -Fc: compressed, restorable selectively and in parallel by pg_restore.
    pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" \
      --file="$PREFIX.dump.part"
    mv "$PREFIX.dump.part" "$PREFIX.dump"
    DB_FILE="$PREFIX.dump"
    ;;
  sqlite://*)
    SOURCE="${DATABASE_URL#sqlite://}"
    "$PYTHON" - "$SOURCE" "$PREFIX.sqlite3" <<'PY'
import sqlite3, sys
source = sqlite3.connect(sys.argv[1])
target = sqlite3.connect(sys.argv[2])
source.backup(target)  # consistent even while the site writes
target.close()
source.close()
PY
    DB_FILE="$PREFIX.sqlite3"
    ;;
  *)
    echo "backup.sh: unsupported DATABASE_URL scheme: ${DATABASE_URL%%:*}" >&2
    exit 2
    ;;
esac

archive() {  # archive DIR NAME: a tar of DIR's contents (empty when DIR does not exist)
  local dir="$1" out="$PREFIX-$2.tar.gz"
  if [ -d "$dir" ]; then
    tar -czf "$out" -C "$dir" .
  else
    tar -czf "$out" --files-from /dev/null
  fi
}
archive "$MEDIA_ROOT" media
archive "$KUULU_PRIVATE_ROOT" private

(cd "$DEST" && sha256sum "$(basename "$DB_FILE")" "kuulu-$STAMP-media.tar.gz" \
  "kuulu-$STAMP-private.tar.gz" > "kuulu-$STAMP.SHA256SUMS")
echo "$STAMP"
