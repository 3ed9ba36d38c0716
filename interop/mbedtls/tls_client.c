/*
 * A TLS echo client on mbed TLS 2.28 (Debian's libmbedtls-dev), for netctx's interop tests: the
 * original library as the peer of the Java port. Connects, verifies the server against a CA file
 * and a host name, sends one message, reads its echo, prints what was agreed, and closes with a
 * close_notify.
 *
 *   tls_client HOST PORT CA_FILE SERVER_NAME MESSAGE
 *
 * Prints "protocol <version>", "ciphersuite <name>" and "echo <message>"; exits 0 when the echo
 * equals the message, 1 otherwise (with the mbed TLS error on stderr).
 */
#include <stdio.h>
#include <string.h>

#include "mbedtls/ctr_drbg.h"
#include "mbedtls/entropy.h"
#include "mbedtls/error.h"
#include "mbedtls/net_sockets.h"
#include "mbedtls/ssl.h"
#include "mbedtls/x509_crt.h"

static int fail(const char *what, int ret)
{
    char text[200];
    mbedtls_strerror(ret, text, sizeof(text));
    fprintf(stderr, "%s failed: -0x%04X %s\n", what, (unsigned int) -ret, text);
    return 1;
}

int main(int argc, char *argv[])
{
    if (argc != 6) {
        fprintf(stderr, "usage: %s HOST PORT CA_FILE SERVER_NAME MESSAGE\n", argv[0]);
        return 2;
    }
    const char *message = argv[5];
    size_t length = strlen(message);
    unsigned char echo[4096];
    int ret, status = 1;

    mbedtls_net_context net;
    mbedtls_ssl_context ssl;
    mbedtls_ssl_config conf;
    mbedtls_x509_crt ca;
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_net_init(&net);
    mbedtls_ssl_init(&ssl);
    mbedtls_ssl_config_init(&conf);
    mbedtls_x509_crt_init(&ca);
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);

    if (length > sizeof(echo)) {
        fprintf(stderr, "message too long\n");
        goto exit;
    }
    if ((ret = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, NULL, 0)) != 0) {
        status = fail("mbedtls_ctr_drbg_seed", ret);
        goto exit;
    }
    if ((ret = mbedtls_x509_crt_parse_file(&ca, argv[3])) != 0) {
        status = fail("mbedtls_x509_crt_parse_file", ret);
        goto exit;
    }
    if ((ret = mbedtls_net_connect(&net, argv[1], argv[2], MBEDTLS_NET_PROTO_TCP)) != 0) {
        status = fail("mbedtls_net_connect", ret);
        goto exit;
    }
    if ((ret = mbedtls_ssl_config_defaults(&conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
            MBEDTLS_SSL_PRESET_DEFAULT)) != 0) {
        status = fail("mbedtls_ssl_config_defaults", ret);
        goto exit;
    }
    mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&conf, &ca, NULL);
    mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &drbg);
    mbedtls_ssl_conf_read_timeout(&conf, 20000);
    if ((ret = mbedtls_ssl_setup(&ssl, &conf)) != 0 || (ret = mbedtls_ssl_set_hostname(&ssl, argv[4])) != 0) {
        status = fail("mbedtls_ssl_setup", ret);
        goto exit;
    }
    mbedtls_ssl_set_bio(&ssl, &net, mbedtls_net_send, mbedtls_net_recv, mbedtls_net_recv_timeout);

    while ((ret = mbedtls_ssl_handshake(&ssl)) != 0) {
        if (ret != MBEDTLS_ERR_SSL_WANT_READ && ret != MBEDTLS_ERR_SSL_WANT_WRITE) {
            status = fail("mbedtls_ssl_handshake", ret);
            goto exit;
        }
    }
    printf("protocol %s\nciphersuite %s\n", mbedtls_ssl_get_version(&ssl), mbedtls_ssl_get_ciphersuite(&ssl));

    size_t written = 0;
    while (written < length) {
        ret = mbedtls_ssl_write(&ssl, (const unsigned char *) message + written, length - written);
        if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
            continue;
        }
        if (ret < 0) {
            status = fail("mbedtls_ssl_write", ret);
            goto exit;
        }
        written += (size_t) ret;
    }
    size_t read = 0;
    while (read < length) {
        ret = mbedtls_ssl_read(&ssl, echo + read, length - read);
        if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
            continue;
        }
        if (ret <= 0) {
            status = fail("mbedtls_ssl_read", (ret == 0) ? MBEDTLS_ERR_SSL_CONN_EOF : ret);
            goto exit;
        }
        read += (size_t) ret;
    }
    printf("echo %.*s\n", (int) read, echo);
    status = (memcmp(echo, message, length) == 0) ? 0 : 1;
    while ((ret = mbedtls_ssl_close_notify(&ssl)) == MBEDTLS_ERR_SSL_WANT_WRITE) {
    }

exit:
    mbedtls_net_free(&net);
    mbedtls_ssl_free(&ssl);
    mbedtls_ssl_config_free(&conf);
    mbedtls_x509_crt_free(&ca);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
    return status;
}
