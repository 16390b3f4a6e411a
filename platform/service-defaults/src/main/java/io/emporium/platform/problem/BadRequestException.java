package io.emporium.platform.problem;

import java.util.Map;

/** The request is malformed or names an invalid value (400). */
public class BadRequestException extends ProblemException {

    public BadRequestException(String type, String detail) {
        super(type, detail, Map.of());
    }

    public BadRequestException(String type, String detail, Map<String, Object> properties) {
        super(type, detail, properties);
    }

    @Override
    public int status() {
        return 400;
    }
}
