package io.emporium.launcher;

import io.emporium.launcher.demo.DemoData;
import io.emporium.launcher.demo.DemoSeeding;
import io.emporium.launcher.infra.EmbeddedPostgres;
import io.emporium.launcher.infra.SecretFile;
import io.emporium.platform.service.ServiceSelection;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Seeds the demo data (when asked and not done yet) and tells the user where the platform is. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger("emporium");

    private final DemoSeeding demo;
    private final Environment environment;
    private final boolean demoEnabled;

    StartupReport(DemoSeeding demo, Environment environment, @Value("${emporium.demo.enabled:true}") boolean demoEnabled) {
        this.demo = demo;
        this.environment = environment;
        this.demoEnabled = demoEnabled;
    }

    /**
     * DATA/runtime.properties tells tools (the benchmark, the system tests) where this running
     * platform and its database are; it holds the embedded database's password, so only its owner
     * may read it.
     */
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
        event.getApplicationContext().getBeanProvider(EmbeddedPostgres.class)
                .ifAvailable(postgres -> info.setProperty("jdbc.password", postgres.password()));
        try {
            StringWriter text = new StringWriter();
            info.store(text, "written at start-up by the running platform; read by tools/bench");
            SecretFile.write(file, text.toString());
            file.toFile().deleteOnExit();
        } catch (IOException e) {
            log.warn("cannot write {}: {}", file, e.getMessage());
        }
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        ServiceSelection services = ServiceSelection.from(environment);
        boolean demoAccounts = demoEnabled && demo.run(services.names());
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : -1;
        String url = "http://localhost:" + port;
        writeRuntimeInfo(event, url);
        StringBuilder banner = new StringBuilder()
                .append("\n\n  Emporium is ready at ").append(url).append("   (services: ").append(services).append(")\n")
                .append("  API docs      ").append(url).append("/swagger-ui.html\n")
                .append("  Health        ").append(url).append("/actuator/health\n");
        if (demoAccounts) {
            banner.append("  Demo accounts (password ").append(DemoData.PASSWORD).append("):\n")
                    .append("    customers   alice@demo.emporium, bob@demo.emporium\n")
                    .append("    merchants   merchant1@demo.emporium, merchant2@demo.emporium, merchant3@demo.emporium\n")
                    .append("    admin       admin@demo.emporium\n");
        }
        banner.append("  Stop with Ctrl-C.\n");
        log.info(banner.toString());
    }
}
