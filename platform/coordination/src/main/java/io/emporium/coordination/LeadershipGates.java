package io.emporium.coordination;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leader election per service, for its singleton work: its jobs and the relay of its outbox. The
 * election of the service whose schema is {@code orders} is {@code <emporium.jobs.group>/orders}
 * ({@code /emporium/leaders/jobs/orders}); only processes that run the service join it, so a service's jobs
 * and events run in whichever of its processes leads, never in a process without it, and each service's
 * leader is elected apart from the others'. Each election's fencing tokens are fenced under its own name
 * ({@code jobs/orders:order-timeouts}), so two services' leaders never refuse each other's writes.
 */
public class LeadershipGates implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeadershipGates.class);

    private final CuratorFramework curator;
    private final String group;
    private final String participantId;
    private final Map<String, LeadershipGate> gates = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public LeadershipGates(CuratorFramework curator, String group, String participantId) {
        this.curator = curator;
        this.group = group;
        this.participantId = participantId;
    }

    /** The election of the service with {@code schema} (joined on first use). */
    public LeadershipGate gate(String schema) {
        if (!schema.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a schema name: " + schema);
        }
        return gates.computeIfAbsent(schema, s -> {
            if (closed) {
                throw new IllegalStateException("the elections are closed");
            }
            LeadershipGate gate = new LeadershipGate(curator, group + "/" + s, participantId);
            gate.start();
            return gate;
        });
    }

    /** Every election this process takes part in, by name. */
    public List<LeadershipGate> all() {
        return gates.values().stream().sorted(Comparator.comparing(LeadershipGate::group)).toList();
    }

    @Override
    public void close() {
        closed = true;
        for (LeadershipGate gate : gates.values()) {
            try {
                gate.close();
            } catch (Exception e) {
                log.warn("cannot leave the election {}: {}", gate.group(), e.toString());
            }
        }
    }
}
