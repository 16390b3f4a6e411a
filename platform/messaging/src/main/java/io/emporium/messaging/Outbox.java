package io.emporium.messaging;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes integration events to the publishing service's own outbox table, in the caller's
 * transaction: the event exists if and only if the state change committed. The relay delivers
 * it afterwards, at least once.
 */
public class Outbox {

    /** The Flyway location of the outbox and inbox tables, for {@code ServiceSchema.migrate(ds, schema, Outbox.MIGRATIONS)}. */
    public static final String MIGRATIONS = "classpath:db/migration/messaging";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final OutboxRelay relay;

    public Outbox(JdbcClient jdbc, JsonMapper json, Clock clock, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.relay = relay;
    }

    /** Appends {@code event} to {@code schema}.outbox; must run inside the transaction of the change it reports. */
    public UUID append(String schema, Object event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("an event must be written in the transaction of the change it reports");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO " + OutboxSchemas.table(schema, "outbox")
                        + " (id, event_type, payload, occurred_at) VALUES (:id, :type, CAST(:payload AS jsonb), :at)")
                .param("id", id).param("type", event.getClass().getName())
                .param("payload", json.writeValueAsString(event)).param("at", clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
        return id;
    }

    /**
     * Appends many events in one statement (a batch's worth), in the caller's transaction; they
     * share one occurrence time, so the relay delivers them in no particular order among themselves.
     */
    public List<UUID> appendAll(String schema, List<?> events) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("an event must be written in the transaction of the change it reports");
        }
        if (events.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = events.stream().map(e -> UUID.randomUUID()).toList();
        jdbc.sql("INSERT INTO " + OutboxSchemas.table(schema, "outbox") + " (id, event_type, payload, occurred_at)"
                        + " SELECT i, t, CAST(p AS jsonb), :at FROM unnest(CAST(:ids AS uuid[]), CAST(:types AS text[]),"
                        + " CAST(:payloads AS text[])) AS e(i, t, p)")
                .param("ids", ids.toArray(UUID[]::new))
                .param("types", events.stream().map(e -> e.getClass().getName()).toArray(String[]::new))
                .param("payloads", events.stream().map(json::writeValueAsString).toArray(String[]::new))
                .param("at", clock.instant().atOffset(ZoneOffset.UTC)).update();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
        return ids;
    }
}
