package dev.netctx.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import dev.netctx.api.ProblemResponseWriter;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report as an RFC 9457 problem detail instead of its HTML page, for what Tomcat
 * rejects before the application sees it (a URL with an encoded {@code /} or NUL, invalid UTF-8, an
 * illegal character in the query). No stack trace, no server version.
 */
class ProblemErrorReportValve extends ErrorReportValve {

    private final ProblemResponseWriter writer;

    ProblemErrorReportValve(ProblemResponseWriter writer) {
        this.writer = writer;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus resolved = HttpStatus.resolve(status);
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setTitle((resolved != null) ? resolved.getReasonPhrase() : "Error");
        problem.setDetail((status == 400) ? ProblemErrorController.REJECTED : problem.getTitle());
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer reporter = response.getReporter();
            if (reporter != null) {
                reporter.write(this.writer.json(problem));
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException ex) {
            // the client is gone or the response is committed: nothing more to say
        }
    }
}
