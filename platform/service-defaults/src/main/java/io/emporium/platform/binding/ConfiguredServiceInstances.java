package io.emporium.platform.binding;

import java.net.URI;
import java.util.Optional;
import org.springframework.core.env.Environment;

/** One fixed instance per service: {@code emporium.remote.<service>.url}. */
public class ConfiguredServiceInstances implements ServiceInstances {

    private final Environment environment;

    public ConfiguredServiceInstances(Environment environment) {
        this.environment = environment;
    }

    public static String property(String service) {
        return "emporium.remote." + service + ".url";
    }

    /** The configured URL of {@code service}, if any. */
    public Optional<URI> configured(String service) {
        String url = environment.getProperty(property(service));
        return url == null || url.isBlank() ? Optional.empty() : Optional.of(URI.create(url.trim()));
    }

    @Override
    public URI pick(String service) {
        return configured(service).orElseThrow(() -> new io.emporium.platform.problem.ServiceUnavailableException(
                "service-unavailable", "service " + service + " does not run in this process and has no address"));
    }

    @Override
    public void requireFindable(String service) {
        if (configured(service).isEmpty()) {
            throw new IllegalStateException("service '" + service + "' does not run in this process and " + property(service)
                    + " is not set: run it here (emporium.services) or tell this process where it is");
        }
    }
}
