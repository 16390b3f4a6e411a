package io.emporium.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the services' events to Kafka: one topic per publishing service ({@code <prefix>.<schema>}), each
 * event a record keyed by its aggregate's id (so one aggregate's events share a partition and keep their order),
 * its JSON payload as the value and what the consumers need to know of it in headers ({@link KafkaEventRecords}).
 * The producer is idempotent and waits for every in-sync replica ({@code acks=all}); a topic is created on first
 * use with {@code min(3, brokers)} replicas and, with three or more, {@code min.insync.replicas=2}, so an
 * acknowledged event survives the loss of one broker.
 *
 * <p>Kafka's transactions are not used: they cannot span the outbox's PostgreSQL transaction, and the outbox
 * (publish, then mark published) with consumers that drop repeats by event id gives the same one effect per event.
 */
public class KafkaEventBroker implements EventBroker, AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;
    private final String topicPrefix;
    private final int partitions;
    private final Duration timeout;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();

    public KafkaEventBroker(String bootstrapServers, String topicPrefix, int partitions, Duration timeout) {
        this.topicPrefix = topicPrefix;
        this.partitions = partitions;
        this.timeout = timeout;
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis() + 2_000));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "emporium-relay");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis())));
    }

    /** The topic of {@code schema}'s events. */
    public static String topic(String topicPrefix, String schema) {
        return topicPrefix + "." + schema;
    }

    @Override
    public void publish(String schema, List<OutboxEvent> events) {
        String topic = topic(topicPrefix, schema);
        try {
            ensureTopic(topic);
            List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
            for (OutboxEvent event : events) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, event.aggregateId(),
                        event.payload().getBytes(StandardCharsets.UTF_8), List.of(
                        new RecordHeader(KafkaEventRecords.EVENT_ID, bytes(event.id().toString())),
                        new RecordHeader(KafkaEventRecords.EVENT_TYPE, bytes(event.type())),
                        new RecordHeader(KafkaEventRecords.OCCURRED_AT, bytes(event.occurredAt().toString())),
                        new RecordHeader(KafkaEventRecords.SOURCE, bytes(schema))));
                sent.add(producer.send(record));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<RecordMetadata> future : sent) {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new EventBrokerUnavailable("Kafka did not take the events of " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new EventBrokerUnavailable("Kafka did not acknowledge the events of " + topic + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventBrokerUnavailable("interrupted while publishing to " + topic, e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new EventBrokerUnavailable("Kafka did not take the events of " + topic + ": " + e, e);
        }
    }

    private void ensureTopic(String topic) throws ExecutionException, InterruptedException, TimeoutException {
        if (topics.contains(topic)) {
            return;
        }
        long seconds = Math.max(1, timeout.toSeconds());
        int brokers = admin.describeCluster().nodes().get(seconds, TimeUnit.SECONDS).size();
        short replicas = (short) Math.max(1, Math.min(3, brokers));
        NewTopic wanted = new NewTopic(topic, partitions, replicas)
                .configs(Map.of("min.insync.replicas", replicas >= 3 ? "2" : "1"));
        try {
            admin.createTopics(List.of(wanted)).all().get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        topics.add(topic);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
