package io.emporium.platform.openapi;

import io.emporium.kernel.PostalAddress;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Describes the kernel's {@link PostalAddress} from the rules its constructor checks (the kernel
 * carries no annotations): lengths, shapes, which fields are required and which may be null.
 */
public class PostalAddressSchema implements ModelConverter {

    public static final String NAME = "PostalAddress";

    static Schema<?> definition() {
        Schema<?> address = new ObjectSchema()
                .description("A postal address. Fields are trimmed; a blank line2 or region is null. Free text holds no"
                        + " control characters.")
                .addProperty("name", text(PostalAddress.NAME_MAX))
                .addProperty("phone", new StringSchema().minLength(1).pattern(PostalAddress.PHONE))
                .addProperty("line1", text(PostalAddress.LINE_MAX))
                .addProperty("line2", text(PostalAddress.LINE_MAX).nullable(true))
                .addProperty("city", text(PostalAddress.CITY_MAX))
                .addProperty("region", text(PostalAddress.REGION_MAX).nullable(true))
                .addProperty("postalCode", new StringSchema().minLength(1).pattern(PostalAddress.POSTAL_CODE))
                .addProperty("country", new StringSchema().minLength(1).pattern(PostalAddress.COUNTRY)
                        .description("ISO 3166-1 alpha-2, upper case"));
        address.setRequired(List.of("city", "country", "line1", "name", "phone", "postalCode"));
        address.setExample(Map.of("name", "Ada Lovelace", "phone", "+86 138 0000 1234", "line1", "1 Century Avenue",
                "city", "Shanghai", "postalCode", "200120", "country", "CN"));
        return address;
    }

    private static StringSchema text(int max) {
        StringSchema text = new StringSchema();
        text.minLength(0).maxLength(max).pattern(PostalAddress.PRINTABLE);
        return text;
    }

    @Override
    public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        if (type.getType() != null && Json.mapper().constructType(type.getType()).getRawClass() == PostalAddress.class) {
            context.defineModel(NAME, definition());
            return new Schema<>().$ref("#/components/schemas/" + NAME);
        }
        return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
    }
}
