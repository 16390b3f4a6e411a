package io.emporium.platform.persistence;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's own schema, migrated by Flyway from {@code db/migration/<service>} with its own
 * history table. Services never touch each other's schemas.
 */
public final class ServiceSchema {

    private static final Logger log = LoggerFactory.getLogger(ServiceSchema.class);

    private final String name;

    private ServiceSchema(String name) {
        this.name = name;
    }

    /**
     * Migrates {@code service}'s schema from {@code db/migration/<service>} and any shared
     * locations (such as the messaging module's outbox and inbox tables), all into that schema.
     */
    public static ServiceSchema migrate(DataSource dataSource, String service, String... sharedLocations) {
        String[] locations = new String[sharedLocations.length + 1];
        locations[0] = "classpath:db/migration/" + service;
        System.arraycopy(sharedLocations, 0, locations, 1, sharedLocations.length);
        var result = Flyway.configure()
                .dataSource(dataSource)
                .schemas(service)
                .createSchemas(true)
                .locations(locations)
                // shared locations (outbox, fence) carry low versions and may arrive after a schema exists
                .outOfOrder(true)
                .load()
                .migrate();
        log.info("schema {} is at version {} ({} migration(s) applied now)", service,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
        return new ServiceSchema(service);
    }

    public String name() {
        return name;
    }
}
