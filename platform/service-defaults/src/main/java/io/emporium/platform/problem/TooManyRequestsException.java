package io.emporium.platform.problem;

import java.util.Map;

/** A rate limit was hit (429); the answer carries Retry-After with the seconds to wait. */
public class TooManyRequestsException extends ProblemException {

    public TooManyRequestsException(String type, String detail, int retryAfterSeconds) {
        super(type, detail, Map.of("retryAfterSeconds", Math.max(1, retryAfterSeconds)));
    }

    @Override
    public int status() {
        return 429;
    }
}
