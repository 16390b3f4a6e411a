package io.emporium.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.emporium.platform.binding.ConfiguredServiceInstances;
import io.emporium.platform.problem.ServiceUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * Service discovery on a real ZooKeeper, with each "process" its own client and session: instances appear when
 * they register, a process whose session ends disappears, a process whose session expired registers again when
 * it reconnects, an unreachable instance is left out at once, and a configured URL wins.
 */
class ServiceDiscoveryTest {

    static final URI A = URI.create("http://127.0.0.1:7001");
    static final URI B = URI.create("http://127.0.0.1:7002");

    TestingServer server;
    final java.util.List<AutoCloseable> closing = new java.util.ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new TestingServer(true);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            try {
                c.close();
            } catch (Exception | AssertionError e) {
                // a test may have closed it already
            }
        }
        server.close();
    }

    CuratorFramework client() throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(server.getConnectString())
                .sessionTimeoutMs(4000).connectionTimeoutMs(5000).retryPolicy(new ExponentialBackoffRetry(100, 10, 1000))
                .namespace("emporium").build();
        client.start();
        assertThat(client.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        closing.add(client);
        return client;
    }

    ServiceRegistry registry(CuratorFramework client, String process) {
        ServiceRegistry registry = new ServiceRegistry(client, process);
        registry.start();
        closing.add(registry);
        return registry;
    }

    ZooKeeperServiceInstances caller(MockEnvironment environment) throws InterruptedException {
        ZooKeeperServiceInstances instances = new ZooKeeperServiceInstances(registry(client(), "caller"),
                new ConfiguredServiceInstances(environment));
        closing.add(instances);
        return instances;
    }

    static Set<URI> picks(ZooKeeperServiceInstances instances, String service) {
        return IntStream.range(0, 10).mapToObj(i -> instances.pick(service)).collect(Collectors.toSet());
    }

    @Test
    void instances_come_and_go_with_their_processes_and_sessions() throws Exception {
        CuratorFramework processA = client();
        CuratorFramework processB = client();
        ServiceRegistry a = registry(processA, "a");
        ServiceRegistry b = registry(processB, "b");
        ZooKeeperServiceInstances instances = caller(new MockEnvironment());
        assertThatThrownBy(() -> instances.pick("inventory")).isInstanceOfSatisfying(ServiceUnavailableException.class,
                e -> assertThat(e.status()).isEqualTo(503));

        a.register(Set.of("inventory", "cart"), A);
        b.register(Set.of("inventory"), B);
        await("both instances, round robin").atMost(Duration.ofSeconds(10)).until(() -> picks(instances, "inventory"),
                p -> p.equals(Set.of(A, B)));
        assertThat(picks(instances, "cart")).containsExactly(A);
        assertThat(a.instances("inventory")).extracting(i -> i.getPayload().process()).containsExactlyInAnyOrder("a", "b");

        processB.close(); // the process is gone: its session ends and its instances with it
        await("b's instance is gone").atMost(Duration.ofSeconds(10)).until(() -> picks(instances, "inventory"),
                p -> p.equals(Set.of(A)));

        processA.getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
        // one read per poll: two reads may straddle the moment the expired session's node goes away
        await("a registered again in its new session").atMost(Duration.ofSeconds(20))
                .ignoreExceptionsInstanceOf(CoordinationException.class) // the read may meet the lost connection
                .until(() -> a.instances("inventory").stream().map(i -> i.getPort()).toList(),
                        ports -> ports.equals(java.util.List.of(A.getPort())));
        await().atMost(Duration.ofSeconds(10)).until(() -> picks(instances, "inventory"), p -> p.equals(Set.of(A)));

        a.deregister(); // a stops taking traffic
        await("no instance left").atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                instances.pick("inventory");
                return false;
            } catch (ServiceUnavailableException e) {
                return true;
            }
        });
    }

    /**
     * An instance removed while ZooKeeper is away stays removed: Curator would otherwise register it again when
     * its session reconnects, advertising a process that stopped taking traffic.
     */
    @Test
    void an_instance_removed_while_zookeeper_is_away_is_not_registered_again_on_reconnect() throws Exception {
        CuratorFramework processA = client();
        ServiceRegistry a = registry(processA, "a");
        ServiceRegistry observer = registry(client(), "observer");
        a.register(Set.of("inventory"), A);
        await().atMost(Duration.ofSeconds(10)).until(() -> observer.instances("inventory").size() == 1);

        server.stop();
        await("a notices").atMost(Duration.ofSeconds(10)).until(() -> !processA.getZookeeperClient().isConnected());
        long started = System.nanoTime();
        a.deregister();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded").isLessThan(Duration.ofSeconds(5));
        server.restart();

        await("a is back").atMost(Duration.ofSeconds(20)).until(() -> processA.getZookeeperClient().isConnected());
        await("its instance is gone").atMost(Duration.ofSeconds(20))
                .ignoreExceptionsInstanceOf(CoordinationException.class).until(() -> observer.instances("inventory").isEmpty());
        Thread.sleep(2000); // long enough for a reconnect's re-registration to have happened
        assertThat(observer.instances("inventory")).as("not registered again").isEmpty();
    }

    @Test
    void an_unreachable_instance_is_left_out_and_a_configured_url_wins() throws Exception {
        ServiceRegistry a = registry(client(), "a");
        ServiceRegistry b = registry(client(), "b");
        a.register(Set.of("payment"), A);
        b.register(Set.of("payment"), B);
        MockEnvironment environment = new MockEnvironment().withProperty("emporium.remote.catalog.url", "http://10.0.0.9:8080");
        ZooKeeperServiceInstances instances = caller(environment);
        await().atMost(Duration.ofSeconds(10)).until(() -> picks(instances, "payment"), p -> p.equals(Set.of(A, B)));

        instances.unreachable("payment", A);
        assertThat(picks(instances, "payment")).as("for a while, only the other").containsExactly(B);
        instances.unreachable("payment", B);
        assertThat(picks(instances, "payment")).as("both left out: better a try at either than a certain refusal")
                .isEqualTo(Set.of(A, B));

        b.register(Set.of("catalog"), B);
        assertThat(picks(instances, "catalog")).as("the configured URL, not the registered instance")
                .containsExactly(URI.create("http://10.0.0.9:8080"));
    }
}
