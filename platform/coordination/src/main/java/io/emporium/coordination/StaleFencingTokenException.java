package io.emporium.coordination;

/** A write carried a fencing token older than one the resource has already seen: its holder lost the lock. */
public class StaleFencingTokenException extends IllegalStateException {

    private final String resource;
    private final long token;

    public StaleFencingTokenException(String resource, long token) {
        super("fencing token " + token + " for " + resource + " is stale: a newer holder has written");
        this.resource = resource;
        this.token = token;
    }

    public String resource() {
        return resource;
    }

    public long token() {
        return token;
    }
}
