package io.emporium.promotion.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.promotion.api.CouponView;
import io.emporium.promotion.api.FlashSaleView;
import io.emporium.promotion.api.PriceScheduleView;
import io.emporium.promotion.api.ThresholdDiscountView;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The states are spelled once, by the enums: the SQL binds their names, so the schema's CHECK
 * constraints and the published views' documented values must list exactly those names.
 */
class StatesMatchSchemaTest {

    private static String schema() throws IOException {
        try (InputStream in = StatesMatchSchemaTest.class.getResourceAsStream("/db/migration/promotion/V1__promotions.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The values the table's {@code status} CHECK allows. */
    private static List<String> checked(String table) throws IOException {
        Matcher matcher = Pattern.compile("CREATE TABLE " + table + " \\((.*?)\\n\\);", Pattern.DOTALL).matcher(schema());
        assertThat(matcher.find()).as("table " + table).isTrue();
        Matcher check = Pattern.compile("status\\s+text NOT NULL CHECK \\(status IN \\(([^)]*)\\)\\)").matcher(matcher.group(1));
        assertThat(check.find()).as("status check of " + table).isTrue();
        return Arrays.stream(check.group(1).split(",")).map(v -> v.trim().replace("'", "")).toList();
    }

    private static List<String> names(Class<? extends Enum<?>> states) {
        return Arrays.stream(states.getEnumConstants()).map(Enum::name).toList();
    }

    private static List<String> documented(Class<?> view, String component) throws NoSuchMethodException {
        return List.of(view.getMethod(component).getAnnotation(Schema.class).allowableValues());
    }

    @Test
    void every_status_column_allows_exactly_its_enum_names() throws IOException {
        assertThat(checked("coupon")).containsExactlyElementsOf(names(Coupon.State.class));
        assertThat(checked("pricing_hold")).containsExactlyElementsOf(names(PricingHold.State.class));
        assertThat(checked("flash_sale")).containsExactlyElementsOf(names(FlashSale.State.class));
        assertThat(checked("flash_claim")).containsExactlyElementsOf(names(FlashClaim.State.class));
        assertThat(checked("price_schedule")).containsExactlyElementsOf(names(PriceSchedule.State.class));
        assertThat(checked("threshold_discount")).containsExactlyElementsOf(names(ThresholdDiscount.State.class));
    }

    @Test
    void the_published_views_document_the_enum_names() throws NoSuchMethodException {
        assertThat(documented(CouponView.class, "status")).containsExactlyElementsOf(names(Coupon.State.class));
        assertThat(documented(FlashSaleView.class, "status")).containsExactlyElementsOf(names(FlashSale.State.class));
        assertThat(documented(FlashSaleView.class, "state")).containsExactlyElementsOf(names(FlashSale.Phase.class));
        assertThat(documented(PriceScheduleView.class, "status")).containsExactlyElementsOf(names(PriceSchedule.State.class));
        assertThat(documented(ThresholdDiscountView.class, "status"))
                .containsExactlyElementsOf(names(ThresholdDiscount.State.class));
    }
}
