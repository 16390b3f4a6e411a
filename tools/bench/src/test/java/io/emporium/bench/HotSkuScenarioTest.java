package io.emporium.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class HotSkuScenarioTest {

    private final ObjectMapper json = JsonMapper.builder().build();
    private HttpServer server;

    /** Per SKU, units received; per flash sale, units left. */
    private final Map<String, Long> stock = new ConcurrentHashMap<>();
    private final Map<String, Long> sales = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    @BeforeEach
    void startFakePlatform() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void exactlyTheStockIsSoldAndTheRestIsRefusedAsSoldOut() throws InterruptedException {
        Api api = new Api(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        // a customer per action (20 warm-up, 100 measured), so that none is ever busy however slow the machine
        HotSkuScenario scenario = new HotSkuScenario(api, null, 120, 10);
        scenario.prepare();

        OpenLoop.Result result = new OpenLoop(scenario, 100, Duration.ofMillis(200), Duration.ofSeconds(1)).run();

        ActionStats purchases = result.stats().action("purchase");
        ActionStats afterSoldOut = result.stats().action("purchase after sold out");
        assertEquals(10, purchases.ok());
        assertEquals(0, afterSoldOut.ok());
        assertEquals(0, purchases.errors() + afterSoldOut.errors(), () -> purchases.errorsByKind().toString());
        assertEquals(result.scheduled() - 10, purchases.expected() + afterSoldOut.expected());
        assertEquals(List.of(Check.Result.PASS), scenario.checks().stream().map(Check::result).toList());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String token = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        byte[] request = exchange.getRequestBody().readAllBytes();
        Map<?, ?> body = request.length == 0 ? Map.of() : json.readValue(request, Map.class);
        synchronized (this) {
            if (path.equals("/api/identity/customers")) {
                answer(exchange, 201, Map.of("id", "cus_1"));
            } else if (path.equals("/api/identity/tokens")) {
                answer(exchange, 200, Map.of("accessToken", "token-" + body.get("email")));
            } else if (path.equals("/api/catalog/categories")) {
                answer(exchange, 200, List.of(Map.of("id", "cat_1", "slug", "things", "children", List.of())));
            } else if (path.equals("/api/catalog/products")) {
                answer(exchange, 201, Map.of("skus", List.of(Map.of("id", "sku_" + ids.incrementAndGet()))));
            } else if (path.endsWith("/receipts")) {
                stock.merge(path.split("/")[4], ((Number) body.get("quantity")).longValue(), Long::sum);
                answer(exchange, 200, Map.of());
            } else if (path.equals("/api/cart")) {
                answer(exchange, 200, Map.of("lines", List.of()));
            } else if (path.equals("/api/promotions/flash-sales")) {
                String sale = "fls_" + ids.incrementAndGet();
                sales.put(sale, ((Number) body.get("stock")).longValue());
                answer(exchange, 201, Map.of("id", sale));
            } else if (path.startsWith("/api/promotions/flash-sales/") && path.endsWith("/purchases")) {
                String sale = path.split("/")[4];
                if (sales.get(sale) < 1) {
                    soldOut(exchange);
                } else {
                    sales.merge(sale, -1L, Long::sum);
                    answer(exchange, 202, Map.of("id", "fsp_" + ids.incrementAndGet(), "status", "HELD"));
                }
            } else {
                answer(exchange, 404, Map.of());
            }
        }
    }

    private void soldOut(HttpExchange exchange) throws IOException {
        answer(exchange, 409, Map.of("type", "urn:emporium:problem:sold-out", "status", 409));
    }

    private void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
