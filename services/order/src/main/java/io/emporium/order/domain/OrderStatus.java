package io.emporium.order.domain;

public enum OrderStatus {
    PENDING_PAYMENT, PAID, SHIPPED, DELIVERED, COMPLETED, CANCELLED, REFUND_REQUESTED, REFUNDED
}
