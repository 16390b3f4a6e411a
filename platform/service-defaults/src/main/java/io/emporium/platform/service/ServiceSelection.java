package io.emporium.platform.service;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.env.Environment;

/**
 * Which services this process runs, from {@code emporium.services} (a comma-separated list;
 * empty or absent means all of them). The services that exist are those declared on the
 * classpath ({@link DeclaredService#discover}); an unknown name stops start-up with a clear message.
 */
public final class ServiceSelection {

    public static final String PROPERTY = "emporium.services";

    private final Set<String> selected;

    private ServiceSelection(Set<String> selected) {
        this.selected = selected;
    }

    public static ServiceSelection from(Environment environment) {
        return from(environment, null);
    }

    public static ServiceSelection from(Environment environment, ClassLoader classLoader) {
        return parse(environment.getProperty(PROPERTY, ""), known(classLoader));
    }

    /** Every service declared on {@code classLoader}'s classpath, in start order. */
    public static List<String> known(ClassLoader classLoader) {
        return List.copyOf(DeclaredService.names(DeclaredService.discover(classLoader)));
    }

    /** {@code value} against the services {@code known} (in start order). */
    public static ServiceSelection parse(String value, List<String> known) {
        Set<String> names = Arrays.stream(value.split(","))
                .map(String::trim).map(String::toLowerCase).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (names.isEmpty() || names.equals(Set.of("all"))) {
            return new ServiceSelection(new LinkedHashSet<>(known));
        }
        List<String> unknown = names.stream().filter(n -> !known.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new UnknownServiceException("unknown service" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; known services are " + String.join(", ", known));
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
