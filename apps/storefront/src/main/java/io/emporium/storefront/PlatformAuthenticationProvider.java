package io.emporium.storefront;

import java.util.List;
import java.util.Map;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

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
            Map<String, Object> token = platform.map(platform.post("/api/identity/tokens", null,
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
            throw new AuthenticationServiceException(e.message());
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
