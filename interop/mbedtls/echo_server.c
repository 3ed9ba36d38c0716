/*
 * What tls_server.c and dtls_server.c share (echo_server.h). Written for the tests of the netctx
 * project.
 */
#include "echo_server.h"

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "mbedtls/error.h"

int echo_server_connections(int argc, char *argv[])
{
    if (argc != 5 || atoi(argv[4]) < 1) {
        fprintf(stderr, "usage: %s PORT CERT_FILE KEY_FILE CONNECTIONS\n", argv[0]);
        return 0;
    }
    return atoi(argv[4]);
}

int echo_server_init(struct echo_server *server, const char *name, int transport, char *argv[])
{
    int ret;
    mbedtls_net_init(&server->listen_fd);
    mbedtls_net_init(&server->client_fd);
    mbedtls_ssl_init(&server->ssl);
    mbedtls_ssl_config_init(&server->conf);
    mbedtls_x509_crt_init(&server->cert);
    mbedtls_pk_init(&server->key);
    mbedtls_entropy_init(&server->entropy);
    mbedtls_ctr_drbg_init(&server->drbg);

    if ((ret = mbedtls_ctr_drbg_seed(&server->drbg, mbedtls_entropy_func, &server->entropy, (const unsigned char *) name,
            strlen(name))) != 0) {
        return fail("mbedtls_ctr_drbg_seed", ret);
    }
    if ((ret = mbedtls_x509_crt_parse_file(&server->cert, argv[2])) != 0) {
        return fail("mbedtls_x509_crt_parse_file", ret);
    }
    if ((ret = mbedtls_pk_parse_keyfile(&server->key, argv[3], NULL)) != 0) {
        return fail("mbedtls_pk_parse_keyfile", ret);
    }
    if ((ret = mbedtls_ssl_config_defaults(&server->conf, MBEDTLS_SSL_IS_SERVER, transport, MBEDTLS_SSL_PRESET_DEFAULT)) != 0) {
        return fail("mbedtls_ssl_config_defaults", ret);
    }
    mbedtls_ssl_conf_rng(&server->conf, mbedtls_ctr_drbg_random, &server->drbg);
    mbedtls_ssl_conf_read_timeout(&server->conf, READ_TIMEOUT_MS);
    if ((ret = mbedtls_ssl_conf_own_cert(&server->conf, &server->cert, &server->key)) != 0) {
        return fail("mbedtls_ssl_conf_own_cert", ret);
    }
    return 0;
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

int echo_server_listen(struct echo_server *server, const char *port, int proto)
{
    int ret;
    if ((ret = mbedtls_ssl_setup(&server->ssl, &server->conf)) != 0) {
        return fail("mbedtls_ssl_setup", ret);
    }
    if ((ret = mbedtls_net_bind(&server->listen_fd, "127.0.0.1", port, proto)) != 0) {
        return fail("mbedtls_net_bind", ret);
    }
    printf("port %d\n", bound_port(server->listen_fd.fd));
    fflush(stdout);
    return 0;
}

int echo_server_accept(struct echo_server *server, unsigned char *client_ip, size_t ip_size, size_t *ip_length)
{
    int ret;
    mbedtls_net_free(&server->client_fd);
    mbedtls_ssl_session_reset(&server->ssl);
    if ((ret = mbedtls_net_accept(&server->listen_fd, &server->client_fd, client_ip, ip_size, ip_length)) != 0) {
        return fail("mbedtls_net_accept", ret);
    }
    mbedtls_ssl_set_bio(&server->ssl, &server->client_fd, mbedtls_net_send, mbedtls_net_recv, mbedtls_net_recv_timeout);
    return 0;
}

void echo_server_free(struct echo_server *server)
{
    mbedtls_net_free(&server->client_fd);
    mbedtls_net_free(&server->listen_fd);
    mbedtls_ssl_free(&server->ssl);
    mbedtls_ssl_config_free(&server->conf);
    mbedtls_x509_crt_free(&server->cert);
    mbedtls_pk_free(&server->key);
    mbedtls_ctr_drbg_free(&server->drbg);
    mbedtls_entropy_free(&server->entropy);
}

void report(int session, const char *what, int ret)
{
    char text[200];
    mbedtls_strerror(ret, text, sizeof(text));
    printf("session %d failed: %s -0x%04X %s\n", session, what, (unsigned int) -ret, text);
    fflush(stdout);
}

int fail(const char *what, int ret)
{
    char text[200];
    mbedtls_strerror(ret, text, sizeof(text));
    fprintf(stderr, "%s failed: -0x%04X %s\n", what, (unsigned int) -ret, text);
    return 1;
}
