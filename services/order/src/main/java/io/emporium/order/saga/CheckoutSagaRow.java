package io.emporium.order.saga;

import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import java.time.Instant;

/**
 * One checkout saga as stored: who, under which idempotency key, where it stands, what its steps were
 * answered, and when it is next to be driven. {@code problem} is the refusal a FAILED checkout answers
 * with; {@code version} guards every change (two drivers never both move it).
 */
public record CheckoutSagaRow(CheckoutId id, CustomerId customerId, String idempotencyKey, String requestHash, CheckoutState state,
        CheckoutData data, StoredProblem problem, int attempts, String lastError, Instant nextAttemptAt, int version,
        Instant createdAt) {

    /** A refusal, kept to be answered again to a repeated request. */
    public record StoredProblem(int status, String type, String detail, java.util.Map<String, Object> properties) {
    }

    public CheckoutSagaRow moved(CheckoutState to, CheckoutData newData, Instant next) {
        return new CheckoutSagaRow(id, customerId, idempotencyKey, requestHash, to, newData, problem, 0, null, next, version,
                createdAt);
    }

    public CheckoutSagaRow failing(StoredProblem refusal, Instant next) {
        return new CheckoutSagaRow(id, customerId, idempotencyKey, requestHash, CheckoutState.FAILING, data, refusal, 0, null,
                next, version, createdAt);
    }

    public CheckoutSagaRow retryLater(String error, Instant next) {
        return new CheckoutSagaRow(id, customerId, idempotencyKey, requestHash, state, data, problem, attempts + 1, error, next,
                version, createdAt);
    }

    public CheckoutSagaRow withData(CheckoutData newData) {
        return new CheckoutSagaRow(id, customerId, idempotencyKey, requestHash, state, newData, problem, attempts, lastError,
                nextAttemptAt, version, createdAt);
    }

    public CheckoutSagaRow leased(Instant until) {
        return new CheckoutSagaRow(id, customerId, idempotencyKey, requestHash, state, data, problem, attempts, lastError, until,
                version, createdAt);
    }
}
