package io.emporium.messaging;

import io.emporium.coordination.Fence;
import io.emporium.coordination.LeaderToken;
import java.time.Clock;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers to a subscription in this process: in a new transaction of the consumer's schema that
 * first checks the relay leader's fence there, then records the event in the consumer's inbox and
 * runs the handler only if the record is new, so the record and the effect commit together.
 */
public class InProcessTransport implements EventTransport {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate newTransaction;
    private final Fence fence;
    private final Clock clock;

    public InProcessTransport(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactions, Fence fence, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.fence = fence;
        this.clock = clock;
    }

    @Override
    public void deliver(EventSubscription<?> subscription, OutboxEvent event, LeaderToken token) {
        handle(subscription, event, token);
    }

    private <T> void handle(EventSubscription<T> subscription, OutboxEvent event, LeaderToken token) {
        // the event's own class, which may be a subtype of the one subscribed to
        T payload = subscription.eventType().cast(json.readValue(event.payload(), OutboxRelay.eventClass(event.type())));
        newTransaction.executeWithoutResult(tx -> {
            fence.check(subscription.consumerSchema(), "outbox-relay", token);
            int first = jdbc.sql("INSERT INTO " + OutboxSchemas.table(subscription.consumerSchema(), "inbox")
                            + " (consumer, event_id, processed_at) VALUES (:consumer, :id, :now) ON CONFLICT DO NOTHING")
                    .param("consumer", subscription.name()).param("id", event.id())
                    .param("now", clock.instant().atOffset(ZoneOffset.UTC)).update();
            if (first == 1) {
                subscription.handler().accept(payload);
            }
        });
    }
}
