package io.emporium.payment.infrastructure;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.emporium.kernel.Money;
import io.emporium.payment.application.CallbackSignature;
import io.emporium.payment.application.GatewayCallback;
import io.emporium.payment.application.PaymentGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A payment gateway we run ourselves, behaving like a real one: it answers every request later,
 * with a callback signed with HMAC, after a configurable latency; it refuses a configurable
 * share of captures; and, like real gateways, it retries a callback until it is answered 2xx
 * (12 attempts with back-off capped at 30 s, about five minutes), so the platform must cope with duplicates.
 * Like real gateways it is idempotent by the request's key: a request repeated under a key it has
 * seen has no second effect; it sends that request's callback again, under the same event id.
 */
public class SandboxGateway implements PaymentGateway, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxGateway.class);
    private static final int ATTEMPTS = 12;

    public record Settings(Duration latency, double failureRate) {
    }

    private final Supplier<URI> callbackUrl;
    private final CallbackSignature signature;
    private final JsonMapper json;
    private final Clock clock;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The callback each idempotency key produced (in memory: the sandbox keeps no state across restarts). */
    private final Cache<String, String> answers = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofDays(1)).build();

    public SandboxGateway(Supplier<URI> callbackUrl, CallbackSignature signature, JsonMapper json, Clock clock,
            Settings settings, ScheduledExecutorService scheduler) {
        this.callbackUrl = callbackUrl;
        this.signature = signature;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    @Override
    public void requestCapture(String idempotencyKey, String paymentId, Money amount) {
        send(idempotencyKey, () -> {
            boolean refused = ThreadLocalRandom.current().nextDouble() < settings.failureRate();
            if (!refused) {
                log.info("sandbox captures {} for {} (request {})", amount, paymentId, idempotencyKey);
            }
            return callback(paymentId, refused ? GatewayCallback.FAILED : GatewayCallback.CAPTURED, amount, null);
        });
    }

    @Override
    public void requestDecline(String idempotencyKey, String paymentId, Money amount) {
        send(idempotencyKey, () -> callback(paymentId, GatewayCallback.FAILED, amount, null));
    }

    @Override
    public void requestRefund(String idempotencyKey, String paymentId, String refundId, Money amount) {
        send(idempotencyKey, () -> {
            log.info("sandbox refunds {} of {} (refund {}, request {})", amount, paymentId, refundId, idempotencyKey);
            return callback(paymentId, GatewayCallback.REFUNDED, amount, refundId);
        });
    }

    /** The body of a callback, as the gateway would send it. */
    public Map<String, Object> callback(String paymentId, String type, Money amount, String refundId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", "evt_" + UUID.randomUUID().toString().replace("-", ""));
        body.put("paymentId", paymentId);
        body.put("type", type);
        body.put("amount", Map.of("amount", amount.amount().toPlainString(), "currency", amount.currency().getCurrencyCode()));
        if (refundId != null) {
            body.put("refundId", refundId);
        }
        body.put("gatewayReference", "sbx_" + UUID.randomUUID().toString().substring(0, 12));
        body.put("occurredAt", clock.instant().toString());
        return body;
    }

    /** Acts on a key once (the first request decides the outcome); every request under it gets that callback. */
    private void send(String idempotencyKey, Supplier<Map<String, Object>> act) {
        if (scheduler.isShutdown()) {
            throw new IllegalStateException("the sandbox gateway is stopping");
        }
        String body = answers.get(idempotencyKey, key -> json.writeValueAsString(act.get()));
        scheduler.schedule(() -> deliver(body, 1), settings.latency().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void deliver(String body, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(callbackUrl.get())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(CallbackSignature.HEADER, signature.sign(body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            boolean retry = failure != null || response.statusCode() >= 500 || response.statusCode() == 429;
            if (!retry) {
                if (response.statusCode() >= 400) {
                    log.warn("sandbox callback refused with {}: {}", response.statusCode(), body);
                }
                return;
            }
            if (attempt >= ATTEMPTS) {
                log.warn("sandbox gave up on a callback after {} attempts: {}", attempt, body);
                return;
            }
            long delay = Math.min(30_000L, 200L << attempt);
            if (!scheduler.isShutdown()) {
                scheduler.schedule(() -> deliver(body, attempt + 1), delay, TimeUnit.MILLISECONDS);
            }
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
