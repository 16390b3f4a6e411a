package io.emporium.coordination;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on a named resource, shared by every process on the ensemble (Curator's
 * {@code InterProcessMutex}: waiters watch only their predecessor, so a release wakes one waiter
 * and nothing polls). Each acquisition gets a {@linkplain LockHandle#fencingToken() fencing token},
 * the czxid of the holder's lock node, which strictly increases for the resource across holders,
 * sessions, restarts and ZooKeeper leader changes. A holder keeps the lock for at most its lease;
 * it also loses it when its session is lost, and cannot count on it while the connection is
 * suspended. The lock is for efficiency; correctness comes from passing the token to
 * {@link Fence} with every write the lock protects.
 *
 * <p>Not re-entrant per handle: each successful acquisition returns a new handle that must be
 * closed by the thread that acquired it. Acquiring blocks the calling thread; it throws
 * {@link InterruptedException} if interrupted and {@link CoordinationException} if ZooKeeper fails
 * or is not connected (no quorum): the lock refuses rather than wait on a retry policy.
 */
public final class DistributedLock {

    private static final Logger log = LoggerFactory.getLogger(DistributedLock.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

    private final CuratorFramework client;
    private final String resource;
    private final String path;
    private final String holder;
    private final Duration lease;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    /** Threads holding a handle of this lock now: a second acquisition by one of them would wait on itself. */
    private final java.util.Set<Thread> holdingThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    DistributedLock(CuratorFramework client, String resource, String holder, Duration lease, ScheduledExecutorService timer,
            Clock clock) {
        if (!NAME.matcher(resource).matches()) {
            throw new IllegalArgumentException("a lock name is 1-100 letters, digits, '_', '.', ':' or '-'");
        }
        this.client = client;
        this.resource = resource;
        this.path = "/locks/" + resource;
        this.holder = holder;
        this.lease = lease;
        this.timer = timer;
        this.clock = clock;

    }

    public String resource() {
        return resource;
    }

    /** Takes the lock if it is free now; never waits for another holder. */
    public Optional<LockHandle> tryAcquire() {
        return acquireWithin(Duration.ZERO);
    }

    /** Waits up to {@code timeout} for the lock. */
    public Optional<LockHandle> acquire(Duration timeout) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
        try {
            Optional<LockHandle> handle = acquireWithin(timeout);
            if (handle.isEmpty() && Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            return handle;
        } catch (CoordinationException e) {
            if (e.getCause() instanceof InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw interrupted;
            }
            throw e;
        }
    }

    private Optional<LockHandle> acquireWithin(Duration timeout) {
        if (!client.getZookeeperClient().isConnected()) {
            // Curator would retry the lock node's creation for as long as its retry policy allows,
            // ignoring our timeout; without a quorum a CP lock refuses at once instead.
            throw new CoordinationException("not connected to a ZooKeeper quorum: the lock on " + resource
                    + " cannot be granted now", null);
        }
        Thread self = Thread.currentThread();
        if (holdingThreads.contains(self)) {
            throw new IllegalStateException("this thread already holds the lock on " + resource + " (it is not re-entrant)");
        }
        FencedMutex mutex = new FencedMutex(client, path, holder);
        boolean acquired;
        try {
            acquired = mutex.acquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new CoordinationException("cannot acquire the lock on " + resource, e);
        }
        if (!acquired) {
            return Optional.empty();
        }
        String node = mutex.lockNodePath();
        long czxid = mutex.czxid();
        if (node == null || czxid == 0) {
            releaseQuietly(mutex);
            throw new CoordinationException("the lock on " + resource + " was granted without a node of ours", null);
        }
        Instant now = Instant.now(clock);
        ConnectionStateListener[] listener = new ConnectionStateListener[1];
        LockHandle handle = new LockHandle(resource, czxid, node, now, now.plus(lease),
                () -> {
                    client.getConnectionStateListenable().removeListener(listener[0]);
                    holdingThreads.remove(self);
                    releaseQuietly(mutex);
                },
                () -> {
                    client.getConnectionStateListenable().removeListener(listener[0]);
                    deleteQuietly(node);
                },
                () -> holdingThreads.remove(self),
                clock);
        holdingThreads.add(self);
        listener[0] = (c, state) -> onConnectionChange(handle, state, czxid);
        client.getConnectionStateListenable().addListener(listener[0]);
        if (!client.getZookeeperClient().isConnected()) {
            handle.suspended(); // the connection dropped before the listener was in place
            timer.execute(() -> {
                if (client.getZookeeperClient().isConnected()) {
                    handle.reconnected(stillOurs(node, czxid));
                }
            });
        }
        handle.leaseTimer(timer.schedule(() -> handle.lose("lease of " + lease.toMillis() + " ms ran out"),
                lease.toMillis(), TimeUnit.MILLISECONDS));
        return Optional.of(handle);
    }

    private void onConnectionChange(LockHandle handle, ConnectionState state, long czxid) {
        switch (state) {
            case SUSPENDED -> handle.suspended();
            case LOST -> handle.lose("ZooKeeper session lost");
            case RECONNECTED -> timer.execute(() -> handle.reconnected(stillOurs(handle.nodePath(), czxid)));
            default -> {
            }
        }
    }

    private boolean stillOurs(String node, long czxid) {
        try {
            Stat stat = client.checkExists().forPath(node);
            return stat != null && stat.getCzxid() == czxid;
        } catch (Exception e) {
            log.warn("cannot confirm the lock node {} after reconnecting: {}", node, e.toString());
            return false;
        }
    }

    private void releaseQuietly(FencedMutex mutex) {
        try {
            mutex.release();
        } catch (Exception e) {
            log.warn("releasing the lock on {} failed (its node goes with the session): {}", resource, e.toString());
        }
    }

    private void deleteQuietly(String node) {
        try {
            // in the background: this runs on the lease timer, which must never wait on ZooKeeper
            client.delete().guaranteed().inBackground().forPath(node);
        } catch (Exception e) {
            log.warn("could not remove the lock node {} of a lost lock: {}", node, e.toString());
        }
    }
}
