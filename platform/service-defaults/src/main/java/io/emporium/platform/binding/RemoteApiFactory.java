package io.emporium.platform.binding;

import io.emporium.platform.security.Role;
import io.emporium.platform.security.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * Makes HTTP clients for service APIs. The base URL of service {@code x} is
 * {@code emporium.remote.x.url}; each call carries a short-lived SERVICE token.
 */
public class RemoteApiFactory {

    private static final Duration SERVICE_TOKEN_TTL = Duration.ofMinutes(5);

    private final Environment environment;
    private final RestClient.Builder restClients;
    private final Tokens tokens;
    private final Clock clock;
    private final AtomicReference<Tokens.IssuedToken> serviceToken = new AtomicReference<>();

    public RemoteApiFactory(Environment environment, RestClient.Builder restClients, Tokens tokens, Clock clock) {
        this.environment = environment;
        this.restClients = restClients;
        this.tokens = tokens;
        this.clock = clock;
    }

    public <T> T client(Class<T> api) {
        String service = RemoteApiRegistrar.serviceOf(api);
        String property = "emporium.remote." + service + ".url";
        String url = environment.getProperty(property);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("service '" + service + "' does not run in this process and " + property
                    + " is not set: run it here (emporium.services) or tell this process where it is");
        }
        RestClient client = restClients.clone()
                .baseUrl(url)
                .requestInterceptor((request, body, execution) -> {
                    if (TransactionSynchronizationManager.isActualTransactionActive()) {
                        throw new CallsOutsideTransactions.CallInsideTransaction(api.getSimpleName() + " ("
                                + request.getMethod() + " " + request.getURI().getPath() + ")");
                    }
                    request.getHeaders().set(HttpHeaders.AUTHORIZATION, "Bearer " + currentServiceToken());
                    return execution.execute(request, body);
                })
                // a remote 4xx becomes the same exception the local binding would have thrown
                .defaultStatusHandler(status -> status.is4xxClientError(), (request, response) -> {
                    throw RemoteProblems.toException(response.getStatusCode().value(),
                            new String(response.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                })
                .build();
        return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client)).build().createClient(api);
    }

    private String currentServiceToken() {
        Tokens.IssuedToken token = serviceToken.get();
        Instant refreshAfter = clock.instant().plus(SERVICE_TOKEN_TTL.dividedBy(5));
        if (token == null || token.expiresAt().isBefore(refreshAfter)) {
            token = tokens.issue("service:" + environment.getProperty("emporium.services", "all"), Role.SERVICE,
                    Optional.empty(), SERVICE_TOKEN_TTL);
            serviceToken.set(token);
        }
        return token.value();
    }
}
