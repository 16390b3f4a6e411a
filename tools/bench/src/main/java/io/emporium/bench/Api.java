package io.emporium.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The platform's JSON API over java.net.http. Every call is named ("checkout", "add to cart") so that
 * failures can be grouped by what was attempted; any answer other than 2xx becomes an ApiException.
 */
final class Api {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PROBLEM_PREFIX = "urn:emporium:problem:";

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final ObjectMapper json = JsonMapper.builder().build();

    record Response(int status, JsonNode body) {
    }

    Api(URI base) {
        this.base = base;
    }

    JsonNode get(String call, String path, String token) {
        return send(call, "GET", path, null, token, Map.of()).body();
    }

    JsonNode put(String call, String path, Object body, String token) {
        return send(call, "PUT", path, body, token, Map.of()).body();
    }

    JsonNode delete(String call, String path, String token) {
        return send(call, "DELETE", path, null, token, Map.of()).body();
    }

    Response post(String call, String path, Object body, String token) {
        return send(call, "POST", path, body, token, Map.of());
    }

    Response send(String call, String method, String path, Object body, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            var response = http.send(request.build(), BodyHandlers.ofString());
            JsonNode answer = parse(response.body());
            if (response.statusCode() / 100 != 2) {
                String type = answer.path("type").asString("");
                throw ApiException.answer(call, response.statusCode(),
                        type.startsWith(PROBLEM_PREFIX) ? type.substring(PROBLEM_PREFIX.length()) : "",
                        answer.path("detail").asString(""));
            }
            return new Response(response.statusCode(), answer);
        } catch (IOException e) {
            throw ApiException.failure(call, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.failure(call, e);
        }
    }

    /** "/api/catalog/products" and {q: "desk lamp"} to "/api/catalog/products?q=desk+lamp". */
    static String query(String path, Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(p -> p.getKey() + "=" + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&", path + "?", ""));
    }

    private JsonNode parse(String body) {
        try {
            return body.isBlank() ? MissingNode.getInstance() : json.readTree(body);
        } catch (JacksonException e) {
            return MissingNode.getInstance();
        }
    }
}
