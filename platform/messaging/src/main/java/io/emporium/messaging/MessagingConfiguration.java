package io.emporium.messaging;

import io.emporium.coordination.Fence;
import io.emporium.coordination.LeadershipGates;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Event delivery from the services' outboxes, per subscription, through the in-process transport
 * (one process), or through Kafka between processes ({@code emporium.messaging.transport=kafka}). Services contribute {@link OutboxSource} and {@link EventSubscription} beans.
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
            ObjectProvider<EventBroker> broker, JdbcClient jdbc, PlatformTransactionManager transactions, LeadershipGates leadership,
            Clock clock, @Value("${emporium.messaging.poll-interval:PT0.25S}") Duration pollInterval,
            @Value("${emporium.messaging.max-attempts:10}") int maxAttempts,
            @Value("${emporium.messaging.relay-enabled:true}") boolean enabled) {
        return new OutboxRelay(sources, subscriptions, transport, broker.getIfAvailable(), jdbc, transactions, leadership::gate, clock,
                pollInterval, maxAttempts, enabled);
    }

    @Bean
    Outbox outbox(JdbcClient jdbc, JsonMapper json, Clock clock, ApplicationEventPublisher publisher) {
        return new Outbox(jdbc, json, clock, publisher);
    }

    @Bean
    EventDeliveries eventDeliveries(JdbcClient jdbc, List<OutboxSource> sources, List<EventSubscription<?>> subscriptions,
            ObjectProvider<EventBroker> broker, Clock clock, ApplicationEventPublisher publisher) {
        return new EventDeliveries(OutboxRelay.relayedSchemas(sources, subscriptions, broker.getIfAvailable() != null), jdbc, clock,
                publisher);
    }

    /**
     * Services in separate processes ({@code emporium.messaging.transport=kafka}): each service's events are published
     * to Kafka by the leader of its election, and each consuming service's group receives those its subscriptions
     * take, in every process that runs it.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "emporium.messaging.transport", havingValue = "kafka")
    static class Kafka {

        @Bean(destroyMethod = "close")
        KafkaEventBroker kafkaEventBroker(@Value("${emporium.kafka.bootstrap-servers}") String bootstrapServers,
                @Value("${emporium.kafka.topic-prefix:emporium.events}") String topicPrefix,
                @Value("${emporium.kafka.partitions:6}") int partitions,
                @Value("${emporium.kafka.timeout:PT10S}") Duration timeout) {
            return new KafkaEventBroker(bootstrapServers, topicPrefix, partitions, timeout);
        }

        @Bean
        KafkaEventIngest kafkaEventIngest(List<EventSubscription<?>> subscriptions,
                @Value("${emporium.kafka.bootstrap-servers}") String bootstrapServers,
                @Value("${emporium.kafka.topic-prefix:emporium.events}") String topicPrefix,
                @Value("${emporium.kafka.group-prefix:emporium}") String groupPrefix,
                @Value("${emporium.kafka.metadata-max-age:PT5S}") Duration metadataMaxAge, JdbcClient jdbc,
                PlatformTransactionManager transactions, ApplicationEventPublisher publisher) {
            return new KafkaEventIngest(subscriptions, bootstrapServers, topicPrefix, groupPrefix, metadataMaxAge, jdbc, transactions,
                    publisher::publishEvent);
        }
    }
}
