package io.emporium.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** How an outbox event travels as a Kafka record: key = aggregate id, value = JSON payload, the rest in headers. */
final class KafkaEventRecords {

    static final String EVENT_ID = "emporium-event-id";
    static final String EVENT_TYPE = "emporium-event-type";
    static final String OCCURRED_AT = "emporium-occurred-at";
    static final String SOURCE = "emporium-source";

    private KafkaEventRecords() {
    }

    /** The event a record carries, or null when it is not one of ours (a header is missing or malformed). */
    static OutboxEvent event(ConsumerRecord<String, byte[]> record) {
        String id = header(record, EVENT_ID);
        String type = header(record, EVENT_TYPE);
        String occurredAt = header(record, OCCURRED_AT);
        String source = header(record, SOURCE);
        if (id == null || type == null || occurredAt == null || source == null || record.key() == null || record.value() == null) {
            return null;
        }
        try {
            return new OutboxEvent(UUID.fromString(id), source, record.key(), type,
                    new String(record.value(), StandardCharsets.UTF_8), Instant.parse(occurredAt));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
