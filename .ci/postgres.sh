#!/usr/bin/env bash
# Installs (if needed) and starts PostgreSQL 15 on 127.0.0.1:5432 with a password login for the tests,
# then prints the connection string for ALERTACTORS_TEST_POSTGRES. Idempotent.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d /etc/postgresql/15/main ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
fi
pg_ctlcluster 15 main start >/dev/null 2>&1 || true   # "already running" is fine
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q -h 127.0.0.1" && break
  sleep 1
done
su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres';\"" >/dev/null
echo "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres"
