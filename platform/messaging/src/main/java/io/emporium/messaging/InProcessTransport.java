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
 * Delivers to a subscription in this process. {@link EventSubscription.Delivery#IN_TRANSACTION}: in a new
 * transaction of the consumer's schema that first checks the relay leader's fence there, then records the
 * event in the consumer's inbox and runs the handler only if the record is new, so the record and the effect
 * commit together. {@link EventSubscription.Delivery#OUTSIDE_TRANSACTION}: the fence and the inbox are looked
 * at in a short transaction, the handler runs after it, outside any, and the inbox record is written once it
 * returned (a crash before that runs the idempotent handler again).
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
        if (subscription.delivery() == EventSubscription.Delivery.OUTSIDE_TRANSACTION) {
            handleOutsideTransaction(subscription, event, payload, token);
            return;
        }
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

    private <T> void handleOutsideTransaction(EventSubscription<T> subscription, OutboxEvent event, T payload,
            LeaderToken token) {
        String inbox = OutboxSchemas.table(subscription.consumerSchema(), "inbox");
        Boolean seen = newTransaction.execute(tx -> {
            fence.check(subscription.consumerSchema(), "outbox-relay", token);
            return jdbc.sql("SELECT EXISTS (SELECT 1 FROM " + inbox + " WHERE consumer = :consumer AND event_id = :id)")
                    .param("consumer", subscription.name()).param("id", event.id()).query(Boolean.class).single();
        });
        if (Boolean.TRUE.equals(seen)) {
            return;
        }
        subscription.handler().accept(payload);
        newTransaction.executeWithoutResult(tx -> jdbc.sql("INSERT INTO " + inbox
                        + " (consumer, event_id, processed_at) VALUES (:consumer, :id, :now) ON CONFLICT DO NOTHING")
                .param("consumer", subscription.name()).param("id", event.id())
                .param("now", clock.instant().atOffset(ZoneOffset.UTC)).update());
    }
}
