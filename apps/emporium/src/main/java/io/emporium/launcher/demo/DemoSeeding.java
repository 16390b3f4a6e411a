package io.emporium.launcher.demo;

import io.emporium.platform.persistence.ServiceSchema;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives a data directory its demo content once. A marker per part (the marketplace, the
 * promotions) in the launcher's own schema records that it was seeded; a later start finds the
 * marker and leaves everything as users left it. A part whose seeding was interrupted is finished
 * at the next start (its steps are idempotent). A directory seeded by an earlier version, which
 * kept no marker, is recognised by the demo admin's account being older than this start.
 *
 * <p>The only demo content renewed at later starts is the pair of daily flash sales
 * ({@link DemoPromotions#refreshFlashSales}), found by the SKU ids recorded at seeding, never by
 * name. No seeding problem stops the platform: it is logged, and the platform runs without that
 * part of the demo.
 */
@Component
public class DemoSeeding {

    private static final Logger log = LoggerFactory.getLogger("emporium");
    private static final String MARKETPLACE = "marketplace";
    private static final String PROMOTIONS = "promotions";

    private record Marker(Instant startedAt, Instant completedAt, Map<String, String> skuIds) {
    }

    private final DataSource dataSource;
    private final ObjectProvider<DemoData> demo;
    private final ObjectProvider<DemoPromotions> promotions;
    private final JsonMapper json;
    private final Clock clock;
    private final boolean flashSales;
    private volatile boolean migrated;

    DemoSeeding(DataSource dataSource, ObjectProvider<DemoData> demo, ObjectProvider<DemoPromotions> promotions,
            JsonMapper json, Clock clock, @Value("${emporium.demo.flash-sales:true}") boolean flashSales) {
        this.dataSource = dataSource;
        this.demo = demo;
        this.promotions = promotions;
        this.json = json;
        this.clock = clock;
        this.flashSales = flashSales;
    }

    /** Seeds what this data directory has not had yet; true when the demo accounts are there. Never throws. */
    public boolean run(Set<String> services) {
        if (!services.containsAll(Set.of("identity", "catalog", "inventory"))) {
            log.info("Demo data skipped: it needs identity, catalog and inventory in this process");
            return false;
        }
        Map<String, String> skuIds;
        try {
            skuIds = marketplace();
        } catch (RuntimeException e) {
            log.warn("Demo data could not be seeded ({}); the platform runs without it, and the next start tries again",
                    describe(e));
            return false;
        }
        if (services.contains("promotion")) {
            try {
                promotions(skuIds);
            } catch (RuntimeException e) {
                log.warn("Demo promotions could not be seeded ({}); the platform runs without them", describe(e));
            }
        }
        return true;
    }

    private Map<String, String> marketplace() {
        migrate();
        Instant began = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<Marker> marker = marker(MARKETPLACE);
        if (marker.isPresent() && marker.get().completedAt() != null) {
            log.info("Demo data was seeded on {}; it is not seeded again, so what users changed stays as it is",
                    marker.get().completedAt());
            return marker.get().skuIds();
        }
        if (marker.isEmpty()) {
            if (demo.getObject().adminCreatedAt().isBefore(began)) {
                jdbc().sql("""
                        INSERT INTO launcher.demo_seeding (part, started_at, completed_at, origin)
                        VALUES (:part, :now, :now, 'found') ON CONFLICT (part) DO NOTHING""")
                        .param("part", MARKETPLACE).param("now", Timestamp.from(began)).update();
                log.info("Demo data found, seeded by an earlier run; it is not seeded again");
                return Map.of();
            }
            jdbc().sql("""
                    INSERT INTO launcher.demo_seeding (part, started_at, origin) VALUES (:part, :now, 'seeded')
                    ON CONFLICT (part) DO NOTHING""").param("part", MARKETPLACE).param("now", Timestamp.from(began)).update();
        }
        log.info("Seeding demo data (once for this data directory)");
        DemoData.Summary summary = demo.getObject().seed();
        complete(MARKETPLACE, summary.skuIds());
        log.info("Demo data ready: {} merchants, {} categories, {} products, {} SKUs, {} accounts",
                summary.merchants(), summary.categories(), summary.products(), summary.skus(), summary.accounts());
        return summary.skuIds();
    }

    private void promotions(Map<String, String> skuIds) {
        Optional<Marker> marker = marker(PROMOTIONS);
        if (marker.isEmpty() || marker.get().completedAt() == null) {
            if (marker.isEmpty()) {
                jdbc().sql("""
                        INSERT INTO launcher.demo_seeding (part, started_at, origin) VALUES (:part, :now, 'seeded')
                        ON CONFLICT (part) DO NOTHING""").param("part", PROMOTIONS)
                        .param("now", Timestamp.from(clock.instant())).update();
            }
            log.info("Seeding demo promotions: coupons, a spend-more discount, a limited-time price");
            int made = promotions.getObject().seed(skuIds);
            complete(PROMOTIONS, null);
            log.info("Demo promotions ready ({} in place)", made);
        }
        if (flashSales) {
            int made = promotions.getObject().refreshFlashSales(skuIds);
            log.info("Demo flash sales for today: {} in place", made);
        }
    }

    private void complete(String part, Map<String, String> skuIds) {
        jdbc().sql("""
                UPDATE launcher.demo_seeding SET completed_at = :now, sku_ids = CAST(:skus AS jsonb) WHERE part = :part""")
                .param("now", Timestamp.from(clock.instant())).param("skus", skuIds == null ? null : json.writeValueAsString(skuIds))
                .param("part", part).update();
    }

    private Optional<Marker> marker(String part) {
        return jdbc().sql("SELECT started_at, completed_at, sku_ids::text AS skus FROM launcher.demo_seeding WHERE part = :part")
                .param("part", part)
                .query((rs, n) -> new Marker(rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("completed_at") == null ? null : rs.getTimestamp("completed_at").toInstant(),
                        rs.getString("skus") == null ? Map.of()
                                : json.readValue(rs.getString("skus"), new TypeReference<Map<String, String>>() { })))
                .optional();
    }

    private void migrate() {
        if (!migrated) {
            ServiceSchema.migrate(dataSource, "launcher");
            migrated = true;
        }
    }

    private JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    private static String describe(Throwable e) {
        StringBuilder reasons = new StringBuilder();
        for (Throwable t = e; t != null && reasons.length() < 600; t = t.getCause()) {
            if (!reasons.isEmpty()) {
                reasons.append("; caused by: ");
            }
            reasons.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return reasons.toString();
    }
}
