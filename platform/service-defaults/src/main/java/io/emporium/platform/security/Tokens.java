package io.emporium.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import io.emporium.kernel.MerchantId;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Verifies the platform's tokens, and issues the one kind that every service may issue: service credentials.
 * There are two kinds, told apart by their signature algorithm:
 *
 * <ul>
 * <li><b>Access tokens</b> (customers, merchant staff, admins): RS256 JWTs that only the identity service signs, with
 * a private key that never leaves it. Every process verifies them with identity's public keys, chosen by the
 * token's {@code kid} from its published key set (the JSON Web Key Set at {@code /api/identity/.well-known/jwks.json});
 * {@link #sign} is the one place that says what such a token contains. An access token naming the SERVICE role is
 * refused.
 * <li><b>Service credentials</b>: HS256 JWTs with the SERVICE role, which Emporium's processes give each other on
 * internal calls, signed with the key that only those processes hold ({@code emporium.security.token-secret}). No
 * customer is ever given one, and holding that key does not let a process mint an access token: an HS256 token
 * naming any other role is refused.
 * </ul>
 *
 * <p>Verification refuses (401) a token that is not signed by one of those keys, has no {@code exp} or an expired
 * one, is not from {@link #ISSUER}, is not for {@link #AUDIENCE}, has no subject, or does not name exactly one known
 * role in {@code roles}. The {@code roles} claim is the only source of the role: the URL rules read it as
 * authorities, and {@link CurrentCaller} reads the same authorities, so the two can never disagree.
 *
 * <p>A token that passed is remembered, by its exact text (signature included), for a few minutes: a customer's
 * requests carry the same token again and again, and checking its signature and parsing its claims each time was
 * about a twentieth of a checkout's CPU. A remembered token is checked against the clock again on every use, so it
 * is refused from its expiry on; nothing else about a signed token can change.
 */
public class Tokens {

    /** Who issues the platform's tokens (the {@code iss} claim). */
    public static final String ISSUER = "emporium";
    /** Whom they are for (the {@code aud} claim): the platform's APIs. */
    public static final String AUDIENCE = "emporium-api";
    static final String MERCHANT_CLAIM = "merchant";
    static final String ROLES_CLAIM = "roles";

    private final NimbusJwtEncoder serviceEncoder;
    private final NimbusJwtDecoder serviceVerifier;
    private final NimbusJwtDecoder accessVerifier;
    private final JwtTimestampValidator timestamps;
    private final Cache<String, Jwt> verified = Caffeine.newBuilder().maximumSize(50_000)
            .expireAfterWrite(Duration.ofMinutes(5)).build();
    private final JwtDecoder decoder = this::decode;
    private final Clock clock;

    /**
     * @param serviceSecret the key of service credentials, at least 32 bytes
     * @param accessTokenKeys identity's public keys (identity's own key store in its process, its published key
     *        set elsewhere)
     */
    public Tokens(byte[] serviceSecret, JWKSource<SecurityContext> accessTokenKeys, Clock clock) {
        if (serviceSecret.length < 32) {
            throw new IllegalArgumentException("emporium.security.token-secret must be at least 32 bytes");
        }
        SecretKey key = new SecretKeySpec(serviceSecret, "HmacSHA256");
        this.serviceEncoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        this.timestamps = new JwtTimestampValidator(Duration.ZERO);
        timestamps.setClock(clock);
        this.serviceVerifier = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        serviceVerifier.setJwtValidator(validator(timestamps, role -> role == Role.SERVICE));
        this.accessVerifier = NimbusJwtDecoder.withJwkSource(accessTokenKeys).jwsAlgorithm(SignatureAlgorithm.RS256).build();
        accessVerifier.setJwtValidator(validator(timestamps, role -> role != Role.SERVICE));
        this.clock = clock;
    }

    /** Verifies with one fixed key set: tests, and deployments that pin identity's public keys. */
    public static JWKSource<SecurityContext> fixedKeys(JWKSet keys) {
        return new ImmutableJWKSet<>(keys.toPublicJWKSet());
    }

    private static OAuth2TokenValidator<Jwt> validator(JwtTimestampValidator timestamps, Predicate<Role> allowed) {
        // the timestamp validator alone lets a token without exp live for ever: exp is required
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                timestamps,
                new JwtIssuerValidator(ISSUER),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(AUDIENCE)),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, sub -> sub != null && !sub.isBlank()),
                new JwtClaimValidator<Object>(ROLES_CLAIM, claim -> oneKnownRole(claim).filter(allowed).isPresent())));
    }

    public record IssuedToken(String value, Instant expiresAt) {
    }

    /** A service credential for {@code subject} (for example {@code service:order}), valid for {@code ttl}. */
    public IssuedToken issueService(String subject, Duration ttl) {
        Instant now = clock.instant();
        JwtClaimsSet claims = claims(subject, Role.SERVICE, Optional.empty(), now, now.plus(ttl)).build();
        String value = serviceEncoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new IssuedToken(value, now.plus(ttl));
    }

    /**
     * An access token signed with {@code key} (an RSA key with its private part and a key id): what identity gives an
     * account when it signs in. Refuses the SERVICE role, which no access token carries.
     */
    public static IssuedToken sign(RSAKey key, String subject, Role role, Optional<MerchantId> merchant, Instant now,
            Duration ttl) {
        if (role == Role.SERVICE) {
            throw new IllegalArgumentException("an access token never carries the SERVICE role");
        }
        if (!key.isPrivate() || key.getKeyID() == null) {
            throw new IllegalArgumentException("an access token is signed with a private key that has a key id");
        }
        JwtClaimsSet claims = claims(subject, role, merchant, now, now.plus(ttl)).build();
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build();
        return new IssuedToken(encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue(), now.plus(ttl));
    }

    private static JwtClaimsSet.Builder claims(String subject, Role role, Optional<MerchantId> merchant, Instant now,
            Instant expiresAt) {
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE))
                .subject(subject)
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim(ROLES_CLAIM, List.of(role.name()));
        merchant.ifPresent(m -> claims.claim(MERCHANT_CLAIM, m.value()));
        return claims;
    }

    /** A new RSA key (2048 bits) for signing access tokens, with {@code keyId} as its {@code kid}. */
    public static RSAKey newSigningKey(String keyId) {
        try {
            return new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID(keyId)
                    .keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate an RSA key", e);
        }
    }

    /** The role a verified token names in its only {@code roles} entry. */
    static Role roleOf(java.util.Collection<String> authorities) {
        List<Role> roles = Arrays.stream(Role.values()).filter(r -> authorities.contains(r.authority())).toList();
        if (roles.size() != 1) {
            throw new IllegalStateException("a verified token names exactly one role, not " + authorities);
        }
        return roles.getFirst();
    }

    private static Optional<Role> oneKnownRole(Object claim) {
        if (claim instanceof List<?> roles && roles.size() == 1) {
            return Arrays.stream(Role.values()).filter(r -> r.name().equals(roles.getFirst())).findFirst();
        }
        return Optional.empty();
    }

    public JwtDecoder decoder() {
        return decoder;
    }

    private Jwt decode(String token) {
        Jwt known = verified.getIfPresent(token);
        if (known == null) {
            Jwt jwt = verifierFor(token).decode(token); // throws when refused: a refusal is never remembered
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

    /** HS256 is a service credential, anything else an access token (whose verifier accepts RS256 only). */
    private NimbusJwtDecoder verifierFor(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            throw new BadJwtException("not a signed JWT");
        }
        try {
            JWSHeader header = JWSHeader.parse(new Base64URL(token.substring(0, dot)));
            return JWSAlgorithm.HS256.equals(header.getAlgorithm()) ? serviceVerifier : accessVerifier;
        } catch (ParseException e) {
            throw new BadJwtException("the token's header is not a JWS header: " + e.getMessage(), e);
        }
    }

    /** Every key source given, tried in turn: the first that knows the token's key answers. */
    public static JWKSource<SecurityContext> anyOf(List<? extends JWKSource<SecurityContext>> sources) {
        List<JWKSource<SecurityContext>> all = new ArrayList<>(sources);
        return (selector, context) -> {
            List<com.nimbusds.jose.jwk.JWK> found = new ArrayList<>();
            for (JWKSource<SecurityContext> source : all) {
                found.addAll(source.get(selector, context));
                if (!found.isEmpty()) {
                    break;
                }
            }
            return found;
        };
    }
}
