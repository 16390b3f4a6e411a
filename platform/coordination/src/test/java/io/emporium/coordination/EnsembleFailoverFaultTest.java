package io.emporium.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault 3: a three-server ensemble loses the server the holder is connected to, then its leader.
 * A monitor samples both clients' handles all along: at no sampled instant are two holders valid,
 * and the lock ends up usable again with a higher token. The test does not count samples (a faster
 * run takes fewer); instead, after each step it waits until the monitor has sampled again, so every
 * phase is watched however fast or slow the machine is.
 */
@Timeout(900) // a guard against a hang, not a speed limit
class EnsembleFailoverFaultTest {

    static CuratorFramework client(String connect) throws InterruptedException {
        // a session long enough that a client on a busy machine reconnects to another server well within it
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(connect).sessionTimeoutMs(20_000)
                .connectionTimeoutMs(2000).retryPolicy(new RetryNTimes(200, 100)).namespace("emporium").build();
        client.start();
        assertThat(client.blockUntilConnected(60, TimeUnit.SECONDS)).isTrue();
        return client;
    }

    static Optional<InstanceSpec> leader(TestingCluster cluster, java.util.Set<InstanceSpec> down) {
        for (InstanceSpec spec : cluster.getInstances()) {
            if (down.contains(spec)) {
                continue;
            }
            try {
                String stat = FourLetterWordMain.send4LetterWord("127.0.0.1", spec.getPort(), "srvr");
                if (stat.contains("Mode: leader")) {
                    return Optional.of(spec);
                }
            } catch (Exception e) {
                // not answering: not the leader
            }
        }
        return Optional.empty();
    }

    @Test
    void two_holders_are_never_valid_at_once_through_server_and_leader_failures() throws Exception {
        try (TestingCluster cluster = new TestingCluster(3)) {
            cluster.start();
            CuratorFramework holderClient = client(cluster.getConnectString());
            CuratorFramework contenderClient = client(cluster.getConnectString());
            try (DistributedLocks holderLocks = new DistributedLocks(holderClient, "holder", Duration.ofMinutes(5), Clock.systemUTC());
                    DistributedLocks contenderLocks = new DistributedLocks(contenderClient, "contender", Duration.ofMinutes(5),
                            Clock.systemUTC())) {
                LockHandle held = holderLocks.lock("failover").tryAcquire().orElseThrow();
                AtomicReference<LockHandle> taken = new AtomicReference<>();
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicInteger maxValid = new AtomicInteger();
                AtomicInteger samples = new AtomicInteger();
                Thread monitor = Thread.ofPlatform().start(() -> {
                    while (running.get()) {
                        LockHandle other = taken.get();
                        int valid = (held.isValid() ? 1 : 0) + (other != null && other.isValid() ? 1 : 0);
                        maxValid.accumulateAndGet(valid, Math::max);
                        samples.incrementAndGet();
                        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
                    }
                });
                Thread contender = Thread.ofPlatform().start(() -> {
                    while (running.get() && taken.get() == null) {
                        try {
                            contenderLocks.lock("failover").acquire(Duration.ofSeconds(1)).ifPresent(taken::set);
                        } catch (CoordinationException e) {
                            // refused at once while disconnected: ask again a little later
                            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });

                // the monitor has looked at the handles since this call: the phase just reached is watched
                Runnable sampledSinceNow = () -> {
                    int before = samples.get();
                    await().atMost(Duration.ofSeconds(60)).until(() -> samples.get() > before + 1);
                };
                java.util.Set<InstanceSpec> down = new java.util.HashSet<>();
                InstanceSpec holderServer = cluster.findConnectionInstance(holderClient.getZookeeperClient().getZooKeeper());
                sampledSinceNow.run();
                cluster.killServer(holderServer);
                down.add(holderServer);
                sampledSinceNow.run();
                await().atMost(Duration.ofSeconds(120)).until(held::isValid);
                sampledSinceNow.run();
                cluster.restartServer(holderServer);
                down.remove(holderServer);

                InstanceSpec leader = await().atMost(Duration.ofSeconds(120)).until(() -> leader(cluster, down), Optional::isPresent)
                        .orElseThrow();
                cluster.killServer(leader);
                down.add(leader);
                sampledSinceNow.run();
                await().atMost(Duration.ofSeconds(120)).until(() -> held.isValid() || taken.get() != null);
                sampledSinceNow.run();
                cluster.restartServer(leader);

                held.close();
                await().atMost(Duration.ofSeconds(120)).until(() -> taken.get() != null && taken.get().isValid());
                sampledSinceNow.run();
                running.set(false);
                monitor.join();
                contender.join(5000);

                assertThat(maxValid.get()).as("holders valid at the same instant").isLessThanOrEqualTo(1);
                assertThat(taken.get().fencingToken()).isGreaterThan(held.fencingToken());
                taken.get().close();
            } finally {
                holderClient.close();
                contenderClient.close();
            }
        }
    }
}
