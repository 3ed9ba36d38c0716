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
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "mbedtls/ctr_drbg.h"
#include "mbedtls/entropy.h"
#include "mbedtls/error.h"
#include "mbedtls/net_sockets.h"
#include "mbedtls/pk.h"
#include "mbedtls/ssl.h"
#include "mbedtls/ssl_cookie.h"
#include "mbedtls/timing.h"
#include "mbedtls/x509_crt.h"

#define READ_TIMEOUT_MS 10000
#define HANDSHAKE_TIMEOUT_MIN_MS 1000
#define HANDSHAKE_TIMEOUT_MAX_MS 8000

static void report(int session, const char *what, int ret)
{
    char text[200];
    mbedtls_strerror(ret, text, sizeof(text));
    printf("session %d failed: %s -0x%04X %s\n", session, what, (unsigned int) -ret, text);
    fflush(stdout);
}

static int fail(const char *what, int ret)
{
    char text[200];
    mbedtls_strerror(ret, text, sizeof(text));
    fprintf(stderr, "%s failed: -0x%04X %s\n", what, (unsigned int) -ret, text);
    return 1;
}

/* The port a socket is bound to, or -1. */
static int bound_port(int fd)
{
    struct sockaddr_storage address;
    socklen_t length = sizeof(address);
    if (getsockname(fd, (struct sockaddr *) &address, &length) != 0) {
        return -1;
    }
    return (address.ss_family == AF_INET6) ? ntohs(((struct sockaddr_in6 *) &address)->sin6_port)
        : ntohs(((struct sockaddr_in *) &address)->sin_port);
}

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
    if (argc != 5 || atoi(argv[4]) < 1) {
        fprintf(stderr, "usage: %s PORT CERT_FILE KEY_FILE CONNECTIONS\n", argv[0]);
        return 2;
    }
    int connections = atoi(argv[4]), session = 0, failed = 0, ret, status = 1;
    unsigned char client_ip[16];
    size_t client_ip_length;

    mbedtls_net_context listen_fd, client_fd;
    mbedtls_ssl_context ssl;
    mbedtls_ssl_config conf;
    mbedtls_ssl_cookie_ctx cookies;
    mbedtls_x509_crt cert;
    mbedtls_pk_context key;
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_timing_delay_context timer;
    mbedtls_net_init(&listen_fd);
    mbedtls_net_init(&client_fd);
    mbedtls_ssl_init(&ssl);
    mbedtls_ssl_config_init(&conf);
    mbedtls_ssl_cookie_init(&cookies);
    mbedtls_x509_crt_init(&cert);
    mbedtls_pk_init(&key);
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);

    if ((ret = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, (const unsigned char *) "dtls_server", 11)) != 0) {
        status = fail("mbedtls_ctr_drbg_seed", ret);
        goto exit;
    }
    if ((ret = mbedtls_x509_crt_parse_file(&cert, argv[2])) != 0) {
        status = fail("mbedtls_x509_crt_parse_file", ret);
        goto exit;
    }
    if ((ret = mbedtls_pk_parse_keyfile(&key, argv[3], NULL)) != 0) {
        status = fail("mbedtls_pk_parse_keyfile", ret);
        goto exit;
    }
    if ((ret = mbedtls_ssl_config_defaults(&conf, MBEDTLS_SSL_IS_SERVER, MBEDTLS_SSL_TRANSPORT_DATAGRAM,
            MBEDTLS_SSL_PRESET_DEFAULT)) != 0) {
        status = fail("mbedtls_ssl_config_defaults", ret);
        goto exit;
    }
    mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &drbg);
    mbedtls_ssl_conf_read_timeout(&conf, READ_TIMEOUT_MS);
    mbedtls_ssl_conf_handshake_timeout(&conf, HANDSHAKE_TIMEOUT_MIN_MS, HANDSHAKE_TIMEOUT_MAX_MS);
    if ((ret = mbedtls_ssl_conf_own_cert(&conf, &cert, &key)) != 0) {
        status = fail("mbedtls_ssl_conf_own_cert", ret);
        goto exit;
    }
    if ((ret = mbedtls_ssl_cookie_setup(&cookies, mbedtls_ctr_drbg_random, &drbg)) != 0) {
        status = fail("mbedtls_ssl_cookie_setup", ret);
        goto exit;
    }
    mbedtls_ssl_conf_dtls_cookies(&conf, mbedtls_ssl_cookie_write, mbedtls_ssl_cookie_check, &cookies);
    if ((ret = mbedtls_ssl_setup(&ssl, &conf)) != 0) {
        status = fail("mbedtls_ssl_setup", ret);
        goto exit;
    }
    mbedtls_ssl_set_timer_cb(&ssl, &timer, mbedtls_timing_set_delay, mbedtls_timing_get_delay);
    if ((ret = mbedtls_net_bind(&listen_fd, "127.0.0.1", argv[1], MBEDTLS_NET_PROTO_UDP)) != 0) {
        status = fail("mbedtls_net_bind", ret);
        goto exit;
    }
    printf("port %d\n", bound_port(listen_fd.fd));
    fflush(stdout);

    while (session < connections) {
        mbedtls_net_free(&client_fd);
        mbedtls_ssl_session_reset(&ssl);
        /* UDP: waits for a datagram, connects the listening socket to its sender and binds a new one */
        if ((ret = mbedtls_net_accept(&listen_fd, &client_fd, client_ip, sizeof(client_ip), &client_ip_length)) != 0) {
            status = fail("mbedtls_net_accept", ret);
            goto exit;
        }
        if ((ret = mbedtls_ssl_set_client_transport_id(&ssl, client_ip, client_ip_length)) != 0) {
            status = fail("mbedtls_ssl_set_client_transport_id", ret);
            goto exit;
        }
        mbedtls_ssl_set_bio(&ssl, &client_fd, mbedtls_net_send, mbedtls_net_recv, mbedtls_net_recv_timeout);
        do {
            ret = mbedtls_ssl_handshake(&ssl);
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
        printf("session %d: %s %s\n", session, mbedtls_ssl_get_version(&ssl), mbedtls_ssl_get_ciphersuite(&ssl));
        fflush(stdout);
        failed += echo(&ssl, session);
    }
    status = (failed == 0) ? 0 : 1;

exit:
    mbedtls_net_free(&client_fd);
    mbedtls_net_free(&listen_fd);
    mbedtls_ssl_free(&ssl);
    mbedtls_ssl_config_free(&conf);
    mbedtls_ssl_cookie_free(&cookies);
    mbedtls_x509_crt_free(&cert);
    mbedtls_pk_free(&key);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
    return status;
}
