package io.emporium.launcher.infra;

import com.zaxxer.hikari.HikariConfig;
import io.emporium.coordination.EmbeddedZooKeeper;
import io.emporium.coordination.ZooKeeperEndpoint;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Picks the infrastructure: embedded PostgreSQL unless {@code spring.datasource.url} is set,
 * embedded ZooKeeper unless {@code emporium.zookeeper.connect-string} is set. Embedded servers
 * are beans, so Spring stops them after everything that uses them, and only then.
 *
 * <p>In both modes the database's availability is probed all the time ({@link DatabaseAvailability})
 * and is the {@code db} health component, so readiness answers at once. The embedded mode also
 * restarts its PostgreSQL when it dies ({@link PostgresSupervisor}) and refuses requests at once
 * while it is away ({@link FailFastDataSource}).
 */
@Configuration(proxyBeanMethods = false)
public class InfrastructureConfiguration {

    private static final Logger log = LoggerFactory.getLogger("emporium");

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
    EmbeddedPostgres embeddedPostgres(@Value("${emporium.data-dir:data}") String dataDir,
            @Value("${emporium.embedded.clean-start:false}") boolean clean,
            @Value("${emporium.embedded.durable:true}") boolean durable,
            @Value("${emporium.embedded.postgres-port:0}") int port) {
        Path data = Path.of(dataDir).toAbsolutePath().normalize();
        return EmbeddedPostgres.start(data.resolve("postgres"), data.resolve("postgres-password"), clean, durable, port);
    }

    /** Closed before the server it watches, so nothing restarts PostgreSQL while the platform stops it. */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
    PostgresSupervisor postgresSupervisor(EmbeddedPostgres postgres, ApplicationEventPublisher events,
            @Value("${emporium.embedded.postgres-restart-attempts:5}") int attempts,
            @Value("${emporium.embedded.postgres-restart-backoff:PT1S}") Duration backoff) {
        return new PostgresSupervisor(postgres, Duration.ofMillis(250), attempts, backoff,
                () -> AvailabilityChangeEvent.publish(events, postgres, LivenessState.BROKEN));
    }

    @Bean
    @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
    DatabaseAvailability embeddedDatabaseAvailability(EmbeddedPostgres postgres, Clock clock,
            @Value("${emporium.db.probe-interval:PT0.25S}") Duration interval) {
        return new DatabaseAvailability(postgres.jdbcUrl(), postgres.user(), postgres.password(), interval, clock);
    }

    @Bean
    @ConditionalOnExpression("!'${spring.datasource.url:}'.isEmpty()")
    DatabaseAvailability externalDatabaseAvailability(@Value("${spring.datasource.url}") String url,
            @Value("${spring.datasource.username:#{null}}") String user,
            @Value("${spring.datasource.password:#{null}}") String password, Clock clock,
            @Value("${emporium.db.probe-interval:PT0.25S}") Duration interval) {
        return new DatabaseAvailability(url, user, password, interval, clock);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
    DataSource dataSource(EmbeddedPostgres postgres, DatabaseAvailability availability,
            @Value("${emporium.db.pool-size:20}") int poolSize,
            @Value("${emporium.db.connection-wait:PT30S}") Duration connectionWait) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername(postgres.user());
        config.setPassword(postgres.password());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("emporium");
        FailFastDataSource pool = new FailFastDataSource(config, availability, connectionWait);
        // connections from before an outage are dead: replace them instead of failing a request on each
        availability.onRecovery(() -> pool.getHikariPoolMXBean().softEvictConnections());
        return pool;
    }

    /** The {@code db} health component (in readiness): the probe's latest answer, without waiting for a connection. */
    @Bean("dbHealthIndicator")
    HealthIndicator databaseHealth(DatabaseAvailability availability) {
        return () -> {
            DatabaseAvailability.State state = availability.state();
            Health.Builder health = (state.up() ? Health.up() : Health.down()).withDetail("database", "PostgreSQL")
                    .withDetail("since", state.since().toString());
            if (state.reason() != null) {
                health.withDetail("reason", state.reason());
            }
            return health.build();
        };
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${emporium.zookeeper.connect-string:}'.isEmpty()")
    EmbeddedZooKeeper embeddedZooKeeper(@Value("${emporium.data-dir:data}") String dataDir) {
        Path directory = Path.of(dataDir).toAbsolutePath().normalize().resolve("zookeeper");
        log.info("Starting ZooKeeper (embedded, data in {})", directory);
        EmbeddedZooKeeper server = EmbeddedZooKeeper.start(directory);
        log.info("ZooKeeper is up at {}", server.connectString());
        return server;
    }

    @Bean
    @ConditionalOnExpression("!'${emporium.zookeeper.connect-string:}'.isEmpty()")
    ZooKeeperEndpoint zooKeeperEnsemble(@Value("${emporium.zookeeper.connect-string}") String connectString) {
        return ZooKeeperEndpoint.of(connectString);
    }
}
