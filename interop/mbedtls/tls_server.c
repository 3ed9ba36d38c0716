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
#include "mbedtls/x509_crt.h"

#define READ_TIMEOUT_MS 10000

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
    if (argc != 5 || atoi(argv[4]) < 1) {
        fprintf(stderr, "usage: %s PORT CERT_FILE KEY_FILE CONNECTIONS\n", argv[0]);
        return 2;
    }
    int connections = atoi(argv[4]), failed = 0, ret, status = 1;

    mbedtls_net_context listen_fd, client_fd;
    mbedtls_ssl_context ssl;
    mbedtls_ssl_config conf;
    mbedtls_x509_crt cert;
    mbedtls_pk_context key;
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_net_init(&listen_fd);
    mbedtls_net_init(&client_fd);
    mbedtls_ssl_init(&ssl);
    mbedtls_ssl_config_init(&conf);
    mbedtls_x509_crt_init(&cert);
    mbedtls_pk_init(&key);
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);

    if ((ret = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, (const unsigned char *) "tls_server", 10)) != 0) {
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
    if ((ret = mbedtls_ssl_config_defaults(&conf, MBEDTLS_SSL_IS_SERVER, MBEDTLS_SSL_TRANSPORT_STREAM,
            MBEDTLS_SSL_PRESET_DEFAULT)) != 0) {
        status = fail("mbedtls_ssl_config_defaults", ret);
        goto exit;
    }
    mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &drbg);
    mbedtls_ssl_conf_read_timeout(&conf, READ_TIMEOUT_MS);
    if ((ret = mbedtls_ssl_conf_own_cert(&conf, &cert, &key)) != 0) {
        status = fail("mbedtls_ssl_conf_own_cert", ret);
        goto exit;
    }
    if ((ret = mbedtls_ssl_setup(&ssl, &conf)) != 0) {
        status = fail("mbedtls_ssl_setup", ret);
        goto exit;
    }
    if ((ret = mbedtls_net_bind(&listen_fd, "127.0.0.1", argv[1], MBEDTLS_NET_PROTO_TCP)) != 0) {
        status = fail("mbedtls_net_bind", ret);
        goto exit;
    }
    printf("port %d\n", bound_port(listen_fd.fd));
    fflush(stdout);

    for (int session = 1; session <= connections; session++) {
        mbedtls_net_free(&client_fd);
        mbedtls_ssl_session_reset(&ssl);
        if ((ret = mbedtls_net_accept(&listen_fd, &client_fd, NULL, 0, NULL)) != 0) {
            status = fail("mbedtls_net_accept", ret);
            goto exit;
        }
        mbedtls_ssl_set_bio(&ssl, &client_fd, mbedtls_net_send, mbedtls_net_recv, mbedtls_net_recv_timeout);
        failed += serve(&ssl, session);
    }
    status = (failed == 0) ? 0 : 1;

exit:
    mbedtls_net_free(&client_fd);
    mbedtls_net_free(&listen_fd);
    mbedtls_ssl_free(&ssl);
    mbedtls_ssl_config_free(&conf);
    mbedtls_x509_crt_free(&cert);
    mbedtls_pk_free(&key);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
    return status;
}
