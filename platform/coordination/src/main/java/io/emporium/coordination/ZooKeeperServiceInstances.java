package io.emporium.coordination;

import io.emporium.platform.binding.ConfiguredServiceInstances;
import io.emporium.platform.binding.ServiceInstances;
import io.emporium.platform.problem.ServiceUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.x.discovery.DownInstancePolicy;
import org.apache.curator.x.discovery.ServiceInstance;
import org.apache.curator.x.discovery.ServiceProvider;
import org.apache.curator.x.discovery.strategies.RoundRobinStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks an instance of a service among those registered in ZooKeeper ({@link ServiceRegistry}), round robin,
 * from a cache that ZooKeeper's watches keep current. An instance that could not be reached is left out for
 * {@link #DOWN_FOR} (Curator's down-instance policy), so calls move to the others at once rather than when its
 * session expires. A URL configured for a service ({@code emporium.remote.<service>.url}) still wins: it names a
 * load balancer or a test's server.
 */
public final class ZooKeeperServiceInstances implements ServiceInstances, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperServiceInstances.class);
    static final Duration DOWN_FOR = Duration.ofSeconds(10);

    private final ServiceRegistry registry;
    private final ConfiguredServiceInstances configured;
    private final Map<String, ServiceProvider<InstanceDetails>> providers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public ZooKeeperServiceInstances(ServiceRegistry registry, ConfiguredServiceInstances configured) {
        this.registry = registry;
        this.configured = configured;
    }

    @Override
    public URI pick(String service) {
        Optional<URI> fixed = configured.configured(service);
        if (fixed.isPresent()) {
            return fixed.get();
        }
        ServiceInstance<InstanceDetails> instance;
        try {
            instance = provider(service).getInstance();
        } catch (ServiceUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new ServiceUnavailableException("service-unavailable", "the instances of " + service
                    + " cannot be looked up now (ZooKeeper): " + e.getMessage());
        }
        if (instance == null) {
            throw new ServiceUnavailableException("service-unavailable", "no instance of " + service
                    + " is registered and reachable now");
        }
        return uri(instance);
    }

    @Override
    public void unreachable(String service, URI address) {
        ServiceProvider<InstanceDetails> provider = providers.get(service);
        if (provider == null) {
            return;
        }
        try {
            provider.getAllInstances().stream().filter(i -> uri(i).equals(address)).findFirst().ifPresent(i -> {
                provider.noteError(i);
                log.warn("{} at {} could not be reached: left out for {} s", service, address, DOWN_FOR.toSeconds());
            });
        } catch (Exception e) {
            log.warn("could not note {} at {} as down (it stays in the rotation): {}", service, address, e.toString());
        }
    }

    static URI uri(ServiceInstance<InstanceDetails> instance) {
        return URI.create("http://" + instance.getAddress() + ":" + instance.getPort());
    }

    private ServiceProvider<InstanceDetails> provider(String service) {
        if (closed) {
            throw new ServiceUnavailableException("service-unavailable", "this process is stopping");
        }
        return providers.computeIfAbsent(service, name -> {
            ServiceProvider<InstanceDetails> provider = registry.discovery().serviceProviderBuilder().serviceName(name)
                    .providerStrategy(new RoundRobinStrategy<>())
                    .downInstancePolicy(new DownInstancePolicy(DOWN_FOR.toMillis(), TimeUnit.MILLISECONDS, 1)).build();
            try {
                provider.start();
            } catch (Exception e) {
                throw new ServiceUnavailableException("service-unavailable", "the instances of " + name
                        + " cannot be looked up now (ZooKeeper): " + e.getMessage());
            }
            return provider;
        });
    }

    @Override
    public void close() {
        closed = true;
        providers.values().forEach(p -> {
            try {
                p.close();
            } catch (java.io.IOException e) {
                log.debug("closing a service provider: {}", e.toString());
            }
        });
        providers.clear();
    }
}
