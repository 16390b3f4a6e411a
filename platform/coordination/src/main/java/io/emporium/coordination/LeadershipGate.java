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
    private final AtomicBoolean connected = new AtomicBoolean(true);

    public LeadershipGate(CuratorFramework client, String group, String participantId) {
        this.latch = new LeaderLatch(client, "/leaders/" + group, participantId);
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                log.info("{} leads '{}'", participantId, group);
            }

            @Override
            public void notLeader() {
                log.info("{} no longer leads '{}'", participantId, group);
            }
        });
        client.getConnectionStateListenable().addListener((c, state) -> {
            if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
                connected.set(false);
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
        return connected.get() && latch.hasLeadership();
    }

    @Override
    public void close() throws IOException {
        latch.close();
    }
}
