package io.emporium.platform.problem;

import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds problem documents with the platform's type URIs. */
public final class Problems {

    public static final String TYPE_PREFIX = "urn:emporium:problem:";

    /** The members RFC 9457 defines; anything else in a problem is an extension member. */
    public static final java.util.Set<String> STANDARD_MEMBERS = java.util.Set.of("type", "title", "status", "detail", "instance");

    private Problems() {
    }

    /** A type slug for a bare HTTP status, e.g. 415 → {@code unsupported-media-type}. */
    public static String slugOf(int status) {
        org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
        return known == null ? "http-" + status : known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static ProblemDetail of(int status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setType(URI.create(TYPE_PREFIX + type));
        return problem;
    }
}
