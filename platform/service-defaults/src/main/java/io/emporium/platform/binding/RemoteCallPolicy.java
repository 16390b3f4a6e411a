package io.emporium.platform.binding;

import io.emporium.kernel.Idempotent;
import io.emporium.platform.problem.ServiceUnavailableException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * What a call to another process may cost and when it is tried again, per target service:
 * <ul>
 * <li><b>Retries</b> (Resilience4j {@link Retry}, exponential back-off with jitter): a call that never left this
 * process (connection refused or timed out, unknown host) is sent again whatever it is, to the next instance
 * picked; a call whose answer was lost (read timeout, broken connection) or that met 502/503/504 is sent again
 * only when it is idempotent: GET, PUT, DELETE, or marked {@link Idempotent}. A 4xx answer is the service's
 * verdict and is never retried.</li>
 * <li><b>A circuit breaker</b> per target service ({@link CircuitBreaker}, count-based): when half of the last
 * calls failed (no answer, or a 5xx), calls to the service are refused at once for {@code openFor} with 503
 * {@code service-unavailable} and {@code Retry-After}, instead of each waiting for its timeout; then a few trial
 * calls decide whether it closes again. A refused call is not retried.</li>
 * </ul>
 * Timeouts are set on the HTTP client ({@link RemoteApiFactory}).
 */
public final class RemoteCallPolicy {

    /** The policy's knobs ({@code emporium.remote-calls.*}). */
    public record Settings(int maxAttempts, Duration firstBackoff, int breakerWindow, int breakerMinimumCalls,
            float breakerFailureRate, Duration openFor) {

        public static final Settings DEFAULTS = new Settings(3, Duration.ofMillis(100), 20, 10, 50f, Duration.ofSeconds(5));

        public Settings {
            if (maxAttempts < 1 || breakerWindow < 1 || breakerMinimumCalls < 1 || breakerFailureRate <= 0
                    || breakerFailureRate > 100 || firstBackoff.isNegative() || openFor.isNegative() || openFor.isZero()) {
                throw new IllegalArgumentException("emporium.remote-calls settings out of range: " + this);
            }
        }
    }

    private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    private final Settings settings;
    private final Clock clock;
    private final CircuitBreakerRegistry breakers;
    private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();
    private final Map<Method, Boolean> idempotence = new ConcurrentHashMap<>();
    private final Retry idempotentRetry;
    private final Retry unsentRetry;

    public RemoteCallPolicy(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(Math.min(settings.breakerMinimumCalls(), settings.breakerWindow()))
                .failureRateThreshold(settings.breakerFailureRate())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(3)
                .recordException(RemoteCallPolicy::isFailure)
                .build());
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(Math.max(1, settings.firstBackoff().toMillis()), 2.0,
                0.5);
        this.idempotentRetry = Retry.of("idempotent", RetryConfig.custom().maxAttempts(settings.maxAttempts())
                .intervalFunction(backoff).retryOnException(RemoteCallPolicy::transientFailure).build());
        this.unsentRetry = Retry.of("unsent", RetryConfig.custom().maxAttempts(settings.maxAttempts())
                .intervalFunction(backoff).retryOnException(RemoteCallPolicy::neverSent).build());
    }

    /** {@code client} (an HTTP client of {@code api}) with retries and {@code service}'s circuit breaker around each call. */
    public <T> T guard(Class<T> api, String service, T client) {
        CircuitBreaker breaker = breakers.circuitBreaker(service);
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt.put(service, clock.instant());
            }
        });
        ProxyFactory proxy = new ProxyFactory(client);
        proxy.addInterface(api);
        proxy.addAdvice((MethodInterceptor) invocation -> {
            Method method = invocation.getMethod();
            if (method.getDeclaringClass() == Object.class) {
                return invocation.proceed();
            }
            Retry retry = idempotence.computeIfAbsent(method, RemoteCallPolicy::idempotent) ? idempotentRetry : unsentRetry;
            try {
                // each attempt a fresh copy of the invocation: the binding picks an instance per attempt
                return Retry.decorateCheckedSupplier(retry, CircuitBreaker.decorateCheckedSupplier(breaker,
                        () -> ((ProxyMethodInvocation) invocation).invocableClone().proceed())).get();
            } catch (CallNotPermittedException open) {
                throw new ServiceUnavailableException("service-unavailable", "the " + service
                        + " service is failing; calls to it are paused for a few seconds", Map.of("retryAfterSeconds",
                                retryAfterSeconds(service)));
            }
        });
        @SuppressWarnings("unchecked")
        T guarded = (T) proxy.getProxy(api.getClassLoader());
        return guarded;
    }

    /** {@code service}'s breaker, for status and tests. */
    public CircuitBreaker.State state(String service) {
        return breakers.circuitBreaker(service).getState();
    }

    private int retryAfterSeconds(String service) {
        Instant opened = openedAt.getOrDefault(service, clock.instant());
        Duration left = Duration.between(clock.instant(), opened.plus(settings.openFor()));
        long seconds = (left.toMillis() + 999) / 1000;
        return (int) Math.max(1, Math.min(seconds, settings.openFor().toSeconds() + 1));
    }

    /** No answer, or an answer saying the instance cannot serve: counts against the service. A 4xx does not. */
    static boolean isFailure(Throwable e) {
        return e instanceof ResourceAccessException || e instanceof HttpServerErrorException;
    }

    /** No answer, or 502/503/504: worth another attempt when the call is idempotent (a 500 is not transient). */
    static boolean transientFailure(Throwable e) {
        return e instanceof ResourceAccessException
                || e instanceof HttpServerErrorException server && Set.of(502, 503, 504).contains(server.getStatusCode().value());
    }

    /** Failed before a byte of the request left this process: sending it again cannot repeat an effect. */
    static boolean neverSent(Throwable e) {
        if (!(e instanceof ResourceAccessException)) {
            return false;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                    || cause instanceof NoRouteToHostException || cause instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    static boolean idempotent(Method method) {
        if (AnnotatedElementUtils.hasAnnotation(method, Idempotent.class)) {
            return true;
        }
        HttpExchange exchange = AnnotatedElementUtils.findMergedAnnotation(method, HttpExchange.class);
        return exchange != null && IDEMPOTENT_METHODS.contains(exchange.method().toUpperCase(java.util.Locale.ROOT));
    }
}
