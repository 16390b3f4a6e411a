package io.emporium.payment.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** What a handled callback did, for the OpenAPI document (the controller answers a map of the same shape). */
@Schema(name = "GatewayCallbackOutcome", requiredProperties = "outcome")
record CallbackOutcomeView(@Schema(allowableValues = {"APPLIED", "DUPLICATE", "IGNORED"}) String outcome) {
}
