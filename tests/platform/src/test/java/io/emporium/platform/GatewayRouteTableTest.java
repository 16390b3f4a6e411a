package io.emporium.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import io.emporium.testing.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The gateway's table of which service serves which public path prefix ({@code apps/gateway}'s
 * {@code gateway-routes.properties}) against every route the services really have: each public {@code /api/}
 * route of a service's controller starts with a prefix the table gives to that service, and the table names no
 * prefix that no service serves. Internal routes and the platform's admin API are routed by rule, not by the table.
 */
@PlatformTest
class GatewayRouteTableTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void every_public_api_route_of_a_service_goes_to_that_service_and_every_prefix_is_served() throws IOException {
        Properties table = new Properties();
        Path file = Path.of("../../apps/gateway/src/main/resources/gateway-routes.properties");
        try (Reader in = Files.newBufferedReader(file)) {
            table.load(in);
        }
        Map<String, String> serviceOfPrefix = new TreeMap<>();
        table.stringPropertyNames().forEach(service -> {
            for (String prefix : table.getProperty(service).split(",")) {
                serviceOfPrefix.put(prefix.strip(), service);
            }
        });

        List<String> wrong = new ArrayList<>();
        Map<String, Integer> served = new TreeMap<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            String pkg = method.getBeanType().getPackageName();
            if (!pkg.startsWith("io.emporium.") || pkg.startsWith("io.emporium.launcher") || pkg.startsWith("io.emporium.storefront")) {
                return; // the platform's own routes (admin API, errors) and the pages: routed by rule
            }
            String service = pkg.substring("io.emporium.".length()).split("\\.")[0];
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/") || pattern.matches("/api/[^/]+/internal(/.*)?")) {
                    continue;
                }
                String prefix = serviceOfPrefix.keySet().stream()
                        .filter(p -> pattern.equals(p) || pattern.startsWith(p + "/")).findFirst().orElse(null);
                if (prefix == null || !serviceOfPrefix.get(prefix).equals(service)) {
                    wrong.add(pattern + " of " + service + " goes to " + (prefix == null ? "nothing" : serviceOfPrefix.get(prefix)));
                } else {
                    served.merge(prefix, 1, Integer::sum);
                }
            }
        });
        assertThat(wrong).as("public routes the gateway would send elsewhere").isEmpty();
        assertThat(served.keySet()).as("prefixes in the table that no service serves")
                .containsExactlyInAnyOrderElementsOf(serviceOfPrefix.keySet());
    }
}
