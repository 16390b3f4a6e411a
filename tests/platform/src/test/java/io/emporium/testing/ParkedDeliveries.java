package io.emporium.testing;

import io.emporium.kernel.Money;
import io.emporium.payment.api.PaymentCaptured;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Parked event deliveries made by hand, as the relay leaves one whose handler kept failing. */
public final class ParkedDeliveries {

    private ParkedDeliveries() {
    }

    /**
     * A PaymentCaptured in payment's outbox, fanned out, whose delivery to the order center is parked
     * with {@code error}. It names a checkout no order belongs to, so the handler accepts it without
     * effect once it is resubmitted. Returns the delivery's id.
     */
    public static UUID park(JdbcClient jdbc, JsonMapper json, String error) {
        UUID event = UUID.randomUUID();
        String payload = json.writeValueAsString(new PaymentCaptured("parked-test-" + event, "no-such-checkout-" + event,
                Money.of("1.00", "CNY"), Instant.parse("2026-12-01T10:00:00Z")));
        jdbc.sql("INSERT INTO payment.outbox (id, aggregate_id, event_type, payload, occurred_at, published_at)"
                        + " VALUES (:id, :aggregate, :type, CAST(:payload AS jsonb), now(), now())")
                .param("id", event).param("aggregate", "parked-test-" + event).param("type", PaymentCaptured.class.getName())
                .param("payload", payload).update();
        UUID delivery = UUID.randomUUID();
        jdbc.sql("INSERT INTO payment.event_delivery (id, event_id, subscription, aggregate_id, position, state, attempts, last_error,"
                        + " created_at, parked_at) SELECT :d, o.id, 'order.payment-captured', o.aggregate_id, o.position, 'PARKED', 10,"
                        + " :error, now(), now() FROM payment.outbox o WHERE o.id = :id")
                .param("d", delivery).param("error", error).param("id", event).update();
        return delivery;
    }

    public static String state(JdbcClient jdbc, UUID delivery) {
        return jdbc.sql("SELECT state FROM payment.event_delivery WHERE id = :id").param("id", delivery).query(String.class).single();
    }
}
