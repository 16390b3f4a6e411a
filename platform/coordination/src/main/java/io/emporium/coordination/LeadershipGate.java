package io.emporium.coordination;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.state.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election among the processes of one platform (Curator {@link LeaderLatch}) for the
 * singleton jobs. {@link #isLeader()} is false from the moment this process's client knows that its
 * connection is down or its session expired (before any connection-state listener is told of the
 * SUSPENDED or LOST) until leadership is confirmed again, so a job that checks it before each batch
 * stops at once.
 *
 * <p>What it cannot do: learn of its deposition before its own client does. ZooKeeper ends a session
 * on the server (expiry, or a close) and tells the other participants' watches; the deposed client
 * hears of it only when its own event thread gets to it, or, cut off, when it reconnects. In that
 * window the next participant can already lead while this gate still says it leads. That is why
 * every leader write is fenced with {@link #fencingToken()}: a deposed leader's write is refused once
 * the new leader has written (see docs/coordination.md, "Two leaders for a moment").
 */
public class LeadershipGate implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeadershipGate.class);

    private final LeaderLatch latch;
    private final CuratorFramework client;
    private final String group;
    private final AtomicBoolean connected = new AtomicBoolean(true);
    /** Our leadership while we lead, null otherwise: the fencing token of the leader's writes and its session. */
    private volatile Held held;
    /** The latch made us leader but reading our node failed: read it again when asked. */
    private volatile boolean tokenUnread;

    /**
     * The czxid of our latch node, read while Curator's ZooKeeper handle number {@code instance} was current and
     * the node was owned by that handle's session. Curator counts a new handle the moment it starts handling a
     * session expiry (before it closes the old handle, and before any listener hears LOST); a token of an older
     * handle is a dead session's, whatever the listeners and the latch have been told so far.
     */
    private record Held(long token, long instance) {
    }

    public LeadershipGate(CuratorFramework client, String group, String participantId) {
        this.client = client;
        this.group = group;
        this.latch = new LeaderLatch(client, "/leaders/" + group, participantId);
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                Held read = readOurNode();
                held = read;
                tokenUnread = read == null;
                log.info("{} leads '{}' (fencing token {})", participantId, group, read == null ? 0 : read.token());
            }

            @Override
            public void notLeader() {
                held = null;
                tokenUnread = false;
                log.info("{} no longer leads '{}'", participantId, group);
            }
        });
        client.getConnectionStateListenable().addListener((c, state) -> {
            if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
                connected.set(false);
                // leadership is in doubt: only the latch's next isLeader callback may give it back
                held = null;
                tokenUnread = false;
            } else if (state.isConnected()) {
                connected.set(true);
            }
        });
    }

    public void start() {
        try {
            latch.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot join the leader election", e);
        }
    }

    /**
     * True only while this process holds leadership over a live connection. Never blocks, except in
     * the rare case that reading our node failed when leadership was won: then it reads it once more.
     */
    public boolean isLeader() {
        return current() != null;
    }

    /**
     * The token the leader passes to {@link Fence} with each write of a singleton job: it rises with
     * every change of leader, so a deposed leader's late write is refused. Empty when not leading.
     */
    public java.util.Optional<LeaderToken> fencingToken() {
        Held current = current();
        return current == null ? java.util.Optional.empty() : java.util.Optional.of(new LeaderToken(group, current.token()));
    }

    private Held current() {
        var zooKeeper = client.getZookeeperClient();
        // the client's own flag turns false on its event thread before SUSPENDED or LOST is handed to any
        // listener (ours included, in no fixed order): so whoever hears of the loss already sees no leader
        if (!zooKeeper.isConnected() || !connected.get() || !latch.hasLeadership()) {
            return null;
        }
        Held current = held;
        if (current == null && tokenUnread) {
            current = readOurNode(); // the read when we won failed: try again rather than lead without a token
            held = current;
            tokenUnread = current == null;
        }
        // a token of an earlier handle belongs to an expired session, even if LOST has not reached us yet
        return current != null && current.instance() == zooKeeper.getInstanceIndex() ? current : null;
    }

    /**
     * Runs a leader-only job in batches: {@code batch} gets the current fencing token and returns
     * how many items it handled; it runs again while the last batch was full and this process still
     * leads (a deposed leader stops between batches). Returns the total handled.
     */
    public int drain(int batchSize, java.util.function.ToIntFunction<LeaderToken> batch) {
        int total = 0;
        int handled;
        do {
            var token = fencingToken();
            if (token.isEmpty()) {
                return total;
            }
            handled = batch.applyAsInt(token.get());
            total += handled;
        } while (handled == batchSize);
        return total;
    }

    public String group() {
        return group;
    }

    /** The id of the current leader and of every participant, for the admin view. */
    public Leadership describe() {
        try {
            var participants = latch.getParticipants().stream().map(p -> p.getId()).toList();
            var leader = latch.getLeader();
            Held current = held;
            return new Leadership(group, leader.isLeader() ? leader.getId() : null, participants, latch.getId(),
                    current == null ? 0 : current.token());
        } catch (Exception e) {
            throw new CoordinationException("cannot read the election of " + group, e);
        }
    }

    public record Leadership(String group, String leader, java.util.List<String> participants, String self, long token) {
    }

    /** Our latch node's czxid, if the node is there and owned by the session of the current handle; else null. */
    private Held readOurNode() {
        try {
            var zooKeeper = client.getZookeeperClient();
            long instance = zooKeeper.getInstanceIndex();
            long session = zooKeeper.getZooKeeper().getSessionId();
            var stat = client.checkExists().forPath(latch.getOurPath());
            if (stat == null || stat.getEphemeralOwner() != session || zooKeeper.getInstanceIndex() != instance) {
                return null; // gone, or another session's: the latch will notice and re-elect
            }
            return new Held(stat.getCzxid(), instance);
        } catch (Exception e) {
            log.warn("cannot read our leader latch node: {}", e.toString());
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        latch.close();
    }
}
