package io.emporium.coordination;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.curator.framework.CuratorFramework;

/** Makes {@link DistributedLock}s for this process; one instance per Curator client. */
public class DistributedLocks implements AutoCloseable {

    private final CuratorFramework client;
    private final String holder;
    private final Duration defaultLease;
    private final Clock clock;
    // two threads: a reconnection check reads ZooKeeper and must not hold up a lease that runs out meanwhile
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("lock-leases").daemon(true).factory());

    public DistributedLocks(CuratorFramework client, String holder, Duration defaultLease, Clock clock) {
        this.client = client;
        this.holder = holder;
        this.defaultLease = defaultLease;
        this.clock = clock;
    }

    public DistributedLock lock(String resource) {
        return lock(resource, defaultLease);
    }

    public DistributedLock lock(String resource, Duration lease) {
        return new DistributedLock(client, resource, holder, lease, timer, clock);
    }

    /** Who holds what now, read from ZooKeeper: for the admin view. */
    public List<Holder> holders() {
        List<Holder> holders = new ArrayList<>();
        try {
            if (client.checkExists().forPath("/locks") == null) {
                return holders;
            }
            for (String resource : client.getChildren().forPath("/locks")) {
                List<String> nodes = client.getChildren().forPath("/locks/" + resource);
                nodes.stream().min(java.util.Comparator.comparing(n -> n.substring(n.lastIndexOf('-') + 1))).ifPresent(first -> {
                    try {
                        var stat = new org.apache.zookeeper.data.Stat();
                        byte[] data = client.getData().storingStatIn(stat).forPath("/locks/" + resource + "/" + first);
                        holders.add(new Holder(resource, new String(data, java.nio.charset.StandardCharsets.UTF_8),
                                stat.getCzxid(), java.time.Instant.ofEpochMilli(stat.getCtime()), nodes.size() - 1));
                    } catch (org.apache.zookeeper.KeeperException.NoNodeException e) {
                        // released while we looked
                    } catch (Exception e) {
                        throw new CoordinationException("cannot read lock " + resource, e);
                    }
                });
            }
        } catch (CoordinationException e) {
            throw e;
        } catch (Exception e) {
            throw new CoordinationException("cannot list locks", e);
        }
        return holders;
    }

    public record Holder(String resource, String holder, long token, java.time.Instant since, int waiting) {
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
