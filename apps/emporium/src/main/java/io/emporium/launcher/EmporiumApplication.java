package io.emporium.launcher;

import io.emporium.coordination.CoordinationConfiguration;
import io.emporium.messaging.MessagingConfiguration;
import io.emporium.platform.PlatformConfiguration;
import io.emporium.platform.service.ServiceConfigurations;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Starts Emporium: the platform defaults, embedded or external infrastructure, and whichever
 * services {@code emporium.services} selects (all by default). Each service declares itself in its
 * own module ({@code @EmporiumService} on its configuration, listed in its
 * {@code META-INF/spring/io.emporium.platform.service.EmporiumService.imports});
 * {@link ServiceConfigurations} imports every declared one, and each registers itself only when
 * the service runs here. The launcher's POM names the service modules: that is all it knows of them.
 */
@SpringBootApplication
@EnableScheduling
@Import({PlatformConfiguration.class, CoordinationConfiguration.class, MessagingConfiguration.class,
        ServiceConfigurations.class})
public class EmporiumApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(EmporiumApplication.class);
        application.addListeners(new LaunchPreparation());
        application.run(args);
    }
}
