package dev.netctx.web;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.netctx.api.ContextQueryParameters;
import dev.netctx.context.ContextInfo;
import dev.netctx.context.ContextSortKey;
import dev.netctx.context.ListenerInfo;
import dev.netctx.context.ListenerThroughput;
import dev.netctx.probe.ProbeRequest;
import dev.netctx.probe.ProbeResult;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written {@code static/openapi.yaml} describes what the API answers and accepts. */
class OpenApiDescriptionTests {

    @Test
    @SuppressWarnings("unchecked")
    void describesEveryParameterSortKeyAndField() throws IOException {
        Map<String, Object> api;
        try (InputStream in = getClass().getResourceAsStream("/static/openapi.yaml")) {
            api = new Yaml().load(in);
        }
        Map<String, Object> paths = (Map<String, Object>) api.get("paths");
        Map<String, Object> list = (Map<String, Object>) ((Map<String, Object>) paths.get("/api/contexts")).get("get");
        List<Map<String, Object>> parameters = (List<Map<String, Object>>) list.get("parameters");
        assertThat(parameters).extracting((parameter) -> parameter.get("name"))
            .containsExactlyElementsOf(ContextQueryParameters.NAMES);
        String sortPattern = (String) ((Map<String, Object>) parameters.get(2).get("schema")).get("pattern");
        assertThat(sortPattern).contains(Arrays.stream(ContextSortKey.values()).map(ContextSortKey::property).toList());
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) api.get("components")).get("schemas");
        assertProperties(schemas, "Context", ContextInfo.class);
        assertProperties(schemas, "Listener", ListenerInfo.class);
        assertProperties(schemas, "Throughput", ListenerThroughput.class);
        assertProperties(schemas, "ProbeResult", ProbeResult.class);
        assertThat(paths).containsKeys("/api/contexts/{id}", "/api/listeners", "/api/throughput", "/api/access",
                "/api/info", "/api/probe");
        Map<String, Object> probe = (Map<String, Object>) ((Map<String, Object>) paths.get("/api/probe")).get("post");
        Map<String, Object> body = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) probe
            .get("requestBody")).get("content")).get("application/json")).get("schema");
        assertThat(((Map<String, Object>) body.get("properties")).keySet()).containsExactlyElementsOf(ProbeRequest.FIELDS);
    }

    @SuppressWarnings("unchecked")
    private static void assertProperties(Map<String, Object> schemas, String schema, Class<? extends Record> type) {
        Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) schemas.get(schema)).get("properties");
        assertThat(properties.keySet()).as(schema)
            .containsExactlyElementsOf(Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList());
    }
}
