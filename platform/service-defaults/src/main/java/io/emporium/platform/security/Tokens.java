package io.emporium.platform.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.emporium.kernel.MerchantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Issues and verifies the platform's access tokens: HS256-signed JWTs with the account id as
 * subject, a role, the merchant for merchant staff, and an expiry. Every service shares the key.
 */
public class Tokens {

    static final String ISSUER = "emporium";
    static final String ROLE_CLAIM = "role";
    static final String MERCHANT_CLAIM = "merchant";
    static final String ROLES_CLAIM = "roles";

    private final NimbusJwtEncoder encoder;
    private final NimbusJwtDecoder decoder;
    private final Clock clock;
    private final Duration accessTokenTtl;

    public Tokens(byte[] secret, Duration accessTokenTtl, Clock clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("emporium.security.token-secret must be at least 32 bytes");
        }
        SecretKey key = new SecretKeySpec(secret, "HmacSHA256");
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        this.decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
        timestamps.setClock(clock);
        this.decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(List.of(timestamps)));
        this.clock = clock;
        this.accessTokenTtl = accessTokenTtl;
    }

    public record IssuedToken(String value, Instant expiresAt) {
    }

    public IssuedToken issue(String subject, Role role, Optional<MerchantId> merchant) {
        return issue(subject, role, merchant, accessTokenTtl);
    }

    public IssuedToken issue(String subject, Role role, Optional<MerchantId> merchant, Duration ttl) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(subject)
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim(ROLE_CLAIM, role.name())
                .claim(ROLES_CLAIM, List.of(role.name()));
        merchant.ifPresent(m -> claims.claim(MERCHANT_CLAIM, m.value()));
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
        String value = encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
        return new IssuedToken(value, expiresAt);
    }

    public JwtDecoder decoder() {
        return decoder;
    }
}
