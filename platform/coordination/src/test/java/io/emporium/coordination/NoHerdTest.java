package io.emporium.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With 50 waiters on one lock, each waiter watches only the node just ahead of it (read from the
 * server's own watch table), so a release notifies one waiter, not the herd; and one release lets
 * exactly one waiter in.
 */
@Timeout(600) // a guard against a hang, not a speed limit
class NoHerdTest {

    @Test
    void fifty_waiters_each_watch_one_node_and_a_release_admits_one() throws Exception {
        InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1, Map.of("4lw.commands.whitelist", "*"));
        try (TestingServer server = new TestingServer(spec, true)) {
            CuratorFramework client = CuratorFrameworkFactory.builder().connectString(server.getConnectString())
                    .sessionTimeoutMs(15_000).retryPolicy(new RetryNTimes(10, 100)).namespace("emporium").build();
            client.start();
            assertThat(client.blockUntilConnected(60, TimeUnit.SECONDS)).isTrue();
            ExecutorService pool = Executors.newFixedThreadPool(50);
            try (DistributedLocks locks = new DistributedLocks(client, "herd", Duration.ofMinutes(5), Clock.systemUTC())) {
                DistributedLock lock = locks.lock("herd");
                LockHandle first = lock.tryAcquire().orElseThrow();
                AtomicInteger admitted = new AtomicInteger();
                CountDownLatch releaseAll = new CountDownLatch(1);
                for (int i = 0; i < 50; i++) {
                    pool.submit(() -> {
                        try (LockHandle h = lock.acquire(Duration.ofSeconds(300)).orElseThrow()) {
                            admitted.incrementAndGet();
                            releaseAll.await();
                        }
                        return null;
                    });
                }
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> client.getChildren().forPath("/locks/herd").size() == 51);

                // a waiter creates its node first and sets its watch a moment later: wait until all 50 have
                // (were they a herd, all watching one node, the count of watched nodes would never reach 50)
                List<Integer> watchersPerLockNode = await().atMost(Duration.ofSeconds(120))
                        .until(() -> watchersPerLockNode(server), w -> w.size() >= 50);
                assertThat(watchersPerLockNode).as("watched lock nodes").hasSize(50);
                assertThat(watchersPerLockNode).as("watchers per lock node").allMatch(n -> n == 1);

                first.close();
                await().atMost(Duration.ofSeconds(60)).until(() -> admitted.get() == 1);
                // and no second waiter follows it for a while (the bound only leaves room for slow polls)
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(30)).until(() -> admitted.get() == 1);
                releaseAll.countDown();
                // and then every waiter gets its turn, one after the other, before the locks are closed
                await().atMost(Duration.ofSeconds(120)).until(() -> admitted.get() == 50);
            } finally {
                pool.shutdown();
                pool.awaitTermination(60, TimeUnit.SECONDS);
                client.close();
            }
        }
    }

    /** For each watched node under the lock, how many sessions watch it: from the server's watch table ({@code wchp}). */
    static List<Integer> watchersPerLockNode(TestingServer server) throws Exception {
        String watches = FourLetterWordMain.send4LetterWord("127.0.0.1", server.getPort(), "wchp");
        List<Integer> watchersPerLockNode = new ArrayList<>();
        String current = null;
        int count = 0;
        for (String line : watches.split("\n")) {
            if (line.startsWith("/")) {
                if (current != null && current.startsWith("/emporium/locks/herd/")) {
                    watchersPerLockNode.add(count);
                }
                current = line.trim();
                count = 0;
            } else if (!line.isBlank()) {
                count++;
            }
        }
        if (current != null && current.startsWith("/emporium/locks/herd/")) {
            watchersPerLockNode.add(count);
        }
        return watchersPerLockNode;
    }
}
