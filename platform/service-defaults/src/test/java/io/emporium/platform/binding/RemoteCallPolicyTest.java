package io.emporium.platform.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.emporium.flaky.api.FlakyApi;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.ServiceUnavailableException;
import io.emporium.platform.security.Tokens;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Calls to a real HTTP server that answers what each test scripts: what is retried (idempotent calls on a
 * lost answer or 502/503/504; any call that never left), what is not (a POST whose answer was lost, a 4xx),
 * the read timeout, and the circuit breaker that answers 503 with Retry-After while a service keeps failing.
 */
class RemoteCallPolicyTest {

    /** Scripted answers, oldest first: a status, or a delay in milliseconds before a 200 ({@code -ms}). */
    final Deque<Integer> script = new ConcurrentLinkedDeque<>();
    final List<String> received = Collections.synchronizedList(new ArrayList<>());
    HttpServer server;
    URI live;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::answer);
        server.start();
        live = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    void answer(HttpExchange exchange) throws IOException {
        received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        exchange.getRequestBody().readAllBytes();
        Integer next = script.poll();
        int status = next == null ? 200 : next;
        if (status < 0) {
            try {
                Thread.sleep(-status);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            status = 200;
        }
        String type = status == 200 ? "text/plain" : "application/problem+json";
        byte[] body = (status == 200 ? "ok" : "{\"type\":\"urn:emporium:problem:thing-taken\",\"status\":" + status
                + ",\"detail\":\"scripted\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** The instances to pick, in turn; the last one stays. */
    static final class Picks implements ServiceInstances {
        final Deque<URI> next;
        final List<URI> unreachable = Collections.synchronizedList(new ArrayList<>());

        Picks(URI... instances) {
            next = new ConcurrentLinkedDeque<>(List.of(instances));
        }

        @Override
        public URI pick(String service) {
            return next.size() > 1 ? next.poll() : next.peek();
        }

        @Override
        public void unreachable(String service, URI instance) {
            unreachable.add(instance);
        }
    }

    RemoteCallPolicy policy = new RemoteCallPolicy(new RemoteCallPolicy.Settings(3, Duration.ofMillis(20), 20, 10, 50f,
            Duration.ofSeconds(5)), Clock.systemUTC());

    FlakyApi client(ServiceInstances instances, Duration readTimeout) {
        Tokens tokens = new Tokens("0123456789abcdef0123456789abcdef".getBytes(), Tokens.fixedKeys(new com.nimbusds.jose.jwk.JWKSet()), Clock.systemUTC());
        return new RemoteApiFactory(new MockEnvironment(), instances, RestClient.builder(), tokens, Clock.systemUTC(), policy,
                Duration.ofSeconds(1), readTimeout).client(FlakyApi.class);
    }

    FlakyApi client() {
        return client(new Picks(live), Duration.ofSeconds(5));
    }

    @Test
    void an_idempotent_call_is_tried_again_on_502_503_504_and_a_post_is_not() {
        FlakyApi flaky = client();
        script.addAll(List.of(503, 504));
        assertThat(flaky.read("t1")).isEqualTo("ok");
        assertThat(received).containsExactly("GET /api/flaky/internal/things/t1", "GET /api/flaky/internal/things/t1",
                "GET /api/flaky/internal/things/t1");

        received.clear();
        script.add(502);
        assertThat(flaky.confirm("t1")).as("a POST marked idempotent").isEqualTo("ok");
        assertThat(received).hasSize(2);

        received.clear();
        script.add(503);
        assertThatThrownBy(() -> flaky.create("thing")).as("a POST that may have had its effect")
                .isInstanceOfSatisfying(HttpServerErrorException.class, e -> assertThat(e.getStatusCode().value()).isEqualTo(503));
        assertThat(received).containsExactly("POST /api/flaky/internal/things");

        received.clear();
        script.addAll(List.of(503, 503, 503));
        assertThatThrownBy(() -> flaky.read("t2")).as("attempts are bounded").isInstanceOf(HttpServerErrorException.class);
        assertThat(received).hasSize(3);
    }

    @Test
    void a_refusal_is_the_service_s_verdict_and_a_500_is_not_transient_neither_is_tried_again() {
        FlakyApi flaky = client();
        script.add(409);
        assertThatThrownBy(() -> flaky.read("t1")).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.type()).isEqualTo("thing-taken"));
        script.add(500);
        assertThatThrownBy(() -> flaky.read("t1")).isInstanceOf(HttpServerErrorException.class);
        assertThat(received).hasSize(2);
    }

    @Test
    void a_call_that_never_left_goes_to_the_next_instance_whatever_it_is() throws IOException {
        URI dead;
        try (ServerSocket socket = new ServerSocket(0)) {
            dead = URI.create("http://127.0.0.1:" + socket.getLocalPort()); // closed below: nobody listens there
        }
        Picks picks = new Picks(dead, live);
        FlakyApi flaky = client(picks, Duration.ofSeconds(5));
        assertThat(flaky.create("thing")).isEqualTo("ok");
        assertThat(received).containsExactly("POST /api/flaky/internal/things");
        assertThat(picks.unreachable).containsExactly(dead);
    }

    @Test
    void an_answer_that_does_not_come_in_time_fails_the_call_and_only_an_idempotent_one_is_tried_again() {
        FlakyApi flaky = client(new Picks(live), Duration.ofMillis(300));
        script.addAll(List.of(-1500, -1500, -1500));
        long started = System.nanoTime();
        assertThatThrownBy(() -> flaky.read("slow")).isInstanceOf(ResourceAccessException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("three timeouts and two back-offs")
                .isLessThan(Duration.ofMillis(1400));
        assertThat(received).hasSize(3);

        received.clear();
        script.clear();
        script.add(-1500);
        assertThatThrownBy(() -> flaky.create("slow")).isInstanceOf(ResourceAccessException.class);
        assertThat(received).as("its effect may have happened: not sent again").hasSize(1);
    }

    @Test
    void a_failing_service_is_not_called_while_its_breaker_is_open_then_trial_calls_close_it() {
        policy = new RemoteCallPolicy(new RemoteCallPolicy.Settings(1, Duration.ofMillis(10), 4, 4, 50f, Duration.ofSeconds(1)),
                Clock.systemUTC());
        FlakyApi flaky = client();
        script.addAll(List.of(503, 503, 200, 503));
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            try {
                flaky.read("t" + i);
            } catch (HttpServerErrorException e) {
                failed.incrementAndGet();
            }
        }
        assertThat(failed).hasValue(3);
        assertThat(policy.state("flaky")).isEqualTo(CircuitBreaker.State.OPEN);

        assertThatThrownBy(() -> flaky.read("refused")).isInstanceOfSatisfying(ServiceUnavailableException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.type()).isEqualTo("service-unavailable");
            assertThat(e.properties().get("retryAfterSeconds")).isEqualTo(1);
        });
        assertThatThrownBy(() -> flaky.create("refused")).isInstanceOf(ServiceUnavailableException.class);
        assertThat(received).as("refused here, never sent").hasSize(4);

        // after open-for, three trial calls pass and close it
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).ignoreExceptionsInstanceOf(
                ServiceUnavailableException.class).until(() -> flaky.read("trial").equals("ok"));
        flaky.read("trial");
        flaky.read("trial");
        assertThat(policy.state("flaky")).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(received).hasSize(7);
    }
}
