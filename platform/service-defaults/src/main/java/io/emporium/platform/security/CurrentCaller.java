package io.emporium.platform.security;

import io.emporium.kernel.MerchantId;
import io.emporium.platform.problem.UnauthenticatedException;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
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
            return Optional.of(from(token));
        }
        return Optional.empty();
    }

    /**
     * The caller. The security filter lets no anonymous request through to a protected route; a
     * public route that needs a caller for some of its answers (e.g. a filter only admins may use)
     * is answered 401 when there is none, as the filter would.
     */
    public static Caller get() {
        return find().orElseThrow(() -> new UnauthenticatedException("unauthenticated",
                "this request needs a valid bearer token"));
    }

    /**
     * The role comes from the authentication's authorities, which the URL rules check too (both
     * from the token's {@code roles} claim), so "may call this URL" and "is this role" agree.
     */
    static Caller from(JwtAuthenticationToken token) {
        Jwt jwt = token.getToken();
        Role role = Tokens.roleOf(AuthorityUtils.authorityListToSet(token.getAuthorities()));
        Optional<MerchantId> merchant = Optional.ofNullable(jwt.getClaimAsString(Tokens.MERCHANT_CLAIM)).map(MerchantId::new);
        return new Caller(jwt.getSubject(), role, merchant);
    }
}
