package io.emporium.payment.application;

import io.emporium.coordination.LeadershipGate;
import io.emporium.coordination.LeadershipGates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Leader only: sends again the gateway requests still unanswered (a send that failed, a process that
 * died between the commit and the send, a callback that never came), in fenced batches.
 */
@Component
public class GatewayRequestJob {

    private static final Logger log = LoggerFactory.getLogger(GatewayRequestJob.class);
    private static final int BATCH = 100;

    private final GatewayRequestSender sender;
    private final LeadershipGate leadership;

    public GatewayRequestJob(GatewayRequestSender sender, LeadershipGates leadership) {
        this.sender = sender;
        this.leadership = leadership.gate("payment"); // this service's election
    }

    @Scheduled(fixedDelayString = "${emporium.payment.gateway.retry-interval:PT5S}",
            initialDelayString = "${emporium.payment.gateway.retry-interval:PT5S}")
    public void run() {
        int resent = leadership.drain(BATCH, token -> sender.resendDue(token, BATCH));
        if (resent > 0) {
            log.info("sent {} unanswered request(s) to the gateway again", resent);
        }
    }
}
