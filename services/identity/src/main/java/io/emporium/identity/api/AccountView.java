package io.emporium.identity.api;

import java.time.Instant;

public record AccountView(String id, String email, String displayName, String role, String merchantId, Instant createdAt) {
}
