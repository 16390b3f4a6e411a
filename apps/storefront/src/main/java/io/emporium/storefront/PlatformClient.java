package io.emporium.storefront;

import io.emporium.platform.security.Tokens;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The storefront's way to the platform: its public HTTP API, called with the signed-in user's
 * token, exactly as any other client would. So every rule (who may see which order, what a
 * merchant may change) is the API's, and the pages cannot bypass it. Answers are plain maps and
 * lists, which the templates read directly.
 */
public class PlatformClient {

    /** The header in which a SERVICE caller names the person it acts for (identity's ClientAddress). */
    static final String CLIENT_ADDRESS = "Emporium-Client-Address";
    private static final Duration SERVICE_TOKEN_TTL = Duration.ofMinutes(1);

    private final RestClient http;
    private final JsonMapper json;
    private final Environment environment;
    private final String configuredUrl;
    private final Tokens tokens;

    public PlatformClient(RestClient.Builder builder, JsonMapper json, Environment environment, String configuredUrl,
            Tokens tokens) {
        this.http = builder.build();
        this.json = json;
        this.environment = environment;
        this.configuredUrl = configuredUrl;
        this.tokens = tokens;
    }

    /** The platform's base URL: configured, or this process's own port (embedded mode). */
    private String base() {
        if (configuredUrl != null && !configuredUrl.isBlank()) {
            return configuredUrl.replaceAll("/+$", "");
        }
        return "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080");
    }

    public Object get(String path, String token) {
        return call(HttpMethod.GET, path, token, null, Map.of());
    }

    /**
     * A POST made for a person who is not signed in yet (sign-in, sign-up): it names their
     * address, so identity's per-address limits count them and not the storefront itself. Only a
     * SERVICE caller may name an address, so the request carries a short service token.
     */
    public Object postFor(String clientAddress, String path, Object body) {
        String service = tokens.issueService("service:storefront", SERVICE_TOKEN_TTL).value();
        return call(HttpMethod.POST, path, service, body,
                clientAddress == null ? Map.of() : Map.of(CLIENT_ADDRESS, clientAddress));
    }

    /** A text answer (e.g. Prometheus metrics), not JSON, read with the signed-in user's token. */
    public String getText(String path, String token) {
        try {
            RestClient.RequestHeadersSpec<?> request = http.get().uri(URI.create(base() + path));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return request.retrieve().body(String.class);
        } catch (ResourceAccessException e) {
            throw new ApiProblem(503, "unreachable", "the shop cannot reach its services right now", List.of());
        } catch (org.springframework.web.client.RestClientResponseException e) {
            throw new ApiProblem(e.getStatusCode().value(), "", e.getStatusText(), List.of());
        }
    }

    public Object post(String path, String token, Object body) {
        return call(HttpMethod.POST, path, token, body, Map.of());
    }

    public Object post(String path, String token, Object body, Map<String, String> headers) {
        return call(HttpMethod.POST, path, token, body, headers);
    }

    public Object put(String path, String token, Object body) {
        return call(HttpMethod.PUT, path, token, body, Map.of());
    }

    public Object patch(String path, String token, Object body) {
        return call(HttpMethod.PATCH, path, token, body, Map.of());
    }

    public Object delete(String path, String token) {
        return call(HttpMethod.DELETE, path, token, null, Map.of());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(Object answer) {
        return answer instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(Object answer) {
        return answer instanceof List<?> l ? (List<Object>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    private Object call(HttpMethod method, String path, String token, Object body, Map<String, String> headers) {
        try {
            RestClient.RequestBodySpec request = http.method(method).uri(URI.create(base() + path))
                    .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            headers.forEach(request::header);
            if (body != null) {
                request.contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body));
            }
            return request.exchange((req, res) -> {
                String text = new String(res.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                Object parsed = text.isBlank() ? null : json.readValue(text, Object.class);
                if (res.getStatusCode().isError()) {
                    Map<String, Object> problem = parsed instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                    String type = String.valueOf(problem.getOrDefault("type", "")).replace("urn:emporium:problem:", "");
                    Object errors = problem.get("errors");
                    throw new ApiProblem(res.getStatusCode().value(), type, (String) problem.get("detail"),
                            errors instanceof List<?> l ? (List<Map<String, Object>>) l : List.of());
                }
                if (parsed == null && res.getStatusCode().value() == 202 && res.getHeaders().getLocation() != null) {
                    // accepted without a body: the answer is where to follow the work
                    return Map.of("accepted", true, "location", res.getHeaders().getLocation().toString());
                }
                return parsed;
            });
        } catch (ResourceAccessException e) {
            throw new ApiProblem(503, "unreachable", "the shop cannot reach its services right now; please try again", List.of());
        }
    }
}
