package io.emporium.testing.component;

import io.emporium.coordination.CoordinationConfiguration;
import io.emporium.coordination.EmbeddedZooKeeper;
import io.emporium.coordination.ZooKeeperEndpoint;
import io.emporium.messaging.MessagingConfiguration;
import io.emporium.platform.PlatformConfiguration;
import io.emporium.platform.service.ServiceConfigurations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * What a component test boots: the platform's defaults, coordination, messaging and the declared
 * services, as the launcher does, on infrastructure started once per JVM (the launcher's own
 * embedded infrastructure belongs to the launcher module, which a service does not depend on).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({PlatformConfiguration.class, CoordinationConfiguration.class, MessagingConfiguration.class, ServiceConfigurations.class})
public class ComponentApplication {

    @Bean
    DataSource dataSource() {
        return Infrastructure.POSTGRES.getPostgresDatabase();
    }

    /** Customers', merchants' and admins' tokens for the test, trusted by the services under test. */
    @Bean
    TestTokens testTokens(java.time.Clock clock) {
        return new TestTokens(clock);
    }

    @Bean
    ZooKeeperEndpoint zooKeeper() {
        return Infrastructure.ZOOKEEPER;
    }

    /** Started on first use, stopped when the JVM exits: every component test context of the JVM shares them. */
    static final class Infrastructure {

        static final EmbeddedPostgres POSTGRES = start();
        static final EmbeddedZooKeeper ZOOKEEPER = startZooKeeper();

        private static EmbeddedPostgres start() {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException e) {
                        // the JVM is going away; the temporary data directory goes with the test run
                    }
                }));
                return postgres;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
        }

        private static EmbeddedZooKeeper startZooKeeper() {
            try {
                EmbeddedZooKeeper server = EmbeddedZooKeeper.start(Files.createTempDirectory("component-zookeeper"));
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded ZooKeeper", e);
            }
        }
    }
}
