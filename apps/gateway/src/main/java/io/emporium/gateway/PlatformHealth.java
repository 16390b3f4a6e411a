package io.emporium.gateway;

import io.emporium.coordination.InstanceDetails;
import io.emporium.coordination.ServiceRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.x.discovery.ServiceInstance;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The platform's processes as the gateway sees them, in its {@code /actuator/health} (component {@code platform}):
 * per service the instances registered in ZooKeeper and how many of them answer their readiness probe within a
 * second. UP when every service the gateway routes to has a ready instance, DEGRADED (answered 200: the gateway
 * itself works) when one has none, DOWN when ZooKeeper cannot be read.
 */
class PlatformHealth implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "a service the gateway routes to has no ready instance");
    private static final Duration PROBE = Duration.ofSeconds(1);

    private final ServiceRegistry registry;
    private final Set<String> services;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE).version(HttpClient.Version.HTTP_1_1).build();

    PlatformHealth(ServiceRegistry registry, Set<String> services) {
        this.registry = registry;
        this.services = new TreeSet<>(services);
    }

    @Override
    public Health health() {
        Map<String, List<CompletableFuture<Boolean>>> probes = new LinkedHashMap<>();
        try {
            for (String service : services) {
                List<CompletableFuture<Boolean>> ready = new ArrayList<>();
                for (ServiceInstance<InstanceDetails> instance : registry.instances(service)) {
                    URI probe = URI.create("http://" + instance.getAddress() + ":" + instance.getPort() + "/actuator/health/readiness");
                    ready.add(http.sendAsync(HttpRequest.newBuilder(probe).timeout(PROBE).GET().build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .thenApply(r -> r.statusCode() == 200).exceptionally(e -> false));
                }
                probes.put(service, ready);
            }
        } catch (RuntimeException e) {
            return Health.down().withDetail("zookeeper", "cannot read the registered instances: " + e.getMessage()).build();
        }
        Health.Builder health = Health.up();
        boolean missing = false;
        for (var entry : probes.entrySet()) {
            long ready = entry.getValue().stream().filter(f -> {
                try {
                    return f.get(PROBE.toMillis() + 500, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    return false;
                }
            }).count();
            missing |= ready == 0;
            health.withDetail(entry.getKey(), Map.of("instances", entry.getValue().size(), "ready", ready));
        }
        return missing ? health.status(DEGRADED).build() : health.build();
    }
}
