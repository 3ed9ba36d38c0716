/*
 * mbed_echo: the C baseline of scripts/bench.sh, an echo server written on mbed TLS's own
 * net_sockets API (plain sockets, no TLS), the module netctx ports to Java.
 *
 *   mbed_echo tcp|udp|udploop PORT [BIND_IP]      BIND_IP defaults to 127.0.0.1
 *
 *   tcp      mbedtls_net_bind + mbedtls_net_accept; a detached thread per connection echoes with
 *            mbedtls_net_recv / mbedtls_net_send until the peer closes (TCP_NODELAY set).
 *   udp      mbedtls_net_accept's UDP semantics (the ones DTLS servers use): accept waits for a
 *            datagram, connects the bound socket to its sender, hands it over as that peer's
 *            context and binds a fresh socket on the port; a thread per peer echoes on it.
 *            Datagrams queued before the connect can reach the wrong peer: that is mbed TLS's
 *            behaviour, kept on purpose.
 *   udploop  one thread: recvfrom / sendto on the socket mbedtls_net_bind opened, each datagram
 *            answered to its sender (the fair UDP baseline).
 *
 * Build: cc -O2 -o mbed_echo mbed_echo.c -lmbedtls -lmbedx509 -lmbedcrypto -lpthread
 * (Debian: libmbedtls-dev). bench-servers/build.sh builds it. Stop it with SIGTERM or SIGINT.
 */
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Each session's buffer; only the pages a message touches become resident. */
#define BUFFER_SIZE (64 * 1024)
/* Each session thread's stack: small, so that 10,000 connections fit in memory. */
#define STACK_SIZE (256 * 1024)

static void usage(FILE *out)
{
    fprintf(out, "usage: mbed_echo tcp|udp|udploop PORT [BIND_IP]   (BIND_IP: default 127.0.0.1)\n");
}

/* Sends all of buf[0..len), looping over partial sends; 0 on success, an mbed TLS error otherwise. */
static int send_all(mbedtls_net_context *ctx, const unsigned char *buf, size_t len)
{
    size_t sent = 0;
    while (sent < len) {
        int n = mbedtls_net_send(ctx, buf + sent, len - sent);
        if (n == MBEDTLS_ERR_SSL_WANT_WRITE) {
            continue;
        }
        if (n <= 0) {
            return n < 0 ? n : MBEDTLS_ERR_NET_SEND_FAILED;
        }
        sent += (size_t) n;
    }
    return 0;
}

/* One TCP connection: echoes until the peer closes or an error, then frees the context. */
static void *serve_connection(void *arg)
{
    mbedtls_net_context *ctx = arg;
    unsigned char *buf = malloc(BUFFER_SIZE);
    int nodelay = 1;
    setsockopt(ctx->fd, IPPROTO_TCP, TCP_NODELAY, &nodelay, sizeof nodelay);
    while (buf != NULL) {
        int n = mbedtls_net_recv(ctx, buf, BUFFER_SIZE);
        if (n == MBEDTLS_ERR_SSL_WANT_READ) {
            continue;
        }
        if (n <= 0 || send_all(ctx, buf, (size_t) n) != 0) {
            break; /* 0: closed by the peer; < 0: reset or failed */
        }
    }
    free(buf);
    mbedtls_net_free(ctx);
    free(ctx);
    return NULL;
}

/* One UDP peer on its connected socket: each datagram goes back as it came. */
static void *serve_peer(void *arg)
{
    mbedtls_net_context *ctx = arg;
    unsigned char *buf = malloc(BUFFER_SIZE);
    while (buf != NULL) {
        int n = mbedtls_net_recv(ctx, buf, BUFFER_SIZE);
        if (n == MBEDTLS_ERR_SSL_WANT_READ) {
            continue;
        }
        if (n < 0) {
            break;
        }
        mbedtls_net_send(ctx, buf, (size_t) n); /* a datagram is sent whole or not at all */
    }
    free(buf);
    mbedtls_net_free(ctx);
    free(ctx);
    return NULL;
}

/* Runs serve(ctx) on a detached thread; on failure closes ctx (the peer sees a reset or silence). */
static void start_session(void *(*serve)(void *), mbedtls_net_context *ctx)
{
    pthread_attr_t attr;
    pthread_t thread;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, STACK_SIZE);
    int err = pthread_create(&thread, &attr, serve, ctx);
    pthread_attr_destroy(&attr);
    if (err != 0) {
        fprintf(stderr, "mbed_echo: no thread for a session: %s\n", strerror(err));
        mbedtls_net_free(ctx);
        free(ctx);
    }
}

/* tcp and udp: accepts sessions for ever, each on a thread of its own. */
static int accept_sessions(mbedtls_net_context *listener, void *(*serve)(void *))
{
    for (;;) {
        mbedtls_net_context *session = malloc(sizeof *session);
        if (session == NULL) {
            fprintf(stderr, "mbed_echo: out of memory\n");
            return 1;
        }
        mbedtls_net_init(session);
        int ret = mbedtls_net_accept(listener, session, NULL, 0, NULL);
        if (ret != 0) {
            fprintf(stderr, "mbed_echo: mbedtls_net_accept failed: -0x%04x\n", (unsigned) -ret);
            free(session);
            continue;
        }
        start_session(serve, session);
    }
}

/* udploop: answers every datagram on the bound socket, to its sender, on this thread. */
static int echo_datagrams(mbedtls_net_context *listener)
{
    unsigned char *buf = malloc(BUFFER_SIZE);
    if (buf == NULL) {
        fprintf(stderr, "mbed_echo: out of memory\n");
        return 1;
    }
    for (;;) {
        struct sockaddr_storage peer;
        socklen_t peer_len = sizeof peer;
        ssize_t n = recvfrom(listener->fd, buf, BUFFER_SIZE, 0, (struct sockaddr *) &peer, &peer_len);
        if (n >= 0) {
            sendto(listener->fd, buf, (size_t) n, 0, (struct sockaddr *) &peer, peer_len);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc < 3 || argc > 4) {
        usage(stderr);
        return 2;
    }
    const char *mode = argv[1];
    const char *port = argv[2];
    const char *bind_ip = (argc == 4) ? argv[3] : "127.0.0.1";
    int tcp = strcmp(mode, "tcp") == 0;
    int udp = strcmp(mode, "udp") == 0;
    int udploop = strcmp(mode, "udploop") == 0;
    if (!tcp && !udp && !udploop) {
        fprintf(stderr, "mbed_echo: unknown mode '%s'\n", mode);
        usage(stderr);
        return 2;
    }
    char *end;
    long port_number = strtol(port, &end, 10);
    if (*port == '\0' || *end != '\0' || port_number < 1 || port_number > 65535) {
        fprintf(stderr, "mbed_echo: a port is 1..65535, got '%s'\n", port);
        usage(stderr);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN); /* a peer that resets makes send fail, not the process die */

    mbedtls_net_context listener;
    mbedtls_net_init(&listener);
    int ret = mbedtls_net_bind(&listener, bind_ip, port, tcp ? MBEDTLS_NET_PROTO_TCP : MBEDTLS_NET_PROTO_UDP);
    if (ret != 0) {
        fprintf(stderr, "mbed_echo: mbedtls_net_bind %s %s:%s failed: -0x%04x\n", mode, bind_ip, port, (unsigned) -ret);
        return 1;
    }
    printf("mbed_echo %s listening on %s:%s\n", mode, bind_ip, port);
    fflush(stdout);
    int status = udploop ? echo_datagrams(&listener) : accept_sessions(&listener, tcp ? serve_connection : serve_peer);
    mbedtls_net_free(&listener);
    return status;
}
