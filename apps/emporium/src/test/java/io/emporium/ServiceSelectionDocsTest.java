package io.emporium;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.emporium.platform.service.DeclaredService;
import io.emporium.platform.service.ServiceSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * The README and the docs name the services where a reader looks for them; these lists must be
 * the services the modules declare ({@code @EmporiumService}), so that adding a service without
 * its docs fails the build.
 */
class ServiceSelectionDocsTest {

    static final Pattern NAME = Pattern.compile("`([a-z]+)`");

    static List<DeclaredService> services;
    static List<String> names;
    static Path root;

    @BeforeAll
    static void discover() {
        services = DeclaredService.discover(ServiceSelectionDocsTest.class.getClassLoader());
        names = services.stream().map(DeclaredService::name).toList();
        root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("docs/architecture.md"))) {
            root = root.getParent();
        }
    }

    static String read(String file) throws IOException {
        return Files.readString(root.resolve(file));
    }

    /** The lines of the markdown table in {@code text} whose header row starts with {@code header}, without header and rule. */
    static List<List<String>> table(String text, String header) {
        List<List<String>> rows = new ArrayList<>();
        boolean in = false;
        for (String line : text.lines().toList()) {
            if (line.startsWith(header)) {
                in = true;
            } else if (in && line.startsWith("|---")) {
                continue;
            } else if (in && line.startsWith("|")) {
                rows.add(List.of(line.substring(1, line.length() - 1).split("\\|")).stream().map(String::trim).toList());
            } else if (in) {
                break;
            }
        }
        assertThat(rows).as("table " + header).isNotEmpty();
        return rows;
    }

    static List<String> backticked(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void the_readme_lists_every_service_for_dash_dash_services_in_start_order() throws IOException {
        String row = read("README.md").lines().filter(l -> l.startsWith("| `--services")).findFirst().orElseThrow();
        Matcher list = Pattern.compile("a subset of `([a-z,]+)`").matcher(row);
        assertThat(list.find()).as(row).isTrue();
        assertThat(List.of(list.group(1).split(","))).isEqualTo(names);
        assertThat(names).isEqualTo(ServiceSelection.known(getClass().getClassLoader()));
    }

    @Test
    void the_readme_module_list_has_every_service() throws IOException {
        List<String> lines = read("README.md").lines().toList();
        for (String name : names) {
            assertThat(lines).as("README module list").anyMatch(l -> l.matches("(services|apps)/" + name + "\\s.*"));
        }
    }

    @Test
    void operations_lists_every_service_a_process_runs_by_default() throws IOException {
        String text = read("docs/operations.md");
        int start = text.indexOf("- every service selected by `emporium.services`");
        String bullet = text.substring(start, text.indexOf("\n- ", start + 1));
        assertThat(backticked(bullet.substring(bullet.indexOf("default all of")))).isEqualTo(names);
    }

    /**
     * A process needs {@code emporium.remote.<t>.url} for each service t whose API interface (the
     * one bound to an HTTP client when t runs elsewhere) its code calls.
     */
    @Test
    void operations_says_which_remote_urls_each_service_needs() throws IOException {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.emporium");
        Map<String, Set<String>> calls = new TreeMap<>();
        for (DeclaredService service : services) {
            Set<String> called = new TreeSet<>();
            for (JavaClass c : classes) {
                if (!c.getPackageName().startsWith(service.basePackage() + ".")) {
                    continue;
                }
                c.getDirectDependenciesFromSelf().forEach(d -> services.stream()
                        .filter(other -> !other.equals(service)
                                && d.getTargetClass().getPackageName().equals(other.basePackage() + ".api")
                                && d.getTargetClass().isInterface() && d.getTargetClass().isAnnotatedWith(HttpExchange.class))
                        .forEach(other -> called.add(other.name())));
            }
            calls.put(service.name(), called);
        }
        Map<String, Set<String>> documented = new TreeMap<>();
        for (List<String> row : table(read("docs/operations.md"), "| process runs |")) {
            List<String> service = backticked(row.get(0));
            assertThat(service).as(row.toString()).hasSize(1);
            documented.put(service.getFirst(), new TreeSet<>(backticked(row.get(1))));
        }
        assertThat(documented).isEqualTo(calls);
    }

    @Test
    void architecture_lists_every_service_module_and_schema() throws IOException {
        String text = read("docs/architecture.md");
        String modules = String.join("\n", table(text, "| module | package |").stream().map(r -> r.get(0)).toList());
        for (String name : names) {
            assertThat(modules).as("module table").containsPattern("`([a-z]+/)?" + name + "`");
        }
        Set<String> schemas = new TreeSet<>();
        table(text, "| schema | tables |").forEach(row -> schemas.addAll(backticked(row.get(0))));
        Set<String> declared = new TreeSet<>(services.stream().map(DeclaredService::schema).filter(s -> !s.isEmpty()).toList());
        declared.add("launcher");
        assertThat(schemas).isEqualTo(declared);
    }

    @Test
    void each_declared_schema_has_its_migrations() {
        services.stream().map(DeclaredService::schema).filter(s -> !s.isEmpty()).forEach(schema ->
                assertThat(getClass().getClassLoader().getResource("db/migration/" + schema)).as(schema).isNotNull());
    }
}
