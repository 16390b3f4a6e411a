package io.emporium.platform.security;

import io.emporium.platform.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.emporium.platform.binding.ConfiguredServiceInstances;
import io.emporium.platform.binding.ServiceInstances;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * One security setup for every service: stateless bearer tokens, public routes contributed by
 * services through {@link AuthorizationRules}, internal service-to-service routes
 * ({@code /api/*}{@code /internal/**}) for the SERVICE role only, and 401/403 as problem+json.
 * Metrics are guarded separately ({@link MetricsExposure}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@Import(MetricsExposure.class)
public class SecurityConfiguration {

    /**
     * Service credentials are signed with {@code emporium.security.token-secret}; access tokens are verified with
     * identity's keys: its own key store where identity runs in this process (or a test's keys), else the key set it
     * publishes, fetched from a discovered instance of identity when the first token arrives.
     */
    @Bean
    Tokens tokens(@Value("${emporium.security.token-secret:}") String secret, ObjectProvider<AccessTokenKeys> localKeys,
            ObjectProvider<ServiceInstances> instances, Environment environment,
            @Value("${emporium.security.published-keys.cache-for:PT5M}") Duration cacheFor,
            @Value("${emporium.security.published-keys.refetch-after:PT10S}") Duration refetchAfter, Clock clock) {
        if (secret.isBlank()) {
            throw new IllegalStateException("emporium.security.token-secret is not set: every service process needs the "
                    + "shared key of service credentials (at least 32 bytes, plain or base64:...)");
        }
        byte[] key = secret.startsWith("base64:") ? Base64.getDecoder().decode(secret.substring(7))
                : secret.getBytes(StandardCharsets.UTF_8);
        List<AccessTokenKeys> local = localKeys.orderedStream().toList();
        JWKSource<SecurityContext> keys = !local.isEmpty() ? Tokens.anyOf(local)
                : PublishedAccessTokenKeys.from(instances.getIfAvailable(() -> new ConfiguredServiceInstances(environment)),
                        cacheFor, refetchAfter);
        return new Tokens(key, keys, clock);
    }

    @Bean
    JwtDecoder jwtDecoder(Tokens tokens) {
        return tokens.decoder();
    }

    /** bcrypt, an adaptive hash (cost 10 by default); stored as {bcrypt}... so the algorithm can change later. */
    @Bean
    PasswordEncoder passwordEncoder(@Value("${emporium.security.bcrypt-strength:10}") int strength) {
        return new DelegatingPasswordEncoder("bcrypt", java.util.Map.of("bcrypt", new BCryptPasswordEncoder(strength)));
    }

    /** The token's {@code roles} claim as ROLE_ authorities: what the URL rules and {@link CurrentCaller} both read. */
    static JwtAuthenticationConverter authenticationConverter() {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName(Tokens.ROLES_CLAIM);
        authorities.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return converter;
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, List<AuthorizationRules> rules, JsonMapper json,
            ObjectProvider<HandlerMapping> handlerMappings) throws Exception {
        JwtAuthenticationConverter converter = authenticationConverter();
        KnownRoutes routes = new KnownRoutes(handlerMappings);
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            if (!routes.exist(request)) {
                notFound(request, response, json);
                return;
            }
            write(response, json, 401, "unauthenticated", "a valid bearer token is required: it is missing, expired or not ours");
        };

        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(registry -> {
                    registry.requestMatchers("/api/*/internal/**").hasRole(Role.SERVICE.name());
                    registry.requestMatchers("/error", "/", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html",
                            "/actuator/health/**", "/actuator/info").permitAll();
                    registry.requestMatchers(HttpMethod.OPTIONS, "/**").permitAll();
                    rules.forEach(rule -> rule.apply(registry));
                    registry.anyRequest().authenticated();
                })
                .oauth2ResourceServer(oauth -> oauth
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                // the keys to verify with could not be had (identity unreachable, nothing cached yet):
                                // the token may well be good, so not 401 but 503, to be tried again
                                filter.setAuthenticationFailureHandler((request, response, e) -> {
                                    if (e instanceof AuthenticationServiceException) {
                                        response.setHeader("Retry-After", "5");
                                        write(response, json, 503, "token-keys-unavailable", "the token cannot be "
                                                + "verified now: identity's public keys cannot be fetched; try again shortly");
                                    } else {
                                        unauthenticated.commence(request, response, e);
                                    }
                                });
                                return filter;
                            }
                        })
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler((request, response, e) -> write(response, json, 403,
                                "forbidden", "this account may not do this")))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler((request, response, e) -> write(response, json, 403,
                                "forbidden", "this account may not do this")))
                .headers(Customizer.withDefaults());
        return http.build();
    }

    /**
     * Nothing is served here. An API path answers 404 problem+json at once; any other path goes
     * to the error page ({@code /error}), which is the shop's HTML page for a browser and
     * problem+json for everyone else.
     */
    private static void notFound(HttpServletRequest request, HttpServletResponse response, JsonMapper json)
            throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/")) {
            write(response, json, 404, "not-found", "there is nothing at " + path);
        } else {
            response.sendError(404);
        }
    }

    static void write(HttpServletResponse response, JsonMapper json, int status, String type, String detail)
            throws IOException {
        ProblemDetail problem = Problems.of(status, type, detail);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        json.writeValue(response.getOutputStream(), problem);
    }
}
