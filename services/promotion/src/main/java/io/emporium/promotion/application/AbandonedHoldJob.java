package io.emporium.promotion.application;

import io.emporium.coordination.LeadershipGate;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Releases promotion holds that nobody will release: a checkout whose order transaction never
 * committed after its coupons and flash units were held, or a flash purchase whose order was
 * never placed. Anything still held {@code emporium.promotion.abandoned-after} (default 2 hours,
 * well past the unpaid-order timeout and the stock hold) is released, on the leader only.
 */
@Component
public class AbandonedHoldJob {

    private static final Logger log = LoggerFactory.getLogger(AbandonedHoldJob.class);
    private static final int BATCH = 100;

    private final PricingService pricing;
    private final LeadershipGate leadership;
    private final Clock clock;
    private final Duration abandonedAfter;

    public AbandonedHoldJob(PricingService pricing, LeadershipGate leadership, Clock clock,
            @Value("${emporium.promotion.abandoned-after:PT2H}") Duration abandonedAfter) {
        this.pricing = pricing;
        this.leadership = leadership;
        this.clock = clock;
        this.abandonedAfter = abandonedAfter;
    }

    @Scheduled(fixedDelayString = "${emporium.promotion.hold-sweep-interval:PT1M}",
            initialDelayString = "${emporium.promotion.hold-sweep-interval:PT1M}")
    public int sweep() {
        int total = leadership.drain(BATCH,
                token -> pricing.releaseAbandoned(clock.instant().minus(abandonedAfter), BATCH, token));
        if (total > 0) {
            log.warn("released the promotions of {} abandoned checkout(s) or flash purchase(s)", total);
        }
        return total;
    }
}
