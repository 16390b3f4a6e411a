package io.emporium.order.application;

import io.emporium.coordination.LeadershipGate;
import io.emporium.coordination.LeadershipGates;
import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.OrderId;
import io.emporium.order.saga.CheckoutSaga;
import io.emporium.order.saga.CheckoutStore;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The order center's clock: cancels checkouts left unpaid past the payment timeout, completes orders
 * delivered longer ago than the auto-complete period, and resumes checkout sagas left in flight. Leader only; each
 * checkout or order is its own transaction, and leadership is checked before each.
 */
@Component
public class OrderJobs {

    private static final Logger log = LoggerFactory.getLogger(OrderJobs.class);
    private static final int BATCH = 100;

    private final OrderRepository orders;
    private final OrderService service;
    private final LeadershipGate leadership;
    private final OrderSettings settings;
    private final Clock clock;
    private final CheckoutSaga saga;
    private final CheckoutStore sagas;

    public OrderJobs(OrderRepository orders, OrderService service, LeadershipGates leadership, OrderSettings settings,
            Clock clock, CheckoutSaga saga, CheckoutStore sagas) {
        this.saga = saga;
        this.sagas = sagas;
        this.orders = orders;
        this.service = service;
        this.leadership = leadership.gate("orders"); // this service's election
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${emporium.order.job-interval:PT10S}", initialDelayString = "${emporium.order.job-interval:PT10S}")
    public void run() {
        cancelUnpaid(clock.instant());
        completeDelivered(clock.instant());
    }

    /**
     * Resumes every checkout saga with a step to take whose next attempt is due: one a crash left in flight
     * (its driver's lease ran out), or one whose participant failed (its back-off ran out). Leader only.
     */
    @Scheduled(fixedDelayString = "${emporium.order.saga-resume-interval:PT2S}",
            initialDelayString = "${emporium.order.saga-resume-interval:PT2S}")
    public int resumeSagas() {
        int driven = 0;
        for (CheckoutId checkoutId : sagas.due(clock.instant(), BATCH)) {
            if (!leadership.isLeader()) {
                break;
            }
            saga.drive(checkoutId);
            driven++;
        }
        if (driven > 0) {
            log.info("resumed {} checkout saga(s)", driven);
        }
        return driven;
    }

    /** Cancels checkouts placed before {@code now - paymentTimeout} that are still unpaid; returns how many. */
    public int cancelUnpaid(Instant now) {
        int cancelled = 0;
        for (CheckoutId checkoutId : orders.unpaidCheckouts(now.minus(settings.paymentTimeout()), BATCH)) {
            var token = leadership.fencingToken();
            if (token.isEmpty()) {
                break;
            }
            if (service.cancelUnpaid(checkoutId, "not paid within " + settings.paymentTimeout().toMinutes() + " minutes",
                    token.get())) {
                cancelled++;
            }
        }
        if (cancelled > 0) {
            log.info("cancelled {} unpaid checkout(s)", cancelled);
        }
        return cancelled;
    }

    public int completeDelivered(Instant now) {
        int completed = 0;
        for (OrderId orderId : orders.deliveredBefore(now.minus(settings.autoCompleteAfter()), BATCH)) {
            var token = leadership.fencingToken();
            if (token.isEmpty()) {
                break;
            }
            if (service.complete(orderId, token.get())) {
                completed++;
            }
        }
        return completed;
    }
}
