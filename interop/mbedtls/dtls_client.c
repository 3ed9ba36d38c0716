/*
 * A DTLS 1.2 echo client on mbed TLS 2.28 (Debian's libmbedtls-dev), after the library's own
 * programs/ssl/dtls_client.c: the original library as the counterpart of netctx's DTLS listener.
 *
 *   dtls_client HOST PORT CA_FILE SERVER_NAME MESSAGE [ROUNDS [MTU]]
 *
 * Connects over UDP, shakes hands (HelloVerifyRequest, retransmission timers of 1 s doubling to
 * 60 s), sends MESSAGE ROUNDS times (default 1) and checks each echo, then sends a close-notify.
 * Application data has no retransmission in DTLS: a message without an echo within a second is
 * sent again (at most 10 times), and an echo that is not the message (a duplicate) is skipped.
 * Prints "protocol cipher-suite" after the handshake and "ok N" at the end; exits 0 on success,
 * 1 with the mbed TLS error otherwise. Written for the tests of the netctx project.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mbedtls/ctr_drbg.h"
#include "mbedtls/entropy.h"
#include "mbedtls/error.h"
#include "mbedtls/net_sockets.h"
#include "mbedtls/ssl.h"
#include "mbedtls/timing.h"
#include "mbedtls/x509_crt.h"

static int fail(const char *what, int ret)
{
    char text[160];
    mbedtls_strerror(ret, text, sizeof(text));
    fprintf(stderr, "%s failed: -0x%04X %s\n", what, (unsigned int) -ret, text);
    return 1;
}

int main(int argc, char *argv[])
{
    if (argc < 6) {
        fprintf(stderr, "usage: %s HOST PORT CA_FILE SERVER_NAME MESSAGE [ROUNDS [MTU]]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1], *port = argv[2], *ca = argv[3], *name = argv[4], *message = argv[5];
    int rounds = (argc > 6) ? atoi(argv[6]) : 1;
    int mtu = (argc > 7) ? atoi(argv[7]) : 0;
    size_t length = strlen(message);
    unsigned char buf[16384];
    int ret, exit_code = 1;

    mbedtls_net_context net;
    mbedtls_ssl_context ssl;
    mbedtls_ssl_config conf;
    mbedtls_x509_crt cacert;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_entropy_context entropy;
    mbedtls_timing_delay_context timer;

    mbedtls_net_init(&net);
    mbedtls_ssl_init(&ssl);
    mbedtls_ssl_config_init(&conf);
    mbedtls_x509_crt_init(&cacert);
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_entropy_init(&entropy);

    if ((ret = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, (const unsigned char *) "netctx", 6)) != 0) {
        exit_code = fail("mbedtls_ctr_drbg_seed", ret);
        goto done;
    }
    if ((ret = mbedtls_x509_crt_parse_file(&cacert, ca)) != 0) {
        exit_code = fail("mbedtls_x509_crt_parse_file", ret);
        goto done;
    }
    if ((ret = mbedtls_net_connect(&net, host, port, MBEDTLS_NET_PROTO_UDP)) != 0) {
        exit_code = fail("mbedtls_net_connect", ret);
        goto done;
    }
    if ((ret = mbedtls_ssl_config_defaults(&conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_DATAGRAM,
            MBEDTLS_SSL_PRESET_DEFAULT)) != 0) {
        exit_code = fail("mbedtls_ssl_config_defaults", ret);
        goto done;
    }
    mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&conf, &cacert, NULL);
    mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &drbg);
    mbedtls_ssl_conf_read_timeout(&conf, 1000);
    mbedtls_ssl_conf_handshake_timeout(&conf, 1000, 60000);
    if ((ret = mbedtls_ssl_setup(&ssl, &conf)) != 0) {
        exit_code = fail("mbedtls_ssl_setup", ret);
        goto done;
    }
    if ((ret = mbedtls_ssl_set_hostname(&ssl, name)) != 0) {
        exit_code = fail("mbedtls_ssl_set_hostname", ret);
        goto done;
    }
    if (mtu > 0) {
        mbedtls_ssl_set_mtu(&ssl, (uint16_t) mtu);
    }
    mbedtls_ssl_set_bio(&ssl, &net, mbedtls_net_send, mbedtls_net_recv, mbedtls_net_recv_timeout);
    mbedtls_ssl_set_timer_cb(&ssl, &timer, mbedtls_timing_set_delay, mbedtls_timing_get_delay);

    do {
        ret = mbedtls_ssl_handshake(&ssl);
    } while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE);
    if (ret != 0) {
        exit_code = fail("mbedtls_ssl_handshake", ret);
        goto done;
    }
    if ((ret = mbedtls_ssl_get_verify_result(&ssl)) != 0) {
        exit_code = fail("mbedtls_ssl_get_verify_result", -ret);
        goto done;
    }
    printf("%s %s\n", mbedtls_ssl_get_version(&ssl), mbedtls_ssl_get_ciphersuite(&ssl));
    fflush(stdout);

    for (int i = 0; i < rounds; i++) {
        int echoed = 0;
        for (int attempt = 0; attempt < 10 && !echoed; attempt++) {
            do {
                ret = mbedtls_ssl_write(&ssl, (const unsigned char *) message, length);
            } while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE);
            if (ret < 0) {
                exit_code = fail("mbedtls_ssl_write", ret);
                goto done;
            }
            while (!echoed) {
                do {
                    ret = mbedtls_ssl_read(&ssl, buf, sizeof(buf));
                } while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE);
                if (ret == MBEDTLS_ERR_SSL_TIMEOUT) {
                    break; /* lost on the way: send it again */
                }
                if (ret < 0) {
                    exit_code = fail("mbedtls_ssl_read", ret);
                    goto done;
                }
                echoed = ((size_t) ret == length && memcmp(buf, message, length) == 0);
            }
        }
        if (!echoed) {
            fprintf(stderr, "round %d: no echo in 10 attempts\n", i);
            goto done;
        }
    }
    printf("ok %d\n", rounds);
    exit_code = 0;

    do {
        ret = mbedtls_ssl_close_notify(&ssl);
    } while (ret == MBEDTLS_ERR_SSL_WANT_WRITE);

done:
    mbedtls_net_free(&net);
    mbedtls_x509_crt_free(&cacert);
    mbedtls_ssl_free(&ssl);
    mbedtls_ssl_config_free(&conf);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
    return exit_code;
}
