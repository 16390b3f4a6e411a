package io.emporium.platform.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import io.emporium.platform.binding.ServiceInstances;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Identity's published key set ({@value #PATH}), fetched from an instance of identity that discovery picks, for the
 * processes that do not run identity. Nimbus's {@link JWKSourceBuilder} does the rest: the set is cached for
 * {@code ttl}, fetched again at once (at most every {@code minInterval}) when a token names a key id it does not
 * know (a rotated key), retried once on failure, and served from the cache while identity cannot be reached, so
 * signed-in customers stay signed in through an outage of identity.
 */
public final class PublishedAccessTokenKeys implements ResourceRetriever {

    /** Where identity publishes its public keys (public; no credential needed). */
    public static final String PATH = "/api/identity/.well-known/jwks.json";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ServiceInstances instances;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
            .build();

    private PublishedAccessTokenKeys(ServiceInstances instances) {
        this.instances = instances;
    }

    public static JWKSource<SecurityContext> from(ServiceInstances instances, Duration ttl, Duration minInterval) {
        try {
            URL placeholder = URI.create("http://identity" + PATH).toURL(); // the retriever picks the instance
            return JWKSourceBuilder.<SecurityContext>create(placeholder, new PublishedAccessTokenKeys(instances))
                    .cache(ttl.toMillis(), TIMEOUT.multipliedBy(3).toMillis())
                    .rateLimited(minInterval.toMillis())
                    .retrying(true)
                    .outageTolerantForever()
                    .build();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Resource retrieveResource(URL url) throws IOException {
        URI instance;
        try {
            instance = instances.pick("identity");
        } catch (RuntimeException none) {
            throw new IOException("no instance of identity to fetch its key set from: " + none.getMessage(), none);
        }
        URI target = URI.create(instance.getScheme() + "://" + instance.getRawAuthority()
                + (instance.getRawPath() == null ? "" : instance.getRawPath().replaceAll("/+$", "")) + PATH);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(target).timeout(TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("identity answered " + response.statusCode() + " for its key set at " + target);
            }
            return new Resource(response.body(), response.headers().firstValue("Content-Type").orElse("application/json"));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            instances.unreachable("identity", instance);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching identity's key set", e);
        }
    }
}
