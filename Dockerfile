# netctx container image: built with the Maven Wrapper on a JDK, run on a Java 25 JRE as a non-root
# user from Spring Boot's layered jar (dependencies change less often than the application).
#
#   docker build -t netctx .
#   docker run --rm -p 4442:4442/tcp -p 4442:4442/udp -p 8080:8080 -p 127.0.0.1:8081:8081 netctx
#
# Inside the container everything binds 0.0.0.0 (every interface; the application's default is
# 127.0.0.1): the echo listeners (4442 tcp+udp), the traffic HTTP port (8080: the live page, REST)
# and the management port (8081: health groups, Prometheus, netcontexts), which is apart from the
# traffic's so that slow or many HTTP clients cannot fail the HEALTHCHECK; publish it on loopback or
# to your monitoring only. UDP peers outside netctx.trusted-networks (default: loopback, so every
# peer outside the container) are rate-limited to 200 replies at once and 100 a second per source
# address: a load test from outside fails after ~200 datagrams with TIMEOUT unless you trust its
# network (-e NETCTX_TRUSTEDNETWORKS=127.0.0.0/8,192.0.2.0/24) or raise the listener's udp-rate-limit.
#
# Where no registry is reachable, build from local base images (scripts/container-smoke.sh does):
#   podman build --build-arg BUILD_IMAGE=localhost/my-jdk:25 --build-arg RUNTIME_IMAGE=localhost/my-jre:25 .
# The build image needs a JDK on its PATH; the runtime image needs java on its PATH and bash,
# groupadd and useradd (any Debian or Ubuntu base has them). The HEALTHCHECK (docker/healthcheck.sh)
# asks /actuator/health/readiness on the management port through bash's /dev/tcp: no HTTP client in
# the image.

ARG BUILD_IMAGE=eclipse-temurin:25-jdk
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /workspace
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/ src/
# The Maven repository (and the wrapper's Maven) live in a build cache: a rebuild downloads nothing.
RUN --mount=type=cache,id=netctx-m2,target=/root/.m2 \
    ./mvnw -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/netctx.jar extract --layers --launcher --destination /layers

FROM ${RUNTIME_IMAGE}
ARG UID=10001
RUN groupadd --system --gid "${UID}" netctx \
 && useradd --system --uid "${UID}" --gid netctx --home-dir /app --no-create-home --shell /usr/sbin/nologin netctx
COPY --chmod=755 docker/healthcheck.sh /usr/local/bin/netctx-healthcheck
WORKDIR /app
# One image layer per Spring Boot layer, least often changed first.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER ${UID}:${UID}

# The echo listeners and both HTTP ports bind every interface inside the container (the application
# default is loopback); the liveness and readiness health groups are on outside Kubernetes too (the
# HEALTHCHECK asks one). JVM flags (JDK_JAVA_OPTIONS, so that `docker run -e JDK_JAVA_OPTIONS=...`
# or the chart replaces them), measured on JDK 25 with 10,000 held connections in a 256 MiB
# container (docs/deployment.md): exit on OutOfMemoryError (a restart, never a live and deaf
# process); the serial collector, C1 only and a periodic trim of the C heap take the resident set
# from 185 to 144 MiB.
ENV NETCTX_LISTENERS_TCP_BINDADDRESS=0.0.0.0 \
    NETCTX_LISTENERS_UDP_BINDADDRESS=0.0.0.0 \
    SERVER_ADDRESS=0.0.0.0 \
    SERVER_PORT=8080 \
    MANAGEMENT_SERVER_ADDRESS=0.0.0.0 \
    MANAGEMENT_SERVER_PORT=8081 \
    MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true \
    JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:TrimNativeHeapInterval=5000"
EXPOSE 4442/tcp 4442/udp 8080/tcp 8081/tcp

HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["netctx-healthcheck"]

# JarLauncher on the class path does not read the jar's Enable-Native-Access manifest entry: the flag
# lets the wildcard UDP listener answer each datagram from the address it was sent to (IP_PKTINFO
# through the FFM API; docs/net-api.md). It is here, not in JDK_JAVA_OPTIONS, which the chart replaces.
ENTRYPOINT ["java", "-Djava.io.tmpdir=/tmp", "--enable-native-access=ALL-UNNAMED", "org.springframework.boot.loader.launch.JarLauncher"]
