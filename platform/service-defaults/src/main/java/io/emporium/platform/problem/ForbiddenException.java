package io.emporium.platform.problem;

import java.util.Map;

/** The caller is known but may not act on this resource (403). */
public class ForbiddenException extends ProblemException {

    public ForbiddenException(String type, String detail) {
        super(type, detail, Map.of());
    }

    public ForbiddenException(String type, String detail, Map<String, Object> properties) {
        super(type, detail, properties);
    }

    @Override
    public int status() {
        return 403;
    }
}
