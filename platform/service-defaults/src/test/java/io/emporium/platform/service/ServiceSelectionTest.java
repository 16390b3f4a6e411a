package io.emporium.platform.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceSelectionTest {

    static final List<String> KNOWN = List.of("identity", "inventory", "catalog", "cart");

    @Test
    void empty_or_all_means_every_service() {
        assertThat(ServiceSelection.parse("", KNOWN).names()).containsExactlyInAnyOrderElementsOf(KNOWN);
        assertThat(ServiceSelection.parse("all", KNOWN).names()).containsExactlyInAnyOrderElementsOf(KNOWN);
    }

    @Test
    void a_subset_runs_only_its_services() {
        ServiceSelection selection = ServiceSelection.parse(" Catalog , inventory,", KNOWN);
        assertThat(selection.runs("catalog")).isTrue();
        assertThat(selection.runs("inventory")).isTrue();
        assertThat(selection.runs("cart")).isFalse();
    }

    @Test
    void unknown_names_are_refused_with_the_list_of_known_ones() {
        assertThatThrownBy(() -> ServiceSelection.parse("catalog,payments,carts", KNOWN))
                .isInstanceOf(ServiceSelection.UnknownServiceException.class)
                .hasMessage("unknown services payments, carts; known services are identity, inventory, catalog, cart");
    }

    @Test
    void the_known_services_are_the_declared_ones_in_start_order() {
        ClassLoader shop = DeclaredServiceTest.declarations("shop");
        assertThat(ServiceSelection.known(shop)).containsExactly("alpha", "beta", "omega");
        assertThatThrownBy(() -> ServiceSelection.parse("alpha,gamma", ServiceSelection.known(shop)))
                .hasMessage("unknown service gamma; known services are alpha, beta, omega");
    }
}
