package io.emporium.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.emporium.kernel.MerchantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Issues and verifies the platform's access tokens: HS256-signed JWTs with the account id as
 * subject, the caller's role, the merchant for merchant staff, issuer, audience and an expiry.
 * Every service shares the key.
 *
 * <p>Verification refuses (401) a token that is not signed with our key, has no {@code exp} or
 * an expired one, is not from {@link #ISSUER}, is not for {@link #AUDIENCE}, or does not name
 * exactly one known role in {@code roles}. The {@code roles} claim is the only source of the
 * role: the URL rules read it as authorities, and {@link CurrentCaller} reads the same
 * authorities, so the two can never disagree.
 *
 * <p>A token that passed is remembered, by its exact text (signature included), for a few minutes: a
 * customer's requests carry the same token again and again, and checking its signature and parsing its
 * claims each time was about a twentieth of a checkout's CPU. A remembered token is checked against the
 * clock again on every use, so it is refused from its expiry on; nothing else about a signed token can change.
 */
public class Tokens {

    /** Who issues the platform's tokens (the {@code iss} claim). */
    public static final String ISSUER = "emporium";
    /** Whom they are for (the {@code aud} claim): the platform's APIs. */
    public static final String AUDIENCE = "emporium-api";
    static final String MERCHANT_CLAIM = "merchant";
    static final String ROLES_CLAIM = "roles";

    private final NimbusJwtEncoder encoder;
    private final NimbusJwtDecoder verifier;
    private final JwtTimestampValidator timestamps;
    private final Cache<String, Jwt> verified = Caffeine.newBuilder().maximumSize(50_000)
            .expireAfterWrite(Duration.ofMinutes(5)).build();
    private final JwtDecoder decoder = this::decode;
    private final Clock clock;
    private final Duration accessTokenTtl;

    public Tokens(byte[] secret, Duration accessTokenTtl, Clock clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("emporium.security.token-secret must be at least 32 bytes");
        }
        SecretKey key = new SecretKeySpec(secret, "HmacSHA256");
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        this.verifier = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        this.timestamps = new JwtTimestampValidator(Duration.ZERO);
        timestamps.setClock(clock);
        // the timestamp validator alone lets a token without exp live for ever: exp is required
        this.verifier.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                timestamps,
                new JwtIssuerValidator(ISSUER),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(AUDIENCE)),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, sub -> sub != null && !sub.isBlank()),
                new JwtClaimValidator<Object>(ROLES_CLAIM, Tokens::oneKnownRole))));
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
                .audience(List.of(AUDIENCE))
                .subject(subject)
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim(ROLES_CLAIM, List.of(role.name()));
        merchant.ifPresent(m -> claims.claim(MERCHANT_CLAIM, m.value()));
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
        String value = encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
        return new IssuedToken(value, expiresAt);
    }

    /** The role a verified token names in its only {@code roles} entry. */
    static Role roleOf(java.util.Collection<String> authorities) {
        List<Role> roles = Arrays.stream(Role.values()).filter(r -> authorities.contains(r.authority())).toList();
        if (roles.size() != 1) {
            throw new IllegalStateException("a verified token names exactly one role, not " + authorities);
        }
        return roles.getFirst();
    }

    private static boolean oneKnownRole(Object claim) {
        return claim instanceof List<?> roles && roles.size() == 1
                && Arrays.stream(Role.values()).anyMatch(r -> r.name().equals(roles.getFirst()));
    }

    public JwtDecoder decoder() {
        return decoder;
    }

    private Jwt decode(String token) {
        Jwt known = verified.getIfPresent(token);
        if (known == null) {
            Jwt jwt = verifier.decode(token); // throws when refused: a refusal is never remembered
            verified.put(token, jwt);
            return jwt;
        }
        OAuth2TokenValidatorResult now = timestamps.validate(known);
        if (now.hasErrors()) {
            verified.invalidate(token);
            throw new JwtValidationException("the token has expired", now.getErrors());
        }
        return known;
    }
}
