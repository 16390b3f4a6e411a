package io.emporium.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The pages in a real browser (headless Chromium): a customer from search to a paid order, the
 * merchant shipping it, the customer seeing it shipped; an admin's flash sale showing on the home
 * page; a declined payment shown clearly; pages refusing the wrong role and other people's orders;
 * the home page at phone width.
 */
@PlatformTest
class StorefrontBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    Api api;
    Fixtures.Merchant merchant;
    String productName;
    String productId;
    String skuId;

    @BeforeAll
    static void chromium() {
        Assumptions.assumeTrue(Browser.available(), "Chromium and ChromeDriver are not installed"
                + " (./emporium test installs them: apt-get install chromium chromium-driver)");
    }

    @BeforeEach
    void shop() {
        api = new Api(port);
        merchant = fixtures.merchant(api);
        productName = Fixtures.unique("Copper Lantern ");
        JsonNode product = Fixtures.product(merchant, List.of(Fixtures.sku(Fixtures.unique("CL-"), Map.of("colour", "Copper"),
                "129.00")), true);
        // rename is not needed: search by the product's own name
        productName = product.get("name").asString();
        productId = product.get("id").asString();
        skuId = product.get("skus").get(0).get("id").asString();
        merchant.api().post("/api/inventory/skus/" + skuId + "/receipts", Map.of("quantity", 20));
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private String signUpAndIn(Browser b, String who) {
        String email = Fixtures.unique(who + "-") + "@example.test";
        b.open("/signup");
        b.type("#displayName", "Ada " + who);
        b.type("#email", email);
        b.type("#password", Fixtures.PASSWORD);
        b.shot("sign-up");
        b.click("#sign-up");
        b.textAppears(".notice", "Your account is ready");
        signIn(b, email, Fixtures.PASSWORD);
        return email;
    }

    private void signIn(Browser b, String email, String password) {
        b.open("/login");
        b.type("#email", email);
        b.type("#password", password);
        b.shot("sign-in");
        b.click("#sign-in");
        b.find("#sign-out");
    }

    private String buyToPayPage(Browser b) {
        b.type("#q", productName);
        b.click(".search button");
        b.textAppears("#results-title", "1 products");
        b.shot("search-results");
        b.click(".product-link");
        b.textAppears("h1", productName);
        b.shot("product");
        b.click("#add-to-cart");
        b.textAppears(".notice", "Added to your cart");
        b.shot("cart");
        b.click("#go-to-checkout");
        b.find("#quote-total");
        b.shot("checkout");
        b.click("#place-order");
        b.find("#pay-amount");
        b.shot("payment");
        return b.text("#pay-amount");
    }

    @Test
    void a_customer_buys_the_merchant_ships_and_the_customer_sees_it_shipped() {
        String customerEmail;
        try (Browser b = new Browser(base(), "customer-buys")) {
            customerEmail = signUpAndIn(b, "buyer");
            String amount = buyToPayPage(b);
            assertThat(amount).as("129.00 ships free").isEqualTo("¥129.00");
            b.click("#approve-payment");
            assertThat(b.textAppears("#status", "Paid")).isTrue();
            b.shot("order-paid");
            assertThat(b.text("#order-total")).isEqualTo("¥129.00");
        }
        String orderId;
        try (Browser b = new Browser(base(), "merchant-ships")) {
            signIn(b, merchant.merchantId() + "@example.test", Fixtures.PASSWORD);
            b.open("/merchant/orders?status=PAID");
            b.find(".order-card");
            orderId = b.find(".order-card").getAttribute("data-order");
            b.shot("orders-to-ship");
            b.type("#tracking-" + orderId, "SF20261124001");
            b.click(".order-card .ship-button");
            b.textAppears(".notice", "marked shipped");
            b.shot("shipped");
            b.open("/merchant");
            b.find(".chart svg");
            b.shot("dashboard");
            // a new product, made and stocked in the console, is in the shop
            b.open("/merchant/products/new");
            String name = Fixtures.unique("Console Kettle ");
            b.type("#name", name);
            b.type("#description", "A stovetop kettle made in the merchant console.");
            b.type("#code", Fixtures.unique("KT-"));
            b.type("#attributes", "colour=Steel");
            b.type("#price", "219.00");
            b.shot("new-product");
            b.click("#create-product");
            b.textAppears(".notice", "Product created");
            b.type("input[name=quantity]", "7");
            b.click("td form button");
            b.textAppears(".notice", "7 unit(s) received");
            b.shot("stocked");
            b.open("/search?q=" + name.replace(' ', '+'));
            b.textAppears("#results-title", "1 products");
            // its own promotion: spend 500, save 40
            b.open("/merchant/promotions");
            b.type("#t-name", "Kettle week");
            b.type("#t-threshold", "500.00");
            b.type("#t-discount", "40.00");
            b.click("#create-threshold");
            b.textAppears(".notice", "Spend-more discount is on");
            assertThat(b.pageSource()).contains("spend ¥500.00, save ¥40.00");
            b.shot("promotions");
        }
        try (Browser b = new Browser(base(), "customer-sees-shipped")) {
            signIn(b, customerEmail, Fixtures.PASSWORD);
            b.click("#nav-orders");
            b.shot("orders");
            b.open("/orders/" + orderId);
            assertThat(b.textAppears("#status", "Shipped")).isTrue();
            assertThat(b.pageSource()).contains("SF20261124001");
            b.shot("order-shipped");
        }
    }

    @Test
    void a_declined_payment_is_shown_clearly() {
        try (Browser b = new Browser(base(), "payment-declined")) {
            signUpAndIn(b, "decliner");
            // claim the demo welcome coupon (20 off from 199) and see it priced in at checkout (htmx, with CSRF)
            b.open("/account/coupons");
            b.click("form[action='/account/coupons/cpt_demo_welcome'] button");
            b.textAppears(".notice", "is yours");
            b.shot("coupon-claimed");
            b.open("/products/" + productId);
            b.type("#quantity", "2");
            b.click("#add-to-cart");
            b.textAppears(".notice", "Added to your cart");
            b.click("#go-to-checkout");
            assertThat(b.text("#quote-total")).isEqualTo("¥258.00");
            new org.openqa.selenium.support.ui.Select(b.find("#coupon")).selectByIndex(1);
            assertThat(b.textAppears("#quote-total", "¥238.00")).as("the breakdown refreshed with the coupon").isTrue();
            assertThat(b.text("#breakdown")).contains("Welcome: 20 off orders of 199");
            b.shot("checkout-with-coupon");
            b.click("#place-order");
            assertThat(b.text("#pay-amount")).isEqualTo("¥238.00");
            b.shot("payment");
            b.click("#decline-payment");
            assertThat(b.textAppears("#status", "Cancelled")).isTrue();
            assertThat(b.text(".problem")).contains("Your payment was declined");
            b.shot("declined");
            b.open("/account/coupons");
            assertThat(b.text(".coupons .status")).as("the coupon came back with the cancelled order").isEqualTo("Available");
            b.shot("coupon-back");
        }
    }

    @Test
    void an_admin_creates_a_flash_sale_that_shows_on_the_home_page() {
        try (Browser b = new Browser(base(), "admin-flash-sale")) {
            signIn(b, "admin@demo.emporium", "demo-pass-1");
            b.click("#nav-admin");
            b.find("#checkouts");
            // mean and worst over the same checkouts: the worst is a bound from the latency buckets
            assertThat(b.text("#checkout-worst")).matches("—|≤ [0-9.]+ m?s|over [0-9.]+ m?s");
            b.shot("dashboard");
            b.click("#admin-flash-sales");
            b.find("#new-flash-sale");
            DateTimeFormatter minutes = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            b.type("#skuId", skuId);
            b.type("#price", "79.00");
            b.type("#stock", "5");
            b.type("#perCustomerLimit", "1");
            ((JavascriptExecutor) b.driver()).executeScript(
                    "document.getElementById('startsAt').value = arguments[0];"
                            + "document.getElementById('endsAt').value = arguments[1];",
                    now.minusMinutes(1).format(minutes), now.plusHours(2).format(minutes));
            b.shot("new-flash-sale");
            b.click("#create-flash-sale");
            b.textAppears(".notice", "Flash sale of " + productName + " created");
            b.shot("created");
            b.open("/");
            assertThat(b.textAppears("#flash-title", "Flash sales")).isTrue();
            assertThat(b.pageSource()).contains(productName).contains("¥79.00");
            b.shot("home-with-flash-sale");
            b.click("#nav-admin");
            b.click("#admin-merchants");
            assertThat(b.textAppears("main table", "mer_demo_m1")).isTrue();
            assertThat(b.pageSource()).contains("merchant1@demo.emporium");
            b.shot("merchants");
            b.open("/admin/coupons");
            String coupon = Fixtures.unique("Browser week ");
            b.type("#c-name", coupon);
            b.type("#c-amount", "15.00");
            b.type("#c-min", "150.00");
            b.click("#create-coupon");
            b.textAppears(".notice", "Platform coupon created");
            assertThat(b.pageSource()).contains(coupon);
            b.shot("platform-coupon");
        }
    }

    @Test
    void too_many_wrong_passwords_say_so_on_the_sign_in_page() {
        String email = Fixtures.unique("locked-") + "@example.test";
        assertThat(api.post("/api/identity/customers", Map.of("email", email, "password", Fixtures.PASSWORD)).status())
                .isEqualTo(201);
        try (Browser b = new Browser(base(), "sign-in-throttled")) {
            for (int i = 0; i < 5; i++) {
                b.open("/login");
                b.type("#email", email);
                b.type("#password", "not-the-password");
                b.click("#sign-in");
                assertThat(b.textAppears(".problem", "do not match")).isTrue();
            }
            b.open("/login");
            b.type("#email", email);
            b.type("#password", Fixtures.PASSWORD);
            b.click("#sign-in");
            assertThat(b.textAppears(".problem", "Too many sign-in attempts")).isTrue();
            b.shot("throttled");
        }
    }

    @Test
    void the_product_page_at_1280_px_shows_name_and_add_to_cart_in_the_first_view() {
        try (Browser b = new Browser(base(), "product-1280")) {
            b.size(1280, 800);
            b.open("/products/" + productId);
            b.textAppears("h1", productName);
            b.shot("product-1280x800");
            long viewport = (Long) b.script("return window.innerHeight;");
            long buttonBottom = ((Number) b.script(
                    "return document.querySelector('#add-to-cart').getBoundingClientRect().bottom;")).longValue();
            assertThat(buttonBottom).as("Add to cart within the first %d px", viewport).isLessThanOrEqualTo(viewport);
            // picture and details side by side: the name starts right of the picture, level with its top
            Map<?, ?> layout = (Map<?, ?>) b.script("""
                    const img = document.querySelector('.hero-image').getBoundingClientRect();
                    const h1 = document.querySelector('.product h1').getBoundingClientRect();
                    return {imgRight: img.right, imgTop: img.top, h1Left: h1.left, h1Top: h1.top,
                            emptyBoxes: [...document.querySelectorAll('.messages')].filter(m => m.offsetHeight > 0).length};""");
            assertThat(((Number) layout.get("h1Left")).doubleValue()).isGreaterThan(((Number) layout.get("imgRight")).doubleValue());
            assertThat(((Number) layout.get("h1Top")).doubleValue()).isLessThan(((Number) layout.get("imgTop")).doubleValue() + 100);
            assertThat(((Number) layout.get("emptyBoxes")).intValue()).as("no empty message box takes room").isZero();
        }
    }

    @Test
    void pages_refuse_the_wrong_role_and_other_peoples_orders_and_fit_a_phone() {
        try (Browser b = new Browser(base(), "security-and-phone")) {
            signUpAndIn(b, "nosy");
            b.open("/admin/flash-sales");
            assertThat(b.textAppears("h1", "Not for this account")).isTrue();
            b.shot("admin-refused");
            b.open("/merchant/orders");
            assertThat(b.textAppears("h1", "Not for this account")).isTrue();
            // an order of someone else's, by its id
            Api other = fixtures.customer(api);
            other.post("/api/cart/lines", Map.of("skuId", skuId, "quantity", 1));
            String theirs = other.postWithHeader("/api/orders/checkouts", io.emporium.testing.Shopping.checkoutBody(),
                    "Idempotency-Key", Fixtures.unique("browser-key-")).json().at("/orders/0/id").asString();
            b.open("/orders/" + theirs);
            assertThat(b.textAppears("h1", "Not found")).isTrue();
            assertThat(b.pageSource()).doesNotContain(productName);
            b.shot("other-customers-order");
            b.open("/products/prd_does_not_exist");
            assertThat(b.textAppears("h1", "Not found")).isTrue();
            // a mistyped URL: the shop's own page, still signed in, never raw JSON
            b.open("/prodcts/" + productId);
            assertThat(b.textAppears("h1", "Not found")).isTrue();
            b.find("#sign-out");
            assertThat(b.pageSource()).doesNotContain("urn:emporium:problem");
            b.open("/orders/" + theirs + "/no-such-page");
            assertThat(b.textAppears("h1", "Not found")).isTrue();
            b.shot("mistyped-url");
            // the demo's limited-time price shows on its product page
            b.open("/search?q=Organic+Cotton+Pocket+Tee");
            b.click(".product-link");
            b.find(".sale-price");
            assertThat(b.pageSource()).contains("limited-time price until").contains("¥69.00");
            b.shot("limited-time-price");

            b.width(375);
            b.open("/");
            b.find("#flash-title");
            long overflow = (Long) ((JavascriptExecutor) b.driver()).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).as("no sideways scrolling at 375 px").isLessThanOrEqualTo(0);
            b.shot("home-375px");
        }
    }
}
