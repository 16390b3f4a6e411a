package io.emporium.platform.problem;

import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds problem documents with the platform's type URIs. */
public final class Problems {

    public static final String TYPE_PREFIX = "urn:emporium:problem:";

    private Problems() {
    }

    public static ProblemDetail of(int status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setType(URI.create(TYPE_PREFIX + type));
        return problem;
    }
}
