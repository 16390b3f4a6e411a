package io.emporium.platform.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.util.ClassUtils;

/**
 * A service as its module declares it ({@link EmporiumService} on the class named in its
 * {@code META-INF/spring/io.emporium.platform.service.EmporiumService.imports}).
 *
 * @param configuration the configuration class name; its package is the service's package
 */
public record DeclaredService(String name, String schema, List<String> uses, String configuration) {

    private static final Map<ClassLoader, List<DeclaredService>> DISCOVERED = new ConcurrentHashMap<>();

    public DeclaredService {
        uses = List.copyOf(uses);
    }

    /** {@code io.emporium.<name>}: where its code lives (api, domain, application, infrastructure, web). */
    public String basePackage() {
        return ClassUtils.getPackageName(configuration);
    }

    /**
     * Every service on {@code classLoader}'s classpath, each after the services it uses (ties by
     * name; a used service that only publishes its API here runs elsewhere). Refuses a declaration that
     * names an unknown service, a service declared twice, and a
     * cycle of uses: each would make {@code --services} or the start order ambiguous.
     */
    public static List<DeclaredService> discover(ClassLoader classLoader) {
        ClassLoader loader = classLoader != null ? classLoader : ClassUtils.getDefaultClassLoader();
        return DISCOVERED.computeIfAbsent(loader, DeclaredService::load);
    }

    private static List<DeclaredService> load(ClassLoader loader) {
        Map<String, DeclaredService> byName = new TreeMap<>();
        for (String configuration : new LinkedHashSet<>(ImportCandidates.load(EmporiumService.class, loader).getCandidates())) {
            Class<?> type = ClassUtils.resolveClassName(configuration, loader);
            EmporiumService declaration = type.getAnnotation(EmporiumService.class);
            if (declaration == null) {
                throw new IllegalStateException(configuration + " is listed as a service but is not annotated @EmporiumService");
            }
            DeclaredService service = new DeclaredService(declaration.name(), declaration.schema(), List.of(declaration.uses()),
                    configuration);
            if (!service.basePackage().equals("io.emporium." + service.name())) {
                throw new IllegalStateException("service " + service.name() + " must be declared in package io.emporium."
                        + service.name() + ", not " + service.basePackage());
            }
            DeclaredService earlier = byName.put(service.name(), service);
            if (earlier != null) {
                throw new IllegalStateException("service " + service.name() + " is declared twice: by " + earlier.configuration()
                        + " and by " + configuration);
            }
        }
        return inStartOrder(byName, loader);
    }

    /**
     * A used service must be declared here, or have its published API here ({@code io.emporium.<name>.api},
     * its {@code -api} module): then it runs elsewhere, as in a component test that boots one service with
     * its neighbours stubbed. A name that is neither is a mistake in the declaration.
     */
    private static List<DeclaredService> inStartOrder(Map<String, DeclaredService> byName, ClassLoader loader) {
        for (DeclaredService service : byName.values()) {
            for (String used : service.uses()) {
                if (!byName.containsKey(used) && loader.getResource("io/emporium/" + used + "/api/") == null) {
                    throw new IllegalStateException("service " + service.name() + " uses " + used
                            + ", which no module on the classpath declares or publishes the API of");
                }
            }
        }
        List<DeclaredService> ordered = new ArrayList<>();
        Map<String, DeclaredService> waiting = new LinkedHashMap<>(byName);
        while (!waiting.isEmpty()) {
            List<DeclaredService> ready = waiting.values().stream()
                    .filter(s -> ordered.stream().map(DeclaredService::name).toList()
                            .containsAll(s.uses().stream().filter(byName::containsKey).toList()))
                    .sorted(Comparator.comparing(DeclaredService::name)).toList();
            if (ready.isEmpty()) {
                throw new IllegalStateException("services use each other in a cycle: " + String.join(", ", waiting.keySet()));
            }
            // one at a time, so that a service starts as soon as what it uses has started
            ordered.add(ready.getFirst());
            waiting.remove(ready.getFirst().name());
        }
        return List.copyOf(ordered);
    }

    static Set<String> names(List<DeclaredService> services) {
        return services.stream().map(DeclaredService::name).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
    }
}
