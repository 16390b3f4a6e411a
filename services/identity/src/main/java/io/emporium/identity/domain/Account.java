package io.emporium.identity.domain;

import io.emporium.kernel.MerchantId;
import io.emporium.platform.security.Role;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** An account; merchant staff act for exactly one merchant, nobody else acts for any. */
public record Account(String id, String email, String passwordHash, String displayName, Role role,
        Optional<MerchantId> merchant, Instant createdAt) {

    public Account {
        email = normalize(email);
        if (role == Role.SERVICE) {
            throw new IllegalArgumentException("SERVICE is not an account role");
        }
        if ((role == Role.MERCHANT) != merchant.isPresent()) {
            throw new IllegalArgumentException(role == Role.MERCHANT
                    ? "merchantId is required for merchant staff" : "merchantId is only for merchant staff");
        }
    }

    public static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
