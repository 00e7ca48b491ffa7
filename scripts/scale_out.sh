#!/usr/bin/env bash
# Scale-out check of issue 4: two `tplc serve` processes on one PostgreSQL database drain a
# queue of 100 ingestion jobs; each job runs exactly once (attempts = 1), every finding is
# present once (rows counted), the audit chain verifies. The work is done by the Rust test
# `serve_process::two_servers_on_one_postgres_database_run_each_of_100_ingestions_once`
# (crates/tplc/tests/it/serve_process.rs), which seeds the jobs in a fresh schema, starts the
# two servers as processes and checks the database afterwards; it also runs the kill -9
# recovery test on SQLite.
#
# Usage: scripts/scale_out.sh [POSTGRES_URL]   (default: $TPLC_TEST_POSTGRES_URL, else
#        postgres://postgres@127.0.0.1:5432/test, started with pg_ctlcluster when it is down)
set -euo pipefail
cd "$(dirname "$0")/.."

url="${1:-${TPLC_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}}"
if command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
fi
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -d "$url" 2>/dev/null; then
  echo "scale_out.sh: PostgreSQL at $url is not reachable" >&2
  exit 2
fi

TPLC_TEST_POSTGRES_URL="$url" cargo test -p tplc --test it serve_process -- --nocapture --test-threads 1
