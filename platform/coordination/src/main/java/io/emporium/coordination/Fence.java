package io.emporium.coordination;

import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The database side of a fenced lock. {@link #check} runs inside the transaction of the write it
 * protects: it records the token as the resource's highest if it is at least as high as any seen,
 * and otherwise throws, so the transaction rolls back and the stale holder's write changes nothing.
 * The upsert also locks the resource's row until commit, so fenced writes to one resource commit
 * in token order. What the fence cannot protect: writes that skip it, and effects outside this
 * database (a call to another service, an e-mail) made by a holder that has lost the lock.
 */
public class Fence {

    /** Flyway location of the fence table, applied into each schema that uses fencing. */
    public static final String MIGRATIONS = "classpath:db/migration/fence";
    private static final Pattern SCHEMA = Pattern.compile("[a-z][a-z0-9_]{0,30}");

    private final JdbcClient jdbc;

    public Fence(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void check(String schema, String resource, long token) {
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a schema name: " + schema);
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a fenced write must run in the transaction of the write it protects");
        }
        int accepted = jdbc.sql("INSERT INTO " + schema + ".fence (resource, token) VALUES (:r, :t)"
                        + " ON CONFLICT (resource) DO UPDATE SET token = EXCLUDED.token, updated_at = now()"
                        + " WHERE " + schema + ".fence.token <= EXCLUDED.token")
                .param("r", resource).param("t", token).update();
        if (accepted != 1) {
            throw new StaleFencingTokenException(resource, token);
        }
    }

    /** Fences one job's write with the token of its election's leader. */
    public void check(String schema, String job, LeaderToken token) {
        check(schema, token.resource(job), token.value());
    }

    /** Passes if the lock is still valid, then checks the token: the full guard for a protected write. */
    public void check(String schema, LockHandle handle) {
        handle.requireValid();
        check(schema, handle.resource(), handle.fencingToken());
    }
}
