package io.emporium.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The contract hook can fail: answers and requests the document does not allow are caught. */
@PlatformTest
class ContractTest {

    @LocalServerPort
    int port;

    @Test
    void an_answer_the_document_declares_passes() {
        assertThatCode(() -> Contract.check(request("GET", "/api/cart", null), null,
                response(200, "{\"customerId\":\"cus_1\",\"lines\":[],\"subtotal\":{\"amount\":\"0.00\",\"currency\":\"CNY\"},"
                        + "\"itemCount\":0,\"readyForCheckout\":false}"))).doesNotThrowAnyException();
    }

    @Test
    void an_undeclared_status_fails() {
        assertThatThrownBy(() -> Contract.check(request("GET", "/api/cart", null), null, response(299, "")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("not what the OpenAPI document declares");
    }

    @Test
    void money_as_a_number_fails() {
        assertThatThrownBy(() -> Contract.check(request("GET", "/api/cart", null), null,
                response(200, "{\"customerId\":\"cus_1\",\"lines\":[],\"subtotal\":{\"amount\":0,\"currency\":\"CNY\"},"
                        + "\"itemCount\":0,\"readyForCheckout\":false}")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("/subtotal/amount");
    }

    @Test
    void a_problem_in_another_shape_fails() {
        assertThatThrownBy(() -> Contract.check(request("GET", "/api/cart", null), null,
                response(503, "{\"error\":\"down\"}", "application/problem+json")))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void a_request_the_document_refuses_must_be_refused() {
        String body = "{\"quantity\":1}";
        assertThatThrownBy(() -> Contract.check(request("POST", "/api/cart/lines", body), body,
                response(200, "{\"customerId\":\"cus_1\",\"lines\":[],\"subtotal\":{\"amount\":\"0.00\",\"currency\":\"CNY\"},"
                        + "\"itemCount\":0,\"readyForCheckout\":false}")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("accepted a request the OpenAPI document calls invalid");
        assertThatCode(() -> Contract.check(request("POST", "/api/cart/lines", body), body, response(400,
                "{\"type\":\"urn:emporium:problem:invalid-request\",\"title\":\"Bad Request\",\"status\":400}",
                "application/problem+json"))).doesNotThrowAnyException();
    }

    private HttpRequest request(String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer token")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        return builder.build();
    }

    private static HttpResponse<String> response(int status, String body) {
        return response(status, body, "application/json");
    }

    private static HttpResponse<String> response(int status, String body, String contentType) {
        HttpHeaders headers = HttpHeaders.of(Map.of("Content-Type", List.of(contentType)), (a, b) -> true);
        return new HttpResponse<>() {
            public int statusCode() {
                return status;
            }

            public HttpRequest request() {
                return null;
            }

            public Optional<HttpResponse<String>> previousResponse() {
                return Optional.empty();
            }

            public HttpHeaders headers() {
                return headers;
            }

            public String body() {
                return body;
            }

            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            public URI uri() {
                return null;
            }

            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
