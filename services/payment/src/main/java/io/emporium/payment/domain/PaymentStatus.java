package io.emporium.payment.domain;

public enum PaymentStatus {
    PENDING, CAPTURED, FAILED, CANCELLED, PARTIALLY_REFUNDED, REFUNDED, REVERSING, REVERSED
}
