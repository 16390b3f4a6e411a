package io.emporium.identity.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

public record AccountView(String id, String email, String displayName, @Schema(allowableValues = {"CUSTOMER", "MERCHANT", "ADMIN"}) String role, @Schema(nullable = true) String merchantId, Instant createdAt) {
}
