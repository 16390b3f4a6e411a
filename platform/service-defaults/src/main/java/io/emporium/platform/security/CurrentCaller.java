package io.emporium.platform.security;

import io.emporium.kernel.MerchantId;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Reads the {@link Caller} of the current request from the verified token. */
public final class CurrentCaller {

    private CurrentCaller() {
    }

    /** The caller, if the request carried a valid token. */
    public static Optional<Caller> find() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return Optional.of(fromJwt(token.getToken()));
        }
        return Optional.empty();
    }

    /** The caller; the security filter guarantees one on every non-public route. */
    public static Caller get() {
        return find().orElseThrow(() -> new IllegalStateException("no authenticated caller on a protected route"));
    }

    static Caller fromJwt(Jwt jwt) {
        Role role = Role.valueOf(jwt.getClaimAsString(Tokens.ROLE_CLAIM));
        Optional<MerchantId> merchant = Optional.ofNullable(jwt.getClaimAsString(Tokens.MERCHANT_CLAIM)).map(MerchantId::new);
        return new Caller(jwt.getSubject(), role, merchant);
    }
}
