#!/bin/bash
# HEALTHCHECK of the netctx image: asks the actuator's readiness group on the management port
# (MANAGEMENT_SERVER_PORT, default 8081; apart from the traffic's port, so that busy or slow HTTP
# clients cannot starve it) through bash's /dev/tcp, so that the image needs no HTTP client.
# Exits 0 when the answer is 200 (ready), 1 otherwise.
exec 3<>"/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT:-8081}" || exit 1
printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
read -r -t 3 status <&3 || exit 1
[[ $status == HTTP/1.?\ 200* ]]
