package io.emporium.platform.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeclaredServiceTest {

    /** A class loader that sees only the service declarations of {@code declarations/<set>} (the classes come from the tests). */
    static ClassLoader declarations(String set) {
        URL root = DeclaredServiceTest.class.getResource("/declarations/" + set + "/");
        return new URLClassLoader(new URL[] {root}, DeclaredServiceTest.class.getClassLoader());
    }

    @Test
    void each_service_starts_after_the_services_it_uses_ties_by_name() {
        List<DeclaredService> services = DeclaredService.discover(declarations("shop"));
        assertThat(services).extracting(DeclaredService::name).containsExactly("alpha", "beta", "omega");
        DeclaredService alpha = services.getFirst();
        assertThat(alpha.schema()).isEqualTo("alpha_schema");
        assertThat(alpha.basePackage()).isEqualTo("io.emporium.alpha");
        assertThat(services.getLast().uses()).containsExactly("alpha", "beta");
    }

    @Test
    void the_configurations_are_imported_in_start_order() {
        ServiceConfigurations selector = new ServiceConfigurations();
        selector.setBeanClassLoader(declarations("shop"));
        assertThat(selector.selectImports(null)).containsExactly("io.emporium.alpha.AlphaConfiguration",
                "io.emporium.beta.BetaConfiguration", "io.emporium.omega.OmegaConfiguration");
    }

    @Test
    void a_declaration_that_would_make_the_set_ambiguous_is_refused() {
        assertThatThrownBy(() -> DeclaredService.discover(declarations("cycle")))
                .hasMessage("services use each other in a cycle: delta, gamma");
        assertThatThrownBy(() -> DeclaredService.discover(declarations("twice")))
                .hasMessage("service alpha is declared twice: by io.emporium.alpha.AlphaConfiguration"
                        + " and by io.emporium.alpha.OtherAlphaConfiguration");
        assertThatThrownBy(() -> DeclaredService.discover(declarations("unknown")))
                .hasMessage("service epsilon uses nowhere, which no module on the classpath declares or publishes the API of");
        assertThatThrownBy(() -> DeclaredService.discover(declarations("unannotated")))
                .hasMessage("io.emporium.platform.service.ServiceSelectionTest is listed as a service"
                        + " but is not annotated @EmporiumService");
    }

    /** A service whose neighbour only publishes its API on the classpath (its -api module) starts alone. */
    @Test
    void a_used_service_that_only_publishes_its_api_here_runs_elsewhere() {
        assertThat(DeclaredService.discover(declarations("remote"))).extracting(DeclaredService::name).containsExactly("zeta");
    }
}
