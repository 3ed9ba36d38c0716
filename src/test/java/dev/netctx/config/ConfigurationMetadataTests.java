package dev.netctx.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated configuration metadata documents every {@code netctx.*} property, so that IDEs complete and explain it. */
class ConfigurationMetadataTests {

    @Test
    void everyNetctxPropertyHasADescriptionInBootsStyle() throws IOException {
        List<Map<String, Object>> properties = netctxProperties();
        assertThat(properties).extracting(property -> property.get("name"))
            .contains("netctx.listeners", "netctx.trusted-networks", "netctx.security.username", "netctx.security.password",
                    "netctx.security.token", "netctx.memory.release-after-startup");
        assertThat(properties).allSatisfy(property -> assertThat((String) property.get("description"))
            .as("description of %s", property.get("name"))
            .isNotBlank()
            .matches("[A-Z].*\\.")
            .doesNotContain("{@", "&lt;", "&gt;"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> netctxProperties() throws IOException {
        try (InputStream json = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            Map<String, Object> metadata = JsonMapper.builder().build().readValue(json, Map.class);
            return ((List<Map<String, Object>>) metadata.get("properties")).stream()
                .filter(property -> ((String) property.get("name")).startsWith("netctx."))
                .toList();
        }
    }
}
