package io.emporium.launcher;

import io.emporium.launcher.demo.DemoData;
import io.emporium.platform.service.ServiceSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Seeds the demo data (when asked and possible) and tells the user where the platform is. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger("emporium");

    private final ObjectProvider<DemoData> demo;
    private final ObjectProvider<io.emporium.launcher.demo.DemoPromotions> promotions;
    private final Environment environment;
    private final boolean demoEnabled;

    StartupReport(ObjectProvider<DemoData> demo, ObjectProvider<io.emporium.launcher.demo.DemoPromotions> promotions,
            Environment environment, @Value("${emporium.demo.enabled:true}") boolean demoEnabled) {
        this.demo = demo;
        this.promotions = promotions;
        this.environment = environment;
        this.demoEnabled = demoEnabled;
    }

    /** DATA/runtime.properties tells tools (the benchmark) where this running platform and its database are. */
    private void writeRuntimeInfo(ApplicationReadyEvent event, String url) {
        Path file = Path.of(environment.getProperty("emporium.data-dir", "data")).toAbsolutePath().normalize()
                .resolve("runtime.properties");
        Properties info = new Properties();
        info.setProperty("http.url", url);
        info.setProperty("services", ServiceSelection.from(environment).toString());
        event.getApplicationContext().getBeanProvider(io.emporium.coordination.ZooKeeperEndpoint.class)
                .ifAvailable(zk -> info.setProperty("zookeeper.connect", zk.connectString()));
        event.getApplicationContext().getBeanProvider(DataSource.class).ifAvailable(ds -> {
            try (var connection = ds.getConnection()) {
                info.setProperty("jdbc.url", connection.getMetaData().getURL());
                info.setProperty("jdbc.user", connection.getMetaData().getUserName());
            } catch (SQLException e) {
                log.warn("cannot read the database URL for {}: {}", file, e.getMessage());
            }
        });
        try (var out = Files.newBufferedWriter(file)) {
            info.store(out, "written at start-up by the running platform; read by tools/bench");
            file.toFile().deleteOnExit();
        } catch (IOException e) {
            log.warn("cannot write {}: {}", file, e.getMessage());
        }
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        ServiceSelection services = ServiceSelection.from(environment);
        boolean seeded = false;
        if (demoEnabled) {
            if (services.names().containsAll(Set.of("identity", "catalog", "inventory"))) {
                log.info("Seeding demo data (first start only; later starts find it there)");
                DemoData.Summary summary = demo.getObject().seed();
                log.info("Demo data ready: {} merchants, {} categories, {} products, {} SKUs, {} accounts",
                        summary.merchants(), summary.categories(), summary.products(), summary.skus(), summary.accounts());
                seeded = true;
                if (services.names().contains("promotion")) {
                    log.info("Seeding demo promotions: coupons, a spend-more discount, a limited-time price, flash sales");
                    int made = promotions.getObject().seed(summary.skuIds());
                    log.info("Demo promotions ready ({} in place)", made);
                }
            } else {
                log.info("Demo data skipped: it needs identity, catalog and inventory in this process");
            }
        }
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : -1;
        String url = "http://localhost:" + port;
        writeRuntimeInfo(event, url);
        StringBuilder banner = new StringBuilder()
                .append("\n\n  Emporium is ready at ").append(url).append("   (services: ").append(services).append(")\n")
                .append("  API docs      ").append(url).append("/swagger-ui.html\n")
                .append("  Health        ").append(url).append("/actuator/health\n");
        if (seeded) {
            banner.append("  Demo accounts (password ").append(DemoData.PASSWORD).append("):\n")
                    .append("    customers   alice@demo.emporium, bob@demo.emporium\n")
                    .append("    merchants   merchant1@demo.emporium, merchant2@demo.emporium, merchant3@demo.emporium\n")
                    .append("    admin       admin@demo.emporium\n");
        }
        banner.append("  Stop with Ctrl-C.\n");
        log.info(banner.toString());
    }
}
