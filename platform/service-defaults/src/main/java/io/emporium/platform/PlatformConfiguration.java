package io.emporium.platform;

import io.emporium.platform.binding.RemoteApiFactory;
import io.emporium.platform.binding.RemoteApiRegistrar;
import io.emporium.platform.openapi.OpenApiConfiguration;
import io.emporium.platform.problem.ProblemErrorController;
import io.emporium.platform.problem.ProblemHandler;
import io.emporium.platform.security.SecurityConfiguration;
import io.emporium.platform.security.Tokens;
import io.emporium.platform.web.MoneyJsonModule;
import io.emporium.platform.web.RequestSizeLimitFilter;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;
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

    @Bean
    MoneyJsonModule moneyJsonModule() {
        return new MoneyJsonModule();
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(
            @Value("${emporium.http.max-request-size:1MB}") DataSize max, JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new RequestSizeLimitFilter(max.toBytes(), json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    static RemoteApiRegistrar remoteApiRegistrar() {
        return new RemoteApiRegistrar();
    }

    @Bean
    RemoteApiFactory remoteApiFactory(Environment environment, RestClient.Builder restClients, Tokens tokens, Clock clock) {
        return new RemoteApiFactory(environment, restClients, tokens, clock);
    }
}
