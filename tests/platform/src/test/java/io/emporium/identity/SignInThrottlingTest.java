package io.emporium.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import io.emporium.testing.TestClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Sign-in throttling through HTTP, with the shared test settings: 5 failures lock an account for
 * 15 s (doubling), 100 failures per hour per address. Each test uses its own account and, for the
 * per-address limit, its own client address (named by a SERVICE caller, as the storefront does),
 * so no other test meets these limits.
 */
@PlatformTest
class SignInThrottlingTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void five_wrong_passwords_lock_the_account_briefly_then_the_right_one_signs_in_and_resets() {
        String email = newCustomer();
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(email, "wrong-password").status()).isEqualTo(401);
        }
        Api.Response locked = signIn(email, Fixtures.PASSWORD);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.isProblem()).isTrue();
        assertThat(locked.problemType()).isEqualTo("too-many-sign-in-attempts");
        assertThat(Integer.parseInt(locked.retryAfter())).isBetween(1, 15);
        assertThat(locked.body()).doesNotContain("accessToken");

        clock.advance(Duration.ofSeconds(16));
        assertThat(signIn(email, "wrong-password").status()).isEqualTo(401);
        Api.Response longer = signIn(email, Fixtures.PASSWORD);
        assertThat(longer.status()).isEqualTo(429);
        assertThat(Integer.parseInt(longer.retryAfter())).isBetween(16, 30);

        clock.advance(Duration.ofSeconds(31));
        assertThat(signIn(email, Fixtures.PASSWORD).status()).isEqualTo(200);
        // a success forgets the failures: four more wrong ones are plain 401s again
        for (int i = 0; i < 4; i++) {
            assertThat(signIn(email, "wrong-password").status()).isEqualTo(401);
        }
        assertThat(signIn(email, Fixtures.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void a_lock_on_one_account_leaves_other_accounts_signing_in() {
        String victim = newCustomer();
        String other = newCustomer();
        for (int i = 0; i < 5; i++) {
            signIn(victim, "wrong-password");
        }
        assertThat(signIn(victim, Fixtures.PASSWORD).status()).isEqualTo(429);
        assertThat(signIn(other, Fixtures.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void one_address_spraying_many_accounts_is_refused_and_other_addresses_are_not() {
        String address = "198.51.100.7";
        Api service = fixtures.service(api);
        for (int i = 0; i < 100; i++) {
            Api.Response r = service.postWithHeader("/api/identity/tokens",
                    Map.of("email", Fixtures.unique("spray-") + "@example.test", "password", "Summer2026!"),
                    "Emporium-Client-Address", address);
            assertThat(r.status()).as("attempt %d: %s", i, r).isEqualTo(401);
        }
        String email = newCustomer();
        Api.Response refused = service.postWithHeader("/api/identity/tokens", Map.of("email", email, "password",
                Fixtures.PASSWORD), "Emporium-Client-Address", address);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.problemType()).isEqualTo("too-many-sign-in-attempts");
        assertThat(refused.retryAfter()).isNotNull();

        assertThat(service.postWithHeader("/api/identity/tokens", Map.of("email", email, "password", Fixtures.PASSWORD),
                "Emporium-Client-Address", "198.51.100.8").status()).isEqualTo(200);

        // only a SERVICE caller may name the address: anyone else naming it (or X-Forwarded-For) is counted
        // by the connection's own address, so these are not refused as 198.51.100.7 is
        Map<String, String> body = Map.of("email", email, "password", Fixtures.PASSWORD);
        assertThat(api.postWithHeader("/api/identity/tokens", body, "Emporium-Client-Address", address).status())
                .isEqualTo(200);
        assertThat(api.postWithHeader("/api/identity/tokens", body, "X-Forwarded-For", address).status()).isEqualTo(200);
        assertThat(fixtures.tokenCustomer(api).postWithHeader("/api/identity/tokens", body, "Emporium-Client-Address",
                address).status()).isEqualTo(200);
    }

    private String newCustomer() {
        String email = Fixtures.unique("throttle-") + "@example.test";
        assertThat(api.post("/api/identity/customers", Map.of("email", email, "password", Fixtures.PASSWORD)).status())
                .isEqualTo(201);
        return email;
    }

    private Api.Response signIn(String email, String password) {
        return api.post("/api/identity/tokens", Map.of("email", email, "password", password));
    }
}
