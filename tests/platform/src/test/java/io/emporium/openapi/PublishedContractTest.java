package io.emporium.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testing.PlatformTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published contract, {@code docs/openapi.json}, is the live public document, and the live
 * documents keep their promises: public and internal operations apart, no {@code /error}, named
 * operations, money in its wire form, a security scheme, problem answers everywhere.
 *
 * <p>After a deliberate change of the API, regenerate the published file with
 * {@code ./mvnw -pl tests/platform -am verify -Dtest=PublishedContractTest -Demporium.openapi.write=true}
 * (docs/api.md, "The contract").
 */
@PlatformTest
class PublishedContractTest {

    static final Path PUBLISHED = Path.of("../../docs/openapi.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Test
    void the_published_document_is_the_live_public_document() throws IOException {
        String live = fetch("/v3/api-docs");
        Files.createDirectories(Path.of("target/openapi"));
        Files.writeString(Path.of("target/openapi/openapi.json"), live);
        Files.writeString(Path.of("target/openapi/openapi-internal.json"), fetch("/v3/api-docs/internal"));
        if (Boolean.getBoolean("emporium.openapi.write")) {
            Files.writeString(PUBLISHED, live.endsWith("\n") ? live : live + "\n");
        }
        assertThat(JSON.readTree(Files.readString(PUBLISHED)))
                .as("docs/openapi.json differs from the live /v3/api-docs (target/openapi/openapi.json); if the change"
                        + " is deliberate, regenerate it with -Demporium.openapi.write=true (docs/api.md)")
                .isEqualTo(JSON.readTree(live));
    }

    @Test
    void public_and_internal_operations_are_apart_and_error_is_in_neither() {
        JsonNode pub = JSON.readTree(fetch("/v3/api-docs"));
        JsonNode internal = JSON.readTree(fetch("/v3/api-docs/internal"));
        assertThat(JSON.readTree(fetch("/v3/api-docs/public"))).isEqualTo(pub);
        assertThat(pub.get("paths").propertyNames()).isNotEmpty()
                .allMatch(p -> p.startsWith("/api/") && !p.matches("/api/[^/]+/internal/.*"));
        assertThat(internal.get("paths").propertyNames()).isNotEmpty().allMatch(p -> p.matches("/api/[^/]+/internal/.*"));
        assertThat(pub.at("/info/title").asString()).isEqualTo("Emporium API");
        assertThat(internal.at("/info/title").asString()).isEqualTo("Emporium internal API");
    }

    @Test
    void every_operation_is_named_summarised_and_declares_its_problems() {
        for (String group : List.of("/v3/api-docs", "/v3/api-docs/internal")) {
            JsonNode document = JSON.readTree(fetch(group));
            List<String> ids = new ArrayList<>();
            for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
                for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                    String where = operation.getKey().toUpperCase() + " " + path.getKey();
                    JsonNode op = operation.getValue();
                    ids.add(op.path("operationId").asString());
                    assertThat(op.path("operationId").asString()).as(where).matches("[a-z][A-Za-z]+");
                    assertThat(op.path("summary").asString()).as(where).isNotBlank();
                    assertThat(op.path("security").isArray()).as(where).isTrue();
                    assertThat(op.get("responses").propertyNames()).as(where).contains("401", "500", "503")
                            .anyMatch(code -> code.startsWith("2"));
                    op.get("responses").properties().stream().filter(r -> r.getKey().compareTo("400") >= 0)
                            .forEach(r -> assertThat(r.getValue().at("/content/application~1problem+json/schema/$ref")
                                    .asString()).as(where + " " + r.getKey()).isEqualTo("#/components/schemas/Problem"));
                }
            }
            assertThat(ids).as(group).doesNotHaveDuplicates();
            assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asString()).isEqualTo("bearer");
            assertThat(document.at("/components/schemas/Money/properties/amount/type").asString()).isEqualTo("string");
            assertThat(document.at("/components/schemas/Money/properties/currency/type").asString()).isEqualTo("string");
        }
    }

    @Test
    void the_servers_come_from_configuration_not_from_the_host_header() throws IOException {
        // java.net.http will not send a foreign Host header: speak HTTP/1.1 on a socket
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.getOutputStream().write(("GET /v3/api-docs HTTP/1.1\r\nHost: evil.example\r\n"
                    + "X-Forwarded-Host: evil.example\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"servers\"").doesNotContain("evil.example");
        }
        assertThat(JSON.readTree(fetch("/v3/api-docs")).at("/servers/0/url").asString()).isEqualTo("/");
    }

    private String fetch(String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            return r.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
