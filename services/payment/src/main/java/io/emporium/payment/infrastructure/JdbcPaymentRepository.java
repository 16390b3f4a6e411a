package io.emporium.payment.infrastructure;

import io.emporium.payment.application.PaymentRepository;
import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.Money;
import io.emporium.kernel.PaymentId;
import io.emporium.payment.domain.PaymentIntent;
import io.emporium.payment.domain.PaymentStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class JdbcPaymentRepository implements PaymentRepository {

    private final JdbcClient jdbc;

    public JdbcPaymentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Inserts the intent unless its checkout has one; false then. */
    @Override
    public boolean insert(PaymentIntent intent) {
        return jdbc.sql("""
                INSERT INTO payment.payment_intent (id, checkout_id, customer_id, amount, currency, status, created_at, updated_at)
                VALUES (:id, :checkout, :customer, :amount, :currency, :status, :at, :at) ON CONFLICT (checkout_id) DO NOTHING""")
                .param("id", intent.id().value()).param("checkout", intent.checkoutId().value()).param("customer", intent.customerId().value())
                .param("amount", intent.amount().amount()).param("currency", intent.amount().currency().getCurrencyCode())
                .param("status", intent.status().name()).param("at", ts(intent.createdAt())).update() == 1;
    }

    @Override
    public Optional<PaymentIntent> find(PaymentId id, boolean lock) {
        return jdbc.sql("SELECT * FROM payment.payment_intent WHERE id = :id" + (lock ? " FOR UPDATE" : ""))
                .param("id", id.value()).query(JdbcPaymentRepository::intent).optional();
    }

    @Override
    public Optional<PaymentIntent> findByCheckout(CheckoutId checkoutId) {
        return jdbc.sql("SELECT * FROM payment.payment_intent WHERE checkout_id = :c").param("c", checkoutId.value())
                .query(JdbcPaymentRepository::intent).optional();
    }

    /** Records the first answer at the gateway; false if one was recorded already. */
    @Override
    public boolean markCaptureRequested(PaymentId id, Instant now) {
        return jdbc.sql("UPDATE payment.payment_intent SET capture_requested_at = :now"
                        + " WHERE id = :id AND status = 'PENDING' AND capture_requested_at IS NULL")
                .param("now", ts(now)).param("id", id.value()).update() == 1;
    }

    @Override
    public void update(PaymentIntent intent) {
        jdbc.sql("""
                UPDATE payment.payment_intent SET status = :status, refunded_amount = :refunded,
                       gateway_reference = :reference, updated_at = :at WHERE id = :id""")
                .param("status", intent.status().name()).param("refunded", intent.refunded().amount())
                .param("reference", intent.gatewayReference()).param("at", ts(intent.updatedAt())).param("id", intent.id().value())
                .update();
    }

    /** Records a callback; false if one with this event id was recorded before (a duplicate). */
    @Override
    public boolean recordGatewayEvent(String eventId, String paymentId, String type, String outcome, String detail,
            Instant now) {
        return jdbc.sql("""
                INSERT INTO payment.gateway_event (event_id, payment_id, type, outcome, detail, received_at)
                VALUES (:id, :payment, :type, :outcome, :detail, :at) ON CONFLICT (event_id) DO NOTHING""")
                .param("id", eventId).param("payment", paymentId).param("type", type).param("outcome", outcome)
                .param("detail", detail).param("at", ts(now)).update() == 1;
    }

    @Override
    public boolean gatewayEventSeen(String eventId) {
        return jdbc.sql("SELECT count(*) FROM payment.gateway_event WHERE event_id = :id").param("id", eventId)
                .query(Long.class).single() > 0;
    }

    /** Keeps a refused callback on record, apart from gateway_event: its event id stays free. */
    @Override
    public void recordRefusal(String eventId, String paymentId, String type, String outcome, String detail, Instant now) {
        jdbc.sql("""
                INSERT INTO payment.gateway_event_refusal (event_id, payment_id, type, outcome, detail, received_at)
                VALUES (:id, :payment, :type, :outcome, :detail, :at)""")
                .param("id", eventId).param("payment", paymentId).param("type", type).param("outcome", outcome)
                .param("detail", detail).param("at", ts(now)).update();
    }

    @Override
    public void setGatewayEventOutcome(String eventId, String outcome, String detail) {
        jdbc.sql("UPDATE payment.gateway_event SET outcome = :outcome, detail = :detail WHERE event_id = :id")
                .param("outcome", outcome).param("detail", detail).param("id", eventId).update();
    }

    @Override
    public Optional<Refund> findRefund(String paymentId, String refundId, String currency) {
        return jdbc.sql("SELECT id, amount, status FROM payment.refund WHERE payment_id = :p AND id = :id FOR UPDATE")
                .param("p", paymentId).param("id", refundId)
                .query((rs, n) -> new Refund(rs.getString(1), Money.of(rs.getBigDecimal(2).stripTrailingZeros(), currency),
                        rs.getString(3)))
                .optional();
    }

    /** The sum of every refund requested so far for a payment, succeeded or not. */
    @Override
    public Money requestedRefunds(PaymentIntent intent) {
        return Money.of(jdbc.sql("SELECT coalesce(sum(amount), 0) FROM payment.refund WHERE payment_id = :p")
                .param("p", intent.id().value()).query(java.math.BigDecimal.class).single().stripTrailingZeros(),
                intent.amount().currency().getCurrencyCode());
    }

    @Override
    public void insertRefund(String paymentId, String refundId, Money amount, Instant now) {
        jdbc.sql("""
                INSERT INTO payment.refund (id, payment_id, amount, status, requested_at) VALUES (:id, :p, :amount, 'REQUESTED', :at)""")
                .param("id", refundId).param("p", paymentId).param("amount", amount.amount()).param("at", ts(now)).update();
    }

    @Override
    public void completeRefund(String paymentId, String refundId, Instant now) {
        jdbc.sql("UPDATE payment.refund SET status = 'SUCCEEDED', completed_at = :at WHERE payment_id = :p AND id = :id")
                .param("at", ts(now)).param("p", paymentId).param("id", refundId).update();
    }

    private static PaymentIntent intent(ResultSet rs, int row) throws SQLException {
        String currency = rs.getString("currency").trim();
        return new PaymentIntent(new PaymentId(rs.getString("id")), new CheckoutId(rs.getString("checkout_id")),
                new CustomerId(rs.getString("customer_id")),
                Money.of(rs.getBigDecimal("amount").stripTrailingZeros(), currency), PaymentStatus.valueOf(rs.getString("status")),
                Money.of(rs.getBigDecimal("refunded_amount").stripTrailingZeros(), currency), rs.getString("gateway_reference"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
