package io.emporium.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.kernel.Identifiers;
import io.emporium.testing.component.ComponentTest;
import io.emporium.testing.component.Http;
import io.emporium.platform.security.Role;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Identity alone, on its schema: sign-up, sign-in and the signed-in account over HTTP, and what it refuses. */
@ComponentTest
class IdentityComponentTest {

    @LocalServerPort
    int port;

    @Test
    void a_customer_signs_up_signs_in_and_is_known_by_the_token() {
        Http http = new Http(port);
        String email = Identifiers.newId("u").toLowerCase() + "@example.test";
        Http.Response signUp = http.post("/api/identity/customers",
                "{\"email\": \"" + email + "\", \"password\": \"a-long-passphrase\", \"displayName\": \"Sam\"}", null);
        assertThat(signUp.status()).as(signUp.body()).isEqualTo(201);

        Http.Response signIn = http.post("/api/identity/tokens", "{\"email\": \"" + email + "\", \"password\": \"a-long-passphrase\"}", null);
        assertThat(signIn.status()).isEqualTo(200);
        JsonNode token = signIn.json();
        assertThat(token.get("role").asString()).isEqualTo("CUSTOMER");

        JsonNode me = http.get("/api/identity/accounts/me", token.get("accessToken").asString()).json();
        assertThat(me.get("email").asString()).isEqualTo(email);
        assertThat(me.get("id").asString()).isEqualTo(token.get("accountId").asString());
    }

    @Test
    void a_taken_email_a_wrong_password_and_a_bad_body_are_problems_that_change_nothing() {
        Http http = new Http(port);
        String email = Identifiers.newId("u").toLowerCase() + "@example.test";
        String body = "{\"email\": \"" + email + "\", \"password\": \"a-long-passphrase\"}";
        assertThat(http.post("/api/identity/customers", body, null).status()).isEqualTo(201);

        Http.Response taken = http.post("/api/identity/customers", body.replace("a-long-passphrase", "another-passphrase"), null);
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.problemType()).isEqualTo("email-taken");
        assertThat(http.post("/api/identity/tokens", body, null).status()).as("the first password still signs in").isEqualTo(200);

        Http.Response wrong = http.post("/api/identity/tokens", body.replace("a-long-passphrase", "not-the-passphrase"), null);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.problemType()).isEqualTo("invalid-credentials");

        Http.Response bad = http.post("/api/identity/customers", "{\"email\": \"not an email\", \"password\": \"short\"}", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.isProblem()).isTrue();
        assertThat(bad.json().get("errors")).hasSize(2);
        assertThat(http.get("/api/identity/accounts/me", null).status()).isEqualTo(401);
    }

    @Test
    void identity_publishes_its_public_keys_and_admins_alone_see_and_rotate_them() {
        Http http = new Http(port);
        String email = Identifiers.newId("u").toLowerCase() + "@example.test";
        String body = "{\"email\": \"" + email + "\", \"password\": \"a-long-passphrase\"}";
        assertThat(http.post("/api/identity/customers", body, null).status()).isEqualTo(201);
        String customer = http.post("/api/identity/tokens", body, null).json().get("accessToken").asString();

        Http.Response published = http.get("/api/identity/.well-known/jwks.json", null);
        assertThat(published.status()).isEqualTo(200);
        assertThat(published.header("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("max-age=300"));
        JsonNode key = published.json().get("keys").get(0);
        assertThat(key.get("kty").asString()).isEqualTo("RSA");
        assertThat(key.get("alg").asString()).isEqualTo("RS256");
        assertThat(key.has("d")).as("no private part").isFalse();
        String kid = key.get("kid").asString();
        assertThat(kidOf(customer)).isEqualTo(kid);

        assertThat(http.get("/api/identity/signing-keys", null).status()).isEqualTo(401);
        Http.Response notAdmin = http.get("/api/identity/signing-keys", customer);
        assertThat(notAdmin.status()).isEqualTo(403);
        assertThat(notAdmin.isProblem()).isTrue();
        assertThat(http.post("/api/identity/signing-keys", "{}", customer).status()).isEqualTo(403);
        assertThat(http.get("/api/identity/.well-known/jwks.json", null).json().get("keys")).as("unchanged").hasSize(1);

        String admin = tokens.issue(Identifiers.newId("acc"), Role.ADMIN, Optional.empty()).value();
        JsonNode listed = http.get("/api/identity/signing-keys", admin).json();
        assertThat(listed.get(0).get("keyId").asString()).isEqualTo(kid);
        assertThat(listed.get(0).get("state").asString()).isEqualTo("SIGNING");

        Http.Response rotated = http.post("/api/identity/signing-keys", "{}", admin);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        assertThat(rotated.json().get("state").asString()).isEqualTo("NEXT");
        String next = rotated.json().get("keyId").asString();
        assertThat(http.get("/api/identity/.well-known/jwks.json", null).json().get("keys")).extracting(k -> k.get("kid").asString())
                .containsExactlyInAnyOrder(kid, next);
        Http.Response again = http.post("/api/identity/signing-keys", "{}", admin);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemType()).isEqualTo("rotation-pending");
        assertThat(http.get("/api/identity/signing-keys", admin).json()).as("the refusal changed nothing").hasSize(2);
        assertThat(http.get("/api/identity/accounts/me", customer).status()).as("tokens signed before still good").isEqualTo(200);
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.emporium.testing.component.TestTokens tokens;

    private static String kidOf(String token) {
        String header = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                java.nio.charset.StandardCharsets.UTF_8);
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(header).get("kid").asString();
    }
}
