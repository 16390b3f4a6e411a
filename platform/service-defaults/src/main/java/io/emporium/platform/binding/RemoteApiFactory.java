package io.emporium.platform.binding;

import io.emporium.platform.security.Tokens;
import java.time.Clock;
import java.net.URI;
import java.net.http.HttpClient;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import java.time.Duration;
import org.springframework.http.client.support.HttpRequestWrapper;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * Makes HTTP clients for service APIs. Each call goes to an instance that {@link ServiceInstances} picks for it
 * (a fixed {@code emporium.remote.x.url}, or one of the instances registered in ZooKeeper), so a client follows
 * instances as they come and go; an instance that cannot be reached is reported back and the call fails (the
 * {@link RemoteCallPolicy} retries what may be retried and holds a circuit breaker per service). Each call has a
 * connect and a read timeout and carries a short-lived SERVICE token.
 */
public class RemoteApiFactory {

    private static final Duration SERVICE_TOKEN_TTL = Duration.ofMinutes(5);

    private final Environment environment;
    private final ServiceInstances instances;
    private final RestClient.Builder restClients;
    private final Tokens tokens;
    private final Clock clock;
    private final RemoteCallPolicy policy;
    private final JdkClientHttpRequestFactory requests;
    private final AtomicReference<Tokens.IssuedToken> serviceToken = new AtomicReference<>();

    public RemoteApiFactory(Environment environment, ServiceInstances instances, RestClient.Builder restClients, Tokens tokens,
            Clock clock, RemoteCallPolicy policy, Duration connectTimeout, Duration readTimeout) {
        this.environment = environment;
        this.instances = instances;
        this.restClients = restClients;
        this.tokens = tokens;
        this.clock = clock;
        this.policy = policy;
        // one connection pool for every client; HTTP/1.1 to the services (no h2c upgrade on each new connection)
        this.requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout).build());
        this.requests.setReadTimeout(readTimeout);
    }

    public <T> T client(Class<T> api) {
        String service = RemoteApiRegistrar.serviceOf(api);
        instances.requireFindable(service);
        RestClient client = restClients.clone()
                .requestFactory(requests)
                .baseUrl("http://" + service) // replaced, call by call, by the instance picked for it
                .requestInterceptor((request, body, execution) -> {
                    if (TransactionSynchronizationManager.isActualTransactionActive()) {
                        throw new CallsOutsideTransactions.CallInsideTransaction(api.getSimpleName() + " ("
                                + request.getMethod() + " " + request.getURI().getPath() + ")");
                    }
                    URI instance = instances.pick(service);
                    URI target = on(instance, request.getURI());
                    request.getHeaders().set(HttpHeaders.AUTHORIZATION, "Bearer " + currentServiceToken());
                    try {
                        return execution.execute(new HttpRequestWrapper(request) {
                            @Override
                            public URI getURI() {
                                return target;
                            }
                        }, body);
                    } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException
                            | java.net.NoRouteToHostException | java.net.UnknownHostException unreachable) {
                        instances.unreachable(service, instance);
                        throw unreachable;
                    }
                })
                // a remote 4xx becomes the same exception the local binding would have thrown
                .defaultStatusHandler(status -> status.is4xxClientError(), (request, response) -> {
                    throw RemoteProblems.toException(response.getStatusCode().value(),
                            new String(response.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                })
                .build();
        return policy.guard(api, service, HttpServiceProxyFactory.builderFor(RestClientAdapter.create(client)).build().createClient(api));
    }

    /** {@code call}'s path and query on {@code instance} (whose own path, if any, comes first). */
    static URI on(URI instance, URI call) {
        String base = instance.getRawPath() == null ? "" : instance.getRawPath().replaceAll("/+$", "");
        String path = base + (call.getRawPath() == null ? "" : call.getRawPath());
        return URI.create(instance.getScheme() + "://" + instance.getRawAuthority() + path
                + (call.getRawQuery() == null ? "" : "?" + call.getRawQuery()));
    }

    private String currentServiceToken() {
        Tokens.IssuedToken token = serviceToken.get();
        Instant refreshAfter = clock.instant().plus(SERVICE_TOKEN_TTL.dividedBy(5));
        if (token == null || token.expiresAt().isBefore(refreshAfter)) {
            token = tokens.issueService("service:" + environment.getProperty("emporium.services", "all"), SERVICE_TOKEN_TTL);
            serviceToken.set(token);
        }
        return token.value();
    }
}
