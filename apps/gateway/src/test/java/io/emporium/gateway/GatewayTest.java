package io.emporium.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.emporium.coordination.ServiceRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway on a real ZooKeeper, in front of stand-in service instances (JDK HTTP servers) registered the way the
 * platform's processes register theirs: routing by path to the service's instances, round robin; internal routes
 * refused; no instance gives 503, an instance that does not answer gives 502 and is left out; an instance that
 * deregisters gets no more requests; the storefront takes everything else; a client over its rate limit gets 429.
 */
class GatewayTest {

    static TestingServer zooKeeper;
    static CuratorFramework curator;
    static ConfigurableApplicationContext gateway;
    static int port;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        zooKeeper = new TestingServer(true);
        curator = CuratorFrameworkFactory.builder().connectString(zooKeeper.getConnectString()).retryPolicy(new RetryOneTime(100))
                .namespace("emporium").build();
        curator.start();
        gateway = new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
                "--emporium.zookeeper.connect-string=" + zooKeeper.getConnectString());
        port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        curator.close();
        zooKeeper.close();
    }

    /** A stand-in instance answering every request with its name, the method, the path and query, and the body. */
    static HttpServer instance(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String line = name + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " " + body;
            seen.add(line);
            byte[] answer = line.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return server;
    }

    static ServiceRegistry register(String process, HttpServer server, String... services) {
        ServiceRegistry registry = new ServiceRegistry(curator, process);
        registry.start();
        registry.register(Set.of(services), URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        return registry;
    }

    static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer t0ken")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_request_goes_to_an_instance_of_the_service_its_path_names_round_robin_with_its_method_path_query_and_body()
            throws Exception {
        HttpServer a = instance("orders-a");
        HttpServer b = instance("orders-b");
        HttpServer catalog = instance("catalog");
        try (ServiceRegistry one = register("one", a, "order"); ServiceRegistry two = register("two", b, "order");
                ServiceRegistry three = register("three", catalog, "catalog")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> answeredBy("/api/orders/ord_1?page=2").equals(Set.of("orders-a", "orders-b")));
            HttpResponse<String> posted = send("POST", "/api/orders/checkouts?x=1", "{\"a\":1}");
            assertThat(posted.statusCode()).isEqualTo(200);
            assertThat(posted.body()).matches("orders-[ab] POST /api/orders/checkouts\\?x=1 Bearer t0ken \\{\"a\":1\\}");
            assertThat(send("GET", "/api/catalog/products", null).body()).startsWith("catalog GET /api/catalog/products ");
            assertThat(send("GET", "/api/orders", null).body()).matches("orders-[ab] GET /api/orders .*");
        } finally {
            a.stop(0);
            b.stop(0);
            catalog.stop(0);
        }
    }

    @Test
    void internal_routes_are_never_exposed() throws Exception {
        HttpServer payment = instance("payment");
        try (ServiceRegistry registry = register("p", payment, "payment")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", "/api/payments/pay_1", null).statusCode() == 200);
            seen.clear();
            for (String path : List.of("/api/payments/internal/payments", "/api/payments/internal", "/api/payments/internal/x/y")) {
                HttpResponse<String> refused = send("POST", path, "{}");
                assertThat(refused.statusCode()).as(path).isEqualTo(404);
                assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            }
            assertThat(seen).as("nothing reached the instance").isEmpty();
        } finally {
            payment.stop(0);
        }
    }

    @Test
    void with_no_instance_registered_the_answer_is_503_with_retry_after() throws Exception {
        HttpResponse<String> refused = send("GET", "/api/cart", null);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("\"type\":\"urn:emporium:problem:service-unavailable\"").contains("\"status\":503");
    }

    @Test
    void an_instance_that_does_not_answer_gives_502_and_is_left_out_and_one_that_deregisters_gets_nothing_more() throws Exception {
        HttpServer live = instance("identity-live");
        HttpServer dead = instance("identity-dead");
        ServiceRegistry deadRegistry = register("dead", dead, "identity");
        try (ServiceRegistry liveRegistry = register("live", live, "identity")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> answeredBy("/api/identity/accounts/me")
                    .equals(Set.of("identity-live", "identity-dead")));
            dead.stop(0); // the process died; its registration is still there until its session expires
            Set<Integer> statuses = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                statuses.add(send("GET", "/api/identity/accounts/me", null).statusCode());
            }
            assertThat(statuses).contains(502);
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> r = send("GET", "/api/identity/accounts/me", null);
                assertThat(r.statusCode()).as("the dead instance is left out").isEqualTo(200);
                assertThat(r.body()).startsWith("identity-live");
            }

            HttpServer other = instance("identity-other");
            try (ServiceRegistry otherRegistry = register("other", other, "identity")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> answeredBy("/api/identity/accounts/me").contains("identity-other"));
                otherRegistry.deregister();
                await().atMost(Duration.ofSeconds(30)).until(() -> answeredBy("/api/identity/accounts/me").equals(Set.of("identity-live")));
            } finally {
                other.stop(0);
            }
        } finally {
            deadRegistry.close();
            live.stop(0);
        }
    }

    @Test
    void everything_else_goes_to_the_storefront_and_the_gateway_reports_its_own_health() throws Exception {
        HttpServer pages = instance("storefront");
        try (ServiceRegistry registry = register("pages", pages, "storefront")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", "/", null).body().startsWith("storefront GET / "));
            assertThat(send("GET", "/products/prd_1?q=a", null).body()).startsWith("storefront GET /products/prd_1?q=a ");
            assertThat(send("POST", "/login", "x").body()).startsWith("storefront POST /login ");
            HttpResponse<String> health = send("GET", "/actuator/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("UP").doesNotStartWith("storefront");
        } finally {
            pages.stop(0);
        }
    }

    @Test
    void the_gateway_s_health_shows_each_service_s_ready_instances_and_is_degraded_while_one_has_none() throws Exception {
        List<HttpServer> servers = new java.util.ArrayList<>();
        List<ServiceRegistry> registries = new java.util.ArrayList<>();
        try {
            for (String service : List.of("cart", "catalog", "identity", "inventory", "order", "payment", "promotion", "storefront")) {
                HttpServer server = instance(service);
                servers.add(server);
                registries.add(register("all-" + service, server, service));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", "/actuator/health", null).body().contains("\"status\":\"UP\""));
            HttpResponse<String> up = send("GET", "/actuator/health", null);
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).contains("\"order\":{").contains("\"ready\":1");

            servers.get(4).stop(0); // order's only instance stops answering (still registered)
            await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", "/actuator/health", null).body().contains("\"status\":\"DEGRADED\""));
            HttpResponse<String> degraded = send("GET", "/actuator/health", null);
            assertThat(degraded.statusCode()).as("the gateway itself works").isEqualTo(200);
            assertThat(degraded.body()).containsPattern("\"order\":\\{(\"instances\":1,\"ready\":0|\"ready\":0,\"instances\":1)\\}");
            assertThat(send("GET", "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        } finally {
            registries.forEach(ServiceRegistry::close);
            servers.forEach(s -> s.stop(0));
        }
    }

    @Test
    void a_client_over_its_rate_limit_gets_429_with_retry_after_and_nothing_more_reaches_the_service() throws Exception {
        HttpServer cart = instance("cart-limited");
        try (ServiceRegistry registry = register("limited", cart, "cart");
                ConfigurableApplicationContext limited = new SpringApplicationBuilder(GatewayApplication.class).run(
                        "--server.port=0", "--emporium.zookeeper.connect-string=" + zooKeeper.getConnectString(),
                        "--emporium.gateway.rate-limit.limit=3", "--emporium.gateway.rate-limit.period=PT1M",
                        "--emporium.gateway.rate-limit.trusted-proxies=1")) {
            int limitedPort = ((WebServerApplicationContext) limited).getWebServer().getPort();
            int[] warmUp = {0}; // a new client per try, so that waiting for discovery uses up no one's limit
            await().atMost(Duration.ofSeconds(30)).until(() -> sendFrom(limitedPort, "198.51.100." + (++warmUp[0] % 250), "/api/cart")
                    .statusCode() == 200);

            for (int i = 0; i < 3; i++) {
                assertThat(sendFrom(limitedPort, "203.0.113.5", "/api/cart").statusCode()).as("request %d", i + 1).isEqualTo(200);
            }
            int reached = seen.size();
            HttpResponse<String> refused = sendFrom(limitedPort, "203.0.113.5", "/api/cart");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(refused.body()).contains("\"type\":\"urn:emporium:problem:rate-limited\"").contains("\"status\":429");
            assertThat(sendFrom(limitedPort, "203.0.113.5", "/api/payments/internal/x").statusCode()).as("every path counts")
                    .isEqualTo(429);
            assertThat(seen).as("the refused requests did not reach the instance").hasSize(reached);

            assertThat(sendFrom(limitedPort, "203.0.113.6", "/api/cart").statusCode()).as("another client").isEqualTo(200);
            for (int i = 0; i < 5; i++) {
                assertThat(sendFrom(limitedPort, "203.0.113.5", "/actuator/health/liveness").statusCode()).as("probes are not limited")
                        .isEqualTo(200);
            }
        } finally {
            cart.stop(0);
        }
    }

    /** A GET to a gateway on {@code gatewayPort} through a proxy that says the client is {@code client}. */
    private static HttpResponse<String> sendFrom(int gatewayPort, String client, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + path)).timeout(Duration.ofSeconds(20))
                .header("X-Forwarded-For", "192.0.2.1, " + client).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Which instances answered four requests to {@code path}. */
    private static Set<String> answeredBy(String path) throws Exception {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = send("GET", path, null);
            if (r.statusCode() == 200) {
                names.add(r.body().split(" ")[0]);
            }
        }
        return names;
    }
}
