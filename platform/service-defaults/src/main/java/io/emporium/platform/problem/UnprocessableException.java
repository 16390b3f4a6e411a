package io.emporium.platform.problem;

import java.util.Map;

/** The request is well-formed but breaks a business rule (422). */
public class UnprocessableException extends ProblemException {

    public UnprocessableException(String type, String detail) {
        super(type, detail, Map.of());
    }

    public UnprocessableException(String type, String detail, Map<String, Object> properties) {
        super(type, detail, properties);
    }

    @Override
    public int status() {
        return 422;
    }
}
