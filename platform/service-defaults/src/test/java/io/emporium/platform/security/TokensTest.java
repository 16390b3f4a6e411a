package io.emporium.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.sun.net.httpserver.HttpServer;
import io.emporium.platform.MovableClock;
import io.emporium.platform.binding.ServiceInstances;
import io.emporium.platform.problem.ServiceUnavailableException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

class TokensTest {

    private static final byte[] SECRET = "a-test-secret-of-at-least-32-bytes-long".getBytes(StandardCharsets.UTF_8);
    private static final RSAKey IDENTITY = Tokens.newSigningKey("key_1");

    private static String access(RSAKey key, Role role, Clock clock, Duration ttl) {
        return Tokens.sign(key, "cus_1", role, Optional.empty(), clock.instant(), ttl).value();
    }

    @Test
    void a_token_verified_before_is_refused_from_its_expiry_on() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00Z"));
        JwtDecoder decoder = new Tokens(SECRET, Tokens.fixedKeys(new JWKSet(IDENTITY)), clock).decoder();
        String token = access(IDENTITY, Role.CUSTOMER, clock, Duration.ofMinutes(10));

        assertThat(decoder.decode(token).getSubject()).isEqualTo("cus_1");
        assertThat(decoder.decode(token).getSubject()).isEqualTo("cus_1"); // remembered

        clock.advance(Duration.ofMinutes(11));
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void a_token_that_differs_from_a_verified_one_by_its_claims_or_signature_is_verified_again_and_refused() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00Z"));
        JwtDecoder decoder = new Tokens(SECRET, Tokens.fixedKeys(new JWKSet(IDENTITY)), clock).decoder();
        String token = access(IDENTITY, Role.CUSTOMER, clock, Duration.ofMinutes(10));
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

    @Test
    void service_credentials_carry_the_service_role_only_and_access_tokens_never_do() {
        Clock clock = Clock.systemUTC();
        Tokens tokens = new Tokens(SECRET, Tokens.fixedKeys(new JWKSet(IDENTITY)), clock);
        JwtDecoder decoder = tokens.decoder();

        String service = tokens.issueService("service:order", Duration.ofMinutes(5)).value();
        assertThat(decoder.decode(service).getClaimAsStringList("roles")).containsExactly("SERVICE");

        // the shared key of service credentials does not make access tokens
        NimbusJwtEncoder shared = new NimbusJwtEncoder(new ImmutableSecret<>(new SecretKeySpec(SECRET, "HmacSHA256")));
        for (String role : List.of("CUSTOMER", "MERCHANT", "ADMIN")) {
            String forged = shared.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(),
                    claims(role, clock))).getTokenValue();
            assertThatThrownBy(() -> decoder.decode(forged)).as(role).isInstanceOf(JwtException.class);
        }
        // identity's key does not make service credentials
        String rsaService = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(IDENTITY))).encode(JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).keyId(IDENTITY.getKeyID()).build(), claims("SERVICE", clock))).getTokenValue();
        assertThatThrownBy(() -> decoder.decode(rsaService)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> Tokens.sign(IDENTITY, "x", Role.SERVICE, Optional.empty(), clock.instant(), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        // a key that is not identity's, even under its key id
        String foreign = access(Tokens.newSigningKey(IDENTITY.getKeyID()), Role.ADMIN, clock, Duration.ofMinutes(5));
        assertThatThrownBy(() -> decoder.decode(foreign)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("no-dots")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("bm90IGpzb24.e30.c2ln")).isInstanceOf(BadJwtException.class);
    }

    @Test
    void published_keys_are_fetched_from_identity_again_for_an_unknown_key_id_and_kept_through_its_outage() throws Exception {
        AtomicReference<JWKSet> served = new AtomicReference<>(new JWKSet(IDENTITY.toPublicJWK()));
        AtomicInteger fetches = new AtomicInteger();
        HttpServer identity = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        identity.createContext(PublishedAccessTokenKeys.PATH, exchange -> {
            fetches.incrementAndGet();
            byte[] body = served.get().toString(true).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        identity.start();
        AtomicReference<URI> where = new AtomicReference<>(URI.create("http://127.0.0.1:" + identity.getAddress().getPort()));
        ServiceInstances instances = service -> {
            URI uri = where.get();
            if (uri == null) {
                throw new ServiceUnavailableException("no-instance", "no instance of " + service);
            }
            return uri;
        };
        try {
            Clock clock = Clock.systemUTC();
            JwtDecoder decoder = new Tokens(SECRET, PublishedAccessTokenKeys.from(instances, Duration.ofMinutes(5),
                    Duration.ofMillis(1)), clock).decoder();
            assertThat(fetches).hasValue(0); // nothing is fetched before a token arrives

            assertThat(decoder.decode(access(IDENTITY, Role.CUSTOMER, clock, Duration.ofMinutes(5))).getSubject()).isEqualTo("cus_1");
            assertThat(fetches).hasValue(1);
            decoder.decode(access(IDENTITY, Role.MERCHANT, clock, Duration.ofMinutes(5)));
            assertThat(fetches).as("cached").hasValue(1);

            // identity rotates: a token with the new key id makes the verifier fetch the set again
            RSAKey next = Tokens.newSigningKey("key_2");
            served.set(new JWKSet(List.of(IDENTITY.toPublicJWK(), next.toPublicJWK())));
            Thread.sleep(5); // past the minimum interval between two fetches
            assertThat(decoder.decode(access(next, Role.CUSTOMER, clock, Duration.ofMinutes(5))).getSubject()).isEqualTo("cus_1");
            assertThat(fetches).hasValue(2);

            // identity is gone: the keys fetched before still verify
            identity.stop(0);
            where.set(null);
            assertThat(decoder.decode(access(next, Role.ADMIN, clock, Duration.ofMinutes(5))).getSubject()).isEqualTo("cus_1");
            // and a key it never published is refused (not 'unavailable': the set is known)
            String unknown = access(Tokens.newSigningKey("key_3"), Role.CUSTOMER, clock, Duration.ofMinutes(5));
            assertThatThrownBy(() -> decoder.decode(unknown)).isInstanceOf(JwtException.class);
        } finally {
            identity.stop(0);
        }
    }

    @Test
    void without_identity_and_without_keys_fetched_before_a_token_cannot_be_verified_which_is_not_its_fault() {
        ServiceInstances none = service -> {
            throw new ServiceUnavailableException("no-instance", "no instance of " + service);
        };
        Clock clock = Clock.systemUTC();
        JwtDecoder decoder = new Tokens(SECRET, PublishedAccessTokenKeys.from(none, Duration.ofMinutes(5),
                Duration.ofSeconds(10)), clock).decoder();
        String token = access(IDENTITY, Role.CUSTOMER, clock, Duration.ofMinutes(5));
        // not a BadJwtException (401, "your token is bad"): the resource server answers it with 503
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class)
                .isNotInstanceOf(BadJwtException.class);
    }

    private static JwtClaimsSet claims(String role, Clock clock) {
        Instant now = clock.instant();
        return JwtClaimsSet.builder().issuer(Tokens.ISSUER).audience(List.of(Tokens.AUDIENCE)).subject("someone")
                .issuedAt(now).expiresAt(now.plusSeconds(300)).claim("roles", List.of(role)).build();
    }
}
