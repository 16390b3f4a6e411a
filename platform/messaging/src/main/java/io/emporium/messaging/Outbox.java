package io.emporium.messaging;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes integration events to the publishing service's own outbox table, in the caller's
 * transaction: the event exists if and only if the state change committed. The relay delivers
 * it afterwards, at least once to each subscription, in order per aggregate. After the commit the
 * outbox publishes a {@link DeliveryDue} application event naming the events' types, so the relay
 * need not wait for its poll; the outbox knows nothing of the relay.
 */
public class Outbox {

    /** The Flyway location of the outbox, delivery and inbox tables, for {@code ServiceSchema.migrate(ds, schema, Outbox.MIGRATIONS)}. */
    public static final String MIGRATIONS = "classpath:db/migration/messaging";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;

    public Outbox(JdbcClient jdbc, JsonMapper json, Clock clock, ApplicationEventPublisher publisher) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.publisher = publisher;
    }

    /**
     * Appends {@code event}, which is about the aggregate {@code aggregateId} (an order's id, a payment's id, ...),
     * to {@code schema}.outbox; must run inside the transaction of the change it reports. Each subscription
     * gets the events of one aggregate in the order they were appended: that order is the order of commits
     * because the transaction that changes an aggregate holds its row lock until it commits.
     */
    public UUID append(String schema, String aggregateId, Object event) {
        requireTransaction();
        Objects.requireNonNull(aggregateId, "aggregateId");
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO " + OutboxSchemas.table(schema, "outbox")
                        + " (id, aggregate_id, event_type, payload, occurred_at) VALUES (:id, :aggregate, :type, CAST(:payload AS jsonb), :at)")
                .param("id", id).param("aggregate", aggregateId).param("type", event.getClass().getName())
                .param("payload", json.writeValueAsString(event)).param("at", clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        announceAfterCommit(schema, Set.of(event.getClass().getName()));
        return id;
    }

    /**
     * Appends many events in one statement (a batch's worth), in the caller's transaction, each about
     * the aggregate {@code aggregateId} gives it; events of one aggregate are delivered in list order.
     */
    public <T> List<UUID> appendAll(String schema, List<T> events, Function<? super T, String> aggregateId) {
        requireTransaction();
        if (events.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = events.stream().map(e -> UUID.randomUUID()).toList();
        // WITH ORDINALITY keeps the list order, so the positions the sequence hands out follow it
        jdbc.sql("INSERT INTO " + OutboxSchemas.table(schema, "outbox") + " (id, aggregate_id, event_type, payload, occurred_at)"
                        + " SELECT i, a, t, CAST(p AS jsonb), :at FROM unnest(CAST(:ids AS uuid[]), CAST(:aggregates AS text[]),"
                        + " CAST(:types AS text[]), CAST(:payloads AS text[])) WITH ORDINALITY AS e(i, a, t, p, n) ORDER BY n")
                .param("ids", ids.toArray(UUID[]::new))
                .param("aggregates", events.stream().map(e -> Objects.requireNonNull(aggregateId.apply(e), "aggregateId"))
                        .toArray(String[]::new))
                .param("types", events.stream().map(e -> e.getClass().getName()).toArray(String[]::new))
                .param("payloads", events.stream().map(json::writeValueAsString).toArray(String[]::new))
                .param("at", clock.instant().atOffset(ZoneOffset.UTC)).update();
        announceAfterCommit(schema, events.stream().map(e -> e.getClass().getName()).collect(Collectors.toSet()));
        return ids;
    }

    private static void requireTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("an event must be written in the transaction of the change it reports");
        }
    }

    private void announceAfterCommit(String schema, Set<String> eventTypes) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                publisher.publishEvent(new DeliveryDue(schema, eventTypes));
            }
        });
    }
}
