package dev.netctx.api;

import java.net.URI;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemResponseWriterTests {

    private final JsonMapper jsonMapper = JsonMapper.builder().build();

    private final ProblemResponseWriter writer = new ProblemResponseWriter(this.jsonMapper);

    @Test
    void writesTheStatusTheMediaTypeAndTheMembersOfRfc9457() throws Exception {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, "Closing a context needs credentials");
        problem.setInstance(URI.create("/api/contexts/7"));
        MockHttpServletResponse response = new MockHttpServletResponse();

        this.writer.write(response, problem);

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        JsonNode body = this.jsonMapper.readTree(response.getContentAsString());
        assertThat(body.get("type").asString()).isEqualTo("about:blank");
        assertThat(body.get("title").asString()).isEqualTo("Unauthorized");
        assertThat(body.get("status").asInt()).isEqualTo(401);
        assertThat(body.get("detail").asString()).isEqualTo("Closing a context needs credentials");
        assertThat(body.get("instance").asString()).isEqualTo("/api/contexts/7");
    }

    @Test
    void extensionMembersGoAtTheTopLevelAndAbsentOnesAreLeftOut() throws Exception {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setProperty("parameter", "limit");

        JsonNode body = this.jsonMapper.readTree(this.writer.json(problem));

        assertThat(body.get("parameter").asString()).isEqualTo("limit");
        assertThat(body.has("properties")).isFalse();
        assertThat(body.has("detail")).isFalse();
        assertThat(body.has("instance")).isFalse();
    }

    @Test
    void escapesWhatItWrites() throws Exception {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "a \"quoted\" \\ detail");

        JsonNode body = this.jsonMapper.readTree(this.writer.json(problem));

        assertThat(body.get("detail").asString()).isEqualTo("a \"quoted\" \\ detail");
    }
}
