package io.emporium.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Receives, for each consuming service in this process, the events its subscriptions take from Kafka: one
 * consumer group per consuming service ({@code <group prefix>.<schema>}), shared by every process that runs it,
 * reading every events topic ({@code <topic prefix>.*}, new topics found within {@code metadata.max.age.ms}).
 * Each polled batch is copied into the consumer's outbox table (marked with the schema that published it) in one
 * transaction, a record already there (a redelivery) dropped by its event id; the offsets are committed after
 * that commit. A crash between the two receives the batch again, with no second row. The relay of the consuming
 * service then delivers each copy to its subscriptions, with the inbox, the order per aggregate, the parking and
 * resubmission of one process ({@link OutboxRelay}).
 *
 * <p>Why not apply the event in the consumer's poll loop: a handler that keeps failing would then hold its whole
 * partition (every aggregate hashed to it) until it is skipped or fixed, and parking would need a second
 * mechanism. Copied first, one failing delivery holds back only the later events of its aggregate to its
 * subscription, as in one process.
 */
public class KafkaEventIngest implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventIngest.class);

    private final Map<String, List<EventSubscription<?>>> consumersBySchema = new LinkedHashMap<>();
    private final String bootstrapServers;
    private final String topicPrefix;
    private final String groupPrefix;
    private final Duration metadataMaxAge;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Consumer<DeliveryDue> announce;
    /** Per event type and consuming schema: whether a subscription of that schema takes it. */
    private final Map<String, Boolean> wanted = new ConcurrentHashMap<>();
    private final List<Worker> workers = new ArrayList<>();
    private volatile boolean running;

    public KafkaEventIngest(List<EventSubscription<?>> subscriptions, String bootstrapServers, String topicPrefix,
            String groupPrefix, Duration metadataMaxAge, JdbcClient jdbc, PlatformTransactionManager transactions,
            Consumer<DeliveryDue> announce) {
        for (EventSubscription<?> subscription : subscriptions) {
            consumersBySchema.computeIfAbsent(subscription.consumerSchema(), s -> new ArrayList<>()).add(subscription);
        }
        this.bootstrapServers = bootstrapServers;
        this.topicPrefix = topicPrefix;
        this.groupPrefix = groupPrefix;
        this.metadataMaxAge = metadataMaxAge;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.announce = announce;
    }

    /** The consumer group of {@code schema}'s subscriptions. */
    public static String group(String groupPrefix, String schema) {
        return groupPrefix + "." + schema;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (String schema : consumersBySchema.keySet()) {
            Worker worker = new Worker(schema);
            workers.add(worker);
            worker.thread = Thread.ofPlatform().name("kafka-ingest-" + schema).daemon(true).start(worker::run);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        for (Worker worker : workers) {
            worker.wakeUp();
        }
        for (Worker worker : workers) {
            try {
                worker.thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts with the relay, after the services' schemas exist; stops before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private final class Worker {
        final String schema;
        volatile Thread thread;
        volatile KafkaConsumer<String, byte[]> consumer;

        Worker(String schema) {
            this.schema = schema;
        }

        void wakeUp() {
            KafkaConsumer<String, byte[]> current = consumer;
            if (current != null) {
                current.wakeup();
            }
        }

        void run() {
            Duration backoff = Duration.ofMillis(200);
            while (running) {
                try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(config(schema), new StringDeserializer(),
                        new ByteArrayDeserializer())) {
                    consumer = kafka;
                    kafka.subscribe(Pattern.compile(Pattern.quote(topicPrefix + ".") + ".+"));
                    while (running) {
                        ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(500));
                        if (records.isEmpty()) {
                            continue;
                        }
                        Set<String> types = store(records);
                        kafka.commitSync();
                        backoff = Duration.ofMillis(200);
                        if (!types.isEmpty()) {
                            announce.accept(new DeliveryDue(schema, types));
                        }
                    }
                } catch (WakeupException e) {
                    // stopping
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    // the uncommitted batch is received again by the next consumer of the group (this one, anew)
                    log.warn("receiving the events of {} from Kafka failed; trying again in {} ms: {}", schema, backoff.toMillis(),
                            e.toString());
                    try {
                        Thread.sleep(backoff.toMillis());
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : backoff.multipliedBy(2);
                } finally {
                    consumer = null;
                }
            }
        }

        /** Copies the records that a subscription of the schema takes into its outbox; returns their types. */
        private Set<String> store(ConsumerRecords<String, byte[]> records) {
            List<OutboxEvent> taken = new ArrayList<>();
            for (TopicPartition partition : records.partitions()) {
                for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                    OutboxEvent event = KafkaEventRecords.event(record);
                    if (event == null) {
                        log.warn("dropping record {}-{}@{}: not an Emporium event", record.topic(), record.partition(), record.offset());
                    } else if (takes(event.type())) {
                        taken.add(event);
                    }
                }
            }
            if (taken.isEmpty()) {
                return Set.of();
            }
            // WITH ORDINALITY keeps the records' order, so the positions follow it (the order per aggregate of its partition)
            transaction.executeWithoutResult(tx -> jdbc.sql("INSERT INTO " + OutboxSchemas.table(schema, "outbox")
                            + " (id, aggregate_id, event_type, payload, occurred_at, received_from)"
                            + " SELECT i, a, t, CAST(p AS jsonb), CAST(o AS timestamptz), s FROM unnest(CAST(:ids AS uuid[]), CAST(:aggregates AS text[]),"
                            + " CAST(:types AS text[]), CAST(:payloads AS text[]), CAST(:occurred AS text[]), CAST(:sources AS text[]))"
                            + " WITH ORDINALITY AS e(i, a, t, p, o, s, n) ORDER BY n ON CONFLICT (id) DO NOTHING")
                    .param("ids", taken.stream().map(OutboxEvent::id).toArray(java.util.UUID[]::new))
                    .param("aggregates", taken.stream().map(OutboxEvent::aggregateId).toArray(String[]::new))
                    .param("types", taken.stream().map(OutboxEvent::type).toArray(String[]::new))
                    .param("payloads", taken.stream().map(OutboxEvent::payload).toArray(String[]::new))
                    .param("occurred", taken.stream().map(e -> e.occurredAt().toString()).toArray(String[]::new))
                    .param("sources", taken.stream().map(OutboxEvent::source).toArray(String[]::new))
                    .update());
            return taken.stream().map(OutboxEvent::type).collect(Collectors.toSet());
        }

        private boolean takes(String type) {
            return wanted.computeIfAbsent(schema + " " + type, key -> {
                Class<?> eventClass;
                try {
                    eventClass = OutboxRelay.eventClass(type);
                } catch (IllegalStateException e) {
                    return false; // a type not known here: no subscription here takes it
                }
                return consumersBySchema.get(schema).stream().anyMatch(s -> s.eventType().isAssignableFrom(eventClass));
            });
        }
    }

    private Map<String, Object> config(String schema) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group(groupPrefix, schema));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "emporium-ingest-" + schema);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a group that starts after events were published (its service deployed later) receives them from the start
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) metadataMaxAge.toMillis());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return config;
    }
}
