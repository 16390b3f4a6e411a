package io.emporium.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The contract test: every exchange that {@link Api} makes with {@code /api/...} is checked against
 * the server's own OpenAPI documents ({@code /v3/api-docs}, and {@code /v3/api-docs/internal} for the
 * service-to-service paths), so the document cannot drift from the server:
 * <ul>
 * <li>every response must be one the document declares for that operation (status, headers, body);</li>
 * <li>a request the document calls invalid must be refused by the server (4xx): a document stricter
 *     than the server lies to its clients as much as a looser one.</li>
 * </ul>
 * A violation fails the test with an {@link AssertionError} naming the exchange.
 */
public final class Contract {

    private static final Pattern INTERNAL = Pattern.compile("^/api/[^/]+/internal/.*");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, Documents> DOCUMENTS = new ConcurrentHashMap<>();

    private Contract() {
    }

    private record Documents(OpenApiInteractionValidator publicApi, OpenApiInteractionValidator internalApi) {
    }

    /** Checks one exchange; {@code body} is null when the test sent a body the helper cannot see. */
    static void check(HttpRequest request, String body, HttpResponse<String> response) {
        URI uri = request.uri();
        String path = uri.getRawPath();
        if (path == null || !path.startsWith("/api/")) {
            return;
        }
        Documents documents = DOCUMENTS.computeIfAbsent(uri.getScheme() + "://" + uri.getAuthority(), Contract::load);
        OpenApiInteractionValidator validator = INTERNAL.matcher(path).matches() ? documents.internalApi()
                : documents.publicApi();
        Request.Method method = Request.Method.valueOf(request.method());

        SimpleRequest.Builder builder = new SimpleRequest.Builder(method, path);
        request.headers().map().forEach(builder::withHeader);
        if (body != null && !body.isEmpty()) {
            builder.withBody(body);
        }
        if (uri.getRawQuery() != null) {
            queryParameters(uri.getRawQuery()).forEach(builder::withQueryParam);
        }
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode());
        response.headers().map().forEach(answer::withHeader);
        if (!response.body().isEmpty()) {
            answer.withBody(response.body());
        }

        ValidationReport requestReport = validator.validateRequest(builder.build());
        if (requestReport.getMessages().stream().anyMatch(m -> OUTSIDE.contains(m.getKey()))) {
            // no operation of the document: an unknown path or method, which the test itself checks (404, 405)
            return;
        }
        String exchange = request.method() + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + " -> " + response.statusCode() + " " + abbreviated(response.body());
        ValidationReport responseReport = validator.validateResponse(path, method, answer.build());
        if (responseReport.hasErrors()) {
            throw new AssertionError("the response is not what the OpenAPI document declares: " + exchange + "\n"
                    + describe(responseReport));
        }
        if (body != null) {
            int status = response.statusCode();
            if (requestReport.getMessages().stream().anyMatch(Contract::refusal) && (status < 400 || status >= 500)) {
                throw new AssertionError("the server accepted a request the OpenAPI document calls invalid: " + exchange
                        + "\n" + describe(requestReport));
            }
        }
    }

    /** The request has no operation in the document at all. */
    private static final java.util.Set<String> OUTSIDE = java.util.Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed");

    /**
     * A request error the server must refuse. The one leniency let through: Jackson reads a number written
     * as a string ({@code "percent": "10"}), so a string where the document says number is not a lie of the
     * document (clients are told to send the number).
     */
    private static boolean refusal(ValidationReport.Message m) {
        return m.getLevel() == ValidationReport.Level.ERROR
                && !(m.getKey().equals("validation.request.body.schema.type")
                        && m.getMessage().matches("string found, (number|integer) expected"));
    }

    private static Documents load(String base) {
        return new Documents(validator(base + "/v3/api-docs"), validator(base + "/v3/api-docs/internal"));
    }

    private static OpenApiInteractionValidator validator(String url) {
        try {
            HttpResponse<String> document = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (document.statusCode() != 200) {
                throw new AssertionError("no OpenAPI document at " + url + ": " + document.statusCode());
            }
            // the server ignores unknown request members (Jackson's default), so they are no violation in a
            // request; in a response every member must be declared
            return OpenApiInteractionValidator.createForInlineApiSpecification(document.body())
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request.body.schema.additionalProperties", ValidationReport.Level.IGNORE)
                            .build())
                    .build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, List<String>> queryParameters(String rawQuery) {
        return java.util.Arrays.stream(rawQuery.split("&")).filter(p -> !p.isEmpty())
                .map(p -> p.split("=", 2))
                .collect(Collectors.groupingBy(kv -> decode(kv[0]), java.util.LinkedHashMap::new,
                        Collectors.mapping(kv -> kv.length > 1 ? decode(kv[1]) : "", Collectors.toList())));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String describe(ValidationReport report) {
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> "  " + m.getKey() + ": " + m.getMessage()
                        + m.getContext().flatMap(c -> c.getPointers()).map(p -> " at " + p.getInstance()).orElse(""))
                .collect(Collectors.joining("\n"));
    }

    private static String abbreviated(String body) {
        return body.length() > 400 ? body.substring(0, 400) + "..." : body;
    }
}
