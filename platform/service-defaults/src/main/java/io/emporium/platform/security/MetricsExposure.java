package io.emporium.platform.security;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code /actuator/prometheus} shows, and to whom.
 *
 * <p>Only an admin's bearer token, or the scrape credential (HTTP Basic,
 * {@code emporium.metrics.scrape-user} / {@code emporium.metrics.scrape-password}; without a
 * password there is none) may read it: the metrics name every route, pool and queue of the
 * platform. The disk-space metrics carry only the directory's name, never its absolute path, so
 * the install location is not exposed either.
 *
 * <p>The HTTP server timer ({@code http_server_requests_seconds}) also keeps a few cumulative
 * latency buckets (SLO boundaries), so a reader (the admin dashboard, for checkouts) can state the
 * worst latency since start as a bound that agrees with the mean since start; the timer's own
 * {@code _max} covers only the last couple of minutes. Every route gets them: Prometheus needs one
 * type (histogram) for all series of a name.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsExposure {

    static final String PATH = "/actuator/prometheus";
    static final String METRICS_ROLE = "METRICS";
    /** The request latency boundaries (seconds in the Prometheus output). */
    static final List<Duration> LATENCY_BUCKETS = List.of(Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));

    @Bean
    @Order(0)
    SecurityFilterChain metricsSecurity(HttpSecurity http, JsonMapper json, PasswordEncoder passwords,
            @Value("${emporium.metrics.scrape-user:prometheus}") String scrapeUser,
            @Value("${emporium.metrics.scrape-password:}") String scrapePassword) throws Exception {
        http.securityMatcher(PATH)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(r -> r.anyRequest().hasAnyRole(Role.ADMIN.name(), METRICS_ROLE))
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(SecurityConfiguration.authenticationConverter()))
                        .authenticationEntryPoint((request, response, e) -> SecurityConfiguration.write(response, json,
                                401, "unauthenticated", "metrics need an admin's token or the scrape credential")))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) -> SecurityConfiguration.write(response, json,
                                401, "unauthenticated", "metrics need an admin's token or the scrape credential"))
                        .accessDeniedHandler((request, response, e) -> SecurityConfiguration.write(response, json,
                                403, "forbidden", "metrics are for admins and the metrics scraper")));
        if (scrapePassword.isBlank()) {
            http.httpBasic(basic -> basic.disable());
        } else {
            http.userDetailsService(new InMemoryUserDetailsManager(User.withUsername(scrapeUser)
                    .password(passwords.encode(scrapePassword)).roles(METRICS_ROLE).build()))
                    .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> SecurityConfiguration
                            .write(response, json, 401, "unauthenticated", "the scrape credential is wrong")));
        }
        return http.build();
    }

    /** Disk metrics name their directory, not where the platform is installed. */
    @Bean
    MeterFilter hideInstallPath() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String path = id.getTag("path");
                if (path == null || !id.getName().startsWith("disk.")) {
                    return id;
                }
                Path name = Path.of(path).toAbsolutePath().normalize().getFileName();
                List<Tag> tags = id.getTags().stream()
                        .map(t -> t.getKey().equals("path") ? Tag.of("path", name == null ? "/" : name.toString()) : t)
                        .toList();
                return id.replaceTags(tags);
            }
        };
    }

    @Bean
    MeterFilter requestLatencyBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!"http.server.requests".equals(id.getName())) {
                    return config;
                }
                double[] nanos = LATENCY_BUCKETS.stream().mapToDouble(Duration::toNanos).toArray();
                return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
            }
        };
    }
}
