package io.emporium.messaging;

import io.emporium.coordination.Fence;
import io.emporium.coordination.LeadershipGates;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Event delivery from the services' outboxes, per subscription, through the in-process transport
 * (embedded mode). Services contribute {@link OutboxSource} and {@link EventSubscription} beans.
 * The outbox does not depend on the relay: it announces new events as a {@link DeliveryDue}
 * application event, which the relay listens to.
 */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

    @Bean
    EventTransport inProcessTransport(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactions, Fence fence,
            Clock clock) {
        return new InProcessTransport(jdbc, json, transactions, fence, clock);
    }

    @Bean
    OutboxRelay outboxRelay(List<OutboxSource> sources, List<EventSubscription<?>> subscriptions, EventTransport transport,
            JdbcClient jdbc, PlatformTransactionManager transactions, LeadershipGates leadership, Clock clock,
            @Value("${emporium.messaging.poll-interval:PT0.25S}") Duration pollInterval,
            @Value("${emporium.messaging.max-attempts:10}") int maxAttempts,
            @Value("${emporium.messaging.relay-enabled:true}") boolean enabled) {
        return new OutboxRelay(sources, subscriptions, transport, jdbc, transactions, leadership::gate, clock, pollInterval, maxAttempts,
                enabled);
    }

    @Bean
    Outbox outbox(JdbcClient jdbc, JsonMapper json, Clock clock, ApplicationEventPublisher publisher) {
        return new Outbox(jdbc, json, clock, publisher);
    }

    @Bean
    EventDeliveries eventDeliveries(JdbcClient jdbc, List<OutboxSource> sources, Clock clock, ApplicationEventPublisher publisher) {
        return new EventDeliveries(jdbc, sources, clock, publisher);
    }
}
