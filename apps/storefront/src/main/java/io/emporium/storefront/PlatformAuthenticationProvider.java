package io.emporium.storefront;

import java.util.List;
import java.util.Map;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** Signs in to the pages by signing in to the platform's identity API and keeping the token in the session. */
public class PlatformAuthenticationProvider implements AuthenticationProvider {

    private final PlatformClient platform;

    public PlatformAuthenticationProvider(PlatformClient platform) {
        this.platform = platform;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String email = authentication.getName();
        String password = String.valueOf(authentication.getCredentials());
        try {
            String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                    ? details.getRemoteAddress() : null;
            Map<String, Object> token = platform.map(platform.postFor(address, "/api/identity/tokens",
                    Map.of("email", email, "password", password)));
            String accessToken = (String) token.get("accessToken");
            Map<String, Object> me = platform.map(platform.get("/api/identity/accounts/me", accessToken));
            UiUser user = new UiUser((String) me.get("id"), (String) me.get("email"), (String) me.get("displayName"),
                    (String) me.get("role"), (String) me.get("merchantId"), accessToken);
            return UsernamePasswordAuthenticationToken.authenticated(user, null,
                    List.of(new SimpleGrantedAuthority("ROLE_" + user.role())));
        } catch (ApiProblem e) {
            if (e.status() == 401 || e.status() == 400) {
                throw new BadCredentialsException("wrong email or password");
            }
            if (e.status() == 429) {
                throw new SignInThrottled(e.message());
            }
            throw new AuthenticationServiceException(e.message());
        }
    }

    /** Identity refused the attempt for now (too many failures for the account or from this address). */
    static final class SignInThrottled extends AuthenticationException {

        SignInThrottled(String message) {
            super(message);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
