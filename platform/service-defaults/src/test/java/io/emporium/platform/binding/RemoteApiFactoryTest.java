package io.emporium.platform.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.platform.problem.ServiceUnavailableException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Where a remote call goes: the call's path and query on the instance picked for it. */
class RemoteApiFactoryTest {

    @Test
    void a_call_keeps_its_path_and_query_on_the_instance_and_the_instance_s_own_path_comes_first() {
        URI call = URI.create("http://inventory/api/inventory/internal/skus/sku_1?x=a%20b");
        assertThat(RemoteApiFactory.on(URI.create("http://10.0.0.7:8081"), call))
                .isEqualTo(URI.create("http://10.0.0.7:8081/api/inventory/internal/skus/sku_1?x=a%20b"));
        assertThat(RemoteApiFactory.on(URI.create("https://lb.example/emporium/"), call))
                .isEqualTo(URI.create("https://lb.example/emporium/api/inventory/internal/skus/sku_1?x=a%20b"));
    }

    @Test
    void a_configured_url_is_the_one_instance_and_without_it_the_client_cannot_be_made() {
        ConfiguredServiceInstances instances = new ConfiguredServiceInstances(
                new MockEnvironment().withProperty("emporium.remote.cart.url", " http://cart-host:8080 "));
        assertThat(instances.pick("cart")).isEqualTo(URI.create("http://cart-host:8080"));
        instances.requireFindable("cart");
        assertThatThrownBy(() -> instances.requireFindable("payment")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("emporium.remote.payment.url");
        assertThatThrownBy(() -> instances.pick("payment")).isInstanceOfSatisfying(ServiceUnavailableException.class,
                e -> assertThat(e.status()).isEqualTo(503));
    }
}
