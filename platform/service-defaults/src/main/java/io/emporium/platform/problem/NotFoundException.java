package io.emporium.platform.problem;

import java.util.Map;

/** The resource does not exist, or is not visible to the caller (404). */
public class NotFoundException extends ProblemException {

    public NotFoundException(String type, String detail) {
        super(type, detail, Map.of());
    }

    public NotFoundException(String type, String detail, Map<String, Object> properties) {
        super(type, detail, properties);
    }

    @Override
    public int status() {
        return 404;
    }
}
