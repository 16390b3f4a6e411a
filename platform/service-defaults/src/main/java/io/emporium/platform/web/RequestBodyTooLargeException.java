package io.emporium.platform.web;

import java.io.IOException;

/** Thrown while reading a request body that grows past the limit; answered with 413. */
public class RequestBodyTooLargeException extends IOException {

    private final long limit;

    public RequestBodyTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
