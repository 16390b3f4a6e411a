package io.emporium;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.emporium.platform.service.DeclaredService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the architecture, as a test that fails the build. The services are the
 * ones declared on the classpath ({@code @EmporiumService}), never a list kept here.
 *
 * <p>No rule is frozen: the code keeps every one of them.
 */
class ArchitectureTest {

    static List<DeclaredService> services;
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        services = DeclaredService.discover(ArchitectureTest.class.getClassLoader());
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.emporium");
    }

    /** The declared service that {@code c} belongs to, if any. */
    static Optional<DeclaredService> serviceOf(JavaClass c) {
        return services.stream().filter(s -> inPackage(c, s.basePackage())).findFirst();
    }

    static boolean inPackage(JavaClass c, String pkg) {
        return c.getPackageName().equals(pkg) || c.getPackageName().startsWith(pkg + ".");
    }

    static boolean isApi(JavaClass c, DeclaredService s) {
        return inPackage(c, s.basePackage() + ".api");
    }

    @Test
    void the_services_are_declared_and_every_service_package_belongs_to_a_declared_one() {
        assertThat(services).extracting(DeclaredService::name).contains("identity", "catalog", "order", "promotion", "storefront");
        Set<String> undeclared = classes.stream()
                .filter(c -> c.getPackageName().matches("io\\.emporium\\.[a-z]+\\.(api|domain|application|infrastructure)(\\..*)?"))
                .filter(c -> serviceOf(c).isEmpty())
                .map(c -> c.getPackageName().split("\\.")[2]).collect(Collectors.toCollection(TreeSet::new));
        assertThat(undeclared).as("packages shaped like a service with no @EmporiumService declaration").isEmpty();
    }

    @Test
    void a_service_uses_only_the_api_package_of_another_service() {
        noClasses().should(new ArchCondition<JavaClass>("depend on another service's non-api packages") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                Optional<DeclaredService> own = serviceOf(item);
                if (own.isEmpty()) {
                    return;
                }
                item.getDirectDependenciesFromSelf().forEach(dependency -> serviceOf(dependency.getTargetClass())
                        .filter(other -> !other.equals(own.get()) && !isApi(dependency.getTargetClass(), other))
                        .ifPresent(other -> events.add(SimpleConditionEvent.satisfied(dependency, dependency.getDescription()))));
            }
        }).check(classes);
    }

    /** {@code uses} of each declaration is the truth: no undeclared use, no stale declaration. */
    @Test
    void a_service_uses_exactly_the_services_it_declares() {
        Map<String, Set<String>> actual = new TreeMap<>();
        Map<String, Set<String>> declared = new TreeMap<>();
        for (DeclaredService service : services) {
            actual.put(service.name(), new TreeSet<>());
            declared.put(service.name(), new TreeSet<>(service.uses()));
        }
        classes.forEach(c -> serviceOf(c).ifPresent(own -> c.getDirectDependenciesFromSelf()
                .forEach(d -> serviceOf(d.getTargetClass()).filter(other -> !other.equals(own))
                        .ifPresent(other -> actual.get(own.name()).add(other.name())))));
        assertThat(actual).as("services each service's code uses (left) against its @EmporiumService(uses)").isEqualTo(declared);
    }

    @Test
    void the_launcher_uses_services_only_through_their_api() {
        noClasses().that().resideInAPackage("io.emporium.launcher..")
                .should().dependOnClassesThat(DescribedPredicate.describe("a service's non-api classes",
                        (JavaClass c) -> serviceOf(c).filter(s -> !isApi(c, s)).isPresent()))
                .check(classes);
    }

    @Test
    void the_kernel_depends_on_nothing_but_the_jdk() {
        classes().that().resideInAPackage("io.emporium.kernel..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.emporium.kernel..", "java..")
                .check(classes);
    }

    /**
     * A service's API is its own records, events and interface over the kernel's value types. The
     * annotations it may carry describe the contract and carry no behaviour: bean validation (the
     * controller checks the published request records), Spring's HTTP-interface annotations (the
     * interface is the HTTP contract both bindings use) and OpenAPI's (the published descriptions).
     * Another service's API is not allowed: a caller would compile against a third service. Each API
     * is a Maven module of its own ({@code services/<name>-api}) whose POM names only these, so the
     * compiler refuses the same; this rule says why when it does.
     */
    @Test
    void api_packages_depend_only_on_the_kernel_and_contract_annotations() {
        noClasses().should(use("classes outside their own api, the kernel, the JDK and contract annotations",
                (origin, target) -> {
                    Optional<DeclaredService> own = serviceOf(origin).filter(s -> isApi(origin, s));
                    if (own.isEmpty()) {
                        return false;
                    }
                    String pkg = target.getBaseComponentType().getPackageName();
                    return !(target.getBaseComponentType().isPrimitive() || isApi(target.getBaseComponentType(), own.get())
                            || pkg.startsWith("io.emporium.kernel") || pkg.startsWith("java.")
                            || pkg.startsWith("jakarta.validation")
                            || pkg.startsWith("org.springframework.web.bind.annotation")
                            || pkg.startsWith("org.springframework.web.service.annotation")
                            || pkg.startsWith("io.swagger.v3.oas.annotations"));
                })).as("a service's api package depends only on its own api, the kernel, the JDK and contract annotations")
                .check(classes);
    }

    /**
     * A POST operation of a service API says whether the HTTP binding may send it again after its answer was
     * lost ({@code @Idempotent}); the few that may not are named here, so a new POST is a decision, not a default.
     */
    @Test
    void every_post_operation_of_a_service_api_says_whether_it_may_be_sent_again() {
        Set<String> notIdempotent = Set.of("InventoryApi.receive");
        Set<String> undecided = new TreeSet<>();
        Set<String> seen = new TreeSet<>();
        for (JavaClass api : classes) {
            if (!api.isInterface() || !api.isAnnotatedWith(org.springframework.web.service.annotation.HttpExchange.class)
                    || serviceOf(api).filter(s -> isApi(api, s)).isEmpty()) {
                continue;
            }
            for (var method : api.getMethods()) {
                if (method.isAnnotatedWith(org.springframework.web.service.annotation.PostExchange.class)) {
                    String name = api.getSimpleName() + "." + method.getName();
                    seen.add(name);
                    if (!method.isAnnotatedWith(io.emporium.kernel.Idempotent.class) && !notIdempotent.contains(name)) {
                        undecided.add(name);
                    }
                }
            }
        }
        assertThat(seen).as("the rule sees the POST operations").containsAll(notIdempotent).hasSizeGreaterThan(5);
        assertThat(undecided).as("POST operations neither @Idempotent nor named as not").isEmpty();
    }

    /**
     * Each service's {@code api} classes are compiled in a module of their own ({@code services/<name>-api}):
     * a caller's POM names that module, so the compiler refuses a reach into the service itself.
     */
    @Test
    void every_service_publishes_its_api_from_a_module_of_its_own() {
        Map<String, Set<String>> shared = new TreeMap<>();
        for (DeclaredService service : services) {
            Set<String> apiRoots = classes.stream().filter(c -> isApi(c, service)).map(ArchitectureTest::classpathRoot)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> implementationRoots = classes.stream().filter(c -> serviceOf(c).filter(service::equals).isPresent())
                    .filter(c -> !isApi(c, service)).map(ArchitectureTest::classpathRoot).collect(Collectors.toCollection(TreeSet::new));
            apiRoots.retainAll(implementationRoots);
            if (!apiRoots.isEmpty()) {
                shared.put(service.name(), apiRoots);
            }
        }
        assertThat(shared).as("services whose api classes are compiled with their implementation").isEmpty();
    }

    /** The jar or class directory a class was loaded from. */
    static String classpathRoot(JavaClass c) {
        String uri = c.getSource().orElseThrow().getUri().toString();
        String relative = c.getName().replace('.', '/') + ".class";
        return uri.endsWith(relative) ? uri.substring(0, uri.length() - relative.length()) : uri;
    }

    /** Use cases talk to their storage through ports (interfaces in application), not to their JDBC classes. */
    @Test
    void application_code_depends_on_ports_not_on_its_own_infrastructure() {
        noClasses().should(use("their own service's infrastructure classes",
                (origin, target) -> serviceOf(origin).filter(s -> inPackage(origin, s.basePackage() + ".application"))
                        .filter(s -> inPackage(target, s.basePackage() + ".infrastructure")).isPresent()))
                .as("application code depends on ports, not on its own service's infrastructure")
                .check(classes);
    }

    @Test
    void domain_code_knows_nothing_of_the_web_or_the_database() {
        noClasses().that().resideInAPackage("io.emporium.*.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.jdbc..",
                        "io.emporium.*.web..", "io.emporium.*.infrastructure..", "jakarta.servlet..")
                .check(classes);
    }

    /**
     * {@code io.emporium.platform.problem}'s exceptions carry an HTTP status ({@code ProblemException.status()}):
     * a domain exception is the kernel's ({@code RuleViolation}, {@code StateConflict}, {@code UnknownEntity}),
     * mapped to its status at the edge in one table ({@code DomainProblems}).
     */
    @Test
    void domain_code_throws_no_http_status_exceptions() {
        noClasses().should(use("HTTP-status exceptions or Spring's HTTP types",
                (origin, target) -> serviceOf(origin).filter(s -> inPackage(origin, s.basePackage() + ".domain")).isPresent()
                        && (inPackage(target, "io.emporium.platform.problem") || inPackage(target, "org.springframework.http"))))
                .as("domain code throws no HTTP-status exceptions")
                .check(classes);
    }

    /** In one JVM the API is bound to the controller; it must not join the caller's transaction (one service, one transaction). */
    @Test
    void local_api_bindings_suspend_the_callers_transaction() {
        classes().that().resideInAPackage("io.emporium.*.web")
                .and(DescribedPredicate.describe("implement a service API", (JavaClass c) -> c.getAllRawInterfaces().stream()
                        .anyMatch(i -> serviceOf(i).filter(s -> isApi(i, s)).isPresent())))
                .should(new ArchCondition<JavaClass>("be @Transactional(propagation = NOT_SUPPORTED)") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        var tx = item.tryGetAnnotationOfType(org.springframework.transaction.annotation.Transactional.class);
                        if (tx.isEmpty() || tx.get().propagation()
                                != org.springframework.transaction.annotation.Propagation.NOT_SUPPORTED) {
                            events.add(SimpleConditionEvent.violated(item, item.getName() + " may join its caller's transaction"));
                        }
                    }
                })
                .check(classes);
    }

    @Test
    void services_do_not_depend_on_each_other_in_cycles() {
        slices().matching("io.emporium.(*)..").should().beFreeOfCycles().check(classes);
    }

    /** One violation per pair of classes ("A uses B"), not per call or line: the report names each pair once. */
    private static ArchCondition<JavaClass> use(String what, java.util.function.BiPredicate<JavaClass, JavaClass> forbidden) {
        return new ArchCondition<>("use " + what) {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                item.getDirectDependenciesFromSelf().stream().map(d -> d.getTargetClass())
                        .filter(target -> forbidden.test(item, target)).map(JavaClass::getName).distinct().sorted()
                        .forEach(target -> events.add(SimpleConditionEvent.satisfied(item, item.getName() + " uses " + target)));
            }
        };
    }
}
