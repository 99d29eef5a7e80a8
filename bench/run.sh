#!/usr/bin/env bash
# End-to-end performance run (docs/performance.md):
#   throwaway PostgreSQL 15 cluster (or AIRPLAN_BENCH_CONN) → airplan generate → in-process query timings vs hand-written SQL
#   → the quarterly Excel export (one county, all plans) next to a raw OpenXmlWriter floor
#   → the app on 127.0.0.1 → wrk (20 connections) on the prerendered task list and /api/dashboard → 30 live circuits in Chromium
#   → stop everything. Results go to bench/results/.
#
#   bench/run.sh                          # full scale (150 counties × 40 tasks × ≤15 townships, seed 42)
#   GEN_ARGS="--counties 20" bench/run.sh # smaller
#   AIRPLAN_BENCH_CONN="Host=…;Database=empty_db" bench/run.sh   # an existing EMPTY database instead of a throwaway cluster
# Env: SKIP_GENERATE=1 (AIRPLAN_BENCH_CONN already generated), ITERATIONS (30), WARMUP (5), WRK_SECONDS (20), WRK_CONNECTIONS (20), CONTEXTS (30), AS_OF (2025-06-30), SKIP_QUERIES=1, SKIP_EXPORT=1, EXPORT_QUARTER (2025Q4), EXPORT_COUNTY_ITERATIONS (5), EXPORT_ALL_ITERATIONS (2; 0 skips the full all-plans export, which currently takes minutes), EXPORT_ALL_WARMUP (1), SKIP_LOAD=1, SKIP_CIRCUITS=1, CIRCUIT_PATH (/tasks), SKIP_CHASE=1, CHASE_AS_OF (2025-11-03)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/bench/results"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
GEN_ARGS="${GEN_ARGS:---seed 42}"
ITERATIONS="${ITERATIONS:-30}"
WARMUP="${WARMUP:-5}"
WRK_SECONDS="${WRK_SECONDS:-20}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-20}"
CONTEXTS="${CONTEXTS:-30}"
AS_OF="${AS_OF:-2025-06-30}"
EXPORT_QUARTER="${EXPORT_QUARTER:-2025Q4}"
EXPORT_COUNTY_ITERATIONS="${EXPORT_COUNTY_ITERATIONS:-5}"
EXPORT_ALL_ITERATIONS="${EXPORT_ALL_ITERATIONS:-2}"
EXPORT_ALL_WARMUP="${EXPORT_ALL_WARMUP:-1}"
mkdir -p "$OUT"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

PGROOT=""; APP_PID=""
cleanup() {
  set +e
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
  [ -n "${PUBLISH:-}" ] && rm -rf "$PUBLISH"
  if [ -n "$PGROOT" ]; then as_pg "$PG_BIN/pg_ctl" stop -D "$PGROOT/data" -m fast -w >/dev/null 2>&1; rm -rf "$PGROOT"; fi
}
trap cleanup EXIT

echo "== build (Release)"
dotnet build "$ROOT/src/AirPlan.Cli" -c Release -v q -nologo | grep -E "error|Warn|Elapsed" || true
PUBLISH="$(mktemp -d /tmp/airplan-bench-web-XXXXXX)"
# Published output: Production serves static web assets (blazor.web.js, MudBlazor) only from a publish folder.
dotnet publish "$ROOT/src/AirPlan.Web" -c Release -o "$PUBLISH" -v q -nologo | grep -E "error" || true
dotnet build "$ROOT/bench/AirPlan.Bench" -c Release -v q -nologo | grep -E "error|Elapsed" || true
CLI="$ROOT/src/AirPlan.Cli/bin/Release/net10.0/airplan.dll"
WEB_DIR="$PUBLISH"
BENCH="$ROOT/bench/AirPlan.Bench/bin/Release/net10.0/AirPlan.Bench.dll"

if [ -n "${AIRPLAN_BENCH_CONN:-}" ]; then
  CONN="$AIRPLAN_BENCH_CONN"
else
  echo "== throwaway PostgreSQL cluster"
  PGROOT="$(mktemp -d /tmp/airplan-bench-XXXXXX)"; chmod 755 "$PGROOT"
  [ "$(id -u)" = 0 ] && chown postgres "$PGROOT"
  as_pg "$PG_BIN/initdb" -D "$PGROOT/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >/dev/null
  PGPORT="$(free_port)"
  # Durability off (throwaway); memory sized for a 24 GB machine with 2 cores.
  as_pg "$PG_BIN/pg_ctl" start -w -D "$PGROOT/data" -l "$PGROOT/postgres.log" \
    -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
        -c shared_buffers=1GB -c effective_cache_size=8GB -c work_mem=32MB -c maintenance_work_mem=512MB -c max_wal_size=4GB" >/dev/null
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "create database airplan_bench"
  CONN="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=airplan_bench"
fi
export ConnectionStrings__AirPlan="$CONN"

if [ -z "${SKIP_GENERATE:-}" ]; then
  echo "== generate $GEN_ARGS"
  # shellcheck disable=SC2086
  dotnet "$CLI" generate $GEN_ARGS | tee "$OUT/generate.txt"
fi

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
if [ -z "${SKIP_QUERIES:-}" ]; then
  echo "== queries (in-process, $ITERATIONS iterations after $WARMUP warm-up)"
  dotnet "$BENCH" queries --conn "$CONN" --iterations "$ITERATIONS" --warmup "$WARMUP" --as-of "$AS_OF" --out "$OUT/queries.md"
  echo "load average after queries: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
else
  dotnet "$BENCH" accounts --conn "$CONN"
fi

if [ -z "${SKIP_EXPORT:-}" ]; then
  echo "== quarterly Excel export ($EXPORT_QUARTER): one county, all plans, raw OpenXmlWriter floor"
  dotnet "$BENCH" export --conn "$CONN" --quarter "$EXPORT_QUARTER" --county-iterations "$EXPORT_COUNTY_ITERATIONS" \
    --all-iterations "$EXPORT_ALL_ITERATIONS" --all-warmup "$EXPORT_ALL_WARMUP" --out "$OUT/export.md" | tee "$OUT/export.txt"
  echo "load average after export: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
fi

if [ -z "${SKIP_CHASE:-}" ]; then
  echo "== daily chasing job (first run, same day again, next day)"
  dotnet "$BENCH" chase --conn "$CONN" --as-of "${CHASE_AS_OF:-2025-11-03}" --out "$OUT/chase.md" | tee "$OUT/chase.txt"
fi

COUNTY_PLAN="$("$PG_BIN/psql" "$(echo "$CONN" | sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Database=/dbname=/')" -Atc "select key from plans where key like 'gen-%' order by key limit 1")"

if [ -z "${SKIP_LOAD:-}" ] || [ -z "${SKIP_CIRCUITS:-}" ]; then
  echo "== app on 127.0.0.1"
  APP_PORT="$(free_port)"; URL="http://127.0.0.1:$APP_PORT"
  # (env: a variable name with dots cannot be assigned by the shell itself)
  (cd "$WEB_DIR" && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning AirPlan__Diagnostics__Memory=true \
     "Logging__LogLevel__AirPlan.Web.Features.Tasks.Facts=Information" \
     AirPlan__SeedsPath="$ROOT/seeds" dotnet AirPlan.Web.dll --urls "$URL") > "$OUT/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do curl -fs -o /dev/null "$URL/account/login" && break; sleep 1; done
  curl -fs -o /dev/null "$URL/account/login"
  # The app warms the roll-up facts (today and 36 month-ends, every plan) in the background after start; measure after that.
  START_WARM=$(date +%s)
  for _ in $(seq 1 300); do grep -q "Roll-up facts ready" "$OUT/app.log" && break; sleep 1; done
  echo "facts warm-up after start: $(grep -o 'Roll-up facts ready.*' "$OUT/app.log" || echo 'not finished') (waited $(( $(date +%s) - START_WARM )) s)" | tee -a "$OUT/machine.txt"

  login() { # $1 user → prints a Cookie header value
    local jar; jar="$(mktemp)"
    local token; token="$(curl -s -c "$jar" -b "$jar" "$URL/account/login" | grep -o '__RequestVerificationToken"[^>]*value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')"
    curl -s -o /dev/null -c "$jar" -b "$jar" -X POST "$URL/account/login" \
      --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "_handler=login" \
      --data-urlencode "Input.UserName=$1" --data-urlencode "Input.Password=Bench@2025-perf" --data-urlencode "Input.RememberMe=false"
    awk '!/^#/ || /^#HttpOnly_/ { sub(/^#HttpOnly_/, ""); if (NF >= 7) printf "%s=%s; ", $6, $7 }' "$jar"
    rm -f "$jar"
  }
  LEADER_COOKIE="$(login bench-leader)"; COUNTY_COOKIE="$(login bench-county)"
  case "$COUNTY_COOKIE" in *Auth=*) ;; *) echo "sign-in failed (no auth cookie)"; exit 1;; esac

  if [ -z "${SKIP_CIRCUITS:-}" ]; then
    echo "== $CONTEXTS live circuits (Chromium)"
    CIRCUIT_PATH="${CIRCUIT_PATH:-/tasks}"
    dotnet "$BENCH" circuits --url "$URL" --pid "$APP_PID" --contexts "$CONTEXTS" --path "$CIRCUIT_PATH" --out "$OUT/circuits.md"
  fi
  if [ -z "${SKIP_LOAD:-}" ]; then
    echo "== wrk: $WRK_CONNECTIONS connections, ${WRK_SECONDS}s per endpoint"
    cat > "$OUT/wrk-report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d rps=%.1f p50=%.1f p95=%.1f p99=%.1f max=%.1f errors=%d non2xx=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
LUA
    echo "| endpoint | user | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | non-2xx |" > "$OUT/wrk.md"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|" >> "$OUT/wrk.md"
    run_wrk() { # $1 path, $2 cookie, $3 label
      local code t; read -r code t < <(curl -s -o /dev/null --max-time 60 -w '%{http_code} %{time_total}\n' -H "Cookie: $2" "$URL$1" || true)
      if [ "$code" != 200 ]; then echo "| \`${1//&/\&}\` | $3 | not measured: HTTP $code after ${t}s (single request) | | | | | | | |" >> "$OUT/wrk.md"; return; fi
      echo "single request $1: ${t}s" | tee -a "$OUT/wrk.txt"
      local line; line="$(wrk -t2 -c"$WRK_CONNECTIONS" -d"${WRK_SECONDS}s" --timeout 30s -H "Cookie: $2" -s "$OUT/wrk-report.lua" "$URL$1" | tee -a "$OUT/wrk.txt" | grep RESULT)"
      echo "$line"
      local esc="${1//&/\\&}"
      echo "$line" | sed -E "s#RESULT requests=([0-9]+) rps=([0-9.]+) p50=([0-9.]+) p95=([0-9.]+) p99=([0-9.]+) max=([0-9.]+) errors=([0-9]+) non2xx=([0-9]+)#| \`$esc\` | $3 | \1 | \2 | \3 | \4 | \5 | \6 | \7 | \8 |#" >> "$OUT/wrk.md"
    }
    : > "$OUT/wrk.txt"
    # Cheapest first: a slow endpoint leaves queued work on the server after wrk stops, which would skew the next one.
    run_wrk "/tasks" "$COUNTY_COOKIE" "county coordinator"
    run_wrk "/tasks?plan=$COUNTY_PLAN&overdue=true" "$COUNTY_COOKIE" "county coordinator"
    run_wrk "/dashboard?plan=$COUNTY_PLAN" "$COUNTY_COOKIE" "county coordinator"
    run_wrk "/api/dashboard?plan=$COUNTY_PLAN" "$COUNTY_COOKIE" "county coordinator"
    run_wrk "/tasks?overdue=true" "$LEADER_COOKIE" "province leader"
    run_wrk "/api/dashboard" "$LEADER_COOKIE" "province leader"
    cat "$OUT/wrk.md"
  fi

fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
echo "== done; results in $OUT"
