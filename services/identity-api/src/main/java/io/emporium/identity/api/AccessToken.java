package io.emporium.identity.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A signed bearer token; send it as {@code Authorization: Bearer <accessToken>} until expiresAt. */
public record AccessToken(String accessToken, String tokenType, Instant expiresAt, String accountId, @Schema(allowableValues = {"CUSTOMER", "MERCHANT", "ADMIN"}) String role,
        @Schema(nullable = true) String merchantId) {
}
