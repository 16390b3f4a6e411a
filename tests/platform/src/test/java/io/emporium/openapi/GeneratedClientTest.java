package io.emporium.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.emporium.contract.client.ApiClient;
import io.emporium.contract.client.ApiException;
import io.emporium.contract.client.ApiResponse;
import io.emporium.contract.client.api.CartApi;
import io.emporium.contract.client.api.CatalogApi;
import io.emporium.contract.client.api.IdentityApi;
import io.emporium.contract.client.api.InventoryApi;
import io.emporium.contract.client.api.OrderApi;
import io.emporium.contract.client.api.PaymentApi;
import io.emporium.contract.client.model.AccessToken;
import io.emporium.contract.client.model.PostalAddress;
import io.emporium.contract.client.model.CheckoutRequest;
import io.emporium.contract.client.model.CheckoutView;
import io.emporium.contract.client.model.Money;
import io.emporium.contract.client.model.NewLine;
import io.emporium.contract.client.model.OrderView;
import io.emporium.contract.client.model.PaymentView;
import io.emporium.contract.client.model.Problem;
import io.emporium.contract.client.model.ProductDetail;
import io.emporium.contract.client.model.ProductDraft;
import io.emporium.contract.client.model.SignIn;
import io.emporium.contract.client.model.SignUp;
import io.emporium.contract.client.model.SkuDraft;
import io.emporium.contract.client.model.StockReceipt;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A client generated at build time from the published contract (docs/openapi.json, OpenAPI
 * Generator, java.net.http + Jackson 2) buys something from sign-in to PAID with typed calls only, and
 * gets a typed problem for a refused request: the document is good enough to program against.
 */
@PlatformTest
class GeneratedClientTest {

    @LocalServerPort
    int port;

    @Autowired
    Fixtures fixtures;

    private ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://localhost:" + port);
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }

    @Test
    void a_typed_client_buys_from_sign_in_to_paid() throws Exception {
        // a merchant (made by the test fixtures) lists a product and stocks it, in typed calls with typed money
        Fixtures.Merchant merchant = fixtures.merchant(new Api(port));
        ApiClient merchantClient = client(merchant.api().token());
        ApiResponse<ProductDetail> created = new CatalogApi(merchantClient).createProductWithHttpInfo(new ProductDraft()
                .categoryId(Fixtures.category(new Api(port))).name(Fixtures.unique("Typed Lantern "))
                .description("A lantern sold through the generated client.").publish(true)
                .skus(List.of(new SkuDraft().code(Fixtures.unique("T-")).attributes(Map.of("colour", "Blue"))
                        .price(new Money().amount("12.50").currency("CNY")))));
        assertThat(created.getStatusCode()).isEqualTo(201);
        String skuId = created.getData().getSkus().getFirst().getId();
        assertThat(created.getData().getSkus().getFirst().getPrice().getAmount()).isEqualTo("12.50");
        new InventoryApi(merchantClient).receiveStock(skuId, new StockReceipt().quantity(5L));

        // a customer signs up and in, fills the cart, checks out, pays at the sandbox and sees the order PAID
        String email = Fixtures.unique("typed-") + "@example.test";
        IdentityApi identity = new IdentityApi(client(null));
        assertThat(identity.signUpWithHttpInfo(new SignUp().email(email).password(Fixtures.PASSWORD)).getStatusCode())
                .isEqualTo(201);
        AccessToken token = identity.signIn(new SignIn().email(email).password(Fixtures.PASSWORD));
        ApiClient customer = client(token.getAccessToken());

        var line = new CartApi(customer).addCartLine(new NewLine().skuId(skuId).quantity(2)).getLines().getFirst();
        assertThat(line.getLineTotal()).isEqualTo(new Money().amount("25.00").currency("CNY"));
        assertThat(line.getAvailability()).isEqualTo(io.emporium.contract.client.model.CartLine.AvailabilityEnum.LOW_STOCK);
        ApiResponse<CheckoutView> checkout = new OrderApi(customer).checkoutWithHttpInfo("typed-" + UUID.randomUUID(),
                new CheckoutRequest().shippingAddress(new PostalAddress().name("Ada Lovelace").phone("+86 138 0000 1234")
                        .line1("1 Century Avenue").city("Shanghai").postalCode("200120").country("CN")));
        assertThat(checkout.getStatusCode()).isEqualTo(201);
        assertThat(checkout.getHeaders().get("Idempotent-Replayed")).containsExactly("false");
        CheckoutView placed = checkout.getData();
        assertThat(placed.getTotal().getCurrency()).isEqualTo("CNY");
        String orderId = placed.getOrders().getFirst().getId();
        assertThat(placed.getOrders().getFirst().getStatus()).isEqualTo(OrderView.StatusEnum.PENDING_PAYMENT);

        ApiResponse<PaymentView> approved = new PaymentApi(customer).approveAtSandboxWithHttpInfo(placed.getPayment().getId());
        assertThat(approved.getStatusCode()).isEqualTo(202);
        await("order " + orderId + " PAID").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> new OrderApi(customer).getOrder(orderId).getStatus() == OrderView.StatusEnum.PAID);
        assertThat(new PaymentApi(customer).getPayment(placed.getPayment().getId()).getStatus())
                .isEqualTo(PaymentView.StatusEnum.CAPTURED);
    }

    @Test
    void a_refused_request_is_a_typed_problem() throws Exception {
        Api signedIn = fixtures.customer(new Api(port));
        ApiClient customer = client(signedIn.token());
        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> new CartApi(customer).addCartLine(new NewLine().skuId("sku_nothing").quantity(0)));
        assertThat(refused.getCode()).isEqualTo(400);
        Problem problem = customer.getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
        assertThat(problem.getType()).isEqualTo("urn:emporium:problem:invalid-request");
        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getErrors()).isNotEmpty();

        ApiException anonymous = catchThrowableOfType(ApiException.class, () -> new CartApi(client(null)).getCart());
        assertThat(anonymous.getCode()).isEqualTo(401);
        assertThat(customer.getObjectMapper().readValue(anonymous.getResponseBody(), Problem.class).getType())
                .isEqualTo("urn:emporium:problem:unauthenticated");
    }
}
