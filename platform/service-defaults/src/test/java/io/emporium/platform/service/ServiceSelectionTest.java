package io.emporium.platform.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServiceSelectionTest {

    @Test
    void empty_or_all_means_every_service() {
        assertThat(ServiceSelection.parse("").names()).containsExactlyInAnyOrderElementsOf(ServiceSelection.KNOWN);
        assertThat(ServiceSelection.parse("all").names()).containsExactlyInAnyOrderElementsOf(ServiceSelection.KNOWN);
    }

    @Test
    void a_subset_runs_only_its_services() {
        ServiceSelection selection = ServiceSelection.parse(" Catalog , inventory,");
        assertThat(selection.runs("catalog")).isTrue();
        assertThat(selection.runs("inventory")).isTrue();
        assertThat(selection.runs("cart")).isFalse();
    }

    @Test
    void unknown_names_are_refused_with_the_list_of_known_ones() {
        assertThatThrownBy(() -> ServiceSelection.parse("catalog,payments,carts"))
                .isInstanceOf(ServiceSelection.UnknownServiceException.class)
                .hasMessageContaining("payments, carts").hasMessageContaining("identity, inventory, catalog, cart");
    }
}
