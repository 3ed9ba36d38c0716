package dev.netctx.web;

import java.time.Instant;
import java.util.Map;

import dev.netctx.identity.HostIdentity;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/info}: which host answered and what it runs, on the traffic port (the live page's
 * header), so that no one needs the management port's {@code /actuator/info} to tell replicas apart.
 */
@RestController
@RequestMapping("/api")
class InfoController {

    private final Info info;

    InfoController(HostIdentity host, ObjectProvider<BuildProperties> build, ObjectProvider<GitProperties> git) {
        BuildProperties buildProperties = build.getIfAvailable();
        GitProperties gitProperties = git.getIfAvailable();
        this.info = new Info(host.toMap(), new Build((buildProperties != null) ? buildProperties.getVersion() : null,
                (gitProperties != null) ? gitProperties.getShortCommitId() : null,
                (buildProperties != null) ? buildProperties.getTime() : null));
    }

    @GetMapping("/info")
    Info info() {
        return this.info;
    }

    /**
     * @param host {@code hostname}, and {@code pod}, {@code namespace} and {@code node} where known
     * @param build what was built
     */
    record Info(Map<String, String> host, Build build) {
    }

    /**
     * @param version the project version, or {@code null} without {@code build-info.properties}
     * @param commit the abbreviated commit, or {@code null} for a build without {@code .git}
     * @param time when it was built
     */
    record Build(@Nullable String version, @Nullable String commit, @Nullable Instant time) {
    }
}
