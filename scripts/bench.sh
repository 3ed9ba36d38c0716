#!/usr/bin/env bash
# Side-by-side benchmark of netctx and the two comparison echo servers whose sources are in
# bench-servers/: the C server on mbed TLS's net_sockets and a Netty 4.2 NIO server (with an
# SslHandler on the JDK's provider for the TLS scenarios, which the C server sits out). Every scenario
# runs against every server in one run, repeated REPS times interleaved (rep > scenario > server,
# each on a fresh server process), then a table of medians and of the ratios netctx/Netty and
# netctx/C is printed.
#
# Usage: scripts/bench.sh [--reps 3] [--warmup 2s] [--duration 5s]
#                         [--servers "netctx netty c"] [--scenarios "tcp ping-pong udp connections"]
#                         (TLS, on request: --scenarios "tls tls-handshakes tls-connections dtls dtls-handshakes")
#                         (open-loop, on request: --scenarios "tcp-rate udp-rate")
#                         [--no-build] [--help]
#   --reps N          repetitions of every scenario against every server (default 3)
#   --warmup TIME     traffic before measuring, each run (default 2s; times as bench reads them: 500ms, 5s, 1m)
#   --duration TIME   measured traffic, each run (default 5s)
#   --servers LIST    some of: netctx netty c
#   --scenarios LIST  some of: tcp ping-pong udp connections tls tls-handshakes tls-connections (tls: the
#                     tcp load over TLS 1.3; tls-handshakes: new TLS sessions per second, 4 client threads;
#                     tls-connections: 10,000 TLS connections held, at 100 new ones a second; dtls: the
#                     udp load over DTLS 1.2, 16 peers x 1 datagram; dtls-handshakes: new DTLS sessions
#                     per second, 4 peers; no other server has DTLS: netctx only; tcp-rate, udp-rate: the
#                     tcp and udp loads open-loop, at BENCH_TCP_RATE messages and BENCH_UDP_RATE datagrams
#                     a second, the same offered load for every server, each message timed from when it
#                     was due)
#   --no-build        use target/netctx.jar and target/bench-servers/ as they are (built if missing)
# Builds target/netctx.jar (./mvnw package) and the comparison servers (bench-servers/build.sh: needs
# gcc and libmbedtls-dev, installed with apt-get when missing and run as root).
# Environment: JAVA (default: Temurin 25 if installed, else java), JVM_FLAGS (the same for netctx and
#              Netty, e.g. -XX:MaxRAM=256m; default none; Netty always runs with
#              -Dio.netty.allocator.type=pooled, since 4.2's default allocator loses about 6x of its
#              throughput under a heap of 512m or less, which would flatter netctx), BENCH_PORT (default 24700;
#              the servers use BENCH_PORT..BENCH_PORT+2), BENCH_TCP_RATE (default 200000 messages/s),
#              BENCH_UDP_RATE (default 40000 datagrams/s), EVENT_LOOPS (the TCP event loops of both Java
#              servers: netctx.event-loops and Netty's worker threads; default each server's own, one
#              per CPU for netctx, two per CPU for Netty; 1 leaves the client its core on two).
# Output: the raw RESULT lines and the table, also in target/bench/results.txt and target/bench/table.txt.
# Exit status: 0 if every run verified every echo, 1 if one did not, 2 on a wrong argument.
# Loopback only; every run is bounded in time (see `java -jar target/netctx.jar bench --help`).
set -euo pipefail

usage() { sed -n '9,37p' "$0" | sed 's/^# \{0,1\}//'; }

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
JAVA=${JAVA:-$( [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && echo /usr/lib/jvm/temurin-25-jdk-amd64/bin/java || echo java )}
read -r -a jvm_flags <<< "${JVM_FLAGS:-}"
port_base=${BENCH_PORT:-24700}
tcp_rate=${BENCH_TCP_RATE:-200000}
udp_rate=${BENCH_UDP_RATE:-40000}
event_loops=${EVENT_LOOPS:-}
case "$event_loops" in ''|[1-9]|[1-9][0-9]) ;; *) echo "bench.sh: EVENT_LOOPS must be 1..99, got '$event_loops'" >&2; exit 2 ;; esac
netctx_loops=(${event_loops:+--netctx.event-loops=$event_loops})
netty_threads=${event_loops:-0}
servers_dir=$root/target/bench-servers
out=$root/target/bench
reps=3 warmup=2s duration=5s build=1
servers="netctx netty c"
scenarios="tcp ping-pong udp connections"
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --no-build) build=0; shift; continue ;;
    --reps|--warmup|--duration|--servers|--scenarios)
      [ $# -ge 2 ] || { echo "bench.sh: $1 needs a value (see scripts/bench.sh --help)" >&2; exit 2; } ;;
    *) echo "bench.sh: unknown argument $1 (see scripts/bench.sh --help)" >&2; exit 2 ;;
  esac
  case "$1" in
    --reps) reps=$2 ;;
    --warmup) warmup=$2 ;;
    --duration) duration=$2 ;;
    --servers) servers=$2 ;;
    --scenarios) scenarios=$2 ;;
  esac
  shift 2
done
case "$reps" in ''|*[!0-9]*|0) echo "bench.sh: --reps must be a number of 1 or more, got '$reps'" >&2; exit 2 ;; esac
for server in $servers; do
  case "$server" in netctx|netty|c) ;; *) echo "bench.sh: unknown server $server (netctx, netty, c)" >&2; exit 2 ;; esac
done
for scenario in $scenarios; do
  case "$scenario" in tcp|ping-pong|udp|connections|tls|tls-handshakes|tls-connections|dtls|dtls-handshakes|tcp-rate|udp-rate) ;;
    *) echo "bench.sh: unknown scenario $scenario (tcp, ping-pong, udp, connections, tls, tls-handshakes," \
            "tls-connections, dtls, dtls-handshakes, tcp-rate, udp-rate)" >&2; exit 2 ;; esac
done

if [ "$build" = 1 ] || [ ! -f target/netctx.jar ]; then
  ./mvnw -B -q package -Dmaven.test.skip=true
fi
if [ "$build" = 1 ] || [ ! -x "$servers_dir/mbed_echo" ] || [ ! -f "$servers_dir/netty-echo.jar" ]; then
  bench-servers/build.sh "$servers_dir"
fi
mkdir -p "$out"
: > "$out/results.txt"
# the TLS servers' key and certificate: a fresh self-signed EC P-256 pair, made once
# the connection scenarios hold 10,000 connections: each side needs that many descriptors
if [[ " $scenarios " == *"connections "* ]] && [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 20000 ]; then
  ulimit -n 20000 2>/dev/null || echo "bench.sh: ulimit -n is $(ulimit -n), below the 20000 the connection scenarios need" >&2
fi
tls_dir=$out/tls
if [[ " $scenarios " == *" tls"* || " $scenarios " == *" dtls"* ]] && [ ! -f "$tls_dir/server.key" ]; then
  mkdir -p "$tls_dir"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tls_dir/key.pem" \
    -out "$tls_dir/server.crt" -days 30 -subj "/CN=localhost" -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in "$tls_dir/key.pem" -out "$tls_dir/server.key"
fi

server_pid=
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill "$server_pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}
trap stop_server EXIT

# start_server SERVER PROTOCOL PORT [tls]: starts it in the background and waits (60 s at most) for its port.
start_server() {
  local server=$1 protocol=$2 port=$3 tls=${4:-}
  case "$server$tls" in
    netctxdtls) "$JAVA" "${jvm_flags[@]}" -jar target/netctx.jar "${netctx_loops[@]}" --netctx.listeners.udp.port="$port" \
              --netctx.listeners.udp.ssl.bundle=bench --spring.ssl.bundle.pem.bench.keystore.certificate="file:$tls_dir/server.crt" \
              --spring.ssl.bundle.pem.bench.keystore.private-key="file:$tls_dir/server.key" \
              --netctx.listeners.tcp.port=0 --server.port=0 --management.server.port=0 > "$out/server-netctx.log" 2>&1 & ;;
    netctxtls) "$JAVA" "${jvm_flags[@]}" -jar target/netctx.jar "${netctx_loops[@]}" --netctx.listeners.tcp.port="$port" \
              --netctx.listeners.tcp.ssl.bundle=bench --spring.ssl.bundle.pem.bench.keystore.certificate="file:$tls_dir/server.crt" \
              --spring.ssl.bundle.pem.bench.keystore.private-key="file:$tls_dir/server.key" \
              --netctx.listeners.udp.port=0 --server.port=0 --management.server.port=0 > "$out/server-netctx.log" 2>&1 & ;;
    nettytls) "$JAVA" "${jvm_flags[@]}" -Dio.netty.allocator.type=pooled -cp "$servers_dir/netty-echo.jar" \
              dev.netctx.nettyecho.NettyTlsEcho "$port" "$tls_dir/server.crt" "$tls_dir/server.key" "$netty_threads" > "$out/server-netty.log" 2>&1 & ;;
    netctx) "$JAVA" "${jvm_flags[@]}" -jar target/netctx.jar "${netctx_loops[@]}" --netctx.listeners.tcp.port="$port" \
              --netctx.listeners.udp.port="$port" --server.port=0 --management.server.port=0 > "$out/server-netctx.log" 2>&1 & ;;
    netty)  "$JAVA" "${jvm_flags[@]}" -Dio.netty.allocator.type=pooled -jar "$servers_dir/netty-echo.jar" "$port" "$port" \
              "$netty_threads" > "$out/server-netty.log" 2>&1 & ;;
    c)      "$servers_dir/mbed_echo" "$([ "$protocol" = udp ] && echo udploop || echo tcp)" "$port" \
              > "$out/server-c.log" 2>&1 & ;;
  esac
  server_pid=$!
  local flag; flag=$([ "$protocol" = udp ] && echo -lunp || echo -ltnp)
  for _ in $(seq 600); do
    if ss -H "$flag" "sport = :$port" | grep -q "pid=$server_pid,"; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench.sh: $server did not listen on $protocol port $port (log: $out/server-$server.log)" >&2
  exit 1
}

failed=0
for rep in $(seq "$reps"); do
  for scenario in $scenarios; do
    index=0
    for server in $servers; do
      port=$((port_base + index)); index=$((index + 1))
      protocol=$(case "$scenario" in udp*|dtls*) echo udp ;; *) echo tcp ;; esac)
      tls=$(case "$scenario" in tls*) echo tls ;; dtls*) echo dtls ;; esac)
      [ -z "$tls" ] || [ "$server" != c ] || continue   # the C server has no TLS
      [ "$tls" != dtls ] || [ "$server" = netctx ] || continue   # nor has Netty's echo DTLS
      start_server "$server" "$protocol" "$port" "$tls"
      case "$scenario" in
        tcp)         args=(tcp --connections 64 --in-flight 16 --size 1024) ;;
        ping-pong)   args=(ping-pong) ;;
        udp)         args=(udp --peers 16 --size 512) ;;
        tcp-rate)    args=(tcp --connections 64 --in-flight 16 --size 1024 --rate "$tcp_rate") ;;
        udp-rate)    args=(udp --peers 16 --size 512 --rate "$udp_rate") ;;
        connections) args=(connections --connections 10000 --rate 1000 --server-pid "$server_pid") ;;
        tls)         args=(tcp --connections 64 --in-flight 16 --size 1024 --tls --ca "$tls_dir/server.crt" --sni localhost) ;;
        tls-handshakes) args=(handshakes --threads 4 --tls --ca "$tls_dir/server.crt" --sni localhost) ;;
        dtls)        args=(udp --peers 16 --size 512 --tls --ca "$tls_dir/server.crt" --sni localhost) ;;
        dtls-handshakes) args=(udp --peers 4 --handshakes --tls --ca "$tls_dir/server.crt" --sni localhost) ;;
        tls-connections) args=(connections --connections 10000 --rate 100 --server-pid "$server_pid" --tls
                               --ca "$tls_dir/server.crt" --sni localhost) ;;
      esac
      result=$("$JAVA" -jar target/netctx.jar bench "${args[@]}" --port "$port" --warmup "$warmup" \
                 --duration "$duration" 2> >(sed "s/^/[$server $scenario] /" >&2) | grep '^RESULT') || true
      [ -n "$result" ] || result="RESULT mode=$scenario ok=false"
      [ "$scenario" != tls ] || result=${result/mode=tcp/mode=tls}
      [ "$scenario" != tls-connections ] || result=${result/mode=connections/mode=tls-connections}
      case "$scenario" in dtls) result=${result/mode=udp/mode=dtls} ;; dtls-handshakes) result=${result/mode=udp/mode=dtls-handshakes} ;;
                          tcp-rate) result=${result/mode=tcp/mode=tcp-rate} ;; udp-rate) result=${result/mode=udp/mode=udp-rate} ;; esac
      case "$result" in *ok=true*) ;; *) failed=1 ;; esac
      echo "rep=$rep server=$server ${result#RESULT }" | tee -a "$out/results.txt"
      stop_server
    done
  done
done

# Medians per (scenario, metric, server), then the ratios; direction tells which way is better.
awk '
  BEGIN {
    n = split("tcp mb_per_s >=1.0|tcp msgs_per_s >=1.0|tcp rtt_p99_us -|ping-pong rtt_p50_us -|ping-pong rtt_p99_us <=1.0 vs C|ping-pong rtt_p999_us -|udp dgrams_per_s >=1.0 vs Netty|udp lost =0|udp misrouted =0|udp rtt_p99_us -|connections server_rss_idle_mb -|connections server_rss_mb <=1.5 vs Netty|connections server_rss_per_connection_kb -|connections established -|connections failed -|tls mb_per_s >=1.0|tls msgs_per_s >=1.0|tls rtt_p99_us -|handshakes handshakes_per_s >=1.0|handshakes handshake_p99_us -|tls-connections server_rss_mb -|tls-connections server_rss_per_connection_kb -|tls-connections established -|tls-connections failed -|dtls dgrams_per_s -|dtls lost =0|dtls rtt_p99_us -|dtls-handshakes handshakes_per_s -|dtls-handshakes handshake_p99_us -|tcp-rate msgs_per_s -|tcp-rate rtt_p50_us -|tcp-rate rtt_p99_us <=1.0 vs C|tcp-rate rtt_p999_us -|tcp-rate send_lag_p99_us -|udp-rate dgrams_per_s -|udp-rate rtt_p50_us -|udp-rate rtt_p99_us <=1.0 vs Netty|udp-rate lost =0|udp-rate send_lag_p99_us -", rows, "|")
  }
  {
    server = ""; mode = ""
    for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    server = v["server"]; mode = v["mode"]
    for (k in v) if (k != "rep" && k != "server" && k != "mode") {
      key = mode SUBSEP k SUBSEP server; c = ++count[key]; val[key, c] = v[k]
    }
    delete v
  }
  function median(key,   c, i, j, t, a) {
    c = count[key]; if (c == 0) return ""
    for (i = 1; i <= c; i++) a[i] = val[key, i] + 0
    for (i = 2; i <= c; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
  }
  function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "-" : sprintf("%.2f", a / b) }
  function show(x) { return x == "" ? "-" : sprintf("%.1f", x) }
  END {
    printf "%-16s %-18s %10s %10s %10s %12s %10s  %s\n", "scenario", "metric", "netctx", "netty", "c", "netctx/netty", "netctx/c", "target"
    for (r = 1; r <= n; r++) {
      split(rows[r], f, " "); target = substr(rows[r], length(f[1]) + length(f[2]) + 3)
      a = median(f[1] SUBSEP f[2] SUBSEP "netctx"); b = median(f[1] SUBSEP f[2] SUBSEP "netty"); c = median(f[1] SUBSEP f[2] SUBSEP "c")
      if (a == "" && b == "" && c == "") continue
      printf "%-16s %-18s %10s %10s %10s %12s %10s  %s\n", f[1], f[2], show(a), show(b), show(c), ratio(a, b), ratio(a, c), target
    }
  }' "$out/results.txt" | tee "$out/table.txt"
echo "medians of $reps runs; raw results: $out/results.txt"
exit "$failed"
