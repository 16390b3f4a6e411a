package io.emporium.platform.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;

/**
 * The OpenAPI documents: {@code /v3/api-docs} (group {@code public}) holds the public API, {@code
 * /v3/api-docs/internal} the service-to-service operations. Both are made true by global customizers
 * rather than by hand: money has its wire form, security comes from the real security rules, every
 * operation declares its problem answers, and operation ids are unique and named.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:io/emporium/platform/openapi/openapi.properties")
public class OpenApiConfiguration {

    public static final String INTERNAL_PATHS = "/api/*/internal/**";

    /**
     * The servers come from configuration (relative by default), never from the request's Host
     * header: a document cached or fetched through a proxy must not send clients elsewhere.
     */
    @Bean
    OpenAPI emporiumOpenApi(@Value("${emporium.openapi.server-url:/}") String serverUrl) {
        return new OpenAPI().addServersItem(new Server().url(serverUrl).description("this platform"));
    }

    @Bean
    GroupedOpenApi publicApi() {
        return GroupedOpenApi.builder().group("public").displayName("Emporium API").pathsToMatch("/api/**")
                .pathsToExclude(INTERNAL_PATHS).build();
    }

    @Bean
    GroupedOpenApi internalApi() {
        return GroupedOpenApi.builder().group("internal").displayName("Emporium internal API")
                .pathsToMatch(INTERNAL_PATHS).build();
    }

    @Bean
    MoneySchema moneySchema() {
        return new MoneySchema();
    }

    @Bean
    PostalAddressSchema postalAddressSchema() {
        return new PostalAddressSchema();
    }

    @Bean
    ContractCustomizer contractCustomizer(ObjectProvider<WebInvocationPrivilegeEvaluator> privileges,
            @Value("${emporium.openapi.version:0.1.0}") String version) {
        return new ContractCustomizer(privileges, version);
    }

    @Bean
    OperationNaming operationNaming() {
        return new OperationNaming();
    }
}
