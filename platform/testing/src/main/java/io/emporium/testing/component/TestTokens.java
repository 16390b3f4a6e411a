package io.emporium.testing.component;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.SecurityContext;
import io.emporium.kernel.MerchantId;
import io.emporium.platform.security.AccessTokenKeys;
import io.emporium.platform.security.Role;
import io.emporium.platform.security.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Access tokens for a component test, which runs without identity: signed with a key made for the test JVM,
 * which the services under test trust as they would trust identity's.
 */
public final class TestTokens implements AccessTokenKeys {

    private static final RSAKey KEY = Tokens.newSigningKey("component-test-key");

    private final Clock clock;

    public TestTokens(Clock clock) {
        this.clock = clock;
    }

    public Tokens.IssuedToken issue(String subject, Role role, Optional<MerchantId> merchant) {
        return Tokens.sign(KEY, subject, role, merchant, clock.instant(), Duration.ofHours(1));
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        return selector.select(new JWKSet(KEY.toPublicJWK()));
    }
}
