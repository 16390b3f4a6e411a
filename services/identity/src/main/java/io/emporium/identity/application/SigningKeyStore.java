package io.emporium.identity.application;

import com.nimbusds.jose.jwk.RSAKey;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Where identity keeps the keys that sign access tokens (its own schema). */
public interface SigningKeyStore {

    /** A key that signs access tokens from {@code signsFrom} on, until a newer one does. */
    record StoredKey(RSAKey key, Instant createdAt, Instant signsFrom) {
        public String kid() {
            return key.getKeyID();
        }
    }

    /** Every key kept, oldest first. */
    List<StoredKey> keys();

    /**
     * Under a lock that every identity instance takes: shows {@code decide} the keys kept (oldest first), inserts
     * the key it returns (if any), and forgets the keys that {@code forget} says are no longer needed. Returns what
     * was inserted, or null. Two instances that decide at once decide one after the other.
     */
    StoredKey change(Function<List<StoredKey>, StoredKey> decide, java.util.function.BiPredicate<StoredKey, List<StoredKey>> forget);
}
