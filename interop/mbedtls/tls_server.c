/*
 * A TLS echo server on mbed TLS 2.28 (Debian's libmbedtls-dev), after the library's own
 * programs/ssl/ssl_server.c: the original library as the server counterpart of netctx's TLS
 * clients. Written for the tests of the netctx project.
 *
 *   tls_server PORT CERT_FILE KEY_FILE CONNECTIONS
 *
 * Listens on 127.0.0.1:PORT (0: a free port), prints "port N" once it listens, then serves
 * CONNECTIONS connections one after the other and exits: a TLS 1.2 handshake (Debian builds 2.28
 * without TLS 1.3), then every byte read is written back until the client's close_notify or EOF.
 * A client silent for READ_TIMEOUT_MS, in the handshake or after, is dropped. For each connection
 * it prints "session I: <version> <ciphersuite>" after the handshake and "session I: echoed B
 * bytes, closed by the client" at its end, or "session I failed: <function> -0xNNNN <text>".
 * Exits 0 when every connection was echoed to its end, 1 otherwise (2 on a usage error).
 */
#include <stdio.h>

#include "echo_server.h"

/* One connection: handshake, then echo until the client ends it. 0 when it was echoed to its end. */
static int serve(mbedtls_ssl_context *ssl, int session)
{
    unsigned char buf[16384];
    long echoed = 0;
    int ret;

    while ((ret = mbedtls_ssl_handshake(ssl)) != 0) {
        if (ret != MBEDTLS_ERR_SSL_WANT_READ && ret != MBEDTLS_ERR_SSL_WANT_WRITE) {
            report(session, "mbedtls_ssl_handshake", ret);
            return 1;
        }
    }
    printf("session %d: %s %s\n", session, mbedtls_ssl_get_version(ssl), mbedtls_ssl_get_ciphersuite(ssl));
    fflush(stdout);

    for (;;) {
        ret = mbedtls_ssl_read(ssl, buf, sizeof(buf));
        if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
            continue;
        }
        if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || ret == 0) {
            break;
        }
        if (ret < 0) {
            report(session, "mbedtls_ssl_read", ret);
            return 1;
        }
        size_t length = (size_t) ret, written = 0;
        while (written < length) {
            ret = mbedtls_ssl_write(ssl, buf + written, length - written);
            if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
                continue;
            }
            if (ret < 0) {
                report(session, "mbedtls_ssl_write", ret);
                return 1;
            }
            written += (size_t) ret;
        }
        echoed += (long) length;
    }
    printf("session %d: echoed %ld bytes, closed by the client\n", session, echoed);
    fflush(stdout);
    while ((ret = mbedtls_ssl_close_notify(ssl)) == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
    }
    return 0;
}

int main(int argc, char *argv[])
{
    int connections = echo_server_connections(argc, argv), failed = 0, status = 1;
    if (connections == 0) {
        return 2;
    }
    struct echo_server server;
    if (echo_server_init(&server, "tls_server", MBEDTLS_SSL_TRANSPORT_STREAM, argv) != 0
            || echo_server_listen(&server, argv[1], MBEDTLS_NET_PROTO_TCP) != 0) {
        goto exit;
    }
    for (int session = 1; session <= connections; session++) {
        if (echo_server_accept(&server, NULL, 0, NULL) != 0) {
            goto exit;
        }
        failed += serve(&server.ssl, session);
    }
    status = (failed == 0) ? 0 : 1;

exit:
    echo_server_free(&server);
    return status;
}
