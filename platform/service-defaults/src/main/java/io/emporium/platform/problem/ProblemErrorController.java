package io.emporium.platform.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (a request the firewall rejects, a failure in a filter)
 * end at /error; they too are answered with problem+json and no internals.
 */
@RestController
@io.swagger.v3.oas.annotations.Hidden
public class ProblemErrorController implements ErrorController {

    @RequestMapping(value = "/error", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE, "*/*"})
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null && request.getDispatcherType() != jakarta.servlet.DispatcherType.ERROR) {
            // asked for directly: there is no error to report, and nothing else lives here
            return ResponseEntity.status(404).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(404, "not-found", "there is nothing at /error"));
        }
        int status = code instanceof Integer i && i >= 400 ? i : 500;
        String detail = status >= 500 ? "something went wrong on our side; it has been logged" : "the request was rejected";
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(status, Problems.slugOf(status), detail));
    }
}
