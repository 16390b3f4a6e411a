package io.emporium.platform.web;

import io.emporium.platform.problem.Problems;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last word on a request that never reached Spring (a path it cannot decode, {@code %2F} or
 * {@code ..} above the root, a header too long, a method it does not implement): problem+json with the
 * platform's type for the status, never Tomcat's HTML page, and nothing of the failure itself.
 * Installed as the host's error report valve by {@link TomcatProblemPages}.
 */
public class ProblemReportValve extends ErrorReportValve {

    public ProblemReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body(status));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body: there is nobody left to answer
        }
    }

    /** The same members a problem from Spring has; the values are constants, so no JSON escaping is needed. */
    static String body(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = status >= 500 ? "something went wrong on our side" : "the request was rejected before it reached the service";
        return "{\"type\":\"" + Problems.TYPE_PREFIX + Problems.slugOf(status) + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
    }
}
