package io.emporium.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for API tests: JSON in, status + JSON out, an optional bearer token. */
public final class Api {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final String token;

    public Api(int port) {
        this("http://localhost:" + port, null);
    }

    private Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public Api as(String bearerToken) {
        return new Api(base, bearerToken);
    }

    public Api anonymous() {
        return new Api(base, null);
    }

    /** Signs in and returns a client that carries the account's token. */
    public Api signedIn(String email, String password) {
        Response r = anonymous().post("/api/identity/tokens", Map.of("email", email, "password", password));
        if (r.status() != 200) {
            throw new AssertionError("sign-in of " + email + " failed: " + r);
        }
        return as(r.json().get("accessToken").asString());
    }

    public String token() {
        return token;
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    public Response postWithHeader(String path, Object body, String header, String value) {
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder request = request(path).header(header, value).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text));
        return exchange(request, text);
    }

    /** Sends a raw body (for malformed JSON and size tests). */
    public Response raw(String method, String path, HttpRequest.BodyPublisher body) {
        return exchange(request(path).method(method, body).header("Content-Type", "application/json"), null);
    }

    public Response raw(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = request(path).method(method, HttpRequest.BodyPublishers.ofString(body));
        if (!headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return exchange(request, body);
    }

    private Response send(String method, String path, Object body) {
        String text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(text);
        HttpRequest.Builder request = request(path).method(method, publisher);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return exchange(request, text);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    /** Sends the request, checks the exchange against the OpenAPI document ({@link Contract}), answers. */
    private static Response exchange(HttpRequest.Builder builder, String body) {
        try {
            HttpRequest request = builder.build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Contract.check(request, body, response);
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, String body, String contentType, String retryAfter) {

        public Response(int status, String body, String contentType) {
            this(status, body, contentType, null);
        }

        public JsonNode json() {
            return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        }

        public boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }

        /** The problem type's slug, e.g. {@code insufficient-stock}. */
        public String problemType() {
            return json().path("type").asString().replace("urn:emporium:problem:", "");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
