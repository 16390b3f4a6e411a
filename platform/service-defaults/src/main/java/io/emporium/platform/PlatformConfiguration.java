package io.emporium.platform;

import io.emporium.platform.binding.CallsOutsideTransactions;
import io.emporium.platform.binding.RemoteApiFactory;
import io.emporium.platform.binding.RemoteApiRegistrar;
import io.emporium.platform.openapi.OpenApiConfiguration;
import io.emporium.platform.problem.ProblemErrorController;
import io.emporium.platform.problem.ProblemHandler;
import io.emporium.platform.security.SecurityConfiguration;
import io.emporium.platform.security.Tokens;
import io.emporium.platform.web.EdgeChecks;
import io.emporium.platform.web.MalformedRequestFilter;
import io.emporium.platform.web.MoneyJsonModule;
import io.emporium.platform.web.RequestSizeLimitFilter;
import io.emporium.platform.web.StaleReads;
import io.emporium.platform.web.StrictJsonModule;
import io.emporium.platform.web.ThrottledLog;
import io.emporium.platform.web.TomcatProblemPages;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/** What every Emporium process has, whatever services it runs. Imported by the launcher. */
@Configuration(proxyBeanMethods = false)
@Import({SecurityConfiguration.class, ProblemHandler.class, ProblemErrorController.class, OpenApiConfiguration.class})
public class PlatformConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * A scheduled job that fails because the database is away logs one throttled WARN line per failure instead of
     * a stack trace every few hundred milliseconds per job; the availability probe has already said why. Any other
     * failure of a job is still an ERROR with its stack trace.
     */
    @Bean
    ThreadPoolTaskSchedulerCustomizer quietJobsWhileTheDatabaseIsAway() {
        Logger log = LoggerFactory.getLogger("io.emporium.jobs");
        ThrottledLog whileAway = new ThrottledLog(log, 2);
        return scheduler -> scheduler.setErrorHandler(failure -> {
            if (ProblemHandler.databaseUnreachable(failure)) {
                whileAway.warn("scheduled job skipped, database unavailable: {}", failure.toString());
            } else {
                log.error("scheduled job failed", failure);
            }
        });
    }

    /** The last answers of AP reads, served marked stale while the database cannot be reached (per process, bounded). */
    @Bean
    StaleReads staleReads(@Value("${emporium.stale-reads.max-entries:10000}") int maxEntries,
            @Value("${emporium.stale-reads.max-age:PT1H}") Duration maxAge, Clock clock,
            ObjectProvider<MeterRegistry> meters) {
        return new StaleReads(maxEntries, maxAge, clock,
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    MoneyJsonModule moneyJsonModule() {
        return new MoneyJsonModule();
    }

    /**
     * Strict JSON everywhere: a scalar is never coerced into another type ("12" is no number, 12 no
     * string), a duplicate key is an error rather than last-one-wins, comments and trailing content
     * are refused.
     */
    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return builder -> builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_YAML_COMMENTS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Request bodies are read with the edge's text rules on top ({@link StrictJsonModule}); answers of
     * other services and stored events are read without them. Runs after Boot's own Jackson customizer (order 0).
     */
    @Bean
    @Order(100)
    ServerHttpMessageConvertersCustomizer strictRequestBodies(JsonMapper json) {
        JsonMapper edge = json.rebuild().addModule(new StrictJsonModule()).build();
        return builder -> builder.withJsonConverter(new JacksonJsonHttpMessageConverter(edge));
    }

    @Bean
    WebMvcConfigurer edgeChecks(ObjectProvider<RequestMappingHandlerAdapter> adapter) {
        EdgeChecks checks = new EdgeChecks(() -> adapter.getObject().getMessageConverters());
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(checks);
            }
        };
    }

    @Bean
    FilterRegistrationBean<MalformedRequestFilter> malformedRequestFilter(JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new MalformedRequestFilter(json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
        return registration;
    }

    @Bean
    TomcatProblemPages tomcatProblemPages() {
        return new TomcatProblemPages();
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(
            @Value("${emporium.http.max-request-size:1MB}") DataSize max, JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new RequestSizeLimitFilter(max.toBytes(), json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Refuses a call to a service's API from inside a transaction (see {@link CallsOutsideTransactions}). */
    @Bean
    static CallsOutsideTransactions callsOutsideTransactions() {
        return new CallsOutsideTransactions();
    }

    @Bean
    static RemoteApiRegistrar remoteApiRegistrar() {
        return new RemoteApiRegistrar();
    }

    @Bean
    RemoteApiFactory remoteApiFactory(Environment environment,
            org.springframework.beans.factory.ObjectProvider<io.emporium.platform.binding.ServiceInstances> instances,
            RestClient.Builder restClients, Tokens tokens, Clock clock,
            @Value("${emporium.remote-calls.connect-timeout:PT1S}") Duration connectTimeout,
            @Value("${emporium.remote-calls.read-timeout:PT10S}") Duration readTimeout,
            @Value("${emporium.remote-calls.max-attempts:3}") int maxAttempts,
            @Value("${emporium.remote-calls.first-backoff:PT0.1S}") Duration firstBackoff,
            @Value("${emporium.remote-calls.breaker.window:20}") int breakerWindow,
            @Value("${emporium.remote-calls.breaker.minimum-calls:10}") int breakerMinimumCalls,
            @Value("${emporium.remote-calls.breaker.failure-rate:50}") float breakerFailureRate,
            @Value("${emporium.remote-calls.breaker.open-for:PT5S}") Duration openFor) {
        var policy = new io.emporium.platform.binding.RemoteCallPolicy(new io.emporium.platform.binding.RemoteCallPolicy.Settings(
                maxAttempts, firstBackoff, breakerWindow, breakerMinimumCalls, breakerFailureRate, openFor), clock);
        // the coordination module's discovery when it is there, a fixed URL per service otherwise
        return new RemoteApiFactory(environment,
                instances.getIfAvailable(() -> new io.emporium.platform.binding.ConfiguredServiceInstances(environment)),
                restClients, tokens, clock, policy, connectTimeout, readTimeout);
    }
}
