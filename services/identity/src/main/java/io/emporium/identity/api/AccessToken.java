package io.emporium.identity.api;

import java.time.Instant;

/** A signed bearer token; send it as {@code Authorization: Bearer <accessToken>} until expiresAt. */
public record AccessToken(String accessToken, String tokenType, Instant expiresAt, String accountId, String role,
        String merchantId) {
}
