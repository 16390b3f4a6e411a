package io.emporium.promotion.application;

import io.emporium.kernel.FlashSaleId;
import io.emporium.platform.problem.ServiceUnavailableException;
import io.emporium.platform.problem.UnprocessableException;
import io.emporium.promotion.api.FlashPurchaseView;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Admits a batch of queued purchases in one transaction, each sale's share by {@link FlashSaleAdmitter},
 * and completes each purchase with its outcome after the commit.
 *
 * <p>No request can make another fail: each was checked in full before it entered the batch, and
 * a batch the database still refuses is split in halves and tried again, down to the one member
 * that fails, which alone is refused (422 when the database refuses its data, 503 otherwise).
 * Failures of the database itself (unreachable, timed out) are not split: they fail the batch,
 * each member with 503. A lock conflict (deadlock) is tried again, up to three times.
 */
@Component
class FlashBatchWriter {

    private static final Logger log = LoggerFactory.getLogger(FlashBatchWriter.class);
    private static final int ATTEMPTS = 3;

    private final FlashSaleAdmitter sales;
    private final FlashSaleCache cache;
    private final TransactionTemplate transactions;
    private final Clock clock;

    FlashBatchWriter(FlashSaleAdmitter sales, FlashSaleCache cache, TransactionTemplate transactions, Clock clock) {
        this.sales = sales;
        this.cache = cache;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Admits the batch; if the database refuses it for a reason that may lie in one member's data,
     * tries each half on its own, so that only the members that fail alone are refused.
     */
    void admit(List<FlashPurchase> batch) {
        try {
            admitRetryingLocks(batch);
        } catch (RuntimeException e) {
            if (!attributable(e)) {
                throw e;
            }
            if (batch.size() == 1) {
                FlashPurchase p = batch.getFirst();
                log.warn("flash purchase of {} for sale {} refused by the database: {}", p.customerId(), p.sale().id(),
                        e.toString());
                p.result().completeExceptionally(e instanceof DataIntegrityViolationException
                        ? new UnprocessableException("purchase-refused",
                                "the purchase could not be recorded as given; check the shipping address and try again")
                        : new ServiceUnavailableException("admission-failed", "the purchase could not be recorded; try again"));
                return;
            }
            log.info("a batch of {} flash purchase(s) failed ({}); trying its halves apart", batch.size(), e.toString());
            int half = batch.size() / 2;
            admit(batch.subList(0, half));
            admit(batch.subList(half, batch.size()));
        }
    }

    /** Whether a failure may be one member's doing, rather than the database's being unreachable or overloaded. */
    private static boolean attributable(RuntimeException e) {
        return !(e instanceof TransientDataAccessException || e instanceof DataAccessResourceFailureException
                || e instanceof TransactionException);
    }

    private void admitRetryingLocks(List<FlashPurchase> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                admitOnce(batch);
                return;
            } catch (PessimisticLockingFailureException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.info("flash admission batch hit a lock conflict ({}); trying again", e.getClass().getSimpleName());
            }
        }
    }

    private void admitOnce(List<FlashPurchase> batch) {
        Map<FlashPurchase, Object> outcomes = new HashMap<>();
        List<FlashSaleId> soldOut = new ArrayList<>();
        transactions.executeWithoutResult(tx -> {
            outcomes.clear();
            soldOut.clear();
            Instant now = clock.instant();
            Map<FlashSaleId, List<FlashPurchase>> bySale = new LinkedHashMap<>();
            batch.forEach(p -> bySale.computeIfAbsent(p.sale().id(), s -> new ArrayList<>()).add(p));
            for (List<FlashPurchase> group : bySale.values()) {
                if (!sales.admit(group.getFirst().sale(), group, outcomes, now)) {
                    soldOut.add(group.getFirst().sale().id());
                }
            }
        });
        // only once committed: a purchase is answered admitted when its claim is durable
        soldOut.forEach(cache::markSoldOut);
        for (FlashPurchase p : batch) {
            Object outcome = outcomes.get(p);
            if (outcome instanceof FlashPurchaseView view) {
                p.result().complete(view);
            } else {
                p.result().completeExceptionally((RuntimeException) outcome);
            }
        }
    }
}
