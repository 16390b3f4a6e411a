package io.emporium.platform.service;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.env.Environment;

/**
 * Which services this process runs, from {@code emporium.services} (a comma-separated list;
 * empty or absent means all of them). An unknown name stops start-up with a clear message.
 */
public final class ServiceSelection {

    public static final String PROPERTY = "emporium.services";

    /** Every service this build knows, in start order. */
    public static final List<String> KNOWN = List.of("identity", "inventory", "catalog", "cart", "promotion", "payment", "order",
            "storefront");

    private final Set<String> selected;

    private ServiceSelection(Set<String> selected) {
        this.selected = selected;
    }

    public static ServiceSelection from(Environment environment) {
        return parse(environment.getProperty(PROPERTY, ""));
    }

    public static ServiceSelection parse(String value) {
        Set<String> names = Arrays.stream(value.split(","))
                .map(String::trim).map(String::toLowerCase).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (names.isEmpty() || names.equals(Set.of("all"))) {
            return new ServiceSelection(new LinkedHashSet<>(KNOWN));
        }
        List<String> unknown = names.stream().filter(n -> !KNOWN.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new UnknownServiceException("unknown service" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; known services are " + String.join(", ", KNOWN));
        }
        return new ServiceSelection(names);
    }

    public boolean runs(String service) {
        return selected.contains(service);
    }

    public Set<String> names() {
        return Set.copyOf(selected);
    }

    @Override
    public String toString() {
        return String.join(",", selected);
    }

    public static final class UnknownServiceException extends IllegalArgumentException {
        public UnknownServiceException(String message) {
            super(message);
        }
    }
}
