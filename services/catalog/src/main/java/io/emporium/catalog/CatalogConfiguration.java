package io.emporium.catalog;

import io.emporium.platform.persistence.ServiceSchema;
import io.emporium.platform.security.AuthorizationRules;
import io.emporium.platform.service.EmporiumService;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** The catalog service: categories, products, SKUs, search. Its reads are public. */
@Configuration(proxyBeanMethods = false)
@EmporiumService(name = "catalog", schema = "catalog", uses = {"inventory"})
@ComponentScan
public class CatalogConfiguration {

    @Bean
    ServiceSchema catalogSchema(DataSource dataSource) {
        return ServiceSchema.migrate(dataSource, "catalog");
    }

    @Bean
    AuthorizationRules catalogPublicReads() {
        return registry -> registry.requestMatchers(HttpMethod.GET, "/api/catalog/categories", "/api/catalog/products",
                "/api/catalog/products/*").permitAll();
    }
}
