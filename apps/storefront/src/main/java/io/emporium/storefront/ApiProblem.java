package io.emporium.storefront;

import java.util.List;
import java.util.Map;

/**
 * The platform API refused a request (a problem+json answer), or could not be reached. The
 * pages show {@link #message()}: the API's own detail, which is written for people.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final List<Map<String, Object>> fieldErrors;

    public ApiProblem(int status, String type, String detail, List<Map<String, Object>> fieldErrors) {
        super(detail == null || detail.isBlank() ? "the request could not be completed (" + status + ")" : detail);
        this.status = status;
        this.type = type;
        this.fieldErrors = fieldErrors == null ? List.of() : fieldErrors;
    }

    public int status() {
        return status;
    }

    /** The problem type's slug, e.g. {@code insufficient-stock}. */
    public String type() {
        return type;
    }

    /** A sentence for the page: the detail, with the fields at fault when the API named them. */
    public String message() {
        if (fieldErrors.isEmpty()) {
            return getMessage();
        }
        StringBuilder text = new StringBuilder("Please check: ");
        for (int i = 0; i < fieldErrors.size(); i++) {
            Map<String, Object> e = fieldErrors.get(i);
            text.append(i == 0 ? "" : "; ").append(e.getOrDefault("field", "")).append(" ").append(e.getOrDefault("message", ""));
        }
        return text.toString();
    }
}
