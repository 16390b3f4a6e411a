package io.emporium.messaging;

import io.emporium.kernel.Page;
import io.emporium.kernel.PageRequest;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.NotFoundException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The deliveries of the outboxes in this process (with a broker, also those of the events its consuming services
 * received, kept in their own schemas), for admins: list them by state, and resubmit a
 * PARKED one (it becomes PENDING with its attempts reset, and the relay is told at once). There is
 * no skip: a parked delivery's effect is either made or its event is still waiting for it.
 */
public class EventDeliveries {

    /** Where a delivery stands. */
    @Schema(name = "EventDeliveryState")
    public enum State {
        /** Waiting for its attempt, for a retry, or for an earlier delivery of its aggregate. */
        PENDING,
        /** The subscription processed the event. */
        COMPLETED,
        /** It failed too often and is no longer retried; the later deliveries of its aggregate to its subscription wait for it. */
        PARKED
    }

    /** One event's delivery to one subscription; {@code source} is the publisher's schema. */
    @Schema(name = "EventDelivery")
    public record Delivery(UUID id, String source, String subscription, UUID eventId, String eventType, String aggregateId,
            State state, int attempts, @Schema(nullable = true) Instant nextAttemptAt, @Schema(nullable = true) String lastError,
            Instant occurredAt, @Schema(nullable = true) Instant parkedAt, @Schema(nullable = true) Instant completedAt,
            @Schema(nullable = true) Instant resubmittedAt) {
    }

    private static final String COLUMNS = "d.id, d.subscription, d.event_id, o.event_type, d.aggregate_id, d.state, d.attempts,"
            + " d.next_attempt_at, d.last_error, o.occurred_at, d.parked_at, d.completed_at, d.resubmitted_at, d.position";

    private final JdbcClient jdbc;
    private final List<String> schemas;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;

    public EventDeliveries(JdbcClient jdbc, List<OutboxSource> sources, Clock clock, ApplicationEventPublisher publisher) {
        this(sources.stream().map(OutboxSource::schema).distinct().toList(), jdbc, clock, publisher);
    }

    /** Over the deliveries kept in {@code schemas} (with a broker, the consumers' schemas hold those of received events). */
    public EventDeliveries(List<String> schemas, JdbcClient jdbc, Clock clock, ApplicationEventPublisher publisher) {
        this.jdbc = jdbc;
        this.schemas = List.copyOf(schemas);
        this.clock = clock;
        this.publisher = publisher;
    }

    /** The deliveries in {@code state}, across every outbox here: parked ones newest parked first, the others oldest first. */
    public Page<Delivery> list(State state, PageRequest page) {
        if (schemas.isEmpty()) {
            return new Page<>(List.of(), page.page(), page.size(), 0);
        }
        String union = schemas.stream().map(s -> "SELECT '" + s + "' AS source, " + COLUMNS + " FROM " + OutboxSchemas.table(s, "event_delivery")
                + " d JOIN " + OutboxSchemas.table(s, "outbox") + " o ON o.id = d.event_id WHERE d.state = :state")
                .collect(Collectors.joining(" UNION ALL "));
        String order = state == State.PARKED ? "parked_at DESC, id" : "occurred_at, position, id";
        List<Delivery> items = jdbc.sql("SELECT * FROM (" + union + ") x ORDER BY " + order + " LIMIT :limit OFFSET :offset")
                .param("state", state.name()).param("limit", page.size()).param("offset", page.offset())
                .query((rs, n) -> delivery(rs)).list();
        long total = jdbc.sql("SELECT count(*) FROM (" + union + ") x").param("state", state.name()).query(Long.class).single();
        return new Page<>(items, page.page(), page.size(), total);
    }

    public Optional<Delivery> find(UUID id) {
        for (String schema : schemas) {
            Optional<Delivery> found = jdbc.sql("SELECT '" + schema + "' AS source, " + COLUMNS + " FROM "
                            + OutboxSchemas.table(schema, "event_delivery") + " d JOIN " + OutboxSchemas.table(schema, "outbox")
                            + " o ON o.id = d.event_id WHERE d.id = :id")
                    .param("id", id).query((rs, n) -> delivery(rs)).optional();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * Makes a parked delivery PENDING again with its attempts reset; its aggregate's later deliveries
     * follow it once it succeeds. 404 when there is no such delivery, 409 when it is not parked.
     */
    public Delivery resubmit(UUID id) {
        Delivery delivery = find(id).orElseThrow(() -> new NotFoundException("event-delivery-not-found", "no event delivery " + id));
        int changed = jdbc.sql("UPDATE " + OutboxSchemas.table(delivery.source(), "event_delivery")
                        + " SET state = 'PENDING', attempts = 0, next_attempt_at = NULL, resubmitted_at = :now"
                        + " WHERE id = :id AND state = 'PARKED'")
                .param("now", clock.instant().atOffset(ZoneOffset.UTC)).param("id", id).update();
        if (changed == 0) {
            State now = find(id).map(Delivery::state).orElse(delivery.state());
            throw new ConflictException("event-delivery-not-parked", "only a parked delivery can be resubmitted; this one is " + now,
                    java.util.Map.of("state", now.name()));
        }
        publisher.publishEvent(new DeliveryDue(delivery.source()));
        return find(id).orElseThrow();
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        return new Delivery(rs.getObject("id", UUID.class), rs.getString("source"), rs.getString("subscription"),
                rs.getObject("event_id", UUID.class), rs.getString("event_type"), rs.getString("aggregate_id"),
                State.valueOf(rs.getString("state")), rs.getInt("attempts"), instant(rs, "next_attempt_at"), rs.getString("last_error"),
                instant(rs, "occurred_at"), instant(rs, "parked_at"), instant(rs, "completed_at"), instant(rs, "resubmitted_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
