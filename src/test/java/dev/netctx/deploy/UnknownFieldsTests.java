package dev.netctx.deploy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** The unknown-field check finds what Kubernetes would reject, at any depth. */
class UnknownFieldsTests {

    @Test
    void findsMisspelledFieldsAtAnyDepth() {
        Deployment deployment = (Deployment) HelmChart.toModel("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: netctx
                  lables: {app: netctx}
                spec:
                  replica: 2
                  template:
                    spec:
                      containers:
                        - name: netctx
                          image: netctx
                          securityContext:
                            readOnlyRootFileSystem: true
                """);
        assertThat(UnknownFields.of(deployment)).containsExactlyInAnyOrder("metadata.lables = {app=netctx}", "spec.replica = 2",
                "spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem = true");
    }

    @Test
    void acceptsAWellFormedObject() {
        Deployment deployment = (Deployment) HelmChart.toModel("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: netctx
                spec:
                  replicas: 2
                  template:
                    spec:
                      containers:
                        - name: netctx
                          resources:
                            limits: {memory: 512Mi}
                """);
        assertThat(UnknownFields.of(deployment)).isEmpty();
    }

    @Test
    void mistypedFieldsDoNotPass() {
        assertThatException().isThrownBy(() -> HelmChart.toModel("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: netctx
                spec:
                  replicas: two
                """));
    }
}
