package io.emporium.promotion.application;

import io.emporium.kernel.FlashSaleId;
import io.emporium.platform.problem.ProblemException;
import io.emporium.platform.problem.ServiceUnavailableException;
import io.emporium.platform.problem.TooManyRequestsException;
import io.emporium.promotion.api.FlashPurchaseAdmitted;
import io.emporium.promotion.api.FlashPurchaseRequest;
import io.emporium.promotion.api.FlashPurchaseView;
import io.emporium.promotion.domain.FlashSale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The flash purchase endpoint's admission queue. Requests are checked in memory first
 * ({@link FlashPurchaseChecks}: rate limits, the request, the sale's window, limit and a recent
 * sold-out, all without the database); the rest are queued here, and one writer thread per process
 * hands them in batches to {@link FlashBatchWriter}, which admits a batch in one transaction and
 * one commit (so the hot stock rows are written once per batch, not once per buyer) and writes a
 * {@link FlashPurchaseAdmitted} event per purchase. The order center turns each admitted purchase
 * into an order waiting for payment.
 */
@Component
public class FlashAdmission implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FlashAdmission.class);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FlashPurchaseChecks checks;
    private final FlashBatchWriter batches;
    private final int batchSize;
    private final BlockingQueue<FlashPurchase> queue;
    private volatile Thread writer;
    private volatile boolean running;

    FlashAdmission(FlashPurchaseChecks checks, FlashBatchWriter batches, PromotionSettings settings) {
        this.checks = checks;
        this.batches = batches;
        this.batchSize = settings.admissionBatch();
        this.queue = new ArrayBlockingQueue<>(settings.admissionQueue());
    }

    /** Admits a purchase or refuses it with a problem; blocks until the writer has decided (a few ms). */
    public FlashPurchaseView purchase(FlashSaleId saleId, String customerId, String idempotencyKey,
            FlashPurchaseRequest request) {
        FlashSale sale = checks.vet(saleId, customerId, idempotencyKey, request);
        FlashPurchase pending = new FlashPurchase(sale, customerId, request.quantity(), request.shippingAddress(),
                idempotencyKey, new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            throw new TooManyRequestsException("busy", "the flash sale is at capacity; try again in a moment", 1);
        }
        try {
            return pending.result().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new ServiceUnavailableException("admission-timeout", "the purchase was not decided in time; it may still"
                    + " be admitted: repeat it with the same Idempotency-Key to find out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("admission-interrupted", "the server is stopping");
        }
    }

    /** The number of purchases waiting for the writer (for monitoring). */
    public int queued() {
        return queue.size();
    }

    private void writeLoop() {
        List<FlashPurchase> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                FlashPurchase first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                batches.admit(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException e) {
                log.warn("a batch of {} flash purchase(s) failed: {}", batch.size(), e.toString());
                ProblemException problem = new ServiceUnavailableException("admission-failed",
                        "the purchase could not be recorded; try again");
                batch.forEach(p -> p.result().completeExceptionally(problem));
            } finally {
                batch.clear();
            }
        }
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofPlatform().name("flash-admission").daemon().start(this::writeLoop);
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = writer;
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        FlashPurchase p;
        while ((p = queue.poll()) != null) {
            p.result().completeExceptionally(new ServiceUnavailableException("stopping", "the server is stopping"));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
