package io.emporium.coordination;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.ServiceInstance;
import org.apache.curator.x.discovery.details.JsonInstanceSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service instances of the platform in ZooKeeper (Curator's service discovery, under
 * {@code /emporium/services/<service>/<instance>}). A process registers one instance per service it runs once
 * it is ready to take traffic and removes them when it stops taking it. The nodes are ephemeral: when the
 * process dies its session expires and its instances are gone within the session timeout; after a reconnect
 * Curator registers them again.
 */
public final class ServiceRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceRegistry.class);
    public static final String BASE_PATH = "/services";

    static final java.time.Duration DEREGISTER_WITHIN = java.time.Duration.ofSeconds(2);

    private final CuratorFramework curator;
    private final ServiceDiscovery<InstanceDetails> discovery;
    private final String process;
    private final List<ServiceInstance<InstanceDetails>> mine = new ArrayList<>();

    public ServiceRegistry(CuratorFramework curator, String process) {
        this.curator = curator;
        this.discovery = ServiceDiscoveryBuilder.builder(InstanceDetails.class).client(curator).basePath(BASE_PATH)
                .serializer(new JsonInstanceSerializer<>(InstanceDetails.class)).watchInstances(true).build();
        this.process = process;
    }

    public void start() {
        try {
            discovery.start();
        } catch (Exception e) {
            throw new CoordinationException("cannot start service discovery", e);
        }
    }

    ServiceDiscovery<InstanceDetails> discovery() {
        return discovery;
    }

    /** Registers this process as an instance of each of {@code services}, at {@code address} (scheme, host, port). */
    public synchronized void register(Set<String> services, URI address) {
        deregister();
        for (String service : services) {
            try {
                ServiceInstance<InstanceDetails> instance = ServiceInstance.<InstanceDetails>builder()
                        .name(service).address(address.getHost()).port(address.getPort())
                        .payload(new InstanceDetails(process, System.currentTimeMillis())).build();
                // Curator keeps the instance (and registers it again after a reconnect) even when this write fails:
                // it is ours to remove from then on
                mine.add(instance);
                discovery.registerService(instance);
            } catch (Exception e) {
                throw new CoordinationException("cannot register " + service + " at " + address, e);
            }
        }
        log.info("registered {} at {}", services, address);
    }

    /**
     * Removes this process's instances (it stops taking traffic); a no-op when it has none. Curator forgets each
     * instance at once (so a reconnect does not register it again) and then deletes its node, retrying while
     * ZooKeeper is away; this waits for that at most {@link #DEREGISTER_WITHIN}, so a stopping process never
     * hangs on an absent ZooKeeper. A node left behind goes with the session.
     */
    public synchronized void deregister() {
        if (mine.isEmpty()) {
            return;
        }
        List<Thread> removers = new ArrayList<>();
        for (ServiceInstance<InstanceDetails> instance : mine) {
            removers.add(Thread.ofPlatform().daemon(true).name("service-deregistration").start(() -> {
                try {
                    discovery.unregisterService(instance);
                } catch (Exception e) {
                    log.warn("could not remove instance {} of {} now (it goes with the session): {}", instance.getId(),
                            instance.getName(), e.toString());
                }
            }));
        }
        mine.clear();
        long deadline = System.nanoTime() + DEREGISTER_WITHIN.toNanos();
        try {
            for (Thread remover : removers) {
                remover.join(java.time.Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (removers.stream().anyMatch(Thread::isAlive)) {
            log.warn("ZooKeeper did not confirm the removal of this process's instances within {} s; they go with its session",
                    DEREGISTER_WITHIN.toSeconds());
        }
    }

    /** Every registered instance of {@code service}, read from ZooKeeper now. */
    public Collection<ServiceInstance<InstanceDetails>> instances(String service) {
        try {
            return discovery.queryForInstances(service);
        } catch (Exception e) {
            throw new CoordinationException("cannot read the instances of " + service, e);
        }
    }

    /** Deregisters (bounded, as above), then stops watching; closing never waits on an absent ZooKeeper. */
    @Override
    public synchronized void close() {
        deregister();
        if (!curator.getZookeeperClient().isConnected()) {
            return; // closing the discovery would try to remove instances again; the client's close ends it all
        }
        try {
            discovery.close();
        } catch (java.io.IOException | RuntimeException e) {
            log.debug("closing service discovery: {}", e.toString());
        }
    }
}
