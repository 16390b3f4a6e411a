package io.emporium.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.testing.ParkedDeliveries;
import io.emporium.testing.PlatformTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** The admin console's "Parked events" page in a real browser: a parked delivery is shown and resubmitted. */
@PlatformTest
class ParkedEventsPageTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    @Test
    void an_admin_sees_a_parked_delivery_and_resubmits_it() {
        String error = "poisoned for the page " + UUID.randomUUID();
        UUID delivery = ParkedDeliveries.park(jdbc, json, error);
        try (Browser b = new Browser("http://localhost:" + port, "parked-events")) {
            b.open("/login");
            b.type("#email", "admin@demo.emporium");
            b.type("#password", "demo-pass-1");
            b.click("#sign-in");
            b.find("#sign-out");
            b.click("#nav-admin");
            b.click("#admin-event-deliveries");
            assertThat(b.textAppears("#parked-deliveries", error)).isTrue();
            assertThat(b.pageSource()).contains("order.payment-captured").contains("PaymentCaptured");
            b.shot("parked");
            b.click("#resubmit-" + delivery);
            b.textAppears(".notice", "Delivery resubmitted");
            b.shot("resubmitted");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ParkedDeliveries.state(jdbc, delivery).equals("COMPLETED"));
    }
}
