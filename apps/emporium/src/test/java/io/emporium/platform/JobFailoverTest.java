package io.emporium.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.coordination.LeadershipGate;
import io.emporium.coordination.ZooKeeperEndpoint;
import io.emporium.launcher.EmporiumApplication;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Fault 5: two Emporium processes (application contexts) on one database and one ZooKeeper run
 * the singleton jobs on exactly one of them; when the leader's session dies, the other takes over
 * within the session timeout plus 5 s, and no reservation is released twice.
 */
@PlatformTest
class JobFailoverTest {

    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(4);

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    ZooKeeperEndpoint zooKeeper;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

    final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(ConfigurableApplicationContext::close);
    }

    ConfigurableApplicationContext node(String jdbcUrl) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(EmporiumApplication.class).profiles("test").run(
                "--server.port=0", "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
                "--emporium.zookeeper.connect-string=" + zooKeeper.connectString(),
                "--emporium.zookeeper.session-timeout=PT" + SESSION_TIMEOUT.toSeconds() + "S",
                // an election of their own, apart from the shared test platform's
                "--emporium.jobs.group=failover-test", "--emporium.inventory.expiry-sweep-interval=PT0.2S",
                "--emporium.messaging.relay-enabled=false", "--emporium.order.job-interval=PT1H", "--emporium.demo.enabled=false");
        nodes.add(context);
        return context;
    }

    void reserveExpiring(Api service, String sku, int count, String run) {
        for (int i = 0; i < count; i++) {
            assertThat(service.put("/api/inventory/internal/reservations/" + run + "_" + i, Map.of("orderRef", run,
                    "lines", List.of(Map.of("skuId", sku, "quantity", 1)),
                    "expiresAt", Instant.now().plusMillis(800).toString())).status()).isEqualTo(200);
        }
    }

    long withStatus(String run, String status) {
        return jdbc.sql("SELECT count(*) FROM inventory.reservation WHERE order_ref = :r AND status = :s")
                .param("r", run).param("s", status).query(Long.class).single();
    }

    @Test
    void one_node_runs_the_jobs_and_the_other_takes_over_when_it_dies() throws Exception {
        String jdbcUrl;
        try (var connection = dataSource.getConnection()) {
            jdbcUrl = connection.getMetaData().getURL();
        }
        LeadershipGate first = node(jdbcUrl).getBean(LeadershipGate.class);
        LeadershipGate second = node(jdbcUrl).getBean(LeadershipGate.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> first.isLeader() || second.isLeader());

        AtomicBoolean watching = new AtomicBoolean(true);
        AtomicInteger bothLeading = new AtomicInteger();
        Thread monitor = Thread.ofPlatform().start(() -> {
            while (watching.get()) {
                if (first.isLeader() && second.isLeader()) {
                    bothLeading.incrementAndGet();
                }
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            }
        });

        Api api = new Api(port);
        Api service = fixtures.service(api);
        Fixtures.Merchant merchant = fixtures.merchant(api);
        String sku = Fixtures.stockedSku(merchant, 60);
        reserveExpiring(service, sku, 30, "fo1");
        await().atMost(Duration.ofSeconds(20)).until(() -> withStatus("fo1", "EXPIRED") == 30);

        LeadershipGate leader = first.isLeader() ? first : second;
        LeadershipGate follower = leader == first ? second : first;
        ConfigurableApplicationContext leaderNode = nodes.get(leader == first ? 0 : 1);
        long killedAt = System.nanoTime();
        leaderNode.getBean(CuratorFramework.class).getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
        await().atMost(SESSION_TIMEOUT.plusSeconds(5)).pollInterval(Duration.ofMillis(50)).until(follower::isLeader);
        Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);

        reserveExpiring(service, sku, 30, "fo2");
        await().atMost(Duration.ofSeconds(20)).until(() -> withStatus("fo2", "EXPIRED") == 30);
        watching.set(false);
        monitor.join();

        assertThat(bothLeading.get()).as("instants at which both nodes led").isZero();
        assertThat(failover).isLessThanOrEqualTo(SESSION_TIMEOUT.plusSeconds(5));
        var level = merchant.api().get("/api/inventory/skus/" + sku).json();
        assertThat(level.get("available").asLong()).as("every unit back exactly once").isEqualTo(60);
        assertThat(level.get("reserved").asLong()).isZero();
    }
}
