package io.emporium.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.kernel.Identifiers;
import io.emporium.testing.component.ComponentTest;
import io.emporium.testing.component.Http;
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
}
