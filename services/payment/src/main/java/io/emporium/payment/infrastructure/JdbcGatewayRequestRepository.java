package io.emporium.payment.infrastructure;

import io.emporium.payment.application.GatewayRequestRepository;
import static io.emporium.payment.infrastructure.JdbcPaymentRepository.ts;

import io.emporium.kernel.Money;
import io.emporium.payment.application.GatewayRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The gateway requests still to be answered ({@code payment.gateway_request}). */
@Repository
public class JdbcGatewayRequestRepository implements GatewayRequestRepository {

    private final JdbcClient jdbc;

    public JdbcGatewayRequestRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a request, first due at {@code firstRetry}; false if its payment's answer or its refund has one already. */
    @Override
    public boolean insert(GatewayRequest request, Instant now, Instant firstRetry) {
        return jdbc.sql("""
                INSERT INTO payment.gateway_request (id, kind, payment_id, refund_id, amount, currency, next_attempt_at, created_at)
                VALUES (:id, :kind, :payment, :refund, :amount, :currency, :next, :now) ON CONFLICT DO NOTHING""")
                .param("id", request.id()).param("kind", request.kind().name()).param("payment", request.paymentId())
                .param("refund", request.refundId()).param("amount", request.amount().amount())
                .param("currency", request.amount().currency().getCurrencyCode()).param("next", ts(firstRetry))
                .param("now", ts(now)).update() == 1;
    }

    /**
     * Takes up to {@code limit} unanswered requests due by {@code now} and moves their next attempt to
     * {@code leaseUntil}, so that a pass that dies while sending them leaves them due again later.
     */
    @Override
    public List<GatewayRequest> claimDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                UPDATE payment.gateway_request g SET next_attempt_at = :lease
                FROM (SELECT id FROM payment.gateway_request WHERE answered_at IS NULL AND next_attempt_at <= :now
                      ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED) due
                WHERE g.id = due.id RETURNING g.*""")
                .param("lease", ts(leaseUntil)).param("now", ts(now)).param("limit", limit)
                .query(JdbcGatewayRequestRepository::request).list();
    }

    /** The gateway accepted the request: ask again at {@code next} unless its callback arrives first. */
    @Override
    public void accepted(String id, Instant now, Instant next) {
        jdbc.sql("""
                UPDATE payment.gateway_request SET attempts = attempts + 1, sent_at = :now, last_error = NULL,
                    next_attempt_at = :next WHERE id = :id AND answered_at IS NULL""")
                .param("now", ts(now)).param("next", ts(next)).param("id", id).update();
    }

    @Override
    public void failed(String id, String error, Instant next) {
        jdbc.sql("""
                UPDATE payment.gateway_request SET attempts = attempts + 1, last_error = :error, next_attempt_at = :next
                WHERE id = :id AND answered_at IS NULL""")
                .param("error", error).param("next", ts(next)).param("id", id).update();
    }

    /** A capture's or decline's callback arrived: the payment's answer at the gateway is answered. */
    @Override
    public void paymentAnswered(String paymentId, Instant now) {
        jdbc.sql("""
                UPDATE payment.gateway_request SET answered_at = :now
                WHERE payment_id = :p AND kind IN ('CAPTURE', 'DECLINE') AND answered_at IS NULL""")
                .param("now", ts(now)).param("p", paymentId).update();
    }

    @Override
    public void refundAnswered(String paymentId, String refundId, Instant now) {
        jdbc.sql("""
                UPDATE payment.gateway_request SET answered_at = :now
                WHERE payment_id = :p AND kind = 'REFUND' AND refund_id = :r AND answered_at IS NULL""")
                .param("now", ts(now)).param("p", paymentId).param("r", refundId).update();
    }

    private static GatewayRequest request(ResultSet rs, int row) throws SQLException {
        return new GatewayRequest(rs.getString("id"), GatewayRequest.Kind.valueOf(rs.getString("kind")),
                rs.getString("payment_id"), rs.getString("refund_id"),
                Money.of(rs.getBigDecimal("amount").stripTrailingZeros(), rs.getString("currency").trim()), rs.getInt("attempts"));
    }
}
