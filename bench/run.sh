#!/usr/bin/env bash
# Benchmark: workflow-call acknowledgement latency and queue drain rate, on a fresh sandbox instance.
# Usage: bench/run.sh [messages=300] [concurrency=8]      (CONNECTOR_DB_URL=... to run it on PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${1:-300}
CONCURRENCY=${2:-8}
RATE=${BENCH_SEND_RATE:-50}
PORT=${BENCH_PORT:-18080}
MANAGEMENT_PORT=${BENCH_MANAGEMENT_PORT:-19080}

[ -f target/quarkus-app/quarkus-run.jar ] && [ -d target/test-classes ] || mvn -B -q package -DskipTests
WORK=$(mktemp -d)
java -Xmx512m -XX:+ExitOnOutOfMemoryError \
     -Dquarkus.http.port="$PORT" \
     -Dquarkus.management.port="$MANAGEMENT_PORT" \
     -Dconnector.nrs.send-rate-per-second="$RATE" \
     -Dconnector.sandbox.delivery-delay=0.5S \
     -Dquarkus.datasource.embedded.jdbc.url="jdbc:h2:file:$WORK/bench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" \
     -Dquarkus.log.level=WARN \
     -jar target/quarkus-app/quarkus-run.jar > "$WORK/connector.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do
  curl -fs "http://localhost:$MANAGEMENT_PORT/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
echo "connector up on port $PORT ($(nproc) cores; database: ${CONNECTOR_DB_URL:-embedded H2})"
java -cp target/classes:target/test-classes bench/AckBenchmark.java "http://localhost:$PORT" "$MESSAGES" "$CONCURRENCY" "$RATE"
