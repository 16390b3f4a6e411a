package io.emporium.coordination;

/** ZooKeeper could not answer (no quorum, connection lost, timeout). */
public class CoordinationException extends RuntimeException {

    public CoordinationException(String message, Throwable cause) {
        super(message, cause);
    }
}
