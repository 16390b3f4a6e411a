package io.emporium.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.emporium.platform.security.PublishedAccessTokenKeys;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Tokens signed with identity's own key but with the wrong claims (a bug in an issuer, or an attacker who got hold of
 * the key), and tokens signed with a key that does not sign access tokens: the service credentials' shared key, or
 * a key of one's own under identity's key id. Each is refused.
 */
@PlatformTest
class TokenValidationTest {

    @LocalServerPort
    int port;
    @Value("${emporium.security.token-secret}")
    String secret;
    @Autowired
    JdbcClient jdbc;
    Api api;
    RSAKey signingKey;
    NimbusJwtEncoder encoder;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(port);
        assertThat(api.get(PublishedAccessTokenKeys.PATH).status()).isEqualTo(200); // makes the first key if need be
        signingKey = RSAKey.parse(jdbc.sql("SELECT jwk FROM identity.signing_key WHERE signs_from <= now() "
                + "ORDER BY signs_from DESC LIMIT 1").query(String.class).single());
        encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signingKey)));
    }

    @Test
    void the_service_credentials_key_mints_no_access_token() {
        // every service process holds this key; with it, a token naming a customer or an admin is still refused
        NimbusJwtEncoder shared = new NimbusJwtEncoder(new ImmutableSecret<>(
                new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
        for (String role : List.of("CUSTOMER", "ADMIN", "MERCHANT")) {
            String forged = shared.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(),
                    claims(c -> c.claim("roles", List.of(role))).build())).getTokenValue();
            Api.Response r = api.as(forged).get("/api/cart");
            assertThat(r.status()).as(role).isEqualTo(401);
            assertThat(r.isProblem()).isTrue();
        }
        String service = shared.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(),
                claims(c -> c.claim("roles", List.of("SERVICE"))).build())).getTokenValue();
        assertThat(api.as(service).put("/api/identity/internal/accounts", Map.of()).status())
                .as("a service credential passes authentication (then its body is refused)").isEqualTo(400);
    }

    @Test
    void an_access_token_naming_the_service_role_is_401() {
        // identity never signs one; a service credential is the only way to the internal routes
        String token = token(c -> c.claim("roles", List.of("SERVICE")));
        assertThat(api.as(token).put("/api/identity/internal/accounts", Map.of()).status()).isEqualTo(401);
    }

    @Test
    void a_token_signed_by_another_key_under_identitys_key_id_is_401() {
        RSAKey mine = Tokens.newSigningKey(signingKey.getKeyID());
        String token = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(mine))).encode(JwtEncoderParameters.from(
                JwsHeader.with(SignatureAlgorithm.RS256).keyId(mine.getKeyID()).build(), claims(c -> { }).build()))
                .getTokenValue();
        assertThat(api.as(token).get("/api/cart").status()).isEqualTo(401);
        assertThat(api.as(token(c -> { })).get("/api/cart").status()).as("the same claims signed by identity's key")
                .isEqualTo(200);
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

    /** A customer token signed with identity's key, as identity issues it, changed by {@code change}. */
    private String token(Consumer<JwtClaimsSet.Builder> change) {
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256)
                .keyId(signingKey.getKeyID()).build(), claims(change).build())).getTokenValue();
    }

    private static JwtClaimsSet.Builder claims(Consumer<JwtClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(Tokens.ISSUER)
                .audience(List.of(Tokens.AUDIENCE))
                .subject("cus_forged")
                .issuedAt(now)
                .expiresAt(now.plusSeconds(600))
                .claim("roles", List.of("CUSTOMER"));
        change.accept(claims);
        return claims;
    }
}
