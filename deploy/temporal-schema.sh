#!/bin/sh
# One-shot: creates Temporal's two PostgreSQL databases and brings their schemas up to the version the admin-tools
# image ships, which matches the server image of the same tag. Safe to run again: existing parts are left as they are.
# The same script serves `npm run cluster` (scripts/cluster/), which passes the tool and schema folder of the Temporal
# module it built; the defaults are where the admin-tools image keeps them.
set -eu

SQL_TOOL=${TEMPORAL_SQL_TOOL:-temporal-sql-tool}
SCHEMA_DIR=${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}

sql() {
  "${SQL_TOOL}" --plugin postgres12 --endpoint "${POSTGRES_SEEDS}" --port "${DB_PORT}" \
    --user "${POSTGRES_USER}" --password "${POSTGRES_PWD}" "$@"
}

# Compose starts this beside a PostgreSQL that may not listen yet. A host without nc is `npm run cluster`, which
# has waited for PostgreSQL with pg_isready before calling.
if command -v nc >/dev/null; then
  until nc -z "${POSTGRES_SEEDS}" "${DB_PORT}"; do
    echo "waiting for PostgreSQL at ${POSTGRES_SEEDS}:${DB_PORT}"
    sleep 2
  done
fi

for pair in temporal:temporal visibility:temporal_visibility; do
  kind=${pair%%:*}
  db=${pair#*:}
  # `create` fails when the database exists, and `setup-schema` when its version table does: both mean "done before".
  sql --db "$db" create 2>/dev/null || echo "database $db exists"
  sql --db "$db" setup-schema -v 0.0 2>/dev/null || echo "schema of $db initialised before"
  sql --db "$db" update-schema -d "${SCHEMA_DIR}/${kind}/versioned"
done
echo "Temporal schemas are up to date"

# Compose also asks for caseflow's audit database; the API creates its tables itself on first start.
if [ -n "${CASEFLOW_AUDIT_DB:-}" ]; then
  sql --db "${CASEFLOW_AUDIT_DB}" create 2>/dev/null || echo "database ${CASEFLOW_AUDIT_DB} exists"
fi
