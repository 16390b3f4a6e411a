package io.emporium.identity;

import io.emporium.identity.application.SignInThrottle;
import io.emporium.identity.application.SigningKeyStore;
import io.emporium.identity.application.SigningKeys;
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

    /** The keys that sign access tokens; see {@link SigningKeys}. */
    @Bean
    SigningKeys signingKeys(SigningKeyStore store, Clock clock,
            @Value("${emporium.security.access-token-ttl:PT1H}") Duration accessTokenTtl,
            @Value("${emporium.identity.signing-keys.rotate-every:P30D}") Duration rotateEvery,
            @Value("${emporium.identity.signing-keys.publish-ahead:PT1M}") Duration publishAhead) {
        return new SigningKeys(store, new SigningKeys.Settings(accessTokenTtl, rotateEvery, publishAhead), clock);
    }

    @Bean
    AuthorizationRules identityPublicRoutes() {
        return registry -> registry
                .requestMatchers(HttpMethod.POST, "/api/identity/customers", "/api/identity/tokens").permitAll()
                .requestMatchers(HttpMethod.GET, io.emporium.platform.security.PublishedAccessTokenKeys.PATH).permitAll();
    }
}
