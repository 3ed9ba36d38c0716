#!/usr/bin/env bash
# Soak test: starts netctx on free loopback ports with a short idle timeout and a connection limit,
# runs `java -jar target/netctx.jar soak` against it, stops netctx (SIGTERM) and prints the summary.
# Exits non-zero if a target was missed or netctx did not stop cleanly.
#   scripts/soak.sh [soak options...]     e.g. scripts/soak.sh --duration 60s --clients 300
# Builds target/netctx.jar first if it is missing. Uses JDK 25 if installed, else `java`.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=java
if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
if [ ! -f target/netctx.jar ]; then
  ./mvnw -B -q -DskipTests package
fi

IDLE_TIMEOUT=3s
MAX_CONNECTIONS=400
LOG=$(mktemp /tmp/netctx-soak.XXXXXX.log)

# G1 returns unused heap to the OS after a periodic GC, and the initial heap is touched at start
# (AlwaysPreTouch): RSS then measures memory held, not heap pages touched for the first time.
MALLOC_ARENA_MAX=2 "$JAVA" -Xms64m -Xmx512m -XX:+AlwaysPreTouch -XX:+UseG1GC -XX:G1PeriodicGCInterval=1000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 ${NETCTX_SOAK_JVM_OPTS:-} \
  -jar target/netctx.jar \
  --netctx.listeners.tcp.port=0 --netctx.listeners.udp.port=0 \
  --netctx.listeners.tcp.idle-timeout=$IDLE_TIMEOUT --netctx.listeners.udp.idle-timeout=$IDLE_TIMEOUT \
  --netctx.listeners.tcp.max-connections=$MAX_CONNECTIONS \
  --spring.lifecycle.timeout-per-shutdown-phase=5s \
  --server.port=0 --management.server.port=0 >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT

port_of() {  # the port of listener $1, as GET /api/listeners tells it ({"name":"tcp","protocol":"TCP","local":"127.0.0.1:PORT",...})
  curl -fsS "http://127.0.0.1:$HTTP_PORT/api/listeners" \
    | sed -n "s/.*\"name\":\"$1\",\"protocol\":\"[A-Z]*\",\"local\":\"[^\"]*:\([0-9]*\)\".*/\1/p"
}
for _ in $(seq 1 120); do
  if grep -q "Started NetctxApplication" "$LOG"; then break; fi
  if ! kill -0 $PID 2>/dev/null; then cat "$LOG"; echo "netctx did not start"; exit 1; fi
  sleep 0.5
done
# the traffic port, not the management port's Tomcat: the line that announces the live page
HTTP_PORT=$(sed -n 's/.*Live page: http:\/\/.*:\([0-9]*\)\/.*/\1/p' "$LOG" | head -n1)
if [ -z "$HTTP_PORT" ]; then cat "$LOG"; echo "netctx did not report its HTTP port"; exit 1; fi
HTTP_ARGS=(--http-port "$HTTP_PORT")
TCP_PORT=$(port_of tcp)
UDP_PORT=$(port_of udp)
echo "netctx pid $PID: tcp $TCP_PORT, udp $UDP_PORT, http ${HTTP_PORT:-none}, log $LOG ($("$JAVA" -version 2>&1 | head -n1))"

status=0
"$JAVA" -jar target/netctx.jar soak --port "$TCP_PORT" --udp-port "$UDP_PORT" "${HTTP_ARGS[@]}" \
  --server-pid $PID --idle-timeout $IDLE_TIMEOUT --max-connections $MAX_CONNECTIONS "$@" || status=$?

kill -TERM $PID
for _ in $(seq 1 40); do kill -0 $PID 2>/dev/null || break; sleep 0.25; done
if kill -0 $PID 2>/dev/null; then echo "netctx did not stop within 10 s of SIGTERM"; kill -9 $PID; status=1; fi
wait $PID 2>/dev/null || true
errors=$(grep -c " ERROR " "$LOG" || true)
echo "netctx stopped; ERROR lines in its log: $errors"
[ "$errors" -eq 0 ] || status=1
exit $status
