package io.emporium.coordination;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ownership of a {@link DistributedLock}, for a try-with-resources block. It carries the fencing
 * token to pass to every write the lock protects. Ownership ends at {@link #close()}, when the
 * lease runs out, when the ZooKeeper session is lost, and (until the connection is confirmed
 * again) while it is SUSPENDED; {@link #isValid()} says which, and the callbacks fire once on loss.
 * Close it from the thread that acquired it (Curator's mutex belongs to that thread).
 */
public final class LockHandle implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LockHandle.class);

    enum State { HELD, SUSPENDED, LOST, RELEASED }

    private final String resource;
    private final long fencingToken;
    private final String nodePath;
    private final Instant since;
    private final Instant leaseEnd;
    private final Runnable releaser;
    private final Runnable onLossCleanup;
    private final Runnable abandon;
    private final java.time.Clock clock;
    private final AtomicReference<State> state = new AtomicReference<>(State.HELD);
    private final List<Runnable> lossCallbacks = new CopyOnWriteArrayList<>();
    private volatile String lossReason;
    private volatile ScheduledFuture<?> leaseTimer;

    LockHandle(String resource, long fencingToken, String nodePath, Instant since, Instant leaseEnd, Runnable releaser,
            Runnable onLossCleanup, Runnable abandon, java.time.Clock clock) {
        this.abandon = abandon;
        this.clock = clock;
        this.resource = resource;
        this.fencingToken = fencingToken;
        this.nodePath = nodePath;
        this.since = since;
        this.leaseEnd = leaseEnd;
        this.releaser = releaser;
        this.onLossCleanup = onLossCleanup;
    }

    /** Strictly increasing for a resource across holders, sessions, restarts and ZooKeeper leader changes (the node's czxid). */
    public long fencingToken() {
        return fencingToken;
    }

    public String resource() {
        return resource;
    }

    public Instant since() {
        return since;
    }

    public Instant leaseEnd() {
        return leaseEnd;
    }

    String nodePath() {
        return nodePath;
    }

    /** True only while this holder may act: held, within the lease, over a connection not in doubt. Never blocks. */
    public boolean isValid() {
        return state.get() == State.HELD && clock.instant().isBefore(leaseEnd);
    }

    /** Throws {@link LockLostException} unless {@link #isValid()}. */
    public void requireValid() {
        State current = state.get();
        if (current == State.HELD && !clock.instant().isBefore(leaseEnd)) {
            throw new LockLostException(resource, "lease ran out at " + leaseEnd);
        }
        if (current != State.HELD) {
            throw new LockLostException(resource, current == State.SUSPENDED ? "connection to ZooKeeper suspended"
                    : current == State.RELEASED ? "released" : String.valueOf(lossReason));
        }
    }

    /** Runs {@code callback} once when ownership is lost (not on a normal close); at once if it already was. */
    public void onLost(Runnable callback) {
        java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable once = () -> {
            if (fired.compareAndSet(false, true)) {
                callback.run();
            }
        };
        lossCallbacks.add(once);
        if (state.get() == State.LOST) {
            fire(once);
        }
    }

    void leaseTimer(ScheduledFuture<?> timer) {
        this.leaseTimer = timer;
    }

    void suspended() {
        state.compareAndSet(State.HELD, State.SUSPENDED);
    }

    void reconnected(boolean stillOurs) {
        if (stillOurs) {
            state.compareAndSet(State.SUSPENDED, State.HELD);
        } else {
            lose("the lock node disappeared while the connection was suspended");
        }
    }

    /** Ownership ends without the holder asking; the node is removed so that others can take the lock. */
    void lose(String reason) {
        State previous = state.get();
        if (previous == State.LOST || previous == State.RELEASED || !state.compareAndSet(previous, State.LOST)) {
            return;
        }
        lossReason = reason;
        ScheduledFuture<?> timer = leaseTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        log.warn("lock on {} (token {}) lost: {}", resource, fencingToken, reason);
        onLossCleanup.run();
        lossCallbacks.forEach(this::fire);
    }

    private void fire(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.warn("a lock-loss callback for {} failed", resource, e);
        }
    }

    /**
     * Releases the lock. A lost lock (its node already gone) needs no ZooKeeper call: the acquiring
     * thread's record of it is dropped, so that thread can take the lock again. Call from the acquiring thread.
     */
    @Override
    public void close() {
        State previous = state.getAndSet(State.RELEASED);
        if (previous == State.RELEASED) {
            return;
        }
        ScheduledFuture<?> timer = leaseTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        if (previous == State.LOST) {
            abandon.run();
        } else {
            releaser.run();
        }
    }
}
