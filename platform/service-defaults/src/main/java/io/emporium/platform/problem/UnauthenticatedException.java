package io.emporium.platform.problem;

import java.util.Map;

/** The caller could not be authenticated (401). */
public class UnauthenticatedException extends ProblemException {

    public UnauthenticatedException(String type, String detail) {
        super(type, detail, Map.of());
    }

    public UnauthenticatedException(String type, String detail, Map<String, Object> properties) {
        super(type, detail, properties);
    }

    @Override
    public int status() {
        return 401;
    }
}
