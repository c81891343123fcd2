#!/usr/bin/env bash
# Schemathesis, pinned from PyPI into .tools/schemathesis, against /openapi.json of a caseflow started as `npm start`
# does (an embedded Temporal of its own, on free ports, in a throw-away data folder), once with each token of the
# dev tokens file, every check on. The failures accepted, each with its reason, are in scripts/schemathesis.toml
# and docs/testing.md. Exits non-zero on any other failure.
set -euo pipefail
cd "$(dirname "$0")/.."

version=4.32.5
venv=.tools/schemathesis
if [[ "$("$venv/bin/st" --version 2>/dev/null || true)" != *"$version"* ]]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --disable-pip-version-check --quiet "schemathesis==$version"
fi

npx tsx scripts/fetch-temporal.ts
read -r api_port temporal_port ui_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')
data=$(mktemp -d)
url="http://127.0.0.1:$api_port"

# The rate limit is off: the fuzzer sends thousands of requests a minute (the limit has its own test,
# test/faults/limits.test.ts). setsid: one process group, so the whole service stops with it.
PORT=$api_port CASEFLOW_TEMPORAL_PORT=$temporal_port CASEFLOW_TEMPORAL_UI_PORT=$ui_port CASEFLOW_DATA_DIR="$data" \
  CASEFLOW_RATE_LIMIT=0 setsid npx tsx scripts/start.ts >"$data/caseflow.log" 2>&1 &
service=$!
stop() {
  kill -INT -- "-$service" 2>/dev/null || true
  wait "$service" 2>/dev/null || true
  rm -rf "$data"
}
trap stop EXIT

for _ in $(seq 120); do
  curl -sf "$url/readyz" >/dev/null && break
  if ! kill -0 "$service" 2>/dev/null; then cat "$data/caseflow.log"; exit 1; fi
  sleep 1
done
curl -sf "$url/readyz" >/dev/null || { echo "caseflow did not get ready"; cat "$data/caseflow.log"; exit 1; }

# The case half the fuzzed case ids name (scripts/schemathesis.toml).
admin=$(node -e 'console.log(require("./config/dev-tokens.json").tokens.find((t) => t.role === "admin").token)')
curl -sf -o /dev/null -X POST "$url/cases" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"caseId\":\"schemathesis-case\",\"category\":\"criminal\",\"station\":\"S01\",\"reportedAt\":\"$(date -u +%FT%TZ)\"}"

# Hypothesis keeps its own caches (Unicode tables) out of the work tree, beside the venv.
export HYPOTHESIS_STORAGE_DIRECTORY="$venv/hypothesis"
status=0
while read -r role token; do
  echo "==> schemathesis as $role"
  "$venv/bin/st" --config-file scripts/schemathesis.toml run "$url/openapi.json" \
    --header "Authorization: Bearer $token" --workers 1 --no-color || status=1
done < <(node -e 'for (const t of require("./config/dev-tokens.json").tokens) console.log(t.role, t.token)')
exit $status
