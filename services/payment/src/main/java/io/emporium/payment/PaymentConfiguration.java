package io.emporium.payment;

import io.emporium.coordination.Fence;
import io.emporium.messaging.Outbox;
import io.emporium.messaging.OutboxSource;
import io.emporium.payment.application.CallbackSignature;
import io.emporium.payment.infrastructure.SandboxGateway;
import io.emporium.platform.persistence.ServiceSchema;
import io.emporium.platform.security.AuthorizationRules;
import io.emporium.platform.service.EmporiumService;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.json.JsonMapper;

/** The payment service and its sandbox gateway. */
@Configuration(proxyBeanMethods = false)
@EmporiumService(name = "payment", schema = "payment")
@ComponentScan
public class PaymentConfiguration {

    @Bean
    ServiceSchema paymentSchema(DataSource dataSource) {
        return ServiceSchema.migrate(dataSource, "payment", Outbox.MIGRATIONS, Fence.MIGRATIONS);
    }

    @Bean
    OutboxSource paymentOutbox() {
        return new OutboxSource("payment");
    }

    /** The sandbox's signing key: configured, or derived from the platform's token key (never the key itself). */
    @Bean
    CallbackSignature callbackSignature(@Value("${emporium.payment.sandbox.secret:}") String secret,
            @Value("${emporium.security.token-secret}") String tokenSecret, Clock clock) throws NoSuchAlgorithmException {
        byte[] key = !secret.isBlank() ? secret.getBytes(StandardCharsets.UTF_8)
                : MessageDigest.getInstance("SHA-256").digest(("sandbox-callbacks:" + tokenSecret).getBytes(StandardCharsets.UTF_8));
        return new CallbackSignature(key, clock);
    }

    @Bean(destroyMethod = "close")
    SandboxGateway sandboxGateway(Environment environment, CallbackSignature signature, JsonMapper json, Clock clock,
            @Value("${emporium.payment.sandbox.latency:PT0.1S}") Duration latency,
            @Value("${emporium.payment.sandbox.failure-rate:0.0}") double failureRate) {
        return new SandboxGateway(() -> URI.create(environment.getProperty("emporium.payment.sandbox.callback-url",
                "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"))
                        + "/api/payments/sandbox/callbacks")),
                signature, json, clock, new SandboxGateway.Settings(latency, failureRate),
                Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("sandbox-gateway-", 0).daemon(true).factory()));
    }

    @Bean
    AuthorizationRules paymentCallbacksArePublic() {
        return registry -> registry.requestMatchers(HttpMethod.POST, "/api/payments/sandbox/callbacks").permitAll();
    }
}
