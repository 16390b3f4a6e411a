package io.emporium.coordination;

/** The lock is no longer ours (lease over, session lost or suspended, or released): stop the protected work. */
public class LockLostException extends IllegalStateException {

    public LockLostException(String resource, String why) {
        super("the lock on " + resource + " is lost: " + why);
    }
}
