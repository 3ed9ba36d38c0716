#!/usr/bin/env bash
# Container smoke test: builds the netctx image from the Dockerfile with podman, on base images made
# here (no registry needed), runs it, echoes bytes through the published TCP and UDP ports, reads
# /actuator/health, then starts the docker-compose.yml stack (netctx + Prometheus) with
# podman-compose until Prometheus scrapes netctx and a netctx byte counter can be queried.
#
#   sudo scripts/container-smoke.sh
#
# Needs root and Debian's package archive (installs podman, runc, podman-compose, debootstrap and
# python3 when missing) and the Temurin 25 JDK (NETCTX_SMOKE_JDK). Not part of `./mvnw verify`: the
# first run takes a few minutes (debootstrap, the JDK image, the Maven download inside the build);
# the base images are kept for the next run, every container and the compose volumes are removed.
# Grafana is not started: its image comes from Docker Hub only (the compose file is checked by
# dev.netctx.deploy.ComposeStackTests instead).
#
# Environment: NETCTX_SMOKE_WORK (state, default /var/tmp/netctx-smoke), NETCTX_SMOKE_JDK (default
# /usr/lib/jvm/temurin-25-jdk-amd64), NETCTX_SMOKE_PORT_BASE (host ports used: BASE for echo TCP+UDP,
# BASE+1 for HTTP, BASE+2 for Prometheus, BASE+3 for the management port; default 24442).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${NETCTX_SMOKE_WORK:-/var/tmp/netctx-smoke}
JDK=${NETCTX_SMOKE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
PORT_BASE=${NETCTX_SMOKE_PORT_BASE:-24442}
ECHO_PORT=$PORT_BASE
HTTP_PORT=$((PORT_BASE + 1))
PROMETHEUS_PORT=$((PORT_BASE + 2))
MANAGEMENT_PORT=$((PORT_BASE + 3))

DEBIAN_IMAGE=localhost/netctx-smoke/debian:bookworm
JDK_IMAGE=localhost/netctx-smoke/jdk:25
JRE_IMAGE=localhost/netctx-smoke/jre:25
PROMETHEUS_IMAGE=localhost/netctx-smoke/prometheus:bookworm
NETCTX_IMAGE=localhost/netctx:smoke
CONTAINER=netctx-smoke
PROJECT=netctx-smoke

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*"; }
fail() { log "FAILED: $*"; exit 1; }

# Runs "$@" once a second until it succeeds, for at most $1 seconds.
await() {
  local seconds=$1 what=$2
  local deadline=$((SECONDS + seconds))
  shift 2
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || fail "$what (not within ${seconds}s)"
    sleep 1
  done
}

install_tools() {
  local missing=()
  for tool in podman runc podman-compose debootstrap python3 curl; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  fi
}

# crun fails on these machines and the default nofile limit is too small: a podman configuration of
# our own, used by podman and by podman-compose through CONTAINERS_CONF (the system's stays as it is).
configure_podman() {
  mkdir -p "$WORK"
  cat >"$WORK/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
EOF
  export CONTAINERS_CONF=$WORK/containers.conf
}

# Debian bookworm (minbase) from debootstrap, then a JDK image for the build stage, a jlink'ed Java
# runtime for the runtime stage and Debian's Prometheus for the compose stack, all built on it.
build_base_images() {
  if ! podman image exists "$DEBIAN_IMAGE"; then
    log "debootstrap bookworm (minbase)"
    rm -rf "$WORK/rootfs"
    debootstrap --variant=minbase bookworm "$WORK/rootfs" http://deb.debian.org/debian >"$WORK/debootstrap.log"
    rm -rf "$WORK"/rootfs/var/cache/apt/archives/*.deb "$WORK"/rootfs/var/lib/apt/lists/*
    tar -C "$WORK/rootfs" -c . | podman import --change 'CMD ["bash"]' - "$DEBIAN_IMAGE" >/dev/null
    rm -rf "$WORK/rootfs"
  fi
  if ! podman image exists "$JDK_IMAGE"; then
    log "JDK image from $JDK"
    local context=$WORK/jdk-context
    rm -rf "$context" && mkdir -p "$context"
    cp -rL "$JDK" "$context/jdk"   # -L: Debian's Temurin links cacerts to /etc/ssl/certs/java
    java_image "$JDK_IMAGE" "$context"
  fi
  if ! podman image exists "$JRE_IMAGE"; then
    log "Java runtime image (jlink from $JDK)"
    local context=$WORK/jre-context
    rm -rf "$context" && mkdir -p "$context"
    "$JDK/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.management,jdk.management.agent,jdk.crypto.ec,jdk.naming.dns,jdk.net,jdk.zipfs,jdk.charsets,jdk.localedata,jdk.jfr \
      --strip-debug --no-header-files --no-man-pages --output "$context/jdk"
    cp -L "$JDK/lib/security/cacerts" "$context/jdk/lib/security/cacerts"
    java_image "$JRE_IMAGE" "$context"
  fi
  if ! podman image exists "$PROMETHEUS_IMAGE"; then
    log "Prometheus image (Debian's prometheus)"
    podman build -q -t "$PROMETHEUS_IMAGE" -f - "$WORK" >/dev/null <<EOF
FROM $DEBIAN_IMAGE
RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus wget \\
 && rm -rf /var/lib/apt/lists/* && mkdir -p /prometheus && chown nobody:nogroup /prometheus
USER nobody
ENTRYPOINT ["/usr/bin/prometheus"]
EOF
  fi
}

# An image FROM the Debian base with the Java found in $2/jdk installed as /opt/java/openjdk.
java_image() {
  local image=$1 context=$2
  podman build -q -t "$image" -f - "$context" >/dev/null <<EOF
FROM $DEBIAN_IMAGE
COPY jdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
EOF
  rm -rf "$context"
}

build_netctx_image() {
  log "podman build $NETCTX_IMAGE (Dockerfile, BUILD_IMAGE=$JDK_IMAGE RUNTIME_IMAGE=$JRE_IMAGE)"
  local started=$SECONDS
  podman build --format docker --build-arg BUILD_IMAGE="$JDK_IMAGE" --build-arg RUNTIME_IMAGE="$JRE_IMAGE" \
    -t "$NETCTX_IMAGE" "$ROOT" >"$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log"; fail "image build"; }
  log "built in $((SECONDS - started))s: $(podman image inspect --format '{{.Size}} bytes, user {{.Config.User}}, healthcheck {{.Config.Healthcheck.Test}}' "$NETCTX_IMAGE")"
}

# Sends $3 to 127.0.0.1:$2 over $1 (tcp|udp) and prints what comes back.
echo_through() {
  python3 - "$@" <<'EOF'
import socket, sys
protocol, port, payload = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
kind = socket.SOCK_STREAM if protocol == "tcp" else socket.SOCK_DGRAM
with socket.socket(socket.AF_INET, kind) as s:
    s.settimeout(5)
    s.connect(("127.0.0.1", port))
    s.sendall(payload)
    received = b""
    while len(received) < len(payload):
        chunk = s.recv(65536)
        if not chunk:
            break
        received += chunk
print(received.decode(errors="replace"))
EOF
}

# Bytes that check_echo sent (and got back).
ECHOED=0

check_echo() {
  local port=$1
  for protocol in tcp udp; do
    local payload="netctx smoke $protocol $RANDOM"
    ECHOED=$((ECHOED + ${#payload}))
    local answer
    answer=$(echo_through "$protocol" "$port" "$payload") || fail "$protocol echo on 127.0.0.1:$port"
    [[ $answer == "$payload" ]] || fail "$protocol echo on 127.0.0.1:$port answered '$answer'"
    log "$protocol echo on 127.0.0.1:$port: sent and received '$payload'"
  done
}

run_container() {
  log "podman run $NETCTX_IMAGE, publishing 127.0.0.1:$ECHO_PORT tcp+udp, 127.0.0.1:$HTTP_PORT and 127.0.0.1:$MANAGEMENT_PORT (management)"
  # No systemd here to time the HEALTHCHECK: it is run by hand below.
  podman run -d --name "$CONTAINER" --health-interval=disable --read-only --tmpfs /tmp --cap-drop ALL \
    -p "127.0.0.1:$ECHO_PORT:4442/tcp" -p "127.0.0.1:$ECHO_PORT:4442/udp" -p "127.0.0.1:$HTTP_PORT:8080/tcp" \
    -p "127.0.0.1:$MANAGEMENT_PORT:8081/tcp" "$NETCTX_IMAGE" >"$WORK/run.log" 2>&1 || { cat "$WORK/run.log"; fail "podman run"; }
  await 90 "the echo listener of the container" echo_through tcp "$ECHO_PORT" ping
  log "runs as uid $(podman exec "$CONTAINER" id -u)"
  check_echo "$ECHO_PORT"
  await 30 "/actuator/health of the container" curl -fsS "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health"
  log "GET /actuator/health: $(curl -fsS "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health")"
  podman healthcheck run "$CONTAINER" >/dev/null || fail "the image's HEALTHCHECK"
  log "the image's HEALTHCHECK: healthy"
  podman rm -f "$CONTAINER" >/dev/null 2>&1
}

compose() {
  NETCTX_IMAGE=$NETCTX_IMAGE PROMETHEUS_IMAGE=$PROMETHEUS_IMAGE NETCTX_ECHO_PORT=$ECHO_PORT \
    NETCTX_HTTP_PORT=$HTTP_PORT NETCTX_MANAGEMENT_PORT=$MANAGEMENT_PORT PROMETHEUS_PORT=$PROMETHEUS_PORT \
    podman-compose -p "$PROJECT" -f "$ROOT/docker-compose.yml" "$@"
}

prometheus_query() {
  curl -fsS "http://127.0.0.1:$PROMETHEUS_PORT/api/v1/$1" "${@:2}"
}

netctx_target_up() {
  prometheus_query targets | python3 -c '
import json, sys
targets = json.load(sys.stdin)["data"]["activeTargets"]
sys.exit(0 if any(t["labels"]["job"] == "netctx" and t["health"] == "up" for t in targets) else 1)'
}

# Whether Prometheus has scraped at least $1 received bytes over all listeners.
bytes_counted() {
  prometheus_query query --data-urlencode 'query=sum(netctx_data_received_bytes_total)' | python3 -c '
import json, sys
result = json.load(sys.stdin)["data"]["result"]
sys.exit(0 if result and float(result[0]["value"][1]) >= int(sys.argv[1]) else 1)' "$1"
}

run_compose() {
  log "podman-compose up -d netctx prometheus"
  compose up -d netctx prometheus >"$WORK/compose.log" 2>&1 || { tail -n 40 "$WORK/compose.log"; fail "podman-compose up"; }
  await 90 "the echo listener of the compose service" echo_through tcp "$ECHO_PORT" ping
  ECHOED=0
  check_echo "$ECHO_PORT"
  await 30 "/actuator/health of the compose service" curl -fsS "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health"
  podman healthcheck run "${PROJECT}_netctx_1" >/dev/null || fail "the compose healthcheck of netctx"
  log "compose healthcheck of netctx: healthy"
  await 60 "Prometheus reports the netctx target up" netctx_target_up
  log "Prometheus target netctx: up"
  await 60 "the $ECHOED bytes echoed in Prometheus' netctx_data_received_bytes_total" bytes_counted "$ECHOED"
  log "Prometheus query netctx_data_received_bytes_total (after echoing $ECHOED bytes): $(prometheus_query query --data-urlencode 'query=netctx_data_received_bytes_total' | python3 -c '
import json, sys
print(", ".join("{}={}".format(r["metric"].get("listener", "?"), r["value"][1]) for r in json.load(sys.stdin)["data"]["result"]))')"
  report_dashboard_metrics
  curl -fsS "http://127.0.0.1:$MANAGEMENT_PORT/actuator/prometheus" >"$WORK/metrics.txt"
  podman exec -i "${PROJECT}_prometheus_1" promtool check metrics <"$WORK/metrics.txt" >"$WORK/promtool.log" 2>&1 || true
  local own
  own=$(grep '^netctx_' "$WORK/promtool.log" | tr '\n' ';' || true)
  log "promtool check metrics on /actuator/prometheus: ${own:-no remark on netctx_* metrics} ($(grep -cv '^netctx_' "$WORK/promtool.log") remark(s) on Boot's and Micrometer's own, in $WORK/promtool.log)"
}

# Which netctx metrics of the Grafana dashboard Prometheus has (a counter with a tag appears once counted).
report_dashboard_metrics() {
  prometheus_query label/__name__/values | python3 -c '
import json, re, sys
exported = set(json.load(sys.stdin)["data"])
with open(sys.argv[1]) as file:
    dashboard = json.load(file)
used = {m for p in dashboard["panels"] for t in p["targets"] for m in re.findall(r"\bnetctx_[a-z_]+", t["expr"])}
print("dashboard metrics in Prometheus:", ", ".join(sorted(used & exported)) or "none")
print("dashboard metrics not (yet) exported:", ", ".join(sorted(used - exported)) or "none")' "$ROOT/compose/grafana/dashboards/netctx.json" | while read -r line; do log "$line"; done
}

cleanup() {
  podman rm -f "$CONTAINER" >/dev/null 2>&1 || true
  compose down -v >/dev/null 2>&1 || true
  podman network rm -f "${PROJECT}_default" >/dev/null 2>&1 || true
}

main() {
  [[ $EUID -eq 0 ]] || fail "run as root (podman with runc, debootstrap)"
  local started=$SECONDS
  install_tools
  configure_podman
  trap cleanup EXIT
  cleanup
  build_base_images
  build_netctx_image
  run_container
  run_compose
  log "PASSED in $((SECONDS - started))s"
}

main "$@"
