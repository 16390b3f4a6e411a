package io.emporium.messaging;

import io.emporium.coordination.Fence;
import io.emporium.coordination.LeaderToken;
import io.emporium.coordination.LeadershipGate;
import io.emporium.coordination.StaleFencingTokenException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers outbox events to the subscriptions in this process, at least once and in order of
 * occurrence per outbox (an event that fails holds back the later ones of its outbox), on the
 * elected leader only. An event is marked published after every
 * subscription has processed it; a crash in between redelivers it and the inboxes drop the
 * repeat. A failing subscription is retried with exponential back-off (capped at a minute);
 * events are never dropped.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;

    private final List<OutboxSource> sources;
    private final List<EventSubscription<?>> subscriptions;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate newTransaction;
    private final LeadershipGate leadership;
    private final Fence fence;
    private final Clock clock;
    private final Duration pollInterval;
    private final boolean enabled;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile Thread worker;
    private volatile boolean running;

    public OutboxRelay(List<OutboxSource> sources, List<EventSubscription<?>> subscriptions, JdbcClient jdbc, JsonMapper json,
            PlatformTransactionManager transactions, LeadershipGate leadership, Fence fence, Clock clock, Duration pollInterval,
            boolean enabled) {
        this.fence = fence;
        this.sources = List.copyOf(sources);
        this.subscriptions = List.copyOf(subscriptions);
        this.jdbc = jdbc;
        this.json = json;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.leadership = leadership;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.enabled = enabled;
    }

    /** Asks the relay to look at the outboxes now rather than at its next poll. Never blocks. */
    public void wakeUp() {
        wakeUps.release();
    }

    @Override
    public void start() {
        if (!enabled || running) {
            return;
        }
        running = true;
        worker = Thread.ofPlatform().name("outbox-relay").daemon(true).start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the services (their schemas exist), stops before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private void run() {
        while (running) {
            try {
                int delivered = drain();
                if (delivered == 0 && wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("outbox relay pass failed; retrying: {}", e.toString());
                    sleepQuietly();
                }
            }
        }
    }

    /**
     * One pass over every outbox, as the leader (nothing otherwise); each delivery is fenced with
     * the leader's token, so a deposed leader's late delivery has no effect. Returns how many were delivered.
     */
    public int drain() {
        var token = leadership.fencingToken();
        if (token.isEmpty()) {
            return 0;
        }
        int delivered = 0;
        for (OutboxSource source : sources) {
            for (Pending event : due(source.schema())) {
                if ((!running && worker != null) || !leadership.isLeader()) {
                    return delivered; // stop at once when leadership is in doubt
                }
                if (!deliver(source.schema(), event, token.get())) {
                    break; // later events of this outbox wait for this one: delivery stays in order
                }
                delivered++;
            }
        }
        return delivered;
    }

    record Pending(UUID id, String type, String payload, int attempts, OffsetDateTime nextAttemptAt) {
    }

    /** The oldest undelivered events, oldest first, cut at the first one still backing off (to keep the order). */
    private List<Pending> due(String schema) {
        return jdbc.sql("SELECT id, event_type, payload::text, attempts, next_attempt_at FROM " + OutboxSchemas.table(schema, "outbox")
                        + " WHERE published_at IS NULL ORDER BY occurred_at, id LIMIT :limit")
                .param("limit", BATCH)
                .query((rs, n) -> new Pending(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getObject(5, OffsetDateTime.class)))
                .list().stream().takeWhile(p -> p.nextAttemptAt() == null || !p.nextAttemptAt().isAfter(now())).toList();
    }

    private boolean deliver(String schema, Pending pending, LeaderToken token) {
        try {
            Class<?> type = Class.forName(pending.type(), false, OutboxRelay.class.getClassLoader());
            Object event = json.readValue(pending.payload(), type);
            for (EventSubscription<?> subscription : subscriptions) {
                if (subscription.eventType().isAssignableFrom(type)) {
                    handle(subscription, pending.id(), event, token);
                }
            }
            jdbc.sql("UPDATE " + OutboxSchemas.table(schema, "outbox") + " SET published_at = :now WHERE id = :id")
                    .param("now", now()).param("id", pending.id()).update();
            return true;
        } catch (StaleFencingTokenException e) {
            log.info("no longer the relay's leader ({}); leaving {} to the new leader", e.getMessage(), pending.id());
            return false;
        } catch (ClassNotFoundException | RuntimeException e) {
            int attempts = pending.attempts() + 1;
            Duration backoff = Duration.ofMillis(Math.min(60_000, 100L << Math.min(attempts, 10)));
            log.warn("delivering {} {} failed (attempt {}), retrying in {} ms: {}", pending.type(), pending.id(), attempts,
                    backoff.toMillis(), e.toString());
            jdbc.sql("UPDATE " + OutboxSchemas.table(schema, "outbox")
                            + " SET attempts = :attempts, next_attempt_at = :next, last_error = :error WHERE id = :id")
                    .param("attempts", attempts).param("next", now().plus(backoff))
                    .param("error", String.valueOf(e.getMessage())).param("id", pending.id()).update();
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private <T> void handle(EventSubscription<T> subscription, UUID eventId, Object event, LeaderToken token) {
        newTransaction.executeWithoutResult(tx -> {
            fence.check(subscription.consumerSchema(), "outbox-relay", token);
            int first = jdbc.sql("INSERT INTO " + OutboxSchemas.table(subscription.consumerSchema(), "inbox")
                            + " (consumer, event_id, processed_at) VALUES (:consumer, :id, :now) ON CONFLICT DO NOTHING")
                    .param("consumer", subscription.name()).param("id", eventId).param("now", now()).update();
            if (first == 1) {
                subscription.handler().accept((T) event);
            }
        });
    }

    private OffsetDateTime now() {
        return Instant.now(clock).atOffset(ZoneOffset.UTC);
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(pollInterval.toMillis()); // back off after an infrastructure failure (database down)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
