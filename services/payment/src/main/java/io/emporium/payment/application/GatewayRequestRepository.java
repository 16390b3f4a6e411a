package io.emporium.payment.application;

import java.time.Instant;
import java.util.List;

/** The requests to the gateway still to be answered, as the use cases need them (JdbcGatewayRequestRepository stores them). */
public interface GatewayRequestRepository {

    /** Records a request, first due at {@code firstRetry}; false if its payment's answer or its refund has one already. */
    boolean insert(GatewayRequest request, Instant now, Instant firstRetry);

    /**
     * Takes up to {@code limit} unanswered requests due by {@code now} and moves their next attempt to
     * {@code leaseUntil}, so that a pass that dies while sending them leaves them due again later.
     */
    List<GatewayRequest> claimDue(Instant now, Instant leaseUntil, int limit);

    /** The gateway accepted the request: ask again at {@code next} unless its callback arrives first. */
    void accepted(String id, Instant now, Instant next);

    void failed(String id, String error, Instant next);

    /** A capture's or decline's callback arrived: the payment's answer at the gateway is answered. */
    void paymentAnswered(String paymentId, Instant now);

    void refundAnswered(String paymentId, String refundId, Instant now);
}
