package io.emporium.payment.web;

import io.emporium.kernel.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * The body of a sandbox gateway callback, for the OpenAPI document only: the controller reads the raw
 * body, because the signature is over its exact bytes.
 */
@Schema(name = "GatewayCallback", requiredProperties = {"eventId", "paymentId", "type", "amount"})
record GatewayCallbackBody(
        @Schema(description = "the gateway's event id; a repeated event is a duplicate") String eventId,
        String paymentId,
        @Schema(allowableValues = {"payment.captured", "payment.failed", "refund.succeeded"}) String type,
        Money amount,
        @Schema(description = "for refund.succeeded: the refund it settles") String refundId,
        String gatewayReference,
        Instant occurredAt) {
}
