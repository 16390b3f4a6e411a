package io.emporium.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.kernel.Money;
import io.emporium.kernel.RuleViolation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PaymentIntentTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    static PaymentIntent pending() {
        return PaymentIntent.open(new io.emporium.kernel.PaymentId("pay_1"), new io.emporium.kernel.CheckoutId("chk_1"), new io.emporium.kernel.CustomerId("cus_1"), Money.of("100.00", "CNY"), NOW);
    }

    @Test
    void only_the_first_capture_takes_effect() {
        PaymentIntent p = pending();
        assertThat(p.capture("ref1", NOW)).isEqualTo(PaymentIntent.CaptureOutcome.CAPTURED);
        assertThat(p.capture("ref2", NOW)).isEqualTo(PaymentIntent.CaptureOutcome.ALREADY_CAPTURED);
        assertThat(p.gatewayReference()).isEqualTo("ref1");
        assertThat(p.fail(NOW)).isFalse();
        assertThatThrownBy(() -> p.cancel(NOW)).isInstanceOf(IllegalPaymentTransition.class).hasMessageContaining("CAPTURED");
    }

    @Test
    void a_capture_after_cancellation_or_failure_must_be_reversed() {
        PaymentIntent cancelled = pending();
        assertThat(cancelled.cancel(NOW)).isTrue();
        assertThat(cancelled.cancel(NOW)).isFalse();
        assertThat(cancelled.capture("ref", NOW)).isEqualTo(PaymentIntent.CaptureOutcome.MUST_REVERSE);
        assertThat(cancelled.status()).isEqualTo(PaymentStatus.REVERSING);
        cancelled.reversed(NOW);
        assertThat(cancelled.status()).isEqualTo(PaymentStatus.REVERSED);

        PaymentIntent failed = pending();
        assertThat(failed.fail(NOW)).isTrue();
        assertThat(failed.capture("ref", NOW)).isEqualTo(PaymentIntent.CaptureOutcome.MUST_REVERSE);
    }

    @Test
    void refunds_never_exceed_the_capture() {
        PaymentIntent p = pending();
        assertThatThrownBy(() -> p.checkRefundable(Money.of("1.00", "CNY"), Money.zero(p.amount().currency())))
                .isInstanceOf(IllegalPaymentTransition.class);
        p.capture("ref", NOW);
        p.checkRefundable(Money.of("60.00", "CNY"), Money.of("40.00", "CNY"));
        assertThatThrownBy(() -> p.checkRefundable(Money.of("60.01", "CNY"), Money.of("40.00", "CNY")))
                .isInstanceOf(RuleViolation.class);
        p.refunded(Money.of("40.00", "CNY"), NOW);
        assertThat(p.status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        p.refunded(Money.of("60.00", "CNY"), NOW);
        assertThat(p.status()).isEqualTo(PaymentStatus.REFUNDED);
    }
}
