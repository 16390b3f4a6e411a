package io.emporium;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of ARCHITECTURE.md §7, as a test that fails the build. */
class ArchitectureTest {

    static final List<String> SERVICES = List.of("identity", "inventory", "catalog", "cart", "payment", "order");
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.emporium");
    }

    @Test
    void a_service_uses_only_the_api_package_of_another_service() {
        for (String service : SERVICES) {
            noClasses().that().resideInAPackage("io.emporium." + service + "..")
                    .should(new ArchCondition<JavaClass>("depend on another service's non-api packages") {
                        @Override
                        public void check(JavaClass item, ConditionEvents events) {
                            item.getDirectDependenciesFromSelf().forEach(dependency -> {
                                String target = dependency.getTargetClass().getPackageName();
                                for (String other : SERVICES) {
                                    if (!other.equals(service) && target.startsWith("io.emporium." + other)
                                            && !target.equals("io.emporium." + other + ".api")) {
                                        events.add(SimpleConditionEvent.satisfied(dependency, dependency.getDescription()));
                                    }
                                }
                            });
                        }
                    })
                    .check(classes);
        }
    }

    @Test
    void the_launcher_uses_services_only_through_their_api_and_configuration() {
        for (String service : SERVICES) {
            noClasses().that().resideInAPackage("io.emporium.launcher..")
                    .should().dependOnClassesThat(DescribedPredicate.describe(service + " internals",
                            (JavaClass c) -> c.getPackageName().startsWith("io.emporium." + service + ".")
                                    && !c.getPackageName().equals("io.emporium." + service + ".api")))
                    .check(classes);
        }
    }

    @Test
    void the_kernel_depends_on_nothing_but_the_jdk() {
        classes().that().resideInAPackage("io.emporium.kernel..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.emporium.kernel..", "java..")
                .check(classes);
    }

    @Test
    void api_packages_depend_only_on_the_kernel_and_http_and_validation_annotations() {
        classes().that().resideInAPackage("io.emporium.*.api")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.emporium.*.api", "io.emporium.kernel..",
                        "java..", "jakarta.validation..", "org.springframework.web.bind.annotation..",
                        "org.springframework.web.service.annotation..",
                        // documentation only: the OpenAPI descriptions of the published records
                        "io.swagger.v3.oas.annotations..")
                .check(classes);
    }

    @Test
    void domain_code_knows_nothing_of_the_web_or_the_database() {
        noClasses().that().resideInAPackage("io.emporium.*.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.jdbc..",
                        "io.emporium.*.web..", "io.emporium.*.infrastructure..", "jakarta.servlet..")
                .check(classes);
    }

    /** In one JVM the API is bound to the controller; it must not join the caller's transaction (one service, one transaction). */
    @Test
    void local_api_bindings_suspend_the_callers_transaction() {
        classes().that().resideInAPackage("io.emporium.*.web")
                .and(DescribedPredicate.describe("implement a service API", (JavaClass c) -> c.getAllRawInterfaces().stream()
                        .anyMatch(i -> i.getPackageName().matches("io\\.emporium\\.[a-z]+\\.api"))))
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
}
