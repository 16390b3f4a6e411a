package io.emporium.payment.application;

import io.emporium.coordination.Fence;
import io.emporium.coordination.LeaderToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox towards the gateway. {@link #enqueue} records a request in the transaction of the
 * state change that calls for it; once that commits, the request is sent on this sender's own
 * threads, outside any transaction. Whatever is not answered (the send failed, the process died
 * between commit and send, the callback never came) is sent again by {@link #resendDue}, the
 * leader's job, with back-off and the same idempotency key, until the gateway's callback marks it
 * answered. So a committed request is never lost and a repeated one takes effect once.
 */
@Component
public class GatewayRequestSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayRequestSender.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final Duration MAX_REASK = Duration.ofHours(1);

    private final GatewayRequestRepository requests;
    private final PaymentGateway gateway;
    private final Fence fence;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration firstRetry;
    private final Duration answerTimeout;
    private final Set<GatewayRequest.Kind> haltAfterCommit;
    private final ThreadPoolExecutor senders = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000), Thread.ofPlatform().name("gateway-sender-", 0).daemon(true).factory());

    public GatewayRequestSender(GatewayRequestRepository requests, PaymentGateway gateway, Fence fence,
            TransactionTemplate transactions, Clock clock,
            @Value("${emporium.payment.gateway.first-retry:PT10S}") Duration firstRetry,
            @Value("${emporium.payment.gateway.answer-timeout:PT5M}") Duration answerTimeout,
            @Value("${emporium.fault.halt-after-gateway-request-commit:}") String haltAfterCommit) {
        this.requests = requests;
        this.gateway = gateway;
        this.fence = fence;
        this.transactions = transactions;
        this.clock = clock;
        this.firstRetry = firstRetry;
        this.answerTimeout = answerTimeout;
        this.haltAfterCommit = Arrays.stream(haltAfterCommit.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> GatewayRequest.Kind.valueOf(s.toUpperCase(Locale.ROOT))).collect(Collectors.toUnmodifiableSet());
        if (!this.haltAfterCommit.isEmpty()) {
            log.warn("FAULT INJECTION (test only): the process halts after committing a {} request to the gateway",
                    this.haltAfterCommit);
        }
    }

    /**
     * Records {@code request} in the caller's transaction and sends it once that commits. Returns
     * false, recording nothing, if the payment's answer or the refund was requested before.
     */
    public boolean enqueue(GatewayRequest request) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a gateway request must be recorded in the transaction of the change it serves");
        }
        Instant now = clock.instant();
        if (!requests.insert(request, now, now.plus(firstRetry))) {
            return false;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                if (haltAfterCommit.contains(request.kind())) {
                    // test-only fault injection: die exactly where a crash would lose a request sent after commit
                    System.err.println("FAULT INJECTION: halting after committing gateway request " + request.id());
                    System.err.flush();
                    Runtime.getRuntime().halt(99);
                }
                try {
                    senders.execute(() -> send(request));
                } catch (RejectedExecutionException e) {
                    log.warn("gateway senders are busy; {} waits for the retry job", request.id());
                }
            }
        });
        return true;
    }

    /**
     * Leader only: sends again up to {@code limit} requests the gateway has not answered and that are
     * due. Taking them is fenced with the leader's token; sending happens after, outside the
     * transaction. Returns how many were taken.
     */
    public int resendDue(LeaderToken leader, int limit) {
        Instant now = clock.instant();
        List<GatewayRequest> due = transactions.execute(tx -> {
            fence.check(PaymentService.SCHEMA, "gateway-requests", leader);
            return requests.claimDue(now, now.plus(answerTimeout), limit);
        });
        due.forEach(this::send);
        return due.size();
    }

    /** One attempt; never inside a transaction (the gateway is a remote call). */
    void send(GatewayRequest request) {
        try {
            switch (request.kind()) {
                case CAPTURE -> gateway.requestCapture(request.id(), request.paymentId(), request.amount());
                case DECLINE -> gateway.requestDecline(request.id(), request.paymentId(), request.amount());
                case REFUND -> gateway.requestRefund(request.id(), request.paymentId(), request.refundId(), request.amount());
            }
            Instant now = clock.instant();
            requests.accepted(request.id(), now, now.plus(reask(request.attempts())));
        } catch (RuntimeException e) {
            Duration backoff = backoff(request.attempts() + 1);
            log.warn("gateway request {} ({} of {}) failed (attempt {}), trying again in {} s: {}", request.id(),
                    request.kind(), request.paymentId(), request.attempts() + 1, backoff.toSeconds(), e.toString());
            requests.failed(request.id(), String.valueOf(e.getMessage()), clock.instant().plus(backoff));
        }
    }

    /** After a failed attempt: 2, 4, 8 ... seconds, at most a minute. */
    static Duration backoff(int attempts) {
        Duration d = Duration.ofSeconds(1L << Math.min(attempts, 6));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /** After an accepted attempt: wait for the callback this long before asking again, doubling, at most an hour. */
    private Duration reask(int earlierAttempts) {
        Duration d = answerTimeout.multipliedBy(1L << Math.min(earlierAttempts, 10));
        return d.compareTo(MAX_REASK) > 0 ? MAX_REASK : d;
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
