package io.emporium.platform.problem;

import java.util.Map;

/** A service this request needs cannot be reached; try again later (503). */
public class ServiceUnavailableException extends ProblemException {

    public ServiceUnavailableException(String type, String detail) {
        super(type, detail, Map.of());
    }

    public ServiceUnavailableException(String type, String detail, Map<String, Object> properties) {
        super(type, detail, properties);
    }

    @Override
    public int status() {
        return 503;
    }
}
