package io.emporium.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.coordination.Fence;
import io.emporium.kernel.PageRequest;
import io.emporium.messaging.MessagingStore.Noted;
import io.emporium.messaging.MessagingStore.Schemas;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Events between processes over a real Kafka (an in-process KRaft broker) and a real PostgreSQL: each "process" is a
 * relay and an ingest of its own, running only its own services, as separate JVMs would. What is proven: an event
 * reaches the subscriptions of two other processes once each, in order per aggregate; a repeated publication (a
 * relay that died before marking its events published, or an ingest that died before committing its offsets: the
 * same records again) has no second effect; a poison event parks in its consumer's schema, holds back only its own
 * aggregate, and is resubmitted from another process of that service; a service's own subscription takes its own
 * event once.
 */
class KafkaTransportTest {

    static MessagingStore store;
    static EmbeddedKafkaKraftBroker kafka;
    static Admin admin;
    static int prefixes;

    final List<AutoCloseable> running = new ArrayList<>();
    final List<DeliveryDue> announced = new CopyOnWriteArrayList<>();
    String topicPrefix;
    String groupPrefix;

    @BeforeAll
    static void start() throws Exception {
        store = new MessagingStore();
        kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()));
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
        kafka.destroy();
        store.close();
    }

    @AfterEach
    void stopProcesses() throws Exception {
        for (AutoCloseable closeable : running.reversed()) {
            closeable.close();
        }
    }

    /** One process's messaging: its broker client, its relay over its own services, its ingest for its consumers. */
    record Process(KafkaEventBroker broker, OutboxRelay relay, KafkaEventIngest ingest) implements AutoCloseable {
        @Override
        public void close() {
            ingest.stop();
            broker.close();
        }
    }

    Process process(List<String> publishers, List<EventSubscription<?>> subscriptions, int maxAttempts) {
        if (topicPrefix == null) {
            int n = ++prefixes;
            topicPrefix = "test" + n + ".events";
            groupPrefix = "test" + n;
        }
        KafkaEventBroker broker = new KafkaEventBroker(kafka.getBrokersAsString(), topicPrefix, 3, Duration.ofSeconds(10));
        OutboxRelay relay = new OutboxRelay(publishers.stream().map(OutboxSource::new).toList(), subscriptions,
                new InProcessTransport(store.jdbc, store.json, store.transactions, new Fence(store.jdbc), store.clock), broker,
                store.jdbc, store.transactions, schema -> store.leadership, store.clock, Duration.ofMillis(50), maxAttempts, true);
        KafkaEventIngest ingest = new KafkaEventIngest(subscriptions, kafka.getBrokersAsString(), topicPrefix, groupPrefix,
                Duration.ofMillis(500), store.jdbc, store.transactions, announced::add);
        ingest.start();
        Process process = new Process(broker, relay, ingest);
        running.add(process);
        return process;
    }

    @Test
    void an_event_reaches_the_subscriptions_of_two_other_processes_once_each_and_a_repeat_has_no_second_effect() throws Exception {
        Schemas one = store.schemas();
        Schemas two = store.schemas();
        String publisher = one.publisher();
        Process publishing = process(List.of(publisher), List.of(), 10);
        Process first = process(List.of(), List.of(store.subscription("s1", one, Set.of())), 10);
        Process second = process(List.of(), List.of(store.subscription("s2", two, Set.of())), 10);
        Outbox outbox = store.outbox(announced);
        store.append(outbox, one, new Noted("a", 1), new Noted("b", 1), new Noted("a", 2));

        assertThat(published(publishing, 3)).as("the publisher's relay published its three events").isEqualTo(3);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            first.relay().drain();
            second.relay().drain();
            return store.effects(one, "s1").size() == 3 && store.effects(two, "s2").size() == 3;
        });
        assertThat(store.effects(one, "s1").stream().filter(e -> e.startsWith("a:"))).containsExactly("a:1", "a:2");
        assertThat(store.effects(two, "s2").stream().filter(e -> e.startsWith("a:"))).containsExactly("a:1", "a:2");
        assertThat(store.effects(one, "s1")).contains("b:1");
        assertThat(announced).contains(new DeliveryDue(one.consumer(), Set.of(Noted.class.getName())));
        // nothing was delivered from the publisher's schema: its events went to Kafka only
        assertThat(count("SELECT count(*) FROM " + publisher + ".event_delivery")).isZero();

        // the relay died after publishing and before marking: the same three records again
        store.jdbc.sql("UPDATE " + publisher + ".outbox SET published_at = NULL").update();
        assertThat(published(publishing, 3)).isEqualTo(3);
        awaitCaughtUp(KafkaEventIngest.group(groupPrefix, one.consumer()), KafkaEventBroker.topic(topicPrefix, publisher), 6);
        awaitCaughtUp(KafkaEventIngest.group(groupPrefix, two.consumer()), KafkaEventBroker.topic(topicPrefix, publisher), 6);
        first.relay().drain();
        second.relay().drain();
        assertThat(store.effects(one, "s1")).hasSize(3);
        assertThat(store.effects(two, "s2")).hasSize(3);
        assertThat(count("SELECT count(*) FROM " + one.consumer() + ".outbox WHERE received_from = '" + publisher + "'")).isEqualTo(3);
    }

    @Test
    void a_poison_event_parks_in_its_consumer_s_schema_holds_back_only_its_aggregate_and_is_resubmitted_from_another_process() {
        Schemas s = store.schemas();
        Set<String> poison = MessagingStore.poison();
        poison.add("a:1");
        Process publishing = process(List.of(s.publisher()), List.of(), 2);
        EventSubscription<Noted> subscription = store.subscription("s1", s, poison);
        Process consuming = process(List.of(), List.of(subscription), 2);
        Outbox outbox = store.outbox(announced);
        store.append(outbox, s, new Noted("a", 1), new Noted("a", 2), new Noted("b", 1));
        publishing.relay().drain();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            store.clock.advance(Duration.ofMinutes(2)); // past every back-off
            consuming.relay().drain();
            return received(s, "s1", "PARKED") == 1 && store.effects(s, "s1").contains("b:1");
        });
        assertThat(store.effects(s, "s1")).as("b:1 got through; a:2 waits behind the parked a:1")
                .doesNotContain("a:2");

        // an admin asks another process of the consuming service, which holds no ingest or relay of its own
        EventDeliveries deliveries = new EventDeliveries(OutboxRelay.relayedSchemas(List.of(), List.of(subscription), true),
                store.jdbc, store.clock, event -> announced.add((DeliveryDue) event));
        var parked = deliveries.list(EventDeliveries.State.PARKED, new PageRequest(0, 20));
        assertThat(parked.items()).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo(s.consumer());
            assertThat(d.aggregateId()).isEqualTo("a");
        });
        poison.clear();
        deliveries.resubmit(parked.items().getFirst().id());
        for (int i = 0; i < 5; i++) {
            store.clock.advance(Duration.ofMinutes(2));
            consuming.relay().drain();
        }
        List<String> effects = store.effects(s, "s1");
        assertThat(effects.stream().filter(e -> e.startsWith("a:")).toList())
                .as("a:1's failed attempts rolled back; resubmitted, it was delivered, then a:2").containsExactly("a:1", "a:2");
        assertThat(received(s, "s1", "COMPLETED")).isEqualTo(3);
    }

    @Test
    void a_service_s_own_subscription_takes_its_own_event_once() throws Exception {
        Schemas s = store.schemas();
        String schema = s.consumer(); // a service that publishes and subscribes to what it publishes (as orders does)
        Process process = process(List.of(schema), List.of(store.subscription("own", s, Set.of())), 10);
        Outbox outbox = store.outbox(announced);
        store.tx.executeWithoutResult(t -> outbox.append(schema, "a", new Noted("a", 1)));

        assertThat(published(process, 1)).isPositive();
        awaitCaughtUp(KafkaEventIngest.group(groupPrefix, schema), KafkaEventBroker.topic(topicPrefix, schema), 1);
        process.relay().drain();
        process.relay().drain();
        assertThat(store.effects(s, "own")).containsExactly("a:1");
        assertThat(count("SELECT count(*) FROM " + schema + ".outbox")).as("the copy received back found the event's own row")
                .isOne();
    }

    @Test
    void while_kafka_cannot_be_reached_the_events_wait_in_the_outbox_and_are_published_once_it_can() {
        Schemas s = store.schemas();
        // nothing listens on port 1: the broker client cannot connect, as when Kafka is down
        KafkaEventBroker unreachable = new KafkaEventBroker("127.0.0.1:1", "down.events", 3, Duration.ofSeconds(2));
        running.add(unreachable);
        OutboxRelay cutOff = new OutboxRelay(List.of(new OutboxSource(s.publisher())), List.of(),
                new InProcessTransport(store.jdbc, store.json, store.transactions, new Fence(store.jdbc), store.clock), unreachable,
                store.jdbc, store.transactions, schema -> store.leadership, store.clock, Duration.ofMillis(50), 10, true);
        Outbox outbox = store.outbox(announced);
        store.append(outbox, s, new Noted("a", 1), new Noted("a", 2));

        assertThat(cutOff.drain()).as("nothing published").isZero();
        assertThat(cutOff.drain()).isZero();
        assertThat(count("SELECT count(*) FROM " + s.publisher() + ".outbox WHERE published_at IS NULL")).isEqualTo(2);

        Process publishing = process(List.of(s.publisher()), List.of(), 10); // Kafka is back (the same outbox, a broker that connects)
        Process consuming = process(List.of(), List.of(store.subscription("s1", s, Set.of())), 10);
        assertThat(published(publishing, 2)).isEqualTo(2);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            consuming.relay().drain();
            return store.effects(s, "s1").equals(List.of("a:1", "a:2"));
        });
    }

    /**
     * Drains {@code process}'s relay until it has published {@code events} events, and returns how many it did. The
     * first publication to a topic just created can outlast one pass on a busy machine: its partitions' leadership is
     * still settling (NOT_LEADER_OR_FOLLOWER, then the idempotent producer's batch retried until its delivery timeout,
     * {@code emporium.kafka.timeout} + 2 s); the events wait in the outbox and go at a later pass, as in production.
     */
    private static int published(Process process, int events) {
        java.util.concurrent.atomic.AtomicInteger published = new java.util.concurrent.atomic.AtomicInteger();
        await("published").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> published.addAndGet(process.relay().drain()) >= events);
        return published.get();
    }

    private long received(Schemas s, String subscription, String state) {
        return store.jdbc.sql("SELECT count(*) FROM " + s.consumer() + ".event_delivery WHERE subscription = :s AND state = :state")
                .param("s", subscription).param("state", state).query(Long.class).single();
    }

    private long count(String sql) {
        return store.jdbc.sql(sql).query(Long.class).single();
    }

    /** Waits until {@code group} has committed offsets covering {@code records} records of {@code topic}. */
    private void awaitCaughtUp(String group, String topic, long records) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long total = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
            var partitions = committed.keySet().stream().filter(p -> p.topic().equals(topic))
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            long end = admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(r -> r.offset()).sum();
            return total >= records && total == end;
        });
    }
}
