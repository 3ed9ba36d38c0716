package dev.netctx.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

import static org.assertj.core.api.Assertions.assertThat;

/** A properties type's names, read from its structure as the Binder reads it: records, JavaBeans, maps and lists. */
class PropertyTreeTests {

    private final PropertyTree tree = new PropertyTree(ConfigurationPropertyName.of("netctx.sample"), Sample.class);

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "netctx.sample.idle-timeout, true", "netctx.sample.idleTimeout, true", "netctx.sample.idle_timeout, true",
            "netctx.sample.idle-timout, false", "netctx.sample.tags, true", "netctx.sample.tags[3], true",
            "netctx.sample.tags.x, false", "netctx.sample.labels.any.dotted.key, true",
            "netctx.sample.servers[0].host, true", "netctx.sample.servers[0].hots, false", "netctx.sample.servers.host, false",
            "netctx.sample.routes.a.weight, true", "netctx.sample.routes.a.wieght, false", "netctx.sample.routes.a, false",
            "netctx.sample.bean.name, true", "netctx.sample.bean.nmae, false", "netctx.sample, false",
            "netctx.sample.idle-timeout.seconds, false", "netctx.other, false" })
    void acceptsTheNamesTheBinderReads(String name, boolean accepted) {
        assertThat(this.tree.accepts(ConfigurationPropertyName.adapt(name, '.'))).isEqualTo(accepted);
    }

    @Test
    void groupsAreNamedWithoutAValue() {
        assertThat(this.tree.isGroup(ConfigurationPropertyName.of("netctx.sample.routes.a"))).isTrue();
        assertThat(this.tree.isGroup(ConfigurationPropertyName.of("netctx.sample.bean"))).isTrue();
        assertThat(this.tree.isGroup(ConfigurationPropertyName.of("netctx.sample.tags"))).isFalse();
    }

    @Test
    void leavesExpandMapsOfGroupsWithTheKeysInUse() {
        assertThat(this.tree.leaves(map -> Set.of("a")))
            .map(ConfigurationPropertyName::toString)
            .containsExactly("netctx.sample.idle-timeout", "netctx.sample.tags", "netctx.sample.labels",
                    "netctx.sample.servers", "netctx.sample.routes.a.weight", "netctx.sample.bean.name");
    }

    record Sample(Duration idleTimeout, List<String> tags, Map<String, String> labels, List<Server> servers,
            Map<String, Route> routes, Bean bean) {
    }

    record Server(String host) {
    }

    record Route(int weight) {
    }

    static class Bean {

        private String name;

        public String getName() {
            return this.name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }
}
