/*
 * What tls_server.c and dtls_server.c share: their arguments, the set-up of their key, certificate,
 * random generator and configuration, the listening socket, the accept of the next client, the
 * error lines and the clean-up. Written for the tests of the netctx project.
 */
#ifndef NETCTX_ECHO_SERVER_H
#define NETCTX_ECHO_SERVER_H

#include "mbedtls/ctr_drbg.h"
#include "mbedtls/entropy.h"
#include "mbedtls/net_sockets.h"
#include "mbedtls/pk.h"
#include "mbedtls/ssl.h"
#include "mbedtls/x509_crt.h"

/* A client silent for this long, in the handshake or after, is dropped. */
#define READ_TIMEOUT_MS 10000

/* The state of one echo server, one client at a time. */
struct echo_server {
    mbedtls_net_context listen_fd;
    mbedtls_net_context client_fd;
    mbedtls_ssl_context ssl;
    mbedtls_ssl_config conf;
    mbedtls_x509_crt cert;
    mbedtls_pk_context key;
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
};

/* The CONNECTIONS of "PORT CERT_FILE KEY_FILE CONNECTIONS", or 0 after printing the usage. */
int echo_server_connections(int argc, char *argv[]);

/*
 * Initialises the server, then seeds its random generator (with name), loads the certificate and
 * key of argv[2] and argv[3] and makes a server configuration for transport
 * (MBEDTLS_SSL_TRANSPORT_STREAM or _DATAGRAM) with the read timeout and that certificate.
 * 0, or 1 after printing what failed; either way echo_server_free() cleans up.
 */
int echo_server_init(struct echo_server *server, const char *name, int transport, char *argv[]);

/* Sets up its SSL context, binds 127.0.0.1:port (proto: MBEDTLS_NET_PROTO_TCP or _UDP) and prints "port N". */
int echo_server_listen(struct echo_server *server, const char *port, int proto);

/*
 * Resets the session and accepts the next client (the address of a UDP one into client_ip, as
 * mbedtls_net_accept does), the SSL context's bio on it. 0, or 1 after printing what failed.
 */
int echo_server_accept(struct echo_server *server, unsigned char *client_ip, size_t ip_size, size_t *ip_length);

void echo_server_free(struct echo_server *server);

/* Prints "session I failed: <function> -0xNNNN <text>" on stdout. */
void report(int session, const char *what, int ret);

/* Prints "<function> failed: -0xNNNN <text>" on stderr; returns 1, the exit status. */
int fail(const char *what, int ret);

#endif
