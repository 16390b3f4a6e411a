package io.emporium.catalog.api;

import io.emporium.kernel.Money;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** Changes to a SKU; absent fields stay as they are. */
public record SkuChange(Money price, @Size(max = 10) Map<String, String> attributes) {
}
