package io.emporium.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.platform.MovableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

class TokensTest {

    private static final byte[] SECRET = "a-test-secret-of-at-least-32-bytes-long".getBytes(StandardCharsets.UTF_8);

    @Test
    void a_token_verified_before_is_refused_from_its_expiry_on() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00Z"));
        Tokens tokens = new Tokens(SECRET, Duration.ofMinutes(10), clock);
        JwtDecoder decoder = tokens.decoder();
        String token = tokens.issue("cus_1", Role.CUSTOMER, Optional.empty()).value();

        assertThat(decoder.decode(token).getSubject()).isEqualTo("cus_1");
        assertThat(decoder.decode(token).getSubject()).isEqualTo("cus_1"); // remembered

        clock.advance(Duration.ofMinutes(11));
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void a_token_that_differs_from_a_verified_one_by_its_claims_or_signature_is_verified_again_and_refused() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00Z"));
        Tokens tokens = new Tokens(SECRET, Duration.ofMinutes(10), clock);
        JwtDecoder decoder = tokens.decoder();
        String token = tokens.issue("cus_1", Role.CUSTOMER, Optional.empty()).value();
        decoder.decode(token);

        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"CUSTOMER\"", "\"ADMIN\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThatThrownBy(() -> decoder.decode(tampered)).isInstanceOf(JwtException.class);
        char[] signature = parts[2].toCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A'; // a character in the middle carries six bits of the signature
        String resigned = parts[0] + "." + parts[1] + "." + new String(signature);
        assertThatThrownBy(() -> decoder.decode(resigned)).isInstanceOf(JwtException.class);
        assertThat(decoder.decode(token).getSubject()).isEqualTo("cus_1");
    }
}
