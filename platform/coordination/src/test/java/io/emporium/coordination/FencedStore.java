package io.emporium.coordination;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** A real PostgreSQL with a fence table and one protected value, for the fault tests. */
final class FencedStore implements AutoCloseable {

    static final String SCHEMA = "locktest";

    private final EmbeddedPostgres postgres;
    final JdbcClient jdbc;
    final TransactionTemplate tx;
    final Fence fence;

    FencedStore() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DataSource ds = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(ds).schemas(SCHEMA).createSchemas(true).locations(Fence.MIGRATIONS).load().migrate();
        jdbc = JdbcClient.create(ds);
        jdbc.sql("CREATE TABLE locktest.protected (resource text PRIMARY KEY, value text, writes int NOT NULL DEFAULT 0)").update();
        // every accepted leader write, in fence order: the fence's row lock serialises fenced transactions of a
        // resource from their first statement to their commit, so ids are handed out in commit order
        jdbc.sql("CREATE TABLE locktest.leader_write (id bigserial PRIMARY KEY, token bigint NOT NULL, writer text NOT NULL)")
                .update();
        tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        fence = new Fence(jdbc);
    }

    /** The protected write: fenced by the handle's token, in one transaction with the business change. */
    void write(LockHandle handle, String value) {
        tx.executeWithoutResult(s -> {
            fence.check(SCHEMA, handle);
            jdbc.sql("INSERT INTO locktest.protected (resource, value, writes) VALUES (:r, :v, 1)"
                            + " ON CONFLICT (resource) DO UPDATE SET value = EXCLUDED.value, writes = protected.writes + 1")
                    .param("r", handle.resource()).param("v", value).update();
        });
    }

    /** A write that skips the lock's own validity check and relies on the database fence alone (a paused holder). */
    void writeWithToken(String resource, long token, String value) {
        tx.executeWithoutResult(s -> {
            fence.check(SCHEMA, resource, token);
            jdbc.sql("INSERT INTO locktest.protected (resource, value, writes) VALUES (:r, :v, 1)"
                            + " ON CONFLICT (resource) DO UPDATE SET value = EXCLUDED.value, writes = protected.writes + 1")
                    .param("r", resource).param("v", value).update();
        });
    }

    /** A leader job's unit of work: fenced by the leader token, then recorded in {@code leader_write}. */
    void writeAsLeader(LeaderToken token, String job, String writer) {
        tx.executeWithoutResult(s -> {
            fence.check(SCHEMA, job, token);
            jdbc.sql("INSERT INTO locktest.leader_write (token, writer) VALUES (:t, :w)").param("t", token.value())
                    .param("w", writer).update();
        });
    }

    /** The accepted leader writes as (token, writer), in the order they committed. */
    java.util.List<java.util.Map.Entry<Long, String>> leaderWrites() {
        return jdbc.sql("SELECT token, writer FROM locktest.leader_write ORDER BY id")
                .query((rs, n) -> java.util.Map.entry(rs.getLong("token"), rs.getString("writer"))).list();
    }

    String value(String resource) {
        return jdbc.sql("SELECT value FROM locktest.protected WHERE resource = :r").param("r", resource)
                .query(String.class).optional().orElse(null);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
