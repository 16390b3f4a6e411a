package io.emporium.identity.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A merchant as identity knows it (there is no merchant service yet): its id, its staff accounts and
 * when the first of them was made.
 */
public record MerchantView(String merchantId, List<Staff> staff, Instant since) {

    @Schema(name = "MerchantStaff")
    public record Staff(String email, String displayName) {
    }
}
