package io.emporium.storefront;

import io.emporium.platform.security.Tokens;
import io.emporium.platform.service.EmporiumService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import java.util.Map;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The user interface: server-rendered pages (Thymeleaf, htmx) for customers at {@code /}, for
 * merchants at {@code /merchant} and for admins at {@code /admin}. Pages sign in with a session
 * and a CSRF token on every form; behind them, the pages call the platform's public API with the
 * user's token ({@link PlatformClient}).
 */
@Configuration(proxyBeanMethods = false)
@EmporiumService(name = "storefront")
@ComponentScan
public class StorefrontConfiguration {

    /**
     * Every path the pages own; everything else (the API, actuator, API docs) stays with the API's
     * security. {@code /error} is here so that an error page (a mistyped URL's 404) still knows who
     * is signed in; it is open to all and answers API clients with problem+json as before.
     */
    static final String[] PAGES = {"/", "/search", "/products/**", "/cart/**", "/checkout/**", "/pay/**", "/orders/**",
            "/account/**", "/flash/**", "/login", "/logout", "/signup", "/denied", "/merchant/**", "/admin/**",
            "/assets/**", "/webjars/**", "/favicon.ico", "/error"};

    @Bean
    PlatformClient platformClient(RestClient.Builder builder, JsonMapper json, Environment environment,
            @Value("${emporium.storefront.api-url:}") String apiUrl, Tokens tokens) {
        return new PlatformClient(builder, json, environment, apiUrl, tokens);
    }

    @Bean
    @Order(1)
    SecurityFilterChain storefrontSecurity(HttpSecurity http, PlatformClient platform) throws Exception {
        http.securityMatcher(PAGES)
                .authenticationProvider(new PlatformAuthenticationProvider(platform))
                .authorizeHttpRequests(pages -> pages
                        .requestMatchers("/merchant/**").hasRole("MERCHANT")
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .requestMatchers("/cart/**", "/checkout/**", "/pay/**", "/orders/**", "/account/**", "/flash/**")
                        .hasRole("CUSTOMER")
                        .anyRequest().permitAll())
                .formLogin(form -> form.loginPage("/login").usernameParameter("email").defaultSuccessUrl("/", false)
                        .failureHandler(loginFailures()))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/?signedOut"))
                .exceptionHandling(ex -> ex.accessDeniedPage("/denied"));
        return http.build();
    }

    /** Wrong password, too many attempts (identity's 429) and the platform being down each say so on the page. */
    private static ExceptionMappingAuthenticationFailureHandler loginFailures() {
        ExceptionMappingAuthenticationFailureHandler failures = new ExceptionMappingAuthenticationFailureHandler();
        failures.setExceptionMappings(Map.of(
                PlatformAuthenticationProvider.SignInThrottled.class.getName(), "/login?throttled",
                AuthenticationServiceException.class.getName(), "/login?unavailable"));
        failures.setDefaultFailureUrl("/login?error");
        return failures;
    }
}
