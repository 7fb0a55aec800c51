#!/usr/bin/env bash
# Install the system packages the test suite needs, only if they are missing (idempotent, quick
# no-op when everything is present): Debian's chromium (browser tests of the server dashboard) and
# PostgreSQL 15 (the server's API tests run against a throwaway cluster on 127.0.0.1).
# Never downloads a browser build of its own (no `playwright install`).
set -euo pipefail

need=()
if [ ! -x /usr/bin/chromium ]; then
  need+=(chromium)
fi
if [ ! -x /usr/lib/postgresql/15/bin/initdb ] || [ ! -x /usr/lib/postgresql/15/bin/pg_ctl ]; then
  need+=(postgresql-15)
fi
if [ "${#need[@]}" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "ensure-system-deps: missing ${need[*]} and not root (no passwordless sudo); the tests" \
       "that need them will be skipped" >&2
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
echo "ensure-system-deps: installing ${need[*]}" >&2
# The package lists may be stale or absent on a fresh machine: update once, then install.
"${SUDO[@]}" apt-get update -qq >/dev/null
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
