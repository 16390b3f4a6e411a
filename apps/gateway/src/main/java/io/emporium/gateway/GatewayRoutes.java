package io.emporium.gateway;

import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import io.emporium.coordination.ServiceRegistry;
import io.emporium.coordination.ZooKeeperServiceInstances;
import io.emporium.platform.binding.ConfiguredServiceInstances;
import io.emporium.platform.problem.ServiceUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The gateway's routes, most specific first:
 * <ol>
 * <li>every internal route ({@code /api/<service>/internal/**}, the services' calls to each other) answers 404:
 * it is never exposed;</li>
 * <li>{@code /api/<prefix>/**} goes to an instance of the service that serves that prefix
 * ({@code gateway-routes.properties}, checked against the services' controllers by a test), picked round robin
 * among those registered in ZooKeeper, one that refused a connection left out for a while; the admin API
 * ({@code /api/admin/**}, answered by each process for its own services) goes to an instance of
 * {@code emporium.gateway.admin-service};</li>
 * <li>everything else (pages, their assets, the API's documents) goes to the storefront.</li>
 * </ol>
 * With no instance of the service registered the answer is 503 problem+json with {@code Retry-After}; when the
 * picked instance cannot be reached it is 502, and that instance is picked less. Before any of it, a client over
 * its {@link EdgeRateLimit rate limit} gets 429 problem+json with {@code Retry-After}, and nothing is sent on.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayRoutes {

    private static final Logger log = LoggerFactory.getLogger(GatewayRoutes.class);
    static final String ROUTES = "gateway-routes.properties";

    @Bean(destroyMethod = "close")
    CuratorFramework curator(@Value("${emporium.zookeeper.connect-string}") String connectString,
            @Value("${emporium.zookeeper.session-timeout:PT15S}") Duration sessionTimeout,
            @Value("${emporium.zookeeper.connection-timeout:PT10S}") Duration connectionTimeout) throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(connectString)
                .sessionTimeoutMs((int) sessionTimeout.toMillis()).connectionTimeoutMs((int) connectionTimeout.toMillis())
                .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000)).namespace("emporium").build();
        client.start();
        if (!client.blockUntilConnected((int) connectionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            client.close();
            throw new IllegalStateException("cannot reach ZooKeeper at " + connectString + " within " + connectionTimeout.toSeconds() + " s");
        }
        return client;
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ServiceRegistry serviceRegistry(CuratorFramework curator) {
        return new ServiceRegistry(curator, "gateway/" + ProcessHandle.current().pid());
    }

    @Bean(destroyMethod = "close")
    ZooKeeperServiceInstances serviceInstances(ServiceRegistry registry, Environment environment) {
        return new ZooKeeperServiceInstances(registry, new ConfiguredServiceInstances(environment));
    }

    @Bean("platformHealthIndicator")
    PlatformHealth platformHealth(ServiceRegistry registry, @Value("${emporium.gateway.admin-service:order}") String adminService) {
        java.util.Set<String> services = new java.util.TreeSet<>(prefixes().values());
        services.add(adminService);
        services.add("storefront");
        return new PlatformHealth(registry, services);
    }

    /** Path prefix ({@code /api/orders}) to the service that serves it, as {@code gateway-routes.properties} lists them. */
    static Map<String, String> prefixes() {
        Properties table = new Properties();
        try (InputStream in = new ClassPathResource(ROUTES).getInputStream()) {
            table.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + ROUTES, e);
        }
        Map<String, String> byPrefix = new LinkedHashMap<>();
        table.stringPropertyNames().stream().sorted().forEach(service -> {
            for (String prefix : table.getProperty(service).split(",")) {
                if (!prefix.isBlank() && byPrefix.put(prefix.strip(), service) != null) {
                    throw new IllegalStateException(ROUTES + " gives " + prefix + " to two services");
                }
            }
        });
        return byPrefix;
    }

    @Bean
    EdgeRateLimit edgeRateLimit(@Value("${emporium.gateway.rate-limit.limit:200}") int limit,
            @Value("${emporium.gateway.rate-limit.period:PT1S}") Duration period,
            @Value("${emporium.gateway.rate-limit.trusted-proxies:0}") int trustedProxies) {
        return new EdgeRateLimit(new EdgeRateLimit.Settings(limit, period, trustedProxies), java.time.Clock.systemUTC());
    }

    @Bean
    RouterFunction<ServerResponse> routes(ZooKeeperServiceInstances instances, EdgeRateLimit rateLimit,
            @Value("${emporium.gateway.admin-service:order}") String adminService) {
        List<RouterFunction<ServerResponse>> routes = new ArrayList<>();
        routes.add(RouterFunctions.route(RequestPredicates.path("/api/*/internal/**").or(RequestPredicates.path("/api/*/internal")),
                request -> problem(HttpStatus.NOT_FOUND, "not-found", "no such resource", Map.of())));
        Map<String, String> prefixes = new LinkedHashMap<>(prefixes());
        prefixes.put("/api/admin", adminService);
        prefixes.forEach((prefix, service) -> routes.add(route(service + prefix.replace('/', '-'))
                .route(RequestPredicates.path(prefix).or(RequestPredicates.path(prefix + "/**")), http())
                .before(to(instances, service)).build()));
        routes.add(route("storefront").route(RequestPredicates.path("/**"), http()).before(to(instances, "storefront")).build());
        RouterFunction<ServerResponse> all = routes.stream().reduce(RouterFunction::and).orElseThrow();
        return all.filter((request, next) -> {
            java.util.OptionalInt wait = rateLimit.take(rateLimit.client(request.servletRequest().getRemoteAddr(),
                    request.headers().firstHeader("X-Forwarded-For")));
            if (wait.isPresent()) {
                return problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                        "too many requests from this client; try again later", Map.of("retryAfterSeconds", wait.getAsInt()));
            }
            try {
                return next.handle(request);
            } catch (ServiceUnavailableException e) {
                return problem(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", e.getMessage(), Map.of("retryAfterSeconds", 1));
            } catch (ResourceAccessException e) {
                URI target = MvcUtils.getAttribute(request, MvcUtils.GATEWAY_REQUEST_URL_ATTR);
                String service = MvcUtils.getAttribute(request, SERVICE_ATTR);
                if (target != null && service != null) {
                    instances.unreachable(service, URI.create(target.getScheme() + "://" + target.getRawAuthority()));
                }
                log.warn("{} {}: {} at {} did not answer: {}", request.method(), request.path(), service, target, e.getMessage());
                return problem(HttpStatus.BAD_GATEWAY, "bad-gateway", "the service did not answer; try again",
                        Map.of("retryAfterSeconds", 1));
            }
        });
    }

    private static final String SERVICE_ATTR = GatewayRoutes.class.getName() + ".service";

    /** Sends the request to an instance of {@code service} picked now. */
    private static Function<ServerRequest, ServerRequest> to(ZooKeeperServiceInstances instances, String service) {
        return request -> {
            URI instance = instances.pick(service);
            request.attributes().put(SERVICE_ATTR, service);
            MvcUtils.setRequestUrl(request, instance);
            return request;
        };
    }

    private static ServerResponse problem(HttpStatus status, String type, String detail, Map<String, Object> properties) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", io.emporium.platform.problem.Problems.TYPE_PREFIX + type);
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.putAll(properties);
        ServerResponse.BodyBuilder response = ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (properties.get("retryAfterSeconds") instanceof Integer seconds) {
            response.header("Retry-After", seconds.toString());
        }
        return response.body(body);
    }
}
