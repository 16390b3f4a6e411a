package io.emporium.order.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.kernel.PaymentId;
import io.emporium.kernel.PostalAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The saga's data is JSON in rows that outlive a release: its payment id stays a plain string there. */
class CheckoutDataJsonTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void the_payment_id_is_written_as_a_string_and_read_back_typed() {
        CheckoutData data = CheckoutData.cart(new PostalAddress("Ada", "+86 138 0000 1234", "1 Road", null, "Shanghai", null,
                "200120", "CN"), List.of()).paymentOpened("pay_1");
        String written = json.writeValueAsString(data);
        JsonNode tree = json.readTree(written);
        assertThat(tree.get("paymentId").isString()).isTrue();
        assertThat(tree.get("paymentId").asString()).isEqualTo("pay_1");
        assertThat(tree.has("payment")).as("the typed accessor is no property").isFalse();
        assertThat(json.readValue(written, CheckoutData.class).payment()).isEqualTo(new PaymentId("pay_1"));
    }
}
