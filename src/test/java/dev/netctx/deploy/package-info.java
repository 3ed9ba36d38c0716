/**
 * Checks of the deployment files: the Helm chart (real {@code helm lint} and {@code helm template},
 * the rendered objects read as Kubernetes model classes), the Dockerfile, and the docker-compose stack
 * with its Prometheus and Grafana configuration.
 */
package dev.netctx.deploy;
