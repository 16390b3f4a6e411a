package io.emporium.platform.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import io.emporium.platform.web.RequestBodyTooLargeException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/**
 * Turns every failure into RFC 9457 problem+json. Bad input is 400/404/409/422 with a detail
 * naming the field; anything unexpected is a 500 without internals (and is logged).
 */
@RestControllerAdvice
@Order(0)
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    /** Failures a client can provoke at will: a few lines a second at most, whatever it sends. */
    private static final io.emporium.platform.web.ThrottledLog clientCaused =
            new io.emporium.platform.web.ThrottledLog(log, 5);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        ProblemDetail problem = Problems.of(e.status(), e.type(), e.getMessage());
        e.properties().forEach(problem::setProperty);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e.properties().get("retryAfterSeconds") instanceof Integer seconds) {
            response.header(HttpHeaders.RETRY_AFTER, seconds.toString());
        }
        return response.body(problem);
    }

    /** A domain rule refused: its status comes from the one table, {@link DomainProblems}. */
    @ExceptionHandler(io.emporium.kernel.DomainException.class)
    ResponseEntity<ProblemDetail> domain(io.emporium.kernel.DomainException e) {
        return problem(DomainProblems.toProblem(e));
    }

    /** A kernel value type refused outside the body's reading: every broken field named. */
    @ExceptionHandler(io.emporium.kernel.InvalidValue.class)
    ResponseEntity<ProblemDetail> invalidValue(io.emporium.kernel.InvalidValue e) {
        return ResponseEntity.badRequest().body(invalidValue("", e));
    }

    /** Value objects (ids, money) refuse bad values with IllegalArgumentException: caller input. */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Problems.of(400, "invalid-request", e.getMessage()));
    }

    /** The firewall refused part of the request (a parameter name, an encoded path) when it was first read. */
    @ExceptionHandler(org.springframework.security.web.firewall.RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(org.springframework.security.web.firewall.RequestRejectedException e) {
        return ResponseEntity.badRequest().body(Problems.of(400, "rejected-request", "the request was rejected: " + e.getMessage()));
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e) {
        log.info("duplicate key: {}", e.getMostSpecificCause().getMessage());
        return ResponseEntity.status(409).body(Problems.of(409, "duplicate", "the resource already exists"));
    }

    /** The database cannot be reached: a CP service refuses the work rather than guess. */
    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> databaseDown(Exception e) {
        clientCaused.warn("database unavailable: {}", e.getMessage());
        return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, "5")
                .body(Problems.of(503, "database-unavailable", "the database cannot be reached; try again later"));
    }

    @ExceptionHandler(TransientDataAccessException.class)
    ResponseEntity<ProblemDetail> transientFailure(TransientDataAccessException e) {
        clientCaused.warn("transient database failure: {}", e.toString());
        return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.of(503, "temporarily-unavailable", "the database is busy; try again"));
    }

    /** A call to another service over HTTP failed: pass its 4xx on, report anything else as 503. */
    @ExceptionHandler(RestClientResponseException.class)
    ResponseEntity<ProblemDetail> downstream(RestClientResponseException e) {
        ProblemDetail remote = e.getResponseBodyAs(ProblemDetail.class);
        if (e.getStatusCode().is4xxClientError() && remote != null) {
            return ResponseEntity.status(e.getStatusCode()).body(remote);
        }
        log.warn("downstream service failed: {}", e.getMessage());
        return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, "1").body(Problems.of(503, "dependency-unavailable",
                "a service this request depends on failed; try again later"));
    }

    @ExceptionHandler(ResourceAccessException.class)
    ResponseEntity<ProblemDetail> unreachable(ResourceAccessException e) {
        log.warn("downstream service unreachable: {}", e.getMessage());
        return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, "1").body(Problems.of(503, "dependency-unavailable",
                "a service this request depends on cannot be reached; try again later"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (databaseUnreachable(e)) {
            // the connection died under a statement or a commit, or a use case wrapped the failure
            return databaseDown(e);
        }
        clientCaused.error("unexpected failure", e);
        return ResponseEntity.internalServerError()
                .body(Problems.of(500, "internal-error", "something went wrong on our side; it has been logged"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())));
        }
        ex.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.add(Map.of("field", error.getObjectName(),
                        "message", String.valueOf(error.getDefaultMessage()))));
        return ResponseEntity.badRequest().body(invalidRequest(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> result.getResolvableErrors()
                .forEach(error -> errors.add(Map.of(
                        "field", String.valueOf(result.getMethodParameter().getParameterName()),
                        "message", String.valueOf(error.getDefaultMessage())))));
        return ResponseEntity.badRequest().body(invalidRequest(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyTooLargeException tooLarge) {
                return ResponseEntity.status(413).body(Problems.of(413, "payload-too-large", tooLarge.getMessage()));
            }
        }
        String detail = "the request body is not valid JSON for this resource";
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof io.emporium.kernel.InvalidValue invalid) {
            return ResponseEntity.badRequest().body(invalidValue(ex.getCause() instanceof JacksonException json ? path(json) : "", invalid));
        }
        if (ex.getCause() instanceof JacksonException json && !json.getPath().isEmpty()) {
            String field = path(json);
            String reason = cause instanceof IllegalArgumentException ? ": " + cause.getMessage() : " has the wrong type or format";
            detail = "field '" + field + "'" + reason;
        } else if (ex.getCause() == null || ex.getMessage().contains("Required request body is missing")) {
            detail = "a JSON request body is required";
        }
        return ResponseEntity.badRequest().body(Problems.of(400, "malformed-request", detail));
    }

    /** {@code shippingAddress.phone}, {@code lines[2].skuId}: where in the body the reader stopped. */
    private static String path(JacksonException json) {
        return json.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /**
     * A kernel value type refused while the body was read (a {@code PostalAddress} with a bad phone):
     * the same 400 as a request that bean validation refuses, every broken field named from the body's root.
     */
    static ProblemDetail invalidValue(String at, io.emporium.kernel.InvalidValue invalid) {
        return invalidRequest(invalid.violations().stream()
                .map(v -> Map.of("field", at.isEmpty() ? v.field() : at + "." + v.field(), "message", v.message())).toList());
    }

    /** The one shape of a refused input, whoever found it: every field with its message, and a detail that lists them. */
    private static ProblemDetail invalidRequest(List<Map<String, String>> errors) {
        String detail = errors.stream().map(e -> e.get("field") + ": " + e.get("message")).collect(Collectors.joining("; "));
        ProblemDetail problem = Problems.of(400, "invalid-request", detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(404).body(Problems.of(404, "not-found", "there is nothing at /" + ex.getResourcePath()));
    }

    /**
     * 406 is written here, as problem+json, whatever the Accept header says: Spring's own rendering
     * negotiates against that same header and drops the body (always, when it cannot be parsed).
     */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(org.springframework.web.HttpMediaTypeNotAcceptableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (!(request instanceof org.springframework.web.context.request.ServletWebRequest servlet) || servlet.getResponse() == null
                || servlet.getResponse().isCommitted()) {
            return null;
        }
        String produced = ex.getSupportedMediaTypes().stream().map(Object::toString)
                .filter(t -> t.matches("[A-Za-z0-9.+*/-]+")).collect(Collectors.joining(", "));
        String detail = produced.isEmpty() ? "the Accept header names no representation this operation produces"
                : "this operation produces " + produced + "; the Accept header allows none of them";
        String instance = servlet.getRequest().getRequestURI().replace("\\", "\\\\").replace("\"", "\\\"");
        String json = "{\"type\":\"" + Problems.TYPE_PREFIX + "not-acceptable\",\"title\":\"Not Acceptable\",\"status\":406,"
                + "\"detail\":\"" + detail + "\",\"instance\":\"" + instance + "\"}";
        try {
            var response = servlet.getResponse();
            response.setStatus(406);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(json);
            response.flushBuffer();
        } catch (java.io.IOException e) {
            log.debug("could not write a 406 answer: {}", e.toString());
        }
        return null;
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (ex instanceof MethodArgumentTypeMismatchException mismatch) {
            body = Problems.of(400, "invalid-request", "parameter '" + mismatch.getName() + "' has an invalid value");
        }
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(java.net.URI.create(Problems.TYPE_PREFIX + Problems.slugOf(statusCode.value())));
        }
        return response;
    }

    /**
     * Whether {@code e} was caused, anywhere down its chain, by losing the database: a connection
     * that failed or was closed by the server (SQLSTATE class 08, 57P: the server shutting down or
     * restarting), or the pool giving up on one.
     */
    /** Whether {@code e}, however wrapped, is the database being out of reach (answered 503, not 500). */
    public static boolean databaseUnreachable(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.sql.SQLRecoverableException) {
                return true;
            }
            if (t instanceof org.springframework.transaction.TransactionSystemException completionFailed
                    && (completionFailed.getCause() instanceof java.sql.SQLException
                            || completionFailed.getApplicationException() != null
                                    && databaseUnreachable(completionFailed.getApplicationException()))) {
                // the connection could not commit or roll back: it died under the transaction (the pool has closed
                // it, so the rollback's "Connection is closed" carries no SQL state, and the statement's or the
                // commit's own failure is only logged by Spring). Whatever the statement was, the work did not commit
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
