package io.emporium.messaging;

import static org.awaitility.Awaitility.await;

import io.emporium.coordination.Fence;
import io.emporium.coordination.LeadershipGate;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real PostgreSQL and ZooKeeper for the relay's tests: each test gets a publisher schema and a
 * consumer schema of its own, migrated as the services migrate theirs, and a clock it moves by hand
 * (back-off is waited out by moving the clock, never by sleeping).
 */
final class MessagingStore implements AutoCloseable {

    /** The test's event: the {@code seq}-th fact about {@code aggregate}. */
    record Noted(String aggregate, int seq) {
    }

    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private final EmbeddedPostgres postgres;
    private final TestingServer zooKeeper;
    private final CuratorFramework curator;
    final DataSource dataSource;
    final JdbcClient jdbc;
    final DataSourceTransactionManager transactions;
    final TransactionTemplate tx;
    final JsonMapper json = JsonMapper.builder().build();
    final LeadershipGate leadership;
    final MovableClock clock = new MovableClock();

    MessagingStore() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        dataSource = postgres.getPostgresDatabase();
        jdbc = JdbcClient.create(dataSource);
        transactions = new DataSourceTransactionManager(dataSource);
        tx = new TransactionTemplate(transactions);
        zooKeeper = new TestingServer(true);
        curator = CuratorFrameworkFactory.builder().connectString(zooKeeper.getConnectString()).retryPolicy(new RetryOneTime(100))
                .build();
        curator.start();
        leadership = new LeadershipGate(curator, "test", "relay-test");
        leadership.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> leadership.fencingToken().isPresent());
    }

    /** A fresh pair of schemas: the publisher's (outbox, deliveries) and the consumer's (inbox, fence, effect). */
    Schemas schemas() {
        int n = SCHEMAS.incrementAndGet();
        Schemas s = new Schemas("pub" + n, "con" + n);
        migrate(s.publisher(), null);
        migrate(s.consumer(), null);
        jdbc.sql("CREATE TABLE " + s.consumer() + ".effect (n bigserial PRIMARY KEY, subscription text NOT NULL,"
                + " aggregate text NOT NULL, seq int NOT NULL)").update();
        return s;
    }

    /** Migrates {@code schema} as {@code ServiceSchema.migrate} does, up to {@code target} (null: all). */
    void migrate(String schema, String target) {
        var config = Flyway.configure().dataSource(dataSource).schemas(schema).createSchemas(true)
                .locations(Outbox.MIGRATIONS, Fence.MIGRATIONS).outOfOrder(true);
        if (target != null) {
            config.target(target);
        }
        config.load().migrate();
    }

    record Schemas(String publisher, String consumer) {
    }

    /**
     * A subscription to {@link Noted} that records its effect in the consumer's schema, and fails
     * (throws) for every event in {@code poison}, given as {@code "aggregate:seq"}.
     */
    EventSubscription<Noted> subscription(String name, Schemas s, Set<String> poison) {
        return new EventSubscription<>(name, s.consumer(), Noted.class, e -> {
            jdbc.sql("INSERT INTO " + s.consumer() + ".effect (subscription, aggregate, seq) VALUES (:s, :a, :q)")
                    .param("s", name).param("a", e.aggregate()).param("q", e.seq()).update();
            if (poison.contains(e.aggregate() + ":" + e.seq())) {
                throw new IllegalStateException("poison " + e.aggregate() + ":" + e.seq());
            }
        });
    }

    static Set<String> poison() {
        return ConcurrentHashMap.newKeySet();
    }

    Outbox outbox(List<DeliveryDue> announced) {
        return new Outbox(jdbc, json, clock, event -> announced.add((DeliveryDue) event));
    }

    OutboxRelay relay(Schemas s, int maxAttempts, List<EventSubscription<?>> subscriptions) {
        return new OutboxRelay(List.of(new OutboxSource(s.publisher())), subscriptions,
                new InProcessTransport(jdbc, json, transactions, new Fence(jdbc), clock), jdbc, transactions, schema -> leadership, clock,
                Duration.ofMillis(50), maxAttempts, true);
    }

    /** A relay over several publishers' outboxes, each led (or not) by the election {@code leadership} names for it. */
    OutboxRelay relay(List<Schemas> publishers, java.util.function.Function<String, LeadershipGate> leadership,
            List<EventSubscription<?>> subscriptions) {
        return new OutboxRelay(publishers.stream().map(s -> new OutboxSource(s.publisher())).toList(), subscriptions,
                new InProcessTransport(jdbc, json, transactions, new Fence(jdbc), clock), jdbc, transactions, leadership, clock,
                Duration.ofMillis(50), 10, true);
    }

    /** An election this process never joins: it never leads (another process's service, as seen from here). */
    LeadershipGate ledElsewhere() {
        return new LeadershipGate(curator, "elsewhere", "never-started");
    }

    /** A relay over several publishers' outboxes that makes its full pass only once per {@code pollInterval}. */
    OutboxRelay relay(List<Schemas> publishers, Duration pollInterval, List<EventSubscription<?>> subscriptions) {
        return new OutboxRelay(publishers.stream().map(s -> new OutboxSource(s.publisher())).toList(), subscriptions,
                new InProcessTransport(jdbc, json, transactions, new Fence(jdbc), clock), jdbc, transactions, schema -> leadership, clock,
                pollInterval, 10, true);
    }

    /** An outbox that announces its commits to {@code relay}, as the application event does in the platform. */
    Outbox outboxAnnouncingTo(OutboxRelay relay) {
        return new Outbox(jdbc, json, clock,
                event -> relay.onApplicationEvent(new org.springframework.context.PayloadApplicationEvent<>(this, (DeliveryDue) event)));
    }

    EventDeliveries deliveries(Schemas s, List<DeliveryDue> announced) {
        return new EventDeliveries(jdbc, List.of(new OutboxSource(s.publisher())), clock, event -> announced.add((DeliveryDue) event));
    }

    /** Appends the events, in order, in one committed transaction. */
    void append(Outbox outbox, Schemas s, Noted... events) {
        tx.executeWithoutResult(t -> {
            for (Noted e : events) {
                outbox.append(s.publisher(), e.aggregate(), e);
            }
        });
    }

    /** The effects the consumer committed, in commit order, as {@code "aggregate:seq"}. */
    List<String> effects(Schemas s, String subscription) {
        return new ArrayList<>(jdbc.sql("SELECT aggregate || ':' || seq FROM " + s.consumer() + ".effect WHERE subscription = :s ORDER BY n")
                .param("s", subscription).query(String.class).list());
    }

    String state(Schemas s, String subscription, String aggregate, int seq) {
        return jdbc.sql("SELECT d.state FROM " + s.publisher() + ".event_delivery d JOIN " + s.publisher() + ".outbox o ON o.id = d.event_id"
                        + " WHERE d.subscription = :s AND o.payload->>'aggregate' = :a AND (o.payload->>'seq')::int = :q")
                .param("s", subscription).param("a", aggregate).param("q", seq).query(String.class).single();
    }

    UUID deliveryId(Schemas s, String subscription, String aggregate, int seq) {
        return jdbc.sql("SELECT d.id FROM " + s.publisher() + ".event_delivery d JOIN " + s.publisher() + ".outbox o ON o.id = d.event_id"
                        + " WHERE d.subscription = :s AND o.payload->>'aggregate' = :a AND (o.payload->>'seq')::int = :q")
                .param("s", subscription).param("a", aggregate).param("q", seq).query(UUID.class).single();
    }

    /** Runs passes, moving the clock past every back-off between them, until a pass finds nothing due. */
    void drainUntilQuiet(OutboxRelay relay, int maxPasses) {
        for (int i = 0; i < maxPasses; i++) {
            clock.advance(Duration.ofMinutes(2)); // past the longest back-off
            if (relay.drain() == 0) {
                return;
            }
        }
        throw new AssertionError("the relay still had work after " + maxPasses + " passes");
    }

    @Override
    public void close() throws Exception {
        leadership.close();
        curator.close();
        zooKeeper.close();
        postgres.close();
    }
}
