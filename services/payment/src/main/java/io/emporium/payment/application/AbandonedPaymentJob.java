package io.emporium.payment.application;

import io.emporium.coordination.LeadershipGate;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Leader only: cancels payments still PENDING long after any checkout could have used them. (Requests
 * to the gateway left unanswered are {@link GatewayRequestJob}'s.)
 */
@Component
public class AbandonedPaymentJob {

    private static final Logger log = LoggerFactory.getLogger(AbandonedPaymentJob.class);

    private final PaymentService payments;
    private final LeadershipGate leadership;
    private final Clock clock;
    private final Duration abandonAfter;

    public AbandonedPaymentJob(PaymentService payments, LeadershipGate leadership, Clock clock,
            @Value("${emporium.payment.abandon-after:PT2H}") Duration abandonAfter) {
        this.payments = payments;
        this.leadership = leadership;
        this.clock = clock;
        this.abandonAfter = abandonAfter;
    }

    @Scheduled(fixedDelayString = "${emporium.payment.job-interval:PT1M}", initialDelayString = "${emporium.payment.job-interval:PT1M}")
    public void run() {
        var token = leadership.fencingToken();
        if (token.isPresent()) {
            int cancelled = payments.cancelAbandoned(clock.instant().minus(abandonAfter), 200, token.get());
            if (cancelled > 0) {
                log.info("cancelled {} abandoned payment(s)", cancelled);
            }
        }
    }
}
