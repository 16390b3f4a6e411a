package io.emporium.identity;

import io.emporium.platform.persistence.ServiceSchema;
import io.emporium.platform.security.AuthorizationRules;
import io.emporium.platform.service.ConditionalOnService;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** The identity service: accounts, credentials and tokens. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnService("identity")
@ComponentScan
public class IdentityConfiguration {

    @Bean
    ServiceSchema identitySchema(DataSource dataSource) {
        return ServiceSchema.migrate(dataSource, "identity");
    }

    @Bean
    AuthorizationRules identityPublicRoutes() {
        return registry -> registry.requestMatchers(HttpMethod.POST, "/api/identity/customers", "/api/identity/tokens")
                .permitAll();
    }
}
