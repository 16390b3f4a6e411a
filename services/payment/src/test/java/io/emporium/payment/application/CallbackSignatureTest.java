package io.emporium.payment.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CallbackSignatureTest {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    final CallbackSignature signer = new CallbackSignature("k".repeat(32).getBytes(StandardCharsets.UTF_8),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void a_signature_verifies_only_its_own_body_and_key_within_the_tolerance() {
        String body = "{\"eventId\":\"evt_1\"}";
        String header = signer.sign(body);
        assertThat(signer.verify(header, body)).isTrue();
        assertThat(signer.verify(header, body + " ")).isFalse();
        assertThat(new CallbackSignature("x".repeat(32).getBytes(StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC))
                .verify(header, body)).isFalse();
        CallbackSignature later = new CallbackSignature("k".repeat(32).getBytes(StandardCharsets.UTF_8),
                Clock.fixed(NOW.plus(Duration.ofMinutes(6)), ZoneOffset.UTC));
        assertThat(later.verify(header, body)).as("too old").isFalse();
        assertThat(signer.verify(null, body)).isFalse();
        assertThat(signer.verify("garbage", body)).isFalse();
        assertThat(signer.verify("t=abc,v1=00", body)).isFalse();
    }
}
