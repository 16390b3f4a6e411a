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
 * singleton jobs. {@link #isLeader()} is false from the moment the connection is SUSPENDED or
 * LOST until leadership is confirmed again, so a job that checks it before each batch stops at once.
 */
public class LeadershipGate implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeadershipGate.class);

    private final LeaderLatch latch;
    private final CuratorFramework client;
    private final String group;
    private final AtomicBoolean connected = new AtomicBoolean(true);
    /** The czxid of our latch node while we lead, 0 otherwise: the fencing token of the leader's writes. */
    private volatile long token;
    /** The latch made us leader but reading our node failed: read it again when asked. */
    private volatile boolean tokenUnread;

    public LeadershipGate(CuratorFramework client, String group, String participantId) {
        this.client = client;
        this.group = group;
        this.latch = new LeaderLatch(client, "/leaders/" + group, participantId);
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                token = ourNodeCzxid();
                tokenUnread = token == 0;
                log.info("{} leads '{}' (fencing token {})", participantId, group, token);
            }

            @Override
            public void notLeader() {
                token = 0;
                tokenUnread = false;
                log.info("{} no longer leads '{}'", participantId, group);
            }
        });
        client.getConnectionStateListenable().addListener((c, state) -> {
            if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
                connected.set(false);
                // leadership is in doubt: only the latch's next isLeader callback may give it back
                token = 0;
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

    /** True only while this process holds leadership over a live connection. Never blocks. */
    public boolean isLeader() {
        if (!connected.get() || !latch.hasLeadership()) {
            return false;
        }
        if (token == 0 && tokenUnread) {
            token = ourNodeCzxid(); // the read when we won failed: try again rather than lead without a token
            tokenUnread = token == 0;
        }
        return token > 0;
    }

    /**
     * The token the leader passes to {@link Fence} with each write of a singleton job: it rises with
     * every change of leader, so a deposed leader's late write is refused. Empty when not leading.
     */
    public java.util.Optional<LeaderToken> fencingToken() {
        long current = token;
        return isLeader() && current > 0 ? java.util.Optional.of(new LeaderToken(group, current)) : java.util.Optional.empty();
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
            return new Leadership(group, leader.isLeader() ? leader.getId() : null, participants, latch.getId(), token);
        } catch (Exception e) {
            throw new CoordinationException("cannot read the election of " + group, e);
        }
    }

    public record Leadership(String group, String leader, java.util.List<String> participants, String self, long token) {
    }

    private long ourNodeCzxid() {
        try {
            var stat = client.checkExists().forPath(latch.getOurPath());
            return stat == null ? 0 : stat.getCzxid();
        } catch (Exception e) {
            log.warn("cannot read our leader latch node: {}", e.toString());
            return 0;
        }
    }

    @Override
    public void close() throws IOException {
        latch.close();
    }
}
