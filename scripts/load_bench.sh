#!/usr/bin/env bash
# Load benchmark of issue 4 (figures go to BENCHMARKS.md, "Server (issue 4)"); not a test.
#
# For SQLite (a fresh data directory) and, when it is reachable, PostgreSQL (a fresh database
# on the server of $TPLC_TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test):
#   1. starts the release build of `tplc serve --demo` on a free port of 127.0.0.1 and waits
#      for the demo's ingestion jobs;
#   2. `wrk` (Debian package wrk, installed when missing and possible) against
#      GET /api/v1/organizations/{demo}/findings with a viewer API token: 20 s, 2 threads,
#      $CONNECTIONS connections (default 64), latency percentiles; prints requests/s and p99;
#   3. uploads a generated 5,000-component CycloneDX SBOM and times POST → job done, then
#      checks its findings are listed;
#   4. uploads 50 distinct small SBOMs at once (xargs -P 50 curl), then checks the counts:
#      50 SBOMs ready, 50 jobs done with attempts 1, every component stored, no duplicate
#      findings (SQL through sqlite3 / psql).
#
# Usage: scripts/load_bench.sh [sqlite|postgres|both]   (default both; env CONNECTIONS,
#        DURATION, SKIP_BUILD=1 to use target/release/tplc as it is, TPLC_BIN=PATH to measure
#        another build — for a same-run A/B against an earlier commit's binary)
set -euo pipefail
cd "$(dirname "$0")/.."

which_backends="${1:-both}"
connections="${CONNECTIONS:-64}"
duration="${DURATION:-20s}"
pg_base="${TPLC_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  fi
  command -v wrk >/dev/null 2>&1 || { echo "load_bench.sh: wrk is not installed (Debian package wrk)" >&2; exit 2; }
fi
for tool in curl python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "load_bench.sh: $tool is required" >&2; exit 2; }
done

if [ -n "${TPLC_BIN:-}" ]; then
  tplc="$TPLC_BIN"
else
  if [ "${SKIP_BUILD:-0}" != 1 ]; then
    cargo build --release --locked -p tplc
  fi
  tplc="$PWD/target/release/tplc"
fi
work="$(mktemp -d /tmp/tplc-load-bench.XXXXXX)"
server_pid=""
pg_db=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$pg_db" ]; then psql -q "$pg_base" -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# SBOM generator: gen_sbom FILE N SERIAL — N components, the first few of them matched by the
# demo advisories (log4j-core 2.14.1, urllib3 1.26.4), the rest unique npm packages.
gen_sbom() {
  python3 - "$1" "$2" "$3" <<'EOF'
import json, sys, uuid
path, n, serial = sys.argv[1], int(sys.argv[2]), sys.argv[3]
known = [("org.apache.logging.log4j", "log4j-core", "2.14.1", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
         (None, "urllib3", "1.26.4", "pkg:pypi/urllib3@1.26.4")]
comps = []
for i in range(n):
    if i < len(known):
        group, name, version, purl = known[i]
    else:
        group, name, version = None, f"bench-{serial}-pkg-{i}", f"1.{i % 50}.{i % 7}"
        purl = f"pkg:npm/{name}@{version}"
    c = {"type": "library", "bom-ref": f"c{i}", "name": name, "version": version, "purl": purl,
         "supplier": {"name": "Bench Supplier"}}
    if group:
        c["group"] = group
    comps.append(c)
doc = {"bomFormat": "CycloneDX", "specVersion": "1.6",
       "serialNumber": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'bench-' + serial)}", "version": 1,
       "metadata": {"timestamp": "2026-01-01T00:00:00Z", "authors": [{"name": "load_bench.sh"}],
                    "component": {"type": "device", "name": "Bench Device", "version": serial,
                                  "supplier": {"name": "Bench Supplier"}}},
       "components": comps}
json.dump(doc, open(path, "w"))
EOF
}

run_backend() {
  local backend="$1" data="$work/$1" url_args=() db_url=""
  mkdir -p "$data"
  if [ "$backend" = postgres ]; then
    pg_db="tplc_bench_$$"
    psql -q "$pg_base" -c "CREATE DATABASE $pg_db" >/dev/null
    db_url="${pg_base%/*}/$pg_db"
    url_args=(--database-url "$db_url")
  fi
  sql() {
    if [ "$backend" = postgres ]; then psql -qtA "$db_url" -c "$1"; else sqlite3 "$data/tplc.sqlite3" "$1"; fi
  }
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  local base="http://127.0.0.1:$port/api/v1"
  "$tplc" serve --listen "127.0.0.1:$port" --data-dir "$data" "${url_args[@]}" --demo \
    >"$work/$backend.out" 2>"$work/$backend.err" &
  server_pid=$!
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "$base/openapi.json" 2>/dev/null && break
    sleep 0.1
  done
  local viewer editor
  viewer="$("$tplc" token create --username admin --role viewer --org "Demo Medical" --name bench-viewer \
    --data-dir "$data" "${url_args[@]}" 2>/dev/null)"
  editor="$("$tplc" token create --username admin --role editor --org "Demo Medical" --name bench-editor \
    --data-dir "$data" "${url_args[@]}" 2>/dev/null)"
  local org
  org="$(curl -fsS -H "Authorization: Bearer $viewer" "$base/organizations" |
    json "[o['id'] for o in (d['items'] if isinstance(d, dict) else d) if o['name'] == 'Demo Medical'][0]")"
  # Wait for the demo's ingestion jobs.
  for _ in $(seq 1 600); do
    local pending
    pending="$(curl -fsS -H "Authorization: Bearer $viewer" "$base/organizations/$org/jobs" |
      json "sum(1 for j in (d['items'] if isinstance(d, dict) else d) if j['state'] in ('queued', 'running'))")"
    [ "$pending" = 0 ] && break
    sleep 0.2
  done
  local findings_url="$base/organizations/$org/findings"
  local total
  total="$(curl -fsS -H "Authorization: Bearer $viewer" "$findings_url" | json "d['total']")"
  echo "== $backend: tplc serve --demo on 127.0.0.1:$port, organization $org, $total findings in the demo"

  # 1. The findings list under load.
  echo "-- load average before wrk: $(cut -d' ' -f1-3 /proc/loadavg)"
  wrk -t2 -c"$connections" -d"$duration" --latency -H "Authorization: Bearer $viewer" "$findings_url" \
    | tee "$work/$backend.wrk"
  local rps p99
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$work/$backend.wrk")"
  p99="$(awk '$1 == "99%" {print $2}' "$work/$backend.wrk")"
  echo "RESULT $backend findings-list: $rps requests/s, p99 $p99 (wrk -t2 -c$connections -d$duration)"

  # 2. A 5,000-component SBOM: upload to findings visible.
  local product version
  product="$(curl -fsS -H "Authorization: Bearer $editor" -H 'Content-Type: application/json' \
    -d '{"name": "Load Bench"}' "$base/organizations/$org/products" | json "d['id']")"
  new_version() {
    curl -fsS -H "Authorization: Bearer $editor" -H 'Content-Type: application/json' \
      -d "{\"version\": \"$1\"}" "$base/organizations/$org/products/$product/versions" | json "d['id']"
  }
  version="$(new_version big)"
  gen_sbom "$work/big.json" 5000 big
  local t0 t1 job state
  t0="$(now)"
  job="$(curl -fsS -H "Authorization: Bearer $editor" -H 'Content-Type: application/octet-stream' \
    --data-binary "@$work/big.json" "$base/organizations/$org/versions/$version/sboms" | json "d['job']['id']")"
  while :; do
    state="$(curl -fsS -H "Authorization: Bearer $editor" "$base/organizations/$org/jobs/$job" | json "d['state']")"
    case "$state" in done | failed) break ;; esac
    sleep 0.02
  done
  t1="$(now)"
  local listed
  listed="$(curl -fsS -H "Authorization: Bearer $viewer" "$findings_url?version=$version" | json "d['total']")"
  echo "RESULT $backend upload-5000: job $state, $(python3 -c "print(f'{$t1 - $t0:.2f}')") s from POST to done, $listed findings listed"

  # 3. 50 concurrent uploads of distinct small SBOMs, one version each.
  : >"$work/uploads.txt"
  for i in $(seq 1 50); do
    local v
    v="$(new_version "c$i")"
    gen_sbom "$work/small-$i.json" 20 "c$i"
    echo "$v $work/small-$i.json" >>"$work/uploads.txt"
  done
  : >"$work/responses.txt"
  t0="$(now)"
  # shellcheck disable=SC2016
  xargs -P 50 -L 1 sh -c 'curl -sS -o - -w "\n%{http_code}\n" -H "Authorization: Bearer $0" \
      -H "Content-Type: application/octet-stream" --data-binary "@$2" \
      "$1/versions/$3/sboms"' "$editor" "$base/organizations/$org" <<EOF_XARGS >"$work/responses.txt"
$(awk '{print $2, $1}' "$work/uploads.txt")
EOF_XARGS
  local accepted
  accepted="$(grep -c '^202$' "$work/responses.txt" || true)"
  local jobs
  jobs="$(grep -o '"job":{"id":[0-9]*' "$work/responses.txt" | grep -o '[0-9]*$' | tr '\n' ' ')"
  local done_jobs=0 once=0
  for j in $jobs; do
    while :; do
      local body
      body="$(curl -fsS -H "Authorization: Bearer $editor" "$base/organizations/$org/jobs/$j")"
      state="$(echo "$body" | json "d['state']")"
      case "$state" in done | failed) break ;; esac
      sleep 0.1
    done
    [ "$state" = done ] && done_jobs=$((done_jobs + 1))
    [ "$(echo "$body" | json "d['attempts']")" = 1 ] && once=$((once + 1))
  done
  t1="$(now)"
  local scope="FROM sbom_documents d JOIN product_versions v ON v.id = d.product_version_id \
    JOIN products p ON p.id = v.product_id WHERE p.name = 'Load Bench' AND v.version LIKE 'c%'"
  local ready comps expected_comps dup findings_small
  ready="$(sql "SELECT COUNT(*) $scope AND d.state = 'ready'")"
  comps="$(sql "SELECT COUNT(*) FROM components k WHERE k.sbom_document_id IN (SELECT d.id $scope)")"
  expected_comps=$((50 * 20))
  dup="$(sql "SELECT COUNT(*) FROM (SELECT f.component_id, f.advisory_id FROM findings f GROUP BY f.component_id, f.advisory_id HAVING COUNT(*) > 1) x")"
  findings_small="$(sql "SELECT COUNT(*) FROM findings f JOIN components k ON k.id = f.component_id WHERE k.sbom_document_id IN (SELECT d.id $scope)")"
  local verdict=intact
  if [ "$accepted" != 50 ] || [ "$done_jobs" != 50 ] || [ "$once" != 50 ] || [ "$ready" != 50 ] ||
    [ "$comps" != "$expected_comps" ] || [ "$dup" != 0 ] || [ $((findings_small % 50)) != 0 ] || [ "$findings_small" = 0 ]; then
    verdict=BROKEN
  fi
  echo "RESULT $backend concurrent-50: $accepted/50 accepted (202), $done_jobs/50 jobs done, $once/50 with attempts 1, $ready/50 SBOMs ready, $comps/$expected_comps components, $findings_small findings ($((findings_small / 50)) per SBOM), $dup duplicated findings, $(python3 -c "print(f'{$t1 - $t0:.2f}')") s: $verdict"
  if "$tplc" audit verify --data-dir "$data" "${url_args[@]}" >/dev/null 2>&1; then
    echo "RESULT $backend audit chain verifies"
  else
    echo "RESULT $backend audit chain DOES NOT verify"
  fi
  echo "-- load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

echo "load_bench.sh: $(nproc) cores, $(uname -sr), $(date -u +%FT%TZ)"
case "$which_backends" in
  sqlite | both) run_backend sqlite ;;
esac
case "$which_backends" in
  postgres | both)
    if command -v psql >/dev/null 2>&1 && psql -qtA "$pg_base" -c 'SELECT 1' >/dev/null 2>&1; then
      run_backend postgres
    else
      echo "skipped: PostgreSQL at $pg_base is not reachable"
    fi
    ;;
esac
