package io.emporium.bench;

/** A call to the platform that did not answer 2xx, or did not answer at all. */
final class ApiException extends RuntimeException {

    private final String kind;
    private final int status;
    private final String problem;

    private ApiException(String kind, int status, String problem, String detail) {
        super(kind + (detail.isEmpty() ? "" : ": " + detail));
        this.kind = kind;
        this.status = status;
        this.problem = problem;
    }

    /** A non-2xx answer; problem is the slug of the problem type ("insufficient-stock"), or empty. */
    static ApiException answer(String call, int status, String problem, String detail) {
        return new ApiException(call + " " + status + (problem.isEmpty() ? "" : " " + problem), status, problem, detail);
    }

    /** No answer: the connection failed or the request timed out. */
    static ApiException failure(String call, Exception cause) {
        return new ApiException(call + " " + cause.getClass().getSimpleName(), 0, "",
                cause.getMessage() == null ? "" : cause.getMessage());
    }

    /** How errors are grouped in the report, e.g. "checkout 404" or "add to cart 409 insufficient-stock". */
    String kind() {
        return kind;
    }

    boolean is(int status, String problem) {
        return this.status == status && this.problem.equals(problem);
    }

    boolean isInsufficientStock() {
        return is(409, "insufficient-stock");
    }
}
