#!/usr/bin/env bash
# The connector's performance benchmark, in one command. It builds the connector, creates a fresh PostgreSQL
# database (connector_bench_<random>, dropped at the end, also on failure or Ctrl-C), starts the packaged connector
# on it as its own process with the sandbox stand-ins (the 360nrs one answering each send after a latency, the
# HubSpot one enforcing HubSpot's rate limit, 110 requests per 10 s), and from a second process (bench/Benchmark.java):
# warms up, measures the baseline (GET /api/v1/ping, same concurrency), fires N signed workflow calls at concurrency C,
# waits for the drain, and prints one JSON line on stdout (progress goes to stderr; the connector's log to
# target/it-logs/bench-connector.log).
#
# Usage: bench/run.sh [-n N] [-c C] [--latency-ms MS] [--send-rate R] [--drain-timeout S] [--no-build]
#   -n N                workflow calls (default 20000; env BENCH_N)
#   -c C                calls under way at once, for the calls and the baseline alike (default 64; env BENCH_C)
#   --latency-ms MS     how long the 360nrs stand-in takes to answer a send (default 50; env BENCH_LATENCY_MS)
#   --send-rate R       connector.nrs.send-rate-per-second, the account's send rate (whole messages per second; default 5000, high enough not
#                       to be the limit; set it lower to see the throttle; env BENCH_SEND_RATE)
#   --drain-timeout S   how long to wait for every accepted call to reach its final status on the timeline
#                       (default 120 + the longer of N/25 and 3*N/R seconds; env BENCH_DRAIN_TIMEOUT)
#   --no-build          use target/ as it is instead of running mvn -B -q package -DskipTests first
# PostgreSQL: the libpq variables PGHOST (default 127.0.0.1), PGPORT (5432), PGUSER (postgres), PGPASSWORD; the user
# needs the CREATEDB privilege. Needs Java 17, Maven and psql.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${BENCH_N:-20000}
C=${BENCH_C:-64}
LATENCY_MS=${BENCH_LATENCY_MS:-50}
SEND_RATE=${BENCH_SEND_RATE:-5000}
DRAIN_TIMEOUT=${BENCH_DRAIN_TIMEOUT:-}
BUILD=1
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    -n) N=${2:?-n needs a value}; shift 2 ;;
    -c) C=${2:?-c needs a value}; shift 2 ;;
    --latency-ms) LATENCY_MS=${2:?--latency-ms needs a value}; shift 2 ;;
    --send-rate) SEND_RATE=${2:?--send-rate needs a value}; shift 2 ;;
    --drain-timeout) DRAIN_TIMEOUT=${2:?--drain-timeout needs a value}; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
for value in "$N" "$C" "$LATENCY_MS" "$SEND_RATE" ${DRAIN_TIMEOUT:+"$DRAIN_TIMEOUT"}; do
  [[ "$value" =~ ^[0-9]+$ ]] || { echo "not a whole number: $value" >&2; exit 2; }
done
if [ -z "$DRAIN_TIMEOUT" ]; then
  DRAIN_TIMEOUT=$(awk -v n="$N" -v r="$SEND_RATE" 'BEGIN { a = n / 25; b = 3 * n / r; printf "%d", 120 + (a > b ? a : b) }')
fi

if [ "$BUILD" = 1 ]; then
  echo "[bench] building the connector" >&2
  mvn -B -q -Dstyle.color=never package -DskipTests >&2
fi
[ -f target/quarkus-app/quarkus-run.jar ] && [ -d target/test-classes ] \
  || { echo "no packaged connector: run without --no-build" >&2; exit 1; }

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DATABASE=connector_bench_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
drop_database() {
  psql -d postgres -qc "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" >&2 \
    || echo "[bench] could not drop database $DATABASE: drop it by hand" >&2
}
trap drop_database EXIT
trap 'exit 130' INT TERM
psql -d postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $DATABASE TEMPLATE template0" >&2
echo "[bench] database $DATABASE on $PGHOST:$PGPORT" >&2

# The generator's class path: the connector's classes (the signature), the shared test helpers, Jackson, and Vert.x
# core with Netty (its HTTP client), all from the packaged connector's libraries.
CLASSPATH_JARS=$(ls target/quarkus-app/lib/main/com.fasterxml.jackson.core.jackson-*.jar \
  target/quarkus-app/lib/main/io.vertx.vertx-core-*.jar target/quarkus-app/lib/main/io.netty.netty-*.jar | tr '\n' ':')
CONNECTOR_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DATABASE" CONNECTOR_DB_USER="$PGUSER" \
CONNECTOR_DB_PASSWORD="${PGPASSWORD:-}" \
  java -cp "target/classes:target/test-classes:$CLASSPATH_JARS" bench/Benchmark.java \
    "$N" "$C" "$LATENCY_MS" "$SEND_RATE" "$DRAIN_TIMEOUT" "$(nproc)"
