package io.emporium.identity;

import io.emporium.identity.application.SignInThrottle;
import io.emporium.platform.persistence.ServiceSchema;
import io.emporium.platform.security.AuthorizationRules;
import io.emporium.platform.service.EmporiumService;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** The identity service: accounts, credentials and tokens. */
@Configuration(proxyBeanMethods = false)
@EmporiumService(name = "identity", schema = "identity")
@ComponentScan
public class IdentityConfiguration {

    @Bean
    ServiceSchema identitySchema(DataSource dataSource) {
        return ServiceSchema.migrate(dataSource, "identity");
    }

    /** Sign-in and sign-up limits; see {@link SignInThrottle} for what each one means. */
    @Bean
    SignInThrottle signInThrottle(Clock clock,
            @Value("${emporium.identity.sign-in.failures-per-account:5}") int failuresPerAccount,
            @Value("${emporium.identity.sign-in.first-lockout:PT15S}") Duration firstLockout,
            @Value("${emporium.identity.sign-in.max-lockout:PT3M}") Duration maxLockout,
            @Value("${emporium.identity.sign-in.failures-per-address:30}") int failuresPerAddress,
            @Value("${emporium.identity.sign-in.address-period:PT5M}") Duration addressPeriod,
            @Value("${emporium.identity.sign-up.per-address:20}") int signUpsPerAddress,
            @Value("${emporium.identity.sign-up.period:PT10M}") Duration signUpPeriod) {
        return new SignInThrottle(new SignInThrottle.Settings(failuresPerAccount, firstLockout, maxLockout,
                failuresPerAddress, addressPeriod, signUpsPerAddress, signUpPeriod), clock);
    }

    @Bean
    AuthorizationRules identityPublicRoutes() {
        return registry -> registry.requestMatchers(HttpMethod.POST, "/api/identity/customers", "/api/identity/tokens")
                .permitAll();
    }
}
