package io.emporium.launcher.infra;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.emporium.coordination.EmbeddedZooKeeper;
import io.emporium.coordination.ZooKeeperEndpoint;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Picks the infrastructure: embedded PostgreSQL unless {@code spring.datasource.url} is set,
 * embedded ZooKeeper unless {@code emporium.zookeeper.connect-string} is set. Embedded servers
 * are beans, so Spring stops them after everything that uses them, and only then.
 */
@Configuration(proxyBeanMethods = false)
public class InfrastructureConfiguration {

    private static final Logger log = LoggerFactory.getLogger("emporium");

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
    EmbeddedPostgres embeddedPostgres(@Value("${emporium.data-dir:data}") String dataDir,
            @Value("${emporium.embedded.clean-start:false}") boolean clean,
            @Value("${emporium.embedded.durable:true}") boolean durable) {
        return EmbeddedPostgres.start(Path.of(dataDir).toAbsolutePath().normalize().resolve("postgres"), clean, durable);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
    DataSource dataSource(EmbeddedPostgres postgres, @Value("${emporium.db.pool-size:20}") int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername(postgres.user());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("emporium");
        return new HikariDataSource(config);
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
