package io.emporium.promotion.application;

import io.emporium.coordination.LeadershipGate;
import io.emporium.coordination.LeadershipGates;
import io.emporium.kernel.FlashSaleId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Settles flash sales that have ended (unsold units back to normal stock), on the elected leader only. */
@Component
public class FlashSettlementJob {

    private static final Logger log = LoggerFactory.getLogger(FlashSettlementJob.class);

    private final FlashSaleService flashSales;
    private final LeadershipGate leadership;

    public FlashSettlementJob(FlashSaleService flashSales, LeadershipGates leadership) {
        this.flashSales = flashSales;
        this.leadership = leadership.gate("promotion"); // this service's election
    }

    @Scheduled(fixedDelayString = "${emporium.promotion.settlement-interval:PT5S}",
            initialDelayString = "${emporium.promotion.settlement-interval:PT5S}")
    public int sweep() {
        int settled = 0;
        for (FlashSaleId saleId : flashSales.endedUnsettled(50)) {
            var token = leadership.fencingToken();
            if (token.isEmpty()) {
                return settled;
            }
            try {
                if (flashSales.settle(saleId, token.get())) {
                    settled++;
                }
            } catch (RuntimeException e) {
                log.warn("settling flash sale {} failed; will retry: {}", saleId, e.toString());
            }
        }
        return settled;
    }
}
