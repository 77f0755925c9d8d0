#!/usr/bin/env bash
# Run the test suite against a fresh PostgreSQL database and drop it afterwards.
#
# Usage: scripts/test-postgres.sh [pytest arguments]
# PostgreSQL is expected on 127.0.0.1:5432, user postgres, trust authentication
# (override with REGISTRY_PG_HOST, REGISTRY_PG_PORT, REGISTRY_PG_USER). When it does not
# answer the run is skipped with exit 0, except under CI=true, where that is a failure.
set -euo pipefail

cd "$(dirname "$0")/.."

PG_HOST=${REGISTRY_PG_HOST:-127.0.0.1}
PG_PORT=${REGISTRY_PG_PORT:-5432}
PG_USER=${REGISTRY_PG_USER:-postgres}
PYTHON=.venv/bin/python
PYTEST=.venv/bin/pytest
OUT=test-output
DB="registry_test_$$"
ADMIN_URL="postgresql://${PG_USER}@${PG_HOST}:${PG_PORT}/postgres"
TEST_URL="postgresql+psycopg://${PG_USER}@${PG_HOST}:${PG_PORT}/${DB}"

# Run one SQL statement on the maintenance database (psycopg is a project dependency,
# so this needs no PostgreSQL client programs).
admin_sql() {
  "$PYTHON" - "$ADMIN_URL" "$1" <<'PY'
import sys

import psycopg

with psycopg.connect(sys.argv[1], autocommit=True, connect_timeout=5) as conn:
    conn.execute(sys.argv[2])
PY
}

if ! admin_sql "SELECT 1" 2>/dev/null; then
  if [ "${CI:-}" = "true" ]; then
    echo "== PostgreSQL run FAILED: no server answers on ${PG_HOST}:${PG_PORT} (CI=true) ==" >&2
    exit 1
  fi
  echo "== PostgreSQL run SKIPPED: no server answers on ${PG_HOST}:${PG_PORT} =="
  exit 0
fi

drop_database() {
  admin_sql "DROP DATABASE IF EXISTS \"${DB}\" WITH (FORCE)" \
    || echo "warning: could not drop database ${DB}" >&2
}
trap drop_database EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

admin_sql "CREATE DATABASE \"${DB}\""
mkdir -p "$OUT"
echo "== pytest on PostgreSQL (database ${DB}) =="

# The browser tests (tests/e2e) always run on their own SQLite file, whatever the database URL,
# so they run once, in the SQLite run, and are left out here rather than skipped.
status=0
REGISTRY_TEST_DATABASE_URL="$TEST_URL" "$PYTEST" --ignore=tests/e2e "$@" 2>&1 \
  | tee "$OUT/pytest-postgres.log" || status=$?
if [ "$status" -eq 5 ]; then
  echo "== PostgreSQL run FAILED: pytest collected no tests ==" >&2
fi
exit "$status"
