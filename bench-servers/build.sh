#!/usr/bin/env bash
# Builds the two comparison servers of scripts/bench.sh from their sources here, into DIR
# (default: target/bench-servers of the project):
#   DIR/mbed_echo tcp|udp|udploop PORT [BIND_IP]                        C, on mbed TLS's net_sockets
#   java [JVM flags] -jar DIR/netty-echo.jar TCP_PORT UDP_PORT [THREADS] [BIND_HOST]    Netty 4.2 NIO
# Needs a C compiler and mbed TLS's headers and libraries (Debian: gcc, libmbedtls-dev; run as root,
# it installs those that are missing with apt-get), and a JDK for the project's ./mvnw.
# The main build (./mvnw verify) does not build these.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
case "${1:-}" in
  -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
[ $# -le 1 ] || { echo "usage: bench-servers/build.sh [DIR]" >&2; exit 2; }
out=${1:-$root/target/bench-servers}
mkdir -p "$out"
out=$(cd "$out" && pwd)

missing=()
command -v cc >/dev/null || missing+=(gcc)
[ -f /usr/include/mbedtls/net_sockets.h ] || missing+=(libmbedtls-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "build.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "build.sh: missing ${missing[*]}: install them (Debian: apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

cc -O2 -Wall -Wextra -o "$out/mbed_echo" "$here/mbed-echo/mbed_echo.c" -lmbedtls -lmbedx509 -lmbedcrypto -lpthread
"$root/mvnw" -B -q -f "$here/netty-echo/pom.xml" package
cp "$here/netty-echo/target/netty-echo.jar" "$out/netty-echo.jar"
echo "built: $out/mbed_echo $out/netty-echo.jar"
