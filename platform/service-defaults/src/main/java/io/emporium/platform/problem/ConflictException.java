package io.emporium.platform.problem;

import java.util.Map;

/** The request conflicts with the current state of the resource (409). */
public class ConflictException extends ProblemException {

    public ConflictException(String type, String detail) {
        super(type, detail, Map.of());
    }

    public ConflictException(String type, String detail, Map<String, Object> properties) {
        super(type, detail, properties);
    }

    @Override
    public int status() {
        return 409;
    }
}
