package io.emporium.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lock under faults, each injected for real: leases running out, sessions expiring, the server
 * restarting, quorum lost in a three-server ensemble, and 50 contenders. After each, the
 * invariant of the fenced lock (docs/coordination.md): a write with a stale token changes nothing.
 */
class DistributedLockFaultTest {

    static FencedStore store;
    final List<AutoCloseable> closeLater = new ArrayList<>();

    @BeforeAll
    static void database() {
        store = new FencedStore();
    }

    @AfterAll
    static void closeDatabase() throws Exception {
        store.close();
    }

    @AfterEach
    void close() throws Exception {
        Collections.reverse(closeLater);
        for (AutoCloseable c : closeLater) {
            c.close();
        }
    }

    CuratorFramework client(String connect, Duration sessionTimeout) throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(connect)
                .sessionTimeoutMs((int) sessionTimeout.toMillis()).connectionTimeoutMs(2000)
                .retryPolicy(new RetryNTimes(100, 100)).namespace("emporium").build();
        client.start();
        assertThat(client.blockUntilConnected(60, TimeUnit.SECONDS)).isTrue();
        closeLater.add(client);
        return client;
    }

    DistributedLocks locks(CuratorFramework client, String holder, Duration lease) {
        DistributedLocks locks = new DistributedLocks(client, holder, lease, Clock.systemUTC());
        closeLater.add(locks);
        return locks;
    }

    TestingServer server() throws Exception {
        TestingServer server = new TestingServer(true);
        closeLater.add(server);
        return server;
    }

    @Test
    void the_lock_is_exclusive_and_tokens_increase_across_holders() throws Exception {
        TestingServer server = server();
        DistributedLock a = locks(client(server.getConnectString(), Duration.ofSeconds(10)), "a", Duration.ofMinutes(1))
                .lock("exclusive");
        DistributedLock b = locks(client(server.getConnectString(), Duration.ofSeconds(10)), "b", Duration.ofMinutes(1))
                .lock("exclusive");
        long first;
        try (LockHandle held = a.tryAcquire().orElseThrow()) {
            first = held.fencingToken();
            assertThat(b.tryAcquire()).isEmpty();
            assertThat(b.acquire(Duration.ofMillis(200))).isEmpty();
        }
        try (LockHandle next = b.acquire(Duration.ofSeconds(5)).orElseThrow()) {
            assertThat(next.fencingToken()).isGreaterThan(first);
        }
    }

    @Test
    void a_holder_past_its_lease_loses_the_lock_and_its_late_write_is_refused() throws Exception {
        TestingServer server = server();
        DistributedLock slow = locks(client(server.getConnectString(), Duration.ofSeconds(10)), "slow", Duration.ofMillis(400))
                .lock("lease");
        DistributedLock next = locks(client(server.getConnectString(), Duration.ofSeconds(10)), "next", Duration.ofMinutes(1))
                .lock("lease");
        LockHandle late = slow.tryAcquire().orElseThrow();
        CountDownLatch lost = new CountDownLatch(1);
        late.onLost(lost::countDown);
        assertThat(lost.await(60, TimeUnit.SECONDS)).as("loss callback").isTrue();
        assertThat(late.isValid()).isFalse();
        assertThatThrownBy(() -> store.write(late, "late")).isInstanceOf(LockLostException.class);

        try (LockHandle fresh = next.acquire(Duration.ofSeconds(60)).orElseThrow()) {
            store.write(fresh, "fresh");
            assertThatThrownBy(() -> store.writeWithToken("lease", late.fencingToken(), "late"))
                    .isInstanceOf(StaleFencingTokenException.class);
            assertThat(store.value("lease")).isEqualTo("fresh");
        }
        late.close();
        try (LockHandle again = slow.acquire(Duration.ofSeconds(60)).orElseThrow()) {
            assertThat(again.fencingToken()).as("the thread that lost the lock can take it again").isPositive();
        }
    }

    @Test
    void the_lock_is_not_reentrant() throws Exception {
        TestingServer server = server();
        DistributedLock lock = locks(client(server.getConnectString(), Duration.ofSeconds(10)), "r", Duration.ofMinutes(1))
                .lock("reentrant");
        try (LockHandle held = lock.tryAcquire().orElseThrow()) {
            assertThatThrownBy(lock::tryAcquire).isInstanceOf(IllegalStateException.class).hasMessageContaining("re-entrant");
            assertThat(held.isValid()).isTrue();
        }
        assertThat(lock.tryAcquire()).isPresent().get().satisfies(LockHandle::close);
    }

    @Test
    void fault_1_an_expired_session_frees_the_lock_and_the_stale_holder_changes_nothing() throws Exception {
        TestingServer server = server();
        CuratorFramework stale = client(server.getConnectString(), Duration.ofSeconds(10));
        LockHandle old = locks(stale, "stale", Duration.ofMinutes(1)).lock("session").tryAcquire().orElseThrow();
        store.write(old, "old");

        stale.getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
        await().atMost(Duration.ofSeconds(60)).until(() -> !old.isValid());

        DistributedLock other = locks(client(server.getConnectString(), Duration.ofSeconds(10)), "other", Duration.ofMinutes(1))
                .lock("session");
        try (LockHandle fresh = other.acquire(Duration.ofSeconds(60)).orElseThrow()) {
            assertThat(fresh.fencingToken()).isGreaterThan(old.fencingToken());
            store.write(fresh, "new");
        }
        assertThatThrownBy(() -> store.writeWithToken("session", old.fencingToken(), "stale"))
                .isInstanceOf(StaleFencingTokenException.class);
        assertThat(store.value("session")).isEqualTo("new");
    }

    @Test
    void fault_2_a_server_restart_within_the_session_suspends_the_holder_then_confirms_it() throws Exception {
        TestingServer server = server();
        CuratorFramework client = client(server.getConnectString(), Duration.ofSeconds(20));
        try (LockHandle held = locks(client, "holder", Duration.ofMinutes(1)).lock("restart").tryAcquire().orElseThrow()) {
            server.stop();
            await().atMost(Duration.ofSeconds(60)).until(() -> !held.isValid());
            assertThatThrownBy(() -> store.write(held, "while suspended")).isInstanceOf(LockLostException.class);
            assertThat(store.value("restart")).isNull();

            server.restart();
            // bounded in effect by the 20 s session: were it to expire, the handle would be LOST, never valid again
            await().atMost(Duration.ofSeconds(60)).until(held::isValid);
            store.write(held, "after reconnect");
            assertThat(store.value("restart")).isEqualTo("after reconnect");
        }
    }

    @Test
    void fault_4_without_quorum_nothing_is_granted_and_after_healing_work_resumes() throws Exception {
        TestingCluster cluster = new TestingCluster(3);
        closeLater.add(cluster);
        cluster.start();
        CuratorFramework holderClient = client(cluster.getConnectString(), Duration.ofSeconds(6));
        DistributedLock lock = locks(holderClient, "holder", Duration.ofMinutes(1)).lock("quorum");
        LockHandle held = lock.tryAcquire().orElseThrow();
        store.write(held, "before");
        CuratorFramework contenderClient = client(cluster.getConnectString(), Duration.ofSeconds(6));
        DistributedLock contender = locks(contenderClient, "contender", Duration.ofMinutes(1)).lock("quorum");

        List<InstanceSpec> down = new ArrayList<>(cluster.getInstances()).subList(0, 2);
        for (InstanceSpec spec : down) {
            cluster.killServer(spec);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !held.isValid());
        assertThatThrownBy(() -> store.write(held, "no quorum")).isInstanceOf(LockLostException.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> !contenderClient.getZookeeperClient().isConnected());
        assertThatThrownBy(() -> contender.acquire(Duration.ofSeconds(2))).as("no grant without quorum")
                .isInstanceOf(CoordinationException.class).hasMessageContaining("quorum");

        for (InstanceSpec spec : down) {
            cluster.restartServer(spec);
        }
        held.close();
        await().atMost(Duration.ofSeconds(60)).until(() -> contenderClient.getZookeeperClient().isConnected());
        try (LockHandle after = contender.acquire(Duration.ofSeconds(60)).orElseThrow()) {
            assertThat(after.fencingToken()).isGreaterThan(held.fencingToken());
            store.write(after, "after healing");
        }
        assertThat(store.value("quorum")).isEqualTo("after healing");
    }

    record Tenure(long token, long acquiredAt, long releasedAt) {
    }

    @Test
    void fault_7_fifty_contenders_never_overlap_and_tokens_strictly_increase() throws Exception {
        TestingServer server = server();
        List<DistributedLock> lockPerClient = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            lockPerClient.add(locks(client(server.getConnectString(), Duration.ofSeconds(15)), "client-" + c,
                    Duration.ofMinutes(1)).lock("contended"));
        }
        List<Tenure> history = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 50; t++) {
                DistributedLock lock = lockPerClient.get(t % 5);
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        try (LockHandle handle = lock.acquire(Duration.ofSeconds(300)).orElseThrow()) {
                            long acquired = System.nanoTime();
                            handle.requireValid();
                            long released = System.nanoTime();
                            history.add(new Tenure(handle.fencingToken(), acquired, released));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(600, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(history).hasSize(1000);
        assertThat(LockHistory.violations(history.stream()
                .map(t -> new LockHistory.Tenure(t.token(), t.acquiredAt(), t.releasedAt())).toList())).isEmpty();
    }
}
