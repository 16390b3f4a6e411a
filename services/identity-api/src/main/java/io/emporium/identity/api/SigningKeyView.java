package io.emporium.identity.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A key that signs access tokens, as admins see it (never its private part). NEXT is published and signs from
 * {@code signsFrom}; SIGNING signs the tokens issued now; RETIRED signs nothing more and stays published until
 * {@code publishedUntil}, while tokens it signed may still be in use.
 */
public record SigningKeyView(String keyId, String algorithm,
        @Schema(allowableValues = {"NEXT", "SIGNING", "RETIRED"}) String state, Instant createdAt, Instant signsFrom,
        @Schema(nullable = true, description = "when the next key takes over; null while none is made") Instant signsUntil,
        @Schema(nullable = true, description = "until when it is published; null while it signs or is next") Instant publishedUntil) {
}
