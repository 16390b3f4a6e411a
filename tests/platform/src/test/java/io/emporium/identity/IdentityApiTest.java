package io.emporium.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.kernel.MerchantId;
import io.emporium.platform.security.Role;
import io.emporium.platform.security.Tokens;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@PlatformTest
class IdentityApiTest {

    @LocalServerPort
    int port;
    @Autowired
    Tokens tokens;
    @Autowired
    JdbcClient jdbc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void a_customer_signs_up_signs_in_and_reads_their_account() {
        String email = Fixtures.unique("Signup-") + "@Example.test";
        Api.Response created = api.post("/api/identity/customers",
                Map.of("email", email, "password", "s3cret-enough", "displayName", "Sam"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("role").asString()).isEqualTo("CUSTOMER");
        assertThat(created.json().get("email").asString()).isEqualTo(email.toLowerCase());
        assertThat(created.body()).doesNotContain("s3cret-enough").doesNotContain("password");

        Api.Response token = api.post("/api/identity/tokens", Map.of("email", email, "password", "s3cret-enough"));
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json().get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(token.json().get("expiresAt").asString()).isNotBlank();

        Api.Response me = api.as(token.json().get("accessToken").asString()).get("/api/identity/accounts/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("displayName").asString()).isEqualTo("Sam");
    }

    @Test
    void passwords_are_stored_as_adaptive_hashes_only() {
        String email = Fixtures.unique("hash-") + "@example.test";
        api.post("/api/identity/customers", Map.of("email", email, "password", "s3cret-enough"));
        String hash = jdbc.sql("SELECT password_hash FROM identity.account WHERE email = :e").param("e", email)
                .query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain("s3cret-enough");
    }

    @Test
    void a_taken_email_is_a_conflict_whatever_its_case() {
        String email = Fixtures.unique("dup-") + "@example.test";
        assertThat(api.post("/api/identity/customers", Map.of("email", email, "password", "password-1")).status())
                .isEqualTo(201);
        Api.Response again = api.post("/api/identity/customers", Map.of("email", email.toUpperCase(), "password", "password-2"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemType()).isEqualTo("email-taken");
    }

    @Test
    void sign_up_input_is_validated_field_by_field() {
        Api.Response r = api.post("/api/identity/customers", Map.of("email", "not-an-email", "password", "short"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.isProblem()).isTrue();
        assertThat(r.json().get("errors").toString()).contains("email").contains("password");
        assertThat(api.post("/api/identity/customers", Map.of("password", "long-enough-1")).status()).isEqualTo(400);
        assertThat(api.post("/api/identity/customers", Map.of("email", "a@b.test", "password", "x".repeat(129))).status())
                .isEqualTo(400);
        assertThat(api.post("/api/identity/customers", Map.of("email", 42, "password", false)).status()).isEqualTo(400);
    }

    @Test
    void wrong_password_and_unknown_email_are_both_401_and_alike() {
        Api.Response wrong = api.post("/api/identity/tokens", Map.of("email", "alice@demo.emporium", "password", "nope-nope"));
        Api.Response unknown = api.post("/api/identity/tokens", Map.of("email", "nobody@demo.emporium", "password", "nope-nope"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.json().get("detail")).isEqualTo(unknown.json().get("detail"));
    }

    @Test
    void missing_tampered_expired_and_foreign_tokens_are_401() {
        assertThat(api.get("/api/identity/accounts/me").status()).isEqualTo(401);
        Api alice = api.signedIn("alice@demo.emporium", "demo-pass-1");

        String[] parts = alice.token().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"CUSTOMER\"", "\"ADMIN\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(api.as(tampered).get("/api/identity/accounts/me").status()).isEqualTo(401);

        com.nimbusds.jose.jwk.RSAKey identityKey;
        try {
            identityKey = com.nimbusds.jose.jwk.RSAKey.parse(jdbc.sql("SELECT jwk FROM identity.signing_key "
                    + "WHERE signs_from <= now() ORDER BY signs_from DESC LIMIT 1").query(String.class).single());
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
        String expired = Tokens.sign(identityKey, "cus_x", Role.CUSTOMER, Optional.empty(),
                java.time.Instant.now().minus(Duration.ofDays(1)), Duration.ofHours(1)).value();
        Api.Response r = api.as(expired).get("/api/cart");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.isProblem()).isTrue();

        String forged = Tokens.sign(Tokens.newSigningKey("key_foreign"), "cus_x", Role.ADMIN, Optional.empty(),
                java.time.Instant.now(), Duration.ofHours(1)).value();
        assertThat(api.as(forged).get("/api/identity/accounts/me").status()).isEqualTo(401);
        assertThat(api.as("not.a.jwt").get("/api/cart").status()).isEqualTo(401);
    }

    @Test
    void merchant_tokens_carry_their_merchant() {
        Api.Response token = api.post("/api/identity/tokens",
                Map.of("email", "merchant1@demo.emporium", "password", "demo-pass-1"));
        assertThat(token.json().get("role").asString()).isEqualTo("MERCHANT");
        assertThat(token.json().get("merchantId").asString()).isEqualTo("mer_demo_m1");
        assertThat(new MerchantId(token.json().get("merchantId").asString())).isNotNull();
    }

    @Test
    void admins_list_the_merchants_with_their_staff_and_nobody_else_may() {
        Api api = new Api(port);
        io.emporium.testing.Api admin = api.signedIn("admin@demo.emporium", "demo-pass-1");
        tools.jackson.databind.JsonNode merchants = admin.get("/api/identity/merchants").json();
        assertThat(merchants.valueStream().map(m -> m.get("merchantId").asString())).contains("mer_demo_m1", "mer_demo_m2");
        assertThat(merchants.valueStream().filter(m -> m.get("merchantId").asString().equals("mer_demo_m1"))
                .findFirst().orElseThrow().at("/staff/0/email").asString()).isEqualTo("merchant1@demo.emporium");
        assertThat(api.signedIn("alice@demo.emporium", "demo-pass-1").get("/api/identity/merchants").status()).isEqualTo(403);
        assertThat(api.anonymous().get("/api/identity/merchants").status()).isEqualTo(401);
    }
}
