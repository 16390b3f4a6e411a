package io.emporium.messaging;

import io.emporium.coordination.Fence;
import io.emporium.coordination.LeadershipGate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * In-process event delivery from the services' outboxes (embedded mode). Services contribute
 * {@link OutboxSource} and {@link EventSubscription} beans.
 */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

    @Bean
    OutboxRelay outboxRelay(List<OutboxSource> sources, List<EventSubscription<?>> subscriptions, JdbcClient jdbc,
            JsonMapper json, PlatformTransactionManager transactions, LeadershipGate leadership, Fence fence, Clock clock,
            @Value("${emporium.messaging.poll-interval:PT0.25S}") Duration pollInterval,
            @Value("${emporium.messaging.relay-enabled:true}") boolean enabled) {
        return new OutboxRelay(sources, subscriptions, jdbc, json, transactions, leadership, fence, clock, pollInterval, enabled);
    }

    @Bean
    Outbox outbox(JdbcClient jdbc, JsonMapper json, Clock clock, OutboxRelay relay) {
        return new Outbox(jdbc, json, clock, relay);
    }
}
