package io.emporium.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.emporium.platform.security.Tokens;
import io.emporium.testing.Api;
import io.emporium.testing.PlatformTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Tokens signed with the platform's own key but with the wrong claims: an attacker who got a
 * token minted elsewhere with the shared key, or a bug in some issuer. Each is refused.
 */
@PlatformTest
class TokenValidationTest {

    @LocalServerPort
    int port;
    @Value("${emporium.security.token-secret}")
    String secret;
    Api api;
    NimbusJwtEncoder encoder;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        encoder = new NimbusJwtEncoder(new ImmutableSecret<>(
                new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
    }

    @Test
    void a_token_with_every_claim_right_is_accepted() {
        // proves the forging below is otherwise sound: each test changes one thing only
        assertThat(api.as(token(c -> { })).get("/api/identity/accounts/me").status()).isIn(200, 404);
        assertThat(api.as(token(c -> c.claim("roles", List.of("ADMIN")))).get("/api/identity/merchants").status())
                .isEqualTo(200);
    }

    @Test
    void a_token_without_exp_is_401() {
        Api.Response r = api.as(token(c -> c.claims(claims -> claims.remove("exp")))).get("/api/cart");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.isProblem()).isTrue();
    }

    @Test
    void a_token_from_another_issuer_or_none_is_401() {
        assertThat(api.as(token(c -> c.issuer("someone-else"))).get("/api/cart").status()).isEqualTo(401);
        assertThat(api.as(token(c -> c.claims(claims -> claims.remove("iss")))).get("/api/cart").status()).isEqualTo(401);
    }

    @Test
    void a_token_for_another_audience_or_none_is_401() {
        assertThat(api.as(token(c -> c.audience(List.of("another-api")))).get("/api/cart").status()).isEqualTo(401);
        assertThat(api.as(token(c -> c.claims(claims -> claims.remove("aud")))).get("/api/cart").status()).isEqualTo(401);
    }

    @Test
    void the_roles_claim_alone_decides_the_role() {
        // a stray "role" claim grants nothing: the URL rules and the use cases both read "roles"
        String customerClaimingAdmin = token(c -> c.claim("role", "ADMIN").claim("roles", List.of("CUSTOMER")));
        assertThat(api.as(customerClaimingAdmin).get("/api/identity/merchants").status()).isEqualTo(403);
        String customerClaimingService = token(c -> c.claim("role", "SERVICE").claim("roles", List.of("CUSTOMER")));
        assertThat(api.as(customerClaimingService).put("/api/identity/internal/accounts", Map.of()).status())
                .isEqualTo(403);
        String adminSaidToBeCustomer = token(c -> c.claim("role", "CUSTOMER").claim("roles", List.of("ADMIN")));
        assertThat(api.as(adminSaidToBeCustomer).get("/api/identity/merchants").status()).isEqualTo(200);
    }

    @Test
    void a_token_without_exactly_one_known_role_is_401() {
        assertThat(api.as(token(c -> c.claims(claims -> claims.remove("roles")).claim("role", "ADMIN")))
                .get("/api/cart").status()).isEqualTo(401);
        assertThat(api.as(token(c -> c.claim("roles", List.of("ADMIN", "CUSTOMER")))).get("/api/cart").status())
                .isEqualTo(401);
        assertThat(api.as(token(c -> c.claim("roles", List.of("ROOT")))).get("/api/cart").status()).isEqualTo(401);
        assertThat(api.as(token(c -> c.claim("roles", "ADMIN"))).get("/api/cart").status()).isEqualTo(401);
    }

    /** A customer token signed with the platform's key, as the platform issues it, changed by {@code change}. */
    private String token(Consumer<JwtClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(Tokens.ISSUER)
                .audience(List.of(Tokens.AUDIENCE))
                .subject("cus_forged")
                .issuedAt(now)
                .expiresAt(now.plusSeconds(600))
                .claim("roles", List.of("CUSTOMER"));
        change.accept(claims);
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
                .getTokenValue();
    }
}
