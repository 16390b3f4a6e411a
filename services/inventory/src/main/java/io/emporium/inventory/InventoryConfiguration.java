package io.emporium.inventory;

import io.emporium.coordination.Fence;
import io.emporium.platform.persistence.ServiceSchema;
import io.emporium.platform.service.EmporiumService;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The inventory service: registered only when this process runs it. */
@Configuration(proxyBeanMethods = false)
@EmporiumService(name = "inventory", schema = "inventory")
@ComponentScan
public class InventoryConfiguration {

    @Bean
    ServiceSchema inventorySchema(DataSource dataSource) {
        return ServiceSchema.migrate(dataSource, "inventory", Fence.MIGRATIONS);
    }
}
