package io.emporium.platform.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.platform.security.Tokens;
import io.emporium.probe.api.ProbeApi;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

class CallsOutsideTransactionsTest {

    /** The in-process binding of "probe": its implementation, with a transaction of its own. */
    static class LocalProbe implements ProbeApi {
        private final List<String> calls = new ArrayList<>();

        /** The calls that reached the implementation (a method, so that the proxy hands it on). */
        public List<String> calls() {
            return calls;
        }

        @Override
        @Transactional
        public String echo(String value) {
            calls.add(value + (TransactionSynchronizationManager.isActualTransactionActive() ? " in its own transaction" : ""));
            if (value.equals("taken")) {
                throw new io.emporium.kernel.StateConflict("value-taken", "the value is taken", java.util.Map.of("value", value));
            }
            return value;
        }

        /** Not part of the API: the service's own code may call it in its own transactions. */
        @Transactional
        public String internal(String value) {
            return value;
        }
    }

    /** A transaction manager with nothing behind it: its transactions are real to Spring's synchronization. */
    static class NoResourceTransactions extends AbstractPlatformTransactionManager {
        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
        }
    }

    @Configuration
    @EnableTransactionManagement(proxyTargetClass = true) // as Spring Boot has it
    static class Wiring {
        @Bean
        static CallsOutsideTransactions callsOutsideTransactions() {
            return new CallsOutsideTransactions();
        }

        @Bean
        PlatformTransactionManager transactions() {
            return new NoResourceTransactions();
        }

        @Bean
        LocalProbe localProbe() {
            return new LocalProbe();
        }
    }

    @Test
    void the_in_process_binding_refuses_a_call_from_inside_a_transaction_before_the_implementation_runs() {
        try (var context = new AnnotationConfigApplicationContext(Wiring.class)) {
            ProbeApi probe = context.getBean(ProbeApi.class);
            LocalProbe target = context.getBean(LocalProbe.class);
            TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));

            // outside: the call goes through, and the implementation's own transaction still begins after the check
            assertThat(probe.echo("a")).isEqualTo("a");
            assertThatThrownBy(() -> tx.executeWithoutResult(t -> probe.echo("b")))
                    .isInstanceOf(CallsOutsideTransactions.CallInsideTransaction.class)
                    .hasMessageContaining("ProbeApi.echo was called inside a database transaction");
            assertThat(target.calls()).containsExactly("a in its own transaction");
            // what is not the API is the service's own business
            String internal = tx.execute(t -> target.internal("c"));
            assertThat(internal).isEqualTo("c");
        }
    }

    @Test
    void the_in_process_binding_passes_a_domain_exception_on_as_the_http_binding_would() {
        try (var context = new AnnotationConfigApplicationContext(Wiring.class)) {
            ProbeApi probe = context.getBean(ProbeApi.class);
            assertThatThrownBy(() -> probe.echo("taken")).isInstanceOfSatisfying(
                    io.emporium.platform.problem.ConflictException.class, conflict -> {
                        assertThat(conflict.type()).isEqualTo("value-taken");
                        assertThat(conflict.properties()).containsEntry("value", "taken");
                    });
        }
    }

    @Test
    void the_http_binding_refuses_a_call_from_inside_a_transaction_before_it_sends() {
        MockEnvironment environment = new MockEnvironment().withProperty("emporium.remote.probe.url", "http://127.0.0.1:9");
        Tokens tokens = new Tokens("0123456789abcdef0123456789abcdef".getBytes(), Tokens.fixedKeys(new com.nimbusds.jose.jwk.JWKSet()), Clock.systemUTC());
        ProbeApi remote = new RemoteApiFactory(environment, new ConfiguredServiceInstances(environment), RestClient.builder(), tokens, Clock.systemUTC(),
                new RemoteCallPolicy(RemoteCallPolicy.Settings.DEFAULTS, Clock.systemUTC()), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .client(ProbeApi.class);
        TransactionTemplate tx = new TransactionTemplate(new NoResourceTransactions());

        // outside a transaction it sends (and finds nobody on the discard port)
        assertThatThrownBy(() -> remote.echo("a")).isInstanceOf(ResourceAccessException.class);
        assertThatThrownBy(() -> tx.executeWithoutResult(t -> remote.echo("b")))
                .isInstanceOf(CallsOutsideTransactions.CallInsideTransaction.class)
                .hasMessageContaining("ProbeApi (GET /api/probe/internal/echo/b) was called inside a database transaction");
    }
}
