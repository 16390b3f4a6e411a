package io.emporium.platform.openapi;

import io.emporium.kernel.Money;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.Iterator;
import java.util.List;

/**
 * Describes {@link Money} as it is on the wire ({@code MoneyJsonModule}): {@code {"amount": "12.50",
 * "currency": "CNY"}}, the amount a decimal string and the currency an ISO 4217 code, for every field
 * of every record at once (introspecting the record would describe the Java {@code Currency} bean).
 */
public class MoneySchema implements ModelConverter {

    public static final String NAME = "Money";

    /** A decimal amount, at most 15 integer digits, the currency's scale (CNY 12.50, JPY 1200). */
    public static final String AMOUNT_PATTERN = "^-?[0-9]{1,15}(\\.[0-9]{1,4})?$";

    static Schema<?> definition() {
        Schema<?> money = new ObjectSchema()
                .description("An amount of money in one currency, at the currency's scale; the amount is a string,"
                        + " never a floating-point number")
                .addProperty("amount", new StringSchema().pattern(AMOUNT_PATTERN)
                        .description("a decimal amount at the currency's scale").example("12.50"))
                .addProperty("currency", new StringSchema().pattern("^[A-Z]{3}$").minLength(3).maxLength(3)
                        .description("an ISO 4217 currency code").example("CNY"));
        money.setRequired(List.of("amount", "currency"));
        return money;
    }

    private static boolean nullable(AnnotatedType type) {
        return type.getCtxAnnotations() != null && java.util.Arrays.stream(type.getCtxAnnotations())
                .anyMatch(a -> a instanceof io.swagger.v3.oas.annotations.media.Schema s && s.nullable());
    }

    @Override
    public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        if (type.getType() != null && Json.mapper().constructType(type.getType()).getRawClass() == Money.class) {
            context.defineModel(NAME, definition());
            Schema<?> ref = new Schema<>().$ref("#/components/schemas/" + NAME);
            if (nullable(type)) {
                // OpenAPI 3.0 ignores the siblings of a $ref: a money that may be null is allOf [Money], nullable
                return new Schema<>().allOf(List.of(ref)).nullable(true);
            }
            return ref;
        }
        return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
    }
}
