/*
 * A DTLS 1.2 echo server on mbed TLS 2.28 (Debian's libmbedtls-dev), after the library's own
 * programs/ssl/dtls_server.c: the original library as the server counterpart of netctx's DTLS
 * clients. Written for the tests of the netctx project.
 *
 *   dtls_server PORT CERT_FILE KEY_FILE CONNECTIONS
 *
 * Listens on 127.0.0.1:PORT over UDP (0: a free port), prints "port N" once it listens, then serves
 * CONNECTIONS clients one after the other and exits. Each client first gets a HelloVerifyRequest
 * with a cookie (mbedtls_ssl_cookie, bound to its address and port); only a ClientHello that returns
 * the cookie starts a handshake and counts as a client. The handshake retransmits its flights after
 * 1 s, doubling, and gives up after the 8 s one (mbedtls_ssl_conf_handshake_timeout, about 15 s in
 * all); after it, every record read is written back until the client's close_notify, or until it
 * is silent for READ_TIMEOUT_MS. For each client it prints "session I: <version> <ciphersuite>" after
 * the handshake and "session I: echoed B bytes in R records, closed by the client" at its end, or
 * "session I failed: <function> -0xNNNN <text>". Exits 0 when every client was echoed to its end, 1
 * otherwise (2 on a usage error).
 */
#include <stdio.h>

#include "echo_server.h"
#include "mbedtls/ssl_cookie.h"
#include "mbedtls/timing.h"

#define HANDSHAKE_TIMEOUT_MIN_MS 1000
#define HANDSHAKE_TIMEOUT_MAX_MS 8000

/* After the handshake: echoes each record until the client ends the session. 0 when it ended cleanly. */
static int echo(mbedtls_ssl_context *ssl, int session)
{
    unsigned char buf[16384];
    long echoed = 0, records = 0;
    int ret;

    for (;;) {
        do {
            ret = mbedtls_ssl_read(ssl, buf, sizeof(buf));
        } while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE);
        if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
            break;
        }
        if (ret < 0) {
            report(session, "mbedtls_ssl_read", ret);
            return 1;
        }
        int length = ret;
        do {
            ret = mbedtls_ssl_write(ssl, buf, (size_t) length);
        } while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE);
        if (ret < 0) {
            report(session, "mbedtls_ssl_write", ret);
            return 1;
        }
        echoed += length;
        records++;
    }
    printf("session %d: echoed %ld bytes in %ld records, closed by the client\n", session, echoed, records);
    fflush(stdout);
    while ((ret = mbedtls_ssl_close_notify(ssl)) == MBEDTLS_ERR_SSL_WANT_WRITE) {
    }
    return 0;
}

int main(int argc, char *argv[])
{
    int connections = echo_server_connections(argc, argv), session = 0, failed = 0, ret, status = 1;
    if (connections == 0) {
        return 2;
    }
    unsigned char client_ip[16];
    size_t client_ip_length;
    struct echo_server server;
    mbedtls_ssl_cookie_ctx cookies;
    mbedtls_timing_delay_context timer;
    mbedtls_ssl_cookie_init(&cookies);

    if (echo_server_init(&server, "dtls_server", MBEDTLS_SSL_TRANSPORT_DATAGRAM, argv) != 0) {
        goto exit;
    }
    mbedtls_ssl_conf_handshake_timeout(&server.conf, HANDSHAKE_TIMEOUT_MIN_MS, HANDSHAKE_TIMEOUT_MAX_MS);
    if ((ret = mbedtls_ssl_cookie_setup(&cookies, mbedtls_ctr_drbg_random, &server.drbg)) != 0) {
        status = fail("mbedtls_ssl_cookie_setup", ret);
        goto exit;
    }
    mbedtls_ssl_conf_dtls_cookies(&server.conf, mbedtls_ssl_cookie_write, mbedtls_ssl_cookie_check, &cookies);
    if (echo_server_listen(&server, argv[1], MBEDTLS_NET_PROTO_UDP) != 0) {
        goto exit;
    }
    mbedtls_ssl_set_timer_cb(&server.ssl, &timer, mbedtls_timing_set_delay, mbedtls_timing_get_delay);

    while (session < connections) {
        /* UDP: waits for a datagram, connects the listening socket to its sender and binds a new one */
        if (echo_server_accept(&server, client_ip, sizeof(client_ip), &client_ip_length) != 0) {
            goto exit;
        }
        if ((ret = mbedtls_ssl_set_client_transport_id(&server.ssl, client_ip, client_ip_length)) != 0) {
            status = fail("mbedtls_ssl_set_client_transport_id", ret);
            goto exit;
        }
        do {
            ret = mbedtls_ssl_handshake(&server.ssl);
        } while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE);
        if (ret == MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED) {
            continue; /* the cookie went out; the client's next ClientHello comes to a new accept */
        }
        session++;
        if (ret != 0) {
            report(session, "mbedtls_ssl_handshake", ret);
            failed++;
            continue;
        }
        printf("session %d: %s %s\n", session, mbedtls_ssl_get_version(&server.ssl), mbedtls_ssl_get_ciphersuite(&server.ssl));
        fflush(stdout);
        failed += echo(&server.ssl, session);
    }
    status = (failed == 0) ? 0 : 1;

exit:
    echo_server_free(&server);
    mbedtls_ssl_cookie_free(&cookies);
    return status;
}
