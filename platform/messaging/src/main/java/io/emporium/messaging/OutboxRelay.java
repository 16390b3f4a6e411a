package io.emporium.messaging;

import io.emporium.coordination.LeaderToken;
import io.emporium.coordination.LeadershipGate;
import io.emporium.coordination.StaleFencingTokenException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers outbox events to their subscriptions, at least once, in two steps per pass and outbox, each outbox
 * only while this process leads the election of its service ({@code LeadershipGates}: one per schema, so the
 * outboxes of services led elsewhere are left to their leaders):
 * <ol>
 * <li><b>Fan-out.</b> Each new outbox event becomes one {@code event_delivery} row per subscription of
 * its type (in the publisher's schema, in one transaction with marking the event published).</li>
 * <li><b>Delivery.</b> Every due delivery goes through the {@link EventTransport}, independently of
 * the others. A delivery waits only for the earlier deliveries of the same aggregate to the same
 * subscription (order per aggregate); nothing else holds it back. A failed delivery is retried with
 * exponential back-off (0.2 s doubling, capped at a minute); after {@code maxAttempts} failures it is
 * PARKED and no longer retried, and the later deliveries of its aggregate to that subscription stay
 * held behind it until an admin resubmits it ({@link EventDeliveries#resubmit}).</li>
 * </ol>
 * A crash between a handler's commit and the delivery's completion delivers it again; the inbox drops
 * the repeat. Nothing here depends on the {@link Outbox}: it learns of new events from a
 * {@link DeliveryDue} application event or its poll.
 *
 * <p>A {@link DeliveryDue} names the schema whose outbox got an event; the pass it wakes looks at that
 * schema only (and again while a pass there delivers), and only when a subscription here takes one of the
 * announced events. Every other outbox, events no subscription here takes, deliveries backing off and
 * events written by other processes wait for the full pass over every schema, once per poll interval. A
 * checkout commits in five schemas and appends an OrderPlaced per order that nothing in this process
 * subscribes to; a pass at each of those commits cost a request on two CPUs several milliseconds in
 * queries that found nothing to deliver.
 */
public class OutboxRelay implements SmartLifecycle, ApplicationListener<PayloadApplicationEvent<DeliveryDue>> {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;

    private final List<String> schemas;
    private final Map<String, EventSubscription<?>> subscriptions = new LinkedHashMap<>();
    private final String[] subscriptionNames;
    private final EventTransport transport;
    /** Null in one process: every subscription is here, and the relay delivers every event itself. */
    private final EventBroker broker;
    /** Per publishing schema: since when its publishing has failed (null: it has not), so that it is logged once. */
    private final Map<String, Instant> unpublishable = new ConcurrentHashMap<>();
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    /** Per outbox (schema): the election of the service it belongs to. */
    private final Map<String, LeadershipGate> leadership = new LinkedHashMap<>();
    private final Clock clock;
    private final Duration pollInterval;
    private final int maxAttempts;
    private final boolean enabled;
    private final Semaphore wakeUps = new Semaphore(0);
    /** Schemas announced since the relay last looked at them. */
    private final Set<String> announced = ConcurrentHashMap.newKeySet();
    /** Per event type: whether a subscription here takes it. */
    private final Map<String, Boolean> wanted = new ConcurrentHashMap<>();
    private volatile Thread worker;
    private volatile boolean running;

    /** A relay of one process that delivers every event itself (no broker). */
    public OutboxRelay(List<OutboxSource> sources, List<EventSubscription<?>> subscriptions, EventTransport transport,
            JdbcClient jdbc, PlatformTransactionManager transactions, java.util.function.Function<String, LeadershipGate> leadership,
            Clock clock, Duration pollInterval, int maxAttempts, boolean enabled) {
        this(sources, subscriptions, transport, null, jdbc, transactions, leadership, clock, pollInterval, maxAttempts, enabled);
    }

    /**
     * With a {@code broker} (null: none), the services' own events are published to it rather than delivered
     * here, and the events the consuming services here received from it ({@link KafkaEventIngest}) are fanned out
     * and delivered in the consumers' schemas, each by the leader of its consumer's election.
     */
    public OutboxRelay(List<OutboxSource> sources, List<EventSubscription<?>> subscriptions, EventTransport transport,
            EventBroker broker, JdbcClient jdbc, PlatformTransactionManager transactions,
            java.util.function.Function<String, LeadershipGate> leadership, Clock clock, Duration pollInterval, int maxAttempts,
            boolean enabled) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("emporium.messaging.max-attempts must be at least 1");
        }
        this.broker = broker;
        this.schemas = relayedSchemas(sources, subscriptions, broker != null);
        for (EventSubscription<?> subscription : subscriptions) {
            if (this.subscriptions.put(subscription.name(), subscription) != null) {
                throw new IllegalArgumentException("two subscriptions are named " + subscription.name());
            }
        }
        this.subscriptionNames = this.subscriptions.keySet().toArray(String[]::new);
        this.transport = transport;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        for (String schema : schemas) {
            this.leadership.put(schema, leadership.apply(schema));
        }
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.maxAttempts = maxAttempts;
        this.enabled = enabled;
    }

    /**
     * The schemas this relay looks at: every outbox; with a broker also every consumer's schema, where the events it
     * received wait to be delivered.
     */
    static List<String> relayedSchemas(List<OutboxSource> sources, List<EventSubscription<?>> subscriptions, boolean broker) {
        var schemas = new java.util.LinkedHashSet<String>();
        sources.forEach(source -> schemas.add(source.schema()));
        if (broker) {
            subscriptions.forEach(subscription -> schemas.add(subscription.consumerSchema()));
        }
        return List.copyOf(schemas);
    }

    /** Whether a subscription here takes events of the type named (true when the type is not known here). */
    private boolean subscribed(String eventType) {
        return wanted.computeIfAbsent(eventType, name -> {
            Class<?> type;
            try {
                type = eventClass(name);
            } catch (IllegalStateException e) {
                return true; // the pass decides what to do with it
            }
            return subscriptions.values().stream().anyMatch(s -> s.eventType().isAssignableFrom(type));
        });
    }

    /** Asks the relay to look at every outbox now rather than at its next poll. Never blocks. */
    public void wakeUp() {
        announced.addAll(schemas);
        wakeUps.release();
    }

    /**
     * An event was committed to one schema's outbox: the relay looks at that schema now, if a subscription
     * here wants one of the events (or their types are not named). An event nobody here subscribes to waits
     * for the full pass, which marks it published: a checkout's OrderPlaced need not cost a pass of its own
     * while the checkout's request still runs.
     */
    @Override
    public void onApplicationEvent(PayloadApplicationEvent<DeliveryDue> event) {
        DeliveryDue due = event.getPayload();
        String schema = due.schema();
        if (broker == null && !due.eventTypes().isEmpty() && due.eventTypes().stream().noneMatch(this::subscribed)) {
            return; // with a broker every event of ours is published, whoever takes it
        }
        if (schemas.contains(schema)) {
            announced.add(schema);
        } else {
            announced.addAll(schemas); // not one of ours by that name: look everywhere
        }
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
        long nextFullPass = System.nanoTime();
        Set<String> busy = Set.of(); // schemas whose last pass found work: looked at again at once
        while (running) {
            try {
                List<String> pass;
                if (System.nanoTime() - nextFullPass >= 0) {
                    nextFullPass = System.nanoTime() + pollInterval.toNanos();
                    announced.clear();
                    pass = schemas;
                } else {
                    Set<String> wanted = new HashSet<>(busy);
                    for (String schema : schemas) {
                        if (announced.remove(schema)) {
                            wanted.add(schema);
                        }
                    }
                    pass = schemas.stream().filter(wanted::contains).toList();
                }
                busy = drain(pass);
                if (busy.isEmpty() && announced.isEmpty()) {
                    long untilFullPass = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextFullPass - System.nanoTime()));
                    if (wakeUps.tryAcquire(untilFullPass, TimeUnit.MILLISECONDS)) {
                        wakeUps.drainPermits();
                    }
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
     * One pass over every outbox, as the leader (nothing otherwise): fans new events out, then makes
     * one attempt at each due delivery. Each delivery is fenced with the leader's token, so a deposed
     * leader's late delivery has no effect. Returns how many events were fanned out plus how many
     * deliveries were attempted (0: nothing was due).
     */
    public int drain() {
        int done = 0;
        for (String schema : schemas) {
            var token = leadership.get(schema).fencingToken();
            if (token.isEmpty()) {
                continue; // another process relays this outbox
            }
            done += fanOut(schema);
            int attempted = deliverDue(schema, token.get());
            if (attempted < 0) {
                continue; // leadership of this outbox is in doubt: leave it at once
            }
            done += attempted;
        }
        return done;
    }

    /** A pass over the given schemas; returns those where it found work (there may be more). */
    private Set<String> drain(List<String> pass) {
        Set<String> busy = new HashSet<>();
        for (String schema : pass) {
            var token = leadership.get(schema).fencingToken();
            if (token.isEmpty()) {
                continue; // another process relays this outbox
            }
            int fannedOut = fanOut(schema);
            int attempted = deliverDue(schema, token.get());
            // again at once when there may be more: a full batch, or a delivery done that may have been holding
            // back a later one of its aggregate (events that arrive meanwhile announce themselves)
            if (fannedOut >= BATCH || attempted > 0) {
                busy.add(schema);
            }
            if (attempted < 0) {
                busy.remove(schema); // leadership of this outbox is in doubt: leave it at once
            }
        }
        return busy;
    }

    /**
     * Without a broker: turns up to a batch of unpublished events into their deliveries to the subscriptions here.
     * With one: publishes up to a batch of the schema's own events to it, and turns up to a batch of the events it
     * received into their deliveries to the subscriptions of this schema. Returns how many events it took.
     */
    private int fanOut(String schema) {
        if (broker == null) {
            return fanOut(schema, "", subscriptions.values());
        }
        List<EventSubscription<?>> consumers = subscriptions.values().stream()
                .filter(subscription -> subscription.consumerSchema().equals(schema)).toList();
        return publish(schema, consumers) + (consumers.isEmpty() ? 0 : fanOut(schema, " AND received_from IS NOT NULL", consumers));
    }

    /**
     * Publishes up to a batch of the schema's own unpublished events to the broker, then fans them out to the
     * subscriptions of this same schema ({@code consumers}); returns how many it published.
     */
    private int publish(String schema, List<EventSubscription<?>> consumers) {
        List<OutboxEvent> own = jdbc.sql("SELECT id, aggregate_id, event_type, payload::text, occurred_at FROM "
                        + OutboxSchemas.table(schema, "outbox") + " WHERE published_at IS NULL AND received_from IS NULL"
                        + " AND (next_attempt_at IS NULL OR next_attempt_at <= :now) ORDER BY position LIMIT :limit")
                .param("now", now()).param("limit", BATCH)
                .query((rs, n) -> new OutboxEvent(rs.getObject(1, UUID.class), schema, rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant()))
                .list();
        if (own.isEmpty()) {
            return 0;
        }
        try {
            // outside any transaction: only this schema's leader publishes, and a repeat after a crash is dropped by id
            broker.publish(schema, own);
        } catch (EventBroker.EventBrokerUnavailable e) {
            if (unpublishable.putIfAbsent(schema, clock.instant()) == null) {
                log.warn("cannot publish the events of {} to the broker; they wait in the outbox: {}", schema, e.getMessage());
            }
            return 0;
        }
        if (unpublishable.remove(schema) != null) {
            log.info("publishing the events of {} to the broker again", schema);
        }
        // the subscriptions of the publishing service itself take its events from here, not from the broker: the copy
        // its own group receives finds this row and is dropped
        transaction.executeWithoutResult(tx -> fannedOut(schema, own, consumers));
        return own.size();
    }

    private int fanOut(String schema, String which, java.util.Collection<EventSubscription<?>> takers) {
        Integer taken = transaction.execute(tx -> {
            List<OutboxEvent> fresh = jdbc.sql("SELECT id, aggregate_id, event_type, payload::text, occurred_at FROM "
                            + OutboxSchemas.table(schema, "outbox") + " WHERE published_at IS NULL" + which
                            + " AND (next_attempt_at IS NULL OR next_attempt_at <= :now) ORDER BY position LIMIT :limit FOR UPDATE SKIP LOCKED")
                    .param("now", now()).param("limit", BATCH)
                    .query((rs, n) -> new OutboxEvent(rs.getObject(1, UUID.class), schema, rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant()))
                    .list();
            fannedOut(schema, fresh, takers);
            return fresh.size();
        });
        return taken == null ? 0 : taken;
    }

    /**
     * In the caller's transaction: one delivery per event and subscription among {@code takers} that takes it, and
     * the events marked published, in a few statements for the whole batch (not a few per event). An event whose
     * type is not known here stays unpublished, looked at again a minute later.
     */
    private void fannedOut(String schema, List<OutboxEvent> events, java.util.Collection<EventSubscription<?>> takers) {
        List<UUID> fannedOut = new ArrayList<>();
        List<UUID> deliveryEvents = new ArrayList<>();
        List<String> deliverySubscriptions = new ArrayList<>();
        for (OutboxEvent event : events) {
            Class<?> type;
            try {
                type = eventClass(event.type());
            } catch (IllegalStateException e) {
                // no subscription here can tell whether it wants it; keep it and look again later
                log.warn("cannot fan out {} {}: {}", event.type(), event.id(), e.getMessage());
                jdbc.sql("UPDATE " + OutboxSchemas.table(schema, "outbox") + " SET attempts = attempts + 1,"
                                + " next_attempt_at = :next, last_error = :error WHERE id = :id")
                        .param("next", now().plusMinutes(1)).param("error", e.getMessage()).param("id", event.id()).update();
                continue;
            }
            fannedOut.add(event.id());
            for (EventSubscription<?> subscription : takers) {
                if (subscription.eventType().isAssignableFrom(type)) {
                    deliveryEvents.add(event.id());
                    deliverySubscriptions.add(subscription.name());
                }
            }
        }
        if (!deliveryEvents.isEmpty()) {
            jdbc.sql("INSERT INTO " + OutboxSchemas.table(schema, "event_delivery")
                            + " (id, event_id, subscription, aggregate_id, position, state, created_at)"
                            + " SELECT gen_random_uuid(), o.id, d.subscription, o.aggregate_id, o.position, 'PENDING', :now"
                            + " FROM unnest(CAST(:events AS uuid[]), CAST(:subscriptions AS text[])) AS d(event_id, subscription)"
                            + " JOIN " + OutboxSchemas.table(schema, "outbox") + " o ON o.id = d.event_id"
                            + " ON CONFLICT (event_id, subscription) DO NOTHING")
                    .param("now", now()).param("events", deliveryEvents.toArray(UUID[]::new))
                    .param("subscriptions", deliverySubscriptions.toArray(String[]::new)).update();
        }
        if (!fannedOut.isEmpty()) {
            jdbc.sql("UPDATE " + OutboxSchemas.table(schema, "outbox") + " SET published_at = :now WHERE id = ANY(CAST(:ids AS uuid[]))")
                    .param("now", now()).param("ids", fannedOut.toArray(UUID[]::new)).update();
        }
    }

    record Due(UUID id, String subscription, int attempts, OutboxEvent event) {
    }

    /**
     * One attempt at each due delivery, oldest first: pending, not backing off, and with no earlier
     * unfinished (pending or parked) delivery of its aggregate to its subscription. Returns how many
     * it attempted, or -1 when it stopped because leadership is in doubt.
     */
    private int deliverDue(String schema, LeaderToken token) {
        if (subscriptionNames.length == 0) {
            return 0;
        }
        String deliveries = OutboxSchemas.table(schema, "event_delivery");
        List<Due> due = jdbc.sql("SELECT d.id, d.subscription, d.attempts, o.id, o.aggregate_id, o.event_type, o.payload::text,"
                        + " o.occurred_at FROM " + deliveries + " d JOIN " + OutboxSchemas.table(schema, "outbox") + " o ON o.id = d.event_id"
                        + " WHERE d.state = 'PENDING' AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= :now)"
                        + " AND d.subscription = ANY(:subscriptions)"
                        + " AND NOT EXISTS (SELECT 1 FROM " + deliveries + " e WHERE e.subscription = d.subscription"
                        + " AND e.aggregate_id = d.aggregate_id AND e.position < d.position AND e.state <> 'COMPLETED')"
                        + " ORDER BY d.position LIMIT :limit")
                .param("now", now()).param("subscriptions", subscriptionNames).param("limit", BATCH)
                .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                        new OutboxEvent(rs.getObject(4, UUID.class), schema, rs.getString(5), rs.getString(6), rs.getString(7),
                                rs.getObject(8, OffsetDateTime.class).toInstant())))
                .list();
        int attempted = 0;
        for (Due delivery : due) {
            if ((!running && worker != null) || !leadership.get(schema).isLeader()) {
                return -1;
            }
            try {
                transport.deliver(subscriptions.get(delivery.subscription()), delivery.event(), token);
            } catch (StaleFencingTokenException e) {
                log.info("no longer the relay's leader ({}); leaving {} to the new leader", e.getMessage(), delivery.id());
                return -1;
            } catch (RuntimeException e) {
                failed(deliveries, delivery, e);
                attempted++;
                continue;
            }
            jdbc.sql("UPDATE " + deliveries + " SET state = 'COMPLETED', completed_at = :now WHERE id = :id AND state = 'PENDING'")
                    .param("now", now()).param("id", delivery.id()).update();
            attempted++;
        }
        return attempted;
    }

    private void failed(String deliveries, Due delivery, RuntimeException e) {
        int attempts = delivery.attempts() + 1;
        String error = e.getClass().getName() + ": " + e.getMessage();
        if (attempts >= maxAttempts) {
            log.error("delivering {} {} to {} failed {} times; parked (an admin can resubmit it): {}", delivery.event().type(),
                    delivery.event().id(), delivery.subscription(), attempts, e.toString());
            jdbc.sql("UPDATE " + deliveries + " SET state = 'PARKED', attempts = :attempts, next_attempt_at = NULL,"
                            + " parked_at = :now, last_error = :error WHERE id = :id AND state = 'PENDING'")
                    .param("attempts", attempts).param("now", now()).param("error", error).param("id", delivery.id()).update();
            return;
        }
        Duration backoff = Duration.ofMillis(Math.min(60_000, 100L << Math.min(attempts, 10)));
        log.warn("delivering {} {} to {} failed (attempt {} of {}), retrying in {} ms: {}", delivery.event().type(),
                delivery.event().id(), delivery.subscription(), attempts, maxAttempts, backoff.toMillis(), e.toString());
        jdbc.sql("UPDATE " + deliveries + " SET attempts = :attempts, next_attempt_at = :next, last_error = :error"
                        + " WHERE id = :id AND state = 'PENDING'")
                .param("attempts", attempts).param("next", now().plus(backoff)).param("error", error).param("id", delivery.id())
                .update();
    }

    static Class<?> eventClass(String name) {
        try {
            return Class.forName(name, false, OutboxRelay.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("unknown event type " + name, e);
        }
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
