package io.emporium.inventory.application;

import io.emporium.coordination.LeadershipGate;
import io.emporium.coordination.LeadershipGates;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Releases expired reservations, on the elected leader only. Each batch is its own transaction;
 * the job stops between batches as soon as this process is no longer leader.
 */
@Component
public class ReservationExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(ReservationExpiryJob.class);
    private static final int BATCH = 200;

    private final InventoryService inventory;
    private final LeadershipGate leadership;
    private final Clock clock;

    public ReservationExpiryJob(InventoryService inventory, LeadershipGates leadership, Clock clock) {
        this.inventory = inventory;
        this.leadership = leadership.gate("inventory"); // this service's election
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${emporium.inventory.expiry-sweep-interval:PT5S}",
            initialDelayString = "${emporium.inventory.expiry-sweep-interval:PT5S}")
    public void sweep() {
        int total = leadership.drain(BATCH, token -> inventory.expireDue(clock.instant(), BATCH, token));
        if (total > 0) {
            log.info("released {} expired reservation(s)", total);
        }
    }
}
