package dev.netctx.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes a {@link ProblemDetail} as {@code application/problem+json} straight to a servlet response,
 * for the places that answer before (or outside) Spring MVC, where no message converter runs: the
 * security filters and Tomcat's error report valve. Controllers return their {@code ProblemDetail}
 * and let MVC write it; both give the same members (RFC 9457 §3.1, extension members at the top
 * level).
 */
public final class ProblemResponseWriter {

    private final JsonMapper jsonMapper;

    public ProblemResponseWriter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    /** Sets the status and content type of {@code response} and writes {@code problem} as its body. */
    public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        this.jsonMapper.writeValue(response.getOutputStream(), members(problem));
    }

    /** {@code problem} as the JSON text of an {@code application/problem+json} body. */
    public String json(ProblemDetail problem) {
        return this.jsonMapper.writeValueAsString(members(problem));
    }

    private static Map<String, Object> members(ProblemDetail problem) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", (problem.getType() != null) ? problem.getType().toString() : "about:blank");
        if (problem.getTitle() != null) {
            members.put("title", problem.getTitle());
        }
        members.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            members.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            members.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            members.putAll(problem.getProperties());
        }
        return members;
    }
}
