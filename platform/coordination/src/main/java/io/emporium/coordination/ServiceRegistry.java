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

    private final ServiceDiscovery<InstanceDetails> discovery;
    private final String process;
    private final List<ServiceInstance<InstanceDetails>> mine = new ArrayList<>();

    public ServiceRegistry(CuratorFramework curator, String process) {
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
                discovery.registerService(instance);
                mine.add(instance);
            } catch (Exception e) {
                throw new CoordinationException("cannot register " + service + " at " + address, e);
            }
        }
        log.info("registered {} at {}", services, address);
    }

    /** Removes this process's instances (it stops taking traffic); a no-op when it has none. */
    public synchronized void deregister() {
        for (ServiceInstance<InstanceDetails> instance : mine) {
            try {
                discovery.unregisterService(instance);
            } catch (Exception e) {
                log.warn("could not remove instance {} of {} now (it goes with the session): {}", instance.getId(),
                        instance.getName(), e.toString());
            }
        }
        mine.clear();
    }

    /** Every registered instance of {@code service}, read from ZooKeeper now. */
    public Collection<ServiceInstance<InstanceDetails>> instances(String service) {
        try {
            return discovery.queryForInstances(service);
        } catch (Exception e) {
            throw new CoordinationException("cannot read the instances of " + service, e);
        }
    }

    @Override
    public synchronized void close() {
        deregister();
        try {
            discovery.close();
        } catch (java.io.IOException e) {
            log.debug("closing service discovery: {}", e.toString());
        }
    }
}
