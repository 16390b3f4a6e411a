package io.emporium.coordination;

import io.emporium.platform.binding.ConfiguredServiceInstances;
import io.emporium.platform.binding.ServiceInstances;
import io.emporium.platform.problem.ServiceUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.x.discovery.ServiceInstance;
import org.apache.curator.x.discovery.ServiceProvider;
import org.apache.curator.x.discovery.strategies.RoundRobinStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks an instance of a service among those registered in ZooKeeper ({@link ServiceRegistry}), round robin,
 * from a cache that ZooKeeper's watches keep current. An instance that could not be reached is left out for
 * {@link #DOWN_FOR}, so calls move to the others at once rather than when its session expires; when every
 * instance is left out, calls go to all of them again (better a try than a certain refusal). A URL configured for a service ({@code emporium.remote.<service>.url}) still wins: it names a
 * load balancer or a test's server.
 */
public final class ZooKeeperServiceInstances implements ServiceInstances, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperServiceInstances.class);
    static final Duration DOWN_FOR = Duration.ofSeconds(10);

    private final ServiceRegistry registry;
    private final ConfiguredServiceInstances configured;
    private final Map<String, ServiceProvider<InstanceDetails>> providers = new ConcurrentHashMap<>();
    /** Per service, whose turn it is (round robin over the instances picked from). */
    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();
    /** Instances that could not be reached, until when (nanoTime) they are left out. */
    private final Map<URI, Long> leftOutUntil = new ConcurrentHashMap<>();
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
        List<URI> registered;
        try {
            registered = provider(service).getAllInstances().stream().map(ZooKeeperServiceInstances::uri).sorted().toList();
        } catch (ServiceUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new ServiceUnavailableException("service-unavailable", "the instances of " + service
                    + " cannot be looked up now (ZooKeeper): " + e.getMessage());
        }
        if (registered.isEmpty()) {
            throw new ServiceUnavailableException("service-unavailable", "no instance of " + service + " is registered now");
        }
        long now = System.nanoTime();
        List<URI> candidates = registered.stream().filter(uri -> {
            Long until = leftOutUntil.get(uri);
            return until == null || now - until >= 0;
        }).toList();
        if (candidates.isEmpty()) {
            // every instance is left out: a connect timeout on a busy machine would otherwise take the only instance
            // of a service away from every caller for DOWN_FOR, and a short failure would become a long outage.
            // Better a try than a certain refusal
            candidates = registered;
        }
        int turn = turns.computeIfAbsent(service, s -> new AtomicInteger()).getAndIncrement();
        return candidates.get(Math.floorMod(turn, candidates.size()));
    }

    @Override
    public void unreachable(String service, URI address) {
        if (!providers.containsKey(service)) {
            return;
        }
        leftOutUntil.put(address, System.nanoTime() + DOWN_FOR.toNanos());
        log.warn("{} at {} could not be reached: left out for {} s (unless every instance is)", service, address,
                DOWN_FOR.toSeconds());
    }

    static URI uri(ServiceInstance<InstanceDetails> instance) {
        return URI.create("http://" + instance.getAddress() + ":" + instance.getPort());
    }

    private ServiceProvider<InstanceDetails> provider(String service) {
        if (closed) {
            throw new ServiceUnavailableException("service-unavailable", "this process is stopping");
        }
        return providers.computeIfAbsent(service, name -> {
            // the provider is a cache of the registrations that ZooKeeper's watches keep current; picking is ours
            ServiceProvider<InstanceDetails> provider = registry.discovery().serviceProviderBuilder().serviceName(name)
                    .providerStrategy(new RoundRobinStrategy<>()).build();
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
