package io.emporium.platform.web;

import io.emporium.platform.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses, before anything else looks at the request, a query string (or form body) that cannot be
 * decoded: bad percent-encoding, invalid UTF-8, too many parameters. Tomcat reports these only when the
 * parameters are first read, which would otherwise be in the middle of a filter or a controller.
 */
public class MalformedRequestFilter extends OncePerRequestFilter {

    private final JsonMapper json;

    public MalformedRequestFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            request.getParameterMap();
        } catch (IllegalStateException | IllegalArgumentException e) {
            response.setStatus(400);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), Problems.of(400, "malformed-request",
                    "the query string or form body is not correctly encoded (percent-encoding of UTF-8)"));
            return;
        }
        chain.doFilter(request, response);
    }
}
