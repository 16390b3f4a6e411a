package io.emporium.order.application;

import io.emporium.platform.problem.ServiceUnavailableException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds the order-center operations that hold an order transaction (one connection) while they
 * call inventory and payment (a second one). Unbounded, enough of them at once would hold every
 * pooled connection while waiting for another, and the pool would deadlock. With at most
 * (pool − 4) / 2 of them running (the relay and the job thread take up to two each), a callee
 * always finds a connection. Callers beyond the bound wait briefly, then get 503 with Retry-After.
 */
public class SagaBulkhead {

    private final Semaphore permits;
    private final Duration maxWait;

    public SagaBulkhead(int poolSize, Duration maxWait) {
        this.permits = new Semaphore(Math.max(1, (poolSize - 4) / 2), true);
        this.maxWait = maxWait;
    }

    public <T> T run(Supplier<T> step) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
        if (!acquired) {
            throw busy();
        }
        try {
            return step.get();
        } finally {
            permits.release();
        }
    }

    private static ServiceUnavailableException busy() {
        return new ServiceUnavailableException("checkout-busy", "too many checkouts at once; try again in a second",
                Map.of("retryAfterSeconds", 1));
    }
}
