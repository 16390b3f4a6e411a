package io.emporium.coordination;

import io.emporium.platform.service.ServiceSelection;
import java.net.URI;
import java.util.Set;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Registers the services of this process in ZooKeeper when the process is ready to take traffic, and
 * removes them when it no longer is (readiness refused, shutdown). A process without a web server (a
 * test's context) registers nothing. The address is {@code emporium.discovery.host} (default
 * {@code 127.0.0.1}: one machine; set it to the host's reachable name or address on several) and the
 * port the web server listens on.
 */
public final class ServiceRegistration implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

    private final ServiceRegistry registry;
    private final Environment environment;

    public ServiceRegistration(ServiceRegistry registry, Environment environment) {
        this.registry = registry;
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
        if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
            registry.deregister();
            return;
        }
        Integer port = environment.getProperty("local.server.port", Integer.class);
        if (port == null || port <= 0) {
            return;
        }
        Set<String> services = ServiceSelection.from(environment, getClass().getClassLoader()).names();
        String host = environment.getProperty("emporium.discovery.host", "127.0.0.1");
        try {
            registry.register(services, URI.create("http://" + host + ":" + port));
        } catch (CoordinationException e) {
            // ZooKeeper is away; Curator registers what it knows of again once it reconnects
            org.slf4j.LoggerFactory.getLogger(ServiceRegistration.class).warn("could not register {} now: {}", services,
                    e.getCause() == null ? e.toString() : e.getCause().toString());
        }
    }
}
